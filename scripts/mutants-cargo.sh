#!/usr/bin/env bash
# `cargo`, as cargo-mutants' `package` shard calls it (CARGO=this script): the wasm layer
# (src/wasm/) and the describe tool are tested by the package built from them, not by
# native tests (natively src/wasm/ is not even compiled). So:
#   cargo test --no-run …  builds the wasm and the describe tool (a failure: unviable mutant)
#   cargo test …           the describe tool's own unit tests, then builds the package and runs
#                          its tests (scripts/mutants-package-run.mjs)
#   anything else          the real cargo ($LOOPLY_REAL_CARGO)
set -euo pipefail
real=${LOOPLY_REAL_CARGO:?set LOOPLY_REAL_CARGO to the real cargo}
if [ "${1:-}" = test ] && [ "${2:-}" = --no-run ]; then
  "$real" build --quiet --release --target wasm32-unknown-unknown --lib --features npm
  exec "$real" build --quiet --features describe --bin describe
fi
if [ "${1:-}" = test ]; then
  "$real" test --quiet --features describe --bin describe
  exec node scripts/mutants-package-run.mjs
fi
exec "$real" "$@"
