// Bodies of the control plane (emulator-only, so they live here rather than in the shared wire).
import { z } from "zod";
import { ApiErrorEntry, CustomerPackage, Email } from "webex-wholesale-wire";
import { ALL_SCOPES } from "./partners";
import { Timing } from "./timing";

/** POST /_emulator/partners. */
export const PartnerInput = z.object({
  name: z.string().min(1).max(120),
  id: z.string().regex(/^[A-Za-z0-9._-]{1,80}$/, "must be 1-80 letters, digits, '.', '_' or '-'").optional(),
});

/** POST /_emulator/partners/:partnerId/tokens. */
export const TokenInput = z.object({
  token: z.string().regex(/^[\x21-\x7e]{8,256}$/, "must be 8-256 printable characters without spaces").optional(),
  scopes: z.array(z.enum(ALL_SCOPES as [string, ...string[]])).max(4).optional(),
  readOnly: z.boolean().optional(),
}).default({});

/** PUT /_emulator/timing: a partial timing config, merged. */
export const TimingPatch = z.object({
  customers: Timing.optional(),
  customerUpdates: Timing.optional(),
  customerDeletes: Timing.optional(),
});

/** POST /_emulator/free-accounts. */
export const FreeAccountInput = z.object({ email: Email });

/** POST /_emulator/outcomes. */
export const OutcomeInput = z.object({
  externalId: z.string().min(1).max(128),
  outcome: z.enum(["error", "provisioned_with_errors"]),
  errors: z.array(ApiErrorEntry).max(20).optional(),
  package: CustomerPackage.optional(),
});

/** GET /_emulator/census?partnerId=. */
export const CensusQuery = z.object({ partnerId: z.string().max(80).optional() });

/** GET /_emulator/journal?since=: a sequence number or an ISO-8601 time, given once. */
export const JournalQuery = z.object({
  since: z.string().max(40)
    .refine((s) => /^\d{1,15}$/.test(s) || !Number.isNaN(Date.parse(s)), "must be a journal sequence number or an ISO-8601 time")
    .optional(),
});
