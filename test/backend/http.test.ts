import { expect } from "chai";
import type { RunningEmulator } from "../../backend/src";
import { admin, client, customerBody, expectError, makeTemplate, start, templateBody, type Client } from "./helpers";

const C = "/v1/wholesale/customers";

describe("backend: HTTP edge cases never answer 500", () => {
  let emu: RunningEmulator;
  let c: Client;
  let pid: string;
  before(async () => { emu = await start(); c = client(emu); pid = await makeTemplate(c); });
  after(() => emu.close());

  it("every response carries a TrackingId header", async () => {
    const r = await c.get(C);
    expect(r.headers.get("trackingid")).to.match(/^ROUTER_[0-9A-F-]{36}$/);
    expect((await client(emu, "").get("/nowhere")).headers.get("trackingid")).to.match(/^ROUTER_/);
  });

  it("malformed JSON → 400 10001", async () => {
    expectError(await c.call("POST", C, "{\"provisioningId\":", { "content-type": "application/json" }), 400, 10001);
  });

  it("missing body, wrong types, unknown enums, oversized strings → 400 naming the field", async () => {
    expectError(await c.call("POST", C), 400, 10002);
    const wrongType = expectError(await c.post(C, { ...customerBody(pid, 1), packages: "webex_calling" }), 400, 10002);
    expect(wrongType.errors[0].description).to.match(/^packages: /);
    const badEnum = expectError(await c.post(C, { ...customerBody(pid, 1), packages: ["webex_teleport"] }), 400, 10002);
    expect(badEnum.errors[0].description).to.match(/^packages\.0: /);
    const country = expectError(await c.post(C, { ...customerBody(pid, 1), address: { addressLine1: "a", city: "b", country: "usa" } }), 400, 10002);
    expect(country.errors[0].description).to.equal("address.country: must be an ISO-3166 alpha-2 country code such as US");
    const long = expectError(await c.post(C, { ...customerBody(pid, 1), externalId: "x".repeat(129) }), 400, 10002);
    expect(long.errors[0].description).to.match(/^externalId: /);
    expectError(await c.post(C, { ...customerBody(pid, 1), customerInfo: { name: "100% Pizza", primaryEmail: "p@x.example" } }), 400, 10002);
    expectError(await c.post(C, [1, 2, 3]), 400, 10002);
    expectError(await c.post(C, "null"), 400, 10002);
    const many = expectError(await c.post(C, {}), 400, 10002);
    expect(many.errors.length).to.be.greaterThan(1);
  });

  it("a body over 64 KiB → 413; a non-JSON media type → 415", async () => {
    expectError(await c.post("/v1/wholesale/onboardingTemplates", templateBody({ name: "x".repeat(70_000) })), 413, 10005);
    expectError(await c.call("POST", C, "provisioningId=1", { "content-type": "application/x-www-form-urlencoded" }), 415, 10004);
  });

  it("unknown routes → 404; a wrong method → 405 with Allow", async () => {
    expectError(await c.get("/v1/wholesale/nothing"), 404, 10041);
    expectError(await c.get("/nothing"), 404); // (`/` is the web console)
    const r = await c.call("PATCH", `${C}/abc`);
    expectError(r, 405, 10042);
    expect(r.headers.get("allow")).to.include("PUT");
    expectError(await c.call("DELETE", C), 405);
  });

  it("an empty body with a JSON content type on DELETE is fine", async () => {
    expectError(await c.call("DELETE", `${C}/nope`, "", { "content-type": "application/json" }), 404, 10040);
  });

  it("prototype-pollution keys are harmless", async () => {
    const r = await c.call("POST", C, '{"__proto__": {"x": 1}, "constructor": {"prototype": {"y": 1}}}', { "content-type": "application/json" });
    expect(r.status).to.equal(400);
  });

  it("GET /openapi.json describes the emulator's own API", async () => {
    const r = await client(emu, "").get("/openapi.json");
    expect(r.status).to.equal(200);
    expect(r.body.openapi).to.match(/^3\./);
    for (const p of ["/v1/wholesale/customers", "/v1/wholesale/customers/{customerId}", "/v1/wholesale/subscribers/validate", "/v1/wholesale/onboardingTemplates/{templateId}", "/v1/locations", "/_emulator/faults", "/_emulator/journal"]) {
      expect(r.body.paths, p).to.have.property(p);
    }
    expect(r.body.paths["/v1/wholesale/customers"].post.requestBody.content["application/json"].schema.required).to.include.members(["provisioningId", "packages", "externalId", "address"]);
  });

  it("reset wipes objects but keeps partners and tokens; stats count objects", async () => {
    await admin(emu).put("/_emulator/timing", { customers: { mode: "immediate" } });
    await c.post(C, customerBody(pid, 77));
    const s = (await admin(emu).get("/_emulator/stats")).body;
    expect(s).to.include({ templates: 1, locations: 1, subscribers: 0 });
    expect(s.customers).to.deep.equal({ provisioned: 1 });
    expect((await admin(emu).post("/_emulator/reset")).status).to.equal(200);
    const after = (await admin(emu).get("/_emulator/stats")).body;
    expect(after).to.include({ templates: 0, locations: 0, requests: 0 });
    expect(after.customers).to.deep.equal({});
    expect((await c.get(C)).status).to.equal(200);
  });
});
