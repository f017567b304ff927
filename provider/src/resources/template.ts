// OnboardingTemplate hooks: everything is updatable in place (PUT), the provisioning ID is stable.
import type * as wire from "webex-wholesale-wire";
import { AlreadyExistsError } from "../lifecycle/errors";
import { createOnce } from "../lifecycle/create-once";
import { containsUnknown } from "../lifecycle/unknowns";
import type { HookContext, ResourceKind, State } from "../lifecycle/kind";
import { OnboardingTemplateArgs, OnboardingTemplateOutputs } from "./template-args";

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

/** The OnboardingTemplate kind. */
export const onboardingTemplate: ResourceKind<OnboardingTemplateArgs> = {
  name: "OnboardingTemplate",
  args: OnboardingTemplateArgs,
  outputs: OnboardingTemplateOutputs,
  rules(a) {
    const auth = a.authentication;
    // A method not known until apply (preview) decides nothing yet.
    if (!auth || typeof auth !== "object" || containsUnknown(auth.method)) return [];
    if (auth.method !== "webex" && !auth.idpEntityId) {
      return [{ path: ["authentication", "idpEntityId"], message: `idpEntityId is required when authentication.method is ${auth.method}` }];
    }
    if (auth.method === "webex" && auth.idpEntityId) {
      return [{ path: ["authentication", "idpEntityId"], message: "idpEntityId is only for partner_saml or partner_oidc" }];
    }
    return [];
  },
  deleteBeforeReplace: () => false,

  uniqueKey: (a) => `name ${JSON.stringify(a.name)}`,

  findExisting: findTemplate,

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
};
