// The side-by-side run of `make bench`: the same request (getWorkflowById) through raw fetch,
// raw fetch with a per-attempt timeout (AbortController + setTimeout, the honest floor for a
// client with timeouts), looply-sdk, openapi-fetch (typed by openapi-typescript from the
// shipped openapi.json: bench-openapi.mjs), openai-node's request pipeline, @octokit/request
// and ky, against the local server in its own process. The clients take turns call by call
// and burst by burst in a shuffled order, and every call's (burst's) wall time and this
// process's CPU time are read on their own (see compareSdks; the server's CPU is its own
// process's, not counted); each figure is a mean a call over every call of the run, with
// the same measurement around an empty call subtracted (see summarize).
import OpenAI from 'openai';
import { request as octokitRequest } from '@octokit/request';
import ky from 'ky';
import createClient from 'openapi-fetch';
import { createRng } from '../server/prng.mjs';

export const CONTROL = 'A/A control: the timed fetch again';
const RAW = 'raw fetch + json()';
const TIMED = 'raw fetch with a per-attempt timeout';
// Not a client: the measuring code around an empty call (an empty burst), taking its turns
// with the clients; its figures are subtracted from every client's (summarize).
const EMPTY = 'the measurement itself';

/** `name → (query) => Promise<body>`, each a client configured once, as an app would (ab-cpu.mjs's EVICT makes its own with it). */
export function clients(sdk, srv) {
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

/** A client's figures in one mode: each call's wall and CPU µs, in the order taken (round by round). */
const samples = (n) => ({ wallUs: new Float64Array(n), cpuUs: new Float64Array(n), n: 0 });

const loopTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs `unit(arg)` (one call, or one burst of `per` calls) and adds its wall time and this
 * process's CPU time (user + system), µs a call, to `into`. Both are read around the unit and
 * one turn of the event loop after it, so that work it left for later (its socket back in the
 * pool, the end of its response's stream) is counted to it rather than to whoever comes next.
 */
async function measure(into, unit, arg, per) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await unit(arg);
  await loopTurn();
  const wallUs = (performance.now() - t0) * 1000;
  const { user, system } = process.cpuUsage(cpu0);
  into.wallUs[into.n] = wallUs / per;
  into.cpuUs[into.n++] = (user + system) / per;
}

/**
 * Each client's wall and CPU µs a call, every call on its own: `rounds` rounds of `calls`
 * sequential calls and of `bursts` bursts of `burst` in flight. The clients take turns call
 * by call (and burst by burst) in a new order each turn (a seeded shuffle), so that the
 * machine's drift (a shared 2-core box) lands on all of them alike and no client always
 * follows the same one. With them takes its turns the same measurement around an empty call
 * (an empty burst): the cost of measuring, which summarize subtracts from every client. CPU
 * is process.cpuUsage(): all of this process's threads (the client and undici's HTTP on the
 * main thread, V8's garbage collection and compilation beside it) and none of the server's,
 * which has its own process. Returns `[{ name, seq, par }]`, each a `samples`: every call's
 * figures, round after round (a burst's, divided by its calls).
 */
export async function compareSdks(sdk, srv, ids, { rounds, calls, burst, bursts }) {
  const q = { workflow_id: ids.workflow_id, workflow_version: ids.workflow_version };
  const all = clients(sdk, srv);
  for (const [name, call] of Object.entries(all)) {
    const body = await call(q); // every client must get the same answer
    if (body?.item?.workflow_id !== q.workflow_id)
      throw new Error(`bench: ${name} got ${JSON.stringify(body)?.slice(0, 200)}`);
  }
  all[EMPTY] = async () => undefined;
  const names = Object.keys(all);
  const burstOf = Object.fromEntries(
    names.map((n) => [n, () => Promise.all(Array.from({ length: burst }, () => all[n](q)))]),
  );
  // Warm-up, not kept: 50 calls and a burst a client through the same code, so that the
  // first round is not the JIT's.
  const sink = samples(names.length * 51);
  for (const name of names) {
    for (let i = 0; i < 50; i++) await measure(sink, all[name], q, 1);
    await measure(sink, burstOf[name], undefined, burst);
  }
  const seq = Object.fromEntries(names.map((n) => [n, samples(rounds * calls)]));
  const par = Object.fromEntries(names.map((n) => [n, samples(rounds * bursts)]));
  const rng = createRng(27);
  const order = [...names];
  const shuffle = () => {
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  };
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < calls; i++) for (const name of shuffle()) await measure(seq[name], all[name], q, 1);
    for (let b = 0; b < bursts; b++) {
      for (const name of shuffle()) await measure(par[name], burstOf[name], undefined, burst);
    }
  }
  return names.map((name) => ({ name, seq: seq[name], par: par[name] }));
}

const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
/** The mean without the lowest and highest 5 % of `xs`. */
const trimmedMean = (xs) => {
  const cut = Math.floor(xs.length * 0.05);
  return mean(
    Float64Array.from(xs)
      .sort()
      .subarray(cut, xs.length - cut),
  );
};
const median = (xs) => Float64Array.from(xs).sort()[xs.length >> 1];
const pad = (s, n) => String(s).padEnd(n);
const f = (x, d) => (Number.isFinite(x) ? x.toFixed(d) : '–');
const met = (ok) => (ok ? 'met' : 'MISSED');

/**
 * One mode's figures (`mode` is 'seq' or 'par') for every client, µs a call: wall and CPU,
 * each the mean over every call of the run (garbage collection and the machine's spikes
 * included), and CPU's trimmed mean beside it (each client's slowest and fastest 5 % of calls
 * left out: its own work without garbage collection and spikes). From each, the measurement's
 * own cost is subtracted, the same from every client: the empty call's median. (Its mean holds,
 * besides, the collections and helper threads' work that land in it as in any call: V8 runs
 * most collections as tasks of the event loop, in whichever call's turn comes; after a burst,
 * in many of the empty bursts, which a 5 % trim of 45 does not leave out.)
 * Ratios divide those figures; `cpuSe` and `cpuTrimSe` are two standard errors of the CPU
 * ratios, by the jackknife over the rounds (each round left out in turn).
 */
function summarize(rows, mode, perRound) {
  const rounds = Math.round(rows[0][mode].n / perRound);
  // Every figure, from the run's calls without round `skip` (none: -1).
  const figures = (skip) => {
    const calls = (xs) => {
      if (skip < 0) return xs;
      const kept = new Float64Array(xs.length - perRound);
      kept.set(xs.subarray(0, skip * perRound));
      kept.set(xs.subarray((skip + 1) * perRound), skip * perRound);
      return kept;
    };
    const of = (name) => rows.find((r) => r.name === name)[mode];
    const empty = of(EMPTY);
    const cost = { wallUs: median(calls(empty.wallUs)), cpuUs: median(calls(empty.cpuUs)) };
    const fig = (s) => {
      const cpu = calls(s.cpuUs);
      return {
        wallUs: mean(calls(s.wallUs)) - cost.wallUs,
        cpuUs: mean(cpu) - cost.cpuUs,
        cpuTrimUs: trimmedMean(cpu) - cost.cpuUs,
      };
    };
    const [raw, timed] = [fig(of(RAW)), fig(of(TIMED))];
    return {
      cost,
      figures: rows
        .filter((r) => r.name !== EMPTY)
        .map(({ name, [mode]: s }) => {
          const x = fig(s);
          return {
            name,
            ...x,
            wallRaw: x.wallUs / raw.wallUs,
            wallTimed: x.wallUs / timed.wallUs,
            cpuTimed: x.cpuUs / timed.cpuUs,
            cpuTrimTimed: x.cpuTrimUs / timed.cpuTrimUs,
          };
        }),
    };
  };
  const all = figures(-1);
  const left = Array.from({ length: rounds }, (_, r) => figures(r).figures);
  const jackknife2se = (i, key) => {
    const ys = left.map((fs) => fs[i][key]);
    const m = mean(ys);
    return 2 * Math.sqrt(((rounds - 1) / rounds) * ys.reduce((a, y) => a + (y - m) ** 2, 0));
  };
  all.figures.forEach((x, i) => {
    x.cpuSe = jackknife2se(i, 'cpuTimed');
    x.cpuTrimSe = jackknife2se(i, 'cpuTrimTimed');
  });
  return all;
}

function printMode({ figures }, title) {
  console.log(`\n${title}`);
  console.log(
    `${pad('client', 38)} ${pad('wall µs', 8)} ${pad('÷raw', 6)} ${pad('÷timed', 7)} ${pad('CPU µs', 7)} ${pad('CPU ÷timed', 16)} ${pad('trimmed CPU µs', 15)} ÷timed`,
  );
  for (const r of figures) {
    console.log(
      `${pad(r.name, 38)} ${pad(f(r.wallUs, 0), 8)} ${pad(f(r.wallRaw, 2), 6)} ${pad(f(r.wallTimed, 2), 7)} ${pad(f(r.cpuUs, 1), 7)} ${pad(`${f(r.cpuTimed, 3)} ± ${f(r.cpuSe, 3)}`, 16)} ${pad(f(r.cpuTrimUs, 1), 15)} ${f(r.cpuTrimTimed, 3)} ± ${f(r.cpuTrimSe, 3)}`,
    );
  }
}

/** `met` or `MISSED` for `x ≤ limit`, with `x ± se`, and `unresolved` when `limit` is within `se` of `x`. */
const verdict = (x, se, limit) =>
  `${met(x <= limit)} (${f(x, 3)} ± ${f(se, 3)}${Math.abs(x - limit) < se ? ', unresolved' : ''})`;

/**
 * The comparison: a table sequential and one in flight (µs a call and ratios: summarize);
 * then the measurement's own cost (subtracted), the A/A control's distance from the timed
 * fetch (this run's resolution, on the same figures as the targets, with the ± of its rounds)
 * and the targets, met or MISSED (never a failure). The CPU targets read the full means:
 * every call, garbage collection included, which is a real cost of a client that allocates
 * more; the same targets on the trimmed means follow, marked as not the judged figures.
 */
export function printSdkTable(rows, { rounds, calls, burst, bursts }) {
  console.log(
    `\nside by side: getWorkflowById, ${rounds} rounds, the clients taking turns call by call (burst by burst) in a new shuffled order each turn; each call's (burst's) wall time and this process's CPU (user + system; the server runs in its own) read on their own, to the event loop's next turn; µs a call: the mean of every call (GC included), trimmed: without each client's slowest and fastest 5 % of calls (bursts), both less the measurement's own cost; CPU ratios ± 2 standard errors (the jackknife over the rounds)`,
  );
  const seq = summarize(rows, 'seq', calls);
  const par = summarize(rows, 'par', bursts);
  printMode(seq, `sequential: ${calls} calls a round`);
  printMode(par, `${burst} in flight × ${bursts} a round`);
  const costOf = ({ cost }) => `CPU ${f(cost.cpuUs, 1)} µs, wall ${f(cost.wallUs, 1)} µs`;
  console.log(
    `the measurement's own cost a call (process.cpuUsage(), performance.now() and a turn of the event loop around an empty call, its median), subtracted from every client: ${costOf(seq)} sequentially; ${costOf(par)} in flight`,
  );
  const by = ({ figures }, name) => figures.find((r) => r.name === name);
  const spread = (mode) => {
    const aa = by(mode, CONTROL);
    const pct = (x) => `${(100 * Math.abs(x - 1)).toFixed(1)} %`;
    const pm = (x) => `± ${(100 * x).toFixed(1)} %`;
    return `wall ${pct(aa.wallTimed)}, CPU ${pct(aa.cpuTimed)} (${pm(aa.cpuSe)}), trimmed CPU ${pct(aa.cpuTrimTimed)} (${pm(aa.cpuTrimSe)})`;
  };
  console.log(
    `this run's resolution: the A/A control lands from the timed fetch sequentially ${spread(seq)}; in flight ${spread(par)}`,
  );
  const sdk = { seq: by(seq, 'looply-sdk'), par: by(par, 'looply-sdk') };
  const isOther = (r) => ![RAW, TIMED, CONTROL, 'looply-sdk'].includes(r.name);
  const least = (key) =>
    seq.figures.filter(isOther).every((r) => sdk.seq[key] <= r[key]) &&
    par.figures.filter(isOther).every((r) => sdk.par[key] <= r[key]);
  console.log(
    `targets: looply-sdk ≤ 1.03 × timed fetch sequential: ${met(sdk.seq.wallTimed <= 1.03)}; ≤ 1.05 × in flight: ${met(sdk.par.wallTimed <= 1.05)}; fastest SDK: ${least('wallTimed') ? 'yes' : 'NO'}`,
  );
  const cpuTargets = (key, se) =>
    `looply-sdk ≤ 1.03 × timed fetch sequential: ${verdict(sdk.seq[key], sdk.seq[se], 1.03)}; at ${burst} in flight: ${verdict(sdk.par[key], sdk.par[se], 1.03)}; least CPU of every SDK: ${met(least(key))}`;
  console.log(`targets, CPU a call, judged on the full means (every call): ${cpuTargets('cpuTimed', 'cpuSe')}`);
  console.log(
    `  the same on the trimmed means (the client's own work without GC and spikes; not judged): ${cpuTargets('cpuTrimTimed', 'cpuTrimSe')}`,
  );
  console.log(
    `targets, wall beside it: looply-sdk ≤ 1.05 × timed fetch sequential: ${met(sdk.seq.wallTimed <= 1.05)}; at ${burst} in flight: ${met(sdk.par.wallTimed <= 1.05)}`,
  );
}
