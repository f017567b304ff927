// Figures derived from a measured fleet step: the physical lower bound of a provisioning run and
// the ratio to it, the requests spent polling customers, and how late the provider noticed that a
// customer became provisioned.
import type { JournalEntry } from "./emulator-control";
import type { StepMeasurement } from "./fleet-stack";
import { resourceCount, type FleetSize } from "./inventory";
import { mean, quantile, round } from "./numbers";

/** What the bounds and ratios of the results mean (every results file carries this). */
export const BOUND_DEFINITIONS = {
  servedBound: "lowerBoundSeconds = max(requests the emulator served (429s excluded) ÷ R, the chain of provisioning delays: template → customer (D) → its users)",
  minimalBound: "minimalBoundSeconds = max(minimalRequests ÷ R, the same chain); minimalRequests = one write per resource + one status read per asynchronous customer",
  ratio: "ratioToBound / ratioToMinimalBound = wall time of the command (CLI start to exit) ÷ that bound; apiSpanRatioToBound uses the time from the first to the last API request instead",
  refreshBound: "refresh boundSeconds = requests ÷ R",
  emulatorRatio: "ratioToHello = the endpoint's req/s ÷ bare Fastify GET /hello's req/s measured just before it in the same run; cpuRatioToHello = hello's server CPU per request ÷ the endpoint's",
} as const;

/** A step's cost, as written to the results (the journal left out). */
export type StepFigures = Omit<StepMeasurement, "journal" | "startedAt">;

/** A provisioning run's cost and its distance from the lower bound. */
export interface ProvisioningFigures extends StepFigures {
  /** max(requests served ÷ R, dependency chain of provisioning delays). */
  lowerBoundSeconds: number;
  /** wallSeconds ÷ lowerBoundSeconds: the headline figure (target ≤ 1.25). */
  ratioToBound: number;
  /** apiSpanSeconds ÷ lowerBoundSeconds: the same without the fixed start-up of the CLI, program and plugin. */
  apiSpanRatioToBound: number;
  /** Requests actually served per second over the API span. */
  servedPerSecond: number;
  /** The fewest requests that can provision the fleet (see minimalRequests). */
  minimalRequests: number;
  /** max(minimalRequests ÷ R, dependency chain of provisioning delays). */
  minimalBoundSeconds: number;
  /** wallSeconds ÷ minimalBoundSeconds (target ≤ 1.25). */
  ratioToMinimalBound: number;
}

/** The fewest requests that provision a fleet: one write per resource, one status read per (asynchronous) customer. */
export function minimalRequests(size: FleetSize): number {
  return resourceCount(size) + size.customers;
}

/** The step without the fields that are not results. */
export function stepFigures(m: StepMeasurement): StepFigures {
  const { journal: _j, startedAt: _s, ...rest } = m;
  return rest;
}

/**
 * The fleet's lower bound: every request the server had to serve at R per second, or the longest
 * chain of provisioning delays (template → customer, D → its users; users are synchronous), which
 * ever is longer. 429s are not counted as served: a perfect client never receives one.
 */
export function lowerBoundSeconds(servedRequests: number, rateLimit: number, provisioningDelayMs: number, asyncLevels = 1): number {
  return Math.max(servedRequests / rateLimit, (provisioningDelayMs / 1000) * asyncLevels);
}

/** A provisioning run compared with its lower bound. */
export function provisioningFigures(m: StepMeasurement, rateLimit: number, provisioningDelayMs: number, size: FleetSize): ProvisioningFigures {
  const served = m.requests - m.http429;
  const bound = lowerBoundSeconds(served, rateLimit, provisioningDelayMs);
  const minimal = minimalRequests(size);
  const minimalBound = lowerBoundSeconds(minimal, rateLimit, provisioningDelayMs);
  return {
    ...stepFigures(m),
    lowerBoundSeconds: round(bound),
    ratioToBound: round(m.wallSeconds / bound, 3),
    apiSpanRatioToBound: round(m.apiSpanSeconds / bound, 3),
    servedPerSecond: m.apiSpanSeconds > 0 ? round(served / m.apiSpanSeconds) : 0,
    minimalRequests: minimal,
    minimalBoundSeconds: round(minimalBound),
    ratioToMinimalBound: round(m.wallSeconds / minimalBound, 3),
  };
}

/** A customer as GET /wholesale/customers lists it (the emulator's extra timestamps included). */
export interface CustomerSnapshot {
  id: string;
  status: string;
  /** ISO time the emulator last changed the status (here: marked it provisioned). */
  lastStatusChange?: string;
}

/** Cost and lag of polling asynchronous customer provisioning during one run. */
export interface PollingFigures {
  /** Customers provisioned in the run. */
  customers: number;
  /** GET /wholesale/customers/{id} requests per customer (429s included). */
  pollsPerCustomer: { mean: number; median: number; max: number };
  /** Polls answered 429 (they wait like any other request). */
  throttledPolls: number;
  /** ms from the emulator marking a customer provisioned to the poll that saw it. */
  noticeLagMs: { median: number; p95: number; max: number };
}

const CUSTOMER_ROUTE = "/v1/wholesale/customers/:customerId";

/** Polling figures from a run's journal and the customers' final state. */
export function pollingFigures(journal: readonly JournalEntry[], customers: readonly CustomerSnapshot[]): PollingFigures {
  const polls = journal.filter((e) => e.method === "GET" && e.route === CUSTOMER_ROUTE);
  const byCustomer = new Map<string, JournalEntry[]>();
  for (const e of polls) {
    const id = decodeURIComponent(e.path.split("/").pop()!);
    byCustomer.set(id, [...(byCustomer.get(id) ?? []), e]);
  }
  const provisioned = customers.filter((c) => c.status === "provisioned" && c.lastStatusChange);
  const counts = provisioned.map((c) => byCustomer.get(c.id)?.length ?? 0);
  const lags: number[] = [];
  for (const c of provisioned) {
    const marked = Date.parse(c.lastStatusChange!);
    // The journal time is when the answer left, so the first answered poll at or after the mark saw it.
    const seen = (byCustomer.get(c.id) ?? []).filter((e) => e.status === 200).map((e) => Date.parse(e.time)).filter((t) => t >= marked);
    if (seen.length) lags.push(Math.min(...seen) - marked);
  }
  return {
    customers: provisioned.length,
    pollsPerCustomer: { mean: round(mean(counts)), median: quantile(counts, 0.5), max: Math.max(0, ...counts) },
    throttledPolls: polls.filter((e) => e.status === 429).length,
    noticeLagMs: { median: quantile(lags, 0.5), p95: quantile(lags, 0.95), max: Math.max(0, ...lags) },
  };
}
