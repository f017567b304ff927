// OnboardingTemplate: the Partner Hub onboarding template (seed step 1). Everything is updatable
// in place (PUT); the provisioning ID is stable. Unique key: the name (per partner).
import { z } from "zod";
import * as wire from "webex-wholesale-wire";
import { createOnce } from "../lifecycle/create-once";
import { deleteConfirmed, putConverged } from "../lifecycle/converge";
import { diffArgs } from "../lifecycle/diff";
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

/** The arguments in which the live template differs from `a`. */
function liveChanges(t: wire.OnboardingTemplate, a: OnboardingTemplateArgs): string[] {
  return diffArgs(OnboardingTemplateArgs, liveArgs(t, a), { ...a, adopt: a.adopt ?? false }).changed;
}

/** PUT the template's settings; an unknown outcome converges (read, compare, re-send if not applied). */
async function updateTemplate(ctx: HookContext, id: string, a: OnboardingTemplateArgs): Promise<wire.OnboardingTemplate> {
  let t: wire.OnboardingTemplate | undefined;
  const r = await putConverged<wire.OnboardingTemplate>({
    what: `template ${JSON.stringify(a.name)}`,
    send: async () => { t = await ctx.client.templates.update(id, body(a)); },
    settleAndRead: () => ctx.client.templates.get(id),
    applied: (live) => liveChanges(live, a).length === 0,
    log: ctx.log,
  });
  return (t ?? r.live)!;
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
    const { value: t, how } = await createOnce({
      what: `template ${JSON.stringify(a.name)}`, key: `name ${JSON.stringify(a.name)}`,
      lookup: () => findTemplate(ctx, a),
      post: () => ctx.client.templates.create(body(a)),
      isOurs: (found) => liveChanges(found, a).length === 0,
      adopt: a.adopt, lookupFirst: ctx.unconfirmedCreate ? "settle" : a.adopt ? "once" : undefined,
      duplicateCodes: [wire.DUPLICATE_KEY_CODES.templateName], visibilityLagMs: ctx.client.settings.visibilityLagMs, log: ctx.log,
    });
    // An adopted template takes this program's settings at once.
    if (how === "adopted" && liveChanges(t, a).length > 0) return { id: t.id, state: toState(a, await updateTemplate(ctx, t.id, a)) };
    return { id: t.id, state: toState(a, t) };
  },

  async read(ctx, id, state) {
    const t = await ctx.client.templates.getListed(id);
    if (!t) return undefined;
    const inputs = liveArgs(t, state);
    return { inputs, state: toState(inputs, t) };
  },

  async update(ctx, id, _olds, a) {
    return toState(a, await updateTemplate(ctx, id, a));
  },

  async delete(ctx, id, state) {
    await deleteConfirmed({
      what: `template ${JSON.stringify(state.name ?? id)}`,
      send: () => ctx.client.templates.delete(id),
      read: () => ctx.client.templates.get(id),
      log: ctx.log,
    });
  },
});
