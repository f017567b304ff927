// The native flavour: the three resources as a Pulumi resource provider plugin for any language
// (Pulumi YAML, Python, Go, ...), described by schema.json. Every resource call goes to the same
// engine as the dynamic resources (lifecycle/engine.ts); only the plumbing differs: the kind comes
// from the type token in the URN, and settings from the provider's own inputs (Configure).
import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { CONFIG_KEYS } from "../index";
import { CONFIG_NAMESPACE } from "../config";
import type { CheckFailure } from "../lifecycle/check";
import { engine } from "../lifecycle/engine";
import type { KindName, State } from "../lifecycle/kind";
import { kinds } from "../resources";
import { KeyClaims, UNIQUE_KEYS } from "../lifecycle/unique-keys";
import { UNKNOWN } from "../lifecycle/unknowns";
import { catalog } from "../resources/catalog";
import { renderPackageSchema } from "../schema/render";
import { detailedDiff, type PropertyDiffKind } from "./detailed-diff";
import { changedProviderConfig, checkProviderConfig, configAccessor, type ProviderInputs } from "./provider-config";

/** A diff with Pulumi's per-property detail (not part of @pulumi/pulumi's DiffResult in 3.270). */
export interface DetailedDiffResult extends pulumi.provider.DiffResult {
  /** The kind of change of each changed property. */
  readonly detailedDiff: Record<string, PropertyDiffKind>;
}

/** The package version (provider/package.json), which is also the plugin's version. */
export const PACKAGE_VERSION: string = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).version;

/** The resource kind named by a URN's type token, e.g. `webex-wholesale:index:CustomerOrg`. */
export function kindOfUrn(urn: string): KindName {
  // urn:pulumi:<stack>::<project>::<parent types$>type::<name>
  const type = urn.split("::")[2]?.split("$").pop() ?? "";
  const prefix = `${CONFIG_NAMESPACE}:index:`;
  const name = type.startsWith(prefix) ? type.slice(prefix.length) : "";
  if (!Object.prototype.hasOwnProperty.call(kinds, name)) throw new Error(`unknown resource type ${JSON.stringify(type)}`);
  return name as KindName;
}

/** A resource as a program names it, e.g. `CustomerOrg "pizza"`, from its URN. */
function resourceLabel(urn: string): string {
  const parts = urn.split("::");
  return `${kindOfUrn(urn)} ${JSON.stringify(parts[parts.length - 1])}`;
}

/** The provider: @pulumi/pulumi's Provider interface plus the config calls served by ./serve.ts. */
export class WholesaleProvider implements pulumi.provider.Provider {
  /** Plugin version reported to the engine. */
  readonly version = PACKAGE_VERSION;

  /** schema.json, rendered from the same declarations as the committed file (a test keeps them equal). */
  async getSchema(): Promise<string> {
    return JSON.stringify(renderPackageSchema(catalog, this.version));
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
    const { field } = UNIQUE_KEYS[kind];
    const value = r.inputs[field];
    const clash = typeof value === "string" && value !== UNKNOWN ? this.claims.claim(kind, value, resourceLabel(urn)) : undefined;
    return clash ? { ...r, failures: [...(r.failures ?? []), { property: field, reason: clash }] } : r;
  }

  /** Decide update vs replace per argument, with the detail the engine shows. */
  async diff(id: string, urn: string, olds: State, news: Record<string, unknown>): Promise<DetailedDiffResult> {
    const d = await engine.diff(kindOfUrn(urn), id, olds, news);
    return { ...d, detailedDiff: detailedDiff(olds, news, d.changed, d.replaces) };
  }

  /** Create the object; outputs are the checked inputs plus what the service assigned. */
  async create(urn: string, inputs: Record<string, unknown>): Promise<pulumi.provider.CreateResult> {
    return engine.create(kindOfUrn(urn), inputs);
  }

  /**
   * Refresh, and import: for `pulumi import` the engine sends only the id, and the live object's
   * arguments come back as inputs, which the engine records (and writes out as program code).
   */
  async read(id: string, urn: string, props: State): Promise<pulumi.provider.ReadResult> {
    return engine.read(kindOfUrn(urn), id, props ?? {});
  }

  /** The outputs an update will have, for a preview (no API call). */
  previewUpdate(urn: string, olds: State, news: Record<string, unknown>): State {
    return engine.previewUpdate(kindOfUrn(urn), olds, news);
  }

  /** Update in place. */
  async update(id: string, urn: string, olds: State, news: Record<string, unknown>): Promise<pulumi.provider.UpdateResult> {
    return engine.update(kindOfUrn(urn), id, olds, news);
  }

  /** Delete, waiting until the object is gone. */
  async delete(id: string, urn: string, props: State): Promise<void> {
    await engine.delete(kindOfUrn(urn), id, props);
  }
}
