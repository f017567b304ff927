// /v1/wholesale/subscribers [official]: list, provision (200, or 202 pending_user_migration),
// validate, get, update (200), delete (204).
import type { FastifyInstance } from "fastify";
import { SCOPES, SubscriberPrecheckRequest, SubscriberProvisionRequest, SubscriberUpdateRequest } from "webex-wholesale-wire";
import type { EmulatorState } from "../models/state";
import { Subscribers } from "../models/subscribers";
import type { SubscriberRecord } from "../storage/records";
import { PRECHECK_OK } from "./customers";
import { origin, page } from "./paging";
import { PlainQuery, SubscriberListQuery } from "./queries";
import { parse } from "./validate";

type Id = { Params: { subscriberId: string } };
const base = "/v1/wholesale/subscribers";
const read = { scope: SCOPES.subscribersRead };
const write = { scope: SCOPES.subscribersWrite };

/** Register the subscriber routes. */
export function subscriberRoutes(app: FastifyInstance, state: EmulatorState): void {
  const render = (s: SubscriberRecord) => Subscribers.render(s, state.subscribers.externalCustomerId(s));

  app.get(base, { config: read }, async (req, reply) => {
    const { offset, max, onBehalfOfSubPartnerOrgId: _o, ...filters } = parse(SubscriberListQuery, req.query, "query");
    const all = state.subscribers.list(req.principal!.partnerId, filters);
    // One customer lookup per customer on the page (for externalCustomerId), not one per subscriber.
    const externalIds = new Map<string, string | undefined>();
    const externalId = (s: SubscriberRecord) => {
      if (!externalIds.has(s.customerId)) externalIds.set(s.customerId, state.subscribers.externalCustomerId(s));
      return externalIds.get(s.customerId);
    };
    return { items: page(req, reply, all, offset, max).map((s) => Subscribers.render(s, externalId(s))) };
  });
  app.post(base, { config: write }, async (req, reply) => {
    parse(PlainQuery, req.query, "query");
    const s = state.subscribers.provision(req.principal!.partnerId, parse(SubscriberProvisionRequest, req.body));
    return reply.code(s.status === "pending_user_migration" ? 202 : 200).header("Location", `${origin(req)}${base}/${s.id}`).send(render(s));
  });
  app.post(`${base}/validate`, { config: write }, async (req) => {
    parse(PlainQuery, req.query, "query");
    state.subscribers.precheck(req.principal!.partnerId, parse(SubscriberPrecheckRequest, req.body));
    return PRECHECK_OK;
  });
  app.get<Id>(`${base}/:subscriberId`, { config: read }, async (req) => {
    parse(PlainQuery, req.query, "query");
    return render(state.subscribers.get(req.principal!.partnerId, req.params.subscriberId));
  });
  app.put<Id>(`${base}/:subscriberId`, { config: write }, async (req) => {
    parse(PlainQuery, req.query, "query");
    return render(state.subscribers.update(req.principal!.partnerId, req.params.subscriberId, parse(SubscriberUpdateRequest, req.body)));
  });
  app.delete<Id>(`${base}/:subscriberId`, { config: write }, async (req, reply) => {
    parse(PlainQuery, req.query, "query");
    state.subscribers.remove(req.principal!.partnerId, req.params.subscriberId);
    return reply.code(204).send();
  });
}
