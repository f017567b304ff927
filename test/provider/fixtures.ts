// Valid arguments of each resource, as a program would give them (before check).
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
