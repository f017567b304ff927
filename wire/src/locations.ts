// The Webex Locations API (/v1/locations) as partners use it for a customer org (`?orgId=`):
// create (201 {id}), list with a name filter, get, and a partial PUT. The public reference
// documents no delete of a location, so none is declared here.
import { z } from "zod";
import { CountryCode, TimeZone } from "./common";

/** Longest location name the API accepts. */
export const LOCATION_NAME_MAX = 256;
/** Longest name of a location enabled for Webex Calling (any customer holding a calling package). */
export const CALLING_LOCATION_NAME_MAX = 80;

/** Language tag of a location, e.g. en_us or fr_fr. */
export const LocationLanguage = z.string().regex(/^[a-z]{2}_[a-z]{2}$/i, "must be a language tag such as en_us");

/** A location's address (Locations API spelling, not the wholesale one). */
export const LocationAddress = z.object({
  address1: z.string().min(1).max(80),
  address2: z.string().max(80).optional(),
  city: z.string().min(1).max(50),
  state: z.string().min(1).max(50),
  postalCode: z.string().min(1).max(20),
  country: CountryCode,
});
export type LocationAddress = z.infer<typeof LocationAddress>;

/** Fields that a PUT may change (partial update). */
export const LocationUpdateRequest = z.object({
  name: z.string().min(1).max(LOCATION_NAME_MAX).optional(),
  timeZone: TimeZone.optional(),
  preferredLanguage: LocationLanguage.optional(),
  address: LocationAddress.optional(),
  latitude: z.string().max(32).optional(),
  longitude: z.string().max(32).optional(),
  notes: z.string().max(256).optional(),
});
export type LocationUpdateRequest = z.infer<typeof LocationUpdateRequest>;

/** POST /v1/locations?orgId= body; announcementLanguage is set at create only. */
export const LocationCreateRequest = z.object({
  name: z.string().min(1).max(LOCATION_NAME_MAX),
  timeZone: TimeZone,
  preferredLanguage: LocationLanguage,
  announcementLanguage: LocationLanguage,
  address: LocationAddress,
  latitude: z.string().max(32).optional(),
  longitude: z.string().max(32).optional(),
  notes: z.string().max(256).optional(),
});
export type LocationCreateRequest = z.infer<typeof LocationCreateRequest>;

/** 201 answer of a create. */
export const LocationCreated = z.object({ id: z.string() });
export type LocationCreated = z.infer<typeof LocationCreated>;

/** A location (official Webex `Location` shape). */
export const Location = z.looseObject({
  id: z.string(),
  name: z.string(),
  orgId: z.string(),
  timeZone: z.string().optional(),
  preferredLanguage: z.string().optional(),
  announcementLanguage: z.string().optional(),
  address: z.object({
    address1: z.string(),
    address2: z.string().optional(),
    city: z.string(),
    state: z.string().optional(),
    postalCode: z.string().optional(),
    country: z.string(),
  }),
  latitude: z.string().optional(),
  longitude: z.string().optional(),
  notes: z.string().optional(),
});
export type Location = z.infer<typeof Location>;

/** GET /v1/locations?orgId=. */
export const LocationList = z.object({ items: z.array(Location) });
