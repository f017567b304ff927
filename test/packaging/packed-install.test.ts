// The packages as a user gets them: `npm pack` of the provider and the emulator (the wire package
// bundled in both), installed into an empty program with the newest @pulumi/pulumi and TypeScript 5,
// on each Node.js major of NODE_MAJORS (the machine's, and others fetched from the npm registry):
// `tsc` with Pulumi's default tsconfig (no skipLibCheck) has 0 errors, `npm ls` finds one
// @pulumi/pulumi, `npx webex-wholesale-emulator` serves, and up / no-op preview / destroy pass.
// One tiny program and one shared pack step keep it lean (it measures and prints its own time).
import { expect } from "chai";
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { api, type EmulatorEndpoint } from "../support/emulator-api";
import { envFor, NODE_MAJORS, nodeRuntime, type NodeRuntime } from "../support/node-versions";
import { newStack, removeDir, REPO_ROOT, requirePulumiOrSkip, TOOLS_BIN, type CliStack } from "../support/pulumi";

/** The published packages (each bundles the wire package). */
const PACKAGES = { provider: "pulumi-webex-wholesale", emulator: "webex-wholesale-emulator" } as const;
const WIRE = "webex-wholesale-wire";

/** `pulumi new typescript`'s tsconfig: strict, and no skipLibCheck, so every .d.ts is checked. */
const DEFAULT_TSCONFIG = {
  compilerOptions: {
    strict: true, outDir: "bin", target: "es2020", module: "commonjs", moduleResolution: "node", sourceMap: true,
    experimentalDecorators: true, pretty: false, noFallthroughCasesInSwitch: true, noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as wx from "pulumi-webex-wholesale";

const tpl = new wx.OnboardingTemplate("tpl", { name: "SMB", serviceProviderAdminEmail: "sp@acme.example", country: "US",
  defaultEmailLanguage: "en_US", subscriptionId: "sub-1", email: { brandName: "Acme" } });
const org = new wx.CustomerOrg("pizza", { provisioningId: tpl.provisioningId, externalId: "crm-1042", name: "John's Pizza",
  adminEmail: "john@pizza.example", country: "US", packages: ["webex_meetings"],
  headquarters: { addressLine1: "771 Alder Drive", city: "Milpitas" } });
export const customerId: pulumi.Output<string> = org.customerId;
`;

/** Bare module names that the .d.ts files reachable from `entry` (through relative imports) import. */
export function declarationImports(entry: string): Set<string> {
  const bare = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !fs.existsSync(file)) return;
    seen.add(file);
    const text = fs.readFileSync(file, "utf8");
    const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|<reference\s+types=)["']([^"']+)["']/g)].map((m) => m[1]!);
    for (const s of specs) {
      if (!s.startsWith(".")) bare.add(s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0]!);
      else {
        const base = path.resolve(path.dirname(file), s).replace(/\.js$/, "");
        visit(fs.existsSync(`${base}.d.ts`) ? `${base}.d.ts` : path.join(base, "index.d.ts"));
      }
    }
  };
  visit(entry);
  return bare;
}

/** Runs a command to completion (no shell); returns its exit code and output. */
function run(cmd: string, args: string[], cwd: string, env: Record<string, string>) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Like run, but throws (with the output) unless it exits 0. */
function runOk(cmd: string, args: string[], cwd: string, env: Record<string, string>): string {
  const r = run(cmd, args, cwd, env);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${r.code}:\n${r.out}`);
  return r.out;
}

/** `npx webex-wholesale-emulator` in its own process group; resolves with its endpoint once it serves. */
function startEmulatorViaNpx(cwd: string, env: Record<string, string>): Promise<{ child: ChildProcess; emu: EmulatorEndpoint }> {
  const devToken = "packed-dev-token";
  const adminToken = "packed-admin-token";
  const child = spawn("npx", ["--no-install", PACKAGES.emulator, "--port", "0", "--memory", "--delay", "0", "--quiet",
    "--token", devToken, "--admin-token", adminToken], { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (d: Buffer) => {
      out += String(d);
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, emu: { url: m[1]!, baseUrl: `${m[1]}/v1`, devToken, adminToken } });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("close", (code) => reject(new Error(`npx ${PACKAGES.emulator} exited with ${code} before serving:\n${out}`)));
  });
}

/** Stops what startEmulatorViaNpx started: its process group (npx and the emulator under it). */
function stopGroup(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.on("close", () => resolve());
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      resolve();
    }
  });
}

/** Seconds since `t0` (ms), one decimal. */
const since = (t0: number) => Math.round((Date.now() - t0) / 100) / 10;

describe("packaging: the packed packages installed like a registry provider", function () {
  this.timeout(1_200_000);
  const t0 = Date.now();
  const timings: string[] = [];
  let packDir: string;
  const tarballs: Record<keyof typeof PACKAGES, string> = { provider: "", emulator: "" };

  before(function () {
    requirePulumiOrSkip(this);
    const t = Date.now();
    packDir = fs.mkdtempSync(path.join(os.tmpdir(), "webex-packs-"));
    const json = execFileSync("npm", ["pack", "--workspace", "provider", "--workspace", "backend", "--pack-destination", packDir, "--json"],
      { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const packed = JSON.parse(json) as { name: string; filename: string; bundled: string[] }[];
    for (const [key, name] of Object.entries(PACKAGES) as [keyof typeof PACKAGES, string][]) {
      const p = packed.find((x) => x.name === name);
      if (!p) throw new Error(`npm pack did not produce ${name}`);
      expect(p.bundled, `${name} bundles ${WIRE}`).to.deep.equal([WIRE]);
      tarballs[key] = path.join(packDir, p.filename);
    }
    timings.push(`pack ${since(t)}s`);
  });
  after(() => {
    removeDir(packDir);
    console.log(`      packed-install e2e: ${timings.join(", ")}; total ${since(t0)}s`);
  });

  /** Paths in a tarball (without the leading package/) with their tar mode strings. */
  const listing = (tgz: string) => new Map(execFileSync("tar", ["-tvzf", tgz], { encoding: "utf8" }).trim().split("\n")
    .map((l) => { const f = l.trim().split(/\s+/); return [f[f.length - 1]!.replace(/^package\//, ""), f[0]!] as const; }));

  it("the tarballs ship README, LICENSE, the bundled wire package, executable bins and no source maps; the provider also schema.json", () => {
    const prov = listing(tarballs.provider);
    const emu = listing(tarballs.emulator);
    for (const files of [prov, emu]) {
      for (const f of ["README.md", "LICENSE", "package.json", `node_modules/${WIRE}/package.json`, `node_modules/${WIRE}/dist/index.js`, `node_modules/${WIRE}/LICENSE`]) {
        expect([...files.keys()], f).to.include(f);
      }
      expect([...files.keys()].filter((f) => f.endsWith(".map"))).to.deep.equal([]);
      expect([...files.keys()].filter((f) => f.startsWith("src/"))).to.deep.equal([]);
    }
    expect(prov.get("schema.json")).to.be.a("string");
    expect(JSON.parse(execFileSync("tar", ["-xzOf", tarballs.provider, "package/schema.json"], { encoding: "utf8" })).name).to.equal("webex-wholesale");
    expect(prov.get("bin/webex-wholesale-recover")).to.match(/^-rwx/);
    expect(emu.get("bin/webex-wholesale-emulator")).to.match(/^-rwx/);
    const manifest = JSON.parse(execFileSync("tar", ["-xzOf", tarballs.provider, "package/package.json"], { encoding: "utf8" }));
    expect(Object.keys(manifest.dependencies).sort()).to.deep.equal(["axios", WIRE, "zod"]);
    expect(manifest.peerDependencies).to.have.keys(["@pulumi/pulumi"]);
    expect(manifest.engines.node).to.be.a("string");
  });

  it("the public .d.ts reaches no zod or wire declarations (negative control: a re-export of zod is found)", () => {
    const reached = declarationImports(path.join(REPO_ROOT, "provider", "dist", "index.d.ts"));
    expect(reached).to.include("@pulumi/pulumi");
    expect([...reached].filter((m) => m === "zod" || m === WIRE)).to.deep.equal([]);
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), "dts-"));
    try {
      fs.writeFileSync(path.join(bad, "index.d.ts"), `export * from "./a";\n`);
      fs.writeFileSync(path.join(bad, "a.d.ts"), `export * as wire from "${WIRE}";\nexport type Z = import("zod").ZodType;\n`);
      expect([...declarationImports(path.join(bad, "index.d.ts"))].sort()).to.deep.equal([WIRE, "zod"]);
    } finally {
      removeDir(bad);
    }
  });

  it("`npx webex-wholesale-emulator --help` works from the repository root", () => {
    const out = runOk("npx", ["--no-install", PACKAGES.emulator, "--help"], REPO_ROOT, envFor(nodeRuntime(Number(process.versions.node.split(".")[0]))));
    expect(out).to.match(/Usage: webex-wholesale-emulator/);
  });

  for (const major of NODE_MAJORS) {
    describe(`on Node.js ${major}`, () => {
      let rt: NodeRuntime;
      let dir: string;
      let env: Record<string, string>;
      let emulator: ChildProcess | undefined;
      let emu: EmulatorEndpoint;
      let stack: CliStack | undefined;

      before(function () {
        requirePulumiOrSkip(this);
        const t = Date.now();
        rt = nodeRuntime(major);
        env = envFor(rt);
        dir = fs.mkdtempSync(path.join(os.tmpdir(), `packed-node${major}-`));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: packed-install\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({
          name: "packed-install", private: true, main: "index.ts",
          // npm 11 asks before running install scripts; the emulator's SQLite binding needs its build.
          allowScripts: { "better-sqlite3": true },
        }, null, 2));
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(DEFAULT_TSCONFIG, null, 2));
        fs.writeFileSync(path.join(dir, "index.ts"), PROGRAM);
        runOk("npm", ["install", "--no-audit", "--no-fund", tarballs.provider, tarballs.emulator, "@pulumi/pulumi@latest", "typescript@5", "@types/node"], dir, env);
        timings.push(`node ${rt.version}: install ${since(t)}s`);
      });
      after(async () => {
        if (stack) {
          await stack.run(["destroy", "--yes", "--non-interactive"]).catch(() => undefined);
          stack.cleanup();
        }
        await stopGroup(emulator);
        removeDir(dir);
      });

      it("runs on the Node.js asked for", () => {
        expect(runOk("node", ["-p", "process.version"], dir, env).trim()).to.equal(rt.version);
      });

      it("npm ls finds exactly one @pulumi/pulumi, the newest the registry gives", () => {
        const copies = runOk("npm", ["ls", "@pulumi/pulumi", "--all", "--parseable"], dir, env).trim().split("\n").filter(Boolean);
        expect(copies).to.deep.equal([path.join(fs.realpathSync(dir), "node_modules", "@pulumi", "pulumi")]);
        const latest = runOk("npm", ["view", "@pulumi/pulumi", "version"], dir, env).trim();
        const installed = JSON.parse(fs.readFileSync(path.join(dir, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version;
        expect(installed).to.equal(latest);
      });

      it("tsc with the default tsconfig (no skipLibCheck) reports 0 errors", () => {
        const t = Date.now();
        const r = run("npx", ["--no-install", "tsc", "--noEmit", "-p", "."], dir, env);
        timings.push(`tsc ${since(t)}s`);
        expect(r.out.match(/error TS\d+/g) ?? [], r.out).to.deep.equal([]);
        expect(r.code).to.equal(0);
        expect(runOk("npx", ["--no-install", "tsc", "--version"], dir, env)).to.match(/Version 5\./);
      });

      it("the installed emulator's bin is executable and answers --help", () => {
        const bin = fs.realpathSync(path.join(dir, "node_modules", ".bin", PACKAGES.emulator));
        expect(fs.statSync(bin).mode & 0o111).to.not.equal(0);
        expect(runOk("npx", ["--no-install", PACKAGES.emulator, "--help"], dir, env)).to.match(/Usage: webex-wholesale-emulator/);
      });

      it("against `npx webex-wholesale-emulator`: up, preview --expect-no-changes, destroy", async () => {
        const t = Date.now();
        ({ child: emulator, emu } = await startEmulatorViaNpx(dir, env));
        stack = await newStack(dir, "packed", { "webex-wholesale:baseUrl": emu.baseUrl, "webex-wholesale:token": { secret: emu.devToken } },
          { PATH: `${TOOLS_BIN}${path.delimiter}${env.PATH}` });
        await stack.runOk(["up", "--yes", "--non-interactive"], { timeoutMs: 300_000 });
        const { customerId } = await stack.outputs();
        expect((await api(emu, "GET", `/wholesale/customers/${customerId}`)).body).to.include({ externalId: "crm-1042", status: "provisioned" });
        await stack.runOk(["preview", "--expect-no-changes", "--non-interactive"], { timeoutMs: 300_000 });
        await stack.runOk(["destroy", "--yes", "--non-interactive"], { timeoutMs: 300_000 });
        expect((await api(emu, "GET", "/wholesale/customers")).body.items).to.deep.equal([]);
        timings.push(`pulumi ${since(t)}s`);
      });
    });
  }
});
