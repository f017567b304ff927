// Outputs that hold another resource's value (a user's externalCustomerId is its org's externalId).
// Pulumi keeps a value secret in a resource's state only under the name it came in as, so the
// program passes that value in under the output's own name (inputs.ts) and check lets it through
// unvalidated: a secret externalId then stays a secret in the user's state too.
import type { KindName } from "./kind";

/** Per kind, the outputs the program echoes as inputs. */
export const ECHOED_OUTPUTS: Readonly<Partial<Record<KindName, readonly string[]>>> = {
  CustomerUser: ["externalCustomerId"],
};

/** Split a resource's inputs into its arguments and the echoed outputs. */
export function splitEchoes(kind: KindName, news: Record<string, unknown>): { args: Record<string, unknown>; echoes: Record<string, unknown> } {
  const names = ECHOED_OUTPUTS[kind] ?? [];
  const entries = Object.entries(news);
  // fromEntries defines own keys: an assignment of "__proto__" would set the prototype instead.
  return {
    args: Object.fromEntries(entries.filter(([k]) => !names.includes(k))),
    echoes: Object.fromEntries(entries.filter(([k, v]) => names.includes(k) && v !== undefined)),
  };
}
