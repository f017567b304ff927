#!/usr/bin/env node
// Renders `pulumi preview --json` as the Markdown of a pull-request comment: a table of creates,
// updates, replaces and deletes, and every destructive step (a delete or a replacement deprovisions
// a customer or a user in Webex) called out by name, so a reviewer sees it before merging.
//
//   pulumi preview --json --stack prod > plan.json; node scripts/plan-summary.cjs plan.json prod > plan.md
//
// Exit code: 0 when the plan could be rendered (even with destructive steps), 1 when the preview
// failed (its errors are rendered instead), 2 on bad usage. No dependencies: plain Node.js.
"use strict";
const fs = require("fs");

/** The four kinds a reviewer counts, in table order. */
const KINDS = ["create", "update", "replace", "delete"];

/** Pulumi step ops by the kind they count as (a replacement shows as several ops on one URN). */
const KIND_OF_OP = {
  create: "create", import: "create",
  update: "update",
  replace: "replace", "create-replacement": "replace", "delete-replaced": "replace",
  "import-replacement": "replace", "discard-replaced": "replace",
  delete: "delete", discard: "delete",
};

/** Kinds that lose something that exists today. */
const DESTRUCTIVE = new Set(["replace", "delete"]);

/** Type and name of a URN (urn:pulumi:stack::project::type::name), dynamic-provider prefix dropped. */
function resourceLabel(urn) {
  const parts = String(urn).split("::");
  const type = (parts[parts.length - 2] ?? "?").split("$").pop().replace(/^pulumi-nodejs:dynamic\//, "");
  return { type, name: parts[parts.length - 1] ?? String(urn) };
}

/** The stack itself and provider instances: Pulumi's bookkeeping, not something in Webex. */
function isBookkeeping(urn) {
  const { type } = resourceLabel(urn);
  return type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:");
}

/**
 * Summarises a parsed `pulumi preview --json` document: counts per kind (one per resource), the
 * destructive steps (with the properties that force a replacement), the preview's errors and
 * warnings. Note: Pulumi's JSON lists a replaced resource once; what its replacement deletes with
 * it (a customer's users) is in the provider's warning, not in the steps.
 */
function summarize(preview) {
  const byUrn = new Map();
  for (const step of preview.steps ?? []) {
    const kind = KIND_OF_OP[step.op];
    if (!kind || isBookkeeping(step.urn)) continue;
    const seen = byUrn.get(step.urn);
    // replace wins over the create/delete halves of the same resource's replacement.
    if (!seen || kind === "replace") {
      byUrn.set(step.urn, { kind, urn: step.urn, reasons: step.replaceReasons ?? seen?.reasons ?? [], ...resourceLabel(step.urn) });
    } else if (step.replaceReasons && !seen.reasons.length) {
      seen.reasons = step.replaceReasons;
    }
  }
  const counts = Object.fromEntries(KINDS.map((k) => [k, 0]));
  for (const r of byUrn.values()) counts[r.kind] += 1;
  const destructive = [...byUrn.values()].filter((r) => DESTRUCTIVE.has(r.kind)).sort((a, b) => a.urn.localeCompare(b.urn));
  const messages = (sev) => (preview.diagnostics ?? []).filter(sev).map((d) => String(d.message ?? "").trim());
  const errors = messages((d) => d.severity === "error");
  // The provider explains what a replacement loses (e.g. a customer's users) in warnings.
  const warnings = [...new Set(messages((d) => d.severity === "warning" || /\bWARNING\b/.test(String(d.message))))];
  return { counts, destructive, errors, warnings };
}

/** Markdown for a summary; `marker` (an HTML comment) lets the workflow find and edit its comment. */
function render(summary, stack) {
  const lines = [`<!-- webex-wholesale-plan:${stack} -->`, `### Pulumi plan for stack \`${stack}\``, ""];
  if (summary.errors.length) {
    lines.push("**The preview failed.** Nothing can be merged until it passes:", "", "```", ...summary.errors, "```");
    return lines.join("\n") + "\n";
  }
  lines.push("| Creates | Updates | Replaces | Deletes |", "|---:|---:|---:|---:|",
    `| ${KINDS.map((k) => summary.counts[k]).join(" | ")} |`, "");
  if (summary.destructive.length === 0) {
    lines.push("No destructive steps: nothing is deleted or replaced.");
  } else {
    lines.push(`> [!CAUTION]`, `> **${summary.destructive.length} destructive step(s):** a delete or a replacement deprovisions what exists in Webex today.`, "");
    for (const r of summary.destructive) {
      const why = r.reasons.length ? ` (replaced because of: ${r.reasons.map((p) => `\`${p}\``).join(", ")})` : "";
      lines.push(`- **${r.kind}** \`${r.type}\` \`${r.name}\`${why}`);
    }
  }
  if (summary.warnings.length) {
    lines.push("", "Warnings:", "", ...summary.warnings.map((w) => `- ${w.replace(/\s+/g, " ")}`));
  }
  return lines.join("\n") + "\n";
}

/** Parses preview JSON text; the CLI may print warnings before the document. */
function parsePreview(text) {
  const start = text.indexOf("{");
  if (start === -1) throw new Error("no JSON document in the preview output");
  return JSON.parse(text.slice(start));
}

if (require.main === module) {
  const [file, stack = process.env.PULUMI_STACK ?? "stack"] = process.argv.slice(2);
  if (!file) {
    console.error("usage: plan-summary.cjs <preview.json|-> [stack]");
    process.exit(2);
  }
  const summary = summarize(parsePreview(fs.readFileSync(file === "-" ? 0 : file, "utf8")));
  process.stdout.write(render(summary, stack));
  process.exitCode = summary.errors.length ? 1 : 0;
}

module.exports = { summarize, render, parsePreview, resourceLabel, isBookkeeping, KINDS };
