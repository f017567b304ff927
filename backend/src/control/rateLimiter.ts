// Per-token token buckets: `rps` tokens a second, up to `burst`. Off unless configured.
import { z } from "zod";

/** Body of PUT /_emulator/rate-limit (`rps: null` switches it off). */
export const RateLimitInput = z.object({
  rps: z.number().positive().max(100_000).nullable(),
  burst: z.number().int().min(1).max(100_000).optional(),
});

/** Rate-limit settings. */
export interface RateLimit {
  rps: number;
  burst: number;
}

/** The limiter over all tokens. */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();
  private limited = 0;

  constructor(private config: RateLimit | null) {}

  /** Current settings (null: off). */
  get settings(): RateLimit | null {
    return this.config;
  }

  /** How many requests were refused. */
  get limitedCount(): number {
    return this.limited;
  }

  /** Change the settings; buckets start full again. */
  configure(config: { rps: number; burst?: number } | null): void {
    this.config = config ? { rps: config.rps, burst: config.burst ?? Math.max(1, Math.ceil(config.rps)) } : null;
    this.buckets.clear();
  }

  /** Take one token for `key`: undefined when allowed, else seconds to wait (for Retry-After). */
  take(key: string, now = Date.now()): number | undefined {
    const c = this.config;
    if (!c) return undefined;
    const b = this.buckets.get(key) ?? { tokens: c.burst, at: now };
    b.tokens = Math.min(c.burst, b.tokens + ((now - b.at) / 1000) * c.rps);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    this.limited++;
    return Math.max(1, Math.ceil((1 - b.tokens) / c.rps));
  }
}
