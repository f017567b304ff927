// /v1/locations [official Locations API, for a customer org given as ?orgId=]: list (name, id
// filters), create (201 {id}), get, partial update (204). No delete: the public API documents
// none, so DELETE is a 405 like any other unsupported method.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { LocationCreateRequest, LocationUpdateRequest, PATHS, SCOPES } from "webex-wholesale-wire";
import { Locations } from "../models/locations";
import type { EmulatorState } from "../models/state";
import { API_PREFIX } from "./context";
import { origin, page } from "./paging";
import { LocationListQuery, LocationOrgQuery, LocationQuery } from "./queries";
import { parse } from "./validate";

type Id = { Params: { locationId: string } };
const base = `${API_PREFIX}${PATHS.locations}`;
// The emulator's tokens carry the wholesale scopes only; the customer scopes stand in for spark-admin:locations_*.
const read = { scope: SCOPES.customersRead };
const write = { scope: SCOPES.customersWrite };

/** PUT body: the updatable fields; announcementLanguage is refused by name rather than silently dropped. */
const LocationUpdateBody = LocationUpdateRequest.extend({
  announcementLanguage: z.unknown().refine((v) => v === undefined, "cannot be updated: it is set when the location is created").optional(),
});

/** Register the location routes. */
export function locationRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get(base, { config: read }, async (req, reply) => {
    const { offset, max, ...filters } = parse(LocationListQuery, req.query, "query");
    const all = state.locations.list(req.principal!.partnerId, filters);
    return { items: page(req, reply, all, offset, max).map(Locations.render) };
  });
  app.post(base, { config: write }, async (req, reply) => {
    const { orgId } = parse(LocationOrgQuery, req.query, "query");
    const l = state.locations.create(req.principal!.partnerId, orgId, parse(LocationCreateRequest, req.body));
    return reply.code(201).header("Location", `${origin(req)}${base}/${l.id}`).send({ id: l.id });
  });
  app.get<Id>(`${base}/:locationId`, { config: read }, async (req) => {
    const { orgId } = parse(LocationQuery, req.query, "query");
    return Locations.render(state.locations.get(req.principal!.partnerId, req.params.locationId, orgId));
  });
  app.put<Id>(`${base}/:locationId`, { config: write }, async (req, reply) => {
    const { orgId } = parse(LocationQuery, req.query, "query");
    const { announcementLanguage: _refused, ...body } = parse(LocationUpdateBody, req.body);
    state.locations.update(req.principal!.partnerId, req.params.locationId, orgId, body);
    return reply.code(204).send();
  });
}
