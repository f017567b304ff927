// The three resource kinds, by name.
import type { KindName, ResourceKind } from "../lifecycle/kind";
import { onboardingTemplate } from "./template";
import { customerOrg } from "./customer";
import { customerUser } from "./user";

/** Every kind, keyed by its name. */
export const kinds: { readonly [K in KindName]: ResourceKind<any> } = {
  OnboardingTemplate: onboardingTemplate,
  CustomerOrg: customerOrg,
  CustomerUser: customerUser,
};
