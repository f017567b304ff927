// The web console [emulator]: a read-only page at `/` (plain HTML, JS and CSS from backend/console/,
// no build step) and the JSON it polls, GET /console/api/overview?since=CURSOR. The page keeps the
// token the user pasted in the tab's sessionStorage and sends it as a Bearer header, so a token is
// never in the page, in a URL or in the log. Polling (not SSE) because EventSource cannot send headers.
import type { FastifyInstance } from "fastify";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { SCOPES } from "webex-wholesale-wire";
import type { Viewer } from "../models/overview";
import { Partners } from "../control/partners";
import type { EmulatorState } from "../state";
import { isAdmin } from "./hooks";
import { route } from "./route";

/** Folder of the console's static files: backend/console, two levels up from both src/http and dist/http. */
export const CONSOLE_DIR = resolve(__dirname, "../../console");

/** Path of the JSON the page polls. */
export const OVERVIEW_PATH = "/console/api/overview";

/** URL path → file in CONSOLE_DIR and its content type. */
const ASSETS: Record<string, [file: string, type: string]> = {
  "/": ["index.html", "text/html; charset=utf-8"],
  "/console/console.js": ["console.js", "text/javascript; charset=utf-8"],
  "/console/console.css": ["console.css", "text/css; charset=utf-8"],
};

/** Same-origin only: even a customer name crafted as markup could neither run script nor load anything. */
const SECURITY_HEADERS = {
  "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};

const OverviewQuery = z.object({
  since: z.string().regex(/^\d{1,15}$/, "must be a journal cursor (a whole number)").transform(Number).optional(),
});

/** Register the console page, its assets and its JSON. The files are read once, here, so a missing file fails at start. */
export function consoleRoutes(app: FastifyInstance, state: EmulatorState, adminToken: string): void {
  for (const [path, [file, type]] of Object.entries(ASSETS)) {
    const body = readFileSync(join(CONSOLE_DIR, file));
    route(app, { method: "GET", url: path, access: { public: true }, status: 200 },
      ({ reply }) => reply.headers({ ...SECURITY_HEADERS, "Cache-Control": "no-cache" }).type(type).send(body));
  }
  route(app, { method: "GET", url: OVERVIEW_PATH, access: { console: true }, status: 200, tag: "console", query: OverviewQuery,
    summary: "What the web console at / shows: partners, templates, customers with locations and users, journal entries after ?since=CURSOR (partner token: its own; admin token: all)" },
  ({ query, req, reply }) => {
    reply.headers({ ...SECURITY_HEADERS, "Cache-Control": "no-store" });
    return state.overview.of(viewerOf(state, req.headers.authorization, adminToken), query.since);
  });
}

// The admin token sees everything; a partner token needs the customers-read scope, like GET /customers (401 / 403 otherwise).
function viewerOf(state: EmulatorState, authorization: string | undefined, adminToken: string): Viewer {
  if (isAdmin(authorization, adminToken)) return { role: "admin" };
  const p = state.partners.authenticate(authorization);
  Partners.require(p, SCOPES.customersRead);
  return { role: "partner", partnerId: p.partnerId, seesUsers: p.scopes.includes(SCOPES.subscribersRead) };
}
