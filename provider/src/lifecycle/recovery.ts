// Recovering from an interrupted `pulumi up`. A run killed while creating leaves "pending CREATE"
// operations in the state: Pulumi cannot know whether the object was made, a non-interactive
// `pulumi refresh` keeps them, and the next `pulumi up` creates them again — which our create
// refuses when the object is there ("already exists … not managed by this stack"). Each of our
// objects has a unique key (template name, externalId, email), so the question can be answered:
// look the key up; what exists becomes a resource of the state (with its id, for `pulumi refresh`
// to read), what does not is forgotten. Pulumi's own `refresh --import-pending-creates URN ID`
// would be the tool for this, but CLI 3.274.1 only drops the operation without adding the
// resource (verified: see the README's "Interrupted run"), so the exported stack is edited instead.
import { CONFIG_NAMESPACE } from "../config";
import type { HookContext, KindName } from "./kind";
import type { Registry } from "./registry";

/** A pending create of one of our resources, and the live object it made, if it did. */
export interface PendingCreate {
  urn: string;
  kind: KindName;
  /** The unique key, e.g. "externalId crm-1042". */
  key: string;
  /** Id of the live object holding the key; undefined when the create never got that far. */
  id?: string;
  /** What the resolution does with it. */
  action: "adopted" | "cleared";
  /** Why a live object was not adopted (its id is already managed by another resource of the stack). */
  reason?: string;
}

/** One resource of `pulumi stack export` (the fields read or written here; the rest is kept). */
interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  [field: string]: unknown;
}

/** `pulumi stack export`: only `deployment.resources` and `deployment.pending_operations` are touched. */
interface ExportedStack {
  deployment: {
    resources?: ExportedResource[];
    pending_operations?: { type: string; resource: ExportedResource; [field: string]: unknown }[];
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/**
 * Our kind of a resource type token — dynamic (pulumi-nodejs:dynamic/webex-wholesale:CustomerOrg) or
 * of the plugin (webex-wholesale:index:CustomerOrg) — or of a URN's type, else undefined.
 */
export function kindOfType(registry: Registry, typeOrUrn: string): KindName | undefined {
  // urn:pulumi:<stack>::<project>::<parent types$>type::<name>
  const type = typeOrUrn.startsWith("urn:") ? typeOrUrn.split("::")[2]?.split("$").pop() ?? "" : typeOrUrn;
  const m = new RegExp(`^(?:pulumi-nodejs:dynamic/${CONFIG_NAMESPACE}|${CONFIG_NAMESPACE}:index):(\\w+)$`).exec(type);
  return m && registry.has(m[1]!) ? m[1]! : undefined;
}

function asExportedStack(v: unknown): ExportedStack {
  const d = (v as ExportedStack | undefined)?.deployment;
  if (!d || typeof d !== "object") throw new Error("not an exported stack: expected the JSON of `pulumi stack export`");
  return v as ExportedStack;
}

/**
 * Resolve every pending create of a webex-wholesale resource in an exported stack: an object that
 * exists under the resource's unique key is added to the resources with its id (the recorded
 * inputs stand in for the outputs until `pulumi refresh` reads the object); a create that never
 * happened is dropped. Other pending operations are kept. Returns a new exported stack for
 * `pulumi stack import`, and what was done.
 */
export async function resolvePendingCreates(registry: Registry, exported: unknown, ctx: HookContext): Promise<{ stack: unknown; resolved: PendingCreate[] }> {
  const src = asExportedStack(exported);
  const resources = [...(src.deployment.resources ?? [])];
  const managed = new Set(resources.map((r) => r.id).filter((id): id is string => typeof id === "string" && id !== ""));
  const kept: NonNullable<ExportedStack["deployment"]["pending_operations"]> = [];
  const resolved: PendingCreate[] = [];
  const ours = (src.deployment.pending_operations ?? []).map((op) => ({
    op, kind: op.type === "creating" ? kindOfType(registry, op.resource.type) : undefined,
  }));
  const lookup = (kind: KindName, inputs: Record<string, unknown>) => registry.get(kind).identity.lookup(ctx, inputs);
  const found = new Map<number, { id: string } | undefined>();
  for (const [i, { op, kind }] of ours.entries()) if (kind) found.set(i, await lookup(kind, op.resource.inputs ?? {}));
  // "Not found" proves nothing while a create of the interrupted run may still be invisible: look
  // again once the service's visibility bound has passed since now (after the interruption).
  const unseen = [...found].filter(([, f]) => f === undefined).map(([i]) => i);
  if (unseen.length > 0 && ctx.client.settings.visibilityLagMs > 0) {
    ctx.log(`${unseen.length} pending create(s) not found: looking again in ${Math.round(ctx.client.settings.visibilityLagMs / 1000)}s (the visibility bound)`);
    await new Promise((r) => setTimeout(r, ctx.client.settings.visibilityLagMs));
    for (const i of unseen) found.set(i, await lookup(ours[i]!.kind!, ours[i]!.op.resource.inputs ?? {}));
  }
  // In operation order: a parent's create began before its children's, so it is added first.
  for (const [i, { op, kind }] of ours.entries()) {
    if (!kind) {
      kept.push(op);
      continue;
    }
    const inputs = op.resource.inputs ?? {};
    const { identity } = registry.get(kind);
    const f = found.get(i);
    const p: PendingCreate = { urn: op.resource.urn, kind, key: identity.key(inputs), action: "cleared" };
    if (f) p.id = f.id;
    const foreign = f && identity.foreign?.(f, inputs);
    if (f && managed.has(f.id)) {
      p.reason = `id ${f.id} is already managed by another resource of this stack`;
    } else if (f && foreign) {
      // Not this resource's object: never adopted; the next `up` reports the key as taken.
      p.reason = `not adopted: ${foreign}`;
    } else if (f) {
      p.action = "adopted";
      managed.add(f.id);
      resources.push({ ...op.resource, id: f.id, outputs: { ...inputs } });
    }
    resolved.push(p);
  }
  const stack = { ...src, deployment: { ...src.deployment, resources, pending_operations: kept } };
  return { stack, resolved };
}
