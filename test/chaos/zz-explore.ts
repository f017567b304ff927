import * as fs from "node:fs";
import * as path from "node:path";
import * as os from "node:os";
import * as H from "./harness";

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chaos-x-"));
  const emu = await H.EmulatorProcess.start({ dir, delayMs: 1500 });
  const control = new H.Control(emu);
  const obs = H.observer(emu, await control.readOnlyToken());
  const inv = H.chaosInventory(10, 10);
  const fleet = await H.fleetStack(emu, "chaos", inv, { maxConcurrency: 16, requestsPerSecond: 0 });
  try {
    await H.injectChaos(control);
    const t0 = Date.now();
    const r = await fleet.stack.run(["up", "--yes", "--parallel", "16"], { timeoutMs: 600_000 });
    console.log("up code", r.code, (Date.now() - t0) / 1000, "s");
    console.log(r.stdout.slice(-3000));
    console.log(r.stderr.slice(-2000));
    console.log(fleet.takeClientStats(), await control.stats());
    const st = await H.exportedState(fleet.stack);
    console.log(await H.census(obs, H.keysOf(inv), st));
  } finally {
    fleet.cleanup();
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
