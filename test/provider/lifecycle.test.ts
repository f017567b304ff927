// Each resource through the real dynamic-provider plugin (gRPC), against a live emulator.
import { expect } from "chai";
import * as path from "node:path";
import { startEmulator } from "../../backend/src";
import { DynamicPlugin } from "../support/dynamic-plugin";
import { customerArgs, templateArgs } from "./fixtures";

const REPO = path.resolve(__dirname, "../..");

describe("resource lifecycle through the dynamic-provider plugin", function () {
  this.timeout(120_000);
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let plugin: DynamicPlugin;
  const seen: unknown[] = []; // everything that would reach state, checked for the token at the end

  const api = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${emu.baseUrl}${p}`, {
      method, headers: { Authorization: `Bearer ${emu.devToken}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  async function createChecked(kind: "OnboardingTemplate" | "CustomerOrg" | "CustomerUser", args: Record<string, unknown>, name = "r") {
    const c = await plugin.check(kind, {}, args, name);
    expect(c.failures, JSON.stringify(c.failures)).to.deep.equal([]);
    const r = await plugin.create(kind, c.inputs, name);
    seen.push(c.inputs, r.outs);
    return { inputs: c.inputs, ...r };
  }

  before(async () => {
    emu = await startEmulator({ timing: { customers: { mode: "delay", ms: 150 }, customerUpdates: { mode: "delay", ms: 100 }, customerDeletes: { mode: "delay", ms: 100 } } });
    plugin = await DynamicPlugin.start(REPO, { WEBEX_WHOLESALE_BASE_URL: "", WEBEX_WHOLESALE_TOKEN: "" });
    await plugin.configure({ "webex-wholesale:baseUrl": emu.baseUrl, "webex-wholesale:token": emu.devToken, "webex-wholesale:requestsPerSecond": "0" });
  });
  after(async () => {
    await plugin?.stop();
    await emu?.close();
  });

  let tpl: Awaited<ReturnType<typeof createChecked>>;
  let org: Awaited<ReturnType<typeof createChecked>>;

  it("creates a template and returns its provisioning ID", async () => {
    tpl = await createChecked("OnboardingTemplate", templateArgs(), "tpl");
    expect(tpl.outs.provisioningId).to.be.a("string").and.not.empty;
    expect(tpl.outs.templateId).to.equal(tpl.id);
    expect(tpl.outs.__provider).to.be.a("string");
  });

  it("provisions a customer, waiting for the asynchronous provisioning", async () => {
    org = await createChecked("CustomerOrg", { ...customerArgs(), provisioningId: tpl.outs.provisioningId }, "org");
    expect(org.outs).to.include({ customerId: org.id, status: "provisioned" });
    expect(org.outs.orgId).to.be.a("string");
    expect(org.outs.headquartersLocationId).to.be.a("string");
    const live = await api("GET", `/wholesale/customers/${org.id}`);
    expect(live.body.status).to.equal("provisioned");
  });

  it("diffs the same program as no change", async () => {
    const c = await plugin.check("CustomerOrg", org.inputs, { ...customerArgs(), provisioningId: tpl.outs.provisioningId }, "org");
    const d = await plugin.diff("CustomerOrg", org.id, org.outs, c.inputs, "org");
    expect(d.changes).to.equal(1);
  });

  it("refuses bad input at check with property paths and without any API call", async () => {
    const before = (await (await fetch(`${emu.url}/_emulator/journal`, { headers: { Authorization: `Bearer ${emu.adminToken}` } })).json()) as { entries: unknown[] };
    const c = await plugin.check("CustomerOrg", {}, { ...customerArgs(), country: "usa", packages: ["cisco_calling_plan"] }, "bad");
    expect(c.failures.map((f) => f.property)).to.include("country");
    const after = (await (await fetch(`${emu.url}/_emulator/journal`, { headers: { Authorization: `Bearer ${emu.adminToken}` } })).json()) as { entries: unknown[] };
    expect(after.entries.length).to.equal(before.entries.length);
  });

  let admin: Awaited<ReturnType<typeof createChecked>>;
  let caller: Awaited<ReturnType<typeof createChecked>>;
  it("provisions users: the admin on the org's package, a calling user at the HQ location", async () => {
    admin = await createChecked("CustomerUser", {
      customerId: org.id, email: "john@pizza.example", firstName: "John", lastName: "Anderson", package: "webex_calling", extension: "1000",
    }, "admin");
    expect(admin.outs.status).to.equal("provisioned");
    expect(admin.outs.personId).to.be.a("string");
    caller = await createChecked("CustomerUser", {
      customerId: org.id, email: "ann@pizza.example", firstName: "Ann", lastName: "Lee", package: "webex_calling",
      primaryPhoneNumber: "+14085550101", locationId: org.outs.headquartersLocationId,
    }, "ann");
    expect(caller.outs.subscriberId).to.equal(caller.id);
  });

  it("detects drift made outside Pulumi on read, and the next update undoes it", async () => {
    const put = await api("PUT", `/wholesale/customers/${org.id}`, { packages: ["webex_calling", "webex_meetings"] });
    expect(put.status).to.equal(202);
    const r = await plugin.read("CustomerOrg", org.id, org.outs, org.inputs, "org");
    expect(r.inputs.packages).to.have.members(["webex_calling", "webex_meetings"]);
    const c = await plugin.check("CustomerOrg", r.inputs, { ...customerArgs(), provisioningId: tpl.outs.provisioningId }, "org");
    const d = await plugin.diff("CustomerOrg", org.id, r.props, c.inputs, "org");
    expect(d.changes).to.equal(2);
    expect(d.replaces).to.deep.equal([]);
    const outs = await plugin.update("CustomerOrg", org.id, r.props, c.inputs, "org");
    seen.push(outs);
    expect(outs.status).to.equal("provisioned");
    const live = await api("GET", `/wholesale/customers/${org.id}`);
    expect(live.body.packages).to.deep.equal(["webex_calling"]);
  });

  it("updates a user's number in place", async () => {
    const news = (await plugin.check("CustomerUser", caller.inputs, { ...caller.inputs, __provider: undefined, primaryPhoneNumber: "+14085550102" }, "ann")).inputs;
    const d = await plugin.diff("CustomerUser", caller.id, caller.outs, news, "ann");
    expect(d).to.include({ changes: 2 });
    expect(d.replaces).to.deep.equal([]);
    const outs = await plugin.update("CustomerUser", caller.id, caller.outs, news, "ann");
    expect(outs.primaryPhoneNumber).to.equal("+14085550102");
    const live = await api("GET", `/wholesale/subscribers/${caller.id}`);
    expect(live.body.primaryPhoneNumber).to.equal("+14085550102");
    caller = { ...caller, inputs: news, outs };
  });

  it("replaces a user whose email changes, deleting first", async () => {
    const news = (await plugin.check("CustomerUser", caller.inputs, { ...caller.inputs, __provider: undefined, email: "ann.lee@pizza.example" }, "ann")).inputs;
    const d = await plugin.diff("CustomerUser", caller.id, caller.outs, news, "ann");
    expect(d).to.deep.equal({ changes: 2, replaces: ["email"], deleteBeforeReplace: true });
    await plugin.delete("CustomerUser", caller.id, caller.outs, "ann");
    const created = await plugin.create("CustomerUser", news, "ann");
    expect(created.id).to.not.equal(caller.id);
    expect((await api("GET", `/wholesale/subscribers/${caller.id}`)).status).to.equal(404);
    caller = { ...caller, id: created.id, outs: created.outs, inputs: news };
  });

  it("refuses to take over an existing customer unless adopt is set", async () => {
    const prov = await api("POST", "/wholesale/customers", {
      provisioningId: tpl.outs.provisioningId, packages: ["webex_meetings"], externalId: "crm-7",
      address: { addressLine1: "1 Main St", city: "Austin", country: "US" },
      customerInfo: { name: "Seven", primaryEmail: "seven@seven.example" },
    });
    expect(prov.status).to.equal(202);
    const args = { ...customerArgs(), externalId: "crm-7", name: "Seven", adminEmail: "seven@seven.example", packages: ["webex_meetings"], provisioningId: tpl.outs.provisioningId };
    const c = await plugin.check("CustomerOrg", {}, args, "seven");
    let err: Error | undefined;
    await plugin.create("CustomerOrg", c.inputs, "seven").catch((e: Error) => { err = e; });
    expect(String(err?.message)).to.match(/already exists.*adopt: true/s);
    const adopted = await createChecked("CustomerOrg", { ...args, adopt: true }, "seven");
    expect(adopted.outs.status).to.equal("provisioned");
    await plugin.delete("CustomerOrg", adopted.id, adopted.outs, "seven");
  });

  it("reports a failed provisioning with the backend's errorCode and trackingId, leaving nothing behind", async () => {
    const res = await fetch(`${emu.url}/_emulator/outcomes`, {
      method: "POST", headers: { Authorization: `Bearer ${emu.adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ externalId: "crm-fail", outcome: "error", errors: [{ errorCode: 10999, description: "Denied party list match." }] }),
    });
    expect(res.status).to.be.lessThan(300);
    const c = await plugin.check("CustomerOrg", {}, { ...customerArgs(), externalId: "crm-fail", adminEmail: "f@fail.example", provisioningId: tpl.outs.provisioningId }, "fail");
    let err: Error | undefined;
    await plugin.create("CustomerOrg", c.inputs, "fail").catch((e: Error) => { err = e; });
    expect(String(err?.message)).to.match(/10999/).and.match(/Denied party/);
    const list = await api("GET", "/wholesale/customers?externalId=crm-fail");
    expect(list.body.items).to.deep.equal([]);
  });

  it("deletes users, the customer (waiting until gone) and the template; deleting again succeeds", async () => {
    await plugin.delete("CustomerUser", caller.id, caller.outs, "ann");
    await plugin.delete("CustomerUser", admin.id, admin.outs, "admin");
    await plugin.delete("CustomerOrg", org.id, org.outs, "org");
    expect((await api("GET", `/wholesale/customers/${org.id}`)).status).to.equal(404);
    await plugin.delete("CustomerOrg", org.id, org.outs, "org");
    const gone = await plugin.read("CustomerOrg", org.id, org.outs, org.inputs, "org");
    expect(gone.id).to.equal("");
    await plugin.delete("OnboardingTemplate", tpl.id, tpl.outs, "tpl");
    expect((await api("GET", `/wholesale/onboardingTemplates/${tpl.id}`)).status).to.equal(404);
  });

  it("never puts the token into a serialized provider or an output", () => {
    const text = JSON.stringify(seen);
    expect(text).to.not.include(emu.devToken);
    expect(text.length).to.be.greaterThan(100);
    const providerText = String((seen[0] as Record<string, unknown>).__provider);
    expect(providerText).to.include('require("pulumi-webex-wholesale")');
    expect(providerText.length).to.be.lessThan(4000);
    expect(plugin.stderr.join("")).to.not.include(emu.devToken);
  });
});
