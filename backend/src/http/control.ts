// The control plane under /_emulator (admin token only): reset, partners and tokens, timing,
// faults, rate limit, journal, free accounts, forced outcomes, stats.
import type { FastifyInstance } from "fastify";
import { ApiError, ErrorCode } from "../models/errors";
import { FaultRuleInput } from "../models/faults";
import { RateLimitInput } from "../models/rateLimiter";
import type { EmulatorState } from "../models/state";
import { Subscribers } from "../models/subscribers";
import { CONTROL_PREFIX } from "./context";
import { FreeAccountInput, JournalQuery, OutcomeInput, PartnerInput, TimingPatch, TokenInput } from "./controlSchemas";
import { parse } from "./validate";

const admin = { config: { admin: true } };

/** Register the control-plane routes. */
export function controlRoutes(app: FastifyInstance, state: EmulatorState): void {
  const p = CONTROL_PREFIX;
  app.post(`${p}/reset`, admin, async () => { state.reset(); return { reset: true }; });

  app.get(`${p}/partners`, admin, async () => ({ items: state.partners.list() }));
  app.post(`${p}/partners`, admin, async (req, reply) => {
    const b = parse(PartnerInput, req.body);
    return reply.code(201).send(state.partners.create(b.name, b.id));
  });
  app.post<{ Params: { partnerId: string } }>(`${p}/partners/:partnerId/tokens`, admin, async (req, reply) => {
    const b = parse(TokenInput, req.body);
    return reply.code(201).send(state.partners.addToken(req.params.partnerId, {
      ...(b.token ? { token: b.token } : {}), ...(b.scopes ? { scopes: b.scopes } : {}), ...(b.readOnly ? { readOnly: true } : {}),
    }));
  });
  app.delete<{ Params: { token: string } }>(`${p}/tokens/:token`, admin, async (req, reply) => {
    if (!state.partners.revoke(req.params.token)) throw new ApiError(404, ErrorCode.notFound, "Token not found.");
    return reply.code(204).send();
  });

  app.get(`${p}/timing`, admin, async () => state.timing);
  app.put(`${p}/timing`, admin, async (req) => {
    const b = parse(TimingPatch, req.body);
    return state.setTiming(Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined)));
  });

  app.get(`${p}/faults`, admin, async () => ({ items: state.faults.list(), fired: state.faults.fired }));
  app.post(`${p}/faults`, admin, async (req, reply) => reply.code(201).send(state.faults.add(parse(FaultRuleInput, req.body))));
  app.delete(`${p}/faults`, admin, async (_req, reply) => { state.faults.remove(); return reply.code(204).send(); });
  app.delete<{ Params: { id: string } }>(`${p}/faults/:id`, admin, async (req, reply) => {
    if (!state.faults.remove(req.params.id)) throw new ApiError(404, ErrorCode.notFound, "Fault rule not found.");
    return reply.code(204).send();
  });

  app.get(`${p}/rate-limit`, admin, async () => state.rateLimiter.settings ?? { rps: null });
  app.put(`${p}/rate-limit`, admin, async (req) => {
    const b = parse(RateLimitInput, req.body);
    state.rateLimiter.configure(b.rps === null ? null : { rps: b.rps, ...(b.burst ? { burst: b.burst } : {}) });
    return state.rateLimiter.settings ?? { rps: null };
  });

  app.get(`${p}/journal`, admin, async (req) => state.journal.read(parse(JournalQuery, req.query, "query").since));
  app.delete(`${p}/journal`, admin, async (_req, reply) => { state.journal.clear(); return reply.code(204).send(); });

  app.post(`${p}/free-accounts`, admin, async (req, reply) => {
    const b = parse(FreeAccountInput, req.body);
    state.repos.scenarios.addFreeAccount(b.email);
    return reply.code(201).send({ email: b.email });
  });
  app.post<{ Params: { email: string } }>(`${p}/free-accounts/:email/consent`, admin, async (req) => {
    const s = state.subscribers.consent(req.params.email);
    return { email: req.params.email, ...(s ? { subscriber: Subscribers.render(s) } : {}) };
  });

  app.post(`${p}/outcomes`, admin, async (req, reply) => {
    const b = parse(OutcomeInput, req.body);
    state.repos.scenarios.setOutcome(b.externalId, { outcome: b.outcome, errors: b.errors ?? [], ...(b.package ? { package: b.package } : {}) });
    return reply.code(201).send(b);
  });

  app.get(`${p}/stats`, admin, async () => state.stats());
}
