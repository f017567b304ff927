// One error class for every refusal; it renders as the official Webex error body.
import { CUSTOMER_BUSY_CODE, DUPLICATE_KEY_CODES, type ErrorBody } from "webex-wholesale-wire";

/** Error codes the emulator uses (documented in backend/README.md); the ones clients act on come from the wire package. */
export const ErrorCode = {
  malformedBody: 10001,
  invalidField: 10002,
  invalidQuery: 10003,
  unsupportedMediaType: 10004,
  bodyTooLarge: 10005,
  malformedRequest: 10006,
  unknownProvisioningId: 10010,
  unsupportedCountry: 10011,
  packageDependency: 10012,
  callingLocationRequired: 10013,
  customerInfoRequired: 10014,
  packageNotInCustomer: 10015,
  numberRequired: 10016,
  unknownLocation: 10017,
  adminPackageMismatch: 10018,
  adminDowngrade: 10019,
  externalIdInUse: DUPLICATE_KEY_CODES.externalId,
  templateNameInUse: DUPLICATE_KEY_CODES.templateName,
  emailInUse: DUPLICATE_KEY_CODES.email,
  phoneNumberInUse: DUPLICATE_KEY_CODES.phoneNumber,
  extensionInUse: DUPLICATE_KEY_CODES.extension,
  templateInUse: 10025,
  customerBusy: CUSTOMER_BUSY_CODE,
  orgIdInUse: 10027,
  locationNameInUse: DUPLICATE_KEY_CODES.locationName,
  alreadyExists: 10029,
  customerNotProvisioned: 10030,
  notFound: 10040,
  noSuchRoute: 10041,
  methodNotAllowed: 10042,
  unauthorized: 10050,
  forbidden: 10051,
  rateLimited: 10060,
  injectedFault: 10070,
  lostResponse: 10071,
  internal: 10099,
} as const;

/** A refused request: HTTP status, Webex error code and a human-readable description. */
export class ApiError extends Error {
  /** Extra response headers (e.g. Retry-After). */
  readonly headers: Record<string, string>;
  /** All the problems found (the first one is `message`). */
  readonly entries: { description: string; errorCode: number }[];

  constructor(readonly status: number, errorCode: number, description: string, opts: { headers?: Record<string, string>; more?: { description: string; errorCode: number }[] } = {}) {
    super(description);
    this.headers = opts.headers ?? {};
    this.entries = [{ description, errorCode }, ...(opts.more ?? [])];
  }

  /** The official error body. */
  body(trackingId: string): ErrorBody {
    return { message: this.message, errors: this.entries, trackingId };
  }
}

/** 400 for a broken business rule or invalid field. */
export const badRequest = (code: number, description: string): ApiError => new ApiError(400, code, description);
/** 404 for an object this partner cannot see. */
export const notFound = (what: string, id: string): ApiError => new ApiError(404, ErrorCode.notFound, `${what} ${id} was not found.`);
/** 409 for a conflict with existing state. */
export const conflict = (code: number, description: string): ApiError => new ApiError(409, code, description);
