#!/usr/bin/env node
// A paired CPU A/B of two builds of the package in one process, against the local server (its
// own process): the hand-written call (scripts/hand-fetch.mjs), build A's and build B's
// getWorkflowById take turns call by call, in rotating order, and each call's CPU
// (`process.cpuUsage()`, all threads) is added to its client's. Load that drifts on a shared
// machine then falls on all three alike; a round's figure per client is its mean, and its
// mean with the slowest and fastest 5 % of calls left out (the shared machine's spikes, and
// garbage collection with them: a change that allocates less shows in the full mean only).
//
//   cp -r pkg build/ab-base                       # the build to compare against, set aside
//   node scripts/build.mjs                        # the change
//   node scripts/ab-cpu.mjs build/ab-base/index.mjs pkg/index.mjs
//
// env: ROUNDS (36), N (calls, or bursts, a client a round: 1000), PER_ROUND=1 (each round's
// trimmed figures printed as it ends: the JIT's warm-up shows in the first rounds), MODE
// (`call`: sequential, or `burst`: 200 in flight, a burst's CPU ÷ 200), ZERO=1 (a zero-latency
// fetch instead of the server: the SDK's own work in a tight loop; with POLLUTE, IPOLLUTE, REQ
// or WAIT, parts of what the network does put back: zero-fetch.mjs). One run's ± understates
// the spread: from one process to the next the same pair moves by about ±0.5 µs (the code's
// placement), and B's second place was worth about 0.3 µs. So run each comparison in both
// orders, and an A/A (the same build copied to two places). MODE=burst against the server is
// worse: B's place cost 10–15 µs a call there (an A/A: +15 ± 13), so only both orders' mean can
// be read, and a step smaller than about 10 µs does not show there (ZERO=1 bursts showed no
// such bias: A/As of −0.2 to −0.6 ± 0.6–1.7 µs).
//
// EVICT=1: make bench's side-table rotation. There six other clients run between two of the
// SDK's calls (raw fetch, the timed fetch, openapi-fetch, openai-node's request pipeline,
// @octokit/request, ky), so what an SDK call touches is out of the caches; with three small
// clients it is not: the default rotation reads 35–45 % of the SDK's extra over the timed
// fetch that the table reads in the same half hour, EVICT=1 75–90 % (docs/benchmarks-log.md,
// "Notes of branch `nevict`"; the hand-written call is 5–9 µs cheaper than the timed fetch:
// compare "A − timed fetch" with the table). With EVICT=1 those six clients, made by bench-sdks.mjs's own `clients`, take
// turns with hand, A and B in a new seeded shuffle each turn (as the bench's), and each call's
// reading runs to the event loop's next turn after it (as the bench's `measure`; TURN=0 leaves
// that out). Their calls are printed as rows of their own, against the hand-written call, and
// A against the timed fetch. EVICT=openapi-fetch,ky (names as the bench prints them) adds only
// those. Without EVICT the rotation is the default one above, unchanged. It resolves as the
// default does (B − A about ±1 µs a run): run both orders and an A/A.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRng } from '../server/prng.mjs';
import { getJson } from './hand-fetch.mjs';
import { startServerProcess } from './server-process.mjs';
import { installZeroFetch } from './zero-fetch.mjs';

const ZERO = Boolean(process.env.ZERO);
// Installed before the builds load, so that it is "the platform's fetch" to them; its knobs
// (POLLUTE, IPOLLUTE, REQ, WAIT) are in zero-fetch.mjs.
const stopZero = ZERO ? await installZeroFetch(process.env) : undefined;
const [entryA, entryB] = process.argv.slice(2).map((p) => pathToFileURL(resolve(p)).href);
if (!entryB) throw new Error('usage: node scripts/ab-cpu.mjs <entry A> <entry B>');
const A = (await import(entryA)).LooplyClient;
const B = (await import(`${entryB}?b`)).LooplyClient; // a second instance even of the same file
const MODE = process.env.MODE ?? 'call';
const N = Number(process.env.N ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 36);
const FLIGHT = 200;

const server = ZERO ? undefined : await startServerProcess('ab-cpu');
const baseUrl = ZERO ? 'http://127.0.0.1:9/v1' : server.baseUrl;
const options = { apiKey: 'looply-demo-key', baseUrl, logLevel: 'off' };
const a = new A(options);
const b = new B(options);
const headers = { 'x-api-key': 'looply-demo-key' };
// Found by the hand-written call, so that each build's first call is a timed one: a probe
// that reuses its first call's request would otherwise time A's on another endpoint (a
// list page) and B's on getWorkflowById, a bias of about 20 µs a call (docs/benchmarks.md,
// "Inside `__call`, by removal").
const wf = ZERO
  ? { workflow_id: 'wf_1', workflow_version: 3 }
  : (await getJson(`${baseUrl}/workflows/getOrganizationWorkflows?limit=1`, headers)).items[0];
const query = { workflow_id: wf.workflow_id, workflow_version: wf.workflow_version };
const url = `${baseUrl}/workflows/getWorkflowById?${new URLSearchParams(query)}`;
const calls = {
  hand: () => getJson(url, headers),
  A: () => a.getWorkflowById(query),
  B: () => b.getWorkflowById(query),
};
const others = process.env.EVICT ? await evictors(process.env.EVICT) : [];
for (const [name, call] of others) calls[name] = () => call(query);
const TIMED = 'raw fetch with a per-attempt timeout';
// A turn of the event loop inside each call's reading, as bench-sdks.mjs's `measure`.
const TURN = others.length > 0 && process.env.TURN !== '0';
const loopTurn = () => new Promise((done) => setImmediate(done));

/** The other clients of make bench's side table, `[name, (query) => Promise<body>]`: all six for `1`, or the listed ones. */
async function evictors(list) {
  const bench = await import('./bench-sdks.mjs');
  const made = bench.clients({ LooplyClient: class {} }, { apiKey: headers['x-api-key'], baseUrl });
  const pairs = Object.entries(made).filter(([name]) => name !== 'looply-sdk' && name !== bench.CONTROL);
  const wanted = list === '1' ? pairs : pairs.filter(([name]) => list.split(',').includes(name));
  if (wanted.length === 0) throw new Error(`EVICT=${list}: none of ${pairs.map(([n]) => n).join(', ')}`);
  for (const [name, call] of wanted) {
    const body = await call(query); // every client must get the same answer
    if (body?.item?.workflow_id !== query.workflow_id) throw new Error(`ab-cpu: ${name} got ${JSON.stringify(body)}`);
  }
  return wanted;
}
const unit = (name) => (MODE === 'burst' ? Promise.all(Array.from({ length: FLIGHT }, calls[name])) : calls[name]());
const perUnit = MODE === 'burst' ? FLIGHT : 1;
const ORDERS = [
  ['hand', 'A', 'B'],
  ['B', 'hand', 'A'],
  ['A', 'B', 'hand'],
  ['hand', 'B', 'A'],
  ['A', 'hand', 'B'],
  ['B', 'A', 'hand'],
];

// With EVICT, every client in a new order each turn: bench-sdks.mjs's seeded shuffle.
const rng = createRng(27);
const order = Object.keys(calls);
const shuffle = () => {
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
};
const turnOrder = others.length > 0 ? shuffle : (i) => ORDERS[i % ORDERS.length];

const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** One round: each client's µs a call, `{ full, trimmed }`. */
async function round() {
  const cpu = Object.fromEntries(Object.keys(calls).map((name) => [name, []]));
  for (let i = 0; i < N; i++) {
    for (const name of turnOrder(i)) {
      const before = process.cpuUsage();
      await unit(name);
      if (TURN) await loopTurn();
      const { user, system } = process.cpuUsage(before);
      cpu[name].push((user + system) / perUnit);
    }
  }
  const full = {};
  const trimmed = {};
  for (const [name, xs] of Object.entries(cpu)) {
    full[name] = mean(xs);
    trimmed[name] = mean(xs.sort((x, y) => x - y).slice(Math.floor(N * 0.05), Math.ceil(N * 0.95)));
  }
  return { full, trimmed };
}

/** One round's trimmed µs a call: the hand-written call's, and every other client's over it. */
const roundLine = (r, t) =>
  `round ${r}: hand-written ${t.hand.toFixed(1)}; ${Object.keys(t)
    .filter((name) => name !== 'hand')
    .map((name) => `${name} ${(t[name] - t.hand).toFixed(1)}`)
    .join(', ')} (µs over it, trimmed)`;

const rounds = [];
try {
  for (let i = 0; i < 500; i++) for (const name of Object.keys(calls)) await unit(name); // warm up
  for (let r = 0; r < ROUNDS; r++) {
    rounds.push(await round());
    if (process.env.PER_ROUND) console.log(roundLine(r, rounds[r].trimmed));
  }
} finally {
  server?.child.kill(); // also when a call fails
  stopZero?.();
}

/** Mean ± 2 standard errors over the rounds, and the median. */
function summary(xs) {
  const m = mean(xs);
  const se = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1) / xs.length);
  const median = [...xs].sort((x, y) => x - y)[xs.length >> 1];
  return `${m.toFixed(2).padStart(7)} ± ${(2 * se).toFixed(2)} (median ${median.toFixed(2)})`;
}
console.log(
  `${MODE}, ${ROUNDS} rounds of ${N} ${MODE === 'burst' ? 'bursts' : 'calls'} a client; µs a call, mean ± 2 s.e.`,
);
if (others.length > 0) {
  console.log(
    `EVICT: with ${others.map(([n]) => n).join(', ')}; ${TURN ? 'a turn of the event loop in each reading' : 'TURN=0'}`,
  );
}
for (const kind of ['full', 'trimmed']) {
  const of = (f) => rounds.map((r) => f(r[kind]));
  console.log(
    `CPU, ${kind === 'full' ? 'every call' : 'calls 5–95 %'}: hand-written ${mean(of((x) => x.hand)).toFixed(1)}`,
  );
  console.log(`  A − hand   ${summary(of((x) => x.A - x.hand))}`);
  console.log(`  B − hand   ${summary(of((x) => x.B - x.hand))}`);
  console.log(`  B − A      ${summary(of((x) => x.B - x.A))}`);
  // The other clients against the hand-written call, and A against the timed fetch (the bench's divisor).
  for (const [name] of others) console.log(`  ${`${name} − hand`.padEnd(46)} ${summary(of((x) => x[name] - x.hand))}`);
  if (TIMED in calls) console.log(`  ${'A − timed fetch'.padEnd(46)} ${summary(of((x) => x.A - x[TIMED]))}`);
}
