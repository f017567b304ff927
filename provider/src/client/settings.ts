// Client settings: what the provider's configuration controls, with defaults and normalisation.

/** Settings of the Wholesale API client (times in milliseconds). */
export interface ClientSettings {
  /** API base URL ending in /v1, e.g. http://127.0.0.1:8787/v1 (a trailing slash is ignored). */
  baseUrl: string;
  /** Partner administrator's bearer token (never logged, never put in errors). */
  token: string;
  /** Process-wide limit of requests in flight per base URL. */
  maxConcurrency: number;
  /** Client-side token bucket rate (burst = max(1, rps/2)); 0 = no pacing, only the reaction to 429s. */
  requestsPerSecond: number;
  /** Retries after the first attempt (429 for any method; 5xx/network for idempotent methods). */
  maxRetries: number;
  /** Deadline of one HTTP attempt, from send to the end of the body. */
  requestTimeoutMs: number;
  /** Upper bound on how long a `Retry-After` header can make us wait. */
  retryAfterCapMs: number;
  /** Default deadline of `waitFor` / `waitForGone`. */
  provisioningTimeoutMs: number;
  /** Delay before the first poll; later delays grow ×1.5. */
  pollIntervalMs: number;
  /** Largest delay between polls. */
  maxPollIntervalMs: number;
  /** Base of the full-jitter exponential backoff (optional; tests make it small). */
  retryBaseDelayMs?: number;
  /** Largest backoff delay between retries (optional). */
  retryMaxDelayMs?: number;
  /** How long after a write the service may hide it from lists and key look-ups (the bound a create's recovery waits out). */
  visibilityLagMs?: number;
  /** Allow plain http:// to a host other than loopback (the token would travel in cleartext). */
  insecure?: boolean;
}

/** Fully populated settings, as used internally. */
export type ResolvedSettings = Required<ClientSettings>;

/** Defaults of every setting except the endpoint and the token. */
export const DEFAULT_SETTINGS: Required<Omit<ClientSettings, "baseUrl" | "token">> = {
  maxConcurrency: 8,
  requestsPerSecond: 10,
  maxRetries: 5,
  requestTimeoutMs: 30_000,
  retryAfterCapMs: 60_000,
  provisioningTimeoutMs: 600_000,
  pollIntervalMs: 500,
  maxPollIntervalMs: 10_000,
  retryBaseDelayMs: 250,
  retryMaxDelayMs: 20_000,
  // Conservative: Webex documents no bound; the emulator's realistic preset lags a few seconds.
  visibilityLagMs: 30_000,
  insecure: false,
};

/** True for a loopback host (127.0.0.0/8, ::1, localhost): only there may plain http carry the token. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h.endsWith(".localhost") || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The refusal of a cleartext base URL, naming the setting that allows it; undefined when allowed. */
export function insecureUrlProblem(baseUrl: string, insecure: boolean): string | undefined {
  const url = new URL(baseUrl);
  if (url.protocol !== "http:" || insecure || isLoopbackHost(url.hostname)) return undefined;
  return `webex-wholesale: baseUrl ${url.origin} is plain http:// to a host other than loopback, so the token would travel ` +
    "in cleartext; use https://, or set `webex-wholesale:insecure` to true (or WEBEX_WHOLESALE_INSECURE=true) to allow it";
}

/** Fill missing/invalid numbers with defaults, strip the base URL's trailing slashes, hide the token from enumeration. */
export function resolveSettings(s: ClientSettings): ResolvedSettings {
  if (!s.baseUrl) throw new Error("webex-wholesale: baseUrl is required");
  const url = new URL(s.baseUrl); // throws early on a malformed URL, before any request
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`webex-wholesale: baseUrl must be http(s), got ${url.protocol}`);
  const insecure = s.insecure === true;
  const problem = insecureUrlProblem(s.baseUrl, insecure);
  if (problem) throw new Error(problem);
  const out = { ...DEFAULT_SETTINGS, baseUrl: s.baseUrl.replace(/\/+$/, ""), token: s.token ?? "", insecure } as ResolvedSettings;
  for (const k of Object.keys(DEFAULT_SETTINGS) as (keyof typeof DEFAULT_SETTINGS)[]) {
    if (k === "insecure") continue;
    const v = s[k];
    // Undefined comes from partially filled config objects; negative or NaN is a config mistake.
    if (typeof v === "number" && Number.isFinite(v) && v >= 0) out[k] = v;
  }
  out.maxConcurrency = Math.max(1, Math.floor(out.maxConcurrency));
  out.maxRetries = Math.floor(out.maxRetries);
  out.pollIntervalMs = Math.max(1, out.pollIntervalMs);
  out.maxPollIntervalMs = Math.max(out.pollIntervalMs, out.maxPollIntervalMs);
  // Non-enumerable, so console.log / util.inspect / JSON.stringify of a client or its settings
  // cannot print the token (it is still readable as settings.token).
  Object.defineProperty(out, "token", { value: out.token, enumerable: false, writable: false });
  return out;
}
