// Retry policy: which outcomes may be retried, and how long to wait before the next attempt.

/** Methods whose replay cannot apply a change twice. */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/** True when replaying `method` cannot apply a change twice (HTTP semantics). */
export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/** Methods the client replays by itself after a 5xx or a transport failure: reads only. */
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * True when the client may replay `method` blindly. Idempotent writes are not: a customer PUT
 * applied before its response was lost makes the customer `updating`, and the replay then fails
 * with 409 although the change was made. Writes with an unknown outcome converge in the lifecycle
 * (read, compare, re-send only if not applied).
 */
export function isSafe(method: string): boolean {
  return SAFE.has(method.toUpperCase());
}

/** Statuses that mean "try again later" for idempotent requests. */
export function isRetryableStatus(status: number): boolean {
  return status === 500 || status === 502 || status === 503 || status === 504;
}

/** Transport codes meaning the request never reached the server, so even a POST can be replayed. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** True when a transport error proves the request was not delivered. */
export function wasNotSent(code: string | undefined): boolean {
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/**
 * Full-jitter exponential backoff: uniform in [0, min(cap, base·2^attempt)].
 * Full jitter spreads clients that failed together (AWS architecture blog, "Exponential Backoff And Jitter").
 */
export function fullJitterDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** Parse `Retry-After` (delay-seconds, decimals tolerated, or an HTTP-date) into ms, capped; undefined if absent/invalid. */
export function parseRetryAfter(value: string | undefined, capMs: number, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === "") return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(v)) ms = parseFloat(v) * 1000;
  else if (/[a-z]/i.test(v)) {
    // HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT"); the letter test keeps "-1" from parsing as a year.
    const at = Date.parse(v);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  } else return undefined;
  return Math.min(capMs, Math.max(0, Math.ceil(ms)));
}
