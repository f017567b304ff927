// Onboarding templates [ours]: Partner Hub's form as an API, with a stable server-made provisioningId.
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { encodeWebexId, isSupportedCountry, type OnboardingTemplateRequest as TemplateSchema } from "webex-wholesale-wire";
import type { Repos } from "../storage/repos";
import type { TemplateRecord } from "../storage/records";
import type { Reality } from "../control/reality";
import { nowIso } from "./clock";
import { badRequest, conflict, ErrorCode, notFound } from "./errors";

/** A validated template body (defaults applied). */
export type TemplateInput = z.output<typeof TemplateSchema>;

/** Templates of each partner. */
export class Templates {
  constructor(private readonly repos: Repos, private readonly reality: Reality) {}

  /** The API shape of a template. */
  static render(t: TemplateRecord): Omit<TemplateRecord, "partnerId"> {
    const { partnerId: _p, ...rest } = t;
    return rest;
  }

  /** A partner's templates. */
  list(partnerId: string): TemplateRecord[] {
    return this.repos.templates.list(partnerId).filter((t) => !this.reality.hidden(partnerId, t.created));
  }

  /** One template of this partner, or 404. */
  get(partnerId: string, id: string): TemplateRecord {
    const t = this.repos.templates.get(id);
    if (!t || t.partnerId !== partnerId) throw notFound("Onboarding template", id);
    return t;
  }

  /** The template of this partner with that provisioning id, if any. */
  byProvisioningId(partnerId: string, provisioningId: string): TemplateRecord | undefined {
    const t = this.repos.templates.byProvisioningId(provisioningId);
    return t && t.partnerId === partnerId ? t : undefined;
  }

  /** Create a template: 409 when the name is taken, 400 for an unsupported country. */
  create(partnerId: string, body: TemplateInput): TemplateRecord {
    return this.repos.tx(() => {
      this.check(partnerId, body);
      const uuid = randomUUID();
      const now = nowIso();
      const t: TemplateRecord = {
        id: encodeWebexId("PROVISIONING_TEMPLATE", uuid),
        partnerId,
        provisioningId: Buffer.from(uuid).toString("base64url"),
        ...fields(body),
        created: now,
        lastModified: now,
      };
      this.repos.templates.save(t);
      return t;
    });
  }

  /** Replace a template's fields; id and provisioningId stay. */
  update(partnerId: string, id: string, body: TemplateInput): TemplateRecord {
    return this.repos.tx(() => {
      const old = this.get(partnerId, id);
      this.check(partnerId, body, id);
      const t: TemplateRecord = { id: old.id, partnerId, provisioningId: old.provisioningId, ...fields(body), created: old.created, lastModified: nowIso() };
      this.repos.templates.save(t);
      return t;
    });
  }

  /** Delete a template; 409 while customers were provisioned with it. */
  remove(partnerId: string, id: string): void {
    this.repos.tx(() => {
      const t = this.get(partnerId, id);
      const n = this.repos.customers.countByProvisioningId(t.provisioningId);
      if (n > 0) throw conflict(ErrorCode.templateInUse, `The onboarding template is used by ${n} customer(s) and cannot be deleted.`);
      this.repos.templates.delete(id);
    });
  }

  private check(partnerId: string, body: TemplateInput, selfId?: string): void {
    if (!isSupportedCountry(body.country)) {
      throw badRequest(ErrorCode.unsupportedCountry, `country: ${body.country} is not a Webex-supported country.`);
    }
    const same = this.repos.templates.byName(partnerId, body.name);
    if (same && same.id !== selfId) throw conflict(ErrorCode.templateNameInUse, `An onboarding template named "${body.name}" already exists.`);
  }
}

function fields(b: TemplateInput): Omit<TemplateRecord, "id" | "partnerId" | "provisioningId" | "created" | "lastModified"> {
  return {
    name: b.name,
    type: b.type,
    serviceProviderAdminEmail: b.serviceProviderAdminEmail,
    country: b.country,
    defaultEmailLanguage: b.defaultEmailLanguage,
    subscriptionId: b.subscriptionId,
    ...(b.pstnProvider !== undefined ? { pstnProvider: b.pstnProvider } : {}),
    authentication: { method: b.authentication.method, ...(b.authentication.idpEntityId ? { idpEntityId: b.authentication.idpEntityId } : {}) },
    email: { ...(b.email.brandName !== undefined ? { brandName: b.email.brandName } : {}), allowAdminInviteEmailsOnAttach: b.email.allowAdminInviteEmailsOnAttach },
    calling: { allowWebexToWebexCalling: b.calling.allowWebexToWebexCalling },
  };
}
