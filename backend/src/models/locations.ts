// Locations (the Webex Locations API, `?orgId=` a customer org): synchronous create, list, get and
// partial update. The name is unique within a customer, at most 80 characters when the customer
// holds a calling package; announcementLanguage is set at create only. The headquarters is made
// from the customer's calling location when its org comes to exist, and is its first location.
import {
  CALLING_LOCATION_NAME_MAX, includesCalling, isSupportedCountry,
  type Location, type LocationCreateRequest, type LocationUpdateRequest,
} from "webex-wholesale-wire";
import type { Repos } from "../storage/repos";
import type { CustomerRecord, LocationRecord } from "../storage/records";
import type { Reality } from "../control/reality";
import { newWebexId, nowIso } from "./clock";
import { badRequest, conflict, ErrorCode, notFound } from "./errors";

/** Filters of GET /v1/locations. */
export interface LocationFilters {
  orgId?: string;
  id?: string;
  /** Substring of the name, case-insensitive. */
  name?: string;
}

/** Locations of customer orgs. */
export class Locations {
  constructor(private readonly repos: Repos, private readonly reality: Reality) {}

  /** The API shape of a location. */
  static render(l: LocationRecord): Location {
    return {
      id: l.id, name: l.name, orgId: l.orgId, timeZone: l.timeZone, preferredLanguage: l.preferredLanguage,
      ...(l.announcementLanguage ? { announcementLanguage: l.announcementLanguage } : {}),
      address: { ...l.address },
      ...(l.latitude !== undefined ? { latitude: l.latitude } : {}),
      ...(l.longitude !== undefined ? { longitude: l.longitude } : {}),
      ...(l.notes !== undefined ? { notes: l.notes } : {}),
    };
  }

  /** Create the headquarters of a customer whose org has just come to exist (once; later edits go through the Locations API). */
  syncFromCustomer(c: CustomerRecord): LocationRecord | undefined {
    const existing = this.headquarters(c.id);
    const loc = c.provisioningParameters?.calling?.location;
    if (existing || !loc || !c.orgReady || !c.orgId) return existing;
    // A location of that name made through the API before the customer had calling is left as it is.
    const same = this.repos.locations.byName(c.id, loc.name);
    if (same) return same;
    const a = loc.address;
    const rec: LocationRecord = {
      id: newWebexId("LOCATION"),
      partnerId: c.partnerId,
      customerId: c.id,
      name: loc.name,
      orgId: c.orgId,
      timeZone: loc.timezone,
      preferredLanguage: loc.language,
      announcementLanguage: loc.language,
      address: {
        address1: a.addressLine1,
        ...(a.addressLine2 ? { address2: a.addressLine2 } : {}),
        city: a.city,
        ...(a.stateOrProvince ? { state: a.stateOrProvince } : {}),
        ...(a.zipOrPostalCode ? { postalCode: a.zipOrPostalCode } : {}),
        country: a.country,
      },
      ...(loc.emergencyLocationIdentifier ? { emergencyLocationIdentifier: loc.emergencyLocationIdentifier } : {}),
      headquarters: true,
      created: nowIso(),
    };
    this.repos.locations.save(rec);
    return rec;
  }

  /** The customer's headquarters: the location made from its calling location, else its first one. */
  headquarters(customerId: string): LocationRecord | undefined {
    const all = this.repos.locations.ofCustomer(customerId);
    return all.find((l) => l.headquarters) ?? all[0];
  }

  /** The customer's location with this id, if it is one of its locations. */
  ofCustomer(customerId: string, id: string): LocationRecord | undefined {
    const l = this.repos.locations.get(id);
    return l && l.customerId === customerId ? l : undefined;
  }

  /** A partner's locations, oldest first. */
  list(partnerId: string, f: LocationFilters = {}): LocationRecord[] {
    return this.repos.locations.list(partnerId, f).filter((l) => !this.reality.hidden(partnerId, l.created));
  }

  /** One location of this partner (and of `orgId` when given), or 404. */
  get(partnerId: string, id: string, orgId?: string): LocationRecord {
    const l = this.repos.locations.get(id);
    if (!l || l.partnerId !== partnerId || (orgId !== undefined && l.orgId !== orgId)) throw notFound("Location", id);
    return l;
  }

  /** Create a location in a customer org of this partner (synchronous). */
  create(partnerId: string, orgId: string, body: LocationCreateRequest): LocationRecord {
    return this.repos.tx(() => {
      const c = this.org(partnerId, orgId);
      this.reality.refuseWhileUpdating(partnerId, c.status);
      this.checkName(c, body.name);
      this.checkCountry(body.address.country);
      const rec: LocationRecord = {
        id: newWebexId("LOCATION"),
        partnerId,
        customerId: c.id,
        orgId,
        ...fields(body),
        announcementLanguage: body.announcementLanguage,
        created: nowIso(),
      };
      this.repos.locations.save(rec);
      return rec;
    });
  }

  /** Change the given fields of a location (announcementLanguage cannot change). */
  update(partnerId: string, id: string, orgId: string | undefined, body: LocationUpdateRequest): LocationRecord {
    return this.repos.tx(() => {
      const l = this.get(partnerId, id, orgId);
      const c = this.org(partnerId, l.orgId);
      this.reality.refuseWhileUpdating(partnerId, c.status);
      if (body.name !== undefined) this.checkName(c, body.name, l.id);
      if (body.address) this.checkCountry(body.address.country);
      const next: LocationRecord = { ...l, ...fields({ ...l, ...body }) };
      this.repos.locations.save(next);
      return next;
    });
  }

  // The partner's customer whose org this is, once the org exists; anything else is the same 404.
  private org(partnerId: string, orgId: string): CustomerRecord {
    const c = this.repos.customers.byOrgId(orgId);
    if (!c || c.partnerId !== partnerId || !c.orgReady) throw notFound("Organization", orgId);
    return c;
  }

  private checkName(c: CustomerRecord, name: string, self?: string): void {
    if (includesCalling(c.packages) && name.length > CALLING_LOCATION_NAME_MAX) {
      throw badRequest(ErrorCode.invalidField, `name: must be at most ${CALLING_LOCATION_NAME_MAX} characters for a location of a customer with Webex Calling (it has ${name.length}).`);
    }
    const same = this.repos.locations.byName(c.id, name);
    if (same && same.id !== self) {
      throw conflict(ErrorCode.locationNameInUse, `name: the customer already has a location named ${JSON.stringify(same.name)} (${same.id}).`);
    }
  }

  private checkCountry(country: string): void {
    if (!isSupportedCountry(country)) throw badRequest(ErrorCode.unsupportedCountry, `address.country: ${country} is not a Webex-supported country.`);
  }
}

// The stored fields of a create or a merged update (only those present).
function fields(b: Pick<LocationRecord, "name" | "timeZone" | "preferredLanguage" | "address" | "latitude" | "longitude" | "notes">) {
  return {
    name: b.name, timeZone: b.timeZone, preferredLanguage: b.preferredLanguage, address: { ...b.address },
    ...(b.latitude !== undefined ? { latitude: b.latitude } : {}),
    ...(b.longitude !== undefined ? { longitude: b.longitude } : {}),
    ...(b.notes !== undefined ? { notes: b.notes } : {}),
  };
}
