// The examples/fleet program as a benchmark subject: a private copy of the program with a generated
// inventory, one Pulumi stack on a temporary file:// backend, and measured `pulumi` commands.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { newStack, REPO_ROOT, removeDir, type CliStack } from "../test/support/pulumi";
import type { EmulatorControl, JournalEntry } from "./emulator-control";
import { fleetInventory, resourceCount, type FleetSize } from "./inventory";
import { round } from "./numbers";
import { ProcessSampler, type RoleUsage } from "./process-usage";

const FLEET_DIR = path.join(REPO_ROOT, "examples", "fleet");
const PROGRAM_FILES = ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts", "load-inventory.ts"];

/** How the provider and the engine are set up for a run. */
export interface RunSetup {
  /** webex-wholesale:requestsPerSecond (0 = no client-side pacing, only the reaction to 429s). */
  requestsPerSecond: number;
  /** webex-wholesale:maxConcurrency (default: the provider's). */
  maxConcurrency?: number;
  /**
   * Let the engine write the state after every resource operation (its default). The file://
   * backend rewrites the whole state each time, which costs O(resources) per operation; false
   * sets PULUMI_SKIP_CHECKPOINTS=true (the state is written once, at the end).
   */
  checkpoints: boolean;
}

/** What one `pulumi` command cost. */
export interface StepMeasurement {
  /** The command, e.g. "up --skip-preview --parallel 1". */
  command: string;
  /** Exit code (0 = success). */
  exitCode: number | null;
  /** Wall time of the whole command, CLI start to exit. */
  wallSeconds: number;
  /** Seconds from the command's start to the first API request (program and plugin start-up). */
  startupSeconds: number;
  /** Time from the first to the last API request the emulator saw (0 without requests). */
  apiSpanSeconds: number;
  /** Every journaled API request, 429s included. */
  requests: number;
  /** Requests answered 429. */
  http429: number;
  /** Requests by "METHOD route" (429s included). */
  requestsByType: Record<string, number>;
  /** Peak memory and CPU time of the engine, the language host, the program and the provider plugin. */
  processes: Record<string, RoleUsage>;
  /** Distinct output lines mentioning an error (empty when the command succeeded). */
  errors: string[];
  /** Distinct error lines of the output that a 429 caused (the client's "HTTP 429" failures), whatever the exit code. */
  failuresBy429: number;
  /** The journal of the step, for step-specific analysis (not written to results). */
  journal: JournalEntry[];
  /** Epoch ms when the command started (not written to results). */
  startedAt: number;
}

/** A fleet program + stack bound to one emulator. */
export class FleetStack {
  private constructor(
    readonly size: FleetSize,
    readonly setup: RunSetup,
    private readonly dir: string,
    private readonly stack: CliStack,
    private readonly emulator: EmulatorControl,
  ) {}

  /** Resources the program declares. */
  get resources(): number {
    return resourceCount(this.size);
  }

  /** Copy the program, write the inventory and create the stack with the setup as stack config. */
  static async create(emulator: EmulatorControl, size: FleetSize, setup: RunSetup, name = "bench"): Promise<FleetStack> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-fleet-"));
    let stack: CliStack | undefined;
    try {
      for (const f of PROGRAM_FILES) fs.copyFileSync(path.join(FLEET_DIR, f), path.join(dir, f));
      // The program, the language host and the dynamic-provider plugin resolve packages from here.
      fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
      fs.writeFileSync(path.join(dir, "inventory.json"), JSON.stringify(fleetInventory(size)));
      stack = await newStack(dir, name, {}, { PULUMI_SKIP_CHECKPOINTS: setup.checkpoints ? undefined : "true" });
      const ep = emulator.endpoint;
      const plain = {
        "webex-wholesale:baseUrl": ep.baseUrl,
        "webex-wholesale:requestsPerSecond": String(setup.requestsPerSecond),
        ...(setup.maxConcurrency !== undefined ? { "webex-wholesale:maxConcurrency": String(setup.maxConcurrency) } : {}),
      };
      // One CLI call for all keys (each call costs a CLI start).
      await stack.runOk(["config", "set-all", ...Object.entries(plain).flatMap(([k, v]) => ["--plaintext", `${k}=${v}`]),
        "--secret", `webex-wholesale:token=${ep.devToken}`]);
      return new FleetStack(size, setup, dir, stack, emulator);
    } catch (e) {
      stack?.cleanup();
      removeDir(dir);
      throw e;
    }
  }

  /** Run `pulumi <args>` and measure it from the emulator's journal and /proc. */
  async measure(args: string[], timeoutMs = 1_800_000): Promise<StepMeasurement> {
    await this.emulator.clearJournal();
    const sampler = new ProcessSampler(process.pid).start();
    const startedAt = Date.now();
    const t0 = performance.now();
    const r = await this.stack.run([...args, "--non-interactive"], { timeoutMs });
    const wallSeconds = (performance.now() - t0) / 1000;
    const processes = sampler.stop();
    const journal = (await this.emulator.journal()).entries;
    const requestsByType: Record<string, number> = {};
    for (const e of journal) requestsByType[`${e.method} ${e.route}`] = (requestsByType[`${e.method} ${e.route}`] ?? 0) + 1;
    const sent = journal.map((e) => Date.parse(e.time) - e.ms);
    const first = sent.length ? Math.min(...sent) : undefined;
    return {
      command: args.join(" "),
      exitCode: r.code,
      wallSeconds: round(wallSeconds),
      startupSeconds: first === undefined ? 0 : round((first - startedAt) / 1000),
      apiSpanSeconds: first === undefined ? 0 : round((Math.max(...sent) - first) / 1000),
      requests: journal.length,
      http429: journal.filter((e) => e.status === 429).length,
      requestsByType,
      processes,
      errors: r.code === 0 ? [] : errorLines(r.stdout + "\n" + r.stderr),
      failuresBy429: throttlingFailures(r.stdout + "\n" + r.stderr),
      journal,
      startedAt,
    };
  }

  /** Remove the stack's state and the program copy (the emulator is reset by its owner). */
  dispose(): void {
    this.stack.cleanup();
    removeDir(this.dir);
  }
}

/** The distinct error lines of a failed command (at most 10), for the results file. */
/**
 * Failures a 429 caused: distinct error lines naming an HTTP 429 answer (the client's message for
 * a request whose throttling retries ran out, also inside a create's "look-up failed"). Counted
 * from the output, not inferred from the exit code: a run may fail for another reason.
 */
export function throttlingFailures(output: string): number {
  const lines = output.split("\n").map((l) => l.trim()).filter((l) => /error/i.test(l) && /\bHTTP 429\b/.test(l));
  return new Set(lines).size;
}

function errorLines(output: string): string[] {
  const lines = output.split("\n").map((l) => l.trim()).filter((l) => /error/i.test(l));
  return [...new Set(lines)].slice(0, 10);
}
