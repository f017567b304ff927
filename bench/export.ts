// Export at scale (not part of `make bench`, not a test): an estate of C customers × U users (each
// customer with its HQ location) seeded directly in an emulator, then `webex-wholesale-export`
// with the client's rate limit R. Reports the requests it made by route (O(customers) lists, no
// GET per user) and its time against the bound requests ÷ R, into bench/results/export.json.
// With --up, the exported program then adopts the estate under the real engine (the program's
// node_modules linked to the workspace's, not installed), and the same figures are taken for it.
//
//   npx ts-node -T bench/export.ts [--customers 100] [--users 20] [--rps 10] [--up] [--out FILE]
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { startEmulator } from "../backend/src";
import { seedEstate } from "../test/support/estate";
import { newStack, REPO_ROOT } from "../test/support/pulumi";
import { EmulatorControl, type Journal } from "./emulator-control";

const CLI = path.join(REPO_ROOT, "provider", "dist", "export", "cli.js");

function log(msg: string): void {
  process.stderr.write(`[bench:export] ${msg}\n`);
}

/** Requests of one step by route, writes, 429s, and its times against requests ÷ rate. */
function figures(journal: Journal, wallMs: number, rps: number) {
  const byRoute: Record<string, number> = {};
  for (const e of journal.entries) byRoute[`${e.method} ${e.route}`] = (byRoute[`${e.method} ${e.route}`] ?? 0) + 1;
  const requests = journal.entries.length;
  const times = journal.entries.map((e) => Date.parse(e.time));
  const apiPhaseMs = times.length > 1 ? Math.max(...times) - Math.min(...times) : 0;
  const boundMs = (requests / rps) * 1000;
  return {
    requests, byRoute,
    throttled: journal.entries.filter((e) => e.status === 429).length,
    writes: journal.entries.filter((e) => e.method !== "GET").length,
    wallSeconds: +(wallMs / 1000).toFixed(2),
    apiPhaseSeconds: +(apiPhaseMs / 1000).toFixed(2),
    boundSeconds: +(boundMs / 1000).toFixed(2),
    ratio: +(wallMs / boundMs).toFixed(2),
    apiPhaseRatio: +(apiPhaseMs / boundMs).toFixed(2),
  };
}

/** Run the export CLI; its wall time in ms and its summary line. */
function runExport(out: string, env: Record<string, string>): Promise<{ ms: number; summary: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, "--out", out], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => child.on("close", (code) => {
    if (code !== 0) reject(new Error(`export exited with ${code}: ${stderr}`));
    else resolve({ ms: performance.now() - started, summary: stdout.trim() });
  }));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: "string", default: "100" }, users: { type: "string", default: "20" }, rps: { type: "string", default: "10" },
      up: { type: "boolean" }, out: { type: "string" },
    },
    strict: true,
  });
  const customers = Number(values.customers);
  const users = Number(values.users);
  const rps = Number(values.rps);
  const resultFile = path.resolve(values.out ?? path.join(REPO_ROOT, "bench", "results", "export.json"));
  const emu = await startEmulator({ delayMs: 0 });
  const control = new EmulatorControl(emu);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-export-"));
  try {
    log(`seeding ${customers} customers × ${users} users`);
    const seedStart = performance.now();
    await seedEstate(emu, { customers, usersPerCustomer: users });
    const seedMs = performance.now() - seedStart;
    const locations = (await Promise.all((await control.customers<{ orgId?: string }>()).map((c) =>
      c.orgId ? control.api(`/locations?orgId=${c.orgId}`) as Promise<{ items: unknown[] }> : { items: [] }))).reduce((n, l) => n + l.items.length, 0);
    // The server allows the client's rate, so every request is paced by the client, none throttled.
    await control.setRateLimit(rps);
    await control.clearJournal();
    log(`exporting at ${rps} requests/s`);
    const run = await runExport(path.join(work, "out"), {
      WEBEX_WHOLESALE_BASE_URL: emu.baseUrl, WEBEX_WHOLESALE_TOKEN: emu.devToken, WEBEX_WHOLESALE_REQUESTS_PER_SECOND: String(rps),
    });
    const exportFigures = figures(await control.journal(), run.ms, rps);
    const inventory = JSON.parse(fs.readFileSync(path.join(work, "out", "inventory.json"), "utf8"));
    const result: Record<string, unknown> = {
      estate: { customers, usersPerCustomer: users, users: customers * users, locations },
      rateLimit: rps,
      seedSeconds: +(seedMs / 1000).toFixed(1),
      exported: {
        customers: inventory.customers.length,
        sites: inventory.customers.reduce((n: number, c: { sites?: unknown[] }) => n + (c.sites?.length ?? 0), 0),
        users: inventory.customers.reduce((n: number, c: { users: unknown[] }) => n + c.users.length, 0),
      },
      export: { ...exportFigures, requestsPerCustomer: +(exportFigures.requests / customers).toFixed(2), summary: run.summary },
    };
    if (values.up) {
      const dir = path.join(work, "out");
      fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
      const stack = await newStack(dir, "bench", {
        "webex-wholesale:baseUrl": emu.baseUrl, "webex-wholesale:token": { secret: emu.devToken }, "webex-wholesale:requestsPerSecond": String(rps),
      }, { PULUMI_SKIP_CHECKPOINTS: "true" });
      try {
        await control.clearJournal();
        log("pulumi up of the exported program (adopting)");
        const started = performance.now();
        await stack.runOk(["up", "--yes", "--skip-preview", "--parallel", "32"], { timeoutMs: 3_600_000 });
        result.up = figures(await control.journal(), performance.now() - started, rps);
      } finally {
        stack.cleanup();
      }
    }
    fs.mkdirSync(path.dirname(resultFile), { recursive: true });
    fs.writeFileSync(resultFile, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    await emu.close();
  }
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e.message}\n`);
  process.exitCode = 1;
});
