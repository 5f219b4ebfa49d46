# looply-sdk: `make demo` runs the demo on the local server, `make test` runs every test.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

DEMO_PORT ?= 8787
DEMO_DATA ?= .demo-data.json
FUZZ_CASES ?= 200000
CHROMEDRIVER ?= /usr/bin/chromedriver
WASM_TEST := cargo test --target wasm32-unknown-unknown --test wasm_boundary
CLIENT_WASM_TEST := cargo test --target wasm32-unknown-unknown --features client --test client_wasm

.PHONY: help setup setup-browser build demo size fuzz bench profile mutants test test-env test-e2e test-bench test-rust test-wasm test-client-wasm test-js test-types lint clean

help:
	@echo "make demo   build the package and serve the demo page on the local Looply server"
	@echo "make test   run the whole test suite (does its own set-up)"
	@echo "make build  write the publishable npm package to pkg/"
	@echo "make bench  benchmarks against hand-written fetch (ratios, memory, size)"
	@echo "make fuzz   fuzz the pure core for minutes (FUZZ_CASES=$(FUZZ_CASES) cases a property)"
	@echo "make size   print the shipped files' sizes; fail over the 48 KB gzip budget"
	@echo "make profile  where the SDK's own microseconds go in a call (layers, crossings)"
	@echo "make mutants  plant known bugs one at a time in a scratch copy; every one must be caught"

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

lint: setup
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --features client -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --features client
	cargo clippy --target wasm32-unknown-unknown --all-targets --all-features -- -D warnings

# The native suite, with a short fuzzing pass (src/fuzz.rs); `make fuzz` runs a long one.
test-rust: setup
	PROPTEST_CASES=1000 cargo test
	cargo test --features client --lib client
	cargo test --features client --doc client

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

# Tests of the built package, installed from its tarball as a user would.
test-js: build
	node scripts/build.mjs --test-hooks
	node scripts/consumer.mjs
	node --test server/test/ tests/js/

test-types: test-js
	node scripts/typecheck.mjs

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

bench: build setup-browser
	node scripts/build.mjs --test-hooks
	node scripts/consumer.mjs
	node --expose-gc scripts/bench.mjs

# Where the SDK's own microseconds go in a call (zero-latency fetch, counted crossings, sampled
# profile by layer), on an unminified build in build/pkg-profile/.
profile: build
	node scripts/build.mjs --no-compile --profile
	node scripts/profile.mjs

# Mutation check (not part of `make test`; takes several minutes): plants each bug listed in
# scripts/mutants.list.mjs in a scratch copy (build/mutants/) and runs the suite's layers on it.
mutants: build
	node scripts/mutants.mjs $(MUTANTS)

test: lint test-rust test-wasm test-client-wasm test-js test-types test-env test-e2e size test-bench
	@echo "make test: all suites passed"

clean:
	rm -rf target build pkg
