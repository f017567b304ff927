// What differs per resource kind. Everything else (check, diff, dynamic-provider glue, config,
// errors) is shared in lifecycle/.
import type { z } from "zod";
import type { WholesaleClient } from "../client";
import type { RuleViolation } from "webex-wholesale-wire";

/** The three resource kinds. */
export type KindName = "OnboardingTemplate" | "CustomerOrg" | "CustomerUser";

/** What a hook gets besides its arguments. */
export interface HookContext {
  client: WholesaleClient;
  /** Progress lines for the Pulumi log. */
  log: (msg: string) => void;
}

/** Recorded state: the checked inputs plus the resource's outputs. */
export type State = Record<string, unknown>;

/** The live object as `read` saw it. */
export interface ReadOutcome {
  /** New state (inputs echo + outputs). */
  state: State;
  /** The inputs as they are live, so the next diff compares against reality. */
  inputs: Record<string, unknown>;
  /** Arguments the service did not return: `inputs` holds their recorded values (adopt sends them). */
  unread?: string[];
}

/** One resource kind: its schemas and its API calls. */
export interface ResourceKind<A extends Record<string, unknown>> {
  name: KindName;
  /** Arguments (inputs), with per-field metadata. */
  args: z.ZodObject;
  /** Outputs added to the arguments, with per-field metadata. */
  outputs: z.ZodObject;
  /** Arguments compared as sets (order does not matter). */
  setLike?: ReadonlySet<string>;
  /** Cross-field rules on checked arguments (values may still be unknown at preview). */
  rules(args: A): RuleViolation[];
  /** Normalise checked arguments (e.g. one spelling of a field). */
  normalize?(args: A): A;
  /** Must the old object go before its replacement is created (a unique key would collide)? */
  deleteBeforeReplace(olds: State, news: A): boolean;
  /** What identifies the live object besides its id, e.g. "externalId crm-1042" (for messages). */
  uniqueKey(args: A): string;
  /** The live object holding this resource's unique key (template name, externalId, email), if any. */
  findExisting(ctx: HookContext, args: A): Promise<{ id: string } | undefined>;
  /** A plain warning shown at preview when a replacement destroys something live. */
  replacementWarning?(olds: State, news: A, replaces: string[]): string | undefined;
  create(ctx: HookContext, args: A): Promise<{ id: string; state: State }>;
  read(ctx: HookContext, id: string, state: State): Promise<ReadOutcome | undefined>;
  update(ctx: HookContext, id: string, olds: State, news: A): Promise<State>;
  delete(ctx: HookContext, id: string, state: State): Promise<void>;
}
