// Writing an export: the target folder is checked before anything is read, and each file is
// written under a temporary name and renamed, so an interrupted export leaves whole files or none.
import * as fs from "node:fs";
import * as path from "node:path";

/** Refuse a non-empty target folder unless `force`; create it if missing. Call before reading the estate. */
export function prepareTarget(dir: string, force: boolean): void {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new Error(`${dir} exists and is not a folder`);
    const entries = fs.readdirSync(dir);
    if (entries.length > 0 && !force) {
      throw new Error(`${dir} is not empty (${entries.length} entries): choose an empty folder, or --force to overwrite the export's files in it`);
    }
  }
}

/** Temporary files being written, removed if the process is interrupted. */
const pending = new Set<string>();

/** Remove the temporary files of writes in progress (on SIGINT/SIGTERM). */
export function removePendingFiles(): void {
  for (const f of pending) fs.rmSync(f, { force: true });
  pending.clear();
}

/** Write every file: each to `<name>.tmp-<pid>`, then renamed into place. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(dir, name);
    const tmp = `${target}.tmp-${process.pid}`;
    pending.add(tmp);
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, target);
    pending.delete(tmp);
  }
}
