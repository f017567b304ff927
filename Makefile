# Entry points. The README's two commands are `make demo` and `make test`.
SHELL := /bin/bash
NODE_MODULES_STAMP := node_modules/.package-lock.json

.PHONY: install build test typecheck clean
install: $(NODE_MODULES_STAMP)
$(NODE_MODULES_STAMP): package-lock.json package.json provider/package.json backend/package.json
	npm ci --no-audit --no-fund
	@touch $@

build: install
	npm run build --silent

typecheck: install
	npx tsc -p .

test: build typecheck
	npx mocha

clean:
	rm -rf provider/dist backend/dist
