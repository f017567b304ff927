// Helpers shared by the console tests: read the overview the page polls, and set up a second partner.
import { expect } from "chai";
import type { RunningEmulator } from "../../backend/src";
import { admin, client, subscriberBody, type Client, type Res } from "../backend/helpers";

/** Path of the JSON the console page polls. */
export const OVERVIEW = "/console/api/overview";

/** GET the console overview with this token (and journal cursor). */
export function overview(emu: RunningEmulator, token: string, since?: number | string): Promise<Res> {
  return client(emu, token).get(since === undefined ? OVERVIEW : `${OVERVIEW}?since=${since}`);
}

/** A second partner with a full-scope token; returns its id, token and API client. */
export async function otherPartner(emu: RunningEmulator, id = "acme-wholesale"): Promise<{ id: string; token: string; api: Client }> {
  const a = admin(emu);
  expect((await a.post("/_emulator/partners", { id, name: "Acme Wholesale" })).status).to.equal(201);
  const t = await a.post(`/_emulator/partners/${id}/tokens`, {});
  expect(t.status).to.equal(201);
  return { id, token: t.body.token, api: client(emu, t.body.token) };
}

/** Provision a calling user with this extension into a provisioned customer; returns the subscriber. */
export async function makeUser(api: Client, customerId: string, email: string, extension: string): Promise<any> {
  const r = await api.post("/v1/wholesale/subscribers", subscriberBody(customerId, email, {}, { extension }));
  expect(r.status, JSON.stringify(r.body)).to.equal(200);
  return r.body;
}

/** Every token the emulator knows (partners' and admin), to check none leaks. */
export async function allTokens(emu: RunningEmulator): Promise<string[]> {
  const partners = (await admin(emu).get("/_emulator/partners")).body.items as { tokens: { token: string }[] }[];
  return [emu.adminToken, ...partners.flatMap((p) => p.tokens.map((t) => t.token))];
}

/** Assert that none of `tokens` occurs in `text` (`where` names the text in the failure). */
export function expectNoToken(text: string, tokens: string[], where: string): void {
  for (const t of tokens) expect(text.includes(t), `${where} contains a token`).to.equal(false);
}
