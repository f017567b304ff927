// What the engine shows per property for a native provider (`pulumi preview --diff`): the shared
// diff decides which arguments changed and which force replacement; this names the kind of each
// change (added, removed, updated; replacing or in place).

/** Pulumi's per-property change kinds (pulumirpc.PropertyDiff.Kind). */
export type PropertyDiffKind = "ADD" | "ADD_REPLACE" | "DELETE" | "DELETE_REPLACE" | "UPDATE" | "UPDATE_REPLACE";

/**
 * The detailed diff of `changed` arguments: ADD when the recorded value was absent, DELETE when the
 * new one is, UPDATE otherwise; with the _REPLACE suffix for those in `replaces`.
 */
export function detailedDiff(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  changed: readonly string[],
  replaces: readonly string[] = [],
): Record<string, PropertyDiffKind> {
  const out: Record<string, PropertyDiffKind> = {};
  for (const key of changed) {
    const base = olds[key] === undefined ? "ADD" : news[key] === undefined ? "DELETE" : "UPDATE";
    out[key] = replaces.includes(key) ? `${base}_REPLACE` : base;
  }
  return out;
}
