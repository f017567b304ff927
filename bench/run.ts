// `make bench` / `make bench-smoke`: run the benchmarks and write their figures as JSON.
//
//   npx ts-node -T bench/run.ts [--smoke] [--out DIR] [--only fleet,scaling,emulator] [--no-readme]
//
// The full run writes bench/results/*.json and renders the README's Performance section from them;
// --smoke runs the same code on tiny sizes into bench/results/smoke.tmp (git-ignored) and leaves the
// README alone. Everything runs on 127.0.0.1 with servers on free ports, and stacks on temporary
// file:// backends that are removed afterwards.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { pulumiAvailable, PULUMI_BIN, REPO_ROOT } from "../test/support/pulumi";
import { emulatorThroughputBenchmark, type ThroughputOptions } from "./emulator-throughput";
import { fleetBenchmark, largeFleetBenchmark, type FleetOutcome, type FleetScenario } from "./fleet";
import { BOUND_DEFINITIONS } from "./fleet-figures";
import { commitUnderTest, machineInfo } from "./machine";
import { renderReadme } from "./readme";
import { scalingBenchmark } from "./scaling";

/** Sizes and durations of one mode. */
interface Plan {
  fleet: FleetScenario;
  /** Base of the scaling series; 4× this is the fleet, so the fleet's main run is its 4× point. */
  scalingBase: FleetScenario["size"];
  checkpointedFactors: number[];
  throughput: ThroughputOptions;
  /** The large fleet: this many times the fleet's customers. */
  largeFactor: number;
}

const PLANS: Record<"full" | "smoke", Plan> = {
  full: {
    fleet: { size: { customers: 20, usersPerCustomer: 50 }, rateLimit: 20, provisioningDelayMs: 2000, parallel: 32 },
    scalingBase: { customers: 5, usersPerCustomer: 50 },
    checkpointedFactors: [1, 2, 4],
    throughput: { durationSeconds: 2, connections: 10, rounds: 5 },
    largeFactor: 4,
  },
  smoke: {
    fleet: { size: { customers: 4, usersPerCustomer: 3 }, rateLimit: 20, provisioningDelayMs: 500, parallel: 32 },
    scalingBase: { customers: 1, usersPerCustomer: 3 },
    checkpointedFactors: [1, 2],
    throughput: { durationSeconds: 1, connections: 10, rounds: 1 },
    largeFactor: 2,
  },
};

// In the order they run: each writes its file when done; the large fleet, the longest, runs last.
const BENCHMARKS = ["fleet", "emulator", "scaling", "large"] as const;
type BenchmarkName = (typeof BENCHMARKS)[number];

function progress(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { smoke: { type: "boolean" }, out: { type: "string" }, only: { type: "string" }, "no-readme": { type: "boolean" } },
    strict: true,
  });
  const mode = values.smoke ? "smoke" : "full";
  const plan = PLANS[mode];
  const out = path.resolve(values.out ?? path.join(REPO_ROOT, "bench", "results", mode === "smoke" ? "smoke.tmp" : ""));
  const only = new Set((values.only ?? BENCHMARKS.join(",")).split(",").map((s) => s.trim()) as BenchmarkName[]);
  for (const b of only) if (!BENCHMARKS.includes(b)) throw new Error(`--only: unknown benchmark ${b} (known: ${BENCHMARKS.join(", ")})`);
  if ((only.has("fleet") || only.has("scaling") || only.has("large")) && !pulumiAvailable()) throw new Error(`${PULUMI_BIN} is missing: run 'make tools' first`);
  for (const built of ["provider/dist/index.js", "backend/dist/cli.js"]) {
    if (!fs.existsSync(path.join(REPO_ROOT, built))) throw new Error(`${built} is missing: run 'make build' first`);
  }
  fs.mkdirSync(out, { recursive: true });
  const header = { smoke: mode === "smoke", measuredAt: new Date().toISOString(), commit: commitUnderTest(), machine: machineInfo(), bounds: BOUND_DEFINITIONS };
  const write = (name: string, result: object) => {
    const file = path.join(out, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify({ benchmark: name, ...header, ...result }, null, 2) + "\n");
    progress(`wrote ${path.relative(REPO_ROOT, file)}`);
  };
  const t0 = Date.now();

  let fleet: FleetOutcome | undefined;
  if (only.has("fleet")) {
    fleet = await fleetBenchmark(plan.fleet, progress);
    write("fleet", fleet.fleet);
    write("noop-refresh", fleet.noopRefresh);
    write("polling", fleet.polling);
  }
  if (only.has("emulator")) {
    progress("emulator throughput (autocannon)");
    write("emulator", await emulatorThroughputBenchmark(plan.throughput, progress));
  }
  if (only.has("scaling")) {
    const base = { ...plan.fleet, size: plan.scalingBase };
    write("scaling", await scalingBenchmark(base, {
      checkpointedFactors: plan.checkpointedFactors,
      ...(fleet ? { reuse: { factor: plan.fleet.size.customers / plan.scalingBase.customers, figures: fleet.main } } : {}),
    }, progress));
  }
  if (only.has("large")) {
    write("fleet-large", await largeFleetBenchmark(plan.fleet, plan.largeFactor, progress));
  }
  progress(`done in ${Math.round((Date.now() - t0) / 1000)}s`);
  if (mode === "full" && !values.out && !values["no-readme"]) {
    renderReadme(path.join(REPO_ROOT, "README.md"), out);
    progress("README.md Performance section updated from bench/results");
  }
}

main().catch((e) => {
  progress(`failed: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
