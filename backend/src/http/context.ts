// What the hooks attach to a request, and the per-route settings they read.
import type { FaultEffect } from "../control/faults";
import type { Principal } from "../control/partners";
import type { RouteSpec } from "./route";

declare module "fastify" {
  interface FastifyRequest {
    /** The partner behind the bearer token (Webex routes). */
    principal?: Principal;
    /** A fault rule that fired for this request. */
    fault?: FaultEffect;
    /** The answer of this write was lost on purpose (strict-reality mode), and how. */
    lost?: "reset" | "504";
    /** When the request arrived (for the journal's `ms`). */
    startedAt: number;
  }
  interface FastifyContextConfig {
    /** Scope a Webex route needs. */
    scope?: string;
    /** Control-plane route: admin token only. */
    admin?: boolean;
    /** Console route: authenticates itself (partner or admin token), no rate limit, debug-level log. */
    console?: boolean;
    /** Route anyone may call; must also be on the public list (hooks.ts). */
    public?: boolean;
    /** The route's declaration (schemas, status, OpenAPI summary). */
    spec?: RouteSpec<any, any>;
  }
}

/** Prefix of the Webex API (the base URL ends in it). */
export const API_PREFIX = "/v1";
/** Prefix of the control plane. */
export const CONTROL_PREFIX = "/_emulator";
