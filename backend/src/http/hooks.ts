// Cross-cutting request handling, in order: tracking id → auth (deny by default: partner scope,
// admin, or on the public list) → rate limit → (body parse) → faults → slow write → handler →
// applyThenFail rewrite or lost response → journal and access log.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { createHash, timingSafeEqual } from "node:crypto";
import { Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { ApiError, ErrorCode } from "../models/errors";
import { bearer, Partners } from "../control/partners";
import type { EmulatorState } from "../state";
import { API_PREFIX } from "./context";

/** Install the hooks on `app`. */
export function installHooks(app: FastifyInstance, state: EmulatorState, adminToken: string): void {
  app.decorateRequest("principal", undefined);
  app.decorateRequest("fault", undefined);
  app.decorateRequest("lost", undefined);
  app.decorateRequest("startedAt", 0);

  app.addHook("onRequest", async (req, reply) => {
    req.startedAt = performance.now();
    reply.header("TrackingId", req.id);
    const { config: cfg, url } = req.routeOptions;
    if (url === undefined) return; // no such route: the 404 / 405 handler answers
    if (cfg.admin) return checkAdmin(state, req, adminToken);
    if (cfg.console) return; // the console's JSON authenticates the partner or admin token itself
    if (!cfg.scope) {
      if (cfg.public && PUBLIC_ROUTES.has(`${req.method} ${url}`)) return;
      // Deny by default: a route that names no scope and is not on the public list is nobody's.
      throw new ApiError(401, ErrorCode.unauthorized, "The request requires a valid access token set in the Authorization request header.");
    }
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

  // Slow writes (strict-reality mode): the write waits, then is applied even if the caller gave up.
  app.addHook("preHandler", async (req) => {
    if (!isWrite(req)) return;
    const delay = state.control.reality.writeDelay(req.principal!.partnerId);
    if (delay > 0) await sleep(delay);
  });

  // "Apply the write, then fail" (a fault rule) or a lost response (strict-reality mode): the
  // handler has run and committed; only the answer is replaced, or never arrives.
  app.addHook("onSend", async (req, reply, payload) => {
    if (reply.statusCode >= 400) return payload;
    const f = req.fault;
    if (f?.applyThenFail && f.status !== undefined) return replaceAnswer(req, reply, faultError(f.status, f.retryAfter));
    if (!isWrite(req)) return payload;
    req.lost = state.control.reality.loseResponse(req.principal!.partnerId);
    // A request injected in process has no connection to drop: its answer is lost as a 504.
    if (req.lost === "reset" && !(req.raw.socket instanceof Socket)) req.lost = "504";
    if (req.lost === "504") {
      return replaceAnswer(req, reply, new ApiError(504, ErrorCode.lostResponse, "Gateway timeout: the write was applied but its answer was lost (strict-reality mode)."));
    }
    if (req.lost === "reset") {
      logAndJournal(state, req, reply);
      req.raw.socket.destroy(); // the caller sees the connection drop, with no answer
    }
    return payload;
  });

  // A reset connection never finishes a response, so a lost answer is logged when it is dropped.
  app.addHook("onResponse", async (req, reply) => { if (req.lost !== "reset") logAndJournal(state, req, reply); });
}

// One access-log line per request, and a journal entry for the Webex paths.
function logAndJournal(state: EmulatorState, req: FastifyRequest, reply: FastifyReply): void {
  const path = req.url.split("?")[0]!;
  const ms = Math.round((performance.now() - req.startedAt) * 10) / 10;
  const { config, url } = req.routeOptions;
  const route = url ?? "(no route)";
  // A token in the path (DELETE /_emulator/tokens/:token) must not reach the log: log the route instead.
  const logged = route.includes(":token") ? route : path;
  // Console routes log at debug level: the open page polls every second and would drown the log.
  req.log[config.console ? "debug" : "info"]({ method: req.method, route, path: logged, status: reply.statusCode, ms, partnerId: req.principal?.partnerId, fault: req.fault?.ruleId, lost: req.lost }, "request");
  if (!path.startsWith(API_PREFIX + "/")) return; // only the Webex paths are journaled
  state.journal.record({
    time: new Date().toISOString(), method: req.method, route: `${route}`, path, status: reply.statusCode, ms, trackingId: req.id,
    ...(req.principal ? { partnerId: req.principal.partnerId } : {}),
    ...(req.fault ? { fault: req.fault.ruleId } : {}),
    ...(req.lost ? { lost: req.lost } : {}),
  });
}

/** Routes anyone may call without a token; every other route needs a scope or the admin token (a test pins this list). */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  "GET /", "HEAD /", "GET /console/console.js", "HEAD /console/console.js", "GET /console/console.css", "HEAD /console/console.css",
  "GET /openapi.json", "HEAD /openapi.json",
]);

/** A write of the Webex API (POST, PUT, DELETE; a precheck is no write). */
function isWrite(req: FastifyRequest): boolean {
  const { config, url } = req.routeOptions;
  return config.scope !== undefined && req.principal !== undefined && (req.method === "POST" || req.method === "PUT" || req.method === "DELETE")
    && !url?.endsWith("/validate");
}

// The handler's answer replaced by an error (its Location and Link dropped with it).
function replaceAnswer(req: FastifyRequest, reply: FastifyReply, err: ApiError): string {
  reply.code(err.status);
  reply.removeHeader("Location");
  reply.removeHeader("Link");
  for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  reply.header("content-type", "application/json; charset=utf-8");
  return JSON.stringify(err.body(req.id));
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
