// Long soak (`make soak`, not in CI): up / refresh / destroy cycles of the examples/fleet program
// against an emulator with the chaos faults on (test/chaos/harness.ts: 10% 5xx, throttling,
// 200–800 ms latency, lost creation responses), for SOAK_MINUTES. After every up and every
// destroy the emulator is counted against the inventory: a duplicate, a missing or an orphaned
// object is a failure. Prints a summary (operations, faults injected, retries, duplicates,
// emulator RSS at start and end) and writes it to test/artifacts/soak.json; exits 1 on a failure.
//
//   SOAK_MINUTES=10  SOAK_CUSTOMERS=5  SOAK_USERS=5  make soak
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  addCounters, census, Chaos, chaosInventory, Control, EmulatorProcess, exportedState, fleetStack, keysOf, NO_COUNTERS, observer,
  type Census, type ClientCounters,
} from "../test/chaos/harness";
import { pulumiAvailable, REPO_ROOT, type RunResult } from "../test/support/pulumi";

const num = (name: string, dflt: number): number => {
  const v = Number(process.env[name] ?? dflt);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};

const MINUTES = num("SOAK_MINUTES", 10);
const CUSTOMERS = Math.floor(num("SOAK_CUSTOMERS", 5));
const USERS = Math.floor(num("SOAK_USERS", 5));
/** `pulumi up` attempts per cycle before the cycle counts as not converging. */
const MAX_RUNS = 3;
const LONG = { timeoutMs: 900_000 };

/** The soak's findings. */
interface Summary {
  minutes: number;
  fleet: string;
  cycles: number;
  /** Pulumi commands run (up, refresh, destroy, and the extra ups after a failed one). */
  pulumiCommands: number;
  /** Resource operations the engine performed (creates, deletes, refresh reads). */
  resourceOperations: number;
  /** `pulumi up` runs that failed and were retried. */
  failedRuns: number;
  faultsInjected: { errors: number; lostResponses: number; throttled: number };
  client: ClientCounters;
  /** Duplicates found by the census over all cycles: must be 0. */
  duplicates: number;
  /** Other census findings (missing, orphaned, lost or unexpected objects): must be 0. */
  inconsistencies: string[];
  emulatorRssKb: { start: number; afterFirstCycle: number; end: number; peak: number };
}

function log(msg: string): void {
  console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${msg}`);
}

async function main(): Promise<number> {
  if (!pulumiAvailable()) throw new Error("the Pulumi CLI is missing: run `make tools` first");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "webex-soak-"));
  const emu = await EmulatorProcess.start({ dir, delayMs: 1000 });
  const control = new Control(emu);
  const chaos = new Chaos(control);
  const look = observer(emu, await control.readOnlyToken());
  const inv = chaosInventory(CUSTOMERS, USERS, "soak");
  const resources = inv.templates.length + CUSTOMERS * (1 + USERS);
  const fleet = await fleetStack(emu, "soak", inv, { maxConcurrency: 16, requestsPerSecond: 0 });
  const s: Summary = {
    minutes: MINUTES, fleet: `${CUSTOMERS} customers × ${USERS} users + ${inv.templates.length} templates`,
    cycles: 0, pulumiCommands: 0, resourceOperations: 0, failedRuns: 0,
    faultsInjected: { errors: 0, lostResponses: 0, throttled: 0 }, client: NO_COUNTERS, duplicates: 0, inconsistencies: [],
    emulatorRssKb: { start: emu.rssKb(), afterFirstCycle: 0, end: 0, peak: 0 },
  };
  const rss = () => {
    const kb = emu.rssKb();
    s.emulatorRssKb.peak = Math.max(s.emulatorRssKb.peak, kb);
    return kb;
  };
  const run = async (args: string[]): Promise<RunResult> => {
    s.pulumiCommands++;
    const r = await fleet.stack.run(args, LONG);
    s.client = addCounters(s.client, fleet.takeClientStats());
    rss();
    return r;
  };
  const check = (label: string, c: Census, expectEmpty: boolean) => {
    s.duplicates += c.duplicates.length;
    const problems = [...c.duplicates, ...c.orphans, ...c.lost, ...c.unexpected, ...(expectEmpty ? [] : c.missing)];
    if (expectEmpty && c.counts.customers + c.counts.users + c.counts.templates > 0) problems.push(`objects left: ${JSON.stringify(c.counts)}`);
    for (const p of problems) s.inconsistencies.push(`${label}: ${p}`);
  };
  const deadline = Date.now() + MINUTES * 60_000;
  let failed = false;
  try {
    await chaos.inject();
    while (Date.now() < deadline && !failed) {
      const cycle = s.cycles + 1;
      let up: RunResult | undefined;
      for (let i = 0; i < MAX_RUNS && up?.code !== 0; i++) {
        if (up) s.failedRuns++;
        up = await run(["up", "--yes", "--skip-preview", "--parallel", "16"]);
      }
      if (up?.code !== 0) {
        s.inconsistencies.push(`cycle ${cycle}: up did not converge in ${MAX_RUNS} runs:\n${up?.stdout.slice(-2000)}`);
        failed = true;
        break;
      }
      s.resourceOperations += resources;
      check(`cycle ${cycle} after up`, await census(look, keysOf(inv), await exportedState(fleet.stack)), false);
      const refresh = await run(["refresh", "--yes", "--expect-no-changes", "--parallel", "16"]);
      if (refresh.code !== 0) s.inconsistencies.push(`cycle ${cycle}: refresh reported drift or failed:\n${refresh.stdout.slice(-2000)}`);
      s.resourceOperations += resources;
      const destroy = await run(["destroy", "--yes", "--skip-preview", "--parallel", "16"]);
      if (destroy.code !== 0) {
        s.inconsistencies.push(`cycle ${cycle}: destroy failed:\n${destroy.stdout.slice(-2000)}`);
        failed = true;
        break;
      }
      s.resourceOperations += resources;
      check(`cycle ${cycle} after destroy`, await census(look, keysOf(inv)), true);
      s.cycles = cycle;
      if (cycle === 1) s.emulatorRssKb.afterFirstCycle = rss();
      failed = s.inconsistencies.length > 0;
      log(`cycle ${cycle} done: ${s.pulumiCommands} commands, ${s.client.requests} requests, ${s.client.retries} retries, ` +
        `emulator RSS ${rss()} kB, ${Math.max(0, Math.round((deadline - Date.now()) / 1000))} s left`);
    }
    s.faultsInjected = await chaos.collect();
    s.emulatorRssKb.end = rss();
  } finally {
    fleet.cleanup();
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const file = path.join(REPO_ROOT, "test", "artifacts", "soak.json");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(s, null, 2) + "\n");
  const r = s.emulatorRssKb;
  console.log([
    "",
    `soak: ${s.minutes} min, ${s.fleet}, ${s.cycles} up/refresh/destroy cycles`,
    `  operations:      ${s.pulumiCommands} pulumi commands, ${s.resourceOperations} resource operations, ${s.client.requests} API requests`,
    `  faults injected: ${s.faultsInjected.errors} 5xx, ${s.faultsInjected.lostResponses} lost responses, ${s.faultsInjected.throttled} 429s`,
    `  retries:         ${s.client.retries} (${s.client.throttled} after 429), ${s.client.recoveredCreates} creates recovered by look-up, ${s.failedRuns} failed up runs retried`,
    `  duplicates:      ${s.duplicates}`,
    `  inconsistencies: ${s.inconsistencies.length === 0 ? "none" : `\n    ${s.inconsistencies.join("\n    ")}`}`,
    `  emulator RSS:    ${r.start} kB at start, ${r.afterFirstCycle} kB after cycle 1, ${r.end} kB at the end (peak ${r.peak} kB)`,
    `  (also in ${path.relative(REPO_ROOT, file)})`,
  ].join("\n"));
  return failed || s.cycles === 0 ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e: Error) => {
  console.error(`soak: ${e.stack ?? e.message}`);
  process.exitCode = 1;
});
