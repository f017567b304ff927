// The native provider plugin under the real Pulumi engine: examples/yaml (Pulumi YAML, language
// host built from pulumi-yaml by scripts/build-tools.sh) through up, no-op preview, refresh, an edit
// previewed property by property, `pulumi import` of a customer made outside Pulumi, destroy; then
// Pulumi's own validation of schema.json (`pulumi package gen-sdk`) and the `make plugin` tarball
// installed the way Pulumi installs plugins.
//
// Skips (with a message) when .tools/bin lacks the CLI or the YAML host and CI is unset; with CI
// set, absence fails.
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../backend/src";
import { buildPlugin } from "../../scripts/build-plugin";
import { api, calls, control } from "../support/emulator-api";
import { newStack, pulumiEnv, REPO_ROOT, removeDir, requirePulumiOrSkip, runPulumi, runPulumiOk, TOOLS_BIN, type CliStack } from "../support/pulumi";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const EXAMPLE = path.join(REPO_ROOT, "examples", "yaml", "Pulumi.yaml");
const SCHEMA = path.join(REPO_ROOT, "schema.json");
const fastTiming = { customers: { mode: "delay", ms: 300 }, customerUpdates: { mode: "delay", ms: 200 }, customerDeletes: { mode: "delay", ms: 200 } } as const;

/** requirePulumiOrSkip, and the YAML language host next to the CLI. */
function requireYamlOrSkip(ctx: Mocha.Context): void {
  requirePulumiOrSkip(ctx);
  if (fs.existsSync(path.join(TOOLS_BIN, "pulumi-language-yaml"))) return;
  if (process.env.CI) throw new Error(`${TOOLS_BIN}/pulumi-language-yaml is missing but CI is set: run 'make tools'`);
  console.log("      (skipped: .tools/bin/pulumi-language-yaml is absent; run 'make tools' to enable the Pulumi YAML tests)");
  ctx.skip();
}

/** Wait until the customer with `externalId` is provisioned; its id. */
async function provisionedCustomer(emu: Emulator, externalId: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const c = (await api(emu, "GET", `/wholesale/customers?externalId=${externalId}`)).body.items[0];
    if (c?.status === "provisioned") return c.id as string;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`customer ${externalId} was not provisioned`);
}

describe("Pulumi YAML with the native provider plugin, end to end", function () {
  this.timeout(600_000);

  describe("examples/yaml: up, no-op preview, refresh, edit, import, destroy", () => {
    let emu: Emulator;
    let dir: string;
    let stack: CliStack;
    const program = () => fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8");
    const write = (text: string) => fs.writeFileSync(path.join(dir, "Pulumi.yaml"), text);

    before(async function () {
      requireYamlOrSkip(this);
      emu = await startEmulator({ timing: fastTiming });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-yaml-"));
      fs.copyFileSync(EXAMPLE, path.join(dir, "Pulumi.yaml"));
      stack = await newStack(dir, "yaml", { "webex-wholesale:baseUrl": emu.baseUrl, "webex-wholesale:token": { secret: emu.devToken } });
    });
    after(async () => {
      stack?.cleanup();
      removeDir(dir);
      await emu?.close();
    });

    it("up creates the template, the customer and its three users", async () => {
      await stack.runOk(["up", "--yes"]);
      const out = await stack.outputs();
      expect(out).to.have.keys(["provisioningId", "customerId", "orgId", "hqLocationId"]);
      const customer = await api(emu, "GET", `/wholesale/customers/${out.customerId}`);
      expect(customer.body).to.include({ status: "provisioned", externalId: "crm-1042", provisioningId: out.provisioningId });
      const subs = await api(emu, "GET", `/wholesale/subscribers?customerId=${out.customerId}`);
      expect(subs.body.items.map((s: { email: string }) => s.email)).to.have.members(["john@pizza.example", "mary@pizza.example", "ann@pizza.example"]);
    });

    it("preview then shows no changes and makes no API call", async () => {
      await control(emu, "DELETE", "/journal");
      await stack.runOk(["preview", "--expect-no-changes"]);
      expect(await calls(emu)).to.deep.equal({ total: 0, writes: 0 });
    });

    it("refresh reads every object, finds no changes and writes nothing", async () => {
      await control(emu, "DELETE", "/journal");
      await stack.runOk(["refresh", "--yes", "--expect-no-changes"]);
      const c = await calls(emu);
      expect(c.writes).to.equal(0);
      expect(c.total).to.be.at.least(5);
    });

    it("an edit is previewed property by property without API calls, then applied", async () => {
      const before = await stack.outputs();
      const annBefore = (await api(emu, "GET", "/wholesale/subscribers?email=ann@pizza.example")).body.items[0];
      write(program().replace("brandName: Acme Telco", "brandName: Acme").replace("lastName: Lee", "lastName: Leigh"));
      await control(emu, "DELETE", "/journal");
      const preview = await stack.runOk(["preview", "--diff"]);
      expect(await calls(emu), "a preview calls no API").to.deep.equal({ total: 0, writes: 0 });
      // The template updates in place and keeps its provisioningId, so the customer is untouched;
      // ann's last name forces her replacement, with the changed property named.
      expect(preview.stdout).to.match(/~ webex-wholesale:index:OnboardingTemplate: \(update\)/);
      expect(preview.stdout).to.match(/~ brandName\s*: "Acme Telco" => "Acme"/);
      expect(preview.stdout).to.match(/\+-webex-wholesale:index:CustomerUser: \(replace\)[\s\S]*::ann\][\s\S]*~ lastName\s*: "Lee" => "Leigh"/);
      expect(preview.stdout).to.not.match(/webex-wholesale:index:CustomerOrg: \(replace\)/);
      expect(preview.stdout).to.match(/1 to update[\s\S]*1 to replace/);

      await stack.runOk(["up", "--yes"]);
      expect((await stack.outputs()).customerId).to.equal(before.customerId);
      const ann = (await api(emu, "GET", "/wholesale/subscribers?email=ann@pizza.example")).body.items[0];
      expect(ann.id).to.not.equal(annBefore.id);
      expect(ann.lastName).to.equal("Leigh");
      const templates = (await api(emu, "GET", "/wholesale/onboardingTemplates")).body.items;
      expect(templates.map((t: { email: { brandName: string } }) => t.email.brandName)).to.deep.equal(["Acme"]);
      await stack.runOk(["preview", "--expect-no-changes"]);
    });

    it("pulumi import adopts a customer created outside Pulumi, and the code it prints keeps it unchanged", async () => {
      const out = await stack.outputs();
      const created = await api(emu, "POST", "/wholesale/customers", {
        provisioningId: out.provisioningId, packages: ["webex_meetings"], externalId: "crm-7",
        address: { addressLine1: "1 Main St", city: "Austin", country: "US" }, customerInfo: { name: "Seven", primaryEmail: "seven@seven.example" },
      });
      expect(created.status).to.equal(202);
      const id = await provisionedCustomer(emu, "crm-7");

      const r = await stack.runOk(["import", "webex-wholesale:index:CustomerOrg", "seven", id, "--protect=false", "--yes"]);
      const state = JSON.parse((await stack.runOk(["stack", "export"])).stdout);
      const seven = state.deployment.resources.find((x: { urn: string }) => x.urn.endsWith("::seven"));
      expect(seven).to.include({ id, type: "webex-wholesale:index:CustomerOrg" });
      expect(seven.inputs).to.include({ externalId: "crm-7", name: "Seven", adminEmail: "seven@seven.example", country: "US" });
      expect(seven.inputs.packages).to.deep.equal(["webex_meetings"]);

      // The program code Pulumi generated (YAML) goes into the program's resources, with the
      // template's provisioningId as a reference (as a user would), so destroy deletes the
      // customer before the template it uses.
      const code = r.stdout.slice(r.stdout.indexOf("resources:\n"));
      expect(code).to.match(/seven:\n\s+type: webex-wholesale:(index:)?CustomerOrg/);
      expect(code).to.include("externalId: crm-7");
      expect(code).to.include(`provisioningId: ${out.provisioningId}`);
      const body = code.split("\n").slice(1).filter((l) => l.startsWith("  ")).join("\n")
        .replace(`provisioningId: ${out.provisioningId}`, "provisioningId: ${smb-calling.provisioningId}");
      write(program().replace("\noutputs:", `\n${body}\n\noutputs:`));
      await control(emu, "DELETE", "/journal");
      // A no-op up (it fails on any change): records the new dependency, writes nothing.
      await stack.runOk(["up", "--yes", "--expect-no-changes"]);
      expect((await calls(emu)).writes).to.equal(0);
    });

    it("keeps the token out of the state: the provider's copy is encrypted", async () => {
      const r = await stack.runOk(["stack", "export"]);
      expect(r.stdout).to.not.include(emu.devToken);
      const state = JSON.parse(r.stdout);
      const provider = state.deployment.resources.find((x: { type: string }) => x.type === "pulumi:providers:webex-wholesale");
      expect(provider.inputs.baseUrl).to.equal(emu.baseUrl);
      expect(provider.inputs.token).to.have.property("ciphertext");
    });

    it("destroy removes every object, the imported customer too", async () => {
      await stack.runOk(["destroy", "--yes"]);
      expect((await api(emu, "GET", "/wholesale/customers")).body.items).to.deep.equal([]);
      expect((await api(emu, "GET", "/wholesale/subscribers")).body.items).to.deep.equal([]);
      expect((await api(emu, "GET", "/wholesale/onboardingTemplates")).body.items).to.deep.equal([]);
    });
  });

  describe("schema.json as a Pulumi package", () => {
    let out: string;
    before(function () {
      requireYamlOrSkip(this);
      out = fs.mkdtempSync(path.join(os.tmpdir(), "gen-sdk-"));
    });
    after(() => removeDir(out));

    // Only the YAML language host is available to generate with (the Node.js host here is
    // project-owned and has no code generator; the Go/Python hosts are not served by the proxy).
    // The CLI binds and validates the schema before any language sees it, and the YAML host binds it again.
    it("passes Pulumi's own validation: `pulumi package gen-sdk schema.json` succeeds", async () => {
      await runPulumiOk(["package", "gen-sdk", SCHEMA, "--language", "yaml", "--out", path.join(out, "ok")], { cwd: out });
    });

    it("and the same validation refuses a broken schema", async () => {
      const schema = JSON.parse(fs.readFileSync(SCHEMA, "utf8"));
      schema.resources["webex-wholesale:index:CustomerOrg"].requiredInputs.push("headquaters");
      const broken = path.join(out, "broken.json");
      fs.writeFileSync(broken, JSON.stringify(schema));
      const r = await runPulumi(["package", "gen-sdk", broken, "--language", "yaml", "--out", path.join(out, "broken")], { cwd: out });
      expect(r.code).to.not.equal(0);
      expect(r.stdout + r.stderr).to.include('unknown required property "headquaters"');
    });
  });

  describe("make plugin", () => {
    let home: string;
    before(function () {
      requirePulumiOrSkip(this);
      home = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-home-"));
    });
    after(() => removeDir(home));

    it("packs a tarball that `pulumi plugin install` installs and whose plugin serves the schema", async () => {
      const tarball = buildPlugin();
      const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "provider", "package.json"), "utf8")).version;
      expect(path.basename(tarball)).to.match(new RegExp(`^pulumi-resource-webex-wholesale-v${version.replace(/\./g, "\\.")}-\\w+-\\w+\\.tar\\.gz$`));
      const env = pulumiEnv({ PULUMI_HOME: home });
      await runPulumiOk(["plugin", "install", "resource", "webex-wholesale", version, "--file", tarball], { cwd: home, env });
      // Only the installed copy may answer (not the launcher in .tools/bin on PATH).
      const r = await runPulumiOk(["package", "get-schema", "webex-wholesale"], { cwd: home, env: { ...env, PULUMI_IGNORE_AMBIENT_PLUGINS: "true" } });
      expect(JSON.parse(r.stdout)).to.deep.equal(JSON.parse(fs.readFileSync(SCHEMA, "utf8")));
    });
  });
});
