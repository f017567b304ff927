// Reading a partner's estate through the provider's own client (same limiter, retries, typed
// errors), with list requests only: the customers (one list, or one look-up per exact externalId),
// then per customer one list of its subscribers and one of its org's locations — O(customers)
// requests, never a GET per user. Nothing here writes.
import { z } from "zod";
import * as wire from "webex-wholesale-wire";
import { WholesaleApiError, type WholesaleClient } from "../client";

// Lenient views of the live objects: a package or status this version does not know must not
// fail the whole export; the object is reported as not exportable instead.
/** A customer as listed, with packages and status as plain strings. */
export const LiveCustomer = wire.Customer.extend({ status: z.string(), packages: z.array(z.string()).optional() });
/** A live customer. */
export type LiveCustomer = z.infer<typeof LiveCustomer>;
/** A subscriber as listed, email and packages possibly missing or unknown. */
export const LiveSubscriber = wire.Subscriber.extend({
  email: z.string().optional(), status: z.string(), package: z.string().optional(), packages: z.array(z.string()).optional(),
});
/** A live subscriber. */
export type LiveSubscriber = z.infer<typeof LiveSubscriber>;
/** The lenient lists, on the client's plain collections (same limiter, retries and typed errors). */
const liveCustomers = (client: WholesaleClient) => client.collection(wire.PATHS.customers, LiveCustomer, z.object({ items: z.array(LiveCustomer) }));
const liveSubscribers = (client: WholesaleClient) => client.collection(wire.PATHS.subscribers, LiveSubscriber, z.object({ items: z.array(LiveSubscriber) }));

/** Which customers to export. */
export interface EstateFilter {
  /** externalIds or globs (* and ?); empty = every customer. */
  customers: string[];
  /** Only customers in this status (the API filters). */
  status?: string;
  /** At most this many customers (the first by externalId). */
  max?: number;
}

/** One customer with what belongs to it. */
export interface CustomerEstate {
  customer: LiveCustomer;
  subscribers: LiveSubscriber[];
  /** The org's locations (empty before the org exists). */
  locations: wire.Location[];
}

/** What was read. */
export interface Estate {
  /** The partner's templates; undefined where the API has no template API (the real Webex API). */
  templates: wire.OnboardingTemplate[] | undefined;
  /** Selected customers, by externalId. */
  customers: CustomerEstate[];
}

/** True for a pattern with glob characters. */
const isGlob = (p: string) => /[*?]/.test(p);

/** A glob (* any run, ? one character) as an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.split("").map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("");
  return new RegExp(`^${body}$`);
}

/** Compare strings by code unit, the same on every machine and locale. */
export const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The selected customers, sorted by externalId. */
async function selectCustomers(client: WholesaleClient, f: EstateFilter): Promise<LiveCustomer[]> {
  const list = (query: Record<string, string | undefined>) => liveCustomers(client).list({ ...query, status: f.status });
  let found: LiveCustomer[];
  if (f.customers.length === 0 || f.customers.some(isGlob)) {
    const patterns = f.customers.map(globToRegExp);
    found = (await list({})).filter((c) => patterns.length === 0 || patterns.some((p) => p.test(c.externalId)));
  } else {
    // Exact externalIds: one filtered look-up each instead of listing the whole estate.
    const lists = await Promise.all([...new Set(f.customers)].map((externalId) => list({ externalId })));
    found = lists.flat().filter((c) => f.customers.includes(c.externalId));
  }
  const unique = [...new Map(found.map((c) => [c.id, c])).values()].sort((a, b) => byCodeUnit(a.externalId, b.externalId) || byCodeUnit(a.id, b.id));
  return f.max === undefined ? unique : unique.slice(0, f.max);
}

/** The partner's templates, or undefined when the API has none to offer (404/405). */
async function readTemplates(client: WholesaleClient): Promise<wire.OnboardingTemplate[] | undefined> {
  try {
    return await client.templates.list();
  } catch (e) {
    if (e instanceof WholesaleApiError && (e.status === 404 || e.status === 405)) return undefined;
    throw e;
  }
}

/**
 * Read the selected part of the estate. The customer list goes first, so a refused token fails
 * before anything else; `progress` is told after each customer's users and locations.
 */
export async function readEstate(client: WholesaleClient, f: EstateFilter, progress: (done: number, total: number, c: LiveCustomer) => void = () => {}): Promise<Estate> {
  const selected = await selectCustomers(client, f);
  const templates = await readTemplates(client);
  let done = 0;
  const customers = await Promise.all(selected.map(async (customer): Promise<CustomerEstate> => {
    const [subscribers, locations] = await Promise.all([
      liveSubscribers(client).list({ customerId: customer.id, max: 100 }),
      customer.orgId ? client.locations.list(customer.orgId) : Promise.resolve([]),
    ]);
    progress(++done, selected.length, customer);
    return { customer, subscribers, locations };
  }));
  return { templates, customers };
}
