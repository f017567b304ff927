// The generated TypeScript types, as a user's program sees them: a program that annotates every
// Args type (and reads the array outputs) compiles with tsc's default settings. A union element
// type must be parenthesised — `("a" | "b")[]` — or a list of packages does not type-check.
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import { REPO_ROOT } from "../support/pulumi";

// The compiled package, as a user installs it (npm run build).
const INDEX = path.join(REPO_ROOT, "provider", "dist", "index").replace(/\\/g, "/");

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as wx from ${JSON.stringify(INDEX)};
const tplArgs: wx.OnboardingTemplateArgs = { name: "SMB", serviceProviderAdminEmail: "sp@acme.example", country: "US",
  defaultEmailLanguage: "en_US", subscriptionId: "sub-1", authentication: { method: "webex" }, email: { brandName: "Acme" } };
const tpl = new wx.OnboardingTemplate("tpl", tplArgs);
const orgArgs: wx.CustomerOrgArgs = { provisioningId: tpl.provisioningId, externalId: "crm-1", name: "Pizza", adminEmail: "a@pizza.example",
  country: "US", packages: ["webex_calling", "webex_meetings"], packageLimits: { webex_calling: 10 },
  headquarters: { addressLine1: "1 Main St", city: "Austin", timezone: "America/Chicago" } };
const org = new wx.CustomerOrg("org", orgArgs);
const userArgs: wx.CustomerUserArgs = { customer: org, email: "a@pizza.example", firstName: "A", lastName: "B",
  packages: ["webex_calling"], customerPackages: ["webex_calling", "webex_meetings"], extension: "100" };
new wx.CustomerUser("user", userArgs);
const packages: pulumi.Output<("webex_calling" | "webex_meetings" | string)[]> = org.packages;
export const firstPackage = packages.apply((p) => p[0]);
`;

/** tsc's diagnostics per source, from one compilation (a program of its own costs a minute on a busy machine). */
function diagnostics(sources: Record<string, string>): Record<string, string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "types-"));
  // As in a user's project: @pulumi/pulumi resolves from the program's node_modules.
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  try {
    const files = Object.entries(sources).map(([name, text]) => {
      const file = path.join(dir, `${name}.ts`);
      fs.writeFileSync(file, text);
      return [name, file] as const;
    });
    // tsc's defaults (no tsconfig), plus what any Node program needs to find @pulumi/pulumi.
    const program = ts.createProgram(files.map(([, f]) => f), { noEmit: true, moduleResolution: ts.ModuleResolutionKind.Node10, module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 });
    const all = ts.getPreEmitDiagnostics(program);
    return Object.fromEntries(files.map(([name, file]) => [name, all.filter((d) => d.file?.fileName === file)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("the generated TypeScript types", function () {
  this.timeout(300_000);
  let found: Record<string, string[]>;
  before(function () {
    if (!fs.existsSync(`${INDEX}.d.ts`)) this.skip();
    found = diagnostics({
      good: PROGRAM,
      // Negative control: a wrong package in an annotated list is reported.
      bad: PROGRAM.replace(`packages: ["webex_calling"], customerPackages`, `packages: ["webex_callin"], customerPackages`),
    });
  });

  it("a program annotating every Args type compiles with tsc's default settings", () => {
    expect(found.good).to.deep.equal([]);
  });

  it("negative control: a wrong package in an annotated list is reported", () => {
    expect(found.bad!.join("\n")).to.match(/webex_callin/);
  });
});
