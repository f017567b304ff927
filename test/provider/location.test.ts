// CustomerLocation's check and diff, through the engine as both flavours run it.
import { expect } from "chai";
import { engine } from "../../provider/src/engine";
import { UNKNOWN } from "../../provider/src/lifecycle/unknowns";
import { locationArgs, userArgs } from "./fixtures";

const props = (fs: { property: string }[]) => fs.map((f) => f.property);
const long = "L".repeat(81);

async function checked(args: Record<string, unknown>) {
  const r = await engine.check("CustomerLocation", {}, args);
  expect(r.failures, JSON.stringify(r.failures)).to.deep.equal([]);
  return r.inputs;
}

describe("CustomerLocation check", () => {
  it("accepts the fixture and fills adopt's default", async () => {
    expect((await checked(locationArgs())).adopt).to.equal(false);
  });

  it("names the field path of each bad or missing field, nested ones included", async () => {
    const { timeZone: _omitted, ...rest } = locationArgs();
    const r = await engine.check("CustomerLocation", {}, {
      ...rest, preferredLanguage: "english", address: { ...locationArgs().address, postalCode: "", country: "usa", city: undefined },
    });
    expect(props(r.failures)).to.have.members(["timeZone", "preferredLanguage", "address.postalCode", "address.country", "address.city"]);
  });

  it("refuses a misspelt nested argument by its path", async () => {
    const r = await engine.check("CustomerLocation", {}, { ...locationArgs(), address: { ...locationArgs().address, zip: "78701" } });
    expect(props(r.failures)).to.deep.equal(["address.zip"]);
  });

  it("refuses a name over 80 characters only when the customer has a calling package", async () => {
    const calling = await engine.check("CustomerLocation", {}, { ...locationArgs(), name: long, customerPackages: ["webex_calling"] });
    expect(props(calling.failures)).to.deep.equal(["name"]);
    expect(calling.failures[0]!.reason).to.match(/at most 80 characters .*calling package \(81 given\)/);
    await checked({ ...locationArgs(), name: long, customerPackages: ["webex_meetings"] });
    await checked({ ...locationArgs(), name: long });
    // Not known until apply: nothing to refuse yet.
    await checked({ ...locationArgs(), name: long, customerPackages: UNKNOWN });
  });

  it("refuses a name over the API's own limit whatever the packages", async () => {
    const r = await engine.check("CustomerLocation", {}, { ...locationArgs(), name: "L".repeat(257) });
    expect(props(r.failures)).to.deep.equal(["name"]);
  });
});

describe("CustomerLocation diff", () => {
  it("updates name, time zone, language, address and notes in place", async () => {
    const olds = await checked(locationArgs());
    const news = await checked({ ...locationArgs(), name: "Austin downtown", timeZone: "America/Denver", preferredLanguage: "es_us",
      address: { ...locationArgs().address, address2: "Suite 200" }, notes: "Drive-through" });
    const d = await engine.diff("CustomerLocation", "id", olds, news);
    expect(d).to.include({ changes: true, deleteBeforeReplace: false });
    expect(d.changed).to.have.members(["name", "timeZone", "preferredLanguage", "address", "notes"]);
    expect(d.replaces).to.deep.equal([]);
  });

  it("replaces on an announcementLanguage change (with a new name: the old location cannot be deleted)", async () => {
    const olds = await checked(locationArgs());
    const d = await engine.diff("CustomerLocation", "id", olds, await checked({ ...locationArgs(), name: "Austin (fr)", announcementLanguage: "fr_fr" }));
    expect(d.replaces).to.deep.equal(["announcementLanguage"]);
    expect(d.deleteBeforeReplace).to.equal(false);
  });

  it("refuses, at preview, a replacement that keeps the name the live location still holds", async () => {
    const olds = await checked(locationArgs());
    const err = await engine.diff("CustomerLocation", "id", olds, await checked({ ...locationArgs(), announcementLanguage: "fr_fr" })).catch((e: Error) => e);
    expect(err).to.be.instanceOf(Error);
    expect((err as Error).message).to.match(/CustomerLocation: replacing location "Austin shop" \(changed: announcementLanguage\) needs a new name/);
  });
});

describe("CustomerUser at a location (plan-time checks)", () => {
  const customerId = userArgs().customerId;

  it("refuses a location of another customer, naming locationId", async () => {
    const r = await engine.check("CustomerUser", {}, { ...userArgs(), locationId: "loc-1", locationCustomerId: "other-customer" });
    expect(props(r.failures)).to.deep.equal(["locationId"]);
    expect(r.failures[0]!.reason).to.match(/belongs to customer other-customer/);
    await checked2({ ...userArgs(), locationId: "loc-1", locationCustomerId: customerId });
    await checked2({ ...userArgs(), locationId: "loc-1", locationCustomerId: UNKNOWN });
  });

  it("refuses a second user of the program with the same extension in the same customer", async () => {
    const ext = "7001";
    await checked2({ ...userArgs(), email: "one@pizza.example", extension: ext });
    // The same user checked again (preview, then up) is not a duplicate of itself.
    await checked2({ ...userArgs(), email: "one@pizza.example", extension: ext });
    const dup = await engine.check("CustomerUser", {}, { ...userArgs(), email: "two@pizza.example", extension: ext });
    expect(props(dup.failures)).to.deep.equal(["extension"]);
    expect(dup.failures[0]!.reason).to.match(/extension 7001 of customer .* is already taken by CustomerUser email one@pizza.example/);
    // Another customer may use it.
    await checked2({ ...userArgs(), customerId: "other-customer", email: "three@pizza.example", extension: ext });
  });
});

async function checked2(args: Record<string, unknown>) {
  const r = await engine.check("CustomerUser", {}, args);
  expect(r.failures, JSON.stringify(r.failures)).to.deep.equal([]);
}
