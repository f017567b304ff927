// CustomerUser: a wholesale subscriber in a customer org (seed step 3). Synchronous provisioning
// (200, or 202 pending_user_migration), PUT for the package and number, DELETE 204. Unique key:
// the email (across all customers).
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import * as wire from "webex-wholesale-wire";
import { AlreadyExistsError } from "../lifecycle/errors";
import { createOnce } from "../lifecycle/create-once";
import { deleteConfirmed, putConverged } from "../lifecycle/converge";
import { diffArgs } from "../lifecycle/diff";
import { containsUnknown } from "../lifecycle/unknowns";
import { defineResource, type HookContext, type State } from "../lifecycle/kind";
import { arg } from "../schema/meta";


// The request body's fields: the arguments take their limits from them.
const request = wire.SubscriberProvisionRequest.shape;
const params = wire.SubscriberProvisioningParameters.shape;

/** Arguments of a CustomerUser. */
export const CustomerUserArgs = z.object({
  customerId: arg(request.customerId, { description: "Customer the user belongs to (e.g. org.customerId).", replaceOnChange: true }),
  email: arg(request.email, { description: "The user's email; unique across all customers.", replaceOnChange: true }),
  firstName: arg(params.firstName.unwrap(), { description: "First name.", replaceOnChange: true }),
  lastName: arg(params.lastName.unwrap(), { description: "Last name.", replaceOnChange: true }),
  package: arg(request.package, { description: "The user's package; an admin's must equal the org's." }),
  packages: arg(request.packages, {
    description: "The user's package as a one-item list (the API's newer spelling); give package or packages.",
  }),
  primaryPhoneNumber: arg(params.primaryPhoneNumber, { description: "Primary phone number (E.164); a calling package needs it or an extension." }),
  extension: arg(params.extension, { description: "Extension; a calling package needs it or a primary phone number." }),
  locationId: arg(params.locationId, { description: "Calling location (e.g. org.headquartersLocationId); defaults to the customer's HQ." }),
  locationCustomerId: arg(wire.WebexId.optional(), {
    description: "The location's customer, for the plan-time same-customer check (set by `location`).", createOnly: true,
  }),
  customerAdminEmail: arg(request.email.optional(), {
    description: "The customer's admin email, for the plan-time admin-package check (set by `customer`).", createOnly: true,
  }),
  customerPackages: arg(z.array(wire.CustomerPackage).optional(), {
    description: "The customer's packages, for the plan-time admin-package check (set by `customer`).", createOnly: true,
  }),
  adopt: arg(z.boolean().default(false), {
    description: "Adopt an existing subscriber with this email in the same customer instead of failing.", createOnly: true,
  }),
});
/** Checked arguments of a CustomerUser. */
export type CustomerUserArgs = z.infer<typeof CustomerUserArgs>;

/** Outputs a CustomerUser adds to its arguments. */
export const CustomerUserOutputs = z.object({
  subscriberId: arg(z.string(), { description: "The wholesale subscriber id.", stable: true }),
  personId: arg(z.string().optional(), { description: "The Webex person id, once provisioned.", stable: true }),
  status: arg(wire.SubscriberStatus, { description: "provisioned, or pending_user_migration while a free account's owner consents." }),
  // Always secret: a user given only customerId cannot tell whether its org's externalId is secret.
  externalCustomerId: arg(z.string().optional(), { description: "The customer's externalId (always kept secret).", secret: true }),
});
/** Outputs of a CustomerUser. */
export type CustomerUserOutputs = z.infer<typeof CustomerUserOutputs>;


type Args = CustomerUserArgs;

/** The user's one package, whichever spelling the program used. */
function packageOf(a: Args): wire.SubscriberPackage {
  return (a.package ?? a.packages?.[0])!;
}

function toState(a: Record<string, unknown>, s: wire.Subscriber): State {
  return { ...a, subscriberId: s.id, personId: s.personId, status: s.status, externalCustomerId: s.externalCustomerId };
}

/** Extra (non-official) fields the emulator returns; the real service does not, and then the old inputs stand. */
interface SubscriberExtras {
  firstName?: string;
  lastName?: string;
  primaryPhoneNumber?: string;
  extension?: string;
  locationId?: string;
}

function liveArgs(s: wire.Subscriber, old: Args): Args {
  const x = s as wire.Subscriber & SubscriberExtras;
  const pick = <K extends keyof SubscriberExtras>(k: K) => (k in x ? x[k] : old[k]);
  return {
    ...old,
    customerId: s.customerId,
    email: s.email,
    package: s.packages?.[0] ?? s.package ?? old.package,
    firstName: x.firstName ?? old.firstName,
    lastName: x.lastName ?? old.lastName,
    primaryPhoneNumber: pick("primaryPhoneNumber"),
    extension: pick("extension"),
    // Left unset, the service puts a calling user at the HQ: that default is not drift.
    locationId: old.locationId === undefined ? undefined : pick("locationId"),
  };
}

/** The arguments in which the live subscriber differs from `a` (what the API does not return counts as equal). */
function liveChanges(live: wire.Subscriber, a: Args): string[] {
  return diffArgs(CustomerUserArgs, customerUser.normalize!(liveArgs(live, a)), customerUser.normalize!(a)).changed;
}

/** The subscriber holding the user's email (unique across all customers). */
function findSubscriber(ctx: HookContext, a: Args): Promise<wire.Subscriber | undefined> {
  return ctx.client.subscribers.findByEmail(a.email);
}

/** The CustomerUser module. */
export const customerUser = defineResource<Args>({
  name: "CustomerUser",
  description: "A user (wholesale subscriber) of a customer org, with one package and, for calling packages, a number or extension.",
  args: CustomerUserArgs,
  outputs: CustomerUserOutputs,
  classArgs: [{
    name: "customer",
    tsType: "CustomerOrg",
    description: "The customer org: sets customerId (when not given) and enables the plan-time admin-package check.",
    replaces: "customerId",
    sets: { customerId: "customerId", customerAdminEmail: "adminEmail", customerPackages: "packages" },
    // Under the output's name, so that a secret externalId stays secret here (echoedOutputs).
    echoes: { externalCustomerId: "externalId" },
  }, {
    name: "location",
    tsType: "CustomerLocation",
    description: "The user's calling location (when not the HQ): sets locationId and enables the plan-time same-customer check.",
    replaces: "locationId",
    sets: { locationId: "locationId", locationCustomerId: "customerId" },
  }],
  echoedOutputs: ["externalCustomerId"],
  programInputs: onePackageSpelling,

  rules(a) {
    const out: wire.RuleViolation[] = [];
    const site = a.locationCustomerId;
    if (site && !containsUnknown(site) && !containsUnknown(a.customerId) && site !== a.customerId) {
      out.push({ path: ["locationId"], message: `the location belongs to customer ${site}, not to this user's customer ${a.customerId}` });
    }
    if (a.package !== undefined && a.packages !== undefined) {
      out.push({ path: ["packages"], message: "give package or packages, not both" });
      return out;
    }
    if (a.package === undefined && a.packages === undefined) {
      out.push({ path: ["package"], message: "package is required" });
      return out;
    }
    const pkg = packageOf(a);
    if (containsUnknown(pkg)) return out;
    if (!containsUnknown(a.primaryPhoneNumber) && !containsUnknown(a.extension)) {
      out.push(...wire.subscriberNumberViolations(pkg, a).map((v) => ({ ...v, path: ["primaryPhoneNumber"] })));
    }
    const admin = a.customerAdminEmail;
    const orgPackages = a.customerPackages;
    if (orgPackages && !containsUnknown(orgPackages) && !orgPackages.includes(pkg)) {
      out.push({ path: [a.package ? "package" : "packages"], message: `the customer does not have the package ${pkg} (it has ${orgPackages.join(", ")})` });
      return out;
    }
    if (admin && orgPackages && !containsUnknown(admin) && !containsUnknown(orgPackages) && !containsUnknown(a.email)
      && admin.toLowerCase() === a.email.toLowerCase()) {
      out.push(...wire.adminPackageViolations(orgPackages, pkg).map((v) => ({ ...v, path: [a.package ? "package" : "packages"] })));
    }
    return out;
  },

  // An extension reaches one user within a customer: a second user of the program with it is refused at plan time.
  claims: (a) => (a.extension ? [{ path: ["extension"], key: `extension ${a.extension} of customer ${a.customerId}` }] : []),

  normalize(a) {
    // One spelling in state, so switching between package and packages is not a change.
    return { ...a, package: packageOf(a), packages: undefined, email: a.email.toLowerCase() };
  },

  replacementWarning(olds, _news, replaces) {
    return `replacing user ${String(olds.email)} (subscriber ${String(olds.subscriberId)}; changed: ${replaces.join(", ")}) DELETES the live ` +
      `subscriber (its Webex account, licences and number) and provisions a new one. Use the \`protect\` resource option to prevent it.`;
  },

  // The email is unique across all customers (and numbers within one): a replacement would collide.
  deleteBeforeReplace: () => true,

  identity: {
    key: (a) => `email ${a.email}`,
    lookup: findSubscriber,
    unique: { field: "email", label: "user email", foldCase: true },
    foreign: (found, a) => {
      const s = found as wire.Subscriber;
      return s.customerId !== a.customerId ? `subscriber ${s.id} belongs to customer ${s.customerId}, not ${a.customerId}` : undefined;
    },
  },

  async create(ctx, a) {
    const { value: s, how } = await createOnce({
      what: `user ${a.email}`, key: `email ${a.email}`,
      lookup: () => findSubscriber(ctx, a),
      post: () => ctx.client.subscribers.provision({
        customerId: a.customerId,
        email: a.email,
        packages: [packageOf(a)],
        provisioningParameters: {
          firstName: a.firstName, lastName: a.lastName, primaryPhoneNumber: a.primaryPhoneNumber,
          extension: a.extension, locationId: a.locationId,
        },
      }),
      // Adopting or recovering never takes a subscriber of another customer.
      isOurs: (found) => found.customerId === a.customerId && liveChanges(found, a).length === 0,
      adopt: a.adopt, lookupFirst: ctx.unconfirmedCreate ? "settle" : a.adopt ? "once" : undefined,
      // A number or extension taken may be this very user, created by an earlier request whose answer was lost.
      duplicateCodes: [wire.DUPLICATE_KEY_CODES.email, wire.DUPLICATE_KEY_CODES.phoneNumber, wire.DUPLICATE_KEY_CODES.extension], visibilityLagMs: ctx.client.settings.visibilityLagMs, log: ctx.log,
    });
    if (how === "adopted" && s.customerId !== a.customerId) {
      throw new AlreadyExistsError(`user ${a.email}`, `of another customer (${s.customerId})`, s.id);
    }
    if (s.status === "pending_user_migration") {
      ctx.log(`user ${a.email}: pending_user_migration — the owner of the existing free Webex account must consent to the move`);
    }
    return { id: s.id, state: toState(a, s) };
  },

  async read(ctx, id, state) {
    // From the customer's subscriber list, shared by every user of the customer in this refresh.
    const customerId = typeof state.customerId === "string" ? state.customerId : undefined;
    const s = customerId ? await ctx.client.subscribers.getListed(id, customerId) : await ctx.client.subscribers.get(id);
    if (!s) return undefined;
    const inputs = liveArgs(s, state as unknown as Args);
    // The real service returns neither names nor numbers: those keep their recorded values, and
    // adopt sends the numbers (names cannot be changed, so they are taken from the program).
    const unread = (["primaryPhoneNumber", "extension", "locationId"] as const).filter((k) => !(k in s));
    return { inputs, state: toState(inputs, s), unread };
  },

  async update(ctx, id, _olds, a) {
    let s: wire.Subscriber | undefined;
    const r = await putConverged<wire.Subscriber>({
      what: `user ${a.email}`,
      send: async () => {
        s = await ctx.client.subscribers.update(id, {
          packages: [packageOf(a)],
          provisioningParameters: { primaryPhoneNumber: a.primaryPhoneNumber, extension: a.extension, locationId: a.locationId },
        });
      },
      settleAndRead: () => ctx.client.subscribers.get(id),
      applied: (live) => liveChanges(live, a).length === 0,
      log: ctx.log,
    });
    return toState(a, (s ?? r.live)!);
  },

  async delete(ctx, id, state) {
    await deleteConfirmed({
      what: `user ${String(state.email ?? id)}`,
      send: () => ctx.client.subscribers.delete(id),
      read: () => ctx.client.subscribers.get(id),
      log: ctx.log,
    });
  },
});

/**
 * A user's package, given as the one-item `packages`, recorded as `package` (what check would do)
 * here instead, where the rename keeps the value's secretness: Pulumi keeps a secret only under the
 * name it came in as. A list that is not one item is left for check to refuse by its name.
 */
function onePackageSpelling(inputs: Record<string, unknown>): void {
  const given = inputs.packages;
  if (given === undefined || inputs.package !== undefined) return;
  if (Array.isArray(given)) {
    if (given.length !== 1) return;
    inputs.package = given[0];
  } else {
    // An Output or a promise (e.g. pulumi.secret([...])): apply keeps it secret.
    inputs.package = pulumi.output(given as pulumi.Input<unknown[]>).apply((p: unknown) => (Array.isArray(p) && p.length === 1 ? p[0] : p));
  }
  delete inputs.packages;
}
