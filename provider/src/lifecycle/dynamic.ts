// The dynamic-provider glue. A dynamic resource keeps, in its inputs and in its outputs, the text
// of a module whose `handler()` returns the provider object; the plugin loads it (once per text).
// @pulumi/pulumi's `dynamic.Resource` writes a serialized closure there (2.7 KB for ours, stored
// twice per resource, and the serializer loads a TypeScript parser into the program). Ours is a
// fixed one-line module that `require`s the installed library at call time: about 100 bytes, no
// token, no client and no library code in state, the same text in every library version (no
// spurious `~__provider` diff), and refresh/destroy always run the installed code.
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_KEYS, CONFIG_NAMESPACE } from "../config";
import { engine } from "../engine";
import { resourceInputs } from "./inputs";
import { trackStableOutputs } from "./references";
import type { KindName, ResourceModule } from "./kind";

/** The package the `__provider` text requires (this library, as the program installed it). */
const LIBRARY = "pulumi-webex-wholesale";

/** @internal The `__provider` text of a kind: what the plugin loads, and all that state holds of the provider. */
export function providerText(kind: KindName): string {
  return `exports.handler = () => require(${JSON.stringify(LIBRARY)}).dynamicProvider(${JSON.stringify(kind)});\n`;
}

const providers = new Map<KindName, pulumi.dynamic.ResourceProvider>();

/** @internal The provider object of a kind, in the plugin process (one per kind). */
export function dynamicProvider(kind: KindName): pulumi.dynamic.ResourceProvider {
  let p = providers.get(kind);
  if (!p) {
    p = {
      configure: async (req) => engine.configure(req.config, CONFIG_KEYS),
      check: (olds, news) => engine.checkForPlugin(kind, olds, news),
      diff: (id, olds, news) => engine.diff(kind, id, olds, news),
      create: (inputs) => engine.create(kind, inputs),
      read: (id, props) => engine.read(kind, id, props ?? {}),
      update: (id, olds, news) => engine.update(kind, id, olds, news),
      delete: (id, props) => engine.delete(kind, id, props),
    };
    providers.set(kind, p);
  }
  return p;
}

/**
 * A resource of one of our kinds, served by the dynamic-provider plugin: what
 * `pulumi.dynamic.Resource` registers (same type token, so existing stacks carry over), with the
 * fixed `__provider` text instead of a serialized closure.
 */
export class DynamicResource extends pulumi.CustomResource {
  /** @internal Declare a resource of the module's kind from its class arguments (stripped from the public .d.ts, which must not reach zod). */
  constructor(m: ResourceModule, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
    super(`pulumi-nodejs:dynamic/${CONFIG_NAMESPACE}:${m.name}`, name, { ...resourceInputs(m, args, name), __provider: providerText(m.name) }, opts);
    trackStableOutputs(m, this);
  }
}
