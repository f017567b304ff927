// Writes what derives from the zod declarations: schema.json, the TypeScript resource classes and
// the README's resource reference. `--check` only compares (the test suite runs it).
import * as fs from "node:fs";
import * as path from "node:path";
import { registry } from "../provider/src/resources";
import { renderPackageSchema, renderReference, renderTypeScript } from "../provider/src/schema/render";
import { PACKAGE_VERSION } from "../provider/src/version";

const root = path.resolve(__dirname, "..");
const BEGIN = "<!-- BEGIN GENERATED: resource reference (scripts/generate.ts) -->";
const END = "<!-- END GENERATED: resource reference -->";

/** Every generated file: path → expected content (given the current content, for README). */
export function generatedFiles(): Record<string, (current: string | undefined) => string> {
  return {
    "schema.json": () => `${JSON.stringify(renderPackageSchema(registry, PACKAGE_VERSION), null, 2)}\n`,
    "provider/src/generated/resources.ts": () => renderTypeScript(registry),
    "README.md": (current) => {
      const text = current ?? `${BEGIN}\n${END}\n`;
      const a = text.indexOf(BEGIN);
      const b = text.indexOf(END);
      if (a < 0 || b < a) throw new Error(`README.md lacks the ${BEGIN} … ${END} markers`);
      return `${text.slice(0, a + BEGIN.length)}\n${renderReference(registry)}${text.slice(b)}`;
    },
  };
}

if (require.main === module) {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const [rel, make] of Object.entries(generatedFiles())) {
    const file = path.join(root, rel);
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
    const next = make(current);
    if (current === next) continue;
    if (check) { console.error(`stale: ${rel} (run \`make generate\`)`); stale++; continue; }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, next);
    console.log(`wrote ${rel}`);
  }
  process.exit(stale ? 1 : 0);
}
