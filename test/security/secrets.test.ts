// Secrets through the real Pulumi engine (one stack: up, exports, destroy): the partner token never
// reaches the state's resources, the CLI's output, the engine's event log, the provider's own log
// lines or an error message; arguments a program passes as pulumi.secret() stay secret in state,
// wherever the value lands (inputs, outputs, another resource's outputs).
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RunningEmulator } from "../../backend/src";
import { makeProgramDir, newStack, removeDir, requirePulumiOrSkip, type CliStack, type RunResult } from "../support/pulumi";
import { auth, leakForms, send, startTarget } from "./support";

/** The engine's marker of a secret value in state and events. */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** The values the program passes as secrets, and where each must be secret in state: [resource, output path]. */
const SECRETS = {
  subscriptionId: "sub-SECRET-4711",
  externalId: "crm-SECRET-0815",
  addressLine1: "1 SECRET Street",
  phone: "+15125550177",
  package: "webex_calling",
};
const SECRET_AT: [string, string[]][] = [
  ["tpl", ["subscriptionId"]],
  ["org", ["externalId"]],
  ["org", ["headquarters", "addressLine1"]],
  ["ann", ["primaryPhoneNumber"]],
  ["ann", ["package"]],
  ["ann", ["externalCustomerId"]],
];

const program = `import * as pulumi from "@pulumi/pulumi";
import * as wx from "pulumi-webex-wholesale";
const tpl = new wx.OnboardingTemplate("tpl", { name: "Secret SMB", serviceProviderAdminEmail: "sp@acme.example", country: "US",
  defaultEmailLanguage: "en_US", subscriptionId: pulumi.secret(${JSON.stringify(SECRETS.subscriptionId)}) });
const org = new wx.CustomerOrg("org", { provisioningId: tpl.provisioningId, externalId: pulumi.secret(${JSON.stringify(SECRETS.externalId)}),
  name: "Secret Pizza", adminEmail: "boss@secret-pizza.example", country: "US", packages: ["webex_calling", "webex_meetings"],
  headquarters: { addressLine1: pulumi.secret(${JSON.stringify(SECRETS.addressLine1)}), city: "Austin", timezone: "America/Chicago" } });
new wx.CustomerUser("ann", { customer: org, email: "ann@secret-pizza.example", firstName: "Ann", lastName: "Lee",
  packages: pulumi.secret([${JSON.stringify(SECRETS.package)}]), primaryPhoneNumber: pulumi.secret(${JSON.stringify(SECRETS.phone)}) });
// Refused by the service (4xx): a package the org lacks, given by id so that check cannot see it.
new wx.CustomerUser("refused", { customerId: org.customerId, email: "bob@secret-pizza.example", firstName: "Bob", lastName: "Ray",
  package: "cx_essentials", extension: "1002" });
export const orgId = org.orgId;
`;

type StateResource = { urn: string; type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };

/** Every string in a JSON value with its path. */
function strings(v: unknown, at: string[] = [], out: [string, string][] = []): [string, string][] {
  if (typeof v === "string") out.push([at.join("."), v]);
  else if (Array.isArray(v)) v.forEach((x, i) => strings(x, [...at, String(i)], out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) strings(x, [...at, k], out);
  return out;
}
const isSecret = (v: unknown): boolean => !!v && typeof v === "object" && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;

describe("secrets: a real stack keeps the token out and secret arguments secret", function () {
  this.timeout(600_000);
  let emu: RunningEmulator;
  let dir: string;
  let stack: CliStack;
  let up: RunResult;
  let events: string;
  let plainState: { deployment: { resources: StateResource[] } };
  let revealed: string;
  const eventLog = path.join(os.tmpdir(), `secrets-events-${process.pid}.json`);

  before(async function () {
    requirePulumiOrSkip(this);
    emu = await startTarget();
    dir = makeProgramDir({ name: "secrets", files: { "index.ts": program } });
    // PULUMI_DEBUG_COMMANDS enables `--event-log` (the engine's event stream, as the Automation API reads it).
    stack = await newStack(dir, "secrets", { "webex-wholesale:baseUrl": emu.baseUrl, "webex-wholesale:token": { secret: emu.devToken } },
      { PULUMI_DEBUG_COMMANDS: "true" });
    // One throttled answer, so that the provider writes a log line (its retry) that can be checked too.
    const fault = { method: "POST", path: "/v1/wholesale/onboardingTemplates", status: 429, retryAfter: 0, times: 1 };
    expect((await send(emu, { method: "POST", url: "/_emulator/faults", headers: auth(emu.adminToken), body: JSON.stringify(fault) })).status).to.equal(201);
    up = await stack.run(["up", "--yes", "--event-log", eventLog, "-v=9", "--logtostderr", "--logflow"], { timeoutMs: 300_000 });
    events = fs.readFileSync(eventLog, "utf8");
    plainState = JSON.parse((await stack.runOk(["stack", "export"])).stdout);
    revealed = (await stack.runOk(["stack", "export", "--show-secrets"])).stdout;
  });
  after(async () => {
    if (stack) {
      await stack.run(["destroy", "--yes"], { timeoutMs: 300_000 });
      stack.cleanup();
    }
    removeDir(dir);
    fs.rmSync(eventLog, { force: true });
    await emu?.close();
  });

  const resource = (name: string) => plainState.deployment.resources.find((r) => r.urn.endsWith(`::${name}`));

  it("the refused create fails with the service's 4xx, naming the problem, without the token", () => {
    expect(up.code, up.stdout).to.not.equal(0);
    const out = up.stdout + up.stderr;
    expect(up.stdout).to.match(/HTTP 400/);
    expect(up.stdout).to.match(/cx_essentials/);
    expect(up.stdout).to.match(/trackingId ROUTER_/);
    expect(out).to.not.include(emu.devToken);
    expect(resource("ann"), "the other resources were created").to.not.equal(undefined);
  });

  it("no token in any encoding in the CLI's output, its verbose log, the engine's event log, the state or the provider's log lines", () => {
    expect(events.length).to.be.greaterThan(1000);
    for (const [what, text] of [["stdout", up.stdout], ["stderr (-v=9 --logtostderr --logflow)", up.stderr], ["event log", events], ["state", JSON.stringify(plainState)]] as const) {
      for (const [form, leak] of leakForms(emu.devToken)) expect(text.includes(leak), `token (${form}) in ${what}`).to.equal(false);
    }
    const providerLines = (up.stdout + up.stderr).split("\n").filter((l) => l.includes("[webex-wholesale]"));
    expect(providerLines.join("\n"), "the provider logged its retry").to.match(/429/);
    for (const l of providerLines) for (const s of [emu.devToken, ...Object.values(SECRETS).filter((v) => v !== SECRETS.package)]) expect(l).to.not.include(s);
  });

  it("secret arguments never show in the normal output or the event log (resource events show them as secrets)", () => {
    // Debug diagnostics (there because of -v) are the Pulumi SDK's own tracing of its RPCs, which
    // prints values as they are; everything else the engine emits must mask them.
    const lines = events.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
    const shown = lines.filter((e) => !(e.diagnosticEvent && e.diagnosticEvent.severity === "debug"));
    expect(lines.filter((e) => e.resOutputsEvent).length, "resource events in the log").to.be.greaterThan(2);
    for (const s of Object.values(SECRETS).filter((v) => v !== SECRETS.package)) {
      expect(up.stdout, `stdout shows ${s}`).to.not.include(s);
      expect(JSON.stringify(shown), `event log shows ${s}`).to.not.include(s);
    }
    const annOutputs = lines.find((e) => e.resOutputsEvent?.metadata?.urn?.endsWith("::ann"))!.resOutputsEvent.metadata.new.outputs;
    for (const k of ["primaryPhoneNumber", "package", "externalCustomerId"]) expect(isSecret(annOutputs[k]), `event shows ann.${k} as a secret`).to.equal(true);
  });

  it("the exported state holds no token and no secret in plaintext; each secret argument is secret in inputs and outputs", () => {
    const text = JSON.stringify(plainState);
    expect(text).to.include("CustomerOrg");
    expect(text).to.not.include(emu.devToken);
    for (const s of Object.values(SECRETS).filter((v) => v !== SECRETS.package)) expect(text, `state shows ${s}`).to.not.include(s);
    for (const [name, at] of SECRET_AT) {
      const r = resource(name)!;
      const out = at.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], r.outputs);
      expect(isSecret(out), `${name} output ${at.join(".")} is secret: ${JSON.stringify(out)}`).to.equal(true);
      const input = at.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], r.inputs);
      expect(isSecret(input), `${name} input ${at.join(".")} is secret: ${JSON.stringify(input)}`).to.equal(true);
    }
  });

  it("with --show-secrets, the token is only the provider's own secret config, never in a resource of ours", () => {
    const state = JSON.parse(revealed) as { deployment: { resources: StateResource[] } };
    const holders = state.deployment.resources.flatMap((r) =>
      strings({ inputs: r.inputs, outputs: r.outputs }).filter(([, v]) => v.includes(emu.devToken)).map(([p]) => `${r.type} ${p}`));
    expect(holders.length, "the default provider keeps the stack's secret config (encrypted in the plain export)").to.be.greaterThan(0);
    for (const h of holders) expect(h).to.match(/^pulumi:providers:pulumi-nodejs (inputs|outputs)\.webex-wholesale:token\.plaintext$/);
    // And in the plain export that very value is ciphertext.
    const provider = plainState.deployment.resources.find((r) => r.type === "pulumi:providers:pulumi-nodejs")!;
    expect(isSecret(provider.inputs!["webex-wholesale:token"])).to.equal(true);
  });
});
