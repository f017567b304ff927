// Wholesale subscribers (users) [official]: /v1/wholesale/subscribers
import { z } from "zod";
import { ApiErrorEntry, Email, Extension, PhoneNumber, SubscriberPackage, WebexId } from "./common";

/** Subscriber status (official enum). */
export const SubscriberStatus = z.enum(["provisioned", "pending_user_migration"]);
export type SubscriberStatus = z.infer<typeof SubscriberStatus>;

/** `provisioningParameters` of a subscriber at creation. */
export const SubscriberProvisioningParameters = z.object({
  firstName: z.string().min(1).max(64).optional(),
  lastName: z.string().min(1).max(64).optional(),
  primaryPhoneNumber: PhoneNumber.optional(),
  extension: Extension.optional(),
  locationId: WebexId.optional(),
});

/** `packages` (exactly one) or the deprecated `package`, not both. */
const onePackage = <T extends { package?: unknown; packages?: unknown[] }>(b: T, ctx: z.RefinementCtx) => {
  if (b.package !== undefined && b.packages !== undefined) {
    ctx.addIssue({ code: "custom", path: ["package"], message: "give packages or the deprecated package, not both" });
  }
};

/** POST /wholesale/subscribers body. */
export const SubscriberProvisionRequest = z.object({
  customerId: WebexId,
  email: Email,
  package: SubscriberPackage.optional(),
  packages: z.array(SubscriberPackage).length(1, "exactly one package").optional(),
  provisioningParameters: SubscriberProvisioningParameters,
}).superRefine((b, ctx) => {
  onePackage(b, ctx);
  if (b.package === undefined && b.packages === undefined) {
    ctx.addIssue({ code: "custom", path: ["packages"], message: "packages is required" });
  }
});
export type SubscriberProvisionRequest = z.infer<typeof SubscriberProvisionRequest>;

/** PUT /wholesale/subscribers/{id} body. */
export const SubscriberUpdateRequest = z.object({
  package: SubscriberPackage.optional(),
  packages: z.array(SubscriberPackage).length(1, "exactly one package").optional(),
  provisioningParameters: SubscriberProvisioningParameters.pick({ primaryPhoneNumber: true, extension: true, locationId: true }).optional(),
}).superRefine(onePackage);
export type SubscriberUpdateRequest = z.infer<typeof SubscriberUpdateRequest>;

/** GET /wholesale/subscribers/{id}. Official fields plus the emulator's extras (names, number). */
export const Subscriber = z.looseObject({
  id: z.string(),
  personId: z.string().optional(),
  email: z.string(),
  customerId: z.string(),
  externalCustomerId: z.string().optional(),
  package: SubscriberPackage.optional(),
  packages: z.array(SubscriberPackage).optional(),
  status: SubscriberStatus,
  errors: z.array(ApiErrorEntry).optional(),
  created: z.string().optional(),
  lastStatusChange: z.string().optional(),
});
export type Subscriber = z.infer<typeof Subscriber>;

/** GET /wholesale/subscribers. */
export const SubscriberList = z.object({ items: z.array(Subscriber) });
export type SubscriberList = z.infer<typeof SubscriberList>;

/** POST /wholesale/subscribers/validate body (precheck): only `email` is required. */
export const SubscriberPrecheckRequest = z.object({
  provisioningId: z.string().min(1).max(200).optional(),
  customerId: WebexId.optional(),
  email: Email,
  package: SubscriberPackage.optional(),
  packages: z.array(SubscriberPackage).length(1, "exactly one package").optional(),
  provisioningParameters: SubscriberProvisioningParameters.optional(),
  customerInfo: z.object({ primaryEmail: Email }).optional(),
}).superRefine(onePackage);
export type SubscriberPrecheckRequest = z.infer<typeof SubscriberPrecheckRequest>;
