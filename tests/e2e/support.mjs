// The demo test's server side: `make demo` in its own process group (started, found, stopped,
// also when the test process dies early), and the local server's control API (its request
// log, faults) read as a user of the server would, over HTTP.
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BUILD_TIMEOUT_MS = 150_000;
export const API_KEY = 'looply-demo-key';

let server; // the `make demo` process (leader of its own process group)
let output = '';

/** Starts `make demo` on a free port with a fresh data file; resolves with the page URL. */
export function startDemo(dataFile) {
  server = spawn('make', ['-C', ROOT, 'demo', 'DEMO_PORT=0', `DEMO_DATA=${dataFile}`], {
    detached: true, // its own process group: stopDemo() kills make and the server together
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`make demo printed no URL in ${BUILD_TIMEOUT_MS} ms:\n${output}`)),
      BUILD_TIMEOUT_MS,
    );
    const onData = (chunk) => {
      output += chunk;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m[1]);
      }
    };
    server.stdout.setEncoding('utf8').on('data', onData);
    server.stderr.setEncoding('utf8').on('data', (c) => {
      output += c;
    });
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`make demo exited (${code}):\n${output}`));
    });
  });
}

// If this process dies early (Ctrl-C, a crash), take the server's process group with it.
const killGroupNow = () => {
  try {
    if (server?.exitCode === null) process.kill(-server.pid, 'SIGTERM');
  } catch {
    /* gone */
  }
};
process.once('exit', killGroupNow);
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    killGroupNow();
    process.exit(130);
  });

export async function stopDemo() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((r) => server.once('exit', r));
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

/** The control API of the local server at `url` (server/README.md). */
export function control(url) {
  const post = (path, body) =>
    fetch(`${url}/__control/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
    }).then((r) => {
      if (!r.ok) throw new Error(`POST /__control/${path}: HTTP ${r.status}`);
    });
  const requests = async () => (await fetch(`${url}/__control/requests`)).json();
  return {
    /** API requests seen since the last reset. */
    requests,
    /** Forgets the request log (and queued faults); the data stays. */
    reset: () => post('reset'),
    /** Queues a fault (server/README.md, "Faults"). */
    inject: (fault) => post('faults', fault),
    /** Every item of a list endpoint, walked by hand over HTTP (not with the SDK). */
    async all(endpoint, cursorFields) {
      const items = [];
      for (let query = 'limit=30'; query; ) {
        const res = await fetch(`${url}/v1/workflows/${endpoint}?${query}`, { headers: { 'x-api-key': API_KEY } });
        const page = await res.json();
        items.push(...page.items);
        query = page.lastKey && `limit=30&${cursorFields.map((f) => `${f}=${page.lastKey[f]}`).join('&')}`;
      }
      return items;
    },
  };
}

/** The endpoint a logged request went to (the last part of its path). */
export const endpointOf = (r) => r.path.split('/').filter(Boolean).at(-1);

/** { endpoint: count } of a request log; requests with the same path and query twice, listed. */
export function tally(log) {
  const counts = {};
  const seen = new Set();
  const repeated = [];
  for (const r of log) {
    const name = r.path.includes('/triggerworkflow/') ? 'triggerworkflow' : endpointOf(r);
    counts[name] = (counts[name] ?? 0) + 1;
    const key = `${r.method} ${r.path} ${JSON.stringify(r.query)}`;
    if (seen.has(key)) repeated.push(key);
    seen.add(key);
  }
  return { counts, repeated };
}
