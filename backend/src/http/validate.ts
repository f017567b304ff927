// zod at the edge: a failed parse becomes a 400 naming each offending field path.
import type { z } from "zod";
import { ApiError, ErrorCode } from "../models/errors";

/** Parse `value` with `schema`, or throw a 400 whose descriptions read "path.to.field: why". */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where: "body" | "query" = "body"): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const code = where === "body" ? ErrorCode.invalidField : ErrorCode.invalidQuery;
  const entries = r.error.issues.slice(0, 10).map((i) => ({
    description: `${i.path.length ? fieldPath(i.path) : where}: ${lowerFirst(i.message)}`,
    errorCode: code,
  }));
  const [first, ...more] = entries;
  throw new ApiError(400, code, first!.description, { more });
}

/** A plain key (`address`, `0`) is written as is; any other key is quoted, so an empty or odd key still reads as one field. */
const PLAIN_KEY = /^(?:[A-Za-z_$][\w$-]*|\d+)$/;

/** The path of a field as refusals name it: `address.country`, `packages.0`, `[""].__proto__`, `limits["a b"]`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((k, i) => {
    const key = String(k);
    if (PLAIN_KEY.test(key)) return i === 0 ? key : `.${key}`;
    return `[${JSON.stringify(key)}]`;
  }).join("");
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
