// Every error class of looply-sdk produced for real (local server, injected faults, a
// custom fetch), with its instanceof chain, name and response fields.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUILDS,
  SEEDED,
  ERROR_CLASS_NAMES,
  STATUS_CLASS_NAMES,
  startServer,
  clientFor,
  rejectionOf,
  closedPort,
} from './support/harness.mjs';

const BIG = SEEDED.bigWorkflowId;
const GET_BIG = { workflow_id: BIG, workflow_version: SEEDED.bigWorkflowVersion };
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A fetch that answers every request with `body` and `init` (and records the calls). */
function fakeFetch(body, init) {
  const calls = [];
  const fn = async (url, options) => {
    calls.push({ url, options });
    return new Response(body, init);
  };
  return Object.assign(fn, { calls });
}

for (const [build, sdk] of BUILDS) {
  describe(`errors (${build} build)`, () => {
    let srv;
    let client;

    /** Asserts `err` is exactly class `name` (and its ancestors), nothing else. */
    function assertClass(err, name) {
      assert.ok(err instanceof Error, `not an Error: ${err}`);
      assert.equal(err.name, name, `expected ${name}, got ${err.name}: ${err.message}`);
      assert.equal(err.constructor, sdk[name]);
      assert.ok(err instanceof sdk[name]);
      assert.ok(err instanceof sdk.LooplyError);
      const isApi = name === 'APIError' || STATUS_CLASS_NAMES.includes(name);
      assert.equal(err instanceof sdk.APIError, isApi, `${name} instanceof APIError`);
      for (const other of ERROR_CLASS_NAMES) {
        if (other !== name && other !== 'LooplyError' && !(other === 'APIError' && isApi)) {
          assert.ok(!(err instanceof sdk[other]), `${name} must not be instanceof ${other}`);
        }
      }
      assert.ok(err.stack.startsWith(`${name}: `), err.stack.split('\n')[0]);
    }

    /** Asserts the response fields of an APIError or ResponseDecodeError. */
    function assertResponseFields(err, status, body) {
      assert.equal(err.status, status);
      assert.deepEqual(err.body, body);
      assert.equal(typeof err.headers, 'object');
      for (const name of Object.keys(err.headers)) assert.equal(name, name.toLowerCase());
      assert.ok(err.headers['content-type']);
      assert.equal(err.requestId, err.headers['x-amzn-requestid']);
      assert.match(err.requestId, UUID_RE);
    }

    before(async () => {
      srv = await startServer({ stateDelayMs: 50 });
      client = clientFor(sdk, srv, { maxRetries: 0 });
    });
    after(() => srv.close());
    beforeEach(() => srv.reset());

    test('real 400, 403, 404 and 409 answers of the server', async () => {
      const ids = [];
      let err = await rejectionOf(client.runWorkflowAction({ action: 'approveworkflow', process_id: 'p' }));
      assertClass(err, 'BadRequestError');
      assertResponseFields(err, 400, { message: 'Unsupported action: approveworkflow' });
      ids.push(err.requestId);
      assert.equal(err.message, 'Unsupported action: approveworkflow');

      err = await rejectionOf(clientFor(sdk, srv, { apiKey: 'wrong-key' }).getWorkflowById(GET_BIG));
      assertClass(err, 'PermissionDeniedError');
      assertResponseFields(err, 403, { message: 'Forbidden' });
      ids.push(err.requestId);

      err = await rejectionOf(client.getWorkflowById({ workflow_id: 'nope', workflow_version: 1 }));
      assertClass(err, 'NotFoundError');
      assertResponseFields(err, 404, { message: 'Workflow not found' });
      assert.equal(err.message, 'Workflow not found');
      ids.push(err.requestId);

      const page = await client.getWorkflowExecutionHistory({ workflow_id: BIG, limit: 30 });
      const completed = page.items.find((e) => e.workflow_current_state === 'completed_state');
      err = await rejectionOf(client.resumeWorkflow({ process_id: completed.workflow_execution_id }));
      assertClass(err, 'ConflictError');
      assert.equal(err.status, 409);
      assert.equal(typeof err.body.message, 'string');
      assert.equal(err.message, err.body.message);
      assertResponseFields(err, 409, err.body);
      ids.push(err.requestId);
      assert.equal(new Set(ids).size, 4, 'each answer has its own request id');
    });

    // Catches a set-up mistake that the error does not explain: a refused key (the key never
    // shown), a baseUrl without /v1 (the server's 404 for a path that is no route), a
    // connection failure that does not say where it was going (host and port; not the query).
    test('set-up mistakes say what to check: the key, baseUrl without /v1, the host and port', async () => {
      const wrongKey = 'wrong-key-4711';
      let err = await rejectionOf(clientFor(sdk, srv, { apiKey: wrongKey }).getWorkflowById(GET_BIG));
      assert.equal(err.message, 'Forbidden (the API refused the key: check apiKey)');
      assert.ok(!String(err.stack).includes(wrongKey));
      const noV1 = srv.baseUrl.replace(/\/v1$/, '');
      err = await rejectionOf(clientFor(sdk, srv, { baseUrl: noV1 }).getWorkflowById(GET_BIG));
      assertClass(err, 'NotFoundError');
      assert.match(err.message, /\(no such route: does baseUrl end in \/v1\?\)$/);
      const port = await closedPort();
      err = await rejectionOf(
        clientFor(sdk, srv, { baseUrl: `http://127.0.0.1:${port}/v1`, maxRetries: 0 }).getWorkflowById(GET_BIG),
      );
      assertClass(err, 'APIConnectionError');
      assert.match(err.message, new RegExp(`^Could not reach the Looply API: .* at 127\\.0\\.0\\.1:${port}$`));
      assert.ok(!err.message.includes('workflow_id'), err.message);
    });

    const FAULTS = [
      [401, 'AuthenticationError'],
      [405, 'APIError'],
      [408, 'APIError'],
      [413, 'APIError'],
      [418, 'APIError'],
      [422, 'UnprocessableEntityError'],
      [429, 'RateLimitError'],
      [500, 'InternalServerError'],
      [503, 'InternalServerError'],
      [504, 'InternalServerError'],
    ];
    for (const [status, name] of FAULTS) {
      test(`HTTP ${status} becomes ${name}, with body, headers and requestId`, async () => {
        const body = { message: `fault ${status}`, detail: { code: status } };
        srv.inject({ status, body, headers: { 'x-amzn-requestid': `req-${status}`, 'x-extra': 'yes' } });
        const err = await rejectionOf(client.getWorkflowById(GET_BIG));
        assertClass(err, name);
        assert.equal(err.status, status);
        assert.equal(err.message, `fault ${status}`); // words of its own: no hint
        assert.deepEqual(err.body, body);
        assert.equal(err.requestId, `req-${status}`);
        assert.equal(err.headers['x-amzn-requestid'], `req-${status}`);
        assert.equal(err.headers['x-extra'], 'yes');
        assert.equal(srv.requests.length, 1);
      });
    }

    test('an error body without a message: generic message, body kept', async () => {
      srv.inject({ status: 500, body: { error: 'boom' } });
      const err = await rejectionOf(client.getOrganizationWorkflows());
      assertClass(err, 'InternalServerError');
      assert.equal(err.message, 'The Looply API answered with HTTP status 500.');
      assert.deepEqual(err.body, { error: 'boom' });
    });

    test('an HTML error page: the raw text is the body', async () => {
      srv.inject({ html: true });
      const err = await rejectionOf(client.getOrganizationWorkflows());
      assertClass(err, 'InternalServerError');
      assert.equal(err.status, 502);
      assert.equal(typeof err.body, 'string');
      assert.match(err.body, /^<!DOCTYPE html>/);
      assert.match(err.headers['content-type'], /^text\/html/);
      assert.equal(err.message, 'The Looply API answered with HTTP status 502.');
    });

    test('requestId falls back to x-request-id; x-amzn-requestid wins; else undefined', async () => {
      const json = { 'content-type': 'application/json' };
      const only = fakeFetch('{"message":"gone"}', { status: 404, headers: { ...json, 'x-request-id': 'rid-1' } });
      let err = await rejectionOf(clientFor(sdk, srv, { fetch: only }).getWorkflowById(GET_BIG));
      assertClass(err, 'NotFoundError');
      assert.equal(err.requestId, 'rid-1');
      assert.equal(err.headers['x-request-id'], 'rid-1');
      assert.equal(only.calls.length, 1);

      const both = fakeFetch('{"message":"gone"}', {
        status: 404,
        headers: { ...json, 'x-request-id': 'rid-2', 'x-amzn-requestid': 'amzn-2' },
      });
      err = await rejectionOf(clientFor(sdk, srv, { fetch: both }).getWorkflowById(GET_BIG));
      assert.equal(err.requestId, 'amzn-2');

      const none = fakeFetch('{"message":"gone"}', { status: 404, headers: json });
      err = await rejectionOf(clientFor(sdk, srv, { fetch: none }).getWorkflowById(GET_BIG));
      assert.equal(err.requestId, undefined);

      const decode = fakeFetch('not json', { status: 200, headers: { 'x-request-id': 'rid-3' } });
      err = await rejectionOf(clientFor(sdk, srv, { fetch: decode }).getWorkflowById(GET_BIG));
      assertClass(err, 'ResponseDecodeError');
      assert.equal(err.requestId, 'rid-3');
      assert.equal(srv.requests.length, 0);
    });

    test('ResponseDecodeError: non-JSON, truncated JSON and empty 200 bodies keep the raw text', async () => {
      const cases = [
        ['hello, not json', 'text/plain; charset=utf-8', 'not valid JSON'],
        ['{"message":"success","count":3,"items":[{"workflow_id":"03749c', 'application/json', 'not valid JSON'],
        ['', 'application/json', 'not valid JSON'],
      ];
      for (const [rawBody, contentType, words] of cases) {
        srv.reset();
        srv.inject({ rawBody, contentType, headers: { 'x-amzn-requestid': 'req-decode' } });
        const err = await rejectionOf(clientFor(sdk, srv).getOrganizationExecutions()); // default retries: not retried
        assertClass(err, 'ResponseDecodeError');
        assert.equal(err.status, 200);
        assert.equal(err.body, rawBody);
        assert.ok(err.message.includes(words), err.message);
        assert.equal(err.requestId, 'req-decode');
        assert.equal(err.headers['content-type'], contentType);
        assert.equal(srv.requests.length, 1);
      }
    });

    test('ResponseDecodeError: 2xx bodies of the wrong shape, per endpoint kind', async () => {
      const cases = [
        [(c) => c.getOrganizationExecutions(), { message: 'success', count: 0 }, '`items` array'],
        [
          (c) => c.getWorkflowExecutionHistory({ workflow_id: BIG }),
          { message: 'success', items: {} },
          '`items` array',
        ],
        [(c) => c.getOrganizationWorkflows(), { message: 'success', items: [], lastKey: 'k' }, '`lastKey`'],
        [(c) => c.getWorkflowById(GET_BIG), { message: 'success' }, '`item` object'],
        [(c) => c.getWorkflowSchemaById(GET_BIG), { message: 'success', item: null }, '`item` object'],
        [
          (c) => c.getWorkflowExecutionById(SEEDED.waitingExecution),
          { message: 'success', item: [1] },
          '`item` object',
        ],
        [(c) => c.triggerWorkflow({ workflow_id: BIG }), { message: 'success' }, '`looply_execution_id` string'],
        [
          (c) => c.triggerWorkflow({ workflow_id: BIG }),
          { message: 'success', looply_execution_id: 42 },
          '`looply_execution_id` string',
        ],
        [(c) => c.resumeWorkflow({ process_id: 'p' }), [{ message: 'success' }], 'not a JSON object'],
        [
          (c) => c.toggleScheduledWorkflow({ workflow_id: 'w', workflow_version: 1, action: 'PLAY' }),
          'yes',
          'not a JSON object',
        ],
      ];
      for (const [call, body, words] of cases) {
        srv.reset();
        srv.inject({ status: 200, body: typeof body === 'string' ? JSON.stringify(body) : body });
        const err = await rejectionOf(call(client));
        assertClass(err, 'ResponseDecodeError');
        assert.equal(err.status, 200);
        assert.equal(err.body, JSON.stringify(body));
        assert.ok(err.message.includes(words), `${err.message} should mention ${words}`);
        assert.match(err.requestId, UUID_RE);
      }
    });

    test('APIConnectionError: nothing listens on the port', async () => {
      const port = await closedPort();
      const c = new sdk.LooplyClient({ apiKey: 'k', baseUrl: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
      const err = await rejectionOf(c.getWorkflowById(GET_BIG));
      assertClass(err, 'APIConnectionError');
      assert.match(err.message, /^Could not reach the Looply API/);
      assert.equal(err.status, undefined);
    });

    test('APIConnectionError: the server drops the connection, or cuts the body short', async () => {
      srv.inject({ drop: true });
      let err = await rejectionOf(client.getWorkflowById(GET_BIG));
      assertClass(err, 'APIConnectionError');
      srv.inject({ truncate: true });
      err = await rejectionOf(client.getWorkflowById(GET_BIG));
      assertClass(err, 'APIConnectionError');
      assert.equal(srv.requests.length, 2);
    });

    test('APITimeoutError: a delayed answer past timeoutMs', async () => {
      srv.inject({ delayMs: 2000 });
      const started = Date.now();
      const err = await rejectionOf(client.getWorkflowById(GET_BIG, { timeoutMs: 60 }));
      assertClass(err, 'APITimeoutError');
      assert.ok(Date.now() - started < 1500, 'gave up before the server answered');
      assert.match(err.message, /60 ms/);
      assert.equal(srv.requests.length, 1);
    });

    test('APIUserAbortError: abort during a delayed request', async () => {
      srv.inject({ delayMs: 3000 });
      const ac = new AbortController();
      const started = Date.now();
      setTimeout(() => ac.abort(), 40);
      const err = await rejectionOf(client.getWorkflowById(GET_BIG, { signal: ac.signal }));
      assertClass(err, 'APIUserAbortError');
      assert.ok(Date.now() - started < 1500);
      assert.equal(srv.requests.length, 1);
    });

    test('APIUserAbortError: abort while waiting to retry; an aborted signal sends nothing', async () => {
      srv.inject({ status: 503 }); // no retry-after: the backoff wait is 375..500 ms
      const ac = new AbortController();
      const started = Date.now();
      setTimeout(() => ac.abort(), 60);
      const c = clientFor(sdk, srv, { maxRetries: 2 });
      let err = await rejectionOf(c.getWorkflowById(GET_BIG, { signal: ac.signal }));
      assertClass(err, 'APIUserAbortError');
      assert.ok(Date.now() - started < 350, 'the wait ended at the abort');
      assert.equal(srv.requests.length, 1);

      srv.reset();
      err = await rejectionOf(c.triggerWorkflow({ workflow_id: BIG }, { signal: AbortSignal.abort() }));
      assertClass(err, 'APIUserAbortError');
      assert.equal(srv.requests.length, 0);
    });

    test('error classes can be constructed by users too', () => {
      const e = new sdk.NotFoundError('gone', {
        status: 404,
        body: { message: 'gone' },
        headers: { a: 'b' },
        requestId: 'r',
      });
      assert.deepEqual(
        [e.name, e.message, e.status, e.body, e.headers, e.requestId],
        ['NotFoundError', 'gone', 404, { message: 'gone' }, { a: 'b' }, 'r'],
      );
      const v = new sdk.ValidationError('limit is bad', { param: 'limit' });
      assert.deepEqual([v.name, v.param, v instanceof sdk.LooplyError], ['ValidationError', 'limit', true]);
    });

    // Catches a class left without its name (a minifier renames classes), a name that an app
    // cannot override on its own error, or a brand that lists another class.
    test('every class names itself, on the class, its instances and its brand', () => {
      const brand = Symbol.for('looply-sdk.errorClasses');
      for (const name of ERROR_CLASS_NAMES) {
        const cls = sdk[name];
        const e = new cls('m', {});
        assert.deepEqual([cls.name, e.name, e.message, e instanceof Error], [name, name, 'm', true]);
        const own = Object.getOwnPropertyDescriptor(cls.prototype, 'name');
        assert.deepEqual([own.value, own.writable, own.configurable, own.enumerable], [name, true, true, false], name);
        assert.equal(e[brand][0], name);
        assert.equal(e[brand].at(-1), 'LooplyError');
      }
      assert.deepEqual(new sdk.NotFoundError('m')[brand], ['NotFoundError', 'APIError', 'LooplyError']);
      assert.deepEqual(new sdk.LooplyError('m')[brand], ['LooplyError']);
      const renamed = new sdk.APIError('m');
      renamed.name = 'MyAPIError';
      assert.equal(renamed.name, 'MyAPIError');
      assert.equal(JSON.stringify(new sdk.LooplyError('m')), '{}', 'the name stays out of JSON');
    });

    // Catches instanceof that takes a copy's error by the wrong mark, by a string where the
    // names should be, or that throws on a hostile value.
    test('instanceof: the names under the shared brand, nothing else', () => {
      const brand = Symbol.for('looply-sdk.errorClasses');
      const fromAnotherVersion = { [brand]: ['NotFoundError', 'APIError', 'LooplyError'] };
      assert.ok(fromAnotherVersion instanceof sdk.NotFoundError && fromAnotherVersion instanceof sdk.LooplyError);
      assert.ok(!(fromAnotherVersion instanceof sdk.RateLimitError));
      assert.ok(!({ [brand]: 'NotFoundError' } instanceof sdk.NotFoundError), 'a string is not the names');
      const hostile = new Proxy(
        {},
        {
          get() {
            throw new Error('trap');
          },
        },
      );
      assert.equal(hostile instanceof sdk.LooplyError, false);
      for (const v of [null, undefined, 'NotFoundError', 404])
        assert.equal(v instanceof sdk.LooplyError, false, String(v));
      class AppError extends sdk.NotFoundError {}
      assert.ok(!(fromAnotherVersion instanceof AppError), "an app's subclass matches only its own instances");
      assert.ok(new AppError('m') instanceof AppError);
    });

    // Catches the waiter's error without what it saw, or with a retryAfterMs it was not given.
    test('WaitTimeoutError keeps the execution, and retryAfterMs only when there was one', () => {
      const execution = { workflow_execution_id: 'e' };
      const asked = new sdk.WaitTimeoutError('late', { execution, retryAfterMs: 1500 });
      assert.deepEqual([asked.name, asked.execution, asked.retryAfterMs], ['WaitTimeoutError', execution, 1500]);
      const plain = new sdk.WaitTimeoutError('late', { execution });
      assert.equal(plain.execution, execution);
      assert.ok(!('retryAfterMs' in plain));
      assert.equal(new sdk.WaitTimeoutError('late').execution, undefined);
    });
  });
}
