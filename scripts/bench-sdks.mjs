// The side-by-side run of `make bench`: the same request (getWorkflowById) through raw fetch,
// raw fetch with a per-attempt timeout (AbortController + setTimeout, the honest floor for a
// client with timeouts), looply-sdk, openai-node's request pipeline, @octokit/request and ky,
// against the local server in its own process. Rounds interleave the clients finely (see
// compareSdks); each figure is the median µs per call over the rounds.
import OpenAI from 'openai';
import { request as octokitRequest } from '@octokit/request';
import ky from 'ky';

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const CONTROL = 'A/A control: the timed fetch again';

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
  return {
    'raw fetch + json()': async (q) => (await fetch(url(q), { headers })).json(),
    'raw fetch with a per-attempt timeout': timedFetch(url, headers),
    'looply-sdk': (q) => looply.getWorkflowById(q),
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

/**
 * Median µs per call of each client, sequential (`calls` in a row) and `burst` in flight.
 * Each round interleaves the clients finely, so that the machine's drift (a shared 2-core
 * box) lands on all of them alike: sequential calls in blocks of `block` per client, and
 * bursts one per client, the order rotating. A round's figure for a client is its total
 * time over its calls in that round; the table shows the median over the rounds.
 */
export async function compareSdks(sdk, srv, ids, { rounds, calls, burst, bursts, block = 50 }) {
  const all = clients(sdk, srv);
  const names = Object.keys(all);
  const q = { workflow_id: ids.workflow_id, workflow_version: ids.workflow_version };
  for (const name of names) {
    const body = await all[name](q); // warm-up, and every client must get the same answer
    if (body?.item?.workflow_id !== q.workflow_id)
      throw new Error(`bench: ${name} got ${JSON.stringify(body)?.slice(0, 200)}`);
  }
  const seq = Object.fromEntries(names.map((n) => [n, []]));
  const par = Object.fromEntries(names.map((n) => [n, []]));
  let turn = 0;
  const rotated = () => {
    turn++;
    return names.map((_, i) => names[(i + turn) % names.length]);
  };
  for (let r = 0; r < rounds; r++) {
    const seqMs = Object.fromEntries(names.map((n) => [n, 0]));
    for (let done = 0; done < calls; done += block) {
      const n = Math.min(block, calls - done);
      for (const name of rotated()) {
        const call = all[name];
        const t0 = performance.now();
        for (let i = 0; i < n; i++) await call(q);
        seqMs[name] += performance.now() - t0;
      }
    }
    const parMs = Object.fromEntries(names.map((n) => [n, 0]));
    for (let b = 0; b < bursts; b++) {
      for (const name of rotated()) {
        const call = all[name];
        const t0 = performance.now();
        await Promise.all(Array.from({ length: burst }, () => call(q)));
        parMs[name] += performance.now() - t0;
      }
    }
    for (const name of names) {
      seq[name].push((seqMs[name] * 1000) / calls);
      par[name].push((parMs[name] * 1000) / (burst * bursts));
    }
  }
  return names.map((name) => ({ name, seqUs: median(seq[name]), parUs: median(par[name]) }));
}

/** The comparison table: µs per call and ratios to raw fetch and to raw fetch with a timeout. */
export function printSdkTable(rows, { calls, burst, bursts }) {
  const [raw, timed] = rows;
  const pad = (s, n) => String(s).padEnd(n);
  const f = (x, d) => x.toFixed(d);
  console.log(
    `\nside by side: getWorkflowById, ${calls} sequential and ${burst} in flight × ${bursts}, median µs per call`,
  );
  console.log(
    `${pad('client', 38)} ${pad('seq µs', 8)} ${pad('÷raw', 6)} ${pad('÷timeout', 9)} ${pad('flight µs', 10)} ${pad('÷raw', 6)} ÷timeout`,
  );
  for (const r of rows) {
    console.log(
      `${pad(r.name, 38)} ${pad(f(r.seqUs, 0), 8)} ${pad(f(r.seqUs / raw.seqUs, 2), 6)} ${pad(f(r.seqUs / timed.seqUs, 2), 9)} ${pad(f(r.parUs, 0), 10)} ${pad(f(r.parUs / raw.parUs, 2), 6)} ${f(r.parUs / timed.parUs, 2)}`,
    );
  }
  const sdk = rows.find((r) => r.name === 'looply-sdk');
  const others = rows.slice(3).filter((r) => r.name !== CONTROL);
  const control = rows.find((r) => r.name === CONTROL);
  const spread = (a, b) => `${(100 * Math.abs(a / b - 1)).toFixed(1)} %`;
  console.log(
    `this run's resolution: the A/A control lands ${spread(control.seqUs, timed.seqUs)} from the timed fetch sequentially, ${spread(control.parUs, timed.parUs)} in flight`,
  );
  const fastestSeq = others.every((r) => sdk.seqUs <= r.seqUs);
  const fastestPar = others.every((r) => sdk.parUs <= r.parUs);
  console.log(
    `targets: looply-sdk ≤ 1.03 × timed fetch sequential: ${sdk.seqUs / timed.seqUs <= 1.03 ? 'met' : 'MISSED'}; ≤ 1.05 × in flight: ${sdk.parUs / timed.parUs <= 1.05 ? 'met' : 'MISSED'}; fastest SDK: ${fastestSeq && fastestPar ? 'yes' : 'NO'}`,
  );
}
