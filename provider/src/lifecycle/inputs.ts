// Program side: turn a class's arguments into the dynamic resource's inputs. Every output is
// registered (as undefined) so the class exposes it; class-only arguments (e.g. `customer: org`)
// become the inputs their declaration names, taken from the given resource's outputs — which
// echo its arguments, so they are known at preview for a new resource too. A unique key declared
// twice stops the program (unique-keys.ts), and stable outputs referenced here travel with their
// source's id (references.ts).
import * as pulumi from "@pulumi/pulumi";
import type { ResourceModule } from "./kind";
import { SOURCE_IDS, sourceIds } from "./references";
import { KEY_CLASH, KeyClaims } from "./unique-keys";

/** The unique keys the resources of this program declared. */
const claims = new KeyClaims();

/** A scope value as a claim key: a string as is, an Output (e.g. org.customerId) by its identity. */
const scopeIds = new WeakMap<object, string>();
let scopes = 0;
function scopeOf(v: unknown): string | undefined {
  if (v === undefined || typeof v === "string") return v;
  if (typeof v !== "object" || v === null) return String(v);
  let id = scopeIds.get(v);
  if (id === undefined) scopeIds.set(v, (id = `output#${++scopes}`));
  return id;
}

/**
 * Refuse a second resource of this program declaring the same unique key. A key given as a plain
 * value is checked at once (the program stops, so preview fails before any API call); one given
 * as an Output is checked when known, and the clash travels as a hidden input that check reports
 * (a throw inside an Output would leave the registration hanging; a logged error fails nothing).
 */
function claimUniqueKey(m: ResourceModule, name: string, inputs: Record<string, unknown>): void {
  const key = m.identity.unique;
  const owner = `${m.name} ${JSON.stringify(name)}`;
  const scope = key.scope === undefined ? undefined : scopeOf(inputs[key.scope]);
  const clash = (v: unknown) => (typeof v === "string" ? claims.claim(m.name, key, scope, v, owner) : undefined);
  const given = inputs[key.field];
  if (given === undefined || typeof given === "string") {
    const message = clash(given);
    if (message) throw new Error(message);
    return;
  }
  inputs[KEY_CLASH] = pulumi.output(given).apply((v) => clash(v));
}

/** Inputs of the dynamic resource `name` of module `m` from its class arguments. */
export function resourceInputs(m: ResourceModule, args: object, name: string): pulumi.Inputs {
  const inputs: Record<string, unknown> = {};
  for (const key of Object.keys(m.outputs.shape)) inputs[key] = undefined;
  Object.assign(inputs, args);
  for (const c of m.classArgs ?? []) {
    if (!(c.name in inputs)) continue;
    const given = inputs[c.name] as Record<string, unknown> | undefined;
    delete inputs[c.name];
    if (!given) continue;
    for (const [input, output] of Object.entries(c.sets ?? {})) inputs[input] ??= given[output];
    for (const [input, output] of Object.entries(c.echoes ?? {})) inputs[input] = given[output];
  }
  m.programInputs?.(inputs);
  claimUniqueKey(m, name, inputs);
  const ids = sourceIds(inputs);
  if (ids) inputs[SOURCE_IDS] = ids;
  return inputs as pulumi.Inputs;
}
