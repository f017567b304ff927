import * as fs from "node:fs";
import * as path from "node:path";
import * as os from "node:os";
import * as H from "./harness";

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chaos-x-"));
  const emu = await H.EmulatorProcess.start({ dir, delayMs: 4000 });
  const control = new H.Control(emu);
  const obs = H.observer(emu, await control.readOnlyToken());
  const inv = H.chaosInventory(5, 5);
  const fleet = await H.fleetStack(emu, "chaos", inv, { maxConcurrency: 16, requestsPerSecond: 0 });
  const show = (label: string, r: { code: number | null; stdout: string; stderr: string }) =>
    console.log(`=== ${label}: code ${r.code}\n${r.stdout.slice(-2500)}\n--- stderr\n${r.stderr.slice(-1500)}`);
  try {
    await H.injectChaos(control);
    let snapshot: { customers: { id: string; status: string }[]; users: { id: string }[] } | undefined;
    const up = fleet.stack.run(["up", "--yes", "--skip-preview", "--parallel", "16"], { timeoutMs: 600_000 });
    let done = false;
    void up.then(() => { done = true; });
    for (; !done;) {
      await new Promise((r) => setTimeout(r, 300));
      const cs = await obs.customers.list();
      const us = await obs.subscribers.list();
      console.log(new Date().toISOString(), cs.map((c) => c.status).join(","), us.length);
      if (cs.length >= 3 && cs.some((c) => c.status === "provisioning")) {
        snapshot = { customers: cs.map((c) => ({ id: c.id, status: c.status })), users: us.map((u) => ({ id: u.id })) };
        await emu.kill9();
        const t = Date.now();
        await emu.restart();
        console.log("restart took", Date.now() - t, "ms");
        await H.injectChaos(control);
        break;
      }
    }
    console.log("snapshot", JSON.stringify(snapshot));
    const r = await up;
    show("up", r);
    const st = await H.exportedState(fleet.stack);
    console.log(await H.census(obs, H.keysOf(inv), st));
    console.log(fleet.takeClientStats(), await control.stats());
    if (r.code !== 0) show("up2", await fleet.stack.run(["up", "--yes", "--skip-preview"], { timeoutMs: 600_000 }));
    const st3 = await H.exportedState(fleet.stack);
    console.log(await H.census(obs, H.keysOf(inv), st3));
  } finally {
    fleet.cleanup();
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
