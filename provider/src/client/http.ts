// HTTP core: one attempt = limiter slot + axios call with a deadline; around it the retry policy.
// Statuses are handled here (validateStatus accepts all), and every failure leaves as a
// WholesaleApiError built from scratch, so no axios error (with its Authorization header) escapes.
import * as http from "node:http";
import * as https from "node:https";
import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import type { z } from "zod";
import { ErrorBody } from "webex-wholesale-wire";
import { fullJitterDelay, isRetryableStatus, isSafe, parseRetryAfter, wasNotSent } from "./backoff";
import { redact, ResponseValidationError, WholesaleApiError } from "./errors";
import { realClock, type Clock, type RateLimiter } from "./limiter";
import type { ResolvedSettings } from "./settings";
import { clientStats, countRequest } from "./stats";
import { PACKAGE_VERSION } from "../version";

/** Progress/diagnostic sink; messages never contain headers or the token. */
export type Logger = (msg: string) => void;

/** HTTP methods the Wholesale API uses. */
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** Query parameters; arrays are comma-joined (the API accepts both forms), undefined is dropped. */
export type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

/** One logical request (it may take several attempts). */
export interface HttpRequest {
  method: HttpMethod;
  /** Path relative to the base URL, e.g. /wholesale/customers/abc … */
  path?: string;
  /** … or an absolute URL on the base URL's origin (next-page links). */
  url?: string;
  query?: Query;
  body?: unknown;
  /** Return a 404 instead of throwing (for get-or-undefined and idempotent deletes). */
  allowNotFound?: boolean;
  /** Go ahead of queued requests in the limiter (polls that other resources wait on). */
  urgent?: boolean;
}

/** A response the caller accepted (2xx, or 404 when allowed). */
export interface HttpResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  /** Parsed JSON body; the raw text if it is not JSON; undefined if empty. */
  data: unknown;
  /** Absolute URL requested. */
  url: string;
  /** Path relative to the base URL (for messages). */
  path: string;
  /** Webex trackingId from the TrackingId header. */
  trackingId?: string;
}

// One keep-alive agent per protocol per process: connection reuse matters when hundreds of
// resources poll. Free sockets are dropped after 4 s, before common 5 s server idle timeouts,
// to avoid reusing a socket the server is closing (which would make a POST's outcome unknown).
const httpAgent = new http.Agent({ keepAlive: true, timeout: 4_000, scheduling: "lifo" });
const httpsAgent = new https.Agent({ keepAlive: true, timeout: 4_000, scheduling: "lifo" });

const axiosInstance: AxiosInstance = axios.create({
  httpAgent,
  httpsAgent,
  validateStatus: () => true,
  maxRedirects: 0, // a redirect would be a surprise here, and must not carry the token elsewhere
  responseType: "text",
  transformResponse: [(d: unknown) => d], // we parse JSON ourselves to report bad bodies clearly
  headers: { "User-Agent": `pulumi-webex-wholesale/${PACKAGE_VERSION}`, Accept: "application/json" },
});

/** Per-base-URL HTTP engine shared by the resource APIs of one client. */
export class HttpCore {
  private readonly basePath: string;

  constructor(
    readonly settings: ResolvedSettings,
    private readonly limiter: RateLimiter,
    private readonly log: () => Logger | undefined,
    private readonly clock: Clock = realClock,
  ) {
    this.basePath = new URL(settings.baseUrl).pathname.replace(/\/+$/, "");
  }

  /** Absolute URL of `path` (relative to the base URL) with `query`. */
  url(path: string, query?: Query): string {
    const u = new URL(this.settings.baseUrl + path);
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v === undefined) continue;
      u.searchParams.set(k, Array.isArray(v) ? v.join(",") : String(v));
    }
    return u.toString();
  }

  /** Path of an absolute URL relative to the base URL, with its query (for messages). */
  pathOf(url: string): string {
    const u = new URL(url);
    const p = u.pathname.startsWith(this.basePath + "/") ? u.pathname.slice(this.basePath.length) : u.pathname;
    return p + u.search;
  }

  /** Send with limiter, retries and typed errors; resolves for 2xx (and 404 if allowed). */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const { method } = req;
    const url = req.url ?? this.url(req.path ?? "", req.query);
    const path = this.pathOf(url);
    const s = this.settings;
    const replayable = isSafe(method);

    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < s.maxRetries;
      const backoff = () => fullJitterDelay(attempt, s.retryBaseDelayMs, s.retryMaxDelayMs);
      const release = await this.limiter.acquire(req.urgent);
      let res: AxiosResponse<string> | undefined;
      let failure: { code: string; detail: string } | undefined;
      try {
        countRequest(method);
        res = await this.attempt(method, url, req.body);
      } catch (e) {
        failure = describeTransportError(e, s.requestTimeoutMs);
      } finally {
        release();
      }

      if (failure || !res) {
        const f = failure ?? { code: "EUNKNOWN", detail: "no response" };
        const notSent = wasNotSent(f.code);
        // A write that may have reached the server is never replayed here: it could create twice,
        // or fail on the state its first attempt left (see isSafe); the caller settles it.
        if ((replayable || notSent) && canRetry) {
          await this.retryAfterDelay(method, path, f.code, backoff(), attempt);
          continue;
        }
        throw new WholesaleApiError({
          method, path, code: f.code, detail: redact(f.detail, s.token), retryable: true,
          outcomeUnknown: method !== "GET" && !notSent,
        });
      }

      const headers = lowerHeaders(res.headers);
      const data = parseBody(res.data);
      const status = res.status;
      const retryAfter = parseRetryAfter(headers["retry-after"], s.retryAfterCapMs, this.clock.now());

      // Any answer but 429 says the server accepts our pace (see AdaptiveRate).
      if (status !== 429) this.limiter.served();
      if (status === 429) {
        clientStats.throttled++;
        // The server refused the request, so any method may be retried. Pause the whole base URL
        // (letting the other in-flight operations keep hammering would only extend the
        // throttling), and send slower afterwards.
        const delay = retryAfter && retryAfter > 0 ? retryAfter : backoff();
        this.limiter.throttled(this.clock.now() + delay);
        if (canRetry) {
          clientStats.retries++;
          this.log()?.(`${method} ${path}: 429 throttled, all requests paused ${delay}ms (retry ${attempt + 1}/${s.maxRetries})`);
          continue; // acquire() waits out the shared pause
        }
      } else if (status === 423 && retryAfter !== undefined && canRetry) {
        // Locked, with a hint when to come back: refused, so safe for any method.
        await this.retryAfterDelay(method, path, "423", Math.max(retryAfter, 1), attempt);
        continue;
      } else if (isRetryableStatus(status) && replayable && canRetry) {
        await this.retryAfterDelay(method, path, String(status), retryAfter ?? backoff(), attempt);
        continue;
      }

      if ((status >= 200 && status < 300) || (status === 404 && req.allowNotFound)) {
        return { status, headers, data, url, path, trackingId: headers["trackingid"] };
      }
      throw this.errorFromResponse(method, path, status, headers, data, {
        retryable: status === 429 || status === 423 || isRetryableStatus(status),
        outcomeUnknown: method !== "GET" && status >= 500 && status !== 501,
      });
    }
  }

  /** Validate a body with a wire schema (extra fields allowed by the schemas); typed error otherwise. */
  parse<S extends z.ZodType>(res: HttpResponse, schema: S, method: string): z.infer<S> {
    const r = schema.safeParse(res.data);
    if (r.success) return r.data;
    const issues = r.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`);
    const id = (res.data as { id?: unknown } | undefined)?.id;
    throw new ResponseValidationError({
      method, path: res.path, status: res.status, trackingId: res.trackingId, createdId: typeof id === "string" ? id : undefined,
      detail: redact(`unexpected response body: ${issues.join("; ")}`, this.settings.token),
    });
  }

  private async attempt(method: HttpMethod, url: string, body: unknown): Promise<AxiosResponse<string>> {
    // A total deadline per attempt (axios's own timeout is a socket idle timeout).
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), this.settings.requestTimeoutMs);
    try {
      return await axiosInstance.request<string>({
        method, url, signal: ctl.signal,
        headers: {
          Authorization: `Bearer ${this.settings.token}`,
          ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        },
        data: body !== undefined ? JSON.stringify(body) : undefined,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  private async retryAfterDelay(method: string, path: string, why: string, delay: number, attempt: number): Promise<void> {
    clientStats.retries++;
    this.log()?.(`${method} ${path}: ${why}, retry ${attempt + 1}/${this.settings.maxRetries} in ${delay}ms`);
    await this.clock.sleep(delay);
  }

  private errorFromResponse(
    method: string, path: string, status: number, headers: Record<string, string | undefined>, data: unknown,
    flags: { retryable: boolean; outcomeUnknown: boolean },
  ): WholesaleApiError {
    const token = this.settings.token;
    const body = looseErrorBody(data);
    return new WholesaleApiError({
      method, path, status, ...flags,
      trackingId: body.trackingId ?? headers["trackingid"],
      errorCodes: body.errorCodes,
      descriptions: body.descriptions.map((d) => redact(d, token)),
      detail: body.message !== undefined ? redact(body.message, token) : undefined,
    });
  }
}

function lowerHeaders(h: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const src = (h && typeof h === "object" && "toJSON" in h ? (h as { toJSON(): unknown }).toJSON() : h) as Record<string, unknown>;
  for (const [k, v] of Object.entries(src ?? {})) {
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v === undefined || v === null ? undefined : String(v);
  }
  return out;
}

function parseBody(text: unknown): unknown {
  if (typeof text !== "string") return text ?? undefined;
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Extract what we can from an error body: the official shape, or anything close to it. */
function looseErrorBody(data: unknown): { message?: string; trackingId?: string; errorCodes: number[]; descriptions: string[] } {
  const strict = ErrorBody.safeParse(data);
  const b = (strict.success ? strict.data : data) as Record<string, unknown> | undefined;
  if (!b || typeof b !== "object") {
    return { message: typeof data === "string" && data ? data.slice(0, 200) : undefined, errorCodes: [], descriptions: [] };
  }
  const errors = Array.isArray(b.errors) ? (b.errors as Record<string, unknown>[]) : [];
  const entries = errors.filter((e) => e && typeof e === "object");
  return {
    message: typeof b.message === "string" ? b.message : undefined,
    trackingId: typeof b.trackingId === "string" ? b.trackingId : undefined,
    errorCodes: entries.filter((e) => typeof e.errorCode === "number").map((e) => e.errorCode as number),
    descriptions: entries.map((e) => (typeof e.description === "string" ? e.description : "")).filter(Boolean),
  };
}

/** Reduce an axios/network error to a code and a header-free sentence. */
function describeTransportError(e: unknown, timeoutMs: number): { code: string; detail: string } {
  if (axios.isCancel(e) || (e as { code?: string })?.code === "ERR_CANCELED") {
    return { code: "ETIMEDOUT", detail: `no complete response within ${timeoutMs}ms` };
  }
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err?.code === "string" ? err.code : "EUNKNOWN";
  const msg = typeof err?.message === "string" ? err.message : "request failed";
  return { code, detail: msg };
}
