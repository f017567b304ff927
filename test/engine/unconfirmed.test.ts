// An unconfirmed create through the real engine: the customer's POST is applied but its answer is
// lost, and every look-up fails until the deadline, so the provider cannot tell whether the
// customer exists. It must not POST again (uniqueness is off: a second POST would duplicate); the
// run fails naming the customer and its key, the state keeps a placeholder, and the next `up`
// looks the key up first, takes the customer over, and leaves exactly one.
import { expect } from "chai";
import { startEmulator } from "../../backend/src";
import { makeProgramDir, newStack, removeDir, requirePulumiOrSkip, type CliStack } from "../support/pulumi";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const program = `import * as wx from "pulumi-webex-wholesale";
const tpl = new wx.OnboardingTemplate("tpl", { name: "Unconfirmed SMB", serviceProviderAdminEmail: "sp@acme.example", country: "US",
  defaultEmailLanguage: "en_US", subscriptionId: "sub-1" });
new wx.CustomerOrg("org", { provisioningId: tpl.provisioningId, externalId: "crm-unconfirmed", name: "Unconfirmed Pizza",
  adminEmail: "boss@unconfirmed.example", country: "US", packages: ["webex_meetings"],
  headquarters: { addressLine1: "1 Main St", city: "Austin" } });
`;

describe("an unconfirmed create through the engine: no second POST, and the next up recovers by look-up", function () {
  this.timeout(600_000);
  let emu: Emulator;
  let dir: string;
  let stack: CliStack;

  const admin = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${emu.url}/_emulator${p}`, {
      method, headers: { Authorization: `Bearer ${emu.adminToken}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status}`);
    return res.status === 204 ? undefined : res.json();
  };
  const customersWithKey = async () => {
    const c = (await admin("GET", "/census")) as { partners: Record<string, Record<string, Record<string, number>>> };
    return Object.values(c.partners).reduce((n, p) => n + (p["customer.externalId"]?.["crm-unconfirmed"] ?? 0), 0);
  };
  const posts = async () => ((await admin("GET", "/journal")) as { counts: Record<string, number> }).counts["POST /v1/wholesale/customers"] ?? 0;

  before(async function () {
    requirePulumiOrSkip(this);
    emu = await startEmulator({
      delayMs: 200,
      reality: { visibilityLagMs: 0, enforceUniqueness: false, lostResponseRate: 0, lostResponseAs: "504", seed: 1, slowWritesMs: 0, busyUpdatesMs: 0 },
    });
    dir = makeProgramDir({ name: "unconfirmed", files: { "index.ts": program } });
    stack = await newStack(dir, "unconfirmed", {
      "webex-wholesale:baseUrl": emu.baseUrl, "webex-wholesale:token": { secret: emu.devToken },
      "webex-wholesale:visibilityLagSeconds": "1", "webex-wholesale:maxRetries": "0", "webex-wholesale:requestsPerSecond": "0",
    });
  });
  after(async () => {
    if (stack) {
      await stack.run(["destroy", "--yes"], { timeoutMs: 300_000 });
      stack.cleanup();
    }
    if (dir) removeDir(dir);
    await emu?.close();
  });

  it("first up: the answer is lost and look-ups fail, so it fails naming the customer and its key, after one POST", async () => {
    await admin("POST", "/faults", { method: "POST", path: "/v1/wholesale/customers", applyThenFail: true, status: 504, times: 1 });
    await admin("POST", "/faults", { method: "GET", path: "/v1/wholesale/customers", status: 503 });
    const up = await stack.run(["up", "--yes", "--skip-preview"], { timeoutMs: 300_000 });
    expect(up.code).to.not.equal(0);
    expect(up.stdout).to.match(/customer crm-unconfirmed: the create request's outcome is unknown/);
    expect(up.stdout).to.match(/externalId crm-unconfirmed/);
    expect(await posts(), "POSTs of the customer").to.equal(1);
    expect(await customersWithKey()).to.equal(1);
    const state = JSON.parse((await stack.runOk(["stack", "export"])).stdout) as { deployment: { resources: { urn: string; id?: string }[] } };
    expect(state.deployment.resources.find((r) => r.urn.endsWith("::org"))?.id).to.match(/^unconfirmed-create:/);
  });

  it("a preview shows the placeholder's replacement; the next up finds the customer by its key and adopts it, no POST", async () => {
    await admin("DELETE", "/faults");
    const preview = await stack.run(["preview"]);
    expect(preview.code, preview.stdout).to.equal(0);
    expect(preview.stdout).to.match(/replace/);
    const up = await stack.run(["up", "--yes", "--skip-preview"], { timeoutMs: 300_000 });
    expect(up.code, up.stdout.slice(-3000)).to.equal(0);
    expect(await posts(), "still one POST").to.equal(1);
    expect(await customersWithKey(), "customers with the key").to.equal(1);
    const again = await stack.run(["preview", "--expect-no-changes"]);
    expect(again.code, again.stdout).to.equal(0);
  });
});
