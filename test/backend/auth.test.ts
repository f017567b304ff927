import { expect } from "chai";
import type { RunningEmulator } from "../../backend/src";
import { admin, client, expectError, makeCustomer, makeTemplate, start } from "./helpers";

describe("backend: partners, tokens and scopes", () => {
  let emu: RunningEmulator;
  before(async () => { emu = await start({ devToken: "dev-token-123", adminToken: "admin-token-123" }); });
  after(() => emu.close());

  it("has a development partner and token out of the box", async () => {
    expect(emu.devToken).to.equal("dev-token-123");
    expect(emu.devPartnerId).to.equal("dev-partner");
    expect(emu.baseUrl).to.equal(`${emu.url}/v1`);
    expect(emu.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    const p = (await admin(emu).get("/_emulator/partners")).body.items;
    expect(p[0]).to.include({ id: "dev-partner" });
    expect(p[0].tokens[0].token).to.equal("dev-token-123");
    expect(p[0].tokens[0].scopes).to.have.length(4);
  });

  it("401 without a token, with an unknown token, and with the admin token on the Webex paths", async () => {
    expectError(await client(emu, "").get("/v1/wholesale/customers"), 401, 10050);
    expectError(await client(emu, "nope-nope").get("/v1/wholesale/customers"), 401, 10050);
    expectError(await client(emu, emu.adminToken).get("/v1/wholesale/customers"), 401, 10050);
    expectError(await client(emu, emu.devToken).call("GET", "/v1/wholesale/customers", undefined, { authorization: `Basic ${emu.devToken}` }), 401);
  });

  it("403 when the token lacks the scope (read-only tokens, custom scopes)", async () => {
    const ro = (await admin(emu).post("/_emulator/partners/dev-partner/tokens", { readOnly: true })).body;
    expect(ro.scopes).to.deep.equal(["spark-admin:wholesale_customers_read", "spark-admin:wholesale_subscribers_read"]);
    const r = client(emu, ro.token);
    expect((await r.get("/v1/wholesale/customers")).status).to.equal(200);
    expectError(await r.post("/v1/wholesale/customers", {}), 403, 10051);
    expectError(await r.post("/v1/wholesale/onboardingTemplates", {}), 403, 10051);
    const subsOnly = client(emu, (await admin(emu).post("/_emulator/partners/dev-partner/tokens", { scopes: ["spark-admin:wholesale_subscribers_read"] })).body.token);
    expectError(await subsOnly.get("/v1/wholesale/customers"), 403);
    expectError(await subsOnly.get("/v1/locations"), 403);
    expect((await subsOnly.get("/v1/wholesale/subscribers")).status).to.equal(200);
  });

  it("a revoked token is refused", async () => {
    const t = (await admin(emu).post("/_emulator/partners/dev-partner/tokens", { token: "short-lived-token" })).body.token;
    expect((await client(emu, t).get("/v1/wholesale/customers")).status).to.equal(200);
    expect((await admin(emu).del(`/_emulator/tokens/${t}`)).status).to.equal(204);
    expectError(await client(emu, t).get("/v1/wholesale/customers"), 401);
  });

  it("one partner never sees or changes another's data (404)", async () => {
    await admin(emu).put("/_emulator/timing", { customers: { mode: "immediate" } });
    const dev = client(emu);
    const pid = await makeTemplate(dev, { name: "iso" });
    const cust = await makeCustomer(dev, pid, "iso");
    const sub = (await dev.post("/v1/wholesale/subscribers", { customerId: cust.id, email: "iso@x.example", packages: ["webex_meetings"], provisioningParameters: {} })).body;
    const tid = (await dev.get("/v1/wholesale/onboardingTemplates")).body.items.find((t: any) => t.name === "iso").id;
    const loc = (await dev.get("/v1/locations")).body.items[0].id;

    const other = (await admin(emu).post("/_emulator/partners", { name: "Rival", id: "rival" })).body;
    expect(other).to.deep.equal({ id: "rival", name: "Rival" });
    const o = client(emu, (await admin(emu).post("/_emulator/partners/rival/tokens", {})).body.token);
    expect((await o.get("/v1/wholesale/customers")).body.items).to.deep.equal([]);
    expect((await o.get("/v1/wholesale/subscribers")).body.items).to.deep.equal([]);
    expect((await o.get("/v1/wholesale/onboardingTemplates")).body.items).to.deep.equal([]);
    expect((await o.get("/v1/locations")).body.items).to.deep.equal([]);
    expectError(await o.get(`/v1/wholesale/customers/${cust.id}`), 404);
    expectError(await o.put(`/v1/wholesale/customers/${cust.id}`, { packages: ["webex_meetings"] }), 404);
    expectError(await o.del(`/v1/wholesale/customers/${cust.id}`), 404);
    expectError(await o.get(`/v1/wholesale/subscribers/${sub.id}`), 404);
    expectError(await o.put(`/v1/wholesale/subscribers/${sub.id}`, { packages: ["webex_meetings"] }), 404);
    expectError(await o.del(`/v1/wholesale/subscribers/${sub.id}`), 404);
    expectError(await o.post("/v1/wholesale/subscribers", { customerId: cust.id, email: "x@x.example", packages: ["webex_meetings"], provisioningParameters: {} }), 404);
    expectError(await o.get(`/v1/wholesale/onboardingTemplates/${tid}`), 404);
    expectError(await o.del(`/v1/wholesale/onboardingTemplates/${tid}`), 404);
    expectError(await o.get(`/v1/locations/${loc}`), 404);
    expect((await dev.get(`/v1/wholesale/customers/${cust.id}`)).body.status).to.equal("provisioned");
  });

  it("the control plane takes only the admin token: 401 without/unknown, 403 with a partner token", async () => {
    expectError(await client(emu, "").get("/_emulator/stats"), 401, 10050);
    expectError(await client(emu, "whatever-token").get("/_emulator/stats"), 401, 10050);
    expectError(await client(emu).get("/_emulator/stats"), 403, 10051);
    expectError(await client(emu).post("/_emulator/reset"), 403);
    expect((await admin(emu).get("/_emulator/stats")).status).to.equal(200);
  });

  it("partners: duplicate id 409, tokens for an unknown partner 404, bad scopes 400", async () => {
    await admin(emu).post("/_emulator/partners", { name: "Dup", id: "dup" });
    expectError(await admin(emu).post("/_emulator/partners", { name: "Dup", id: "dup" }), 409);
    expectError(await admin(emu).post("/_emulator/partners/nobody/tokens", {}), 404);
    expectError(await admin(emu).post("/_emulator/partners/dup/tokens", { scopes: ["spark:all"] }), 400);
  });
});
