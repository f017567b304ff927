// Wire shapes shared by the API client and the emulator. Field names and enums follow Cisco's
// published Webex Wholesale OpenAPI exactly; limits are ours, so bad input is refused early.
import { z } from "zod";

/** Packages a customer org can hold (official `WholesalePackagesCustomer`). */
export const CustomerPackage = z.enum([
  "common_area_calling", "webex_calling", "webex_meetings", "webex_suite", "webex_voice",
  "cx_essentials", "webex_calling_standard", "cisco_calling_plan", "attendant_console",
  "cx_premium_agent", "cx_standard_agent", "cx_voice_ports", "cx_ai_assistant", "webex_ai_agent",
]);
export type CustomerPackage = z.infer<typeof CustomerPackage>;

/** Packages a subscriber can hold (official `WholesalePackagesSubscriber`). */
export const SubscriberPackage = z.enum([
  "webex_calling", "webex_meetings", "webex_suite", "webex_voice", "cx_essentials",
  "webex_calling_standard", "attendant_console", "cx_premium_agent", "cx_standard_agent",
]);
export type SubscriberPackage = z.infer<typeof SubscriberPackage>;

/** Asynchronous (or validation) error entry: `{errorCode, description}`. */
export const ApiErrorEntry = z.object({
  errorCode: z.number().int(),
  description: z.string(),
});
export type ApiErrorEntry = z.infer<typeof ApiErrorEntry>;

/**
 * Error codes of a 409 meaning "a unique value is taken": 10022 is Webex's documented "email is
 * already associated with an existing user"; 10020 (externalId), 10021 (template name), 10023
 * (phone number), 10024 (extension) and 10028 (location name; all three unique within a customer)
 * are the emulator's, as Webex documents none for those.
 */
export const DUPLICATE_KEY_CODES = { externalId: 10020, templateName: 10021, email: 10022, phoneNumber: 10023, extension: 10024, locationName: 10028 } as const;

/** Error code of a 409 refusing a change while the customer is provisioning, updating or deleting (the emulator's). */
export const CUSTOMER_BUSY_CODE = 10026;

/** The generic Webex error body of every 4xx/5xx response. */
export const ErrorBody = z.object({
  message: z.string(),
  errors: z.array(ApiErrorEntry).optional(),
  trackingId: z.string(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** ISO-3166 alpha-2 country code. */
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, "must be an ISO-3166 alpha-2 country code such as US");

const line = (max: number) => z.string().min(1).max(max);

/** A postal address as the wholesale API spells it (50 characters per line). */
export const Address = z.object({
  addressLine1: line(50),
  addressLine2: z.string().max(50).optional(),
  city: line(50),
  stateOrProvince: z.string().max(50).optional(),
  zipOrPostalCode: z.string().max(50).optional(),
  country: CountryCode,
});
export type Address = z.infer<typeof Address>;

/** Body of a 202 Accepted answer: where to poll. */
export const AcceptedBody = z.object({ url: z.string() });
export type AcceptedBody = z.infer<typeof AcceptedBody>;

/** Answer of the `validate` (precheck) endpoints on success. */
export const PrecheckResponse = z.object({
  message: z.string(),
  info: z.object({ infoCode: z.number(), description: z.string() }).optional(),
});
export type PrecheckResponse = z.infer<typeof PrecheckResponse>;

/** Email as used for admins and subscribers (bounded so oversized input is a 400). */
export const Email = z.email().max(254);

/** E.164 phone number; the official API also shows dashes (`+1-240-555-1212`), accepted here. */
export const PhoneNumber = z.string().max(24).regex(/^\+[1-9][0-9-]{1,22}$/, "must be an E.164 number such as +14085550101");

/** Extension: 2 to 10 digits. */
export const Extension = z.string().regex(/^[0-9]{2,10}$/, "must be 2 to 10 digits");

/** IANA time zone name such as America/Los_Angeles. */
export const TimeZone = z.string().min(1).max(64).regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, "must be an IANA time zone such as America/Los_Angeles");

/** A Webex identifier (URL-safe base64 of `ciscospark://…`), bounded. */
export const WebexId = z.string().min(1).max(200);
