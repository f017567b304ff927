// /v1/wholesale/customers [official]: list, provision (202), validate, get, update (202), delete (202).
import type { FastifyInstance } from "fastify";
import { CustomerPrecheckRequest, CustomerProvisionRequest, CustomerUpdateRequest, SCOPES } from "webex-wholesale-wire";
import { Customers } from "../models/customers";
import type { EmulatorState } from "../models/state";
import { origin, page } from "./paging";
import { CustomerGetQuery, CustomerListQuery, PlainQuery } from "./queries";
import { parse } from "./validate";

type Id = { Params: { customerId: string } };
const base = "/v1/wholesale/customers";
const read = { scope: SCOPES.customersRead };
const write = { scope: SCOPES.customersWrite };

/** The precheck success answer (official shape). */
export const PRECHECK_OK = { message: "success", info: { infoCode: 100, description: "Provisioning Precheck validation successful." } };

/** Register the customer routes. */
export function customerRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get(base, { config: read }, async (req, reply) => {
    const q = parse(CustomerListQuery, req.query, "query");
    const all = state.customers.list(req.principal!.partnerId, {
      ...(q.externalId !== undefined ? { externalId: q.externalId } : {}),
      ...(q.orgId !== undefined ? { orgId: q.orgId } : {}),
      ...(q.status?.length ? { status: q.status } : {}),
    });
    return { items: page(req, reply, all, q.offset, q.max).map(Customers.render) };
  });
  app.post(base, { config: write }, async (req, reply) => {
    parse(PlainQuery, req.query, "query");
    const c = state.customers.provision(req.principal!.partnerId, parse(CustomerProvisionRequest, req.body));
    const url = `${origin(req)}${base}/${c.id}`;
    return reply.code(202).header("Location", url).send({ url });
  });
  app.post(`${base}/validate`, { config: write }, async (req) => {
    parse(PlainQuery, req.query, "query");
    state.customers.precheck(req.principal!.partnerId, parse(CustomerPrecheckRequest, req.body));
    return PRECHECK_OK;
  });
  app.get<Id>(`${base}/:customerId`, { config: read }, async (req) => {
    parse(CustomerGetQuery, req.query, "query");
    return Customers.render(state.customers.get(req.principal!.partnerId, req.params.customerId));
  });
  app.put<Id>(`${base}/:customerId`, { config: write }, async (req, reply) => {
    parse(PlainQuery, req.query, "query");
    const body = parse(CustomerUpdateRequest, req.body);
    const c = state.customers.update(req.principal!.partnerId, req.params.customerId, body);
    const url = `${origin(req)}${base}/${c.id}`;
    return reply.code(202).header("Location", url).send({ url });
  });
  app.delete<Id>(`${base}/:customerId`, { config: write }, async (req, reply) => {
    parse(PlainQuery, req.query, "query");
    state.customers.remove(req.principal!.partnerId, req.params.customerId);
    return reply.code(202).send();
  });
}
