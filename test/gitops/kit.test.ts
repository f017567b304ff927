// The GitOps kit (examples/gitops): its program against the emulator through the real Pulumi CLI,
// the plan summary it posts on pull requests (from real `pulumi preview --json`), the nightly drift
// check (from real `pulumi refresh --preview-only --json`), and its workflow checked by actionlint.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../backend/src";
import { api } from "../support/emulator-api";
import { newStack, removeDir, REPO_ROOT, requirePulumiOrSkip, TOOLS_BIN, type CliStack } from "../support/pulumi";

const KIT = path.join(REPO_ROOT, "examples", "gitops");
const WORKFLOW = path.join(KIT, ".github", "workflows", "webex-wholesale.yml");
const ACTIONLINT = path.join(TOOLS_BIN, "actionlint");

// eslint-disable-next-line @typescript-eslint/no-require-imports
const planSummary = require(path.join(KIT, "scripts", "plan-summary.cjs")) as {
  summarize(p: unknown): { counts: Record<string, number>; destructive: { kind: string; type: string; name: string; reasons: string[] }[]; errors: string[]; warnings: string[] };
  render(s: unknown, stack: string): string;
  parsePreview(text: string): unknown;
};

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** Runs one of the kit's scripts as the workflow does: Markdown on stdout, and its exit code. */
function script(name: string, input: string, stack: string): { code: number | null; out: string } {
  const file = path.join(os.tmpdir(), `kit-${process.pid}-${name}.json`);
  fs.writeFileSync(file, input);
  try {
    const r = spawnSync(process.execPath, [path.join(KIT, "scripts", name), file, stack], { encoding: "utf8" });
    return { code: r.status, out: r.stdout + r.stderr };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

describe("GitOps kit (examples/gitops)", function () {
  this.timeout(600_000);
  let emu: Emulator;
  let dir: string;
  let stack: CliStack;
  const customerFile = () => path.join(dir, "inventory", "customers", "crm-3001.json");
  const editCustomer = (f: (c: any) => void) => {
    const c = JSON.parse(fs.readFileSync(customerFile(), "utf8"));
    f(c);
    fs.writeFileSync(customerFile(), JSON.stringify(c, null, 2));
  };

  before(async function () {
    requirePulumiOrSkip(this);
    emu = await startEmulator({ delayMs: 0 });
    // A copy of the kit as a team's repository would hold it; packages from this repository.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gitops-kit-"));
    fs.cpSync(KIT, dir, { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    // The provider reads its settings from the environment, as in the workflow.
    stack = await newStack(dir, "prod", {}, { WEBEX_WHOLESALE_BASE_URL: emu.baseUrl, WEBEX_WHOLESALE_TOKEN: emu.devToken });
  });
  after(async () => {
    if (stack) {
      await stack.run(["destroy", "--yes", "--non-interactive"]).catch(() => undefined);
      stack.cleanup();
    }
    removeDir(dir);
    await emu?.close();
  });

  const preview = async () => (await stack.run(["preview", "--json", "--non-interactive"])).stdout;

  it("a first pull request: the plan lists the creates and no destructive step", async () => {
    const out = script("plan-summary.cjs", await preview(), "prod");
    expect(out.code).to.equal(0);
    expect(out.out).to.include("<!-- webex-wholesale-plan:prod -->");
    // template + customer + 2 users; the stack resource is bookkeeping, not counted.
    expect(out.out).to.include("| 4 | 0 | 0 | 0 |");
    expect(out.out).to.include("No destructive steps");
  });

  const restoreInventory = () => fs.cpSync(path.join(KIT, "inventory"), path.join(dir, "inventory"), { recursive: true });

  it("after merge (up): a user line removed is counted and called out as a destructive delete", async () => {
    await stack.runOk(["up", "--yes", "--non-interactive"]);
    const { customerIds } = await stack.outputs() as { customerIds: Record<string, string> };
    expect((await api(emu, "GET", `/wholesale/customers/${customerIds["crm-3001"]}`)).body).to.include({ status: "provisioned" });
    editCustomer((c) => { c.users = c.users.filter((u: { email: string }) => u.email !== "frontdesk@harbordental.example"); });
    const out = script("plan-summary.cjs", await preview(), "prod");
    expect(out.code).to.equal(0);
    expect(out.out).to.include("| 0 | 0 | 0 | 1 |");
    expect(out.out).to.match(/\[!CAUTION\]\n> \*\*1 destructive step/);
    expect(out.out).to.include("- **delete** `webex-wholesale:CustomerUser` `user-frontdesk@harbordental.example`");
    // Back to what was merged: the plan is empty again (negative control of the counts above).
    restoreInventory();
    const back = planSummary.summarize(planSummary.parsePreview(await preview()));
    expect(back.counts).to.deep.equal({ create: 0, update: 0, replace: 0, delete: 0 });
    expect(back.destructive).to.deep.equal([]);
  });

  it("a changed admin e-mail: the customer's replacement is called out with its reason and the provider's warning", async () => {
    editCustomer((c) => { c.adminEmail = "owner@harbordental.example"; c.users[0].email = "owner@harbordental.example"; });
    try {
      const s = planSummary.summarize(planSummary.parsePreview(await preview()));
      expect(s.errors).to.deep.equal([]);
      // The customer, and the user kept in the file (its customer changes); the renamed user is new.
      expect(s.counts).to.deep.equal({ create: 1, update: 0, replace: 2, delete: 0 });
      expect(s.destructive.map((d) => [d.kind, d.type, d.name])).to.have.deep.members([
        ["replace", "webex-wholesale:CustomerOrg", "customer-crm-3001"], ["replace", "webex-wholesale:CustomerUser", "user-frontdesk@harbordental.example"]]);
      expect(s.destructive.find((d) => d.name === "customer-crm-3001")!.reasons).to.deep.equal(["adminEmail"]);
      const md = planSummary.render(s, "prod");
      expect(md).to.include("- **replace** `webex-wholesale:CustomerOrg` `customer-crm-3001` (replaced because of: `adminEmail`)");
      // Pulumi's JSON lists the replaced customer once; the users it deletes are named by the provider.
      expect(md).to.match(/Warnings:\n\n- .*replacing customer crm-3001/);
    } finally {
      restoreInventory();
    }
  });

  it("a broken inventory: the summary reports the failed preview and exits 1", async () => {
    editCustomer((c) => { c.template = "no-such-template"; });
    try {
      const out = script("plan-summary.cjs", await preview(), "prod");
      expect(out.code).to.equal(1);
      expect(out.out).to.include("The preview failed");
      expect(out.out).to.include('unknown template "no-such-template"');
    } finally {
      restoreInventory();
    }
  });

  it("nightly: no drift exits 0; a user deleted outside git is reported and exits 1", async () => {
    const refresh = async () => (await stack.run(["refresh", "--preview-only", "--json", "--non-interactive"])).stdout;
    const clean = script("drift-check.cjs", await refresh(), "prod");
    expect(clean.out).to.include("No drift");
    expect(clean.code).to.equal(0);

    const subs = (await api(emu, "GET", "/wholesale/subscribers")).body.items as { id: string; email: string }[];
    const frontdesk = subs.find((u) => u.email === "frontdesk@harbordental.example")!;
    expect((await api(emu, "DELETE", `/wholesale/subscribers/${frontdesk.id}`)).status).to.equal(204);
    const drift = script("drift-check.cjs", await refresh(), "prod");
    expect(drift.out).to.include("1 resource(s) drifted");
    expect(drift.out).to.include("**deleted** `webex-wholesale:CustomerUser` `user-frontdesk@harbordental.example`");
    expect(drift.code).to.equal(1);

    const failed = script("drift-check.cjs", "error: no stack named 'prod' found\n", "prod");
    expect(failed.code).to.equal(2);
    expect(failed.out).to.include("The refresh failed");
  });

  describe("the workflow", () => {
    const text = () => fs.readFileSync(WORKFLOW, "utf8");

    it("passes actionlint (built by make tools from the Go module proxy)", function () {
      if (!fs.existsSync(ACTIONLINT)) {
        if (process.env.CI) throw new Error(`${ACTIONLINT} is missing but CI is set: run 'make tools'`);
        console.log("      (skipped: .tools/bin/actionlint is absent; run 'make tools')");
        this.skip();
      }
      const r = spawnSync(ACTIONLINT, ["-no-color", WORKFLOW], { encoding: "utf8" });
      expect(r.stdout + r.stderr).to.equal("");
      expect(r.status).to.equal(0);
      // Negative control: actionlint does reject a broken workflow.
      const bad = path.join(os.tmpdir(), `kit-bad-${process.pid}.yml`);
      fs.writeFileSync(bad, text().replace("runs-on: ubuntu-latest", "runs-on: ${{ matrix.nowhere }}").replace("cancel-in-progress: false", "cancel-in-progress: maybe"));
      try {
        expect(spawnSync(ACTIONLINT, ["-no-color", bad], { encoding: "utf8" }).status).to.not.equal(0);
      } finally {
        fs.rmSync(bad, { force: true });
      }
    });

    it("previews on pull requests, applies on push to main, checks drift nightly, one concurrency group per stack", () => {
      const wf = text();
      expect(wf).to.match(/^on:\n  pull_request:\n    branches: \[main\]\n  push:\n    branches: \[main\]\n  schedule:\n    - cron: /m);
      expect(wf).to.match(/^concurrency:\n  group: pulumi-\$\{\{ vars\.PULUMI_STACK \|\| 'prod' \}\}\n  cancel-in-progress: false$/m);
      expect(wf).to.match(/pulumi preview --stack "\$PULUMI_STACK" --non-interactive --json > plan\.json/);
      expect(wf).to.match(/node scripts\/plan-summary\.cjs plan\.json/);
      expect(wf).to.match(/gh pr comment "\$PR" --body-file plan\.md/);
      expect(wf).to.match(/pulumi up --stack "\$PULUMI_STACK" --non-interactive --yes/);
      expect(wf).to.match(/pulumi refresh --stack "\$PULUMI_STACK" --non-interactive --preview-only --json > refresh\.json/);
      expect(wf).to.match(/node scripts\/drift-check\.cjs refresh\.json/);
      // Every script the workflow calls is in the kit.
      for (const m of wf.matchAll(/node (scripts\/[\w.-]+)/g)) expect(fs.existsSync(path.join(KIT, m[1]!)), m[1]).to.equal(true);
    });
  });

  it("the kit's program type-checks with its own tsconfig (no skipLibCheck)", () => {
    const r = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "--noEmit", "-p", dir], { encoding: "utf8" });
    expect(r.stdout + r.stderr).to.equal("");
    expect(r.status).to.equal(0);
  });
});
