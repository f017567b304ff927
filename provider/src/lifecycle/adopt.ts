// Adopting an existing object (`adopt: true`, the import of the dynamic resources): read what is
// live, refuse an object that is not this resource's (a replace-only argument differs: another
// customer, another template), and otherwise take it over and apply the program's in-place
// arguments in the same `up`, so that afterwards the live object equals the program and the state
// records what is live. Arguments the service does not return (a customer's provisioning
// parameters, a user's names and number on the real service) cannot be compared: the program's
// in-place values are sent rather than assumed applied; replace-only ones are taken on trust.
import { diffArgs } from "./diff";
import { propertyPath } from "./check";
import { containsUnknown } from "./unknowns";
import type { HookContext, ResourceModule, State } from "./kind";

/** What adopting will do, found by reading the live object (no write). */
export interface Adoption {
  /** Id of the live object. */
  id: string;
  /** The live object as state (arguments normalised as check would). */
  live: State;
  /** In-place arguments whose live value differs from the program's. */
  changed: string[];
  /** In-place arguments the service does not return, which the program sets: sent, not compared. */
  unread: string[];
}

/** Why an object cannot be adopted: a replace-only argument differs. */
export class AdoptionRefusedError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = "AdoptionRefusedError";
  }
}

const show = (v: unknown) => (v === undefined ? "(unset)" : JSON.stringify(v));

/**
 * Find and read the object holding the resource's unique key; undefined when there is none.
 * `normalize` turns live arguments into what check would record for them.
 */
export async function planAdoption(
  kind: ResourceModule,
  ctx: HookContext,
  args: Record<string, unknown>,
  normalize: (inputs: Record<string, unknown>) => Promise<Record<string, unknown>>,
): Promise<Adoption | undefined> {
  const found = await kind.identity.lookup(ctx, args);
  if (!found) return undefined;
  // The program's values stand in for what the service does not return (read keeps recorded values).
  const r = await kind.read(ctx, found.id, args);
  if (!r) return undefined;
  const inputs = await normalize(r.inputs);
  // An argument not known yet (at preview, e.g. the provisioningId of a template adopted in the
  // same run) is compared when the up runs.
  const known = (f: string) => !containsUnknown(args[f]);
  const all = diffArgs(kind.args, inputs, args, kind.setLike);
  const d = { changed: all.changed.filter(known), replaces: all.replaces.filter(known) };
  const what = `${kind.name} with ${kind.identity.key(args)} (id ${found.id})`;
  for (const field of d.replaces) {
    throw new AdoptionRefusedError(field, `cannot adopt the existing ${what}: its ${propertyPath([field])} is ${show(inputs[field])}, ` +
      `the program says ${show(args[field])}, and that cannot be changed in place — it is another object than this resource ` +
      `declares. Nothing was changed. Correct the program, or give this resource its own ${kind.identity.unique.field}.`);
  }
  const unread = (r.unread ?? []).filter((k) => args[k] !== undefined && !d.changed.includes(k));
  return { id: found.id, live: { ...r.state, ...inputs }, changed: d.changed, unread };
}

/** Take the object over: apply the differences (one update), then record what is live. */
export async function adopt(
  kind: ResourceModule,
  ctx: HookContext,
  args: Record<string, unknown>,
  plan: Adoption,
  normalize: (inputs: Record<string, unknown>) => Promise<Record<string, unknown>>,
): Promise<{ id: string; state: State }> {
  const label = `${kind.name} with ${kind.identity.key(args)}`;
  if (plan.changed.length === 0 && plan.unread.length === 0) {
    ctx.log(`${label}: adopted ${plan.id}; it already equals the program`);
    return { id: plan.id, state: plan.live };
  }
  ctx.log(`${label}: adopting ${plan.id}; updating ${[...plan.changed, ...plan.unread].join(", ")}`);
  const updated = await kind.update(ctx, plan.id, plan.live, args);
  // Record what is live after the update, not what was sent.
  const r = await kind.read(ctx, plan.id, updated);
  if (!r) throw new Error(`${label}: ${plan.id} disappeared while it was being adopted`);
  return { id: plan.id, state: { ...r.state, ...(await normalize(r.inputs)) } };
}

/** The plan note of an adoption, shown at preview. */
export function adoptionNote(kindName: string, key: string, plan: Adoption | undefined): string {
  if (!plan) return `adopt: no ${kindName} with ${key} exists, so the up will create it.`;
  const parts = [`adopt: the existing ${kindName} with ${key} (id ${plan.id}) will be read and taken over, not created`];
  parts.push(plan.changed.length > 0 ? `the up will change: ${plan.changed.join(", ")}` : "its readable arguments equal the program");
  if (plan.unread.length > 0) parts.push(`and send (the service does not return them): ${plan.unread.join(", ")}`);
  return parts.join("; ") + ".";
}
