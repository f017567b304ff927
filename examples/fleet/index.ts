// A fleet kept in git: every template, customer and user comes from the inventory file. Add a line
// and `pulumi up` provisions it; remove it and `pulumi up` deprovisions it. Resource names are the
// stable keys (template key, externalId, email), so reordering the file changes nothing.
import * as pulumi from "@pulumi/pulumi";
import * as wx from "pulumi-webex-wholesale";
import { loadInventory } from "./load-inventory";

const config = new pulumi.Config();
const inventory = loadInventory(config.get("inventory") ?? "inventory.json");

const templates = new Map<string, wx.OnboardingTemplate>();
for (const { key, brandName, ...t } of inventory.templates) {
  templates.set(key, new wx.OnboardingTemplate(`template-${key}`, { ...t, email: brandName === undefined ? t.email : { ...t.email, brandName } }));
}

const customers: Record<string, pulumi.Output<string>> = {};
for (const { template, provisioningId, users = [], ...c } of inventory.customers) {
  // A customer names its template by key, or carries a provisioning ID from Partner Hub.
  const tpl = template === undefined ? undefined : templates.get(template);
  if (!tpl && !provisioningId) throw new Error(`customer ${c.externalId}: unknown template ${template}`);
  const org = new wx.CustomerOrg(`customer-${c.externalId}`, { ...c, provisioningId: tpl ? tpl.provisioningId : provisioningId! },
    { protect: config.getBoolean("protectCustomers") ?? false });
  for (const u of users) {
    new wx.CustomerUser(`user-${u.email}`, { ...u, customer: org }, { parent: org });
  }
  customers[c.externalId] = org.customerId;
}

export const customerIds = customers;
