// Creating without duplicates. A POST whose outcome is unknown (timeout, 5xx, lost response) is
// never replayed blindly: the object is looked up by its unique key first, and adopted only when
// it was not there before the POST.
import { clientStats, WholesaleApiError } from "../client";

/** How to create one object identified by a unique key. */
export interface CreateOnce<T> {
  /** Human name of the key, for messages, e.g. "customer with externalId crm-1042". */
  what: string;
  /** Find the object by its unique key. */
  lookup(): Promise<T | undefined>;
  /** Send the create request. */
  post(): Promise<T>;
  /** Attempts of the POST when lookups prove the previous one was not applied. */
  attempts?: number;
  /** Pause between an unknown outcome and the look-up (lets the write become visible). */
  settleMs?: number;
}

/** Outcome: the object, and whether it came from our POST or was found afterwards. */
export interface Created<T> {
  value: T;
  recovered: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** POST, and on an unknown outcome look the object up instead of replaying. */
export async function createOnce<T>(op: CreateOnce<T>): Promise<Created<T>> {
  const attempts = op.attempts ?? 3;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return { value: await op.post(), recovered: false };
    } catch (e) {
      if (!(e instanceof WholesaleApiError) || !e.outcomeUnknown) throw e;
      last = e;
      // Look twice: a write applied just before the response was lost may need a moment to show.
      for (let look = 0; look < 2; look++) {
        await sleep((op.settleMs ?? 250) * (look + 1));
        const found = await op.lookup();
        if (found !== undefined) {
          clientStats.recoveredCreates++;
          return { value: found, recovered: true };
        }
      }
      // Not there: the POST was not applied, so sending it again cannot duplicate.
    }
  }
  throw last;
}
