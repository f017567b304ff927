#!/usr/bin/env bash
# `make plugin`: packs the native provider plugin as a self-contained tarball that Pulumi installs
# the way it installs any resource plugin:
#
#   pulumi plugin install resource webex-wholesale <version> --file .tools/plugin/pulumi-resource-webex-wholesale-v<version>-<os>-<arch>.tar.gz
#
# Contents: the launcher (provider/bin/pulumi-resource-webex-wholesale) at the root and
# node_modules/ with pulumi-webex-wholesale (as `npm pack` publishes it) and its production
# dependencies. Needs only Node.js (>= 20) where it runs: no native modules, so the same tarball
# serves every OS/architecture with a POSIX shell.
#
# Prints the tarball's path on the last line of stdout.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$ROOT/.tools/plugin"
VERSION=$(node -p 'require(process.argv[1]).version' "$ROOT/provider/package.json")
case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) os=$(uname -s | tr '[:upper:]' '[:lower:]') ;; esac
case "$(uname -m)" in x86_64 | amd64) arch=amd64 ;; aarch64 | arm64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
TARBALL="$OUT/pulumi-resource-webex-wholesale-v$VERSION-$os-$arch.tar.gz"

[[ -f "$ROOT/provider/dist/native/main.js" ]] || { echo "build-plugin: provider/dist is missing: run 'npm run build'" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$OUT" "$work/plugin"

# The package exactly as it would be published, then its production dependency closure. No
# install scripts: nothing in the closure needs one (pure JavaScript).
(cd "$ROOT" && npm pack --workspace provider --pack-destination "$work" --silent >/dev/null)
echo '{ "private": true }' >"$work/plugin/package.json"
(cd "$work/plugin" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --no-package-lock \
  --prefer-offline --loglevel=error "$work/pulumi-webex-wholesale-$VERSION.tgz" >/dev/null)
rm "$work/plugin/package.json"
install -m 0755 "$ROOT/provider/bin/pulumi-resource-webex-wholesale" "$work/plugin/pulumi-resource-webex-wholesale"

tar -czf "$TARBALL.tmp" -C "$work/plugin" .
mv -f "$TARBALL.tmp" "$TARBALL"
echo "build-plugin: install with: pulumi plugin install resource webex-wholesale $VERSION --file $TARBALL" >&2
echo "$TARBALL"
