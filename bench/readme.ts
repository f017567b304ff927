// Renders the README's Performance figures from bench/results/*.json, between the markers
// <!-- bench:begin --> and <!-- bench:end -->. `make bench` calls it after a full run; run it alone
// (npx ts-node -T bench/readme.ts) to re-render from the committed results.
import * as fs from "node:fs";
import * as path from "node:path";
import type { EmulatorThroughputResult } from "./emulator-throughput";
import type { FleetResult, LargeFleetResult, NoopRefreshResult, PollingResult } from "./fleet";
import type { ProvisioningFigures } from "./fleet-figures";
import type { MachineInfo } from "./machine";
import type { ScalingPoint, ScalingResult } from "./scaling";
import { renderTargets, targetChecks } from "./targets";

const BEGIN = "<!-- bench:begin -->";
const END = "<!-- bench:end -->";

type Stamped<T> = T & { measuredAt: string; commit?: string; machine: MachineInfo; smoke: boolean };

function load<T>(dir: string, name: string): Stamped<T> | undefined {
  const file = path.join(dir, `${name}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Stamped<T>) : undefined;
}

const s = (x: number) => `${x.toFixed(1)} s`;
const x2 = (x: number) => x.toFixed(2);

/** Load above the CPU count: other work shared the CPUs, so the wall times are noisy. */
function noisy(load: number | undefined, cpus: number): string {
  return load !== undefined && load > cpus ? ` (noisy: load ${load.toFixed(1)})` : "";
}

function run(label: string, f: ProvisioningFigures, cpus: number): string {
  const outcome = f.exitCode === 0 ? "" : ` — **failed** (exit ${f.exitCode})`;
  return `| ${label}${noisy(f.loadAverage1m, cpus)} | ${s(f.wallSeconds)} | ${s(f.minimalBoundSeconds)} (${f.minimalRequests}) | **${x2(f.ratioToMinimalBound)}** | ` +
    `${s(f.lowerBoundSeconds)} (${f.requests - f.http429}) | ${x2(f.ratioToBound)} | ${x2(f.apiSpanRatioToBound)} | ${f.requests} | ${f.http429} | ${s(f.startupSeconds)}${outcome} |`;
}

function scalingRow(p: ScalingPoint, checkpoints: string, cpus: number): string {
  return `| ${p.factor}× (${p.customers}×${p.users / p.customers}, ${p.resources} resources)${noisy(p.loadAverage1m, cpus)} | ${checkpoints} | ${s(p.wallSeconds)} | ${p.requests} | ` +
    `${x2(p.ratioToMinimalBound)} | ${x2(p.ratioToBound)} | ${p.servedPerSecond} | ${p.providerPeakRssMiB} | ${p.programPeakRssMiB} | ${p.engineCpuSeconds} |`;
}

/** Where the start-up before the first request went: when each process appeared, and its CPU. */
function startup(f: ProvisioningFigures): string {
  const p = f.processes;
  const at = (role: string, label: string) => (p[role] ? `${label} at ${p[role]!.firstSeenSeconds.toFixed(1)} s (${p[role]!.cpuSeconds.toFixed(1)} s CPU in the run)` : undefined);
  const parts = [at("languageHost", "language host"), at("program", "program"), at("provider", "provider plugin")].filter(Boolean);
  return `Start-up ${s(f.startupSeconds)} before the first request: ${parts.join(", ")}; the program then constructs every resource before the engine starts the first step.`;
}

/** The generated Markdown (between the markers). */
export function renderSection(dir: string): string {
  const fleet = load<FleetResult>(dir, "fleet");
  const noop = load<NoopRefreshResult>(dir, "noop-refresh");
  const polling = load<PollingResult>(dir, "polling");
  const scaling = load<ScalingResult>(dir, "scaling");
  const emulator = load<EmulatorThroughputResult>(dir, "emulator");
  const large = load<LargeFleetResult>(dir, "fleet-large");
  const stamp = fleet ?? emulator ?? scaling;
  const lines: string[] = [];
  const cpus = stamp?.machine.cpus ?? 1;
  if (stamp) {
    const m = stamp.machine;
    lines.push(`Measured ${stamp.measuredAt.slice(0, 10)} at commit \`${(stamp.commit ?? "unknown").slice(0, 12)}\` on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, load average ${m.loadAverage1m} at the start` +
      ` (${m.platform}; Node.js ${m.node}; Pulumi ${m.pulumi}). Compare ratios, not seconds: they were measured in the same run. ` +
      `A row marked *noisy* started with a load average above the ${m.cpus} CPUs: other work shared them, and its times are inflated.`, "");
  }
  lines.push("**Goals** (issue 18), from the results below:", "", ...renderTargets(targetChecks({ fleet, noop, scaling, emulator })), "");
  if (fleet) {
    lines.push(`**Fleet provisioning** — ${fleet.customers} customers × ${fleet.usersPerCustomer} users (${fleet.resources} resources), ` +
      `emulator rate limit R = ${fleet.rateLimit} req/s, provisioning delay D = ${fleet.provisioningDelayMs / 1000} s, ` +
      `\`pulumi up --skip-preview\`, client \`requestsPerSecond\` = ${fleet.client.requestsPerSecond}, engine checkpoints ${fleet.engineCheckpoints ? "on" : "off"}:`, "",
    "| Run | Wall | Minimal bound (requests) | Ratio to minimal | Served bound (requests) | Ratio to served | API-phase ratio to served | Requests | 429s | Start-up |",
    "|---|---|---|---|---|---|---|---|---|---|",
    run(`\`--parallel ${fleet.parallel}\``, fleet, cpus),
    ...(large ? [run(`${large.factor}× the customers (${large.customers}×${large.usersPerCustomer}, ${large.resources} resources)`, large, cpus)] : []),
    run("baseline `--parallel 1`", fleet.baselines.parallel1, cpus),
    run("baseline without client pacing (`requestsPerSecond: 0`)", fleet.baselines.noClientPacing, cpus), "");
    const byType = Object.entries(fleet.requestsByType).map(([k, v]) => `${k.replace("/v1/wholesale", "").replace(/ \/v1/, " ")} ${v}`).join(", ");
    lines.push(`Requests by type: ${byType}. Zero 429-induced failures: ${fleet.zero429Failures ? "yes" : "**no**"}` +
      `${large ? ` (${large.factor}× run: ${large.zero429Failures ? "yes" : "**no**"})` : ""}. The program ran ${fleet.program ?? "with ts-node"}.`, "",
    startup(fleet), "");
  }
  if (noop) {
    lines.push(`**No-op and refresh** (${noop.resources} resources): \`pulumi preview\` made **${noop.preview.requests}** API calls (${s(noop.preview.wallSeconds)}); ` +
      `\`pulumi refresh\` made ${noop.refresh.requests} (${noop.refresh.callsPerResource} per resource) in ${s(noop.refresh.wallSeconds)} ` +
      `against calls ÷ R = ${s(noop.refresh.boundSeconds)}: ratio **${x2(noop.refresh.ratioToBound)}** (API phase ${x2(noop.refresh.apiSpanRatioToBound)}).`, "");
  }
  if (polling) {
    lines.push(`**Polling** (D = ${polling.provisioningDelayMs / 1000} s, first poll after ${polling.pollIntervalMs} ms, then ×1.5): ` +
      `${polling.pollsPerCustomer.median} polls per customer (mean ${polling.pollsPerCustomer.mean}, max ${polling.pollsPerCustomer.max}); ` +
      `the provider noticed a customer was provisioned after **${polling.noticeLagMs.median} ms** median, ${polling.noticeLagMs.p95} ms p95.`, "");
  }
  if (scaling) {
    lines.push(`**Scaling** (R = ${scaling.rateLimit} req/s, \`--parallel ${scaling.parallel}\`): each extra request cost ` +
      `**${x2(scaling.marginalSecondsPerRequestVsBound)}** × its rate-limit slot (1.00 = exactly one slot); the provider process's peak ` +
      `RSS grew ${scaling.providerMiBPer1000Resources} MiB per 1000 resources (garbage not yet collected included), the program ` +
      `process's (where the Pulumi Node.js SDK keeps every resource) ${scaling.programMiBPer1000Resources} MiB.`, "",
    "| Size | Engine checkpoints | Wall | Requests | Ratio to minimal | Ratio to served | Served/s | Provider RSS MiB | Program RSS MiB | Engine CPU s |", "|---|---|---|---|---|---|---|---|---|---|",
    ...scaling.points.map((p) => scalingRow(p, "off", cpus)), ...scaling.checkpointed.map((p) => scalingRow(p, "on (default)", cpus)), "");
  }
  if (emulator) {
    const e = emulator.endpoints;
    const ratio = (r: number | undefined) => (r === undefined ? "1" : `**${x2(r)}**`);
    const row = (label: string, f: (typeof e)["hello"]) =>
      `| ${label} | ${Math.round(f.requestsPerSecond)} | ${f.p99LatencyMs} | ${ratio(f.ratioToHello)} | ${Math.round(f.serverCpuMicrosPerRequest)} | ${ratio(f.cpuRatioToHello)} |`;
    lines.push(`**Emulator throughput** (autocannon in the benchmark process, ${emulator.connections} connections, ` +
      `${emulator.rounds} rounds × ${emulator.durationSeconds} s, each endpoint right after the hello route, ${emulator.persistence}; ` +
      "medians over the rounds; ratio = req/s ÷ the hello route's just before, CPU ratio = hello's server CPU per request ÷ the endpoint's):", "",
    "| Endpoint | req/s | p99 ms | Ratio to bare Fastify | Server CPU µs/request | CPU ratio |", "|---|---|---|---|---|---|",
    row("bare Fastify `GET /hello`", e.hello), row("`GET /wholesale/customers/{id}`", e.getCustomer),
    row(`\`GET /wholesale/subscribers?customerId=…\` (${emulator.listedSubscribers} items)`, e.listSubscribers),
    row("`POST /wholesale/subscribers`", e.provisionSubscriber), "");
  }
  return lines.join("\n");
}

/** Replace the README's generated block with figures from `dir`. */
export function renderReadme(readme: string, dir: string): void {
  const text = fs.readFileSync(readme, "utf8");
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${readme}: markers ${BEGIN} … ${END} not found`);
  fs.writeFileSync(readme, `${text.slice(0, a + BEGIN.length)}\n${renderSection(dir)}\n${text.slice(b)}`);
}

if (require.main === module) {
  const root = path.resolve(__dirname, "..");
  renderReadme(path.join(root, "README.md"), path.join(root, "bench", "results"));
}
