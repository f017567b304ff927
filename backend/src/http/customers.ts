// /v1/wholesale/customers [official]: list, provision (202), validate, get, update (202), delete (202).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import * as wire from "webex-wholesale-wire";
import { Customers } from "../models/customers";
import type { EmulatorState } from "../state";
import { origin, page } from "./paging";
import { CustomerGetQuery, CustomerListQuery, PlainQuery } from "./queries";
import { apiPath, route } from "./route";

const base = apiPath(wire.PATHS.customers);
const read = { scope: wire.SCOPES.customersRead };
const write = { scope: wire.SCOPES.customersWrite };
const tag = "customers";

/** The precheck success answer (official shape). */
export const PRECHECK_OK = { message: "success", info: { infoCode: 100, description: "Provisioning Precheck validation successful." } };

/** Register the customer routes. */
export function customerRoutes(app: FastifyInstance, state: EmulatorState): void {
  const accepted = (req: FastifyRequest, reply: FastifyReply, id: string) => {
    const url = `${origin(req)}${base}/${id}`;
    reply.header("Location", url);
    return { url };
  };
  route(app, { method: "GET", url: base, access: read, status: 200, tag, summary: "List customers (externalId, orgId, status, offset, max; Link header)", query: CustomerListQuery, response: wire.CustomerList },
    ({ query: q, partnerId, req, reply }) => {
      const all = state.customers.list(partnerId, {
        ...(q.externalId !== undefined ? { externalId: q.externalId } : {}),
        ...(q.orgId !== undefined ? { orgId: q.orgId } : {}),
        ...(q.status?.length ? { status: q.status } : {}),
      });
      return { items: page(req, reply, all, q.offset, q.max).map(Customers.render) };
    });
  route(app, { method: "POST", url: base, access: write, status: 202, tag, summary: "Provision a customer (asynchronous)", query: PlainQuery, body: wire.CustomerProvisionRequest, response: wire.AcceptedBody },
    ({ body, partnerId, req, reply }) => accepted(req, reply, state.customers.provision(partnerId, body).id));
  route(app, { method: "POST", url: `${base}/validate`, access: write, status: 200, tag, summary: "Precheck a customer", query: PlainQuery, body: wire.CustomerPrecheckRequest, response: wire.PrecheckResponse },
    ({ body, partnerId }) => { state.customers.precheck(partnerId, body); return PRECHECK_OK; });
  route(app, { method: "GET", url: `${base}/:customerId`, access: read, status: 200, tag, summary: "Get a customer", query: CustomerGetQuery, response: wire.Customer },
    ({ params, partnerId }) => Customers.render(state.customers.get(partnerId, params.customerId!)));
  route(app, { method: "PUT", url: `${base}/:customerId`, access: write, status: 202, tag, summary: "Update a customer (asynchronous)", query: PlainQuery, body: wire.CustomerUpdateRequest, response: wire.AcceptedBody },
    ({ params, body, partnerId, req, reply }) => accepted(req, reply, state.customers.update(partnerId, params.customerId!, body).id));
  route(app, { method: "DELETE", url: `${base}/:customerId`, access: write, status: 202, tag, summary: "Delete a customer (asynchronous)", query: PlainQuery },
    ({ params, partnerId }) => { state.customers.remove(partnerId, params.customerId!); });
}
