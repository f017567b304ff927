// What engine tests ask a running emulator: the partner's Webex API (as the provider sees it) and
// the control plane's request journal (to prove a step made no API call, or no write).

/** The parts of a running emulator these calls need (startEmulator's result has them). */
export interface EmulatorEndpoint {
  /** http://host:port */
  url: string;
  /** url + "/v1" */
  baseUrl: string;
  devToken: string;
  adminToken: string;
}

/** A Webex API call as the development partner: status and parsed body. */
export async function api(emu: EmulatorEndpoint, method: string, p: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${emu.baseUrl}${p}`, {
    method, headers: { Authorization: `Bearer ${emu.devToken}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A control-plane call (`/_emulator/...`) with the admin token: the parsed body. */
export async function control(emu: EmulatorEndpoint, method: string, p: string, body?: unknown): Promise<any> {
  const res = await fetch(`${emu.url}/_emulator${p}`, {
    method, headers: { Authorization: `Bearer ${emu.adminToken}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/** Requests the journal saw since the last clear (`control(emu, "DELETE", "/journal")`). */
export async function calls(emu: EmulatorEndpoint): Promise<{ total: number; writes: number }> {
  const j = await control(emu, "GET", "/journal") as { entries: { method: string }[] };
  return { total: j.entries.length, writes: j.entries.filter((e) => e.method !== "GET").length };
}
