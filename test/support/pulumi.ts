// Helpers for end-to-end tests that drive the real Pulumi CLI built by `make tools`
// (scripts/build-tools.sh → .tools/bin: pulumi, the project-owned pulumi-language-nodejs host,
// and the pulumi-resource-pulumi-nodejs dynamic-provider shim).
//
// Every stack gets its own temporary `file://` state directory; PULUMI_HOME is the repository's
// .tools/pulumi-home so nothing touches ~/.pulumi. Two ways to drive the CLI:
//   - runPulumi / newStack: spawn `pulumi ...` and get { code, stdout, stderr };
//   - autoStack: the Automation API (LocalWorkspace on a project directory, pointed at our CLI) for
//     structured results (up().outputs, preview().changeSummary, exportStack(), ...).
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as automation from "@pulumi/pulumi/automation";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const TOOLS_DIR = path.join(REPO_ROOT, ".tools");
export const TOOLS_BIN = path.join(TOOLS_DIR, "bin");
export const PULUMI_BIN = path.join(TOOLS_BIN, "pulumi");
export const PULUMI_HOME = path.join(TOOLS_DIR, "pulumi-home");
export const DEFAULT_PASSPHRASE = "demo-passphrase";

/** True when `make tools` has produced .tools/bin/pulumi. */
export function pulumiAvailable(): boolean {
  try {
    fs.accessSync(PULUMI_BIN, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Call from a mocha `before` hook (with `this` = the hook context): skips the suite when the CLI is
 * absent and CI is not set; fails when CI is set (CI must run `make tools`).
 */
export function requirePulumiOrSkip(ctx: Mocha.Context): void {
  if (pulumiAvailable()) return;
  if (process.env.CI) {
    throw new Error(`${PULUMI_BIN} is missing but CI is set: run 'make tools' (scripts/build-tools.sh) before the tests`);
  }
  console.log(`      (skipped: ${path.relative(REPO_ROOT, PULUMI_BIN)} is absent; run 'make tools' to enable the Pulumi engine tests)`);
  ctx.skip();
}

export type Env = Record<string, string>;

/** Creates a fresh temporary directory for a `file://` backend. */
export function makeStateDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-state-"));
}

/**
 * The environment for running our Pulumi CLI (same values as scripts/pulumi-env.sh), with a new
 * temporary `file://` state directory unless `extra` sets PULUMI_BACKEND_URL. `extra` wins; a key
 * set to `undefined` in `extra` is removed.
 *
 * Also sets PULUMI_NODEJS_TRANSPILE_ONLY=true (unless already set): ts-node then skips type checking
 * of the program, which halves the time of every preview/up (≈12 s instead of ≈24 s here). Pass
 * `{ PULUMI_NODEJS_TRANSPILE_ONLY: undefined }` to get Pulumi's default (type-checked) behaviour.
 */
export function pulumiEnv(extra: Record<string, string | undefined> = {}): Env {
  fs.mkdirSync(PULUMI_HOME, { recursive: true });
  const env: Env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined) env[k] = v;
  }
  // Never leak a developer's real Pulumi Cloud session or passphrase file into tests.
  delete env.PULUMI_ACCESS_TOKEN;
  delete env.PULUMI_CONFIG_PASSPHRASE_FILE;
  Object.assign(env, {
    PATH: `${TOOLS_BIN}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? DEFAULT_PASSPHRASE,
    PULUMI_HOME,
    PULUMI_NODEJS_TRANSPILE_ONLY: process.env.PULUMI_NODEJS_TRANSPILE_ONLY ?? "true",
  });
  if (extra.PULUMI_BACKEND_URL === undefined) {
    env.PULUMI_BACKEND_URL = `file://${makeStateDir()}`;
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: Env;
  /** Adds `--stack <name>`. */
  stack?: string;
  /** Default 120 s; on expiry the process gets SIGINT, then SIGKILL 5 s later, and the promise rejects. */
  timeoutMs?: number;
  /** Default true: adds `--non-interactive --color never`. */
  nonInteractive?: boolean;
  /** Called with the CLI's process once spawned (e.g. to kill it mid-run). */
  onSpawn?: (child: ChildProcess) => void;
}

/** Runs `pulumi <args>` (no shell) and collects its output. Does not throw on a non-zero exit. */
export function runPulumi(args: string[], opts: RunOptions): Promise<RunResult> {
  const flags: string[] = [];
  if (opts.stack) flags.push("--stack", opts.stack);
  if (opts.nonInteractive !== false) flags.push("--non-interactive", "--color", "never");
  // Our flags go before a "--" (after it everything is positional, e.g. `config set k -- -v`).
  const dashDash = args.indexOf("--");
  const fullArgs = dashDash === -1 ? [...args, ...flags] : [...args.slice(0, dashDash), ...flags, ...args.slice(dashDash)];
  const timeoutMs = opts.timeoutMs ?? 120_000;
  // Without an env, use a throw-away state directory, removed when the command ends.
  const env = opts.env ?? pulumiEnv();
  const ownStateDir = opts.env ? undefined : env.PULUMI_BACKEND_URL.replace(/^file:\/\//, "");
  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(PULUMI_BIN, fullArgs, {
      cwd: opts.cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    opts.onSpawn?.(child);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGINT");
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new Error(`pulumi ${fullArgs.join(" ")} timed out after ${timeoutMs} ms\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
      } else {
        resolve({ code, stdout, stderr });
      }
    });
  }).finally(() => removeDir(ownStateDir));
}

/** Like runPulumi, but throws (with the output) unless the exit code is 0. */
export async function runPulumiOk(args: string[], opts: RunOptions): Promise<RunResult> {
  const r = await runPulumi(args, opts);
  if (r.code !== 0) {
    throw new Error(`pulumi ${args.join(" ")} exited with ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  }
  return r;
}

export type ConfigValue = string | { secret: string };
export type StackConfig = Record<string, ConfigValue>;

export interface CliStack {
  projectDir: string;
  stackName: string;
  stateDir: string;
  env: Env;
  /** runPulumi in the project directory against this stack. */
  run(args: string[], opts?: Partial<RunOptions>): Promise<RunResult>;
  /** Same, but throws on a non-zero exit. */
  runOk(args: string[], opts?: Partial<RunOptions>): Promise<RunResult>;
  /** `pulumi stack output --json` parsed. */
  outputs(opts?: { showSecrets?: boolean }): Promise<Record<string, unknown>>;
  /** Removes the temporary state directory (run `destroy` first if resources may exist). */
  cleanup(): void;
}

/**
 * Creates a stack for the Pulumi project in `projectDir` on a new temporary `file://` backend and
 * sets its config in one `pulumi config set-all` (`{ secret: "..." }` → `--secret`). Keys may be plain
 * (namespaced to the project) or `namespace:key`.
 */
export async function newStack(
  projectDir: string,
  stackName: string,
  config: StackConfig = {},
  extraEnv: Record<string, string | undefined> = {},
): Promise<CliStack> {
  const env = pulumiEnv(extraEnv);
  const stateDir = env.PULUMI_BACKEND_URL.replace(/^file:\/\//, "");
  const run = (args: string[], opts: Partial<RunOptions> = {}) =>
    runPulumi(args, { cwd: projectDir, env, stack: stackName, ...opts });
  const runOk = (args: string[], opts: Partial<RunOptions> = {}) =>
    runPulumiOk(args, { cwd: projectDir, env, stack: stackName, ...opts });
  try {
    await runPulumiOk(["stack", "init", stackName], { cwd: projectDir, env });
    // One CLI call for every key (each call costs a CLI start, ≈ 3 s here).
    const pairs = Object.entries(config).flatMap(([key, value]) =>
      typeof value === "string" ? ["--plaintext", `${key}=${value}`] : ["--secret", `${key}=${value.secret}`]);
    if (pairs.length > 0) await runOk(["config", "set-all", ...pairs]);
  } catch (e) {
    removeDir(stateDir);
    throw e;
  }
  return {
    projectDir,
    stackName,
    stateDir,
    env,
    run,
    runOk,
    async outputs(opts = {}) {
      const r = await runOk(["stack", "output", "--json", ...(opts.showSecrets ? ["--show-secrets"] : [])]);
      return JSON.parse(r.stdout) as Record<string, unknown>;
    },
    cleanup() {
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Automation API (works with our CLI and the project-owned language host: the CLI runs the program
// from `workDir` through pulumi-language-nodejs exactly as for `pulumi up`).
// ------------------------------------------------------------------------------------------------

/** PulumiCommand for .tools/bin/pulumi (Automation API prepends .tools/bin to PATH for the CLI). */
export function pulumiCommand(): Promise<automation.PulumiCommand> {
  return automation.PulumiCommand.get({ root: TOOLS_DIR, skipVersionCheck: false });
}

export interface AutoStack {
  stack: automation.Stack;
  workspace: automation.LocalWorkspace;
  stateDir: string;
  env: Env;
  /** Removes the temporary state directory (destroy first if resources may exist). */
  cleanup(): void;
}

/**
 * Automation-API stack for the project in `projectDir` on a new temporary `file://` backend.
 * Use `stack.up({ onOutput })`, `stack.preview()` (`.changeSummary`), `stack.refresh()`,
 * `stack.destroy()`, `stack.exportStack()`, `stack.outputs()`.
 */
export async function autoStack(
  projectDir: string,
  stackName: string,
  config: StackConfig = {},
  extraEnv: Record<string, string | undefined> = {},
): Promise<AutoStack> {
  const env = pulumiEnv(extraEnv);
  const stateDir = env.PULUMI_BACKEND_URL.replace(/^file:\/\//, "");
  let stack: automation.Stack;
  try {
    stack = await automation.LocalWorkspace.createStack(
      { stackName, workDir: projectDir },
      { workDir: projectDir, envVars: env, pulumiHome: PULUMI_HOME, pulumiCommand: await pulumiCommand() },
    );
    const cfg: automation.ConfigMap = {};
    for (const [key, value] of Object.entries(config)) {
      cfg[key] = typeof value === "string" ? { value } : { value: value.secret, secret: true };
    }
    if (Object.keys(cfg).length > 0) await stack.setAllConfig(cfg);
  } catch (e) {
    removeDir(stateDir);
    throw e;
  }
  return {
    stack,
    workspace: stack.workspace as automation.LocalWorkspace,
    stateDir,
    env,
    cleanup() {
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Temporary Pulumi programs
// ------------------------------------------------------------------------------------------------

export interface ProgramSpec {
  /** Pulumi project name (Pulumi.yaml `name`). */
  name: string;
  /** Source files relative to the project dir, e.g. { "index.ts": "..." }. */
  files: Record<string, string>;
  /** Extra Pulumi.yaml lines appended verbatim (e.g. "config:\n  ..."). */
  pulumiYamlExtra?: string;
}

/**
 * Writes a Node.js TypeScript Pulumi project into a new temp dir: Pulumi.yaml (`runtime: nodejs`),
 * package.json, tsconfig.json, the given files, and a `node_modules` symlink to the repository's
 * node_modules, so `@pulumi/pulumi`, `typescript` and `ts-node` (and the workspace packages) resolve
 * from the program directory, as the language host, `@pulumi/pulumi/cmd/run` and the
 * dynamic-provider shim all require.
 */
export function makeProgramDir(spec: ProgramSpec): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pulumi-prog-${spec.name}-`));
  const yaml = [`name: ${spec.name}`, "runtime: nodejs", "description: temporary test program"];
  if (spec.pulumiYamlExtra) yaml.push(spec.pulumiYamlExtra);
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml.join("\n") + "\n");
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: spec.name, private: true, main: "index.ts", dependencies: { "@pulumi/pulumi": "*" } }, null, 2),
  );
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          target: "ES2022",
          module: "commonjs",
          moduleResolution: "node",
          esModuleInterop: true,
          skipLibCheck: true,
          types: ["node"],
        },
        files: Object.keys(spec.files).filter((f) => f.endsWith(".ts")),
      },
      null,
      2,
    ),
  );
  for (const [rel, text] of Object.entries(spec.files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

export function removeDir(dir: string | undefined): void {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

/** Tear a test stack down even when its resources are protected: unprotect, destroy, remove the state. */
export async function destroyProtected(stack: CliStack | undefined): Promise<void> {
  if (!stack) return;
  await stack.run(["state", "unprotect", "--all", "--yes"]);
  await stack.run(["destroy", "--yes", "--skip-preview"]);
  stack.cleanup();
}
