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

/** A live object: its id, or its id and fields (e.g. a user's customerId). */
type Live = string | { id: string; [field: string]: unknown };

/**
 * Live objects by key: customers by externalId, users by email, templates by name. `hiddenFor`
 * look-ups of a key miss it before it shows (a visibility lag); `lagMs` is the provider's bound.
 */
function stubClient(live: { customers?: Record<string, Live>; users?: Record<string, Live>; templates?: Record<string, Live> }, lag: { hiddenFor?: number; lagMs?: number } = {}): WholesaleClient {
  const seen = new Map<string, number>();
  const find = (m: Record<string, Live> = {}) => async (key: string) => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const v = m[key];
    if (!v || n <= (lag.hiddenFor ?? 0)) return undefined;
    return typeof v === "string" ? { id: v } : v;
  };
  return {
    customers: { findByExternalId: find(live.customers) },
    subscribers: { findByEmail: find(live.users) },
    templates: { findByName: find(live.templates) },
    settings: { visibilityLagMs: lag.lagMs ?? 0 },
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

  it("checks the customer before adopting: a user found under another customer is not adopted", async () => {
    const ops = exported();
    ops.deployment.pending_operations[1]!.resource.inputs = { email: "ann@pizza.example", customerId: "C2" };
    const client = stubClient({ customers: { "crm-2": "C2" }, users: { "ann@pizza.example": { id: "U1", customerId: "C-other" } } });
    const { stack, resolved } = await resolvePendingCreates(ops, { client, log });
    const ann = resolved.find((p) => p.key === "email ann@pizza.example")!;
    expect(ann).to.include({ action: "cleared", id: "U1" });
    expect(ann.reason).to.match(/belongs to customer C-other, not C2/);
    expect((stack as ReturnType<typeof exported>).deployment.resources.map((r) => r.id)).to.not.include("U1");
  });

  it("checks the template before adopting a customer (the live one was provisioned with another)", async () => {
    const ops = exported();
    ops.deployment.pending_operations[0]!.resource.inputs = { externalId: "crm-2", provisioningId: "P-mine" };
    const client = stubClient({ customers: { "crm-2": { id: "C2", provisioningId: "P-other" } } });
    const { resolved } = await resolvePendingCreates(ops, { client, log });
    expect(resolved[0]).to.include({ action: "cleared", id: "C2" });
    expect(resolved[0]!.reason).to.match(/another template/);
  });

  it("looks again after the visibility bound before dropping a create (a young object may be invisible)", async () => {
    const client = stubClient({ customers: { "crm-2": "C2" } }, { hiddenFor: 1, lagMs: 50 });
    const { resolved } = await resolvePendingCreates(exported(), { client, log });
    expect(resolved[0]).to.include({ action: "adopted", id: "C2" });
    // Negative control: without the second look (bound 0), the same lag drops a create that happened.
    const hasty = stubClient({ customers: { "crm-2": "C2" } }, { hiddenFor: 1, lagMs: 0 });
    expect((await resolvePendingCreates(exported(), { client: hasty, log })).resolved[0]).to.include({ action: "cleared" });
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
