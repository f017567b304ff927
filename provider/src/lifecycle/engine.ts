// The lifecycle engine, created from the registry: it holds the configuration given to
// `configure`, builds the API client at call time, and runs the shared check/diff and each
// module's CRUD hooks. Both flavours run through it: the dynamic provider objects reach it through
// `require` (dynamic.ts), so nothing of it — settings, client, token — is ever serialized into
// state; the native plugin (native/provider.ts) calls it directly.
import { getClient, saveStats } from "../client";
import { settingsFromConfig } from "../config";
import { checkInputs, plain, propertyPath, type CheckFailure } from "./check";
import { diffArgs } from "./diff";
import { splitEchoes } from "./echoes";
import { UNKNOWN, containsUnknown } from "./unknowns";
import { kindOfType, resolvePendingCreates, type PendingCreate } from "./recovery";
import { SOURCE_IDS, restoreStableReferences } from "./references";
import { AdoptionRefusedError, adopt, adoptionNote, planAdoption } from "./adopt";
import { engineFailures } from "./reported";
import { KEY_CLASH } from "./unique-keys";
import type { HookContext, KindName, ResourceModule, State } from "./kind";
import type { Registry } from "./registry";
import { UnconfirmedCreateError } from "./create-once";
import { PartialCreateError } from "./errors";

/**
 * Id recorded for a create whose outcome stayed unknown (UnconfirmedCreateError): the resource is
 * kept in state, so the next `up` replaces it — and that create looks the key up before any POST.
 * Without it a failed create leaves no trace, and the next POST could duplicate the object on a
 * service that does not enforce the key's uniqueness.
 */
export const UNCONFIRMED_ID_PREFIX = "unconfirmed-create:";

function isUnconfirmed(id: string): boolean {
  return id.startsWith(UNCONFIRMED_ID_PREFIX);
}

/** Pulumi's config accessor as the dynamic plugin hands it to `configure`. */
export interface ConfigAccessor {
  get(key: string): string | undefined;
}

/** Strip the plugin's own key and the source ids (references.ts) from state/inputs before a module sees them. */
function own<T extends Record<string, unknown>>(v: T | undefined): T {
  const { __provider, [SOURCE_IDS]: _ids, ...rest } = (v ?? {}) as Record<string, unknown>;
  return rest as T;
}

/** The source ids of inputs or state, to carry into outputs (refresh hands them back as inputs). */
function sourceIdsOf(v: Record<string, unknown> | undefined): Record<string, unknown> {
  return v?.[SOURCE_IDS] === undefined ? {} : { [SOURCE_IDS]: v[SOURCE_IDS] };
}

/** A plain warning line in the Pulumi log (the plugins pass their stderr through). */
function warn(msg: string): void {
  process.stderr.write(`[webex-wholesale] WARNING: ${msg}\n`);
}

/** Run one API-calling hook, then leave the client counters for whoever drives the CLI (see saveStats). */
async function counted<T>(hook: () => Promise<T>): Promise<T> {
  try {
    return await hook();
  } finally {
    saveStats();
  }
}

/** The engine over `registry`: every hook takes the kind's name and finds its module there. */
export function createEngine(registry: Registry) {
  let stackConfig: Record<string, string> = {};
  // Claimed unique values of this run (scope+value → the claimer's unique key), see Claim.
  const claimed = new Map<string, string>();
  // Keys (kind + unique key) whose create must look up first in this process (see UNCONFIRMED_ID_PREFIX).
  const lookupFirst = new Set<string>();

  /** Live arguments as check would record them from a program (defaults, one spelling). */
  function normalizer(m: ResourceModule): (inputs: Record<string, unknown>) => Promise<Record<string, unknown>> {
    return async (inputs) => {
      const checked = checkKind(m, plain(inputs), false);
      return checked.failures.length === 0 ? own(checked.inputs) : plain(inputs);
    };
  }

  function context(unconfirmedCreate = false): HookContext {
    const settings = settingsFromConfig((key) => stackConfig[key]);
    const log = (msg: string) => process.stderr.write(`[webex-wholesale] ${msg}\n`);
    return { client: getClient(settings, log), log, warn, unconfirmedCreate };
  }

  function keyOf(name: KindName, args: Record<string, unknown>): string {
    return `${name}\u0000${registry.get(name).identity.key(args)}`;
  }

  /** Validate, normalise and (when `claim`) record the claims of one resource's inputs. */
  function checkKind(m: ResourceModule, news: Record<string, unknown>, claim: boolean): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
    const { args, echoes } = splitEchoes(m.echoedOutputs ?? [], news);
    const r = checkInputs(m.args, args, (a) => m.rules?.(a) ?? []);
    if (r.failures.length === 0 && !containsUnknown(r.inputs)) {
      const { __provider, ...rest } = r.inputs;
      if (m.normalize) {
        const normalized = plain(m.normalize(rest));
        r.inputs = __provider === undefined ? normalized : { ...normalized, __provider };
      }
      if (claim) r.failures.push(...claimFailures(m, own(r.inputs)));
    }
    r.inputs = { ...r.inputs, ...plain(echoes) };
    return r;
  }

  function claimFailures(m: ResourceModule, a: Record<string, unknown>): CheckFailure[] {
    const owner = `${m.name} ${m.identity.key(a)}`;
    const out: CheckFailure[] = [];
    for (const c of m.claims?.(a) ?? []) {
      const holder = claimed.get(c.key);
      if (holder !== undefined && holder !== owner) {
        out.push({ property: propertyPath(c.path), reason: `${c.key} is already taken by ${holder} in this program` });
      } else {
        claimed.set(c.key, owner);
      }
    }
    return out;
  }

  const engine = {
    /** The registry the engine runs. */
    registry,

    /** The kind named by a resource type token or URN (dynamic or native), else undefined. */
    kindOfType: (typeOrUrn: string): KindName | undefined => kindOfType(registry, typeOrUrn),

    /** Keep the stack config (only the keys we read) for the hooks of this process. */
    configure(config: ConfigAccessor, keys: readonly string[]): void {
      const next: Record<string, string> = {};
      for (const k of keys) {
        const v = config.get(k);
        if (v !== undefined) next[k] = v;
      }
      stackConfig = next;
    },

    async check(name: KindName, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ inputs: Record<string, unknown>; failures: CheckFailure[] }> {
      const { [SOURCE_IDS]: ids, [KEY_CLASH]: clash, ...given } = news;
      const r = checkKind(registry.get(name), restoreStableReferences(olds ?? {}, given, ids), true);
      if (typeof clash === "string" && clash !== UNKNOWN) r.failures.push({ property: "", reason: clash });
      // The source ids are recorded, so that the next preview can compare them.
      return ids === undefined ? r : { ...r, inputs: { ...r.inputs, [SOURCE_IDS]: ids } };
    },

    /**
     * check as the plugins report it: failures worded for the engine's message (reported.ts), and
     * for a resource to be adopted (not in the state yet) the plan note of what the up will do —
     * the one case where a preview reads from the service.
     */
    async checkForPlugin(name: KindName, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ inputs: Record<string, unknown>; failures: CheckFailure[] }> {
      const r = await engine.check(name, olds, news);
      const inputs = own(r.inputs);
      const m = registry.get(name);
      const key = m.identity.unique;
      // Looking the object up needs its key (and the key's scope) known; other arguments may still be unknown.
      const keyKnown = !containsUnknown(inputs[key.field]) && (key.scope === undefined || !containsUnknown(inputs[key.scope]));
      if (r.failures.length === 0 && inputs.adopt === true && Object.keys(own(olds)).length === 0 && keyKnown) {
        try {
          const plan = await counted(() => planAdoption(m, context(), inputs, normalizer(m)));
          process.stderr.write(`[webex-wholesale] ${adoptionNote(name, m.identity.key(inputs), plan)}\n`);
        } catch (e) {
          if (!(e instanceof AdoptionRefusedError)) throw e;
          r.failures.push({ property: e.field, reason: e.message });
        }
      }
      return { inputs: r.inputs, failures: engineFailures(r.failures, news) };
    },

    async diff(name: KindName, id: string, olds: State, news: Record<string, unknown>) {
      const m = registry.get(name);
      if (isUnconfirmed(id)) {
        // Create it again (delete first: the placeholder has no live object), looking the key up first.
        if (!containsUnknown(own(news))) lookupFirst.add(keyOf(name, own(news)));
        return { changes: true, changed: ["unconfirmedCreate"], replaces: ["unconfirmedCreate"], deleteBeforeReplace: true };
      }
      const d = diffArgs(m.args, own(olds), own(news), m.setLike);
      const replacing = d.replaces.length > 0;
      if (replacing) {
        const refusal = m.replacementRefusal?.(own(olds), own(news), d.replaces);
        if (refusal) throw new Error(`${m.name}: ${refusal}`);
        const warning = m.replacementWarning?.(own(olds), own(news), d.replaces);
        if (warning) warn(warning);
      }
      return {
        changes: d.changes,
        // Every changed argument: the native provider reports it as a detailed diff (the dynamic plugin ignores it).
        changed: d.changed,
        replaces: d.replaces,
        deleteBeforeReplace: replacing && (m.deleteBeforeReplace?.(own(olds), own(news)) ?? false),
      };
    },

    /** Create, or with `adopt` take over the live object holding the key (adopt.ts). */
    async create(name: KindName, inputs: Record<string, unknown>) {
      const m = registry.get(name);
      const args = own(inputs);
      const key = keyOf(name, args);
      try {
        const r = await counted(async () => {
          const ctx = context(lookupFirst.has(key));
          const plan = args.adopt === true ? await planAdoption(m, ctx, args, normalizer(m)) : undefined;
          return plan ? adopt(m, ctx, args, plan, normalizer(m)) : m.create(ctx, args);
        });
        lookupFirst.delete(key);
        return { id: r.id, outs: plain({ ...r.state, ...sourceIdsOf(inputs) }) };
      } catch (e) {
        if (!(e instanceof UnconfirmedCreateError)) throw e;
        // The inputs as given (the dynamic provider's own __provider included: a later delete needs it).
        throw new PartialCreateError(e.message, `${UNCONFIRMED_ID_PREFIX}${m.identity.key(args)}`, plain(inputs));
      }
    },

    /** What a create will record, predicted without an API call (previews): the outputs are not known yet. */
    previewCreate(_name: KindName, inputs: Record<string, unknown>): State {
      return own(inputs);
    },

    async read(name: KindName, id: string, props: State) {
      const m = registry.get(name);
      // Nothing live to read: the next `up` settles it (see UNCONFIRMED_ID_PREFIX).
      if (isUnconfirmed(id)) return { id, props: plain(props), inputs: plain(own(props)) };
      const r = await counted(() => m.read(context(), id, own(props)));
      // No id: the object is gone, and Pulumi drops it from state.
      if (!r) return {};
      // Record the live arguments as `check` would from a program (defaults, one spelling), so an
      // imported or refreshed object diffs clean against the program that declares it.
      const checked = checkKind(m, plain(r.inputs), false);
      const inputs = { ...(checked.failures.length === 0 ? checked.inputs : plain(r.inputs)), ...sourceIdsOf(props) };
      return { id, props: plain({ ...r.state, ...inputs }), inputs };
    },

    /**
     * What an update will record, predicted without an API call (for previews): the new inputs plus
     * the recorded outputs, which the service assigns at create (ids, provisioningId) and keeps.
     */
    previewUpdate(name: KindName, olds: State, news: Record<string, unknown>): State {
      const outputs = Object.keys(registry.get(name).outputs.shape).filter((k) => olds[k] !== undefined);
      return plain({ ...own(news), ...Object.fromEntries(outputs.map((k) => [k, olds[k]])) });
    },

    async update(name: KindName, id: string, olds: State, news: Record<string, unknown>) {
      const state = await counted(() => registry.get(name).update(context(), id, own(olds), own(news)));
      return { outs: plain({ ...state, ...sourceIdsOf(news) }) };
    },

    async delete(name: KindName, id: string, props: State): Promise<void> {
      if (isUnconfirmed(id)) return;
      await counted(() => registry.get(name).delete(context(), id, own(props)));
    },

    /** Settle an interrupted run's pending creates in an exported stack (see recovery.ts). */
    resolvePendingCreates(exported: unknown, ctx: Omit<HookContext, "warn">): Promise<{ stack: unknown; resolved: PendingCreate[] }> {
      return resolvePendingCreates(registry, exported, { warn: ctx.log, ...ctx });
    },
  };
  return engine;
}

/** An engine (see createEngine). */
export type Engine = ReturnType<typeof createEngine>;
