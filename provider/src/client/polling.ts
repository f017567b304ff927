// Polling of asynchronous operations: growing intervals, Retry-After hints, a deadline, and
// throttled progress messages so a long `pulumi up` shows it is still waiting.
import { ProvisioningTimeoutError } from "./errors";
import { realClock, type Clock } from "./limiter";
import type { Logger } from "./http";

/** Outcome of one poll. */
export interface PollStep<T> {
  /** True when the wait is over; `value` is the result. */
  done: boolean;
  value?: T;
  /** Status seen, for progress messages and the timeout error (undefined = not visible yet). */
  status?: string;
  /** Server hint (Retry-After) for the next poll, ms. */
  retryAfterMs?: number;
}

/** How to poll. */
export interface PollOptions<T> {
  /** What is awaited, e.g. "customer crm-1042" (appears in messages). */
  label: string;
  /** Id of the polled resource (for the timeout error). */
  id: string;
  /** Deadline from the start of the wait. */
  timeoutMs: number;
  /** Delay before the first poll. */
  firstDelayMs: number;
  /** Largest delay between polls. */
  maxDelayMs: number;
  /** Growth of the delay after each poll (default 1.5). */
  factor?: number;
  /** Minimum time between progress messages (default 10 s). */
  progressIntervalMs?: number;
  /** Progress sink. */
  log?: Logger;
  /** Clock (tests inject a fake one). */
  clock?: Clock;
  /** One poll; throw to fail fast. Receives the time elapsed since the start. */
  check: (elapsedMs: number) => Promise<PollStep<T>>;
}

/** Poll `check` until it reports done; ProvisioningTimeoutError at the deadline. */
export async function poll<T>(o: PollOptions<T>): Promise<T> {
  const clock = o.clock ?? realClock;
  const factor = o.factor ?? 1.5;
  const progressEvery = o.progressIntervalMs ?? 10_000;
  const start = clock.now();
  const deadline = start + o.timeoutMs;
  let delay = o.firstDelayMs;
  let hint = 0;
  let lastStatus: string | undefined;
  let lastLog = start;

  for (;;) {
    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      throw new ProvisioningTimeoutError({ label: o.label, id: o.id, lastStatus, elapsedMs: clock.now() - start, timeoutMs: o.timeoutMs });
    }
    // Clipping to the deadline gives one last look right at the deadline instead of giving up early.
    await clock.sleep(Math.min(Math.max(delay, hint), remaining));
    const step = await o.check(clock.now() - start);
    if (step.done) return step.value as T;
    lastStatus = step.status;
    hint = step.retryAfterMs ?? 0;
    const now = clock.now();
    if (o.log && now - lastLog >= progressEvery) {
      lastLog = now;
      o.log(`${o.label}: ${step.status ?? "not visible yet"}, ${Math.round((now - start) / 1000)}s`);
    }
    delay = Math.min(delay * factor, o.maxDelayMs);
  }
}
