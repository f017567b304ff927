// pulumi-webex-wholesale: Cisco Webex for Wholesale onboarding templates, customer orgs, their
// locations and users as Pulumi resources.

// Every resource class and its arguments type, generated from the registry.
export * from "./generated/resources";
export { CONFIG_NAMESPACE, CONFIG_VARIABLES, CONFIG_KEYS, settingsFromConfig, ConfigError } from "./config";
export { WholesaleApiError, ProvisioningTimeoutError } from "./client";
export * as wire from "webex-wholesale-wire";

/**
 * The hooks the provider objects call at run time (internal: the dynamic-provider plugin reaches
 * them through `require("pulumi-webex-wholesale")`; states written by 0.1.0 call `engine` directly).
 */
export { engine } from "./engine";
/** The provider object of a kind, as the `__provider` text in state fetches it (internal). */
export { dynamicProvider } from "./lifecycle/dynamic";
