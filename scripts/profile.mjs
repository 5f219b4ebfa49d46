#!/usr/bin/env node
// `make profile` (`--quick` in make test): where the SDK's own microseconds go in a call, with the network taken out.
// A zero-latency fetch (a ready `Response` per call) stands in for the server, so that what
// is left is the SDK's work and the platform's (fetch, AbortController, timers).
//
//  1. overhead: getWorkflowById through the SDK against hand-written fetch code with the same
//     per-attempt timeout, in interleaved blocks; the median of the blocks' differences.
//  2. crossings: the JavaScript functions the wasm core calls in one call, counted.
//  3. layers: a sampled CPU profile of SDK calls, each sample given to the innermost frame of
//     the package (the unminified build in build/pkg-profile/, so functions keep their names).
//     Sampling inflates small functions; read the shares, and the overhead from step 1.
//  4. in place: against the local server (its own process), each call timed in three phases,
//     SDK against hand-written code: before fetch is called, fetch until the response headers,
//     and from there to the result. Between network waits the other process runs on the
//     same cores, so the caches are cold and each phase costs several times its tight-loop
//     figure: this is where the sequential benchmark's gap comes from.
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { getJson } from './hand-fetch.mjs';
import { startServerProcess } from './server-process.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'build', 'pkg-profile', 'index.mjs');
const quick = process.argv.includes('--quick'); // make test: proves it still runs
const BLOCK = quick ? 200 : 2000;
const ROUNDS = quick ? 4 : 31;
const CALLS = quick ? 2000 : 40_000;

const body = JSON.stringify({
  item: { workflow_id: 'wf_1', workflow_version: 3, name: 'Onboarding', created_at: '2026-01-01T00:00:00Z' },
});
const zeroLatencyFetch = async () =>
  new Response(body, {
    status: 200,
    headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
  });
// Installed before the package loads: it is then "the platform's fetch" to the SDK, which
// shares its headers with it, as with the real global fetch. Step 4 switches it to the real
// fetch, timed.
const realFetch = globalThis.fetch;
let real = false;
const phase = { calledAt: 0, answeredAt: 0 };
globalThis.fetch = async function fetch(url, init) {
  if (!real) return zeroLatencyFetch();
  phase.calledAt = performance.now();
  const res = await realFetch(url, init);
  phase.answeredAt = performance.now();
  return res;
};

// Counts the calls from wasm into JavaScript (the import object's functions).
const crossings = new Map();
let counting = false;
const Instance = WebAssembly.Instance;
// biome-ignore lint/complexity/useArrowFunction: the glue calls it with `new`, which an arrow function refuses
WebAssembly.Instance = function (module, imports) {
  const wrapped = {};
  // (The loader's decoder module imports nothing: scripts/wasm-pack.mjs.)
  for (const [ns, fns] of Object.entries(imports ?? {})) {
    wrapped[ns] = {};
    for (const [name, f] of Object.entries(fns)) {
      wrapped[ns][name] =
        typeof f !== 'function'
          ? f
          : function (...args) {
              if (counting) crossings.set(f.name || name, (crossings.get(f.name || name) || 0) + 1);
              return f.apply(this, args);
            };
    }
  }
  return new Instance(module, wrapped);
};
const { LooplyClient } = await import(entry);
WebAssembly.Instance = Instance;

let baseUrl = 'http://127.0.0.1:9/v1';
let client = new LooplyClient({ apiKey: 'k', baseUrl, logLevel: 'off' });
let query = { workflow_id: 'wf_1', workflow_version: 3 };
let headers = { 'x-api-key': 'k' };
const sdk = () => client.getWorkflowById(query);
const hand = () => getJson(`${baseUrl}/workflows/getWorkflowById?${new URLSearchParams(query)}`, headers);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function block(run) {
  const t0 = performance.now();
  for (let i = 0; i < BLOCK; i++) await run();
  return ((performance.now() - t0) * 1000) / BLOCK;
}

// 1. overhead
const sdkUs = [];
const handUs = [];
const diffs = [];
for (let r = 0; r < ROUNDS; r++) {
  const [a, b] = r % 2 ? [sdk, hand] : [hand, sdk];
  const ta = await block(a);
  const tb = await block(b);
  const [s, h] = a === sdk ? [ta, tb] : [tb, ta];
  if (r >= 2) {
    // the first rounds warm the JIT up
    sdkUs.push(s);
    handUs.push(h);
    diffs.push(s - h);
  }
}
console.log(`zero-latency fetch, getWorkflowById, ${ROUNDS - 2} interleaved blocks of ${BLOCK} calls`);
console.log(`  hand-written fetch with a timeout  ${median(handUs).toFixed(2)} µs a call`);
console.log(`  looply-sdk                          ${median(sdkUs).toFixed(2)} µs a call`);
console.log(
  `  the SDK's own work                  ${median(diffs).toFixed(2)} µs a call (median of the blocks' differences)`,
);

// 2. crossings
counting = true;
for (let i = 0; i < 100; i++) await sdk();
counting = false;
// The wasm's import names are minified (scripts/build.mjs); the build keeps wasm-bindgen's.
const names = new Map(
  JSON.parse(readFileSync(join(root, 'build', 'glue', 'names.json'), 'utf8')).imports.map(([, long, short]) => [
    short,
    long,
  ]),
);
const readable = (name) =>
  (names.get(name) ?? name).replace(/^__wbg_(___wbindgen_)?/, '').replace(/_[0-9a-f]{16}$/, '');
const perCall = [...crossings].map(([name, n]) => [readable(name), n / 100]).sort((a, b) => b[1] - a[1]);
const total = perCall.reduce((s, [, n]) => s + n, 0);
console.log(`\ncalls from wasm into JavaScript in one call: ${total}`);
console.log(`  ${perCall.map(([name, n]) => `${name} ×${n}`).join(', ')}`);

// 3. layers
const LAYERS = [
  ['Rust core (validation, URL, retry decision, response check)', (f) => f.url.startsWith('wasm')],
  ['crossings between JavaScript and wasm (engine wrappers)', (f) => /^(js-to-wasm|wasm-to-js)/.test(f.functionName)],
  [
    'wasm-bindgen glue (strings in and out, results, externref table)',
    (f) =>
      /^(getStringFromWasm0|passStringToWasm0|decodeText|getDataViewMemory0|getUint8ArrayMemory0|takeFromExternrefTable0|addToExternrefTable0|handleError|isLikeNone|__wbg|__wbindgen|__call|__settle|__forget)/.test(
        f.functionName,
      ),
  ],
  ['transport.js accessors (field, kind, record)', (f) => /^(field|kind|record[A-Z]\w*)$/.test(f.functionName)],
  ['sendOnce: the attempt (controller, timer, record, JSON.parse)', (f) => f.functionName === 'sendOnce'],
  ['the driver (method, drive, InFlight: promises and the call loop)', (f) => f.url.endsWith('index.mjs')],
];
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
await session.post('Profiler.start');
for (let i = 0; i < CALLS; i++) await sdk();
const { profile } = await session.post('Profiler.stop');
session.disconnect();

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
const inPackage = (f) =>
  f.url.startsWith('wasm') ||
  f.url.endsWith('pkg-profile/index.mjs') ||
  /^(js-to-wasm|wasm-to-js)/.test(f.functionName);
const shares = new Map();
let sampled = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] || 0;
  sampled += dt;
  const leaf = nodes.get(profile.samples[i]);
  let layer = 'the platform (fetch, Response, AbortController, timers): hand-written code pays it too';
  const name = leaf.callFrame.functionName;
  if (name === '(garbage collector)') layer = 'garbage collection';
  else if (name === '(idle)' || name === '(program)' || name === '(root)') layer = 'idle and engine bookkeeping';
  else if (inPackage(leaf.callFrame))
    layer =
      LAYERS.find(([, test]) => test(leaf.callFrame))?.[0] ??
      'the driver (method, drive, InFlight: promises and the call loop)';
  shares.set(layer, (shares.get(layer) || 0) + dt);
}
console.log(
  `\nsampled profile of ${CALLS} SDK calls (µs a call, sampling included; the package's own frames only count their own time)`,
);
for (const [layer, us] of [...shares].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${(us / CALLS).toFixed(2).padStart(6)}  ${layer}`);
}
console.log(`  ${(sampled / CALLS).toFixed(2).padStart(6)}  in all`);

// 4. in place
const server = await startServerProcess('profile');
try {
  real = true;
  baseUrl = server.baseUrl;
  headers = { 'x-api-key': server.apiKey };
  client = new LooplyClient({ apiKey: server.apiKey, baseUrl, logLevel: 'off' });
  const first = (await client.getOrganizationWorkflows({ limit: 1 })).items[0];
  query = { workflow_id: first.workflow_id, workflow_version: first.workflow_version };
  const phases = { hand: { before: [], fetch: [], after: [] }, sdk: { before: [], fetch: [], after: [] } };
  const PLACE_ROUNDS = quick ? 4 : 300;
  for (let r = 0; r < PLACE_ROUNDS; r++) {
    for (const [who, run] of r % 2
      ? [
          ['hand', hand],
          ['sdk', sdk],
        ]
      : [
          ['sdk', sdk],
          ['hand', hand],
        ]) {
      for (let i = 0; i < 10; i++) {
        const t0 = performance.now();
        await run();
        const t1 = performance.now();
        if (r < 2) continue;
        phases[who].before.push((phase.calledAt - t0) * 1000);
        phases[who].fetch.push((phase.answeredAt - phase.calledAt) * 1000);
        phases[who].after.push((t1 - phase.answeredAt) * 1000);
      }
    }
  }
  const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * p)];
  console.log(
    `\nin place: the local server in its own process, ${phases.sdk.before.length} sequential calls each, interleaved; µs, 25th percentile / median`,
  );
  console.log(`  ${'phase'.padEnd(50)} ${'hand-written'.padEnd(14)} ${'looply-sdk'.padEnd(14)} SDK's extra`);
  const rows = [
    ['before fetch is called (validation, URL, driver)', 'before'],
    ['fetch until the response headers', 'fetch'],
    ['body, JSON, response check, back to the caller', 'after'],
  ];
  for (const [label, key] of rows) {
    const h = phases.hand[key];
    const k = phases.sdk[key];
    console.log(
      `  ${label.padEnd(50)} ${`${q(h, 0.25).toFixed(0)} / ${q(h, 0.5).toFixed(0)}`.padEnd(14)} ${`${q(k, 0.25).toFixed(0)} / ${q(k, 0.5).toFixed(0)}`.padEnd(14)} ${(q(k, 0.25) - q(h, 0.25)).toFixed(0)} / ${(q(k, 0.5) - q(h, 0.5)).toFixed(0)}`,
    );
  }
} finally {
  server.child.kill();
}
