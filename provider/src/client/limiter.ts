// Process-wide admission control per base URL: a concurrency semaphore, a token bucket, and a
// shared "blocked until" instant set by 429s. Every attempt (retries included) passes through it,
// because the Pulumi engine runs many resource operations at once inside one provider process.

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

/** Semaphore + token bucket + shared 429 pause for one base URL. */
export class RateLimiter {
  /** Requests wait until this instant (set from a 429's Retry-After), so they don't stampede. */
  private blockedUntil = 0;
  private readonly semaphore: Semaphore;
  private readonly bucket: TokenBucket;

  constructor(maxConcurrency: number, requestsPerSecond: number, private readonly clock: Clock = realClock) {
    this.semaphore = new Semaphore(Math.max(1, maxConcurrency));
    this.bucket = new TokenBucket(requestsPerSecond, clock);
  }

  /** Apply new limits (the most recent client settings for this base URL win). */
  configure(maxConcurrency: number, requestsPerSecond: number): void {
    this.semaphore.setMax(maxConcurrency);
    this.bucket.setRate(requestsPerSecond);
  }

  /** Pause every request of this base URL until `until` (never shortens an existing pause). */
  blockUntil(until: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
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
        if (this.pauseRemaining() === 0) return release;
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
