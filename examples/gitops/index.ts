// The fleet as files in git, one per customer, so that each pull request shows one customer's change:
//   inventory/templates.json              onboarding templates by key
//   inventory/customers/<externalId>.json  a customer (the file name is its externalId) and its users
// Add a file and merge: the customer is provisioned. Delete it: the customer is deprovisioned (the
// pull request's plan calls that out). Resource names are the stable keys, so renaming nothing moves.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as wx from "pulumi-webex-wholesale";

/** One user of a customer file. */
type UserLine = Omit<wx.CustomerUserArgs, "customer" | "customerId">;
/** A customer file: the org (externalId and provisioningId come from the file name and template). */
interface CustomerFile extends Omit<wx.CustomerOrgArgs, "provisioningId" | "externalId"> {
  /** Key of inventory/templates.json. */
  template: string;
  users?: UserLine[];
}

const config = new pulumi.Config();
const dir = path.resolve(config.get("inventory") ?? "inventory");
const read = <T>(file: string): T => JSON.parse(fs.readFileSync(file, "utf8")) as T;

const templates = new Map<string, wx.OnboardingTemplate>();
for (const [key, args] of Object.entries(read<Record<string, wx.OnboardingTemplateArgs>>(path.join(dir, "templates.json")))) {
  templates.set(key, new wx.OnboardingTemplate(`template-${key}`, args));
}

export const customerIds: Record<string, pulumi.Output<string>> = {};
for (const file of fs.readdirSync(path.join(dir, "customers")).filter((f) => f.endsWith(".json")).sort()) {
  const externalId = path.basename(file, ".json");
  const { template, users = [], ...org } = read<CustomerFile>(path.join(dir, "customers", file));
  const tpl = templates.get(template);
  if (!tpl) throw new Error(`inventory/customers/${file}: unknown template "${template}" (keys: ${[...templates.keys()].join(", ")})`);
  const customer = new wx.CustomerOrg(`customer-${externalId}`, { ...org, externalId, provisioningId: tpl.provisioningId });
  for (const u of users) new wx.CustomerUser(`user-${u.email}`, { ...u, customer }, { parent: customer });
  customerIds[externalId] = customer.customerId;
}
