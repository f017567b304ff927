import * as fs from "node:fs";
import * as path from "node:path";
import * as os from "node:os";
import * as H from "./harness";

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chaos-x-"));
  const emu = await H.EmulatorProcess.start({ dir, delayMs: 1500 });
  const control = new H.Control(emu);
  const obs = H.observer(emu, await control.readOnlyToken());
  const inv = H.chaosInventory(5, 5);
  const fleet = await H.fleetStack(emu, "chaos", inv, { maxConcurrency: 16, requestsPerSecond: 0 });
  const show = (label: string, r: { code: number | null; stdout: string; stderr: string }) =>
    console.log(`=== ${label}: code ${r.code}\n${r.stdout.slice(-2500)}\n--- stderr\n${r.stderr.slice(-1500)}`);
  try {
    await H.injectChaos(control);
    const r = await H.upKilledWhen(fleet.stack, ["--skip-preview", "--parallel", "16"], async () => {
      const c = await control.journalCounts();
      return (c["POST /v1/wholesale/subscribers"] ?? 0) >= 4;
    }, { timeoutMs: 600_000 });
    console.log("killed", r.killed, r.processes);
    const st = await H.exportedState(fleet.stack);
    console.log(JSON.stringify(st.pending.map((p) => [p.type, p.urn]), null, 1));
    console.log(await H.census(obs, H.keysOf(inv), st));
    show("cancel", await fleet.stack.run(["cancel", "--yes"]));
    const exp = await fleet.stack.runOk(["stack", "export"]);
    const { execFileSync } = await import("node:child_process");
    const out = execFileSync(process.execPath, ["provider/dist/recover-cli.js"], { input: exp.stdout, env: { ...process.env, WEBEX_WHOLESALE_BASE_URL: emu.baseUrl, WEBEX_WHOLESALE_TOKEN: emu.devToken }, stdio: ["pipe", "pipe", "inherit"] });
    const f = path.join(dir, "recovered.json");
    fs.writeFileSync(f, out);
    show("import", await fleet.stack.run(["stack", "import", "--file", f]));
    const st2 = await H.exportedState(fleet.stack);
    console.log(JSON.stringify(st2.pending.map((p) => [p.type, p.urn]), null, 1));
    console.log(await H.census(obs, H.keysOf(inv), st2));
    show("refresh", await fleet.stack.run(["refresh", "--yes"]));
    show("up", await fleet.stack.run(["up", "--yes", "--skip-preview"], { timeoutMs: 600_000 }));
    const st3 = await H.exportedState(fleet.stack);
    console.log(JSON.stringify(st3.pending.map((p) => [p.type, p.urn]), null, 1));
    console.log(await H.census(obs, H.keysOf(inv), st3));
    show("preview", await fleet.stack.run(["preview", "--expect-no-changes"]));
    show("refresh2", await fleet.stack.run(["refresh", "--yes", "--expect-no-changes"]));
  } finally {
    fleet.cleanup();
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
