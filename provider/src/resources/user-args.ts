// CustomerUser: a wholesale subscriber in a customer org (seed step 3). Arguments declared once.
import { z } from "zod";
import * as wire from "webex-wholesale-wire";
import { arg } from "../schema/meta";

/** Arguments of a CustomerUser. */
export const CustomerUserArgs = z.object({
  customerId: arg(wire.WebexId, { description: "Customer the user belongs to (e.g. org.customerId).", replaceOnChange: true }),
  email: arg(wire.Email, { description: "The user's email; unique across all customers.", replaceOnChange: true }),
  firstName: arg(z.string().min(1).max(64), { description: "First name.", replaceOnChange: true }),
  lastName: arg(z.string().min(1).max(64), { description: "Last name.", replaceOnChange: true }),
  package: arg(wire.SubscriberPackage.optional(), { description: "The user's package; an admin's must equal the org's." }),
  packages: arg(z.array(wire.SubscriberPackage).length(1, "exactly one package").optional(), {
    description: "The user's package as a one-item list (the API's newer spelling); give package or packages.",
  }),
  primaryPhoneNumber: arg(wire.PhoneNumber.optional(), { description: "Primary phone number (E.164); a calling package needs it or an extension." }),
  extension: arg(wire.Extension.optional(), { description: "Extension; a calling package needs it or a primary phone number." }),
  locationId: arg(wire.WebexId.optional(), { description: "Calling location (e.g. org.locationId); defaults to the customer's HQ." }),
  customerAdminEmail: arg(wire.Email.optional(), {
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
  externalCustomerId: arg(z.string().optional(), { description: "The customer's externalId." }),
});
/** Outputs of a CustomerUser. */
export type CustomerUserOutputs = z.infer<typeof CustomerUserOutputs>;
