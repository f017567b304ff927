// pulumi-webex-wholesale: Cisco Webex for Wholesale onboarding templates, customer orgs, their
// locations and users as Pulumi resources.
import { CONFIG_NAMESPACE, CONFIG_VARIABLES } from "./config";

// Every resource class and its arguments type, generated from the registry.
export * from "./generated/resources";
export { CONFIG_NAMESPACE, CONFIG_VARIABLES, settingsFromConfig, ConfigError } from "./config";
export { WholesaleApiError, ProvisioningTimeoutError } from "./client";
export * as wire from "webex-wholesale-wire";

/** Fully-qualified stack-config keys the provider reads in `configure`. */
export const CONFIG_KEYS: readonly string[] = CONFIG_VARIABLES.map((v) => `${CONFIG_NAMESPACE}:${v.key}`);

/**
 * The hooks the serialized provider objects call at run time (internal: the dynamic-provider
 * plugin reaches them through `require("pulumi-webex-wholesale")`).
 */
export { engine } from "./engine";
