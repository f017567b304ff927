// Renders the described resources as schema.json (Pulumi package schema), as TypeScript classes
// and argument types, and as README tables. Pure functions: scripts/generate.ts writes the files
// and a test fails when a committed file differs from what these produce.
import { CONFIG_NAMESPACE, CONFIG_VARIABLES } from "../config";
import * as wire from "webex-wholesale-wire";
import type { Registry } from "../lifecycle/registry";
import { describeFields, type FieldInfo, type TypeInfo } from "./describe";
import { secretFields } from "./meta";

const NAMED_ENUMS: Record<string, readonly string[]> = {
  CustomerPackage: wire.CustomerPackage.options,
  SubscriberPackage: wire.SubscriberPackage.options,
  AuthenticationMethod: wire.AuthenticationMethod.options,
  CustomerStatus: wire.CustomerStatus.options,
  SubscriberStatus: wire.SubscriberStatus.options,
};

function enumName(values: readonly string[]): string | undefined {
  const key = values.join("|");
  return Object.entries(NAMED_ENUMS).find(([, v]) => v.join("|") === key)?.[0];
}

const token = (name: string) => `${CONFIG_NAMESPACE}:index:${name}`;

// ---------- schema.json ----------
type Json = Record<string, unknown>;

function schemaType(t: TypeInfo, types: Json): Json {
  switch (t.kind) {
    case "string": case "number": case "integer": case "boolean": return { type: t.kind };
    case "enum": {
      const name = enumName(t.values);
      if (!name) return { type: "string" };
      types[token(name)] = { type: "string", description: `One of: ${t.values.join(", ")}.`, enum: t.values.map((value) => ({ value })) };
      return { $ref: `#/types/${token(name)}` };
    }
    case "array": return { type: "array", items: schemaType(t.items, types) };
    case "record": return { type: "object", additionalProperties: schemaType(t.values, types) };
    case "object": {
      if (!t.typeName) throw new Error("object-valued arguments need a typeName");
      const required = t.fields.filter((f) => !f.optional).map((f) => f.name);
      // No empty list: Pulumi drops it, and the schema a plugin serves should read back unchanged.
      types[token(t.typeName)] = {
        type: "object",
        properties: schemaProperties(t.fields, types),
        ...(required.length > 0 ? { required } : {}),
      };
      return { $ref: `#/types/${token(t.typeName)}` };
    }
  }
}

function schemaProperties(fields: FieldInfo[], types: Json): Json {
  return Object.fromEntries(fields.map((f) => [f.name, {
    ...schemaType(f.type, types),
    description: f.meta.description,
    ...(f.meta.replaceOnChange ? { willReplaceOnChanges: true } : {}),
    ...(f.meta.secret ? { secret: true } : {}),
  }]));
}

/** The Pulumi package schema of the registry's resources. */
export function renderPackageSchema(registry: Registry, version: string): Json {
  const types: Json = {};
  const resources: Json = {};
  for (const r of registry.modules) {
    const args = describeFields(r.args);
    const outs = describeFields(r.outputs);
    resources[token(r.name)] = {
      description: r.description,
      properties: schemaProperties([...args, ...outs], types),
      required: [...args, ...outs].filter((f) => !f.optional || f.type.kind === "boolean").map((f) => f.name),
      inputProperties: schemaProperties(args, types),
      requiredInputs: args.filter((f) => !f.optional).map((f) => f.name),
    };
  }
  const configVars = Object.fromEntries(CONFIG_VARIABLES.map((v) => [v.key, {
    type: v.type, description: `${v.description} Env: ${v.env}.`,
    ...(v.secret ? { secret: true } : {}), ...(v.default !== undefined ? { default: v.default } : {}),
  }]));
  return {
    name: CONFIG_NAMESPACE,
    displayName: "Webex for Wholesale",
    version,
    description: "Manage Cisco Webex for Wholesale onboarding templates, customer orgs and their users as code.",
    keywords: ["pulumi", "webex", "wholesale", "cisco", "category/utility"],
    license: "Apache-2.0",
    config: { variables: configVars, defaults: ["baseUrl", "token"] },
    provider: {
      description: "The provider's settings (stack config `webex-wholesale:<key>` or the environment).",
      inputProperties: configVars,
    },
    types: Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b))),
    resources,
    language: { nodejs: { packageName: "pulumi-webex-wholesale", dependencies: { "@pulumi/pulumi": "^3.139.0" } } },
  };
}

// ---------- TypeScript ----------
function tsType(t: TypeInfo, input: boolean, indent: string): string {
  const wrap = (s: string) => (input ? `pulumi.Input<${s}>` : s);
  switch (t.kind) {
    case "string": return wrap("string");
    case "number": case "integer": return wrap("number");
    case "boolean": return wrap("boolean");
    case "enum": return wrap(t.values.map((v) => JSON.stringify(v)).join(" | "));
    case "array": {
      // A union of items needs parentheses: ("a" | "b")[], not "a" | "b"[].
      const item = tsType(t.items, input, indent);
      return wrap(t.items.kind === "enum" && !input ? `(${item})[]` : `${item}[]`);
    }
    case "record": {
      const k = t.keys ? t.keys.map((v) => JSON.stringify(v)).join(" | ") : "string";
      return wrap(`Partial<Record<${k}, ${tsType(t.values, input, indent)}>>`);
    }
    case "object": return wrap(`{\n${tsFields(t.fields, input, `${indent}  `)}${indent}}`);
  }
}

function tsFields(fields: FieldInfo[], input: boolean, indent: string): string {
  return fields.map((f) => {
    // An optional input also takes an Output that may be undefined (e.g. org.locationId).
    const t = input && f.optional ? `pulumi.Input<${tsType(f.type, false, indent)} | undefined>` : tsType(f.type, input, indent);
    return `${indent}/** ${f.meta.description} */\n${indent}${f.name}${f.optional ? "?" : ""}: ${t};\n`;
  }).join("");
}

/** The TypeScript classes and argument interfaces of the registry's resources. */
export function renderTypeScript(registry: Registry): string {
  const parts: string[] = [
    "// GENERATED by scripts/generate.ts from the resource modules in provider/src/resources (the registry). Do not edit.\n",
    'import type * as pulumi from "@pulumi/pulumi";\nimport { DynamicResource } from "../lifecycle/dynamic";\nimport { registry } from "../resources";\n',
  ];
  for (const r of registry.modules) {
    const args = describeFields(r.args);
    const outs = describeFields(r.outputs);
    const replaced = new Set((r.classArgs ?? []).map((c) => c.replaces).filter(Boolean));
    const argFields = args.map((f) => (replaced.has(f.name) ? { ...f, optional: true } : f));
    const extra = (r.classArgs ?? []).map((c) => `  /** ${c.description} */\n  ${c.name}?: ${c.tsType};\n`).join("");
    parts.push(`/** Arguments of ${article(r.name)} ${r.name}. */\nexport interface ${r.name}Args {\n${tsFields(argFields, true, "  ")}${extra}}\n`);
    const props = [...args, ...outs].map((f) =>
      `  /** ${f.meta.description} */\n  declare public readonly ${f.name}: pulumi.Output<${tsType(f.type, false, "  ")}${f.optional && f.type.kind !== "boolean" ? " | undefined" : ""}>;\n`).join("");
    // Secret outputs are secret whatever the program passed (a dynamic provider cannot mark them itself).
    const secrets = secretFields(r.outputs);
    const options = secrets.length === 0 ? "opts"
      : `{ ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ${secrets.map((s) => JSON.stringify(s)).join(", ")}] }`;
    parts.push(`/** ${r.description} */\nexport class ${r.name} extends DynamicResource {\n${props}` +
      `\n  /** Declare ${article(r.name)} ${r.name}. */\n  constructor(name: string, args: ${r.name}Args, opts?: pulumi.CustomResourceOptions) {\n` +
      `    super(registry.get(${JSON.stringify(r.name)}), name, args, ${options});\n  }\n}\n`);
  }
  return parts.join("\n");
}

// ---------- README ----------
function mdType(t: TypeInfo): string {
  switch (t.kind) {
    case "enum": return t.values.length > 4 ? (enumName(t.values) ?? "string") : t.values.join(" \\| ");
    case "array": return `${mdType(t.items)}[]`;
    case "record": return "map";
    case "object": return t.typeName ?? "object";
    default: return t.kind;
  }
}

function mdRows(fields: FieldInfo[], prefix = ""): string[] {
  return fields.flatMap((f) => {
    const change = f.meta.createOnly ? "create only" : f.meta.replaceOnChange ? "**replace**" : "in place";
    const row = `| \`${prefix}${f.name}\` | ${mdType(f.type)} | ${f.optional ? "" : "yes"} | ${change} | ${f.meta.description} |`;
    return f.type.kind === "object" ? [row, ...mdRows(f.type.fields, `${prefix}${f.name}.`)] : [row];
  });
}

/** README reference tables: arguments (with update-vs-replace) and outputs of each resource. */
export function renderReference(registry: Registry): string {
  const out: string[] = [];
  for (const r of registry.modules) {
    out.push(`### ${r.name}\n\n${r.description}\n`);
    out.push("| argument | type | required | on change | description |\n|---|---|---|---|---|");
    out.push(...mdRows(describeFields(r.args)));
    for (const c of r.classArgs ?? []) out.push(`| \`${c.name}\` | ${c.tsType} | | (TypeScript only) | ${c.description} |`);
    out.push("\n| output | type | description |\n|---|---|---|");
    out.push(...describeFields(r.outputs).map((f) => `| \`${f.name}\` | ${mdType(f.type)} | ${f.meta.description} |`));
    out.push("");
  }
  out.push("| config key (`webex-wholesale:…`) | environment variable | default | description |\n|---|---|---|---|");
  out.push(...CONFIG_VARIABLES.map((v) => `| \`${v.key}\`${v.secret ? " (secret)" : ""} | \`${v.env}\` | ${v.default ?? ""} | ${v.description} |`));
  return `${out.join("\n")}\n`;
}

function article(word: string): string {
  return /^[AEIOU]/.test(word) ? "an" : "a";
}
