// CustomerOrg: a wholesale customer organisation (seed step 2). Asynchronous provisioning (202,
// then poll), PUT with the complete package list, asynchronous delete. Unique key: externalId.
import { z } from "zod";
import * as wire from "webex-wholesale-wire";
import { PartialCreateError } from "../lifecycle/errors";
import { createOnce } from "../lifecycle/create-once";
import { deleteConfirmed, putConverged } from "../lifecycle/converge";
import { diffArgs } from "../lifecycle/diff";
import { containsUnknown } from "../lifecycle/unknowns";
import { defineResource, type HookContext, type State } from "../lifecycle/kind";
import { ProvisioningTimeoutError } from "../client";
import { arg } from "../schema/meta";


// The request body's fields: the arguments take their limits from them.
const request = wire.CustomerProvisionRequest.shape;
const info = wire.CustomerInfo.shape;
const addressField = wire.Address.shape;
const location = wire.CallingLocation.shape;

/** The customer's headquarters: its address and, for calling packages, its calling location. */
export const HeadquartersArgs = z.object({
  locationName: arg(location.name.default("Headquarters"), { description: "Name of the HQ calling location (default Headquarters)." }),
  addressLine1: arg(addressField.addressLine1, { description: "Address line 1." }),
  addressLine2: arg(addressField.addressLine2, { description: "Address line 2." }),
  city: arg(addressField.city, { description: "City." }),
  stateOrProvince: arg(addressField.stateOrProvince, { description: "State or province." }),
  zipOrPostalCode: arg(addressField.zipOrPostalCode, { description: "ZIP or postal code." }),
  country: arg(addressField.country.optional(), { description: "Country (ISO-3166 alpha-2); defaults to the customer's country and must equal it." }),
  timezone: arg(location.timezone.optional(), { description: "IANA time zone of the HQ location; required with a calling package." }),
  language: arg(location.language.default("en_us"), { description: "Language of the HQ calling location, e.g. en_us (default)." }),
  emergencyLocationIdentifier: arg(location.emergencyLocationIdentifier, { description: "Emergency location identifier of the HQ location." }),
});
/** Checked headquarters arguments. */
export type HeadquartersArgs = z.infer<typeof HeadquartersArgs>;

/** Arguments of a CustomerOrg. */
export const CustomerOrgArgs = z.object({
  provisioningId: arg(request.provisioningId, {
    description: "Provisioning ID of the onboarding template to provision with (e.g. template.provisioningId).", replaceOnChange: true,
  }),
  externalId: arg(request.externalId, { description: "Your own customer id (e.g. from the CRM); unique per partner." }),
  name: arg(info.name, {
    description: "Company name.", replaceOnChange: true,
  }),
  adminEmail: arg(info.primaryEmail, { description: "Email of the customer's full administrator.", replaceOnChange: true }),
  language: arg(info.language, { description: "Language of the admin's emails, e.g. en or en_US.", replaceOnChange: true }),
  country: arg(addressField.country, { description: "Country of the customer (ISO-3166 alpha-2); must be a supported Webex location." }),
  packages: arg(request.packages, {
    description: "Complete list of packages and add-ons; a package left out is removed.",
  }),
  headquarters: arg(HeadquartersArgs, { description: "Headquarters address and calling location.", typeName: "Headquarters" }),
  meetingsTimezone: arg(wire.TimeZone.optional(), { description: "Time zone of the customer's meeting site." }),
  packageLimits: arg(wire.CustomerProvisioningParameters.shape.packages.unwrap().shape.limits.optional(), {
    description: "Licence limits per package.",
  }),
  subPartnerAdminEmail: arg(request.subPartnerAdminEmail, { description: "Admin email of the sub-partner the customer belongs to." }),
  existingOrgId: arg(request.orgId, { description: "Attach an existing Webex org instead of creating one.", replaceOnChange: true }),
  adopt: arg(z.boolean().default(false), {
    description: "Adopt an existing customer with this externalId instead of failing (import for dynamic resources).",
    createOnly: true,
  }),
});
/** Checked arguments of a CustomerOrg. */
export type CustomerOrgArgs = z.infer<typeof CustomerOrgArgs>;

/** Outputs a CustomerOrg adds to its arguments. */
export const CustomerOrgOutputs = z.object({
  customerId: arg(z.string(), { description: "The wholesale customer id (use it for users).", stable: true }),
  orgId: arg(z.string().optional(), { description: "The Webex organisation id, once provisioned.", stable: true }),
  status: arg(wire.CustomerStatus, { description: "Provisioning status." }),
  headquartersLocationId: arg(z.string().optional(), { description: "Id of the HQ calling location (users sit there unless given another location).", stable: true }),
  dataRegion: arg(z.string().optional(), { description: "Data-residency region the org was created in, when the service reports it." }),
});
/** Outputs of a CustomerOrg. */
export type CustomerOrgOutputs = z.infer<typeof CustomerOrgOutputs>;


type Args = CustomerOrgArgs;

function address(a: Args): wire.Address {
  const hq = a.headquarters;
  return {
    addressLine1: hq.addressLine1, addressLine2: hq.addressLine2, city: hq.city,
    stateOrProvince: hq.stateOrProvince, zipOrPostalCode: hq.zipOrPostalCode, country: a.country,
  };
}

function provisioningParameters(a: Args): wire.CustomerProvisioningParameters | undefined {
  const hq = a.headquarters;
  const p: wire.CustomerProvisioningParameters = {
    calling: wire.includesCalling(a.packages) ? {
      location: {
        name: hq.locationName, address: address(a), timezone: hq.timezone!, language: hq.language,
        emergencyLocationIdentifier: hq.emergencyLocationIdentifier,
      },
    } : undefined,
    meetings: a.meetingsTimezone ? { timezone: a.meetingsTimezone } : undefined,
    packages: a.packageLimits ? { limits: a.packageLimits } : undefined,
  };
  return p.calling || p.meetings || p.packages ? p : undefined;
}

function provisionBody(a: Args): wire.CustomerProvisionRequest {
  return {
    provisioningId: a.provisioningId,
    packages: a.packages,
    externalId: a.externalId,
    address: address(a),
    orgId: a.existingOrgId,
    customerInfo: a.existingOrgId ? undefined : { name: a.name, primaryEmail: a.adminEmail, language: a.language },
    provisioningParameters: provisioningParameters(a),
    subPartnerAdminEmail: a.subPartnerAdminEmail,
  };
}

function updateBody(a: Args): wire.CustomerUpdateRequest {
  return {
    externalId: a.externalId, packages: a.packages, address: address(a),
    provisioningParameters: provisioningParameters(a), subPartnerAdminEmail: a.subPartnerAdminEmail,
  };
}

/** Wait for provisioning to settle; on `error`, the client raises with the customer's errors. */
async function waitProvisioned(ctx: HookContext, id: string, label: string, measure: string, readyInMs?: number): Promise<wire.Customer> {
  return ctx.client.customers.waitFor(id, { until: (c) => c.status === "provisioned", label, notFoundGraceMs: 30_000, measure, readyInMs });
}

/** Wait until the customer accepts changes (not provisioning/updating/deleting) and read it; undefined if gone. */
async function settled(ctx: HookContext, id: string, label: string): Promise<wire.Customer | undefined> {
  try {
    return await ctx.client.customers.waitFor(id, { until: (c) => !wire.CUSTOMER_STATUS_GROUPS.transitional.has(c.status), failOn: [], label });
  } catch (e) {
    if ((e as { status?: number }).status === 404) return undefined;
    throw e;
  }
}

/** The arguments in which the live customer differs from `a` (what the API does not return counts as equal). */
function liveChanges(live: wire.Customer, a: Args): string[] {
  return diffArgs(CustomerOrgArgs, liveArgs(live, a), a, SET_LIKE).changed;
}

/** The HQ calling location of a provisioned org, if it has one. */
async function hqLocationId(ctx: HookContext, c: wire.Customer): Promise<string | undefined> {
  if (!c.orgId) return undefined;
  const locations = await ctx.client.locations.list(c.orgId);
  return locations[0]?.id;
}

function toState(a: Record<string, unknown>, c: wire.Customer, locationId: string | undefined): State {
  return {
    ...a,
    customerId: c.id,
    orgId: c.orgId,
    status: c.status,
    headquartersLocationId: locationId,
    dataRegion: typeof c.dataRegion === "string" ? c.dataRegion : undefined,
  };
}

/** Extra (non-official) fields the emulator returns; the real service does not, and then the old inputs stand. */
interface CustomerExtras {
  name?: string;
  primaryEmail?: string;
  provisioningId?: string;
  language?: string;
  subPartnerAdminEmail?: string;
  provisioningParameters?: wire.CustomerProvisioningParameters;
}

/** The live customer as arguments; what the API does not return keeps its recorded value. */
function liveArgs(c: wire.Customer, old: Args): Args {
  const x = c as wire.Customer & CustomerExtras;
  const loc = x.provisioningParameters?.calling?.location;
  const addr = c.address ?? {};
  const hq: HeadquartersArgs = {
    ...old.headquarters,
    addressLine1: addr.addressLine1 ?? old.headquarters.addressLine1,
    addressLine2: addr.addressLine2,
    city: addr.city ?? old.headquarters.city,
    stateOrProvince: addr.stateOrProvince,
    zipOrPostalCode: addr.zipOrPostalCode,
    ...(loc ? {
      locationName: loc.name, timezone: loc.timezone, language: loc.language,
      emergencyLocationIdentifier: loc.emergencyLocationIdentifier,
    } : {}),
  };
  return {
    ...old,
    externalId: c.externalId,
    packages: c.packages ?? old.packages,
    country: addr.country ?? old.country,
    headquarters: hq,
    name: x.name ?? old.name,
    adminEmail: x.primaryEmail ?? old.adminEmail,
    provisioningId: x.provisioningId ?? old.provisioningId,
    subPartnerAdminEmail: "subPartnerAdminEmail" in x ? x.subPartnerAdminEmail : old.subPartnerAdminEmail,
    ...(x.provisioningParameters ? {
      meetingsTimezone: x.provisioningParameters.meetings?.timezone,
      packageLimits: x.provisioningParameters.packages?.limits,
    } : {}),
  };
}

/** The customer holding the externalId (unique per partner). */
function findCustomer(ctx: HookContext, a: Args): Promise<wire.Customer | undefined> {
  return ctx.client.customers.findByExternalId(a.externalId);
}

/** Arguments compared as sets. */
const SET_LIKE: ReadonlySet<string> = new Set(["packages"]);

/** The CustomerOrg module. */
export const customerOrg = defineResource<Args>({
  name: "CustomerOrg",
  description: "A Webex for Wholesale customer organisation, provisioned with an onboarding template's provisioning ID.",
  args: CustomerOrgArgs,
  outputs: CustomerOrgOutputs,
  setLike: SET_LIKE,

  rules(a) {
    const out: wire.RuleViolation[] = [];
    if (Array.isArray(a.packages) && !containsUnknown(a.packages)) {
      out.push(...wire.customerPackageViolations(a.packages));
      if (wire.includesCalling(a.packages) && a.headquarters && !a.headquarters.timezone) {
        out.push({ path: ["headquarters", "timezone"], message: "a calling package needs the HQ calling location's timezone, e.g. America/Los_Angeles" });
      }
    }
    const hqCountry = a.headquarters?.country;
    if (hqCountry && !containsUnknown(hqCountry) && !containsUnknown(a.country) && hqCountry !== a.country) {
      out.push({ path: ["headquarters", "country"], message: `must equal country (${a.country}) or be left out` });
    }
    return out;
  },

  normalize(a) {
    // The HQ country is the customer's country: record it once so the two never diff.
    return { ...a, headquarters: { ...a.headquarters, country: undefined } };
  },

  deleteBeforeReplace(olds, news) {
    // externalId is unique per partner and the admin email unique everywhere: a replacement that
    // keeps either would be refused while the old customer exists.
    return olds.externalId === news.externalId || olds.adminEmail === news.adminEmail;
  },

  replacementWarning(olds, _news, replaces) {
    return `replacing customer ${String(olds.externalId)} (customer id ${String(olds.customerId)}, org ${String(olds.orgId ?? "not provisioned")}; changed: ${replaces.join(", ")}) DELETES its live Webex organisation ` +
      `and every user in it, then provisions a new one. Use the \`protect\` resource option on production customers.`;
  },

  identity: {
    key: (a) => `externalId ${a.externalId}`,
    lookup: findCustomer,
    unique: { field: "externalId", label: "customer externalId" },
    // The look-up only sees the token's partner; a customer of another template is not this resource's.
    foreign: (found, a) => {
      const live = (found as wire.Customer & CustomerExtras).provisioningId;
      return live !== undefined && live !== a.provisioningId ? `customer ${found.id} was provisioned with another template (${live})` : undefined;
    },
  },

  async create(ctx, a) {
    const label = `customer ${a.externalId}`;
    let readyInMs: number | undefined;
    const created = await createOnce<{ id: string; customer?: wire.Customer }>({
      what: label, key: `externalId ${a.externalId}`,
      lookup: async () => {
        const c = await findCustomer(ctx, a);
        return c && { id: c.id, customer: c };
      },
      post: async () => {
        const r = await ctx.client.customers.provision(provisionBody(a));
        readyInMs = r.retryAfterMs;
        return { id: r.id };
      },
      // Recovered only when it is what this resource would have provisioned.
      isOurs: (f) => liveChanges(f.customer!, a).length === 0,
      adopt: a.adopt, lookupFirst: ctx.unconfirmedCreate ? "settle" : a.adopt ? "once" : undefined,
      duplicateCodes: [wire.DUPLICATE_KEY_CODES.externalId], visibilityLagMs: ctx.client.settings.visibilityLagMs, log: ctx.log,
    });
    const id = created.value.id;
    const adopted = created.how === "adopted";
    let c: wire.Customer;
    try {
      c = await waitProvisioned(ctx, id, label, "provision", readyInMs);
    } catch (e) {
      if (e instanceof ProvisioningTimeoutError || adopted) {
        // Still provisioning (or adopted): keep it in state so nothing is orphaned; the next
        // `pulumi up` (or refresh) picks it up.
        throw new PartialCreateError(`${label}: ${(e as Error).message}`, id, { ...a, customerId: id, status: "provisioning" });
      }
      // Provisioning failed: remove the failed customer so nothing is left behind, then report.
      await ctx.client.customers.delete(id).then(() => ctx.client.customers.waitForGone(id, { label })).catch((cleanup: Error) =>
        ctx.log(`${label}: could not remove the failed customer ${id}: ${cleanup.message}`));
      throw e;
    }
    return { id, state: toState(a, c, await hqLocationId(ctx, c)) };
  },

  async read(ctx, id, state) {
    // From the shared lists of this refresh: one customer list, one location list per new org.
    const c = await ctx.client.customers.getListed(id);
    if (!c) return undefined;
    const inputs = liveArgs(c, state as unknown as Args);
    const known = state.orgId === c.orgId ? (state.headquartersLocationId as string | undefined) : undefined;
    const locationId = known ?? (c.orgId ? (await ctx.client.locations.listListed(c.orgId))[0]?.id : undefined);
    // Webex returns no provisioning parameters (GET: null): the meetings time zone, the package
    // limits and the HQ calling location keep their recorded values, and adopt sends them.
    const unread = (c as CustomerExtras).provisioningParameters ? [] : ["meetingsTimezone", "packageLimits", ...(wire.includesCalling(inputs.packages) ? ["headquarters"] : [])];
    return { inputs, state: toState(inputs, c, locationId), unread };
  },

  async update(ctx, id, olds, a) {
    const label = `customer ${a.externalId}`;
    // The service refuses a PUT while a provisioning or another update runs (409): let it settle.
    await ctx.client.customers.waitFor(id, { until: (c) => !wire.CUSTOMER_STATUS_GROUPS.transitional.has(c.status), failOn: [], label });
    let readyInMs: number | undefined;
    await putConverged<wire.Customer>({
      what: label,
      send: async () => {
        readyInMs = (await ctx.client.customers.update(id, updateBody(a))).retryAfterMs;
      },
      settleAndRead: () => settled(ctx, id, label),
      applied: (live) => liveChanges(live, a).length === 0,
      busyCodes: [wire.CUSTOMER_BUSY_CODE],
      log: ctx.log,
    });
    const c = await waitProvisioned(ctx, id, label, "update", readyInMs);
    const known = olds.orgId === c.orgId ? (olds.headquartersLocationId as string | undefined) : undefined;
    return toState(a, c, known ?? (await hqLocationId(ctx, c)));
  },

  async delete(ctx, id, state) {
    const label = `customer ${String(state.externalId ?? id)}`;
    await deleteConfirmed({
      what: label,
      send: () => ctx.client.customers.delete(id),
      read: () => ctx.client.customers.get(id),
      leaving: (c) => c.status === "deleting",
      log: ctx.log,
    });
    await ctx.client.customers.waitForGone(id, { label });
  },
});
