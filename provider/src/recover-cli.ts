#!/usr/bin/env node
// The `webex-wholesale-recover` command: after an interrupted `pulumi up`, read the exported stack,
// settle every pending create of our resources against the service, and write the stack to
// import back (see lifecycle/recovery.ts and the README's "Interrupted run").
import { getClient } from "./client";
import { settingsFromConfig } from "./config";
import { engine } from "./engine";

const HELP = `webex-wholesale-recover — settle the pending creates an interrupted \`pulumi up\` left

Usage: webex-wholesale-recover < exported.json > recovered.json

Reads \`pulumi stack export\` on stdin. For every pending create of a webex-wholesale resource, looks
up its unique key (template name, customer externalId, location name, user email): an object that
exists becomes a resource of the stack with its id, a create that never happened is dropped. Writes the stack for
\`pulumi stack import\` on stdout and what it did on stderr. Then: pulumi refresh, pulumi up.
Endpoint and token: WEBEX_WHOLESALE_BASE_URL and WEBEX_WHOLESALE_TOKEN (e.g. from
\`pulumi config get webex-wholesale:baseUrl\` and \`pulumi config get webex-wholesale:token\`).`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(argv: string[]): Promise<number> {
  if (argv.length > 0 || process.stdin.isTTY) {
    console.error(HELP);
    return argv.length === 1 && ["--help", "-h"].includes(argv[0]!) ? 0 : 2;
  }
  const exported = JSON.parse(await readStdin()) as unknown;
  const log = (msg: string) => process.stderr.write(`${msg}\n`);
  const client = getClient(settingsFromConfig(() => undefined), log);
  const { stack, resolved } = await engine.resolvePendingCreates(exported, { client, log });
  for (const p of resolved) {
    const what = `${p.kind} ${p.key} (${p.urn})`;
    log(p.action === "adopted" ? `${what}: was created as ${p.id}, added to the stack`
      : p.reason ? `${what}: pending create dropped, ${p.reason}` : `${what}: was not created, pending create dropped`);
  }
  if (resolved.length === 0) log("no pending creates of webex-wholesale resources");
  process.stdout.write(JSON.stringify(stack, null, 4) + "\n");
  return 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: Error) => {
  process.stderr.write(`webex-wholesale-recover: ${e.message}\n`);
  process.exitCode = 1;
});
