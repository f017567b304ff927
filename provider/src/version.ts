// The package version (provider/package.json): the plugin's version, the schema's and the User-Agent's.
import { readFileSync } from "node:fs";
import { join } from "node:path";

function readVersion(): string {
  // src/ and dist/ are both one level below provider/package.json; reading the file (instead of
  // importing JSON) keeps package.json outside tsc's rootDir.
  try {
    const v = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")).version;
    return typeof v === "string" ? v : "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** The version of pulumi-webex-wholesale. */
export const PACKAGE_VERSION = readVersion();
