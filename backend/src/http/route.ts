// A route as data: method, URL, who may call it, its query and body schemas and what it answers.
// Handlers receive the parsed input and call models only; the OpenAPI document (openapi.ts) and
// the access check (hooks.ts) read the same declarations, so a route is described once.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { PATHS } from "webex-wholesale-wire";
import { ApiError, ErrorCode } from "../models/errors";
import { API_PREFIX } from "./context";
import { parse } from "./validate";

/** Who may call a route. There is no default: every route states it (see hooks.ts, deny by default). */
export type Access =
  /** A partner token holding this scope (the Webex API). */
  | { scope: string }
  /** The emulator's admin token (the control plane). */
  | { admin: true }
  /** A partner or the admin token, checked by the handler itself (the console's JSON). */
  | { console: true }
  /** Anyone; only routes on the public list in hooks.ts may say so. */
  | { public: true };

/** The declaration of one route. */
export interface RouteSpec<Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined> {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** URL pattern with `:params`. */
  url: string;
  access: Access;
  /** Status of a success (the handler may set another, e.g. 202 for a pending user). */
  status: number;
  /** OpenAPI tag and summary; routes without a summary are left out of the document. */
  tag?: string;
  summary?: string;
  /** Schema of the query string (absent: the query is not read). */
  query?: Q;
  /** Schema of the body (absent: the body is not read). */
  body?: B;
  /** Schema of a success body, for the OpenAPI document. */
  response?: z.ZodType;
}

/** What a handler gets. */
export interface RouteInput<Q, B> {
  /** Path parameters. */
  params: Record<string, string>;
  /** The parsed query (undefined when the route declares none). */
  query: Q;
  /** The parsed body (undefined when the route declares none). */
  body: B;
  /** The calling partner (partner routes only). */
  partnerId: string;
  req: FastifyRequest;
  reply: FastifyReply;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** The full path of a Webex API collection (`/v1` + the wire package's path). */
export const apiPath = (path: (typeof PATHS)[keyof typeof PATHS]): string => `${API_PREFIX}${path}`;

/** Register a declared route. The handler's return value is the body (none for 202/204). */
export function route<Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined>(
  app: FastifyInstance,
  spec: RouteSpec<Q, B>,
  handler: (input: RouteInput<Out<Q>, Out<B>>) => unknown,
): void {
  app.route({
    method: spec.method,
    url: spec.url,
    config: { ...spec.access, spec: spec as RouteSpec<z.ZodType | undefined, z.ZodType | undefined> },
    handler: async (req, reply) => {
      const query = (spec.query ? parse(spec.query, req.query, "query") : undefined) as Out<Q>;
      const body = (spec.body ? parse(spec.body, req.body) : undefined) as Out<B>;
      reply.code(spec.status);
      const out = await handler({
        params: req.params as Record<string, string>, query, body, req, reply,
        get partnerId(): string {
          if (!req.principal) throw new ApiError(500, ErrorCode.internal, "Internal error: a partner route ran without a partner.");
          return req.principal.partnerId;
        },
      });
      if (out === reply || reply.sent) return reply;
      return reply.send(out);
    },
  });
}
