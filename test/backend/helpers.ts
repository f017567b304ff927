// Test helpers: start an emulator, call it with fetch, and build valid request bodies.
import { expect } from "chai";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../backend/src";

/** A parsed response. */
export interface Res<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Start an emulator on 127.0.0.1:0, in memory, with immediate transitions unless told otherwise. */
export function start(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ delayMs: 0, ...opts });
}

/** A fetch-based client bound to one token. */
export function client(emu: RunningEmulator, token = emu.devToken) {
  const call = async <T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> => {
    const init: RequestInit = { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } };
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)["content-type"] ??= "application/json";
    }
    const r = await fetch(emu.url + path, init);
    const text = await r.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { /* keep text */ }
    return { status: r.status, headers: r.headers, body: parsed as T };
  };
  return {
    call,
    get: <T = any>(p: string) => call<T>("GET", p),
    post: <T = any>(p: string, b?: unknown) => call<T>("POST", p, b),
    put: <T = any>(p: string, b?: unknown) => call<T>("PUT", p, b),
    del: <T = any>(p: string) => call<T>("DELETE", p),
  };
}
/** A client of the emulator. */
export type Client = ReturnType<typeof client>;

/** The control-plane client. */
export const admin = (emu: RunningEmulator): Client => client(emu, emu.adminToken);

/** Assert an official error body with this status and errorCode; returns the body. */
export function expectError(r: Res, status: number, errorCode?: number): any {
  expect(r.status, JSON.stringify(r.body)).to.equal(status);
  expect(r.body).to.have.keys("message", "errors", "trackingId");
  expect(r.body.trackingId).to.match(/^ROUTER_[0-9A-F-]{36}$/);
  expect(r.headers.get("trackingid")).to.equal(r.body.trackingId);
  expect(r.body.errors[0]).to.have.keys("description", "errorCode");
  if (errorCode !== undefined) expect(r.body.errors[0].errorCode).to.equal(errorCode);
  return r.body;
}

/** A valid onboarding template body. */
export const templateBody = (over: Record<string, unknown> = {}) => ({
  name: "Standard", serviceProviderAdminEmail: "sp-admin@provider.example", country: "US",
  defaultEmailLanguage: "en_US", subscriptionId: "sub-001", ...over,
});

const addr = { addressLine1: "771 Alder Drive", city: "Milpitas", stateOrProvince: "CA", zipOrPostalCode: "95035", country: "US" };

/** A valid customer body with a calling package and HQ location. */
export const customerBody = (provisioningId: string, n: number | string, over: Record<string, unknown> = {}) => ({
  provisioningId,
  packages: ["webex_calling", "webex_meetings"],
  externalId: `ext-${n}`,
  address: addr,
  customerInfo: { name: `Customer ${n}`, primaryEmail: `admin${n}@customer.example`, language: "en" },
  provisioningParameters: { calling: { location: { name: "Head Office", address: addr, timezone: "America/Los_Angeles", language: "en_us" } } },
  ...over,
});

/** Create a template; returns its provisioningId. */
export async function makeTemplate(c: Client, over: Record<string, unknown> = {}): Promise<string> {
  const r = await c.post("/v1/wholesale/onboardingTemplates", templateBody(over));
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  return r.body.provisioningId;
}

/** Provision a customer and wait until it settles; returns the customer. */
export async function makeCustomer(c: Client, provisioningId: string, n: number | string, over: Record<string, unknown> = {}): Promise<any> {
  const r = await c.post("/v1/wholesale/customers", customerBody(provisioningId, n, over));
  expect(r.status, JSON.stringify(r.body)).to.equal(202);
  const id = r.body.url.split("/").pop();
  return waitFor(c, id, (x) => x.status !== "provisioning");
}

/** Poll GET customer until `done` (max ~8 s). */
export async function waitFor(c: Client, id: string, done: (x: any) => boolean): Promise<any> {
  for (let i = 0; i < 160; i++) {
    const r = await c.get(`/v1/wholesale/customers/${id}`);
    if (r.status === 404) return undefined;
    if (done(r.body)) return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`customer ${id} did not settle`);
}

/** A subscriber body. */
export const subscriberBody = (customerId: string, email: string, over: Record<string, unknown> = {}, params: Record<string, unknown> = {}) => ({
  customerId, email, packages: ["webex_calling"], ...over,
  provisioningParameters: { firstName: "Ada", lastName: "Lovelace", primaryPhoneNumber: undefined, extension: undefined, ...params },
});
