// CustomerOrg hooks: asynchronous provisioning (202, then poll), PUT with the complete package
// list, asynchronous delete. The customer's unique key is its externalId.
import * as wire from "webex-wholesale-wire";
import { AlreadyExistsError, PartialCreateError } from "../lifecycle/errors";
import { createOnce } from "../lifecycle/create-once";
import { containsUnknown } from "../lifecycle/unknowns";
import type { HookContext, ResourceKind, State } from "../lifecycle/kind";
import { ProvisioningTimeoutError } from "../client";
import { CustomerOrgArgs, CustomerOrgOutputs, type HeadquartersArgs } from "./customer-args";

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

/** Statuses during which the service refuses changes. */
const TRANSITIONAL: ReadonlySet<string> = new Set(["provisioning", "updating", "deleting"]);

/** Wait for provisioning to settle; on `error`, the client raises with the customer's errors. */
async function waitProvisioned(ctx: HookContext, id: string, label: string): Promise<wire.Customer> {
  return ctx.client.customers.waitFor(id, { until: (c) => c.status === "provisioned", label, notFoundGraceMs: 30_000 });
}

/** The HQ calling location of a provisioned org, if it has one. */
async function hqLocationId(ctx: HookContext, c: wire.Customer): Promise<string | undefined> {
  if (!c.orgId) return undefined;
  const locations = await ctx.client.locations.list(c.orgId);
  return locations[0]?.id;
}

async function toState(ctx: HookContext, a: Record<string, unknown>, c: wire.Customer, locationId?: string): Promise<State> {
  return {
    ...a,
    customerId: c.id,
    orgId: c.orgId,
    status: c.status,
    locationId: locationId ?? (await hqLocationId(ctx, c)),
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

/** The CustomerOrg kind. */
export const customerOrg: ResourceKind<Args> = {
  name: "CustomerOrg",
  args: CustomerOrgArgs,
  outputs: CustomerOrgOutputs,
  setLike: new Set(["packages"]),

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
    return `replacing customer ${String(olds.externalId)} (changed: ${replaces.join(", ")}) DELETES its live Webex organisation ` +
      `and every user in it, then provisions a new one. Use the \`protect\` resource option on production customers.`;
  },

  uniqueKey: (a) => `externalId ${a.externalId}`,

  findExisting: findCustomer,

  async create(ctx, a) {
    const label = `customer ${a.externalId}`;
    const existing = await findCustomer(ctx, a);
    // adopt is handled before create (lifecycle/adopt.ts).
    if (existing) throw new AlreadyExistsError("customer with externalId", a.externalId, existing.id);
    const { value: id } = await createOnce({
      what: label,
      lookup: async () => (await findCustomer(ctx, a))?.id,
      post: async () => (await ctx.client.customers.provision(provisionBody(a))).id,
    });
    let c: wire.Customer;
    try {
      c = await waitProvisioned(ctx, id, label);
    } catch (e) {
      if (e instanceof ProvisioningTimeoutError) {
        // Still provisioning: keep it in state so nothing is orphaned; the next `pulumi up` (or refresh) picks it up.
        throw new PartialCreateError(`${label}: ${(e as Error).message}`, id, { ...a, customerId: id, status: "provisioning" });
      }
      // Provisioning failed: remove the failed customer so nothing is left behind, then report.
      await ctx.client.customers.delete(id).then(() => ctx.client.customers.waitForGone(id, { label })).catch((cleanup: Error) =>
        ctx.log(`${label}: could not remove the failed customer ${id}: ${cleanup.message}`));
      throw e;
    }
    return { id, state: await toState(ctx, a, c) };
  },

  async read(ctx, id, state) {
    const c = await ctx.client.customers.get(id);
    if (!c) return undefined;
    const inputs = liveArgs(c, state as unknown as Args);
    const locationId = state.orgId === c.orgId ? (state.locationId as string | undefined) : undefined;
    // Webex returns no provisioning parameters (GET: null): the meetings time zone, the package
    // limits and the HQ calling location keep their recorded values, and adopt sends them.
    const unread = (c as CustomerExtras).provisioningParameters ? [] : ["meetingsTimezone", "packageLimits", ...(wire.includesCalling(inputs.packages) ? ["headquarters"] : [])];
    return { inputs, state: await toState(ctx, inputs, c, locationId), unread };
  },

  async update(ctx, id, olds, a) {
    // The service refuses a PUT while a provisioning or another update runs (409): let it settle.
    await ctx.client.customers.waitFor(id, { until: (c) => !TRANSITIONAL.has(c.status), failOn: [], label: `customer ${a.externalId}` });
    await ctx.client.customers.update(id, updateBody(a));
    const c = await waitProvisioned(ctx, id, `customer ${a.externalId}`);
    return toState(ctx, a, c, olds.orgId === c.orgId ? (olds.locationId as string | undefined) : undefined);
  },

  async delete(ctx, id, state) {
    const label = `customer ${String(state.externalId ?? id)}`;
    await ctx.client.customers.delete(id);
    await ctx.client.customers.waitForGone(id, { label });
  },
};
