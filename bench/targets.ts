// The performance goals (issue 18) checked against one set of results: each goal with its target,
// the measured value and met / missed. The README renders this table; nothing here is a test.
import type { EmulatorThroughputResult } from "./emulator-throughput";
import type { FleetResult, NoopRefreshResult } from "./fleet";
import type { ScalingResult } from "./scaling";

/** One goal as measured. */
export interface TargetCheck {
  goal: string;
  target: string;
  measured: string;
  /** undefined: not measured in these results. */
  met: boolean | undefined;
}

/** The results the goals are checked against (any may be missing). */
export interface TargetInputs {
  fleet?: FleetResult;
  noop?: NoopRefreshResult;
  scaling?: ScalingResult;
  emulator?: EmulatorThroughputResult;
}

const x2 = (x: number) => x.toFixed(2);

/** Every goal, in the issue's order. */
export function targetChecks(r: TargetInputs): TargetCheck[] {
  const { fleet, noop, scaling, emulator } = r;
  const cpu = scaling?.checkpointedEngineCpuRatio;
  const getCustomer = emulator?.endpoints.getCustomer.ratioToHello;
  return [
    {
      goal: `Fleet ${fleet ? `${fleet.customers}×${fleet.usersPerCustomer}` : ""}: wall ÷ minimal bound, no failure caused by a 429`,
      target: "≤ 1.25, 0 failures",
      measured: fleet ? `${x2(fleet.ratioToMinimalBound)} (${fleet.wallSeconds.toFixed(1)} s ÷ ${fleet.minimalBoundSeconds.toFixed(1)} s), ${fleet.zero429Failures ? "0 failures" : "failures"}` : "—",
      met: fleet ? fleet.ratioToMinimalBound <= 1.25 && fleet.zero429Failures : undefined,
    },
    {
      goal: "Refresh of that fleet: requests",
      target: "≤ 60",
      measured: noop ? String(noop.refresh.requests) : "—",
      met: noop ? noop.refresh.requests <= 60 : undefined,
    },
    {
      goal: "No-op preview: requests",
      target: "0",
      measured: noop ? String(noop.preview.requests) : "—",
      met: noop ? noop.preview.requests === 0 : undefined,
    },
    {
      goal: "Emulator customer GET ÷ bare Fastify (req/s, same run)",
      target: "≥ 0.5",
      measured: getCustomer !== undefined ? x2(getCustomer) : "—",
      met: getCustomer !== undefined ? getCustomer >= 0.5 : undefined,
    },
    {
      goal: "Program RSS growth per 1,000 resources",
      target: "≤ 150 MiB",
      measured: scaling ? `${scaling.programMiBPer1000Resources} MiB` : "—",
      met: scaling ? scaling.programMiBPer1000Resources <= 150 : undefined,
    },
    {
      goal: `Engine CPU with checkpoints on: ${cpu ? `${cpu.factor}×` : "4×"} ÷ 1×`,
      target: "≤ 4.5 at 4×",
      measured: cpu ? x2(cpu.ratio) : "—",
      met: cpu && cpu.factor === 4 ? cpu.ratio <= 4.5 : undefined,
    },
  ];
}

/** The goals as a Markdown table. */
export function renderTargets(checks: readonly TargetCheck[]): string[] {
  const verdict = (m: boolean | undefined) => (m === undefined ? "not measured" : m ? "met" : "**missed**");
  return ["| Goal | Target | Measured | |", "|---|---|---|---|", ...checks.map((c) => `| ${c.goal} | ${c.target} | ${c.measured} | ${verdict(c.met)} |`)];
}
