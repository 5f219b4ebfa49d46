# looply-sdk: `make demo` runs the demo on the local server, `make test` runs every test.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

DEMO_PORT ?= 8787
DEMO_DATA ?= .demo-data.json
FUZZ_CASES ?= 200000
CHROMEDRIVER ?= /usr/bin/chromedriver
WASM_TEST := cargo test --target wasm32-unknown-unknown --features npm --test wasm_boundary
CLIENT_WASM_TEST := cargo test --target wasm32-unknown-unknown --features client --test client_wasm

.PHONY: help generate setup setup-browser setup-mutants build demo size fuzz bench profile mutants mutants-full test test-env test-e2e test-bench test-rust test-wasm test-client-wasm test-rust-app test-js test-types test-contract setup-contract lint clean

help:
	@echo "make demo   build the package and serve the demo page on the local Looply server"
	@echo "make test   run the whole test suite (does its own set-up)"
	@echo "make build  write the publishable npm package to pkg/"
	@echo "make generate  write the generated sources again (the Rust client's methods, the npm README's table)"
	@echo "make bench  benchmarks: other clients side by side (wall and CPU), hand-written fetch, memory, sizes"
	@echo "make fuzz   fuzz the pure core for minutes (FUZZ_CASES=$(FUZZ_CASES) cases a property)"
	@echo "make size   print the shipped files' sizes; fail over the 48 KB gzip budget"
	@echo "make profile  where the SDK's own microseconds go in a call (layers, crossings)"
	@echo "make mutants  mutation tools (cargo-mutants, StrykerJS) on what changed since MUTANTS_BASE"
	@echo "make mutants-full SHARD=…  one shard of the full mutation run (docs/mutants.md lists them)"

setup:
	@scripts/setup.sh

setup-browser:
	@scripts/setup.sh browser

build: setup
	node scripts/build.mjs

demo: build
	@echo "Starting the demo: open the URL below (Ctrl-C stops it)."
	node server/looply-server.mjs --port $(DEMO_PORT) --static /=www --static /pkg/=pkg --data $(DEMO_DATA)

size: build
	node scripts/size.mjs

# The generated files that are checked in (the Rust client's resource modules, the npm
# README's method table), written again from the endpoint descriptions.
generate:
	cargo run --quiet --features describe --bin describe -- --sources

lint: setup
	cargo run --quiet --features describe --bin describe -- --check-sources
	node_modules/.bin/biome ci --colors=off
	node scripts/check-modules.mjs
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --features client -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --features client
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --target wasm32-unknown-unknown --features client
	cargo clippy --target wasm32-unknown-unknown --lib --bins --tests --all-features -- -D warnings
	# The examples are apps with their own allocator: with the client, without the npm layer.
	cargo clippy --target wasm32-unknown-unknown --all-targets --features client -- -D warnings

# The native suite, with a short fuzzing pass (src/fuzz.rs); `make fuzz` runs a long one.
test-rust: setup
	PROPTEST_CASES=1000 cargo test
	cargo test --features client --lib
	cargo test --features client --doc
	cargo test --features describe --bin describe

fuzz: setup
	PROPTEST_CASES=$(FUZZ_CASES) cargo test --release fuzz -- --nocapture

test-wasm: setup-browser
	$(WASM_TEST)
	WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=$(CHROMEDRIVER) $(WASM_TEST)

# `looply_sdk::Client` (the `client` feature) in Node and Chromium against a local server
# started here; its baseUrl reaches the tests at compile time (LOOPLY_TEST_BASE_URL).
test-client-wasm: setup-browser
	@log=$$(mktemp); \
	node server/looply-server.mjs --port 0 --ttl-seconds 600 --state-delay-ms 50 > "$$log" & pid=$$!; \
	trap 'kill $$pid 2>/dev/null || true; rm -f "$$log"' EXIT; \
	for _ in $$(seq 100); do grep -q baseUrl "$$log" && break; sleep 0.1; done; \
	url=$$(sed -n 's/.*(baseUrl \([^,]*\),.*/\1/p' "$$log"); \
	test -n "$$url" || { echo "the local server did not start"; exit 1; }; \
	echo "client tests against $$url"; \
	export LOOPLY_TEST_BASE_URL="$$url" WASM_BINDGEN_TEST_TIMEOUT=120; \
	$(CLIENT_WASM_TEST); \
	WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=$(CHROMEDRIVER) $(CLIENT_WASM_TEST)

# A Rust WebAssembly app that depends on the crate (examples/app.rs, with its own global
# allocator), bound by wasm-bindgen and run in Node and in Chromium (a page of another origin)
# against the local server; it prints what the crate adds to the app (against
# examples/empty_app.rs).
test-rust-app: setup-browser
	node --test tests/rust-app/

# Tests of the built package, installed from its tarball as a user would (Chromium: one of
# tests/js/measure-tools.test.mjs runs scripts/bench-cold.mjs there too).
test-js: build setup-browser
	node scripts/build.mjs --test-hooks
	node scripts/consumer.mjs
	node --test server/test/ tests/js/

test-types: test-js
	node scripts/typecheck.mjs
	node scripts/contract-types.mjs
	node scripts/contract-fetch.mjs

# The tools people point at an OpenAPI document, on the shipped openapi.json: Prism (npm,
# pinned in package.json) in static and dynamic mode against the package, and Schemathesis
# (PyPI, pinned here, in a virtualenv of the project's own) against the local server.
# (openapi-typescript and openapi-fetch run in test-types.)
SCHEMATHESIS_VERSION := 4.32.5
setup-contract:
	@build/venv/bin/schemathesis --version 2>/dev/null | grep -q "$(SCHEMATHESIS_VERSION)" || { \
	  python3 -m venv build/venv || { apt-get install -y python3-venv && python3 -m venv build/venv; }; \
	  build/venv/bin/pip install --quiet schemathesis==$(SCHEMATHESIS_VERSION); }

test-contract: build setup-contract
	node --test tests/contract/

# Every environment of the matrix (Node ESM/CJS, Deno, Bun, Chromium page, Vite, webpack,
# Web Worker, workerd) and publint/attw, on the packed tarball.
test-env: build setup-browser
	node --test tests/env/

# The demo page end to end in Chromium, against the real `make demo` server.
test-e2e: build setup-browser
	node --test tests/e2e/

# A short benchmark run: proves `make bench` and `make profile` work (their figures are not judged here).
test-bench: test-js
	node --expose-gc scripts/bench.mjs --quick
	node scripts/build.mjs --no-compile --profile
	node scripts/profile.mjs --quick

# Side by side with other clients (wall and CPU a call), against hand-written fetch, cold start,
# memory, the shipped sizes and one browser app a client (docs/benchmarks.md says how to read them).
bench: build setup-browser
	node scripts/build.mjs --test-hooks
	node scripts/consumer.mjs
	node --expose-gc scripts/bench.mjs

# Where the SDK's own microseconds go in a call (zero-latency fetch, counted crossings, sampled
# profile by layer), on an unminified build in build/pkg-profile/.
profile: build
	node scripts/build.mjs --no-compile --profile
	node scripts/profile.mjs

# Mutation testing (not part of `make test`; docs/mutants.md): cargo-mutants on the crate and
# StrykerJS on the package's JavaScript. `make mutants` mutates only what changed since
# MUTANTS_BASE (the merge base with origin/main, else the previous commit), in minutes;
# `make mutants-full SHARD=name` runs one shard of everything (no SHARD: all, one at a time).
MUTANTS_BASE ?= $(shell git merge-base HEAD origin/main 2>/dev/null || git rev-parse HEAD~1)
MUTANTS_OUT := build/mutants-out
CARGO_MUTANTS := cargo mutants --no-shuffle
# The native core: everything but the wasm layer, the Rust client (with src/answers.rs, how
# it reads an answer) and the describe tool (with the response schemas it writes, src/schema.rs).
CORE_FILES := --exclude 'src/wasm/**' --exclude 'src/client/**' --exclude src/answers.rs --exclude 'src/bin/describe/**' --exclude src/schema.rs --exclude-re 'schemars::JsonSchema'
# (`From<Error> for JsValue` and its `js_error` make a JavaScript error: tests/rust-app checks it
# in Node and Chromium; `Received::from_host` reads a body the host decoded, in every
# client_wasm test; on the host, where the native tests run, no JavaScript value can be made.)
CLIENT_FILES := --features client --file 'src/client/**' --file src/answers.rs --exclude src/client/fetch/io.rs --exclude src/client/json/host.rs --exclude-re 'From<Error> for wasm_bindgen::JsValue|js_error|Received::from_host'
CLIENT_IO_FILES := --features client --file src/client/fetch/io.rs --file src/client/json/host.rs
# The client's JavaScript Error (wasm only, like the I/O): tests/client_wasm.rs converts an API error.
CLIENT_JS_ERROR := --features client --file src/client/error.rs --re 'From<Error> for wasm_bindgen::JsValue|js_error|Received::from_host'
# With the describe tool go the hand-written JSON Schemas (built only with its feature).
PACKAGE_FILES := --file 'src/wasm/**' --file 'src/bin/describe/**' --file src/schema.rs --file src/executions.rs --re 'wasm|describe|schema|schemars::JsonSchema'
SHARDS := core client client-io package js

setup-mutants: setup
	@scripts/setup.sh mutants

mutants: build setup-mutants
	@mkdir -p $(MUTANTS_OUT) && git diff $(MUTANTS_BASE) > $(MUTANTS_OUT)/changes.diff
	@echo "mutants: what changed since $(MUTANTS_BASE)"; failed=0; \
	$(CARGO_MUTANTS) $(CORE_FILES) --in-diff $(MUTANTS_OUT)/changes.diff -o $(MUTANTS_OUT)/diff-core || failed=1; \
	$(CARGO_MUTANTS) $(CLIENT_FILES) --in-diff $(MUTANTS_OUT)/changes.diff -o $(MUTANTS_OUT)/diff-client || failed=1; \
	$(MAKE) --no-print-directory mutants-package MUTANTS_ARGS="--in-diff $(MUTANTS_OUT)/changes.diff" MUTANTS_DIR=diff-package || failed=1; \
	node scripts/mutants-js.mjs --diff $(MUTANTS_BASE) || failed=1; \
	if [ $$failed = 1 ]; then echo "mutants: some mutants survived (or a tool failed): see the output above and $(MUTANTS_OUT)/"; exit 1; fi

mutants-full: build setup-mutants
	@for shard in $(or $(SHARD),$(SHARDS)); do \
	  echo "mutants-full: shard $$shard"; \
	  $(MAKE) --no-print-directory mutants-shard-$${shard%%:*} JS_SHARD=$${shard#*:} || exit 1; \
	done

mutants-shard-core:
	$(CARGO_MUTANTS) $(CORE_FILES) -o $(MUTANTS_OUT)/core

mutants-shard-client:
	$(CARGO_MUTANTS) $(CLIENT_FILES) -o $(MUTANTS_OUT)/client

# The Rust client's I/O (and its JSON through the host), and its JavaScript Error, run only in WebAssembly: their mutants
# are tested by tests/client_wasm.rs in Node against a local server started here.
mutants-shard-client-io: setup-browser
	@log=$$(mktemp); \
	node server/looply-server.mjs --port 0 --ttl-seconds 7200 --state-delay-ms 50 > "$$log" & pid=$$!; \
	trap 'kill $$pid 2>/dev/null || true; rm -f "$$log"' EXIT; \
	for _ in $$(seq 100); do grep -q baseUrl "$$log" && break; sleep 0.1; done; \
	export LOOPLY_TEST_BASE_URL=$$(sed -n 's/.*(baseUrl \([^,]*\),.*/\1/p' "$$log") WASM_BINDGEN_TEST_TIMEOUT=120; \
	failed=0; \
	$(CARGO_MUTANTS) $(CLIENT_IO_FILES) --cargo-arg=--target=wasm32-unknown-unknown --cargo-test-arg=--test=client_wasm -o $(MUTANTS_OUT)/client-io || failed=1; \
	$(CARGO_MUTANTS) $(CLIENT_JS_ERROR) --cargo-arg=--target=wasm32-unknown-unknown --cargo-test-arg=--test=client_wasm -o $(MUTANTS_OUT)/client-js-error || failed=1; \
	exit $$failed

# The wasm layer and the describe tool, tested through the package built from them
# (scripts/mutants-cargo.sh stands in for cargo).
mutants-shard-package: mutants-package
mutants-package:
	CARGO=$(CURDIR)/scripts/mutants-cargo.sh LOOPLY_REAL_CARGO=$$(command -v cargo) LOOPLY_ROOT=$(CURDIR) \
	  cargo-mutants mutants --no-shuffle $(PACKAGE_FILES) $(MUTANTS_ARGS) -o $(MUTANTS_OUT)/$(or $(MUTANTS_DIR),package)

# StrykerJS, one shard a source file (SHARD=js runs them all; SHARD=js:wait.js one).
mutants-shard-js:
	node scripts/mutants-js.mjs $(if $(filter-out js,$(JS_SHARD)),--shard $(JS_SHARD))

test: lint test-rust test-wasm test-client-wasm test-rust-app test-js test-types test-contract test-env test-e2e size test-bench
	@echo "make test: all suites passed"

clean:
	rm -rf target build pkg
