// The client's HTTP behaviour against a scripted loopback server: retries, idempotency, timeouts,
// paging, typed errors, secrecy of the token, concurrency and rate limits, keep-alive.
import { expect } from "chai";
import { inspect } from "node:util";
import { clientStats, getClient, ResponseValidationError, WholesaleApiError, WholesaleClient } from "../../provider/src/client";
import type * as wire from "webex-wholesale-wire";
import { FaultServer, fastSettings, type Reply } from "./fault-server";

const CUSTOMERS = "/wholesale/customers";
const TEMPLATES = "/wholesale/onboardingTemplates";

const customer = (id: string, status = "provisioned", extra: object = {}) => ({
  id, externalId: `ext-${id}`, status, packages: ["webex_meetings"], ...extra,
});
const ok = (body: unknown): Reply => ({ status: 200, body });
const provisionBody: wire.CustomerProvisionRequest = {
  provisioningId: "p1", packages: ["webex_meetings"], externalId: "crm-1042",
  address: { addressLine1: "1 Main St", city: "Austin", country: "US" },
};

describe("client HTTP core", () => {
  let server: FaultServer;
  let logs: string[];
  // A fresh client per test: a new server port means a new base URL, hence a fresh limiter.
  const client = (over: Record<string, number | string> = {}): WholesaleClient =>
    new WholesaleClient(fastSettings(server.baseUrl, over), (m) => logs.push(m));

  beforeEach(async () => {
    server = await new FaultServer().start();
    logs = [];
    clientStats.reset();
  });
  afterEach(() => server.close());

  describe("retries", () => {
    it("retries a 429 after Retry-After and counts it", async () => {
      server.route("GET", `${CUSTOMERS}/c1`, [{ status: 429, headers: { "Retry-After": "0.2" }, body: { message: "slow down", trackingId: "T" } }, ok(customer("c1"))]);
      const c = await client().customers.get("c1");
      expect(c?.id).to.equal("c1");
      const [a, b] = server.seen("GET");
      expect(b!.at - a!.at).to.be.at.least(150); // lower bound only: slowness cannot break it
      expect(clientStats).to.include({ throttled: 1, retries: 1 });
      expect(clientStats.requests).to.deep.equal({ GET: 2 });
    });

    it("retries a 429 on POST: the request was refused, not applied", async () => {
      server.route("POST", CUSTOMERS, [
        { status: 429, headers: { "Retry-After": "0" } },
        { status: 202, headers: { Location: `${server.baseUrl}${CUSTOMERS}/new-1` }, body: { url: `${server.baseUrl}${CUSTOMERS}/new-1` } },
      ]);
      const r = await client().customers.provision(provisionBody);
      expect(r.id).to.equal("new-1");
      expect(server.seen("POST")).to.have.length(2);
    });

    it("retries 503 for GET until it succeeds", async () => {
      server.route("GET", `${CUSTOMERS}/c1`, [{ status: 503 }, { status: 503 }, ok(customer("c1"))]);
      expect((await client().customers.get("c1"))?.status).to.equal("provisioned");
      expect(server.seen("GET")).to.have.length(3);
      expect(clientStats.retries).to.equal(2);
    });

    it("never replays a POST after a 5xx: outcomeUnknown", async () => {
      server.route("POST", CUSTOMERS, [{ status: 503, body: { message: "busy", trackingId: "ROUTER_503" } }, { status: 202 }]);
      const err = await client().customers.provision(provisionBody).catch((e) => e);
      expect(err).to.be.instanceOf(WholesaleApiError);
      expect(err).to.include({ status: 503, outcomeUnknown: true, retryable: true, method: "POST", path: CUSTOMERS, trackingId: "ROUTER_503" });
      expect(server.seen("POST")).to.have.length(1);
      expect(clientStats.retries).to.equal(0);
    });

    it("retries a GET whose socket was destroyed", async () => {
      server.route("GET", `${CUSTOMERS}/c1`, [{ destroy: true }, { destroy: true }, ok(customer("c1"))]);
      expect((await client().customers.get("c1"))?.id).to.equal("c1");
      expect(server.seen("GET")).to.have.length(3);
    });

    it("never replays a POST whose socket was destroyed: outcomeUnknown, no HTTP status", async () => {
      server.route("POST", CUSTOMERS, [{ destroy: true }, { status: 202 }]);
      const err = await client().customers.provision(provisionBody).catch((e) => e);
      expect(err).to.be.instanceOf(WholesaleApiError);
      expect(err.outcomeUnknown).to.equal(true);
      expect(err.status).to.equal(undefined);
      expect(err.code).to.be.a("string");
      expect(server.seen("POST")).to.have.length(1);
    });

    it("retries a POST that could not connect at all (nothing was sent)", async () => {
      const dead = await new FaultServer().start();
      await dead.close(); // the port is now (very likely) closed: ECONNREFUSED
      const c = new WholesaleClient(fastSettings(dead.baseUrl, { maxRetries: 2 }));
      const err = await c.customers.provision(provisionBody).catch((e) => e);
      expect(err).to.be.instanceOf(WholesaleApiError);
      expect(err).to.include({ code: "ECONNREFUSED", outcomeUnknown: false });
      expect(clientStats.requests.POST).to.equal(3);
    });

    it("gives up after maxRetries with a retryable error", async () => {
      server.route("GET", `${CUSTOMERS}/c1`, [{ status: 502 }]);
      const err = await client({ maxRetries: 2 }).customers.get("c1").catch((e) => e);
      expect(err).to.include({ status: 502, retryable: true, outcomeUnknown: false });
      expect(server.seen("GET")).to.have.length(3);
    });

    it("never replays a PUT after a 5xx (its outcome is unknown: the lifecycle converges instead)", async () => {
      server.route("PUT", `${CUSTOMERS}/c1`, [{ status: 500 }]);
      const err = await client({ maxRetries: 3 }).customers.update("c1", { packages: ["webex_meetings"] }).catch((e) => e);
      expect(err).to.include({ status: 500, outcomeUnknown: true });
      expect(server.seen("PUT")).to.have.length(1);
    });

    it("does not retry other 4xx", async () => {
      server.route("GET", `${CUSTOMERS}/c1`, [{ status: 403, body: { message: "missing scope", trackingId: "T403" } }]);
      const err = await client().customers.get("c1").catch((e) => e);
      expect(err).to.include({ status: 403, retryable: false, trackingId: "T403" });
      expect(server.seen("GET")).to.have.length(1);
    });
  });

  describe("timeouts", () => {
    it("times out a GET that never answers, retrying it", async () => {
      server.route("GET", `${CUSTOMERS}/c1`, [{ hang: true }]);
      const err = await client({ requestTimeoutMs: 150, maxRetries: 1 }).customers.get("c1").catch((e) => e);
      expect(err).to.be.instanceOf(WholesaleApiError);
      expect(err).to.include({ code: "ETIMEDOUT", retryable: true });
      expect(err.message).to.include("150ms");
      expect(server.seen("GET")).to.have.length(2);
    });

    it("times out a POST once and flags the outcome unknown", async () => {
      server.route("POST", CUSTOMERS, [{ hang: true }]);
      const err = await client({ requestTimeoutMs: 150 }).customers.provision(provisionBody).catch((e) => e);
      expect(err).to.include({ code: "ETIMEDOUT", outcomeUnknown: true });
      expect(server.seen("POST")).to.have.length(1);
    });
  });

  describe("paging", () => {
    it("follows absolute and relative Link rel=next across 3 pages, keeping the filters", async () => {
      server.route("GET", CUSTOMERS, (req) => {
        const offset = Number(req.query.get("offset") ?? 0);
        const headers: Record<string, string> = {};
        if (offset === 0) headers.Link = `<${server.baseUrl}${CUSTOMERS}?status=provisioned&offset=2&max=2>; rel="next"`;
        if (offset === 2) headers.Link = `</v1${CUSTOMERS}?offset=0>; rel="prev", </v1${CUSTOMERS}?status=provisioned&offset=4&max=2>; rel="next"`;
        const items = offset < 4 ? [customer(`c${offset}`), customer(`c${offset + 1}`)] : [customer("c4")];
        return { status: 200, body: { items }, headers };
      });
      const all = await client().customers.list({ status: "provisioned" });
      expect(all.map((c) => c.id)).to.deep.equal(["c0", "c1", "c2", "c3", "c4"]);
      const gets = server.seen("GET", CUSTOMERS);
      expect(gets).to.have.length(3);
      expect(gets[0]!.query.get("status")).to.equal("provisioned");
      expect(gets[2]!.query.get("offset")).to.equal("4");
    });

    it("refuses a next link to another origin instead of sending the token there", async () => {
      server.route("GET", CUSTOMERS, [{ status: 200, body: { items: [] }, headers: { Link: '<http://198.51.100.7/v1/wholesale/customers?offset=2>; rel="next"' } }]);
      const err = await client().customers.list().catch((e) => e);
      expect(err).to.be.instanceOf(ResponseValidationError);
      expect(err.message).to.include("another origin");
      expect(server.requests).to.have.length(1);
    });
  });

  describe("typed errors", () => {
    it("carries status, errorCodes, descriptions and the body's trackingId", async () => {
      server.route("POST", TEMPLATES, [{
        status: 409, headers: { TrackingId: "HDR_IGNORED" },
        body: { message: "Conflict", errors: [{ errorCode: 4003, description: "name already used" }], trackingId: "ROUTER_BODY" },
      }]);
      const err = await client().templates.create({
        name: "t", serviceProviderAdminEmail: "a@b.example", country: "US", defaultEmailLanguage: "en_US", subscriptionId: "s",
      }).catch((e) => e);
      expect(err).to.be.instanceOf(WholesaleApiError);
      expect(err).to.include({ status: 409, trackingId: "ROUTER_BODY", method: "POST", path: TEMPLATES, outcomeUnknown: false });
      expect(err.errorCodes).to.deep.equal([4003]);
      expect(err.descriptions).to.deep.equal(["name already used"]);
      expect(err.message).to.include("409").and.include("[4003] name already used").and.include("ROUTER_BODY");
    });

    it("falls back to the TrackingId header when the body has none (or is not JSON)", async () => {
      server.route("GET", `${CUSTOMERS}/c1`, [{ status: 400, rawBody: "<html>bad gateway</html>", headers: { TrackingId: "HDR_ONLY" } }]);
      const err = await client().customers.get("c1").catch((e) => e);
      expect(err).to.include({ status: 400, trackingId: "HDR_ONLY" });
      expect(err.errorCodes).to.deep.equal([]);
    });

    it("rejects a body that does not match the wire schema but accepts unknown extra fields", async () => {
      server.route("GET", `${CUSTOMERS}/bad`, [ok({ id: "bad", status: "provisioned" })]); // externalId missing
      server.route("GET", `${CUSTOMERS}/extra`, [ok(customer("extra", "provisioned", { dataRegion: "EU", name: "Acme" }))]);
      const err = await client().customers.get("bad").catch((e) => e);
      expect(err).to.be.instanceOf(ResponseValidationError);
      expect(err.message).to.include("externalId");
      const c = await client().customers.get("extra");
      expect((c as Record<string, unknown>).dataRegion).to.equal("EU");
    });
  });

  describe("secrecy", () => {
    it("never exposes the token in errors (string, message, JSON, stack, inspect) or logs", async () => {
      const token = fastSettings("").token;
      server.route("GET", `${CUSTOMERS}/echo`, (req) => ({
        status: 401, body: { message: `invalid ${String(req.headers.authorization)}`, errors: [{ errorCode: 1, description: `got ${String(req.headers.authorization)}` }], trackingId: "T401" },
      }));
      server.route("POST", CUSTOMERS, [{ destroy: true }]);
      server.route("GET", `${CUSTOMERS}/slow`, [{ hang: true }]);
      server.route("GET", `${CUSTOMERS}/boom`, [{ status: 500 }]);
      server.route("GET", `${CUSTOMERS}/junk`, [ok({ nope: token })]);
      const c = client({ requestTimeoutMs: 100, maxRetries: 1 });
      const errors = await Promise.all([
        c.customers.get("echo").catch((e) => e),
        c.customers.provision(provisionBody).catch((e) => e),
        c.customers.get("slow").catch((e) => e),
        c.customers.get("boom").catch((e) => e),
        c.customers.get("junk").catch((e) => e),
      ]);
      expect(server.requests[0]!.headers.authorization).to.equal(`Bearer ${token}`); // it was really sent
      for (const err of errors) {
        expect(err).to.be.instanceOf(WholesaleApiError);
        for (const text of [String(err), err.message, JSON.stringify(err), err.stack, inspect(err, { depth: 10, showHidden: true })]) {
          expect(text).to.not.include(token);
          expect(text).to.not.match(/authorization/i);
        }
      }
      expect(errors[0].message).to.include("[REDACTED]");
      expect(logs.length).to.be.greaterThan(0);
      expect(logs.join("\n")).to.not.include(token);
    });

    it("does not print the token when a client or its settings are logged", () => {
      const c = client();
      expect(c.settings.token).to.equal(fastSettings("").token);
      expect(inspect(c, { depth: 10 })).to.not.include(c.settings.token);
      expect(JSON.stringify(c.settings)).to.not.include(c.settings.token);
    });
  });

  describe("limits", () => {
    it("keeps requests in flight within maxConcurrency", async () => {
      server.route("GET", `${CUSTOMERS}/c1`, [{ status: 200, body: customer("c1"), delayMs: 40 }]);
      const c = client({ maxConcurrency: 3 });
      await Promise.all(Array.from({ length: 12 }, () => c.customers.get("c1")));
      expect(server.requests).to.have.length(12);
      expect(server.maxInFlight).to.be.at.most(3).and.at.least(2);
    });

    it("shares the concurrency limit between clients (tokens) of one base URL", async () => {
      server.route("GET", `${CUSTOMERS}/c1`, [{ status: 200, body: customer("c1"), delayMs: 30 }]);
      const a = new WholesaleClient(fastSettings(server.baseUrl, { maxConcurrency: 2 }));
      const b = new WholesaleClient({ ...fastSettings(server.baseUrl, { maxConcurrency: 2 }), token: "other-token" });
      await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).customers.get("c1")));
      expect(server.maxInFlight).to.be.at.most(2);
      expect(new Set(server.requests.map((r) => r.headers.authorization)).size).to.equal(2);
    });

    it("spaces requests with the token bucket (burst, then rps)", async () => {
      server.route("GET", `${CUSTOMERS}/c1`, [ok(customer("c1"))]);
      const c = client({ requestsPerSecond: 20, maxConcurrency: 8 });
      const t0 = Date.now();
      await Promise.all(Array.from({ length: 30 }, () => c.customers.get("c1")));
      // 20 free tokens, then 10 more at 20/s: at least 500 ms in theory (generous lower bound).
      expect(Date.now() - t0).to.be.at.least(400);
      const first = server.requests[0]!.at;
      const early = server.requests.filter((r) => r.at - first <= 200).length;
      expect(early).to.be.at.most(20 + 4 + 2); // burst + 200 ms of refill + slack
    });

    it("pauses every request of the base URL after a 429 until Retry-After elapses", async () => {
      let throttledAt = 0;
      server.route("GET", `${CUSTOMERS}/a`, [{ status: 429, headers: { "Retry-After": "5" } }, ok(customer("a"))]);
      server.route("GET", `${CUSTOMERS}/b`, [ok(customer("b"))]);
      const c = client({ retryAfterCapMs: 300 }); // the cap keeps the test short
      const pa = c.customers.get("a");
      // Wait until the client has processed the 429 (it logs the pause), then start other requests.
      while (!logs.some((l) => l.includes("429"))) await new Promise((r) => setTimeout(r, 2));
      throttledAt = server.requests[0]!.at;
      expect(logs.find((l) => l.includes("429"))).to.include("paused 300ms");
      await Promise.all([pa, c.customers.get("b"), c.customers.get("b")]);
      const later = server.requests.slice(1);
      expect(later).to.have.length(3);
      for (const r of later) expect(r.at - throttledAt).to.be.at.least(250);
    });
  });

  describe("connection and identity", () => {
    it("reuses one keep-alive connection and sends User-Agent and JSON headers", async () => {
      server.route("GET", `${CUSTOMERS}/c1`, [ok(customer("c1"))]);
      const c = client();
      for (let i = 0; i < 5; i++) await c.customers.get("c1");
      expect(new Set(server.requests.map((r) => r.remotePort)).size).to.equal(1);
      expect(server.requests[0]!.headers["user-agent"]).to.match(/^pulumi-webex-wholesale\/\d+\.\d+\.\d+/);
      expect(server.requests[0]!.headers.accept).to.include("application/json");
    });

    it("getClient caches per base URL, token and settings", () => {
      const s = fastSettings(server.baseUrl);
      expect(getClient(s)).to.equal(getClient({ ...s }));
      expect(getClient(s)).to.not.equal(getClient({ ...s, token: "another" }));
      expect(getClient(s)).to.not.equal(getClient({ ...s, maxRetries: 9 }));
      expect(getClient(s)).to.equal(getClient({ ...s, baseUrl: `${s.baseUrl}/` }));
    });

    it("counts requests by method and resets", async () => {
      server.route("GET", `${CUSTOMERS}/c1`, [ok(customer("c1"))]);
      server.route("DELETE", `${CUSTOMERS}/c1`, [{ status: 202 }]);
      const c = client();
      await c.customers.get("c1");
      await c.customers.delete("c1");
      await c.customers.delete("gone"); // 404 from the server: already gone is fine
      expect(clientStats.requests).to.deep.equal({ GET: 1, DELETE: 2 });
      clientStats.reset();
      expect(clientStats.requests).to.deep.equal({});
      expect(clientStats.retries + clientStats.throttled).to.equal(0);
    });
  });
});
