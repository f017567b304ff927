// Benchmark 4: the emulator's throughput over loopback with autocannon — GET a customer, list a
// customer's subscribers, provision subscribers — with SQLite persistence on (a database file),
// against a bare Fastify "hello" route measured in the same run on the same machine.
import autocannon from "autocannon";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../test/support/pulumi";
import { startChildServer, type ChildServer } from "./child-server";
import { quantile, round } from "./numbers";
import { cpuSecondsOf } from "./process-usage";

/** One endpoint's measurement: medians over the rounds. */
export interface EndpointFigures {
  /** Mean requests per second of a round, median over the rounds. */
  requestsPerSecond: number;
  /** 99th-percentile latency, ms, median over the rounds. */
  p99LatencyMs: number;
  /** Answers that were not 2xx, all rounds (must be 0 for the figure to mean anything). */
  non2xx: number;
  /** Connection errors and timeouts, all rounds. */
  errors: number;
  /** Server CPU time per request (user + system, from /proc), µs, median over the rounds. */
  serverCpuMicrosPerRequest: number;
  /** Median over the rounds of req/s ÷ the req/s of the hello route measured just before (absent for hello). */
  ratioToHello?: number;
  /** The same with server CPU per request (hello's ÷ this endpoint's): free of the load generator's limits. */
  cpuRatioToHello?: number;
}

/** emulator.json */
export interface EmulatorThroughputResult {
  connections: number;
  durationSeconds: number;
  /** Each endpoint is measured this many times, each time right after the hello route (a pair). */
  rounds: number;
  persistence: string;
  /** Subscribers in the listed customer (one page). */
  listedSubscribers: number;
  endpoints: Record<"hello" | "getCustomer" | "listSubscribers" | "provisionSubscriber", EndpointFigures>;
  /** The issue's target for the GET endpoints' ratio to hello. */
  getRatioTarget: number;
}

/** Options of the throughput benchmark. */
export interface ThroughputOptions {
  durationSeconds: number;
  connections: number;
  rounds: number;
}

const TOKEN = "bench-partner-token";
const ADMIN = "bench-admin-token";
const LISTED = 10;

async function post(base: string, p: string, body: unknown): Promise<any> {
  const res = await fetch(`${base}/v1${p}`, {
    method: "POST", headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`seed POST ${p}: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * A template and two provisioned customers: one with LISTED subscribers (GET and list), and one that
 * receives the provisioned subscribers, so the list keeps its size however many POSTs ran before.
 */
async function seed(base: string): Promise<{ listed: string; provisioned: string }> {
  const t = await post(base, "/wholesale/onboardingTemplates", {
    name: "Throughput", serviceProviderAdminEmail: "sp@bench.example", country: "US", defaultEmailLanguage: "en_US", subscriptionId: "sub-1",
  });
  const address = { addressLine1: "1 Main St", city: "Austin", stateOrProvince: "TX", zipOrPostalCode: "73301", country: "US" };
  const customer = async (n: number): Promise<string> => {
    const accepted = await post(base, "/wholesale/customers", {
      provisioningId: t.provisioningId, packages: ["webex_meetings"], externalId: `tp-${n}`, address,
      customerInfo: { name: `Throughput ${n}`, primaryEmail: `admin@tp${n}.example` },
    });
    return String(accepted.url).split("/").pop()!;
  };
  const listed = await customer(1);
  for (let i = 0; i < LISTED; i++) {
    await post(base, "/wholesale/subscribers", {
      customerId: listed, email: `listed-${i}@tp1.example`, packages: ["webex_meetings"], provisioningParameters: { firstName: "L", lastName: `N${i}` },
    });
  }
  return { listed, provisioned: await customer(2) };
}

async function load(o: ThroughputOptions, opts: autocannon.Options, durationSeconds: number): Promise<autocannon.Result> {
  return autocannon({ connections: o.connections, pipelining: 1, ...opts, duration: durationSeconds });
}

/** One measured round of one endpoint. */
interface Round {
  result: autocannon.Result;
  cpuMicrosPerRequest: number;
}

/** Run benchmark 4. */
export async function emulatorThroughputBenchmark(o: ThroughputOptions, progress: (msg: string) => void): Promise<EmulatorThroughputResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-emulator-"));
  const servers: ChildServer[] = [];
  try {
    const emulator = await startChildServer([path.join(REPO_ROOT, "backend/dist/cli.js"), "--port", "0", "--db", path.join(dir, "emulator.db"),
      "--delay", "0", "--token", TOKEN, "--admin-token", ADMIN, "--quiet"], REPO_ROOT);
    servers.push(emulator);
    const hello = await startChildServer(["-r", "ts-node/register/transpile-only", path.join(REPO_ROOT, "bench/hello-server.ts")], REPO_ROOT);
    servers.push(hello);
    const { listed, provisioned } = await seed(emulator.url);
    const auth = { Authorization: `Bearer ${TOKEN}` };
    let n = 0;
    const targets: Record<keyof EmulatorThroughputResult["endpoints"], autocannon.Options> = {
      hello: { url: `${hello.url}/hello` },
      getCustomer: { url: `${emulator.url}/v1/wholesale/customers/${listed}`, headers: auth },
      listSubscribers: { url: `${emulator.url}/v1/wholesale/subscribers?customerId=${listed}&max=${LISTED}`, headers: auth },
      provisionSubscriber: {
        url: `${emulator.url}/v1/wholesale/subscribers`,
        requests: [{
          method: "POST",
          headers: { ...auth, "content-type": "application/json" },
          // A new email per request: every POST provisions a subscriber (a committed SQLite write).
          setupRequest: (req) => ({ ...req, body: JSON.stringify({
            customerId: provisioned, email: `load-${n++}@tp2.example`, packages: ["webex_meetings"], provisioningParameters: { firstName: "Load", lastName: "Test" },
          }) }),
        }],
      },
    };
    const measure = async (name: keyof typeof targets): Promise<Round> => {
      const server = name === "hello" ? hello : emulator;
      const cpu0 = cpuSecondsOf(server.pid) ?? NaN;
      const result = await load(o, targets[name], o.durationSeconds);
      const cpuMicrosPerRequest = (((cpuSecondsOf(server.pid) ?? NaN) - cpu0) * 1e6) / Math.max(1, result.requests.total);
      progress(`  ${name}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ` +
        `${Math.round(cpuMicrosPerRequest)} µs server CPU per request, non-2xx ${result.non2xx}`);
      return { result, cpuMicrosPerRequest };
    };
    const endpoints = ["getCustomer", "listSubscribers", "provisionSubscriber"] as const;
    // Warm-up of every target (JIT, connections, SQLite page cache), not counted.
    for (const name of Object.keys(targets) as (keyof typeof targets)[]) await load(o, targets[name], 1);
    // The machine's other load changes from second to second: compare each endpoint with a hello
    // measured just before it, and take medians over the rounds.
    const pairs = new Map<string, { hello: Round; endpoint: Round }[]>(endpoints.map((e) => [e, []]));
    for (let i = 0; i < o.rounds; i++) {
      for (const name of endpoints) pairs.get(name)!.push({ hello: await measure("hello"), endpoint: await measure(name) });
    }
    const median = (xs: number[]) => quantile(xs, 0.5);
    const summary = (rs: Round[]): EndpointFigures => ({
      requestsPerSecond: round(median(rs.map((r) => r.result.requests.average)), 1),
      p99LatencyMs: round(median(rs.map((r) => r.result.latency.p99)), 2),
      non2xx: rs.reduce((a, r) => a + r.result.non2xx, 0),
      errors: rs.reduce((a, r) => a + r.result.errors, 0),
      serverCpuMicrosPerRequest: round(median(rs.map((r) => r.cpuMicrosPerRequest)), 1),
    });
    const figures = Object.fromEntries(endpoints.map((name) => {
      const ps = pairs.get(name)!;
      return [name, {
        ...summary(ps.map((p) => p.endpoint)),
        ratioToHello: round(median(ps.map((p) => p.endpoint.result.requests.average / p.hello.result.requests.average)), 3),
        cpuRatioToHello: round(median(ps.map((p) => p.hello.cpuMicrosPerRequest / p.endpoint.cpuMicrosPerRequest)), 3),
      }];
    }));
    const results = { hello: summary([...pairs.values()].flat().map((p) => p.hello)), ...figures } as EmulatorThroughputResult["endpoints"];
    return {
      connections: o.connections, durationSeconds: o.durationSeconds, rounds: o.rounds,
      persistence: "SQLite database file (WAL, synchronous=NORMAL, exclusive locking)", listedSubscribers: LISTED, endpoints: results, getRatioTarget: 0.5,
    };
  } finally {
    for (const s of servers) await s.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
