// Check failures as the engine prints them. The engine writes "property P value V has a problem",
// looking V up as a TOP-LEVEL input (and redacting secrets), so a nested path such as
// headquarters.timezone or packages[1], or an unset property, printed as `{<nil>}`. A failure on
// a nested path is therefore reported on its top-level argument (whose value the engine prints,
// redacted when secret) with the path in the reason, and one about an unset value as a resource
// failure that says so.
import type { CheckFailure } from "./check";

/** The top-level argument of a property path: `headquarters` of `headquarters.timezone`, `packages` of `packages[1]`. */
function topLevel(path: string): string {
  const quoted = /^\["((?:[^"\\]|\\.)*)"\]/.exec(path);
  if (quoted) return JSON.parse(`"${quoted[1]}"`) as string;
  return /^[^.[]*/.exec(path)![0];
}

/** The value at a property path written as propertyPath does, or undefined. */
function valueAt(root: Record<string, unknown>, path: string): unknown {
  const steps = [...path.matchAll(/\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g)]
    .map((m) => m[1] ?? (m[2] !== undefined ? Number(m[2]) : JSON.parse(`"${m[3]}"`) as string));
  let cur: unknown = root;
  for (const k of steps) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

/** Failures worded so that the engine's message shows the real value, or says the value is unset. */
export function engineFailures(failures: CheckFailure[], given: Record<string, unknown>): CheckFailure[] {
  return failures.map((f) => {
    if (f.property === "") return f;
    const top = topLevel(f.property);
    if (valueAt(given, f.property) === undefined) return { property: "", reason: `property ${f.property} is not set: ${f.reason}` };
    if (top === f.property) return f;
    return { property: top, reason: `${f.property}: ${f.reason}` };
  });
}
