// Keys the service holds unique (template name, customer externalId, user email, location name
// in a customer): two resources of one program declaring the same key would fight over one live
// object — the second create finds it taken, and adopting it makes two resources own one org, so
// deleting either deletes the org. Such a program is refused at preview, before any API call,
// naming both resources and the key: in the program for the TypeScript classes (the dynamic
// plugin's check is not told which resource it checks), in the provider process across Check
// calls for the native plugin. Each module declares its key (Identity.unique).
import type { KindName } from "./kind";

/** Hidden input of a resource whose key, given as an Output, clashed in the program: check reports it. */
export const KEY_CLASH = "keyClash";

/** A module's unique key: the argument holding it, and how to name it in messages. */
export interface UniqueKey {
  /** The argument holding the key. */
  field: string;
  /** What the key is, e.g. "customer externalId". */
  label: string;
  /** Keys that differ only in case collide (emails). */
  foldCase?: boolean;
  /** The argument the key is unique within (e.g. customerId for a location's name); none: per partner. */
  scope?: string;
}

/** The resources of one program (or one provider process) and the keys they declared. */
export class KeyClaims {
  private readonly owners = new Map<string, string>();

  /**
   * Record that `owner` declares `value` as the key of a `kind` (within `scope`); the message naming
   * both resources when another resource declared it already, else undefined.
   */
  claim(kind: KindName, key: UniqueKey, scope: string | undefined, value: string, owner: string): string | undefined {
    const slot = JSON.stringify([kind, scope ?? null, key.foldCase ? value.toLowerCase() : value]);
    const first = this.owners.get(slot);
    if (first === undefined || first === owner) {
      this.owners.set(slot, owner);
      return undefined;
    }
    const within = key.scope ? ` (in the same ${key.scope.replace(/Id$/, "")})` : "";
    return `${key.label} ${JSON.stringify(value)}${within} is declared twice, by ${first} and by ${owner}: ` +
      `the service keeps it unique, so one live object cannot belong to two resources. Remove one of them ` +
      `(or give it its own ${key.field}); nothing was sent to the service.`;
  }
}
