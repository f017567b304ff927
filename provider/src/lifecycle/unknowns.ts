// During `pulumi preview` an input that depends on another resource's output arrives as this
// sentinel string; checks and diffs must treat it as "not known yet", never as a bad value.
/** The engine's placeholder for a value not known until apply. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when the value, or anything inside it, is not known yet. */
export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

/** True when the value at `path` inside `root`, or one of its parents, is not known yet. */
export function unknownAt(root: unknown, path: readonly PropertyKey[]): boolean {
  let cur: unknown = root;
  if (cur === UNKNOWN) return true;
  for (const k of path) {
    if (cur === null || typeof cur !== "object") return false;
    cur = (cur as Record<PropertyKey, unknown>)[k];
    if (cur === UNKNOWN) return true;
  }
  return false;
}
