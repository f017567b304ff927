// /v1/wholesale/onboardingTemplates [ours]: list, create (201), get, replace (200), delete (204).
import type { FastifyInstance } from "fastify";
import * as wire from "webex-wholesale-wire";
import { Templates } from "../models/templates";
import type { EmulatorState } from "../state";
import { origin } from "./paging";
import { PlainQuery } from "./queries";
import { apiPath, route } from "./route";

const base = apiPath(wire.PATHS.templates);
const read = { scope: wire.SCOPES.customersRead };
const write = { scope: wire.SCOPES.customersWrite };
const tag = "templates";

/** Register the template routes. */
export function templateRoutes(app: FastifyInstance, state: EmulatorState): void {
  route(app, { method: "GET", url: base, access: read, status: 200, tag, summary: "List onboarding templates [emulator]", query: PlainQuery, response: wire.OnboardingTemplateList },
    ({ partnerId }) => ({ items: state.templates.list(partnerId).map(Templates.render) }));
  route(app, { method: "POST", url: base, access: write, status: 201, tag, summary: "Create an onboarding template [emulator]", body: wire.OnboardingTemplateRequest, response: wire.OnboardingTemplate },
    ({ body, partnerId, req, reply }) => {
      const t = state.templates.create(partnerId, body);
      reply.header("Location", `${origin(req)}${base}/${t.id}`);
      return Templates.render(t);
    });
  route(app, { method: "GET", url: `${base}/:templateId`, access: read, status: 200, tag, summary: "Get an onboarding template [emulator]", response: wire.OnboardingTemplate },
    ({ params, partnerId }) => Templates.render(state.templates.get(partnerId, params.templateId!)));
  route(app, { method: "PUT", url: `${base}/:templateId`, access: write, status: 200, tag, summary: "Replace an onboarding template [emulator]", body: wire.OnboardingTemplateRequest, response: wire.OnboardingTemplate },
    ({ params, body, partnerId }) => Templates.render(state.templates.update(partnerId, params.templateId!, body)));
  route(app, { method: "DELETE", url: `${base}/:templateId`, access: write, status: 204, tag, summary: "Delete an onboarding template (409 while in use) [emulator]" },
    ({ params, partnerId }) => { state.templates.remove(partnerId, params.templateId!); });
}
