// Resource APIs of the Wholesale API (templates, customers, subscribers, locations) on top of the
// HTTP core: paths, status semantics (404 = absent, 202 = accepted), body validation, paging, waits.
import * as wire from "webex-wholesale-wire";
import type { z } from "zod";
import { parseRetryAfter } from "./backoff";
import { ProvisioningFailedError, ResponseValidationError, WholesaleApiError } from "./errors";
import type { HttpCore, HttpResponse, Logger, Query } from "./http";
import { collectPages, nextPageUrl } from "./paging";
import { poll } from "./polling";

const enc = encodeURIComponent;

/** GET every page of a `{items}` list, following Link rel="next". */
async function listAll<S extends z.ZodType<{ items: unknown[] }>>(core: HttpCore, path: string, query: Query | undefined, schema: S): Promise<z.infer<S>["items"]> {
  return collectPages(core.url(path, query), async (url) => {
    const res = await core.send({ method: "GET", url });
    const page = core.parse(res, schema, "GET");
    let next: string | undefined;
    try {
      next = nextPageUrl(res.headers["link"], url, core.settings.baseUrl);
    } catch (e) {
      throw new ResponseValidationError({ method: "GET", path: res.path, status: res.status, trackingId: res.trackingId, detail: (e as Error).message });
    }
    return { items: page.items, next };
  });
}

/** GET one object; undefined on 404. */
async function getOne<S extends z.ZodType>(core: HttpCore, path: string, schema: S, query?: Query): Promise<z.infer<S> | undefined> {
  const res = await core.send({ method: "GET", path, query, allowNotFound: true });
  return res.status === 404 ? undefined : core.parse(res, schema, "GET");
}

/** DELETE; a 404 means it is already gone, which is what the caller wants. */
async function deleteOne(core: HttpCore, path: string, query?: Query): Promise<void> {
  await core.send({ method: "DELETE", path, query, allowNotFound: true });
}

/**
 * Plain synchronous REST calls on one collection path (list with filters, get, create, partial
 * update, delete), every answer validated by the given wire shapes: a resource module on an API of
 * this style needs no client code of its own. The HTTP core's rules (retries, limits, typed
 * errors, no blind replay of a write) apply as to every call.
 */
export class Collection<S extends z.ZodType> {
  constructor(
    private readonly core: HttpCore,
    /** Path of the collection relative to the base URL, e.g. wire.PATHS.locations. */
    readonly path: string,
    private readonly item: S,
    private readonly page: z.ZodType<{ items: unknown[] }>,
  ) {}

  /** Every item matching the query (every page). */
  async list(query?: Query): Promise<z.infer<S>[]> {
    return (await listAll(this.core, this.path, query, this.page)) as z.infer<S>[];
  }

  /** One item; undefined on 404. */
  get(id: string, query?: Query): Promise<z.infer<S> | undefined> {
    return getOne(this.core, `${this.path}/${enc(id)}`, this.item, query);
  }

  /** POST a new item; the answer is parsed with `answer` (e.g. `{id}` of a 201). */
  async create<A extends z.ZodType>(body: unknown, answer: A, query?: Query): Promise<z.infer<A>> {
    const res = await this.core.send({ method: "POST", path: this.path, query, body });
    return this.core.parse(res, answer, "POST");
  }

  /** PUT changes to an item (its answer, 200 or 204, is not relied on: get it again). */
  async update(id: string, body: unknown, query?: Query): Promise<void> {
    await this.core.send({ method: "PUT", path: `${this.path}/${enc(id)}`, query, body });
  }

  /** DELETE an item; 404 is success. */
  delete(id: string, query?: Query): Promise<void> {
    return deleteOne(this.core, `${this.path}/${enc(id)}`, query);
  }
}

/** Onboarding templates ([ours]: /wholesale/onboardingTemplates). */
export class TemplatesApi {
  constructor(private readonly core: HttpCore) {}

  /** All templates of the partner. */
  list(): Promise<wire.OnboardingTemplate[]> {
    return listAll(this.core, wire.PATHS.templates, undefined, wire.OnboardingTemplateList);
  }

  /** One template; undefined if it does not exist. */
  get(id: string): Promise<wire.OnboardingTemplate | undefined> {
    return getOne(this.core, `${wire.PATHS.templates}/${enc(id)}`, wire.OnboardingTemplate);
  }

  /** Create a template (201). */
  async create(body: wire.OnboardingTemplateRequest): Promise<wire.OnboardingTemplate> {
    const res = await this.core.send({ method: "POST", path: wire.PATHS.templates, body });
    return this.core.parse(res, wire.OnboardingTemplate, "POST");
  }

  /** Replace a template's settings. */
  async update(id: string, body: wire.OnboardingTemplateRequest): Promise<wire.OnboardingTemplate> {
    const res = await this.core.send({ method: "PUT", path: `${wire.PATHS.templates}/${enc(id)}`, body });
    return this.core.parse(res, wire.OnboardingTemplate, "PUT");
  }

  /** Delete a template; 404 is success. 409 (still used by customers) throws. */
  delete(id: string): Promise<void> {
    return deleteOne(this.core, `${wire.PATHS.templates}/${enc(id)}`);
  }

  /** The template with exactly this name (names are unique per partner). */
  async findByName(name: string): Promise<wire.OnboardingTemplate | undefined> {
    return (await this.list()).find((t) => t.name === name);
  }
}

/** Filters of GET /wholesale/customers. */
export interface CustomerQuery {
  externalId?: string;
  orgId?: string;
  status?: wire.CustomerStatus | wire.CustomerStatus[];
}

/** Options of `customers.waitFor`. */
export interface WaitForOptions {
  /** Success condition, e.g. `(c) => c.status === "provisioned"`. Checked before `failOn`. */
  until: (c: wire.Customer) => boolean;
  /** What is awaited, e.g. "customer crm-1042". */
  label: string;
  /** Deadline; default settings.provisioningTimeoutMs. */
  timeoutMs?: number;
  /** How long a 404 means "not visible yet" (right after create) rather than "gone"; default 0. */
  notFoundGraceMs?: number;
  /** Statuses that end the wait with ProvisioningFailedError; default error, provisioned_with_errors. */
  failOn?: Iterable<string>;
  /** Minimum time between progress messages; default 10 s. */
  progressIntervalMs?: number;
  /** Progress sink for this wait (default: the client's logger). */
  log?: Logger;
  /** When the service said the operation will be done (the write's Retry-After), ms: the first poll waits that long. */
  readyInMs?: number;
  /**
   * Name of the kind of operation awaited (e.g. "provision"): without `readyInMs`, the first poll
   * waits the median time such operations recently took, and this one's time is recorded.
   */
  measure?: string;
}

/** Options of `customers.waitForGone`. */
export interface WaitForGoneOptions {
  /** What is awaited, e.g. "customer crm-1042". */
  label: string;
  /** Deadline; default settings.provisioningTimeoutMs. */
  timeoutMs?: number;
  /** Statuses that end the wait with ProvisioningFailedError; default error. */
  failOn?: Iterable<string>;
  /** Minimum time between progress messages; default 10 s. */
  progressIntervalMs?: number;
  /** Progress sink for this wait (default: the client's logger). */
  log?: Logger;
}

/** Default failure statuses of `waitFor`. */
export const DEFAULT_FAIL_ON: readonly wire.CustomerStatus[] = [...wire.CUSTOMER_STATUS_GROUPS.failed];

/** Last path segment of a URL or path, decoded. */
function lastSegment(url: string): string | undefined {
  const seg = url.split(/[?#]/)[0]!.replace(/\/+$/, "").split("/").pop();
  return seg ? decodeURIComponent(seg) : undefined;
}

/**
 * How long the service took to settle recent operations of one kind, so the first poll of the next
 * one lands when it is likely done (one status read instead of several). The median of the last
 * few, so one slow customer does not slow every later poll.
 */
class SettleTimes {
  private readonly recent: number[] = [];

  /** Record one operation's duration, ms. */
  add(ms: number): void {
    this.recent.push(ms);
    if (this.recent.length > 15) this.recent.shift();
  }

  /** The median of the recent durations; undefined before the first. */
  estimate(): number | undefined {
    if (this.recent.length === 0) return undefined;
    const sorted = [...this.recent].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }
}

/** Customers [official]: /wholesale/customers. Writes are asynchronous (202). */
export class CustomersApi {
  /** Measured settle times per wait label kind ("provisioned" waits, "gone" waits). */
  private readonly settleTimes = new Map<string, SettleTimes>();

  constructor(private readonly core: HttpCore, private readonly log: () => Logger | undefined) {}

  private times(kind: string): SettleTimes {
    let t = this.settleTimes.get(kind);
    if (!t) this.settleTimes.set(kind, (t = new SettleTimes()));
    return t;
  }

  /** All customers matching the filters (every page). */
  list(query: CustomerQuery = {}): Promise<wire.Customer[]> {
    return listAll(this.core, wire.PATHS.customers, { ...query }, wire.CustomerList);
  }

  /** One customer; undefined if it does not exist. */
  get(id: string): Promise<wire.Customer | undefined> {
    return getOne(this.core, `${wire.PATHS.customers}/${enc(id)}`, wire.Customer);
  }

  /**
   * Start provisioning (202): the id comes from the Location header's last segment, else body.url.
   * A network failure or 5xx throws with outcomeUnknown: look the customer up by externalId.
   */
  async provision(body: wire.CustomerProvisionRequest): Promise<{ id: string; url: string; retryAfterMs?: number }> {
    const res = await this.core.send({ method: "POST", path: wire.PATHS.customers, body });
    const retryAfterMs = parseRetryAfter(res.headers["retry-after"], this.core.settings.retryAfterCapMs);
    const location = res.headers["location"];
    const bodyUrl = wire.AcceptedBody.safeParse(res.data).success ? (res.data as wire.AcceptedBody).url : undefined;
    const bodyId = res.data && typeof res.data === "object" && typeof (res.data as { id?: unknown }).id === "string"
      ? (res.data as { id: string }).id : undefined;
    const url = location ?? bodyUrl;
    const id = (url && lastSegment(url)) || bodyId;
    if (!id) {
      // The customer was accepted but we cannot tell its id: the caller must find it by externalId.
      throw new ResponseValidationError({
        method: "POST", path: res.path, status: res.status, trackingId: res.trackingId, outcomeUnknown: true,
        detail: "accepted, but neither a Location header nor a body url names the new customer",
      });
    }
    return { id, url: url ? new URL(url, res.url).toString() : this.core.url(`${wire.PATHS.customers}/${enc(id)}`), retryAfterMs };
  }

  /** Start an update (202); wait with `waitFor` for `provisioned`. `packages` is the complete list. Returns the Retry-After hint, ms. */
  async update(id: string, body: wire.CustomerUpdateRequest): Promise<{ retryAfterMs?: number }> {
    const res = await this.core.send({ method: "PUT", path: `${wire.PATHS.customers}/${enc(id)}`, body });
    return { retryAfterMs: parseRetryAfter(res.headers["retry-after"], this.core.settings.retryAfterCapMs) };
  }

  /** Start a deletion (202); 404 is success. Wait with `waitForGone`. */
  delete(id: string): Promise<void> {
    return deleteOne(this.core, `${wire.PATHS.customers}/${enc(id)}`);
  }

  /** The customer with exactly this externalId (unique per partner). */
  async findByExternalId(externalId: string): Promise<wire.Customer | undefined> {
    return (await this.list({ externalId })).find((c) => c.externalId === externalId);
  }

  /** Poll the customer until `until` holds; fail fast on `failOn` statuses; timeout at the deadline. */
  waitFor(id: string, opts: WaitForOptions): Promise<wire.Customer> {
    const failOn = new Set<string>(opts.failOn ?? DEFAULT_FAIL_ON);
    const grace = opts.notFoundGraceMs ?? 0;
    const times = opts.measure ? this.times(opts.measure) : undefined;
    const readyInMs = opts.readyInMs ?? times?.estimate();
    return this.pollCustomer(id, { ...opts, readyInMs }, async (res, elapsed) => {
      if (res.status === 404) {
        if (elapsed < grace) return { done: false };
        throw new WholesaleApiError({
          method: "GET", path: res.path, status: 404, trackingId: res.trackingId,
          detail: `${opts.label} does not exist (deleted outside Pulumi?)`,
        });
      }
      const c = this.core.parse(res, wire.Customer, "GET");
      if (opts.until(c)) {
        times?.add(elapsed);
        return { done: true, value: c };
      }
      if (failOn.has(c.status)) throw failure(res, c, opts.label);
      return { done: false, status: c.status };
    });
  }

  /** Poll until GET answers 404 (deletion finished); fail fast on `failOn` (default `error`). */
  async waitForGone(id: string, opts: WaitForGoneOptions): Promise<void> {
    const failOn = new Set<string>(opts.failOn ?? ["error"]);
    await this.pollCustomer(id, opts, async (res) => {
      if (res.status === 404) return { done: true };
      const c = this.core.parse(res, wire.Customer, "GET");
      if (failOn.has(c.status)) throw failure(res, c, opts.label);
      return { done: false, status: c.status };
    });
  }

  private pollCustomer<T>(
    id: string,
    opts: { label: string; timeoutMs?: number; progressIntervalMs?: number; log?: Logger; readyInMs?: number },
    judge: (res: HttpResponse, elapsedMs: number) => Promise<{ done: boolean; value?: T; status?: string }>,
  ): Promise<T> {
    const s = this.core.settings;
    return poll<T>({
      label: opts.label, id,
      timeoutMs: opts.timeoutMs ?? s.provisioningTimeoutMs,
      firstDelayMs: opts.readyInMs ?? s.pollIntervalMs,
      maxDelayMs: s.maxPollIntervalMs,
      progressIntervalMs: opts.progressIntervalMs,
      log: opts.log ?? this.log(),
      check: async (elapsed) => {
        const res = await this.core.send({ method: "GET", path: `${wire.PATHS.customers}/${enc(id)}`, allowNotFound: true, urgent: true });
        const step = await judge(res, elapsed);
        return { ...step, retryAfterMs: parseRetryAfter(res.headers["retry-after"], s.retryAfterCapMs) };
      },
    });
  }
}

/** Error for a customer that settled in a failure status, with its own and its packages' errors. */
function failure(res: HttpResponse, c: wire.Customer, label: string): ProvisioningFailedError {
  const entries = [
    ...(c.errors ?? []).map((e) => ({ code: e.errorCode, text: e.description })),
    ...(c.resourceDetails?.packages ?? []).flatMap((p) => (p.errors ?? []).map((e) => ({ code: e.errorCode, text: `${p.name}: ${e.description}` }))),
  ];
  return new ProvisioningFailedError({
    method: "GET", path: res.path, trackingId: res.trackingId, label, resourceStatus: c.status,
    errorCodes: entries.map((e) => e.code), descriptions: entries.map((e) => e.text),
  });
}

/** Filters of GET /wholesale/subscribers. */
export interface SubscriberQuery {
  customerId?: string;
  email?: string;
  externalCustomerId?: string;
  personId?: string;
  status?: wire.SubscriberStatus | wire.SubscriberStatus[];
}

/** Subscribers [official]: /wholesale/subscribers. Writes are synchronous. */
export class SubscribersApi {
  constructor(private readonly core: HttpCore) {}

  /** All subscribers matching the filters (every page, 100 per page: the documented maximum). */
  list(query: SubscriberQuery = {}): Promise<wire.Subscriber[]> {
    return listAll(this.core, wire.PATHS.subscribers, { max: 100, ...query }, wire.SubscriberList);
  }

  /** One subscriber; undefined if it does not exist. */
  get(id: string): Promise<wire.Subscriber | undefined> {
    return getOne(this.core, `${wire.PATHS.subscribers}/${enc(id)}`, wire.Subscriber);
  }

  /** Provision (200 provisioned, or 202 pending_user_migration). Unknown outcome → find by email. */
  async provision(body: wire.SubscriberProvisionRequest): Promise<wire.Subscriber> {
    const res = await this.core.send({ method: "POST", path: wire.PATHS.subscribers, body });
    return this.core.parse(res, wire.Subscriber, "POST");
  }

  /** Change a subscriber's package / number. */
  async update(id: string, body: wire.SubscriberUpdateRequest): Promise<wire.Subscriber> {
    const res = await this.core.send({ method: "PUT", path: `${wire.PATHS.subscribers}/${enc(id)}`, body });
    return this.core.parse(res, wire.Subscriber, "PUT");
  }

  /** Remove a subscriber (204); 404 is success. */
  delete(id: string): Promise<void> {
    return deleteOne(this.core, `${wire.PATHS.subscribers}/${enc(id)}`);
  }

  /** The subscriber with this email (case-insensitive; an email has at most one subscriber). */
  async findByEmail(email: string): Promise<wire.Subscriber | undefined> {
    const want = email.toLowerCase();
    return (await this.list({ email })).find((s) => s.email.toLowerCase() === want);
  }
}

/** Webex locations (/v1/locations) of customer orgs. */
export class LocationsApi {
  private readonly all: Collection<typeof wire.Location>;

  constructor(core: HttpCore) {
    this.all = new Collection(core, wire.PATHS.locations, wire.Location, wire.LocationList);
  }

  /** All locations of a customer org (the first is its headquarters). */
  list(orgId: string): Promise<wire.Location[]> {
    return this.all.list({ orgId });
  }

  /** One location; undefined if it does not exist. */
  get(id: string): Promise<wire.Location | undefined> {
    return this.all.get(id);
  }
}
