// A stand-in for looply-sdk's package with only its fetch: `getWorkflowById` sends the
// request as the SDK's transport does (the route's `Headers`, a timeout's controller shared
// as transport.js's `join` shares it, the init `{ method, headers, body, signal, redirect:
// 'manual' }`) and answers the parsed body, with no core, no checks and no retries. Given to
// ab-cpu.mjs as one of the two builds, the other's extra over it is that build's own code:
//
//   node scripts/ab-cpu.mjs scripts/fetch-alike.mjs pkg/index.mjs
//
// (docs/benchmarks.md, "What the network adds"). Sharing only within a millisecond and at
// most 10 uses, as transport.js; no caller's signal.
const MAX_SHARES = 10;
const TIMEOUT_MS = 60_000;
let group;
let spare;

function join() {
  const ms = Date.now();
  if (group === undefined || group.ms !== ms || group.uses >= MAX_SHARES) {
    group = spare ?? { controller: new AbortController(), uses: 0, pending: 0, timer: undefined, ms };
    spare = undefined;
    const g = group;
    g.ms = ms;
    g.timer = setTimeout(() => g.controller.abort(), TIMEOUT_MS);
  }
  group.uses++;
  group.pending++;
  return group;
}

function leave(g) {
  if (--g.pending > 0) return;
  clearTimeout(g.timer);
  if (group === g) group = undefined;
  if (g.uses < MAX_SHARES && !g.controller.signal.aborted) spare = g;
}

export class LooplyClient {
  constructor({ apiKey, baseUrl }) {
    this.baseUrl = baseUrl;
    this.headers = new Headers({ 'x-api-key': apiKey });
  }

  async getWorkflowById({ workflow_id, workflow_version }) {
    const url = `${this.baseUrl}/workflows/getWorkflowById?workflow_id=${encodeURIComponent(workflow_id)}&workflow_version=${workflow_version}`;
    const g = join();
    try {
      const init = {
        method: 'GET',
        headers: this.headers,
        body: undefined,
        signal: g.controller.signal,
        redirect: 'manual',
      };
      const res = await fetch(url, init);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return JSON.parse(await res.text());
    } finally {
      leave(g);
    }
  }
}
