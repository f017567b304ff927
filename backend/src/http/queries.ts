// Query-string schemas of the list endpoints. Repeated keys arrive as arrays; scalars must be given once.
import { z } from "zod";
import { CustomerStatus, SubscriberStatus } from "webex-wholesale-wire";

const text = z.string().max(512);
const int = (min: number, max: number) =>
  z.string().regex(/^\d+$/, "must be a whole number").transform(Number).pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
/** Epoch milliseconds, or an ISO-8601 date (both accepted by the official API). */
const instant = z.string().max(64).transform((s, ctx) => {
  const n = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  if (Number.isNaN(n)) { ctx.addIssue({ code: "custom", message: "must be epoch milliseconds or an ISO-8601 date" }); return z.NEVER; }
  return n;
});
const common = { onBehalfOfSubPartnerOrgId: text.optional() };

/** GET /wholesale/customers. */
export const CustomerListQuery = z.object({
  ...common,
  externalId: text.optional(),
  orgId: text.optional(),
  status: z.union([text, z.array(text)]).optional()
    .transform((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean)))
    .pipe(z.array(CustomerStatus).optional()),
  offset: int(0, 1_000_000).default(0),
  max: int(1, 100).default(50),
});

/** GET /wholesale/customers/{id}. */
export const CustomerGetQuery = z.object({ ...common, includePackageLicenseInfo: z.enum(["true", "false"]).optional() });

/** Queries that take only onBehalfOfSubPartnerOrgId. */
export const PlainQuery = z.object(common);

/** GET /wholesale/subscribers. */
export const SubscriberListQuery = z.object({
  ...common,
  customerId: text.optional(),
  personId: text.optional(),
  externalCustomerId: text.optional(),
  email: text.optional(),
  status: SubscriberStatus.optional(),
  after: instant.optional(),
  lastStatusChange: instant.optional(),
  sortBy: z.enum(["created", "lastStatusChange"]).default("created"),
  sortOrder: z.string().max(4).transform((s) => s.toUpperCase()).pipe(z.enum(["ASC", "DESC"])).default("ASC"),
  offset: int(0, 1_000_000).default(0),
  max: int(1, 100).default(50),
});

/** GET /locations: a customer org's locations (all of the partner's without orgId), by id or name substring. */
export const LocationListQuery = z.object({
  orgId: text.optional(),
  id: text.optional(),
  name: text.optional(),
  offset: int(0, 1_000_000).default(0),
  max: int(1, 1000).default(100),
});

/** POST /locations: the customer org is required. */
export const LocationOrgQuery = z.object({ orgId: text });

/** GET / PUT /locations/{id}: the org, when given, must be the location's. */
export const LocationQuery = z.object({ orgId: text.optional() });
