// Adopting an estate with `adopt: true` (the import of the TypeScript resources), through the real
// engine: the stack's state is deleted, every resource adopts its live object, one `up` converges
// (0 creates in the emulator's journal) and the next preview has nothing to do. Then the same after
// somebody changed a customer and a user in Partner Hub: the adopting up puts the program's
// values back (read from the emulator, not from the state), and refresh finds nothing to change.
import { expect } from "chai";
import { startEmulator } from "../../backend/src";
import { api, control } from "../support/emulator-api";
import { makeProgramDir, newStack, destroyProtected, removeDir, requirePulumiOrSkip, type CliStack } from "../support/pulumi";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const fastTiming = { customers: { mode: "delay", ms: 200 }, customerUpdates: { mode: "delay", ms: 100 }, customerDeletes: { mode: "delay", ms: 100 } } as const;

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as wx from "pulumi-webex-wholesale";
const adopt = new pulumi.Config().getBoolean("adopt") ?? false;
const tpl = new wx.OnboardingTemplate("tpl", { name: "SMB", serviceProviderAdminEmail: "sp@acme.example", country: "US",
  defaultEmailLanguage: "en_US", subscriptionId: "sub-1", email: { brandName: "Acme" }, adopt });
const org = new wx.CustomerOrg("pizza", { provisioningId: tpl.provisioningId, externalId: "crm-1042", name: "Pizza",
  adminEmail: "john@pizza.example", country: "US", packages: ["webex_calling", "webex_meetings"], meetingsTimezone: "America/Chicago",
  headquarters: { addressLine1: "771 Alder Drive", city: "Milpitas", timezone: "America/Los_Angeles" }, adopt }, { protect: true });
new wx.CustomerUser("john", { customer: org, email: "john@pizza.example", firstName: "John", lastName: "Anderson",
  package: "webex_calling", extension: "1000", adopt }, { protect: true });
new wx.CustomerUser("mary", { customer: org, email: "mary@pizza.example", firstName: "Mary", lastName: "Jones",
  package: "webex_meetings", adopt }, { protect: true });
`;

/** Journal entries since the last clear, as "METHOD path". */
async function journal(emu: Emulator): Promise<string[]> {
  const j = await control(emu, "GET", "/journal") as { entries: { method: string; path: string }[] };
  return j.entries.map((e) => `${e.method} ${e.path}`);
}

describe("adopting an estate: one up, from what is live", function () {
  this.timeout(900_000);
  let emu: Emulator;
  let dir: string;
  let stack: CliStack;

  /** Forget every resource of the stack (as if the state were lost), keeping the stack and its config. */
  async function forgetState() {
    const exported = JSON.parse((await stack.runOk(["stack", "export"])).stdout);
    exported.deployment.resources = (exported.deployment.resources ?? []).filter((r: { type: string }) => r.type === "pulumi:pulumi:Stack");
    const file = `${dir}/state.json`;
    require("node:fs").writeFileSync(file, JSON.stringify(exported));
    await stack.runOk(["stack", "import", "--file", file]);
  }

  /** Adopt everything: the preview notes what will be taken over, the up creates nothing, the next preview is empty. */
  async function adoptAll(expectedChanges: RegExp[]): Promise<void> {
    await forgetState();
    await control(emu, "DELETE", "/journal");
    const preview = await stack.runOk(["preview"]);
    const plan = preview.stdout + preview.stderr;
    expect(plan).to.match(/adopt: the existing CustomerOrg with externalId crm-1042 \(id [^)]+\) will be read and taken over, not created/);
    expect(plan).to.match(/adopt: the existing CustomerUser with email john@pizza\.example/);
    for (const re of expectedChanges) expect(plan).to.match(re);
    await stack.runOk(["up", "--yes", "--skip-preview"]);
    const calls = await journal(emu);
    expect(calls.filter((c) => c.startsWith("POST ")), calls.join("\n")).to.deep.equal([]);
    await stack.runOk(["preview", "--expect-no-changes"]);
  }

  before(async function () {
    requirePulumiOrSkip(this);
    emu = await startEmulator({ timing: fastTiming });
    dir = makeProgramDir({ name: "adopt", files: { "index.ts": PROGRAM } });
    stack = await newStack(dir, "adopt", { "webex-wholesale:baseUrl": emu.baseUrl, "webex-wholesale:token": { secret: emu.devToken } });
    await stack.runOk(["up", "--yes", "--skip-preview"]);
    await stack.runOk(["config", "set", "adopt", "true"]);
  });
  after(async () => {
    await destroyProtected(stack);
    removeDir(dir);
    await emu?.close();
  });

  it("state deleted, every resource adopts: one up with 0 creates, then preview --expect-no-changes passes", async () => {
    await adoptAll([/its readable arguments equal the program/]);
  });

  it("after a customer and a user were changed in Partner Hub: the adopting up restores the program, refresh finds nothing", async () => {
    const c = (await api(emu, "GET", "/wholesale/customers?externalId=crm-1042")).body.items[0];
    const put = await api(emu, "PUT", `/wholesale/customers/${c.id}`, { packages: c.packages, address: { ...c.address, addressLine1: "1 Other Street" } });
    expect(put.status).to.equal(202);
    const john = (await api(emu, "GET", "/wholesale/subscribers?email=john@pizza.example")).body.items[0];
    const putUser = await api(emu, "PUT", `/wholesale/subscribers/${john.id}`, { packages: ["webex_calling"], provisioningParameters: { extension: "1500" } });
    expect(putUser.status).to.equal(200);
    // Negative control: the live objects really differ from the program now.
    expect((await api(emu, "GET", `/wholesale/subscribers/${john.id}`)).body.extension).to.equal("1500");

    await adoptAll([/CustomerOrg with externalId crm-1042 .*the up will change: headquarters/, /CustomerUser with email john@pizza\.example .*the up will change: extension/]);

    const live = (await api(emu, "GET", `/wholesale/customers/${c.id}`)).body;
    expect(live.address.addressLine1).to.equal("771 Alder Drive");
    expect(live.status).to.equal("provisioned");
    expect((await api(emu, "GET", `/wholesale/subscribers/${john.id}`)).body.extension).to.equal("1000");
    await stack.runOk(["refresh", "--yes", "--expect-no-changes"]);
  });
});
