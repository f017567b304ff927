// "A plan never lies", through the real engine: a GitOps-style fleet program (an inventory file,
// two templates, protected customers and users, one unprotected scratch customer) gets each kind
// of edit; for each, the changing steps of `pulumi preview --json` must equal the steps the
// following `up` performs, and nothing is replaced unless the edit needs it. One genuine
// replacement is included (it must still show as one).
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../backend/src";
import { api } from "../support/emulator-api";
import { previewSteps, upSteps } from "../support/plan-steps";
import { makeProgramDir, newStack, destroyProtected, removeDir, requirePulumiOrSkip, TOOLS_BIN, type CliStack } from "../support/pulumi";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const fastTiming = { customers: { mode: "delay", ms: 200 }, customerUpdates: { mode: "delay", ms: 100 }, customerDeletes: { mode: "delay", ms: 100 } } as const;

/** The fleet program: everything comes from inventory.json; `protect` per customer covers its users too. */
const PROGRAM = `import * as fs from "fs";
import * as wx from "pulumi-webex-wholesale";
const inv = JSON.parse(fs.readFileSync("inventory.json", "utf8"));
const templates: Record<string, wx.OnboardingTemplate> = {};
for (const { key, brandName, ...t } of inv.templates) {
  templates[key] = new wx.OnboardingTemplate("template-" + key, { ...t, email: { brandName } });
}
for (const { externalKey, template, users, locations = [], protect, ...c } of inv.customers) {
  const org = new wx.CustomerOrg("customer-" + externalKey, { ...c, provisioningId: templates[template].provisioningId }, { protect });
  const sites: Record<string, wx.CustomerLocation> = {};
  for (const { key, ...l } of locations) {
    sites[key] = new wx.CustomerLocation("location-" + key, { ...l, customer: org }, { protect, parent: org });
  }
  for (const { key, at, ...u } of users) {
    const locationId = at === "hq" ? org.headquartersLocationId : at ? sites[at].locationId : undefined;
    new wx.CustomerUser("user-" + key, { ...u, customer: org, locationId }, { protect, parent: org });
  }
}
`;

type Inventory = {
  templates: Record<string, unknown>[];
  customers: (Record<string, unknown> & { users: Record<string, unknown>[]; locations?: Record<string, unknown>[] })[];
};

function inventory(): Inventory {
  const tpl = (key: string, name: string) => ({ key, name, serviceProviderAdminEmail: "sp@acme.example", country: "US",
    defaultEmailLanguage: "en_US", subscriptionId: "sub-1", brandName: "Acme" });
  const hq = { addressLine1: "1 Main St", city: "Austin", stateOrProvince: "TX", timezone: "America/Chicago" };
  return {
    templates: [tpl("smb", "SMB"), tpl("pro", "Pro")],
    customers: [
      { externalKey: "a", externalId: "crm-a", template: "smb", name: "Alpha", adminEmail: "boss@alpha.example", country: "US",
        packages: ["webex_calling", "webex_meetings"], headquarters: hq, protect: true, users: [
          { key: "boss-a", email: "boss@alpha.example", firstName: "Al", lastName: "Pha", package: "webex_calling", extension: "100" },
          { key: "desk-a", email: "desk@alpha.example", firstName: "De", lastName: "Sk", package: "webex_calling", extension: "101", at: "hq" },
          { key: "branch-a", email: "branch@alpha.example", firstName: "Br", lastName: "Anch", package: "webex_calling", extension: "102", at: "branch" },
        ], locations: [
          { key: "branch", name: "Branch", timeZone: "America/Chicago", preferredLanguage: "en_us", announcementLanguage: "en_us",
            address: { address1: "5 Side St", city: "Austin", state: "TX", postalCode: "73301", country: "US" } },
        ] },
      { externalKey: "b", externalId: "crm-b", template: "smb", name: "Beta", adminEmail: "boss@beta.example", country: "US",
        packages: ["webex_meetings"], headquarters: { addressLine1: "2 Main St", city: "Austin" }, protect: true, users: [
          { key: "boss-b", email: "boss@beta.example", firstName: "Be", lastName: "Ta", package: "webex_meetings" },
        ] },
      { externalKey: "s", externalId: "crm-s", template: "pro", name: "Scratch", adminEmail: "boss@scratch.example", country: "US",
        packages: ["webex_meetings"], headquarters: { addressLine1: "3 Main St", city: "Austin" }, protect: false, users: [
          { key: "boss-s", email: "boss@scratch.example", firstName: "Sc", lastName: "Ratch", package: "webex_meetings" },
        ] },
    ],
  };
}

describe("plans tell the truth: preview --json equals the up that follows", function () {
  this.timeout(900_000);
  let emu: Emulator;
  let dir: string;
  let stack: CliStack;
  let inv: Inventory;
  const save = () => fs.writeFileSync(path.join(dir, "inventory.json"), JSON.stringify(inv));
  const customer = (key: string) => inv.customers.find((c) => c.externalKey === key)!;

  /** Apply an edit; preview and up must list the same steps, and those must be `expected`. */
  async function edit(change: () => void, expected: string[]) {
    change();
    save();
    const planned = await previewSteps(stack);
    const done = await upSteps(stack);
    expect(done.code, `up failed\n${done.stdout}\n${done.stderr}`).to.equal(0);
    expect(planned, "preview --json steps").to.deep.equal(done.steps);
    expect(done.steps).to.deep.equal([...expected].sort());
  }

  before(async function () {
    requirePulumiOrSkip(this);
    emu = await startEmulator({ timing: fastTiming });
    inv = inventory();
    dir = makeProgramDir({ name: "plan", files: { "index.ts": PROGRAM, "inventory.json": JSON.stringify(inv) } });
    stack = await newStack(dir, "plan", { "webex-wholesale:baseUrl": emu.baseUrl, "webex-wholesale:token": { secret: emu.devToken } });
    const first = await upSteps(stack);
    expect(first.code, `${first.stdout}\n${first.stderr}`).to.equal(0);
    expect(first.steps.filter((s) => s.startsWith("create "))).to.have.length(11);
  });
  after(async () => {
    await destroyProtected(stack);
    removeDir(dir);
    await emu?.close();
  });

  const T = "pulumi-nodejs:dynamic/webex-wholesale:";
  const user = (_org: string, key: string) => `${T}CustomerOrg$${T}CustomerUser::user-${key}`;
  const location = (key: string) => `${T}CustomerOrg$${T}CustomerLocation::location-${key}`;

  it("a template edit (email.brandName) updates the template only: its protected customers and users stay", async () => {
    await edit(() => { inv.templates[0]!.brandName = "Acme Telco"; }, [`update ${T}OnboardingTemplate::template-smb`]);
  });

  it("a customer's in-place edits (packages, HQ address, externalId) update that customer only", async () => {
    await edit(() => {
      const a = customer("a");
      a.packages = ["webex_calling", "webex_meetings", "cisco_calling_plan"];
      a.headquarters = { ...(a.headquarters as object), addressLine1: "10 Main St" };
      customer("b").externalId = "crm-b2";
    }, [`update ${T}CustomerOrg::customer-a`, `update ${T}CustomerOrg::customer-b`]);
    const a = (await api(emu, "GET", "/wholesale/customers?externalId=crm-a")).body.items[0];
    expect(a.packages).to.include("cisco_calling_plan");
  });

  it("a user's in-place edit (extension) updates that user only", async () => {
    await edit(() => { customer("a").users[1]!.extension = "111"; }, [`update ${user("a", "desk-a")}`]);
  });

  it("a location's in-place edit (time zone, address) updates the location only: its users stay", async () => {
    await edit(() => {
      const branch = customer("a").locations![0]!;
      branch.timeZone = "America/New_York";
      branch.address = { ...(branch.address as object), address1: "6 Side St" };
    }, [`update ${location("branch")}`]);
  });

  it("a template edit and a customer edit together, then a no-op: still no replacement", async () => {
    await edit(() => {
      inv.templates[1]!.brandName = "Pro Telco";
      customer("s").meetingsTimezone = "America/Chicago";
    }, [`update ${T}OnboardingTemplate::template-pro`, `update ${T}CustomerOrg::customer-s`]);
    await stack.runOk(["preview", "--expect-no-changes"]);
  });

  it("a genuine replacement (a customer's name) still shows as one, with its users", async () => {
    const before = (await api(emu, "GET", "/wholesale/customers?externalId=crm-s")).body.items[0];
    await edit(() => { customer("s").name = "Scratch Two"; }, [`replace ${T}CustomerOrg::customer-s`, `replace ${user("s", "boss-s")}`]);
    const after = (await api(emu, "GET", "/wholesale/customers?externalId=crm-s")).body.items[0];
    expect(after.id).to.not.equal(before.id);
  });

  it("negative control: through a reference the program hides (an apply), a template edit shows phantom replacements again", async () => {
    // The same program, but the provisioningId passes through an apply, so its source cannot be traced.
    fs.writeFileSync(path.join(dir, "index.ts"), PROGRAM.replace("templates[template].provisioningId", "templates[template].provisioningId.apply((p) => p)"));
    inv.templates[0]!.brandName = "Acme Again";
    save();
    const r = await stack.run(["preview", "--json"]);
    // Protected customers of that template (a or b, whichever the engine reaches first) would be
    // replaced: the engine refuses the plan.
    expect(r.code).to.not.equal(0);
    expect(r.stdout + r.stderr).to.match(/customer-[ab][\s\S]*protect|protect[\s\S]*customer-[ab]/);
    fs.writeFileSync(path.join(dir, "index.ts"), PROGRAM);
  });
});

describe("plans tell the truth with the native plugin (Pulumi YAML)", function () {
  this.timeout(900_000);
  let emu: Emulator;
  let dir: string;
  let stack: CliStack;
  const yaml = (brand: string, name: string) => `name: plan-yaml
runtime: yaml
resources:
  tpl:
    type: webex-wholesale:index:OnboardingTemplate
    properties: { name: SMB, serviceProviderAdminEmail: sp@acme.example, country: US, defaultEmailLanguage: en_US, subscriptionId: sub-1, email: { brandName: ${brand} } }
  org:
    type: webex-wholesale:index:CustomerOrg
    properties:
      provisioningId: \${tpl.provisioningId}
      externalId: crm-y
      name: ${name}
      adminEmail: boss@yaml.example
      country: US
      packages: [webex_meetings]
      headquarters: { addressLine1: 1 Main St, city: Austin }
  boss:
    type: webex-wholesale:index:CustomerUser
    properties: { customerId: "\${org.customerId}", email: boss@yaml.example, firstName: Bo, lastName: Ss, package: webex_meetings }
`;
  const write = (brand: string, name: string) => fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml(brand, name));

  before(async function () {
    requirePulumiOrSkip(this);
    if (!fs.existsSync(path.join(TOOLS_BIN, "pulumi-language-yaml"))) {
      if (process.env.CI) throw new Error("pulumi-language-yaml is missing but CI is set");
      this.skip();
    }
    emu = await startEmulator({ timing: fastTiming });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-yaml-"));
    write("Acme", "Yaml Co");
    stack = await newStack(dir, "plan", { "webex-wholesale:baseUrl": emu.baseUrl, "webex-wholesale:token": { secret: emu.devToken } });
    const first = await upSteps(stack);
    expect(first.code, `${first.stdout}\n${first.stderr}`).to.equal(0);
  });
  after(async () => {
    if (stack) {
      await stack.run(["destroy", "--yes", "--skip-preview"]);
      stack.cleanup();
    }
    removeDir(dir);
    await emu?.close();
  });

  const N = "webex-wholesale:index:";
  it("a template edit updates the template only; a customer rename replaces it and its user, as previewed", async () => {
    for (const [brand, name, expected] of [
      ["Acme Telco", "Yaml Co", [`update ${N}OnboardingTemplate::tpl`]],
      ["Acme Telco", "Yaml Two", [`replace ${N}CustomerOrg::org`, `replace ${N}CustomerUser::boss`]],
    ] as const) {
      write(brand, name);
      const planned = await previewSteps(stack);
      const done = await upSteps(stack);
      expect(done.code, `${done.stdout}\n${done.stderr}`).to.equal(0);
      expect(planned, "preview --json steps").to.deep.equal(done.steps);
      expect(done.steps).to.deep.equal([...expected].sort());
    }
  });
});
