// The emulator's layering, pinned: routes (http/) reach storage only through models, the control
// plane lives in control/, and the emulator package depends on neither the provider nor the Pulumi SDK.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

const src = path.resolve(__dirname, "../../backend/src");
const imports = (dir: string): { file: string; from: string }[] =>
  readdirSync(path.join(src, dir)).filter((f) => f.endsWith(".ts")).flatMap((f) =>
    [...readFileSync(path.join(src, dir, f), "utf8").matchAll(/^(?:import|export)[^"']*from\s+["']([^"']+)["']/gm)].map((m) => ({ file: `${dir}/${f}`, from: m[1]! })));

describe("backend: layout (routes → models → storage; control plane apart)", () => {
  it("no route file imports storage; the check sees the imports it judges", () => {
    const http = imports("http");
    expect(http.filter((i) => i.from.includes("/models/")).length, "routes call models").to.be.greaterThan(3);
    expect(http.filter((i) => /(^|\/)storage\//.test(i.from)).map((i) => `${i.file} → ${i.from}`)).to.deep.equal([]);
    // The control plane's routes go through the control plane too.
    expect(imports("control").filter((i) => i.file.endsWith("routes.ts") && /storage\//.test(i.from))).to.deep.equal([]);
  });

  it("the control plane (faults, journal, partners, timing, rate limit, reset) is its own folder", () => {
    const files = readdirSync(path.join(src, "control"));
    expect(files).to.include.members(["faults.ts", "journal.ts", "partners.ts", "timing.ts", "rateLimiter.ts", "plane.ts", "routes.ts"]);
    expect(readdirSync(path.join(src, "models"))).to.not.include.members(["faults.ts", "journal.ts", "partners.ts", "timing.ts", "rateLimiter.ts"]);
  });

  it("the emulator package lists neither the provider nor the Pulumi SDK, and installs no Pulumi SDK", function () {
    this.timeout(60_000);
    const pkg = JSON.parse(readFileSync(path.resolve(src, "../package.json"), "utf8"));
    const deps = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies });
    expect(deps).to.not.include.members(["pulumi-webex-wholesale", "@pulumi/pulumi"]);
    // npm ls exits 1 when nothing matches: read its output rather than its status.
    const tree = spawnSync("npm", ["ls", "@pulumi/pulumi", "--workspace", "backend"], { cwd: path.resolve(src, "../.."), encoding: "utf8" });
    expect(tree.stdout).to.match(/\(empty\)/).and.not.match(/@pulumi\/pulumi@/);
  });
});
