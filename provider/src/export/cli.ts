#!/usr/bin/env node
// The `webex-wholesale-export` command: read a partner's estate (never writing to the API) and
// write an inventory, a ready-to-run program adopting it, and a `pulumi import --file` document.
import * as path from "node:path";
import * as wire from "webex-wholesale-wire";
import { clientStats, getClient, WholesaleApiError } from "../client";
import { settingsFromConfig } from "../config";
import { readEstate, type EstateFilter } from "./estate";
import { prepareTarget, removePendingFiles, writeFiles } from "./files";
import { programFiles } from "./program";
import { progressFor } from "./progress";
import { translate } from "./translate";

const HELP = `webex-wholesale-export — bring an existing Webex for Wholesale estate under code

Usage: webex-wholesale-export --out <dir> [--customer <externalId|glob>]... [--status <status>] [--max <n>] [--force] [--provider <npm spec>]

Reads templates (where the API has a template API), customers, their users and their locations
through the provider's client (WEBEX_WHOLESALE_BASE_URL, WEBEX_WHOLESALE_TOKEN and the other
WEBEX_WHOLESALE_* settings, its rate limit included) and writes into <dir>: inventory.json, a
TypeScript program declaring it with adopt on (index.ts, Pulumi.yaml, package.json), import.json
for \`pulumi import --file\`, and README.md. It never writes to the API.

  --out <dir>          target folder; refused when not empty, unless --force
  --customer <pattern> only customers whose externalId matches (* and ? are globs); repeatable
  --status <status>    only customers in this status, e.g. provisioned
  --max <n>            at most n customers (the first by externalId)
  --force              write into a non-empty folder (the export's own files are replaced)
  --provider <spec>    what the program's package.json installs ${"pulumi-webex-wholesale"} from (default: this version)`;

/** Parsed command line. */
interface Options {
  out: string;
  filter: EstateFilter;
  force: boolean;
  provider?: string;
}

/** A mistake on the command line (exit code 2, with the usage). */
class UsageError extends Error {}

function parseArgs(argv: string[]): Options | "help" {
  const filter: EstateFilter = { customers: [] };
  let out: string | undefined;
  let force = false;
  let provider: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--help": case "-h": return "help";
      case "--out": out = value(); break;
      case "--customer": filter.customers.push(value()); break;
      case "--status": {
        const s = wire.CustomerStatus.safeParse(value());
        if (!s.success) throw new UsageError(`--status must be one of ${wire.CustomerStatus.options.join(", ")}`);
        filter.status = s.data;
        break;
      }
      case "--max": {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`--max must be a positive integer, got ${v}`);
        filter.max = Number(v);
        break;
      }
      case "--force": force = true; break;
      case "--provider": provider = value(); break;
      default: throw new UsageError(`unknown argument ${flag}`);
    }
  }
  if (!out) throw new UsageError("--out <dir> is required");
  return { out: path.resolve(out), filter, force, provider };
}

/** What a failure says: a refused token in plain words, everything else as the client put it. */
function explain(e: unknown): string {
  if (e instanceof WholesaleApiError && (e.status === 401 || e.status === 403)) {
    return `the API refused the token (${e.status}${e.trackingId ? `, trackingId ${e.trackingId}` : ""}): check WEBEX_WHOLESALE_TOKEN (a partner administrator's token with the wholesale read scopes). Nothing was written.`;
  }
  return `${(e as Error).message}. Nothing was written.`;
}

async function main(argv: string[]): Promise<number> {
  let opts: Options | "help";
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`webex-wholesale-export: ${e.message}\n\n${HELP}\n`);
    return 2;
  }
  if (opts === "help") {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  // Settings and target first: a missing token or a non-empty folder fails before any request.
  const settings = settingsFromConfig(() => undefined);
  prepareTarget(opts.out, opts.force);
  const progress = progressFor(process.stderr);
  const client = getClient(settings, (msg) => process.stderr.write(`webex-wholesale-export: ${msg}\n`));
  const started = Date.now();
  let estate;
  try {
    estate = await readEstate(client, opts.filter, (done, total, c) => progress.step(done, total, c.externalId));
  } finally {
    progress.end();
  }
  const translation = await translate(estate);
  writeFiles(opts.out, programFiles(translation, opts.provider));
  const inv = translation.inventory;
  const users = inv.customers.reduce((n, c) => n + (c.users?.length ?? 0), 0);
  const requests = Object.values(clientStats.requests).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `exported ${inv.templates.length} template(s), ${inv.customers.length} customer(s), ${users} user(s) to ${opts.out} ` +
    `with ${requests} request(s) in ${((Date.now() - started) / 1000).toFixed(1)} s` +
    `${inv.notes!.notExported.length ? `; ${inv.notes!.notExported.length} object(s) not exported (see README.md)` : ""}` +
    `${inv.notes!.fillIn.length ? `; ${inv.notes!.fillIn.length} value(s) to fill in (see README.md)` : ""}\n`,
  );
  return 0;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    removePendingFiles();
    process.stderr.write(`webex-wholesale-export: interrupted; no file was left half-written\n`);
    process.exit(130);
  });
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: unknown) => {
  process.stderr.write(`webex-wholesale-export: ${explain(e)}\n`);
  process.exitCode = 1;
});
