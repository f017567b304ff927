import { expect } from "chai";
import type { RunningEmulator } from "../../backend/src";
import { admin, client, customerBody, expectError, makeCustomer, makeTemplate, start, waitFor, type Client } from "./helpers";

const C = "/v1/wholesale/customers";

describe("backend: customers", () => {
  let emu: RunningEmulator;
  let c: Client;
  let pid: string;
  before(async () => { emu = await start(); c = client(emu); });
  after(() => emu.close());
  beforeEach(async () => {
    await admin(emu).post("/_emulator/reset");
    await admin(emu).put("/_emulator/timing", { customers: { mode: "immediate" }, customerUpdates: { mode: "immediate" }, customerDeletes: { mode: "immediate" } });
    pid = await makeTemplate(c);
  });

  it("provisions: 202 with Location and {url}, then GET shows the official shape plus extras", async () => {
    const r = await c.post(C, customerBody(pid, 1, { subPartnerAdminEmail: "sub@partner.example" }));
    expect(r.status).to.equal(202);
    expect(r.body).to.have.keys("url");
    expect(r.headers.get("location")).to.equal(r.body.url);
    expect(r.body.url).to.match(new RegExp(`^${emu.baseUrl}/wholesale/customers/[A-Za-z0-9_-]+$`));
    const id = r.body.url.split("/").pop();
    const g = await c.get(`${C}/${id}`);
    expect(g.status).to.equal(200);
    expect(g.body).to.include({ id, externalId: "ext-1", status: "provisioned", name: "Customer 1", primaryEmail: "admin1@customer.example", provisioningId: pid, dataRegion: "US", subPartnerAdminEmail: "sub@partner.example" });
    expect(Buffer.from(g.body.orgId, "base64url").toString()).to.match(/^ciscospark:\/\/us\/ORGANIZATION\//);
    expect(Buffer.from(id, "base64url").toString()).to.match(/^ciscospark:\/\/us\/ENTERPRISE\//);
    expect(g.body.packages).to.deep.equal(["webex_calling", "webex_meetings"]);
    expect(g.body.resourceDetails.packages).to.deep.equal([{ name: "webex_calling", status: "provisioned" }, { name: "webex_meetings", status: "provisioned" }]);
    expect(g.body.provisioningParameters.calling.location.name).to.equal("Head Office");
  });

  it("derives the data region from the HQ country", async () => {
    const eu = await makeCustomer(c, pid, "de", { address: { addressLine1: "Unter den Linden 1", city: "Berlin", country: "DE" } });
    expect(eu.dataRegion).to.equal("EU");
  });

  it("exposes the HQ location through /v1/locations once provisioned", async () => {
    const cust = await makeCustomer(c, pid, 1);
    const l = await c.get(`/v1/locations?orgId=${encodeURIComponent(cust.orgId)}`);
    expect(l.status).to.equal(200);
    expect(l.body.items).to.have.length(1);
    const loc = l.body.items[0];
    expect(loc).to.include({ name: "Head Office", orgId: cust.orgId, timeZone: "America/Los_Angeles", preferredLanguage: "en_us" });
    expect(loc.address).to.deep.equal({ address1: "771 Alder Drive", city: "Milpitas", state: "CA", postalCode: "95035", country: "US" });
    expect((await c.get(`/v1/locations/${loc.id}`)).body).to.deep.equal(loc);
    expect((await c.get(`/v1/locations?orgId=nope`)).body.items).to.deep.equal([]);
    expectError(await c.get(`/v1/locations/nope`), 404);
  });

  it("lists with filters and pages with Link rel=next/prev", async () => {
    for (let i = 0; i < 5; i++) await makeCustomer(c, pid, i);
    const all = await c.get(C);
    expect(all.body.items.map((x: any) => x.externalId)).to.deep.equal(["ext-0", "ext-1", "ext-2", "ext-3", "ext-4"]);
    expect((await c.get(`${C}?externalId=ext-3`)).body.items.map((x: any) => x.externalId)).to.deep.equal(["ext-3"]);
    const org = all.body.items[2].orgId;
    expect((await c.get(`${C}?orgId=${encodeURIComponent(org)}`)).body.items.map((x: any) => x.externalId)).to.deep.equal(["ext-2"]);
    expect((await c.get(`${C}?status=provisioned,error`)).body.items).to.have.length(5);
    expect((await c.get(`${C}?status=error&status=deleting`)).body.items).to.have.length(0);
    expectError(await c.get(`${C}?status=bogus`), 400, 10003);

    const seen: string[] = [];
    let next: string | undefined = `${C}?max=2`;
    let pages = 0;
    while (next) {
      const p = await c.get(next);
      pages++;
      seen.push(...p.body.items.map((x: any) => x.externalId));
      const link = p.headers.get("link") ?? "";
      if (pages === 2) expect(link).to.match(/rel="prev"/);
      const m = /<([^>]+)>; rel="next"/.exec(link);
      next = m ? m[1]!.replace(emu.url, "") : undefined;
    }
    expect(pages).to.equal(3);
    expect(seen).to.deep.equal(["ext-0", "ext-1", "ext-2", "ext-3", "ext-4"]);
    expectError(await c.get(`${C}?max=101`), 400, 10003);
    expectError(await c.get(`${C}?offset=-1`), 400, 10003);
  });

  it("updates: 202, complete package list (removed packages go away), externalId and address change", async () => {
    const cust = await makeCustomer(c, pid, 1);
    const r = await c.put(`${C}/${cust.id}`, { packages: ["webex_suite"], externalId: "ext-1b", address: { addressLine1: "1 Rue", city: "Paris", country: "FR" } });
    expect(r.status).to.equal(202);
    expect(r.body.url).to.match(new RegExp(`${cust.id}$`));
    const g = await waitFor(c, cust.id, (x) => x.status === "provisioned");
    expect(g.packages).to.deep.equal(["webex_suite"]);
    expect(g.resourceDetails.packages).to.deep.equal([{ name: "webex_suite", status: "provisioned" }]);
    expect(g).to.include({ externalId: "ext-1b", dataRegion: "EU", orgId: cust.orgId });
  });

  it("deletes: 202 with no body, then 404; its subscribers and location go too", async () => {
    const cust = await makeCustomer(c, pid, 1);
    const s = await c.post("/v1/wholesale/subscribers", { customerId: cust.id, email: "u@customer.example", packages: ["webex_meetings"], provisioningParameters: {} });
    expect(s.status).to.equal(200);
    const d = await c.del(`${C}/${cust.id}`);
    expect(d.status).to.equal(202);
    expect(d.body).to.equal(undefined);
    expectError(await c.get(`${C}/${cust.id}`), 404, 10040);
    expectError(await c.get(`/v1/wholesale/subscribers/${s.body.id}`), 404);
    expect((await c.get("/v1/locations")).body.items).to.deep.equal([]);
    // the email is free again
    expect((await c.post(C, customerBody(pid, 9, { customerInfo: { name: "N", primaryEmail: "u@customer.example" } }))).status).to.equal(202);
  });

  it("validates (precheck) without creating anything", async () => {
    const ok = await c.post(`${C}/validate`, { provisioningId: pid, packages: ["webex_meetings"], externalId: "pre-1", address: customerBody(pid, 1).address, customerInfo: { primaryEmail: "p@x.example" } });
    expect(ok.status).to.equal(200);
    expect(ok.body).to.deep.equal({ message: "success", info: { infoCode: 100, description: "Provisioning Precheck validation successful." } });
    expect((await c.get(C)).body.items).to.have.length(0);
    await makeCustomer(c, pid, 1);
    expectError(await c.post(`${C}/validate`, { externalId: "ext-1", address: customerBody(pid, 1).address }), 409, 10020);
    expectError(await c.post(`${C}/validate`, { address: { addressLine1: "x", city: "y", country: "IR" } }), 400, 10011);
    expectError(await c.post(`${C}/validate`, { packages: ["attendant_console"], address: customerBody(pid, 1).address }), 400, 10012);
  });

  describe("rules", () => {
    it("provisioningId must be a template of this partner (400 10010)", async () => {
      expectError(await c.post(C, customerBody("not-a-template", 1)), 400, 10010);
      const other = await admin(emu).post("/_emulator/partners", { name: "Other" });
      const tok = (await admin(emu).post(`/_emulator/partners/${other.body.id}/tokens`, {})).body.token;
      const otherPid = await makeTemplate(client(emu, tok), { name: "Theirs" });
      expectError(await c.post(C, customerBody(otherPid, 1)), 400, 10010);
    });
    it("the HQ country must be supported (400 10011)", async () => {
      const b = expectError(await c.post(C, customerBody(pid, 1, { address: { addressLine1: "x", city: "Pyongyang", country: "KP" } })), 400, 10011);
      expect(b.errors[0].description).to.match(/^address\.country: /);
    });
    it("package dependencies (400 10012)", async () => {
      const b = expectError(await c.post(C, customerBody(pid, 1, { packages: ["webex_meetings", "attendant_console", "cisco_calling_plan"] })), 400, 10012);
      expect(b.errors).to.have.length(2);
      expect(b.errors[0].description).to.match(/^packages\.1: package attendant_console needs one of/);
    });
    it("a calling package needs provisioningParameters.calling.location (400 10013)", async () => {
      const b = expectError(await c.post(C, customerBody(pid, 1, { provisioningParameters: {} })), 400, 10013);
      expect(b.errors[0].description).to.match(/^provisioningParameters\.calling\.location: /);
      expect((await c.post(C, customerBody(pid, 2, { packages: ["webex_meetings"], provisioningParameters: undefined }))).status).to.equal(202);
    });
    it("customerInfo is required without orgId (400 10014); with orgId the org is attached", async () => {
      expectError(await c.post(C, customerBody(pid, 1, { customerInfo: undefined })), 400, 10014);
      const org = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8xMjM0";
      const r = await c.post(C, customerBody(pid, 2, { customerInfo: undefined, orgId: org }));
      expect(r.status).to.equal(202);
      const g = await waitFor(c, r.body.url.split("/").pop(), (x) => x.status === "provisioned");
      expect(g.orgId).to.equal(org);
      expectError(await c.post(C, customerBody(pid, 3, { customerInfo: undefined, orgId: org })), 409, 10027);
    });
    it("externalId is unique per partner (409 10020), but another partner may reuse it", async () => {
      await makeCustomer(c, pid, 1);
      expectError(await c.post(C, customerBody(pid, 1, { customerInfo: { name: "B", primaryEmail: "b@x.example" } })), 409, 10020);
      const other = await admin(emu).post("/_emulator/partners", { name: "Other" });
      const oc = client(emu, (await admin(emu).post(`/_emulator/partners/${other.body.id}/tokens`, {})).body.token);
      const opid = await makeTemplate(oc);
      expect((await oc.post(C, customerBody(opid, 1, { customerInfo: { name: "B", primaryEmail: "b@x.example" } }))).status).to.equal(202);
    });
    it("the admin email is unique across customers and subscribers (409 10022)", async () => {
      const cust = await makeCustomer(c, pid, 1);
      const b = expectError(await c.post(C, customerBody(pid, 2, { customerInfo: { name: "Two", primaryEmail: "ADMIN1@customer.example" } })), 409, 10022);
      expect(b.errors[0].description).to.equal("The email is already associated with an existing user.");
      await c.post("/v1/wholesale/subscribers", { customerId: cust.id, email: "user@customer.example", packages: ["webex_meetings"], provisioningParameters: {} });
      expectError(await c.post(C, customerBody(pid, 3, { customerInfo: { name: "Three", primaryEmail: "user@customer.example" } })), 409, 10022);
    });
    it("update: busy customers (409 10026), rules re-checked, externalId unique", async () => {
      await admin(emu).put("/_emulator/timing", { customers: { mode: "reads", reads: 100 } });
      const r = await c.post(C, customerBody(pid, 1));
      const id = r.body.url.split("/").pop();
      expectError(await c.put(`${C}/${id}`, { packages: ["webex_meetings"] }), 409, 10026);
      await admin(emu).put("/_emulator/timing", { customers: { mode: "immediate" } });
      const b = await makeCustomer(c, pid, 2);
      expectError(await c.put(`${C}/${b.id}`, { packages: ["cisco_calling_plan"] }), 400, 10012);
      expectError(await c.put(`${C}/${b.id}`, { packages: ["webex_calling"], externalId: "ext-1" }), 409, 10020);
      expectError(await c.put(`${C}/${b.id}`, { externalId: "x" }), 400, 10002);
    });
    it("forced outcomes: error and provisioned_with_errors with per-package status", async () => {
      await admin(emu).post("/_emulator/outcomes", { externalId: "ext-bad", outcome: "error", errors: [{ errorCode: 4001, description: "Boom" }] });
      const bad = await makeCustomer(c, pid, "bad");
      expect(bad.status).to.equal("error");
      expect(bad).to.not.have.property("orgId");
      expect(bad.errors).to.deep.equal([{ errorCode: 4001, description: "Boom" }]);
      expect(bad.resourceDetails.packages.every((p: any) => p.status === "error")).to.equal(true);

      await admin(emu).post("/_emulator/outcomes", { externalId: "ext-meh", outcome: "provisioned_with_errors", package: "webex_calling" });
      const meh = await makeCustomer(c, pid, "meh");
      expect(meh.status).to.equal("provisioned_with_errors");
      expect(meh.orgId).to.be.a("string");
      expect(meh.errors[0].errorCode).to.equal(2560);
      expect(meh.resourceDetails.packages[0]).to.deep.include({ name: "webex_calling", status: "error" });
      expect(meh.resourceDetails.packages[1]).to.deep.equal({ name: "webex_meetings", status: "provisioned" });
      // the outcome is used once
      await c.del(`${C}/${bad.id}`);
      expect((await makeCustomer(c, pid, "bad")).status).to.equal("provisioned");
    });
  });
});
