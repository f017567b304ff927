// /v1/locations: the minimal slice of the Locations API that exposes each customer's HQ location.
import type { FastifyInstance } from "fastify";
import { SCOPES } from "webex-wholesale-wire";
import { Locations } from "../models/locations";
import type { EmulatorState } from "../models/state";
import { page } from "./paging";
import { LocationListQuery } from "./queries";
import { parse } from "./validate";

const read = { scope: SCOPES.customersRead };

/** Register the location routes. */
export function locationRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get("/v1/locations", { config: read }, async (req, reply) => {
    const q = parse(LocationListQuery, req.query, "query");
    const all = state.locations.list(req.principal!.partnerId, q.orgId);
    return { items: page(req, reply, all, q.offset, q.max).map(Locations.render) };
  });
  app.get<{ Params: { locationId: string } }>("/v1/locations/:locationId", { config: read }, async (req) =>
    Locations.render(state.locations.get(req.principal!.partnerId, req.params.locationId)));
}
