// Shapes of the JSON documents stored per row. The API shapes are derived from these by the
// models' `render` functions, so stored state can hold more than the API shows.
import type { Address, ApiErrorEntry, CustomerPackage, CustomerProvisioningParameters, CustomerStatus, SubscriberPackage, SubscriberStatus } from "webex-wholesale-wire";

/** A stored onboarding template. */
export interface TemplateRecord {
  id: string;
  partnerId: string;
  provisioningId: string;
  name: string;
  type: "webex_for_wholesale";
  serviceProviderAdminEmail: string;
  country: string;
  defaultEmailLanguage: string;
  subscriptionId: string;
  pstnProvider?: string;
  authentication: { method: "webex" | "partner_saml" | "partner_oidc"; idpEntityId?: string };
  email: { brandName?: string; allowAdminInviteEmailsOnAttach: boolean };
  calling: { allowWebexToWebexCalling: boolean };
  created: string;
  lastModified: string;
}

/** Status of one package of a customer, as `resourceDetails.packages[]` shows it. */
export interface PackageDetail {
  name: CustomerPackage;
  status: "provisioned" | "provisioning" | "deleting" | "error";
  warnings?: ApiErrorEntry[];
  errors?: ApiErrorEntry[];
}

/** A forced end of the next provisioning (control plane `outcomes`). */
export interface OutcomeRecord {
  outcome: "error" | "provisioned_with_errors";
  errors: ApiErrorEntry[];
  package?: CustomerPackage;
}

/** The transition a customer is in the middle of. */
export type PendingTransition =
  | { kind: "provision"; outcome?: OutcomeRecord }
  | { kind: "update"; packages: CustomerPackage[] }
  | { kind: "delete" };

/** A stored customer. */
export interface CustomerRecord {
  id: string;
  partnerId: string;
  externalId: string;
  address: Address;
  status: CustomerStatus;
  packages: CustomerPackage[];
  resourceDetails: { packages: PackageDetail[] };
  errors: ApiErrorEntry[];
  /** Set at creation when attaching an existing org, else when provisioning completes. */
  orgId?: string;
  /** True once the Webex org exists (hides `orgId` before). */
  orgReady: boolean;
  customerInfo?: { name: string; primaryEmail: string; language?: string };
  provisioningId: string;
  dataRegion: string;
  provisioningParameters?: CustomerProvisioningParameters;
  subPartnerAdminEmail?: string;
  created: string;
  lastModified: string;
  lastStatusChange: string;
  pending?: PendingTransition;
}

/** A stored subscriber. */
export interface SubscriberRecord {
  id: string;
  partnerId: string;
  customerId: string;
  personId?: string;
  email: string;
  package: SubscriberPackage;
  status: SubscriberStatus;
  errors: ApiErrorEntry[];
  firstName?: string;
  lastName?: string;
  primaryPhoneNumber?: string;
  extension?: string;
  locationId?: string;
  created: string;
  lastStatusChange: string;
}

/** A stored location of a customer org (Locations API). */
export interface LocationRecord {
  id: string;
  partnerId: string;
  customerId: string;
  name: string;
  orgId: string;
  timeZone: string;
  preferredLanguage: string;
  /** Set at creation only (the API's PUT cannot change it). */
  announcementLanguage?: string;
  address: { address1: string; address2?: string; city: string; state?: string; postalCode?: string; country: string };
  latitude?: string;
  longitude?: string;
  notes?: string;
  emergencyLocationIdentifier?: string;
  /** The customer's headquarters (made from its calling location at provisioning). */
  headquarters?: boolean;
  /** Creation time (ISO); absent on rows made before locations could be created. */
  created?: string;
}

/** Key of a location name for uniqueness within a customer and the name filter (case-insensitive). */
export function locationNameKey(name: string): string {
  return name.trim().toLowerCase();
}

/** Lower-case form used for email uniqueness (emails compare case-insensitively). */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}
