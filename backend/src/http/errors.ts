// Every failure leaves as the official error body: thrown ApiErrors, Fastify's own errors
// (bad JSON, too large, wrong media type), unknown routes (404) and wrong methods (405).
import type { FastifyError, FastifyInstance } from "fastify";
import { ApiError, ErrorCode } from "../models/errors";
import { sendError } from "./hooks";

/** Install the JSON parser, error handler and not-found handler on `app`. */
export function installErrorHandling(app: FastifyInstance): void {
  const routes: { method: string; re: RegExp }[] = [];
  app.addHook("onRoute", (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    const re = new RegExp(`^${r.url.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z_]+/g, "[^/]+")}/?$`);
    for (const m of methods) routes.push({ method: m, re });
  });

  // Our own JSON parser: an empty body is "no body" (some clients send a content type on DELETE),
  // and broken JSON is a 400 with the official body instead of Fastify's default.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(new ApiError(400, ErrorCode.malformedBody, `body: malformed JSON (${(e as Error).message}).`), undefined);
    }
  });

  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    if (err instanceof ApiError) return sendError(req, reply, err);
    const code = (err as FastifyError).code;
    if (code === "FST_ERR_CTP_BODY_TOO_LARGE") return sendError(req, reply, new ApiError(413, ErrorCode.bodyTooLarge, "body: the request body is too large."));
    if (code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      return sendError(req, reply, new ApiError(415, ErrorCode.unsupportedMediaType, "The request body must be application/json."));
    }
    const status = (err as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      return sendError(req, reply, new ApiError(status, ErrorCode.malformedBody, `body: ${err.message}`));
    }
    req.log.error({ err, trackingId: req.id }, "unhandled error");
    return sendError(req, reply, new ApiError(500, ErrorCode.internal, "Internal error in the emulator; see its log for the trackingId."));
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split("?")[0]!;
    const allowed = [...new Set(routes.filter((r) => r.re.test(path)).map((r) => r.method))].filter((m) => m !== "HEAD");
    if (allowed.length) {
      reply.header("Allow", allowed.join(", "));
      return sendError(req, reply, new ApiError(405, ErrorCode.methodNotAllowed, `Method ${req.method} is not allowed on ${path}.`));
    }
    return sendError(req, reply, new ApiError(404, ErrorCode.noSuchRoute, `No resource at ${path}.`));
  });
}
