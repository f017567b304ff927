// The routes the app serves, recorded as they are registered: the 405 answer lists a path's
// methods from it, and tests walk it so that a route added later is fuzzed and isolation-checked
// without anyone remembering to list it.
import type { FastifyContextConfig, FastifyInstance } from "fastify";

/** One registered method on one URL pattern. */
export interface RouteEntry {
  /** HTTP method, upper case (Fastify adds HEAD for every GET). */
  method: string;
  /** URL pattern with `:params`, e.g. /v1/wholesale/customers/:customerId. */
  url: string;
  /** The route's settings (scope, admin, console). */
  config: FastifyContextConfig;
}

declare module "fastify" {
  interface FastifyInstance {
    /** Every route registered so far, in registration order. */
    routeTable: readonly RouteEntry[];
  }
}

/** Start recording routes on `app` (call before any route is added). */
export function installRouteTable(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  app.decorate("routeTable", table);
  app.addHook("onRoute", (r) => {
    for (const method of Array.isArray(r.method) ? r.method : [r.method]) {
      table.push({ method: method.toUpperCase(), url: r.url, config: (r.config ?? {}) as FastifyContextConfig });
    }
  });
}

/** A regular expression matching the concrete paths of a URL pattern (`:param` = one segment). */
export function routePattern(url: string): RegExp {
  return new RegExp(`^${url.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z_]+/g, "[^/]+")}/?$`);
}

/** The methods served on a concrete path (HEAD left out), for the Allow header of a 405. */
export function allowedMethods(table: readonly RouteEntry[], path: string): string[] {
  return [...new Set(table.filter((r) => r.method !== "HEAD" && routePattern(r.url).test(path)).map((r) => r.method))];
}
