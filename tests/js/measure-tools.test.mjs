// The measuring tools that docs/benchmarks.md's figures come from still run and end by
// themselves: scripts/ab-cpu.mjs with its zero-latency fetch and every knob of
// scripts/zero-fetch.mjs (the peer process of WAIT=echo stopped at the end), its figures
// round by round (PER_ROUND), and scripts/fetch-alike.mjs as a build against the SDK's
// package, network-free and against the local server; scripts/bench-cold.mjs with the
// SDK's import split off (LOOPLY_COLD_SPLIT), in Node and in Chromium; and
// scripts/signal-cost.mjs (a timeout's signal and timer on Node's fetch, the package's Cut
// beside them). A handful of calls each: figures are not judged here.
//
// Catches: a knob that throws or never answers (an echo waited for forever, a wasm module
// the engine refuses), a run that does not exit once it printed, a stand-in build whose call
// does not answer the body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Runs `node args` in the project's folder with `env` over the process's, for `timeout` ms at most. */
const script = (args, env, timeout = 60_000) =>
  spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout });
const run = (env) =>
  script(['scripts/ab-cpu.mjs', 'scripts/fetch-alike.mjs', 'pkg/index.mjs'], { N: '20', ROUNDS: '2', ...env });

/** Asserts a run ended by itself, and well. */
function ended(r) {
  assert.equal(r.error, undefined, `the run did not end by itself: ${r.error}`);
  assert.equal(r.status, 0, r.stderr);
}

/** Asserts an ab-cpu.mjs run ended by itself with its three rows of each kind printed. */
function printed(r) {
  ended(r);
  assert.equal(r.stdout.match(/ {2}B − A /g)?.length, 2, r.stdout);
}

test('ab-cpu.mjs runs with every knob of the zero-latency fetch, and ends', () => {
  const r = run({ ZERO: '1', REQ: '1', WAIT: 'echo', IPOLLUTE: '200', POLLUTE: '4096', PER_ROUND: '1' });
  printed(r);
  // PER_ROUND: a line a round, as it ends, with every client over the hand-written call.
  assert.equal(r.stdout.match(/^round \d: hand-written [\d.]+; A -?[\d.]+, B -?[\d.]+ \(/gm)?.length, 2, r.stdout);
});

test('fetch-alike.mjs serves as a build against the local server, in the rotation', () => {
  const r = run({ EVICT: 'openapi-fetch' });
  printed(r);
  assert.match(r.stdout, /openapi-fetch − hand/);
});

test("bench-cold.mjs splits the SDK's cold start at its import (LOOPLY_COLD_SPLIT), and ends", () => {
  const r = script(['scripts/bench-cold.mjs'], { N: '1', LOOPLY_COLD_SPLIT: '1' }, 120_000);
  ended(r);
  // The program's rows (wall and CPU) in Node and in Chromium, and its line beside the run's resolution.
  assert.equal(
    r.stdout.match(/^ {2}import only: the SDK, not called \(vs module\) +[\d.]+ +[\d.]+ /gm)?.length,
    2,
    r.stdout,
  );
  assert.equal(r.stdout.match(/^ {2}CPU of the [a-z ]+, import only \(vs module\) +[\d.]+ /gm)?.length, 2, r.stdout);
  for (const where of ['Node', 'Chromium']) {
    assert.match(
      r.stdout,
      new RegExp(
        `^cold start, ${where}, the SDK imported only - module, ms \\[95 % interval\\]: wall [+-][\\d.]+ `,
        'm',
      ),
    );
  }
});

test("signal-cost.mjs prices a timeout's signal and timer on Node's fetch, and ends", () => {
  const r = script(['scripts/signal-cost.mjs'], { N: '20', ROUNDS: '1' });
  ended(r);
  // A row a variant over raw fetch: the timer, the AbortController's signal, both, the Cut.
  assert.equal(r.stdout.match(/ {2}over raw: -?[\d.]+, trimmed -?[\d.]+$/gm)?.length, 4, r.stdout);
});
