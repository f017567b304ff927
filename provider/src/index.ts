// pulumi-webex-wholesale: Cisco Webex for Wholesale onboarding templates, customer orgs, their
// locations and users as Pulumi resources.
import { CONFIG_NAMESPACE, CONFIG_VARIABLES } from "./config";

// Every resource class and its arguments type, generated from the registry.
export * from "./generated/resources";
export { CONFIG_NAMESPACE, CONFIG_VARIABLES, settingsFromConfig, ConfigError } from "./config";
// From the modules themselves: the public .d.ts must not reach zod or the wire schemas (a user's
// tsc without skipLibCheck would type-check zod's own declarations; test/packaging checks it).
export { WholesaleApiError, ProvisioningTimeoutError } from "./client/errors";
export type { ClientSettings, ResolvedSettings } from "./client/settings";

/** Fully-qualified stack-config keys the provider reads in `configure`. */
export const CONFIG_KEYS: readonly string[] = CONFIG_VARIABLES.map((v) => `${CONFIG_NAMESPACE}:${v.key}`);

/**
 * @internal The hooks the serialized provider objects call at run time (the dynamic-provider
 * plugin reaches them through `require("pulumi-webex-wholesale")`); stripInternal keeps them, and
 * the zod-typed modules behind them, out of the public .d.ts.
 */
export { engine } from "./engine";
