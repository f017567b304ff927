// The resources as the generators see them (schemas and descriptions only, no API code), so that
// schema.json, the TypeScript classes and the README tables derive from one declaration.
import type { z } from "zod";
import type { KindName } from "../lifecycle/kind";
import { OnboardingTemplateArgs, OnboardingTemplateOutputs } from "./template-args";
import { CustomerOrgArgs, CustomerOrgOutputs } from "./customer-args";
import { CustomerUserArgs, CustomerUserOutputs } from "./user-args";

/** One resource's declaration. */
export interface ResourceDeclaration {
  name: KindName;
  description: string;
  args: z.ZodObject;
  outputs: z.ZodObject;
  /** Arguments only the TypeScript class takes (program-side conveniences), not sent to the provider. */
  classArgs?: { name: string; tsType: string; description: string; replaces?: string }[];
}

/** The three resources, in dependency order. */
export const catalog: readonly ResourceDeclaration[] = [
  {
    name: "OnboardingTemplate",
    description: "A Partner Hub onboarding template: the common settings customers are provisioned with. Its provisioningId is what a CustomerOrg needs.",
    args: OnboardingTemplateArgs,
    outputs: OnboardingTemplateOutputs,
  },
  {
    name: "CustomerOrg",
    description: "A Webex for Wholesale customer organisation, provisioned with an onboarding template's provisioning ID.",
    args: CustomerOrgArgs,
    outputs: CustomerOrgOutputs,
  },
  {
    name: "CustomerUser",
    description: "A user (wholesale subscriber) of a customer org, with one package and, for calling packages, a number or extension.",
    args: CustomerUserArgs,
    outputs: CustomerUserOutputs,
    classArgs: [{
      name: "customer",
      tsType: "CustomerOrg",
      description: "The customer org: sets customerId (when not given) and enables the plan-time admin-package check.",
      replaces: "customerId",
    }],
  },
];
