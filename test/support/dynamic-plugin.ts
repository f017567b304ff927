// Drives resources through the real dynamic-provider plugin of @pulumi/pulumi over gRPC — the code
// path the engine uses: the `__provider` text, Configure, Check, Diff, Create, Read, Update, Delete.
import * as path from "node:path";
import { providerText } from "../../provider/src/lifecycle/dynamic";
import type { KindName } from "../../provider/src/lifecycle/kind";
import { ProviderPlugin, type Props } from "./provider-plugin";

const REPO = path.resolve(__dirname, "../..");

/** A running dynamic-provider plugin process and a gRPC client to it. */
export class DynamicPlugin extends ProviderPlugin {
  /** Spawn the plugin with `cwd` as the program directory (where node_modules resolves). */
  static async start(cwd = REPO, env: NodeJS.ProcessEnv = {}): Promise<DynamicPlugin> {
    return ProviderPlugin.connect((child, client) => new DynamicPlugin(child, client), process.execPath,
      [require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js")], cwd, { PULUMI_NODEJS_PROJECT: "test", ...env });
  }

  protected urn(kind: KindName, name: string) {
    return `urn:pulumi:test::test::pulumi-nodejs:dynamic/webex-wholesale:${kind}::${name}`;
  }

  /** Check is sent the provider text, exactly as a program stores it in state. */
  protected override async checkInputs(kind: KindName, news: Props): Promise<Props> {
    return { ...news, __provider: providerText(kind) };
  }

  /** Configure with stack config (fully-qualified keys). */
  override async configure(config: Record<string, string>): Promise<void> {
    await super.configure(config);
  }
}
