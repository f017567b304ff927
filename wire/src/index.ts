// The Wholesale API's wire shapes, shared by the provider's client and the emulator.
export * from "./common";
export * from "./rules";
export * from "./countries";
export * from "./ids";
export * from "./customers";
export * from "./subscribers";
export * from "./templates";
export * from "./locations";

/** API path prefixes (relative to the base URL, which ends in /v1). */
export const PATHS = {
  customers: "/wholesale/customers",
  subscribers: "/wholesale/subscribers",
  templates: "/wholesale/onboardingTemplates",
  locations: "/locations",
} as const;

/** Scopes a partner token can carry. */
export const SCOPES = {
  customersRead: "spark-admin:wholesale_customers_read",
  customersWrite: "spark-admin:wholesale_customers_write",
  subscribersRead: "spark-admin:wholesale_subscribers_read",
  subscribersWrite: "spark-admin:wholesale_subscribers_write",
} as const;
