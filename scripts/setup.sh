#!/usr/bin/env bash
# Installs what the build and the tests need, once; every step is skipped when done.
#   scripts/setup.sh          Rust wasm target, the npm build's nightly, wasm-bindgen-cli, npm packages
#   scripts/setup.sh browser  the above plus Debian's chromium and chromium-driver
#   scripts/setup.sh mutants  cargo-mutants at the pinned version (StrykerJS is an npm package)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "setup: $*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The npm build's pinned nightly (scripts/npm-toolchain), with the standard library's source:
# scripts/build.mjs builds std with panic = immediate-abort (no panic messages in the wasm).
npm_toolchain=$(cat scripts/npm-toolchain)
if ! rustup component list --toolchain "$npm_toolchain" --installed 2>/dev/null | grep -q '^rust-src'; then
  say "installing the npm build's toolchain $npm_toolchain with rust-src"
  rustup toolchain install "$npm_toolchain" --profile minimal --component rust-src
fi

# wasm-bindgen-cli must match the wasm-bindgen crate exactly (pinned with = in Cargo.toml).
want=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (found '${have:-none}'; takes a few minutes)"
  cargo install wasm-bindgen-cli --version "$want"
fi

if [ ! -x node_modules/.bin/esbuild ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund
fi

# Pinned: a new cargo-mutants may generate other mutants, and docs/mutants.md counts them.
CARGO_MUTANTS_VERSION=27.1.0
if [ "${1:-}" = mutants ] && [ "$(cargo mutants --version 2>/dev/null | awk '{print $2}')" != "$CARGO_MUTANTS_VERSION" ]; then
  say "installing cargo-mutants $CARGO_MUTANTS_VERSION (takes a few minutes)"
  cargo install cargo-mutants --version "$CARGO_MUTANTS_VERSION"
fi

if [ "${1:-}" = browser ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing chromium and chromium-driver"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi
