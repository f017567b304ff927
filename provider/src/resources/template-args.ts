// OnboardingTemplate: the Partner Hub onboarding template (seed step 1). Arguments declared once.
import { z } from "zod";
import * as wire from "webex-wholesale-wire";
import { arg } from "../schema/meta";

/** Authentication settings of the template. */
export const TemplateAuthenticationArgs = z.object({
  method: arg(wire.AuthenticationMethod.default("webex"), {
    description: "How customer users sign in: webex (Webex Common Identity, the default), partner_saml or partner_oidc.",
  }),
  idpEntityId: arg(z.string().min(1).max(256).optional(), {
    description: "Entity ID of the partner's SAML IdP, or the OIDC IdP name; required unless method is webex.",
  }),
});

/** Email settings of the template. */
export const TemplateEmailArgs = z.object({
  brandName: arg(z.string().min(1).max(80).optional(), {
    description: "Brand name that identifies the service provider in onboarding emails.",
  }),
  allowAdminInviteEmailsOnAttach: arg(z.boolean().default(false), {
    description: "Send admin invite emails when a customer attaches to an existing org (default false).",
  }),
});

/** Calling settings of the template. */
export const TemplateCallingArgs = z.object({
  allowWebexToWebexCalling: arg(z.boolean().default(false), {
    description: "Allow Webex-to-Webex (non-PSTN) calling (default false).",
  }),
});

/** Arguments of an OnboardingTemplate. */
export const OnboardingTemplateArgs = z.object({
  name: arg(z.string().min(1).max(80), { description: "Template name, unique per partner." }),
  serviceProviderAdminEmail: arg(wire.Email, { description: "Email of the service provider's administrator." }),
  country: arg(wire.CountryCode, { description: "Country or region (ISO-3166 alpha-2) of the template." }),
  defaultEmailLanguage: arg(wire.EmailLanguage, { description: "Default language of onboarding emails, e.g. en_US." }),
  subscriptionId: arg(z.string().min(1).max(128), { description: "The partner's wholesale subscription ID." }),
  pstnProvider: arg(z.string().min(1).max(80).optional(), {
    description: "Optional cloud-connected PSTN provider (discouraged by Cisco: see Customer PSTN set-up).",
  }),
  authentication: arg(TemplateAuthenticationArgs.default({ method: "webex" }), { description: "Authentication settings.", typeName: "TemplateAuthentication" }),
  email: arg(TemplateEmailArgs.default({ allowAdminInviteEmailsOnAttach: false }), { description: "Email settings.", typeName: "TemplateEmail" }),
  calling: arg(TemplateCallingArgs.default({ allowWebexToWebexCalling: false }), { description: "Calling settings.", typeName: "TemplateCalling" }),
  adopt: arg(z.boolean().default(false), {
    description: "Adopt an existing template of the same name instead of failing (import for dynamic resources).",
    createOnly: true,
  }),
});
/** Checked arguments of an OnboardingTemplate. */
export type OnboardingTemplateArgs = z.infer<typeof OnboardingTemplateArgs>;

/** Outputs an OnboardingTemplate adds to its arguments. */
export const OnboardingTemplateOutputs = z.object({
  templateId: arg(z.string(), { description: "The template's id.", stable: true }),
  provisioningId: arg(z.string(), { description: "The provisioning ID customers are provisioned with; stable for the template's life.", stable: true }),
  created: arg(z.string().optional(), { description: "When the template was created (ISO-8601)." }),
});
/** Outputs of an OnboardingTemplate. */
export type OnboardingTemplateOutputs = z.infer<typeof OnboardingTemplateOutputs>;
