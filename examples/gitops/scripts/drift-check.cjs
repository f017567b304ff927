#!/usr/bin/env node
// Nightly drift check: reads `pulumi refresh --preview-only --json` (what a refresh would change in
// the state to match what is live in Webex, without changing anything) and reports every resource
// that drifted: deleted or changed outside of git (e.g. in Partner Hub).
//
//   pulumi refresh --preview-only --json --stack prod > refresh.json; node scripts/drift-check.cjs refresh.json prod
//
// Prints a Markdown report. Exit code: 0 no drift, 1 drift, 2 the refresh failed or bad usage.
"use strict";
const fs = require("fs");
const { parsePreview, resourceLabel, isBookkeeping } = require("./plan-summary.cjs");

/** Stable JSON (sorted keys) to compare two states' outputs. */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  return JSON.stringify(v);
}

/** The drifted resources of a parsed refresh preview: { kind: "deleted" | "changed", type, name, urn }. */
function detectDrift(refresh) {
  const drifted = [];
  for (const step of refresh.steps ?? []) {
    if (isBookkeeping(step.urn)) continue;
    const gone = step.op === "delete" || (step.oldState && !step.newState);
    const changed = !gone && step.op !== "same" && (step.op !== "refresh" ||
      canonical(step.oldState?.outputs ?? {}) !== canonical(step.newState?.outputs ?? {}));
    if (gone || changed) drifted.push({ kind: gone ? "deleted" : "changed", urn: step.urn, ...resourceLabel(step.urn) });
  }
  const errors = (refresh.diagnostics ?? []).filter((d) => d.severity === "error").map((d) => String(d.message ?? "").trim());
  return { drifted: drifted.sort((a, b) => a.urn.localeCompare(b.urn)), errors };
}

/** Markdown report of a drift result. */
function renderDrift(result, stack) {
  const lines = [`### Drift check for stack \`${stack}\``, ""];
  if (result.errors.length) {
    lines.push("**The refresh failed**, so drift is unknown:", "", "```", ...result.errors, "```");
  } else if (result.drifted.length === 0) {
    lines.push("No drift: Webex matches the last `pulumi up`.");
  } else {
    lines.push(`**${result.drifted.length} resource(s) drifted** from the last \`pulumi up\` (changed outside of git):`, "");
    for (const d of result.drifted) lines.push(`- **${d.kind}** \`${d.type}\` \`${d.name}\``);
    lines.push("", "Either put the change into the inventory (a pull request), or run `pulumi up` to restore what git says.");
  }
  return lines.join("\n") + "\n";
}

if (require.main === module) {
  const [file, stack = process.env.PULUMI_STACK ?? "stack"] = process.argv.slice(2);
  if (!file) {
    console.error("usage: drift-check.cjs <refresh.json|-> [stack]");
    process.exit(2);
  }
  let result;
  try {
    result = detectDrift(parsePreview(fs.readFileSync(file === "-" ? 0 : file, "utf8")));
  } catch (e) {
    result = { drifted: [], errors: [`cannot read the refresh output: ${e.message}`] };
  }
  process.stdout.write(renderDrift(result, stack));
  process.exitCode = result.errors.length ? 2 : result.drifted.length ? 1 : 0;
}

module.exports = { detectDrift, renderDrift };
