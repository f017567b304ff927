// zod at the edge: a failed parse becomes a 400 naming each offending field path.
import type { z } from "zod";
import { ApiError, ErrorCode } from "../models/errors";

/** Parse `value` with `schema`, or throw a 400 whose descriptions read "path.to.field: why". */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where: "body" | "query" = "body"): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const code = where === "body" ? ErrorCode.invalidField : ErrorCode.invalidQuery;
  const entries = r.error.issues.slice(0, 10).map((i) => ({
    description: `${i.path.length ? i.path.join(".") : where}: ${lowerFirst(i.message)}`,
    errorCode: code,
  }));
  const [first, ...more] = entries;
  throw new ApiError(400, code, first!.description, { more });
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
