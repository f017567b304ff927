import { expect } from "chai";
import type { RunningEmulator } from "../../backend/src";
import { client, customerBody, expectError, start, templateBody, type Client } from "./helpers";

const T = "/v1/wholesale/onboardingTemplates";

describe("backend: onboarding templates", () => {
  let emu: RunningEmulator;
  let c: Client;
  before(async () => { emu = await start(); c = client(emu); });
  after(() => emu.close());
  beforeEach(() => client(emu, emu.adminToken).post("/_emulator/reset"));

  it("creates, lists, gets, replaces and deletes a template with a stable provisioningId", async () => {
    const created = await c.post(T, templateBody({
      pstnProvider: "Acme PSTN", authentication: { method: "partner_saml", idpEntityId: "https://idp.example/saml" },
      email: { brandName: "Acme Cloud", allowAdminInviteEmailsOnAttach: true }, calling: { allowWebexToWebexCalling: true },
    }));
    expect(created.status).to.equal(201);
    const t = created.body;
    expect(created.headers.get("location")).to.match(new RegExp(`${T}/${t.id}$`));
    expect(t).to.include({ name: "Standard", type: "webex_for_wholesale", country: "US", defaultEmailLanguage: "en_US", subscriptionId: "sub-001", pstnProvider: "Acme PSTN" });
    expect(t.authentication).to.deep.equal({ method: "partner_saml", idpEntityId: "https://idp.example/saml" });
    expect(t.email).to.deep.equal({ brandName: "Acme Cloud", allowAdminInviteEmailsOnAttach: true });
    expect(t.calling).to.deep.equal({ allowWebexToWebexCalling: true });
    expect(t.provisioningId).to.match(/^[A-Za-z0-9_-]+$/);
    expect(t).to.have.property("created").that.is.a("string");

    expect((await c.get(T)).body.items.map((x: any) => x.id)).to.deep.equal([t.id]);
    expect((await c.get(`${T}/${t.id}`)).body).to.deep.equal(t);

    const put = await c.put(`${T}/${t.id}`, templateBody({ name: "Renamed", country: "GB", defaultEmailLanguage: "en_GB" }));
    expect(put.status).to.equal(200);
    expect(put.body).to.include({ id: t.id, provisioningId: t.provisioningId, name: "Renamed", country: "GB", created: t.created });
    expect(put.body.authentication).to.deep.equal({ method: "webex" }); // full replace: defaults come back
    expect(put.body).to.not.have.property("pstnProvider");

    expect((await c.del(`${T}/${t.id}`)).status).to.equal(204);
    expectError(await c.get(`${T}/${t.id}`), 404, 10040);
  });

  it("applies the form's defaults", async () => {
    const t = (await c.post(T, templateBody())).body;
    expect(t.authentication).to.deep.equal({ method: "webex" });
    expect(t.email).to.deep.equal({ allowAdminInviteEmailsOnAttach: false });
    expect(t.calling).to.deep.equal({ allowWebexToWebexCalling: false });
  });

  it("refuses a duplicate name (409) and bad fields (400 naming the field)", async () => {
    await c.post(T, templateBody());
    expectError(await c.post(T, templateBody()), 409, 10021);
    const b = expectError(await c.post(T, templateBody({ name: "x", authentication: { method: "partner_oidc" } })), 400, 10002);
    expect(b.errors[0].description).to.match(/^authentication\.idpEntityId: /);
    expectError(await c.post(T, templateBody({ name: "y", country: "usa" })), 400, 10002);
    expectError(await c.post(T, templateBody({ name: "z", country: "KP" })), 400, 10011);
    expectError(await c.post(T, templateBody({ name: "w", type: "broadworks" })), 400, 10002);
  });

  it("refuses to delete a template used by a customer (409)", async () => {
    const t = (await c.post(T, templateBody())).body;
    expect((await c.post("/v1/wholesale/customers", customerBody(t.provisioningId, 1))).status).to.equal(202);
    expectError(await c.del(`${T}/${t.id}`), 409, 10025);
  });
});
