// Business rules that both sides apply: the provider at `check` time (before any API call),
// the emulator on every request. Kept as pure functions so there is one copy.
import type { CustomerPackage, SubscriberPackage } from "./common";

/** Packages that include calling: they need a location (customer) or a number/extension (user). */
export const CALLING_PACKAGES: ReadonlySet<string> = new Set([
  "webex_calling", "webex_suite", "webex_voice", "cx_essentials", "webex_calling_standard", "common_area_calling",
]);

/** Add-on packages and the base packages one of which they need (from the official reference). */
export const PACKAGE_DEPENDENCIES: Readonly<Record<string, readonly CustomerPackage[]>> = {
  cisco_calling_plan: ["common_area_calling", "webex_calling", "webex_suite", "webex_voice", "cx_essentials", "webex_calling_standard"],
  attendant_console: ["webex_calling", "webex_suite", "cx_essentials"],
};

/** A rule violation: the offending path (relative to the request body) and why. */
export interface RuleViolation {
  path: (string | number)[];
  message: string;
}

/** True when any package in the list includes calling. */
export function includesCalling(packages: readonly string[]): boolean {
  return packages.some((p) => CALLING_PACKAGES.has(p));
}

/** Package-dependency and duplicate checks on a customer's complete package list. */
export function customerPackageViolations(packages: readonly CustomerPackage[]): RuleViolation[] {
  const out: RuleViolation[] = [];
  const seen = new Set<string>();
  packages.forEach((p, i) => {
    if (seen.has(p)) out.push({ path: ["packages", i], message: `package ${p} is listed twice` });
    seen.add(p);
    const needs = PACKAGE_DEPENDENCIES[p];
    if (needs && !needs.some((n) => packages.includes(n))) {
      out.push({ path: ["packages", i], message: `package ${p} needs one of: ${needs.join(", ")}` });
    }
  });
  return out;
}

/** A calling package needs a primary phone number, an extension or both. */
export function subscriberNumberViolations(
  pkg: SubscriberPackage,
  params: { primaryPhoneNumber?: string; extension?: string },
): RuleViolation[] {
  if (CALLING_PACKAGES.has(pkg) && !params.primaryPhoneNumber && !params.extension) {
    return [{
      path: ["provisioningParameters", "primaryPhoneNumber"],
      message: `package ${pkg} includes calling: give primaryPhoneNumber, extension or both`,
    }];
  }
  return [];
}

/** Normalise a phone number for uniqueness comparisons (the API accepts dashes). */
export function normalizePhoneNumber(n: string): string {
  return n.replace(/-/g, "");
}

/** Packages a subscriber can hold (mirrors the SubscriberPackage enum, kept here to stay dependency-free). */
const SUBSCRIBER_PACKAGES: ReadonlySet<string> = new Set([
  "webex_calling", "webex_meetings", "webex_suite", "webex_voice", "cx_essentials",
  "webex_calling_standard", "attendant_console", "cx_premium_agent", "cx_standard_agent",
]);

/**
 * The customer's full administrator must hold the org's package — its highest-ranked user package
 * (so an org with calling and meetings has a calling admin): no downgrade. Empty when the rule holds.
 */
export function adminPackageViolations(orgPackages: readonly string[], userPackage: string): RuleViolation[] {
  const ranked = ADMIN_PACKAGE_RANK.filter((p) => orgPackages.includes(p));
  const allowed = ranked.length > 0 ? [ranked[0]!] : orgPackages.filter((p) => SUBSCRIBER_PACKAGES.has(p));
  if (allowed.length === 0 || allowed.includes(userPackage)) return [];
  return [{
    path: ["package"],
    message: `the customer's administrator must have the org's package (${allowed.join(" or ")}), not ${userPackage}: downgrading the admin is not supported`,
  }];
}

/**
 * Subscriber packages ordered by level, highest first. The seed: "downgrading the package of the
 * customer's full administrator is not supported"; this order says what a downgrade is.
 */
export const ADMIN_PACKAGE_RANK: readonly SubscriberPackage[] = [
  "webex_suite", "cx_essentials", "webex_calling", "webex_calling_standard", "webex_voice", "webex_meetings",
];

/** True when moving a user from `from` to `to` lowers the package level (unranked packages never count). */
export function isPackageDowngrade(from: string, to: string): boolean {
  const a = ADMIN_PACKAGE_RANK.indexOf(from as SubscriberPackage);
  const b = ADMIN_PACKAGE_RANK.indexOf(to as SubscriberPackage);
  return a >= 0 && b >= 0 && b > a;
}

/** A template's sign-in settings: partner SSO needs the IdP entity id, Webex sign-in must not have one. */
export function templateAuthenticationViolations(auth: { method?: string; idpEntityId?: string }): RuleViolation[] {
  const method = auth.method ?? "webex";
  if (method !== "webex" && !auth.idpEntityId) {
    return [{ path: ["idpEntityId"], message: `idpEntityId is required when authentication.method is ${method}` }];
  }
  if (method === "webex" && auth.idpEntityId) {
    return [{ path: ["idpEntityId"], message: "idpEntityId is only for partner_saml or partner_oidc" }];
  }
  return [];
}
