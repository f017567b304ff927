#!/usr/bin/env node
// Project-owned, minimal Pulumi language host for Node.js programs ("pulumi-language-nodejs").
//
// Why this exists: the upstream Go module that provides the real host
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) is not served by the Go
// module proxy this project can reach (403 "This module version is not available."; see
// tools/README.md). The Pulumi CLI itself (built from pkg/v3) only needs *some* executable named
// `pulumi-language-nodejs` on PATH that speaks the LanguageRuntime gRPC service. This file is an
// independent implementation of that protocol, written for this project; it delegates the actual
// program execution to `@pulumi/pulumi/cmd/run`, exactly as the protocol expects.
//
// Startup protocol (what the CLI does):
//   the CLI spawns `pulumi-language-nodejs [--logtostderr] [-v=N] [--tracing URL] <engine-address>`
//   with cwd = the program's root directory, then reads ONE line from our stdout: the TCP port
//   of our (insecure, loopback) gRPC server. Everything we print later on stdout/stderr is shown
//   to the user as program output (info / info-error).
//
// Implemented RPCs: Handshake, GetPluginInfo, GetRequiredPlugins, GetRequiredPackages, Run,
// InstallDependencies (npm only), About, GetProgramDependencies, RuntimeOptionsPrompts, Cancel.
// Everything else (Template, RunPlugin, GenerateProgram/Project/Package, Pack, Link) answers
// UNIMPLEMENTED (grpc-js's default for methods without a handler).
"use strict";

const fs = require("fs");
const path = require("path");
const { spawn } = require("child_process");

// ---------------------------------------------------------------------------------------------
// Module resolution: use the program's (cwd's) @pulumi/pulumi if it has one, else the one next
// to this file (the repository's node_modules). @grpc/grpc-js MUST be the copy that the
// generated stubs require (credentials/Server objects are checked with instanceof).
// ---------------------------------------------------------------------------------------------
function resolveFrom(request, bases) {
    for (const base of bases) {
        try {
            return require.resolve(request, { paths: [base] });
        } catch (_) {
            /* try the next base */
        }
    }
    throw new Error(`cannot resolve '${request}' from ${bases.join(", ")}`);
}

const searchBases = [process.cwd(), __dirname];
const langGrpcPath = resolveFrom("@pulumi/pulumi/proto/language_grpc_pb", searchBases);
const protoDir = path.dirname(langGrpcPath);
const grpc = require(resolveFrom("@grpc/grpc-js", [protoDir]));
const langrpc = require(langGrpcPath);
const langproto = require(path.join(protoDir, "language_pb.js"));
const pluginproto = require(path.join(protoDir, "plugin_pb.js"));
const { Empty } = require(resolveFrom("google-protobuf/google/protobuf/empty_pb.js", [protoDir]));
const sdkPackageJson = JSON.parse(
    fs.readFileSync(resolveFrom("@pulumi/pulumi/package.json", searchBases), "utf8"),
);

// Exit code with which @pulumi/pulumi/cmd/run says "the user already saw an actionable message".
const EXIT_ALREADY_REPORTED = 32;

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------
function parseArgs(argv) {
    const opts = { tracing: "", verbose: 0, engineAddress: "", showVersion: false, runtime: "nodejs" };
    const positional = [];
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const body = a.replace(/^--?/, "");
        const eq = body.indexOf("=");
        const flag = eq === -1 ? body : body.slice(0, eq);
        const inline = eq === -1 ? undefined : body.slice(eq + 1);
        if (!a.startsWith("-")) {
            positional.push(a);
        } else if (flag === "tracing" || flag === "runtime") {
            opts[flag] = inline !== undefined ? inline : argv[++i];
        } else if (flag === "v") {
            opts.verbose = Number(inline !== undefined ? inline : argv[++i]) || 0;
        } else if (flag === "version") {
            opts.showVersion = true;
        }
        // --logtostderr and unknown flags are accepted and ignored.
    }
    opts.engineAddress = positional.length > 0 ? positional[positional.length - 1] : "";
    return opts;
}

const options = parseArgs(process.argv.slice(2));
const state = { engineAddress: options.engineAddress, children: new Set() };

function debug(msg) {
    if (options.verbose >= 5 || process.env.PULUMI_LANGUAGE_HOST_DEBUG) {
        process.stderr.write(`[pulumi-language-nodejs] ${msg}\n`);
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------
function programInfo(req) {
    const info = req.getInfo && req.getInfo();
    if (!info) {
        return { rootDirectory: process.cwd(), programDirectory: process.cwd(), entryPoint: ".", options: {} };
    }
    const opts = info.getOptions();
    return {
        rootDirectory: info.getRootDirectory() || process.cwd(),
        programDirectory: info.getProgramDirectory() || info.getRootDirectory() || process.cwd(),
        entryPoint: info.getEntryPoint() || ".",
        options: opts ? opts.toJavaScript() : {},
    };
}

function nodeOptions(raw) {
    const o = { typescript: true, tsconfig: "", nodeargs: "", packagemanager: "auto" };
    if (raw.typescript !== undefined) {
        if (typeof raw.typescript !== "boolean") throw new Error("typescript option must be a boolean");
        o.typescript = raw.typescript;
    }
    if (raw.tsconfig !== undefined) {
        if (typeof raw.tsconfig !== "string") throw new Error("tsconfig option must be a string");
        o.tsconfig = raw.tsconfig;
    }
    if (raw.nodeargs !== undefined) {
        if (typeof raw.nodeargs !== "string") throw new Error("nodeargs option must be a string");
        o.nodeargs = raw.nodeargs;
    }
    if (raw.packagemanager !== undefined) o.packagemanager = String(raw.packagemanager);
    return o;
}

// Minimal shell-like word splitting for runtime.options.nodeargs (quotes and backslashes).
function splitWords(s) {
    const words = [];
    let cur = "";
    let quote = null;
    let has = false;
    for (let i = 0; i < s.length; i++) {
        const c = s[i];
        if (quote) {
            if (c === quote) quote = null;
            else if (c === "\\" && quote === '"' && i + 1 < s.length) cur += s[++i];
            else cur += c;
        } else if (c === "'" || c === '"') {
            quote = c;
            has = true;
        } else if (c === "\\" && i + 1 < s.length) {
            cur += s[++i];
            has = true;
        } else if (/\s/.test(c)) {
            if (has || cur) words.push(cur);
            cur = "";
            has = false;
        } else {
            cur += c;
        }
    }
    if (quote) throw new Error(`unterminated quote in nodeargs: ${s}`);
    if (has || cur) words.push(cur);
    return words;
}

// The Node SDK reads config from PULUMI_CONFIG with keys in the legacy "<ns>:config:<name>" form
// (it understands both, the reference host sends the legacy one).
function legacyConfigKey(key) {
    const parts = key.split(":");
    if (parts.length === 3 && parts[1] === "config") return key;
    const i = key.indexOf(":");
    if (i <= 0) throw new Error(`invalid config key '${key}': expected <namespace>:<name>`);
    return `${key.slice(0, i)}:config:${key.slice(i + 1)}`;
}

function readJson(file) {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (_) {
        return undefined;
    }
}

function grpcError(code, message) {
    const e = new Error(message);
    e.code = code;
    e.details = message;
    return e;
}

function wrapUnary(name, fn) {
    return (call, callback) => {
        Promise.resolve()
            .then(() => fn(call.request, call))
            .then(
                (res) => callback(null, res),
                (err) => {
                    debug(`${name} failed: ${err && err.stack}`);
                    callback(
                        typeof err.code === "number" ? err : grpcError(grpc.status.UNKNOWN, String(err.message || err)),
                    );
                },
            );
    };
}

// ---------------------------------------------------------------------------------------------
// Required packages: resource plugins that packages installed in the program's node_modules
// declare (package.json "pulumi": {"resource": true, ...}). Dynamic providers need none: the
// CLI treats `pulumi-nodejs` as bundled and runs `pulumi-resource-pulumi-nodejs` from PATH.
// ---------------------------------------------------------------------------------------------
function findPluginPackages(programDirectory) {
    const found = new Map();
    const visited = new Set();
    const walk = (dir, depth) => {
        let real;
        try {
            real = fs.realpathSync(dir);
        } catch (_) {
            return;
        }
        if (visited.has(real) || depth > 12) return;
        visited.add(real);
        let entries;
        try {
            entries = fs.readdirSync(real, { withFileTypes: true });
        } catch (_) {
            return;
        }
        for (const ent of entries) {
            if (ent.name.startsWith(".")) continue;
            const full = path.join(real, ent.name);
            let isDir = ent.isDirectory();
            if (ent.isSymbolicLink()) {
                try {
                    isDir = fs.statSync(full).isDirectory();
                } catch (_) {
                    continue;
                }
            }
            if (!isDir) continue;
            if (ent.name.startsWith("@")) {
                walk(full, depth + 1); // scope directory
                continue;
            }
            const pkg = readJson(path.join(full, "package.json"));
            if (pkg && pkg.pulumi && pkg.pulumi.resource === true) {
                let name = pkg.pulumi.name || String(pkg.name || "").replace(/^@pulumi\//, "");
                name = name.replace(/^pulumi-resource-/, "");
                let version = pkg.pulumi.version || pkg.version || "";
                if (version && !version.startsWith("v")) version = `v${version}`;
                const key = `${name}@${version}`;
                if (name && !found.has(key)) {
                    found.set(key, { name, version, server: pkg.pulumi.server || "" });
                }
            }
            walk(path.join(full, "node_modules"), depth + 1);
        }
    };
    walk(path.join(programDirectory, "node_modules"), 0);
    return [...found.values()];
}

// ---------------------------------------------------------------------------------------------
// RPC implementations
// ---------------------------------------------------------------------------------------------
const impl = {};

impl.handshake = wrapUnary("Handshake", (req) => {
    if (req.getEngineAddress()) state.engineAddress = req.getEngineAddress();
    return new langproto.LanguageHandshakeResponse();
});

impl.getPluginInfo = wrapUnary("GetPluginInfo", () => {
    const res = new pluginproto.PluginInfo();
    // We report the version of the @pulumi/pulumi SDK whose `cmd/run` we drive.
    res.setVersion(sdkPackageJson.version);
    return res;
});

// The same list answers both the current and the legacy RPC; only the message classes differ.
function pluginDependencies(req, Dependency) {
    return findPluginPackages(programInfo(req).programDirectory).map((p) => {
        const d = new Dependency();
        d.setName(p.name);
        d.setKind("resource");
        d.setVersion(p.version);
        d.setServer(p.server);
        return d;
    });
}

impl.getRequiredPackages = wrapUnary("GetRequiredPackages", (req) => {
    const res = new langproto.GetRequiredPackagesResponse();
    res.setPackagesList(pluginDependencies(req, pluginproto.PackageDependency));
    return res;
});

impl.getRequiredPlugins = wrapUnary("GetRequiredPlugins", (req) => {
    const res = new langproto.GetRequiredPluginsResponse();
    res.setPluginsList(pluginDependencies(req, pluginproto.PluginDependency));
    return res;
});

impl.runtimeOptionsPrompts = wrapUnary("RuntimeOptionsPrompts", () => new langproto.RuntimeOptionsResponse());

impl.cancel = wrapUnary("Cancel", () => {
    for (const child of state.children) child.kill("SIGINT");
    return new Empty();
});

impl.about = wrapUnary("About", (req) => {
    const info = programInfo(req);
    const res = new langproto.AboutResponse();
    res.setExecutable(process.execPath);
    res.setVersion(process.version);
    const md = res.getMetadataMap();
    md.set("packagemanager", "npm");
    md.set("languageHost", "project-owned (tools/language-host)");
    try {
        const tsPkg = require.resolve("typescript/package.json", { paths: [info.programDirectory] });
        md.set("typescriptVersion", readJson(tsPkg).version);
    } catch (_) {
        /* no typescript */
    }
    return res;
});

impl.getProgramDependencies = wrapUnary("GetProgramDependencies", (req) => {
    const info = programInfo(req);
    const pkg = readJson(path.join(info.programDirectory, "package.json")) || {};
    const names = new Set([...Object.keys(pkg.dependencies || {}), ...Object.keys(pkg.devDependencies || {})]);
    const res = new langproto.GetProgramDependenciesResponse();
    const deps = [];
    for (const name of [...names].sort()) {
        let version = "";
        try {
            version = readJson(require.resolve(`${name}/package.json`, { paths: [info.programDirectory] })).version;
        } catch (_) {
            version = (pkg.dependencies || {})[name] || (pkg.devDependencies || {})[name] || "";
        }
        const d = new langproto.DependencyInfo();
        d.setName(name);
        d.setVersion(version);
        deps.push(d);
    }
    res.setDependenciesList(deps);
    return res;
});

impl.installDependencies = (call) => {
    const req = call.request;
    const info = programInfo(req);
    const dir = req.getDirectory() || info.programDirectory;
    const send = (stream, text) => {
        const msg = new langproto.InstallDependenciesResponse();
        if (stream === "stdout") msg.setStdout(Buffer.from(text));
        else msg.setStderr(Buffer.from(text));
        call.write(msg);
    };
    if (!fs.existsSync(path.join(dir, "package.json"))) {
        send("stdout", `No package.json in ${dir}; nothing to install.\n`);
        call.end();
        return;
    }
    send("stdout", "Installing dependencies with npm...\n\n");
    const child = spawn("npm", ["install", "--no-audit", "--no-fund"], {
        cwd: dir,
        env: process.env,
        stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (b) => send("stdout", b));
    child.stderr.on("data", (b) => send("stderr", b));
    child.on("error", (err) => call.destroy(grpcError(grpc.status.UNKNOWN, `npm install failed: ${err.message}`)));
    child.on("close", (code) => {
        if (code === 0) {
            send("stdout", "Finished installing dependencies\n");
            call.end();
        } else {
            call.destroy(grpcError(grpc.status.UNKNOWN, `npm install exited with code ${code}`));
        }
    });
};

impl.run = (call, callback) => {
    const req = call.request;
    let child;
    const reply = (error, bail) => {
        const res = new langproto.RunResponse();
        res.setError(error || "");
        res.setBail(!!bail);
        callback(null, res);
    };
    try {
        const info = programInfo(req);
        const opts = nodeOptions(info.options);

        let runPath = process.env.PULUMI_LANGUAGE_NODEJS_RUN_PATH || "@pulumi/pulumi/cmd/run";
        try {
            runPath = require.resolve(runPath, { paths: [info.programDirectory] });
        } catch (e) {
            reply(
                `It looks like the Pulumi SDK has not been installed. Have you run npm install or yarn install? ` +
                    `(cannot resolve ${runPath} from ${info.programDirectory}: ${e.message})`,
            );
            return;
        }

        const args = [...splitWords(opts.nodeargs), runPath];
        const add = (k, v) => {
            if (v !== undefined && v !== null && v !== "") args.push(`--${k}`, String(v));
        };
        add("monitor", req.getMonitorAddress());
        add("engine", state.engineAddress);
        add("organization", req.getOrganization());
        add("project", req.getProject());
        add("root-directory", info.rootDirectory);
        add("stack", req.getStack());
        add("pwd", info.programDirectory);
        if (req.getDryrun()) args.push("--dry-run");
        add("parallel", String(req.getParallel()));
        add("tracing", options.tracing);
        args.push(info.entryPoint);
        args.push(...req.getArgsList());

        const config = {};
        for (const [k, v] of req.getConfigMap().toArray()) config[legacyConfigKey(k)] = v;
        const env = {
            ...process.env,
            PULUMI_CONFIG: JSON.stringify(config),
            PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.getConfigsecretkeysList()),
        };
        delete env.PULUMI_NODEJS_TYPESCRIPT;
        delete env.PULUMI_NODEJS_TSCONFIG_PATH;
        if (opts.typescript) env.PULUMI_NODEJS_TYPESCRIPT = "true";
        if (opts.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = opts.tsconfig;

        debug(`Run: ${process.execPath} ${args.join(" ")}`);
        // stdout/stderr are inherited: the CLI shows them as the program's output.
        child = spawn(process.execPath, args, { cwd: info.programDirectory, env, stdio: ["ignore", "inherit", "inherit"] });
    } catch (e) {
        reply(`language host could not start the program: ${e.message}`);
        return;
    }

    state.children.add(child);
    let done = false;
    const finish = (error, bail) => {
        if (done) return;
        done = true;
        state.children.delete(child);
        reply(error, bail);
    };
    // The engine cancelled the Run call (e.g. Ctrl-C): interrupt the program, then kill it.
    call.on("cancelled", () => {
        if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGINT");
            setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), 5000).unref();
        }
    });
    child.on("error", (err) =>
        finish(`Problem executing program (could not run language executor): ${err.message}`),
    );
    child.on("exit", (code, signal) => {
        if (code === 0) finish("");
        else if (code === EXIT_ALREADY_REPORTED) finish("", true);
        else if (signal) finish(`Program exited with signal ${signal}`);
        else finish(`Program exited with non-zero exit code: ${code}`);
    });
};

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------
function main() {
    if (options.showVersion) {
        process.stdout.write(`${sdkPackageJson.version}\n`);
        return;
    }
    const server = new grpc.Server({
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
        "grpc.max_send_message_length": 400 * 1024 * 1024,
    });
    server.addService(langrpc.LanguageRuntimeService, impl);
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
        if (err) {
            process.stderr.write(`could not start language host RPC server: ${err.message}\n`);
            process.exit(1);
        }
        // The one line the CLI waits for.
        process.stdout.write(`${port}\n`);
    });

    // Go away with the CLI: it normally kills us, but if it dies we get re-parented.
    const parent = process.ppid;
    setInterval(() => {
        if (process.ppid !== parent) {
            for (const child of state.children) child.kill("SIGKILL");
            process.exit(0);
        }
    }, 1000).unref();
    const stop = () => {
        for (const child of state.children) child.kill("SIGINT");
        server.forceShutdown();
        process.exit(0);
    };
    // The CLI shuts plugins down by sending SIGINT to the plugin's process group (then SIGKILL after
    // 5 s): exit promptly. A running program is in our process group and gets the SIGINT as well.
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
}

main();
