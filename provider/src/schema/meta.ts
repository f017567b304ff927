// Per-argument metadata, declared once beside each zod field (the pulumi-command model): the
// description (IDE hover, schema.json, README), and how a change is applied (in place or replace).
import { z } from "zod";

/** Metadata of one resource argument or output. */
export interface ArgMeta {
  /** One line: becomes the IDE hover, the schema description and the README table cell. */
  description: string;
  /** A change to this argument replaces the resource (the API cannot change it in place). */
  replaceOnChange?: boolean;
  /** The value is sensitive and is kept secret in state. */
  secret?: boolean;
  /** Consulted only when the resource is created (or for plan-time checks): changes never update it. */
  createOnly?: boolean;
  /**
   * An output fixed for the object's life once set (an id the service assigned): a reference to it
   * stays known at preview while the object is only updated (see lifecycle/references.ts).
   */
  stable?: boolean;
  /** Name of the object type in schema.json, for object-valued arguments. */
  typeName?: string;
}

/** Registry holding each argument's metadata. */
export const argRegistry = z.registry<ArgMeta>();

/** Attach metadata to a field schema (returns the same schema). */
export function arg<T extends z.ZodType>(schema: T, meta: ArgMeta): T {
  // Clone so a shared wire schema (e.g. Email) can carry different metadata in each place.
  const own = schema.clone() as T;
  argRegistry.add(own, meta);
  return own;
}

/** Metadata of a field, looking through optional/default/nullable wrappers. */
export function metaOf(schema: z.ZodType): ArgMeta | undefined {
  let s: z.ZodType | undefined = schema;
  while (s) {
    const m = argRegistry.get(s);
    if (m) return m;
    s = unwrapOnce(s);
  }
  return undefined;
}

/** Names of an object schema's fields marked secret. */
export function secretFields(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape as Record<string, z.ZodType>).filter(([, f]) => metaOf(f)?.secret).map(([k]) => k);
}

/** Strip one optional/default/nullable/pipe wrapper; undefined when there is none. */
export function unwrapOnce(s: z.ZodType): z.ZodType | undefined {
  if (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable || s instanceof z.ZodPrefault) {
    return s.unwrap() as z.ZodType;
  }
  if (s instanceof z.ZodPipe) return s.in as z.ZodType;
  return undefined;
}

/** Strip every wrapper. */
export function unwrapAll(s: z.ZodType): z.ZodType {
  let cur = s;
  for (let next = unwrapOnce(cur); next; next = unwrapOnce(cur)) cur = next;
  return cur;
}

/** True when the program may leave the field out. */
export function isOptional(s: z.ZodType): boolean {
  return s.safeParse(undefined).success;
}
