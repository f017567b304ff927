#!/usr/bin/env bash
# Builds/installs the Pulumi tooling this repository uses into .tools/bin (git-ignored):
#   .tools/bin/pulumi                          the Pulumi CLI, built from Go modules pinned in tools/go.mod
#   .tools/bin/pulumi-language-nodejs          launcher for the project-owned language host (tools/language-host)
#   .tools/bin/pulumi-resource-pulumi-nodejs   shim that starts @pulumi/pulumi's dynamic-provider plugin
#
# Environment:
#   PULUMI_USE_SYSTEM_CLI=1   use the `pulumi` already on PATH instead of building one (its version is
#                             printed; a warning is shown when it is older than the pinned version).
#   PULUMI_FORCE_BUILD=1      rebuild the CLI even when .tools/bin/pulumi already reports the pinned version.
#   GOMODCACHE / GOCACHE      Go's defaults (under $HOME) are kept, so later builds are warm.
#
# The CLI build is skipped when .tools/bin/pulumi exists and `pulumi version` prints the pinned version.
# The launcher and shim are always (re)installed (cheap).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN="$ROOT/.tools/bin"
TOOLS="$ROOT/tools"
mkdir -p "$BIN"

# Single source of truth for the version: the pkg/v3 requirement in tools/go.mod.
PULUMI_VERSION=$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" { print $2; exit }' "$TOOLS/go.mod")
if [[ -z "$PULUMI_VERSION" ]]; then
  echo "build-tools: cannot read the github.com/pulumi/pulumi/pkg/v3 version from tools/go.mod" >&2
  exit 1
fi

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
T0=$(now)

# ---- 1. the Pulumi CLI ---------------------------------------------------------------------------
if [[ "${PULUMI_USE_SYSTEM_CLI:-}" == "1" ]]; then
  sys=""
  # First `pulumi` on PATH that is not ours.
  while IFS= read -r p; do
    if [[ "$(cd "$(dirname "$p")" && pwd -P)" != "$(cd "$BIN" && pwd -P)" ]]; then sys=$p; break; fi
  done < <(type -ap pulumi || true)
  if [[ -z "$sys" ]]; then
    echo "build-tools: PULUMI_USE_SYSTEM_CLI=1 but no pulumi on PATH" >&2
    exit 1
  fi
  have=$("$sys" version 2>/dev/null | tr -d '[:space:]')
  echo "build-tools: using system CLI $sys ($have); pinned is $PULUMI_VERSION"
  if [[ "$(printf '%s\n%s\n' "${have#v}" "${PULUMI_VERSION#v}" | sort -V | head -1)" != "${PULUMI_VERSION#v}" ]]; then
    echo "build-tools: WARNING: $have is older than $PULUMI_VERSION (must be >= the @pulumi/pulumi npm version)" >&2
  fi
  # Make .tools/bin/pulumi point at it, so scripts/pulumi-env.sh and the tests find one CLI.
  ln -sfn "$sys" "$BIN/pulumi"
else
  have=""
  if [[ -x "$BIN/pulumi" && ! -L "$BIN/pulumi" ]]; then
    have=$("$BIN/pulumi" version 2>/dev/null | tr -d '[:space:]' || true)
  fi
  if [[ "$have" == "$PULUMI_VERSION" && "${PULUMI_FORCE_BUILD:-}" != "1" ]]; then
    echo "build-tools: .tools/bin/pulumi is $have (pinned) - skipping the build"
  else
    command -v go >/dev/null || { echo "build-tools: go is not on PATH (need Go >= the go line of tools/go.mod)" >&2; exit 1; }
    echo "build-tools: building pulumi $PULUMI_VERSION with $(go version | awk '{print $3}') (found: ${have:-none})"
    echo "build-tools: first build downloads and compiles a large module graph (minutes); later ones use GOMODCACHE/GOCACHE"
    T1=$(now)
    (cd "$TOOLS" && go mod download)
    echo "build-tools: module download: $(elapsed "$T1")"
    T2=$(now)
    (
      cd "$TOOLS"
      go build -trimpath -tags osusergo,grpcnotrace \
        -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
        -o "$BIN/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
    )
    rm -f "$BIN/pulumi"
    mv "$BIN/pulumi.tmp" "$BIN/pulumi"
    echo "build-tools: compile+link: $(elapsed "$T2")"
    got=$("$BIN/pulumi" version | tr -d '[:space:]')
    if [[ "$got" != "$PULUMI_VERSION" ]]; then
      echo "build-tools: built CLI reports '$got', expected $PULUMI_VERSION" >&2
      exit 1
    fi
  fi
fi

# ---- 2. language host launcher + dynamic-provider shim (always) -----------------------------------
install -m 0755 "$TOOLS/bin-src/pulumi-language-nodejs" "$BIN/pulumi-language-nodejs"
install -m 0755 "$TOOLS/bin-src/pulumi-resource-pulumi-nodejs" "$BIN/pulumi-resource-pulumi-nodejs"
if ! (cd "$ROOT" && node -e 'require.resolve("@pulumi/pulumi/proto/language_grpc_pb")') >/dev/null 2>&1; then
  echo "build-tools: WARNING: @pulumi/pulumi is not installed in $ROOT/node_modules (run 'make install')" >&2
fi
echo "build-tools: installed pulumi-language-nodejs (project-owned, tools/language-host) and pulumi-resource-pulumi-nodejs"
echo "build-tools: $("$BIN/pulumi" version) ready in $BIN (total $(elapsed "$T0")); use: eval \"\$(scripts/pulumi-env.sh)\""
