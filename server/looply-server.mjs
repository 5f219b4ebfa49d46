// A local, Looply-compatible HTTP server for SDK tests and the demo page.
// Usage: see README.md. Programmatic: `const srv = await startServer({ port: 0 })`.
import http from 'node:http';
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Store } from './store.mjs';
import { SEEDED, seedData, bigWorkflowExecutionCount } from './seed.mjs';
import { Timers } from './timers.mjs';
import { FaultQueue } from './faults.mjs';
import { createLifecycle } from './lifecycle.mjs';
import { createSaver, loadState } from './persistence.mjs';
import { staticMounts } from './static.mjs';
import { createHandler } from './handler.mjs';
import { listen, trackSockets } from './http-util.mjs';
import { requestChecker } from './openapi.mjs';
import { runCli } from './cli.mjs';

export { SEEDED, bigWorkflowExecutionCount };

/** Defaults of startServer's options. */
export const DEFAULTS = Object.freeze({
  host: '127.0.0.1',
  port: 0,
  apiKey: 'looply-demo-key',
  executions: 360,
  stateDelayMs: 1500,
  dataFile: undefined,
  data: undefined,
  latencyMs: 0,
  static: [],
  quiet: true,
  openapi: undefined,
});

const isIntIn = (value, min, max) => Number.isInteger(value) && value >= min && value <= max;

const isSeed = (d) => d !== null && typeof d === 'object' && Array.isArray(d.workflows) && Array.isArray(d.executions);

/** The state to start from (and to go back to on restore): `data` (object or JSON file), else seeded. */
function initialData(config) {
  if (config.data === undefined) return seedData({ executions: config.executions });
  const data = typeof config.data === 'string' ? JSON.parse(readFileSync(config.data, 'utf8')) : config.data;
  if (!isSeed(data))
    throw new TypeError(`data ${config.data} must hold { organizationId, workspaceId, workflows: [], executions: [] }`);
  return structuredClone(data);
}

function checkConfig(config) {
  if (config.host !== '127.0.0.1') throw new TypeError('host must be 127.0.0.1 (the server is local only)');
  if (!isIntIn(config.port, 0, 65535)) throw new TypeError('port must be an integer between 0 and 65535');
  if (typeof config.apiKey !== 'string' || config.apiKey === '')
    throw new TypeError('apiKey must be a non-empty string');
  if (!isIntIn(config.executions, 0, 1_000_000))
    throw new TypeError('executions must be an integer between 0 and 1000000');
  if (!isIntIn(config.stateDelayMs, 0, 3_600_000))
    throw new TypeError('stateDelayMs must be an integer between 0 and 3600000');
  if (!Array.isArray(config.static)) throw new TypeError('static must be an array of { prefix, dir }');
  if (!isIntIn(config.latencyMs, 0, 60_000)) throw new TypeError('latencyMs must be an integer between 0 and 60000');
  if (config.data !== undefined && typeof config.data !== 'string' && !isSeed(config.data)) {
    throw new TypeError(
      'data must be a path to a JSON file or an object { organizationId, workspaceId, workflows: [], executions: [] }',
    );
  }
  if (config.openapi !== undefined && (typeof config.openapi !== 'object' || !config.openapi?.paths)) {
    throw new TypeError('openapi must be an OpenAPI document (with paths)');
  }
}

/** Options with undefined values replaced by the defaults. */
function configFrom(options) {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const config = { ...DEFAULTS, ...given };
  checkConfig(config);
  return config;
}

/** Answers requests that never reach a handler (malformed request line, oversized headers). */
function onClientError(err, socket) {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify({ message: http.STATUS_CODES[status] });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nconnection: close\r\ncontent-type: application/json\r\n` +
      `access-control-allow-origin: *\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

async function createApp(config) {
  const warn = (message) => console.error(`[looply-server] ${message}`);
  const timers = new Timers();
  const saved = config.dataFile ? await loadState(config.dataFile, warn) : null;
  const initial = saved ? null : initialData(config);
  const store = new Store(saved ?? structuredClone(initial));
  const saver = config.dataFile
    ? createSaver({ file: config.dataFile, snapshot: () => store.toJSON(), timers, warn })
    : null;
  const onChange = () => saver?.schedule();
  const app = {
    store,
    timers,
    saver,
    onChange,
    warn,
    lifecycle: createLifecycle({ store, timers, delayMs: config.stateDelayMs, onChange }),
    faults: new FaultQueue(),
    requests: [],
    // With `openapi`: every API request is checked against it; what does not conform is kept.
    checkRequest: config.openapi ? requestChecker(config.openapi) : null,
    violations: [],
    // The listener of POST /__control/other-origin (other-origin.mjs), once started.
    otherOrigin: null,
    apiKey: config.apiKey,
    latencyMs: config.latencyMs,
    mounts: staticMounts(config.static),
    quiet: config.quiet,
    log: (line) => console.error(line),
    reset() {
      app.faults.clear();
      app.requests.length = 0;
      app.otherOrigin?.reset();
    },
    /** Back to the state it started from: data, timers, faults and the request log. */
    restore() {
      timers.clearAll();
      app.reset();
      app.violations.length = 0;
      Object.assign(store, new Store(structuredClone(initial ?? seedData({ executions: config.executions }))));
    },
  };
  return app;
}

/**
 * Starts the server on 127.0.0.1 and resolves once it listens.
 * @param {Partial<typeof DEFAULTS>} [options]
 */
export async function startServer(options = {}) {
  const config = configFrom(options);
  const app = await createApp(config);
  const server = http.createServer(createHandler(app));
  const sockets = trackSockets(server);
  server.on('clientError', onClientError);
  const port = await listen(server, config.port, config.host);
  app.lifecycle.continueRunning();
  const url = `http://127.0.0.1:${port}`;
  app.info = () => ({ url, baseUrl: `${url}/v1`, seeded: SEEDED, executions: app.store.executions.size });
  let closing = null;
  const close = () => {
    closing ??= (async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      sockets.forEach((socket) => socket.destroy());
      app.timers.dispose();
      await Promise.all([closed, app.otherOrigin?.close()]);
      await app.saver?.flush();
    })();
    return closing;
  };
  return {
    url,
    baseUrl: `${url}/v1`,
    port,
    apiKey: config.apiKey,
    requests: app.requests,
    /** With `openapi`: each request that does not conform, as `METHOD path: problem` lines. */
    violations: app.violations,
    seeded: SEEDED,
    /** Queues one fault or an array of faults for the next API requests. */
    inject: (faults) => app.faults.add(faults),
    reset: app.reset,
    /** Restores the starting data too (executions, schedules), not only faults and the log. */
    restore: app.restore,
    close,
  };
}

function isMain() {
  try {
    return Boolean(process.argv[1]) && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isMain()) runCli(process.argv.slice(2), startServer);
