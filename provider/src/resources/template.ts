// OnboardingTemplate hooks: everything is updatable in place (PUT), the provisioning ID is stable.
import * as wire from "webex-wholesale-wire";
import { createOnce } from "../lifecycle/create-once";
import { deleteConfirmed, putConverged } from "../lifecycle/converge";
import { diffArgs } from "../lifecycle/diff";
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
    const t = await ctx.client.templates.get(id);
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
};
