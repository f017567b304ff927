// Leaks in every encoding, through the real engine, on the two paths secrets.test.ts does not
// take: the token given only in the environment (WEBEX_WHOLESALE_TOKEN) to the dynamic provider,
// and the native provider under Pulumi YAML with its plugin logging at -v=9. The partner token must
// appear in no form (raw, base64, base64url, hex, URL-encoded) in the CLI's output, its -v=9 logs
// (the plugins' included), the engine's event log, the state or an error message; and a user's
// externalCustomerId stays secret when the user names its org by customerId (dynamic) or in YAML.
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RunningEmulator } from "../../backend/src";
import { makeProgramDir, newStack, removeDir, requirePulumiOrSkip, TOOLS_BIN, type CliStack, type RunResult } from "../support/pulumi";
import { leakForms, startTarget } from "./support";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const isSecret = (v: unknown): boolean => !!v && typeof v === "object" && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
const EXTERNAL_ID = "crm-LEAK-SECRET-2207";

type StateResource = { urn: string; type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };

/** Every place a token could surface in one run. */
interface Surfaces {
  up: RunResult;
  events: string;
  state: string;
}

/** The forms of `secret` found in each surface (empty when clean). */
function leaks(secret: string, s: Surfaces): string[] {
  const out: string[] = [];
  for (const [form, text] of leakForms(secret)) {
    for (const [where, hay] of [["stdout", s.up.stdout], ["stderr (-v=9, plugin logs)", s.up.stderr], ["event log", s.events], ["state", s.state]] as const) {
      if (hay.includes(text)) out.push(`${form} in ${where}`);
    }
  }
  return out;
}

/** Run `up` with the engine's event log and every process logging at -v=9; export the state. */
async function upWithLogs(stack: CliStack, tag: string): Promise<Surfaces> {
  const eventLog = path.join(os.tmpdir(), `leaks-${tag}-${process.pid}.json`);
  try {
    const up = await stack.run(["up", "--yes", "--event-log", eventLog, "-v=9", "--logtostderr", "--logflow"], { timeoutMs: 300_000 });
    const events = fs.readFileSync(eventLog, "utf8");
    const state = (await stack.runOk(["stack", "export"])).stdout;
    return { up, events, state };
  } finally {
    fs.rmSync(eventLog, { force: true });
  }
}

/** Destroy and remove a scenario's stack, program and emulator (whatever of them was made). */
async function teardown(stack: CliStack | undefined, dir: string | undefined, emu: RunningEmulator | undefined): Promise<void> {
  if (stack) {
    await stack.run(["destroy", "--yes"], { timeoutMs: 300_000 });
    stack.cleanup();
  }
  if (dir) removeDir(dir);
  await emu?.close();
}

describe("leaks: no token in any encoding, secret externalIds on every path", function () {
  this.timeout(600_000);

  it("the leak forms of a token include each encoding, and the search finds each (negative control)", () => {
    // Characters that make base64url and URL encoding differ from base64 and the raw text.
    const token = "tok?>~?>~/+= 9f8e7d6c5b4a39281706";
    const forms = new Map(leakForms(token));
    expect([...forms.keys()]).to.include.members(["raw", "base64", "base64url", "hex", "url"]);
    const planted = Buffer.from(`Authorization: Bearer ${token}\n`).toString("base64");
    const url64 = Buffer.from(`x${token}`).toString("base64url");
    const found = leaks(token, { up: { code: 0, stdout: planted, stderr: Buffer.from(token).toString("hex") }, events: encodeURIComponent(`a/${token}/b`), state: url64 });
    expect(found.some((f) => f.startsWith("base64 in stdout")), found.join()).to.equal(true);
    expect(found).to.include("hex in stderr (-v=9, plugin logs)");
    expect(found).to.include("url in event log");
    expect(found).to.include("base64url in state");
    expect(leaks(token, { up: { code: 0, stdout: "clean", stderr: "" }, events: "", state: "" })).to.deep.equal([]);
  });

  describe("dynamic provider, token only in the environment, user given customerId", () => {
    let emu: RunningEmulator;
    let dir: string;
    let stack: CliStack;
    let s: Surfaces;
    const program = `import * as pulumi from "@pulumi/pulumi";
import * as wx from "pulumi-webex-wholesale";
const tpl = new wx.OnboardingTemplate("tpl", { name: "Leak SMB", serviceProviderAdminEmail: "sp@acme.example", country: "US",
  defaultEmailLanguage: "en_US", subscriptionId: "sub-1" });
const org = new wx.CustomerOrg("org", { provisioningId: tpl.provisioningId, externalId: pulumi.secret(${JSON.stringify(EXTERNAL_ID)}),
  name: "Leak Pizza", adminEmail: "boss@leak-pizza.example", country: "US", packages: ["webex_calling"],
  headquarters: { addressLine1: "1 Main St", city: "Austin", timezone: "America/Chicago" } });
new wx.CustomerUser("byid", { customerId: org.customerId, email: "cy@leak-pizza.example", firstName: "Cy", lastName: "Oh",
  package: "webex_calling", extension: "1001" });
// Refused by the service (4xx), so the error path is covered too.
new wx.CustomerUser("refused", { customerId: org.customerId, email: "bob@leak-pizza.example", firstName: "Bob", lastName: "Ray",
  package: "cx_essentials", extension: "1002" });
`;

    before(async function () {
      requirePulumiOrSkip(this);
      emu = await startTarget();
      dir = makeProgramDir({ name: "leaks-env", files: { "index.ts": program } });
      stack = await newStack(dir, "leaks", { "webex-wholesale:baseUrl": emu.baseUrl },
        { PULUMI_DEBUG_COMMANDS: "true", WEBEX_WHOLESALE_TOKEN: emu.devToken });
      s = await upWithLogs(stack, "env");
    });
    after(() => teardown(stack, dir, emu));

    it("ran, and failed only the refused user, with the service's error", () => {
      expect(s.up.code).to.not.equal(0);
      expect(s.up.stdout).to.match(/HTTP 400/);
      expect(s.state).to.include("CustomerUser");
    });

    it("no token in any encoding in the output, the -v=9 logs, the event log, the state or the error", () => {
      expect(leaks(emu.devToken, s)).to.deep.equal([]);
    });

    it("the org's secret externalId is secret in the user's externalCustomerId (customerId: path), and nowhere in plaintext", () => {
      const byid = (JSON.parse(s.state) as { deployment: { resources: StateResource[] } }).deployment.resources.find((r) => r.urn.endsWith("::byid"))!;
      expect(isSecret(byid.outputs!.externalCustomerId), JSON.stringify(byid.outputs!.externalCustomerId)).to.equal(true);
      expect(s.state).to.not.include(EXTERNAL_ID);
      expect(s.up.stdout).to.not.include(EXTERNAL_ID);
    });
  });

  describe("native provider under Pulumi YAML, plugin logs at -v=9", () => {
    let emu: RunningEmulator;
    let dir: string;
    let stack: CliStack;
    let s: Surfaces;
    const yaml = `name: leaks-yaml
runtime: yaml
resources:
  tpl:
    type: webex-wholesale:index:OnboardingTemplate
    properties:
      name: Leak YAML
      serviceProviderAdminEmail: sp@acme.example
      country: US
      defaultEmailLanguage: en_US
      subscriptionId: sub-1
  org:
    type: webex-wholesale:index:CustomerOrg
    properties:
      provisioningId: \${tpl.provisioningId}
      externalId:
        fn::secret: ${EXTERNAL_ID}
      name: Leak YAML Pizza
      adminEmail: boss@leak-yaml.example
      country: US
      packages: [webex_calling]
      headquarters:
        addressLine1: 1 Main St
        city: Austin
        timezone: America/Chicago
  byid:
    type: webex-wholesale:index:CustomerUser
    properties:
      customerId: \${org.customerId}
      email: cy@leak-yaml.example
      firstName: Cy
      lastName: Oh
      package: webex_calling
      extension: "1001"
`;

    before(async function () {
      requirePulumiOrSkip(this);
      if (!fs.existsSync(path.join(TOOLS_BIN, "pulumi-language-yaml"))) {
        if (process.env.CI) throw new Error("pulumi-language-yaml is missing but CI is set: run 'make tools'");
        this.skip();
      }
      emu = await startTarget();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "leaks-yaml-"));
      fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml);
      stack = await newStack(dir, "leaks", { "webex-wholesale:baseUrl": emu.baseUrl, "webex-wholesale:token": { secret: emu.devToken } },
        { PULUMI_DEBUG_COMMANDS: "true" });
      s = await upWithLogs(stack, "yaml");
    });
    after(() => teardown(stack, dir, emu));

    it("ran", () => {
      expect(s.up.code, s.up.stdout.slice(-3000)).to.equal(0);
      expect(s.up.stderr.length, "-v=9 logs were written").to.be.greaterThan(10_000);
    });

    it("no token in any encoding in the output, the plugin's -v=9 logs, the event log or the state", () => {
      expect(leaks(emu.devToken, s)).to.deep.equal([]);
    });

    it("the org's secret externalId is secret in the user's externalCustomerId, and nowhere in plaintext in the state", () => {
      const byid = (JSON.parse(s.state) as { deployment: { resources: StateResource[] } }).deployment.resources.find((r) => r.urn.endsWith("::byid"))!;
      expect(isSecret(byid.outputs!.externalCustomerId), JSON.stringify(byid.outputs!.externalCustomerId)).to.equal(true);
      expect(s.state).to.not.include(EXTERNAL_ID);
    });
  });
});
