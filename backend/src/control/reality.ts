// Strict-reality modes: behaviours of the real service that the default emulator hides, switched
// on per partner (or for every partner by default) through the control plane or the CLI:
// - visibility lag: a new object stays out of lists and key lookups for a while (GET by id sees it);
// - lax unique keys: externalId and email are not enforced unique (a second POST succeeds);
// - lost responses: a write is applied, then its answer is lost (connection reset, or a 504);
// - slow writes: each write waits before it is applied;
// - busy updates: a customer stays `updating` for a while after a PUT, and every write on it,
//   its users and its locations meanwhile answers 409.
import { z } from "zod";
import { conflict, ErrorCode } from "../models/errors";
import { mulberry32 } from "./prng";
import type { Timing } from "./timing";

const ms = z.number().int().min(0).max(600_000);

/** The modes of one partner. */
export const RealityModes = z.object({
  /** How long a new object stays invisible to lists and key lookups (0: at once). */
  visibilityLagMs: ms,
  /** False: externalId and email are not enforced unique (a lax backend). */
  enforceUniqueness: z.boolean(),
  /** Share (0..1) of successful writes whose answer is lost after the write is applied. */
  lostResponseRate: z.number().min(0).max(1),
  /** How an answer is lost: the connection is reset, or a gateway answers 504. */
  lostResponseAs: z.enum(["reset", "504"]),
  /** Seed of the draws (lost responses, slow-write delays), so a run can be repeated. */
  seed: z.number().int(),
  /** Delay of each write before it is applied, in ms: a number, or [min, max]. */
  slowWritesMs: z.union([ms, z.tuple([ms, ms])]),
  /** How long a customer stays `updating` after a PUT at the least, everything on it answering 409 (0: off). */
  busyUpdatesMs: ms,
});
/** The modes of one partner. */
export type RealityModes = z.infer<typeof RealityModes>;

/** The default: none of them (what tests of the rules want). */
export const STRICT: RealityModes = {
  visibilityLagMs: 0, enforceUniqueness: true, lostResponseRate: 0, lostResponseAs: "reset", seed: 0x5eed, slowWritesMs: 0, busyUpdatesMs: 0,
};

/** `--realistic`: all of them, at levels the real service shows. */
export const REALISTIC: RealityModes = {
  visibilityLagMs: 5_000, enforceUniqueness: false, lostResponseRate: 0.1, lostResponseAs: "reset", seed: 0x5eed, slowWritesMs: [50, 1_500], busyUpdatesMs: 3_000,
};

/** Named presets. */
export const PRESETS = { strict: STRICT, realistic: REALISTIC } as const;

/** Body of PUT /_emulator/reality[/:partnerId]: a preset, then fields that override it (or the current modes). */
export const RealityPatch = RealityModes.partial().extend({ preset: z.enum(["strict", "realistic"]).optional() });
/** Body of PUT /_emulator/reality[/:partnerId]. */
export type RealityPatch = z.infer<typeof RealityPatch>;

/** The modes in force: a default for every partner, and per-partner overrides. */
export class Reality {
  private fallback: RealityModes;
  private readonly perPartner = new Map<string, RealityModes>();
  private readonly draws = new Map<string, () => number>();

  constructor(initial: RealityModes = STRICT) {
    this.fallback = initial;
  }

  /** The modes of a partner. */
  of(partnerId: string): RealityModes {
    return this.perPartner.get(partnerId) ?? this.fallback;
  }

  /** The default and every partner's own modes. */
  list(): { default: RealityModes; partners: Record<string, RealityModes> } {
    return { default: this.fallback, partners: Object.fromEntries(this.perPartner) };
  }

  /** Change the default (no partner id) or one partner's modes; returns the result. */
  set(patch: RealityPatch, partnerId?: string): RealityModes {
    const { preset, ...fields } = patch;
    const base = preset ? PRESETS[preset] : partnerId !== undefined ? this.of(partnerId) : this.fallback;
    const next = { ...base, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) } as RealityModes;
    if (partnerId === undefined) this.fallback = next;
    else this.perPartner.set(partnerId, next);
    this.draws.clear();
    return next;
  }

  /** Forget every partner's own modes (the default stays). */
  clearPartners(): void {
    this.perPartner.clear();
    this.draws.clear();
  }

  /** True when a new object created at `createdIso` is still hidden from this partner's lists. */
  hidden(partnerId: string, createdIso: string | undefined, now = Date.now()): boolean {
    const lag = this.of(partnerId).visibilityLagMs;
    return lag > 0 && createdIso !== undefined && Date.parse(createdIso) + lag > now;
  }

  /** In the busy-updates mode, 409 for a write on a customer (or its users and locations) while it is `updating`. */
  refuseWhileUpdating(partnerId: string, status: string): void {
    if (status === "updating" && this.of(partnerId).busyUpdatesMs > 0) {
      throw conflict(ErrorCode.customerBusy, "The customer is updating; its users and locations can be changed once the update completes.");
    }
  }

  /** The timing of a customer update for this partner: at least busyUpdatesMs long in the busy-updates mode. */
  updateTiming(partnerId: string, t: Timing): Timing {
    const busy = this.of(partnerId).busyUpdatesMs;
    return busy > 0 ? { mode: "delay", ms: Math.max(busy, t.mode === "delay" ? t.ms : 0) } : t;
  }

  /** Draw whether this write's answer is lost; how, or undefined. */
  loseResponse(partnerId: string): RealityModes["lostResponseAs"] | undefined {
    const m = this.of(partnerId);
    return m.lostResponseRate > 0 && this.draw(partnerId) < m.lostResponseRate ? m.lostResponseAs : undefined;
  }

  /** Draw the delay of one write of this partner, in ms. */
  writeDelay(partnerId: string): number {
    const s = this.of(partnerId).slowWritesMs;
    if (!Array.isArray(s)) return s;
    return s[0] + Math.floor(this.draw(partnerId) * (Math.max(s[0], s[1]) - s[0] + 1));
  }

  // One seeded sequence per partner, started again whenever its modes change.
  private draw(partnerId: string): number {
    let next = this.draws.get(partnerId);
    if (!next) {
      next = mulberry32(this.of(partnerId).seed);
      this.draws.set(partnerId, next);
    }
    return next();
  }
}
