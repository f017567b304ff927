# Entry points. The README's two commands are `make demo` and `make test`.
SHELL := /bin/bash
NODE_MODULES_STAMP := node_modules/.package-lock.json

.PHONY: install build test typecheck clean
install: $(NODE_MODULES_STAMP)
$(NODE_MODULES_STAMP): package-lock.json package.json wire/package.json provider/package.json backend/package.json
	npm ci --no-audit --no-fund
	@touch $@

build: install
	npm run build --silent

typecheck: install
	npx tsc -p .

test: build typecheck tools
	npx mocha

clean:
	rm -rf wire/dist provider/dist backend/dist

# Benchmarks (bench/run.ts): fleets through the real Pulumi engine against the emulator, no-op and
# refresh, polling, emulator throughput, scaling. `bench` (≈15 min) writes bench/results/*.json and
# the README's Performance figures; `bench-smoke` (≈2 min, also run by `make test` through
# test/bench/smoke.test.ts) runs the same code on tiny sizes into bench/results/smoke.tmp.
.PHONY: bench bench-smoke
bench: build tools
	npx ts-node -T bench/run.ts

bench-smoke: build tools
	npx ts-node -T bench/run.ts --smoke

# Export at scale (bench/export.ts, not in `bench`): 100 customers × 20 users × 2 locations seeded in
# an emulator, webex-wholesale-export at 10 requests/s, then the exported program adopting it; writes
# bench/results/export.json (requests by route, writes, ratios to requests ÷ rate).
.PHONY: bench-export
bench-export: build tools
	npx ts-node -T bench/export.ts --up

# Pulumi CLI (built from Go modules pinned in tools/go.mod), Pulumi YAML language host (tools/yaml),
# project-owned Node.js language host, dynamic-provider shim and the native provider's launcher, into
# .tools/bin. Skips each Go build when the pinned version is there.
# PULUMI_USE_SYSTEM_CLI=1 uses the `pulumi` on PATH instead. Then: eval "$$(scripts/pulumi-env.sh)"
.PHONY: tools
tools: install
	scripts/build-tools.sh

# The native provider plugin (Pulumi YAML and other languages) as a tarball in .tools/plugin, for
# `pulumi plugin install resource webex-wholesale <version> --file <tarball>` (the command is printed).
.PHONY: plugin
plugin: build
	npx ts-node -T scripts/build-plugin.ts

# Refresh docs/console.png, the README's picture of the emulator console (headless Debian chromium).
.PHONY: screenshots
screenshots: build
	UPDATE_SCREENSHOTS=1 npx mocha --no-config -r ts-node/register/transpile-only --extension ts --timeout 120000 --exit test/console/browser.test.ts

# Long soak, not in CI: up/refresh/destroy cycles of examples/fleet against the emulator with the
# chaos faults on, for SOAK_MINUTES (default 10; SOAK_CUSTOMERS, SOAK_USERS: fleet size, default 5).
.PHONY: soak
soak: build tools
	npx ts-node -T scripts/soak.ts

# Regenerate schema.json, the TypeScript resource classes and the README reference from the zod declarations.
.PHONY: generate
generate: install
	npx ts-node -T scripts/generate.ts

# The main job: the emulator on its embedded SQLite default, then `pulumi up` of the quickstart.
.PHONY: demo demo-down
demo: build tools
	scripts/demo.sh up

demo-down: build tools
	scripts/demo.sh down
