// A synthetic fleet for the benchmarks: one template, N customers with M users each, in the shape
// of examples/fleet's inventory.json, so the benchmark runs the example program unchanged.
import type { Inventory } from "../examples/fleet/load-inventory";

/** Size of a generated fleet. */
export interface FleetSize {
  /** Customer orgs. */
  customers: number;
  /** Users per customer (the first is the customer's full administrator). */
  usersPerCustomer: number;
}

/**
 * Customers carry calling and meetings; their users alternate between the two packages (calling
 * users get an extension), like a typical small-business fleet. Keys are stable, so the same size
 * gives the same inventory.
 */
export function fleetInventory(size: FleetSize): Inventory {
  const customers = Array.from({ length: size.customers }, (_, i) => {
    const domain = `cust-${i + 1}.example`;
    const users = Array.from({ length: size.usersPerCustomer }, (_, j) => {
      const calling = j % 2 === 0;
      return {
        email: j === 0 ? `admin@${domain}` : `user-${j}@${domain}`,
        firstName: "User",
        lastName: `N${j}`,
        package: calling ? ("webex_calling" as const) : ("webex_meetings" as const),
        ...(calling ? { extension: String(1000 + j) } : {}),
      };
    });
    return {
      externalId: `bench-${i + 1}`,
      template: "std",
      name: `Bench Customer ${i + 1}`,
      adminEmail: `admin@${domain}`,
      country: "US",
      packages: ["webex_calling", "webex_meetings"] as ("webex_calling" | "webex_meetings")[],
      headquarters: { addressLine1: `${i + 1} Main St`, city: "Austin", stateOrProvince: "TX", zipOrPostalCode: "73301", timezone: "America/Chicago" },
      users,
    };
  });
  return {
    templates: [{
      key: "std", name: "Bench Standard", serviceProviderAdminEmail: "provisioning@bench.example", country: "US",
      defaultEmailLanguage: "en_US", subscriptionId: "bench-sub-1", brandName: "Bench Telco",
    }],
    customers,
  };
}

/** Resources the fleet program declares for this size (templates + customers + users). */
export function resourceCount(size: FleetSize): number {
  return 1 + size.customers * (1 + size.usersPerCustomer);
}
