// A scriptable loopback HTTP server for client tests: per-route reply scripts (status, headers,
// body, delay, socket destroy, hang), a request journal, and an in-flight high-water mark.
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted reply. */
export interface Reply {
  status?: number;
  body?: unknown;
  /** Sent verbatim instead of JSON. */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Wait before answering. */
  delayMs?: number;
  /** Destroy the socket without answering (network error). */
  destroy?: boolean;
  /** Never answer (client timeout). */
  hang?: boolean;
}

/** A request as the server saw it. */
export interface SeenRequest {
  method: string;
  /** Path below /v1, without query. */
  path: string;
  /** Full request target (path and query). */
  url: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** Arrival time (Date.now()). */
  at: number;
  remotePort?: number;
}

/** A reply function, or a script consumed in order whose last entry repeats. */
export type Script = Reply[] | ((req: SeenRequest, n: number) => Reply | Promise<Reply>);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The fault server. Base URL: `${server.baseUrl}` (ends in /v1). */
export class FaultServer {
  /** Every request received, in arrival order. */
  readonly requests: SeenRequest[] = [];
  /** Requests being handled now. */
  inFlight = 0;
  /** Highest `inFlight` seen. */
  maxInFlight = 0;
  private readonly routes = new Map<string, { script: Script; n: number }>();
  private server?: http.Server;

  /** Base URL including /v1. */
  baseUrl = "";

  /** Script `method path` (path below /v1, exact match). */
  route(method: string, path: string, script: Script): this {
    this.routes.set(`${method} ${path}`, { script, n: 0 });
    return this;
  }

  /** Requests matching method and path. */
  seen(method: string, path?: string): SeenRequest[] {
    return this.requests.filter((r) => r.method === method && (path === undefined || r.path === path));
  }

  /** Listen on 127.0.0.1, random port. */
  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  /** Stop, dropping open (hanging or keep-alive) connections. */
  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const u = new URL(req.url ?? "/", "http://x");
    const seen: SeenRequest = {
      method: req.method ?? "", path: u.pathname.replace(/^\/v1/, ""), url: req.url ?? "", query: u.searchParams,
      headers: req.headers, body: text ? JSON.parse(text) : undefined, at: Date.now(), remotePort: req.socket.remotePort,
    };
    this.requests.push(seen);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const route = this.routes.get(`${seen.method} ${seen.path}`);
      let reply: Reply;
      if (!route) reply = { status: 404, body: { message: "no such route", trackingId: "ROUTER_404" } };
      else {
        const n = route.n++;
        reply = typeof route.script === "function" ? await route.script(seen, n) : route.script[Math.min(n, route.script.length - 1)]!;
      }
      if (reply.delayMs) await sleep(reply.delayMs);
      if (reply.hang) {
        await new Promise<void>((r) => req.socket.once("close", () => r()));
        return;
      }
      if (reply.destroy) {
        req.socket.destroy();
        return;
      }
      const body = reply.rawBody ?? (reply.body === undefined ? "" : JSON.stringify(reply.body));
      res.writeHead(reply.status ?? 200, {
        ...(body && reply.rawBody === undefined ? { "Content-Type": "application/json" } : {}),
        TrackingId: `HDR_${this.requests.length}`,
        ...reply.headers,
      });
      res.end(body);
    } finally {
      this.inFlight--;
    }
  }
}

/** Test settings: fast retries and polls, generous request timeout. */
export function fastSettings(baseUrl: string, over: Record<string, number | string> = {}) {
  return {
    baseUrl,
    token: "tok-SECRET-abc123",
    maxConcurrency: 8,
    requestsPerSecond: 0,
    maxRetries: 3,
    requestTimeoutMs: 5000,
    retryAfterCapMs: 2000,
    provisioningTimeoutMs: 5000,
    pollIntervalMs: 5,
    maxPollIntervalMs: 20,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
    ...over,
  };
}
