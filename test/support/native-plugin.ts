// Drives resources through the native provider plugin over gRPC, started by its launcher
// (provider/bin/pulumi-resource-webex-wholesale → provider/dist) exactly as the engine starts it.
import * as path from "node:path";
import type { KindName } from "../../provider/src/lifecycle/kind";
import { checkOutcome, diffOutcome, ProviderPlugin, provproto, S, type DiffOutcome, type Failures, type Props } from "./provider-plugin";

/* eslint-disable @typescript-eslint/no-var-requires */
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");

const REPO = path.resolve(__dirname, "../..");
/** The plugin's launcher in the repository. */
export const NATIVE_LAUNCHER = path.join(REPO, "provider", "bin", "pulumi-resource-webex-wholesale");

/** A secret as the engine sends it (with secrets kept). */
export const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

/** What Configure answered. */
export interface ConfigureOutcome {
  acceptSecrets: boolean;
  supportsPreview: boolean;
}

/** A running native provider plugin and a gRPC client to it. */
export class NativePlugin extends ProviderPlugin {
  /** Spawn the plugin; `env` is added to this process's environment. */
  static async start(env: NodeJS.ProcessEnv = {}): Promise<NativePlugin> {
    return ProviderPlugin.connect((child, client) => new NativePlugin(child, client), NATIVE_LAUNCHER, [], REPO, env);
  }

  protected urn(kind: KindName, name: string) {
    return `urn:pulumi:test::test::webex-wholesale:index:${kind}::${name}`;
  }

  /** GetSchema: the package schema text. */
  async schema(): Promise<string> {
    return (await this.call("getSchema", new provproto.GetSchemaRequest())).getSchema();
  }

  /** GetPluginInfo: the plugin's version. */
  async version(): Promise<string> {
    return (await this.call("getPluginInfo", new Empty())).getVersion();
  }

  /** CheckConfig of the provider's inputs (keys without namespace). */
  async checkConfig(olds: Props, news: Props): Promise<{ inputs: Props; failures: Failures }> {
    const req = new provproto.CheckRequest();
    req.setUrn("urn:pulumi:test::test::pulumi:providers:webex-wholesale::default");
    req.setOlds(S(olds)); req.setNews(S(news));
    return checkOutcome(await this.call("checkConfig", req));
  }

  /** DiffConfig of the provider's inputs. */
  async diffConfig(olds: Props, news: Props): Promise<DiffOutcome> {
    const req = new provproto.DiffRequest();
    req.setUrn("urn:pulumi:test::test::pulumi:providers:webex-wholesale::default");
    req.setOlds(S(olds)); req.setNews(S(news));
    return diffOutcome(await this.call("diffConfig", req));
  }

  /** Configure with the provider's inputs, returning what the plugin declared. */
  async configureWith(args: Props): Promise<ConfigureOutcome> {
    const req = new provproto.ConfigureRequest();
    req.setArgs(S(args));
    const res = await this.call("configure", req);
    return { acceptSecrets: res.getAcceptsecrets(), supportsPreview: res.getSupportspreview() };
  }
}
