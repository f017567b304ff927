// Repository hygiene: no Pulumi stack file (Pulumi.<stack>.yaml, written by tests and the demo, and
// holding encrypted secrets and a salt) is ever committed; the project files Pulumi.yaml are.
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "./support/pulumi";

/** Paths that are stack files (any directory), not project files. */
export function stackFiles(paths: readonly string[]): string[] {
  return paths.filter((p) => /^Pulumi\.[^/]+\.ya?ml$/.test(path.posix.basename(p)));
}

function git(...args: string[]): string {
  return execFileSync("git", args, { cwd: REPO_ROOT, encoding: "utf8" });
}

describe("repository hygiene", () => {
  before(function () {
    try {
      git("rev-parse", "--is-inside-work-tree");
    } catch {
      console.log("      (skipped: not a git checkout)");
      this.skip();
    }
  });

  it("recognises stack files and leaves project files alone (negative control)", () => {
    expect(stackFiles(["examples/quickstart/Pulumi.test-21832.yaml", "Pulumi.demo.yml", "examples/fleet/Pulumi.yaml", "docs/Pulumi.md"]))
      .to.deep.equal(["examples/quickstart/Pulumi.test-21832.yaml", "Pulumi.demo.yml"]);
  });

  it("no stack file is tracked, and the project files are", () => {
    const tracked = git("ls-files", "-z").split("\0").filter(Boolean);
    expect(stackFiles(tracked)).to.deep.equal([]);
    expect(tracked).to.include("examples/quickstart/Pulumi.yaml");
  });

  it(".gitignore keeps a test's or the demo's stack file out, but not a project file", () => {
    const probe = ["examples/quickstart/Pulumi.demo.yaml", "examples/gitops/Pulumi.test-1.yaml", "examples/quickstart/Pulumi.yaml"];
    // check-ignore prints the ignored ones (exit 1 when none is).
    let ignored: string[];
    try {
      ignored = git("check-ignore", "--no-index", ...probe).split("\n").filter(Boolean);
    } catch (e) {
      ignored = String((e as { stdout?: string }).stdout ?? "").split("\n").filter(Boolean);
    }
    expect(ignored).to.deep.equal(probe.slice(0, 2));
  });
});
