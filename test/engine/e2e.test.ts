// The real Pulumi engine (CLI built from Go modules, see scripts/build-tools.sh) driving our
// resources against a live emulator: up, no-op preview, refresh, edits, drift, adoption, export,
// destroy. Each step asserts on the emulator's state and request journal.
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../backend/src";
import { api, calls, control } from "../support/emulator-api";
import { makeProgramDir, newStack, removeDir, requirePulumiOrSkip, REPO_ROOT, type CliStack } from "../support/pulumi";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const fastTiming = { customers: { mode: "delay", ms: 300 }, customerUpdates: { mode: "delay", ms: 200 }, customerDeletes: { mode: "delay", ms: 200 } } as const;

function stackConfig(emu: Emulator) {
  return { "webex-wholesale:baseUrl": emu.baseUrl, "webex-wholesale:token": { secret: emu.devToken } };
}

// A program whose shape each step rewrites (the way a user edits and commits index.ts).
function program(opts: { packages: string[]; annPhone: string; annFirst: string; users: string[]; adopt?: boolean }): string {
  const users: Record<string, string> = {
    john: `{ email: "john@pizza.example", firstName: "John", lastName: "Anderson", package: "webex_calling", extension: "1000" }`,
    mary: `{ email: "mary@pizza.example", firstName: "Mary", lastName: "Jones", package: "webex_meetings" }`,
    ann: `{ email: "ann@pizza.example", firstName: ${JSON.stringify(opts.annFirst)}, lastName: "Lee", package: "webex_calling", primaryPhoneNumber: ${JSON.stringify(opts.annPhone)}, locationId: org.headquartersLocationId }`,
    bob: `{ email: "bob@pizza.example", firstName: "Bob", lastName: "Ray", package: "webex_calling", extension: "1002" }`,
  };
  return `import * as wx from "pulumi-webex-wholesale";
const tpl = new wx.OnboardingTemplate("tpl", { name: "SMB", serviceProviderAdminEmail: "sp@acme.example", country: "US",
  defaultEmailLanguage: "en_US", subscriptionId: "sub-1", email: { brandName: "Acme" } });
const org = new wx.CustomerOrg("pizza", { provisioningId: tpl.provisioningId, externalId: "crm-1042", name: "John's Pizza",
  adminEmail: "john@pizza.example", country: "US", packages: ${JSON.stringify(opts.packages)},
  headquarters: { addressLine1: "771 Alder Drive", city: "Milpitas", timezone: "America/Los_Angeles" } });
${opts.users.map((u) => `new wx.CustomerUser(${JSON.stringify(u)}, { customer: org, ...${users[u]} });`).join("\n")}
${opts.adopt ? `const seven = new wx.CustomerOrg("seven", { provisioningId: tpl.provisioningId, externalId: "crm-7", name: "Seven",
  adminEmail: "seven@seven.example", country: "US", packages: ["webex_meetings"], adopt: true,
  headquarters: { addressLine1: "1 Main St", city: "Austin" } });
export const sevenId = seven.customerId;` : ""}
export const provisioningId = tpl.provisioningId;
export const customerId = org.customerId;
export const orgId = org.orgId;
`;
}

describe("the real Pulumi engine end to end", function () {
  this.timeout(600_000);

  describe("a program's life: up, no-op, edits, drift, adoption, export, destroy", () => {
    let emu: Emulator;
    let dir: string;
    let stack: CliStack;
    const base = { packages: ["webex_calling", "webex_meetings"], annPhone: "+14085550101", annFirst: "Ann", users: ["john", "mary", "ann"] };
    const write = (o: Parameters<typeof program>[0]) => fs.writeFileSync(path.join(dir, "index.ts"), program(o));

    before(async function () {
      requirePulumiOrSkip(this);
      emu = await startEmulator({ timing: fastTiming });
      dir = makeProgramDir({ name: "e2e", files: { "index.ts": program(base) } });
      stack = await newStack(dir, "e2e", stackConfig(emu));
    });
    after(async () => {
      stack?.cleanup();
      removeDir(dir);
      await emu?.close();
    });

    it("up creates the template, the customer and three users", async () => {
      await stack.runOk(["up", "--yes", "--non-interactive"]);
      const out = await stack.outputs();
      expect(out.provisioningId).to.be.a("string");
      const customer = await api(emu, "GET", `/wholesale/customers/${out.customerId}`);
      expect(customer.body).to.include({ status: "provisioned", externalId: "crm-1042" });
      const subs = await api(emu, "GET", `/wholesale/subscribers?customerId=${out.customerId}`);
      expect(subs.body.items.map((s: { email: string }) => s.email)).to.have.members(["john@pizza.example", "mary@pizza.example", "ann@pizza.example"]);
    });

    it("preview then shows no changes and makes no API call", async () => {
      await control(emu, "DELETE", "/journal");
      await stack.runOk(["preview", "--expect-no-changes", "--non-interactive"]);
      expect(await calls(emu)).to.deep.equal({ total: 0, writes: 0 });
    });

    it("refresh shows no changes and writes nothing", async () => {
      await control(emu, "DELETE", "/journal");
      await stack.runOk(["refresh", "--yes", "--expect-no-changes", "--non-interactive"]);
      const c = await calls(emu);
      expect(c.writes).to.equal(0);
      expect(c.total).to.be.greaterThan(0);
    });

    it("edits: packages and a number in place, a name change replaces (delete first), users removed and added", async () => {
      const before = await stack.outputs();
      const annBefore = (await api(emu, "GET", "/wholesale/subscribers?email=ann@pizza.example")).body.items[0];
      write({ packages: ["webex_calling", "webex_meetings", "cisco_calling_plan"], annPhone: "+14085550199", annFirst: "Anne", users: ["john", "ann", "bob"] });
      const r = await stack.runOk(["up", "--yes", "--non-interactive"]);
      expect(r.stdout).to.match(/replaced/);
      const after = await stack.outputs();
      expect(after.customerId).to.equal(before.customerId); // the customer was updated in place
      const customer = await api(emu, "GET", `/wholesale/customers/${after.customerId}`);
      expect(customer.body.packages).to.have.members(["webex_calling", "webex_meetings", "cisco_calling_plan"]);
      const ann = (await api(emu, "GET", "/wholesale/subscribers?email=ann@pizza.example")).body.items[0];
      expect(ann.id).to.not.equal(annBefore.id);
      expect(ann).to.include({ firstName: "Anne", primaryPhoneNumber: "+14085550199" });
      const emails = (await api(emu, "GET", `/wholesale/subscribers?customerId=${after.customerId}`)).body.items.map((s: { email: string }) => s.email);
      expect(emails).to.have.members(["john@pizza.example", "ann@pizza.example", "bob@pizza.example"]);
      await stack.runOk(["preview", "--expect-no-changes", "--non-interactive"]);
    });

    it("refresh reports a change made outside Pulumi, and the next up undoes it", async () => {
      const out = await stack.outputs();
      const put = await api(emu, "PUT", `/wholesale/customers/${out.customerId}`, { packages: ["webex_calling", "webex_meetings"] });
      expect(put.status).to.equal(202);
      const refresh = await stack.run(["refresh", "--yes", "--expect-no-changes", "--non-interactive"]);
      expect(refresh.code, "refresh should report the drift").to.not.equal(0);
      await stack.runOk(["up", "--yes", "--non-interactive"]);
      const customer = await api(emu, "GET", `/wholesale/customers/${out.customerId}`);
      expect(customer.body.packages).to.have.members(["webex_calling", "webex_meetings", "cisco_calling_plan"]);
    });

    it("adopts an existing customer with adopt: true instead of duplicating it", async () => {
      const out = await stack.outputs();
      const created = await api(emu, "POST", "/wholesale/customers", {
        provisioningId: out.provisioningId, packages: ["webex_meetings"], externalId: "crm-7",
        address: { addressLine1: "1 Main St", city: "Austin", country: "US" }, customerInfo: { name: "Seven", primaryEmail: "seven@seven.example" },
      });
      expect(created.status).to.equal(202);
      write({ packages: ["webex_calling", "webex_meetings", "cisco_calling_plan"], annPhone: "+14085550199", annFirst: "Anne", users: ["john", "ann", "bob"], adopt: true });
      await stack.runOk(["up", "--yes", "--non-interactive"]);
      const list = await api(emu, "GET", "/wholesale/customers?externalId=crm-7");
      expect(list.body.items).to.have.length(1);
      expect((await stack.outputs()).sevenId).to.equal(list.body.items[0].id);
    });

    it("keeps the token out of the exported state", async () => {
      const r = await stack.runOk(["stack", "export"]);
      expect(r.stdout).to.include("CustomerOrg");
      expect(r.stdout).to.not.include(emu.devToken);
    });

    it("destroy leaves the emulator empty for the partner", async () => {
      await stack.runOk(["destroy", "--yes", "--non-interactive"]);
      expect((await api(emu, "GET", "/wholesale/customers")).body.items).to.deep.equal([]);
      expect((await api(emu, "GET", "/wholesale/subscribers")).body.items).to.deep.equal([]);
      expect((await api(emu, "GET", "/wholesale/onboardingTemplates")).body.items).to.deep.equal([]);
    });
  });

  describe("the examples run as written", () => {
    let emu: Emulator;
    before(async function () {
      requirePulumiOrSkip(this);
      emu = await startEmulator({ timing: fastTiming });
    });
    after(async () => { await emu?.close(); });

    it("examples/quickstart: up, no-op preview, destroy", async () => {
      const dir = path.join(REPO_ROOT, "examples/quickstart");
      const name = `test-${process.pid}`;
      const stack = await newStack(dir, name, stackConfig(emu));
      try {
        await stack.runOk(["up", "--yes", "--non-interactive"]);
        const out = await stack.outputs();
        expect(out).to.have.keys(["provisioningId", "customerId", "orgId", "hqLocationId"]);
        expect((await api(emu, "GET", `/wholesale/subscribers?customerId=${out.customerId}`)).body.items).to.have.length(3);
        await stack.runOk(["preview", "--expect-no-changes", "--non-interactive"]);
        await stack.runOk(["destroy", "--yes", "--non-interactive"]);
        expect((await api(emu, "GET", "/wholesale/customers")).body.items).to.deep.equal([]);
      } finally {
        stack.cleanup();
        fs.rmSync(path.join(dir, `Pulumi.${name}.yaml`), { force: true });
      }
    });

    it("examples/fleet: a line added provisions, a line removed deprovisions", async () => {
      const dir = path.join(REPO_ROOT, "examples/fleet");
      const name = `test-${process.pid}`;
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-"));
      const inventory = JSON.parse(fs.readFileSync(path.join(dir, "inventory.json"), "utf8"));
      const file = path.join(tmp, "inventory.json");
      fs.writeFileSync(file, JSON.stringify(inventory));
      const stack = await newStack(dir, name, { ...stackConfig(emu), inventory: file });
      try {
        await stack.runOk(["up", "--yes", "--non-interactive"]);
        const externalIds = async () => (await api(emu, "GET", "/wholesale/customers")).body.items.map((c: { externalId: string }) => c.externalId);
        expect(await externalIds()).to.have.members(["crm-2001", "crm-2002"]);
        inventory.customers.push({ ...inventory.customers[1], externalId: "crm-2003", name: "Red Roofing", adminEmail: "boss@redroof.example",
          users: [{ email: "boss@redroof.example", firstName: "Rae", lastName: "Roof", package: "webex_meetings" }] });
        inventory.customers.splice(0, 1);
        fs.writeFileSync(file, JSON.stringify(inventory));
        await stack.runOk(["up", "--yes", "--non-interactive"]);
        expect(await externalIds()).to.have.members(["crm-2002", "crm-2003"]);
        expect((await api(emu, "GET", "/wholesale/subscribers?email=owner@bluebakery.example")).body.items).to.deep.equal([]);
        await stack.runOk(["destroy", "--yes", "--non-interactive"]);
        expect(await externalIds()).to.deep.equal([]);
      } finally {
        stack.cleanup();
        removeDir(tmp);
        fs.rmSync(path.join(dir, `Pulumi.${name}.yaml`), { force: true });
      }
    });
  });
});
