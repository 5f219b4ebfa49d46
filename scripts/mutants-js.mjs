#!/usr/bin/env node
// StrykerJS over the package's JavaScript, one shard a source file, each against the test
// files that own its rules (a shard runs only those, so that a mutant costs seconds, not the
// whole suite's minute and a half). Reports land in build/mutants-out/js/.
//   node scripts/mutants-js.mjs                  every shard (`make mutants-full`)
//   node scripts/mutants-js.mjs --shard wait.js  one shard
//   node scripts/mutants-js.mjs --diff BASE      only the lines changed since BASE (`make mutants`)
//   node scripts/mutants-js.mjs --shard F --survivors   only what survived F's last full run
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const T = (...names) => names.map((n) => `tests/js/${n}.test.mjs`);
/** `file::pattern`: only that file's tests whose names match. */
const only = (name, pattern) => `tests/js/${name}.test.mjs::${pattern}`;

/** Each mutated file and the tests that own what it does. */
export const SHARDS = {
  // The transport's helpers serve every layer: reading parameters (validation, and
  // `valueInto`'s own tests, value-into and strings), headers (observability, endpoints), the
  // environment (validation).
  'pkg-template/src/transport.js': [
    ...T(
      'transport',
      'value-into',
      'strings',
      'limits',
      'client',
      'errors',
      'resilience',
      'retry-rules',
      'validation',
      'observability',
      'endpoints',
    ),
    only(
      'hostile',
      'redirect|decoded|inflates|stall|drip|reset|garbage|HTTP|flood|malformed|nested|content-length|timer',
    ),
  ],
  // Its generated methods, one an endpoint and one a paginator: the paginators' own tests too.
  'pkg-template/src/index.js': [
    ...T('endpoints', 'paginators', 'client', 'observability', 'validation', 'host', 'recovery'),
    only('hostile', 'unknown|misspelt|withResponse'),
    only('wait', 'triggerWorkflowAndWait'),
  ],
  // The call driver (`drive`) serves the events and logs, withResponse and the core's memory.
  'pkg-template/src/instance.js': [
    ...T('recovery', 'errors', 'host', 'validation', 'observability', 'memory', 'toolkit', 'readable'),
    only('hostile', 'withResponse'),
  ],
  'pkg-template/src/errors.js': T('errors', 'host'),
  'pkg-template/src/rejection.js': T('rejection', 'errors', 'recovery'),
  // The client's lane too (its places, its 429 pause, its key function): toolkit's and recovery's.
  'pkg-template/src/observe.js': [
    ...T('observability', 'secrets', 'toolkit', 'recovery', 'resilience'),
    only('hostile', 'key|request id'),
  ],
  'pkg-template/src/redact.js': [...T('redact', 'secrets'), only('hostile', 'key|request id|nested a million')],
  // Its checkOptions and invalid serve the waiter's, triggerMany's and the observer's options too.
  'pkg-template/src/names.js': [
    ...T('names', 'validation', 'toolkit', 'wait'),
    only('hostile', 'unknown|misspelt'),
    only('observability', 'withOptions|options'),
  ],
  'pkg-template/src/paginator.js': [...T('paginators', 'recovery'), only('hostile', 'lastKey')],
  // Its functions' names, which its frames show in a stack: readable's stack tests.
  'pkg-template/src/wait.js': [
    ...T('wait', 'toolkit'),
    only('hostile', 'waiter|unknown'),
    only('readable', 'the waiter and the watcher'),
  ],
  'pkg-template/src/traffic.js': T('toolkit', 'recovery'),
  'pkg-template/src/many.js': T('toolkit'),
  'pkg-template/src/labels.js': T('toolkit'),
  'pkg-template/src/testing.mjs': T('testing-entry'),
  'pkg-template/src/proxy.mjs': T('proxy'),
  'pkg-template/src/node-handler.js': T('proxy'),
  // The Rust client's own module: its rules on their own over a scripted fetch (tests/client_wasm.rs
  // runs it through the client, but only after a cargo build, too slow for a mutant).
  'src/client/fetch/attempt.js': ['tests/rust-app/attempt.test.mjs'],
};

const args = process.argv.slice(2);
const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

/** The changed line ranges of `file` since `base`, as Stryker's `file:start-end` specs. */
function changedRanges(base, file) {
  const diff = execFileSync('git', ['diff', '-U0', base, '--', file], { cwd: root, encoding: 'utf8' });
  return [...diff.matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)]
    .map(([, start, count = '1']) => [Number(start), Number(start) + Number(count) - 1])
    .filter(([start, end]) => end >= start)
    .map(([start, end]) => `${file}:${start}-${end}`);
}

/** The shard's latest report: that of its last re-run of survivors when newer than the full run's. */
function reportOf(file) {
  const base = join(root, 'build', 'mutants-out', 'js', basename(file).replace(/\.m?js$/, ''));
  const [full, again] = [`${base}.json`, `${base}.survivors.json`];
  return existsSync(again) && statSync(again).mtimeMs > statSync(full).mtimeMs ? again : full;
}

/**
 * For each line of `before`, its line number in `after` when the line is unchanged (a longest
 * common subsequence of the lines), else undefined; and the lines of `after` that are new.
 */
function lineMap(before, after) {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const map = new Map();
  const kept = new Set();
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      map.set(i + 1, j + 1);
      kept.add(j + 1);
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) i++;
    else j++;
  }
  return { map, added: b.map((_, j) => j + 1).filter((line) => !kept.has(line)) };
}

/**
 * The exact spans of the mutants that survived the shard's last full run (its JSON report),
 * as Stryker's `file:line:column-line:column` specs: `--survivors` re-tests only those, as
 * `cargo mutants --iterate` does (after a re-run, those that survived it). (Another mutant of exactly the same span comes along.) A
 * survivor on a line changed since that run is replaced by every mutant of the new lines.
 */
function survivorRanges(file) {
  const report = JSON.parse(readFileSync(reportOf(file), 'utf8'));
  const [entry] = Object.values(report.files);
  const { map, added } = lineMap(entry.source, readFileSync(join(root, file), 'utf8'));
  const ranges = added.map((line) => `${file}:${line}-${line}`);
  for (const m of entry.mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
    const { start, end } = m.location;
    const [from, to] = [map.get(start.line), map.get(end.line)];
    // Report columns count from 1, Stryker's ranges from 0 (both ends inclusive).
    if (from !== undefined && to !== undefined)
      ranges.push(`${file}:${from}:${start.column - 1}-${to}:${end.column - 1}`);
  }
  return ranges;
}

function shardsToRun() {
  const base = flag('--diff');
  const one = flag('--shard');
  const files = Object.keys(SHARDS).filter((f) => !one || basename(f) === one || f === one);
  if (one && files.length === 0)
    throw new Error(`mutants-js: no shard ${one}; shards: ${Object.keys(SHARDS).join(', ')}`);
  const mutateOf = (f) =>
    base ? changedRanges(base, f) : args.includes('--survivors') ? [...new Set(survivorRanges(f))] : [f];
  return files.map((f) => [f, mutateOf(f)]).filter(([, mutate]) => mutate.length > 0);
}

/** A shard's Stryker config: a diff run fails on any survivor, a full run under 95 %. */
function config(file, mutate, diff) {
  const name = basename(file).replace(/\.m?js$/, '');
  return {
    thresholds: { high: 95, low: 90, break: diff ? 100 : 95 },
    testRunner: 'command',
    commandRunner: { command: `node scripts/mutants-js-run.mjs ${SHARDS[file].map((t) => `'${t}'`).join(' ')}` },
    mutate,
    coverageAnalysis: 'off',
    concurrency: 1,
    timeoutMS: 120_000,
    reporters: ['clear-text', 'progress', 'json'],
    // A re-run of the survivors keeps the full run's report.
    jsonReporter: { fileName: `build/mutants-out/js/${name}${args.includes('--survivors') ? '.survivors' : ''}.json` },
    tempDirName: `build/stryker-tmp/${name}`, // one per shard: two shards may run at once
    cleanTempDir: true,
    // The sandbox needs the sources and the last compiled glue, not the Rust build.
    ignorePatterns: [
      '/target',
      '/build/*',
      '!/build/glue',
      '!/build/glue-test-hooks',
      '/pkg',
      '/test-results',
      '.demo-data.json',
    ],
  };
}

if (!existsSync(join(root, 'build', 'glue', 'wasm-bytes.js'))) {
  throw new Error('mutants-js: build the package first (make build): the shards re-bundle from build/glue');
}
mkdirSync(join(root, 'build', 'mutants-out', 'js'), { recursive: true });
process.env.LOOPLY_ROOT = root; // where the test command notes failures that did not repeat
let failed = false;
for (const [file, mutate] of shardsToRun()) {
  const configFile = join(root, 'build', 'mutants-out', 'js', `${basename(file)}.stryker.json`);
  writeFileSync(configFile, JSON.stringify(config(file, mutate, Boolean(flag('--diff'))), null, 2));
  console.log(`mutants-js: ${mutate.join(' ')} against ${SHARDS[file].join(' ')}`);
  const r = spawnSync(join(root, 'node_modules', '.bin', 'stryker'), ['run', configFile], {
    cwd: root,
    stdio: 'inherit',
  });
  failed ||= r.status !== 0;
}
if (failed) process.exit(1);
