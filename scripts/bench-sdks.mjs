// The side-by-side run of `make bench`: the same request (getWorkflowById) through raw fetch,
// raw fetch with a per-attempt timeout (AbortController + setTimeout, the honest floor for a
// client with timeouts), looply-sdk, openapi-fetch (typed by openapi-typescript from the
// shipped openapi.json: bench-openapi.mjs), openai-node's request pipeline, @octokit/request
// and ky, against the local server in its own process. Rounds interleave the clients finely
// (see compareSdks); each figure is the median per call over the rounds, of wall time and of
// this process's CPU time (the server's CPU is its own process's, not counted).
import OpenAI from 'openai';
import { request as octokitRequest } from '@octokit/request';
import ky from 'ky';
import createClient from 'openapi-fetch';
import { createRng } from '../server/prng.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const CONTROL = 'A/A control: the timed fetch again';
const RAW = 'raw fetch + json()';
const TIMED = 'raw fetch with a per-attempt timeout';

/** `name → (query) => Promise<body>`, each a client configured once, as an app would. */
function clients(sdk, srv) {
  const headers = { 'x-api-key': srv.apiKey };
  const url = (q) => `${srv.baseUrl}/workflows/getWorkflowById?${new URLSearchParams(q)}`;
  const looply = new sdk.LooplyClient({ apiKey: srv.apiKey, baseUrl: srv.baseUrl, logLevel: 'off' });
  const openai = new OpenAI({
    apiKey: 'unused',
    baseURL: srv.baseUrl,
    defaultHeaders: headers,
    maxRetries: 2,
    timeout: 30_000,
  });
  const octokit = octokitRequest.defaults({ baseUrl: srv.baseUrl, headers });
  const kyClient = ky.create({ prefixUrl: `${srv.baseUrl}/workflows`, headers, timeout: 30_000, retry: 2 });
  // The call of bench-size.mjs's openapi-fetch app, which tsc checks against the generated
  // types; the types are gone at run time, so this is that call.
  const api = createClient({ baseUrl: srv.baseUrl, headers });
  return {
    [RAW]: async (q) => (await fetch(url(q), { headers })).json(),
    [TIMED]: timedFetch(url, headers),
    'looply-sdk': (q) => looply.getWorkflowById(q),
    'openapi-fetch': async (q) => {
      const { data, error } = await api.GET('/workflows/getWorkflowById', { params: { query: q } });
      if (!data) throw new Error(error?.message);
      return data;
    },
    "openai-node's request pipeline": (q) => openai.get('/workflows/getWorkflowById', { query: q }),
    '@octokit/request': async (q) => (await octokit('GET /workflows/getWorkflowById', q)).data,
    ky: (q) => kyClient.get('getWorkflowById', { searchParams: q }).json(),
    // The same code as the timed row, measured as if it were another client: how far two
    // identical clients land apart in this run, i.e. the run's resolution.
    [CONTROL]: timedFetch(url, headers),
  };
}

/** Raw fetch with a per-attempt timeout (AbortController + setTimeout). */
function timedFetch(url, headers) {
  return async (q) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30_000);
    try {
      return await (await fetch(url(q), { headers, signal: controller.signal })).json();
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Runs `batch` once; adds its wall time and this process's CPU time (user + system), in µs, to `into`. */
async function measure(into, batch) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await batch();
  into.wallUs += (performance.now() - t0) * 1000;
  const { user, system } = process.cpuUsage(cpu0);
  into.cpuUs += user + system;
}

/**
 * Each client's µs per call, of wall time and of CPU time, in each round: sequential (`calls`
 * in a row) and `burst` in flight. Each round interleaves the clients finely, so that the
 * machine's drift (a shared 2-core box) lands on all of them alike: sequential calls in
 * blocks of `block` per client, and bursts one per client, in a new order each time. A
 * round's figure for a client is its total over its calls in that round. CPU is read with
 * process.cpuUsage() around each block and burst: all of this process's threads (the client
 * and undici's HTTP on the main thread, V8's garbage collection and compilation beside it)
 * and none of the server's, which has its own process.
 * Returns `[{ name, seq, par }]`, `seq` and `par` holding one `{ wallUs, cpuUs }` a round.
 */
export async function compareSdks(sdk, srv, ids, { rounds, calls, burst, bursts, block = 50 }) {
  const all = clients(sdk, srv);
  const names = Object.keys(all);
  const q = { workflow_id: ids.workflow_id, workflow_version: ids.workflow_version };
  for (const name of names) {
    const body = await all[name](q); // every client must get the same answer
    if (body?.item?.workflow_id !== q.workflow_id)
      throw new Error(`bench: ${name} got ${JSON.stringify(body)?.slice(0, 200)}`);
    // Warm-up, not measured: a block and a burst, so that the first round is not the JIT's.
    for (let i = 0; i < block; i++) await all[name](q);
    await Promise.all(Array.from({ length: burst }, () => all[name](q)));
  }
  const seq = Object.fromEntries(names.map((n) => [n, []]));
  const par = Object.fromEntries(names.map((n) => [n, []]));
  const rng = createRng(27);
  // A new order for every block and burst (a seeded shuffle): a rotation would keep each
  // client behind the same neighbour, whose leftover work (garbage to collect, sockets to
  // close) would then always land in that client's CPU figures.
  const shuffled = () => {
    const order = [...names];
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  };
  const zero = () => Object.fromEntries(names.map((n) => [n, { wallUs: 0, cpuUs: 0 }]));
  const perCall = ({ wallUs, cpuUs }, n) => ({ wallUs: wallUs / n, cpuUs: cpuUs / n });
  for (let r = 0; r < rounds; r++) {
    const seqSum = zero();
    for (let done = 0; done < calls; done += block) {
      const n = Math.min(block, calls - done);
      for (const name of shuffled()) {
        const call = all[name];
        await measure(seqSum[name], async () => {
          for (let i = 0; i < n; i++) await call(q);
        });
      }
    }
    const parSum = zero();
    for (let b = 0; b < bursts; b++) {
      for (const name of shuffled()) {
        const call = all[name];
        await measure(parSum[name], () => Promise.all(Array.from({ length: burst }, () => call(q))));
      }
    }
    for (const name of names) {
      seq[name].push(perCall(seqSum[name], calls));
      par[name].push(perCall(parSum[name], burst * bursts));
    }
  }
  return names.map((name) => ({ name, seq: seq[name], par: par[name] }));
}

const pad = (s, n) => String(s).padEnd(n);
const f = (x, d) => x.toFixed(d);
const met = (ok) => (ok ? 'met' : 'MISSED');

/**
 * One mode's figures (`mode` is 'seq' or 'par') for every client: its median µs a call, wall
 * and CPU, and its ratios to raw fetch and to the timed fetch, each the median over the
 * rounds of that round's ratio (a round measures all clients under the same load).
 */
function summarize(rows, mode) {
  const rounds = (name) => rows.find((r) => r.name === name)[mode];
  const [raw, timed] = [rounds(RAW), rounds(TIMED)];
  const ratio = (xs, base, key) => median(xs.map((x, i) => x[key] / base[i][key]));
  return rows.map(({ name, [mode]: xs }) => ({
    name,
    wallUs: median(xs.map((x) => x.wallUs)),
    cpuUs: median(xs.map((x) => x.cpuUs)),
    wallRaw: ratio(xs, raw, 'wallUs'),
    wallTimed: ratio(xs, timed, 'wallUs'),
    cpuTimed: ratio(xs, timed, 'cpuUs'),
  }));
}

function printMode(figures, title) {
  console.log(`\n${title}`);
  console.log(
    `${pad('client', 38)} ${pad('wall µs', 8)} ${pad('÷raw', 6)} ${pad('÷timed', 7)} ${pad('CPU µs', 7)} CPU ÷timed`,
  );
  for (const r of figures) {
    console.log(
      `${pad(r.name, 38)} ${pad(f(r.wallUs, 0), 8)} ${pad(f(r.wallRaw, 2), 6)} ${pad(f(r.wallTimed, 2), 7)} ${pad(f(r.cpuUs, 0), 7)} ${f(r.cpuTimed, 2)}`,
    );
  }
}

/**
 * The comparison: a table sequential and one in flight (µs a call and ratios: summarize);
 * then the A/A control's distance from the timed fetch (this run's resolution) and the
 * targets, read from the tables' ratios, met or MISSED (never a failure).
 */
export function printSdkTable(rows, { rounds, calls, burst, bursts }) {
  console.log(
    `\nside by side: getWorkflowById, ${rounds} interleaved rounds; µs a call: median of the rounds; ratios: median of the rounds' ratios; CPU: this process's user + system time (the server runs in its own)`,
  );
  const seq = summarize(rows, 'seq');
  const par = summarize(rows, 'par');
  printMode(seq, `sequential: ${calls} calls a round`);
  printMode(par, `${burst} in flight × ${bursts} a round`);
  const by = (figures, name) => figures.find((r) => r.name === name);
  const spread = (figures) => {
    const control = by(figures, CONTROL);
    const pct = (x) => `${(100 * Math.abs(x - 1)).toFixed(1)} %`;
    return `${pct(control.wallTimed)} (CPU ${pct(control.cpuTimed)})`;
  };
  console.log(
    `this run's resolution: the A/A control lands ${spread(seq)} from the timed fetch sequentially, ${spread(par)} in flight`,
  );
  const sdk = { seq: by(seq, 'looply-sdk'), par: by(par, 'looply-sdk') };
  const isOther = (r) => ![RAW, TIMED, CONTROL, 'looply-sdk'].includes(r.name);
  const least = (key) =>
    seq.filter(isOther).every((r) => sdk.seq[key] <= r[key]) &&
    par.filter(isOther).every((r) => sdk.par[key] <= r[key]);
  console.log(
    `targets: looply-sdk ≤ 1.03 × timed fetch sequential: ${met(sdk.seq.wallTimed <= 1.03)}; ≤ 1.05 × in flight: ${met(sdk.par.wallTimed <= 1.05)}; fastest SDK: ${least('wallTimed') ? 'yes' : 'NO'}`,
  );
  console.log(
    `targets, CPU a call: looply-sdk ≤ 1.03 × timed fetch sequential: ${met(sdk.seq.cpuTimed <= 1.03)}; at ${burst} in flight: ${met(sdk.par.cpuTimed <= 1.03)}; least CPU of every SDK: ${met(least('cpuTimed'))}`,
  );
  console.log(
    `targets, wall beside it: looply-sdk ≤ 1.05 × timed fetch sequential: ${met(sdk.seq.wallTimed <= 1.05)}; at ${burst} in flight: ${met(sdk.par.wallTimed <= 1.05)}`,
  );
}
