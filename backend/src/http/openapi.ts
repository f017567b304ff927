// GET /openapi.json: the emulator's own API (Webex paths it serves + control plane + console JSON),
// assembled from the route declarations (route.ts) and the same zod schemas that validate requests.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import * as wire from "webex-wholesale-wire";
import type { RouteEntry } from "./routeTable";
import { route } from "./route";

/** The emulator package's version (stated once, in its package.json; two levels up from src/http and dist/http). */
const VERSION = (require("../../package.json") as { version: string }).version;

const schema = (s: z.ZodType, io: "input" | "output") => {
  const { $schema: _s, ...rest } = z.toJSONSchema(s, { target: "openapi-3.0", io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

/** Build the OpenAPI 3.0 document from the declared routes (those with a summary). */
export function buildOpenApi(routes: readonly RouteEntry[]): Record<string, unknown> {
  const errorBody = schema(wire.ErrorBody, "output");
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { method, config: { spec } } of routes) {
    if (method === "HEAD" || !spec?.summary) continue;
    const path = spec.url.replace(/:(\w+)/g, "{$1}");
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    paths[path] ??= {};
    paths[path]![method.toLowerCase()] = {
      tags: [spec.tag],
      summary: spec.summary,
      security: [{ bearer: [] }],
      ...(params.length ? { parameters: params } : {}),
      ...(spec.body ? { requestBody: { required: true, content: { "application/json": { schema: schema(spec.body, "input") } } } } : {}),
      responses: {
        [spec.status]: { description: "Success", ...(spec.response ? { content: { "application/json": { schema: schema(spec.response, "output") } } } : {}) },
        default: { description: "Error (official Webex error body)", content: { "application/json": { schema: errorBody } } },
      },
    };
  }
  return {
    openapi: "3.0.3",
    info: { title: "Webex for Wholesale emulator", version: VERSION, description: "Official wholesale paths under /v1, onboarding templates [emulator], and the /_emulator control plane (admin token)." },
    servers: [{ url: "/" }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    paths,
  };
}

/** Register GET /openapi.json (built on first request, when every route is registered). */
export function openApiRoute(app: FastifyInstance): void {
  let doc: Record<string, unknown> | undefined;
  route(app, { method: "GET", url: "/openapi.json", access: { public: true }, status: 200 }, () => (doc ??= buildOpenApi(app.routeTable)));
}
