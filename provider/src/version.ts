// The package (provider/package.json): its version is the plugin's, the schema's and the
// User-Agent's; its name and pinned dependencies go into the programs `webex-wholesale-export` writes.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** What is read from provider/package.json. */
export interface ProviderPackage {
  name: string;
  version: string;
  /** dependencies, peerDependencies and devDependencies together (the later win: the tested pins). */
  dependencies: Record<string, string>;
}

function readPackage(): ProviderPackage {
  // src/ and dist/ are both one level below provider/package.json; reading the file (instead of
  // importing JSON) keeps package.json outside tsc's rootDir.
  try {
    const p = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8"));
    return { name: String(p.name), version: typeof p.version === "string" ? p.version : "0.0.0", dependencies: { ...p.dependencies, ...p.peerDependencies, ...p.devDependencies } };
  } catch {
    return { name: "pulumi-webex-wholesale", version: "0.0.0", dependencies: {} };
  }
}

/** The provider package's name, version and dependencies. */
export const PROVIDER_PACKAGE: ProviderPackage = readPackage();

/** The version of pulumi-webex-wholesale. */
export const PACKAGE_VERSION = PROVIDER_PACKAGE.version;
