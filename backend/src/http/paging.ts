// offset/max paging with Webex-style Link headers (rel="next" / rel="prev").
import type { FastifyReply, FastifyRequest } from "fastify";

/** Slice `items` and set the Link header pointing at the neighbouring pages. */
export function page<T>(req: FastifyRequest, reply: FastifyReply, items: readonly T[], offset: number, max: number): T[] {
  const links: string[] = [];
  if (offset + max < items.length) links.push(`<${pageUrl(req, offset + max, max)}>; rel="next"`);
  if (offset > 0) links.push(`<${pageUrl(req, Math.max(0, offset - max), max)}>; rel="prev"`);
  if (links.length) reply.header("Link", links.join(", "));
  return items.slice(offset, offset + max);
}

declare module "fastify" {
  interface FastifyInstance {
    /** The emulator's public URL (scheme, host, port): Location and Link headers start with it. */
    publicUrl: string | undefined;
  }
}

/**
 * Where links point (Location, Link): the configured public URL, else the address the server
 * listens on. Never the request's Host header, which the caller controls.
 */
export function origin(req: FastifyRequest): string {
  const configured = req.server.publicUrl;
  if (configured) return configured;
  const a = req.server.server.address();
  if (a && typeof a === "object") return `http://${a.family === "IPv6" ? `[${a.address}]` : a.address}:${a.port}`;
  return "http://127.0.0.1"; // not listening (requests injected in process)
}

function pageUrl(req: FastifyRequest, offset: number, max: number): string {
  const path = req.url.split("?")[0]!;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query as Record<string, string | string[] | undefined>)) {
    if (k === "offset" || k === "max" || v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) qs.append(k, one);
  }
  qs.set("offset", String(offset));
  qs.set("max", String(max));
  return `${origin(req)}${path}?${qs.toString()}`;
}
