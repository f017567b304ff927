// Writes to an existing object whose outcome may be unknown (timeout, lost response, 5xx). The
// client never replays them blindly (see client/backoff isSafe): a customer PUT applied before its
// response was lost leaves the customer `updating`, and a replay would fail with 409 although the
// change was made. Instead: read the object, compare it with what was asked, and send again only
// when the change is not there.
import { WholesaleApiError } from "../client";

/** An update (PUT) that converges; `T` is the object as read. */
export interface ConvergedPut<T> {
  /** The object, for messages, e.g. "customer crm-1042". */
  what: string;
  /** Send the PUT (its answer is the caller's to keep). */
  send(): Promise<unknown>;
  /** Wait until the object accepts changes again (e.g. while `updating`) and read it; undefined if gone. */
  settleAndRead(): Promise<T | undefined>;
  /** True when the live object already holds the desired change. */
  applied(live: T): boolean;
  /** Webex error codes of a 409 meaning "busy, try again once settled" (e.g. a customer `updating`). */
  busyCodes?: readonly number[];
  /** Most PUTs sent (default 3). */
  attempts?: number;
  /** Progress lines. */
  log?: (msg: string) => void;
}

/** True when the PUT may have been applied although no usable answer came back. */
function unknownOutcome(e: unknown): e is WholesaleApiError {
  return e instanceof WholesaleApiError && e.outcomeUnknown;
}

/**
 * PUT; after an unknown outcome (or a "busy" 409) read, compare and re-send only if not applied.
 * Returns the PUTs sent and, when the change was found applied by a read, the object read.
 */
export async function putConverged<T>(op: ConvergedPut<T>): Promise<{ live?: T; puts: number }> {
  const attempts = op.attempts ?? 3;
  for (let puts = 1; ; puts++) {
    try {
      await op.send();
      return { puts };
    } catch (e) {
      const busy = e instanceof WholesaleApiError && e.status === 409 && e.errorCodes.some((c) => op.busyCodes?.includes(c));
      if (!unknownOutcome(e) && !busy) throw e;
      const live = await op.settleAndRead();
      if (live === undefined) {
        throw new Error(`${op.what}: the object disappeared while it was being updated (deleted outside Pulumi?); ${e.message}`);
      }
      if (op.applied(live)) {
        op.log?.(`${op.what}: the update's answer was lost, but the live object holds the change`);
        return { live, puts };
      }
      if (puts >= attempts) throw e;
      op.log?.(`${op.what}: the update was not applied (${e.message}), sending it again`);
    }
  }
}

/** A delete that reports only what it has seen. */
export interface ConfirmedDelete<S> {
  /** The object, for messages. */
  what: string;
  /** Send the DELETE (404 counts as done). */
  send(): Promise<void>;
  /** Read the object; undefined when it is gone. */
  read(): Promise<S | undefined>;
  /** True when the object read is already on its way out (e.g. `deleting`): waiting is enough. */
  leaving?(live: S): boolean;
  /** Most DELETEs sent (default 3). */
  attempts?: number;
  /** Progress lines. */
  log?: (msg: string) => void;
}

/**
 * DELETE; after an unknown outcome read the object before reporting: gone (or going) is success,
 * still there (and not going) means the delete was not applied, so it is sent again.
 */
export async function deleteConfirmed<S>(op: ConfirmedDelete<S>): Promise<void> {
  const attempts = op.attempts ?? 3;
  for (let deletes = 1; ; deletes++) {
    try {
      await op.send();
      return;
    } catch (e) {
      if (!unknownOutcome(e)) throw e;
      const live = await op.read();
      if (live === undefined || op.leaving?.(live)) {
        op.log?.(`${op.what}: the delete's answer was lost, but the object is ${live === undefined ? "gone" : "being deleted"}`);
        return;
      }
      if (deletes >= attempts) throw e;
      op.log?.(`${op.what}: still there after a lost delete answer, sending it again`);
    }
  }
}
