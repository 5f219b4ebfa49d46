#!/usr/bin/env node --expose-gc
// Benchmarks of the built package against hand-written fetch code, side by side in one
// process, against the local server (a child process on 127.0.0.1). Rounds interleave
// finely (blocks of 50 calls, single walks, single bursts, alternating); each figure is the
// median ratio SDK ÷ hand-written over the rounds, with min and max. Before them, the clients
// side by side (bench-sdks.mjs: wall and CPU time); after them, memory, the shipped sizes and
// one browser app a client bundled (bench-size.mjs). It prints tables; it is not a timed test.
//
//   node --expose-gc scripts/bench.mjs           the full run (make bench)
//   node --expose-gc scripts/bench.mjs --quick   a short run that proves it still works (make test)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureColdStarts, resolutionLines } from './bench-cold.mjs';
import { compareSdks, printSdkTable } from './bench-sdks.mjs';
import { appSizes, prepareApps, printAppSizes } from './bench-size.mjs';
import { getJson } from './hand-fetch.mjs';
import { startServerProcess } from './server-process.mjs';
import { sizeRows } from './size.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const N = quick
  ? { rounds: 2, calls: 100, walk: 300, walks: 1, burst: 50, bursts: 2, mem: [500, 2000], abandoned: 50, cold: 2 }
  : {
      rounds: 11,
      calls: 2000,
      walk: 3000,
      walks: 3,
      burst: 200,
      bursts: 10,
      mem: [10_000, 100_000],
      abandoned: 1000,
      cold: 30,
    };
// The side-by-side comparison of clients, wall and CPU time (scripts/bench-sdks.mjs): 9
// interleaved rounds of 1000 sequential calls and of 200 in flight × 5, each client.
// --quick: 3 rounds, so that a median is one round's figure rather than the larger of two.
const SIDE = quick ? { rounds: 3, calls: 50, burst: 50, bursts: 1 } : { rounds: 9, calls: 1000, burst: 200, bursts: 5 };

const sdk = await import(join(root, 'build', 'consumer', 'esm.mjs'));
const hooks = await import(join(root, 'build', 'pkg-test-hooks', 'index.mjs'));

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/**
 * Rounds of `sdkStep` and `handStep` interleaved finely: each round runs `steps` steps of
 * each, alternating (the order flips every step), so that the machine's drift lands on both;
 * a round's ratio is SDK time ÷ hand time over its steps. Returns the median ratio, min, max.
 */
async function compare(name, sdkStep, handStep, steps) {
  await sdkStep();
  await handStep(); // warm-up
  const ratios = [];
  const times = { sdk: [], hand: [] };
  let flip = false;
  for (let r = 0; r < N.rounds; r++) {
    const round = { sdk: 0, hand: 0 };
    for (let i = 0; i < steps; i++) {
      flip = !flip;
      for (const [who, step] of flip
        ? [
            ['hand', handStep],
            ['sdk', sdkStep],
          ]
        : [
            ['sdk', sdkStep],
            ['hand', handStep],
          ]) {
        const t0 = performance.now();
        await step();
        round[who] += performance.now() - t0;
      }
    }
    times.sdk.push(round.sdk);
    times.hand.push(round.hand);
    ratios.push(round.sdk / round.hand);
  }
  return {
    name,
    sdkMs: median(times.sdk),
    handMs: median(times.hand),
    median: median(ratios),
    min: Math.min(...ratios),
    max: Math.max(...ratios),
  };
}

/** Hand-written fetch code with a per-attempt timeout (the honest floor for a client with timeouts). */
function handClient(srv) {
  const headers = { 'x-api-key': srv.apiKey };
  return { get: (path, query) => getJson(`${srv.baseUrl}/workflows/${path}?${new URLSearchParams(query)}`, headers) };
}

async function timings(srv, client, hand, ids) {
  const get = { workflow_id: ids.workflow_id, workflow_version: ids.workflow_version };
  const rows = [];
  const block = 50; // sequential calls per step
  const handBlock = async () => {
    for (let i = 0; i < block; i++) await hand.get('getWorkflowById', get);
  };
  const handBurst = () => Promise.all(Array.from({ length: N.burst }, () => hand.get('getWorkflowById', get)));
  rows.push(
    await compare(
      `getWorkflowById × ${N.calls}, sequential`,
      async () => {
        for (let i = 0; i < block; i++) await client.getWorkflowById(get);
      },
      handBlock,
      N.calls / block,
    ),
  );
  // The hand-written code against itself: how far two identical clients land apart in this
  // run (its resolution; the ratio would be 1.00 on a quiet machine).
  rows.push(await compare(`A/A control: hand-written ÷ itself, sequential`, handBlock, handBlock, N.calls / block));
  rows.push(
    await compare(
      `walk of ${N.walk} executions × ${N.walks}`,
      async () => {
        const items = await client.paginateOrganizationExecutions().toArray();
        if (items.length !== N.walk) throw new Error(`walked ${items.length}`);
      },
      async () => {
        const items = [];
        let key;
        do {
          const page = await hand.get('getOrganizationExecutions', {
            limit: 30,
            ...(key && { workflow_id: key.workflow_id, workflow_execution_id: key.workflow_execution_id }),
          });
          items.push(...page.items);
          key = page.lastKey;
        } while (key);
        if (items.length !== N.walk) throw new Error(`walked ${items.length}`);
      },
      N.walks,
    ),
  );
  rows.push(
    await compare(
      `${N.burst} in flight × ${N.bursts}`,
      async () => {
        await Promise.all(Array.from({ length: N.burst }, () => client.getWorkflowById(get)));
      },
      handBurst,
      N.bursts,
    ),
  );
  rows.push(await compare(`A/A control: hand-written ÷ itself, in flight`, handBurst, handBurst, N.bursts));
  return rows;
}

/** Heap and wasm memory after many calls and abandoned paginators: they must not grow. */
async function memory(srv, ids) {
  const client = new hooks.LooplyClient({ apiKey: srv.apiKey, baseUrl: srv.baseUrl });
  const get = { workflow_id: ids.workflow_id, workflow_version: ids.workflow_version };
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      globalThis.gc?.();
      await new Promise((r) => setTimeout(r, 20));
    }
    return { heap: process.memoryUsage().heapUsed, wasm: hooks.memoryBytes() };
  };
  const points = [];
  let done = 0;
  for (const target of N.mem) {
    for (; done < target; done += 50) await Promise.all(Array.from({ length: 50 }, () => client.getWorkflowById(get)));
    points.push({ label: `after ${target} calls`, ...(await settle()) });
  }
  for (let i = 0; i < N.abandoned; i++) {
    for await (const _ of client.paginateOrganizationExecutions({ limit: 10 })) break;
  }
  points.push({ label: `after ${N.abandoned} abandoned paginators`, ...(await settle()) });
  return points;
}

const fmt = (x, d = 2) => x.toFixed(d);
const pad = (s, n) => String(s).padEnd(n);

async function main() {
  if (!globalThis.gc) console.log('(run with node --expose-gc for settled heap figures)');
  await prepareApps(); // the size table's apps, and openapi-fetch's types, type-checked
  const srv = await startServerProcess('bench', ['--executions', String(N.walk), '--ttl-seconds', '1800']);
  try {
    const client = new sdk.LooplyClient({ apiKey: srv.apiKey, baseUrl: srv.baseUrl });
    const first = (await client.getOrganizationWorkflows({ limit: 1 })).items[0];
    const ids = { workflow_id: first.workflow_id, workflow_version: first.workflow_version };
    printSdkTable(await compareSdks(sdk, srv, ids, SIDE), SIDE);
    const rows = await timings(srv, client, handClient(srv), ids);
    const ratio = { label: '≤1.05×', met: (r) => r.median <= 1.05 };
    for (const r of rows) if (!r.name.startsWith('A/A')) r.target = ratio;
    for (const r of await measureColdStarts(srv, ids, N.cold)) {
      // The target is against the call with plain fetch in a module of its own (see bench-cold.mjs).
      if (r.name.includes('in a module')) r.target = { label: '≤+10 ms', met: (x) => x.extraMs <= 10 };
      rows.push(r);
    }
    console.log('\nagainst hand-written fetch code with a timeout (rows above: ratios; cold starts: ms more, medians)');
    console.log(
      `${pad('benchmark', 52)} ${pad('SDK ms', 8)} ${pad('fetch ms', 9)} ${pad('ratio', 6)} ${pad('min', 5)} ${pad('max', 5)} ${pad('+ms', 6)} target`,
    );
    for (const r of rows) {
      const target = r.target === undefined ? '' : `${r.target.label} ${r.target.met(r) ? 'met' : 'MISSED'}`;
      const extra = r.extraMs === undefined ? '' : fmt(r.extraMs, 1);
      console.log(
        `${pad(r.name, 52)} ${pad(fmt(r.sdkMs, 1), 8)} ${pad(fmt(r.handMs, 1), 9)} ${pad(fmt(r.median), 6)} ${pad(fmt(r.min), 5)} ${pad(fmt(r.max), 5)} ${pad(extra, 6)} ${target}`,
      );
    }
    // What this run's cold-start rows resolve: the SDK's and the A/A control's 95 % intervals.
    for (const line of resolutionLines(rows)) console.log(line);
    const mem = await memory(srv, ids);
    console.log(`\n${pad('memory', 34)} ${pad('heap MB', 10)} wasm linear memory KB`);
    for (const m of mem) console.log(`${pad(m.label, 34)} ${pad(fmt(m.heap / 1e6, 1), 10)} ${m.wasm / 1024}`);
    const wasmGrew = mem.at(-1).wasm > mem[0].wasm;
    const heapGrew = mem.at(-1).heap > mem[0].heap * 1.25 + 2e6;
    console.log(`memory flat: wasm ${wasmGrew ? 'GREW' : 'yes'}, heap ${heapGrew ? 'GREW' : 'yes'}`);
    console.log('\nshipped size');
    for (const line of sizeRows()) console.log(line);
    printAppSizes(await appSizes());
    if (wasmGrew || heapGrew) process.exitCode = 1;
  } finally {
    srv.child.kill();
  }
}

await main();
