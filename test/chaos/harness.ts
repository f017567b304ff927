// Chaos harness shared by the chaos tests (test/chaos) and the soak (scripts/soak.ts): an emulator
// in a child process that can be killed with SIGKILL and restarted on the same database and port,
// the fault mix of a bad day (5xx, throttling, latency, lost responses), the examples/fleet program
// on a generated inventory, the provider's own request counters, and a census of the emulator
// against the inventory and the Pulumi state (duplicates, missing objects, orphans).
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { call, EmulatorControl, type EmulatorEndpoint } from "../../bench/emulator-control";
import { fleetInventory } from "../../bench/inventory";
import { descendants } from "../../bench/process-usage";
import type { Inventory } from "../../examples/fleet/load-inventory";
import { DEFAULT_SETTINGS, STATS_DIR_ENV, WholesaleClient } from "../../provider/src/client";
import { makeProgramDir, newStack, removeDir, REPO_ROOT, type CliStack, type RunOptions, type RunResult } from "../support/pulumi";

const EMULATOR_CLI = path.join(REPO_ROOT, "backend", "dist", "cli.js");

// ------------------------------------------------------------------------------------------------
// The emulator as a killable child process
// ------------------------------------------------------------------------------------------------

/** Options of EmulatorProcess.start. */
export interface EmulatorProcessOptions {
  /** Directory for the SQLite file (the caller removes it). */
  dir: string;
  /** Delay of every customer transition, ms. */
  delayMs: number;
  /** More CLI flags, e.g. ["--realistic"]. */
  args?: string[];
}

/** `node backend/dist/cli.js` on a database file; SIGKILL and restart keep the port and the file. */
export class EmulatorProcess implements EmulatorEndpoint {
  private child?: ChildProcess;
  url = "";
  baseUrl = "";
  readonly devToken = `chaos-dev-${process.pid}`;
  readonly adminToken = `chaos-admin-${process.pid}`;
  readonly dbPath: string;
  private port = 0;

  private constructor(private readonly opts: EmulatorProcessOptions) {
    this.dbPath = path.join(opts.dir, "emulator.db");
  }

  /** Start on a free 127.0.0.1 port. */
  static async start(opts: EmulatorProcessOptions): Promise<EmulatorProcess> {
    const emu = new EmulatorProcess(opts);
    await emu.launch();
    return emu;
  }

  /** Process id of the running server. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Resident set size of the server, kB (from /proc). */
  rssKb(): number {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  }

  /** kill -9: no shutdown hook runs, the database is left as the crash found it. */
  async kill9(): Promise<void> {
    await stopChild(this.child, "SIGKILL");
    this.child = undefined;
  }

  /** Start again on the same port and database (after kill9). */
  async restart(): Promise<void> {
    if (this.child) throw new Error("the emulator is still running");
    // The port was just freed; another process grabbing it in between is unlikely but possible.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.launch();
        return;
      } catch (e) {
        if (attempt >= 20 || !/EADDRINUSE/.test(String(e))) throw e;
        await sleep(250);
      }
    }
  }

  /** Graceful stop (SIGTERM). */
  async stop(): Promise<void> {
    await stopChild(this.child, "SIGTERM");
    this.child = undefined;
  }

  private launch(): Promise<void> {
    const child = spawn(process.execPath, [EMULATOR_CLI, "--port", String(this.port), "--db", this.dbPath,
      "--delay", String(this.opts.delayMs), "--token", this.devToken, "--admin-token", this.adminToken, "--quiet", ...(this.opts.args ?? [])], {
      cwd: this.opts.dir, stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      let out = "";
      let err = "";
      const timer = setTimeout(() => { child.kill("SIGKILL"); reject(new Error(`emulator: no start-up line\n${out}\n${err}`)); }, 30_000);
      child.stdout!.setEncoding("utf8").on("data", (d: string) => {
        out += d;
        const m = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
        if (!m) return;
        this.url = m[1]!;
        this.baseUrl = `${m[1]}/v1`;
        this.port = Number(m[2]); // a restart asks for this same port
        clearTimeout(timer);
        resolve();
      });
      child.stderr!.setEncoding("utf8").on("data", (d: string) => { err += d; });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        if (this.child === child) this.child = undefined;
        reject(new Error(`emulator exited (${code ?? signal})\n${out}\n${err}`));
      });
    });
  }
}

/** Send `signal` and wait for the exit (a SIGTERM not obeyed within 10 s becomes a SIGKILL). */
function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = signal === "SIGKILL" ? undefined : setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------------------------------------
// Control plane and an observer of the partner's objects
// ------------------------------------------------------------------------------------------------

/** A fault rule (POST /_emulator/faults). */
export interface FaultRule {
  method?: string;
  path: string;
  probability?: number;
  seed?: number;
  status?: number;
  retryAfter?: number;
  latencyMs?: number | [number, number];
  applyThenFail?: boolean;
}

/** The benchmarks' control-plane client, plus fault rules and a read-only token. */
export class Control extends EmulatorControl {
  /** `method /_emulator<p>` with a JSON body; the parsed answer, or an Error for a non-2xx. */
  async call<T = unknown>(method: string, p: string, body?: unknown): Promise<T> {
    return (await call(`${this.endpoint.url}/_emulator${p}`, this.endpoint.adminToken, method, body)) as T;
  }

  /** Add a fault rule (it goes after the existing ones). */
  addFault(rule: FaultRule): Promise<unknown> {
    return this.call("POST", "/faults", rule);
  }

  /** Remove every fault rule (and their counts). */
  clearFaults(): Promise<unknown> {
    return this.call("DELETE", "/faults");
  }

  /** Requests refused with 429 since the emulator process started. */
  async rateLimited(): Promise<number> {
    return Number((await this.stats()).rateLimited);
  }

  /** The duplicate census, straight from the emulator's database (never through an API client). */
  census(): Promise<DirectCensus> {
    return this.call<DirectCensus>("GET", "/census");
  }

  /** Requests the emulator journaled whose answer it lost on purpose (strict-reality mode), by method. */
  async lostAnswers(): Promise<Record<string, number>> {
    const { entries } = await this.call<{ entries: { method: string; lost?: string }[] }>("GET", "/journal");
    const out: Record<string, number> = {};
    for (const e of entries) if (e.lost) out[e.method] = (out[e.method] ?? 0) + 1;
    return out;
  }

  /** A read-only token of the development partner, for an observer with its own rate-limit bucket. */
  async readOnlyToken(): Promise<string> {
    const partners = await this.call<{ items: { id: string }[] }>("GET", "/partners");
    const dev = partners.items.find((p) => p.id === "dev-partner") ?? partners.items[0]!;
    return (await this.call<{ token: string }>("POST", `/partners/${dev.id}/tokens`, { readOnly: true })).token;
  }
}

/** GET /_emulator/census: objects per unique key per partner, read from storage. */
export interface DirectCensus {
  /** Per partner, per key kind (customer.externalId, subscriber.email, template.name, …), per key: the number of objects. */
  partners: Record<string, Record<string, Record<string, number>>>;
  /** Every key held by more than one object. */
  duplicates: { partnerId: string; kind: string; key: string; count: number }[];
  /** Objects beyond the first per key, summed. */
  extraObjects: number;
}

/** Inventory keys with no object in a direct census (any partner). */
export function missingFromCensus(c: DirectCensus, keys: FleetKeys): string[] {
  const has = (kind: string, key: string) => Object.values(c.partners).some((p) => (p[kind]?.[key] ?? 0) > 0);
  return [
    ...keys.templates.filter((k) => !has("template.name", k)).map((k) => `template ${k}`),
    ...keys.customers.filter((k) => !has("customer.externalId", k)).map((k) => `customer ${k}`),
    ...keys.users.filter((k) => !has("subscriber.email", k)).map((k) => `user ${k}`),
  ];
}

/** The mix of a bad day, as in issue 6 item 1. */
export interface ChaosSettings {
  /** Seed of every rule's random draws (runs are repeatable for a given request order). */
  seed: number;
  /** Share of requests on every route answered with a 5xx (before the handler). */
  errorRate: number;
  /** Latency added to every request, [min, max] ms. */
  latencyMs: [number, number];
  /** Share of customer and subscriber creations applied, then answered 500 (the response is lost). */
  lostResponseRate: number;
  /** Server rate limit per token, requests per second (burst = rps). */
  rps: number;
}

/** Defaults: 10% 5xx, 200–800 ms, 20% lost creation responses, 8 requests/s. */
export const BAD_DAY: ChaosSettings = { seed: 6, errorRate: 0.1, latencyMs: [200, 800], lostResponseRate: 0.2, rps: 8 };

/** Faults the emulator injected, summed over rule sets and restarts. */
export interface FaultTally {
  /** 500/503 answers sent instead of handling the request. */
  errors: number;
  /** Creations applied whose response was replaced by a 500. */
  lostResponses: number;
  /** 429 answers of the rate limiter. */
  throttled: number;
}

/**
 * The chaos rules of one emulator, and a tally of what they fired. The emulator fires the first
 * matching rule that draws, so the rules go in this order: lost creation responses, then 500 and
 * 503 (half the error rate each), then latency for the rest. Rules, their counts and the rate
 * limit live in the emulator's memory: `collect()` before a kill, `inject()` after a restart.
 */
export class Chaos {
  readonly tally: FaultTally = { errors: 0, lostResponses: 0, throttled: 0 };
  private seen = new Map<string, number>();
  private rateLimitedSeen = 0;

  constructor(private readonly control: Control, readonly settings: ChaosSettings = BAD_DAY) {}

  /** (Re)install the rules and the rate limit, keeping the tally. */
  async inject(): Promise<void> {
    await this.collect();
    const c = this.settings;
    await this.control.clearFaults();
    this.seen.clear();
    const common = { latencyMs: c.latencyMs };
    for (const [i, route] of ["/v1/wholesale/customers", "/v1/wholesale/subscribers"].entries()) {
      await this.control.addFault({ method: "POST", path: route, probability: c.lostResponseRate, seed: c.seed + i, applyThenFail: true, ...common });
    }
    const half = c.errorRate / 2;
    await this.control.addFault({ path: "/v1/**", probability: half, seed: c.seed + 10, status: 500, ...common });
    // Conditional on the 500 rule not firing, so that together they fire errorRate of the time.
    await this.control.addFault({ path: "/v1/**", probability: half / (1 - half), seed: c.seed + 11, status: 503, ...common });
    await this.control.addFault({ path: "/v1/**", probability: 1, seed: c.seed + 12, ...common });
    await this.control.setRateLimit(c.rps, c.rps);
    this.rateLimitedSeen = await this.control.rateLimited();
  }

  /** Add what fired since the last look to the tally (call before killing the emulator). */
  async collect(): Promise<FaultTally> {
    const { items } = await this.control.call<{ items: (FaultRule & { id: string; fired: number })[] }>("GET", "/faults");
    for (const r of items) {
      const delta = r.fired - (this.seen.get(r.id) ?? 0);
      this.seen.set(r.id, r.fired);
      if (r.applyThenFail) this.tally.lostResponses += delta;
      else if (r.status !== undefined) this.tally.errors += delta;
    }
    const limited = await this.control.rateLimited();
    this.tally.throttled += Math.max(0, limited - this.rateLimitedSeen);
    this.rateLimitedSeen = limited;
    return { ...this.tally };
  }
}

/**
 * Reads the partner's objects through the provider's own client (paging, retries of 5xx and 429),
 * with a read-only token of its own, so it works while the chaos rules are on.
 */
export function observer(emu: EmulatorEndpoint, token: string): WholesaleClient {
  return new WholesaleClient({ ...DEFAULT_SETTINGS, baseUrl: emu.baseUrl, token, maxRetries: 30, requestsPerSecond: 0, retryMaxDelayMs: 2_000 });
}

// ------------------------------------------------------------------------------------------------
// The fleet
// ------------------------------------------------------------------------------------------------

/**
 * The benchmark fleet (bench/inventory.ts), plus a second template that every other customer uses,
 * so templates are part of the run too. Keys carry `prefix`, so fleets can be told apart.
 */
export function chaosInventory(customers: number, usersPerCustomer: number, prefix = "chaos"): Inventory {
  const inv = fleetInventory({ customers, usersPerCustomer });
  const [std] = inv.templates;
  inv.templates.push({ ...std!, key: "alt", name: `${prefix} Alternate`, brandName: `${prefix} Alt Telco` });
  inv.templates[0] = { ...std!, name: `${prefix} Standard` };
  inv.customers = inv.customers.map((c, i) => ({ ...c, externalId: `${prefix}-${i + 1}`, template: i % 2 === 0 ? "std" : "alt" }));
  return inv;
}

/** Unique keys of an inventory, per kind. */
export interface FleetKeys {
  templates: string[];
  customers: string[];
  users: string[];
}

/** Template names, customer externalIds, user emails (lower case). */
export function keysOf(inv: Inventory): FleetKeys {
  return {
    templates: inv.templates.map((t) => String(t.name)),
    customers: inv.customers.map((c) => c.externalId),
    users: inv.customers.flatMap((c) => (c.users ?? []).map((u) => String(u.email).toLowerCase())),
  };
}

/** A stack of the examples/fleet program with its inventory file and client counters. */
export interface FleetStack {
  stack: CliStack;
  /** Rewrite the inventory the program reads. */
  writeInventory(inv: Inventory): void;
  /** Client counters of the provider processes since the last call (then forgotten). */
  takeClientStats(): ClientCounters;
  /** Remove the program copy, the state and the counters (destroy first). */
  cleanup(): void;
}

/** Provider settings a chaos run uses (stack config `webex-wholesale:*`). */
export interface FleetClientConfig {
  maxConcurrency?: number;
  requestsPerSecond?: number;
  maxRetries?: number;
  provisioningTimeoutSeconds?: number;
  visibilityLagSeconds?: number;
}

/** A copy of examples/fleet (same sources) in a temporary directory, with a stack on a temporary backend. */
export async function fleetStack(emu: EmulatorEndpoint, name: string, inv: Inventory, client: FleetClientConfig = {}): Promise<FleetStack> {
  const src = path.join(REPO_ROOT, "examples", "fleet");
  const dir = makeProgramDir({
    name: "webex-fleet",
    files: Object.fromEntries(["index.ts", "load-inventory.ts"].map((f) => [f, fs.readFileSync(path.join(src, f), "utf8")])),
  });
  const inventoryFile = path.join(dir, "chaos-inventory.json");
  const statsDir = fs.mkdtempSync(path.join(os.tmpdir(), "webex-stats-"));
  const writeInventory = (i: Inventory) => fs.writeFileSync(inventoryFile, JSON.stringify(i, null, 1));
  writeInventory(inv);
  const config: Record<string, string | { secret: string }> = {
    "webex-wholesale:baseUrl": emu.baseUrl,
    "webex-wholesale:token": { secret: emu.devToken },
    inventory: inventoryFile,
  };
  for (const [k, v] of Object.entries(client)) if (v !== undefined) config[`webex-wholesale:${k}`] = String(v);
  let stack: CliStack;
  try {
    stack = await newStack(dir, name, config, { [STATS_DIR_ENV]: statsDir });
  } catch (e) {
    removeDir(dir);
    removeDir(statsDir);
    throw e;
  }
  return {
    stack,
    writeInventory,
    takeClientStats: () => takeCounters(statsDir),
    cleanup() {
      stack.cleanup();
      removeDir(dir);
      removeDir(statsDir);
    },
  };
}

/** What the provider's client did (summed over plugin processes). */
export interface ClientCounters {
  /** HTTP attempts, retries included. */
  requests: number;
  retries: number;
  throttled: number;
  recoveredCreates: number;
}

/** Sum and remove the per-process counter files. */
function takeCounters(dir: string): ClientCounters {
  const sum: ClientCounters = { requests: 0, retries: 0, throttled: 0, recoveredCreates: 0 };
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".json"))) {
    const file = path.join(dir, f);
    const s = JSON.parse(fs.readFileSync(file, "utf8")) as Omit<ClientCounters, "requests"> & { requests: Record<string, number> };
    sum.requests += Object.values(s.requests).reduce((a, b) => a + b, 0);
    sum.retries += s.retries;
    sum.throttled += s.throttled;
    sum.recoveredCreates += s.recoveredCreates;
    fs.rmSync(file);
  }
  return sum;
}

/** Add counters (for totals over several commands). */
export function addCounters(a: ClientCounters, b: ClientCounters): ClientCounters {
  return { requests: a.requests + b.requests, retries: a.retries + b.retries, throttled: a.throttled + b.throttled, recoveredCreates: a.recoveredCreates + b.recoveredCreates };
}

/** Zero counters. */
export const NO_COUNTERS: ClientCounters = { requests: 0, retries: 0, throttled: 0, recoveredCreates: 0 };

// ------------------------------------------------------------------------------------------------
// Census: the emulator against the inventory and the state
// ------------------------------------------------------------------------------------------------

/** One resource of an exported state. */
interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
}

/** The parts of `pulumi stack export` a census needs. */
export interface ExportedState {
  /** Ids of the resources in state, per kind. */
  ids: { templates: Set<string>; customers: Set<string>; users: Set<string> };
  /** Pending operations left by an interrupted run. */
  pending: { type: string; urn: string; resourceType: string; inputs: Record<string, unknown> }[];
}

const KIND_OF: Record<string, keyof ExportedState["ids"]> = {
  OnboardingTemplate: "templates", CustomerOrg: "customers", CustomerUser: "users",
};

function kindOfType(type: string): keyof ExportedState["ids"] | undefined {
  return KIND_OF[type.split(":").pop() ?? ""];
}

/** `pulumi stack export`, reduced to ids per kind and pending operations. */
export async function exportedState(stack: CliStack): Promise<ExportedState> {
  const r = await stack.runOk(["stack", "export"]);
  const d = (JSON.parse(r.stdout) as { deployment?: { resources?: StateResource[]; pending_operations?: { type: string; resource: StateResource }[] } }).deployment ?? {};
  const ids = { templates: new Set<string>(), customers: new Set<string>(), users: new Set<string>() };
  for (const res of d.resources ?? []) {
    const kind = kindOfType(res.type);
    if (kind && res.id) ids[kind].add(res.id);
  }
  const pending = (d.pending_operations ?? []).map((op) => ({
    type: op.type, urn: op.resource.urn, resourceType: op.resource.type, inputs: op.resource.inputs ?? {},
  }));
  return { ids, pending };
}

/** What the emulator holds, compared with the inventory and the state. */
export interface Census {
  /** Objects per kind in the emulator. */
  counts: { templates: number; customers: number; users: number };
  /** Keys held by more than one object (must be empty). */
  duplicates: string[];
  /** Inventory keys with no object. */
  missing: string[];
  /** Objects whose key is not in the inventory. */
  unexpected: string[];
  /** Objects whose id is not in the state (nothing manages them). */
  orphans: string[];
  /** Ids in the state with no object (an acknowledged create that the emulator lost). */
  lost: string[];
  /** Customer statuses, e.g. { provisioned: 10 }. */
  customerStatuses: Record<string, number>;
}

/** Count the partner's objects by unique key and check them against `keys` and (optionally) the state. */
export async function census(client: WholesaleClient, keys: FleetKeys, state?: ExportedState): Promise<Census> {
  const [templates, customers, users] = await Promise.all([client.templates.list(), client.customers.list(), client.subscribers.list()]);
  const out: Census = {
    counts: { templates: templates.length, customers: customers.length, users: users.length },
    duplicates: [], missing: [], unexpected: [], orphans: [], lost: [], customerStatuses: {},
  };
  const check = (kind: keyof FleetKeys, objects: { id: string; key: string }[]) => {
    const byKey = new Map<string, number>();
    for (const o of objects) byKey.set(o.key, (byKey.get(o.key) ?? 0) + 1);
    const want = new Set(keys[kind]);
    for (const [k, n] of byKey) {
      if (n > 1) out.duplicates.push(`${kind} ${k} ×${n}`);
      if (!want.has(k)) out.unexpected.push(`${kind} ${k}`);
    }
    for (const k of want) if (!byKey.has(k)) out.missing.push(`${kind} ${k}`);
    if (!state) return;
    for (const o of objects) if (!state.ids[kind].has(o.id)) out.orphans.push(`${kind} ${o.key} (${o.id})`);
    const live = new Set(objects.map((o) => o.id));
    for (const id of state.ids[kind]) if (!live.has(id)) out.lost.push(`${kind} ${id}`);
  };
  check("templates", templates.map((t) => ({ id: t.id, key: t.name })));
  check("customers", customers.map((c) => ({ id: c.id, key: c.externalId })));
  check("users", users.map((u) => ({ id: u.id, key: u.email.toLowerCase() })));
  for (const c of customers) out.customerStatuses[c.status] = (out.customerStatuses[c.status] ?? 0) + 1;
  return out;
}

// ------------------------------------------------------------------------------------------------
// Killing a Pulumi run the hard way
// ------------------------------------------------------------------------------------------------

/**
 * SIGKILL a process and all its descendants, as when a CI runner dies. (Pulumi starts its plugins
 * in process groups of their own, so killing the CLI's group would leave the provider running.)
 */
export function killTree(pid: number): number {
  const seen = new Set<number>();
  // Twice: a child spawned while we collected is caught by the second pass.
  for (let pass = 0; pass < 2; pass++) {
    for (const p of [pid, ...descendants(pid)]) {
      if (seen.has(p) && pass > 0) continue;
      seen.add(p);
      try {
        process.kill(p, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }
  return seen.size;
}

/**
 * After a SIGKILL of the CLI on a `file://` backend: delete the metadata files (`*.attrs`) the kill
 * cut short. Pulumi's file backend writes each checkpoint atomically (temporary file + rename) but
 * its `.attrs` sidecar in place, so a kill in between leaves it empty and every later command fails
 * with "failed to load checkpoint: EOF". The sidecar holds only a content type and a checksum.
 * Returns the files removed (the README's "Interrupted run / recovery" step).
 */
export function removeCutAttrs(stateDir: string): string[] {
  const removed: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".attrs") && !parsesAsJson(fs.readFileSync(p, "utf8"))) {
        fs.rmSync(p);
        removed.push(path.relative(stateDir, p));
      }
    }
  };
  walk(path.join(stateDir, ".pulumi"));
  return removed;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Run `pulumi up` and SIGKILL it (with every process it started) as soon as `when()` holds
 * (checked every `everyMs`). Resolves with the run's result (code null when killed) and whether
 * the kill happened before the run finished on its own.
 */
export async function upKilledWhen(stack: CliStack, args: string[], when: () => Promise<boolean>, opts: Partial<RunOptions> & { everyMs?: number } = {}): Promise<RunResult & { killed: boolean; processes: number }> {
  let child: ChildProcess | undefined;
  let finished = false;
  const run = stack.run(["up", "--yes", ...args], { ...opts, onSpawn: (c) => { child = c; } }).finally(() => { finished = true; });
  let killed = false;
  let processes = 0;
  while (!finished) {
    await sleep(opts.everyMs ?? 250);
    if (!finished && child?.pid && await when()) {
      processes = killTree(child.pid);
      killed = true;
      break;
    }
  }
  return { ...(await run), killed, processes };
}
