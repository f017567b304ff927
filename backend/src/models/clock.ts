// Time and identifiers in one place, so models never call Date or randomUUID directly.
import { randomUUID } from "node:crypto";
import { encodeWebexId, type WebexIdType } from "webex-wholesale-wire";

/** Milliseconds since the epoch. */
export const nowMs = (): number => Date.now();
/** ISO-8601 timestamp of now. */
export const nowIso = (): string => new Date().toISOString();
/** A fresh Webex id of the given type. */
export const newWebexId = (type: WebexIdType): string => encodeWebexId(type, randomUUID());
/** A provisioning id like Partner Hub's: URL-safe base64 of a uuid, no padding. */
export const newProvisioningId = (): string => Buffer.from(randomUUID()).toString("base64url");
/** A tracking id in the Webex style. */
export const newTrackingId = (): string => `ROUTER_${randomUUID().toUpperCase()}`;
