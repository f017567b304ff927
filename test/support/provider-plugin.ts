// A resource provider plugin process (anything serving pulumirpc.ResourceProvider, as the engine
// starts it) and a gRPC client with the calls the tests make. DynamicPlugin (dynamic-plugin.ts)
// and NativePlugin (native-plugin.ts) differ only in how they start and in the URNs they use.
import { spawn, type ChildProcess } from "node:child_process";
import type { KindName } from "../../provider/src/lifecycle/kind";

/* eslint-disable @typescript-eslint/no-var-requires */
const grpc = require("@grpc/grpc-js");
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
export const provproto = require("@pulumi/pulumi/proto/provider_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");

/** A protobuf Struct of a plain object (undefined members dropped, as the engine would). */
export const S = (o: object) => Struct.fromJavaScript(JSON.parse(JSON.stringify(o)));
export type Props = Record<string, any>;
/** Failures as Check returns them. */
export type Failures = { property: string; reason: string }[];

/** pulumirpc.PropertyDiff.Kind names by number. */
const DIFF_KINDS = ["ADD", "ADD_REPLACE", "DELETE", "DELETE_REPLACE", "UPDATE", "UPDATE_REPLACE"];

/** Spawn a plugin (`command ...args <engine address>`) and connect to the port it prints first. */
async function spawnPlugin(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; client: any }> {
  // Nothing listens on the engine address: these plugins only dial it for logs and construct/call.
  const child = spawn(command, [...args, "127.0.0.1:1"], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = "";
    child.stdout!.on("data", (d: Buffer) => {
      buf += d.toString();
      const m = /^(\d+)\s*$/m.exec(buf);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`plugin exited early with ${code}`)));
  });
  return { child, client: new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) };
}

/** The diff as the engine receives it. */
export interface DiffOutcome {
  /** 1 = DIFF_NONE, 2 = DIFF_SOME (0 = unknown). */
  changes: number;
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Per-property kinds, e.g. { email: "UPDATE_REPLACE" }; absent when the plugin sends none. */
  detailedDiff?: Record<string, string>;
}

/** The calls shared by both flavours; subclasses name the URN and may decorate Check's inputs. */
export abstract class ProviderPlugin {
  readonly stderr: string[] = [];

  protected constructor(private readonly child: ChildProcess, private readonly client: any) {
    child.stderr!.on("data", (d: Buffer) => this.stderr.push(d.toString()));
  }

  /** Start `command` and build the subclass around the connection. */
  protected static async connect<P extends ProviderPlugin>(
    make: (child: ChildProcess, client: any) => P, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv,
  ): Promise<P> {
    const { child, client } = await spawnPlugin(command, args, cwd, env);
    return make(child, client);
  }

  /** The URN of resource `name` of `kind`. */
  protected abstract urn(kind: KindName, name: string): string;

  /** The inputs Check is sent for `news` (the dynamic flavour adds its `__provider`). */
  protected async checkInputs(_kind: KindName, news: Props): Promise<Props> {
    return news;
  }

  protected call(method: string, req: unknown): Promise<any> {
    return new Promise((resolve, reject) => this.client[method](req, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r))));
  }

  /** Configure with `args` (the dynamic plugin: fully-qualified stack config keys). */
  async configure(args: Props): Promise<void> {
    const req = new provproto.ConfigureRequest();
    req.setArgs(S(args));
    await this.call("configure", req);
  }

  /** Check: returns the checked inputs and failures. */
  async check(kind: KindName, olds: Props, news: Props, name = "r"): Promise<{ inputs: Props; failures: Failures }> {
    const req = new provproto.CheckRequest();
    req.setUrn(this.urn(kind, name));
    req.setOlds(S(olds));
    req.setNews(S(await this.checkInputs(kind, news)));
    return checkOutcome(await this.call("check", req));
  }

  async diff(kind: KindName, id: string, olds: Props, news: Props, name = "r"): Promise<DiffOutcome> {
    const req = new provproto.DiffRequest();
    req.setId(id); req.setUrn(this.urn(kind, name)); req.setOlds(S(olds)); req.setNews(S(news));
    return diffOutcome(await this.call("diff", req));
  }

  async create(kind: KindName, inputs: Props, name = "r", preview = false) {
    const req = new provproto.CreateRequest();
    req.setUrn(this.urn(kind, name)); req.setProperties(S(inputs)); req.setPreview(preview);
    const res = await this.call("create", req);
    return { id: res.getId() as string, outs: res.getProperties().toJavaScript() as Props };
  }

  async read(kind: KindName, id: string, props: Props, inputs: Props, name = "r") {
    const req = new provproto.ReadRequest();
    req.setId(id); req.setUrn(this.urn(kind, name)); req.setProperties(S(props)); req.setInputs(S(inputs));
    const res = await this.call("read", req);
    return { id: res.getId() as string, props: res.getProperties()?.toJavaScript() as Props, inputs: res.getInputs()?.toJavaScript() as Props };
  }

  async update(kind: KindName, id: string, olds: Props, news: Props, name = "r", preview = false) {
    const req = new provproto.UpdateRequest();
    req.setId(id); req.setUrn(this.urn(kind, name)); req.setOlds(S(olds)); req.setNews(S(news)); req.setPreview(preview);
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

/** Inputs and failures of a CheckResponse. */
export function checkOutcome(res: any): { inputs: Props; failures: Failures } {
  return {
    inputs: res.getInputs()?.toJavaScript() as Props,
    failures: res.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
  };
}

/** A DiffResponse as plain values. */
export function diffOutcome(res: any): DiffOutcome {
  const out: DiffOutcome = { changes: res.getChanges(), replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
  if (!res.getHasdetaileddiff()) return out;
  const detailedDiff: Record<string, string> = {};
  res.getDetaileddiffMap().forEach((d: any, key: string) => {
    detailedDiff[key] = DIFF_KINDS[d.getKind()]!;
  });
  return { ...out, detailedDiff };
}
