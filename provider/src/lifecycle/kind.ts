// A resource module: everything that differs per resource (its arguments with their metadata, its
// outputs, its identity and the few hooks in which it truly differs). Everything else (check,
// diff, dynamic-provider glue, config, errors, recovery) is shared in lifecycle/, which receives
// the modules through a registry (registry.ts) and never imports one.
import type { z } from "zod";
import type { WholesaleClient } from "../client";
import type { RuleViolation } from "webex-wholesale-wire";
import type { UniqueKey } from "./unique-keys";

/** A resource's name, e.g. "CustomerOrg": the type token's last part and the TypeScript class. */
export type KindName = string;

/** What a hook gets besides its arguments. */
export interface HookContext {
  client: WholesaleClient;
  /** Progress lines for the Pulumi log. */
  log: (msg: string) => void;
  /** A plain warning for the Pulumi log (something the user must know, e.g. an object left live). */
  warn: (msg: string) => void;
  /** A previous run's create of this resource ended unconfirmed: look its key up before any POST. */
  unconfirmedCreate?: boolean;
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

/** An argument only the TypeScript class takes (a program-side convenience, expanded by `programInputs`). */
export interface ClassArg {
  /** Argument name, e.g. customer. */
  name: string;
  /** Its TypeScript type, e.g. CustomerOrg. */
  tsType: string;
  /** One line for the IDE hover and the README. */
  description: string;
  /** The declared argument it stands in for (which becomes optional in the class), if any. */
  replaces?: string;
  /** Inputs it sets from the given resource's outputs (input → output), unless the program gives them. */
  sets?: Readonly<Record<string, string>>;
  /** Echoed outputs it sets from the given resource's outputs (input → output), always (see echoedOutputs). */
  echoes?: Readonly<Record<string, string>>;
}

/** How a live object is found without its id: the unique key the service enforces. */
export interface Identity<A> {
  /** The key in words, e.g. "externalId crm-1042" (for messages). */
  key(args: A): string;
  /** The live object holding this key, if any (create-once and recovery look it up). */
  lookup(ctx: HookContext, args: A): Promise<{ id: string } | undefined>;
  /** The argument holding the key: declared twice in one program, it fails the preview. */
  unique: UniqueKey;
  /**
   * Why an object found by the key is not this resource's to adopt (e.g. a user of another
   * customer); undefined when it may be. Recovery checks it before adopting.
   */
  foreign?(found: { id: string }, args: A): string | undefined;
}

/** A value that must be unique within a scope across the resources of one program run. */
export interface Claim {
  /** Argument path reported when another resource holds the value. */
  path: PropertyKey[];
  /** Scope and value, e.g. "customer C1 extension 1001". */
  key: string;
}

/** One resource module. */
export interface ResourceModule<A extends Record<string, unknown> = Record<string, unknown>> {
  name: KindName;
  /** One line: the class doc comment, the schema description, the README. */
  description: string;
  /** Arguments (inputs), with per-field metadata (arg(...)). */
  args: z.ZodObject;
  /** Outputs added to the arguments, with per-field metadata. */
  outputs: z.ZodObject;
  /** Arguments only the TypeScript class takes. */
  classArgs?: readonly ClassArg[];
  /**
   * Outputs holding another resource's value that the program passes in under the output's own
   * name (Pulumi keeps a value secret only under the name it came in as); check lets them through.
   */
  echoedOutputs?: readonly string[];
  /** Program side: adjust the inputs further (in place), after the class arguments are expanded. */
  programInputs?(inputs: Record<string, unknown>): void;
  /** Arguments compared as sets (order does not matter). */
  setLike?: ReadonlySet<string>;
  /** Cross-field rules on checked arguments (values may still be unknown at preview). */
  rules?(args: A): RuleViolation[];
  /** Values unique within a scope: a second resource of the run claiming one fails its check. */
  claims?(args: A): Claim[];
  /** Normalise checked arguments (e.g. one spelling of a field). */
  normalize?(args: A): A;
  /** Must the old object go before its replacement is created (a unique key would collide)? */
  deleteBeforeReplace?(olds: State, news: A): boolean;
  /** Identity: the unique key and its look-up. */
  identity: Identity<A>;
  /** A plain warning shown at preview when a replacement destroys something live. */
  replacementWarning?(olds: State, news: A, replaces: string[]): string | undefined;
  /** Why this replacement cannot work (e.g. the new object's unique key is still held), refused at preview. */
  replacementRefusal?(olds: State, news: A, replaces: string[]): string | undefined;
  create(ctx: HookContext, args: A): Promise<{ id: string; state: State }>;
  read(ctx: HookContext, id: string, state: State): Promise<ReadOutcome | undefined>;
  update(ctx: HookContext, id: string, olds: State, news: A): Promise<State>;
  delete(ctx: HookContext, id: string, state: State): Promise<void>;
}

/** Declare a module with its argument type checked (the registry holds them untyped). */
export function defineResource<A extends Record<string, unknown>>(m: ResourceModule<A>): ResourceModule {
  return m as unknown as ResourceModule;
}
