// The provider objects Pulumi serializes into state (`__provider`). Each method `require`s the
// installed library at call time and forwards to its engine: the closure captures only the kind's
// name, so state holds no token, no client and no library code (measured: under 1 KB), and
// refresh/destroy always run the installed version rather than code frozen in state.
import type * as pulumi from "@pulumi/pulumi";
import type { KindName } from "./kind";

const providers = new Map<KindName, pulumi.dynamic.ResourceProvider>();

/**
 * The (serializable) provider object of one kind, one object per kind: @pulumi/pulumi caches the
 * serialized text per provider object, and serializing a closure costs tens of milliseconds and
 * about a megabyte of the program's heap, so a fresh object per resource made a 1000-user fleet
 * spend minutes and a gigabyte in the program process.
 */
export function providerFor(kind: KindName): pulumi.dynamic.ResourceProvider {
  let p = providers.get(kind);
  if (!p) {
    p = buildProvider(kind);
    providers.set(kind, p);
  }
  return p;
}

function buildProvider(kind: KindName): pulumi.dynamic.ResourceProvider {
  return {
    async configure(req: pulumi.dynamic.ConfigureRequest) {
      const lib = require("pulumi-webex-wholesale");
      lib.engine.configure(req.config, lib.CONFIG_KEYS);
    },
    async check(olds: any, news: any) {
      return require("pulumi-webex-wholesale").engine.checkForPlugin(kind, olds, news);
    },
    async diff(id: string, olds: any, news: any) {
      return require("pulumi-webex-wholesale").engine.diff(kind, id, olds, news);
    },
    async create(inputs: any) {
      return require("pulumi-webex-wholesale").engine.create(kind, inputs);
    },
    async read(id: string, props: any) {
      return require("pulumi-webex-wholesale").engine.read(kind, id, props);
    },
    async update(id: string, olds: any, news: any) {
      return require("pulumi-webex-wholesale").engine.update(kind, id, olds, news);
    },
    async delete(id: string, props: any) {
      return require("pulumi-webex-wholesale").engine.delete(kind, id, props);
    },
  };
}
