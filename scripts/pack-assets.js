#!/usr/bin/env node
// prepack / postpack of the published workspace packages (provider, backend), run by npm in the
// package's directory: `node ../scripts/pack-assets.js prepack|postpack`.
//
// Why: npm bundles (bundleDependencies) only what is in the package's OWN node_modules. In this
// workspace the wire package is a symlink in the root's node_modules, so `npm pack` (npm 11) would
// ship "bundled: []" and the tarball would depend on an unpublished package. prepack therefore
// copies each bundled workspace package, as it would be published (its package.json and `files`),
// into <package>/node_modules/<name>; it also copies the repository's LICENSE and any `files` entry
// that lives at the repository root (schema.json). postpack removes exactly what prepack created
// (listed in <package>/.pack-assets.json, git-ignored), so the workspace's symlinks win again.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const PKG = process.cwd();
const LEDGER = path.join(PKG, ".pack-assets.json");

/** A package's manifest. */
function manifest(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
}

/** The workspace directory of package `name` (the root's node_modules links it), or undefined. */
function workspaceDir(name) {
  const link = path.join(ROOT, "node_modules", name);
  if (!fs.existsSync(link) || !fs.lstatSync(link).isSymbolicLink()) return undefined;
  return fs.realpathSync(link);
}

/** Source maps are not shipped (they point at sources that are not in the tarball). */
const notMap = (src) => !src.endsWith(".map");

/** Copy one published package into `dest`: package.json, its `files`, README*, and the LICENSE. */
function copyPackage(src, dest) {
  fs.mkdirSync(dest, { recursive: true });
  fs.copyFileSync(path.join(src, "package.json"), path.join(dest, "package.json"));
  const extras = fs.readdirSync(src).filter((f) => /^readme/i.test(f));
  for (const entry of [...(manifest(src).files ?? []).filter((f) => !f.startsWith("!")), ...extras]) {
    if (!fs.existsSync(path.join(src, entry))) throw new Error(`pack-assets: ${path.join(src, entry)} is missing (run \`npm run build\`)`);
    fs.cpSync(path.join(src, entry), path.join(dest, entry), { recursive: true, filter: notMap });
  }
  fs.copyFileSync(path.join(ROOT, "LICENSE"), path.join(dest, "LICENSE"));
}

function prepack() {
  postpack(); // a ledger left by an interrupted pack
  const created = [];
  const m = manifest(PKG);
  const rootFiles = ["LICENSE", ...(m.files ?? []).filter((f) => !f.startsWith("!") && !f.includes("*"))];
  for (const f of rootFiles) {
    if (!fs.existsSync(path.join(PKG, f)) && fs.existsSync(path.join(ROOT, f))) {
      fs.cpSync(path.join(ROOT, f), path.join(PKG, f), { recursive: true });
      created.push(f);
    }
  }
  for (const name of m.bundleDependencies ?? []) {
    const src = workspaceDir(name);
    if (!src) throw new Error(`pack-assets: bundled ${name} is not a workspace package linked in ${ROOT}/node_modules (run \`npm ci\`)`);
    const dest = path.join("node_modules", name);
    if (fs.existsSync(path.join(PKG, dest))) throw new Error(`pack-assets: ${path.join(PKG, dest)} exists; remove it`);
    copyPackage(src, path.join(PKG, dest));
    created.push(dest);
  }
  fs.writeFileSync(LEDGER, JSON.stringify(created, null, 2) + "\n");
}

function postpack() {
  if (!fs.existsSync(LEDGER)) return;
  for (const rel of JSON.parse(fs.readFileSync(LEDGER, "utf8"))) {
    fs.rmSync(path.join(PKG, rel), { recursive: true, force: true });
  }
  // An emptied node_modules would otherwise linger.
  const nm = path.join(PKG, "node_modules");
  if (fs.existsSync(nm) && fs.readdirSync(nm).length === 0) fs.rmdirSync(nm);
  fs.rmSync(LEDGER, { force: true });
}

const step = process.argv[2];
if (step === "prepack") prepack();
else if (step === "postpack") postpack();
else {
  console.error("usage: node ../scripts/pack-assets.js prepack|postpack (from a package directory)");
  process.exit(2);
}
