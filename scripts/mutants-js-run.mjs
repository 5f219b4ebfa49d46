#!/usr/bin/env node
// StrykerJS's test command (scripts/mutants-js.mjs writes it into each shard's config): in
// the sandbox where one mutant is planted, re-bundles the package from the last compiled
// glue (only JavaScript is mutated), installs it as a user would, and runs the tests given,
// each `file` or `file::pattern` (only the tests whose names match). Exit 0: the mutant
// survived; anything else: it was caught.
import { spawnSync } from 'node:child_process';

const specs = process.argv.slice(2).map((s) => s.split('::'));
const node = process.execPath;
const run = (args) => spawnSync(node, args, { stdio: ['ignore', 'ignore', 'inherit'] }).status;
const builds = [['scripts/build.mjs', '--no-compile'], ['scripts/consumer.mjs']];
if (specs.some(([file]) => file.includes('recovery'))) builds.splice(1, 0, ['scripts/build.mjs', '--test-hooks', '--no-compile']);
for (const args of builds) if (run(args) !== 0) process.exit(2);
for (const [file, pattern] of specs) {
  const filter = pattern ? [`--test-name-pattern=${pattern}`] : [];
  const status = run(['--test', '--test-reporter=dot', '--test-timeout=60000', ...filter, file]);
  if (status !== 0) process.exit(status ?? 1);
}
