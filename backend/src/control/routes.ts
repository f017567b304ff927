// The control plane under /_emulator (admin token only): reset, partners and tokens, timing,
// faults, rate limit, journal, free accounts, forced outcomes, stats.
import type { FastifyInstance } from "fastify";
import { CONTROL_PREFIX } from "../http/context";
import { route } from "../http/route";
import { ApiError, ErrorCode } from "../models/errors";
import { Subscribers } from "../models/subscribers";
import type { EmulatorState } from "../state";
import { FaultRuleInput } from "./faults";
import { RateLimitInput } from "./rateLimiter";
import { CensusQuery, FreeAccountInput, JournalQuery, OutcomeInput, PartnerInput, TimingPatch, TokenInput } from "./schemas";
import { RealityModes, RealityPatch } from "./reality";
import { TimingConfig } from "./timing";

const access = { admin: true } as const;
const tag = "control";

/** Register the control-plane routes. */
export function controlRoutes(app: FastifyInstance, state: EmulatorState): void {
  const p = CONTROL_PREFIX;
  const control = state.control;
  route(app, { method: "POST", url: `${p}/reset`, access, status: 200, tag, summary: "Wipe objects, journal and faults (partners stay)" },
    () => { control.reset(); return { reset: true }; });

  route(app, { method: "GET", url: `${p}/partners`, access, status: 200, tag, summary: "List partners and tokens" },
    () => ({ items: control.partners.list() }));
  route(app, { method: "POST", url: `${p}/partners`, access, status: 201, tag, summary: "Create a partner", body: PartnerInput },
    ({ body }) => control.partners.create(body.name, body.id));
  route(app, { method: "POST", url: `${p}/partners/:partnerId/tokens`, access, status: 201, tag, summary: "Give a partner a token", body: TokenInput },
    ({ params, body: b }) => control.partners.addToken(params.partnerId!, {
      ...(b.token ? { token: b.token } : {}), ...(b.scopes ? { scopes: b.scopes } : {}), ...(b.readOnly ? { readOnly: true } : {}),
    }));
  route(app, { method: "DELETE", url: `${p}/tokens/:token`, access, status: 204, tag, summary: "Revoke a token" },
    ({ params }) => { if (!control.partners.revoke(params.token!)) throw new ApiError(404, ErrorCode.notFound, "Token not found."); });

  route(app, { method: "GET", url: `${p}/timing`, access, status: 200, tag, summary: "Transition timing", response: TimingConfig },
    () => control.timing);
  route(app, { method: "PUT", url: `${p}/timing`, access, status: 200, tag, summary: "Change transition timing (merged)", body: TimingPatch, response: TimingConfig },
    ({ body }) => control.setTiming(Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined))));

  route(app, { method: "GET", url: `${p}/faults`, access, status: 200, tag, summary: "Fault rules with fired counts" },
    () => ({ items: control.faults.list(), fired: control.faults.fired }));
  route(app, { method: "POST", url: `${p}/faults`, access, status: 201, tag, summary: "Add a fault rule", body: FaultRuleInput },
    ({ body }) => control.faults.add(body));
  route(app, { method: "DELETE", url: `${p}/faults`, access, status: 204, tag, summary: "Remove all fault rules" },
    () => { control.faults.remove(); });
  route(app, { method: "DELETE", url: `${p}/faults/:id`, access, status: 204, tag, summary: "Remove a fault rule" },
    ({ params }) => { if (!control.faults.remove(params.id!)) throw new ApiError(404, ErrorCode.notFound, "Fault rule not found."); });

  route(app, { method: "GET", url: `${p}/rate-limit`, access, status: 200, tag, summary: "Rate limit settings" },
    () => control.rateLimiter.settings ?? { rps: null });
  route(app, { method: "PUT", url: `${p}/rate-limit`, access, status: 200, tag, summary: "Set the rate limit ({rps: null} = off)", body: RateLimitInput },
    ({ body: b }) => {
      control.rateLimiter.configure(b.rps === null ? null : { rps: b.rps, ...(b.burst ? { burst: b.burst } : {}) });
      return control.rateLimiter.settings ?? { rps: null };
    });

  route(app, { method: "GET", url: `${p}/journal`, access, status: 200, tag, summary: "Request journal and counts (?since=seq|ISO)", query: JournalQuery },
    ({ query }) => control.journal.read(query.since));
  route(app, { method: "DELETE", url: `${p}/journal`, access, status: 204, tag, summary: "Clear the journal" },
    () => { control.journal.clear(); });

  route(app, { method: "POST", url: `${p}/free-accounts`, access, status: 201, tag, summary: "Register a pre-existing free Webex account", body: FreeAccountInput },
    ({ body }) => { control.addFreeAccount(body.email); return { email: body.email }; });
  route(app, { method: "POST", url: `${p}/free-accounts/:email/consent`, access, status: 200, tag, summary: "The free account consents: its subscriber becomes provisioned" },
    ({ params }) => {
      const s = state.subscribers.consent(params.email!);
      return { email: params.email, ...(s ? { subscriber: Subscribers.render(s) } : {}) };
    });

  route(app, { method: "POST", url: `${p}/outcomes`, access, status: 201, tag, summary: "Force the outcome of the next provisioning of an externalId", body: OutcomeInput },
    ({ body: b }) => {
      control.setOutcome(b.externalId, { outcome: b.outcome, errors: b.errors ?? [], ...(b.package ? { package: b.package } : {}) });
      return b;
    });

  route(app, { method: "GET", url: `${p}/reality`, access, status: 200, tag, summary: "Strict-reality modes: the default and each partner's own" },
    () => control.reality.list());
  route(app, { method: "PUT", url: `${p}/reality`, access, status: 200, tag, summary: "Set the default strict-reality modes ({preset: strict|realistic} and/or fields, merged)", body: RealityPatch, response: RealityModes },
    ({ body }) => control.reality.set(body));
  route(app, { method: "PUT", url: `${p}/partners/:partnerId/reality`, access, status: 200, tag, summary: "Set one partner's strict-reality modes (preset and/or fields, merged)", body: RealityPatch, response: RealityModes },
    ({ params, body }) => {
      if (!control.partners.exists(params.partnerId!)) throw new ApiError(404, ErrorCode.notFound, `Partner ${params.partnerId} was not found.`);
      return control.reality.set(body, params.partnerId!);
    });
  route(app, { method: "GET", url: `${p}/census`, access, status: 200, tag, summary: "Objects per unique key per partner, read from storage (?partnerId=): the duplicate census", query: CensusQuery },
    ({ query }) => control.census(query.partnerId));

  route(app, { method: "GET", url: `${p}/stats`, access, status: 200, tag, summary: "Object counts, faults fired, requests rate-limited" },
    () => control.stats());
}
