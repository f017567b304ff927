// Customers: the asynchronous state machine (provisioning → provisioned | provisioned_with_errors |
// error; updating → provisioned; deleting → gone) and the rules checked before a change is accepted.
import {
  customerPackageViolations, dataRegionFor, includesCalling, isSupportedCountry, SETTLED_OK_CUSTOMER_STATUSES,
  type Customer, type CustomerPackage, type CustomerPrecheckRequest, type CustomerProvisionRequest, type CustomerUpdateRequest,
} from "webex-wholesale-wire";
import type { Repos } from "../storage/repos";
import type { CustomerRecord, OutcomeRecord, PackageDetail } from "../storage/records";
import { newWebexId, nowIso, nowMs } from "./clock";
import { ApiError, badRequest, conflict, ErrorCode, notFound } from "./errors";
import type { Locations } from "./locations";
import type { Templates } from "./templates";
import type { Reality } from "../control/reality";
import { scheduleFor, type TimingConfig } from "../control/timing";


/** Default asynchronous error of a forced outcome. */
export const DEFAULT_OUTCOME_ERROR = {
  errorCode: 2560,
  description: "One or more Webex Calling services are unavailable due to maintenance, unable to start provisioning. Consult status.webex.com and retry later.",
};

/** Filters of GET /wholesale/customers. */
export interface CustomerFilters {
  externalId?: string;
  orgId?: string;
  status?: string[];
}

/** Customers of all partners. */
export class Customers {
  constructor(
    private readonly repos: Repos,
    private readonly templates: Templates,
    private readonly locations: Locations,
    private readonly timing: () => TimingConfig,
    private readonly reality: Reality,
  ) {}

  /** The API shape of a customer: official fields first, then the emulator's extras. */
  static render(c: CustomerRecord): Customer {
    const showOrg = c.orgReady && c.orgId !== undefined && c.status !== "provisioning" && c.status !== "error";
    return {
      id: c.id,
      ...(showOrg ? { orgId: c.orgId } : {}),
      externalId: c.externalId,
      address: c.address,
      status: c.status,
      packages: c.packages,
      resourceDetails: { packages: c.resourceDetails.packages.map((p) => ({ ...p })) },
      ...(c.errors.length ? { errors: c.errors } : {}),
      ...(c.customerInfo ? { name: c.customerInfo.name, primaryEmail: c.customerInfo.primaryEmail, ...(c.customerInfo.language ? { language: c.customerInfo.language } : {}) } : {}),
      provisioningId: c.provisioningId,
      dataRegion: c.dataRegion,
      ...(c.provisioningParameters ? { provisioningParameters: c.provisioningParameters } : {}),
      ...(c.subPartnerAdminEmail ? { subPartnerAdminEmail: c.subPartnerAdminEmail } : {}),
      created: c.created,
      lastModified: c.lastModified,
      lastStatusChange: c.lastStatusChange,
    };
  }

  /** Accept a provisioning request: the customer starts in `provisioning`. */
  provision(partnerId: string, body: CustomerProvisionRequest): CustomerRecord {
    return this.repos.tx(() => {
      this.checkNew(partnerId, body, true);
      const now = nowIso();
      const outcome = this.repos.scenarios.takeOutcome(body.externalId);
      const c: CustomerRecord = {
        id: newWebexId("ENTERPRISE"),
        partnerId,
        externalId: body.externalId,
        address: body.address,
        status: "provisioning",
        packages: [...body.packages],
        resourceDetails: { packages: body.packages.map((name) => ({ name, status: "provisioning" as const })) },
        errors: [],
        ...(body.orgId ? { orgId: body.orgId } : {}),
        orgReady: false,
        ...(body.customerInfo ? { customerInfo: body.customerInfo } : {}),
        provisioningId: body.provisioningId,
        dataRegion: dataRegionFor(body.address.country),
        ...(body.provisioningParameters ? { provisioningParameters: body.provisioningParameters } : {}),
        ...(body.subPartnerAdminEmail ? { subPartnerAdminEmail: body.subPartnerAdminEmail } : {}),
        created: now,
        lastModified: now,
        lastStatusChange: now,
        pending: { kind: "provision", ...(outcome ? { outcome } : {}) },
      };
      return this.start(c, this.timing().customers);
    });
  }

  /** Precheck (validate): the same rules as provisioning, on whatever fields are given. */
  precheck(partnerId: string, body: CustomerPrecheckRequest): void {
    this.checkNew(partnerId, body, false);
  }

  /** GET one customer; counts as a read for "after N reads" timing. 404 when not this partner's. */
  get(partnerId: string, id: string): CustomerRecord {
    // A settled customer cannot change on a read: answer without a transaction (the hot path of polls).
    const c = this.repos.customers.get(id);
    if (c && c.partnerId === partnerId && !c.pending) return c;
    return this.repos.tx(() => this.own(partnerId, id, true));
  }

  /** GET the list; every customer matching externalId/orgId counts one read. */
  list(partnerId: string, f: CustomerFilters): CustomerRecord[] {
    return this.repos.tx(() => {
      const out: CustomerRecord[] = [];
      for (const c of this.repos.customers.list(partnerId, f)) {
        if (this.reality.hidden(partnerId, c.created)) continue; // not yet visible to lists and key lookups
        const seen = this.observe(c, true);
        if (seen && (!f.status || f.status.includes(seen.status))) out.push(seen);
      }
      return out;
    });
  }

  /** The customer as it is now (time-due transitions applied, no read counted); undefined when gone. */
  settle(id: string): CustomerRecord | undefined {
    const c = this.repos.customers.get(id);
    return c ? this.observe(c, false) : undefined;
  }

  /** Accept an update: externalId/address/parameters apply now, packages when `updating` ends. */
  update(partnerId: string, id: string, body: CustomerUpdateRequest): CustomerRecord {
    return this.repos.tx(() => {
      const c = this.own(partnerId, id, false);
      if (!SETTLED_OK_CUSTOMER_STATUSES.has(c.status)) {
        throw conflict(ErrorCode.customerBusy, `The customer is ${c.status}; it can be updated once provisioned.`);
      }
      const params = body.provisioningParameters ?? c.provisioningParameters;
      const address = body.address ?? c.address;
      this.checkRules({ address, packages: body.packages, provisioningParameters: params, needLocation: true });
      if (body.externalId && body.externalId !== c.externalId && this.unique(partnerId) && this.repos.customers.byExternalId(partnerId, body.externalId)) {
        throw conflict(ErrorCode.externalIdInUse, `externalId: ${body.externalId} is already used by another customer of this partner.`);
      }
      const kept = new Set(c.packages);
      const wanted = new Set<CustomerPackage>(body.packages);
      const details: PackageDetail[] = [
        ...body.packages.map((name) => ({ name, status: kept.has(name) ? "provisioned" as const : "provisioning" as const })),
        ...c.packages.filter((p) => !wanted.has(p)).map((name) => ({ name, status: "deleting" as const })),
      ];
      const now = nowIso();
      const next: CustomerRecord = {
        ...c,
        externalId: body.externalId ?? c.externalId,
        address,
        dataRegion: dataRegionFor(address.country),
        ...(params ? { provisioningParameters: params } : {}),
        ...(body.subPartnerAdminEmail ? { subPartnerAdminEmail: body.subPartnerAdminEmail } : {}),
        status: "updating",
        packages: [...body.packages],
        resourceDetails: { packages: details },
        errors: [],
        lastModified: now,
        lastStatusChange: now,
        pending: { kind: "update", packages: [...body.packages] },
      };
      return this.start(next, this.reality.updateTiming(partnerId, this.timing().customerUpdates));
    });
  }

  /** Accept a delete: the customer goes `deleting`, then disappears with its users and location. */
  remove(partnerId: string, id: string): void {
    this.repos.tx(() => {
      const c = this.own(partnerId, id, false);
      if (c.status === "deleting") return; // already on its way out: accepting again is harmless
      const now = nowIso();
      this.start({
        ...c,
        status: "deleting",
        resourceDetails: { packages: c.packages.map((name) => ({ name, status: "deleting" as const })) },
        lastModified: now,
        lastStatusChange: now,
        pending: { kind: "delete" },
      }, this.timing().customerDeletes);
    });
  }

  /** Complete every transition whose deadline has passed; returns how many. */
  advanceDue(now = nowMs()): number {
    const ids = this.repos.customers.dueIds(now);
    for (const id of ids) this.repos.tx(() => this.settle(id));
    return ids.length;
  }

  // This partner's customer as it is now (PUT/DELETE do not count as reads), or 404.
  private own(partnerId: string, id: string, isRead: boolean): CustomerRecord {
    const c = this.repos.customers.get(id);
    const seen = c && c.partnerId === partnerId ? this.observe(c, isRead) : undefined;
    if (!seen) throw notFound("Customer", id);
    return seen;
  }

  // Store the record and its schedule; "immediate" completes before the request answers.
  private start(c: CustomerRecord, timing: TimingConfig["customers"]): CustomerRecord {
    const sched = scheduleFor(timing, nowMs());
    if (sched.dueAt === null && sched.readsLeft === null) {
      this.repos.customers.save(c, sched);
      return this.complete(c) ?? c;
    }
    this.repos.customers.save(c, sched);
    return c;
  }

  // Apply a due transition (by time, or by this read); undefined when the customer is gone.
  private observe(c: CustomerRecord, isRead: boolean): CustomerRecord | undefined {
    if (!c.pending) return c;
    const t = this.repos.customers.timing(c.id)!;
    if (t.dueAt !== null && t.dueAt <= nowMs()) return this.complete(c);
    if (isRead && t.readsLeft !== null) {
      if (t.readsLeft <= 1) return this.complete(c);
      this.repos.customers.setReadsLeft(c.id, t.readsLeft - 1);
    }
    return c;
  }

  private complete(c: CustomerRecord): CustomerRecord | undefined {
    const p = c.pending;
    if (!p) return c;
    const now = nowIso();
    if (p.kind === "delete") {
      this.repos.subscribers.deleteByCustomer(c.id);
      this.repos.locations.deleteByCustomer(c.id);
      this.repos.customers.delete(c.id);
      return undefined;
    }
    const { pending: _done, ...rest } = c;
    let next: CustomerRecord;
    if (p.kind === "update") {
      next = { ...rest, status: "provisioned", packages: p.packages, errors: [],
        resourceDetails: { packages: p.packages.map((name) => ({ name, status: "provisioned" as const })) } };
    } else {
      next = finishProvisioning(rest, p.outcome);
    }
    next.lastStatusChange = now;
    this.repos.customers.save(next, { dueAt: null, readsLeft: null });
    if (next.orgReady) this.locations.syncFromCustomer(next);
    return next;
  }

  // Rules for a new customer (full = a real provisioning request, where required fields are required).
  private checkNew(partnerId: string, b: CustomerPrecheckRequest | CustomerProvisionRequest, full: boolean): void {
    if (b.provisioningId !== undefined && !this.templates.byProvisioningId(partnerId, b.provisioningId)) {
      throw badRequest(ErrorCode.unknownProvisioningId, `provisioningId: no onboarding template of this partner has the provisioning ID ${b.provisioningId}.`);
    }
    if (full && !b.orgId && !b.customerInfo) {
      throw badRequest(ErrorCode.customerInfoRequired, "customerInfo: is required (name and primaryEmail) unless orgId attaches an existing org.");
    }
    if (b.packages) this.checkRules({ address: b.address, packages: b.packages, provisioningParameters: b.provisioningParameters, needLocation: true });
    else this.checkRules({ address: b.address, packages: [], provisioningParameters: b.provisioningParameters, needLocation: false });
    if (b.externalId !== undefined && this.unique(partnerId) && this.repos.customers.byExternalId(partnerId, b.externalId)) {
      throw conflict(ErrorCode.externalIdInUse, `externalId: ${b.externalId} is already used by another customer of this partner.`);
    }
    const email = b.customerInfo?.primaryEmail;
    if (email && this.unique(partnerId) && (this.repos.customers.byPrimaryEmail(email) || this.repos.subscribers.byEmail(email))) {
      throw conflict(ErrorCode.emailInUse, "The email is already associated with an existing user.");
    }
    if (b.orgId && this.repos.customers.byOrgId(b.orgId)) {
      throw conflict(ErrorCode.orgIdInUse, `orgId: the org ${b.orgId} is already a wholesale customer.`);
    }
  }

  // False for a partner in the lax-uniqueness mode: externalId and email duplicates are accepted.
  private unique(partnerId: string): boolean {
    return this.reality.of(partnerId).enforceUniqueness;
  }

  private checkRules(x: { address: { country: string }; packages: readonly CustomerPackage[]; provisioningParameters?: CustomerRecord["provisioningParameters"]; needLocation: boolean }): void {
    if (!isSupportedCountry(x.address.country)) {
      throw badRequest(ErrorCode.unsupportedCountry, `address.country: ${x.address.country} is not a Webex-supported country.`);
    }
    const locCountry = x.provisioningParameters?.calling?.location.address.country;
    if (locCountry && !isSupportedCountry(locCountry)) {
      throw badRequest(ErrorCode.unsupportedCountry, `provisioningParameters.calling.location.address.country: ${locCountry} is not a Webex-supported country.`);
    }
    const v = customerPackageViolations(x.packages);
    if (v.length) {
      const [first, ...more] = v.map((e) => ({ description: `${e.path.join(".")}: ${e.message}`, errorCode: ErrorCode.packageDependency }));
      throw new ApiError(400, first!.errorCode, first!.description, { more });
    }
    if (x.needLocation && includesCalling(x.packages) && !x.provisioningParameters?.calling?.location) {
      throw badRequest(ErrorCode.callingLocationRequired, "provisioningParameters.calling.location: is required when packages include a calling package.");
    }
  }
}

// The end of a provisioning: normally `provisioned`; a forced outcome gives `error` or `provisioned_with_errors`.
function finishProvisioning(c: CustomerRecord, outcome?: OutcomeRecord): CustomerRecord {
  const orgId = c.orgId ?? newWebexId("ORGANIZATION");
  if (!outcome) {
    return { ...c, orgId, orgReady: true, status: "provisioned", errors: [],
      resourceDetails: { packages: c.packages.map((name) => ({ name, status: "provisioned" as const })) } };
  }
  const errors = outcome.errors.length ? outcome.errors : [DEFAULT_OUTCOME_ERROR];
  const failing = outcome.package ?? (outcome.outcome === "provisioned_with_errors" ? c.packages[0] : undefined);
  const packages: PackageDetail[] = c.packages.map((name) =>
    failing === undefined || name === failing ? { name, status: "error", errors } : { name, status: "provisioned" });
  if (outcome.outcome === "error") {
    const { orgId: _none, ...noOrg } = c;
    return { ...noOrg, ...(c.orgId ? { orgId: c.orgId } : {}), orgReady: false, status: "error", errors, resourceDetails: { packages } };
  }
  return { ...c, orgId, orgReady: true, status: "provisioned_with_errors", errors, resourceDetails: { packages } };
}

