// The process-wide engine behind every dynamic provider object: it holds the configuration given
// to `configure`, builds the API client at call time, and runs the shared check/diff and the
// kind's CRUD hooks. Provider objects reach it through `require` (see dynamic.ts), so nothing of
// it — settings, client, token — is ever serialized into state.
import { getClient, saveStats } from "../client";
import { resolveSettings } from "../config";
import { checkInputs, plain, type CheckFailure } from "./check";
import { diffArgs } from "./diff";
import { splitEchoes } from "./echoes";
import { containsUnknown } from "./unknowns";
import { SOURCE_IDS, restoreStableReferences } from "./references";
import { AdoptionRefusedError, adopt, adoptionNote, planAdoption } from "./adopt";
import { engineFailures } from "./reported";
import type { HookContext, KindName, ResourceKind, State } from "./kind";
import { kinds } from "../resources";

let stackConfig: Record<string, string> = {};

/** Pulumi's config accessor as the dynamic plugin hands it to `configure`. */
export interface ConfigAccessor {
  get(key: string): string | undefined;
}

function kindOf(name: KindName): ResourceKind<Record<string, unknown>> {
  const k = kinds[name];
  if (!k) throw new Error(`unknown resource kind ${name}`);
  return k as unknown as ResourceKind<Record<string, unknown>>;
}

function context(name: KindName): HookContext {
  const settings = resolveSettings((key) => stackConfig[key]);
  const log = (msg: string) => process.stderr.write(`[webex-wholesale] ${msg}\n`);
  return { client: getClient(settings, log), log };
}

/** Run one API-calling hook, then leave the client counters for whoever drives the CLI (see saveStats). */
async function counted<T>(hook: () => Promise<T>): Promise<T> {
  try {
    return await hook();
  } finally {
    saveStats();
  }
}

/** Strip the plugin's own key from state/inputs before a kind sees them. */
function own<T extends Record<string, unknown>>(v: T | undefined): T {
  const { __provider, ...rest } = (v ?? {}) as Record<string, unknown>;
  return rest as T;
}

/** Live arguments as check would record them from a program (defaults, one spelling). */
function normalizer(name: KindName): (inputs: Record<string, unknown>) => Promise<Record<string, unknown>> {
  return async (inputs) => {
    const checked = await engine.check(name, {}, plain(inputs));
    return checked.failures.length === 0 ? own(checked.inputs) : plain(inputs);
  };
}

/** The hooks, keyed by kind, that the serialized provider objects call. */
export const engine = {
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
    const kind = kindOf(name);
    const { [SOURCE_IDS]: ids, ...given } = news;
    const { args, echoes } = splitEchoes(name, restoreStableReferences(olds ?? {}, given, ids));
    const r = checkInputs(kind.args, args, (a) => kind.rules(a as Record<string, unknown>));
    if (r.failures.length === 0 && kind.normalize && !containsUnknown(r.inputs)) {
      const { __provider, ...rest } = r.inputs;
      const normalized = plain(kind.normalize(rest));
      r.inputs = __provider === undefined ? normalized : { ...normalized, __provider };
    }
    // The source ids are recorded, so that the next preview can compare them.
    r.inputs = { ...r.inputs, ...plain(echoes), ...(ids === undefined ? {} : { [SOURCE_IDS]: ids }) };
    return r;
  },

  async diff(name: KindName, _id: string, olds: State, news: Record<string, unknown>) {
    const kind = kindOf(name);
    const d = diffArgs(kind.args, own(olds), own(news), kind.setLike);
    const replacing = d.replaces.length > 0;
    if (replacing) {
      const warning = kind.replacementWarning?.(own(olds), own(news), d.replaces);
      if (warning) process.stderr.write(`[webex-wholesale] WARNING: ${warning}\n`);
    }
    return {
      changes: d.changes,
      // Every changed argument: the native provider reports it as a detailed diff (the dynamic plugin ignores it).
      changed: d.changed,
      replaces: d.replaces,
      deleteBeforeReplace: replacing && kind.deleteBeforeReplace(own(olds), own(news)),
    };
  },

  /**
   * check as the plugins report it: failures worded for the engine's message (reported.ts), and
   * for a resource to be adopted (not in the state yet) the plan note of what the up will do —
   * the one case where a preview reads from the service.
   */
  async checkForPlugin(name: KindName, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ inputs: Record<string, unknown>; failures: CheckFailure[] }> {
    const r = await engine.check(name, olds, news);
    const inputs = own(r.inputs);
    if (r.failures.length === 0 && inputs.adopt === true && Object.keys(own(olds)).length === 0 && !containsUnknown(inputs)) {
      const kind = kindOf(name);
      try {
        const plan = await counted(() => planAdoption(kind, context(name), inputs, normalizer(name)));
        process.stderr.write(`[webex-wholesale] ${adoptionNote(name, kind.uniqueKey(inputs), plan)}\n`);
      } catch (e) {
        if (!(e instanceof AdoptionRefusedError)) throw e;
        r.failures.push({ property: e.field, reason: e.message });
      }
    }
    return { inputs: r.inputs, failures: engineFailures(r.failures, news) };
  },

  async create(name: KindName, inputs: Record<string, unknown>) {
    const kind = kindOf(name);
    const args = own(inputs);
    const r = await counted(async () => {
      const ctx = context(name);
      const plan = args.adopt === true ? await planAdoption(kind, ctx, args, normalizer(name)) : undefined;
      return plan ? adopt(kind, ctx, args, plan, normalizer(name)) : kind.create(ctx, args);
    });
    return { id: r.id, outs: plain(r.state) };
  },

  async read(name: KindName, id: string, props: State) {
    const r = await counted(() => kindOf(name).read(context(name), id, own(props)));
    // No id: the object is gone, and Pulumi drops it from state.
    if (!r) return {};
    // Record the live arguments as `check` would from a program (defaults, one spelling), so an
    // imported or refreshed object diffs clean against the program that declares it.
    const checked = await engine.check(name, {}, plain(r.inputs));
    const inputs = checked.failures.length === 0 ? checked.inputs : plain(r.inputs);
    return { id, props: plain({ ...r.state, ...inputs }), inputs };
  },

  /**
   * What an update will record, predicted without an API call (for previews): the new inputs plus
   * the recorded outputs, which the service assigns at create (ids, provisioningId) and keeps.
   */
  previewUpdate(name: KindName, olds: State, news: Record<string, unknown>): State {
    const outputs = Object.keys(kindOf(name).outputs.shape).filter((k) => olds[k] !== undefined);
    return plain({ ...own(news), ...Object.fromEntries(outputs.map((k) => [k, olds[k]])) });
  },

  async update(name: KindName, id: string, olds: State, news: Record<string, unknown>) {
    return { outs: plain(await counted(() => kindOf(name).update(context(name), id, own(olds), own(news)))) };
  },

  async delete(name: KindName, id: string, props: State): Promise<void> {
    await counted(() => kindOf(name).delete(context(name), id, own(props)));
  },
};
