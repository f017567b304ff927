// The generic `diff`, driven by each argument's metadata: a changed argument is updated in place
// unless it is marked replaceOnChange. Compares checked inputs with the inputs recorded in state.
import { z } from "zod";
import { metaOf } from "../schema/meta";
import { containsUnknown } from "./unknowns";

/** What diff decided. */
export interface DiffDecision {
  changes: boolean;
  /** Every changed argument (top level). */
  changed: string[];
  /** The changed arguments that force replacement. */
  replaces: string[];
}

/** Order-insensitive comparison for arguments that are sets (e.g. packages). */
export type SetLikeArgs = ReadonlySet<string>;

/** Structural equality where undefined members equal missing ones. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
    }
    return true;
  }
  return false;
}

/** Sort a list when comparing set-like arguments. */
function canonical(v: unknown, setLike: boolean): unknown {
  return setLike && Array.isArray(v) ? [...v].map((x) => JSON.stringify(x)).sort() : v;
}

/**
 * Decide per argument. `olds` are the inputs recorded in state (the outputs echo them), `news`
 * the checked inputs. Arguments marked createOnly never count as changes.
 */
export function diffArgs(schema: z.ZodObject, olds: Record<string, unknown>, news: Record<string, unknown>, setLike: SetLikeArgs = new Set()): DiffDecision {
  const changed: string[] = [];
  const replaces: string[] = [];
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const meta = metaOf(field);
    if (meta?.createOnly) continue;
    const before = canonical(olds[key], setLike.has(key));
    const after = canonical(news[key], setLike.has(key));
    // A value unknown at preview may or may not change: report it as a change, as Pulumi does.
    if (!containsUnknown(after) && deepEqual(before, after)) continue;
    changed.push(key);
    if (meta?.replaceOnChange) replaces.push(key);
  }
  return { changes: changed.length > 0, changed, replaces };
}
