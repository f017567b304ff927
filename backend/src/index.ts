// Library entry point: start an emulator for tests or tools, on 127.0.0.1 and a free port by default.
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { buildApp } from "./app";
import { DEV_PARTNER_ID } from "./control/partners";
import { EmulatorState } from "./state";
import { DEFAULT_DELAY_MS, defaultTiming, type Timing, type TimingConfig } from "./control/timing";
import { REALISTIC, STRICT, type RealityModes } from "./control/reality";

export type { Timing, TimingConfig, RealityModes };
export { DEFAULT_DELAY_MS, defaultTiming, buildApp, EmulatorState, REALISTIC, STRICT };

/** Options of startEmulator. */
export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** SQLite file; without it (or with memory: true) the state is thrown away on close. */
  dbPath?: string;
  /** Use an in-memory database (default true when no dbPath). */
  memory?: boolean;
  /** Delay of every customer transition, in ms (default 1500; 0 = immediate). */
  delayMs?: number;
  /** Timing per transition kind, overriding delayMs. */
  timing?: Partial<TimingConfig>;
  /** Per-token rate limit (default off). */
  rateLimit?: { rps: number; burst?: number } | null;
  /** Token of the development partner (random when absent). */
  devToken?: string;
  /** Token of the control plane (random when absent). */
  adminToken?: string;
  /** JSON access log on stdout (default false). */
  logger?: boolean;
  /** Public URL for Location and Link headers (default: the listen address, `url`). */
  publicUrl?: string;
  /** Strict-reality modes of every partner (default: strict); see REALISTIC. */
  reality?: RealityModes;
}

/** A running emulator. */
export interface RunningEmulator {
  /** http://host:port */
  url: string;
  /** url + "/v1": the Webex API base URL. */
  baseUrl: string;
  devToken: string;
  devPartnerId: string;
  adminToken: string;
  /** The state behind the server (for in-process tests). */
  state: EmulatorState;
  /** The HTTP app (for in-process tests: `inject`, and `routeTable` to walk every route). */
  app: FastifyInstance;
  /** Stop the server and close the database. */
  close(): Promise<void>;
}

/** Start an emulator; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const memory = options.memory ?? options.dbPath === undefined;
  const state = new EmulatorState({
    dbPath: memory ? ":memory:" : options.dbPath!,
    timing: { ...defaultTiming(options.delayMs ?? DEFAULT_DELAY_MS), ...options.timing },
    rateLimit: options.rateLimit ?? null,
    ...(options.devToken ? { devToken: options.devToken } : {}),
    ...(options.reality ? { reality: options.reality } : {}),
  });
  const adminToken = options.adminToken ?? `admin_${randomBytes(18).toString("base64url")}`;
  const app = buildApp(state, { adminToken, logger: options.logger ?? false, ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}) });
  try {
    await app.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1" });
  } catch (e) {
    state.close();
    throw e;
  }
  state.scheduler.start();
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : options.port ?? 0;
  const host = options.host ?? "127.0.0.1";
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  app.publicUrl ??= url;
  let closed = false;
  return {
    url,
    baseUrl: `${url}/v1`,
    devToken: state.devToken,
    devPartnerId: DEV_PARTNER_ID,
    adminToken,
    state,
    app,
    async close() {
      if (closed) return;
      closed = true;
      state.scheduler.stop();
      await app.close();
      state.close();
    },
  };
}
