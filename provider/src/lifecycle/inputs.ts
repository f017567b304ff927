// Program side: turn a class's arguments into the dynamic resource's inputs. Every output is
// registered (as undefined) so the class exposes it; TypeScript-only conveniences are expanded.
import * as pulumi from "@pulumi/pulumi";
import { catalog } from "../resources/catalog";
import type { KindName } from "./kind";
import { SOURCE_IDS, sourceIds } from "./references";
import { KeyClaims, UNIQUE_KEYS } from "./unique-keys";

/** The unique keys the resources of this program declared. */
const claims = new KeyClaims();

/**
 * Refuse a second resource of this program declaring the same unique key. A key given as a plain
 * value is checked at once (the program stops, so preview fails before any API call); one given
 * as an Output is checked when known, and its failure fails the resource that declared it.
 */
function claimUniqueKey(kind: KindName, name: string, inputs: Record<string, unknown>): void {
  const { field } = UNIQUE_KEYS[kind];
  const owner = `${kind} ${JSON.stringify(name)}`;
  const given = inputs[field];
  const claim = (v: unknown) => {
    const clash = typeof v === "string" ? claims.claim(kind, v, owner) : undefined;
    if (clash) throw new Error(clash);
  };
  if (given === undefined || typeof given === "string") claim(given);
  else inputs[field] = pulumi.output(given).apply((v) => (claim(v), v));
}

/** Inputs of the dynamic resource `name` of `kind` from its class arguments. */
export function resourceInputs(kind: KindName, args: object, name: string): pulumi.Inputs {
  const decl = catalog.find((d) => d.name === kind)!;
  const inputs: Record<string, unknown> = {};
  for (const key of Object.keys(decl.outputs.shape)) inputs[key] = undefined;
  Object.assign(inputs, args);
  claimUniqueKey(kind, name, inputs);
  if (kind === "CustomerUser" && "customer" in inputs) {
    // The org's outputs echo its arguments, so they are known at preview for a new org too.
    const customer = inputs.customer as { customerId: unknown; adminEmail: unknown; packages: unknown; externalId: unknown } | undefined;
    delete inputs.customer;
    if (customer) {
      inputs.customerId ??= customer.customerId;
      inputs.customerAdminEmail ??= customer.adminEmail;
      inputs.customerPackages ??= customer.packages;
      // Echoed under the output's name so that a secret externalId stays secret here (echoes.ts).
      inputs.externalCustomerId = customer.externalId;
    }
  }
  if (kind === "CustomerUser") onePackageSpelling(inputs);
  // Stable outputs referenced here travel with their source's id (references.ts).
  const ids = sourceIds(inputs);
  if (ids) inputs[SOURCE_IDS] = ids;
  return inputs as pulumi.Inputs;
}

/**
 * A user's package, given as the one-item `packages`, recorded as `package` (what check would do)
 * here instead, where the rename keeps the value's secretness: Pulumi keeps a secret only under the
 * name it came in as. A list that is not one item is left for check to refuse by its name.
 */
function onePackageSpelling(inputs: Record<string, unknown>): void {
  const given = inputs.packages;
  if (given === undefined || inputs.package !== undefined) return;
  if (Array.isArray(given)) {
    if (given.length !== 1) return;
    inputs.package = given[0];
  } else {
    // An Output or a promise (e.g. pulumi.secret([...])): apply keeps it secret.
    inputs.package = pulumi.output(given as pulumi.Input<unknown[]>).apply((p: unknown) => (Array.isArray(p) && p.length === 1 ? p[0] : p));
  }
  delete inputs.packages;
}
