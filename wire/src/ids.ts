// Webex identifiers are URL-safe base64 (no padding) of `ciscospark://<region>/<TYPE>/<uuid>`.

/** The kinds of object a Webex id names. */
export type WebexIdType = "ENTERPRISE" | "ORGANIZATION" | "SUBSCRIBER" | "PEOPLE" | "LOCATION" | "PROVISIONING_TEMPLATE";

/** Encode a Webex id for an object of `type` with the given uuid. */
export function encodeWebexId(type: WebexIdType, uuid: string, region = "us"): string {
  return Buffer.from(`ciscospark://${region}/${type}/${uuid}`).toString("base64url");
}

/** Decode a Webex id; undefined when it is not one. */
export function decodeWebexId(id: string): { region: string; type: string; uuid: string } | undefined {
  if (!/^[A-Za-z0-9_-]+=*$/.test(id)) return undefined;
  const m = /^ciscospark:\/\/([a-z0-9-]+)\/([A-Z_]+)\/([A-Za-z0-9-]+)$/.exec(Buffer.from(id, "base64url").toString("utf8"));
  return m ? { region: m[1]!, type: m[2]!, uuid: m[3]! } : undefined;
}
