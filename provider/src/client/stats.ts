// Process-wide request metrics: benchmarks and tests read them to count what a step cost.

/** Counters shared by every client in the process. */
export interface ClientStats {
  /** HTTP attempts sent, by method (retries included). */
  requests: Record<string, number>;
  /** Attempts that were retries of an earlier attempt. */
  retries: number;
  /** 429 responses received. */
  throttled: number;
  /** Zero every counter. */
  reset(): void;
}

/** The process-wide metrics object. */
export const clientStats: ClientStats = {
  requests: {},
  retries: 0,
  throttled: 0,
  reset() {
    this.requests = {};
    this.retries = 0;
    this.throttled = 0;
  },
};

/** Count one attempt of `method`. */
export function countRequest(method: string): void {
  clientStats.requests[method] = (clientStats.requests[method] ?? 0) + 1;
}
