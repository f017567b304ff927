// Drives resources through the real dynamic-provider plugin of @pulumi/pulumi over gRPC — the code
// path the engine uses: serialized `__provider`, Configure, Check, Diff, Create, Read, Update, Delete.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { providerFor } from "../../provider/src/lifecycle/dynamic";
import type { KindName } from "../../provider/src/lifecycle/kind";
import { ProviderPlugin, type Props } from "./provider-plugin";

const REPO = path.resolve(__dirname, "../..");

/** The serialized provider text of a kind, exactly as a program would store it in state. */
export async function serializedProvider(kind: KindName): Promise<string> {
  const provider = providerFor(kind); // the variable name matters for identical text
  return (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
}

/** A running dynamic-provider plugin process and a gRPC client to it. */
export class DynamicPlugin extends ProviderPlugin {
  private readonly providers = new Map<KindName, string>();

  /** Spawn the plugin with `cwd` as the program directory (where node_modules resolves). */
  static async start(cwd = REPO, env: NodeJS.ProcessEnv = {}): Promise<DynamicPlugin> {
    return ProviderPlugin.connect((child, client) => new DynamicPlugin(child, client), process.execPath,
      [require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js")], cwd, { PULUMI_NODEJS_PROJECT: "test", ...env });
  }

  private async provider(kind: KindName): Promise<string> {
    if (!this.providers.has(kind)) this.providers.set(kind, await serializedProvider(kind));
    return this.providers.get(kind)!;
  }

  protected urn(kind: KindName, name: string) {
    return `urn:pulumi:test::test::pulumi-nodejs:dynamic/webex-wholesale:${kind}::${name}`;
  }

  /** Check is sent the serialized provider, as a program sends it. */
  protected override async checkInputs(kind: KindName, news: Props): Promise<Props> {
    return { ...news, __provider: await this.provider(kind) };
  }

  /** Configure with stack config (fully-qualified keys). */
  override async configure(config: Record<string, string>): Promise<void> {
    await super.configure(config);
  }
}
