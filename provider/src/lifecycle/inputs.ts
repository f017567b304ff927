// Program side: turn a class's arguments into the dynamic resource's inputs. Every output is
// registered (as undefined) so the class exposes it; class-only arguments (e.g. `customer: org`)
// become the inputs their declaration names, taken from the given resource's outputs — which
// echo its arguments, so they are known at preview for a new resource too.
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceModule } from "./kind";

/** Inputs of a dynamic resource of module `m` from its class arguments. */
export function resourceInputs(m: ResourceModule, args: object): pulumi.Inputs {
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
  return inputs as pulumi.Inputs;
}
