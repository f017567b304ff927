// Smoke test of the real Pulumi engine on this machine: .tools/bin/pulumi (built by `make tools`),
// the project-owned Node.js language host, and @pulumi/pulumi's dynamic-provider plugin, against a
// temporary local `file://` backend. No network.
//
// Skips (with a message) when .tools/bin/pulumi is absent and CI is unset; with CI set, absence fails.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import {
  AutoStack,
  autoStack,
  CliStack,
  makeProgramDir,
  newStack,
  removeDir,
  requirePulumiOrSkip,
} from "../support/pulumi";

const SUITE_TIMEOUT_MS = 180_000;

// A tiny TypeScript program: one dynamic resource whose provider computes its outputs in memory,
// plus stack config (plain and secret) to exercise the language host's config hand-over.
const INDEX_TS = `
import * as pulumi from "@pulumi/pulumi";

interface EchoInputs { greeting: string; n: number }

const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: EchoInputs) {
    return { id: "echo-" + inputs.greeting, outs: { greeting: inputs.greeting, n: inputs.n, doubled: inputs.n * 2 } };
  },
  async diff(_id: string, olds: any, news: EchoInputs) {
    return { changes: olds.greeting !== news.greeting || olds.n !== news.n, replaces: olds.greeting !== news.greeting ? ["greeting"] : [] };
  },
  async update(_id: string, _olds: any, news: EchoInputs) {
    return { outs: { greeting: news.greeting, n: news.n, doubled: news.n * 2 } };
  },
  async delete() {},
};

class Echo extends pulumi.dynamic.Resource {
  declare public readonly greeting: pulumi.Output<string>;
  declare public readonly doubled: pulumi.Output<number>;
  constructor(name: string, args: { greeting: pulumi.Input<string>; n: pulumi.Input<number> }, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...args, doubled: undefined }, opts);
  }
}

const config = new pulumi.Config();
const token = config.requireSecret("token");
const echo = new Echo("echo", { greeting: config.require("greeting"), n: config.requireNumber("n") });

export const id = echo.id;
export const greeting = echo.greeting;
export const doubled = echo.doubled;
export const project = pulumi.getProject();
export const stack = pulumi.getStack();
export const tokenLength = token.apply((t) => t.length);
`;

const CONFIG = { greeting: "hello", n: "21", token: { secret: "s3cr3t-token" } };

describe("Pulumi engine smoke test (CLI + project-owned language host + dynamic provider)", function () {
  this.timeout(SUITE_TIMEOUT_MS);
  let programDir: string | undefined;

  before(function () {
    requirePulumiOrSkip(this);
    programDir = makeProgramDir({ name: "engine-smoke", files: { "index.ts": INDEX_TS } });
  });
  after(() => removeDir(programDir));

  describe("via the CLI", () => {
    let s: CliStack | undefined;
    before(async () => {
      s = await newStack(programDir!, "cli", CONFIG);
    });
    after(async () => {
      if (s) {
        await s.run(["destroy", "--yes"]).catch(() => undefined);
        s.cleanup();
      }
    });

    it("pulumi up --yes creates the dynamic resource and exports its outputs", async () => {
      const r = await s!.runOk(["up", "--yes"]);
      expect(r.stdout).to.match(/\+ 2 created/);
      const outs = await s!.outputs({ showSecrets: true });
      expect(outs).to.include({
        id: "echo-hello",
        greeting: "hello",
        doubled: 42,
        project: "engine-smoke",
        stack: "cli",
        tokenLength: 12,
      });
    });

    it("pulumi preview --expect-no-changes succeeds", async () => {
      await s!.runOk(["preview", "--expect-no-changes"]);
    });

    it("pulumi refresh --yes keeps the resource, and the state holds no plaintext secret", async () => {
      await s!.runOk(["refresh", "--yes", "--expect-no-changes"]);
      const exported = JSON.parse((await s!.runOk(["stack", "export"])).stdout);
      const types = exported.deployment.resources.map((r: { type: string }) => r.type);
      expect(types).to.include("pulumi-nodejs:dynamic:Resource");
      const stateText = fs.readFileSync(path.join(s!.stateDir, ".pulumi", "stacks", "engine-smoke", "cli.json"), "utf8");
      expect(stateText).to.not.include("s3cr3t-token");
    });

    it("an input change shows up in preview and is applied by up", async () => {
      await s!.runOk(["config", "set", "n", "5"]);
      const p = await s!.run(["preview", "--expect-no-changes"]);
      expect(p.code, p.stdout + p.stderr).to.not.equal(0);
      await s!.runOk(["up", "--yes"]);
      expect(await s!.outputs()).to.include({ doubled: 10, id: "echo-hello" });
    });

    it("pulumi destroy --yes removes it", async () => {
      await s!.runOk(["destroy", "--yes"]);
      const exported = JSON.parse((await s!.runOk(["stack", "export"])).stdout);
      expect(exported.deployment.resources ?? []).to.have.length(0);
    });
  });

  describe("via the Automation API (LocalWorkspace on the project dir)", () => {
    let a: AutoStack | undefined;
    before(async () => {
      a = await autoStack(programDir!, "auto", CONFIG);
    });
    after(async () => {
      if (a) {
        await a.stack.destroy().catch(() => undefined);
        a.cleanup();
      }
    });

    it("up, preview (changeSummary), refresh, exportStack, destroy", async () => {
      const up = await a!.stack.up();
      expect(up.summary.result).to.equal("succeeded");
      expect(up.outputs.doubled.value).to.equal(42);
      expect(up.outputs.tokenLength.secret).to.equal(true);

      const preview = await a!.stack.preview();
      expect(preview.changeSummary).to.deep.equal({ same: 2 });

      const refresh = await a!.stack.refresh();
      expect(refresh.summary.result).to.equal("succeeded");

      const exported = await a!.stack.exportStack();
      expect(exported.deployment.resources.map((r: { type: string }) => r.type)).to.include("pulumi-nodejs:dynamic:Resource");

      const destroy = await a!.stack.destroy();
      expect(destroy.summary.resourceChanges).to.deep.equal({ delete: 2 });
    });
  });
});
