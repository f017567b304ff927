// pulumi-webex-wholesale: Cisco Webex for Wholesale onboarding templates, customer orgs, their
// locations and users as Pulumi resources.

// Every resource class and its arguments type, generated from the registry.
export * from "./generated/resources";
export { CONFIG_NAMESPACE, CONFIG_VARIABLES, CONFIG_KEYS, settingsFromConfig, ConfigError } from "./config";
// From the modules themselves: the public .d.ts must not reach zod or the wire schemas (a user's
// tsc without skipLibCheck would type-check zod's own declarations; test/packaging checks it).
export { WholesaleApiError, ProvisioningTimeoutError } from "./client/errors";
export type { ClientSettings, ResolvedSettings } from "./client/settings";
export { readInventory, resourceName, FILL_IN } from "./export/inventory";
export type { Inventory, TemplateLine, CustomerLine, SiteLine, UserLine, InventoryNotes, NotExported, FillIn } from "./export/inventory";

/**
 * @internal The hooks the provider objects call at run time (the dynamic-provider plugin reaches
 * them through `require("pulumi-webex-wholesale")`; states written by 0.1.0 call `engine` directly);
 * stripInternal keeps them, and the zod-typed modules behind them, out of the public .d.ts.
 */
export { engine } from "./engine";
/** @internal The provider object of a kind, as the `__provider` text in state fetches it. */
export { dynamicProvider } from "./lifecycle/dynamic";
