// Chaos: the real Pulumi engine runs examples/fleet against an emulator having a bad day — 10%
// 5xx on every route, a rate limit far below the demand, 200–800 ms latency, creations applied
// whose response is lost — and must converge to exactly one object per key, then show no changes
// and no drift. Then the same after `pulumi up` is killed mid-run (with the documented recovery),
// and after the emulator itself is killed with SIGKILL twice mid-run and restarted on its database.
// Figures (faults, retries, runs) are printed and written to test/artifacts/chaos.json.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { WholesaleClient } from "../../provider/src/client";
import { REPO_ROOT, requirePulumiOrSkip, type RunResult } from "../support/pulumi";
import {
  addCounters, census, Chaos, chaosInventory, Control, EmulatorProcess, exportedState, fleetStack, keysOf, NO_COUNTERS, observer, removeCutAttrs,
  upKilledWhen,
  type Census, type ClientCounters, type FleetStack,
} from "./harness";

const FIGURES_FILE = path.join(REPO_ROOT, "test", "artifacts", "chaos.json");
const figures: Record<string, unknown> = {};

/** Engine operations at once: twice the default on 2 cores, so the demand is far above the rate limit. */
const UP = ["up", "--yes", "--skip-preview", "--parallel", "16"];
/** Client settings: no client-side rate limit (the server's is the one under test). */
const CLIENT = { maxConcurrency: 16, requestsPerSecond: 0 };
const LONG = { timeoutMs: 600_000 };

/** Output tail for assertion messages. */
const tail = (r: RunResult) => `exit ${r.code}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-2000)}`;

/** `pulumi up` until it succeeds, at most `max` runs; returns how many it took. */
async function upUntilDone(fleet: FleetStack, max: number, first?: RunResult): Promise<number> {
  let runs = first ? 1 : 0;
  let last = first;
  while (last?.code !== 0) {
    expect(runs, `pulumi up did not converge in ${max} runs: ${last ? tail(last) : ""}`).to.be.below(max);
    last = await fleet.stack.run(UP, LONG);
    runs++;
  }
  return runs;
}

/** Exactly the inventory, once each, every object in the state and every state id live. */
function expectConverged(c: Census): void {
  expect(c.duplicates, "duplicates").to.deep.equal([]);
  expect(c.missing, "missing").to.deep.equal([]);
  expect(c.unexpected, "unexpected").to.deep.equal([]);
  expect(c.orphans, "orphans (not in the state)").to.deep.equal([]);
  expect(c.lost, "lost (in the state, not in the emulator)").to.deep.equal([]);
  expect(Object.keys(c.customerStatuses)).to.deep.equal(["provisioned"]);
}

/** An emulator process on a fresh database, its control plane and an observer. */
async function bench(delayMs: number): Promise<{ dir: string; emu: EmulatorProcess; control: Control; chaos: Chaos; look: WholesaleClient }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "webex-chaos-"));
  const emu = await EmulatorProcess.start({ dir, delayMs });
  const control = new Control(emu);
  return { dir, emu, control, chaos: new Chaos(control), look: observer(emu, await control.readOnlyToken()) };
}

describe("chaos: the fleet converges on a bad day", function () {
  this.timeout(900_000);
  const started = Date.now();

  before(function () {
    requirePulumiOrSkip(this);
  });
  after(() => {
    if (Object.keys(figures).length === 0) return;
    figures.totalSeconds = Math.round((Date.now() - started) / 1000);
    fs.mkdirSync(path.dirname(FIGURES_FILE), { recursive: true });
    fs.writeFileSync(FIGURES_FILE, JSON.stringify(figures, null, 2) + "\n");
    console.log(`      chaos figures: ${JSON.stringify(figures)}`);
  });

  describe("10 customers × 10 users and 2 templates, with 5xx, throttling, latency and lost responses", () => {
    let b: Awaited<ReturnType<typeof bench>>;
    let fleet: FleetStack;
    const inv = chaosInventory(10, 10, "chaos");
    let client: ClientCounters = NO_COUNTERS;
    const t0 = Date.now();

    before(async function () {
      requirePulumiOrSkip(this);
      b = await bench(1500);
      fleet = await fleetStack(b.emu, "chaos", inv, CLIENT);
      await b.chaos.inject();
    });
    after(async () => {
      if (b) figures.convergence = { ...(figures.convergence as object), faults: await b.chaos.collect(), client, seconds: Math.round((Date.now() - t0) / 1000) };
      fleet?.cleanup();
      await b?.emu.stop();
      if (b) fs.rmSync(b.dir, { recursive: true, force: true });
    });

    it("pulumi up creates every resource exactly once, in at most two runs", async () => {
      const runs = await upUntilDone(fleet, 2);
      client = fleet.takeClientStats();
      const c = await census(b.look, keysOf(inv), await exportedState(fleet.stack));
      figures.convergence = { runs, objects: c.counts };
      expectConverged(c);
      expect(c.counts).to.deep.equal({ templates: 2, customers: 10, users: 100 });
      // The bad day really happened, and the client rode it out.
      const faults = await b.chaos.collect();
      expect(faults.errors, "5xx injected").to.be.greaterThan(0);
      expect(faults.lostResponses, "lost responses injected").to.be.greaterThan(0);
      expect(faults.throttled, "429s sent").to.be.greaterThan(0);
      expect(client.retries, "client retries").to.be.greaterThan(0);
      expect(client.recoveredCreates, "creates recovered by look-up instead of a second POST").to.be.greaterThan(0);
    });

    it("pulumi preview then shows no changes", async () => {
      const r = await fleet.stack.run(["preview", "--expect-no-changes"], LONG);
      expect(r.code, tail(r)).to.equal(0);
    });

    it("pulumi refresh shows no drift, and the emulator still holds exactly the inventory", async () => {
      const r = await fleet.stack.run(["refresh", "--yes", "--expect-no-changes", "--parallel", "16"], LONG);
      expect(r.code, tail(r)).to.equal(0);
      client = addCounters(client, fleet.takeClientStats());
      expectConverged(await census(b.look, keysOf(inv), await exportedState(fleet.stack)));
    });
  });

  describe("pulumi up killed mid-run (SIGKILL to the CLI and everything it started)", () => {
    let b: Awaited<ReturnType<typeof bench>>;
    let fleet: FleetStack;
    const inv = chaosInventory(5, 5, "intr");
    const t0 = Date.now();

    before(async function () {
      requirePulumiOrSkip(this);
      b = await bench(1500);
      fleet = await fleetStack(b.emu, "intr", inv, CLIENT);
      await b.chaos.inject();
    });
    after(async () => {
      if (b) figures.interrupted = { ...(figures.interrupted as object), faults: await b.chaos.collect(), seconds: Math.round((Date.now() - t0) / 1000) };
      fleet?.cleanup();
      await b?.emu.stop();
      if (b) fs.rmSync(b.dir, { recursive: true, force: true });
    });

    it("cancel, webex-wholesale-recover, stack import, refresh and up converge with no duplicate and no orphan", async () => {
      // Kill once users are being created: some creates are then in flight.
      const killedRun = await upKilledWhen(fleet.stack, UP.slice(1), async () =>
        ((await b.control.journalCounts())["POST /v1/wholesale/subscribers"] ?? 0) >= 4, LONG);
      expect(killedRun.killed, `the run ended before the kill: ${tail(killedRun)}`).to.equal(true);
      // The README's "Interrupted run / recovery", step by step. A checkpoint sidecar cut short by
      // the kill would make every command fail with "failed to load checkpoint: EOF".
      const cutAttrs = removeCutAttrs(fleet.stack.stateDir);
      const interrupted = await exportedState(fleet.stack);
      expect(interrupted.pending.filter((p) => p.type === "creating"), "pending creates").to.not.be.empty;
      const before = await census(b.look, keysOf(inv), interrupted);

      const stack = fleet.stack;
      const cancel = await stack.run(["cancel", "--yes"]);
      expect(cancel.code, tail(cancel)).to.equal(0);
      const exported = path.join(b.dir, "exported.json");
      const recovered = path.join(b.dir, "recovered.json");
      await stack.runOk(["stack", "export", "--file", exported]);
      const child = spawnSync(process.execPath, [path.join(REPO_ROOT, "provider", "dist", "recover-cli.js")], {
        input: fs.readFileSync(exported), encoding: "utf8", maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, WEBEX_WHOLESALE_BASE_URL: b.emu.baseUrl, WEBEX_WHOLESALE_TOKEN: b.emu.devToken },
      });
      expect(child.status, child.stderr).to.equal(0);
      fs.writeFileSync(recovered, child.stdout);
      await stack.runOk(["stack", "import", "--file", recovered]);
      const imported = await exportedState(stack);
      expect(imported.pending, "pending operations after the import").to.deep.equal([]);
      // Everything the killed run created is now in the state: nothing left to duplicate.
      expect((await census(b.look, keysOf(inv), imported)).orphans).to.deep.equal([]);
      const refresh = await stack.run(["refresh", "--yes"], LONG);
      expect(refresh.code, tail(refresh)).to.equal(0);
      const runs = await upUntilDone(fleet, 2);

      const c = await census(b.look, keysOf(inv), await exportedState(stack));
      figures.interrupted = {
        pendingCreates: interrupted.pending.length, orphansBeforeRecovery: before.orphans.length, cutAttrs: cutAttrs.length,
        adopted: child.stderr.split("\n").filter((l) => l.includes("added to the stack")).length, upRunsAfterRecovery: runs,
        client: fleet.takeClientStats(),
      };
      expectConverged(c);
      const preview = await stack.run(["preview", "--expect-no-changes"], LONG);
      expect(preview.code, tail(preview)).to.equal(0);
      const noDrift = await stack.run(["refresh", "--yes", "--expect-no-changes"], LONG);
      expect(noDrift.code, tail(noDrift)).to.equal(0);
    });
  });

  describe("the emulator killed with SIGKILL mid-run, twice, and restarted on its database", () => {
    let b: Awaited<ReturnType<typeof bench>>;
    let fleet: FleetStack;
    const inv = chaosInventory(5, 5, "crash");
    const t0 = Date.now();

    before(async function () {
      requirePulumiOrSkip(this);
      // Provisioning takes 4 s, so the first crash finds customers half-way through it.
      b = await bench(4000);
      fleet = await fleetStack(b.emu, "crash", inv, CLIENT);
      await b.chaos.inject();
    });
    after(async () => {
      if (b) figures.crash = { ...(figures.crash as object), faults: await b.chaos.collect(), seconds: Math.round((Date.now() - t0) / 1000) };
      fleet?.cleanup();
      await b?.emu.stop();
      if (b) fs.rmSync(b.dir, { recursive: true, force: true });
    });

    it("keeps every acknowledged write, finishes in-flight provisioning, and the run converges", async () => {
      /** What the emulator had acknowledged (shown to a reader) right before each crash. */
      const seen: { customers: Map<string, string>; users: Set<string> }[] = [];
      // First crash while customers provision, second while users are being created.
      const crashWhen = [
        (cs: { status: string }[]) => cs.length >= 3 && cs.some((c) => c.status === "provisioning"),
        (_cs: unknown[], users: number) => users >= 5,
      ];
      let finished = false;
      const run = fleet.stack.run(UP, LONG).finally(() => { finished = true; });
      const restartMs: number[] = [];
      while (!finished && seen.length < crashWhen.length) {
        await new Promise((r) => setTimeout(r, 200));
        const [cs, us] = await Promise.all([b.look.customers.list(), b.look.subscribers.list()]);
        if (finished || !crashWhen[seen.length]!(cs, us.length)) continue;
        seen.push({ customers: new Map(cs.map((c) => [c.id, c.status])), users: new Set(us.map((u) => u.id)) });
        await b.chaos.collect(); // fault counts live in the process about to die
        await b.emu.kill9();
        const t = Date.now();
        await b.emu.restart();
        restartMs.push(Date.now() - t);
        await b.chaos.inject();
      }
      const first = await run;
      expect(seen.length, `the run ended before both crashes: ${tail(first)}`).to.equal(2);
      const runs = await upUntilDone(fleet, 2, first);

      const [customers, users] = await Promise.all([b.look.customers.list(), b.look.subscribers.list()]);
      const status = new Map(customers.map((c) => [c.id, c.status]));
      const live = new Set(users.map((u) => u.id));
      for (const [i, s] of seen.entries()) {
        for (const id of s.customers.keys()) expect(status.has(id), `customer ${id} seen before crash ${i + 1}`).to.equal(true);
        for (const id of s.users) expect(live.has(id), `user ${id} seen before crash ${i + 1}`).to.equal(true);
      }
      const provisioningAtCrash = [...seen[0]!.customers].filter(([, st]) => st === "provisioning").map(([id]) => id);
      expect(provisioningAtCrash).to.not.be.empty;
      for (const id of provisioningAtCrash) expect(status.get(id), `customer ${id} provisioning at the crash`).to.equal("provisioned");
      const c = await census(b.look, keysOf(inv), await exportedState(fleet.stack));
      figures.crash = {
        crashes: seen.length, restartMs, runs, provisioningAtFirstCrash: provisioningAtCrash.length,
        usersAtSecondCrash: seen[1]!.users.size, client: fleet.takeClientStats(),
      };
      expectConverged(c);
      const preview = await fleet.stack.run(["preview", "--expect-no-changes"], LONG);
      expect(preview.code, tail(preview)).to.equal(0);
      const noDrift = await fleet.stack.run(["refresh", "--yes", "--expect-no-changes"], LONG);
      expect(noDrift.code, tail(noDrift)).to.equal(0);
    });
  });
});

