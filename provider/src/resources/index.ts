// The registry: one line per resource module, in dependency order.
import { createRegistry } from "../lifecycle/registry";
import { onboardingTemplate } from "./template";
import { customerOrg } from "./customer";
import { customerLocation } from "./location";
import { customerUser } from "./user";

/** Every resource module of the provider. */
export const registry = createRegistry([
  onboardingTemplate,
  customerOrg,
  customerLocation,
  customerUser,
]);
