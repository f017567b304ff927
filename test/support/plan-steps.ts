// What a plan says and what an update did, as comparable step lists: `pulumi preview --json`
// lists the planned steps; the engine's event log of the `up` that follows lists the performed
// ones (one resourcePreEvent per step). "A plan never lies" means the two are equal.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CliStack } from "./pulumi";

/** One step: its kind (create, update, replace, create-replacement, delete-replaced, delete, ...) and the resource's URN. */
export interface Step {
  op: string;
  urn: string;
}

/** The parts of a replacement: `preview --json` lists one "replace" step, the event log all three. */
const REPLACEMENT = new Set(["replace", "create-replacement", "delete-replaced"]);

/** Steps that change something, of our resources only (not the stack, not providers): "op type::name", sorted, each once. */
function changing(steps: Step[]): string[] {
  const lines = steps
    .filter((s) => s.op !== "same" && s.op !== "read" && !/::pulumi:(pulumi:Stack|providers:)/.test(s.urn))
    .map((s) => `${REPLACEMENT.has(s.op) ? "replace" : s.op} ${s.urn.split("::").slice(2).join("::")}`);
  return [...new Set(lines)].sort();
}

/** `pulumi preview --json`: the planned changing steps (throws when the preview fails). */
export async function previewSteps(stack: CliStack): Promise<string[]> {
  const r = await stack.run(["preview", "--json"]);
  if (r.code !== 0) throw new Error(`preview failed (${r.code})\n${r.stdout}\n${r.stderr}`);
  const plan = JSON.parse(r.stdout) as { steps?: Step[] };
  return changing(plan.steps ?? []);
}

/** `pulumi up` with an event log: the performed changing steps, and the CLI's output. */
export async function upSteps(stack: CliStack, extra: string[] = []): Promise<{ steps: string[]; stdout: string; stderr: string; code: number | null }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "event-log-"));
  const log = path.join(dir, "events.jsonl");
  try {
    // PULUMI_DEBUG_COMMANDS enables `--event-log` (the engine's event stream, as the Automation API reads it).
    const r = await stack.run(["up", "--yes", "--skip-preview", "--event-log", log, ...extra], { env: { ...stack.env, PULUMI_DEBUG_COMMANDS: "true" } });
    if (!fs.existsSync(log)) throw new Error(`up wrote no event log (${r.code})\n${r.stdout}\n${r.stderr}`);
    const events = fs.readFileSync(log, "utf8").split("\n").filter(Boolean)
      .map((l) => JSON.parse(l) as { resourcePreEvent?: { metadata: Step } });
    const steps = events.flatMap((e) => (e.resourcePreEvent ? [e.resourcePreEvent.metadata] : []));
    return { steps: changing(steps), stdout: r.stdout, stderr: r.stderr, code: r.code };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
