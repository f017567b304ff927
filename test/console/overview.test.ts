// The console over HTTP (no browser): the page and assets, who sees what, and that looking changes nothing.
import { expect } from "chai";
import { spawn } from "node:child_process";
import * as path from "node:path";
import type { RunningEmulator } from "../../backend/src";
import { admin, client, customerBody, expectError, makeCustomer, makeTemplate, start, type Client } from "../backend/helpers";
import { allTokens, expectNoToken, makeUser, otherPartner, overview, OVERVIEW } from "./helpers";

const repoRoot = path.resolve(__dirname, "../..");
const C = "/v1/wholesale/customers";

describe("console: page, overview and access", () => {
  let emu: RunningEmulator;
  let dev: Client;
  let a: Client;
  before(async () => { emu = await start(); dev = client(emu); a = admin(emu); });
  after(() => emu.close());
  beforeEach(async () => {
    await a.post("/_emulator/reset");
    await a.put("/_emulator/rate-limit", { rps: null });
    await a.put("/_emulator/timing", { customers: { mode: "immediate" } });
  });

  it("serves the page at / and its script and style, same-origin only, with no token in them", async () => {
    const tokens = await allTokens(emu);
    for (const [p, type] of [["/", "text/html"], ["/console/console.js", "text/javascript"], ["/console/console.css", "text/css"]] as const) {
      const r = await fetch(emu.url + p);
      expect(r.status, p).to.equal(200);
      expect(r.headers.get("content-type")).to.include(type);
      expect(r.headers.get("content-security-policy")).to.include("default-src 'none'").and.include("connect-src 'self'");
      expectNoToken(await r.text(), tokens, p);
    }
    const html = await (await fetch(emu.url + "/")).text();
    expect(html).to.include('src="/console/console.js"').and.include('href="/console/console.css"');
    expect(html).not.to.match(/https?:\/\//); // nothing from another origin (the network may be closed)
    expect((await (await fetch(emu.url + "/openapi.json")).json()).paths).to.have.property(OVERVIEW);
  });

  it("the assets ship beside both src/ and dist/, and the emulator package lists them", async () => {
    const fromSrc = require("../../backend/src/http/console") as { CONSOLE_DIR: string };
    const fromDist = require("../../backend/dist/http/console") as { CONSOLE_DIR: string };
    expect(fromDist.CONSOLE_DIR).to.equal(fromSrc.CONSOLE_DIR);
    expect(fromSrc.CONSOLE_DIR).to.equal(path.join(repoRoot, "backend", "console"));
    expect(require("../../backend/package.json").files).to.include("console");
  });

  it("401 without a valid token, 403 without the customers-read scope, 400 for a bad cursor", async () => {
    expectError(await overview(emu, ""), 401, 10050);
    expectError(await overview(emu, "not-a-token"), 401, 10050);
    const subsOnly = (await a.post("/_emulator/partners/dev-partner/tokens", { scopes: ["spark-admin:wholesale_subscribers_read"] })).body.token;
    expectError(await overview(emu, subsOnly), 403, 10051);
    expectError(await overview(emu, emu.adminToken, "abc"), 400, 10003);
  });

  it("a partner sees only its own partner, templates, customers, users and requests; the admin sees all; no token anywhere", async () => {
    const other = await otherPartner(emu, "acme-isolation");
    const devCustomer = await makeCustomer(dev, await makeTemplate(dev, { name: "Dev SMB" }), "dev-1");
    await makeUser(dev, devCustomer.id, "ada@dev.example", "1001");
    const acmeCustomer = await makeCustomer(other.api, await makeTemplate(other.api, { name: "Acme Gold" }), "acme-1");
    await makeUser(other.api, acmeCustomer.id, "bob@acme.example", "1001");
    const tokens = await allTokens(emu);

    const mine = await overview(emu, emu.devToken);
    expect(mine.status).to.equal(200);
    expect(mine.body.viewer).to.deep.equal({ role: "partner", partnerId: "dev-partner" });
    expect(mine.body.partners.map((p: any) => p.id)).to.deep.equal(["dev-partner"]);
    expect(mine.body.templates.map((t: any) => t.name)).to.deep.equal(["Dev SMB"]);
    expect(mine.body.customers.map((c: any) => c.externalId)).to.deep.equal(["ext-dev-1"]);
    expect(mine.body.customers[0].users.map((u: any) => u.email)).to.deep.equal(["ada@dev.example"]);
    expect(mine.body.journal.entries.length).to.be.greaterThan(0);
    expect(mine.body.journal.entries.every((e: any) => e.partnerId === "dev-partner")).to.equal(true);
    expectNoToken(JSON.stringify(mine.body), tokens, "the partner overview");

    const all = await overview(emu, emu.adminToken);
    expect(all.body.viewer).to.deep.equal({ role: "admin" });
    expect(all.body.partners.map((p: any) => p.id)).to.include.members(["dev-partner", "acme-isolation"]);
    expect(all.body.customers.map((c: any) => [c.partnerId, c.externalId])).to.deep.equal([["dev-partner", "ext-dev-1"], ["acme-isolation", "ext-acme-1"]]);
    expect(all.body.templates[1]).to.include({ name: "Acme Gold", partnerId: "acme-isolation", provisioningId: acmeCustomer.provisioningId });
    expect(new Set(all.body.journal.entries.map((e: any) => e.partnerId))).to.deep.equal(new Set(["dev-partner", "acme-isolation"]));
    expectNoToken(JSON.stringify(all.body), tokens, "the admin overview");
    expect(all.body.partners[0]).to.have.keys("id", "name", "created");

    const acme = await overview(emu, other.token);
    expect(acme.body.customers.map((c: any) => c.externalId)).to.deep.equal(["ext-acme-1"]);
  });

  it("a token without the subscribers-read scope sees customers but no users", async () => {
    const cust = await makeCustomer(dev, await makeTemplate(dev), 1);
    await makeUser(dev, cust.id, "ada@dev.example", "1001");
    const customersOnly = (await a.post("/_emulator/partners/dev-partner/tokens", { scopes: ["spark-admin:wholesale_customers_read"] })).body.token;
    const r = await overview(emu, customersOnly);
    expect(r.body.customers).to.have.length(1);
    expect(r.body.customers[0].users).to.deep.equal([]);
  });

  it("looking changes nothing: no read counted, no transition applied, no rate-limit token taken, nothing journaled", async () => {
    await a.put("/_emulator/timing", { customers: { mode: "reads", reads: 2 } });
    const p = await makeTemplate(dev);
    const accepted = await dev.post(C, customerBody(p, 1));
    expect(accepted.status).to.equal(202);
    const id = accepted.body.url.split("/").pop();
    await a.put("/_emulator/rate-limit", { rps: 0.01, burst: 2 });
    const before = (await a.get("/_emulator/journal")).body.entries.length;
    for (let i = 0; i < 5; i++) {
      const r = await overview(emu, emu.devToken);
      expect(r.status).to.equal(200);
      expect(r.body.customers[0]).to.include({ id, status: "provisioning" });
      expect(r.body.customers[0]).not.to.have.property("orgId");
    }
    expect((await a.get("/_emulator/journal")).body.entries.length).to.equal(before);
    // the partner's two-token bucket is still full, and exactly these two reads complete the provisioning
    expect((await dev.get(`${C}/${id}`)).body.status).to.equal("provisioning");
    expect((await dev.get(`${C}/${id}`)).body.status).to.equal("provisioned");
    expectError(await dev.get(`${C}/${id}`), 429);
    const after = await overview(emu, emu.devToken);
    expect(after.body.customers[0].status).to.equal("provisioned");
    expect(after.body.customers[0].orgId).to.be.a("string");
    expect(after.body.journal.entries.map((e: any) => e.status).slice(-3)).to.deep.equal([200, 200, 429]);
  });

  it("the journal cursor returns only newer entries; a cursor past the end (a restarted emulator) starts over", async () => {
    await dev.get(C);
    const first = await overview(emu, emu.devToken);
    const cursor = first.body.journal.cursor;
    expect(first.body.journal.entries.at(-1).seq).to.equal(cursor);
    expect((await overview(emu, emu.devToken, cursor)).body.journal).to.deep.equal({ entries: [], cursor });
    await dev.get(`${C}?externalId=x`);
    await client(emu, "bad-token").get(C); // unauthenticated: only the admin sees it
    const mine = (await overview(emu, emu.devToken, cursor)).body.journal;
    expect(mine.entries.map((e: any) => [e.method, e.route, e.status])).to.deep.equal([["GET", C, 200]]);
    expect(mine.cursor).to.equal(cursor + 2);
    const adminView = (await overview(emu, emu.adminToken, cursor)).body.journal;
    expect(adminView.entries.map((e: any) => e.status)).to.deep.equal([200, 401]);
    const restarted = (await overview(emu, emu.adminToken, cursor + 1000)).body.journal;
    expect(restarted.cursor).to.equal(cursor + 2);
    expect(restarted.entries.length).to.be.greaterThan(2);
  });

  it("the access log never shows a token in a path, nor the console's polling", async function () {
    this.timeout(30_000);
    const log = await cliSession(async (url, adminToken) => {
      const token = (await (await fetch(`${url}/_emulator/partners/dev-partner/tokens`, {
        method: "POST", headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" }, body: "{}",
      })).json()).token as string;
      expect((await fetch(`${url}/_emulator/tokens/${token}`, { method: "DELETE", headers: { authorization: `Bearer ${adminToken}` } })).status).to.equal(204);
      expect((await fetch(`${url}${OVERVIEW}?since=0`, { headers: { authorization: `Bearer ${adminToken}` } })).status).to.equal(200);
      expect((await fetch(`${url}/openapi.json`)).status).to.equal(200);
      return token;
    });
    expect(log.out).to.include('"route":"/_emulator/tokens/:token"');
    expect(log.out).to.include('"path":"/openapi.json"'); // the log is on, and shows paths
    expect(log.out).not.to.include(log.secret);
    expect(log.out).not.to.include(OVERVIEW);
  });
});

/** Run the built CLI with its JSON access log, call `session(url, adminToken)`, stop it; returns stdout and what session returned. */
function cliSession(session: (url: string, adminToken: string) => Promise<string>): Promise<{ out: string; secret: string }> {
  const adminToken = "console-log-admin";
  return new Promise((resolve, reject) => {
    // The built CLI (make test builds first): starting it from source under ts-node takes seconds.
    const child = spawn(process.execPath, ["backend/dist/cli.js", "--port", "0", "--memory", "--admin-token", adminToken], {
      cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let secret: string | undefined;
    let started = false;
    child.stdout.on("data", (d) => {
      out += String(d);
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (!m || started || !/delay:.*\n/.test(out)) return;
      started = true;
      session(m[1]!, adminToken).then((s) => { secret = s; }, reject)
        .finally(() => setTimeout(() => child.kill("SIGTERM"), 200)); // let the last log line flush
    });
    child.on("close", () => (secret === undefined ? reject(new Error(`session failed; stdout:\n${out}`)) : resolve({ out, secret })));
  });
}
