// The registry: the resource modules, in dependency order, looked up by name. Built once (in
// the resource modules' own index) and handed to everything that iterates the resources.
import type { KindName, ResourceModule } from "./kind";

/** The resource modules of the provider. */
export interface Registry {
  /** Every module, in dependency order (schema, README and classes follow it). */
  readonly modules: readonly ResourceModule[];
  /** The module named `name`; throws for an unknown name. */
  get(name: KindName): ResourceModule;
  /** True when a module is named `name` (own names only: never "toString"). */
  has(name: string): boolean;
}

/** A registry of `modules`; names must be unique. */
export function createRegistry(modules: readonly ResourceModule[]): Registry {
  const byName = new Map(modules.map((m) => [m.name, m]));
  if (byName.size !== modules.length) throw new Error("two resource modules share a name");
  return {
    modules,
    get(name) {
      const m = byName.get(name);
      if (!m) throw new Error(`unknown resource kind ${name}`);
      return m;
    },
    has: (name) => byName.has(name),
  };
}
