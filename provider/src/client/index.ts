// The Webex for Wholesale API client: getClient() returns a cached client per endpoint, token and
// settings; all clients of one base URL share a process-wide concurrency limit and token bucket.
import { createHash } from "node:crypto";
import { HttpCore, type Logger } from "./http";
import { limiterFor } from "./limiter";
import { Collection, CustomersApi, LocationsApi, SubscribersApi, TemplatesApi } from "./resources";
import type { z } from "zod";
import { resolveSettings, type ClientSettings, type ResolvedSettings } from "./settings";

export { DEFAULT_SETTINGS, resolveSettings, type ClientSettings, type ResolvedSettings } from "./settings";
export { WholesaleApiError, ProvisioningTimeoutError, ProvisioningFailedError, ResponseValidationError } from "./errors";
export { clientStats, saveStats, STATS_DIR_ENV, type ClientStats } from "./stats";
export { Collection, DEFAULT_FAIL_ON, type CustomerQuery, type SubscriberQuery, type WaitForOptions, type WaitForGoneOptions } from "./resources";
export type { Logger } from "./http";

/** Typed access to the Wholesale API for one base URL and token. */
export class WholesaleClient {
  /** Onboarding templates. */
  readonly templates: TemplatesApi;
  /** Customer orgs (asynchronous provisioning). */
  readonly customers: CustomersApi;
  /** Subscribers (users). */
  readonly subscribers: SubscribersApi;
  /** Webex locations of customer orgs. */
  readonly locations: LocationsApi;
  /** Settings in effect (token included: do not log this object). */
  readonly settings: ResolvedSettings;
  private logger?: Logger;
  private readonly core: HttpCore;

  constructor(settings: ClientSettings, log?: Logger) {
    this.settings = resolveSettings(settings);
    this.logger = log;
    const s = this.settings;
    const core = new HttpCore(s, limiterFor(s.baseUrl, s.maxConcurrency, s.requestsPerSecond), () => this.logger);
    this.core = core;
    this.templates = new TemplatesApi(core);
    this.customers = new CustomersApi(core, () => this.logger);
    this.subscribers = new SubscribersApi(core);
    this.locations = new LocationsApi(core);
  }

  /** Plain REST calls on any collection path, answers validated by `item` and `page` (wire shapes). */
  collection<S extends z.ZodType>(path: string, item: S, page: z.ZodType<{ items: unknown[] }>): Collection<S> {
    return new Collection(this.core, path, item, page);
  }

  /** Replace the progress/diagnostic sink. */
  setLogger(log: Logger | undefined): void {
    this.logger = log;
  }
}

const clients = new Map<string, WholesaleClient>();

/**
 * The process-wide client for these settings (cached by base URL, token and the other settings, so
 * a changed setting is never silently ignored). A given `log` replaces the cached client's logger.
 */
export function getClient(settings: ClientSettings, log?: Logger): WholesaleClient {
  const s = resolveSettings(settings);
  // Hash the token so the cache key (which could show up in a heap dump or debugger) holds no secret.
  const { token, ...rest } = s;
  const key = JSON.stringify([createHash("sha256").update(token).digest("hex"), rest]);
  let c = clients.get(key);
  if (!c) {
    c = new WholesaleClient(s, log);
    clients.set(key, c);
  } else if (log) {
    c.setLogger(log);
  }
  return c;
}
