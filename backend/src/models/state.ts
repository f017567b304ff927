// The emulator's state: storage plus every model, wired together, independent of HTTP.
import { openDatabase, type Db } from "../storage/db";
import { Repos } from "../storage/repos";
import { Customers } from "./customers";
import { Faults } from "./faults";
import { Journal } from "./journal";
import { Locations } from "./locations";
import { Partners } from "./partners";
import { RateLimiter } from "./rateLimiter";
import { Scheduler } from "./scheduler";
import { Subscribers } from "./subscribers";
import { Templates } from "./templates";
import { defaultTiming, type TimingConfig } from "./timing";

/** Settings the state is built from. */
export interface StateOptions {
  /** SQLite file, or ":memory:". */
  dbPath: string;
  timing: TimingConfig;
  rateLimit: { rps: number; burst?: number } | null;
  devToken?: string;
}

/** All models over one database. */
export class EmulatorState {
  readonly db: Db;
  readonly repos: Repos;
  readonly partners: Partners;
  readonly templates: Templates;
  readonly locations: Locations;
  readonly customers: Customers;
  readonly subscribers: Subscribers;
  readonly faults = new Faults();
  readonly journal = new Journal();
  readonly rateLimiter: RateLimiter;
  readonly scheduler: Scheduler;
  /** Token of the development partner. */
  readonly devToken: string;
  timing: TimingConfig;

  constructor(opts: StateOptions) {
    this.db = openDatabase(opts.dbPath);
    this.repos = new Repos(this.db);
    this.timing = opts.timing;
    this.partners = new Partners(this.repos.partners);
    this.templates = new Templates(this.repos);
    this.locations = new Locations(this.repos);
    this.customers = new Customers(this.repos, this.templates, this.locations, () => this.timing);
    this.subscribers = new Subscribers(this.repos, this.customers, this.locations);
    this.rateLimiter = new RateLimiter(null);
    this.rateLimiter.configure(opts.rateLimit);
    this.devToken = this.partners.ensureDevPartner(opts.devToken);
    this.scheduler = new Scheduler(this.customers, 50, (e) => console.error("webex-wholesale-emulator: scheduler tick failed:", e));
  }

  /** Merge a partial timing config. */
  setTiming(t: Partial<TimingConfig>): TimingConfig {
    this.timing = { ...this.timing, ...t };
    return this.timing;
  }

  /** Wipe objects, journal and faults; partners, tokens, timing and rate limit stay. */
  reset(): void {
    this.repos.wipe();
    this.journal.clear();
    this.faults.reset();
  }

  /** Counts of each object kind and of faults and rate-limited requests. */
  stats(): Record<string, unknown> {
    return {
      partners: this.repos.partners.list().length,
      templates: this.repos.templates.count(),
      customers: this.repos.customers.countByStatus(),
      subscribers: this.repos.subscribers.count(),
      locations: this.repos.locations.count(),
      faultsFired: this.faults.fired,
      rateLimited: this.rateLimiter.limitedCount,
      requests: this.journal.total,
    };
  }

  /** Stop the scheduler and close the database. */
  close(): void {
    this.scheduler.stop();
    if (this.db.open) this.db.close();
  }
}

export { defaultTiming };
