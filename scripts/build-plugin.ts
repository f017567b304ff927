// `make plugin`: packs the native provider plugin as a self-contained tarball that Pulumi installs
// the way it installs any resource plugin:
//
//   pulumi plugin install resource webex-wholesale <version> --file .tools/plugin/pulumi-resource-webex-wholesale-v<version>-<os>-<arch>.tar.gz
//
// Contents: the launcher (provider/bin/pulumi-resource-webex-wholesale) at the root, and
// node_modules/ with pulumi-webex-wholesale (as `npm pack` publishes it) and its production
// dependencies, copied from this repository's node_modules in the same layout (so Node resolves
// them the same way). Offline: no registry is asked. Needs only Node.js (>= 20) where it runs: no
// native modules, so the same tarball serves every OS/architecture with a POSIX shell.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const PROVIDER = path.join(ROOT, "provider");
const PACKAGE = "pulumi-webex-wholesale";
const LAUNCHER = "pulumi-resource-webex-wholesale";

/** The fields of a package.json the walk needs. */
interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

function manifest(dir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Manifest;
}

/** Where Node finds package `name` from `dir`: the nearest node_modules/<name> up the tree. */
function installedDir(name: string, dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, "node_modules", name);
    if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * The installed directories of the provider's run-time dependencies, transitively: dependencies,
 * installed optional dependencies and required peers (optional peers such as @pulumi/pulumi's
 * typescript/ts-node are left out: the plugin runs compiled JavaScript).
 */
export function runtimeDependencies(): string[] {
  const found = new Set<string>();
  const visit = (dir: string) => {
    const m = manifest(dir);
    const peers = Object.keys(m.peerDependencies ?? {}).filter((p) => !m.peerDependenciesMeta?.[p]?.optional);
    const optional = new Set(Object.keys(m.optionalDependencies ?? {}));
    for (const name of [...Object.keys(m.dependencies ?? {}), ...peers, ...optional]) {
      const d = installedDir(name, dir);
      if (!d) {
        if (optional.has(name)) continue;
        throw new Error(`${name} (needed by ${m.name}) is not installed: run \`npm ci\``);
      }
      if (found.has(d)) continue;
      found.add(d);
      visit(d);
    }
  };
  visit(PROVIDER);
  return [...found].sort();
}

/** Where an installed directory goes in the tarball: the same path below node_modules. */
function tarballPath(dir: string): string {
  const rel = path.relative(PROVIDER, dir);
  // Installed inside the workspace (provider/node_modules/x): below the packed package.
  if (!rel.startsWith("..")) return path.join("node_modules", PACKAGE, rel);
  return path.relative(ROOT, dir);
}

/** The tarball's file name for this machine, as Pulumi names plugin archives. */
export function tarballName(version: string): string {
  const osName = ({ linux: "linux", darwin: "darwin", win32: "windows" } as Record<string, string>)[process.platform] ?? process.platform;
  const arch = ({ x64: "amd64", arm64: "arm64" } as Record<string, string>)[process.arch] ?? process.arch;
  return `${LAUNCHER}-v${version}-${osName}-${arch}.tar.gz`;
}

/** Build the tarball into .tools/plugin; returns its path. */
export function buildPlugin(): string {
  if (!fs.existsSync(path.join(PROVIDER, "dist", "native", "main.js"))) {
    throw new Error("provider/dist is missing: run `npm run build`");
  }
  const { version } = manifest(PROVIDER);
  const out = path.join(ROOT, ".tools", "plugin");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "webex-plugin-"));
  try {
    const stage = path.join(work, "plugin");
    const own = path.join(stage, "node_modules", PACKAGE);
    fs.mkdirSync(own, { recursive: true });
    // The package exactly as it would be published ("files" of provider/package.json).
    execFileSync("npm", ["pack", "--workspace", "provider", "--pack-destination", work, "--silent"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    execFileSync("tar", ["-xzf", path.join(work, `${PACKAGE}-${version}.tgz`), "-C", own, "--strip-components=1"]);
    for (const dir of runtimeDependencies()) {
      // A package's own node_modules holds other packages, copied (if needed) on their own.
      fs.cpSync(dir, path.join(stage, tarballPath(dir)), { recursive: true, dereference: true, filter: (src) => path.basename(src) !== "node_modules" || src === dir });
    }
    fs.copyFileSync(path.join(PROVIDER, "bin", LAUNCHER), path.join(stage, LAUNCHER));
    fs.chmodSync(path.join(stage, LAUNCHER), 0o755);
    fs.mkdirSync(out, { recursive: true });
    const tarball = path.join(out, tarballName(version));
    execFileSync("tar", ["-czf", `${tarball}.tmp`, "-C", stage, "."]);
    fs.renameSync(`${tarball}.tmp`, tarball);
    return tarball;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const tarball = buildPlugin();
  const { version } = manifest(PROVIDER);
  console.error(`build-plugin: install with: pulumi plugin install resource webex-wholesale ${version} --file ${tarball}`);
  console.log(tarball);
}
