// Wholesale customers [official]: /v1/wholesale/customers
import { z } from "zod";
import { AcceptedBody, Address, ApiErrorEntry, CustomerPackage, Email, TimeZone, WebexId } from "./common";

/** Customer provisioning status (official enum). */
export const CustomerStatus = z.enum([
  "provisioned", "provisioned_with_errors", "provisioning", "updating", "deleting", "error", "pending_rpl_review",
]);
export type CustomerStatus = z.infer<typeof CustomerStatus>;

/** The customer statuses by what they mean to a caller (the one statement of these groups). */
export const CUSTOMER_STATUS_GROUPS = {
  /** A provisioning or update has ended. */
  settled: new Set<CustomerStatus>(["provisioned", "provisioned_with_errors", "error"]),
  /** Ended with an org that works (perhaps with package errors). */
  succeeded: new Set<CustomerStatus>(["provisioned", "provisioned_with_errors"]),
  /** Ended in a failure a caller reports (Cisco's reference app treats both as failures). */
  failed: new Set<CustomerStatus>(["error", "provisioned_with_errors"]),
  /** Work in progress: the service refuses changes until it settles. */
  transitional: new Set<CustomerStatus>(["provisioning", "updating", "deleting"]),
} as const satisfies Record<string, ReadonlySet<CustomerStatus>>;

/** Statuses in which the org exists and the customer takes users and updates (the `succeeded` group). */
export const SETTLED_OK_CUSTOMER_STATUSES: ReadonlySet<CustomerStatus> = CUSTOMER_STATUS_GROUPS.succeeded;

/** Statuses of a change under way, during which the service refuses another change (409; the `transitional` group). */
export const TRANSITIONAL_CUSTOMER_STATUSES: ReadonlySet<CustomerStatus> = CUSTOMER_STATUS_GROUPS.transitional;

/** Status of one package of a customer. */
export const PackageStatus = z.enum(["provisioned", "provisioning", "deleting", "error"]);

/** The customer's HQ calling location sent at provisioning. */
export const CallingLocation = z.object({
  name: z.string().min(1).max(80),
  address: Address,
  timezone: TimeZone,
  language: z.string().min(2).max(10),
  emergencyLocationIdentifier: z.string().max(32).optional(),
});
export type CallingLocation = z.infer<typeof CallingLocation>;

/** `provisioningParameters` of a customer. */
export const CustomerProvisioningParameters = z.object({
  calling: z.object({ location: CallingLocation }).optional(),
  meetings: z.object({ timezone: TimeZone.optional() }).optional(),
  packages: z.object({ limits: z.partialRecord(CustomerPackage, z.number().int().min(0).max(1_000_000)) }).optional(),
});
export type CustomerProvisioningParameters = z.infer<typeof CustomerProvisioningParameters>;

/** `customerInfo`: mandatory when a new org is created. */
export const CustomerInfo = z.object({
  name: z.string().min(1).max(80).refine((s) => !s.includes("%"), "must not contain %"),
  primaryEmail: Email,
  language: z.string().min(2).max(10).optional(),
});
export type CustomerInfo = z.infer<typeof CustomerInfo>;

/** POST /wholesale/customers body. */
export const CustomerProvisionRequest = z.object({
  provisioningId: z.string().min(1).max(200),
  packages: z.array(CustomerPackage).min(1).max(20),
  orgId: WebexId.optional(),
  externalId: z.string().min(1).max(128),
  address: Address,
  customerInfo: CustomerInfo.optional(),
  provisioningParameters: CustomerProvisioningParameters.optional(),
  subPartnerAdminEmail: Email.optional(),
});
export type CustomerProvisionRequest = z.infer<typeof CustomerProvisionRequest>;

/** PUT /wholesale/customers/{id} body: `packages` is the complete list. */
export const CustomerUpdateRequest = z.object({
  externalId: z.string().min(1).max(128).optional(),
  packages: z.array(CustomerPackage).min(1).max(20),
  address: Address.optional(),
  provisioningParameters: CustomerProvisioningParameters.optional(),
  subPartnerAdminEmail: Email.optional(),
});
export type CustomerUpdateRequest = z.infer<typeof CustomerUpdateRequest>;

/** One package's status within `resourceDetails`. */
export const CustomerPackageDetail = z.object({
  name: CustomerPackage,
  status: PackageStatus,
  warnings: z.array(ApiErrorEntry).optional(),
  errors: z.array(ApiErrorEntry).optional(),
  licenseIds: z.array(z.string()).optional(),
});

/** GET /wholesale/customers/{id}. Official fields, plus the emulator's extras (ignored by real clients). */
export const Customer = z.looseObject({
  id: z.string(),
  orgId: z.string().optional(),
  externalId: z.string(),
  address: Address.partial().optional(),
  status: CustomerStatus,
  packages: z.array(CustomerPackage).optional(),
  resourceDetails: z.object({ packages: z.array(CustomerPackageDetail) }).optional(),
  errors: z.array(ApiErrorEntry).optional(),
});
export type Customer = z.infer<typeof Customer>;

/** GET /wholesale/customers. */
export const CustomerList = z.object({ items: z.array(Customer) });
export type CustomerList = z.infer<typeof CustomerList>;

export { AcceptedBody };

/** POST /wholesale/customers/validate body (precheck): only `address` is required. */
export const CustomerPrecheckRequest = z.object({
  provisioningId: z.string().min(1).max(200).optional(),
  packages: z.array(CustomerPackage).min(1).max(20).optional(),
  orgId: WebexId.optional(),
  externalId: z.string().min(1).max(128).optional(),
  address: Address,
  customerInfo: z.object({
    name: CustomerInfo.shape.name.optional(),
    primaryEmail: Email,
  }).optional(),
  provisioningParameters: CustomerProvisioningParameters.optional(),
});
export type CustomerPrecheckRequest = z.infer<typeof CustomerPrecheckRequest>;
