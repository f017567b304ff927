// Program side: turn a class's arguments into the dynamic resource's inputs. Every output is
// registered (as undefined) so the class exposes it; TypeScript-only conveniences are expanded.
import type * as pulumi from "@pulumi/pulumi";
import { catalog } from "../resources/catalog";
import type { KindName } from "./kind";

/** Inputs of a dynamic resource of `kind` from its class arguments. */
export function resourceInputs(kind: KindName, args: object): pulumi.Inputs {
  const decl = catalog.find((d) => d.name === kind)!;
  const inputs: Record<string, unknown> = {};
  for (const key of Object.keys(decl.outputs.shape)) inputs[key] = undefined;
  Object.assign(inputs, args);
  if (kind === "CustomerUser" && "customer" in inputs) {
    // The org's outputs echo its arguments, so they are known at preview for a new org too.
    const customer = inputs.customer as { customerId: unknown; adminEmail: unknown; packages: unknown } | undefined;
    delete inputs.customer;
    if (customer) {
      inputs.customerId ??= customer.customerId;
      inputs.customerAdminEmail ??= customer.adminEmail;
      inputs.customerPackages ??= customer.packages;
    }
  }
  return inputs as pulumi.Inputs;
}
