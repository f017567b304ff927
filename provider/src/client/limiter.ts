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

/**
 * Waiters in two lanes, each FIFO: urgent ones (polls of asynchronous operations: cheap reads that
 * other resources wait on) are served before the rest, so a poll does not queue behind the
 * creates of every other resource in flight and notice a provisioned customer seconds late.
 */
export class Lanes<T> {
  private readonly urgent: T[] = [];
  private readonly normal: T[] = [];

  /** Queue `item` at the end of its lane. */
  push(item: T, urgent = false): void {
    (urgent ? this.urgent : this.normal).push(item);
  }

  /** The next item (urgent lane first), or undefined. */
  shift(): T | undefined {
    return this.urgent.length ? this.urgent.shift() : this.normal.shift();
  }

  /** Items waiting. */
  get length(): number {
    return this.urgent.length + this.normal.length;
  }
}

/** Counting semaphore; waiters are admitted FIFO within their lane, urgent lane first. */
export class Semaphore {
  private active = 0;
  private readonly waiters = new Lanes<() => void>();

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

  /** Wait for a slot (`urgent`: ahead of the other waiters); the returned function releases it (idempotent). */
  async acquire(urgent = false): Promise<() => void> {
    if (this.active < this.max && this.waiters.length === 0) this.active++;
    else await new Promise<void>((r) => this.waiters.push(r, urgent)); // slot handed over by release()
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

/**
 * Token bucket: `rate` tokens per second, burst max(1, rate/2); rate 0 = unlimited. Takes are FIFO
 * within their lane. Half a second of burst, where servers commonly allow a second's worth, leaves
 * the server's bucket headroom for network jitter: with equal buckets, the burst after an idle
 * moment (e.g. all customers provisioning) would meet an empty server bucket and draw a 429.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly waiters = new Lanes<() => void>();
  private serving = false;

  constructor(private rate: number, private readonly clock: Clock = realClock) {
    this.tokens = this.capacity;
    this.last = clock.now();
  }

  private get capacity(): number {
    return Math.max(1, this.rate / 2);
  }

  /** Change the rate (later settings win). */
  setRate(rate: number): void {
    this.refill();
    this.rate = rate;
    this.tokens = Math.min(this.tokens, this.capacity);
  }

  /** Wait until a token is available and take it (`urgent`: ahead of the other takers). */
  take(urgent = false): Promise<void> {
    if (this.rate <= 0) return Promise.resolve();
    const p = new Promise<void>((r) => this.waiters.push(r, urgent));
    void this.serve();
    return p;
  }

  // One server loop hands out tokens in lane order, sleeping until the next token is due.
  private async serve(): Promise<void> {
    if (this.serving) return;
    this.serving = true;
    try {
      while (this.waiters.length) {
        this.refill();
        if (this.rate <= 0 || this.tokens >= 1) {
          if (this.rate > 0) this.tokens -= 1;
          this.waiters.shift()!();
          continue;
        }
        await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000));
      }
    } finally {
      this.serving = false;
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

  /** Wait for a slot, the shared pause and a token (`urgent`: ahead of other waiters); returns the slot's release function. */
  async acquire(urgent = false): Promise<() => void> {
    const release = await this.semaphore.acquire(urgent);
    try {
      for (;;) {
        let wait = this.pauseRemaining();
        while (wait > 0) {
          await this.clock.sleep(wait);
          wait = this.pauseRemaining();
        }
        await this.bucket.take(urgent);
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
