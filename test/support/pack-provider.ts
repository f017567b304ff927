// The provider as a publishable tarball, with its bundled wire package inside. `npm pack -w provider`
// from the workspace leaves the bundled dependency out (npm sees a workspace symlink, not an
// installed package), so the package is staged on its own first: what `npm publish` would ship.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

/** Copy a package's package.json and its "files" into `to`. */
function stagePackage(from: string, to: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(from, "package.json"), "utf8")) as { files?: string[] };
  fs.mkdirSync(to, { recursive: true });
  fs.copyFileSync(path.join(from, "package.json"), path.join(to, "package.json"));
  for (const f of manifest.files ?? []) {
    if (fs.existsSync(path.join(from, f))) fs.cpSync(path.join(from, f), path.join(to, f), { recursive: true });
  }
}

/** Pack provider/ (built) into `destDir`; the tarball's path. */
export function packProvider(destDir: string): string {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), "provider-stage-"));
  try {
    stagePackage(path.join(ROOT, "provider"), stage);
    stagePackage(path.join(ROOT, "wire"), path.join(stage, "node_modules", "webex-wholesale-wire"));
    const name = execFileSync("npm", ["pack", "--silent", "--pack-destination", destDir], { cwd: stage, encoding: "utf8" }).trim().split("\n").pop()!;
    return path.join(destDir, name);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}
