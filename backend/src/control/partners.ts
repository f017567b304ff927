// Partners and their bearer tokens with scopes: who is calling, and may they do this.
import { randomBytes, randomUUID } from "node:crypto";
import { SCOPES } from "webex-wholesale-wire";
import type { PartnerRepo } from "../storage/repos";
import { ApiError, ErrorCode } from "../models/errors";

/** Every scope a partner token can carry. */
export const ALL_SCOPES: readonly string[] = Object.values(SCOPES);
/** The read-only scopes. */
export const READ_SCOPES: readonly string[] = [SCOPES.customersRead, SCOPES.subscribersRead];
/** Id of the development partner that exists out of the box. */
export const DEV_PARTNER_ID = "dev-partner";

/** The caller behind a partner token. */
export interface Principal {
  partnerId: string;
  scopes: readonly string[];
}

/** A new random bearer token. */
export const newToken = (): string => `emu_${randomBytes(24).toString("base64url")}`;

/** Partners, tokens and authentication. */
export class Partners {
  /**
   * Principals of known tokens: every API request authenticates, and tokens change only through
   * this class (which empties the cache on each change), so the database is asked once per token.
   */
  private readonly principals = new Map<string, Principal>();

  constructor(private readonly repo: PartnerRepo) {}

  /** Make sure the development partner exists; returns its token (`token` if given, else an existing or new one). */
  ensureDevPartner(token?: string): string {
    this.repo.insert(DEV_PARTNER_ID, "Development partner");
    if (token) {
      this.principals.clear();
      this.repo.insertToken(token, DEV_PARTNER_ID, ALL_SCOPES);
      return token;
    }
    const existing = this.repo.tokensOf(DEV_PARTNER_ID).find((t) => ALL_SCOPES.every((s) => t.scopes.includes(s)));
    if (existing) return existing.token;
    const fresh = newToken();
    this.principals.clear();
    this.repo.insertToken(fresh, DEV_PARTNER_ID, ALL_SCOPES);
    return fresh;
  }

  /** All partners with their tokens. */
  list(): { id: string; name: string; tokens: { token: string; scopes: string[] }[] }[] {
    return this.repo.list().map((p) => ({ id: p.id, name: p.name, tokens: this.repo.tokensOf(p.id) }));
  }

  /** Create a partner (409 when the id is taken). */
  create(name: string, id?: string): { id: string; name: string } {
    const pid = id ?? `partner-${randomUUID().slice(0, 8)}`;
    if (this.repo.get(pid)) throw new ApiError(409, ErrorCode.alreadyExists, `Partner ${pid} already exists.`);
    this.repo.insert(pid, name);
    return { id: pid, name };
  }

  /** Give a partner a token (404 when the partner does not exist). */
  addToken(partnerId: string, opts: { token?: string; scopes?: string[]; readOnly?: boolean }): { token: string; scopes: string[] } {
    if (!this.repo.get(partnerId)) throw new ApiError(404, ErrorCode.notFound, `Partner ${partnerId} was not found.`);
    const token = opts.token ?? newToken();
    const owner = this.repo.token(token);
    if (owner && owner.partnerId !== partnerId) throw new ApiError(409, ErrorCode.alreadyExists, "That token belongs to another partner.");
    const scopes = [...(opts.scopes ?? (opts.readOnly ? READ_SCOPES : ALL_SCOPES))];
    this.principals.clear();
    this.repo.insertToken(token, partnerId, scopes);
    return { token, scopes };
  }

  /** Revoke a token; false when unknown. */
  revoke(token: string): boolean {
    this.principals.clear();
    return this.repo.deleteToken(token);
  }

  /** The principal of a bearer token, or a 401. */
  authenticate(authorization: string | undefined): Principal {
    const token = bearer(authorization);
    let found = token ? this.principals.get(token) : undefined;
    if (!found && token) {
      found = this.repo.token(token);
      if (found) this.principals.set(token, found);
    }
    if (!found) {
      throw new ApiError(401, ErrorCode.unauthorized, "The request requires a valid access token set in the Authorization request header.");
    }
    return found;
  }

  /** True when the partner exists. */
  exists(partnerId: string): boolean {
    return this.repo.get(partnerId) !== undefined;
  }

  /** True when the Authorization header carries a partner token (known, whatever its scopes). */
  isPartnerToken(authorization: string | undefined): boolean {
    const token = bearer(authorization);
    return token !== undefined && (this.principals.has(token) || this.repo.token(token) !== undefined);
  }

  /** 403 unless the principal holds `scope`. */
  static require(p: Principal, scope: string): void {
    if (!p.scopes.includes(scope)) throw new ApiError(403, ErrorCode.forbidden, `The access token lacks the scope ${scope}.`);
  }
}

/** The token of an `Authorization: Bearer …` header. */
export function bearer(authorization: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return m?.[1];
}
