// A partner estate created directly in a running emulator (its Webex API and control plane, no
// Pulumi): templates, customers with their HQ and a second site, users (the third one placed at
// the second site), and optionally a failed customer. Used by the export
// tests and bench/export.ts. Run the emulator with immediate timing so customers settle at once.
import { api, control, type EmulatorEndpoint } from "./emulator-api";

/** Size and shape of a seeded estate. */
export interface EstateSpec {
  /** Customers (provisioned), each with its HQ calling location and a second site. */
  customers: number;
  /** Users per customer; the first is the customer's administrator, the third sits at the second site. */
  usersPerCustomer: number;
  /** Also one customer whose provisioning failed (status error), to be listed as not exported. */
  failedCustomer?: boolean;
  /** Prefix of externalIds (default crm). */
  prefix?: string;
}

/** What was seeded. */
export interface SeededEstate {
  provisioningId: string;
  externalIds: string[];
  failedExternalId?: string;
}

async function ok(p: Promise<{ status: number; body: any }>, what: string): Promise<any> {
  const r = await p;
  if (r.status >= 300) throw new Error(`seeding ${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Run `fn` over `items`, `n` at a time. */
async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/** Seed the estate; customers come back provisioned (the emulator must settle customers immediately). */
export async function seedEstate(emu: EmulatorEndpoint, spec: EstateSpec): Promise<SeededEstate> {
  const prefix = spec.prefix ?? "crm";
  const tpl = await ok(api(emu, "POST", "/wholesale/onboardingTemplates", {
    name: "SMB Calling", serviceProviderAdminEmail: "sp@acme-telco.example", country: "US", defaultEmailLanguage: "en_US",
    subscriptionId: "sub-1", email: { brandName: "Acme Telco" },
  }), "template");
  // A template nobody uses yet: exported too, as the partner has it.
  await ok(api(emu, "POST", "/wholesale/onboardingTemplates", {
    name: "Enterprise (EU)", serviceProviderAdminEmail: "sp@acme-telco.example", country: "GB", defaultEmailLanguage: "en_GB",
    subscriptionId: "sub-2", calling: { allowWebexToWebexCalling: true },
  }), "template");
  const externalIds = Array.from({ length: spec.customers }, (_, i) => `${prefix}-${String(i + 1).padStart(4, "0")}`);
  await pool(externalIds, 8, async (externalId) => {
    const domain = `${externalId}.example`;
    await ok(api(emu, "POST", "/wholesale/customers", {
      provisioningId: tpl.provisioningId, packages: ["webex_calling", "webex_meetings"], externalId,
      address: { addressLine1: "1 Main St", city: "Austin", stateOrProvince: "TX", zipOrPostalCode: "73301", country: "US" },
      customerInfo: { name: `Customer ${externalId}`, primaryEmail: `admin@${domain}` },
      provisioningParameters: {
        calling: { location: { name: "Headquarters", address: { addressLine1: "1 Main St", city: "Austin", stateOrProvince: "TX", zipOrPostalCode: "73301", country: "US" }, timezone: "America/Chicago", language: "en_us" } },
        meetings: { timezone: "America/Chicago" },
      },
    }), `customer ${externalId}`);
    const customer = (await ok(api(emu, "GET", `/wholesale/customers?externalId=${externalId}`), "lookup")).items[0];
    if (customer.status !== "provisioned") throw new Error(`seeding: customer ${externalId} is ${customer.status}; start the emulator with immediate timing`);
    const site = await ok(api(emu, "POST", `/locations?orgId=${encodeURIComponent(customer.orgId)}`, {
      name: "Branch Office", timeZone: "America/New_York", preferredLanguage: "en_us", announcementLanguage: "en_us",
      address: { address1: "5 Harbor Rd", city: "Boston", state: "MA", postalCode: "02110", country: "US" },
    }), `site of ${externalId}`);
    for (let j = 0; j < spec.usersPerCustomer; j++) {
      const calling = j % 2 === 0;
      await ok(api(emu, "POST", "/wholesale/subscribers", {
        customerId: customer.id, email: j === 0 ? `admin@${domain}` : `user-${j}@${domain}`,
        packages: [calling ? "webex_calling" : "webex_meetings"],
        provisioningParameters: {
          firstName: "User", lastName: `N${j}`, ...(calling ? { extension: String(1000 + j) } : {}), ...(j === 2 ? { locationId: site.id } : {}),
        },
      }), `user ${j} of ${externalId}`);
    }
  });
  let failedExternalId: string | undefined;
  if (spec.failedCustomer) {
    failedExternalId = `${prefix}-failed`;
    await control(emu, "POST", "/outcomes", { externalId: failedExternalId, outcome: "error", errors: [{ errorCode: 1000, description: "Seeded failure" }] });
    await ok(api(emu, "POST", "/wholesale/customers", {
      provisioningId: tpl.provisioningId, packages: ["webex_meetings"], externalId: failedExternalId,
      address: { addressLine1: "2 Main St", city: "Austin", country: "US" }, customerInfo: { name: "Failed Co", primaryEmail: "owner@failed.example" },
    }), "failed customer");
  }
  return { provisioningId: tpl.provisioningId, externalIds, failedExternalId };
}
