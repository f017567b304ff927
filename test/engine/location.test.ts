// CustomerLocation through the real Pulumi engine against the emulator, lean: one stack, one
// customer, one location and a user placed there. Create, update in place, refresh drift, replace
// (a new name with the new announcement language), and removal, which leaves the live location
// (the Locations API documents no delete) with a warning naming it.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../../backend/src";
import { api } from "../support/emulator-api";
import { makeProgramDir, newStack, removeDir, requirePulumiOrSkip, type CliStack } from "../support/pulumi";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

interface Site { name: string; timeZone: string; announcementLanguage: string; notes: string }

function program(site: Site | undefined): string {
  return `import * as wx from "pulumi-webex-wholesale";
const tpl = new wx.OnboardingTemplate("tpl", { name: "Sites", serviceProviderAdminEmail: "sp@acme.example", country: "US",
  defaultEmailLanguage: "en_US", subscriptionId: "sub-1" });
const org = new wx.CustomerOrg("chain", { provisioningId: tpl.provisioningId, externalId: "crm-sites", name: "Pizza Chain",
  adminEmail: "boss@chain.example", country: "US", packages: ["webex_calling"],
  headquarters: { addressLine1: "1 Main St", city: "Austin", stateOrProvince: "TX", zipOrPostalCode: "78701", timezone: "America/Chicago" } });
${site ? `const shop = new wx.CustomerLocation("shop", { customer: org, name: ${JSON.stringify(site.name)}, timeZone: ${JSON.stringify(site.timeZone)},
  preferredLanguage: "en_us", announcementLanguage: ${JSON.stringify(site.announcementLanguage)}, notes: ${JSON.stringify(site.notes)},
  address: { address1: "200 Elm St", city: "Dallas", state: "TX", postalCode: "75201", country: "US" } });
new wx.CustomerUser("cook", { customer: org, location: shop, email: "cook@chain.example", firstName: "Cy", lastName: "Cook",
  package: "webex_calling", extension: "2001" });
export const locationId = shop.locationId;` : ""}
export const orgId = org.orgId;
`;
}

describe("CustomerLocation through the real Pulumi engine", function () {
  this.timeout(600_000);
  let emu: Emulator;
  let dir: string;
  let stack: CliStack;
  const site: Site = { name: "Dallas shop", timeZone: "America/Chicago", announcementLanguage: "en_us", notes: "opens at 11" };
  const write = (s: Site | undefined) => fs.writeFileSync(path.join(dir, "index.ts"), program(s));
  const location = async (id: unknown, orgId: unknown) => (await api(emu, "GET", `/locations/${String(id)}?orgId=${String(orgId)}`)).body;

  before(async function () {
    requirePulumiOrSkip(this);
    emu = await startEmulator({ timing: { customers: { mode: "delay", ms: 200 }, customerUpdates: { mode: "delay", ms: 100 }, customerDeletes: { mode: "delay", ms: 100 } } });
    dir = makeProgramDir({ name: "sites", files: { "index.ts": program(site) } });
    stack = await newStack(dir, "sites", { "webex-wholesale:baseUrl": emu.baseUrl, "webex-wholesale:token": { secret: emu.devToken } });
  });
  after(async () => {
    stack?.cleanup();
    removeDir(dir);
    await emu?.close();
  });

  it("up creates the location and places the user there", async () => {
    await stack.runOk(["up", "--yes", "--non-interactive"]);
    const out = await stack.outputs();
    expect(await location(out.locationId, out.orgId)).to.include({ name: "Dallas shop", timeZone: "America/Chicago", notes: "opens at 11" });
    const cook = (await api(emu, "GET", "/wholesale/subscribers?email=cook@chain.example")).body.items[0];
    expect(cook.locationId).to.equal(out.locationId);
    await stack.runOk(["preview", "--expect-no-changes", "--non-interactive"]);
  });

  it("updates time zone and notes in place (same id)", async () => {
    const before = await stack.outputs();
    write({ ...site, timeZone: "America/Denver", notes: "opens at 10" });
    await stack.runOk(["up", "--yes", "--non-interactive"]);
    const after = await stack.outputs();
    expect(after.locationId).to.equal(before.locationId);
    expect(await location(after.locationId, after.orgId)).to.include({ timeZone: "America/Denver", notes: "opens at 10" });
  });

  it("refresh reports a rename made behind the provider's back, and up puts the name back", async () => {
    const out = await stack.outputs();
    expect((await api(emu, "PUT", `/locations/${out.locationId}?orgId=${out.orgId}`, { name: "Renamed in Control Hub" })).status).to.be.oneOf([200, 204]);
    const refresh = await stack.run(["refresh", "--yes", "--expect-no-changes", "--non-interactive"]);
    expect(refresh.code, "refresh should report the drift").to.not.equal(0);
    await stack.runOk(["up", "--yes", "--non-interactive"]);
    expect((await location(out.locationId, out.orgId)).name).to.equal("Dallas shop");
  });

  it("a new announcement language replaces the location (with a new name); the old one is left live with a warning", async () => {
    const before = await stack.outputs();
    write({ ...site, timeZone: "America/Denver", notes: "opens at 10", announcementLanguage: "es_es", name: "Dallas tienda" });
    const r = await stack.runOk(["up", "--yes", "--non-interactive"]);
    expect(r.stdout).to.match(/replaced/);
    expect(`${r.stdout}${r.stderr}`).to.match(/location "Dallas shop" \(id \S+\) of customer \S+ was removed from the stack but is still live/);
    const after = await stack.outputs();
    expect(after.locationId).to.not.equal(before.locationId);
    expect(await location(after.locationId, after.orgId)).to.include({ name: "Dallas tienda", announcementLanguage: "es_es" });
    expect((await location(before.locationId, before.orgId)).name).to.equal("Dallas shop");
    expect((await api(emu, "GET", "/wholesale/subscribers?email=cook@chain.example")).body.items[0].locationId).to.equal(after.locationId);
  });

  it("removing the location from the program leaves it live, with a warning naming it", async () => {
    const before = await stack.outputs();
    write(undefined);
    const r = await stack.runOk(["up", "--yes", "--non-interactive"]);
    expect(`${r.stdout}${r.stderr}`).to.match(/location "Dallas tienda" \(id \S+\) .* still live: the Webex Locations API documents no delete/);
    expect((await location(before.locationId, before.orgId)).name).to.equal("Dallas tienda");
    await stack.runOk(["destroy", "--yes", "--non-interactive"]);
  });
});
