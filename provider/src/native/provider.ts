// The native flavour: the registry's resources as a Pulumi resource provider plugin for any
// language (Pulumi YAML, Python, Go, ...), described by schema.json. Every resource call — the
// kind's look-up from the URN and the previews included — goes to the same engine as the dynamic
// resources (../engine.ts); only the plumbing differs: settings come from the provider's own
// inputs (Configure).
import type * as pulumi from "@pulumi/pulumi";
import { CONFIG_KEYS } from "../config";
import { engine } from "../engine";
import type { CheckFailure } from "../lifecycle/check";
import type { KindName, State } from "../lifecycle/kind";
import { KeyClaims } from "../lifecycle/unique-keys";
import { UNKNOWN } from "../lifecycle/unknowns";
import { secretFields } from "../schema/meta";
import { renderPackageSchema } from "../schema/render";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { PACKAGE_VERSION } from "../version";
import { detailedDiff, type PropertyDiffKind } from "./detailed-diff";
import { changedProviderConfig, checkProviderConfig, configAccessor, type ProviderInputs } from "./provider-config";

/** A diff with Pulumi's per-property detail (not part of @pulumi/pulumi's DiffResult in 3.270). */
export interface DetailedDiffResult extends pulumi.provider.DiffResult {
  /** The kind of change of each changed property. */
  readonly detailedDiff: Record<string, PropertyDiffKind>;
}

/** The resource kind named by a URN's type token, e.g. `webex-wholesale:index:CustomerOrg`. */
export function kindOfUrn(urn: string): KindName {
  const kind = engine.kindOfType(urn);
  if (!kind) throw new Error(`unknown resource type ${JSON.stringify(urn.split("::")[2] ?? urn)}`);
  return kind;
}

/** A resource as a program names it, e.g. `CustomerOrg "pizza"`, from its URN. */
function resourceLabel(urn: string): string {
  const parts = urn.split("::");
  return `${kindOfUrn(urn)} ${JSON.stringify(parts[parts.length - 1])}`;
}

/**
 * Wrap the kind's secret outputs (e.g. a user's externalCustomerId) as secrets: the engine keeps a
 * provider's secret outputs secret in state and events, whatever the program passed.
 */
function withSecrets<T extends Record<string, unknown> | undefined>(kind: KindName, outs: T): T {
  if (!outs) return outs;
  const wrapped: Record<string, unknown> = { ...outs };
  for (const k of secretFields(engine.registry.get(kind).outputs)) {
    const v = wrapped[k];
    const already = v && typeof v === "object" && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig;
    if (v !== undefined && !already) wrapped[k] = { [specialSigKey]: specialSecretSig, value: v };
  }
  return wrapped as T;
}

/** The provider: @pulumi/pulumi's Provider interface plus the config calls served by ./serve.ts. */
export class WholesaleProvider implements pulumi.provider.Provider {
  /** Plugin version reported to the engine. */
  readonly version = PACKAGE_VERSION;

  /** schema.json, rendered from the same declarations as the committed file (a test keeps them equal). */
  async getSchema(): Promise<string> {
    return JSON.stringify(renderPackageSchema(engine.registry, this.version));
  }

  /** Validate the provider's settings before Configure. */
  async checkConfig(_olds: ProviderInputs, news: ProviderInputs): Promise<{ inputs: ProviderInputs; failures: CheckFailure[] }> {
    return checkProviderConfig(news);
  }

  /** Which settings changed; never a replacement. */
  async diffConfig(olds: ProviderInputs, news: ProviderInputs): Promise<DetailedDiffResult> {
    const changed = changedProviderConfig(olds, news);
    return { changes: changed.length > 0, replaces: [], detailedDiff: detailedDiff(olds, news, changed) };
  }

  /** Hand the settings to the engine, in the stack-config shape the dynamic flavour uses. */
  async configure(inputs: ProviderInputs): Promise<void> {
    engine.configure(configAccessor(inputs), CONFIG_KEYS);
  }

  /** The unique keys the resources checked by this process declared (one program's run). */
  private readonly claims = new KeyClaims();

  /** Validate arguments (zod + cross-field rules), normalised; a unique key declared twice is a failure. */
  async check(urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.provider.CheckResult> {
    const kind = kindOfUrn(urn);
    const r = await engine.checkForPlugin(kind, olds, news);
    const key = engine.registry.get(kind).identity.unique;
    const value = r.inputs[key.field];
    const scope = key.scope === undefined ? undefined : String(r.inputs[key.scope]);
    // A key within a scope not known yet (e.g. the customer of a new org) cannot be compared.
    const known = typeof value === "string" && value !== UNKNOWN && scope !== UNKNOWN;
    const clash = known ? this.claims.claim(kind, key, scope, value, resourceLabel(urn)) : undefined;
    return clash ? { ...r, failures: [...(r.failures ?? []), { property: key.field, reason: clash }] } : r;
  }

  /** Decide update vs replace per argument, with the detail the engine shows. */
  async diff(id: string, urn: string, olds: State, news: Record<string, unknown>): Promise<DetailedDiffResult> {
    const d = await engine.diff(kindOfUrn(urn), id, olds, news);
    return { ...d, detailedDiff: detailedDiff(olds, news, d.changed, d.replaces) };
  }

  /** Create the object; outputs are the checked inputs plus what the service assigned. */
  async create(urn: string, inputs: Record<string, unknown>): Promise<pulumi.provider.CreateResult> {
    const kind = kindOfUrn(urn);
    const r = await engine.create(kind, inputs);
    return { ...r, outs: withSecrets(kind, r.outs) };
  }

  /**
   * Refresh, and import: for `pulumi import` the engine sends only the id, and the live object's
   * arguments come back as inputs, which the engine records (and writes out as program code).
   */
  async read(id: string, urn: string, props: State): Promise<pulumi.provider.ReadResult> {
    const kind = kindOfUrn(urn);
    const r = await engine.read(kind, id, props ?? {});
    return { ...r, props: withSecrets(kind, r.props) };
  }

  /** The outputs a create will have, for a preview (no API call). */
  previewCreate(urn: string, inputs: Record<string, unknown>): State {
    return engine.previewCreate(kindOfUrn(urn), inputs);
  }

  /** The outputs an update will have, for a preview (no API call). */
  previewUpdate(urn: string, olds: State, news: Record<string, unknown>): State {
    const kind = kindOfUrn(urn);
    return withSecrets(kind, engine.previewUpdate(kind, olds, news));
  }

  /** Update in place. */
  async update(id: string, urn: string, olds: State, news: Record<string, unknown>): Promise<pulumi.provider.UpdateResult> {
    const kind = kindOfUrn(urn);
    const r = await engine.update(kind, id, olds, news);
    return { ...r, outs: withSecrets(kind, r.outs) };
  }

  /** Delete, waiting until the object is gone. */
  async delete(id: string, urn: string, props: State): Promise<void> {
    await engine.delete(kindOfUrn(urn), id, props);
  }
}
