// Benchmarks 1–3: provision a fleet through the real Pulumi engine against a rate-limited emulator
// with asynchronous provisioning, compare with the lower bound and two baselines (one operation at
// a time; no client-side pacing), then measure a no-op preview, a refresh and customer polling.
import { startEmulator } from "../backend/src";
import { EmulatorControl } from "./emulator-control";
import { FleetStack, type RunSetup, type StepMeasurement } from "./fleet-stack";
import {
  pollingFigures, provisioningFigures, stepFigures, type CustomerSnapshot, type PollingFigures,
  type ProvisioningFigures, type StepFigures,
} from "./fleet-figures";
import { resourceCount, type FleetSize } from "./inventory";
import { round } from "./numbers";
import { DEFAULT_SETTINGS } from "../provider/src/client/settings";

/** The scenario of a fleet benchmark. */
export interface FleetScenario {
  size: FleetSize;
  /** Server rate limit R, requests per second per token (the client is configured with the same R). */
  rateLimit: number;
  /** Asynchronous provisioning delay D of every customer, ms. */
  provisioningDelayMs: number;
  /** `pulumi up --parallel` of the main run and of the no-pacing baseline. */
  parallel: number;
}

/** fleet.json */
export interface FleetResult extends ProvisioningFigures {
  customers: number;
  users: number;
  usersPerCustomer: number;
  resources: number;
  rateLimit: number;
  provisioningDelayMs: number;
  parallel: number;
  /** The engine wrote the state once at the end (PULUMI_SKIP_CHECKPOINTS), see the README. */
  engineCheckpoints: boolean;
  client: { requestsPerSecond: number; maxConcurrency: number };
  /** True when no resource failed because of a 429 (failuresBy429, counted from the errors whatever the exit code). */
  zero429Failures: boolean;
  baselines: {
    /** `pulumi up --parallel 1`. */
    parallel1: ProvisioningFigures & { parallel: number };
    /** requestsPerSecond = 0: no client-side pacing, only the reaction to 429s (pause + learned rate). */
    noClientPacing: ProvisioningFigures & { requestsPerSecond: number; zero429Failures: boolean };
  };
}

/** noop-refresh.json */
export interface NoopRefreshResult {
  resources: number;
  rateLimit: number;
  /** `pulumi preview --expect-no-changes` of the provisioned fleet: must make zero API calls. */
  preview: StepFigures;
  /** `pulumi refresh --skip-preview`: calls per resource and wall time against calls ÷ R. */
  refresh: StepFigures & { callsPerResource: number; boundSeconds: number; ratioToBound: number; apiSpanRatioToBound: number };
}

/** polling.json */
export interface PollingResult extends PollingFigures {
  provisioningDelayMs: number;
  /** The client's first poll delay and growth (settings.pollIntervalMs, ×1.5 per poll). */
  pollIntervalMs: number;
}

/** Everything the fleet benchmarks produce, plus the main run for the scaling benchmark. */
export interface FleetOutcome {
  fleet: FleetResult;
  noopRefresh: NoopRefreshResult;
  polling: PollingResult;
  /** The main provisioning run (the scaling series reuses it). */
  main: ProvisioningFigures;
}

/** Progress lines on stderr. */
export type Progress = (msg: string) => void;

const upArgs = (parallel: number) => ["up", "--yes", "--skip-preview", "--parallel", String(parallel)];


/** A fresh emulator per scenario: rate limit R, delay D, in-memory SQLite, on 127.0.0.1:0. */
export async function withEmulator<T>(s: Pick<FleetScenario, "rateLimit" | "provisioningDelayMs">, fn: (ctl: EmulatorControl) => Promise<T>): Promise<T> {
  const emu = await startEmulator({ delayMs: s.provisioningDelayMs, rateLimit: { rps: s.rateLimit } });
  try {
    return await fn(new EmulatorControl(emu));
  } finally {
    await emu.close();
  }
}

/** Empty the emulator and refill the server's token bucket, so every run starts alike. */
export async function freshEmulator(ctl: EmulatorControl, rateLimit: number): Promise<void> {
  await ctl.reset();
  await ctl.setRateLimit(rateLimit);
}

/** One provisioning run of a new stack; the stack is handed to `after` (if given) before disposal. */
export async function provision(
  ctl: EmulatorControl, s: FleetScenario, setup: RunSetup, parallel: number, name: string,
  after?: (stack: FleetStack, m: StepMeasurement) => Promise<void>,
): Promise<StepMeasurement> {
  await freshEmulator(ctl, s.rateLimit);
  const stack = await FleetStack.create(ctl, s.size, setup, name);
  try {
    const m = await stack.measure(upArgs(parallel));
    await after?.(stack, m);
    return m;
  } finally {
    stack.dispose();
  }
}

/** Run benchmarks 1–3 for one scenario. */
export async function fleetBenchmark(s: FleetScenario, progress: Progress): Promise<FleetOutcome> {
  const R = s.rateLimit;
  const D = s.provisioningDelayMs;
  const paced: RunSetup = { requestsPerSecond: R, checkpoints: false };
  const resources = resourceCount(s.size);
  return withEmulator(s, async (ctl) => {
    let preview: StepMeasurement | undefined;
    let refresh: StepMeasurement | undefined;
    let customers: CustomerSnapshot[] = [];
    progress(`fleet: ${s.size.customers}×${s.size.usersPerCustomer} at R=${R}/s, D=${D}ms, --parallel ${s.parallel}`);
    const main = await provision(ctl, s, paced, s.parallel, "main", async (stack, m) => {
      customers = await ctl.customers<CustomerSnapshot>();
      progress(`  up: ${m.wallSeconds}s, ${m.requests} requests, ${m.http429}×429; preview and refresh next`);
      preview = await stack.measure(["preview", "--expect-no-changes"]);
      refresh = await stack.measure(["refresh", "--yes", "--skip-preview"]);
    });
    progress(`  refresh: ${refresh!.wallSeconds}s, ${refresh!.requests} requests; baseline --parallel 1 next`);
    const serial = await provision(ctl, s, paced, 1, "parallel1");
    progress(`  --parallel 1: ${serial.wallSeconds}s; baseline without client pacing next`);
    const unpaced = await provision(ctl, s, { requestsPerSecond: 0, checkpoints: false }, s.parallel, "unpaced");
    progress(`  no client pacing: ${unpaced.wallSeconds}s, ${unpaced.http429}×429, exit ${unpaced.exitCode}`);

    const mainFigures = provisioningFigures(main, R, D);
    const refreshBound = (refresh!.requests - refresh!.http429) / R;
    const fleet: FleetResult = {
      customers: s.size.customers,
      users: s.size.customers * s.size.usersPerCustomer,
      usersPerCustomer: s.size.usersPerCustomer,
      resources,
      rateLimit: R,
      provisioningDelayMs: D,
      parallel: s.parallel,
      engineCheckpoints: paced.checkpoints,
      client: { requestsPerSecond: R, maxConcurrency: DEFAULT_SETTINGS.maxConcurrency },
      ...mainFigures,
      zero429Failures: main.failuresBy429 === 0,
      baselines: {
        parallel1: { parallel: 1, ...provisioningFigures(serial, R, D) },
        noClientPacing: { requestsPerSecond: 0, zero429Failures: unpaced.failuresBy429 === 0, ...provisioningFigures(unpaced, R, D) },
      },
    };
    return {
      fleet,
      noopRefresh: {
        resources,
        rateLimit: R,
        preview: stepFigures(preview!),
        refresh: {
          ...stepFigures(refresh!),
          callsPerResource: round(refresh!.requests / resources, 3),
          boundSeconds: round(refreshBound),
          ratioToBound: round(refresh!.wallSeconds / refreshBound, 3),
          apiSpanRatioToBound: round(refresh!.apiSpanSeconds / refreshBound, 3),
        },
      },
      polling: { provisioningDelayMs: D, pollIntervalMs: DEFAULT_SETTINGS.pollIntervalMs, ...pollingFigures(main.journal, customers) },
      main: mainFigures,
    };
  });
}
