// Quick start: the three provisioning steps of Partner Hub as code.
// Configure the endpoint and token first (`make demo` does it for the emulator):
//   pulumi config set webex-wholesale:baseUrl http://127.0.0.1:8787/v1
//   pulumi config set --secret webex-wholesale:token <partner token>
import * as wx from "pulumi-webex-wholesale";

// 1. The onboarding template: one per kind of customer; its provisioning ID serves many customers.
const template = new wx.OnboardingTemplate("smb-calling", {
  name: "SMB calling",
  serviceProviderAdminEmail: "provisioning@acme-telco.example",
  country: "US",
  defaultEmailLanguage: "en_US",
  subscriptionId: "acme-wholesale-sub-1",
  authentication: { method: "webex" },
  email: { brandName: "Acme Telco" },
  calling: { allowWebexToWebexCalling: true },
});

// 2. The customer org: a calling package plus meetings, and its headquarters (its calling location).
const pizza = new wx.CustomerOrg("johns-pizza", {
  provisioningId: template.provisioningId,
  externalId: "crm-1042",
  name: "John's Pizza",
  adminEmail: "john@pizza.example",
  country: "US",
  packages: ["webex_calling", "webex_meetings"],
  headquarters: {
    addressLine1: "771 Alder Drive",
    city: "Milpitas",
    stateOrProvince: "CA",
    zipOrPostalCode: "95035",
    timezone: "America/Los_Angeles",
    language: "en_us",
  },
});

// 3. Users. The admin must have the org's package (checked at preview, since `customer` is given).
new wx.CustomerUser("john", {
  customer: pizza,
  email: "john@pizza.example",
  firstName: "John",
  lastName: "Anderson",
  package: "webex_calling",
  extension: "1000",
});
new wx.CustomerUser("mary", {
  customer: pizza,
  email: "mary@pizza.example",
  firstName: "Mary",
  lastName: "Jones",
  package: "webex_meetings",
});
new wx.CustomerUser("ann", {
  customer: pizza,
  email: "ann@pizza.example",
  firstName: "Ann",
  lastName: "Lee",
  package: "webex_calling",
  primaryPhoneNumber: "+14085550101",
  locationId: pizza.headquartersLocationId,
});

export const provisioningId = template.provisioningId;
export const customerId = pizza.customerId;
export const orgId = pizza.orgId;
export const hqLocationId = pizza.headquartersLocationId;
