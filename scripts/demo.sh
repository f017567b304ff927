#!/usr/bin/env bash
# `make demo` / `make demo-down`: start the emulator on its embedded SQLite default and run the
# quickstart with the real Pulumi CLI against it, on a local state backend under .demo/.
# The program runs from a copy in .demo/quickstart (refreshed on every `up`), so the stack file
# Pulumi.<stack>.yaml that `stack select --create` writes stays under the ignored .demo/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
demo="$root/.demo"
port=${DEMO_PORT:-8787}
token=${DEMO_TOKEN:-demo-partner-token}
admin=${DEMO_ADMIN_TOKEN:-demo-admin-token}
stack=${DEMO_STACK:-demo}
program="$demo/quickstart"
mkdir -p "$demo/state"
export PULUMI_BACKEND_URL="file://$demo/state"
# shellcheck source=scripts/pulumi-env.sh
source scripts/pulumi-env.sh

emulator_up() {
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/openapi.json" 2>/dev/null; then return 0; fi
  echo "starting the emulator on http://127.0.0.1:$port (database $demo/webex-emulator.db, log $demo/emulator.log)"
  nohup node backend/dist/cli.js --port "$port" --db "$demo/webex-emulator.db" --token "$token" --admin-token "$admin" \
    >"$demo/emulator.log" 2>&1 &
  echo $! >"$demo/emulator.pid"
  for _ in $(seq 1 50); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/openapi.json" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "the emulator did not start; see $demo/emulator.log" >&2
  exit 1
}

case "${1:-up}" in
  up)
    emulator_up
    mkdir -p "$program"
    cp examples/quickstart/Pulumi.yaml examples/quickstart/*.ts examples/quickstart/package.json examples/quickstart/tsconfig.json "$program/"
    # A stack file left in the example by an older demo holds the stack's encryption salt: move it along.
    if [ -f "examples/quickstart/Pulumi.$stack.yaml" ] && [ ! -f "$program/Pulumi.$stack.yaml" ]; then
      mv "examples/quickstart/Pulumi.$stack.yaml" "$program/"
    fi
    cd "$program"
    pulumi stack select "$stack" --create --non-interactive >/dev/null
    pulumi config set webex-wholesale:baseUrl "http://127.0.0.1:$port/v1" --non-interactive
    pulumi config set --secret webex-wholesale:token "$token" --non-interactive
    pulumi up --yes --non-interactive
    echo
    pulumi stack output
    cat <<MSG

Done. The quickstart's template, customer and users now live in the emulator.
  Webex API:     http://127.0.0.1:$port/v1   (partner token: $token)
  Console:       http://127.0.0.1:$port/     (admin token: $admin)
  Emulator log:  $demo/emulator.log
  Try:           curl -s -H "Authorization: Bearer $token" http://127.0.0.1:$port/v1/wholesale/customers
  Edit examples/quickstart/index.ts and run \`make demo\` again; \`make demo-down\` destroys and stops.
MSG
    ;;
  down)
    if [ -d "$demo/state/.pulumi" ]; then
      emulator_up
      (cd "$program" && pulumi stack select "$stack" --non-interactive >/dev/null 2>&1 &&
        pulumi destroy --yes --non-interactive && pulumi stack rm "$stack" --yes --non-interactive) || true
    fi
    if [ -f "$demo/emulator.pid" ]; then kill "$(cat "$demo/emulator.pid")" 2>/dev/null || true; rm -f "$demo/emulator.pid"; fi
    echo "demo stack destroyed and emulator stopped"
    ;;
  *) echo "usage: $0 [up|down]" >&2; exit 2 ;;
esac
