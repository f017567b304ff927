// Reads a zod schema into a neutral description of types and fields: the one input of the
// generators of schema.json, the TypeScript argument types and the README tables.
import { z } from "zod";
import { isOptional, metaOf, unwrapAll, type ArgMeta } from "./meta";

/** A described type. */
export type TypeInfo =
  | { kind: "string" | "number" | "integer" | "boolean" }
  | { kind: "enum"; values: string[] }
  | { kind: "array"; items: TypeInfo }
  | { kind: "record"; keys?: string[]; values: TypeInfo }
  | { kind: "object"; fields: FieldInfo[]; typeName?: string };

/** A described field of an object. */
export interface FieldInfo {
  name: string;
  optional: boolean;
  meta: ArgMeta;
  type: TypeInfo;
}

/** Describe a schema's type. */
export function describeType(schema: z.ZodType, typeName?: string): TypeInfo {
  const s = unwrapAll(schema);
  if (s instanceof z.ZodString || s instanceof z.ZodEmail) return { kind: "string" };
  if (s instanceof z.ZodBoolean) return { kind: "boolean" };
  if (s instanceof z.ZodNumber) return { kind: s.format === "safeint" || s.format === "int32" ? "integer" : "number" };
  if (s instanceof z.ZodEnum) return { kind: "enum", values: s.options.map(String) };
  if (s instanceof z.ZodLiteral) return { kind: "enum", values: [...s.values].map(String) };
  if (s instanceof z.ZodArray) return { kind: "array", items: describeType(s.element as z.ZodType) };
  if (s instanceof z.ZodRecord) {
    const keys = unwrapAll(s.keyType as z.ZodType);
    return { kind: "record", keys: keys instanceof z.ZodEnum ? keys.options.map(String) : undefined, values: describeType(s.valueType as z.ZodType) };
  }
  if (s instanceof z.ZodObject) return { kind: "object", fields: describeFields(s), typeName };
  throw new Error(`describeType: unsupported zod type ${s.constructor.name}`);
}

/** Describe every field of an object schema; each must carry metadata. */
export function describeFields(obj: z.ZodObject): FieldInfo[] {
  return Object.entries(obj.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const meta = metaOf(field);
    if (!meta) throw new Error(`field ${name} has no description: wrap it in arg(...)`);
    return { name, optional: isOptional(field), meta, type: describeType(field, meta.typeName) };
  });
}
