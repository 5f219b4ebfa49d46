#!/usr/bin/env node
// The `package` shard's test (scripts/mutants-cargo.sh): in cargo-mutants' copy of the tree,
// where one mutant of src/wasm/ or src/bin/describe.rs is planted, builds the package as
// `make build` does, installs it, and runs the tests that exercise the wasm layer and the
// generated declarations: the package's node:test files, the local server's OpenAPI check
// and the TypeScript consumer. Exit 0: the mutant survived.
import { spawnSync } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';

const root = process.env.LOOPLY_ROOT;
if (!root) throw new Error('mutants-package-run: set LOOPLY_ROOT to the repository');
if (!existsSync('node_modules')) symlinkSync(`${root}/node_modules`, 'node_modules');
const node = process.execPath;
const steps = [
  ['scripts/build.mjs'],
  ['scripts/build.mjs', '--test-hooks'],
  ['scripts/consumer.mjs'],
  ['--test', '--test-reporter=dot', '--test-timeout=60000', 'server/test/openapi.test.mjs', 'tests/js/'],
  ['scripts/typecheck.mjs'],
];
for (const args of steps) {
  const r = spawnSync(node, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
