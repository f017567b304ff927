// Settling an interrupted run's pending creates (lifecycle/recovery.ts) on an exported stack, with
// a stub client answering the unique-key look-ups. The end-to-end recovery runs in test/chaos.
import { expect } from "chai";
import type { WholesaleClient } from "../../provider/src/client";
import { engine } from "../../provider/src/engine";

const { kindOfType, resolvePendingCreates } = engine;

const DYN = "pulumi-nodejs:dynamic/webex-wholesale";
const urn = (type: string, name: string) => `urn:pulumi:dev::fleet::${type}::${name}`;
const res = (type: string, name: string, inputs: Record<string, unknown>, id?: string) => ({
  urn: urn(type, name), custom: true, type, inputs, provider: "urn:pulumi:dev::fleet::pulumi:providers:pulumi-nodejs::default::p1",
  ...(id ? { id, outputs: { ...inputs } } : {}),
});

/** Live objects by key: customers by externalId, users by email, templates by name. */
function stubClient(live: { customers?: Record<string, string>; users?: Record<string, string>; templates?: Record<string, string> }): WholesaleClient {
  const find = (m: Record<string, string> = {}) => async (key: string) => (m[key] ? { id: m[key] } : undefined);
  return {
    customers: { findByExternalId: find(live.customers) },
    subscribers: { findByEmail: find(live.users) },
    templates: { findByName: find(live.templates) },
  } as unknown as WholesaleClient;
}

function exported() {
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-01-01T00:00:00Z", magic: "m", version: "v3.274.1" },
      secrets_providers: { type: "passphrase", state: { salt: "s" } },
      resources: [
        res(`${DYN}:OnboardingTemplate`, "tpl", { name: "SMB" }, "T1"),
        res(`${DYN}:CustomerOrg`, "crm-1", { externalId: "crm-1" }, "C1"),
      ],
      pending_operations: [
        { type: "creating", resource: res(`${DYN}:CustomerOrg`, "crm-2", { externalId: "crm-2", __provider: "code" }) },
        { type: "creating", resource: res(`${DYN}:CustomerUser`, "ann", { email: "ann@pizza.example" }) },
        { type: "creating", resource: res(`${DYN}:CustomerUser`, "bob", { email: "bob@pizza.example" }) },
        { type: "deleting", resource: res(`${DYN}:CustomerUser`, "old", { email: "old@pizza.example" }, "U9") },
        { type: "creating", resource: res("aws:s3/bucket:Bucket", "b", { bucket: "b" }) },
      ],
    },
  };
}

describe("recovery of an interrupted run's pending creates", () => {
  const log = () => undefined;

  it("adds what was created (with its id, inputs standing in for outputs) and drops what was not", async () => {
    const client = stubClient({ customers: { "crm-1": "C1", "crm-2": "C2" }, users: { "ann@pizza.example": "U1" } });
    const { stack, resolved } = await resolvePendingCreates(exported(), { client, log });
    expect(resolved.map((p) => [p.kind, p.key, p.action, p.id ?? null])).to.deep.equal([
      ["CustomerOrg", "externalId crm-2", "adopted", "C2"],
      ["CustomerUser", "email ann@pizza.example", "adopted", "U1"],
      ["CustomerUser", "email bob@pizza.example", "cleared", null],
    ]);
    const d = (stack as ReturnType<typeof exported>).deployment;
    expect(d.resources.map((r) => [r.urn.split("::").pop(), r.id])).to.deep.equal([["tpl", "T1"], ["crm-1", "C1"], ["crm-2", "C2"], ["ann", "U1"]]);
    const added = d.resources[2] as Record<string, unknown>;
    expect(added).to.include({ custom: true, type: `${DYN}:CustomerOrg` });
    expect(added.outputs).to.deep.equal({ externalId: "crm-2", __provider: "code" });
    expect(added.provider).to.match(/pulumi:providers:pulumi-nodejs/);
    // Other pending operations are Pulumi's (or another provider's) business: kept as they were.
    expect(d.pending_operations.map((op) => [op.type, op.resource.urn.split("::").pop()])).to.deep.equal([["deleting", "old"], ["creating", "b"]]);
    // Everything else of the export is untouched, so `pulumi stack import` takes it back.
    expect(d.secrets_providers).to.deep.equal(exported().deployment.secrets_providers);
    expect(d.manifest).to.deep.equal(exported().deployment.manifest);
  });

  it("never adopts an object another resource of the stack already manages", async () => {
    const client = stubClient({ customers: { "crm-2": "C1" } });
    const { stack, resolved } = await resolvePendingCreates(exported(), { client, log });
    expect(resolved[0]).to.include({ action: "cleared", id: "C1" });
    expect(resolved[0]!.reason).to.match(/already managed/);
    expect((stack as ReturnType<typeof exported>).deployment.resources).to.have.length(2);
  });

  it("knows the dynamic and the plugin type tokens, nothing else", () => {
    expect(kindOfType(`${DYN}:CustomerUser`)).to.equal("CustomerUser");
    expect(kindOfType("webex-wholesale:index:OnboardingTemplate")).to.equal("OnboardingTemplate");
    expect(kindOfType(`${DYN}:toString`)).to.equal(undefined);
    expect(kindOfType("pulumi-nodejs:dynamic:Resource")).to.equal(undefined);
    expect(kindOfType("other:index:CustomerOrg")).to.equal(undefined);
  });

  it("refuses input that is not an exported stack", async () => {
    const err = await resolvePendingCreates({ resources: [] }, { client: stubClient({}), log }).catch((e: Error) => e);
    expect(String(err)).to.match(/pulumi stack export/);
  });
});
