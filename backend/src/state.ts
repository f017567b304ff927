// The emulator's state: storage, the Webex models over it and the control plane, wired together,
// independent of HTTP.
import type { ControlOptions } from "./control/plane";
import { ControlPlane } from "./control/plane";
import { defaultTiming, type TimingConfig } from "./control/timing";
import { Customers } from "./models/customers";
import { Locations } from "./models/locations";
import { Overviews } from "./models/overview";
import { Scheduler } from "./models/scheduler";
import { Subscribers } from "./models/subscribers";
import { Templates } from "./models/templates";
import { openDatabase, type Db } from "./storage/db";
import { Repos } from "./storage/repos";

/** Settings the state is built from. */
export interface StateOptions extends ControlOptions {
  /** SQLite file, or ":memory:". */
  dbPath: string;
}

/** All models over one database, and the control plane. */
export class EmulatorState {
  private readonly db: Db;
  readonly control: ControlPlane;
  readonly templates: Templates;
  readonly locations: Locations;
  readonly customers: Customers;
  readonly subscribers: Subscribers;
  /** The console's read model. */
  readonly overview: Overviews;
  readonly scheduler: Scheduler;

  constructor(opts: StateOptions) {
    this.db = openDatabase(opts.dbPath);
    const repos = new Repos(this.db);
    this.control = new ControlPlane(repos, opts);
    const reality = this.control.reality;
    this.templates = new Templates(repos, reality);
    this.locations = new Locations(repos, reality);
    this.customers = new Customers(repos, this.templates, this.locations, () => this.control.timing, reality);
    this.subscribers = new Subscribers(repos, this.customers, this.locations, reality);
    this.overview = new Overviews(repos, this.control.journal);
    this.scheduler = new Scheduler(this.customers, 50, (e) => console.error("webex-wholesale-emulator: scheduler tick failed:", e));
  }

  /** Partners and tokens (the control plane's). */
  get partners() { return this.control.partners; }
  /** Fault rules (the control plane's). */
  get faults() { return this.control.faults; }
  /** The request journal (the control plane's). */
  get journal() { return this.control.journal; }
  /** The rate limiter (the control plane's). */
  get rateLimiter() { return this.control.rateLimiter; }
  /** Token of the development partner. */
  get devToken(): string { return this.control.devToken; }
  /** Transition timing in force. */
  get timing(): TimingConfig { return this.control.timing; }

  /** Merge a partial timing config. */
  setTiming(t: Partial<TimingConfig>): TimingConfig {
    return this.control.setTiming(t);
  }

  /** Stop the scheduler and close the database. */
  close(): void {
    this.scheduler.stop();
    if (this.db.open) this.db.close();
  }
}

export { defaultTiming };
