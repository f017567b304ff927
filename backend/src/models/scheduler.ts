// Advances due transitions in the background. Deadlines live in the database, so this is only
// a driver: a restart (or a read) catches up with whatever came due meanwhile.
import type { Customers } from "./customers";

/** A periodic tick completing due customer transitions. */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly customers: Customers, private readonly everyMs = 50, private readonly onError: (e: unknown) => void = () => {}) {}

  /** Start ticking (first tick at once, catching up after a restart). */
  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.everyMs);
    this.timer.unref();
  }

  /** Stop ticking. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Complete what is due now. */
  tick(): number {
    try {
      return this.customers.advanceDue();
    } catch (e) {
      this.onError(e);
      return 0;
    }
  }
}
