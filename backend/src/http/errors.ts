// Every failure leaves as the official error body: thrown ApiErrors, Fastify's own errors
// (too large, wrong media type, bad URL encoding, over-long path segment), malformed HTTP that
// Node refuses before Fastify sees a request, unknown routes (404) and wrong methods (405).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { newTrackingId } from "../models/clock";
import { ApiError, ErrorCode } from "../models/errors";
import { sendError } from "./hooks";
import { installJsonParser } from "./json";
import { allowedMethods } from "./routeTable";

/** Longest path segment (an id) the router accepts; Webex ids are at most 200 characters. */
export const MAX_PATH_SEGMENT = 256;

/** Install the JSON parser, error handler and not-found handler on `app` (after installRouteTable). */
export function installErrorHandling(app: FastifyInstance): void {
  installJsonParser(app);

  // Node's own check answers a missing Host with a bare 400; it is switched off (see app.ts) for this one.
  app.addHook("onRequest", async (req) => {
    if (req.raw.httpVersion === "1.1" && !req.headers.host) {
      throw new ApiError(400, ErrorCode.malformedRequest, "headers.host: is required in HTTP/1.1.");
    }
  });

  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    if (err instanceof ApiError) return sendError(req, reply, err);
    const code = (err as FastifyError).code;
    if (code === "FST_ERR_CTP_BODY_TOO_LARGE") return sendError(req, reply, new ApiError(413, ErrorCode.bodyTooLarge, "body: the request body is too large."));
    if (code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      return sendError(req, reply, new ApiError(415, ErrorCode.unsupportedMediaType, "headers.content-type: the request body must be application/json."));
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
    const allowed = allowedMethods(app.routeTable, path);
    if (allowed.length) {
      reply.header("Allow", allowed.join(", "));
      return sendError(req, reply, new ApiError(405, ErrorCode.methodNotAllowed, `method: ${req.method} is not allowed on ${path}.`));
    }
    return sendError(req, reply, new ApiError(404, ErrorCode.noSuchRoute, `path: no resource at ${path}.`));
  });
}

/** Fastify's `frameworkErrors` option: router refusals (bad percent-encoding, over-long segment) as official errors. */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const path = (req.raw.url ?? "").split("?")[0] ?? "";
  const e = err.code === "FST_ERR_MAX_PARAM_LENGTH"
    ? new ApiError(414, ErrorCode.malformedRequest, `path: a segment of ${path.slice(0, 80)}... is longer than ${MAX_PATH_SEGMENT} characters.`)
    : new ApiError(400, ErrorCode.malformedRequest, `path: ${JSON.stringify(path.slice(0, 200))} is not a valid URL (percent-encoding).`);
  sendError(req, reply, e);
}

/** What Node's HTTP parser refused, by llhttp error code: status and the description naming the part. */
function describeClientError(code: string | undefined): [number, string] {
  switch (code) {
    case "HPE_HEADER_OVERFLOW": return [431, "headers: the request line and headers exceed 16 KiB."];
    case "ERR_HTTP_REQUEST_TIMEOUT": return [408, "body: the request was not received in time."];
    case "HPE_INVALID_CONTENT_LENGTH":
    case "HPE_UNEXPECTED_CONTENT_LENGTH": return [400, "headers.content-length: is not a single valid length (or is sent with Transfer-Encoding)."];
    case "HPE_INVALID_TRANSFER_ENCODING": return [400, "headers.transfer-encoding: is not valid."];
    case "HPE_INVALID_METHOD": return [400, "method: is not a valid HTTP method."];
    case "HPE_INVALID_URL": return [400, "path: is not a valid request target."];
    case "HPE_INVALID_VERSION": return [400, "request: the HTTP version is not supported."];
    case "HPE_INVALID_CHUNK_SIZE":
    case "HPE_STRICT": return [400, "body: the chunked encoding is malformed."];
    case "HPE_INVALID_HEADER_TOKEN":
    case "HPE_INVALID_CONSTANT":
    case "HPE_LF_EXPECTED":
    case "HPE_CR_EXPECTED": return [400, "headers: a header line is malformed."];
    default: return [400, `request: malformed HTTP request${code ? ` (${code})` : ""}.`];
  }
}

/** Fastify's `clientErrorHandler` option: requests Node refuses before routing get the official body too. */
export function clientErrorHandler(err: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const [status, description] = describeClientError(err.code);
  const trackingId = newTrackingId();
  const body = JSON.stringify(new ApiError(status, ErrorCode.malformedRequest, description).body(trackingId));
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  // A HEAD answer has no body (a client would read it as the next response). The method is known
  // only from the refused bytes, when they start with the request line (they usually do).
  const head = Buffer.isBuffer(err.rawPacket) && err.rawPacket.subarray(0, 5).toString("latin1") === "HEAD ";
  // The parser is in an unknown state: answer once and close the connection.
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n`
    + `Content-Length: ${Buffer.byteLength(body)}\r\nTrackingId: ${trackingId}\r\nConnection: close\r\n\r\n${head ? "" : body}`);
}
