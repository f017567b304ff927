// Benchmark 5: the fleet at 1×, 2× and 4× a base size. Wall time should grow linearly with the
// requests, and the provider process's memory should stay flat per resource. A second series keeps
// the engine's per-operation state checkpoints on, to show what they cost as the stack grows.
import { freshEmulator, provision, withEmulator, type FleetScenario, type Progress } from "./fleet";
import { provisioningFigures, type ProvisioningFigures } from "./fleet-figures";
import { resourceCount, type FleetSize } from "./inventory";
import { round } from "./numbers";

/** One fleet size. */
export interface ScalingPoint {
  factor: number;
  customers: number;
  users: number;
  resources: number;
  exitCode: number | null;
  wallSeconds: number;
  apiSpanSeconds: number;
  requests: number;
  http429: number;
  lowerBoundSeconds: number;
  ratioToBound: number;
  minimalBoundSeconds: number;
  ratioToMinimalBound: number;
  servedPerSecond: number;
  /** One-minute load average when the run started. */
  loadAverage1m: number;
  /** Seconds from the command's start to the first API request. */
  startupSeconds: number;
  /** Peak RSS of the dynamic-provider plugin process (where the client runs), MiB. */
  providerPeakRssMiB: number;
  /** Peak RSS of the Pulumi program process (the Node SDK holds every resource there), MiB. */
  programPeakRssMiB: number;
  /** CPU seconds of the Pulumi engine (the CLI process). */
  engineCpuSeconds: number;
}

/** Least-squares line through the points. */
export interface LinearFit {
  slope: number;
  intercept: number;
}

/** scaling.json */
export interface ScalingResult {
  base: FleetSize;
  rateLimit: number;
  provisioningDelayMs: number;
  parallel: number;
  /** Checkpoints skipped (as in fleet.json). */
  points: ScalingPoint[];
  /** Marginal wall seconds per served request ÷ (1 / R): 1.0 = each extra request costs exactly its rate-limit slot. */
  marginalSecondsPerRequestVsBound: number;
  /** Provider-process memory growth, MiB per 1000 resources (flat = close to 0). */
  providerMiBPer1000Resources: number;
  /** Program-process memory growth, MiB per 1000 resources (the Pulumi Node.js SDK's share). */
  programMiBPer1000Resources: number;
  /** The engine's default: whole state written after every operation (file:// backend). */
  checkpointed: ScalingPoint[];
  /** Engine CPU of the largest checkpointed point ÷ the 1× one (linear growth = its factor; target at 4×: ≤ 4.5). */
  checkpointedEngineCpuRatio?: { factor: number; ratio: number };
}

/** Fit y = slope·x + intercept. */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

function point(factor: number, size: FleetSize, f: ProvisioningFigures): ScalingPoint {
  return {
    factor,
    customers: size.customers,
    users: size.customers * size.usersPerCustomer,
    resources: resourceCount(size),
    exitCode: f.exitCode,
    wallSeconds: f.wallSeconds,
    apiSpanSeconds: f.apiSpanSeconds,
    requests: f.requests,
    http429: f.http429,
    lowerBoundSeconds: f.lowerBoundSeconds,
    ratioToBound: f.ratioToBound,
    minimalBoundSeconds: f.minimalBoundSeconds,
    ratioToMinimalBound: f.ratioToMinimalBound,
    servedPerSecond: f.servedPerSecond,
    loadAverage1m: f.loadAverage1m,
    startupSeconds: f.startupSeconds,
    providerPeakRssMiB: f.processes.provider?.peakRssMiB ?? NaN,
    programPeakRssMiB: f.processes.program?.peakRssMiB ?? NaN,
    engineCpuSeconds: f.processes.engine?.cpuSeconds ?? NaN,
  };
}

/** Options of the scaling benchmark. */
export interface ScalingOptions {
  /** Factors of the checkpointed series (empty: skip it). */
  checkpointedFactors: number[];
  /** An already measured run of the same scenario at base × factor (reused instead of running it again). */
  reuse?: { factor: number; figures: ProvisioningFigures };
}

/** Run the fleet at 1×, 2×, 4× `s.size` (the base). */
export async function scalingBenchmark(s: FleetScenario, o: ScalingOptions, progress: Progress): Promise<ScalingResult> {
  const factors = [1, 2, 4];
  const scaled = (k: number): FleetSize => ({ customers: s.size.customers * k, usersPerCustomer: s.size.usersPerCustomer });
  return withEmulator(s, async (ctl) => {
    const run = async (k: number, checkpoints: boolean) => {
      const m = await provision(ctl, { ...s, size: scaled(k) }, { requestsPerSecond: s.rateLimit, checkpoints }, s.parallel, `scale${k}${checkpoints ? "c" : ""}`);
      progress(`  scaling ${k}×${checkpoints ? " (checkpoints on)" : ""}: ${m.wallSeconds}s for ${m.requests} requests`);
      return point(k, scaled(k), provisioningFigures(m, s.rateLimit, s.provisioningDelayMs, scaled(k)));
    };
    progress(`scaling: base ${s.size.customers}×${s.size.usersPerCustomer}, factors ${factors.join(", ")}`);
    const points: ScalingPoint[] = [];
    for (const k of factors) {
      points.push(o.reuse?.factor === k ? point(k, scaled(k), o.reuse.figures) : await run(k, false));
    }
    const checkpointed: ScalingPoint[] = [];
    for (const k of o.checkpointedFactors) checkpointed.push(await run(k, true));
    await freshEmulator(ctl, s.rateLimit);

    const served = points.map((p) => p.requests - p.http429);
    const res = points.map((p) => p.resources);
    return {
      base: s.size,
      rateLimit: s.rateLimit,
      provisioningDelayMs: s.provisioningDelayMs,
      parallel: s.parallel,
      points,
      marginalSecondsPerRequestVsBound: round(linearFit(served, points.map((p) => p.wallSeconds)).slope * s.rateLimit, 3),
      providerMiBPer1000Resources: round(linearFit(res, points.map((p) => p.providerPeakRssMiB)).slope * 1000, 1),
      programMiBPer1000Resources: round(linearFit(res, points.map((p) => p.programPeakRssMiB)).slope * 1000, 1),
      checkpointed,
      ...(checkpointed.length > 1 ? {
        checkpointedEngineCpuRatio: {
          factor: checkpointed.at(-1)!.factor,
          ratio: round(checkpointed.at(-1)!.engineCpuSeconds / checkpointed[0]!.engineCpuSeconds, 2),
        },
      } : {}),
    };
  });
}
