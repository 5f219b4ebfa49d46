#!/usr/bin/env node
// The `package` shard's test (scripts/mutants-cargo.sh): in cargo-mutants' copy of the tree,
// where one mutant of src/wasm/ or src/bin/describe/ is planted, builds the package as
// `make build` does, installs it, and runs the tests that exercise the wasm layer and the
// generated declarations: the package's node:test files, the local server's OpenAPI check
// and the TypeScript consumer, a few at once, stopping at the first failure.
// Exit 0: the mutant survived.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, symlinkSync } from 'node:fs';
import { runFailFast, slowestFirst } from './run-failfast.mjs';

const root = process.env.LOOPLY_ROOT;
if (!root) throw new Error('mutants-package-run: set LOOPLY_ROOT to the repository');
if (!existsSync('node_modules')) symlinkSync(`${root}/node_modules`, 'node_modules');
const node = process.execPath;
// The wasm and the declarations are the same for both bundles: one of them judges a mutant.
process.env.LOOPLY_TEST_BUILDS ??= 'esm';
for (const args of [['scripts/build.mjs'], ['scripts/build.mjs', '--test-hooks'], ['scripts/consumer.mjs']]) {
  const r = spawnSync(node, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const test = (file) => ['--test', '--test-reporter=dot', '--test-timeout=30000', file];
const files = readdirSync('tests/js')
  .filter((f) => f.endsWith('.test.mjs'))
  .map((f) => `tests/js/${f}`);
const commands = [['scripts/typecheck.mjs'], ...slowestFirst(files).map(test), test('server/test/openapi.test.mjs')];
process.exit(await runFailFast(commands, { parallel: 3, flakes: `${root}/build/mutants-out/flakes.log` }));
