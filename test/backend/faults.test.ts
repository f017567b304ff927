import { expect } from "chai";
import type { RunningEmulator } from "../../backend/src";
import { admin, client, customerBody, expectError, makeTemplate, start, type Client } from "./helpers";

const C = "/v1/wholesale/customers";

describe("backend: rate limiting, faults and journal", () => {
  let emu: RunningEmulator;
  let c: Client;
  let a: Client;
  before(async () => { emu = await start(); c = client(emu); a = admin(emu); });
  after(() => emu.close());
  beforeEach(async () => { await a.post("/_emulator/reset"); await a.put("/_emulator/rate-limit", { rps: null }); });

  it("rate limiting is off by default; per token it answers 429 with Retry-After", async () => {
    expect((await a.get("/_emulator/rate-limit")).body).to.deep.equal({ rps: null });
    for (let i = 0; i < 20; i++) expect((await c.get(C)).status).to.equal(200);
    expect((await a.put("/_emulator/rate-limit", { rps: 0.2, burst: 3 })).body).to.deep.equal({ rps: 0.2, burst: 3 });
    const statuses: number[] = [];
    let limited: any;
    for (let i = 0; i < 5; i++) {
      const r = await c.get(C);
      statuses.push(r.status);
      if (r.status === 429) limited = r;
    }
    expect(statuses).to.deep.equal([200, 200, 200, 429, 429]);
    expectError(limited, 429, 10060);
    expect(Number(limited.headers.get("retry-after"))).to.be.at.least(1);
    // another token has its own bucket
    const other = (await a.post("/_emulator/partners/dev-partner/tokens", {})).body.token;
    expect((await client(emu, other).get(C)).status).to.equal(200);
    // the control plane is never limited
    expect((await a.get("/_emulator/stats")).body.rateLimited).to.equal(2);
  });

  it("fault: status with Retry-After for the next N matching requests", async () => {
    const f = await a.post("/_emulator/faults", { method: "GET", path: "/v1/wholesale/customers", times: 2, status: 503, retryAfter: 7 });
    expect(f.status).to.equal(201);
    const r1 = await c.get(C);
    expectError(r1, 503, 10070);
    expect(r1.headers.get("retry-after")).to.equal("7");
    expect((await c.get(C)).status).to.equal(503);
    expect((await c.get(C)).status).to.equal(200);
    expect((await c.post(C, {})).status).to.equal(400); // other method: not matched
    const list = (await a.get("/_emulator/faults")).body;
    expect(list.items[0]).to.include({ id: f.body.id, fired: 2, remaining: 0 });
  });

  it("fault: glob and route patterns match concrete paths", async () => {
    await a.post("/_emulator/faults", { path: "/v1/wholesale/customers/*", status: 500, times: 1 });
    await a.post("/_emulator/faults", { method: "DELETE", path: "/v1/wholesale/subscribers/:subscriberId", status: 423, times: 1 });
    expectError(await c.get(`${C}/abc`), 500);
    expect((await c.get(`${C}/abc`)).status).to.equal(404);
    expectError(await c.del("/v1/wholesale/subscribers/xyz"), 423);
  });

  it("fault: seeded probability fires the same way for the same seed", async () => {
    const run = async () => {
      await a.del("/_emulator/faults");
      await a.post("/_emulator/faults", { path: "/v1/wholesale/**", probability: 0.5, seed: 42, status: 502 });
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await c.get(C)).status);
      return out;
    };
    const first = await run();
    expect(first).to.include(502).and.to.include(200);
    expect(await run()).to.deep.equal(first);
  });

  it("fault: latency delays the answer", async () => {
    await a.post("/_emulator/faults", { path: C, latencyMs: 300, times: 1 });
    const t0 = Date.now();
    expect((await c.get(C)).status).to.equal(200);
    expect(Date.now() - t0).to.be.at.least(280);
  });

  it("fault: applyThenFail performs the write, then fails the response (duplicate creation hazard)", async () => {
    await a.put("/_emulator/timing", { customers: { mode: "immediate" } });
    const pid = await makeTemplate(c);
    await a.post("/_emulator/faults", { method: "POST", path: C, applyThenFail: true, status: 504, times: 1 });
    const r = await c.post(C, customerBody(pid, 1));
    expectError(r, 504, 10070);
    expect(r.headers.get("location")).to.equal(null);
    const items = (await c.get(C)).body.items;
    expect(items).to.have.length(1);
    expect(items[0].externalId).to.equal("ext-1");
    // a naive retry now hits the uniqueness rule
    expectError(await c.post(C, customerBody(pid, 1)), 409, 10020);
    expect((await a.get("/_emulator/stats")).body.faultsFired).to.equal(1);
  });

  it("fault rules can be removed one by one or all", async () => {
    const f1 = (await a.post("/_emulator/faults", { path: C, status: 500 })).body;
    await a.post("/_emulator/faults", { path: "/v1/locations", status: 500 });
    expect((await a.del(`/_emulator/faults/${f1.id}`)).status).to.equal(204);
    expect((await a.del(`/_emulator/faults/${f1.id}`)).status).to.equal(404);
    expect((await c.get(C)).status).to.equal(200);
    expect((await c.get("/v1/locations")).status).to.equal(500);
    await a.del("/_emulator/faults");
    expect((await c.get("/v1/locations")).status).to.equal(200);
    expectError(await a.post("/_emulator/faults", { path: C }), 400); // does nothing: refused
  });

  it("journal: entries and counts by METHOD route; control-plane calls are not journaled", async () => {
    await a.del("/_emulator/journal");
    await c.get(C);
    await c.get(`${C}/one`);
    await c.get(`${C}/two`);
    await c.post(C, { nope: true });
    const j = (await a.get("/_emulator/journal")).body;
    expect(j.counts).to.deep.equal({ "GET /v1/wholesale/customers": 1, "GET /v1/wholesale/customers/:customerId": 2, "POST /v1/wholesale/customers": 1 });
    expect(j.entries).to.have.length(4);
    expect(j.entries[1]).to.include({ method: "GET", route: "/v1/wholesale/customers/:customerId", path: `${C}/one`, status: 404, partnerId: "dev-partner" });
    expect(j.entries[1].trackingId).to.match(/^ROUTER_/);
    const since = (await a.get(`/_emulator/journal?since=${j.entries[2].seq}`)).body;
    expect(since.counts).to.deep.equal({ "POST /v1/wholesale/customers": 1 });
  });
});
