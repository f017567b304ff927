// The native provider plugin (pulumi-resource-webex-wholesale) over gRPC, against a live emulator:
// its own RPCs (GetSchema, CheckConfig, DiffConfig, Configure, detailed Diff, preview of
// Create/Update, Read for import) and that resource calls reach the same engine as the dynamic
// flavour. Needs `npm run build` (the launcher runs provider/dist), as the dynamic tests do.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../../backend/src";
import { detailedDiff } from "../../provider/src/native/detailed-diff";
import { kindOfUrn } from "../../provider/src/native/provider";
import { NativePlugin, secret } from "../support/native-plugin";
import { customerArgs, templateArgs } from "./fixtures";

const REPO = path.resolve(__dirname, "../..");
/** No ambient settings: every test says what it configures. */
const NO_ENV = { WEBEX_WHOLESALE_BASE_URL: "", WEBEX_WHOLESALE_TOKEN: "" };

describe("native provider: pure parts", () => {
  it("names each changed property's kind, replacing or in place", () => {
    const d = detailedDiff({ a: 1, b: 2, c: 3 }, { a: 9, c: 3, d: 4 }, ["a", "b", "d"], ["a", "d"]);
    expect(d).to.deep.equal({ a: "UPDATE_REPLACE", b: "DELETE", d: "ADD_REPLACE" });
  });

  it("finds the kind in a URN's type token, also under a parent, and refuses other types", () => {
    expect(kindOfUrn("urn:pulumi:dev::p::webex-wholesale:index:CustomerOrg::pizza")).to.equal("CustomerOrg");
    expect(kindOfUrn("urn:pulumi:dev::p::my:comp:Tenant$webex-wholesale:index:CustomerUser::ann")).to.equal("CustomerUser");
    expect(() => kindOfUrn("urn:pulumi:dev::p::webex-wholesale:index:Nope::x")).to.throw(/unknown resource type/);
    expect(() => kindOfUrn("urn:pulumi:dev::p::aws:s3:Bucket::x")).to.throw(/unknown resource type/);
  });
});

describe("native provider plugin over gRPC", function () {
  this.timeout(120_000);
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let plugin: NativePlugin;

  const journal = async () => {
    const res = await fetch(`${emu.url}/_emulator/journal`, { headers: { Authorization: `Bearer ${emu.adminToken}` } });
    return ((await res.json()) as { entries: { method: string }[] }).entries;
  };
  const api = async (p: string) => {
    const res = await fetch(`${emu.baseUrl}${p}`, { headers: { Authorization: `Bearer ${emu.devToken}` } });
    return { status: res.status, body: res.status === 200 ? await res.json() as Record<string, any> : undefined };
  };

  before(async () => {
    emu = await startEmulator({ timing: { customers: { mode: "delay", ms: 150 }, customerUpdates: { mode: "delay", ms: 100 }, customerDeletes: { mode: "delay", ms: 100 } } });
    plugin = await NativePlugin.start(NO_ENV);
  });
  after(async () => {
    await plugin?.stop();
    await emu?.close();
  });

  it("serves schema.json from GetSchema and the package version from GetPluginInfo", async () => {
    const committed = JSON.parse(fs.readFileSync(path.join(REPO, "schema.json"), "utf8"));
    expect(JSON.parse(await plugin.schema())).to.deep.equal(committed);
    const version = JSON.parse(fs.readFileSync(path.join(REPO, "provider", "package.json"), "utf8")).version;
    expect(await plugin.version()).to.equal(version);
  });

  it("CheckConfig names the missing or malformed setting and returns the token as a secret", async () => {
    expect((await plugin.checkConfig({}, { token: "t" })).failures.map((f) => f.property)).to.deep.equal(["baseUrl"]);
    const bad = await plugin.checkConfig({}, { baseUrl: emu.baseUrl, token: "t", maxConcurrency: "2.5" });
    expect(bad.failures).to.have.length(1);
    expect(bad.failures[0]).to.include({ property: "maxConcurrency" });
    const ok = await plugin.checkConfig({}, { baseUrl: emu.baseUrl, token: "plain-token", maxRetries: "2" });
    expect(ok.failures).to.deep.equal([]);
    expect(ok.inputs).to.deep.equal({ baseUrl: emu.baseUrl, token: secret("plain-token"), maxRetries: "2" });
    // Already secret: kept as it is.
    expect((await plugin.checkConfig({}, { baseUrl: emu.baseUrl, token: secret("s") })).inputs.token).to.deep.equal(secret("s"));
  });

  it("DiffConfig: a new token updates the provider and replaces nothing; the same settings are no change", async () => {
    const olds = { baseUrl: emu.baseUrl, token: secret("a") };
    const d = await plugin.diffConfig(olds, { baseUrl: emu.baseUrl, token: secret("b") });
    expect(d).to.deep.equal({ changes: 2, replaces: [], deleteBeforeReplace: false, detailedDiff: { token: "UPDATE" } });
    expect((await plugin.diffConfig(olds, { ...olds })).changes).to.equal(1);
  });

  it("Configure takes the secret token from its inputs and asks for plain values and previews", async () => {
    const r = await plugin.configureWith({ baseUrl: emu.baseUrl, token: secret(emu.devToken), requestsPerSecond: "0" });
    expect(r).to.deep.equal({ acceptSecrets: false, supportsPreview: true });
  });

  let tpl: { id: string; inputs: Record<string, any>; outs: Record<string, any> };

  it("checks with the shared rules and property paths, before any API call", async () => {
    const before = (await journal()).length;
    const c = await plugin.check("CustomerOrg", {}, { ...customerArgs(), country: "usa", packages: ["cisco_calling_plan"] });
    expect(c.failures.map((f) => f.property)).to.include("country");
    expect((await journal()).length).to.equal(before);
  });

  it("previews a create without calling the API, then creates", async () => {
    const c = await plugin.check("OnboardingTemplate", {}, templateArgs(), "tpl");
    expect(c.failures).to.deep.equal([]);
    const before = (await journal()).length;
    const preview = await plugin.create("OnboardingTemplate", c.inputs, "tpl", true);
    expect(preview.id).to.equal("");
    expect(preview.outs.provisioningId).to.equal(undefined);
    expect((await journal()).length).to.equal(before);
    const r = await plugin.create("OnboardingTemplate", c.inputs, "tpl");
    expect(r.outs.provisioningId).to.be.a("string").and.not.empty;
    tpl = { id: r.id, inputs: c.inputs, outs: r.outs };
  });

  it("diffs an in-place change with detail, and previews the update keeping the provisioningId, without API calls", async () => {
    const news = (await plugin.check("OnboardingTemplate", tpl.inputs, { ...templateArgs(), email: { brandName: "Acme" } }, "tpl")).inputs;
    const d = await plugin.diff("OnboardingTemplate", tpl.id, tpl.outs, news, "tpl");
    expect(d).to.deep.equal({ changes: 2, replaces: [], deleteBeforeReplace: false, detailedDiff: { email: "UPDATE" } });
    const before = (await journal()).length;
    const outs = await plugin.update("OnboardingTemplate", tpl.id, tpl.outs, news, "tpl", true);
    expect(outs).to.include({ provisioningId: tpl.outs.provisioningId, templateId: tpl.id });
    expect(outs.email.brandName).to.equal("Acme");
    expect((await journal()).length).to.equal(before);
    expect((await api(`/wholesale/onboardingTemplates/${tpl.id}`)).body?.email?.brandName).to.equal("Acme Telco");
  });

  it("diffs a replacement with its reason and delete-before-replace, as the dynamic flavour decides", async () => {
    const org = { ...customerArgs(), provisioningId: tpl.outs.provisioningId };
    const olds = (await plugin.check("CustomerOrg", {}, org)).inputs;
    const news = (await plugin.check("CustomerOrg", olds, { ...org, name: "John's Pizzeria", packages: ["webex_calling", "webex_meetings"] })).inputs;
    const d = await plugin.diff("CustomerOrg", "some-id", olds, news);
    expect(d).to.deep.equal({
      changes: 2, replaces: ["name"], deleteBeforeReplace: true,
      detailedDiff: { name: "UPDATE_REPLACE", packages: "UPDATE" },
    });
  });

  it("reads with only an id (import) and returns the inputs a program would give", async () => {
    const r = await plugin.read("OnboardingTemplate", tpl.id, {}, {});
    expect(r.id).to.equal(tpl.id);
    expect(r.inputs).to.deep.equal(tpl.inputs);
    expect(r.props).to.deep.equal(tpl.outs);
    const check = await plugin.check("OnboardingTemplate", {}, r.inputs);
    expect((await plugin.diff("OnboardingTemplate", tpl.id, r.props, check.inputs)).changes).to.equal(1);
  });

  it("imports a customer as the checked arguments (defaults included), so its program diffs clean", async () => {
    const c = await plugin.check("CustomerOrg", {}, { ...customerArgs(), provisioningId: tpl.outs.provisioningId }, "org");
    expect(c.inputs.headquarters).to.include({ locationName: "Headquarters", language: "en_us" }); // defaults added by check
    const org = await plugin.create("CustomerOrg", c.inputs, "org");
    try {
      const r = await plugin.read("CustomerOrg", org.id, {}, {}, "org");
      expect(r.inputs).to.deep.equal(c.inputs);
      expect((await plugin.diff("CustomerOrg", org.id, r.props, c.inputs, "org")).changes).to.equal(1);
    } finally {
      await plugin.delete("CustomerOrg", org.id, org.outs, "org");
    }
  });

  it("returns a user's externalCustomerId as a secret (create, read and preview), given only customerId", async () => {
    const c = await plugin.check("CustomerOrg", {}, { ...customerArgs(), externalId: "crm-secret-native", adminEmail: "sec@pizza.example", provisioningId: tpl.outs.provisioningId }, "sorg");
    const org = await plugin.create("CustomerOrg", c.inputs, "sorg");
    try {
      const u = await plugin.check("CustomerUser", {}, { customerId: org.id, email: "una@pizza.example", firstName: "Una", lastName: "Li", package: "webex_calling", extension: "3301" }, "una");
      const r = await plugin.create("CustomerUser", u.inputs, "una");
      expect(r.outs.externalCustomerId).to.deep.equal(secret("crm-secret-native"));
      expect(JSON.stringify(r.outs)).to.not.match(/"externalCustomerId":"crm-secret-native"/);
      const read = await plugin.read("CustomerUser", r.id, r.outs, u.inputs, "una");
      expect(read.props.externalCustomerId).to.deep.equal(secret("crm-secret-native"));
      const preview = await plugin.update("CustomerUser", r.id, r.outs, u.inputs, "una", true);
      expect(preview.externalCustomerId).to.deep.equal(secret("crm-secret-native"));
      await plugin.delete("CustomerUser", r.id, r.outs, "una");
    } finally {
      await plugin.delete("CustomerOrg", org.id, org.outs, "sorg");
    }
  });

  it("deletes, and reading a deleted object reports it gone", async () => {
    await plugin.delete("OnboardingTemplate", tpl.id, tpl.outs);
    expect((await api(`/wholesale/onboardingTemplates/${tpl.id}`)).status).to.equal(404);
    expect((await plugin.read("OnboardingTemplate", tpl.id, tpl.outs, tpl.inputs)).id).to.equal("");
  });

  it("refuses a type it does not serve", async () => {
    let err: Error | undefined;
    await plugin.check("Nope" as never, {}, {}).catch((e: Error) => { err = e; });
    expect(err?.message).to.match(/unknown resource type/);
  });

  it("keeps the token out of everything it returns", () => {
    expect(plugin.stderr.join("")).to.not.include(emu.devToken);
  });
});
