// References that stay known at preview. The dynamic-provider plugin answers Configure with
// supportsPreview:false, so at preview the engine does not call Update: it hands back the new
// inputs as the updated resource's state (provider_plugin.go), and the SDK marks every output not
// among them unknown (runtime/resource.js resolveOutputs). Only `id` stays known: the engine keeps
// the id of a resource it updates (UpdateStep.Apply). A reference through an output such as
// provisioningId, customerId or locationId then arrives unknown, which diff must count as a
// possible change — a replacement for a replace-on-change argument, so a template edit showed
// every customer and user as replaced, and `protect` made the plan fail.
//
// The cure: outputs fixed for an object's life (metadata `stable`) travel with their source's
// id. When that id is known and equals the one recorded, the source is being updated, not
// (re)created, so the output still has its recorded value: check puts it back. A genuine change
// (a new template, a replaced customer) leaves the id unknown or different and still shows.
import type * as pulumi from "@pulumi/pulumi";
import { metaOf } from "../schema/meta";
import type { ResourceModule } from "./kind";
import { UNKNOWN, containsUnknown } from "./unknowns";
import type { z } from "zod";

/** The hidden input holding, per argument that references a stable output, the source's id. */
export const SOURCE_IDS = "sourceIds";

/** Program side: each stable output of our resources, mapped to its resource's id. */
const sourceIdOf = new WeakMap<object, pulumi.Output<string>>();

/** The outputs of module `m` marked stable. */
function stableOutputs(m: ResourceModule): string[] {
  return Object.entries(m.outputs.shape as Record<string, z.ZodType>).filter(([, f]) => metaOf(f)?.stable).map(([k]) => k);
}

/** Program side, after a resource is registered: remember where its stable outputs come from. */
export function trackStableOutputs(m: ResourceModule, resource: pulumi.CustomResource): void {
  for (const key of stableOutputs(m)) {
    const out = (resource as unknown as Record<string, unknown>)[key];
    if (out && typeof out === "object") sourceIdOf.set(out, resource.id);
  }
}

/** Program side: the source ids of the inputs that are stable outputs of our resources, if any. */
export function sourceIds(inputs: Record<string, unknown>): Record<string, pulumi.Output<string>> | undefined {
  const found = Object.entries(inputs).flatMap(([k, v]) => {
    const id = v && typeof v === "object" ? sourceIdOf.get(v) : undefined;
    return id ? [[k, id] as const] : [];
  });
  return found.length > 0 ? Object.fromEntries(found) : undefined;
}

/**
 * Provider side (check): put back the recorded value of each argument that is unknown only
 * because its source is being updated — its source id is known and equals the recorded one.
 */
export function restoreStableReferences(olds: Record<string, unknown>, news: Record<string, unknown>, ids: unknown): Record<string, unknown> {
  const oldIds = olds[SOURCE_IDS];
  if (!isRecord(ids) || !isRecord(oldIds)) return news;
  const out = { ...news };
  for (const [key, id] of Object.entries(ids)) {
    const recorded = olds[key];
    if (news[key] !== UNKNOWN || typeof id !== "string" || id === UNKNOWN || oldIds[key] !== id) continue;
    if (recorded === undefined || containsUnknown(recorded)) continue;
    out[key] = recorded;
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
