// The export's translation of live objects into inventory lines, on hand-made estates (no server):
// what the API does not return becomes FILL_IN (and the inventory refuses to load until filled),
// the real API's missing template API gives literal provisioning IDs, and objects that cannot be
// declared (unknown package, user without email, failed or unsettled customer) are listed with the
// reason. Negative controls: a clean object is exported and not listed.
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Estate, LiveCustomer, LiveSubscriber } from "../../provider/src/export/estate";
import { FILL_IN, readInventory } from "../../provider/src/export/inventory";
import { programFiles } from "../../provider/src/export/program";
import { translate } from "../../provider/src/export/translate";

const id = (type: string, n: number) => Buffer.from(`ciscospark://us/${type}/00000000-0000-4000-8000-${String(n).padStart(12, "0")}`).toString("base64url");

/** A customer as the official API returns it: no name, email or provisioning ID. */
function officialCustomer(n: number, extra: Partial<LiveCustomer> = {}): LiveCustomer {
  return {
    id: id("ENTERPRISE", n), orgId: id("ORGANIZATION", n), externalId: `crm-${n}`, status: "provisioned", packages: ["webex_meetings"],
    address: { addressLine1: "1 Main St", city: "Austin", country: "US" }, ...extra,
  } as LiveCustomer;
}

function subscriber(n: number, customer: LiveCustomer, extra: Partial<LiveSubscriber> = {}): LiveSubscriber {
  return {
    id: id("SUBSCRIBER", n), email: `u${n}@x.example`, customerId: customer.id, packages: ["webex_meetings"], status: "provisioned",
    firstName: "U", lastName: `N${n}`, ...extra,
  } as LiveSubscriber;
}

describe("export: live objects to inventory lines", () => {
  it("the official API's customer: literal provisioning ID and FILL_IN for what it does not return", async () => {
    const c = officialCustomer(1, { provisioningId: "PROV-1" } as Partial<LiveCustomer>);
    const estate: Estate = { templates: undefined, customers: [{ customer: c, subscribers: [subscriber(1, c)], locations: [] }] };
    const { inventory, importDoc } = await translate(estate);
    const line = inventory.customers[0]!;
    expect(line).to.include({ externalId: "crm-1", provisioningId: "PROV-1", name: FILL_IN, adminEmail: FILL_IN });
    expect(line).to.not.have.property("template");
    expect(inventory.notes!.provisioningIds).to.match(/no way to read templates/);
    expect(inventory.notes!.fillIn.map((f) => f.property).sort()).to.deep.equal(["adminEmail", "name"]);
    expect(importDoc.resources.map((r) => r.name)).to.deep.equal(["customer-crm-1", "user-u1@x.example"]);

    // The program refuses the inventory while a FILL_IN is left, naming the places.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inv-"));
    try {
      const file = path.join(dir, "inventory.json");
      fs.writeFileSync(file, programFiles({ inventory, importDoc })["inventory.json"]!);
      expect(() => readInventory(file)).to.throw(/2 value\(s\) .*customers\[0\]\.(name|adminEmail), customers\[0\]\.(name|adminEmail)/);
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(`"name": "${FILL_IN}"`, '"name": "Pizza"').replace(`"adminEmail": "${FILL_IN}"`, '"adminEmail": "a@pizza.example"'));
      expect(readInventory(file).customers[0]).to.include({ name: "Pizza", adminEmail: "a@pizza.example" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("lists what cannot be declared, with the reason, and exports the rest", async () => {
    const ok = officialCustomer(1, { name: "Ok", primaryEmail: "a@ok.example", provisioningId: "P" } as Partial<LiveCustomer>);
    const unknownPackage = officialCustomer(2, { packages: ["webex_meetings", "webex_hologram"], name: "H", primaryEmail: "h@h.example", provisioningId: "P" } as Partial<LiveCustomer>);
    const failed = officialCustomer(3, { status: "error" });
    const busy = officialCustomer(4, { status: "updating" });
    const estate: Estate = {
      templates: [],
      customers: [
        { customer: ok, subscribers: [subscriber(1, ok), subscriber(2, ok, { email: undefined }), subscriber(3, ok, { packages: ["webex_hologram"] } as Partial<LiveSubscriber>)], locations: [] },
        { customer: unknownPackage, subscribers: [], locations: [] },
        { customer: failed, subscribers: [subscriber(4, failed)], locations: [] },
        { customer: busy, subscribers: [], locations: [] },
      ],
    };
    const { inventory } = await translate(estate);
    expect(inventory.customers.map((c) => c.externalId)).to.deep.equal(["crm-1"]);
    expect(inventory.customers[0]!.users!.map((u) => u.email)).to.deep.equal(["u1@x.example"]);
    const reasons = Object.fromEntries(inventory.notes!.notExported.map((n) => [`${n.kind} ${n.key}`, n.reason]));
    expect(reasons[`user ${id("SUBSCRIBER", 2)}`]).to.match(/without an email/);
    expect(reasons["user u3@x.example"]).to.match(/^package: /);
    expect(reasons["customer crm-2"]).to.match(/^packages\[1\]: /);
    expect(reasons["customer crm-3"]).to.equal("provisioning failed (status error)");
    expect(reasons["user u4@x.example"]).to.equal("its customer crm-3 is not exported");
    expect(reasons["customer crm-4"]).to.match(/status updating is not settled/);
    expect(Object.keys(reasons)).to.have.length(6);
  });
});
