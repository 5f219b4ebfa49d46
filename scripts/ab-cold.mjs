#!/usr/bin/env node
// A paired cold-start A/B of two builds of the package: what a change did to cold start, apart
// from where the machine puts it. The program is make bench's own cold-start program
// (scripts/bench-cold.mjs: import, construct, the first getWorkflowById, against the local
// server in its own process), run in fresh Node processes and fresh Chromium contexts (its
// gzipped page server, its launch flags, the page's main-thread CPU by ThreadTime), one round
// at a time: build A, build B and A' (A's index.mjs copied to a second place: the A/A control)
// each once per round, Node then Chromium, the three in the round's order, which cycles
// through all six, so each comes first, second and third alike. Each round gives a pair
// difference B − A and A' − A; printed per environment: the medians of each build, then the
// median of the pair differences, wall and CPU (Node: the process's, all threads; Chromium:
// the page's main thread), with the 95 % interval of that median (distribution-free, from the
// differences' order statistics), the middle half of the differences, the share of rounds
// where B was slower, and B − A by whether B ran before or after A.
//
//   node scripts/ab-cold.mjs <package dir A> <package dir B>    (each holding index.mjs)
//
// env: N (rounds: 12; a multiple of 6 balances the orders), SECONDS (stop earlier, after the
// first sixth round past that many seconds), WHERE (`node,chromium`). Medians of an even count
// are the upper middle value, as in bench-cold.mjs.
// A round took 4.4 s on the two-core machine at a load average of 6-9 (276 in 20 minutes).
// The A/A row is the yardstick: a B − A within its interval (or within the A/A's own
// distance from zero) is not a change. Write the output to a file (the progress goes to stderr).
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inContext, inNodeWith, median, medianInterval, programs, servePage } from './bench-cold.mjs';
import { CHROMIUM, CHROMIUM_LAUNCH } from './chromium.mjs';
import { startServerProcess } from './server-process.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dirs = process.argv.slice(2, 4).map((d) => resolve(d));
if (dirs.length < 2 || !dirs.every((d) => existsSync(join(d, 'index.mjs')))) {
  throw new Error('usage: node scripts/ab-cold.mjs <package dir A> <package dir B> (each holding index.mjs)');
}
const ROUNDS = Number(process.env.N ?? 12);
const SECONDS = Number(process.env.SECONDS ?? Number.POSITIVE_INFINITY);
const WHERE = (process.env.WHERE ?? 'node,chromium').split(',');

// A' : A's entry at a second path (the entry is one file: the wasm is inlined).
const copy = join(root, 'build', 'ab-cold', 'a-copy', 'index.mjs');
mkdirSync(dirname(copy), { recursive: true });
copyFileSync(join(dirs[0], 'index.mjs'), copy);
const files = { A: join(dirs[0], 'index.mjs'), B: join(dirs[1], 'index.mjs'), "A'": copy };
const WHO = Object.keys(files);

/** The six orders of the three builds; round `i` runs the `i % 6`th. */
const ORDERS = [
  [0, 1, 2],
  [1, 2, 0],
  [2, 0, 1],
  [0, 2, 1],
  [2, 1, 0],
  [1, 0, 2],
].map((o) => o.map((k) => WHO[k]));

/** The q-quantile of `xs` (sorted copy, nearest rank). */
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** The rows of one environment's `runs` (`{ A: [{ ms, cpuMs }], … , order: [[…]] }`). */
function print(where, runs, cpuName) {
  const f = (x) => (x >= 0 ? ' ' : '') + x.toFixed(2);
  console.log(`\ncold start, ${where}: ${runs.A.length} rounds (medians, ms)`);
  console.log(`  ${''.padEnd(10)}${'wall'.padStart(9)}${cpuName.padStart(17)}`);
  for (const who of WHO) {
    const col = (key) => median(runs[who].map((r) => r[key])).toFixed(2);
    console.log(`  ${who.padEnd(10)}${col('ms').padStart(9)}${col('cpuMs').padStart(17)}`);
  }
  console.log(
    `  ${'paired, each round'.padEnd(30)}median [95 % interval]  (middle half)      slower in  B ran first / second`,
  );
  for (const [who, name] of [
    ['B', 'B - A'],
    ["A'", "A' - A (A/A)"],
  ]) {
    for (const [key, label] of [
      ['ms', 'wall'],
      ['cpuMs', cpuName],
    ]) {
      const diffs = runs[who].map((r, i) => r[key] - runs.A[i][key]);
      const ci = medianInterval(diffs);
      const slower = diffs.filter((d) => d > 0).length;
      const first = diffs.filter((_, i) => runs.order[i].indexOf(who) < runs.order[i].indexOf('A'));
      const second = diffs.filter((_, i) => runs.order[i].indexOf(who) > runs.order[i].indexOf('A'));
      console.log(
        `  ${`${name}, ${label}`.padEnd(30)}${f(median(diffs)).padStart(6)} [${ci ? `${f(ci[0])}, ${f(ci[1])}` : '-'}]`.padEnd(
          56,
        ) +
          `(${f(quantile(diffs, 0.25))} to ${f(quantile(diffs, 0.75))})`.padEnd(22) +
          `${slower}/${diffs.length}`.padEnd(11) +
          `${f(median(first))} / ${f(median(second))}`,
      );
    }
  }
}

const srv = await startServerProcess('ab-cold', ['--ttl-seconds', String(Math.max(600, ROUNDS * 30))]);
let browser = null;
let page = null;
try {
  const { LooplyClient } = await import(pathToFileURL(files.A).href);
  const first = (
    await new LooplyClient({ apiKey: srv.apiKey, baseUrl: srv.baseUrl }).getOrganizationWorkflows({ limit: 1 })
  ).items[0];
  const { sdk } = programs(srv, { workflow_id: first.workflow_id, workflow_version: first.workflow_version });
  const runs = {};
  for (const where of WHERE) runs[where] = { ...Object.fromEntries(WHO.map((w) => [w, []])), order: [] };
  if (WHERE.includes('chromium')) {
    if (!existsSync(CHROMIUM)) throw new Error(`ab-cold: no Chromium at ${CHROMIUM}`);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch(CHROMIUM_LAUNCH);
    page = await servePage({ '/A.mjs': files.A, '/B.mjs': files.B, '/C.mjs': files["A'"] });
  }
  const paths = { A: '/A.mjs', B: '/B.mjs', "A'": '/C.mjs' };
  const t0 = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    const order = ORDERS[i % ORDERS.length];
    for (const where of WHERE) {
      for (const who of order) {
        const run =
          where === 'node'
            ? await inNodeWith(sdk, { sdk: pathToFileURL(files[who]).href })
            : await inContext(browser, page.url, sdk, { sdk: `${page.url}${paths[who]}` });
        if (!Number.isFinite(run.ms)) throw new Error(`ab-cold: ${who} in ${where} gave no time`);
        runs[where][who].push(run);
      }
      runs[where].order.push(order);
    }
    if ((i + 1) % 6 === 0) {
      const s = (performance.now() - t0) / 1000;
      process.stderr.write(`ab-cold: ${i + 1}/${ROUNDS} rounds, ${s.toFixed(0)} s\n`);
      if (s > SECONDS) break;
    }
  }
  console.log(`A  = ${files.A}\nB  = ${files.B}\nA' = ${files["A'"]} (a copy of A)`);
  if (runs.node) print('Node', runs.node, 'process CPU');
  if (runs.chromium) print('Chromium', runs.chromium, 'main-thread CPU');
} finally {
  page?.server.close();
  await browser?.close();
  srv.child.kill();
}
