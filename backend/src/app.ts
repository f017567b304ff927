// Builds the Fastify app over an EmulatorState: hooks, error handling, then the routes.
import Fastify, { LogController, type FastifyInstance } from "fastify";
import { newTrackingId } from "./models/clock";
import type { EmulatorState } from "./models/state";
import { controlRoutes } from "./http/control";
import { customerRoutes } from "./http/customers";
import { installErrorHandling } from "./http/errors";
import { installHooks } from "./http/hooks";
import { locationRoutes } from "./http/locations";
import { openApiRoute } from "./http/openapi";
import { subscriberRoutes } from "./http/subscribers";
import { templateRoutes } from "./http/templates";
import "./http/context";

/** Largest accepted request body; anything bigger is a 413. */
export const BODY_LIMIT = 64 * 1024;

/** Options of the HTTP app. */
export interface AppOptions {
  adminToken: string;
  /** Structured (JSON) access log on stdout. */
  logger: boolean;
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
  });
  installErrorHandling(app);
  installHooks(app, state, opts.adminToken);
  templateRoutes(app, state);
  customerRoutes(app, state);
  subscriberRoutes(app, state);
  locationRoutes(app, state);
  controlRoutes(app, state);
  openApiRoute(app);
  return app;
}
