// Where a benchmark ran: results are only comparable as ratios measured on the same machine.
import { execFileSync } from "node:child_process";
import * as os from "node:os";
import { PULUMI_BIN, REPO_ROOT } from "../test/support/pulumi";

/** The machine and tool versions behind a set of results. */
export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  platform: string;
  node: string;
  pulumi: string;
  /** One-minute load average when the run started (other work on the machine skews wall times). */
  loadAverage1m: number;
}

/** The commit the benchmarks ran on, with "+dirty" when tracked files differed from it. */
export function commitUnderTest(): string {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: REPO_ROOT, encoding: "utf8" }).trim();
    return git("rev-parse", "HEAD") + (git("status", "--porcelain", "--untracked-files=no") ? "+dirty" : "");
  } catch {
    return "unknown";
  }
}

/** Describe this machine. */
export function machineInfo(): MachineInfo {
  let pulumi = "unknown";
  try {
    pulumi = execFileSync(PULUMI_BIN, ["version"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } }).trim();
  } catch {
    // reported as unknown; the fleet benchmarks fail later with a clearer message
  }
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    pulumi,
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}
