// Serves the native provider with @pulumi/pulumi/provider's gRPC server (`provider.main`). That
// server (3.270) answers CheckConfig and DiffConfig with UNIMPLEMENTED, ignores Configure's
// arguments, drops detailed diffs and ignores the preview flag of Create/Update, so those
// handlers are added to the service it registers. Everything else (GetSchema, GetPluginInfo,
// Check, Read, Delete, real Create/Update and the mapping of a partial create to
// ErrorResourceInitFailed) stays Pulumi's own.
import { createRequire } from "node:module";
import type * as grpcTypes from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type { DetailedDiffResult, WholesaleProvider } from "./provider";
import type { ProviderInputs } from "./provider-config";

// The copies @pulumi/pulumi itself loads: the server object and Struct must come from them.
const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/provider/server"));
const grpc: typeof grpcTypes = fromPulumi("@grpc/grpc-js");
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");
const { ResourceProviderService } = fromPulumi("../proto/provider_grpc_pb") as { ResourceProviderService: grpcTypes.ServiceDefinition };

type Unary<Req, Res> = (call: grpcTypes.ServerUnaryCall<Req, Res>, callback: grpcTypes.sendUnaryData<Res>) => void;

/** Run `work` and answer with its result, or with its error (shown by the engine). */
function unary<Req, Res>(work: (req: Req) => Promise<Res>): Unary<Req, Res> {
  return (call, callback) => {
    work(call.request).then((res) => callback(null, res), (e: Error) => {
      process.stderr.write(`[webex-wholesale] ${e.stack ?? e.message}\n`);
      callback({ code: grpc.status.UNKNOWN, details: e.message }, null);
    });
  };
}

const KIND = provproto.PropertyDiff.Kind;

function diffResponse(d: DetailedDiffResult): provproto.DiffResponse {
  const resp = new provproto.DiffResponse();
  resp.setChanges(d.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE);
  resp.setReplacesList(d.replaces ? [...d.replaces] : []);
  resp.setDeletebeforereplace(!!d.deleteBeforeReplace);
  resp.setDiffsList(Object.keys(d.detailedDiff));
  resp.setHasdetaileddiff(true);
  const map = resp.getDetaileddiffMap();
  for (const [key, kind] of Object.entries(d.detailedDiff)) {
    map.set(key, new provproto.PropertyDiff().setKind(KIND[kind]).setInputdiff(true));
  }
  return resp;
}

/** Provider inputs of a Configure request: the struct, or (older engines) the config variables. */
function configureInputs(req: provproto.ConfigureRequest): ProviderInputs {
  const args = req.getArgs();
  if (args) return args.toJavaScript() as ProviderInputs;
  // Variables are keyed `webex-wholesale:config:<key>`.
  return Object.fromEntries(req.getVariablesMap().toArray().map(([k, v]) => [k.slice(k.lastIndexOf(":") + 1), v]));
}

/** Pulumi's own handler of `method` (a method of its server object). */
type Handler = (call: grpcTypes.ServerUnaryCall<unknown, unknown>, callback: grpcTypes.sendUnaryData<unknown>) => void;

/** The handlers @pulumi/pulumi's server lacks, bound to `provider`; `base` is Pulumi's server object. */
function extraHandlers(provider: WholesaleProvider, base: Record<string, Handler>) {
  return {
    checkConfig: unary(async (req: provproto.CheckRequest) => {
      const r = await provider.checkConfig(req.getOlds()?.toJavaScript() ?? {}, req.getNews()?.toJavaScript() ?? {});
      const resp = new provproto.CheckResponse();
      resp.setInputs(Struct.fromJavaScript(r.inputs as Record<string, never>));
      resp.setFailuresList(r.failures.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason)));
      return resp;
    }),
    diffConfig: unary(async (req: provproto.DiffRequest) =>
      diffResponse(await provider.diffConfig(req.getOlds()?.toJavaScript() ?? {}, req.getNews()?.toJavaScript() ?? {}))),
    configure: unary(async (req: provproto.ConfigureRequest) => {
      await provider.configure(configureInputs(req));
      // Plain values in CRUD calls: the engine keeps secretness of outputs by input key itself.
      // Previews of Create/Update are answered below without API calls.
      return new provproto.ConfigureResponse().setAcceptsecrets(false).setSupportspreview(true)
        .setAcceptresources(false).setAcceptoutputs(false);
    }),
    // At preview a new object's outputs are unknown (the engine's answer without preview support).
    create(call: grpcTypes.ServerUnaryCall<provproto.CreateRequest, provproto.CreateResponse>, callback: grpcTypes.sendUnaryData<provproto.CreateResponse>) {
      if (!call.request.getPreview()) return base.create!.call(base, call, callback as grpcTypes.sendUnaryData<unknown>);
      unary(async (req: provproto.CreateRequest) => {
        const outs = provider.previewCreate(req.getUrn(), req.getProperties()?.toJavaScript() ?? {});
        return new provproto.CreateResponse().setProperties(Struct.fromJavaScript(outs as Record<string, never>));
      })(call, callback);
    },
    // At preview an update keeps the outputs the service assigned, so that e.g. a template's
    // provisioningId stays known and its customers are not shown as replaced.
    update(call: grpcTypes.ServerUnaryCall<provproto.UpdateRequest, provproto.UpdateResponse>, callback: grpcTypes.sendUnaryData<provproto.UpdateResponse>) {
      if (!call.request.getPreview()) return base.update!.call(base, call, callback as grpcTypes.sendUnaryData<unknown>);
      unary(async (req: provproto.UpdateRequest) => {
        const outs = provider.previewUpdate(req.getUrn(), req.getOlds()?.toJavaScript() ?? {}, req.getNews()?.toJavaScript() ?? {});
        return new provproto.UpdateResponse().setProperties(Struct.fromJavaScript(outs as Record<string, never>));
      })(call, callback);
    },
    diff: unary(async (req: provproto.DiffRequest) =>
      diffResponse(await provider.diff(req.getId(), req.getUrn(), req.getOlds()?.toJavaScript() ?? {}, req.getNews()?.toJavaScript() ?? {}))),
  };
}

/**
 * Start the plugin: `provider.main` binds 127.0.0.1:0 and prints the port for the engine. Its
 * service object is extended while `main` registers it (synchronously, before its first await).
 */
export function serve(provider: WholesaleProvider, args: string[]): Promise<void> {
  const proto = grpc.Server.prototype;
  const addService = proto.addService;
  proto.addService = function (this: grpcTypes.Server, service: grpcTypes.ServiceDefinition, implementation: grpcTypes.UntypedServiceImplementation) {
    // Object.create keeps Pulumi's handlers (and their `this`) reachable through the prototype.
    const impl = service === ResourceProviderService
      ? Object.assign(Object.create(implementation), extraHandlers(provider, implementation as Record<string, Handler>))
      : implementation;
    addService.call(this, service, impl);
  };
  try {
    return pulumi.provider.main(provider, args);
  } finally {
    proto.addService = addService;
  }
}
