import { expect } from "chai";
import type { RunningEmulator } from "../../backend/src";
import { admin, client, expectError, makeCustomer, makeTemplate, start, type Client } from "./helpers";

const S = "/v1/wholesale/subscribers";

describe("backend: subscribers", () => {
  let emu: RunningEmulator;
  let c: Client;
  let cust: any;
  let hq: string;
  before(async () => { emu = await start(); c = client(emu); });
  after(() => emu.close());
  beforeEach(async () => {
    await admin(emu).post("/_emulator/reset");
    await admin(emu).put("/_emulator/timing", { customers: { mode: "immediate" }, customerUpdates: { mode: "immediate" }, customerDeletes: { mode: "immediate" } });
    cust = await makeCustomer(c, await makeTemplate(c), 1);
    hq = (await c.get(`/v1/locations?orgId=${encodeURIComponent(cust.orgId)}`)).body.items[0].id;
  });
  const user = (email: string, pkg = "webex_calling", params: Record<string, unknown> = {}) =>
    ({ customerId: cust.id, email, packages: [pkg], provisioningParameters: { firstName: "Ada", lastName: "Lovelace", ...params } });

  it("provisions (200), gets, updates (200) and deletes (204) a user", async () => {
    const r = await c.post(S, user("ada@customer.example", "webex_calling", { primaryPhoneNumber: "+14085550101", extension: "0101" }));
    expect(r.status).to.equal(200);
    const s = r.body;
    expect(s).to.include({ email: "ada@customer.example", customerId: cust.id, externalCustomerId: "ext-1", package: "webex_calling", status: "provisioned",
      firstName: "Ada", lastName: "Lovelace", primaryPhoneNumber: "+14085550101", extension: "0101", locationId: hq });
    expect(s.packages).to.deep.equal(["webex_calling"]);
    expect(Buffer.from(s.personId, "base64url").toString()).to.match(/\/PEOPLE\//);
    expect(Buffer.from(s.id, "base64url").toString()).to.match(/\/SUBSCRIBER\//);
    expect(r.headers.get("location")).to.match(new RegExp(`${S}/${s.id}$`));
    expect((await c.get(`${S}/${s.id}`)).body).to.deep.equal(s);

    const u = await c.put(`${S}/${s.id}`, { packages: ["webex_suite"] });
    expect(u.status, JSON.stringify(u.body)).to.equal(400); // the customer has no webex_suite
    expect(u.body.errors[0].errorCode).to.equal(10015);
    const u2 = await c.put(`${S}/${s.id}`, { packages: ["webex_meetings"] });
    expect(u2.status).to.equal(200);
    expect(u2.body).to.include({ package: "webex_meetings" });
    const u3 = await c.put(`${S}/${s.id}`, { package: "webex_calling", provisioningParameters: { extension: "0202" } });
    expect(u3.body).to.include({ package: "webex_calling", extension: "0202" });

    expect((await c.del(`${S}/${s.id}`)).status).to.equal(204);
    expectError(await c.get(`${S}/${s.id}`), 404, 10040);
  });

  it("answers 202 pending_user_migration for a free-account email, provisioned after consent", async () => {
    await admin(emu).post("/_emulator/free-accounts", { email: "free@gmail.example" });
    const r = await c.post(S, user("free@gmail.example", "webex_meetings"));
    expect(r.status).to.equal(202);
    expect(r.body.status).to.equal("pending_user_migration");
    expect(r.body).to.not.have.property("personId");
    const k = await admin(emu).post(`/_emulator/free-accounts/${encodeURIComponent("free@gmail.example")}/consent`);
    expect(k.status).to.equal(200);
    const g = await c.get(`${S}/${r.body.id}`);
    expect(g.body.status).to.equal("provisioned");
    expect(g.body.personId).to.be.a("string");
  });

  it("lists with filters, sorting and paging (Link rel=next/prev)", async () => {
    for (let i = 0; i < 5; i++) await c.post(S, user(`u${i}@customer.example`, "webex_meetings"));
    const all = (await c.get(S)).body.items;
    expect(all.map((s: any) => s.email)).to.deep.equal([0, 1, 2, 3, 4].map((i) => `u${i}@customer.example`));
    expect((await c.get(`${S}?sortOrder=desc`)).body.items[0].email).to.equal("u4@customer.example");
    expect((await c.get(`${S}?email=U2@customer.example`)).body.items).to.have.length(1);
    expect((await c.get(`${S}?customerId=${cust.id}`)).body.items).to.have.length(5);
    expect((await c.get(`${S}?externalCustomerId=ext-1`)).body.items).to.have.length(5);
    expect((await c.get(`${S}?externalCustomerId=nope`)).body.items).to.have.length(0);
    expect((await c.get(`${S}?personId=${encodeURIComponent(all[3].personId)}`)).body.items.map((s: any) => s.email)).to.deep.equal(["u3@customer.example"]);
    expect((await c.get(`${S}?status=pending_user_migration`)).body.items).to.have.length(0);
    expect((await c.get(`${S}?after=${Date.now() + 60_000}`)).body.items).to.have.length(0);
    expect((await c.get(`${S}?lastStatusChange=2000-01-01T00:00:00Z`)).body.items).to.have.length(5);
    expectError(await c.get(`${S}?max=101`), 400, 10003);
    expectError(await c.get(`${S}?sortBy=name`), 400, 10003);
    expectError(await c.get(`${S}?after=yesterday`), 400, 10003);

    const p1 = await c.get(`${S}?max=2`);
    expect(p1.body.items).to.have.length(2);
    const next = /<([^>]+)>; rel="next"/.exec(p1.headers.get("link")!)![1]!;
    const p2 = await c.get(next.replace(emu.url, ""));
    expect(p2.body.items.map((s: any) => s.email)).to.deep.equal(["u2@customer.example", "u3@customer.example"]);
    expect(p2.headers.get("link")).to.match(/offset=0&max=2>; rel="prev"/);
    const p3 = await c.get(`${S}?max=2&offset=4`);
    expect(p3.body.items).to.have.length(1);
    expect(p3.headers.get("link")).to.not.match(/rel="next"/);
  });

  it("validates (precheck)", async () => {
    const ok = await c.post(`${S}/validate`, { customerId: cust.id, email: "new@customer.example", packages: ["webex_meetings"] });
    expect(ok.status).to.equal(200);
    expect(ok.body.message).to.equal("success");
    await c.post(S, user("taken@customer.example", "webex_meetings"));
    expectError(await c.post(`${S}/validate`, { email: "taken@customer.example" }), 409, 10022);
    expectError(await c.post(`${S}/validate`, { customerId: cust.id, email: "n2@customer.example", packages: ["webex_calling"] }), 400, 10016);
    expect((await c.get(S)).body.items).to.have.length(1);
  });

  describe("rules", () => {
    it("the customer must be this partner's (404) and provisioned (409 10030)", async () => {
      expectError(await c.post(S, { ...user("a@customer.example", "webex_meetings"), customerId: "nope" }), 404, 10040);
      await admin(emu).put("/_emulator/timing", { customers: { mode: "reads", reads: 50 } });
      const r = await c.post("/v1/wholesale/customers", { ...(await c.get(`/v1/wholesale/customers/${cust.id}`)).body, externalId: "ext-2", customerInfo: { name: "Two", primaryEmail: "two@customer.example" }, orgId: undefined, provisioningId: cust.provisioningId });
      expect(r.status, JSON.stringify(r.body)).to.equal(202);
      expectError(await c.post(S, { ...user("a@customer.example", "webex_meetings"), customerId: r.body.url.split("/").pop() }), 409, 10030);
    });
    it("the package must be one the customer holds (400 10015)", async () => {
      expectError(await c.post(S, user("a@customer.example", "webex_suite", { extension: "1234" })), 400, 10015);
    });
    it("a calling package needs a number or extension (400 10016)", async () => {
      const b = expectError(await c.post(S, user("a@customer.example", "webex_calling")), 400, 10016);
      expect(b.errors[0].description).to.match(/^provisioningParameters\.primaryPhoneNumber: /);
      expect((await c.post(S, user("b@customer.example", "webex_calling", { extension: "2001" }))).status).to.equal(200);
    });
    it("locationId must be one of the customer's locations (400 10017)", async () => {
      expectError(await c.post(S, user("a@customer.example", "webex_calling", { extension: "2001", locationId: "Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OL3g" })), 400, 10017);
      expect((await c.post(S, user("b@customer.example", "webex_calling", { extension: "2002", locationId: hq }))).body.locationId).to.equal(hq);
    });
    it("numbers and extensions are unique within a customer (409 10023 / 10024)", async () => {
      await c.post(S, user("a@customer.example", "webex_calling", { primaryPhoneNumber: "+1-408-555-0101", extension: "101" }));
      expectError(await c.post(S, user("b@customer.example", "webex_calling", { primaryPhoneNumber: "+14085550101" })), 409, 10023);
      expectError(await c.post(S, user("c@customer.example", "webex_calling", { extension: "101" })), 409, 10024);
      const other = await makeCustomer(c, cust.provisioningId, 2);
      expect((await c.post(S, { ...user("d@customer.example", "webex_calling", { primaryPhoneNumber: "+14085550101", extension: "101" }), customerId: other.id })).status).to.equal(200);
    });
    it("an email belongs to one user across customers and partners (409 10022)", async () => {
      await c.post(S, user("a@customer.example", "webex_meetings"));
      const b = expectError(await c.post(S, user("A@Customer.example", "webex_meetings")), 409, 10022);
      expect(b.errors[0].description).to.equal("The email is already associated with an existing user.");
      const other = await makeCustomer(c, cust.provisioningId, 2);
      expectError(await c.post(S, { ...user("a@customer.example", "webex_meetings"), customerId: other.id }), 409, 10022);
      // another customer's admin email is taken too
      expectError(await c.post(S, user("admin2@customer.example", "webex_meetings")), 409, 10022);
    });
    it("the full administrator gets one of the org's packages (400 10018) and cannot be downgraded (400 10019)", async () => {
      // org packages webex_calling + webex_meetings: webex_suite is not the org's
      const b = expectError(await c.post(S, user("admin1@customer.example", "webex_suite", { extension: "1000" })), 400, 10018);
      expect(b.errors[0].description).to.match(/administrator must have the org's package/);
      const a = await c.post(S, user("admin1@customer.example", "webex_calling", { extension: "1000" }));
      expect(a.status).to.equal(200);
      expectError(await c.put(`${S}/${a.body.id}`, { packages: ["webex_meetings"] }), 400, 10019);
      // an ordinary user may move down
      const u = await c.post(S, user("plain@customer.example", "webex_calling", { extension: "1001" }));
      expect((await c.put(`${S}/${u.body.id}`, { packages: ["webex_meetings"] })).status).to.equal(200);
      // after the org adds webex_suite, moving the admin up is allowed
      await c.put(`/v1/wholesale/customers/${cust.id}`, { packages: ["webex_suite", "webex_calling", "webex_meetings"] });
      expect((await c.put(`${S}/${a.body.id}`, { packages: ["webex_suite"] })).status).to.equal(200);
    });
    it("packages and package are exclusive; packages has exactly one item (400)", async () => {
      expectError(await c.post(S, { ...user("a@customer.example", "webex_meetings"), package: "webex_meetings" }), 400, 10002);
      expectError(await c.post(S, { ...user("a@customer.example", "webex_meetings"), packages: ["webex_meetings", "webex_calling"] }), 400, 10002);
      expectError(await c.post(S, { ...user("a@customer.example", "webex_meetings"), packages: ["cisco_calling_plan"] }), 400, 10002);
    });
  });
});
