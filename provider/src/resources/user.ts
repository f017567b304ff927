// CustomerUser hooks: synchronous provisioning (200, or 202 pending_user_migration), PUT for the
// package and number, DELETE 204. The subscriber's unique key is its email.
import * as wire from "webex-wholesale-wire";
import { AlreadyExistsError } from "../lifecycle/errors";
import { createOnce } from "../lifecycle/create-once";
import { containsUnknown } from "../lifecycle/unknowns";
import type { HookContext, ResourceKind, State } from "../lifecycle/kind";
import { CustomerUserArgs, CustomerUserOutputs } from "./user-args";

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

/** The subscriber holding the user's email (unique across all customers). */
function findSubscriber(ctx: HookContext, a: Args): Promise<wire.Subscriber | undefined> {
  return ctx.client.subscribers.findByEmail(a.email);
}

/** The CustomerUser kind. */
export const customerUser: ResourceKind<Args> = {
  name: "CustomerUser",
  args: CustomerUserArgs,
  outputs: CustomerUserOutputs,

  rules(a) {
    const out: wire.RuleViolation[] = [];
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

  normalize(a) {
    // One spelling in state, so switching between package and packages is not a change.
    return { ...a, package: packageOf(a), packages: undefined, email: a.email.toLowerCase() };
  },

  // The email is unique across all customers (and numbers within one): a replacement would collide.
  deleteBeforeReplace: () => true,

  uniqueKey: (a) => `email ${a.email}`,

  findExisting: findSubscriber,

  async create(ctx, a) {
    const existing = await findSubscriber(ctx, a);
    // adopt is handled before create (lifecycle/adopt.ts).
    if (existing) throw new AlreadyExistsError("subscriber with email", a.email, existing.id);
    const { value: s } = await createOnce({
      what: `user ${a.email}`,
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
    });
    if (s.status === "pending_user_migration") {
      ctx.log(`user ${a.email}: pending_user_migration — the owner of the existing free Webex account must consent to the move`);
    }
    return { id: s.id, state: toState(a, s) };
  },

  async read(ctx, id, state) {
    const s = await ctx.client.subscribers.get(id);
    if (!s) return undefined;
    const inputs = liveArgs(s, state as unknown as Args);
    // The real service returns neither names nor numbers: those keep their recorded values, and
    // adopt sends the numbers (names cannot be changed, so they are taken from the program).
    const unread = (["primaryPhoneNumber", "extension", "locationId"] as const).filter((k) => !(k in s));
    return { inputs, state: toState(inputs, s), unread };
  },

  async update(ctx, id, _olds, a) {
    const s = await ctx.client.subscribers.update(id, {
      packages: [packageOf(a)],
      provisioningParameters: { primaryPhoneNumber: a.primaryPhoneNumber, extension: a.extension, locationId: a.locationId },
    });
    return toState(a, s);
  },

  async delete(ctx, id) {
    await ctx.client.subscribers.delete(id);
  },
};
