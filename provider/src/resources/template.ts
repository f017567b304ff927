// OnboardingTemplate: the Partner Hub onboarding template (seed step 1). Everything is updatable
// in place (PUT); the provisioning ID is stable. Unique key: the name (per partner).
import { z } from "zod";
import * as wire from "webex-wholesale-wire";
import { AlreadyExistsError } from "../lifecycle/errors";
import { createOnce } from "../lifecycle/create-once";
import { containsUnknown } from "../lifecycle/unknowns";
import { defineResource, type HookContext, type State } from "../lifecycle/kind";
import { arg } from "../schema/meta";


/** The request body's fields: the arguments take their limits from them. */
const request = wire.OnboardingTemplateRequest.shape;

/** Authentication settings of the template. */
export const TemplateAuthenticationArgs = z.object({
  method: arg(wire.TemplateAuthentication.shape.method, {
    description: "How customer users sign in: webex (Webex Common Identity, the default), partner_saml or partner_oidc.",
  }),
  idpEntityId: arg(wire.TemplateAuthentication.shape.idpEntityId, {
    description: "Entity ID of the partner's SAML IdP, or the OIDC IdP name; required unless method is webex.",
  }),
});

/** Email settings of the template. */
export const TemplateEmailArgs = z.object({
  brandName: arg(wire.TemplateEmail.shape.brandName, {
    description: "Brand name that identifies the service provider in onboarding emails.",
  }),
  allowAdminInviteEmailsOnAttach: arg(wire.TemplateEmail.shape.allowAdminInviteEmailsOnAttach, {
    description: "Send admin invite emails when a customer attaches to an existing org (default false).",
  }),
});

/** Calling settings of the template. */
export const TemplateCallingArgs = z.object({
  allowWebexToWebexCalling: arg(wire.TemplateCalling.shape.allowWebexToWebexCalling, {
    description: "Allow Webex-to-Webex (non-PSTN) calling (default false).",
  }),
});

/** Arguments of an OnboardingTemplate. */
export const OnboardingTemplateArgs = z.object({
  name: arg(request.name, { description: "Template name, unique per partner." }),
  serviceProviderAdminEmail: arg(request.serviceProviderAdminEmail, { description: "Email of the service provider's administrator." }),
  country: arg(request.country, { description: "Country or region (ISO-3166 alpha-2) of the template." }),
  defaultEmailLanguage: arg(request.defaultEmailLanguage, { description: "Default language of onboarding emails, e.g. en_US." }),
  subscriptionId: arg(request.subscriptionId, { description: "The partner's wholesale subscription ID." }),
  pstnProvider: arg(request.pstnProvider, {
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


function body(a: OnboardingTemplateArgs): wire.OnboardingTemplateRequest {
  return {
    name: a.name,
    type: "webex_for_wholesale",
    serviceProviderAdminEmail: a.serviceProviderAdminEmail,
    country: a.country,
    defaultEmailLanguage: a.defaultEmailLanguage,
    subscriptionId: a.subscriptionId,
    pstnProvider: a.pstnProvider,
    authentication: a.authentication,
    email: a.email,
    calling: a.calling,
  };
}

function toState(a: Record<string, unknown>, t: wire.OnboardingTemplate): State {
  return { ...a, templateId: t.id, provisioningId: t.provisioningId, created: t.created };
}

/** The live template as arguments. */
function liveArgs(t: wire.OnboardingTemplate, old: State): Record<string, unknown> {
  return {
    name: t.name,
    serviceProviderAdminEmail: t.serviceProviderAdminEmail,
    country: t.country,
    defaultEmailLanguage: t.defaultEmailLanguage,
    subscriptionId: t.subscriptionId,
    pstnProvider: t.pstnProvider,
    authentication: { method: t.authentication.method, idpEntityId: t.authentication.idpEntityId },
    email: { brandName: t.email.brandName, allowAdminInviteEmailsOnAttach: t.email.allowAdminInviteEmailsOnAttach },
    calling: { allowWebexToWebexCalling: t.calling.allowWebexToWebexCalling },
    adopt: old.adopt ?? false,
  };
}

/** The template holding the name (names are unique per partner). */
function findTemplate(ctx: HookContext, a: OnboardingTemplateArgs): Promise<wire.OnboardingTemplate | undefined> {
  return ctx.client.templates.findByName(a.name);
}

/** The OnboardingTemplate module. */
export const onboardingTemplate = defineResource<OnboardingTemplateArgs>({
  name: "OnboardingTemplate",
  description: "A Partner Hub onboarding template: the common settings customers are provisioned with. Its provisioningId is what a CustomerOrg needs.",
  args: OnboardingTemplateArgs,
  outputs: OnboardingTemplateOutputs,
  rules(a) {
    const auth = a.authentication;
    // A method not known until apply (preview) decides nothing yet.
    if (!auth || typeof auth !== "object" || containsUnknown(auth.method)) return [];
    return wire.templateAuthenticationViolations(auth).map((v) => ({ ...v, path: ["authentication", ...v.path] }));
  },
  identity: { key: (a) => `name ${JSON.stringify(a.name)}`, lookup: findTemplate, unique: { field: "name", label: "template name" } },

  async create(ctx: HookContext, a) {
    const existing = await findTemplate(ctx, a);
    // adopt is handled before create (lifecycle/adopt.ts).
    if (existing) throw new AlreadyExistsError("onboarding template named", JSON.stringify(a.name), existing.id);
    const { value: t } = await createOnce({
      what: `template ${a.name}`,
      lookup: () => findTemplate(ctx, a),
      post: () => ctx.client.templates.create(body(a)),
    });
    return { id: t.id, state: toState(a, t) };
  },

  async read(ctx, id, state) {
    const t = await ctx.client.templates.get(id);
    if (!t) return undefined;
    const inputs = liveArgs(t, state);
    return { inputs, state: toState(inputs, t) };
  },

  async update(ctx, id, _olds, a) {
    return toState(a, await ctx.client.templates.update(id, body(a)));
  },

  async delete(ctx, id) {
    await ctx.client.templates.delete(id);
  },
});
