// The request-body parser. Ours rather than Fastify's so that an empty body is "no body" (some
// clients send a content type on DELETE) and every refusal is an official error naming the
// problem. It keeps Fastify's default protection against prototype poisoning, which a plain
// JSON.parse would lose: `__proto__` anywhere, or `constructor.prototype`, is refused.
import type { FastifyInstance } from "fastify";
import { ApiError, ErrorCode } from "../models/errors";
import { fieldPath } from "./validate";

/** Install the JSON body parser on `app` (replacing Fastify's). */
export function installJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    try {
      done(null, parseBody(String(body)));
    } catch (e) {
      done(e as ApiError, undefined);
    }
  });
}

/** Parse a request body: undefined when blank, else JSON without poisoning keys; throws a 400 ApiError. */
export function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, ErrorCode.malformedBody, `body: malformed JSON (${(e as Error).message}).`);
  }
  const bad = poisonedPath(value);
  if (bad) throw new ApiError(400, ErrorCode.invalidField, `${bad}: is not allowed (a prototype-pollution key).`);
  return value;
}

/**
 * Path ("__proto__", "address.__proto__", "items.0.constructor.prototype") of the first poisoning
 * key in a parsed JSON value, or undefined. Iterative: a 64 KiB body can nest 30,000 levels deep.
 */
export function poisonedPath(root: unknown): string | undefined {
  // Each node points at its parent, so the path is built only for the one key reported.
  type Node = { value: unknown; key?: string; parent?: Node };
  const pathOf = (n: Node, ...tail: string[]): string => {
    const keys: string[] = [];
    for (let at: Node | undefined = n; at?.key !== undefined; at = at.parent) keys.push(at.key);
    return fieldPath([...keys.reverse(), ...tail]);
  };
  const stack: Node[] = [{ value: root }];
  while (stack.length) {
    const node = stack.pop()!;
    const value = node.value;
    if (value === null || typeof value !== "object") continue;
    for (const k of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[k];
      if (k === "__proto__") return pathOf(node, k);
      if (k === "constructor" && child !== null && typeof child === "object" && Object.prototype.hasOwnProperty.call(child, "prototype")) {
        return pathOf(node, k, "prototype");
      }
      if (child !== null && typeof child === "object") stack.push({ value: child, key: k, parent: node });
    }
  }
  return undefined;
}
