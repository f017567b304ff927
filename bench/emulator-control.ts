// The emulator's control plane as the benchmarks use it (rate limit, timing, journal, reset) and
// plain partner-token GETs of the Webex API, over loopback HTTP.
import type { JournalEntry } from "../backend/src/control/journal";

/** Where an emulator listens and its tokens (startEmulator's answer, or a child server's). */
export interface EmulatorEndpoint {
  /** http://127.0.0.1:port */
  url: string;
  /** url + "/v1" */
  baseUrl: string;
  devToken: string;
  adminToken: string;
}

/** One journaled request, as the emulator records it. */
export type { JournalEntry };

/** GET /_emulator/journal: entries and counts by "METHOD route". */
export interface Journal {
  entries: JournalEntry[];
  counts: Record<string, number>;
}

/** One JSON request with a bearer token; the parsed answer, or an Error for a non-2xx. */
export async function call(url: string, token: string, method: string, body?: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Typed control-plane client of one emulator. */
export class EmulatorControl {
  constructor(readonly endpoint: EmulatorEndpoint) {}

  private control(method: string, path: string, body?: unknown): Promise<unknown> {
    return call(`${this.endpoint.url}/_emulator${path}`, this.endpoint.adminToken, method, body);
  }

  /** Per-token server rate limit (burst defaults to rps); null switches it off. */
  async setRateLimit(rps: number | null, burst?: number): Promise<void> {
    await this.control("PUT", "/rate-limit", { rps, ...(burst ? { burst } : {}) });
  }

  /** Every customer transition (provision, update, delete) completes `ms` after it starts. */
  async setProvisioningDelay(ms: number): Promise<void> {
    const t = ms > 0 ? { mode: "delay", ms } : { mode: "immediate" };
    await this.control("PUT", "/timing", { customers: t, customerUpdates: t, customerDeletes: t });
  }

  /** Wipe templates, customers, subscribers and the journal (settings stay). */
  async reset(): Promise<void> {
    await this.control("POST", "/reset");
  }

  /** Journal entries since the last clear. */
  journal(): Promise<Journal> {
    return this.control("GET", "/journal") as Promise<Journal>;
  }

  /** Forget the journal, so the next `journal()` shows one step's requests. */
  async clearJournal(): Promise<void> {
    await this.control("DELETE", "/journal");
  }

  /** Object counts, rate-limited requests, requests journaled. */
  stats(): Promise<Record<string, unknown>> {
    return this.control("GET", "/stats") as Promise<Record<string, unknown>>;
  }

  /** Every customer of the development partner, as the API lists them (all pages). */
  async customers<T = Record<string, unknown>>(): Promise<T[]> {
    const out: T[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = (await this.api(`/wholesale/customers?max=100&offset=${offset}`)) as { items: T[] };
      out.push(...page.items);
      if (page.items.length < 100) return out;
    }
  }

  /** A partner-token GET of the Webex API (`path` under /v1). */
  api(path: string): Promise<unknown> {
    return call(`${this.endpoint.baseUrl}${path}`, this.endpoint.devToken, "GET");
  }
}
