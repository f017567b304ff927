// Peak resident memory and CPU time of a process tree, sampled from /proc: the Pulumi CLI (the
// engine) and its children, among them the dynamic-provider plugin (node …/cmd/dynamic-provider)
// where our client runs and the program (node …/cmd/run). Linux only; elsewhere it reports nothing.
import * as fs from "node:fs";

/** A kind of process to watch, recognised by its command line. */
export interface ProcessRole {
  /** Name in the results, e.g. "provider". */
  name: string;
  /** Matches the command line, arguments joined by spaces. */
  pattern: RegExp;
}

/** The processes of a `pulumi` run the benchmarks report. */
export const PULUMI_ROLES: readonly ProcessRole[] = [
  { name: "provider", pattern: /cmd\/dynamic-provider/ },
  { name: "program", pattern: /cmd\/run\b/ },
  { name: "languageHost", pattern: /language-host\/index\.js/ },
  { name: "engine", pattern: /(^|\/)pulumi (up|preview|refresh|destroy)\b/ },
];

/** What the sampler saw of one role. */
export interface RoleUsage {
  /** Largest resident set size of one process of the role, MiB. */
  peakRssMiB: number;
  /** User + system CPU time of the role's processes, seconds. */
  cpuSeconds: number;
  /** Seconds from the start of sampling until a process of the role was first seen (±1 sample): where start-up goes. */
  firstSeenSeconds: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ, fixed at 100 on Linux

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined; // the process exited between listing and reading
  }
}

/** Fields of /proc/<pid>/stat after the parenthesised command name (which may contain spaces). */
function statFields(pid: number | string): string[] | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  const close = stat?.lastIndexOf(")");
  return stat && close !== undefined && close > 0 ? stat.slice(close + 2).split(" ") : undefined;
}

/** User + system CPU seconds a live process has used so far (undefined once it is gone). */
export function cpuSecondsOf(pid: number): number | undefined {
  const f = statFields(pid); // [11] utime, [12] stime, in ticks
  return f ? (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND : undefined;
}

/** Parent pid of every live process. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(name); // [0] state, [1] ppid
    if (f) out.set(Number(name), Number(f[1]));
  }
  return out;
}

/** Pids of `root`'s descendants (not `root` itself). */
export function descendants(root: number): number[] {
  const byParent = new Map<number, number[]>();
  for (const [pid, ppid] of parents()) byParent.set(ppid, [...(byParent.get(ppid) ?? []), pid]);
  const out: number[] = [];
  const todo = [root];
  while (todo.length) {
    for (const child of byParent.get(todo.pop()!) ?? []) {
      out.push(child);
      todo.push(child);
    }
  }
  return out;
}

/** Samples the resident set size and CPU time of a process tree's roles until stopped. */
export class ProcessSampler {
  private readonly peakKb = new Map<string, number>();
  /** Last CPU ticks seen per pid (a process's ticks only grow), with its role. */
  private readonly ticks = new Map<number, { role: string; ticks: number }>();
  private readonly firstSeenMs = new Map<string, number>();
  private startedMs = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly rootPid: number, private readonly roles: readonly ProcessRole[] = PULUMI_ROLES, private readonly everyMs = 250) {}

  /** True where /proc exists. */
  static get supported(): boolean {
    return fs.existsSync("/proc/self/status");
  }

  /** Begin sampling (every `everyMs`). */
  start(): this {
    if (!ProcessSampler.supported) return this;
    this.startedMs = Date.now();
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    return this;
  }

  /** Stop and return what each role used (roles never seen are absent). */
  stop(): Record<string, RoleUsage> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const cpu = new Map<string, number>();
    for (const { role, ticks } of this.ticks.values()) cpu.set(role, (cpu.get(role) ?? 0) + ticks);
    return Object.fromEntries([...this.peakKb].map(([role, kb]) => [role, {
      peakRssMiB: Math.round((kb / 1024) * 10) / 10,
      cpuSeconds: Math.round(((cpu.get(role) ?? 0) / TICKS_PER_SECOND) * 10) / 10,
      firstSeenSeconds: Math.round(((this.firstSeenMs.get(role) ?? this.startedMs) - this.startedMs) / 100) / 10,
    }]));
  }

  private sample(): void {
    for (const pid of descendants(this.rootPid)) {
      const cmd = readText(`/proc/${pid}/cmdline`);
      const role = cmd && this.roles.find((r) => r.pattern.test(cmd.replace(/\0/g, " ")));
      if (!role) continue;
      if (!this.firstSeenMs.has(role.name)) this.firstSeenMs.set(role.name, Date.now());
      const status = readText(`/proc/${pid}/status`);
      const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status ?? "")?.[1] ?? 0);
      if (rssKb > (this.peakKb.get(role.name) ?? 0)) this.peakKb.set(role.name, rssKb);
      const f = statFields(pid); // [11] utime, [12] stime, in ticks
      if (f) this.ticks.set(pid, { role: role.name, ticks: Number(f[11]) + Number(f[12]) });
    }
  }
}
