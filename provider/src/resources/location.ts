// CustomerLocation: a site of a customer org on the Webex Locations API (seed step 3, "add users
// and locations"): create (201 {id}), get, list with a name filter, partial PUT. The name is
// unique within the customer. The public reference documents no delete of a location, so a
// location removed from the stack is left live, with a warning naming it.
import { z } from "zod";
import * as wire from "webex-wholesale-wire";
import { createOnce } from "../lifecycle/create-once";
import { putConverged } from "../lifecycle/converge";
import { diffArgs } from "../lifecycle/diff";
import { containsUnknown } from "../lifecycle/unknowns";
import { defineResource, type HookContext, type State } from "../lifecycle/kind";
import { arg } from "../schema/meta";

// The request body's fields: the arguments take their limits from them.
const request = wire.LocationCreateRequest.shape;
const address = wire.LocationAddress.shape;

/** A location's postal address. */
export const LocationAddressArgs = z.object({
  address1: arg(address.address1, { description: "Address line 1." }),
  address2: arg(address.address2, { description: "Address line 2." }),
  city: arg(address.city, { description: "City." }),
  state: arg(address.state, { description: "State or province." }),
  postalCode: arg(address.postalCode, { description: "ZIP or postal code." }),
  country: arg(address.country, { description: "Country (ISO-3166 alpha-2)." }),
});

/** Arguments of a CustomerLocation. */
export const CustomerLocationArgs = z.object({
  customerId: arg(wire.WebexId, { description: "Customer the location belongs to (e.g. org.customerId).", replaceOnChange: true }),
  name: arg(request.name, {
    description: `Location name, unique within the customer; at most ${wire.CALLING_LOCATION_NAME_MAX} characters when the customer has a calling package.`,
  }),
  timeZone: arg(request.timeZone, { description: "IANA time zone, e.g. America/Chicago." }),
  preferredLanguage: arg(request.preferredLanguage, { description: "Default email language of the location's users, e.g. en_us." }),
  announcementLanguage: arg(request.announcementLanguage, {
    description: "Phone announcement language, e.g. fr_fr; the API sets it at create only, so a change replaces the location.",
    replaceOnChange: true,
  }),
  address: arg(LocationAddressArgs, { description: "The location's postal address.", typeName: "LocationAddress" }),
  latitude: arg(request.latitude, { description: "Latitude, e.g. 30.2672." }),
  longitude: arg(request.longitude, { description: "Longitude, e.g. -97.7431." }),
  notes: arg(request.notes, { description: "Free-text notes." }),
  customerPackages: arg(z.array(wire.CustomerPackage).optional(), {
    description: "The customer's packages, for the plan-time name-length check (set by `customer`).", createOnly: true,
  }),
  adopt: arg(z.boolean().default(false), {
    description: "Adopt an existing location of this name in the customer (e.g. its headquarters) instead of failing.", createOnly: true,
  }),
});
/** Checked arguments of a CustomerLocation. */
export type CustomerLocationArgs = z.infer<typeof CustomerLocationArgs>;

/** Outputs a CustomerLocation adds to its arguments. */
export const CustomerLocationOutputs = z.object({
  locationId: arg(z.string(), { description: "The location's id (give it to users: user.locationId).", stable: true }),
  orgId: arg(z.string().optional(), { description: "The customer's Webex org id, which the Locations API is addressed by.", stable: true }),
});

type Args = CustomerLocationArgs;

/** The Locations API: plain REST on the wire shapes. */
const locations = (ctx: HookContext) => ctx.client.collection(wire.PATHS.locations, wire.Location, wire.LocationList);

/** The Webex org of a customer (the Locations API's `orgId`). */
async function orgOf(ctx: HookContext, customerId: string): Promise<string> {
  const c = await ctx.client.customers.get(customerId);
  if (!c) throw new Error(`customer ${customerId} does not exist: its locations cannot be managed`);
  if (!c.orgId) throw new Error(`customer ${customerId} has no Webex org yet (status ${c.status}): its locations cannot be managed until it is provisioned`);
  return c.orgId;
}

/** The location holding the name in the org: the list's name filter matches substrings, so compare exactly. */
async function findByName(ctx: HookContext, orgId: string, name: string): Promise<wire.Location | undefined> {
  return (await locations(ctx).list({ orgId, name })).find((l) => l.name === name);
}

function changes(a: Args): wire.LocationUpdateRequest {
  return {
    name: a.name, timeZone: a.timeZone, preferredLanguage: a.preferredLanguage, address: a.address,
    latitude: a.latitude, longitude: a.longitude, notes: a.notes,
  };
}

/** The live location, read back after a write. */
async function fetch(ctx: HookContext, id: string, orgId: string): Promise<wire.Location> {
  const l = await locations(ctx).get(id, { orgId });
  if (!l) throw new Error(`location ${id} is not there right after it was written`);
  return l;
}

function toState(a: Record<string, unknown>, l: wire.Location): State {
  return { ...a, locationId: l.id, orgId: l.orgId };
}

/** The live location as arguments; what the API does not return keeps its recorded value. */
function liveArgs(l: wire.Location, old: Args): Args {
  return {
    ...old,
    name: l.name,
    timeZone: l.timeZone ?? old.timeZone,
    preferredLanguage: l.preferredLanguage ?? old.preferredLanguage,
    announcementLanguage: l.announcementLanguage ?? old.announcementLanguage,
    address: {
      address1: l.address.address1, address2: l.address.address2, city: l.address.city,
      state: l.address.state ?? old.address?.state, postalCode: l.address.postalCode ?? old.address?.postalCode, country: l.address.country,
    },
    latitude: l.latitude, longitude: l.longitude, notes: l.notes,
  };
}

/** The arguments in which the live location differs from `a`. */
function liveChanges(l: wire.Location, a: Args): string[] {
  return diffArgs(CustomerLocationArgs, liveArgs(l, a), a).changed;
}

/** PUT the location's settings; an unknown outcome converges (read, compare, re-send if not applied). */
async function updateLocation(ctx: HookContext, id: string, orgId: string, a: Args): Promise<void> {
  await putConverged<wire.Location>({
    what: `location ${JSON.stringify(a.name)}`,
    send: () => locations(ctx).update(id, changes(a), { orgId }),
    settleAndRead: () => locations(ctx).get(id, { orgId }),
    applied: (live) => liveChanges(live, a).length === 0,
    busyCodes: [wire.CUSTOMER_BUSY_CODE],
    log: ctx.log,
  });
}

/** The CustomerLocation module. */
export const customerLocation = defineResource<Args>({
  name: "CustomerLocation",
  description: "A location (site) of a customer org on the Webex Locations API, where calling users can be placed. The Webex API documents no delete: removing one from the stack leaves it live, with a warning.",
  args: CustomerLocationArgs,
  outputs: CustomerLocationOutputs,
  classArgs: [{
    name: "customer",
    tsType: "CustomerOrg",
    description: "The customer org: sets customerId (when not given) and enables the plan-time name-length check.",
    replaces: "customerId",
    sets: { customerId: "customerId", customerPackages: "packages" },
  }],

  rules(a) {
    const pkgs = a.customerPackages;
    if (!pkgs || containsUnknown(pkgs) || containsUnknown(a.name) || !wire.includesCalling(pkgs)) return [];
    if (a.name.length <= wire.CALLING_LOCATION_NAME_MAX) return [];
    return [{ path: ["name"], message: `at most ${wire.CALLING_LOCATION_NAME_MAX} characters for a customer with a calling package (${a.name.length} given)` }];
  },

  replacementRefusal(olds, news, replaces) {
    if (olds.name !== news.name || olds.customerId !== news.customerId) return undefined;
    return `replacing location ${JSON.stringify(news.name)} (changed: ${replaces.join(", ")}) needs a new name: the Webex Locations API ` +
      "cannot delete the old location, which keeps its name. Give the location a new name in the same change.";
  },

  identity: {
    key: (a) => `name ${JSON.stringify(a.name)} in customer ${a.customerId}`,
    lookup: async (ctx, a) => findByName(ctx, await orgOf(ctx, a.customerId), a.name),
    unique: { field: "name", label: "location name", foldCase: true, scope: "customerId" },
  },

  async create(ctx, a) {
    const orgId = await orgOf(ctx, a.customerId);
    const created = await createOnce<{ id: string; live?: wire.Location }>({
      what: `location ${JSON.stringify(a.name)} of customer ${a.customerId}`, key: `name ${JSON.stringify(a.name)}`,
      lookup: async () => {
        const l = await findByName(ctx, orgId, a.name);
        return l && { id: l.id, live: l };
      },
      post: async () => ({ id: (await locations(ctx).create({ ...changes(a), announcementLanguage: a.announcementLanguage }, wire.LocationCreated, { orgId })).id }),
      isOurs: (f) => liveChanges(f.live!, a).length === 0,
      adopt: a.adopt, lookupFirst: ctx.unconfirmedCreate ? "settle" : a.adopt ? "once" : undefined,
      duplicateCodes: [wire.DUPLICATE_KEY_CODES.locationName], visibilityLagMs: ctx.client.settings.visibilityLagMs, log: ctx.log,
    });
    const id = created.value.id;
    // An adopted location takes this program's settings at once.
    if (created.how === "adopted") await updateLocation(ctx, id, orgId, a);
    return { id, state: toState(a, await fetch(ctx, id, orgId)) };
  },

  async read(ctx, id, state) {
    const orgId = typeof state.orgId === "string" ? state.orgId : await orgOf(ctx, String(state.customerId));
    const l = await locations(ctx).get(id, { orgId });
    if (!l) return undefined;
    const inputs = liveArgs(l, state as unknown as Args);
    return { inputs, state: toState(inputs, l) };
  },

  async update(ctx, id, olds, a) {
    const orgId = typeof olds.orgId === "string" ? olds.orgId : await orgOf(ctx, a.customerId);
    await updateLocation(ctx, id, orgId, a);
    return toState(a, await fetch(ctx, id, orgId));
  },

  async delete(ctx, id, state) {
    // No API call: the Locations API documents no delete. Say plainly what is left behind.
    ctx.warn(`location ${JSON.stringify(state.name)} (id ${id}) of customer ${String(state.customerId)} was removed from the stack ` +
      "but is still live: the Webex Locations API documents no delete of a location. Remove it in Control Hub if it is no longer needed.");
  },
});
