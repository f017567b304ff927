// Wrong adoption is refused at preview (check), naming the field: an object that holds the key
// but is another one than the program declares — a customer with another name, a user of another
// customer. A matching object gets a plan note instead. Engine in-process, a live emulator.
import { expect } from "chai";
import { startEmulator } from "../../backend/src";
import { engine } from "../../provider/src/engine";
import { CONFIG_KEYS } from "../../provider/src";
import { api } from "../support/emulator-api";
import { customerArgs, userArgs } from "./fixtures";

describe("adopt refuses another object than the program declares", function () {
  this.timeout(60_000);
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let provisioningId: string;
  let customerId: string;

  before(async () => {
    emu = await startEmulator({});
    const config: Record<string, string> = { "webex-wholesale:baseUrl": emu.baseUrl, "webex-wholesale:token": emu.devToken };
    engine.configure({ get: (k) => config[k] }, CONFIG_KEYS);
    const tpl = await api(emu, "POST", "/wholesale/onboardingTemplates", { name: "SMB", serviceProviderAdminEmail: "sp@acme.example", country: "US", defaultEmailLanguage: "en_US", subscriptionId: "sub-1" });
    provisioningId = tpl.body.provisioningId;
    const c = await api(emu, "POST", "/wholesale/customers", { provisioningId, packages: ["webex_meetings"], externalId: "crm-1042",
      address: { addressLine1: "771 Alder Drive", city: "Milpitas", country: "US" }, customerInfo: { name: "Somebody Else", primaryEmail: "else@else.example" } });
    customerId = c.body.url.split("/").pop();
  });
  after(async () => { await emu?.close(); });

  const org = () => ({ ...customerArgs(), provisioningId, packages: ["webex_meetings"], headquarters: { addressLine1: "771 Alder Drive", city: "Milpitas" }, adopt: true });

  it("a customer whose name (replace-only) differs: a check failure naming the field and both values", async () => {
    const r = await engine.checkForPlugin("CustomerOrg", {}, org());
    const text = r.failures.map((f) => `${f.property}: ${f.reason}`).join("\n");
    expect(text).to.match(/cannot adopt the existing CustomerOrg with externalId crm-1042/);
    expect(text).to.include('its name is "Somebody Else", the program says "John\'s Pizza"');
  });

  it("a user of another customer: refused, naming customerId", async () => {
    const other = await api(emu, "POST", "/wholesale/customers", { provisioningId, packages: ["webex_meetings"], externalId: "crm-2",
      address: { addressLine1: "1 Main St", city: "Austin", country: "US" }, customerInfo: { name: "Two", primaryEmail: "two@two.example" } });
    const otherId = other.body.url.split("/").pop();
    for (let i = 0; i < 50 && (await api(emu, "GET", `/wholesale/customers/${otherId}`)).body.status !== "provisioned"; i++) await new Promise((r) => setTimeout(r, 100));
    const s = await api(emu, "POST", "/wholesale/subscribers", { customerId: otherId, email: "ann@pizza.example", packages: ["webex_meetings"], provisioningParameters: { firstName: "Ann", lastName: "Lee" } });
    expect(s.status).to.be.oneOf([200, 202]);
    const r = await engine.checkForPlugin("CustomerUser", {}, { ...userArgs(), customerId, package: "webex_meetings", primaryPhoneNumber: undefined, adopt: true });
    expect(r.failures.map((f) => f.reason).join("\n")).to.match(/its customerId is .* the program says .*cannot be changed in place/);
  });

  it("control: a matching customer passes check (the note goes to the log)", async () => {
    const r = await engine.checkForPlugin("CustomerOrg", {}, { ...org(), name: "Somebody Else", adminEmail: "else@else.example" });
    expect(r.failures).to.deep.equal([]);
  });
});
