// Shared by the hostile-input and isolation suites: an emulator seeded with one partner's objects,
// the route table turned into concrete requests (path parameters filled, the right token, a valid
// body), and one request runner over `inject` or real loopback HTTP with a deadline per request.
import { expect } from "chai";
import * as http from "node:http";
import * as net from "node:net";
import type { RunningEmulator } from "../../backend/src";
import type { RouteEntry } from "../../backend/src/http/routeTable";
import { customerBody, start, subscriberBody, templateBody } from "../backend/helpers";

/** The fixed fast-check seed of every property here (FUZZ_SEED overrides it to explore). */
export const SEED = Number(process.env.FUZZ_SEED ?? 0x5ec6);
/** A fixed seed per property and route, derived from SEED, so each route gets different cases. */
export function seedFor(...parts: string[]): number {
  let h = SEED | 0;
  for (const ch of parts.join("|")) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h >>> 0;
}
/** Scale of every numRuns (FUZZ_RUNS_FACTOR=10 for a longer local run). */
export const RUNS_FACTOR = Number(process.env.FUZZ_RUNS_FACTOR ?? 1);
/** Number of runs for a property, scaled by FUZZ_RUNS_FACTOR. */
export const runs = (n: number): number => Math.max(1, Math.round(n * RUNS_FACTOR));
/** Deadline of one request: past it the emulator is hanging. */
export const REQUEST_DEADLINE_MS = 10_000;

/** One partner's objects, by the name of the path parameter that addresses each. */
export interface Fixtures {
  /** The partner's token (not named `token`: that is a control-plane path parameter). */
  partnerToken: string;
  templateId: string;
  templateName: string;
  provisioningId: string;
  customerId: string;
  externalId: string;
  adminEmail: string;
  orgId: string;
  subscriberId: string;
  personId: string;
  subscriberEmail: string;
  locationId: string;
}

/** A request to send. */
export interface Req {
  method: string;
  /** Path with query string. */
  url: string;
  headers?: Record<string, string>;
  /** Raw body text (sent as is). */
  body?: string;
}

/** A response as the tests read it. */
export interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Parsed JSON body, or undefined. */
  json: any;
}

let seq = 0;

/** An emulator on 127.0.0.1:0 (memory DB, immediate transitions). */
export async function startTarget(): Promise<RunningEmulator> {
  return start();
}

/** Create a template, a provisioned customer (with its HQ location) and a subscriber for `token`'s partner. */
export async function seedPartner(emu: RunningEmulator, token: string, tag: string): Promise<Fixtures> {
  const n = `${tag}-${++seq}`;
  const call = async (method: string, url: string, body?: unknown) => {
    const r = await send(emu, { method, url, headers: auth(token), ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    expect(r.status, `${method} ${url}: ${r.text}`).to.be.lessThan(300);
    return r.json;
  };
  const templateName = `Template ${n}`;
  const tpl = await call("POST", "/v1/wholesale/onboardingTemplates", templateBody({ name: templateName }));
  const accepted = await call("POST", "/v1/wholesale/customers", customerBody(tpl.provisioningId, n));
  const customerId = String(accepted.url).split("/").pop()!;
  const customer = await call("GET", `/v1/wholesale/customers/${customerId}`);
  expect(customer.status).to.equal("provisioned");
  const subscriberEmail = `user-${n}@customer.example`;
  const sub = await call("POST", "/v1/wholesale/subscribers", subscriberBody(customerId, subscriberEmail, {}, { extension: "1001" }));
  const locations = await call("GET", `/v1/locations?orgId=${encodeURIComponent(customer.orgId)}`);
  return {
    partnerToken: token, templateId: tpl.id, templateName, provisioningId: tpl.provisioningId, customerId, externalId: customer.externalId,
    adminEmail: customer.primaryEmail, orgId: customer.orgId, subscriberId: sub.id, personId: sub.personId, subscriberEmail,
    locationId: locations.items[0].id,
  };
}

/** Seed again when a fixture was deleted or wiped (by a DELETE or a reset under test). */
export async function ensureFixtures(emu: RunningEmulator, fx: Fixtures, tag: string): Promise<Fixtures> {
  const alive = async (url: string) => (await send(emu, { method: "GET", url, headers: auth(fx.partnerToken) })).status === 200;
  const ok = await alive(`/v1/wholesale/customers/${fx.customerId}`) && await alive(`/v1/wholesale/subscribers/${fx.subscriberId}`)
    && await alive(`/v1/wholesale/onboardingTemplates/${fx.templateId}`) && await alive(`/v1/locations/${fx.locationId}`);
  return ok ? fx : seedPartner(emu, fx.partnerToken, tag);
}

/** `Authorization: Bearer <token>` (no header for an empty token). */
export const auth = (token: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

/** "METHOD /url/:pattern" — the key of a route. */
export const routeKey = (r: Pick<RouteEntry, "method" | "url">): string => `${r.method} ${r.url}`;

/** Who may call a route: the admin (control plane), a partner (Webex API, console JSON) or anyone. */
export function audience(r: RouteEntry): "admin" | "partner" | "public" {
  if (r.config.admin) return "admin";
  if (r.config.scope || r.url.startsWith("/console/api/")) return "partner";
  return "public";
}

/** The token a legitimate caller of `r` uses. */
export function tokenFor(emu: RunningEmulator, r: RouteEntry, fx: Fixtures): string {
  const who = audience(r);
  return who === "admin" ? emu.adminToken : who === "partner" ? fx.partnerToken : "";
}

/**
 * encodeURIComponent that also takes lone surrogates (as their WTF-8 bytes, an invalid UTF-8
 * sequence on the wire) instead of throwing: hostile ids and queries must reach the server.
 */
export function pct(s: string): string {
  return s.replace(/[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]|[^\ud800-\udfff]+/g, (part) => {
    if (part.length !== 1 || part.charCodeAt(0) < 0xd800 || part.charCodeAt(0) > 0xdfff) return encodeURIComponent(part);
    const u = part.charCodeAt(0);
    return [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join("");
  });
}

/** Values for the path parameters of the control plane (the Webex ones come from the fixtures). */
const CONTROL_PARAMS: Record<string, string> = { partnerId: "dev-partner", token: "not-a-real-token", id: "no-such-fault", email: "nobody@free.example" };

/** A route's concrete path, its `:params` filled from the fixtures (or `override`). */
export function fillPath(url: string, fx: Fixtures, override: Record<string, string> = {}): string {
  return url.replace(/:([A-Za-z_]+)/g, (_m, name: string) => {
    const v = override[name] ?? (fx as unknown as Record<string, string>)[name] ?? CONTROL_PARAMS[name];
    if (v === undefined) throw new Error(`no fixture for the path parameter :${name} — add one to test/security/support.ts`);
    return pct(v);
  });
}

/** Query strings a legitimate call of a route needs (a required parameter such as the Locations API's orgId). */
export function routeQuery(r: Pick<RouteEntry, "method" | "url">, fx: Fixtures): string {
  return routeKey(r) === "POST /v1/locations" ? `orgId=${pct(fx.orgId)}` : "";
}

/** Routes that take no body although their method could carry one (anything sent is ignored). */
export const BODYLESS = new Set([
  "POST /_emulator/reset",
  "POST /_emulator/free-accounts/:email/consent",
]);

/**
 * A valid body for every route that reads one. The hostile-input suite fails when a POST/PUT route
 * is neither here nor in BODYLESS, so a new route cannot skip the body fuzzing.
 */
export function validBodies(fx: Fixtures): Record<string, Record<string, unknown>> {
  const n = ++seq;
  return {
    "POST /v1/wholesale/onboardingTemplates": templateBody({ name: `Fuzz ${n}`, pstnProvider: "Acme PSTN", authentication: { method: "webex" } }),
    "PUT /v1/wholesale/onboardingTemplates/:templateId": templateBody({ name: fx.templateName, email: { brandName: "Acme" } }),
    "POST /v1/wholesale/customers": customerBody(fx.provisioningId, `fuzz-${n}`),
    "POST /v1/wholesale/customers/validate": { ...customerBody(fx.provisioningId, `fuzzv-${n}`), customerInfo: { name: "Precheck", primaryEmail: `pre-${n}@customer.example` } },
    "PUT /v1/wholesale/customers/:customerId": { packages: ["webex_calling", "webex_meetings"], externalId: fx.externalId },
    "POST /v1/wholesale/subscribers": subscriberBody(fx.customerId, `fuzz-${n}@customer.example`, {}, { extension: "2001" }),
    "POST /v1/wholesale/subscribers/validate": { customerId: fx.customerId, email: `fuzzv-${n}@customer.example`, packages: ["webex_calling"], provisioningParameters: { extension: "2002" } },
    "PUT /v1/wholesale/subscribers/:subscriberId": { packages: ["webex_calling"], provisioningParameters: { extension: "1001" } },
    "POST /v1/locations": { name: `Fuzz site ${n}`, timeZone: "America/Chicago", preferredLanguage: "en_us", announcementLanguage: "en_us",
      address: { address1: "1 Main St", city: "Austin", state: "TX", postalCode: "78701", country: "US" } },
    "PUT /v1/locations/:locationId": { notes: `fuzzed ${n}`, timeZone: "America/Los_Angeles" },
    "POST /_emulator/partners": { name: "Fuzz partner", id: `fuzz-partner-${n}` },
    "POST /_emulator/partners/:partnerId/tokens": { token: `fuzz-token-${n}`, scopes: ["spark-admin:wholesale_customers_read"], readOnly: true },
    "PUT /_emulator/timing": { customers: { mode: "immediate" }, customerUpdates: { mode: "delay", ms: 0 }, customerDeletes: { mode: "reads", reads: 1 } },
    "POST /_emulator/faults": { method: "TRACE", path: "/never/**", status: 418, probability: 0.5, seed: 7, times: 1, retryAfter: 1, applyThenFail: false },
    "PUT /_emulator/rate-limit": { rps: 1000, burst: 10 },
    "PUT /_emulator/reality": { preset: "strict", visibilityLagMs: 0, enforceUniqueness: true, lostResponseRate: 0, lostResponseAs: "504", seed: 1, slowWritesMs: [0, 0], busyUpdatesMs: 0 },
    "PUT /_emulator/partners/:partnerId/reality": { preset: "strict", visibilityLagMs: 0, slowWritesMs: 0 },
    "POST /_emulator/free-accounts": { email: `free-${n}@free.example` },
    "POST /_emulator/outcomes": { externalId: `never-${n}`, outcome: "error", errors: [{ errorCode: 1, description: "forced" }] },
  };
}

/** Undo what control-plane calls under test may have switched on (faults, throttling, slow transitions). */
export function restoreControlPlane(emu: RunningEmulator): void {
  emu.state.faults.reset();
  emu.state.rateLimiter.configure(null);
  emu.state.setTiming({ customers: { mode: "immediate" }, customerUpdates: { mode: "immediate" }, customerDeletes: { mode: "immediate" } });
  emu.state.control.reality.set({ preset: "strict" });
  emu.state.control.reality.clearPartners();
}

function withDeadline<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${REQUEST_DEADLINE_MS} ms (hang): ${what}`)), REQUEST_DEADLINE_MS);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

const parseJson = (text: string): unknown => {
  try { return text ? JSON.parse(text) : undefined; } catch { return undefined; }
};

/** Send in process with Fastify's `inject` (full request pipeline, no socket). */
export async function send(emu: RunningEmulator, req: Req): Promise<Res> {
  const r = await withDeadline(emu.app.inject({
    method: req.method as "GET",
    url: req.url,
    headers: { ...(req.body !== undefined && !hasHeader(req.headers, "content-type") ? { "content-type": "application/json" } : {}), ...req.headers },
    ...(req.body !== undefined ? { payload: req.body } : {}),
  }), `${req.method} ${req.url.slice(0, 200)}`);
  return { status: r.statusCode, headers: r.headers as Res["headers"], text: r.body, json: parseJson(r.body) };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** Send over real loopback HTTP (Node's client: what it refuses to send is not sent). */
export function sendHttp(emu: RunningEmulator, req: Req): Promise<Res> {
  const { hostname, port } = new URL(emu.url);
  const p = new Promise<Res>((resolve, reject) => {
    const r = http.request({ host: hostname, port, method: req.method, path: req.url, agent, headers: req.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parseJson(text) });
      });
      res.on("error", reject);
    });
    r.on("error", reject);
    r.end(req.body);
  });
  return withDeadline(p, `${req.method} ${req.url.slice(0, 200)} over HTTP`);
}

/** Write raw bytes to a fresh loopback connection and read the answer until the server closes it. */
export function sendRaw(emu: RunningEmulator, bytes: string): Promise<Res> {
  const { hostname, port } = new URL(emu.url);
  const p = new Promise<Res>((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("close", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const [head = "", ...rest] = raw.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers: Res["headers"] = {};
      for (const l of lines) {
        const i = l.indexOf(":");
        if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      const text = rest.join("\r\n\r\n");
      resolve({ status: Number(statusLine.split(" ")[1] ?? 0), headers, text, json: parseJson(text) });
    });
    socket.end(bytes);
  });
  return withDeadline(p, `raw ${JSON.stringify(bytes.slice(0, 80))}`);
}

/** Close the keep-alive sockets of sendHttp. */
export const closeHttp = (): void => agent.destroy();

function hasHeader(h: Record<string, string> | undefined, name: string): boolean {
  return Object.keys(h ?? {}).some((k) => k.toLowerCase() === name);
}

/** Statuses that refuse the request itself (validation, size, media type, protocol). */
export const INPUT_REFUSALS: ReadonlySet<number> = new Set([400, 413, 414, 415, 431]);

/** A field path at the start of an error description ("address.country: …", "headers.host: …", '[""].__proto__: …'). */
const FIELD_PREFIX = /^((?:[A-Za-z_$][\w$-]*|\[".*?"\])(?:\.[\w$-]+|\[".*?"\])*): \S/;

/**
 * Assert the official error body (message, errors[{description, errorCode}], trackingId, and the
 * TrackingId header) and, for input refusals, that every description starts with the field it is
 * about. Returns the field paths named.
 */
export function expectOfficialError(res: Res, what: string): string[] {
  expect(res.json, `${what}: error body is JSON: ${res.text.slice(0, 300)}`).to.be.an("object");
  expect(res.json, what).to.have.keys("message", "errors", "trackingId");
  expect(res.json.message, what).to.be.a("string").and.not.equal("");
  expect(res.json.trackingId, what).to.match(/^ROUTER_[0-9A-F-]{36}$/);
  expect(res.headers.trackingid, `${what}: TrackingId header`).to.equal(res.json.trackingId);
  expect(res.json.errors, what).to.be.an("array").that.is.not.empty;
  for (const e of res.json.errors) {
    expect(e, what).to.have.keys("description", "errorCode");
    expect(e.errorCode, what).to.be.a("number");
  }
  expect(res.json.errors[0].description, what).to.equal(res.json.message);
  if (!INPUT_REFUSALS.has(res.status)) return [];
  return res.json.errors.map((e: { description: string }) => {
    const m = FIELD_PREFIX.exec(e.description);
    expect(m, `${what}: "${e.description}" does not start with the field it refuses`).to.not.equal(null);
    return m![1]!;
  });
}

/**
 * The forms a secret could leak in: raw, base64 and base64url (at each of the three byte
 * alignments it can have inside a longer encoded text, without the edge characters that depend on
 * its neighbours), hex (both cases) and URL encoding. Each entry: [form, text to search for].
 */
export function leakForms(secret: string): [string, string][] {
  const out: [string, string][] = [["raw", secret]];
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.from("\0".repeat(pad) + secret).toString("base64");
    // Drop the first group when padding shares it, and the last group (it depends on what follows).
    const core = b64.slice(pad === 0 ? 0 : 4, b64.length - 4);
    out.push(["base64", core], ["base64url", core.replace(/\+/g, "-").replace(/\//g, "_")]);
  }
  const hex = Buffer.from(secret).toString("hex");
  out.push(["hex", hex], ["hex", hex.toUpperCase()], ["url", encodeURIComponent(secret)], ["url", encodeURIComponent(encodeURIComponent(secret))]);
  // Each form only once; a form equal to the raw text adds nothing; too short a core would match by chance.
  const seen = new Set<string>();
  return out.filter(([form, text]) => (form === "raw" || (text !== secret && text.length >= 12)) && !seen.has(text) && seen.add(text) !== undefined);
}
