// A minimal slice of the Webex Locations API (/v1/locations), enough to give a user a locationId.
import { z } from "zod";

/** A location (official Webex `Location` shape, subset). */
export const Location = z.looseObject({
  id: z.string(),
  name: z.string(),
  orgId: z.string(),
  timeZone: z.string().optional(),
  preferredLanguage: z.string().optional(),
  address: z.object({
    address1: z.string(),
    address2: z.string().optional(),
    city: z.string(),
    state: z.string().optional(),
    postalCode: z.string().optional(),
    country: z.string(),
  }),
});
export type Location = z.infer<typeof Location>;

/** GET /v1/locations?orgId=. */
export const LocationList = z.object({ items: z.array(Location) });
