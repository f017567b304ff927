#!/usr/bin/env bash
# Builds/installs the Pulumi tooling this repository uses into .tools/bin (git-ignored):
#   .tools/bin/pulumi                          the Pulumi CLI, built from Go modules pinned in tools/go.mod
#   .tools/bin/pulumi-language-yaml            the Pulumi YAML language host, built from tools/yaml/go.mod
#   .tools/bin/pulumi-language-nodejs          launcher for the project-owned language host (tools/language-host)
#   .tools/bin/pulumi-resource-pulumi-nodejs   shim that starts @pulumi/pulumi's dynamic-provider plugin
#   .tools/bin/pulumi-resource-webex-wholesale launcher of this repository's native provider plugin
#   .tools/bin/actionlint                      GitHub Actions workflow linter (examples/gitops), from the Go module proxy
#
# Environment:
#   PULUMI_USE_SYSTEM_CLI=1   use the `pulumi` already on PATH instead of building one (its version is
#                             printed; a warning is shown when it is older than the pinned version).
#   PULUMI_FORCE_BUILD=1      rebuild the CLI (and the YAML host) even when already at the pinned version.
#   GOMODCACHE / GOCACHE      Go's defaults (under $HOME) are kept, so later builds are warm.
#
# The CLI build is skipped when .tools/bin/pulumi exists and `pulumi version` prints the pinned version;
# the YAML host build when `go version -m` shows the pinned pulumi-yaml in .tools/bin/pulumi-language-yaml.
# The launchers and the shim are always (re)installed (cheap).
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

# ---- 2. the Pulumi YAML language host ---------------------------------------------------------------
# Its own module (tools/yaml/go.mod explains why); the version is its pulumi-yaml requirement.
YAML_VERSION=$(awk '$1 == "github.com/pulumi/pulumi-yaml" { print $2; exit }' "$TOOLS/yaml/go.mod")
if [[ -z "$YAML_VERSION" ]]; then
  echo "build-tools: cannot read the github.com/pulumi/pulumi-yaml version from tools/yaml/go.mod" >&2
  exit 1
fi
yaml_beside_system=""
if [[ "${PULUMI_USE_SYSTEM_CLI:-}" == "1" ]]; then
  # A real Pulumi install ships pulumi-language-yaml next to its binary; the engine finds it there.
  candidate="$(dirname "$(readlink -f "$BIN/pulumi")")/pulumi-language-yaml"
  [[ -x "$candidate" ]] && yaml_beside_system=$candidate
fi
if [[ -n "$yaml_beside_system" ]]; then
  echo "build-tools: using $yaml_beside_system (bundled with the system CLI)"
else
  have_yaml=""
  if [[ -x "$BIN/pulumi-language-yaml" ]] && command -v go >/dev/null; then
    have_yaml=$(go version -m "$BIN/pulumi-language-yaml" 2>/dev/null | awk '($1 == "mod" || $1 == "dep") && $2 == "github.com/pulumi/pulumi-yaml" { print $3; exit }')
  elif [[ -x "$BIN/pulumi-language-yaml" ]]; then
    have_yaml=$YAML_VERSION   # no Go to inspect it: keep what is there
  fi
  if [[ "$have_yaml" == "$YAML_VERSION" && "${PULUMI_FORCE_BUILD:-}" != "1" ]]; then
    echo "build-tools: .tools/bin/pulumi-language-yaml is pulumi-yaml $have_yaml (pinned) - skipping the build"
  else
    command -v go >/dev/null || { echo "build-tools: go is not on PATH (need Go >= the go line of tools/yaml/go.mod)" >&2; exit 1; }
    echo "build-tools: building pulumi-language-yaml $YAML_VERSION (found: ${have_yaml:-none}); first build: a few minutes"
    T3=$(now)
    (
      cd "$TOOLS/yaml"
      go mod download
      go build -trimpath -tags osusergo,grpcnotrace \
        -ldflags "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=$YAML_VERSION" \
        -o "$BIN/pulumi-language-yaml.tmp" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
    )
    mv -f "$BIN/pulumi-language-yaml.tmp" "$BIN/pulumi-language-yaml"
    echo "build-tools: pulumi-language-yaml download+compile+link: $(elapsed "$T3")"
  fi
fi

# ---- 3. actionlint (validates examples/gitops's workflow in test/gitops) ----------------------------
ACTIONLINT_VERSION=v1.7.12
have_al=""
[[ -x "$BIN/actionlint" ]] && have_al=$("$BIN/actionlint" -version 2>/dev/null | head -1 | tr -d '[:space:]' || true)
if [[ "$have_al" == "$ACTIONLINT_VERSION" && "${PULUMI_FORCE_BUILD:-}" != "1" ]]; then
  echo "build-tools: .tools/bin/actionlint is $have_al (pinned) - skipping the build"
else
  command -v go >/dev/null || { echo "build-tools: go is not on PATH (needed for actionlint)" >&2; exit 1; }
  echo "build-tools: building actionlint $ACTIONLINT_VERSION (found: ${have_al:-none})"
  T4=$(now)
  GOBIN="$BIN" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
  echo "build-tools: actionlint download+compile+link: $(elapsed "$T4")"
fi

# ---- 4. launchers + dynamic-provider shim (always) ------------------------------------------------
install -m 0755 "$TOOLS/bin-src/pulumi-language-nodejs" "$BIN/pulumi-language-nodejs"
install -m 0755 "$TOOLS/bin-src/pulumi-resource-pulumi-nodejs" "$BIN/pulumi-resource-pulumi-nodejs"
install -m 0755 "$ROOT/provider/bin/pulumi-resource-webex-wholesale" "$BIN/pulumi-resource-webex-wholesale"
if ! (cd "$ROOT" && node -e 'require.resolve("@pulumi/pulumi/proto/language_grpc_pb")') >/dev/null 2>&1; then
  echo "build-tools: WARNING: @pulumi/pulumi is not installed in $ROOT/node_modules (run 'make install')" >&2
fi
echo "build-tools: installed pulumi-language-nodejs (project-owned, tools/language-host), pulumi-resource-pulumi-nodejs and pulumi-resource-webex-wholesale"
echo "build-tools: $("$BIN/pulumi" version) ready in $BIN (total $(elapsed "$T0")); use: eval \"\$(scripts/pulumi-env.sh)\""
