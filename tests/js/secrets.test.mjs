// The API key never shows up in errors, in client objects, or in the URLs sent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import {
  BUILDS,
  SEEDED,
  ERROR_CLASS_NAMES,
  startServer,
  clientFor,
  rejectionOf,
  thrownBy,
  closedPort,
} from './support/harness.mjs';

const KEY = 'sk-test-SECRET-123';
const OTHER_KEY = 'sk-test-WRONG-456';
const GET = { workflow_id: SEEDED.bigWorkflowId, workflow_version: SEEDED.bigWorkflowVersion };

/** Every way `value` can end up in a log line. */
function renderings(value) {
  const out = {
    'util.inspect': util.inspect(value, { depth: 10 }),
    'util.inspect(showHidden)': util.inspect(value, { depth: 10, showHidden: true }),
    'JSON.stringify': JSON.stringify(value) ?? '',
    String: String(value),
    'console-style %o': util.format('%o', value),
  };
  if (value instanceof Error) {
    Object.assign(out, {
      message: value.message,
      stack: String(value.stack),
      'JSON.stringify(own props)': JSON.stringify(value, Object.getOwnPropertyNames(value)),
    });
  }
  return out;
}

function assertNoKey(label, value, keys = [KEY]) {
  for (const [how, text] of Object.entries(renderings(value))) {
    for (const key of keys) assert.ok(!text.includes(key), `${label}: ${how} contains the key:\n${text.slice(0, 500)}`);
  }
}

for (const [build, sdk] of BUILDS) {
  describe(`secrets (${build} build)`, () => {
    let srv;
    const errors = new Map(); // class name -> [label, error][]
    const clients = [];

    const keep = (label, err) => {
      assert.ok(err instanceof sdk.LooplyError, `${label}: ${err}`);
      if (!errors.has(err.name)) errors.set(err.name, []);
      errors.get(err.name).push([label, err]);
    };

    before(async () => {
      srv = await startServer({ stateDelayMs: 50, apiKey: KEY });
      const c = clientFor(sdk, srv, { maxRetries: 0, defaultHeaders: { 'x-tenant': 'acme' } });
      const wrong = clientFor(sdk, srv, { apiKey: OTHER_KEY, maxRetries: 0 });
      const port = await closedPort();
      const down = new sdk.LooplyClient({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
      const custom = clientFor(sdk, srv, { fetch: (url, init) => fetch(url, init), timeoutMs: 5000 });
      clients.push(c, wrong, down, custom);

      const fault = async (label, f, call = () => c.getWorkflowById(GET)) => {
        srv.inject(f);
        keep(label, await rejectionOf(call()));
      };
      keep('real 400', await rejectionOf(c.runWorkflowAction({ action: 'approveworkflow', process_id: 'p' })));
      keep('real 403 (other key)', await rejectionOf(wrong.getWorkflowById(GET)));
      keep('real 404', await rejectionOf(c.getWorkflowById({ workflow_id: 'missing', workflow_version: 1 })));
      await c.resumeWorkflow({
        process_id: SEEDED.waitingExecution.workflow_execution_id,
        payload: { source: 'TEAMS' },
      });
      keep(
        'real 409',
        await rejectionOf(c.resumeWorkflow({ process_id: SEEDED.waitingExecution.workflow_execution_id })),
      );
      await fault('401', { status: 401 });
      await fault('403 fault', { status: 403, body: { message: 'Forbidden' } });
      await fault('418', { status: 418 });
      await fault('422', { status: 422 }, () =>
        c.triggerWorkflow({ workflow_id: GET.workflow_id, payload: { key_like: 'x' } }),
      );
      await fault('429', { status: 429, headers: { 'retry-after': '0' } });
      await fault('500', { status: 500 }, () => custom.getOrganizationWorkflows({}, { maxRetries: 0 }));
      await fault('502 html', { html: true });
      await fault('decode', { rawBody: 'not json' });
      await fault('decode shape', { status: 200, body: { message: 'success' } }, () =>
        c.triggerWorkflow({ workflow_id: 'w' }),
      );
      await fault('drop', { drop: true });
      keep('refused', await rejectionOf(down.getWorkflowById(GET)));
      await fault('timeout', { delayMs: 2000 }, () => c.getWorkflowById(GET, { timeoutMs: 30 }));
      keep('abort (before)', await rejectionOf(c.getWorkflowById(GET, { signal: AbortSignal.abort() })));
      await fault('abort (during)', { delayMs: 2000 }, () =>
        c.getWorkflowById(GET, { signal: AbortSignal.timeout(30) }),
      );
      keep('validation param', await rejectionOf(c.getWorkflowById({ workflow_id: '', workflow_version: 1 })));
      keep('validation headers', await rejectionOf(c.getWorkflowById(GET, { headers: { 'x-api-key': KEY } })));
      keep('validation header value', await rejectionOf(c.getWorkflowById(GET, { headers: { 'x-copy': `${KEY}\n` } })));
      keep(
        'validation ctor defaultHeaders',
        thrownBy(() => new sdk.LooplyClient({ apiKey: KEY, defaultHeaders: { 'X-API-KEY': KEY } })),
      );
      keep(
        'validation ctor bad key',
        thrownBy(() => new sdk.LooplyClient({ apiKey: `${KEY}\r\n` })),
      );
      keep(
        'validation ctor baseUrl',
        thrownBy(() => new sdk.LooplyClient({ apiKey: KEY, baseUrl: 'ftp://x' })),
      );
      const freed = clientFor(sdk, srv);
      freed.free();
      keep('freed client', await rejectionOf(freed.getWorkflowById(GET)));
    });
    after(() => srv.close());

    test('one error of every class was collected', () => {
      assert.deepEqual([...errors.keys()].sort(), [...ERROR_CLASS_NAMES].sort());
    });

    test('no error shows the key: message, stack, JSON, String, util.inspect', () => {
      for (const list of errors.values()) {
        for (const [label, err] of list) assertNoKey(label, err, [KEY, OTHER_KEY]);
      }
    });

    test('no client object shows the key', () => {
      for (const [i, c] of clients.entries()) {
        assertNoKey(`client ${i}`, c, [KEY, OTHER_KEY]);
        assertNoKey(`client ${i} in an object`, { client: c, nested: [c] }, [KEY, OTHER_KEY]);
      }
    });

    test('the key was sent only as the x-api-key header, never in a URL', () => {
      assert.ok(srv.requests.length >= 10);
      const authorized = srv.requests.filter((r) => r.headers['x-api-key'] === '<redacted>');
      assert.equal(authorized.length, srv.requests.length);
      for (const r of srv.requests) {
        assert.ok(!JSON.stringify({ path: r.path, query: r.query, body: r.body }).includes(KEY), r.path);
        for (const [name, value] of Object.entries(r.headers)) {
          if (name !== 'x-api-key') assert.ok(!String(value).includes(KEY), `header ${name}`);
        }
      }
      assert.ok(!JSON.stringify(srv.requests).includes(KEY));
    });
  });
}

describe('secrets: logs and paginators', () => {
  // By default (logLevel 'warn') the SDK writes one line per retry and one per call that
  // finally fails, and nothing else; with logLevel 'off', nothing. The key is in neither.
  test('the SDK writes only its retry warnings and final failures to the console, without the key; paginators do not show it', async () => {
    const srv = await startServer({ apiKey: KEY, stateDelayMs: 50 });
    const sdk = BUILDS[0][1];
    const written = [];
    const saved = {};
    for (const m of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
      saved[m] = console[m];
      console[m] = (...args) => written.push(util.format(...args));
    }
    try {
      const c = clientFor(sdk, srv, { maxRetries: 1 });
      const walk = c.paginateOrganizationExecutions({ maxItems: 35 });
      await walk.toArray();
      srv.inject({ status: 503, headers: { 'retry-after-ms': '0' }, times: 2 });
      await rejectionOf(c.getOrganizationWorkflows());
      await rejectionOf(c.getWorkflowById({ workflow_id: 'nope', workflow_version: 1 }));
      assertNoKey('paginator', walk);
      assertNoKey('paginator lastKey', walk.lastKey);
      assert.equal(written.length, 3, written.join('\n'));
      assert.match(
        written[0],
        /^looply-sdk: GET \/workflows\/getOrganizationWorkflows failed \(HTTP 503\); retrying in 0 ms/,
      );
      assert.match(written[1], /^looply-sdk: GET \/workflows\/getOrganizationWorkflows -> InternalServerError 503: /);
      assert.match(written[2], /^looply-sdk: GET \/workflows\/getWorkflowById\?.* -> NotFoundError 404: /);
      const quiet = clientFor(sdk, srv, { maxRetries: 1, logLevel: 'off' });
      srv.inject({ status: 503, headers: { 'retry-after-ms': '0' }, times: 2 });
      await rejectionOf(quiet.getOrganizationWorkflows());
      assert.equal(written.length, 3, 'logLevel off writes nothing');
    } finally {
      Object.assign(console, saved);
      await srv.close();
    }
    assert.ok(written.every((line) => !line.includes(KEY)));
  });
});
