// Onboarding templates [ours]: Partner Hub has no public API for them, so the emulator defines
// /v1/wholesale/onboardingTemplates in the same style. Fields follow the seed's template form.
import { z } from "zod";
import { CountryCode, Email } from "./common";
import { templateAuthenticationViolations } from "./rules";

/** How customer users sign in. */
export const AuthenticationMethod = z.enum(["webex", "partner_saml", "partner_oidc"]);
export type AuthenticationMethod = z.infer<typeof AuthenticationMethod>;

/** Authentication settings: partner SSO needs the IdP entity id. */
export const TemplateAuthentication = z.object({
  method: AuthenticationMethod.default("webex"),
  idpEntityId: z.string().min(1).max(256).optional(),
}).superRefine((a, ctx) => {
  for (const v of templateAuthenticationViolations(a)) ctx.addIssue({ code: "custom", path: v.path, message: v.message });
});

/** Email settings of the template. */
export const TemplateEmail = z.object({
  brandName: z.string().min(1).max(80).optional(),
  allowAdminInviteEmailsOnAttach: z.boolean().default(false),
});

/** Calling settings of the template. */
export const TemplateCalling = z.object({
  allowWebexToWebexCalling: z.boolean().default(false),
});

/** Language tag such as en_US or es_ES. */
export const EmailLanguage = z.string().regex(/^[a-z]{2}(_[A-Z]{2})?$/, "must be a language tag such as en_US");

/** POST/PUT /wholesale/onboardingTemplates body. */
export const OnboardingTemplateRequest = z.object({
  name: z.string().min(1).max(80),
  type: z.literal("webex_for_wholesale").default("webex_for_wholesale"),
  serviceProviderAdminEmail: Email,
  country: CountryCode,
  defaultEmailLanguage: EmailLanguage,
  subscriptionId: z.string().min(1).max(128),
  pstnProvider: z.string().min(1).max(80).optional(),
  authentication: TemplateAuthentication.default({ method: "webex", idpEntityId: undefined }),
  email: TemplateEmail.default({ allowAdminInviteEmailsOnAttach: false }),
  calling: TemplateCalling.default({ allowWebexToWebexCalling: false }),
});
export type OnboardingTemplateRequest = z.input<typeof OnboardingTemplateRequest>;

/** A stored template as the API returns it. */
export const OnboardingTemplate = z.looseObject({
  id: z.string(),
  provisioningId: z.string(),
  name: z.string(),
  type: z.literal("webex_for_wholesale"),
  serviceProviderAdminEmail: z.string(),
  country: z.string(),
  defaultEmailLanguage: z.string(),
  subscriptionId: z.string(),
  pstnProvider: z.string().optional(),
  authentication: z.object({ method: AuthenticationMethod, idpEntityId: z.string().optional() }),
  email: z.object({ brandName: z.string().optional(), allowAdminInviteEmailsOnAttach: z.boolean() }),
  calling: z.object({ allowWebexToWebexCalling: z.boolean() }),
  created: z.string(),
  lastModified: z.string(),
});
export type OnboardingTemplate = z.infer<typeof OnboardingTemplate>;

/** GET /wholesale/onboardingTemplates. */
export const OnboardingTemplateList = z.object({ items: z.array(OnboardingTemplate) });
