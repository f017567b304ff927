// `make bench-smoke` as a test: bench/run.ts --smoke on tiny sizes must finish and write every
// results file with the figures the README and the issue require. It checks that the benchmarks
// work and what they count (zero API calls at preview, one list per customer at refresh), never how
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

const FIGURES = ["wallSeconds", "requests", "http429", "lowerBoundSeconds", "ratioToBound", "minimalRequests", "minimalBoundSeconds", "ratioToMinimalBound", "requestsByType", "exitCode"];

describe("benchmarks: make bench-smoke", function () {
  this.timeout(600_000);
  let out: string;
  const results: Record<string, Json> = {};

  before(async function () {
    requirePulumiOrSkip(this);
    out = fs.mkdtempSync(path.join(os.tmpdir(), "bench-smoke-"));
    const r = await runSmoke(out);
    expect(r.code, r.output).to.equal(0);
    for (const name of ["fleet", "noop-refresh", "polling", "scaling", "emulator", "fleet-large"]) {
      results[name] = JSON.parse(fs.readFileSync(path.join(out, `${name}.json`), "utf8")) as Json;
    }
  });
  after(() => removeDir(out));

  it("every results file says which commit and machine it measured, and what its bounds mean", () => {
    for (const [name, r] of Object.entries(results)) {
      expect(r.commit, name).to.match(/^[0-9a-f]{40}(\+dirty)?$/);
      expect(r.machine, name).to.include.keys("cpus", "cpuModel", "loadAverage1m");
      expect(r.bounds, name).to.include.keys("servedBound", "minimalBound", "ratio");
    }
  });

  it("fleet.json and fleet-large.json: the run, both bounds, the larger run and both baselines, all provisioned", () => {
    const f = results.fleet!;
    const large = results["fleet-large"]!;
    expect(f).to.include.keys("customers", "users", "rateLimit", "provisioningDelayMs", "baselines", "machine", "commit", ...FIGURES);
    expect(f.smoke).to.equal(true);
    // One write per resource and one status read per customer; the bound takes the larger of requests ÷ R and D.
    expect(f.minimalRequests).to.equal(f.resources + f.customers);
    expect(f.minimalBoundSeconds).to.equal(Math.round(Math.max(f.minimalRequests / f.rateLimit, f.provisioningDelayMs / 1000) * 100) / 100);
    expect(large.customers).to.equal(f.customers * large.factor);
    expect(large.zero429Failures).to.equal(true);
    for (const run of [f, large, f.baselines.parallel1, f.baselines.noClientPacing]) {
      expect(run).to.include.keys(...FIGURES);
      expect(run.exitCode, JSON.stringify(run.errors)).to.equal(0);
      // Every object of the fleet was created: one POST per user, customer and template.
      expect(run.requestsByType["POST /v1/wholesale/subscribers"]).to.be.at.least(run === large ? large.customers * large.usersPerCustomer : f.users);
      expect(run.requestsByType["POST /v1/wholesale/customers"]).to.be.at.least(run === large ? large.customers : f.customers);
      expect(run.lowerBoundSeconds).to.be.greaterThan(0);
      expect(run.ratioToBound).to.equal(Math.round((run.wallSeconds / run.lowerBoundSeconds) * 1000) / 1000);
      expect(run.ratioToMinimalBound).to.equal(Math.round((run.wallSeconds / run.minimalBoundSeconds) * 1000) / 1000);
    }
    expect(f.baselines.parallel1.parallel).to.equal(1);
    expect(f.baselines.noClientPacing.requestsPerSecond).to.equal(0);
    expect(f.zero429Failures).to.equal(true);
    expect(f.failuresBy429, "failures a 429 caused").to.equal(0);
  });

  it("noop-refresh.json: preview makes no API call, refresh reads one user list per customer, the customer list and the template list", () => {
    const n = results["noop-refresh"]!;
    expect(n.preview.exitCode).to.equal(0);
    expect(n.preview.requests).to.equal(0);
    expect(n.refresh.exitCode).to.equal(0);
    expect(n.refresh.http429).to.equal(0);
    expect(n.refresh.requestsByType).to.deep.equal({
      "GET /v1/wholesale/onboardingTemplates": 1, "GET /v1/wholesale/customers": 1, "GET /v1/wholesale/subscribers": results.fleet!.customers,
    });
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
    expect(s).to.include.keys("marginalSecondsPerRequestVsBound", "providerMiBPer1000Resources", "checkpointed", "checkpointedEngineCpuRatio");
    expect(s.checkpointed.map((p: Json) => p.factor)).to.deep.equal([1, 2]);
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
