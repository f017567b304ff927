import { expect } from "chai";
import { engine } from "../../provider/src/engine";
import { UNKNOWN } from "../../provider/src/lifecycle/unknowns";
import { customerArgs, templateArgs, userArgs } from "./fixtures";

const props = (fs: { property: string }[]) => fs.map((f) => f.property);

describe("check (validation before any API call)", () => {
  it("accepts valid arguments and fills defaults so unset never diffs against the default", async () => {
    const r = await engine.check("OnboardingTemplate", {}, { ...templateArgs(), email: {}, calling: undefined });
    expect(r.failures).to.deep.equal([]);
    expect(r.inputs.email).to.deep.equal({ allowAdminInviteEmailsOnAttach: false });
    expect(r.inputs.calling).to.deep.equal({ allowWebexToWebexCalling: false });
    expect(r.inputs.adopt).to.equal(false);
  });

  it("names the property path of each bad field", async () => {
    const bad = { ...customerArgs(), adminEmail: "not-an-email", packages: ["webex_calling", "nope"], headquarters: { ...customerArgs().headquarters, city: "" } };
    const r = await engine.check("CustomerOrg", {}, bad);
    expect(props(r.failures)).to.include.members(["adminEmail", "packages[1]", "headquarters.city"]);
  });

  it("refuses a misspelt argument instead of dropping it", async () => {
    const r = await engine.check("CustomerOrg", {}, { ...customerArgs(), adminEmal: "x@y.example" });
    expect(props(r.failures)).to.include("adminEmal");
  });

  it("applies the package dependency rule", async () => {
    const r = await engine.check("CustomerOrg", {}, { ...customerArgs(), packages: ["webex_meetings", "attendant_console"] });
    expect(r.failures).to.have.length(1);
    expect(r.failures[0]!.property).to.equal("packages[1]");
    expect(r.failures[0]!.reason).to.match(/attendant_console needs one of/);
  });

  it("needs the HQ timezone for a calling package", async () => {
    const hq = { ...customerArgs().headquarters, timezone: undefined };
    const r = await engine.check("CustomerOrg", {}, { ...customerArgs(), headquarters: hq });
    expect(props(r.failures)).to.deep.equal(["headquarters.timezone"]);
    const meetings = await engine.check("CustomerOrg", {}, { ...customerArgs(), packages: ["webex_meetings"], headquarters: hq });
    expect(meetings.failures).to.deep.equal([]);
  });

  it("requires idpEntityId for partner SSO", async () => {
    const r = await engine.check("OnboardingTemplate", {}, { ...templateArgs(), authentication: { method: "partner_saml" } });
    expect(props(r.failures)).to.deep.equal(["authentication.idpEntityId"]);
  });

  it("needs a number or extension for a calling user", async () => {
    const r = await engine.check("CustomerUser", {}, { ...userArgs(), primaryPhoneNumber: undefined });
    expect(props(r.failures)).to.deep.equal(["primaryPhoneNumber"]);
    const ext = await engine.check("CustomerUser", {}, { ...userArgs(), primaryPhoneNumber: undefined, extension: "1234" });
    expect(ext.failures).to.deep.equal([]);
  });

  it("takes package xor packages and records one spelling", async () => {
    const both = await engine.check("CustomerUser", {}, { ...userArgs(), packages: ["webex_calling"] });
    expect(props(both.failures)).to.deep.equal(["packages"]);
    const neither = await engine.check("CustomerUser", {}, { ...userArgs(), package: undefined });
    expect(props(neither.failures)).to.deep.equal(["package"]);
    const list = await engine.check("CustomerUser", {}, { ...userArgs(), package: undefined, packages: ["webex_calling"] });
    expect(list.failures).to.deep.equal([]);
    expect(list.inputs.package).to.equal("webex_calling");
    expect(list.inputs).to.not.have.property("packages");
  });

  it("refuses an admin whose package differs from the org's, when known at plan time", async () => {
    const admin = { ...userArgs(), email: "john@pizza.example", package: "webex_meetings", primaryPhoneNumber: undefined,
      customerAdminEmail: "john@pizza.example", customerPackages: ["webex_calling", "webex_meetings"] };
    const r = await engine.check("CustomerUser", {}, admin);
    expect(props(r.failures)).to.deep.equal(["package"]);
    expect(r.failures[0]!.reason).to.match(/downgrading the admin/);
    const unknown = await engine.check("CustomerUser", {}, { ...admin, customerPackages: UNKNOWN });
    expect(unknown.failures).to.deep.equal([]);
  });

  it("refuses a package the customer does not hold, when known at plan time", async () => {
    const r = await engine.check("CustomerUser", {}, { ...userArgs(), package: "webex_meetings", primaryPhoneNumber: undefined, customerPackages: ["webex_calling"] });
    expect(props(r.failures)).to.deep.equal(["package"]);
    expect(r.failures[0]!.reason).to.match(/does not have the package webex_meetings/);
  });

  it("tolerates values unknown at preview and keeps them as they are", async () => {
    const r = await engine.check("CustomerOrg", {}, { ...customerArgs(), provisioningId: UNKNOWN });
    expect(r.failures).to.deep.equal([]);
    expect(r.inputs.provisioningId).to.equal(UNKNOWN);
    const u = await engine.check("CustomerUser", {}, { ...userArgs(), customerId: UNKNOWN, email: "bad" });
    expect(props(u.failures)).to.deep.equal(["email"]);
  });

  it("keeps __provider as it came", async () => {
    const r = await engine.check("OnboardingTemplate", {}, { ...templateArgs(), __provider: "text" });
    expect(r.inputs.__provider).to.equal("text");
  });
});
