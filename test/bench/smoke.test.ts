// `make bench-smoke` as a test: bench/run.ts --smoke on tiny sizes must finish and write every
// results file with the figures the README and the issue require. It checks that the benchmarks
// work and what they count (zero API calls at preview, one GET per resource at refresh), never how
// fast anything was: timings are only ever reported, by `make bench`.
import { expect } from "chai";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { removeDir, REPO_ROOT, requirePulumiOrSkip } from "../support/pulumi";

type Json = Record<string, any>;

function runSmoke(out: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve("ts-node/dist/bin"), "-T", "bench/run.ts", "--smoke", "--out", out], {
      cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

const FIGURES = ["wallSeconds", "requests", "http429", "lowerBoundSeconds", "ratioToBound", "requestsByType", "exitCode"];

describe("benchmarks: make bench-smoke", function () {
  this.timeout(600_000);
  let out: string;
  const results: Record<string, Json> = {};

  before(async function () {
    requirePulumiOrSkip(this);
    out = fs.mkdtempSync(path.join(os.tmpdir(), "bench-smoke-"));
    const r = await runSmoke(out);
    expect(r.code, r.output).to.equal(0);
    for (const name of ["fleet", "noop-refresh", "polling", "scaling", "emulator"]) {
      results[name] = JSON.parse(fs.readFileSync(path.join(out, `${name}.json`), "utf8")) as Json;
    }
  });
  after(() => removeDir(out));

  it("fleet.json: the run, its lower bound and both baselines, all provisioned", () => {
    const f = results.fleet!;
    expect(f).to.include.keys("customers", "users", "rateLimit", "provisioningDelayMs", "baselines", "machine", ...FIGURES);
    expect(f.smoke).to.equal(true);
    for (const run of [f, f.baselines.parallel1, f.baselines.noClientPacing]) {
      expect(run).to.include.keys(...FIGURES);
      expect(run.exitCode, JSON.stringify(run.errors)).to.equal(0);
      // Every object of the fleet was created: one POST per user, customer and template.
      expect(run.requestsByType["POST /v1/wholesale/subscribers"]).to.be.at.least(f.users);
      expect(run.requestsByType["POST /v1/wholesale/customers"]).to.be.at.least(f.customers);
      expect(run.lowerBoundSeconds).to.be.greaterThan(0);
      expect(run.ratioToBound).to.equal(Math.round((run.wallSeconds / run.lowerBoundSeconds) * 1000) / 1000);
    }
    expect(f.baselines.parallel1.parallel).to.equal(1);
    expect(f.baselines.noClientPacing.requestsPerSecond).to.equal(0);
    expect(f.zero429Failures).to.equal(true);
    expect(f.failuresBy429, "failures a 429 caused").to.equal(0);
  });

  it("noop-refresh.json: preview makes no API call, refresh one GET per resource", () => {
    const n = results["noop-refresh"]!;
    expect(n.preview.exitCode).to.equal(0);
    expect(n.preview.requests).to.equal(0);
    expect(n.refresh.exitCode).to.equal(0);
    expect(n.refresh.requests - n.refresh.http429).to.equal(n.resources);
    expect(Object.keys(n.refresh.requestsByType).every((k) => k.startsWith("GET "))).to.equal(true);
    expect(n.refresh).to.include.keys("boundSeconds", "ratioToBound");
  });

  it("polling.json: every customer polled and noticed once provisioned", () => {
    const p = results.polling!;
    expect(p.customers).to.equal(results.fleet!.customers);
    expect(p.pollsPerCustomer.median).to.be.at.least(1);
    expect(p.noticeLagMs).to.include.keys("median", "p95");
    expect(p.noticeLagMs.median).to.be.a("number").and.not.NaN;
  });

  it("scaling.json: 1×, 2×, 4× the base, growing in resources and requests", () => {
    const s = results.scaling!;
    expect(s.points.map((p: Json) => p.factor)).to.deep.equal([1, 2, 4]);
    expect(s.points.every((p: Json) => p.exitCode === 0)).to.equal(true);
    const resources = s.points.map((p: Json) => p.resources);
    expect(resources[1]).to.be.greaterThan(resources[0]);
    expect(resources[2]).to.be.greaterThan(resources[1]);
    expect(s.points.every((p: Json) => p.providerPeakRssMiB > 0)).to.equal(true);
    expect(s).to.include.keys("marginalSecondsPerRequestVsBound", "providerMiBPer1000Resources", "checkpointed");
  });

  it("emulator.json: every endpoint measured against bare Fastify, all answers 2xx", () => {
    const e = results.emulator!;
    for (const name of ["hello", "getCustomer", "listSubscribers", "provisionSubscriber"]) {
      expect(e.endpoints[name].requestsPerSecond, name).to.be.greaterThan(0);
      expect(e.endpoints[name].non2xx, name).to.equal(0);
      expect(e.endpoints[name].errors, name).to.equal(0);
    }
    expect(e.endpoints.getCustomer.ratioToHello).to.be.greaterThan(0);
  });
});
