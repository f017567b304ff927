// Builds the Fastify app over an EmulatorState: hooks, error handling, then the routes.
import Fastify, { LogController, type FastifyInstance } from "fastify";
import { newTrackingId } from "./models/clock";
import type { EmulatorState } from "./state";
import { consoleRoutes } from "./http/console";
import { controlRoutes } from "./control/routes";
import { customerRoutes } from "./http/customers";
import { clientErrorHandler, frameworkErrors, installErrorHandling, MAX_PATH_SEGMENT } from "./http/errors";
import { installHooks } from "./http/hooks";
import { locationRoutes } from "./http/locations";
import { openApiRoute } from "./http/openapi";
import { installRouteTable } from "./http/routeTable";
import { subscriberRoutes } from "./http/subscribers";
import { templateRoutes } from "./http/templates";
import "./http/context";

/** Largest accepted request body; anything bigger is a 413. */
export const BODY_LIMIT = 64 * 1024;
/** Longest a client may take to send one whole request (a stalled body must not hold a socket forever). */
export const REQUEST_TIMEOUT_MS = 60_000;

/** Options of the HTTP app. */
export interface AppOptions {
  adminToken: string;
  /** Structured (JSON) access log on stdout. */
  logger: boolean;
  /** Public URL for Location and Link headers (default: the listen address). */
  publicUrl?: string;
}

/** Build (but do not start) the HTTP app. */
export function buildApp(state: EmulatorState, opts: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: opts.logger ? { level: "info" } : false,
    bodyLimit: BODY_LIMIT,
    genReqId: () => newTrackingId(),
    // Our onResponse hook writes one access-log line per request (with route and partner), so
    // Fastify's own two lines per request are switched off.
    logController: new LogController({ requestIdLogLabel: "trackingId", disableRequestLogging: true }),
    return503OnClosing: false,
    requestTimeout: REQUEST_TIMEOUT_MS,
    routerOptions: { maxParamLength: MAX_PATH_SEGMENT },
    // Malformed requests get the official error body too (errors.ts), a missing Host included.
    frameworkErrors,
    clientErrorHandler,
    http: { requireHostHeader: false },
  });
  app.decorate("publicUrl", opts.publicUrl?.replace(/\/+$/, ""));
  installRouteTable(app);
  installErrorHandling(app);
  installHooks(app, state, opts.adminToken);
  templateRoutes(app, state);
  customerRoutes(app, state);
  subscriberRoutes(app, state);
  locationRoutes(app, state);
  controlRoutes(app, state);
  openApiRoute(app);
  consoleRoutes(app, state, opts.adminToken);
  return app;
}
