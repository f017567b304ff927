// Strict-reality modes, per partner: each test turns one mode on for the dev partner, shows what
// it does, and shows (negative control) that the default strict mode does not do it.
import { expect } from "chai";
import type { RunningEmulator } from "../../backend/src";
import { admin, client, customerBody, expectError, makeCustomer, makeTemplate, start, subscriberBody, templateBody, type Client } from "./helpers";

const C = "/v1/wholesale/customers";
const S = "/v1/wholesale/subscribers";
const T = "/v1/wholesale/onboardingTemplates";
const L = "/v1/locations";
const locationBody = (name: string) => ({ name, timeZone: "America/Chicago", preferredLanguage: "en_us", announcementLanguage: "en_us",
  address: { address1: "1 Main St", city: "Austin", state: "TX", postalCode: "78701", country: "US" } });

/** Poll until `ok` (bounded); returns how many polls it took. */
async function eventually(ok: () => Promise<boolean>, what: string): Promise<number> {
  for (let i = 1; i <= 200; i++) {
    if (await ok()) return i;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never: ${what}`);
}

describe("backend: strict-reality modes", () => {
  let emu: RunningEmulator;
  let c: Client;
  let a: Client;
  let pid: string;
  const modes = (body: Record<string, unknown>) => a.put(`/_emulator/partners/${emu.devPartnerId}/reality`, body);

  before(async () => { emu = await start(); c = client(emu); a = admin(emu); });
  after(() => emu.close());
  beforeEach(async () => {
    await a.post("/_emulator/reset");
    await a.put("/_emulator/timing", { customers: { mode: "immediate" }, customerUpdates: { mode: "immediate" }, customerDeletes: { mode: "immediate" } });
    await modes({ preset: "strict" });
    pid = await makeTemplate(c);
  });

  it("the control plane sets modes per partner, from a preset and fields; admin token only", async () => {
    const r = await modes({ preset: "realistic", visibilityLagMs: 1234 });
    expect(r.status).to.equal(200);
    expect(r.body).to.include({ visibilityLagMs: 1234, enforceUniqueness: false, lostResponseAs: "reset" });
    expect(r.body.lostResponseRate).to.be.greaterThan(0);
    const all = (await a.get("/_emulator/reality")).body;
    expect(all.default).to.include({ visibilityLagMs: 0, enforceUniqueness: true, lostResponseRate: 0 });
    expect(all.partners[emu.devPartnerId]).to.include({ visibilityLagMs: 1234 });
    expectError(await a.put("/_emulator/partners/nobody/reality", { visibilityLagMs: 1 }), 404, 10040);
    expectError(await a.put("/_emulator/reality", { visibilityLagMs: -1 }), 400, 10002);
    expectError(await c.get("/_emulator/reality"), 403, 10051);
  });

  it("visibility lag hides a new customer from ?externalId= and lists, not from GET by id; then it shows", async () => {
    await modes({ visibilityLagMs: 400 });
    const id = (await c.post(C, customerBody(pid, "lag"))).body.url.split("/").pop();
    expect((await c.get(`${C}/${id}`)).body).to.include({ id, externalId: "ext-lag" });
    expect((await c.get(`${C}?externalId=ext-lag`)).body.items).to.deep.equal([]);
    expect((await c.get(C)).body.items).to.deep.equal([]);
    // The key is taken although no lookup shows it: a second create is refused (uniqueness is enforced).
    expectError(await c.post(C, customerBody(pid, "lag")), 409, 10020);
    await eventually(async () => (await c.get(`${C}?externalId=ext-lag`)).body.items.length === 1, "the customer shows in the lookup");
    // Negative control: the strict default shows a new customer at once.
    await modes({ visibilityLagMs: 0 });
    await c.post(C, customerBody(pid, "now"));
    expect((await c.get(`${C}?externalId=ext-now`)).body.items).to.have.length(1);
  });

  it("visibility lag also hides new users (email), templates (list) and locations (name)", async () => {
    const cust = await makeCustomer(c, pid, 1);
    await modes({ visibilityLagMs: 60_000 });
    const user = (await c.post(S, subscriberBody(cust.id, "new@customer.example", {}, { extension: "3001" }))).body;
    expect((await c.get(`${S}/${user.id}`)).status).to.equal(200);
    expect((await c.get(`${S}?email=new@customer.example`)).body.items).to.deep.equal([]);
    const tpl = (await c.post(T, templateBody({ name: "Hidden" }))).body;
    expect((await c.get(`${T}/${tpl.id}`)).status).to.equal(200);
    expect((await c.get(T)).body.items.map((t: any) => t.name)).to.not.include("Hidden");
    const loc = (await c.post(`${L}?orgId=${encodeURIComponent(cust.orgId)}`, locationBody("Hidden Shop"))).body;
    expect((await c.get(`${L}/${loc.id}`)).status).to.equal(200);
    expect((await c.get(`${L}?name=hidden`)).body.items).to.deep.equal([]);
    // Another partner's modes are its own: a partner in the strict default sees its new objects at once.
    await a.post("/_emulator/partners", { name: "Strict", id: "strict-partner" });
    const other = client(emu, (await a.post("/_emulator/partners/strict-partner/tokens", {})).body.token);
    await other.post(T, templateBody({ name: "Visible" }));
    expect((await other.get(T)).body.items.map((t: any) => t.name)).to.deep.equal(["Visible"]);
  });

  it("lax uniqueness: a second POST with the same externalId or email succeeds, and the census counts both", async () => {
    await modes({ enforceUniqueness: false });
    expect((await c.post(C, customerBody(pid, "dup"))).status).to.equal(202);
    expect((await c.post(C, customerBody(pid, "dup"))).status).to.equal(202);
    const cust = (await c.get(`${C}?externalId=ext-dup`)).body.items;
    expect(cust).to.have.length(2);
    expect((await c.post(S, subscriberBody(cust[0].id, "twice@customer.example", { packages: ["webex_meetings"] }))).status).to.equal(200);
    expect((await c.post(S, subscriberBody(cust[1].id, "twice@customer.example", { packages: ["webex_meetings"] }))).status).to.equal(200);
    const census = (await a.get("/_emulator/census")).body;
    expect(census.partners[emu.devPartnerId]["customer.externalId"]).to.deep.equal({ "ext-dup": 2 });
    expect(census.duplicates.map((d: any) => `${d.kind} ${d.key} ${d.count}`)).to.have.members([
      "customer.externalId ext-dup 2", "customer.primaryEmail admindup@customer.example 2", "subscriber.email twice@customer.example 2"]);
    expect(census.extraObjects).to.equal(3);
    // Negative control: enforced (the default), the second POST is refused and the census finds nothing.
    await a.post("/_emulator/reset");
    await modes({ preset: "strict" });
    pid = await makeTemplate(c);
    expect((await c.post(C, customerBody(pid, "dup"))).status).to.equal(202);
    expectError(await c.post(C, customerBody(pid, "dup")), 409, 10020);
    expect((await a.get("/_emulator/census")).body).to.include({ extraObjects: 0 });
  });

  it("lost responses (reset): every write of every resource is applied, and its answer never arrives", async () => {
    const cust = await makeCustomer(c, pid, 1);
    const user = (await c.post(S, subscriberBody(cust.id, "u@customer.example", {}, { extension: "4001" }))).body;
    const tpl = (await c.post(T, templateBody({ name: "Spare" }))).body;
    const org = encodeURIComponent(cust.orgId);
    const hq = (await c.get(`${L}?orgId=${org}`)).body.items[0].id;
    await modes({ lostResponseRate: 1, lostResponseAs: "reset" });
    const lost = async (method: string, path: string, body?: unknown) => {
      const err = await c.call(method, path, body).then((r) => `answered ${r.status}`, (e: Error) => e);
      expect(err, `${method} ${path}`).to.be.instanceOf(Error);
    };
    await lost("POST", T, templateBody({ name: "Lost template" }));
    await lost("PUT", `${T}/${tpl.id}`, templateBody({ name: "Spare renamed" }));
    await lost("POST", C, customerBody(pid, "lost"));
    await lost("PUT", `${C}/${cust.id}`, { packages: ["webex_calling"], externalId: "ext-1-renamed" });
    await lost("POST", S, subscriberBody(cust.id, "lost@customer.example", {}, { extension: "4002" }));
    await lost("PUT", `${S}/${user.id}`, { packages: ["webex_calling"], provisioningParameters: { extension: "4009" } });
    await lost("POST", `${L}?orgId=${org}`, locationBody("Lost Shop"));
    await lost("PUT", `${L}/${hq}`, { notes: "lost answer" });
    await lost("DELETE", `${S}/${user.id}`);
    await lost("DELETE", `${T}/${tpl.id}`);
    // Reads are never lost; every write above was applied.
    await modes({ preset: "strict" });
    expect((await c.get(T)).body.items.map((t: any) => t.name)).to.have.members(["Standard", "Lost template"]);
    expect((await c.get(`${C}/${cust.id}`)).body).to.include({ externalId: "ext-1-renamed" });
    expect((await c.get(`${C}?externalId=ext-lost`)).body.items).to.have.length(1);
    expect((await c.get(`${S}?email=lost@customer.example`)).body.items).to.have.length(1);
    expectError(await c.get(`${S}/${user.id}`), 404);
    expect((await c.get(`${L}?name=lost shop`)).body.items).to.have.length(1);
    expect((await c.get(`${L}/${hq}`)).body).to.include({ notes: "lost answer" });
    const j = (await a.get("/_emulator/journal")).body.entries.filter((e: any) => e.lost);
    expect(j.length).to.equal(10);
    expect(j.every((e: any) => e.lost === "reset" && e.status < 300)).to.equal(true);
  });

  it("lost responses (504): the write is applied and answered 504 10071; a DELETE of a customer too", async () => {
    const cust = await makeCustomer(c, pid, 1);
    await modes({ lostResponseRate: 1, lostResponseAs: "504" });
    const r = await c.del(`${C}/${cust.id}`);
    expectError(r, 504, 10071);
    expect(r.headers.get("location")).to.equal(null);
    expect((await c.post(`${C}/validate`, customerBody(pid, 9))).status).to.equal(200); // a precheck is no write: answered as usual
    // In process (inject) there is no connection to drop: a "reset" is lost as a 504 too, the write applied.
    await modes({ lostResponseRate: 1, lostResponseAs: "reset" });
    const injected = await emu.app.inject({ method: "POST", url: T, headers: { authorization: `Bearer ${emu.devToken}` }, payload: templateBody({ name: "Injected" }) });
    expect(injected.statusCode).to.equal(504);
    await modes({ preset: "strict" });
    expectError(await c.get(`${C}/${cust.id}`), 404);
    expect((await c.get(T)).body.items.map((t: any) => t.name)).to.include("Injected");
  });

  it("slow writes: a caller that gives up early still gets its write applied", async () => {
    await modes({ slowWritesMs: 400 });
    const ctl = new AbortController();
    const pending = fetch(`${emu.baseUrl}/wholesale/onboardingTemplates`, {
      method: "POST", signal: ctl.signal, headers: { authorization: `Bearer ${emu.devToken}`, "content-type": "application/json" },
      body: JSON.stringify(templateBody({ name: "Slow" })),
    });
    setTimeout(() => ctl.abort(), 50);
    expect(await pending.then(() => "answered", (e: Error) => e.name)).to.equal("AbortError");
    await eventually(async () => (await c.get(T)).body.items.some((t: any) => t.name === "Slow"), "the slow write lands");
    // Negative control: without the mode, the same write answers before 50 ms would matter.
    await modes({ slowWritesMs: 0 });
    expect((await c.post(T, templateBody({ name: "Fast" }))).status).to.equal(201);
  });

  it("busy updates: after a PUT the customer stays updating, and writes on it, its users and locations get 409 10026", async () => {
    const cust = await makeCustomer(c, pid, 1);
    const user = (await c.post(S, subscriberBody(cust.id, "b@customer.example", {}, { extension: "5001" }))).body;
    await modes({ busyUpdatesMs: 60_000 });
    expect((await c.put(`${C}/${cust.id}`, { packages: ["webex_calling", "webex_meetings"] })).status).to.equal(202);
    expect((await c.get(`${C}/${cust.id}`)).body.status).to.equal("updating");
    expectError(await c.put(`${C}/${cust.id}`, { packages: ["webex_calling", "webex_meetings"] }), 409, 10026);
    expectError(await c.put(`${S}/${user.id}`, { packages: ["webex_calling"], provisioningParameters: { extension: "5002" } }), 409, 10026);
    expectError(await c.del(`${S}/${user.id}`), 409, 10026);
    expectError(await c.post(`${L}?orgId=${encodeURIComponent(cust.orgId)}`, locationBody("Busy")), 409, 10026);
    // Negative control: strict (with immediate updates) takes the second PUT at once.
    await modes({ busyUpdatesMs: 0 });
    const other = await makeCustomer(c, pid, 2);
    expect((await c.put(`${C}/${other.id}`, { packages: ["webex_calling"] })).status).to.equal(202);
    expect((await c.put(`${C}/${other.id}`, { packages: ["webex_calling", "webex_meetings"] })).status).to.equal(202);
  });

  it("the census reads storage: admin only, per partner, and sees objects the lag hides", async () => {
    await modes({ visibilityLagMs: 60_000 });
    await c.post(C, customerBody(pid, "census"));
    expect((await c.get(C)).body.items).to.deep.equal([]);
    const census = (await a.get(`/_emulator/census?partnerId=${emu.devPartnerId}`)).body;
    expect(census.partners[emu.devPartnerId]["customer.externalId"]).to.deep.equal({ "ext-census": 1 });
    expect(census.partners[emu.devPartnerId]["template.name"]).to.deep.equal({ Standard: 1 });
    expect(Object.keys(census.partners)).to.deep.equal([emu.devPartnerId]);
    expectError(await c.get("/_emulator/census"), 403, 10051);
  });
});

describe("backend: links never reflect the Host header", () => {
  let emu: RunningEmulator;
  after(() => emu?.close());

  it("Location and Link come from the listen address, whatever Host says", async () => {
    emu = await start();
    const c = client(emu);
    const r = await c.call("POST", T, templateBody({ name: "Hosted" }), { host: "evil.example" });
    expect(r.status).to.equal(201);
    expect(r.headers.get("location")).to.equal(`${emu.url}${T}/${r.body.id}`);
    await c.post(T, templateBody({ name: "Second" }));
    const pid = (await c.get(T)).body.items[0].provisioningId;
    await admin(emu).put("/_emulator/timing", { customers: { mode: "immediate" } });
    for (const n of [1, 2]) await c.post(C, customerBody(pid, n));
    const page = await c.call("GET", `${C}?max=1`, undefined, { host: "evil.example", "x-forwarded-host": "evil.example" });
    expect(page.headers.get("link")).to.include(`<${emu.url}${C}?`).and.not.include("evil");
    await emu.close();
  });

  it("with a configured public URL, links use it", async () => {
    emu = await start({ publicUrl: "https://emulator.example/" });
    const r = await client(emu).post(T, templateBody({ name: "Public" }));
    expect(r.headers.get("location")).to.equal(`https://emulator.example${T}/${r.body.id}`);
  });
});
