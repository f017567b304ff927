// Subscribers (users): synchronous provisioning into a provisioned customer, with the number,
// email and full-administrator rules; a free-account email waits for the user's consent instead.
import {
  adminPackageViolations, CALLING_PACKAGES, isPackageDowngrade, SETTLED_OK_CUSTOMER_STATUSES, subscriberNumberViolations,
  type Subscriber, type SubscriberPackage, type SubscriberPrecheckRequest, type SubscriberProvisionRequest, type SubscriberUpdateRequest,
} from "webex-wholesale-wire";
import type { Repos } from "../storage/repos";
import { emailKey, type CustomerRecord, type SubscriberRecord } from "../storage/records";
import { newWebexId, nowIso } from "./clock";
import { badRequest, conflict, ErrorCode, notFound } from "./errors";
import type { Customers } from "./customers";
import type { Locations } from "./locations";
import type { Reality } from "../control/reality";

/** The deprecated single `package` field only knows these (official enum); others show in `packages` only. */
const LEGACY_PACKAGE: ReadonlySet<string> = new Set(["webex_calling", "webex_meetings", "webex_suite", "webex_voice", "cx_essentials", "webex_calling_standard"]);

/** Filters, sorting and paging input of GET /wholesale/subscribers. */
export interface SubscriberFilters {
  customerId?: string;
  personId?: string;
  externalCustomerId?: string;
  email?: string;
  status?: string;
  after?: number;
  lastStatusChange?: number;
  sortBy: "created" | "lastStatusChange";
  sortOrder: "ASC" | "DESC";
}

/** Subscribers of all partners. */
export class Subscribers {
  constructor(private readonly repos: Repos, private readonly customers: Customers, private readonly locations: Locations, private readonly reality: Reality) {}

  /** The API shape: official fields plus names, number, extension and locationId. */
  static render(s: SubscriberRecord, externalCustomerId?: string): Subscriber {
    return {
      id: s.id,
      ...(s.personId && s.status === "provisioned" ? { personId: s.personId } : {}),
      email: s.email,
      customerId: s.customerId,
      ...(externalCustomerId !== undefined ? { externalCustomerId } : {}),
      ...(LEGACY_PACKAGE.has(s.package) ? { package: s.package } : {}),
      packages: [s.package],
      status: s.status,
      ...(s.errors.length ? { errors: s.errors } : {}),
      created: s.created,
      lastStatusChange: s.lastStatusChange,
      ...(s.firstName ? { firstName: s.firstName } : {}),
      ...(s.lastName ? { lastName: s.lastName } : {}),
      ...(s.primaryPhoneNumber ? { primaryPhoneNumber: s.primaryPhoneNumber } : {}),
      ...(s.extension ? { extension: s.extension } : {}),
      ...(s.locationId ? { locationId: s.locationId } : {}),
    };
  }

  /** The externalId of a subscriber's customer (shown as externalCustomerId). */
  externalCustomerId(s: SubscriberRecord): string | undefined {
    return this.repos.customers.externalId(s.customerId);
  }

  /** The API shape of one subscriber, with its customer's externalId. */
  view(s: SubscriberRecord): Subscriber {
    return Subscribers.render(s, this.externalCustomerId(s));
  }

  /** The API shapes of a page of subscribers: one customer lookup per customer, not one per subscriber. */
  viewAll(list: readonly SubscriberRecord[]): Subscriber[] {
    const externalIds = new Map<string, string | undefined>();
    return list.map((s) => {
      if (!externalIds.has(s.customerId)) externalIds.set(s.customerId, this.externalCustomerId(s));
      return Subscribers.render(s, externalIds.get(s.customerId));
    });
  }

  /** Provision a user: `provisioned` at once, or `pending_user_migration` for a free-account email. */
  provision(partnerId: string, body: SubscriberProvisionRequest): SubscriberRecord {
    return this.repos.tx(() => {
      const pkg = (body.packages?.[0] ?? body.package)!;
      const customer = this.usableCustomer(partnerId, body.customerId);
      const p = body.provisioningParameters;
      this.checkAdmin(customer, body.email, pkg);
      const locationId = this.checkPackage(customer, pkg, p, p.locationId);
      this.checkEmail(partnerId, body.email, customer.id);
      this.checkNumbers(customer.id, p);
      const now = nowIso();
      const pending = this.repos.scenarios.isFreeAccount(body.email);
      const s: SubscriberRecord = {
        id: newWebexId("SUBSCRIBER"),
        partnerId,
        customerId: customer.id,
        ...(pending ? {} : { personId: newWebexId("PEOPLE") }),
        email: body.email,
        package: pkg,
        status: pending ? "pending_user_migration" : "provisioned",
        errors: [],
        ...(p.firstName ? { firstName: p.firstName } : {}),
        ...(p.lastName ? { lastName: p.lastName } : {}),
        ...(p.primaryPhoneNumber ? { primaryPhoneNumber: p.primaryPhoneNumber } : {}),
        ...(p.extension ? { extension: p.extension } : {}),
        ...(locationId ? { locationId } : {}),
        created: now,
        lastStatusChange: now,
      };
      this.repos.subscribers.save(s);
      return s;
    });
  }

  /** Precheck (validate) a user on whatever fields are given. */
  precheck(partnerId: string, body: SubscriberPrecheckRequest): void {
    const customer = body.customerId ? this.usableCustomer(partnerId, body.customerId) : undefined;
    const pkg = body.packages?.[0] ?? body.package;
    const p = body.provisioningParameters ?? {};
    if (customer && pkg) {
      this.checkAdmin(customer, body.email, pkg);
      this.checkPackage(customer, pkg, p, p.locationId);
    }
    this.checkEmail(partnerId, body.email, customer?.id);
    if (customer) this.checkNumbers(customer.id, p);
  }

  /** One subscriber of this partner, or 404. */
  get(partnerId: string, id: string): SubscriberRecord {
    const s = this.repos.subscribers.get(id);
    if (!s || s.partnerId !== partnerId) throw notFound("Subscriber", id);
    return s;
  }

  /** The partner's subscribers, filtered and sorted (paging is the caller's). */
  list(partnerId: string, f: SubscriberFilters): SubscriberRecord[] {
    const ext = f.externalCustomerId !== undefined
      ? new Set(this.repos.customers.list(partnerId, { externalId: f.externalCustomerId }).map((c) => c.id)) : undefined;
    const email = f.email !== undefined ? emailKey(f.email) : undefined;
    const out = this.repos.subscribers.listByPartner(partnerId, { customerId: f.customerId, email: f.email }).filter((s) =>
      !this.reality.hidden(partnerId, s.created) // not yet visible to lists and key lookups
      && (f.customerId === undefined || s.customerId === f.customerId)
      && (f.personId === undefined || s.personId === f.personId)
      && (ext === undefined || ext.has(s.customerId))
      && (email === undefined || emailKey(s.email) === email)
      && (f.status === undefined || s.status === f.status)
      && (f.after === undefined || Date.parse(s.created) > f.after)
      && (f.lastStatusChange === undefined || Date.parse(s.lastStatusChange) > f.lastStatusChange));
    const key = (s: SubscriberRecord) => Date.parse(f.sortBy === "created" ? s.created : s.lastStatusChange);
    const dir = f.sortOrder === "DESC" ? -1 : 1;
    // Stable sort keeps creation order among equal timestamps; keys are parsed once, not per comparison.
    return out.map((s, i) => ({ s, i, k: key(s) })).sort((a, b) => (a.k - b.k) * dir || (a.i - b.i) * dir).map((x) => x.s);
  }

  /** Change a user's package, number, extension or location. */
  update(partnerId: string, id: string, body: SubscriberUpdateRequest): SubscriberRecord {
    return this.repos.tx(() => {
      const s = this.get(partnerId, id);
      const customer = this.customers.settle(s.customerId);
      if (!customer) throw notFound("Subscriber", id);
      if (!SETTLED_OK_CUSTOMER_STATUSES.has(customer.status) && customer.status !== "updating") {
        throw conflict(ErrorCode.customerNotProvisioned, `The subscriber's customer is ${customer.status}.`);
      }
      this.reality.refuseWhileUpdating(partnerId, customer.status);
      const pkg = body.packages?.[0] ?? body.package ?? s.package;
      const p = body.provisioningParameters ?? {};
      const merged = {
        primaryPhoneNumber: p.primaryPhoneNumber ?? s.primaryPhoneNumber,
        extension: p.extension ?? s.extension,
      };
      if (isAdmin(customer, s.email) && isPackageDowngrade(s.package, pkg)) {
        throw badRequest(ErrorCode.adminDowngrade, `packages: the customer's full administrator cannot be downgraded from ${s.package} to ${pkg}.`);
      }
      this.checkAdmin(customer, s.email, pkg);
      const locationId = this.checkPackage(customer, pkg, merged, p.locationId ?? s.locationId);
      this.checkNumbers(customer.id, p, s.id);
      const next: SubscriberRecord = {
        ...s,
        package: pkg,
        ...(merged.primaryPhoneNumber ? { primaryPhoneNumber: merged.primaryPhoneNumber } : {}),
        ...(merged.extension ? { extension: merged.extension } : {}),
        ...(locationId ? { locationId } : {}),
      };
      this.repos.subscribers.save(next);
      return next;
    });
  }

  /** Remove a user. */
  remove(partnerId: string, id: string): void {
    this.repos.tx(() => {
      const s = this.get(partnerId, id);
      const customer = this.customers.settle(s.customerId);
      if (customer) this.reality.refuseWhileUpdating(partnerId, customer.status);
      this.repos.subscribers.delete(id);
    });
  }

  /** The free account behind `email` consented: its pending subscriber becomes provisioned. */
  consent(email: string): SubscriberRecord | undefined {
    return this.repos.tx(() => {
      this.repos.scenarios.removeFreeAccount(email);
      const s = this.repos.subscribers.byEmail(email);
      if (!s || s.status !== "pending_user_migration") return s;
      const next: SubscriberRecord = { ...s, status: "provisioned", personId: newWebexId("PEOPLE"), lastStatusChange: nowIso() };
      this.repos.subscribers.save(next);
      return next;
    });
  }

  // The customer a user goes into: this partner's (404) and provisioned (409).
  private usableCustomer(partnerId: string, customerId: string): CustomerRecord {
    const c = this.customers.settle(customerId);
    if (!c || c.partnerId !== partnerId) throw notFound("Customer", customerId);
    if (!SETTLED_OK_CUSTOMER_STATUSES.has(c.status)) {
      throw conflict(ErrorCode.customerNotProvisioned, `The customer is ${c.status}; users can be added once it is provisioned.`);
    }
    return c;
  }

  // Package held by the customer, number for calling, location of this customer. Returns the locationId to store.
  private checkPackage(c: CustomerRecord, pkg: SubscriberPackage, numbers: { primaryPhoneNumber?: string; extension?: string }, locationId?: string): string | undefined {
    if (!c.packages.includes(pkg)) {
      throw badRequest(ErrorCode.packageNotInCustomer, `packages: the customer does not have the package ${pkg} (it has ${c.packages.join(", ")}).`);
    }
    const v = subscriberNumberViolations(pkg, numbers);
    if (v.length) throw badRequest(ErrorCode.numberRequired, `${v[0]!.path.join(".")}: ${v[0]!.message}`);
    if (locationId !== undefined) {
      if (!this.locations.ofCustomer(c.id, locationId)) {
        throw badRequest(ErrorCode.unknownLocation, `provisioningParameters.locationId: ${locationId} is not a location of this customer.`);
      }
      return locationId;
    }
    return CALLING_PACKAGES.has(pkg) ? this.locations.headquarters(c.id)?.id : undefined;
  }

  // The seed: the full administrator gets the org's package (shared rule), checked before "package held".
  private checkAdmin(c: CustomerRecord, email: string, pkg: SubscriberPackage): void {
    if (!isAdmin(c, email)) return;
    const v = adminPackageViolations(c.packages, pkg);
    if (v.length) throw badRequest(ErrorCode.adminPackageMismatch, `packages: ${v[0]!.message}`);
  }

  // An email belongs to at most one user, and to no other customer's administrator.
  private checkEmail(partnerId: string, email: string, customerId?: string): void {
    if (!this.reality.of(partnerId).enforceUniqueness) return; // the lax-uniqueness mode
    const owner = this.repos.customers.byPrimaryEmail(email);
    if (this.repos.subscribers.byEmail(email) || (owner && owner.id !== customerId)) {
      throw conflict(ErrorCode.emailInUse, "The email is already associated with an existing user.");
    }
  }

  // Numbers and extensions are unique within a customer.
  private checkNumbers(customerId: string, p: { primaryPhoneNumber?: string; extension?: string }, selfId?: string): void {
    const byPhone = p.primaryPhoneNumber ? this.repos.subscribers.byPhone(customerId, p.primaryPhoneNumber) : undefined;
    if (byPhone && byPhone.id !== selfId) {
      throw conflict(ErrorCode.phoneNumberInUse, `provisioningParameters.primaryPhoneNumber: ${p.primaryPhoneNumber} is already assigned in this customer.`);
    }
    const byExt = p.extension ? this.repos.subscribers.byExtension(customerId, p.extension) : undefined;
    if (byExt && byExt.id !== selfId) {
      throw conflict(ErrorCode.extensionInUse, `provisioningParameters.extension: ${p.extension} is already assigned in this customer.`);
    }
  }
}

/** True when `email` is the customer's full administrator (its customerInfo.primaryEmail). */
function isAdmin(c: CustomerRecord, email: string): boolean {
  return c.customerInfo !== undefined && emailKey(c.customerInfo.primaryEmail) === emailKey(email);
}
