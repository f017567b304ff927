// The inventory file's shape (inventory.json; a module of its own name would shadow the JSON in require).
// It is validated by the resources' own checks at preview; this type only documents it.
import * as fs from "node:fs";
import * as path from "node:path";
import type * as wx from "pulumi-webex-wholesale";

/** One user line; `site` names one of the customer's sites (default: the HQ). */
export interface UserLine extends Omit<wx.CustomerUserArgs, "customer" | "customerId" | "location" | "locationId"> {
  site?: string;
}
/** One site (location) of a customer besides its HQ. */
export interface SiteLine extends Omit<wx.CustomerLocationArgs, "customer" | "customerId"> {
  name: string;
}
/** One customer with its sites and users. */
export interface CustomerLine extends Omit<wx.CustomerOrgArgs, "provisioningId"> {
  externalId: string;
  template: string;
  sites?: SiteLine[];
  users?: UserLine[];
}
/** One template. */
export interface TemplateLine extends Omit<wx.OnboardingTemplateArgs, "email"> {
  key: string;
  brandName?: string;
}
/** The whole inventory. */
export interface Inventory {
  templates: TemplateLine[];
  customers: CustomerLine[];
}

/** Read the inventory named by config (default inventory.json beside the program). */
export function loadInventory(file: string): Inventory {
  return JSON.parse(fs.readFileSync(path.resolve(__dirname, file), "utf8")) as Inventory;
}
