// Benchmark 4: the emulator's throughput over loopback with autocannon — GET a customer, list a
// customer's subscribers, provision subscribers — with SQLite persistence on (a database file),
// against a bare Fastify "hello" route measured in the same run on the same machine.
import autocannon from "autocannon";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../test/support/pulumi";
import { startChildServer, type ChildServer } from "./child-server";
import { round } from "./numbers";

/** One endpoint's measurement. */
export interface EndpointFigures {
  /** Mean requests per second. */
  requestsPerSecond: number;
  /** 99th-percentile latency, ms. */
  p99LatencyMs: number;
  /** Answers that were not 2xx (must be 0 for the figure to mean anything). */
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** requestsPerSecond ÷ the hello route's (absent for the hello route itself). */
  ratioToHello?: number;
}

/** emulator.json */
export interface EmulatorThroughputResult {
  connections: number;
  durationSeconds: number;
  /** Each endpoint is measured this many times, interleaved; the best round counts (others' load only slows). */
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

function figures(r: autocannon.Result): EndpointFigures {
  return { requestsPerSecond: round(r.requests.average, 1), p99LatencyMs: round(r.latency.p99, 2), non2xx: r.non2xx, errors: r.errors };
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
    const best = new Map<string, autocannon.Result>();
    for (let round = 0; round < o.rounds; round++) {
      for (const [name, opts] of Object.entries(targets)) {
        await load(o, opts, 1); // warm-up: JIT, connections, SQLite page cache
        const r = await load(o, opts, o.durationSeconds);
        progress(`  ${name} (round ${round + 1}): ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}`);
        if (!best.has(name) || r.requests.average > best.get(name)!.requests.average) best.set(name, r);
      }
    }
    const helloRps = best.get("hello")!.requests.average;
    const endpoints = Object.fromEntries([...best].map(([name, r]) => [name, {
      ...figures(r), ...(name === "hello" ? {} : { ratioToHello: round(r.requests.average / helloRps, 3) }),
    }])) as EmulatorThroughputResult["endpoints"];
    return {
      connections: o.connections, durationSeconds: o.durationSeconds, rounds: o.rounds,
      persistence: "SQLite database file (WAL, synchronous=NORMAL)", listedSubscribers: LISTED, endpoints, getRatioTarget: 0.5,
    };
  } finally {
    for (const s of servers) await s.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
