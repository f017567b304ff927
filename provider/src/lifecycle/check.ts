// The generic `check`: zod validation plus a resource's cross-field rules, reported as Pulumi
// check failures with property paths, before any API call. Returns normalised inputs (defaults
// applied) so that unset vs default never shows as a diff.
import { z } from "zod";
import type { RuleViolation } from "webex-wholesale-wire";
import { containsUnknown, unknownAt } from "./unknowns";

/** A Pulumi check failure. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** A key Pulumi writes after a dot; any other key is written as ["key"]. */
const NAME = /^[A-Za-z_$][\w$]*$/;

/** Render a path the way Pulumi writes property paths: a.b[0].c, and a["odd key"] or [""] for other keys. */
export function propertyPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, k) => {
    if (typeof k === "number") return `${acc}[${k}]`;
    const key = String(k);
    if (!NAME.test(key)) return `${acc}[${JSON.stringify(key)}]`;
    return acc ? `${acc}.${key}` : key;
  }, "");
}

/**
 * Paths of keys given inside nested objects that the schema does not declare (zod drops them
 * silently; the top level is strict already). A misspelt nested argument is an error too.
 */
function undeclaredKeys(given: unknown, parsed: unknown, at: PropertyKey[] = []): PropertyKey[][] {
  if (Array.isArray(given) && Array.isArray(parsed)) return given.flatMap((g, i) => undeclaredKeys(g, parsed[i], [...at, i]));
  if (!isObject(given) || !isObject(parsed)) return [];
  const out: PropertyKey[][] = [];
  for (const [k, v] of Object.entries(given)) {
    if (v === undefined) continue;
    if (!Object.prototype.hasOwnProperty.call(parsed, k)) out.push([...at, k]);
    else out.push(...undeclaredKeys(v, parsed[k], [...at, k]));
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Drop undefined members (protobuf Structs cannot carry them) by a JSON round trip. */
export function plain<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/**
 * Validate `news` against `schema`, then `rules` on the parsed value. Issues about values that
 * are unknown at preview are ignored; with unknowns present the inputs are returned unchanged.
 */
export function checkInputs<S extends z.ZodObject>(
  schema: S,
  news: Record<string, unknown>,
  rules: (args: z.infer<S>) => RuleViolation[],
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const { __provider, ...given } = news;
  const failures: CheckFailure[] = [];
  // Strict: a misspelt argument is an error, not silently dropped (nested ones: undeclaredKeys).
  const parsed = schema.strict().safeParse(given);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (unknownAt(given, issue.path)) continue;
      // An unrecognised key's issue has no path of its own; name the keys.
      const keys = issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
      for (const p of keys) failures.push({ property: propertyPath(p), reason: issue.message });
    }
  }
  if (parsed.success) {
    for (const p of undeclaredKeys(given, parsed.data)) {
      failures.push({ property: propertyPath(p), reason: `Unrecognized key: ${JSON.stringify(String(p[p.length - 1]))}` });
    }
  }
  const value = (parsed.success ? parsed.data : given) as z.infer<S>;
  if (parsed.success || failures.length === 0) {
    for (const v of rules(value)) {
      if (!unknownAt(given, v.path)) failures.push({ property: propertyPath(v.path), reason: v.message });
    }
  }
  const inputs = parsed.success && !containsUnknown(given) ? plain(parsed.data as Record<string, unknown>) : given;
  return { inputs: __provider === undefined ? inputs : { ...inputs, __provider }, failures };
}
