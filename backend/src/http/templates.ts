// /v1/wholesale/onboardingTemplates [ours]: list, create (201), get, replace (200), delete (204).
import type { FastifyInstance } from "fastify";
import { OnboardingTemplateRequest, SCOPES } from "webex-wholesale-wire";
import type { EmulatorState } from "../models/state";
import { Templates } from "../models/templates";
import { origin } from "./paging";
import { PlainQuery } from "./queries";
import { parse } from "./validate";

type Id = { Params: { templateId: string } };
const base = "/v1/wholesale/onboardingTemplates";
const read = { scope: SCOPES.customersRead };
const write = { scope: SCOPES.customersWrite };

/** Register the template routes. */
export function templateRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get(base, { config: read }, async (req) => {
    parse(PlainQuery, req.query, "query");
    return { items: state.templates.list(req.principal!.partnerId).map(Templates.render) };
  });
  app.post(base, { config: write }, async (req, reply) => {
    const t = state.templates.create(req.principal!.partnerId, parse(OnboardingTemplateRequest, req.body));
    return reply.code(201).header("Location", `${origin(req)}${base}/${t.id}`).send(Templates.render(t));
  });
  app.get<Id>(`${base}/:templateId`, { config: read }, async (req) =>
    Templates.render(state.templates.get(req.principal!.partnerId, req.params.templateId)));
  app.put<Id>(`${base}/:templateId`, { config: write }, async (req) =>
    Templates.render(state.templates.update(req.principal!.partnerId, req.params.templateId, parse(OnboardingTemplateRequest, req.body))));
  app.delete<Id>(`${base}/:templateId`, { config: write }, async (req, reply) => {
    state.templates.remove(req.principal!.partnerId, req.params.templateId);
    return reply.code(204).send();
  });
}
