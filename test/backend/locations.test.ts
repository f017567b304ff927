import Database from "better-sqlite3";
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningEmulator } from "../../backend/src";
import { openDatabase } from "../../backend/src/storage/db";
import { MIGRATIONS } from "../../backend/src/storage/migrations";
import { Repos } from "../../backend/src/storage/repos";
import { admin, client, expectError, makeCustomer, makeTemplate, start, subscriberBody, type Client } from "./helpers";

const L = "/v1/locations";

/** A valid create body (Locations API spelling). */
const locationBody = (name: string, over: Record<string, unknown> = {}) => ({
  name, timeZone: "America/Chicago", preferredLanguage: "en_us", announcementLanguage: "fr_fr",
  address: { address1: "1 Main St", city: "Austin", state: "TX", postalCode: "78701", country: "US" },
  ...over,
});

describe("backend: locations", () => {
  let emu: RunningEmulator;
  let c: Client;
  let pid: string;
  let org: string;
  let q: string;
  before(async () => { emu = await start(); c = client(emu); });
  after(() => emu.close());
  beforeEach(async () => {
    await admin(emu).post("/_emulator/reset");
    await admin(emu).put("/_emulator/timing", { customers: { mode: "immediate" } });
    pid = await makeTemplate(c);
    const cust = await makeCustomer(c, pid, 1); // webex_calling, HQ "Head Office"
    org = cust.orgId;
    q = `?orgId=${encodeURIComponent(org)}`;
  });

  it("creates synchronously: 201 {id} with a Location header, then GET shows it; the HQ stays first", async () => {
    const r = await c.post(`${L}${q}`, locationBody("Austin Shop", { latitude: "30.26", longitude: "-97.74", notes: "corner" }));
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body).to.have.keys("id");
    expect(Buffer.from(r.body.id, "base64url").toString()).to.match(/^ciscospark:\/\/us\/LOCATION\//);
    expect(r.headers.get("location")).to.equal(`${emu.baseUrl}/locations/${r.body.id}`);
    const g = await c.get(`${L}/${r.body.id}${q}`);
    expect(g.status).to.equal(200);
    expect(g.body).to.deep.equal({
      id: r.body.id, name: "Austin Shop", orgId: org, timeZone: "America/Chicago", preferredLanguage: "en_us", announcementLanguage: "fr_fr",
      address: { address1: "1 Main St", city: "Austin", state: "TX", postalCode: "78701", country: "US" }, latitude: "30.26", longitude: "-97.74", notes: "corner",
    });
    expect((await c.get(`${L}${q}`)).body.items.map((l: any) => l.name)).to.deep.equal(["Head Office", "Austin Shop"]);
  });

  it("refuses a create without orgId, with a bad body, or for an org that is not a provisioned customer", async () => {
    expect(expectError(await c.post(L, locationBody("X")), 400, 10003).message).to.match(/^orgId: /);
    expect(expectError(await c.post(`${L}${q}`, { ...locationBody("X"), timeZone: undefined }), 400, 10002).message).to.match(/^timeZone: /);
    expect(expectError(await c.post(`${L}${q}`, locationBody("X", { address: { address1: "a", city: "b", state: "c", postalCode: "1", country: "usa" } })), 400, 10002).message).to.match(/^address\.country: /);
    expectError(await c.post(`${L}?orgId=nope`, locationBody("X")), 404, 10040);
    expect((await c.get(`${L}${q}`)).body.items).to.have.length(1);
  });

  it("lists with name (case-insensitive substring), id and max filters, paging with Link", async () => {
    const ids: string[] = [];
    for (const n of ["Shop North", "Shop South", "Depot"]) ids.push((await c.post(`${L}${q}`, locationBody(n))).body.id);
    expect((await c.get(`${L}${q}&name=shop`)).body.items.map((l: any) => l.name)).to.deep.equal(["Shop North", "Shop South"]);
    expect((await c.get(`${L}${q}&name=SOUTH`)).body.items.map((l: any) => l.name)).to.deep.equal(["Shop South"]);
    expect((await c.get(`${L}${q}&name=nothing`)).body.items).to.deep.equal([]);
    expect((await c.get(`${L}${q}&id=${ids[2]}`)).body.items.map((l: any) => l.name)).to.deep.equal(["Depot"]);
    const p1 = await c.get(`${L}${q}&max=2`);
    expect(p1.body.items.map((l: any) => l.name)).to.deep.equal(["Head Office", "Shop North"]);
    const next = /<([^>]+)>; rel="next"/.exec(p1.headers.get("link") ?? "")?.[1];
    expect(next).to.be.a("string");
    const p2 = await c.get(next!.slice(emu.url.length));
    expect(p2.body.items.map((l: any) => l.name)).to.deep.equal(["Shop South", "Depot"]);
    expect(p2.headers.get("link")).to.match(/rel="prev"/).and.not.match(/rel="next"/);
    expectError(await c.get(`${L}${q}&max=0`), 400, 10003);
  });

  it("updates in place (204): name, timeZone, preferredLanguage, address, latitude, longitude, notes; other fields stay", async () => {
    const id = (await c.post(`${L}${q}`, locationBody("Old Name"))).body.id;
    const r = await c.put(`${L}/${id}${q}`, { name: "New Name", timeZone: "Europe/Paris", preferredLanguage: "fr_fr", notes: "moved",
      address: { address1: "2 Rue", city: "Paris", state: "IDF", postalCode: "75001", country: "FR" }, latitude: "48.85", longitude: "2.35" });
    expect(r.status, JSON.stringify(r.body)).to.equal(204);
    const g = (await c.get(`${L}/${id}`)).body;
    expect(g).to.deep.include({ name: "New Name", timeZone: "Europe/Paris", preferredLanguage: "fr_fr", announcementLanguage: "fr_fr", notes: "moved", latitude: "48.85", longitude: "2.35" });
    expect(g.address.city).to.equal("Paris");
    expect((await c.put(`${L}/${id}${q}`, { notes: "again" })).status).to.equal(204);
    expect((await c.get(`${L}/${id}`)).body).to.deep.include({ name: "New Name", notes: "again", timeZone: "Europe/Paris" });
    expectError(await c.put(`${L}/nope${q}`, { notes: "x" }), 404, 10040);
    expectError(await c.put(`${L}/${id}?orgId=other-org`, { notes: "x" }), 404, 10040);
  });

  it("refuses announcementLanguage in an update (400 naming it), and changes nothing", async () => {
    const id = (await c.post(`${L}${q}`, locationBody("Lyon"))).body.id;
    const b = expectError(await c.put(`${L}/${id}${q}`, { announcementLanguage: "en_us", notes: "x" }), 400, 10002);
    expect(b.message).to.match(/^announcementLanguage: cannot be updated/);
    expect((await c.get(`${L}/${id}`)).body).to.include({ announcementLanguage: "fr_fr" }).and.not.have.property("notes");
  });

  it("the name is unique within a customer, case-insensitively (409 10028), on create and on rename; other customers may reuse it", async () => {
    const first = (await c.post(`${L}${q}`, locationBody("Warehouse"))).body.id;
    const dup = expectError(await c.post(`${L}${q}`, locationBody("warehouse")), 409, 10028);
    expect(dup.message).to.match(/^name: /).and.include(first);
    expectError(await c.post(`${L}${q}`, locationBody("Head Office")), 409, 10028);
    const second = (await c.post(`${L}${q}`, locationBody("Annex"))).body.id;
    expectError(await c.put(`${L}/${second}${q}`, { name: "WAREHOUSE" }), 409, 10028);
    expect((await c.put(`${L}/${first}${q}`, { name: "Warehouse", notes: "same name is fine" })).status).to.equal(204);
    expect((await c.get(`${L}${q}&name=warehouse`)).body.items).to.have.length(1);
    const other = await makeCustomer(c, pid, 2);
    expect((await c.post(`${L}?orgId=${encodeURIComponent(other.orgId)}`, locationBody("Warehouse"))).status).to.equal(201);
  });

  it("a name over 80 characters is refused when the customer holds a calling package, accepted otherwise (≤ 256)", async () => {
    const long = "L".repeat(81);
    expect(expectError(await c.post(`${L}${q}`, locationBody(long)), 400, 10002).message).to.match(/^name: must be at most 80 characters/);
    const id = (await c.post(`${L}${q}`, locationBody("L".repeat(80)))).body.id;
    expectError(await c.put(`${L}/${id}${q}`, { name: long }), 400, 10002);
    const meetings = await makeCustomer(c, pid, "m", { packages: ["webex_meetings"], provisioningParameters: undefined });
    const mq = `?orgId=${encodeURIComponent(meetings.orgId)}`;
    expect((await c.post(`${L}${mq}`, locationBody(long))).status).to.equal(201);
    expectError(await c.post(`${L}${mq}`, locationBody("M".repeat(257))), 400, 10002);
  });

  it("a user can be placed at any location of its customer, not at another customer's", async () => {
    const shop = (await c.post(`${L}${q}`, locationBody("Shop"))).body.id;
    const cust = (await c.get(`/v1/wholesale/customers?orgId=${encodeURIComponent(org)}`)).body.items[0];
    const u = await c.post("/v1/wholesale/subscribers", subscriberBody(cust.id, "shop@customer.example", {}, { extension: "2001", locationId: shop }));
    expect(u.status, JSON.stringify(u.body)).to.equal(200);
    expect(u.body.locationId).to.equal(shop);
    const other = await makeCustomer(c, pid, 3);
    const theirs = (await c.post(`${L}?orgId=${encodeURIComponent(other.orgId)}`, locationBody("Theirs"))).body.id;
    expectError(await c.post("/v1/wholesale/subscribers", subscriberBody(cust.id, "x@customer.example", {}, { extension: "2002", locationId: theirs })), 400, 10017);
  });

  it("another partner gets the same 404 as for an unknown org or location, and sees none in lists", async () => {
    const id = (await c.post(`${L}${q}`, locationBody("Private"))).body.id;
    await admin(emu).post("/_emulator/partners", { name: "Rival", id: "rival-loc" }).catch(() => undefined);
    const o = client(emu, (await admin(emu).post("/_emulator/partners/rival-loc/tokens", {})).body.token);
    const unknownOrg = expectError(await o.post(`${L}?orgId=never-an-org`, locationBody("X")), 404, 10040);
    const theirOrg = expectError(await o.post(`${L}${q}`, locationBody("X")), 404, 10040);
    expect(theirOrg.message).to.equal(unknownOrg.message.replace("never-an-org", org));
    expectError(await o.get(`${L}/${id}`), 404, 10040);
    expectError(await o.put(`${L}/${id}${q}`, { notes: "mine now" }), 404, 10040);
    expect((await o.get(`${L}${q}`)).body.items).to.deep.equal([]);
    expect((await o.get(`${L}?name=Private`)).body.items).to.deep.equal([]);
    expect((await c.get(`${L}/${id}`)).body).to.not.have.property("notes");
  });

  it("scopes: reading needs customers-read, writing customers-write (403 10051)", async () => {
    const ro = client(emu, (await admin(emu).post("/_emulator/partners/dev-partner/tokens", { readOnly: true })).body.token);
    expect((await ro.get(`${L}${q}`)).status).to.equal(200);
    expectError(await ro.post(`${L}${q}`, locationBody("X")), 403, 10051);
    const id = (await ro.get(`${L}${q}`)).body.items[0].id;
    expectError(await ro.put(`${L}/${id}${q}`, { notes: "x" }), 403, 10051);
  });

  it("has no DELETE (405 with Allow), journals the calls, and takes fault rules (applyThenFail keeps the write)", async () => {
    const id = (await c.get(`${L}${q}`)).body.items[0].id;
    const d = expectError(await c.del(`${L}/${id}${q}`), 405, 10042);
    expect(d.message).to.match(/DELETE/);
    expect((await c.call("DELETE", `${L}/${id}`)).headers.get("allow")).to.equal("GET, PUT");
    const j = (await admin(emu).get("/_emulator/journal")).body;
    expect(j.counts[`POST ${L}`] ?? 0).to.equal(0);
    expect(j.counts[`GET ${L}`]).to.be.greaterThan(0);
    await admin(emu).post("/_emulator/faults", { method: "POST", path: L, status: 503, times: 1, applyThenFail: true });
    expectError(await c.post(`${L}${q}`, locationBody("Lost Answer")), 503, 10070);
    expect((await c.get(`${L}${q}&name=Lost Answer`)).body.items).to.have.length(1);
    expect((await admin(emu).get("/_emulator/journal")).body.counts[`POST ${L}`]).to.equal(1);
  });
});

describe("backend: locations storage upgrade", () => {
  it("a database from before the Locations API keeps its HQ locations, as headquarters, and takes new ones", () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-loc-"));
    try {
      const file = join(dir, "old.db");
      const old = new Database(file);
      old.exec(MIGRATIONS[0]!);
      old.pragma("user_version = 1");
      const hq = { id: "loc-1", partnerId: "p", customerId: "c-1", name: "Head Office", orgId: "org-1", timeZone: "UTC", preferredLanguage: "en_us", address: { address1: "a", city: "b", country: "US" } };
      old.prepare("INSERT INTO locations(id, partner_id, customer_id, org_id, doc) VALUES (?, ?, ?, ?, ?)").run(hq.id, hq.partnerId, hq.customerId, hq.orgId, JSON.stringify(hq));
      old.close();
      const db = openDatabase(file);
      const repos = new Repos(db);
      expect(repos.locations.ofCustomer("c-1")).to.deep.equal([{ ...hq, headquarters: true }]);
      expect(repos.locations.byName("c-1", "HEAD OFFICE")?.id).to.equal("loc-1");
      repos.locations.save({ ...hq, id: "loc-2", name: "Annex", headquarters: false });
      expect(repos.locations.list("p").map((l) => l.id)).to.deep.equal(["loc-1", "loc-2"]);
      expect(() => repos.locations.save({ ...hq, id: "loc-3", name: "annex" })).to.throw(/UNIQUE/);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
