// The CLI's argument and environment handling (run from source with ts-node).
import { expect } from "chai";
import { spawn } from "node:child_process";
import * as path from "node:path";

const repoRoot = path.resolve(__dirname, "../..");

/** Run the CLI until it prints its start-up banner (then SIGTERM it) or exits. */
function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "backend/src/cli.ts", ...args], {
      cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += String(d);
      if (/delay:.*\n/.test(out)) child.kill("SIGTERM");
    });
    child.stderr.on("data", (d) => { err += String(d); });
    // "close", not "exit": the last output may still be in the pipe when the process exits.
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

describe("backend: CLI", function () {
  this.timeout(30_000);

  it("--help lists the options and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).to.equal(0);
    for (const flag of ["--port", "--host", "--db", "--memory", "--delay", "--rate-limit", "--token", "--admin-token", "--public-url", "--realistic",
      "--visibility-lag", "--lax-uniqueness", "--lost-responses", "--lost-as", "--slow-writes", "--busy-updates"]) expect(r.out).to.include(flag);
  });

  it("an unknown flag exits 2 with a message", async () => {
    const r = await run(["--bogus"]);
    expect(r.code).to.equal(2);
    expect(r.err).to.match(/bogus/);
  });

  it("--realistic turns every strict-reality mode on, single flags override it; bad values exit 2", async function () {
    this.timeout(90_000); // two CLI starts under ts-node
    const realistic = await run(["--quiet", "--memory", "--port", "0", "--realistic", "--visibility-lag", "7000", "--lost-as", "504"]);
    expect(realistic.out).to.match(/reality: +visibility lag 7000 ms, lax uniqueness, lost responses 0\.1 \(504\), slow writes 50-1500 ms, busy updates 3000 ms/);
    const bad = await run(["--lost-responses", "2"]);
    expect(bad.code).to.equal(2);
    expect(bad.err).to.match(/lostResponseRate/);
  });

  it("takes settings from the environment, prints URL, base URL, dev partner and tokens, and stops on SIGTERM", async () => {
    const r = await run(["--quiet"], {
      WEBEX_EMULATOR_PORT: "0", WEBEX_EMULATOR_MEMORY: "1", WEBEX_EMULATOR_TOKEN: "env-dev-token", WEBEX_EMULATOR_ADMIN_TOKEN: "env-admin-token", WEBEX_EMULATOR_DELAY_MS: "250",
    });
    expect(r.out).to.match(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(r.out).to.match(/base URL: +http:\/\/127\.0\.0\.1:\d+\/v1/);
    expect(r.out).to.match(/dev partner: +dev-partner/);
    expect(r.out).to.match(/dev token: +env-dev-token/);
    expect(r.out).to.match(/admin token: +env-admin-token/);
    expect(r.out).to.match(/database: +\(memory\)/);
    expect(r.out).to.match(/delay: +250 ms/);
    expect(r.out).to.match(/reality: +strict/);
    expect(r.out).to.match(/SIGTERM: shutting down/);
    expect(r.code).to.equal(0);
  });
});
