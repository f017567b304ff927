// Where Webex for Wholesale customers may have their headquarters, and the data region each
// country's org lands in. The real lists live in Partner Hub; this is a representative subset
// (the seed: the HQ must be "a Webex-supported location"; partners may create orgs in any region).

/** ISO-3166 alpha-2 codes accepted as a customer's HQ country. */
export const SUPPORTED_COUNTRIES: ReadonlySet<string> = new Set([
  "US", "CA", "PR", "MX", "BR", "AR", "CL", "CO", "PE",
  "GB", "IE", "FR", "DE", "NL", "BE", "LU", "AT", "CH", "ES", "PT", "IT", "DK", "SE", "NO", "FI",
  "PL", "CZ", "SK", "HU", "RO", "BG", "HR", "SI", "GR", "EE", "LV", "LT", "IS", "MT", "CY",
  "AU", "NZ", "JP", "SG", "HK", "IN", "MY", "PH", "KR", "TW", "ZA", "AE", "SA", "IL",
]);

const EU_REGION = new Set([
  "GB", "IE", "FR", "DE", "NL", "BE", "LU", "AT", "CH", "ES", "PT", "IT", "DK", "SE", "NO", "FI",
  "PL", "CZ", "SK", "HU", "RO", "BG", "HR", "SI", "GR", "EE", "LV", "LT", "IS", "MT", "CY", "ZA", "AE", "SA", "IL",
]);
const OTHER_REGIONS: Readonly<Record<string, string>> = { CA: "CA", AU: "AU", NZ: "AU", JP: "JP" };

/** True when Webex can host a customer whose HQ is in `country`. */
export function isSupportedCountry(country: string): boolean {
  return SUPPORTED_COUNTRIES.has(country);
}

/** Data region ("US", "EU", "CA", "AU", "JP") of an org whose HQ is in `country`. */
export function dataRegionFor(country: string): string {
  if (EU_REGION.has(country)) return "EU";
  return OTHER_REGIONS[country] ?? "US";
}
