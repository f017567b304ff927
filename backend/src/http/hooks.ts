// Cross-cutting request handling, in order: tracking id → auth (partner or admin) → rate limit →
// (body parse) → faults → handler → applyThenFail rewrite → journal and access log.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { createHash, timingSafeEqual } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { ApiError, ErrorCode } from "../models/errors";
import { bearer, Partners } from "../control/partners";
import type { EmulatorState } from "../state";
import { API_PREFIX } from "./context";

/** Install the hooks on `app`. */
export function installHooks(app: FastifyInstance, state: EmulatorState, adminToken: string): void {
  app.decorateRequest("principal", undefined);
  app.decorateRequest("fault", undefined);
  app.decorateRequest("startedAt", 0);

  app.addHook("onRequest", async (req, reply) => {
    req.startedAt = performance.now();
    reply.header("TrackingId", req.id);
    const cfg = req.routeOptions.config;
    if (cfg.admin) return checkAdmin(state, req, adminToken);
    if (!cfg.scope) return;
    const principal = state.partners.authenticate(req.headers.authorization);
    Partners.require(principal, cfg.scope);
    req.principal = principal;
    const wait = state.rateLimiter.take(bearer(req.headers.authorization)!);
    if (wait !== undefined) {
      throw new ApiError(429, ErrorCode.rateLimited, "Too many requests: retry after the number of seconds in Retry-After.", {
        headers: { "Retry-After": String(wait) },
      });
    }
  });

  app.addHook("preHandler", async (req) => {
    // Fastify builds a new routeOptions object on every access: read it once per hook.
    const { config, url } = req.routeOptions;
    if (!config.scope) return;
    const effect = state.faults.match(req.method, req.url.split("?")[0]!, url);
    if (!effect) return;
    req.fault = effect;
    if (effect.latencyMs > 0) await sleep(effect.latencyMs);
    if (effect.status !== undefined && !effect.applyThenFail) throw faultError(effect.status, effect.retryAfter);
  });

  // "Apply the write, then fail": the handler has run (and committed); only the answer is replaced.
  app.addHook("onSend", async (req, reply, payload) => {
    const f = req.fault;
    if (!f?.applyThenFail || f.status === undefined || reply.statusCode >= 400) return payload;
    const err = faultError(f.status, f.retryAfter);
    reply.code(err.status);
    reply.removeHeader("Location");
    reply.removeHeader("Link");
    for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
    reply.header("content-type", "application/json; charset=utf-8");
    return JSON.stringify(err.body(req.id));
  });

  app.addHook("onResponse", async (req, reply) => {
    const path = req.url.split("?")[0]!;
    const ms = Math.round((performance.now() - req.startedAt) * 10) / 10;
    const { config, url } = req.routeOptions;
    const route = url ?? "(no route)";
    // A token in the path (DELETE /_emulator/tokens/:token) must not reach the log: log the route instead.
    const logged = route.includes(":token") ? route : path;
    // Console routes log at debug level: the open page polls every second and would drown the log.
    req.log[config.console ? "debug" : "info"]({ method: req.method, route, path: logged, status: reply.statusCode, ms, partnerId: req.principal?.partnerId, fault: req.fault?.ruleId }, "request");
    if (!path.startsWith(API_PREFIX + "/")) return; // only the Webex paths are journaled
    state.journal.record({
      time: new Date().toISOString(), method: req.method, route: `${route}`, path, status: reply.statusCode, ms, trackingId: req.id,
      ...(req.principal ? { partnerId: req.principal.partnerId } : {}),
      ...(req.fault ? { fault: req.fault.ruleId } : {}),
    });
  });
}

/** True when the Authorization header carries the emulator's admin token. */
export function isAdmin(authorization: string | undefined, adminToken: string): boolean {
  const token = bearer(authorization);
  // Compared in constant time (of digests, so lengths do not matter): timing tells nothing of the token.
  return token !== undefined && timingSafeEqual(digest(token), digest(adminToken));
}

const digest = (s: string): Buffer => createHash("sha256").update(s).digest();

function checkAdmin(state: EmulatorState, req: FastifyRequest, adminToken: string): void {
  if (isAdmin(req.headers.authorization, adminToken)) return;
  if (state.partners.isPartnerToken(req.headers.authorization)) {
    throw new ApiError(403, ErrorCode.forbidden, "The control plane needs the emulator's admin token; partner tokens cannot use it.");
  }
  throw new ApiError(401, ErrorCode.unauthorized, "The control plane requires the admin token in the Authorization header.");
}

function faultError(status: number, retryAfter?: number): ApiError {
  return new ApiError(status, ErrorCode.injectedFault, `Injected fault: the emulator answered ${status} on purpose.`, {
    headers: retryAfter !== undefined ? { "Retry-After": String(retryAfter) } : {},
  });
}

/** Send an ApiError as the official error body. */
export function sendError(req: FastifyRequest, reply: FastifyReply, err: ApiError): FastifyReply {
  // Also here: a refusal before (or instead of) the onRequest hook must carry it too.
  reply.header("TrackingId", req.id);
  for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  return reply.code(err.status).type("application/json; charset=utf-8").send(err.body(req.id));
}
