// Process-wide admission control per base URL: a concurrency semaphore, a token bucket, a shared
// "blocked until" instant set by 429s, and a send rate learned from them. Every attempt (retries
// included) passes through it, because the Pulumi engine runs many resource operations at once
// inside one provider process.

/** Time source and sleeper, injectable so tests can use a fake clock. */
export interface Clock {
  /** Milliseconds since an arbitrary epoch. */
  now(): number;
  /** Resolve after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** Real time. */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms))),
};

/** FIFO counting semaphore. */
export class Semaphore {
  private active = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private max: number) {}

  /** Change the limit (later settings win); waiters are admitted if room appeared. */
  setMax(max: number): void {
    this.max = Math.max(1, max);
    this.drain();
  }

  /** Requests holding a slot. */
  get inUse(): number {
    return this.active;
  }

  /** Wait for a slot; the returned function releases it (idempotent). */
  async acquire(): Promise<() => void> {
    if (this.active < this.max && this.waiters.length === 0) this.active++;
    else await new Promise<void>((r) => this.waiters.push(r)); // slot handed over by release()
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.drain();
    };
  }

  private drain(): void {
    while (this.active < this.max && this.waiters.length) {
      this.active++;
      this.waiters.shift()!();
    }
  }
}

/** Token bucket: `rate` tokens per second, burst max(1, rate); rate 0 = unlimited. Takes are FIFO. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(private rate: number, private readonly clock: Clock = realClock) {
    this.tokens = this.capacity;
    this.last = clock.now();
  }

  private get capacity(): number {
    return Math.max(1, this.rate);
  }

  /** Change the rate (later settings win). */
  setRate(rate: number): void {
    this.refill();
    this.rate = rate;
    this.tokens = Math.min(this.tokens, this.capacity);
  }

  /** Wait until a token is available and take it. */
  take(): Promise<void> {
    if (this.rate <= 0) return Promise.resolve();
    // Chaining serialises takers so they are served in arrival order without busy races.
    const p = this.queue.then(() => this.takeNow());
    this.queue = p.catch(() => undefined);
    return p;
  }

  private async takeNow(): Promise<void> {
    for (;;) {
      if (this.rate <= 0) return;
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000));
    }
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }
}

/** Tuning of AdaptiveRate. */
export interface AdaptiveRateOptions {
  /** Window over which the send rate is measured, and within which further 429s do not cut again. */
  windowMs: number;
  /** Factor applied to the send rate on a 429. */
  decrease: number;
  /** Requests per second added per request the server served. */
  increase: number;
  /** Lowest limit, requests per second. */
  floor: number;
}

/**
 * The send rate the server tolerates, learned from its 429s: additive increase, multiplicative
 * decrease (as TCP's congestion control and the AWS SDKs' "adaptive" retry mode). Without it, the
 * end of each shared pause releases every waiting request at once, the server throttles half of
 * them again, and a request that loses this lottery a few times in a row runs out of retries.
 */
export class AdaptiveRate {
  private limit: number | undefined;
  private sends: number[] = [];
  private lastCut = -Infinity;
  private readonly o: AdaptiveRateOptions;

  constructor(private readonly clock: Clock = realClock, options: Partial<AdaptiveRateOptions> = {}) {
    this.o = { windowMs: 1_000, decrease: 0.7, increase: 0.05, floor: 0.5, ...options };
  }

  /** The learned limit in requests per second; undefined until the first 429. */
  get current(): number | undefined {
    return this.limit;
  }

  /** Note one request sent. */
  sent(): void {
    const now = this.clock.now();
    this.sends.push(now);
    this.forgetBefore(now - this.o.windowMs);
  }

  /** A 429: cut the limit below the rate we were sending at. False when it did not change. */
  throttled(): boolean {
    const now = this.clock.now();
    // The other requests of the same burst are refused too: one cut per burst.
    if (now - this.lastCut < this.o.windowMs) return false;
    this.lastCut = now;
    this.forgetBefore(now - this.o.windowMs);
    const sending = (this.sends.length * 1_000) / this.o.windowMs;
    this.limit = Math.max(this.o.floor, Math.min(this.limit ?? Infinity, sending) * this.o.decrease);
    return true;
  }

  /** The server served a request: probe a little higher. False when there is no limit to raise. */
  served(): boolean {
    if (this.limit === undefined) return false;
    this.limit += this.o.increase;
    return true;
  }

  private forgetBefore(t: number): void {
    let i = 0;
    while (i < this.sends.length && this.sends[i]! < t) i++;
    if (i > 0) this.sends.splice(0, i);
  }
}

/** Semaphore + token bucket + shared 429 pause + learned rate for one base URL. */
export class RateLimiter {
  /** Requests wait until this instant (set from a 429's Retry-After), so they don't stampede. */
  private blockedUntil = 0;
  private readonly semaphore: Semaphore;
  private readonly bucket: TokenBucket;
  private readonly adaptive: AdaptiveRate;
  private configuredRate: number;

  constructor(maxConcurrency: number, requestsPerSecond: number, private readonly clock: Clock = realClock) {
    this.semaphore = new Semaphore(Math.max(1, maxConcurrency));
    this.bucket = new TokenBucket(requestsPerSecond, clock);
    this.adaptive = new AdaptiveRate(clock);
    this.configuredRate = requestsPerSecond;
  }

  /** Apply new limits (the most recent client settings for this base URL win). */
  configure(maxConcurrency: number, requestsPerSecond: number): void {
    this.semaphore.setMax(maxConcurrency);
    this.configuredRate = requestsPerSecond;
    this.applyRate();
  }

  /** Pause every request of this base URL until `until` (never shortens an existing pause). */
  blockUntil(until: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
  }

  /** The server answered 429: pause everything until `until`, and send slower afterwards. */
  throttled(until: number): void {
    this.blockUntil(until);
    if (this.adaptive.throttled()) this.applyRate();
  }

  /** The server answered without throttling: the learned rate may grow again. */
  served(): void {
    if (this.adaptive.served()) this.applyRate();
  }

  /** Requests per second the bucket allows now (0 = unlimited). */
  get rate(): number {
    const learned = this.adaptive.current;
    if (learned === undefined) return this.configuredRate;
    return this.configuredRate > 0 ? Math.min(this.configuredRate, learned) : learned;
  }

  private applyRate(): void {
    this.bucket.setRate(this.rate);
  }

  /** Milliseconds left in the shared pause. */
  pauseRemaining(): number {
    return Math.max(0, this.blockedUntil - this.clock.now());
  }

  /** Requests holding a slot now. */
  get inFlight(): number {
    return this.semaphore.inUse;
  }

  /** Wait for a slot, the shared pause and a token; returns the slot's release function. */
  async acquire(): Promise<() => void> {
    const release = await this.semaphore.acquire();
    try {
      for (;;) {
        let wait = this.pauseRemaining();
        while (wait > 0) {
          await this.clock.sleep(wait);
          wait = this.pauseRemaining();
        }
        await this.bucket.take();
        // A 429 may have arrived while we waited for the token: honour it before sending.
        if (this.pauseRemaining() === 0) {
          this.adaptive.sent();
          return release;
        }
      }
    } catch (e) {
      release();
      throw e;
    }
  }
}

const limiters = new Map<string, RateLimiter>();

/** The process-wide limiter of `baseUrl`, created on first use and reconfigured by later settings. */
export function limiterFor(baseUrl: string, maxConcurrency: number, requestsPerSecond: number): RateLimiter {
  let l = limiters.get(baseUrl);
  if (!l) {
    l = new RateLimiter(maxConcurrency, requestsPerSecond);
    limiters.set(baseUrl, l);
  } else {
    l.configure(maxConcurrency, requestsPerSecond);
  }
  return l;
}
