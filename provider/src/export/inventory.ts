// The inventory: a partner's estate as one JSON document kept in git, read by examples/fleet and
// by the programs `webex-wholesale-export` writes. Its lines are the resources' own argument types
// (the generated classes' Args, so the public types reach neither zod nor the wire schemas): a field
// the resources accept is a field the inventory takes. Keys are plain strings (names derive from them).
import * as fs from "node:fs";
import * as path from "node:path";
import type { CustomerLocationArgs, CustomerOrgArgs, CustomerUserArgs, OnboardingTemplateArgs } from "../generated/resources";

/** One user of a customer: a CustomerUser's arguments without the links (the nesting and `site` are the links). */
export interface UserLine extends Omit<CustomerUserArgs,
  "customer" | "location" | "customerId" | "customerAdminEmail" | "customerPackages" | "locationId" | "locationCustomerId" | "adopt"> {
  email: string;
  /** Name of the customer's site the user sits at (default: the HQ). */
  site?: string;
}

/** One site (location) of a customer besides its HQ: a CustomerLocation's arguments without the customer link. */
export interface SiteLine extends Omit<CustomerLocationArgs, "customer" | "customerId" | "customerPackages" | "adopt"> {
  name: string;
}

/** One customer with its sites and users. */
export interface CustomerLine extends Omit<CustomerOrgArgs, "provisioningId" | "adopt"> {
  externalId: string;
  /** Key of the template in `templates` the customer is provisioned with … */
  template?: string;
  /** … or its provisioning ID as a literal, where no template could be read (the real API has no template API). */
  provisioningId?: string;
  /** The customer's sites besides its HQ. */
  sites?: SiteLine[];
  /** The customer's users. */
  users?: UserLine[];
}

/** One onboarding template, by a key of its own. */
export interface TemplateLine extends Omit<OnboardingTemplateArgs, "adopt"> {
  /** Stable key customers refer to (`template`). */
  key: string;
  /** Shorthand for email.brandName. */
  brandName?: string;
}

/** An object of the estate that the inventory does not declare, and why. */
export interface NotExported {
  /** What it is. */
  kind: "template" | "customer" | "site" | "user";
  /** Its unique key: template name, externalId, site name or email (or the id when it has none). */
  key: string;
  /** The live object's id. */
  id: string;
  /** Why it is not in the inventory. */
  reason: string;
}

/** A value the API does not return, which the inventory holds as FILL_IN until someone supplies it. */
export interface FillIn {
  /** The resource's name in the program, e.g. customer-crm-1042. */
  resource: string;
  /** The argument's path, e.g. adminEmail. */
  property: string;
}

/** What an export left out or could not know. */
export interface InventoryNotes {
  /** Secrets the inventory does not carry, and where they go instead. */
  secrets: string[];
  /** Why customers carry literal provisioning IDs, when they do. */
  provisioningIds?: string;
  /** What import.json cannot carry, when something (the sites). */
  notImported?: string;
  /** Values to supply before the first preview. */
  fillIn: FillIn[];
  /** Objects of the estate not in the inventory, with the reason. */
  notExported: NotExported[];
}

/** The whole inventory. */
export interface Inventory {
  templates: TemplateLine[];
  customers: CustomerLine[];
  /** Written by webex-wholesale-export; programs ignore it. */
  notes?: InventoryNotes;
}

/** The value of an argument the API could not tell; a program refuses to run while one is left. */
export const FILL_IN = "FILL_IN: not readable through the Webex API";

/** Resource names derived from the unique keys, so reordering the inventory renames nothing. */
export const resourceName = {
  template: (key: string) => `template-${key}`,
  customer: (externalId: string) => `customer-${externalId}`,
  site: (externalId: string, name: string) => `site-${externalId}-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`,
  user: (email: string) => `user-${email}`,
} as const;

/** Paths (a.b[0].c) of every FILL_IN left in `v`. */
function fillInPaths(v: unknown, at = ""): string[] {
  if (v === FILL_IN) return [at];
  if (Array.isArray(v)) return v.flatMap((x, i) => fillInPaths(x, `${at}[${i}]`));
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => fillInPaths(x, at ? `${at}.${k}` : k));
  return [];
}

/** Read an inventory file; throws, naming every place, while a FILL_IN value is left in it. */
export function readInventory(file: string): Inventory {
  const abs = path.resolve(file);
  const inventory = JSON.parse(fs.readFileSync(abs, "utf8")) as Inventory;
  const left = fillInPaths({ templates: inventory.templates, customers: inventory.customers });
  if (left.length > 0) {
    throw new Error(`${abs}: ${left.length} value(s) the Webex API does not return must be filled in first: ${left.slice(0, 20).join(", ")}${left.length > 20 ? ", …" : ""}`);
  }
  return inventory;
}
