// The control plane's state and operations: partners and tokens, transition timing, fault rules,
// the rate limit, the request journal, test scenarios (free accounts, forced outcomes), reset and
// stats. Kept apart from the Webex models, which only read the timing it sets.
import type { CensusKind, Repos } from "../storage/repos";
import type { OutcomeRecord } from "../storage/records";
import { Faults } from "./faults";
import { Journal } from "./journal";
import { Partners } from "./partners";
import { RateLimiter } from "./rateLimiter";
import { Reality, type RealityModes } from "./reality";
import type { TimingConfig } from "./timing";

/** Settings the control plane starts with. */
export interface ControlOptions {
  timing: TimingConfig;
  rateLimit: { rps: number; burst?: number } | null;
  /** Token of the development partner (an existing or random one when absent). */
  devToken?: string;
  /** Strict-reality modes of every partner (default: strict, none of them). */
  reality?: RealityModes;
}

/** The answer of GET /_emulator/census. */
export interface Census {
  /** Per partner, per key kind, per key: the number of objects. */
  partners: Record<string, Partial<Record<CensusKind, Record<string, number>>>>;
  /** Every key held by more than one object. */
  duplicates: { partnerId: string; kind: CensusKind; key: string; count: number }[];
  /** Objects beyond the first per key, summed (0 = no duplicates). */
  extraObjects: number;
}

/** Everything the /_emulator routes drive. */
export class ControlPlane {
  readonly faults = new Faults();
  readonly journal = new Journal();
  readonly rateLimiter = new RateLimiter(null);
  /** Strict-reality modes per partner. */
  readonly reality: Reality;
  readonly partners: Partners;
  /** Token of the development partner. */
  readonly devToken: string;
  private timingConfig: TimingConfig;

  constructor(private readonly repos: Repos, opts: ControlOptions) {
    this.timingConfig = opts.timing;
    this.reality = new Reality(opts.reality);
    this.rateLimiter.configure(opts.rateLimit);
    this.partners = new Partners(repos.partners);
    this.devToken = this.partners.ensureDevPartner(opts.devToken);
  }

  /** Transition timing in force. */
  get timing(): TimingConfig {
    return this.timingConfig;
  }

  /** Merge a partial timing config. */
  setTiming(t: Partial<TimingConfig>): TimingConfig {
    this.timingConfig = { ...this.timingConfig, ...t };
    return this.timingConfig;
  }

  /** Register a pre-existing free Webex account (its provisioning waits for consent). */
  addFreeAccount(email: string): void {
    this.repos.scenarios.addFreeAccount(email);
  }

  /** Force the outcome of the next provisioning of this externalId. */
  setOutcome(externalId: string, outcome: OutcomeRecord): void {
    this.repos.scenarios.setOutcome(externalId, outcome);
  }

  /** Wipe objects, journal and faults; partners, tokens, timing and rate limit stay. */
  reset(): void {
    this.repos.wipe();
    this.journal.clear();
    this.faults.reset();
  }

  /**
   * How many objects share each unique key, per partner, read straight from storage (no visibility
   * lag, no read counted): a duplicate census that does not go through any API client.
   */
  census(partnerId?: string): Census {
    const partners: Census["partners"] = {};
    const duplicates: Census["duplicates"] = [];
    for (const row of this.repos.census()) {
      if (partnerId !== undefined && row.partnerId !== partnerId) continue;
      ((partners[row.partnerId] ??= {})[row.kind] ??= {})[row.key] = row.count;
      if (row.count > 1) duplicates.push(row);
    }
    return { partners, duplicates, extraObjects: duplicates.reduce((n, d) => n + d.count - 1, 0) };
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
}
