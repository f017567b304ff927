// Creating without duplicates, with as few requests as possible. The POST goes first, with no
// look-up before it (a create is usually new). Afterwards:
// - a duplicate answer (409 with the kind's duplicate error code) → look the key up and decide:
//   adopt when asked to, or when the object is what this resource would have created (an earlier
//   run's POST whose response was lost); otherwise AlreadyExistsError.
// - an unknown outcome (timeout, lost response, 5xx) → NEVER a second POST unless a look-up has
//   proven the object absent; a look-up proves absence only when it starts after the service's
//   visibility bound (`visibilityLagMs`) has elapsed since the first POST ended. A lax service
//   may not refuse a second POST with the same key, so this rule alone must prevent duplicates.
// - a 2xx whose body fails validation → the object exists: look it up, never POST again.
// When absence cannot be proven before the deadline, the create fails with UnconfirmedCreateError,
// which the engine records under a placeholder id so that the next `up` looks the key up first.
import { clientStats, ResponseValidationError, WholesaleApiError } from "../client";
import { realClock, type Clock } from "../client/limiter";
import { AlreadyExistsError } from "./errors";

/** How to create one object identified by a unique key. */
export interface CreateOnce<T extends { id: string }> {
  /** The object, for messages, e.g. "customer crm-1042". */
  what: string;
  /** Its unique key, for messages, e.g. "externalId crm-1042". */
  key: string;
  /** Find the object by its unique key (a list or filtered GET: subject to the visibility lag). */
  lookup(): Promise<T | undefined>;
  /** Send the create request. */
  post(): Promise<T>;
  /** True when a found object is what this resource would have created (same parent and fields). */
  isOurs(found: T): boolean;
  /** Take over an existing object with the key (the resource's `adopt: true`). */
  adopt?: boolean;
  /**
   * Look the key up before the POST: "once" (adopting: an existing object is old, hence visible),
   * or "settle" (a previous run's create of this key ended unconfirmed: its object may be young).
   */
  lookupFirst?: "once" | "settle";
  /** Webex error codes of a 409 that mean "this key is taken" (a 409 without codes counts too). */
  duplicateCodes: readonly number[];
  /** How long after a write the service may still hide it from lists and key look-ups. */
  visibilityLagMs: number;
  /** How long, beyond the visibility bound, look-ups may keep failing before giving up. */
  graceMs?: number;
  /** Most POSTs (each after proven absence). */
  attempts?: number;
  /** Progress lines. */
  log?: (msg: string) => void;
  /** Clock (tests inject one). */
  clock?: Clock;
}

/** Outcome: the object, and how it was obtained. */
export interface Created<T> {
  value: T;
  /** "posted": our POST answered; "recovered": found after an unknown outcome; "adopted": an existing object taken over. */
  how: "posted" | "recovered" | "adopted";
  /** POSTs sent. */
  posts: number;
}

/** A create whose outcome stayed unknown: the object may or may not exist. */
export class UnconfirmedCreateError extends Error {
  /** The object, e.g. "customer crm-1042". */
  readonly what: string;
  /** Its unique key, e.g. "externalId crm-1042". */
  readonly key: string;
  constructor(what: string, key: string, cause: string) {
    super(`${what}: the create request's outcome is unknown (${cause}) and a look-up by ${key} could not prove ` +
      `whether it was applied, so it was not sent again (that could create a duplicate). Run \`pulumi up\` again: ` +
      `it looks ${key} up first and adopts the object if the first request created it.`);
    this.name = "UnconfirmedCreateError";
    this.what = what;
    this.key = key;
  }
}

/** A create answered 2xx with a body that cannot be read, and the object could not be found by its key. */
export class UnreadableCreateError extends Error {
  constructor(what: string, key: string, id: string | undefined, cause: string) {
    super(`${what} was created, but the response could not be read (${cause}) and a look-up by ${key} did not find it yet. ` +
      (id ? `Its id is ${id}: ` : "") + "set `adopt: true` on the resource and run `pulumi up` again to take it over.");
    this.name = "UnreadableCreateError";
  }
}

/** True for a 409 that says the key is taken. */
function isDuplicate(e: unknown, codes: readonly number[]): e is WholesaleApiError {
  return e instanceof WholesaleApiError && e.status === 409 && (e.errorCodes.length === 0 || e.errorCodes.some((c) => codes.includes(c)));
}

/** True when the POST may have been applied although no usable answer came back. */
function isUnknownOutcome(e: unknown): e is WholesaleApiError {
  return e instanceof WholesaleApiError && e.outcomeUnknown;
}

/** POST first; on a duplicate answer or an unknown outcome, look up by key instead of replaying. */
export async function createOnce<T extends { id: string }>(op: CreateOnce<T>): Promise<Created<T>> {
  const clock = op.clock ?? realClock;
  const attempts = op.attempts ?? 3;
  const lag = op.visibilityLagMs;
  const grace = op.graceMs ?? Math.max(30_000, lag);
  let posts = 0;
  /** When the first POST ended: the visibility bound counts from there (a later POST only adds to it). */
  let firstEnded: number | undefined;

  const decide = (found: T, why: string): Created<T> => {
    if (op.adopt) {
      op.log?.(`${op.what}: adopting existing object ${found.id} (${op.key})`);
      return { value: found, how: "adopted", posts };
    }
    if (op.isOurs(found)) {
      clientStats.recoveredCreates++;
      op.log?.(`${op.what}: ${why}; found ${found.id} by ${op.key}, created by this resource's earlier request`);
      return { value: found, how: "recovered", posts };
    }
    throw new AlreadyExistsError(op.what, `with ${op.key}`, found.id);
  };

  if (op.lookupFirst === "once") {
    const found = await op.lookup();
    if (found) return decide(found, "adopting");
  } else if (op.lookupFirst === "settle") {
    // An earlier run could not confirm its create: its object may exist, possibly still invisible.
    const r = await settle(op, clock, clock.now(), grace);
    if (r.found) return decide(r.found, "an earlier run's create was unconfirmed");
    if (!r.provenAbsent) throw new UnconfirmedCreateError(op.what, op.key, `an earlier run's create was unconfirmed; ${r.lastError ?? "look-ups failed"}`);
  }

  for (;;) {
    posts++;
    try {
      return { value: await op.post(), how: "posted", posts };
    } catch (e) {
      firstEnded ??= clock.now();
      if (isDuplicate(e, op.duplicateCodes)) {
        // The object holding the key may be younger than the visibility bound: look until it shows.
        const r = await settle(op, clock, firstEnded, grace);
        if (r.found) return decide(r.found, "the service answered that the key is taken");
        throw e; // a conflict on something else (e.g. another unique field): report it as it came
      }
      if (e instanceof ResponseValidationError && e.method === "POST" && e.status !== undefined && e.status < 300) {
        // Applied for sure (2xx): find it, never POST again.
        const r = await settle(op, clock, firstEnded, grace);
        if (r.found) {
          clientStats.recoveredCreates++;
          return { value: r.found, how: "recovered", posts };
        }
        throw new UnreadableCreateError(op.what, op.key, e.createdId, e.message);
      }
      if (!isUnknownOutcome(e)) throw e;
      const r = await settle(op, clock, firstEnded, grace);
      if (r.found) {
        clientStats.recoveredCreates++;
        op.log?.(`${op.what}: the create's response was lost; found ${r.found.id} by ${op.key}`);
        return { value: r.found, how: "recovered", posts };
      }
      if (!r.provenAbsent) throw new UnconfirmedCreateError(op.what, op.key, `${e.message}; ${r.lastError ?? "look-ups failed"}`);
      if (posts >= attempts) throw e;
      op.log?.(`${op.what}: not created (absent ${Math.round(lag / 1000)}s after the request), sending it again`);
    }
  }
}

/** What a series of look-ups established. */
interface Settled<T> {
  found?: T;
  /** A look-up that started after the visibility bound found nothing. */
  provenAbsent: boolean;
  lastError?: string;
}

/**
 * Look the key up until the object shows (found early is proof enough) or until a look-up started
 * after `since + lag` finds nothing (proof of absence). Failing look-ups are tried again until
 * `since + lag + grace`. Early looks double their spacing from 1 s, so a service that shows writes
 * at once costs one look-up, and a lagging one a handful.
 */
async function settle<T extends { id: string }>(op: CreateOnce<T>, clock: Clock, since: number, grace: number): Promise<Settled<T>> {
  const bound = since + op.visibilityLagMs;
  const deadline = bound + grace;
  let gap = 1_000;
  let lastError: string | undefined;
  for (let first = true; ; first = false) {
    const now = clock.now();
    if (!first) {
      if (now >= deadline) return { provenAbsent: false, lastError };
      // Sleep to the next early look, or to the bound, whichever comes first.
      const next = now < bound ? Math.min(now + gap, bound) : now + Math.min(gap, deadline - now);
      await clock.sleep(Math.max(0, next - now));
      gap = Math.min(gap * 2, 10_000);
    }
    const startedAt = clock.now();
    try {
      const found = await op.lookup();
      if (found) return { found, provenAbsent: false };
      if (startedAt >= bound) return { provenAbsent: true };
    } catch (e) {
      lastError = `look-up failed: ${(e as Error).message}`;
    }
  }
}
