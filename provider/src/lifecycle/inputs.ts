// Program side: turn a class's arguments into the dynamic resource's inputs. Every output is
// registered (as undefined) so the class exposes it; the module expands its class-only arguments.
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceModule } from "./kind";

/** Inputs of a dynamic resource of module `m` from its class arguments. */
export function resourceInputs(m: ResourceModule, args: object): pulumi.Inputs {
  const inputs: Record<string, unknown> = {};
  for (const key of Object.keys(m.outputs.shape)) inputs[key] = undefined;
  Object.assign(inputs, args);
  m.programInputs?.(inputs);
  return inputs as pulumi.Inputs;
}
