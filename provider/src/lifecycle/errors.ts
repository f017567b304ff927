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

/** An object with this unique key already exists and `adopt` was not asked for. */
export class AlreadyExistsError extends Error {
  constructor(what: string, key: string, id: string) {
    super(`${what} ${key} already exists (id ${id}) and is not managed by this stack; nothing was created. ` +
      `If an interrupted \`pulumi up\` created it, add it to the stack with \`npx webex-wholesale-recover\` ` +
      `(README: "Interrupted run / recovery"). ` +
      `Otherwise, to manage it with Pulumi, set \`adopt: true\` on the resource (or remove it from the service first).`);
    this.name = "AlreadyExistsError";
  }
}
