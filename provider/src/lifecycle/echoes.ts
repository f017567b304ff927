// Outputs that hold another resource's value (a user's externalCustomerId is its org's externalId).
// Pulumi keeps a value secret in a resource's state only under the name it came in as, so the
// program passes that value in under the output's own name (a module's programInputs) and check
// lets it through unvalidated: a secret externalId then stays a secret in the user's state too.

/** Split a resource's inputs into its arguments and the echoed outputs named `names`. */
export function splitEchoes(names: readonly string[], news: Record<string, unknown>): { args: Record<string, unknown>; echoes: Record<string, unknown> } {
  const entries = Object.entries(news);
  // fromEntries defines own keys: an assignment of "__proto__" would set the prototype instead.
  return {
    args: Object.fromEntries(entries.filter(([k]) => !names.includes(k))),
    echoes: Object.fromEntries(entries.filter(([k, v]) => names.includes(k) && v !== undefined)),
  };
}
