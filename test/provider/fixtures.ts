// Valid arguments of each resource, as a program would give them (before check).
import type { KindName } from "../../provider/src/lifecycle/kind";

export const templateArgs = () => ({
  name: "SMB calling",
  serviceProviderAdminEmail: "sp-admin@acme-telco.example",
  country: "US",
  defaultEmailLanguage: "en_US",
  subscriptionId: "sub-001",
  authentication: { method: "webex" },
  email: { brandName: "Acme Telco" },
  calling: { allowWebexToWebexCalling: true },
});

export const customerArgs = () => ({
  provisioningId: "prov-1",
  externalId: "crm-1042",
  name: "John's Pizza",
  adminEmail: "john@pizza.example",
  country: "US",
  packages: ["webex_calling"],
  headquarters: { addressLine1: "771 Alder Drive", city: "Milpitas", stateOrProvince: "CA", zipOrPostalCode: "95035", timezone: "America/Los_Angeles" },
});

export const userArgs = () => ({
  customerId: "Y2lzY29zcGFyazovL3VzL0VOVEVSUFJJU0UvMQ",
  email: "ann@pizza.example",
  firstName: "Ann",
  lastName: "Lee",
  package: "webex_calling",
  primaryPhoneNumber: "+14085550101",
});

export const locationArgs = () => ({
  customerId: "Y2lzY29zcGFyazovL3VzL0VOVEVSUFJJU0UvMQ",
  name: "Austin shop",
  timeZone: "America/Chicago",
  preferredLanguage: "en_us",
  announcementLanguage: "en_us",
  address: { address1: "100 Congress Ave", city: "Austin", state: "TX", postalCode: "78701", country: "US" },
});

/** Valid arguments of every resource in the registry, by kind (tests iterate the registry with these). */
export const fixtures: Record<KindName, () => Record<string, unknown>> = {
  OnboardingTemplate: templateArgs,
  CustomerOrg: customerArgs,
  CustomerLocation: locationArgs,
  CustomerUser: userArgs,
};
