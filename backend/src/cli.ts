#!/usr/bin/env node
// The `webex-wholesale-emulator` command: flags, else WEBEX_EMULATOR_* environment variables.
import { parseArgs } from "node:util";
import { startEmulator } from "./index";
import { PRESETS, RealityModes, STRICT, type RealityPatch } from "./control/reality";
import { DEFAULT_DELAY_MS } from "./control/timing";

const HELP = `webex-wholesale-emulator — a stateful emulator of the Webex for Wholesale provisioning API

Usage: webex-wholesale-emulator [options]

  --port N           port (default 8787; 0 = any free port)          WEBEX_EMULATOR_PORT
  --host H           interface (default 127.0.0.1)                    WEBEX_EMULATOR_HOST
  --db PATH          SQLite file (default ./webex-emulator.db)        WEBEX_EMULATOR_DB
  --memory           in-memory database, gone on exit                 WEBEX_EMULATOR_MEMORY=1
  --delay MS         provisioning delay (default ${DEFAULT_DELAY_MS}; 0 = immediate) WEBEX_EMULATOR_DELAY_MS
  --rate-limit RPS   per-token rate limit (default off)               WEBEX_EMULATOR_RATE_LIMIT
  --token T          development partner's token (default: kept in the db, or random)  WEBEX_EMULATOR_TOKEN
  --admin-token T    control-plane token (default random)             WEBEX_EMULATOR_ADMIN_TOKEN
  --public-url URL   base of Location/Link headers (default http://HOST:PORT)  WEBEX_EMULATOR_PUBLIC_URL
  --quiet            no JSON access log

Strict-reality modes (every partner; per partner: PUT /_emulator/partners/ID/reality):
  --realistic        all of the below at realistic levels               WEBEX_EMULATOR_REALISTIC=1
  --visibility-lag MS   new objects stay out of lists and key lookups for MS
  --lax-uniqueness      externalId and email are not enforced unique
  --lost-responses RATE share (0..1) of writes whose answer is lost after they are applied
  --lost-as reset|504   how an answer is lost (default reset: the connection drops)
  --slow-writes MS[-MS] each write waits MS (or between MIN and MAX) before it is applied
  --busy-updates MS     a customer stays updating MS after a PUT; writes on it meanwhile get 409
  --help             this text

Webex API base URL: http://HOST:PORT/v1   Control plane: http://HOST:PORT/_emulator/…   Spec: /openapi.json
Web console (read-only, sign in with a partner token or the admin token): http://HOST:PORT/`;

/** Parse argv and environment into startEmulator options; exits on --help or bad input. */
function options(argv: string[], env: NodeJS.ProcessEnv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" }, host: { type: "string" }, db: { type: "string" }, memory: { type: "boolean" },
      delay: { type: "string" }, "rate-limit": { type: "string" }, token: { type: "string" }, "admin-token": { type: "string" },
      quiet: { type: "boolean" }, help: { type: "boolean", short: "h" }, "public-url": { type: "string" },
      realistic: { type: "boolean" }, "visibility-lag": { type: "string" }, "lax-uniqueness": { type: "boolean" },
      "lost-responses": { type: "string" }, "lost-as": { type: "string" }, "slow-writes": { type: "string" }, "busy-updates": { type: "string" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const num = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined || v === "") return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) fail(`${name} must be a non-negative number, got ${v}`);
    return n;
  };
  const flag = (v: string | undefined) => ["1", "true", "yes"].includes((v ?? "").toLowerCase());
  const memory = values.memory ?? flag(env.WEBEX_EMULATOR_MEMORY);
  const publicUrl = values["public-url"] ?? env.WEBEX_EMULATOR_PUBLIC_URL;
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(publicUrl)) fail(`--public-url must be an http(s) URL, got ${publicUrl}`);
  const patch: RealityPatch = {
    ...(values.realistic ?? flag(env.WEBEX_EMULATOR_REALISTIC) ? { preset: "realistic" as const } : {}),
    ...(values["visibility-lag"] !== undefined ? { visibilityLagMs: num("--visibility-lag", values["visibility-lag"]) } : {}),
    ...(values["lax-uniqueness"] ? { enforceUniqueness: false } : {}),
    ...(values["lost-responses"] !== undefined ? { lostResponseRate: num("--lost-responses", values["lost-responses"]) } : {}),
    ...(values["lost-as"] !== undefined ? { lostResponseAs: values["lost-as"] as "reset" } : {}),
    ...(values["slow-writes"] !== undefined ? { slowWritesMs: range("--slow-writes", values["slow-writes"]) } : {}),
    ...(values["busy-updates"] !== undefined ? { busyUpdatesMs: num("--busy-updates", values["busy-updates"]) } : {}),
  };
  const checked = RealityModes.safeParse({ ...(patch.preset ? PRESETS[patch.preset] : STRICT), ...withoutPreset(patch) });
  if (!checked.success) fail(`strict-reality flags: ${checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const rps = num("--rate-limit", values["rate-limit"] ?? env.WEBEX_EMULATOR_RATE_LIMIT);
  const token = values.token ?? env.WEBEX_EMULATOR_TOKEN;
  const adminToken = values["admin-token"] ?? env.WEBEX_EMULATOR_ADMIN_TOKEN;
  return {
    port: num("--port", values.port ?? env.WEBEX_EMULATOR_PORT) ?? 8787,
    host: values.host ?? env.WEBEX_EMULATOR_HOST ?? "127.0.0.1",
    memory,
    ...(memory ? {} : { dbPath: values.db ?? env.WEBEX_EMULATOR_DB ?? "./webex-emulator.db" }),
    delayMs: num("--delay", values.delay ?? env.WEBEX_EMULATOR_DELAY_MS) ?? DEFAULT_DELAY_MS,
    rateLimit: rps ? { rps } : null,
    ...(token ? { devToken: token } : {}),
    ...(adminToken ? { adminToken } : {}),
    logger: !values.quiet,
    ...(publicUrl ? { publicUrl } : {}),
    reality: checked.data,
  };
}

// "MS" or "MIN-MAX" (milliseconds).
function range(name: string, v: string): number | [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(v);
  if (!m) fail(`${name} must be MS or MIN-MAX in milliseconds, got ${v}`);
  return m[2] === undefined ? Number(m[1]) : [Number(m[1]), Number(m[2])];
}

function withoutPreset({ preset: _p, ...rest }: RealityPatch): Partial<RealityModes> {
  return rest;
}

// One line for the banner: "strict", or the modes that are on.
function realityLine(m: RealityModes): string {
  const on = [
    m.visibilityLagMs ? `visibility lag ${m.visibilityLagMs} ms` : "",
    m.enforceUniqueness ? "" : "lax uniqueness",
    m.lostResponseRate ? `lost responses ${m.lostResponseRate} (${m.lostResponseAs})` : "",
    m.slowWritesMs !== 0 ? `slow writes ${Array.isArray(m.slowWritesMs) ? m.slowWritesMs.join("-") : m.slowWritesMs} ms` : "",
    m.busyUpdatesMs ? `busy updates ${m.busyUpdatesMs} ms` : "",
  ].filter(Boolean);
  return on.length ? on.join(", ") : "strict (none of the strict-reality modes)";
}

function fail(message: string): never {
  console.error(`webex-wholesale-emulator: ${message}\n(--help for usage)`);
  process.exit(2);
}

async function main(): Promise<void> {
  let opts;
  try {
    opts = options(process.argv.slice(2), process.env);
  } catch (e) {
    fail((e as Error).message);
  }
  const emu = await startEmulator(opts);
  // Handlers before the banner: whoever waits for the banner may signal at once.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    emu.close().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  console.log([
    `Webex Wholesale emulator listening on ${emu.url}`,
    `  base URL:      ${emu.baseUrl}`,
    `  console:       ${emu.url}/   (sign in with a partner token or the admin token)`,
    `  database:      ${opts.dbPath ?? "(memory)"}`,
    `  dev partner:   ${emu.devPartnerId}`,
    `  dev token:     ${emu.devToken}`,
    `  admin token:   ${emu.adminToken}`,
    `  reality:       ${realityLine(opts.reality)}`,
    `  delay:         ${opts.delayMs} ms${opts.rateLimit ? `, rate limit ${opts.rateLimit.rps} rps` : ""}`,
  ].join("\n"));
}

main().catch((e) => {
  console.error(`webex-wholesale-emulator: ${(e as Error).message}`);
  process.exit(1);
});
