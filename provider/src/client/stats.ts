// Process-wide request metrics: benchmarks and tests read them to count what a step cost. A
// Pulumi run's API calls happen in the dynamic-provider plugin process, so `saveStats` can also
// leave them in a file for whoever drives the CLI (set WEBEX_WHOLESALE_STATS_DIR).
import * as fs from "node:fs";
import * as path from "node:path";

/** Environment variable naming the directory `saveStats` writes to (unset: nothing is written). */
export const STATS_DIR_ENV = "WEBEX_WHOLESALE_STATS_DIR";

/** Counters shared by every client in the process. */
export interface ClientStats {
  /** HTTP attempts sent, by method (retries included). */
  requests: Record<string, number>;
  /** Attempts that were retries of an earlier attempt. */
  retries: number;
  /** 429 responses received. */
  throttled: number;
  /** Creates whose response was lost but whose object a look-up found (instead of a second POST). */
  recoveredCreates: number;
  /** Zero every counter. */
  reset(): void;
}

/** The process-wide metrics object. */
export const clientStats: ClientStats = {
  requests: {},
  retries: 0,
  throttled: 0,
  recoveredCreates: 0,
  reset() {
    this.requests = {};
    this.retries = 0;
    this.throttled = 0;
    this.recoveredCreates = 0;
  },
};

/** Count one attempt of `method`. */
export function countRequest(method: string): void {
  clientStats.requests[method] = (clientStats.requests[method] ?? 0) + 1;
}

/**
 * Write the counters to `$WEBEX_WHOLESALE_STATS_DIR/<pid>.json` (one file per process, replaced
 * atomically, so a reader summing the directory never sees half a file). Diagnostics only: a
 * failure to write is ignored. Called after every resource operation rather than at exit,
 * because the engine ends the plugin process with a signal.
 */
export function saveStats(env: NodeJS.ProcessEnv = process.env): void {
  const dir = env[STATS_DIR_ENV];
  if (!dir) return;
  const { requests, retries, throttled, recoveredCreates } = clientStats;
  const file = path.join(dir, `${process.pid}.json`);
  try {
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ pid: process.pid, requests, retries, throttled, recoveredCreates }));
    fs.renameSync(`${file}.tmp`, file);
  } catch {
    // Diagnostics must never fail a resource operation.
  }
}
