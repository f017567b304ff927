// Fault rules: match a method and a path pattern, then fire (by seeded probability, or for the
// next N matches) with an error status, latency, or "apply the write, then fail the response".
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { mulberry32 } from "./prng";

/** Body of POST /_emulator/faults. */
export const FaultRuleInput = z.object({
  method: z.string().min(1).max(10).default("*"),
  path: z.string().min(1).max(300),
  probability: z.number().min(0).max(1).optional(),
  seed: z.number().int().optional(),
  times: z.number().int().min(1).max(1_000_000).optional(),
  status: z.number().int().min(400).max(599).optional(),
  retryAfter: z.number().int().min(0).max(3600).optional(),
  latencyMs: z.union([z.number().int().min(0).max(60_000), z.tuple([z.number().int().min(0).max(60_000), z.number().int().min(0).max(60_000)])]).optional(),
  applyThenFail: z.boolean().default(false),
}).refine((r) => r.status !== undefined || r.latencyMs !== undefined || r.applyThenFail, {
  message: "give status, latencyMs or applyThenFail", path: ["status"],
});
/** A fault rule as given. */
export type FaultRuleInput = z.output<typeof FaultRuleInput>;

/** A stored fault rule with its firing count. */
export interface FaultRule extends FaultRuleInput {
  id: string;
  fired: number;
  /** Matches left when `times` was given. */
  remaining?: number;
}

/** What a firing rule does to one request. */
export interface FaultEffect {
  ruleId: string;
  latencyMs: number;
  /** Respond with this status (before the handler, or after it when applyThenFail). */
  status?: number;
  retryAfter?: number;
  applyThenFail: boolean;
}

/** Compile a glob (`*` = one path segment, `**` = anything) or route pattern (`:param`) to a RegExp. */
export function pathPattern(glob: string): RegExp {
  const src = glob.split(/(\*\*|\*|:[A-Za-z_]+)/).map((part) => {
    if (part === "**") return ".*";
    if (part === "*" || part.startsWith(":")) return "[^/]+";
    return part.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  }).join("");
  return new RegExp(`^${src}/?$`);
}

/** The fault rules in force. */
export class Faults {
  private rules: (FaultRule & { re: RegExp; rand: () => number })[] = [];
  private firedTotal = 0;

  /** Add a rule; returns it. */
  add(input: FaultRuleInput): FaultRule {
    const rule = {
      ...input,
      id: randomUUID(),
      fired: 0,
      ...(input.times !== undefined ? { remaining: input.times } : {}),
      re: pathPattern(input.path),
      rand: mulberry32(input.seed ?? 0x5eed),
    };
    this.rules.push(rule);
    return strip(rule);
  }

  /** All rules with their counts. */
  list(): FaultRule[] {
    return this.rules.map(strip);
  }

  /** Remove one rule (false when unknown) or, without an id, all. */
  remove(id?: string): boolean {
    if (id === undefined) { this.rules = []; return true; }
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  /** Total firings since start or reset. */
  get fired(): number {
    return this.firedTotal;
  }

  /** Forget rules and counts. */
  reset(): void {
    this.rules = [];
    this.firedTotal = 0;
  }

  /** The first rule that fires for this request, consuming one of its "times". */
  match(method: string, path: string, route: string | undefined): FaultEffect | undefined {
    for (const r of this.rules) {
      if (r.method !== "*" && r.method.toUpperCase() !== method) continue;
      if (!r.re.test(path) && !(route && (r.path === route || r.re.test(route)))) continue;
      if (r.remaining !== undefined && r.remaining <= 0) continue;
      if (r.probability !== undefined && r.rand() >= r.probability) continue;
      if (r.remaining !== undefined) r.remaining--;
      r.fired++;
      this.firedTotal++;
      const latency = Array.isArray(r.latencyMs) ? r.latencyMs[0] + Math.floor(r.rand() * (r.latencyMs[1] - r.latencyMs[0] + 1)) : r.latencyMs ?? 0;
      const status = r.status ?? (r.applyThenFail ? 500 : undefined);
      return {
        ruleId: r.id, latencyMs: latency, applyThenFail: r.applyThenFail,
        ...(status !== undefined ? { status } : {}), ...(r.retryAfter !== undefined ? { retryAfter: r.retryAfter } : {}),
      };
    }
    return undefined;
  }
}

function strip(r: FaultRule & { re?: RegExp; rand?: () => number }): FaultRule {
  const { re: _re, rand: _rand, ...rest } = r;
  return rest;
}
