// `looply-sdk/testing`: the local Looply-compatible server the SDK's own tests run against,
// for your tests (Node 20+, Deno, Bun). Real HTTP on 127.0.0.1, seeded data, executions that
// move through their states, and faults on demand. Not loaded by the main entry.
import { startServer } from '../../server/looply-server.mjs';
import { runCli } from '../../server/cli.mjs';

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The server's fault for `fail(spec)`, checked (a TypeError names what is wrong). */
function faultOf(spec) {
  if (!isObject(spec)) throw new TypeError('fail(spec): spec must be an object');
  const { path, status, headers, body, times, hang, drop } = spec;
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new TypeError(
      "fail(spec): path must start with '/', relative to baseUrl (e.g. '/workflows/getOrganizationWorkflows')",
    );
  }
  if (!hang && !drop && status === undefined)
    throw new TypeError('fail(spec): give a status, or hang: true, or drop: true');
  // The server's own fault: it checks the values, and takes an undefined field as absent
  // (`times` as once).
  return { match: path, times, status, headers, body, delayMs: hang ? 600_000 : undefined, drop };
}

/**
 * Starts a Looply-compatible server on 127.0.0.1 (a free port unless `port` is given).
 * Resolves to `{ baseUrl, apiKey, requests, reset(), fail(spec), close() }`.
 */
export async function startMockServer(options = {}) {
  if (!isObject(options)) throw new TypeError('startMockServer(options): options must be an object');
  const { port = 0, apiKey, data, latencyMs, stateDelayMs, executions } = options;
  const srv = await startServer({ port, apiKey, data, latencyMs, stateDelayMs, executions });
  return {
    baseUrl: srv.baseUrl,
    apiKey: srv.apiKey,
    url: srv.url,
    port: srv.port,
    /** What the server received: `{ method, path, query, headers, body, time }`, path relative to baseUrl, x-api-key redacted. */
    get requests() {
      // The server logs only its API's requests, all under /v1.
      return srv.requests.map((r) => ({ ...r, path: r.path.slice('/v1'.length) }));
    },
    /** Back to the starting data; pending faults and the request log are cleared. */
    reset: () => srv.restore(),
    /** The next `times` requests to `path` answer with `status`/`headers`/`body`, or hang, or drop the connection. */
    fail: (spec) => {
      srv.inject(faultOf(spec));
    },
    /** Stops listening and ends every connection. */
    close: () => srv.close(),
  };
}

/** The `looply-mock-server` command: the same server from a shell (`--help` lists the flags). */
export function runMockServerCli(argv = process.argv.slice(2)) {
  return runCli(argv, startServer, 'npx looply-mock-server');
}
