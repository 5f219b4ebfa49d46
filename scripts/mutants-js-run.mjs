#!/usr/bin/env node
// StrykerJS's test command (scripts/mutants-js.mjs writes it into each shard's config): in
// the sandbox, re-bundles the package from the last compiled glue (only JavaScript is
// mutated), installs it as a user would, and runs the tests given, each `file` or
// `file::pattern` (only the tests whose names match), a few files at once, stopping at the
// first failure. Exit 0: the mutant survived; anything else: it was caught.
//
// Stryker plants every mutant at once (mutant schemata) and picks one per run through the
// environment variable __STRYKER_ACTIVE_MUTANT__, which the bundle reads at run time: so the
// bundle is the same for every mutant of a sandbox and is built once, at the dry run.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { runFailFast, slowestFirst } from './run-failfast.mjs';

// Both bundles are built from the same mutated source: one of them judges a mutant.
process.env.LOOPLY_TEST_BUILDS ??= 'esm';
const specs = process.argv.slice(2).map((s) => s.split('::'));
const node = process.execPath;
const run = (args) => spawnSync(node, args, { stdio: ['ignore', 'ignore', 'inherit'] }).status;
const built = 'build/.mutants-js-built';
if (!existsSync(built)) {
  const builds = [['scripts/build.mjs', '--no-compile'], ['scripts/consumer.mjs']];
  if (specs.some(([file]) => file.includes('recovery')))
    builds.splice(1, 0, ['scripts/build.mjs', '--test-hooks', '--no-compile']);
  for (const args of builds) if (run(args) !== 0) process.exit(2);
  writeFileSync(built, '');
}
const commands = slowestFirst(specs, ([file]) => file).map(([file, pattern]) => [
  '--test',
  '--test-reporter=dot',
  '--test-timeout=30000',
  ...(pattern ? [`--test-name-pattern=${pattern}`] : []),
  file,
]);
const flakes = process.env.LOOPLY_ROOT && `${process.env.LOOPLY_ROOT}/build/mutants-out/flakes.log`;
process.exit(await runFailFast(commands, { parallel: 3, flakes }));
