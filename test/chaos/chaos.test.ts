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
import type { Inventory } from "../../examples/fleet/load-inventory";
import {
  addCounters, BAD_DAY, census, Chaos, chaosInventory, Control, EmulatorProcess, exportedState, fleetStack, keysOf, missingFromCensus, NO_COUNTERS,
  observer, removeCutAttrs, upKilledWhen,
  type Census, type ChaosSettings, type ClientCounters, type FleetClientConfig, type FleetStack,
} from "./harness";

const FIGURES_FILE = path.join(REPO_ROOT, "test", "artifacts", "chaos.json");
const figures: Record<string, unknown> = {};

/** Engine operations at once: twice the default on 2 cores, so the demand is far above the rate limit. */
const UP = ["up", "--yes", "--skip-preview", "--parallel", "16"];
/**
 * Client settings: no client-side rate limit (the server's is the one under test); the strict
 * emulator shows a write at once, so a short visibility bound (the realistic scenario sets its own).
 */
const CLIENT: FleetClientConfig = { maxConcurrency: 16, requestsPerSecond: 0, visibilityLagSeconds: 2 };
const LONG = { timeoutMs: 600_000 };

/** Output tail for assertion messages. */
const tail = (r: RunResult) => `exit ${r.code}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-2000)}`;

/** `pulumi up` until it succeeds, at most `max` runs; returns how many it took (the failed runs' errors go to `failures`). */
async function upUntilDone(fleet: FleetStack, max: number, first?: RunResult, failures: string[] = []): Promise<number> {
  let runs = first ? 1 : 0;
  let last = first;
  while (last?.code !== 0) {
    if (last) failures.push(errorsOf(last));
    expect(runs, `pulumi up did not converge in ${max} runs: ${last ? tail(last) : ""}\nerrors of each run:\n${failures.join("\n---\n")}`).to.be.below(max);
    last = await fleet.stack.run(UP, LONG);
    runs++;
  }
  return runs;
}

/** The resource error lines of a run. */
const errorsOf = (r: RunResult) => [...new Set(r.stdout.split("\n").filter((l) => /error:/.test(l)).map((l) => l.trim()))].join("\n");

/** Exactly the inventory, once each, every object in the state and every state id live. */
function expectConverged(c: Census): void {
  expect(c.duplicates, "duplicates").to.deep.equal([]);
  expect(c.missing, "missing").to.deep.equal([]);
  expect(c.unexpected, "unexpected").to.deep.equal([]);
  expect(c.orphans, "orphans (not in the state)").to.deep.equal([]);
  expect(c.lost, "lost (in the state, not in the emulator)").to.deep.equal([]);
  expect(Object.keys(c.customerStatuses)).to.deep.equal(["provisioned"]);
}

/** `pulumi preview` shows no changes and `pulumi refresh` no drift (faults still on). */
async function expectNoChangesNoDrift(fleet: FleetStack): Promise<void> {
  const preview = await fleet.stack.run(["preview", "--expect-no-changes"], LONG);
  expect(preview.code, tail(preview)).to.equal(0);
  const refresh = await fleet.stack.run(["refresh", "--yes", "--expect-no-changes", "--parallel", "16"], LONG);
  expect(refresh.code, tail(refresh)).to.equal(0);
}

/** One scenario's world: an emulator process on a fresh database with the chaos rules on, and a fleet stack. */
interface Scenario {
  emu: EmulatorProcess;
  control: Control;
  chaos: Chaos;
  /** Reads the emulator with a token of its own. */
  look: WholesaleClient;
  fleet: FleetStack;
  inv: Inventory;
  /** Temporary directory (database, exported states). */
  dir: string;
  /** What the scenario reports (faults and duration are added at the end). */
  figures: Record<string, unknown>;
}

/** What a scenario changes: emulator flags, provider settings, the fault mix. */
interface ScenarioOptions {
  args?: string[];
  client?: FleetClientConfig;
  chaos?: ChaosSettings;
}

/** Set a scenario up before its tests and tear it down after them (registers the hooks). */
function scenario(key: string, prefix: string, size: [customers: number, users: number], delayMs: number, opts: ScenarioOptions = {}): Scenario {
  const sc = { inv: chaosInventory(size[0], size[1], prefix), figures: {} } as Scenario;
  let t0 = 0;
  before(async function () {
    requirePulumiOrSkip(this);
    t0 = Date.now();
    sc.dir = fs.mkdtempSync(path.join(os.tmpdir(), "webex-chaos-"));
    sc.emu = await EmulatorProcess.start({ dir: sc.dir, delayMs, args: opts.args });
    sc.control = new Control(sc.emu);
    sc.chaos = new Chaos(sc.control, opts.chaos);
    sc.look = observer(sc.emu, await sc.control.readOnlyToken());
    sc.fleet = await fleetStack(sc.emu, prefix, sc.inv, { ...CLIENT, ...opts.client });
    await sc.chaos.inject();
  });
  after(async () => {
    try {
      if (sc.emu?.pid) figures[key] = { ...sc.figures, faults: await sc.chaos.collect(), seconds: Math.round((Date.now() - t0) / 1000) };
    } finally {
      sc.fleet?.cleanup();
      await sc.emu?.stop();
      if (sc.dir) fs.rmSync(sc.dir, { recursive: true, force: true });
    }
  });
  return sc;
}

/**
 * The negative control's client: the create path this provider used to have — POST; when the
 * answer is lost, look the externalId up after 250 ms and 500 ms, and POST again if not seen.
 * Under a visibility lag longer than its waits, it duplicates.
 */
async function blindRePost(baseUrl: string, token: string, provisioningId: string, externalId: string): Promise<{ posts: number }> {
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
  const body = JSON.stringify({
    provisioningId, externalId, packages: ["webex_meetings"], address: { addressLine1: "1 Naive Way", city: "Austin", country: "US" },
    customerInfo: { name: "Naive Co", primaryEmail: `${externalId}@naive.example` },
  });
  let posts = 0;
  for (let attempt = 0; attempt < 2; attempt++) {
    posts++;
    const answered = await fetch(`${baseUrl}/wholesale/customers`, { method: "POST", headers, body }).then((r) => r.status < 300, () => false);
    if (answered) break;
    let seen = false;
    for (const wait of [250, 500]) {
      await new Promise((r) => setTimeout(r, wait));
      const list = await fetch(`${baseUrl}/wholesale/customers?externalId=${externalId}`, { headers }).then((r) => r.json() as Promise<{ items?: unknown[] }>, () => ({ items: [] }));
      if ((list.items ?? []).length > 0) seen = true;
    }
    if (seen) break;
  }
  return { posts };
}

describe("chaos: the fleet converges on a bad day", function () {
  this.timeout(900_000);
  let started = 0;

  before(function () {
    requirePulumiOrSkip(this);
    started = Date.now();
  });
  after(() => {
    if (Object.keys(figures).length === 0) return;
    figures.totalSeconds = Math.round((Date.now() - started) / 1000);
    fs.mkdirSync(path.dirname(FIGURES_FILE), { recursive: true });
    fs.writeFileSync(FIGURES_FILE, JSON.stringify(figures, null, 2) + "\n");
    console.log(`      chaos figures: ${JSON.stringify(figures)}`);
  });

  describe("10 customers × 10 users and 2 templates, with 5xx, throttling, latency and lost responses", () => {
    const sc = scenario("convergence", "chaos", [10, 10], 1500);
    let client: ClientCounters = NO_COUNTERS;

    it("pulumi up creates every resource exactly once, in at most two runs", async () => {
      const runs = await upUntilDone(sc.fleet, 2);
      client = sc.fleet.takeClientStats();
      const c = await census(sc.look, keysOf(sc.inv), await exportedState(sc.fleet.stack));
      Object.assign(sc.figures, { runs, objects: c.counts, client });
      expectConverged(c);
      // And straight from the emulator's database, not through any client.
      expect((await sc.control.census()).duplicates, "direct census").to.deep.equal([]);
      expect(c.counts).to.deep.equal({ templates: 2, customers: 10, users: 100 });
      // The bad day really happened, and the client rode it out.
      const faults = await sc.chaos.collect();
      expect(faults.errors, "5xx injected").to.be.greaterThan(0);
      expect(faults.lostResponses, "lost responses injected").to.be.greaterThan(0);
      expect(faults.throttled, "429s sent").to.be.greaterThan(0);
      expect(client.retries, "client retries").to.be.greaterThan(0);
      expect(client.recoveredCreates, "creates recovered by look-up instead of a second POST").to.be.greaterThan(0);
    });

    it("pulumi preview then shows no changes, pulumi refresh no drift, and the emulator still holds exactly the inventory", async () => {
      await expectNoChangesNoDrift(sc.fleet);
      sc.figures.client = addCounters(client, sc.fleet.takeClientStats());
      expectConverged(await census(sc.look, keysOf(sc.inv), await exportedState(sc.fleet.stack)));
    });
  });

  describe("the realistic preset (5 s visibility lag, lost answers on every write, uniqueness off, slow writes, busy updates) plus 5xx, 429 and latency", () => {
    // The provider is told the service's visibility bound (5 s) with a margin; nothing else changes.
    const sc = scenario("realistic", "real", [4, 4], 1500, {
      // Lost answers come from the preset (every write); a lower server rate so that 429s happen too.
      args: ["--realistic"], client: { visibilityLagSeconds: 7 }, chaos: { ...BAD_DAY, lostResponseRate: 0, rps: 3 },
    });

    it("converges in ≤ 2 ups (create, then edits: PUT and DELETE), then no changes; the direct census counts 0 duplicates, and a re-POSTing client's duplicates are counted", async () => {
      const { fleet, control, inv } = sc;
      const t0 = Date.now();
      const failedRuns: string[] = [];
      const runs = await upUntilDone(fleet, 2, undefined, failedRuns);
      const upSeconds = Math.round((Date.now() - t0) / 1000);
      const client = fleet.takeClientStats();
      const lost = await control.lostAnswers();
      const direct = await control.census();
      Object.assign(sc.figures, { runs, upSeconds, client, lostAnswers: lost, duplicates: direct.extraObjects, failedRuns });
      expect(direct.duplicates, "duplicates in the emulator's database").to.deep.equal([]);
      expect(missingFromCensus(direct, keysOf(inv)), "inventory keys with no object").to.deep.equal([]);
      // The unkind day really happened.
      const faults = await sc.chaos.collect();
      sc.figures.badDay = faults;
      expect(Object.values(lost).reduce((a, b) => a + b, 0), "answers lost after the write").to.be.greaterThan(0);
      expect(faults.errors, "5xx injected").to.be.greaterThan(0);
      expect(faults.throttled, "429s sent").to.be.greaterThan(0);
      const preview = await fleet.stack.run(["preview", "--expect-no-changes"], LONG);
      expect(preview.code, tail(preview)).to.equal(0);
      expect((await control.census()).extraObjects, "still no duplicate after the preview").to.equal(0);

      // Edits under the same day, with half of all write answers lost, so PUT and DELETE meet it:
      // every customer gains a package (PUT, then `updating` for 3 s), its first calling user a
      // new extension (PUT) and its last user is removed (DELETE).
      const lostBefore = await control.lostAnswers();
      await control.call("PUT", "/reality", { lostResponseRate: 0.5 });
      const removed: string[] = [];
      const edited = {
        ...inv,
        customers: inv.customers.map((c) => {
          const users = [...(c.users ?? [])];
          removed.push(String(users.pop()!.email).toLowerCase());
          const i = users.findIndex((u) => u.extension !== undefined);
          if (i >= 0) users[i] = { ...users[i]!, extension: `9${String(users[i]!.extension)}` };
          return { ...c, packages: [...(c.packages as string[]), "attendant_console"] as typeof c.packages, users };
        }),
      };
      fleet.writeInventory(edited);
      const editFailures: string[] = [];
      const editRuns = await upUntilDone(fleet, 2, undefined, editFailures);
      await control.call("PUT", "/reality", { lostResponseRate: 0.1 });
      const lostAfter = await control.lostAnswers();
      const lostInEdits = Object.fromEntries(["PUT", "DELETE"].map((m) => [m, (lostAfter[m] ?? 0) - (lostBefore[m] ?? 0)]));
      const afterEdits = await control.census();
      Object.assign(sc.figures, { edits: { runs: editRuns, failedRuns: editFailures, lostAnswers: lostInEdits, duplicates: afterEdits.extraObjects, client: fleet.takeClientStats() } });
      expect(lostInEdits.PUT! + lostInEdits.DELETE!, "PUT/DELETE answers lost").to.be.greaterThan(0);
      expect(afterEdits.duplicates).to.deep.equal([]);
      for (const email of removed) {
        expect(Object.values(afterEdits.partners).some((p) => (p["subscriber.email"]?.[email] ?? 0) > 0), `${email} removed`).to.equal(false);
      }
      const previewAfterEdits = await fleet.stack.run(["preview", "--expect-no-changes"], LONG);
      expect(previewAfterEdits.code, tail(previewAfterEdits)).to.equal(0);

      // Negative control, same emulator and modes: the old create path (POST; on a lost answer
      // look twice at 250 ms and 500 ms; then POST again) under every answer lost.
      // Only the lost answers: no 5xx, 429 or latency rules that would refuse a POST before it is applied.
      await control.clearFaults();
      await control.setRateLimit(null);
      await control.call("PUT", "/reality", { lostResponseRate: 1 });
      const provisioningId = (await sc.look.templates.list())[0]!.provisioningId;
      const naive = await blindRePost(sc.emu.baseUrl, sc.emu.devToken, provisioningId, "naive-1");
      await control.call("PUT", "/reality", { lostResponseRate: 0.1 });
      const after = await control.census();
      const naiveDuplicates = after.duplicates.filter((d) => d.key === "naive-1");
      Object.assign(sc.figures, { negativeControl: { posts: naive.posts, duplicates: after.extraObjects } });
      expect(naive.posts).to.be.greaterThan(1);
      expect(naiveDuplicates.length, "the census reports the re-POSTing client's duplicate").to.equal(1);
      expect(after.extraObjects).to.be.greaterThan(0);
    });
  });

  describe("pulumi up killed mid-run (SIGKILL to the CLI and everything it started)", () => {
    const sc = scenario("interrupted", "intr", [5, 5], 1500);

    it("cancel, webex-wholesale-recover, stack import, refresh and up converge with no duplicate and no orphan", async () => {
      const { fleet, look, inv } = sc;
      const stack = fleet.stack;
      // Kill once users are being created: some creates are then in flight.
      const killedRun = await upKilledWhen(stack, UP.slice(1), async () =>
        ((await sc.control.journal()).counts["POST /v1/wholesale/subscribers"] ?? 0) >= 4, LONG);
      expect(killedRun.killed, `the run ended before the kill: ${tail(killedRun)}`).to.equal(true);

      // The README's "Interrupted run / recovery", step by step. A checkpoint sidecar cut short by
      // the kill would make every command fail with "failed to load checkpoint: EOF".
      const cutAttrs = removeCutAttrs(stack.stateDir);
      const interrupted = await exportedState(stack);
      expect(interrupted.pending.filter((p) => p.type === "creating"), "pending creates").to.not.be.empty;
      const orphansBefore = (await census(look, keysOf(inv), interrupted)).orphans;
      const cancel = await stack.run(["cancel", "--yes"]);
      expect(cancel.code, tail(cancel)).to.equal(0);
      const exported = path.join(sc.dir, "exported.json");
      const recovered = path.join(sc.dir, "recovered.json");
      await stack.runOk(["stack", "export", "--file", exported]);
      const recover = spawnSync(process.execPath, [path.join(REPO_ROOT, "provider", "dist", "recover-cli.js")], {
        input: fs.readFileSync(exported), encoding: "utf8", maxBuffer: 64 * 1024 * 1024,
        // The strict emulator shows a write at once: no visibility bound to wait out before dropping a create.
        env: { ...process.env, WEBEX_WHOLESALE_BASE_URL: sc.emu.baseUrl, WEBEX_WHOLESALE_TOKEN: sc.emu.devToken, WEBEX_WHOLESALE_VISIBILITY_LAG_SECONDS: "0" },
      });
      expect(recover.status, recover.stderr).to.equal(0);
      fs.writeFileSync(recovered, recover.stdout);
      await stack.runOk(["stack", "import", "--file", recovered]);
      const imported = await exportedState(stack);
      expect(imported.pending, "pending operations after the import").to.deep.equal([]);
      // Everything the killed run created is now in the state: nothing left to duplicate.
      expect((await census(look, keysOf(inv), imported)).orphans).to.deep.equal([]);
      const refresh = await stack.run(["refresh", "--yes"], LONG);
      expect(refresh.code, tail(refresh)).to.equal(0);
      const runs = await upUntilDone(fleet, 2);

      Object.assign(sc.figures, {
        pendingCreates: interrupted.pending.length, orphansBeforeRecovery: orphansBefore.length, cutAttrs: cutAttrs.length,
        adopted: recover.stderr.split("\n").filter((l) => l.includes("added to the stack")).length, upRunsAfterRecovery: runs,
      });
      expectConverged(await census(look, keysOf(inv), await exportedState(stack)));
      await expectNoChangesNoDrift(fleet);
      sc.figures.client = fleet.takeClientStats();
    });
  });

  describe("the emulator killed with SIGKILL mid-run, twice, and restarted on its database", () => {
    // Provisioning takes 6 s: a wide window for the first crash to find customers half-way through it.
    const sc = scenario("crash", "crash", [5, 5], 6000);

    it("keeps every acknowledged write, finishes in-flight provisioning, and the run converges", async () => {
      const { fleet, look, inv } = sc;
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
        const [cs, us] = await Promise.all([look.customers.list(), look.subscribers.list()]);
        if (finished || !crashWhen[seen.length]!(cs, us.length)) continue;
        seen.push({ customers: new Map(cs.map((c) => [c.id, c.status])), users: new Set(us.map((u) => u.id)) });
        await sc.chaos.collect(); // fault counts live in the process about to die
        await sc.emu.kill9();
        const t = Date.now();
        await sc.emu.restart();
        restartMs.push(Date.now() - t);
        await sc.chaos.inject();
      }
      const first = await run;
      expect(seen.length, `the run ended before both crashes: ${tail(first)}`).to.equal(2);
      const runs = await upUntilDone(fleet, 2, first);

      const [customers, users] = await Promise.all([look.customers.list(), look.subscribers.list()]);
      const status = new Map(customers.map((c) => [c.id, c.status]));
      const live = new Set(users.map((u) => u.id));
      for (const [i, s] of seen.entries()) {
        for (const id of s.customers.keys()) expect(status.has(id), `customer ${id} seen before crash ${i + 1}`).to.equal(true);
        for (const id of s.users) expect(live.has(id), `user ${id} seen before crash ${i + 1}`).to.equal(true);
      }
      const provisioningAtCrash = [...seen[0]!.customers].filter(([, st]) => st === "provisioning").map(([id]) => id);
      expect(provisioningAtCrash).to.not.be.empty;
      for (const id of provisioningAtCrash) expect(status.get(id), `customer ${id} provisioning at the crash`).to.equal("provisioned");
      Object.assign(sc.figures, { crashes: seen.length, restartMs, runs, provisioningAtFirstCrash: provisioningAtCrash.length, usersAtSecondCrash: seen[1]!.users.size });
      expectConverged(await census(look, keysOf(inv), await exportedState(fleet.stack)));
      await expectNoChangesNoDrift(fleet);
      sc.figures.client = fleet.takeClientStats();
    });
  });
});
