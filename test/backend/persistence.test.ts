// A real child process on a database file, killed with SIGKILL mid-provisioning, then restarted.
import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { customerBody, templateBody } from "./helpers";

const repoRoot = path.resolve(__dirname, "../..");
const TOKEN = "persist-dev-token";
const ADMIN = "persist-admin-token";

/** Start the CLI (from source) and resolve with its URL once it prints it. */
function launch(db: string, delayMs: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "backend/src/cli.ts",
    "--port", "0", "--db", db, "--delay", String(delayMs), "--token", TOKEN, "--admin-token", ADMIN, "--quiet"], {
    cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "1" },
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => { child.kill("SIGKILL"); reject(new Error(`no start-up line:\n${out}\n${err}`)); }, 20_000);
    child.stdout!.on("data", (d) => {
      out += String(d);
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ child, url: m[1]! }); }
    });
    child.stderr!.on("data", (d) => { err += String(d); });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`exited ${code}:\n${out}\n${err}`)); });
  });
}

const call = async (url: string, method: string, p: string, body?: unknown, token = TOKEN) => {
  const r = await fetch(url + p, {
    method, headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
};

const killed = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) return resolve();
  child.once("exit", () => resolve());
  child.kill("SIGKILL");
});

describe("backend: persistence across kill -9", function () {
  this.timeout(60_000);
  let dir: string;
  const children: ChildProcess[] = [];
  before(() => { dir = mkdtempSync(path.join(tmpdir(), "webex-emu-")); });
  after(async () => {
    for (const ch of children) await killed(ch);
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps acknowledged writes and finishes in-flight provisioning after a restart", async () => {
    const db = path.join(dir, "emu.db");
    const a = await launch(db, 4000);
    children.push(a.child);
    const t = await call(a.url, "POST", "/v1/wholesale/onboardingTemplates", templateBody());
    expect(t.status).to.equal(201);
    const done = await call(a.url, "PUT", "/_emulator/timing", { customers: { mode: "immediate" } }, ADMIN);
    expect(done.status).to.equal(200);
    const first = await call(a.url, "POST", "/v1/wholesale/customers", customerBody(t.body.provisioningId, 1));
    await call(a.url, "PUT", "/_emulator/timing", { customers: { mode: "delay", ms: 4000 } }, ADMIN);
    const second = await call(a.url, "POST", "/v1/wholesale/customers", customerBody(t.body.provisioningId, 2));
    expect(second.status).to.equal(202);
    const id2 = second.body.url.split("/").pop();
    expect((await call(a.url, "GET", `/v1/wholesale/customers/${id2}`)).body.status).to.equal("provisioning");
    await killed(a.child); // SIGKILL: no shutdown hook runs

    const b = await launch(db, 4000);
    children.push(b.child);
    // everything acknowledged is there, with the same token
    const tpl = await call(b.url, "GET", "/v1/wholesale/onboardingTemplates");
    expect(tpl.body.items.map((x: any) => x.provisioningId)).to.deep.equal([t.body.provisioningId]);
    const c1 = await call(b.url, "GET", `/v1/wholesale/customers/${first.body.url.split("/").pop()}`);
    expect(c1.body.status).to.equal("provisioned");
    // the in-flight provisioning resumes from its stored deadline, driven by the scheduler (no customer reads)
    let counts: Record<string, number> = {};
    for (let i = 0; i < 100; i++) {
      counts = (await call(b.url, "GET", "/_emulator/stats", undefined, ADMIN)).body.customers;
      if (counts.provisioned === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(counts).to.deep.equal({ provisioned: 2 });
    const c2 = await call(b.url, "GET", `/v1/wholesale/customers/${id2}`);
    expect(c2.body.status).to.equal("provisioned");
    expect(c2.body.orgId).to.be.a("string");
    expect((await call(b.url, "GET", "/v1/locations")).body.items).to.have.length(2);
    await killed(b.child);
  });
});
