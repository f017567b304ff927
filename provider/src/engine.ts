// The provider's one lifecycle engine, over the registry of resource modules: the dynamic
// provider objects (through `require("pulumi-webex-wholesale").engine`), the native plugin and the
// recovery command all run it.
import { createEngine } from "./lifecycle/engine";
import { registry } from "./resources";

/** The engine every flavour runs. */
export const engine = createEngine(registry);
