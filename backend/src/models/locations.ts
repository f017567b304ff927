// Locations: each provisioned customer's HQ calling location, so users can be given a locationId.
import type { Location } from "webex-wholesale-wire";
import type { Repos } from "../storage/repos";
import type { CustomerRecord, LocationRecord } from "../storage/records";
import { newWebexId } from "./clock";
import { notFound } from "./errors";

/** Locations derived from customers. */
export class Locations {
  constructor(private readonly repos: Repos) {}

  /** The API shape of a location. */
  static render(l: LocationRecord): Location {
    return { id: l.id, name: l.name, orgId: l.orgId, timeZone: l.timeZone, preferredLanguage: l.preferredLanguage, address: { ...l.address } };
  }

  /** Create or refresh the HQ location of a customer whose org exists (no-op without a calling location). */
  syncFromCustomer(c: CustomerRecord): LocationRecord | undefined {
    const loc = c.provisioningParameters?.calling?.location;
    if (!loc || !c.orgReady || !c.orgId) return this.repos.locations.byCustomer(c.id);
    const existing = this.repos.locations.byCustomer(c.id);
    const a = loc.address;
    const rec: LocationRecord = {
      id: existing?.id ?? newWebexId("LOCATION"),
      partnerId: c.partnerId,
      customerId: c.id,
      name: loc.name,
      orgId: c.orgId,
      timeZone: loc.timezone,
      preferredLanguage: loc.language,
      address: {
        address1: a.addressLine1,
        ...(a.addressLine2 ? { address2: a.addressLine2 } : {}),
        city: a.city,
        ...(a.stateOrProvince ? { state: a.stateOrProvince } : {}),
        ...(a.zipOrPostalCode ? { postalCode: a.zipOrPostalCode } : {}),
        country: a.country,
      },
      ...(loc.emergencyLocationIdentifier ? { emergencyLocationIdentifier: loc.emergencyLocationIdentifier } : {}),
    };
    this.repos.locations.save(rec);
    return rec;
  }

  /** The HQ location of a customer, if it has one. */
  ofCustomer(customerId: string): LocationRecord | undefined {
    return this.repos.locations.byCustomer(customerId);
  }

  /** A partner's locations, optionally of one org. */
  list(partnerId: string, orgId?: string): LocationRecord[] {
    return this.repos.locations.list(partnerId, orgId);
  }

  /** One location of this partner, or 404. */
  get(partnerId: string, id: string): LocationRecord {
    const l = this.repos.locations.get(id);
    if (!l || l.partnerId !== partnerId) throw notFound("Location", id);
    return l;
  }
}
