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
import type { HookContext, KindName, ResourceKind, State } from "./kind";
import { kinds } from "../resources";
import { UnconfirmedCreateError } from "./create-once";
import { PartialCreateError } from "./errors";

/**
 * Id recorded for a create whose outcome stayed unknown (UnconfirmedCreateError): the resource is
 * kept in state, so the next `up` replaces it — and that create looks the key up before any POST.
 * Without it a failed create leaves no trace, and the next POST could duplicate the object on a
 * service that does not enforce the key's uniqueness.
 */
export const UNCONFIRMED_ID_PREFIX = "unconfirmed-create:";

/** Keys (kind + unique key) whose create must look up first in this process (see UNCONFIRMED_ID_PREFIX). */
const lookupFirst = new Set<string>();

function isUnconfirmed(id: string): boolean {
  return id.startsWith(UNCONFIRMED_ID_PREFIX);
}

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

function context(name: KindName, unconfirmedCreate = false): HookContext {
  const settings = resolveSettings((key) => stackConfig[key]);
  const log = (msg: string) => process.stderr.write(`[webex-wholesale] ${msg}\n`);
  return { client: getClient(settings, log), log, unconfirmedCreate };
}

/** The process-wide key of a resource's unique key. */
function keyOf(name: KindName, args: Record<string, unknown>): string {
  return `${name}\u0000${kindOf(name).uniqueKey(args)}`;
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
    const { args, echoes } = splitEchoes(name, news);
    const r = checkInputs(kind.args, args, (a) => kind.rules(a as Record<string, unknown>));
    if (r.failures.length === 0 && kind.normalize && !containsUnknown(r.inputs)) {
      const { __provider, ...rest } = r.inputs;
      const normalized = plain(kind.normalize(rest));
      r.inputs = __provider === undefined ? normalized : { ...normalized, __provider };
    }
    r.inputs = { ...r.inputs, ...plain(echoes) };
    return r;
  },

  async diff(name: KindName, id: string, olds: State, news: Record<string, unknown>) {
    const kind = kindOf(name);
    if (isUnconfirmed(id)) {
      // Create it again (delete first: the placeholder has no live object), looking the key up first.
      if (!containsUnknown(own(news))) lookupFirst.add(keyOf(name, own(news)));
      return { changes: true, changed: ["unconfirmedCreate"], replaces: ["unconfirmedCreate"], deleteBeforeReplace: true };
    }
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

  async create(name: KindName, inputs: Record<string, unknown>) {
    const args = own(inputs);
    const key = keyOf(name, args);
    try {
      const r = await counted(() => kindOf(name).create(context(name, lookupFirst.has(key)), args));
      lookupFirst.delete(key);
      return { id: r.id, outs: plain(r.state) };
    } catch (e) {
      if (!(e instanceof UnconfirmedCreateError)) throw e;
      throw new PartialCreateError(e.message, `${UNCONFIRMED_ID_PREFIX}${kindOf(name).uniqueKey(args)}`, plain(args));
    }
  },

  async read(name: KindName, id: string, props: State) {
    // Nothing live to read: the next `up` settles it (see UNCONFIRMED_ID_PREFIX).
    if (isUnconfirmed(id)) return { id, props: plain(props), inputs: plain(own(props)) };
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
    if (isUnconfirmed(id)) return;
    await counted(() => kindOf(name).delete(context(name), id, own(props)));
  },
};
