// /v1/locations [official Locations API, for a customer org given as ?orgId=]: list (name, id
// filters), create (201 {id}), get, partial update (204). No delete: the public API documents
// none, so DELETE is a 405 like any other unsupported method.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import * as wire from "webex-wholesale-wire";
import { Locations } from "../models/locations";
import type { EmulatorState } from "../state";
import { origin, page } from "./paging";
import { LocationListQuery, LocationOrgQuery, LocationQuery } from "./queries";
import { apiPath, route } from "./route";

const base = apiPath(wire.PATHS.locations);
// The emulator's tokens carry the wholesale scopes only; the customer scopes stand in for spark-admin:locations_*.
const read = { scope: wire.SCOPES.customersRead };
const write = { scope: wire.SCOPES.customersWrite };
const tag = "locations";

/** PUT body: the updatable fields; announcementLanguage is refused by name rather than silently dropped. */
const LocationUpdateBody = wire.LocationUpdateRequest.extend({
  announcementLanguage: z.unknown().refine((v) => v === undefined, "cannot be updated: it is set when the location is created").optional(),
});

/** Register the location routes. */
export function locationRoutes(app: FastifyInstance, state: EmulatorState): void {
  route(app, { method: "GET", url: base, access: read, status: 200, tag, summary: "List customers' locations (orgId, name substring, id, offset, max; Link header)", query: LocationListQuery, response: wire.LocationList },
    ({ query: { offset, max, ...filters }, partnerId, req, reply }) =>
      ({ items: page(req, reply, state.locations.list(partnerId, filters), offset, max).map(Locations.render) }));
  route(app, { method: "POST", url: base, access: write, status: 201, tag, summary: "Create a location in the customer org ?orgId= (synchronous)", query: LocationOrgQuery, body: wire.LocationCreateRequest, response: wire.LocationCreated },
    ({ query, body, partnerId, req, reply }) => {
      const l = state.locations.create(partnerId, query.orgId, body);
      reply.header("Location", `${origin(req)}${base}/${l.id}`);
      return { id: l.id };
    });
  route(app, { method: "GET", url: `${base}/:locationId`, access: read, status: 200, tag, summary: "Get a location (?orgId=)", query: LocationQuery, response: wire.Location },
    ({ params, query, partnerId }) => Locations.render(state.locations.get(partnerId, params.locationId!, query.orgId)));
  route(app, { method: "PUT", url: `${base}/:locationId`, access: write, status: 204, tag, summary: "Update a location's name, timeZone, preferredLanguage, address, latitude, longitude, notes (?orgId=)", query: LocationQuery, body: LocationUpdateBody },
    ({ params, query, body: { announcementLanguage: _refused, ...body }, partnerId }) => { state.locations.update(partnerId, params.locationId!, query.orgId, body); });
}
