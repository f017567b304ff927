// CustomerOrg: a wholesale customer organisation (seed step 2). Arguments declared once.
import { z } from "zod";
import * as wire from "webex-wholesale-wire";
import { arg } from "../schema/meta";

/** The customer's headquarters: its address and, for calling packages, its calling location. */
export const HeadquartersArgs = z.object({
  locationName: arg(z.string().min(1).max(80).default("Headquarters"), { description: "Name of the HQ calling location (default Headquarters)." }),
  addressLine1: arg(z.string().min(1).max(50), { description: "Address line 1." }),
  addressLine2: arg(z.string().max(50).optional(), { description: "Address line 2." }),
  city: arg(z.string().min(1).max(50), { description: "City." }),
  stateOrProvince: arg(z.string().max(50).optional(), { description: "State or province." }),
  zipOrPostalCode: arg(z.string().max(50).optional(), { description: "ZIP or postal code." }),
  country: arg(wire.CountryCode.optional(), { description: "Country (ISO-3166 alpha-2); defaults to the customer's country and must equal it." }),
  timezone: arg(wire.TimeZone.optional(), { description: "IANA time zone of the HQ location; required with a calling package." }),
  language: arg(z.string().min(2).max(10).default("en_us"), { description: "Language of the HQ calling location, e.g. en_us (default)." }),
  emergencyLocationIdentifier: arg(z.string().max(32).optional(), { description: "Emergency location identifier of the HQ location." }),
});
/** Checked headquarters arguments. */
export type HeadquartersArgs = z.infer<typeof HeadquartersArgs>;

/** Arguments of a CustomerOrg. */
export const CustomerOrgArgs = z.object({
  provisioningId: arg(z.string().min(1).max(200), {
    description: "Provisioning ID of the onboarding template to provision with (e.g. template.provisioningId).", replaceOnChange: true,
  }),
  externalId: arg(z.string().min(1).max(128), { description: "Your own customer id (e.g. from the CRM); unique per partner." }),
  name: arg(z.string().min(1).max(80).refine((s) => !s.includes("%"), "must not contain %"), {
    description: "Company name.", replaceOnChange: true,
  }),
  adminEmail: arg(wire.Email, { description: "Email of the customer's full administrator.", replaceOnChange: true }),
  language: arg(z.string().min(2).max(10).optional(), { description: "Language of the admin's emails, e.g. en or en_US.", replaceOnChange: true }),
  country: arg(wire.CountryCode, { description: "Country of the customer (ISO-3166 alpha-2); must be a supported Webex location." }),
  packages: arg(z.array(wire.CustomerPackage).min(1).max(20), {
    description: "Complete list of packages and add-ons; a package left out is removed.",
  }),
  headquarters: arg(HeadquartersArgs, { description: "Headquarters address and calling location.", typeName: "Headquarters" }),
  meetingsTimezone: arg(wire.TimeZone.optional(), { description: "Time zone of the customer's meeting site." }),
  packageLimits: arg(z.partialRecord(wire.CustomerPackage, z.number().int().min(0).max(1_000_000)).optional(), {
    description: "Licence limits per package.",
  }),
  subPartnerAdminEmail: arg(wire.Email.optional(), { description: "Admin email of the sub-partner the customer belongs to." }),
  existingOrgId: arg(wire.WebexId.optional(), { description: "Attach an existing Webex org instead of creating one.", replaceOnChange: true }),
  adopt: arg(z.boolean().default(false), {
    description: "Adopt an existing customer with this externalId instead of failing (import for dynamic resources).",
    createOnly: true,
  }),
});
/** Checked arguments of a CustomerOrg. */
export type CustomerOrgArgs = z.infer<typeof CustomerOrgArgs>;

/** Outputs a CustomerOrg adds to its arguments. */
export const CustomerOrgOutputs = z.object({
  customerId: arg(z.string(), { description: "The wholesale customer id (use it for users).", stable: true }),
  orgId: arg(z.string().optional(), { description: "The Webex organisation id, once provisioned.", stable: true }),
  status: arg(wire.CustomerStatus, { description: "Provisioning status." }),
  locationId: arg(z.string().optional(), { description: "Id of the HQ calling location (give it to calling users).", stable: true }),
  dataRegion: arg(z.string().optional(), { description: "Data-residency region the org was created in, when the service reports it." }),
});
/** Outputs of a CustomerOrg. */
export type CustomerOrgOutputs = z.infer<typeof CustomerOrgOutputs>;
