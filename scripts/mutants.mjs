#!/usr/bin/env node
// `make mutants`: plants each bug of scripts/mutants.list.mjs, one at a time, in a scratch
// copy of the repository (build/mutants/work) and runs the suite's layers against it:
//   fuzz  the property-based fuzzing of the core alone (`cargo test fuzz::`)
//   rust  the native suite (`cargo test`)
//   js    the packed package's and the local server's tests (`node --test server/test/ tests/js/`),
//         after rebuilding the package (only the bundle when no Rust changed)
// Each bug names the layers to try, in order; the first that fails catches it (`--all` runs
// every layer). It prints a table and exits 1 if any bug survives, or if a layer fails for
// any reason but a failing test (a bug that breaks the build proves nothing).
//   node scripts/mutants.mjs [--all] [id ...]
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTANTS } from './mutants.list.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, 'build', 'mutants', 'work');
const args = process.argv.slice(2);
const all = args.includes('--all');
const only = args.filter((a) => !a.startsWith('--'));
const chosen = only.length ? MUTANTS.filter((m) => only.includes(m.id)) : MUTANTS;
if (only.length && chosen.length !== only.length) {
  console.error(`mutants: unknown id among ${only.join(', ')}`);
  process.exit(2);
}

/** Copies the repository's files (tracked and new, not ignored) into the scratch copy. */
function syncScratch() {
  mkdirSync(work, { recursive: true });
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root })
    .toString().split('\0').filter(Boolean);
  for (const f of files) {
    const from = join(root, f);
    if (!existsSync(from)) continue; // deleted but not yet staged
    mkdirSync(dirname(join(work, f)), { recursive: true });
    copyFileSync(from, join(work, f));
  }
  if (!existsSync(join(work, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
}

/** Runs a command in the scratch copy; resolves to { ok, out }. */
function run(cmd, cmdArgs, env = {}) {
  const r = spawnSync(cmd, cmdArgs, {
    cwd: work,
    env: { ...process.env, PROPTEST_CASES: '1000', ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { ok: r.status === 0, out: `${r.stdout}\n${r.stderr}` };
}

const cargoFailures = (out) => [...out.matchAll(/^---- (\S+) stdout ----$/gm)].map((m) => m[1]);
// Subtests only (indented): a file's or a suite's own line names no test.
const tapFailures = (out) => [...out.matchAll(/^ +not ok \d+ - (.*)$/gm)].map((m) => m[1].trim());

let glueStale = true;

/** Each layer: how to run it and how to read which tests failed. */
const LAYERS = {
  fuzz: () => {
    const r = run('cargo', ['test', '--lib', 'fuzz::']);
    return { ...r, failed: cargoFailures(r.out), tested: /test result: (ok|FAILED)\. [1-9]/.test(r.out) };
  },
  rust: () => {
    const r = run('cargo', ['test']);
    return { ...r, failed: cargoFailures(r.out), tested: /test result: (ok|FAILED)\. [1-9]/.test(r.out) };
  },
  js: (rustChanged) => {
    // The last compiled glue is stale after a Rust bug went through this layer.
    const compile = rustChanged || glueStale ? [] : ['--no-compile'];
    glueStale = rustChanged;
    for (const step of [['scripts/build.mjs', ...compile], ['scripts/build.mjs', '--test-hooks', ...compile], ['scripts/consumer.mjs']]) {
      const b = run(process.execPath, step);
      if (!b.ok) return { ok: false, out: b.out, failed: [], tested: false };
    }
    // A bug can make a test wait forever (a timeout that never fires): a test that has not
    // ended after 60 s fails, which counts as caught.
    const r = run(process.execPath, ['--test', '--test-reporter=tap', '--test-timeout=60000', 'server/test/', 'tests/js/']);
    const pass = Number(/^# pass (\d+)$/m.exec(r.out)?.[1] ?? 0);
    const failed = tapFailures(r.out);
    return { ...r, failed, tested: pass + failed.length > 0 };
  },
};

/** Plants `m` in the scratch copy; returns a function that takes it out again. */
function plant(m) {
  const file = join(work, m.file);
  const original = readFileSync(file, 'utf8');
  const count = original.split(m.from).length - 1;
  if (count !== 1) throw new Error(`mutant ${m.id}: ${m.file} holds its text ${count} times, not once`);
  writeFileSync(file, original.replace(m.from, m.to));
  return () => writeFileSync(file, original);
}

function main() {
  syncScratch();
  console.log(`mutants: a clean run of every layer first, in ${work}`);
  const needed = new Set(chosen.flatMap((m) => m.layers));
  for (const layer of ['fuzz', 'rust', 'js'].filter((l) => needed.has(l))) {
    const r = LAYERS[layer](true);
    if (!r.ok || !r.tested) {
      console.error(r.out.slice(-4000));
      throw new Error(`mutants: the ${layer} layer fails without any bug planted`);
    }
  }
  const rows = [];
  for (const m of chosen) {
    const restore = plant(m);
    const rust = m.file.endsWith('.rs');
    const t0 = Date.now();
    let caughtBy = null;
    let tests = [];
    try {
      for (const layer of m.layers) {
        const r = LAYERS[layer](rust);
        writeFileSync(join(work, '..', `${m.id.replace(/\W/g, '-')}.${layer}.log`), r.out);
        if (!r.ok && r.failed.length === 0) {
          console.error(r.out.slice(-4000));
          throw new Error(`mutant ${m.id}: the ${layer} layer broke without a failing test`);
        }
        if (!r.ok) {
          caughtBy ??= layer;
          tests.push(...r.failed.map((t) => `${layer}: ${t}`));
          if (!all) break;
        }
      }
    } finally {
      restore();
    }
    rows.push({ id: m.id, bug: m.bug, caughtBy, tests, seconds: Math.round((Date.now() - t0) / 1000) });
    console.log(`mutants: ${m.id}: ${caughtBy ? `caught by ${caughtBy}` : 'SURVIVED'} (${rows.at(-1).seconds} s)`);
  }
  // Leave the scratch package built from the unplanted code.
  if (chosen.some((m) => m.layers.includes('js'))) LAYERS.js(true);
  printTable(rows);
  const survived = rows.filter((r) => !r.caughtBy);
  console.log(`\n${rows.length - survived.length} caught, ${survived.length} survived`);
  process.exit(survived.length ? 1 : 0);
}

function printTable(rows) {
  console.log('\n| bug | planted | caught by | failing tests (first two) |');
  console.log('|---|---|---|---|');
  for (const r of rows) {
    const first = r.tests.slice(0, 2).map((t) => t.replace(/\|/g, '\\|').slice(0, 80)).join('; ');
    console.log(`| ${r.id} | ${r.bug} | ${r.caughtBy ?? '**SURVIVED**'} | ${first} (${r.tests.length} failed) |`);
  }
}

main();
