// Pure building blocks of the client, with a fake clock: backoff, Retry-After, Link parsing,
// token bucket, semaphore, rate limiter pause and learned rate, polling schedule, settings.
import { expect } from "chai";
import { fullJitterDelay, isIdempotent, parseRetryAfter, wasNotSent } from "../../provider/src/client/backoff";
import { AdaptiveRate, RateLimiter, Semaphore, TokenBucket, type Clock } from "../../provider/src/client/limiter";
import { collectPages, nextPageUrl, parseLinkHeader } from "../../provider/src/client/paging";
import { poll } from "../../provider/src/client/polling";
import { DEFAULT_SETTINGS, ProvisioningTimeoutError, resolveSettings, WholesaleApiError } from "../../provider/src/client";

/** Time advances only when someone sleeps; every sleep is recorded. */
class FakeClock implements Clock {
  t = 1_000_000;
  sleeps: number[] = [];
  now = () => this.t;
  sleep = async (ms: number) => {
    this.sleeps.push(ms);
    this.t += ms;
  };
}

describe("client units", () => {
  describe("backoff", () => {
    it("full jitter stays within [0, min(cap, base·2^n)]", () => {
      expect(fullJitterDelay(0, 100, 10_000, () => 0.999)).to.equal(99);
      expect(fullJitterDelay(3, 100, 10_000, () => 0.5)).to.equal(400);
      expect(fullJitterDelay(20, 100, 10_000, () => 0.999)).to.equal(9990);
      expect(fullJitterDelay(5, 100, 10_000, () => 0)).to.equal(0);
    });
    it("classifies methods and not-sent transport codes", () => {
      expect(["GET", "PUT", "DELETE"].every(isIdempotent)).to.equal(true);
      expect(isIdempotent("POST")).to.equal(false);
      expect(wasNotSent("ECONNREFUSED")).to.equal(true);
      expect(wasNotSent("ECONNRESET")).to.equal(false);
      expect(wasNotSent(undefined)).to.equal(false);
    });
    it("parses Retry-After seconds and HTTP dates, capped, ignoring junk", () => {
      expect(parseRetryAfter("3", 60_000)).to.equal(3000);
      expect(parseRetryAfter("0.25", 60_000)).to.equal(250);
      expect(parseRetryAfter("120", 60_000)).to.equal(60_000);
      const now = Date.parse("2025-01-01T00:00:00Z");
      expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:05 GMT", 60_000, now)).to.equal(5000);
      expect(parseRetryAfter("Tue, 31 Dec 2024 00:00:00 GMT", 60_000, now)).to.equal(0);
      expect(parseRetryAfter(undefined, 60_000)).to.equal(undefined);
      expect(parseRetryAfter("soon", 60_000)).to.equal(undefined);
      expect(parseRetryAfter("-1", 60_000)).to.equal(undefined);
    });
  });

  describe("paging", () => {
    it("parses Link headers with several rels, quoting and commas in URLs", () => {
      const h = '<https://h/v1/x?offset=0,1&max=2>; rel="prev", <https://h/v1/x?offset=4&max=2>; rel="next last"; title="n, m"';
      const links = parseLinkHeader(h);
      expect(links.prev).to.equal("https://h/v1/x?offset=0,1&max=2");
      expect(links.next).to.equal("https://h/v1/x?offset=4&max=2");
      expect(links.last).to.equal("https://h/v1/x?offset=4&max=2");
      expect(parseLinkHeader("</v1/y?o=2>; rel=next").next).to.equal("/v1/y?o=2");
      expect(parseLinkHeader(undefined)).to.deep.equal({});
    });
    it("resolves relative next links and refuses other origins (the token would follow)", () => {
      const base = "http://127.0.0.1:9/v1";
      expect(nextPageUrl('</v1/a?offset=2>; rel="next"', "http://127.0.0.1:9/v1/a", base)).to.equal("http://127.0.0.1:9/v1/a?offset=2");
      expect(nextPageUrl('<a?offset=2>; rel="next"', "http://127.0.0.1:9/v1/a", base)).to.equal("http://127.0.0.1:9/v1/a?offset=2");
      expect(nextPageUrl('<x>; rel="prev"', "http://127.0.0.1:9/v1/a", base)).to.equal(undefined);
      expect(() => nextPageUrl('<http://evil.example/v1/a>; rel="next"', "http://127.0.0.1:9/v1/a", base)).to.throw(/another origin/);
    });
    it("stops a server whose links loop", async () => {
      let calls = 0;
      const err = await collectPages("u1", async (u) => ({ items: [++calls], next: u === "u1" ? "u2" : "u1" })).catch((e) => e);
      expect(err).to.be.instanceOf(Error);
      expect(calls).to.equal(2);
    });
  });

  describe("limiter", () => {
    it("token bucket: burst = rate/2, then one token per 1/rate s, served FIFO", async () => {
      const clock = new FakeClock();
      const b = new TokenBucket(5, clock);
      const start = clock.t;
      const order: number[] = [];
      await Promise.all(Array.from({ length: 15 }, (_, i) => b.take().then(() => order.push(i))));
      expect(order).to.deep.equal([...Array(15).keys()]);
      expect(clock.t - start).to.equal(2500); // 2 free (2.5 tokens), 100 ms to the third, then 12 × 200 ms
    });
    it("token bucket and semaphore: urgent takers go ahead of queued ones, FIFO among themselves", async () => {
      const clock = new FakeClock();
      const b = new TokenBucket(1, clock);
      const order: string[] = [];
      const takes = ["a", "b", "c"].map((n) => b.take().then(() => order.push(n)));
      takes.push(b.take(true).then(() => order.push("poll1")), b.take(true).then(() => order.push("poll2")));
      await Promise.all(takes);
      expect(order).to.deep.equal(["a", "poll1", "poll2", "b", "c"]); // "a" had the one free token
      const s = new Semaphore(1);
      const held = await s.acquire();
      const admitted: string[] = [];
      const waits = [s.acquire().then((r) => (admitted.push("create"), r)), s.acquire(true).then((r) => (admitted.push("poll"), r))];
      held();
      (await waits[1]!)();
      (await waits[0]!)();
      expect(admitted).to.deep.equal(["poll", "create"]);
    });
    it("token bucket: burst is at least 1 for fractional rates; rate 0 never waits", async () => {
      const clock = new FakeClock();
      const slow = new TokenBucket(0.5, clock);
      await slow.take();
      await slow.take();
      expect(clock.sleeps).to.deep.equal([2000]);
      const free = new TokenBucket(0, clock);
      for (let i = 0; i < 100; i++) await free.take();
      expect(clock.sleeps).to.have.length(1);
    });
    it("semaphore admits at most max, FIFO, and release is idempotent", async () => {
      const s = new Semaphore(2);
      const r1 = await s.acquire();
      const r2 = await s.acquire();
      const order: string[] = [];
      const p3 = s.acquire().then((r) => (order.push("3"), r));
      const p4 = s.acquire().then((r) => (order.push("4"), r));
      await Promise.resolve();
      expect(s.inUse).to.equal(2);
      r1();
      r1(); // a double release must not free a second slot
      const r3 = await p3;
      expect(order).to.deep.equal(["3"]);
      expect(s.inUse).to.equal(2);
      r2();
      (await p4)();
      r3();
      expect(s.inUse).to.equal(0);
    });
    it("rate limiter waits out a shared pause and never shortens it", async () => {
      const clock = new FakeClock();
      const l = new RateLimiter(2, 0, clock);
      l.blockUntil(clock.t + 300);
      l.blockUntil(clock.t + 100);
      const release = await l.acquire();
      expect(clock.sleeps).to.deep.equal([300]);
      expect(l.pauseRemaining()).to.equal(0);
      release();
    });
    it("adaptive rate: a 429 cuts to 70% of the measured send rate, once per burst; successes raise it", () => {
      const clock = new FakeClock();
      const a = new AdaptiveRate(clock);
      expect(a.served()).to.equal(false); // nothing learned yet: unlimited
      for (let i = 0; i < 20; i++) a.sent();
      expect(a.throttled()).to.equal(true);
      expect(a.current).to.be.closeTo(14, 1e-9); // 20 sent in the last second × 0.7
      clock.t += 500;
      expect(a.throttled()).to.equal(false); // another 429 of the same burst
      clock.t += 1_000;
      for (let i = 0; i < 4; i++) a.sent();
      a.throttled();
      expect(a.current).to.be.closeTo(2.8, 1e-9); // the lower of the limit and what was sent
      for (let i = 0; i < 10; i++) a.served();
      expect(a.current).to.be.closeTo(3.3, 1e-9);
      clock.t += 5_000;
      a.throttled(); // nothing sent lately: the floor holds
      expect(a.current).to.equal(0.5);
    });
    it("rate limiter: after a 429 the requests following the pause are spaced at the learned rate", async () => {
      const clock = new FakeClock();
      const l = new RateLimiter(100, 0, clock);
      for (let i = 0; i < 10; i++) (await l.acquire())();
      expect(clock.sleeps).to.deep.equal([]); // unlimited until throttled
      l.throttled(clock.t + 1_000);
      expect(l.rate).to.be.closeTo(7, 1e-9);
      const start = clock.t;
      for (let i = 0; i < 14; i++) (await l.acquire())();
      // The pause, a burst of 3.5 tokens, then one per 1/7 s.
      expect(clock.t - start).to.be.within(2_490, 2_510);
      l.configure(100, 5);
      expect(l.rate).to.equal(5); // a configured rate below the learned one wins
    });
  });

  describe("polling", () => {
    it("grows intervals ×1.5 up to the max, and honours a Retry-After hint", async () => {
      const clock = new FakeClock();
      let n = 0;
      const v = await poll({
        label: "customer crm-1", id: "c1", timeoutMs: 1_000_000, firstDelayMs: 100, maxDelayMs: 400, clock,
        check: async () => (++n === 7 ? { done: true, value: "ok" } : { done: false, status: "provisioning", retryAfterMs: n === 5 ? 1000 : undefined }),
      });
      expect(v).to.equal("ok");
      expect(clock.sleeps).to.deep.equal([100, 150, 225, 337.5, 400, 1000, 400]);
    });
    it("times out at the deadline after a last look, naming the fix", async () => {
      const clock = new FakeClock();
      let checks = 0;
      const err = (await poll({
        label: "customer crm-1042", id: "c1", timeoutMs: 1000, firstDelayMs: 300, maxDelayMs: 10_000, clock,
        check: async () => (checks++, { done: false, status: "provisioning" }),
      }).catch((e) => e)) as ProvisioningTimeoutError;
      expect(err).to.be.instanceOf(ProvisioningTimeoutError);
      expect(clock.sleeps).to.deep.equal([300, 450, 250]); // the last sleep is clipped to the deadline
      expect(checks).to.equal(3);
      expect(err.message).to.include("customer crm-1042").and.include('"provisioning"')
        .and.include("webex-wholesale:provisioningTimeoutSeconds").and.include("pulumi refresh");
      expect(err.lastStatus).to.equal("provisioning");
    });
    it("logs progress at most once per progress interval", async () => {
      const clock = new FakeClock();
      const logs: string[] = [];
      let n = 0;
      await poll({
        label: "customer crm-1042", id: "c1", timeoutMs: 1_000_000, firstDelayMs: 1000, maxDelayMs: 1000, clock,
        progressIntervalMs: 10_000, log: (m) => logs.push(m),
        check: async () => (++n === 35 ? { done: true } : { done: false, status: "provisioning" }),
      });
      expect(logs).to.deep.equal(["customer crm-1042: provisioning, 10s", "customer crm-1042: provisioning, 20s", "customer crm-1042: provisioning, 30s"]);
    });
  });

  describe("settings and errors", () => {
    it("fills defaults, strips the trailing slash and rejects non-http URLs", () => {
      const s = resolveSettings({ baseUrl: "https://h:1/v1/", token: "t" } as never);
      expect(s.baseUrl).to.equal("https://h:1/v1");
      expect(s.maxConcurrency).to.equal(DEFAULT_SETTINGS.maxConcurrency);
      expect(s.retryBaseDelayMs).to.equal(DEFAULT_SETTINGS.retryBaseDelayMs);
      expect(resolveSettings({ ...DEFAULT_SETTINGS, baseUrl: "https://h", token: "t", maxConcurrency: 0 }).maxConcurrency).to.equal(1);
      expect(() => resolveSettings({ ...DEFAULT_SETTINGS, baseUrl: "ftp://h", token: "t" })).to.throw(/http/);
    });
    it("refuses plain http:// to a non-loopback host unless insecure, naming the setting", () => {
      const base = { ...DEFAULT_SETTINGS, token: "t" };
      for (const url of ["http://webexapis.example/v1", "http://10.0.0.8:8787/v1", "http://127.0.0.1.nip.io/v1"]) {
        expect(() => resolveSettings({ ...base, baseUrl: url }), url).to.throw(/webex-wholesale:insecure.*WEBEX_WHOLESALE_INSECURE/);
        expect(resolveSettings({ ...base, baseUrl: url, insecure: true }).baseUrl).to.equal(url);
      }
      for (const url of ["http://127.0.0.1:8787/v1", "http://localhost/v1", "http://[::1]:9/v1", "https://webexapis.example/v1"]) {
        expect(resolveSettings({ ...base, baseUrl: url }).baseUrl, url).to.equal(url);
      }
    });
    it("formats errors with method, path, status, codes and trackingId", () => {
      const e = new WholesaleApiError({
        method: "POST", path: "/wholesale/customers", status: 400, trackingId: "ROUTER_1",
        errorCodes: [10022], descriptions: ["The email is already associated"], detail: "Bad request",
      });
      expect(e.message).to.equal("POST /wholesale/customers: HTTP 400: Bad request ([10022] The email is already associated) [trackingId ROUTER_1]");
      expect(e.outcomeUnknown).to.equal(false);
      expect(e).to.be.instanceOf(Error);
    });
  });
});
