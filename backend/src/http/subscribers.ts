// /v1/wholesale/subscribers [official]: list, provision (200, or 202 pending_user_migration),
// validate, get, update (200), delete (204).
import type { FastifyInstance } from "fastify";
import * as wire from "webex-wholesale-wire";
import type { EmulatorState } from "../state";
import { PRECHECK_OK } from "./customers";
import { origin, page } from "./paging";
import { PlainQuery, SubscriberListQuery } from "./queries";
import { apiPath, route } from "./route";

const base = apiPath(wire.PATHS.subscribers);
const read = { scope: wire.SCOPES.subscribersRead };
const write = { scope: wire.SCOPES.subscribersWrite };
const tag = "subscribers";

/** Register the subscriber routes. */
export function subscriberRoutes(app: FastifyInstance, state: EmulatorState): void {
  const subs = state.subscribers;
  route(app, { method: "GET", url: base, access: read, status: 200, tag, summary: "List subscribers (filters, sorting, offset, max; Link header)", query: SubscriberListQuery, response: wire.SubscriberList },
    ({ query: { offset, max, onBehalfOfSubPartnerOrgId: _o, ...filters }, partnerId, req, reply }) =>
      ({ items: subs.viewAll(page(req, reply, subs.list(partnerId, filters), offset, max)) }));
  route(app, { method: "POST", url: base, access: write, status: 200, tag, summary: "Provision a subscriber (200, or 202 pending_user_migration)", query: PlainQuery, body: wire.SubscriberProvisionRequest, response: wire.Subscriber },
    ({ body, partnerId, req, reply }) => {
      const s = subs.provision(partnerId, body);
      reply.code(s.status === "pending_user_migration" ? 202 : 200).header("Location", `${origin(req)}${base}/${s.id}`);
      return subs.view(s);
    });
  route(app, { method: "POST", url: `${base}/validate`, access: write, status: 200, tag, summary: "Precheck a subscriber", query: PlainQuery, body: wire.SubscriberPrecheckRequest, response: wire.PrecheckResponse },
    ({ body, partnerId }) => { subs.precheck(partnerId, body); return PRECHECK_OK; });
  route(app, { method: "GET", url: `${base}/:subscriberId`, access: read, status: 200, tag, summary: "Get a subscriber", query: PlainQuery, response: wire.Subscriber },
    ({ params, partnerId }) => subs.view(subs.get(partnerId, params.subscriberId!)));
  route(app, { method: "PUT", url: `${base}/:subscriberId`, access: write, status: 200, tag, summary: "Update a subscriber", query: PlainQuery, body: wire.SubscriberUpdateRequest, response: wire.Subscriber },
    ({ params, body, partnerId }) => subs.view(subs.update(partnerId, params.subscriberId!, body)));
  route(app, { method: "DELETE", url: `${base}/:subscriberId`, access: write, status: 204, tag, summary: "Delete a subscriber", query: PlainQuery },
    ({ params, partnerId }) => { subs.remove(partnerId, params.subscriberId!); });
}
