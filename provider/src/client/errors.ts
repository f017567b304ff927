// Typed errors of the client. They carry what an operator needs (status, Webex error codes,
// trackingId for Cisco support, method and path) and never the request's headers or token:
// raw axios errors hold config.headers.Authorization, so they are never rethrown or chained.

/** Fields of a WholesaleApiError. */
export interface WholesaleApiErrorInit {
  /** HTTP method of the failed request. */
  method: string;
  /** Path relative to the base URL (with query), e.g. /wholesale/customers/abc. */
  path: string;
  /** HTTP status, absent for transport failures (connection reset, timeout). */
  status?: number;
  /** Webex trackingId from the error body or the TrackingId header. */
  trackingId?: string;
  /** `errors[].errorCode` of the body (or of an async failure). */
  errorCodes?: number[];
  /** `errors[].description` of the body (or of an async failure). */
  descriptions?: string[];
  /** True when a write may or may not have been applied: look the object up before retrying. */
  outcomeUnknown?: boolean;
  /** True when trying again later may succeed (429, 5xx, transport failures). */
  retryable?: boolean;
  /** Transport error code such as ECONNRESET or ETIMEDOUT. */
  code?: string;
  /** The server's `message`, or a summary of what went wrong. */
  detail?: string;
  /** Id named by an unreadable 2xx body of a create, for the message that says what to adopt. */
  createdId?: string;
}

/** An HTTP or transport failure of a Wholesale API call. */
export class WholesaleApiError extends Error {
  /** HTTP status, absent for transport failures. */
  status?: number;
  /** Webex trackingId (body or TrackingId header), for Cisco support. */
  trackingId?: string;
  /** Webex error codes, e.g. 10022. */
  errorCodes: number[];
  /** Human-readable descriptions matching errorCodes. */
  descriptions: string[];
  /** HTTP method of the request. */
  method: string;
  /** Path relative to the base URL. */
  path: string;
  /** The request may have been applied: find the object by its unique key before creating again. */
  outcomeUnknown: boolean;
  /** Trying again later may succeed. */
  retryable: boolean;
  /** Transport error code (ECONNRESET, ETIMEDOUT, …) when there was no HTTP answer. */
  code?: string;

  constructor(init: WholesaleApiErrorInit) {
    super(formatMessage(init));
    this.name = "WholesaleApiError";
    this.status = init.status;
    this.trackingId = init.trackingId;
    this.errorCodes = init.errorCodes ?? [];
    this.descriptions = init.descriptions ?? [];
    this.method = init.method;
    this.path = init.path;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
    this.retryable = init.retryable ?? false;
    this.code = init.code;
  }
}

function formatMessage(i: WholesaleApiErrorInit): string {
  const what = i.status !== undefined ? `HTTP ${i.status}` : (i.code ?? "request failed");
  let m = `${i.method} ${i.path}: ${what}`;
  if (i.detail) m += `: ${i.detail}`;
  const codes = i.errorCodes ?? [];
  const descs = i.descriptions ?? [];
  // Pair codes with descriptions only when they line up one to one.
  const errs = codes.length === descs.length ? descs.map((d, k) => `[${codes[k]}] ${d}`) : [...descs, ...codes.map(String)];
  if (errs.length && !(errs.length === 1 && i.detail === errs[0])) m += ` (${errs.join("; ")})`;
  if (i.trackingId) m += ` [trackingId ${i.trackingId}]`;
  if (i.outcomeUnknown) m += " — the outcome is unknown: the request may have been applied";
  return m;
}

/** The response body did not match the expected wire schema. */
export class ResponseValidationError extends WholesaleApiError {
  /** Id the body named (a created object's), if any. */
  createdId?: string;
  constructor(init: WholesaleApiErrorInit) {
    super(init);
    this.name = "ResponseValidationError";
    this.createdId = init.createdId;
  }
}

/** Asynchronous provisioning ended in a failure status (e.g. `error`); codes come from the resource. */
export class ProvisioningFailedError extends WholesaleApiError {
  /** The resource's status, e.g. `error` or `provisioned_with_errors`. */
  resourceStatus: string;
  /** What was being waited for, e.g. "customer crm-1042". */
  label: string;

  constructor(init: WholesaleApiErrorInit & { resourceStatus: string; label: string }) {
    super({ ...init, detail: `${init.label} ended in status "${init.resourceStatus}"` });
    this.name = "ProvisioningFailedError";
    this.resourceStatus = init.resourceStatus;
    this.label = init.label;
  }
}

/** An asynchronous operation did not settle before its deadline. */
export class ProvisioningTimeoutError extends Error {
  /** What was being waited for, e.g. "customer crm-1042". */
  label: string;
  /** Id of the resource polled. */
  id: string;
  /** Last status seen (undefined if the resource was never visible). */
  lastStatus?: string;
  /** Time waited, ms. */
  elapsedMs: number;
  /** The deadline that was exceeded, ms. */
  timeoutMs: number;

  constructor(init: { label: string; id: string; lastStatus?: string; elapsedMs: number; timeoutMs: number }) {
    super(
      `${init.label}: still ${init.lastStatus ? `"${init.lastStatus}"` : "not visible"} after ${Math.round(init.elapsedMs / 1000)}s ` +
        `(deadline ${Math.round(init.timeoutMs / 1000)}s). The operation may still complete in Webex (id ${init.id}). ` +
        "Raise `webex-wholesale:provisioningTimeoutSeconds`, or run `pulumi refresh` later to pick up the final state.",
    );
    this.name = "ProvisioningTimeoutError";
    this.label = init.label;
    this.id = init.id;
    this.lastStatus = init.lastStatus;
    this.elapsedMs = init.elapsedMs;
    this.timeoutMs = init.timeoutMs;
  }
}

/** Replace every occurrence of `secret` in `text` (belt and braces: servers may echo headers). */
export function redact(text: string, secret: string): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join("[REDACTED]");
}
