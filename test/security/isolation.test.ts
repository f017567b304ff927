// Isolation between partners, read-only tokens and the control plane, over every route of the
// emulator (the matrix comes from the app's route table, so a new route is covered as soon as it
// exists). Partner A owns a template, a customer, its location and a user; partner B tries every
// method of every route on A's ids and references: it gets exactly the answer an unknown id gets
// (404, never a 403 that would confirm the id exists), sees none of A's objects in any list or
// filter, and A's objects stay unchanged.
import { expect } from "chai";
import type { RunningEmulator } from "../../backend/src";
import type { RouteEntry } from "../../backend/src/http/routeTable";
import {
  audience, auth, expectOfficialError, fillPath, routeKey, seedPartner, send, startTarget, validBodies, type Fixtures, type Req, type Res,
} from "./support";

/** A's values that B must never learn (other than those B itself sent). */
const secretsOf = (a: Fixtures): string[] =>
  [a.templateId, a.provisioningId, a.templateName, a.customerId, a.externalId, a.adminEmail, a.orgId, a.subscriberId, a.personId, a.subscriberEmail, a.locationId];

/** Filters of the list routes, each set to A's value of the same kind. */
const filtersOf = (a: Fixtures): Record<string, string> => ({
  externalId: a.externalId, orgId: a.orgId, customerId: a.customerId, personId: a.personId, externalCustomerId: a.externalId, email: a.subscriberEmail,
});

/** Replace every occurrence of B's references in a body by A's (or by unknown ones). */
function retarget(body: Record<string, unknown>, from: Fixtures, to: Partial<Record<"provisioningId" | "customerId" | "locationId", string>>): Record<string, unknown> {
  let text = JSON.stringify(body);
  for (const k of ["provisioningId", "customerId", "locationId"] as const) {
    if (to[k] !== undefined) text = text.split(JSON.stringify(from[k])).join(JSON.stringify(to[k]));
  }
  return JSON.parse(text) as Record<string, unknown>;
}

describe("isolation: partners, read-only tokens and the control plane (every route, every method)", function () {
  this.timeout(120_000);
  let emu: RunningEmulator;
  let a: Fixtures;
  let b: Fixtures;
  let aReadOnly: string;
  let routes: RouteEntry[];
  let checked = 0;

  const admin = (method: string, url: string, body?: unknown) =>
    send(emu, { method, url, headers: auth(emu.adminToken), ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

  before(async () => {
    emu = await startTarget();
    routes = [...emu.app.routeTable];
    a = await seedPartner(emu, emu.devToken, "iso-a");
    expect((await admin("POST", "/_emulator/partners", { name: "Rival", id: "rival" })).status).to.equal(201);
    const bToken = (await admin("POST", "/_emulator/partners/rival/tokens", {})).json.token as string;
    b = await seedPartner(emu, bToken, "iso-b");
    aReadOnly = (await admin("POST", `/_emulator/partners/${emu.devPartnerId}/tokens`, { readOnly: true })).json.token as string;
  });
  after(async () => {
    console.log(`      isolation: ${checked} requests over ${routes?.length ?? 0} routes`);
    await emu?.close();
  });

  /** Everything A owns, as A sees it (objects and lists). */
  async function snapshotOfA(): Promise<unknown[]> {
    const get = async (url: string) => (await send(emu, { method: "GET", url, headers: auth(a.partnerToken) })).json;
    return Promise.all([
      get(`/v1/wholesale/onboardingTemplates/${a.templateId}`), get(`/v1/wholesale/customers/${a.customerId}`),
      get(`/v1/wholesale/subscribers/${a.subscriberId}`), get(`/v1/locations/${a.locationId}`),
      get("/v1/wholesale/onboardingTemplates"), get("/v1/wholesale/customers"), get("/v1/wholesale/subscribers"), get("/v1/locations"),
    ]);
  }

  /** Send as `token`; unless that is A's own token, the answer must not contain any of A's values the request did not carry. */
  async function call(r: RouteEntry, token: string, req: Omit<Req, "method" | "headers">): Promise<Res> {
    checked++;
    const res = await send(emu, { method: r.method, headers: auth(token), ...req });
    const sent = `${req.url} ${req.body ?? ""}`;
    for (const s of token === a.partnerToken || token === aReadOnly ? [] : secretsOf(a)) {
      if (!sent.includes(s) && !sent.includes(encodeURIComponent(s))) {
        expect(res.text.includes(s), `${routeKey(r)} as another partner revealed ${s}: ${res.text.slice(0, 300)}`).to.equal(false);
      }
    }
    expect(res.status, `${routeKey(r)}: ${res.text.slice(0, 200)}`).to.be.below(500);
    return res;
  }

  const partnerRoutes = () => routes.filter((r) => audience(r) === "partner");
  const bodyFor = (r: RouteEntry, fx: Fixtures) => validBodies(fx)[routeKey(r)];

  it("another partner's ids get the same 404 as unknown ids on every route and method, and change nothing", async () => {
    const byId = partnerRoutes().filter((r) => r.url.includes("/:"));
    expect(byId.length, "routes addressing one object").to.be.greaterThan(10);
    const before = await snapshotOfA();
    for (const r of byId) {
      const body = bodyFor(r, b);
      const payload = body ? { body: JSON.stringify(body) } : {};
      const foreign = await call(r, b.partnerToken, { url: fillPath(r.url, a), ...payload });
      const unknownIds = Object.fromEntries([...r.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => [m[1]!, `unknown-${m[1]}`]));
      const unknown = await call(r, b.partnerToken, { url: fillPath(r.url, a, unknownIds), ...payload });
      expect(foreign.status, `${routeKey(r)} on A's object as B: ${foreign.text}`).to.equal(404);
      expect(unknown.status, routeKey(r)).to.equal(404);
      if (r.method !== "HEAD") {
        expectOfficialError(foreign, routeKey(r));
        expect(foreign.json.errors[0].errorCode).to.equal(unknown.json.errors[0].errorCode);
        // Same wording: only the id differs.
        let msg = unknown.json.message as string;
        for (const [name, id] of Object.entries(unknownIds)) msg = msg.split(id).join((a as unknown as Record<string, string>)[name]!);
        expect(foreign.json.message, routeKey(r)).to.equal(msg);
      }
      expect(await snapshotOfA(), `${routeKey(r)} as B changed A's objects`).to.deep.equal(before);
    }
  });

  it("lists and every filter show another partner nothing of A (and A everything, so the filters are live)", async () => {
    // A partner that never put A's ids in a path: what it sees (its journal included) must hold none of them.
    expect((await admin("POST", "/_emulator/partners", { name: "Third", id: "third" })).status).to.equal(201);
    const c = await seedPartner(emu, (await admin("POST", "/_emulator/partners/third/tokens", {})).json.token as string, "iso-c");
    const lists = partnerRoutes().filter((r) => !r.url.includes("/:") && (r.method === "GET" || r.method === "HEAD"));
    expect(lists.map(routeKey)).to.include.members(["GET /v1/wholesale/customers", "GET /v1/wholesale/subscribers", "GET /v1/wholesale/onboardingTemplates", "GET /v1/locations"]);
    const queries = ["", ...Object.entries(filtersOf(a)).map(([k, v]) => `?${k}=${encodeURIComponent(v)}`)];
    let seenByA = 0;
    for (const r of lists) {
      for (const q of queries) {
        const res = await call(r, c.partnerToken, { url: `${r.url}${q}` });
        if (r.method === "GET" && Array.isArray(res.json?.items)) {
          const ids = res.json.items.map((x: { id: string }) => x.id);
          for (const id of [a.templateId, a.customerId, a.subscriberId, a.locationId]) expect(ids, `${routeKey(r)}${q}`).to.not.include(id);
        }
        // The positive control: the same request as A finds A's objects.
        const mine = await send(emu, { method: r.method, url: `${r.url}${q}`, headers: auth(a.partnerToken) });
        if (r.method === "GET" && secretsOf(a).some((s) => mine.text.includes(s) && !q.includes(encodeURIComponent(s)))) seenByA++;
      }
    }
    expect(seenByA, "A sees its own objects through these lists").to.be.greaterThan(lists.length);
  });

  it("creating or prechecking with another partner's references is refused exactly like unknown references", async () => {
    const writes = partnerRoutes().filter((r) => r.method === "POST" && !r.url.includes("/:"));
    const before = await snapshotOfA();
    const countOfB = async () => JSON.stringify(await Promise.all(["/v1/wholesale/customers", "/v1/wholesale/subscribers"].map(async (u) =>
      (await send(emu, { method: "GET", url: u, headers: auth(b.partnerToken) })).json.items.length)));
    for (const r of writes) {
      const body = bodyFor(r, b);
      if (!body || !/provisioningId|customerId|locationId/.test(JSON.stringify(body))) continue;
      const bBefore = await countOfB();
      const foreign = await call(r, b.partnerToken, { url: r.url, body: JSON.stringify(retarget(body, b, a)) });
      const unknown = await call(r, b.partnerToken, { url: r.url, body: JSON.stringify(retarget(body, b, { provisioningId: "unknown-p", customerId: "unknown-c", locationId: "unknown-l" })) });
      expect(foreign.status, `${routeKey(r)} with A's references: ${foreign.text}`).to.be.oneOf([400, 404]);
      expect(foreign.status, routeKey(r)).to.equal(unknown.status);
      expect(foreign.json.errors[0].errorCode, routeKey(r)).to.equal(unknown.json.errors[0].errorCode);
      expect(await countOfB(), `${routeKey(r)}: nothing created for B`).to.equal(bBefore);
      // A location of A given for a user of B's own customer: refused like an unknown location.
      if (routeKey(r) === "POST /v1/wholesale/subscribers") {
        const withLocation = (locationId: string) => {
          const x = JSON.parse(JSON.stringify(body)) as { provisioningParameters: Record<string, unknown> };
          x.provisioningParameters.locationId = locationId;
          return JSON.stringify(x);
        };
        const foreignLocation = await call(r, b.partnerToken, { url: r.url, body: withLocation(a.locationId) });
        const unknownLocation = await call(r, b.partnerToken, { url: r.url, body: withLocation("unknown-l") });
        expect(foreignLocation.status, foreignLocation.text).to.equal(400);
        expect(foreignLocation.json.errors[0].errorCode).to.equal(10017).and.equal(unknownLocation.json.errors[0].errorCode);
      }
    }
    // Emails are unique across Webex, so a clash says only that: the official 409, nothing of A's.
    const clash = await call(routes.find((x) => routeKey(x) === "POST /v1/wholesale/subscribers")!, b.partnerToken, {
      url: "/v1/wholesale/subscribers", body: JSON.stringify({ ...bodyFor(routes.find((x) => routeKey(x) === "POST /v1/wholesale/subscribers")!, b), email: a.subscriberEmail }),
    });
    expect(clash.status).to.equal(409);
    expect(clash.json.message).to.equal("The email is already associated with an existing user.");
    // So is an org: attaching A's org is the official 409 (naming only the org B sent).
    const customers = routes.find((x) => routeKey(x) === "POST /v1/wholesale/customers")!;
    const attach = await call(customers, b.partnerToken, { url: customers.url, body: JSON.stringify({ ...bodyFor(customers, b), orgId: a.orgId }) });
    expect([attach.status, attach.json.errors[0].errorCode]).to.deep.equal([409, 10027]);
    // Per-partner keys do not collide: B may use A's externalId and template name for its own objects.
    const own = await call(customers, b.partnerToken, { url: customers.url, body: JSON.stringify({ ...bodyFor(customers, b), externalId: a.externalId }) });
    expect(own.status, own.text).to.equal(202);
    const templates = routes.find((x) => routeKey(x) === "POST /v1/wholesale/onboardingTemplates")!;
    const named = await call(templates, b.partnerToken, { url: templates.url, body: JSON.stringify({ ...bodyFor(templates, b), name: a.templateName }) });
    expect(named.status, named.text).to.equal(201);
    expect(await snapshotOfA()).to.deep.equal(before);
  });

  it("a read-only token cannot write: every non-GET route answers 403 and changes nothing; reads still work", async () => {
    const before = await snapshotOfA();
    let writes = 0;
    for (const r of partnerRoutes()) {
      const body = bodyFor(r, a);
      const res = await call(r, aReadOnly, { url: fillPath(r.url, a), ...(body ? { body: JSON.stringify(body) } : {}) });
      if (r.method === "GET" || r.method === "HEAD") {
        expect(res.status, `${routeKey(r)} read-only read: ${res.text.slice(0, 200)}`).to.equal(200);
        continue;
      }
      writes++;
      expect(res.status, `${routeKey(r)} with a read-only token: ${res.text}`).to.equal(403);
      expect(res.json.errors[0].errorCode).to.equal(10051);
      expect(await snapshotOfA(), `${routeKey(r)} with a read-only token changed A`).to.deep.equal(before);
    }
    expect(writes, "write routes tried").to.be.greaterThan(8);
  });

  it("the control plane refuses partner tokens on every route and method (403), and anonymous or unknown tokens (401)", async () => {
    const control = routes.filter((r) => audience(r) === "admin");
    expect(control.length).to.be.greaterThan(15);
    const before = await snapshotOfA();
    for (const r of control) {
      const body = bodyFor(r, a);
      const req = { url: fillPath(r.url, a), ...(body ? { body: JSON.stringify(body) } : {}) };
      for (const [who, token, status] of [["A", a.partnerToken, 403], ["A read-only", aReadOnly, 403], ["B", b.partnerToken, 403], ["nobody", "", 401], ["unknown", "emu_not-a-token", 401]] as const) {
        const res = await call(r, token, req);
        expect(res.status, `${routeKey(r)} as ${who}: ${res.text.slice(0, 200)}`).to.equal(status);
        if (r.method !== "HEAD") expect(res.json.errors[0].errorCode).to.equal(status === 401 ? 10050 : 10051);
      }
    }
    expect(await snapshotOfA(), "refused control-plane calls changed nothing").to.deep.equal(before);
    // And the admin token is no partner: the Webex routes do not take it.
    for (const r of partnerRoutes().filter((x) => x.url.startsWith("/v1/"))) {
      expect((await call(r, emu.adminToken, { url: fillPath(r.url, a) })).status, routeKey(r)).to.equal(401);
    }
  });
});
