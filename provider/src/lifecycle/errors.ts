// Errors the hooks raise, in words a platform engineer can act on.

/** A create that left a live object behind: Pulumi records it (by id) instead of losing it. */
export class PartialCreateError extends Error {
  /** The plugin reads these three to report ErrorResourceInitFailed. */
  readonly id: string;
  readonly properties: Record<string, unknown>;
  readonly reasons: string[];
  constructor(message: string, id: string, properties: Record<string, unknown>) {
    super(message);
    this.name = "PartialCreateError";
    this.id = id;
    this.properties = properties;
    this.reasons = [message];
  }
}

/**
 * An object with this unique key already exists and the resource does not adopt it. The provider
 * cannot see who owns it, so the message names every case and what is safe in each: adopting an
 * object that another resource manages makes two resources own it, and deleting either deletes it.
 */
export class AlreadyExistsError extends Error {
  constructor(what: string, key: string, id: string) {
    super(`${what} ${key} already exists (id ${id}); nothing was created. Who owns it decides what to do: ` +
      `(1) another resource of this stack (e.g. this one under its old name: give it the \`aliases\` option, so Pulumi keeps the object instead of creating it anew); ` +
      `(2) another stack: remove it from that stack first, or leave it there; ` +
      `(3) an interrupted \`pulumi up\` of this stack: add it to the stack with \`npx webex-wholesale-recover\` (README: "Interrupted run / recovery"); ` +
      `(4) nothing manages it: only then set \`adopt: true\` on this resource. ` +
      `Never adopt an object that another resource or stack manages: deleting either would delete the live object (for a customer, its org and all its users).`);
    this.name = "AlreadyExistsError";
  }
}
