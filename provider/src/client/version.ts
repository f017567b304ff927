// The provider's version, for the User-Agent header.
import { readFileSync } from "node:fs";
import { join } from "node:path";

function readVersion(): string {
  // src/client and dist/client are both two levels below provider/package.json; reading the file
  // (instead of importing JSON) keeps package.json outside tsc's rootDir.
  try {
    const v = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")).version;
    return typeof v === "string" ? v : "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** `pulumi-webex-wholesale/<version>`. */
export const USER_AGENT = `pulumi-webex-wholesale/${readVersion()}`;
