// GET /openapi.json: the emulator's own API (Webex paths it serves + control plane), assembled
// from the same zod schemas that validate requests.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import * as wire from "webex-wholesale-wire";
import { FaultRuleInput } from "../models/faults";
import { RateLimitInput } from "../models/rateLimiter";
import { TimingConfig } from "../models/timing";
import { FreeAccountInput, OutcomeInput, PartnerInput, TimingPatch, TokenInput } from "./controlSchemas";

type Op = { method: string; path: string; summary: string; status: number; body?: z.ZodType; response?: z.ZodType; tag: string };

const schema = (s: z.ZodType, io: "input" | "output") => {
  const { $schema: _s, ...rest } = z.toJSONSchema(s, { target: "openapi-3.0", io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

const W = "/v1/wholesale";
const OPS: Op[] = [
  { tag: "customers", method: "get", path: `${W}/customers`, summary: "List customers (externalId, orgId, status, offset, max; Link header)", status: 200, response: wire.CustomerList },
  { tag: "customers", method: "post", path: `${W}/customers`, summary: "Provision a customer (asynchronous)", status: 202, body: wire.CustomerProvisionRequest, response: wire.AcceptedBody },
  { tag: "customers", method: "post", path: `${W}/customers/validate`, summary: "Precheck a customer", status: 200, body: wire.CustomerPrecheckRequest, response: wire.PrecheckResponse },
  { tag: "customers", method: "get", path: `${W}/customers/{customerId}`, summary: "Get a customer", status: 200, response: wire.Customer },
  { tag: "customers", method: "put", path: `${W}/customers/{customerId}`, summary: "Update a customer (asynchronous)", status: 202, body: wire.CustomerUpdateRequest, response: wire.AcceptedBody },
  { tag: "customers", method: "delete", path: `${W}/customers/{customerId}`, summary: "Delete a customer (asynchronous)", status: 202 },
  { tag: "subscribers", method: "get", path: `${W}/subscribers`, summary: "List subscribers (filters, sorting, offset, max; Link header)", status: 200, response: wire.SubscriberList },
  { tag: "subscribers", method: "post", path: `${W}/subscribers`, summary: "Provision a subscriber (200, or 202 pending_user_migration)", status: 200, body: wire.SubscriberProvisionRequest, response: wire.Subscriber },
  { tag: "subscribers", method: "post", path: `${W}/subscribers/validate`, summary: "Precheck a subscriber", status: 200, body: wire.SubscriberPrecheckRequest, response: wire.PrecheckResponse },
  { tag: "subscribers", method: "get", path: `${W}/subscribers/{subscriberId}`, summary: "Get a subscriber", status: 200, response: wire.Subscriber },
  { tag: "subscribers", method: "put", path: `${W}/subscribers/{subscriberId}`, summary: "Update a subscriber", status: 200, body: wire.SubscriberUpdateRequest, response: wire.Subscriber },
  { tag: "subscribers", method: "delete", path: `${W}/subscribers/{subscriberId}`, summary: "Delete a subscriber", status: 204 },
  { tag: "templates", method: "get", path: `${W}/onboardingTemplates`, summary: "List onboarding templates [emulator]", status: 200, response: wire.OnboardingTemplateList },
  { tag: "templates", method: "post", path: `${W}/onboardingTemplates`, summary: "Create an onboarding template [emulator]", status: 201, body: wire.OnboardingTemplateRequest, response: wire.OnboardingTemplate },
  { tag: "templates", method: "get", path: `${W}/onboardingTemplates/{templateId}`, summary: "Get an onboarding template [emulator]", status: 200, response: wire.OnboardingTemplate },
  { tag: "templates", method: "put", path: `${W}/onboardingTemplates/{templateId}`, summary: "Replace an onboarding template [emulator]", status: 200, body: wire.OnboardingTemplateRequest, response: wire.OnboardingTemplate },
  { tag: "templates", method: "delete", path: `${W}/onboardingTemplates/{templateId}`, summary: "Delete an onboarding template (409 while in use) [emulator]", status: 204 },
  { tag: "locations", method: "get", path: "/v1/locations", summary: "List customers' locations (orgId, name substring, id, offset, max; Link header)", status: 200, response: wire.LocationList },
  { tag: "locations", method: "post", path: "/v1/locations", summary: "Create a location in the customer org ?orgId= (synchronous)", status: 201, body: wire.LocationCreateRequest, response: wire.LocationCreated },
  { tag: "locations", method: "get", path: "/v1/locations/{locationId}", summary: "Get a location (?orgId=)", status: 200, response: wire.Location },
  { tag: "locations", method: "put", path: "/v1/locations/{locationId}", summary: "Update a location's name, timeZone, preferredLanguage, address, latitude, longitude, notes (?orgId=)", status: 204, body: wire.LocationUpdateRequest },
  { tag: "control", method: "post", path: "/_emulator/reset", summary: "Wipe objects, journal and faults (partners stay)", status: 200 },
  { tag: "control", method: "get", path: "/_emulator/partners", summary: "List partners and tokens", status: 200 },
  { tag: "control", method: "post", path: "/_emulator/partners", summary: "Create a partner", status: 201, body: PartnerInput },
  { tag: "control", method: "post", path: "/_emulator/partners/{partnerId}/tokens", summary: "Give a partner a token", status: 201, body: TokenInput },
  { tag: "control", method: "delete", path: "/_emulator/tokens/{token}", summary: "Revoke a token", status: 204 },
  { tag: "control", method: "get", path: "/_emulator/timing", summary: "Transition timing", status: 200, response: TimingConfig },
  { tag: "control", method: "put", path: "/_emulator/timing", summary: "Change transition timing (merged)", status: 200, body: TimingPatch, response: TimingConfig },
  { tag: "control", method: "get", path: "/_emulator/faults", summary: "Fault rules with fired counts", status: 200 },
  { tag: "control", method: "post", path: "/_emulator/faults", summary: "Add a fault rule", status: 201, body: FaultRuleInput },
  { tag: "control", method: "delete", path: "/_emulator/faults", summary: "Remove all fault rules", status: 204 },
  { tag: "control", method: "delete", path: "/_emulator/faults/{id}", summary: "Remove a fault rule", status: 204 },
  { tag: "control", method: "get", path: "/_emulator/rate-limit", summary: "Rate limit settings", status: 200 },
  { tag: "control", method: "put", path: "/_emulator/rate-limit", summary: "Set the rate limit ({rps: null} = off)", status: 200, body: RateLimitInput },
  { tag: "control", method: "get", path: "/_emulator/journal", summary: "Request journal and counts (?since=seq|ISO)", status: 200 },
  { tag: "control", method: "delete", path: "/_emulator/journal", summary: "Clear the journal", status: 204 },
  { tag: "control", method: "post", path: "/_emulator/free-accounts", summary: "Register a pre-existing free Webex account", status: 201, body: FreeAccountInput },
  { tag: "control", method: "post", path: "/_emulator/free-accounts/{email}/consent", summary: "The free account consents: its subscriber becomes provisioned", status: 200 },
  { tag: "control", method: "post", path: "/_emulator/outcomes", summary: "Force the outcome of the next provisioning of an externalId", status: 201, body: OutcomeInput },
  { tag: "control", method: "get", path: "/_emulator/stats", summary: "Object counts, faults fired, requests rate-limited", status: 200 },
  { tag: "console", method: "get", path: "/console/api/overview", summary: "What the web console at / shows: partners, templates, customers with users, journal entries after ?since=CURSOR (partner token: its own; admin token: all)", status: 200 },
];

/** Build the OpenAPI 3.0 document. */
export function buildOpenApi(): Record<string, unknown> {
  const errorBody = schema(wire.ErrorBody, "output");
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPS) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      tags: [op.tag],
      summary: op.summary,
      security: [{ bearer: [] }],
      ...(params.length ? { parameters: params } : {}),
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: schema(op.body, "input") } } } } : {}),
      responses: {
        [op.status]: { description: "Success", ...(op.response ? { content: { "application/json": { schema: schema(op.response, "output") } } } : {}) },
        default: { description: "Error (official Webex error body)", content: { "application/json": { schema: errorBody } } },
      },
    };
  }
  return {
    openapi: "3.0.3",
    info: { title: "Webex for Wholesale emulator", version: "0.1.0", description: "Official wholesale paths under /v1, onboarding templates [emulator], and the /_emulator control plane (admin token)." },
    servers: [{ url: "/" }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    paths,
  };
}

/** Register GET /openapi.json. */
export function openApiRoute(app: FastifyInstance): void {
  let doc: Record<string, unknown> | undefined;
  app.get("/openapi.json", async () => (doc ??= buildOpenApi()));
}
