// A unique key (template name, customer externalId, user email, location name in a customer) declared twice in one program
// fails `pulumi preview` before any API call, naming both resources and the key — in the
// TypeScript classes (checked in the program) and in Pulumi YAML (checked by the native plugin).
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../backend/src";
import { calls, control } from "../support/emulator-api";
import { makeProgramDir, newStack, removeDir, requirePulumiOrSkip, TOOLS_BIN, type CliStack } from "../support/pulumi";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const TEMPLATE = `{ name: "SMB", serviceProviderAdminEmail: "sp@acme.example", country: "US", defaultEmailLanguage: "en_US", subscriptionId: "sub-1" }`;
const org = (externalId: string, admin: string) => `{ provisioningId: tpl.provisioningId, externalId: ${JSON.stringify(externalId)}, name: "Pizza",
  adminEmail: ${JSON.stringify(admin)}, country: "US", packages: ["webex_meetings"], headquarters: { addressLine1: "1 Main St", city: "Austin" } }`;
const user = (email: string) => `{ customer: org, email: ${JSON.stringify(email)}, firstName: "A", lastName: "B", package: "webex_meetings" }`;

/** Programs with one key declared twice: [key, value, first resource, second resource, program]. */
const CASES: [string, string, string, string, string][] = [
  ["template name", "SMB", "tpl", "tpl2", `const tpl = new wx.OnboardingTemplate("tpl", ${TEMPLATE});
new wx.OnboardingTemplate("tpl2", ${TEMPLATE});`],
  ["customer externalId", "crm-1", "one", "two", `const tpl = new wx.OnboardingTemplate("tpl", ${TEMPLATE});
new wx.CustomerOrg("one", ${org("crm-1", "a@one.example")});
new wx.CustomerOrg("two", ${org("crm-1", "b@two.example")});`],
  // Emails collide whatever their case; the second one is a secret Output (checked once known).
  ["user email", "Ann@Pizza.example", "ann", "ann-again", `const tpl = new wx.OnboardingTemplate("tpl", ${TEMPLATE});
const org = new wx.CustomerOrg("org", ${org("crm-1", "a@one.example")});
new wx.CustomerUser("ann", ${user("ann@pizza.example")});
new wx.CustomerUser("ann-again", { ...${user("x")}, email: pulumi.secret("Ann@Pizza.example") });`],
  // Within one customer (the scope is the customer, even before it exists), names in any case.
  ["location name", "BRANCH", "branch", "branch-again", `const tpl = new wx.OnboardingTemplate("tpl", ${TEMPLATE});
const org = new wx.CustomerOrg("org", ${org("crm-1", "a@one.example")});
const site = { timeZone: "America/Chicago", preferredLanguage: "en_us", announcementLanguage: "en_us",
  address: { address1: "5 Side St", city: "Austin", state: "TX", postalCode: "73301", country: "US" } };
new wx.CustomerLocation("branch", { ...site, customer: org, name: "Branch" });
new wx.CustomerLocation("branch-again", { ...site, customer: org, name: "BRANCH" });`],
];

describe("unique keys declared twice fail preview before any API call", function () {
  this.timeout(600_000);
  let emu: Emulator;
  let dir: string;
  let stack: CliStack;

  before(async function () {
    requirePulumiOrSkip(this);
    emu = await startEmulator({});
    dir = makeProgramDir({ name: "keys", files: { "index.ts": "" } });
    stack = await newStack(dir, "keys", { "webex-wholesale:baseUrl": emu.baseUrl, "webex-wholesale:token": { secret: emu.devToken } });
  });
  after(async () => {
    stack?.cleanup();
    removeDir(dir);
    await emu?.close();
  });

  for (const [label, value, first, second, body] of CASES) {
    it(`${label}: preview fails naming both resources, with 0 API calls`, async () => {
      fs.writeFileSync(path.join(dir, "index.ts"), `import * as pulumi from "@pulumi/pulumi";\nimport * as wx from "pulumi-webex-wholesale";\n${body}\n`);
      await control(emu, "DELETE", "/journal");
      const r = await stack.run(["preview"]);
      const out = r.stdout + r.stderr;
      expect(r.code, out).to.not.equal(0);
      expect(out).to.include(`${label} "${value}"`).and.to.include("is declared twice");
      expect(out).to.match(new RegExp(`"${first}" and by \\w+ "${second}"`));
      expect(await calls(emu)).to.deep.equal({ total: 0, writes: 0 });
    });
  }

  it("control: the same program without the duplicate previews cleanly", async () => {
    fs.writeFileSync(path.join(dir, "index.ts"), `import * as wx from "pulumi-webex-wholesale";
const tpl = new wx.OnboardingTemplate("tpl", ${TEMPLATE});
new wx.CustomerOrg("one", ${org("crm-1", "a@one.example")});
new wx.CustomerOrg("two", ${org("crm-2", "b@two.example")});
`);
    await stack.runOk(["preview"]);
  });

  describe("Pulumi YAML (native plugin)", () => {
    let ydir: string;
    let ystack: CliStack;
    before(async function () {
      if (!fs.existsSync(path.join(TOOLS_BIN, "pulumi-language-yaml"))) {
        if (process.env.CI) throw new Error("pulumi-language-yaml is missing but CI is set");
        this.skip();
      }
      ydir = fs.mkdtempSync(path.join(os.tmpdir(), "keys-yaml-"));
      const customer = (id: string, admin: string) => `    type: webex-wholesale:index:CustomerOrg
    properties:
      provisioningId: \${tpl.provisioningId}
      externalId: ${id}
      name: Pizza
      adminEmail: ${admin}
      country: US
      packages: [webex_meetings]
      headquarters: { addressLine1: 1 Main St, city: Austin }`;
      fs.writeFileSync(path.join(ydir, "Pulumi.yaml"), `name: keys-yaml
runtime: yaml
resources:
  tpl:
    type: webex-wholesale:index:OnboardingTemplate
    properties: { name: SMB, serviceProviderAdminEmail: sp@acme.example, country: US, defaultEmailLanguage: en_US, subscriptionId: sub-1 }
  one:
${customer("crm-1", "a@one.example")}
  two:
${customer("crm-1", "b@two.example")}
`);
      ystack = await newStack(ydir, "keys", { "webex-wholesale:baseUrl": emu.baseUrl, "webex-wholesale:token": { secret: emu.devToken } });
    });
    after(() => {
      ystack?.cleanup();
      removeDir(ydir);
    });

    it("customer externalId: preview fails naming both resources, with 0 API calls", async () => {
      await control(emu, "DELETE", "/journal");
      const r = await ystack.run(["preview"]);
      const out = r.stdout + r.stderr;
      expect(r.code, out).to.not.equal(0);
      expect(out).to.include('customer externalId "crm-1" is declared twice');
      expect(out).to.match(/CustomerOrg "(one|two)" and by CustomerOrg "(one|two)"/);
      expect(await calls(emu)).to.deep.equal({ total: 0, writes: 0 });
    });
  });
});
