// When a customer's transition completes: at once, after a delay, or on the Nth read. The result
// is stored on the row (due_at / reads_left), so a restarted emulator picks up where it left off.
import { z } from "zod";

/** Timing of one kind of transition. */
export const Timing = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("immediate") }),
  z.object({ mode: z.literal("delay"), ms: z.number().int().min(0).max(3_600_000) }),
  z.object({ mode: z.literal("reads"), reads: z.number().int().min(1).max(1000) }),
]);
/** Timing of one kind of transition. */
export type Timing = z.infer<typeof Timing>;

/** Timing per transition kind. */
export const TimingConfig = z.object({ customers: Timing, customerUpdates: Timing, customerDeletes: Timing });
/** Timing per transition kind. */
export type TimingConfig = z.infer<typeof TimingConfig>;

/** Default provisioning delay: short but visible, like the real service. */
export const DEFAULT_DELAY_MS = 1500;

/** Default timing: every transition after `delayMs`. */
export function defaultTiming(delayMs = DEFAULT_DELAY_MS): TimingConfig {
  const t: Timing = delayMs <= 0 ? { mode: "immediate" } : { mode: "delay", ms: delayMs };
  return { customers: t, customerUpdates: t, customerDeletes: t };
}

/** What to store for a transition starting now: null/null means complete it at once. */
export function scheduleFor(t: Timing, now: number): { dueAt: number | null; readsLeft: number | null } {
  switch (t.mode) {
    case "immediate": return { dueAt: null, readsLeft: null };
    case "delay": return { dueAt: now + t.ms, readsLeft: null };
    case "reads": return { dueAt: null, readsLeft: t.reads };
  }
}
