// Drives resources through the real dynamic-provider plugin of @pulumi/pulumi over gRPC — the code
// path the engine uses: serialized `__provider`, Configure, Check, Diff, Create, Read, Update, Delete.
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { providerFor } from "../../provider/src/lifecycle/dynamic";
import type { KindName } from "../../provider/src/lifecycle/kind";

/* eslint-disable @typescript-eslint/no-var-requires */
const grpc = require("@grpc/grpc-js");
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");

const REPO = path.resolve(__dirname, "../..");
const S = (o: object) => Struct.fromJavaScript(JSON.parse(JSON.stringify(o)));
type Props = Record<string, any>;

/** The serialized provider text of a kind, exactly as a program would store it in state. */
export async function serializedProvider(kind: KindName): Promise<string> {
  const provider = providerFor(kind); // the variable name matters for identical text
  return (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
}

/** A running dynamic-provider plugin process and a gRPC client to it. */
export class DynamicPlugin {
  readonly stderr: string[] = [];
  private readonly providers = new Map<KindName, string>();
  private constructor(private readonly child: ChildProcess, private readonly client: any) {}

  /** Spawn the plugin with `cwd` as the program directory (where node_modules resolves). */
  static async start(cwd = REPO, env: NodeJS.ProcessEnv = {}): Promise<DynamicPlugin> {
    const child = spawn(process.execPath, [require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js"), "127.0.0.1:1"], {
      cwd, env: { ...process.env, PULUMI_NODEJS_PROJECT: "test", ...env }, stdio: ["ignore", "pipe", "pipe"],
    });
    const port = await new Promise<number>((resolve, reject) => {
      let buf = "";
      child.stdout!.on("data", (d: Buffer) => {
        buf += d.toString();
        const m = /^(\d+)\s*$/m.exec(buf);
        if (m) resolve(Number(m[1]));
      });
      child.once("exit", (code) => reject(new Error(`plugin exited early with ${code}`)));
    });
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const plugin = new DynamicPlugin(child, client);
    child.stderr!.on("data", (d: Buffer) => plugin.stderr.push(d.toString()));
    return plugin;
  }

  private call(method: string, req: unknown): Promise<any> {
    return new Promise((resolve, reject) => this.client[method](req, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r))));
  }

  private async provider(kind: KindName): Promise<string> {
    if (!this.providers.has(kind)) this.providers.set(kind, await serializedProvider(kind));
    return this.providers.get(kind)!;
  }

  private urn(kind: KindName, name: string) {
    return `urn:pulumi:test::test::pulumi-nodejs:dynamic/webex-wholesale:${kind}::${name}`;
  }

  /** Configure with stack config (fully-qualified keys). */
  async configure(config: Record<string, string>): Promise<void> {
    const req = new provproto.ConfigureRequest();
    req.setArgs(S(config));
    await this.call("configure", req);
  }

  /** Check: returns the checked inputs (with __provider) and failures. */
  async check(kind: KindName, olds: Props, news: Props, name = "r") {
    const req = new provproto.CheckRequest();
    req.setUrn(this.urn(kind, name));
    req.setOlds(S(olds));
    req.setNews(S({ ...news, __provider: await this.provider(kind) }));
    const res = await this.call("check", req);
    return {
      inputs: res.getInputs()?.toJavaScript() as Props,
      failures: res.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })) as { property: string; reason: string }[],
    };
  }

  /** Diff: changes is 1 (none) or 2 (some). */
  async diff(kind: KindName, id: string, olds: Props, news: Props, name = "r") {
    const req = new provproto.DiffRequest();
    req.setId(id); req.setUrn(this.urn(kind, name)); req.setOlds(S(olds)); req.setNews(S(news));
    const res = await this.call("diff", req);
    return { changes: res.getChanges() as number, replaces: res.getReplacesList() as string[], deleteBeforeReplace: res.getDeletebeforereplace() as boolean };
  }

  async create(kind: KindName, inputs: Props, name = "r") {
    const req = new provproto.CreateRequest();
    req.setUrn(this.urn(kind, name)); req.setProperties(S(inputs));
    const res = await this.call("create", req);
    return { id: res.getId() as string, outs: res.getProperties().toJavaScript() as Props };
  }

  async read(kind: KindName, id: string, props: Props, inputs: Props, name = "r") {
    const req = new provproto.ReadRequest();
    req.setId(id); req.setUrn(this.urn(kind, name)); req.setProperties(S(props)); req.setInputs(S(inputs));
    const res = await this.call("read", req);
    return { id: res.getId() as string, props: res.getProperties()?.toJavaScript() as Props, inputs: res.getInputs()?.toJavaScript() as Props };
  }

  async update(kind: KindName, id: string, olds: Props, news: Props, name = "r") {
    const req = new provproto.UpdateRequest();
    req.setId(id); req.setUrn(this.urn(kind, name)); req.setOlds(S(olds)); req.setNews(S(news));
    const res = await this.call("update", req);
    return res.getProperties().toJavaScript() as Props;
  }

  async delete(kind: KindName, id: string, props: Props, name = "r"): Promise<void> {
    const req = new provproto.DeleteRequest();
    req.setId(id); req.setUrn(this.urn(kind, name)); req.setProperties(S(props));
    await this.call("delete", req);
  }

  async stop(): Promise<void> {
    this.client.close();
    this.child.kill();
  }
}
