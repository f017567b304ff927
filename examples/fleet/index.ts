// A fleet kept in git: every template, customer, site and user comes from the inventory file. Add a
// line and `pulumi up` provisions it; remove it and `pulumi up` deprovisions it (a site is left live
// with a warning: the Webex Locations API has no delete). Resource names are the stable keys
// (template key, externalId, site name, email), so reordering the file changes nothing.
import * as pulumi from "@pulumi/pulumi";
import * as wx from "pulumi-webex-wholesale";
import { loadInventory } from "./load-inventory";

const config = new pulumi.Config();
const inventory = loadInventory(config.get("inventory") ?? "inventory.json");

const templates = new Map<string, wx.OnboardingTemplate>();
for (const { key, brandName, ...t } of inventory.templates) {
  templates.set(key, new wx.OnboardingTemplate(wx.resourceName.template(key), { ...t, email: brandName === undefined ? t.email : { ...t.email, brandName } }));
}

const customers: Record<string, pulumi.Output<string>> = {};
for (const { template, provisioningId, users = [], sites = [], ...c } of inventory.customers) {
  // A customer names its template by key, or carries a provisioning ID from Partner Hub.
  const tpl = template === undefined ? undefined : templates.get(template);
  if (!tpl && !provisioningId) throw new Error(`customer ${c.externalId}: unknown template ${template}`);
  const org = new wx.CustomerOrg(wx.resourceName.customer(c.externalId), { ...c, provisioningId: tpl ? tpl.provisioningId : provisioningId! },
    { protect: config.getBoolean("protectCustomers") ?? false });
  const locations = new Map<string, wx.CustomerLocation>();
  for (const s of sites) {
    locations.set(s.name, new wx.CustomerLocation(wx.resourceName.site(c.externalId, s.name), { ...s, customer: org }, { parent: org }));
  }
  for (const { site, ...u } of users) {
    const location = site === undefined ? undefined : locations.get(site);
    if (site !== undefined && !location) throw new Error(`user ${u.email}: customer ${c.externalId} has no site named ${site}`);
    new wx.CustomerUser(wx.resourceName.user(u.email), { ...u, customer: org, location }, { parent: org });
  }
  customers[c.externalId] = org.customerId;
}

export const customerIds = customers;
