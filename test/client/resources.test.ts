// Resource APIs against the scripted server: status semantics, ids from 202 answers, lookups by
// unique key, and waiting for asynchronous provisioning (intervals, deadline, failures, 404 grace).
import { expect } from "chai";
import {
  clientStats, ProvisioningFailedError, ProvisioningTimeoutError, WholesaleApiError, WholesaleClient,
} from "../../provider/src/client";
import type * as wire from "webex-wholesale-wire";
import { FaultServer, fastSettings, type Reply } from "./fault-server";

const C = "/wholesale/customers";
const S = "/wholesale/subscribers";
const T = "/wholesale/onboardingTemplates";

const customer = (status: string, extra: object = {}) => ({ id: "c1", externalId: "crm-1042", status, ...extra });
const ok = (body: unknown, headers?: Record<string, string>): Reply => ({ status: 200, body, headers });
const template = (id: string, name: string) => ({
  id, provisioningId: `prov-${id}`, name, type: "webex_for_wholesale", serviceProviderAdminEmail: "sp@x.example",
  country: "US", defaultEmailLanguage: "en_US", subscriptionId: "sub", authentication: { method: "webex" },
  email: { allowAdminInviteEmailsOnAttach: false }, calling: { allowWebexToWebexCalling: false },
  created: "2025-01-01T00:00:00Z", lastModified: "2025-01-01T00:00:00Z",
});
const subscriber = (id: string, email: string) => ({ id, email, customerId: "c1", status: "provisioned", packages: ["webex_calling"] });
const provisionBody: wire.CustomerProvisionRequest = {
  provisioningId: "p1", packages: ["webex_meetings"], externalId: "crm-1042",
  address: { addressLine1: "1 Main St", city: "Austin", country: "US" },
};

describe("client resources", () => {
  let server: FaultServer;
  let logs: string[];
  let client: WholesaleClient;

  beforeEach(async () => {
    server = await new FaultServer().start();
    logs = [];
    clientStats.reset();
    client = new WholesaleClient(fastSettings(server.baseUrl), (m) => logs.push(m));
  });
  afterEach(() => server.close());

  describe("templates", () => {
    it("creates, gets, finds by name and treats 404 as absent", async () => {
      server.route("POST", T, [{ status: 201, body: template("t1", "gold") }]);
      server.route("GET", `${T}/t1`, [ok(template("t1", "gold"))]);
      server.route("GET", T, [ok({ items: [template("t0", "silver"), template("t1", "gold")] })]);
      server.route("DELETE", `${T}/t1`, [{ status: 204 }]);
      const created = await client.templates.create({
        name: "gold", serviceProviderAdminEmail: "sp@x.example", country: "US", defaultEmailLanguage: "en_US", subscriptionId: "sub",
      });
      expect(created.provisioningId).to.equal("prov-t1");
      expect(server.seen("POST")[0]!.body).to.include({ name: "gold" });
      expect(server.seen("POST")[0]!.headers["content-type"]).to.include("application/json");
      expect((await client.templates.get("t1"))?.name).to.equal("gold");
      expect(await client.templates.get("missing")).to.equal(undefined);
      expect((await client.templates.findByName("gold"))?.id).to.equal("t1");
      expect(await client.templates.findByName("bronze")).to.equal(undefined);
      await client.templates.delete("t1");
      await client.templates.delete("missing");
    });

    it("surfaces 409 on delete of a template still in use", async () => {
      server.route("DELETE", `${T}/t1`, [{ status: 409, body: { message: "template in use", trackingId: "T409" } }]);
      const err = await client.templates.delete("t1").catch((e) => e);
      expect(err).to.be.instanceOf(WholesaleApiError);
      expect(err).to.include({ status: 409, outcomeUnknown: false });
    });
  });

  describe("customers", () => {
    it("takes the new id from the Location header", async () => {
      server.route("POST", C, [{ status: 202, headers: { Location: `${server.baseUrl}${C}/Y2lzY29zcGFyazo` }, body: { url: "ignored/other" } }]);
      const r = await client.customers.provision(provisionBody);
      expect(r).to.deep.equal({ id: "Y2lzY29zcGFyazo", url: `${server.baseUrl}${C}/Y2lzY29zcGFyazo`, retryAfterMs: undefined });
      expect(server.seen("POST")[0]!.body).to.deep.equal(provisionBody);
    });

    it("falls back to body.url, and to outcomeUnknown when neither names the customer", async () => {
      server.route("POST", C, [{ status: 202, body: { url: `${server.baseUrl}${C}/from-body` } }, { status: 202 }]);
      expect((await client.customers.provision(provisionBody)).id).to.equal("from-body");
      const err = await client.customers.provision(provisionBody).catch((e) => e);
      expect(err).to.be.instanceOf(WholesaleApiError);
      expect(err.outcomeUnknown).to.equal(true);
    });

    it("finds by externalId with the server filter and an exact match", async () => {
      server.route("GET", C, [ok({ items: [{ ...customer("provisioned"), externalId: "crm-10420", id: "other" }, customer("provisioned")] })]);
      expect((await client.customers.findByExternalId("crm-1042"))?.id).to.equal("c1");
      expect(server.seen("GET", C)[0]!.query.get("externalId")).to.equal("crm-1042");
    });

    it("updates with PUT (202) and deletes with 404 = already gone", async () => {
      server.route("PUT", `${C}/c1`, [{ status: 202, body: { url: "x" } }]);
      server.route("DELETE", `${C}/c1`, [{ status: 404, body: { message: "not found", trackingId: "T" } }]);
      await client.customers.update("c1", { packages: ["webex_meetings", "webex_calling"] });
      expect(server.seen("PUT")[0]!.body).to.deep.equal({ packages: ["webex_meetings", "webex_calling"] });
      await client.customers.delete("c1");
    });

    it("escapes ids in paths", async () => {
      await client.customers.get("a/b?c");
      expect(server.requests[0]!.url).to.equal("/v1/wholesale/customers/a%2Fb%3Fc");
    });
  });

  describe("waitFor", () => {
    it("polls with growing intervals until `until` holds", async () => {
      server.route("GET", `${C}/c1`, [ok(customer("provisioning")), ok(customer("provisioning")), ok(customer("provisioning")), ok(customer("provisioned", { orgId: "o1" }))]);
      const c = new WholesaleClient(fastSettings(server.baseUrl, { pollIntervalMs: 20, maxPollIntervalMs: 1000 }));
      const t0 = Date.now();
      const got = await c.customers.waitFor("c1", { label: "customer crm-1042", until: (x) => x.status === "provisioned" });
      expect(got.orgId).to.equal("o1");
      expect(server.seen("GET")).to.have.length(4);
      expect(Date.now() - t0).to.be.at.least(20 + 30 + 45 + 67 - 10); // sum of the first four delays
    });

    it("honours Retry-After on a poll", async () => {
      server.route("GET", `${C}/c1`, [ok(customer("provisioning"), { "Retry-After": "0.3" }), ok(customer("provisioned"))]);
      await client.customers.waitFor("c1", { label: "customer crm-1042", until: (x) => x.status === "provisioned" });
      const [a, b] = server.seen("GET");
      expect(b!.at - a!.at).to.be.at.least(250);
    });

    it("polls a new customer when the 202's Retry-After says it will be ready: one status read", async () => {
      let postedAt = 0;
      server.route("POST", C, (req) => {
        postedAt = req.at;
        return { status: 202, headers: { Location: `${server.baseUrl}${C}/c1`, "Retry-After": "0.3" }, body: { url: `${server.baseUrl}${C}/c1` } };
      });
      // Ready 300 ms after the POST arrived, as the Retry-After said.
      server.route("GET", `${C}/c1`, (req) => ok(customer(req.at - postedAt >= 300 ? "provisioned" : "provisioning")));
      const c = new WholesaleClient(fastSettings(server.baseUrl, { pollIntervalMs: 20, maxPollIntervalMs: 1000 }));
      const { id, retryAfterMs } = await c.customers.provision(provisionBody);
      expect(retryAfterMs).to.equal(300);
      await c.customers.waitFor(id, { label: "customer crm-1042", until: (x) => x.status === "provisioned", readyInMs: retryAfterMs });
      expect(server.seen("GET"), "status reads").to.have.length(1);
      // Negative control: without the hint, the default schedule reads several times.
      postedAt = Date.now();
      const before = server.seen("GET").length;
      await c.customers.waitFor(id, { label: "customer crm-1042", until: (x) => x.status === "provisioned" });
      expect(server.seen("GET").length - before).to.be.greaterThan(1);
    });

    it("without a hint, the first poll waits the median time recent operations of the kind took", async () => {
      let startedAt = Date.now();
      server.route("GET", `${C}/c1`, (req) => ok(customer(req.at - startedAt >= 250 ? "provisioned" : "provisioning")));
      const c = new WholesaleClient(fastSettings(server.baseUrl, { pollIntervalMs: 20, maxPollIntervalMs: 1000 }));
      const wait = () => c.customers.waitFor("c1", { label: "customer crm-1042", until: (x) => x.status === "provisioned", measure: "provision" });
      await wait();
      const first = server.seen("GET").length;
      expect(first, "the first provisioning is measured with the default schedule").to.be.greaterThan(1);
      startedAt = Date.now();
      await wait();
      expect(server.seen("GET").length - first, "the second one is read once, when the first one took").to.equal(1);
    });

    it("throws ProvisioningTimeoutError at the deadline with what to do", async () => {
      server.route("GET", `${C}/c1`, [ok(customer("provisioning"))]);
      const err = await client.customers.waitFor("c1", { label: "customer crm-1042", until: (x) => x.status === "provisioned", timeoutMs: 150 }).catch((e) => e);
      expect(err).to.be.instanceOf(ProvisioningTimeoutError);
      expect(err.message).to.include("customer crm-1042").and.include("provisioningTimeoutSeconds").and.include("pulumi refresh");
      expect(err).to.include({ id: "c1", lastStatus: "provisioning", timeoutMs: 150 });
      expect(server.seen("GET").length).to.be.at.least(2);
    });

    it("fails fast on status error with the customer's and packages' error codes", async () => {
      server.route("GET", `${C}/c1`, [ok(customer("provisioning")), {
        status: 200, headers: { TrackingId: "ROUTER_POLL" },
        body: customer("error", {
          errors: [{ errorCode: 10022, description: "The email is already associated with an existing user." }],
          resourceDetails: { packages: [{ name: "webex_calling", status: "error", errors: [{ errorCode: 7001, description: "no numbers" }] }] },
        }),
      }]);
      const err = await client.customers.waitFor("c1", { label: "customer crm-1042", until: (x) => x.status === "provisioned" }).catch((e) => e);
      expect(err).to.be.instanceOf(ProvisioningFailedError);
      expect(err).to.be.instanceOf(WholesaleApiError);
      expect(err).to.include({ resourceStatus: "error", trackingId: "ROUTER_POLL", label: "customer crm-1042" });
      expect(err.errorCodes).to.deep.equal([10022, 7001]);
      expect(err.descriptions).to.deep.equal(["The email is already associated with an existing user.", "webex_calling: no numbers"]);
      expect(err.message).to.include('ended in status "error"').and.include("[10022]");
      expect(server.seen("GET")).to.have.length(2);
    });

    it("treats provisioned_with_errors as failure by default, and as success when the caller says so", async () => {
      server.route("GET", `${C}/c1`, [ok(customer("provisioned_with_errors"))]);
      const err = await client.customers.waitFor("c1", { label: "customer crm-1042", until: (x) => x.status === "provisioned" }).catch((e) => e);
      expect(err).to.be.instanceOf(ProvisioningFailedError);
      const c = await client.customers.waitFor("c1", {
        label: "customer crm-1042", failOn: ["error"], until: (x) => x.status === "provisioned" || x.status === "provisioned_with_errors",
      });
      expect(c.status).to.equal("provisioned_with_errors");
    });

    it("tolerates 404 right after create within notFoundGraceMs", async () => {
      server.route("GET", `${C}/c1`, [{ status: 404 }, { status: 404 }, ok(customer("provisioning")), ok(customer("provisioned"))]);
      const c = await client.customers.waitFor("c1", { label: "customer crm-1042", until: (x) => x.status === "provisioned", notFoundGraceMs: 5000 });
      expect(c.status).to.equal("provisioned");
      expect(server.seen("GET")).to.have.length(4);
    });

    it("fails on 404 without grace (the customer was deleted elsewhere)", async () => {
      server.route("GET", `${C}/c1`, [{ status: 404, headers: { TrackingId: "T404" } }]);
      const err = await client.customers.waitFor("c1", { label: "customer crm-1042", until: () => true }).catch((e) => e);
      expect(err).to.be.instanceOf(WholesaleApiError);
      expect(err).to.include({ status: 404, trackingId: "T404" });
      expect(server.seen("GET")).to.have.length(1);
    });

    it("reports progress as 'customer crm-1042: provisioning, Ns'", async () => {
      server.route("GET", `${C}/c1`, [ok(customer("provisioning")), ok(customer("provisioning")), ok(customer("provisioned"))]);
      await client.customers.waitFor("c1", { label: "customer crm-1042", until: (x) => x.status === "provisioned", progressIntervalMs: 1 });
      expect(logs.length).to.be.at.least(1);
      for (const l of logs) expect(l).to.match(/^customer crm-1042: provisioning, \d+s$/);
    });

    it("waitForGone resolves on 404 and fails fast on error", async () => {
      server.route("GET", `${C}/c1`, [ok(customer("deleting")), ok(customer("deleting")), { status: 404 }]);
      await client.customers.waitForGone("c1", { label: "customer crm-1042" });
      expect(server.seen("GET")).to.have.length(3);
      server.route("GET", `${C}/c2`, [ok({ ...customer("error"), id: "c2" })]);
      const err = await client.customers.waitForGone("c2", { label: "customer crm-2" }).catch((e) => e);
      expect(err).to.be.instanceOf(ProvisioningFailedError);
    });
  });

  describe("subscribers and locations", () => {
    it("provisions (200 or 202), updates, and deletes with 404 = gone", async () => {
      server.route("POST", S, [ok(subscriber("s1", "a@x.example")), { status: 202, body: { ...subscriber("s2", "b@x.example"), status: "pending_user_migration" } }]);
      server.route("PUT", `${S}/s1`, [ok(subscriber("s1", "a@x.example"))]);
      server.route("DELETE", `${S}/s1`, [{ status: 204 }]);
      const body: wire.SubscriberProvisionRequest = { customerId: "c1", email: "a@x.example", packages: ["webex_calling"], provisioningParameters: { extension: "1001" } };
      expect((await client.subscribers.provision(body)).id).to.equal("s1");
      expect((await client.subscribers.provision({ ...body, email: "b@x.example" })).status).to.equal("pending_user_migration");
      expect((await client.subscribers.update("s1", { packages: ["webex_suite"] })).id).to.equal("s1");
      await client.subscribers.delete("s1");
      await client.subscribers.delete("s9");
      expect(await client.subscribers.get("s9")).to.equal(undefined);
    });

    it("lists with max=100 and filters, and finds by email case-insensitively", async () => {
      server.route("GET", S, [ok({ items: [subscriber("s1", "Alice@X.example")] })]);
      expect((await client.subscribers.findByEmail("alice@x.example"))?.id).to.equal("s1");
      const q = server.seen("GET", S)[0]!.query;
      expect(q.get("max")).to.equal("100");
      expect(q.get("email")).to.equal("alice@x.example");
    });

    it("lists locations of an org and gets one", async () => {
      const loc = { id: "l1", name: "HQ", orgId: "o1", address: { address1: "1 Main", city: "Austin", country: "US" } };
      server.route("GET", "/locations", [ok({ items: [loc] })]);
      server.route("GET", "/locations/l1", [ok(loc)]);
      expect((await client.locations.list("o1")).map((l) => l.id)).to.deep.equal(["l1"]);
      expect(server.seen("GET", "/locations")[0]!.query.get("orgId")).to.equal("o1");
      expect((await client.locations.get("l1"))?.name).to.equal("HQ");
      expect(await client.locations.get("l2")).to.equal(undefined);
    });
  });
});
