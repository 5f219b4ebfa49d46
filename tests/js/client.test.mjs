// Client behaviour: custom fetch, extra headers, per-call overrides, retries, concurrency.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILDS, SEEDED, startServer, clientFor, rejectionOf } from './support/harness.mjs';

const BIG = SEEDED.bigWorkflowId;
const GET = { workflow_id: BIG, workflow_version: SEEDED.bigWorkflowVersion };
const NOW = { 'retry-after-ms': '0' }; // retry at once: no real backoff in tests

for (const [build, sdk] of BUILDS) {
  describe(`client (${build} build)`, () => {
    let srv;
    let client; // default retries (2)
    before(async () => {
      srv = await startServer({ stateDelayMs: 50 });
      client = clientFor(sdk, srv);
    });
    after(() => srv.close());
    beforeEach(() => srv.reset());

    test('a custom fetch is used, with the URL, method, a Headers carrying x-api-key, body and signal', async () => {
      const calls = [];
      const spy = (url, init) => {
        calls.push({ url, init, key: init.headers.get('x-api-key'), ct: init.headers.get('content-type') });
        return fetch(url, init);
      };
      const c = clientFor(sdk, srv, { fetch: spy });
      await c.getWorkflowById(GET);
      await c.triggerWorkflow({ workflow_id: BIG, payload: { a: 1 } });
      assert.equal(calls.length, 2);
      assert.equal(typeof calls[0].url, 'string');
      assert.equal(calls[0].url, `${srv.baseUrl}/workflows/getWorkflowById?workflow_id=${BIG}&workflow_version=3`);
      assert.equal(calls[0].init.method, 'GET');
      assert.ok(calls[0].init.headers instanceof Headers);
      assert.deepEqual([calls[0].key, calls[0].ct, calls[0].init.body], [srv.apiKey, null, undefined]);
      assert.ok(calls[0].init.signal instanceof AbortSignal);
      assert.equal(calls[1].url, `${srv.baseUrl}/workflows/triggerworkflow/${BIG}`);
      assert.deepEqual([calls[1].init.method, calls[1].key, calls[1].ct], ['POST', srv.apiKey, 'application/json']);
      assert.equal(calls[1].init.body, '{"a":1}');
      assert.equal(srv.requests.length, 2);
    });

    test('each call gets its own request headers', async () => {
      let n = 0;
      const stamping = (url, init) => {
        init.headers.append('x-call', String(++n));
        return fetch(url, init);
      };
      const c = clientFor(sdk, srv, { fetch: stamping });
      await c.getWorkflowById(GET);
      await c.getWorkflowById(GET);
      assert.deepEqual(
        srv.requests.map((r) => r.headers['x-call']),
        ['1', '2'],
      );
    });

    test('defaultHeaders and per-call headers reach the server; per-call ones win and do not stick', async () => {
      const c = clientFor(sdk, srv, { defaultHeaders: { 'X-Tenant': 'acme', 'x-trace': 'default' } });
      await c.getWorkflowById(GET);
      await c.getWorkflowById(GET, { headers: { 'x-trace': 'call-1', 'x-only-once': 'yes' } });
      await c.triggerWorkflow({ workflow_id: BIG }, { headers: { 'x-trace': 'call-2' } });
      await c.getOrganizationWorkflows();
      const seen = srv.requests.map((r) => [
        r.headers['x-tenant'],
        r.headers['x-trace'],
        r.headers['x-only-once'],
        r.headers['content-type'],
      ]);
      assert.deepEqual(seen, [
        ['acme', 'default', undefined, undefined],
        ['acme', 'call-1', 'yes', undefined],
        ['acme', 'call-2', undefined, 'application/json'],
        ['acme', 'default', undefined, undefined],
      ]);
      srv.requests.forEach((r) => assert.equal(r.headers['x-api-key'], '<redacted>'));
    });

    test('defaultHeaders are fixed at construction', async () => {
      const defaults = { 'x-tenant': 'acme' };
      const c = clientFor(sdk, srv, { defaultHeaders: defaults });
      defaults['x-tenant'] = 'changed';
      await c.getWorkflowById(GET);
      await c.getWorkflowById(GET, { headers: { 'x-call': '1' } });
      assert.deepEqual(
        srv.requests.map((r) => r.headers['x-tenant']),
        ['acme', 'acme'],
      );
    });

    test('per-call timeoutMs overrides the client timeout, both ways', async () => {
      srv.inject({ delayMs: 1500 });
      const err = await rejectionOf(client.getWorkflowById(GET, { timeoutMs: 50, maxRetries: 0 }));
      assert.ok(err instanceof sdk.APITimeoutError, err?.name);
      srv.reset();
      srv.inject({ delayMs: 150 });
      const fast = clientFor(sdk, srv, { timeoutMs: 40, maxRetries: 0 });
      const res = await fast.getWorkflowById(GET, { timeoutMs: 5000 });
      assert.equal(res.item.workflow_id, BIG);
      assert.equal(srv.requests.length, 1);
    });

    test('per-call maxRetries overrides the client value, both ways', async () => {
      srv.inject({ status: 503, headers: NOW, times: 2 });
      const none = clientFor(sdk, srv, { maxRetries: 0 });
      assert.equal((await none.getWorkflowById(GET, { maxRetries: 2 })).message, 'success');
      assert.equal(srv.requests.length, 3);
      srv.reset();
      srv.inject({ status: 503, headers: NOW });
      const err = await rejectionOf(client.getWorkflowById(GET, { maxRetries: 0 }));
      assert.ok(err instanceof sdk.InternalServerError);
      assert.equal(srv.requests.length, 1);
    });

    test('a read that gets 500, 503, then 200 succeeds after exactly 3 requests', async () => {
      srv.inject([
        { status: 500, headers: NOW },
        { status: 503, headers: NOW },
      ]);
      const res = await client.getWorkflowById(GET);
      assert.equal(res.item.workflow_id, BIG);
      assert.equal(srv.requests.length, 3);
      srv.requests.forEach((r) => assert.equal(r.path, '/v1/workflows/getWorkflowById'));
    });

    test('reads also retry on 408 and 429 (retry-after: 0 honoured); retries stop at maxRetries', async () => {
      srv.inject([
        { status: 408, headers: { 'retry-after': '0' } },
        { status: 429, headers: { 'retry-after': '0' } },
      ]);
      await client.getOrganizationWorkflows({ limit: 1 });
      assert.equal(srv.requests.length, 3);
      srv.reset();
      srv.inject({ status: 502, headers: NOW, body: { message: 'last one' }, times: 3 });
      const err = await rejectionOf(client.getOrganizationExecutions());
      assert.ok(err instanceof sdk.InternalServerError);
      assert.equal(err.message, 'last one');
      assert.equal(srv.requests.length, 3);
    });

    // 800 ms is outside the ordinary first backoff (375-500 ms) and far below a
    // Retry-After of 3 s: catches retry-after-ms ignored, or read as seconds.
    test('a retry-after-ms wait is honoured', async () => {
      srv.inject({ status: 503, headers: { 'retry-after-ms': '800', 'retry-after': '3' } });
      await client.getWorkflowById(GET);
      assert.equal(srv.requests.length, 2);
      const wait = srv.requests[1].time - srv.requests[0].time;
      assert.ok(wait >= 795 && wait < 2400, `waited ${wait} ms`);
    });

    test('4xx answers other than 408/429 are not retried', async () => {
      const err = await rejectionOf(client.getWorkflowById({ workflow_id: 'nope', workflow_version: 1 }));
      assert.ok(err instanceof sdk.NotFoundError);
      srv.inject({ status: 400, headers: NOW });
      await rejectionOf(client.getOrganizationWorkflows());
      assert.equal(srv.requests.length, 2);
    });

    test('toggleScheduledWorkflow is retried like a read', async () => {
      srv.inject({ status: 500, headers: NOW, match: 'toggleScheduledWorkflow' });
      const ids = { workflow_id: SEEDED.scheduledWorkflowId, workflow_version: SEEDED.scheduledWorkflowVersion };
      assert.equal((await client.toggleScheduledWorkflow({ ...ids, action: 'PLAY' })).status, 'ACTIVE');
      assert.equal(srv.requests.length, 2);
    });

    // That a trigger, resume or action is sent once after a 5xx, a dropped connection or a
    // timeout is retry-rules.test.mjs's to say (every such failure, every such endpoint).
    test('a trigger that gets 429 with retry-after: 0 is retried and runs once', async () => {
      const before = await client.getWorkflowExecutionHistory({ workflow_id: BIG, limit: 1 });
      srv.reset();
      srv.inject({ status: 429, headers: { 'retry-after': '0' } });
      const res = await client.triggerWorkflow({ workflow_id: BIG, payload: { n: 1 } });
      assert.equal(srv.requests.length, 2);
      srv.requests.forEach((r) => assert.equal(r.body, '{"n":1}'));
      const now = await client.getWorkflowExecutionHistory({ workflow_id: BIG, limit: 2 });
      assert.deepEqual(
        now.items.map((e) => e.workflow_execution_id),
        [res.looply_execution_id, before.items[0].workflow_execution_id],
      );
    });

    test('retryNonIdempotent: true retries a trigger on 503', async () => {
      srv.inject({ status: 503, headers: NOW });
      const res = await client.triggerWorkflow({ workflow_id: BIG }, { retryNonIdempotent: true });
      assert.equal(typeof res.looply_execution_id, 'string');
      assert.equal(srv.requests.length, 2);
    });

    // Catches a re-entered client that traps (a Rust RefCell borrowed twice) or fails with
    // something that does not say what happened: a custom fetch's response headers are read
    // while the core holds the client's calls, and user code there may call the client.
    // Another client's call there fails alike (the core's objects share one slab, borrowed
    // while it decides), and that client works after it too.
    test('a custom fetch whose response calls the client back: that call fails with a LooplyError, the first succeeds', async () => {
      let inner;
      let otherInner;
      const other = new sdk.LooplyClient({ apiKey: srv.apiKey, baseUrl: srv.baseUrl, maxRetries: 0 });
      const reentrant = new sdk.LooplyClient({
        apiKey: srv.apiKey,
        baseUrl: srv.baseUrl,
        maxRetries: 0,
        fetch: async (url, init) => {
          const res = await fetch(url, init);
          const headers = new Headers(res.headers);
          const get = headers.get.bind(headers);
          headers.get = (name) => {
            // The core reads retry-after-ms while it decides; the transport reads others before.
            if (name === 'retry-after-ms') {
              inner ??= rejectionOf(reentrant.getWorkflowById(GET));
              otherInner ??= rejectionOf(other.getWorkflowById(GET));
            }
            return get(name);
          };
          return { status: res.status, headers, text: () => res.text(), body: null };
        },
      });
      // A 503 first: deciding on the retry reads its headers (retry-after-ms).
      srv.inject({ status: 503, headers: NOW, times: 1 });
      const page = await reentrant.getOrganizationWorkflows({ limit: 1 }, { maxRetries: 1 });
      assert.equal(page.count, 1);
      const err = await inner;
      assert.ok(err instanceof sdk.LooplyError, String(err));
      assert.match(err.message, /re-entered/);
      assert.equal((await reentrant.getOrganizationWorkflows({ limit: 2 })).count, 2, 'the client still works');
      const otherErr = await otherInner;
      assert.ok(otherErr instanceof sdk.LooplyError, String(otherErr));
      assert.match(otherErr.message, /re-entered/);
      assert.equal((await other.getOrganizationWorkflows({ limit: 2 })).count, 2, 'the other client works');
    });

    // Catches the transport relying on more than status and text() from a custom fetch's
    // answer (headers with get/forEach, a body with getReader, a Response's own methods):
    // a mock, a polyfill or a wrapper may give less, and must not turn into a connection error.
    test('a custom fetch may answer with a bare object: status and text() are enough', async () => {
      const PAGE = '{"message":"success","count":1,"items":[{"workflow_id":"w"}]}';
      const answers = [
        { status: 200, text: async () => PAGE },
        { status: 200, headers: {}, body: {}, text: async () => PAGE },
        { status: 200, headers: { get: () => 42, forEach: 'no' }, body: { getReader: 'no' }, text: async () => PAGE },
        { status: 200, headers: new Headers({ 'content-encoding': 'gzip' }), body: null, text: async () => PAGE },
      ];
      for (const [i, answer] of answers.entries()) {
        const bare = new sdk.LooplyClient({
          apiKey: srv.apiKey,
          baseUrl: srv.baseUrl,
          maxRetries: 0,
          fetch: async () => answer,
        });
        const { data, requestId } = await bare.getOrganizationWorkflows({ limit: 1 }).withResponse();
        assert.equal(data.count, 1, `answer ${i}`);
        assert.equal(requestId, null, `answer ${i}`);
      }
      const notFound = new sdk.LooplyClient({
        apiKey: srv.apiKey,
        baseUrl: srv.baseUrl,
        maxRetries: 0,
        fetch: async () => ({ status: 404, text: async () => '{"message":"gone"}' }),
      });
      const err = await rejectionOf(notFound.getOrganizationWorkflows());
      assert.ok(err instanceof sdk.NotFoundError, String(err));
      assert.deepEqual([err.body, err.headers, err.requestId], [{ message: 'gone' }, {}, undefined]);
      // Without a readable body stream, a body of unknown size is still capped once read.
      const huge = new sdk.LooplyClient({
        apiKey: srv.apiKey,
        baseUrl: srv.baseUrl,
        maxRetries: 0,
        fetch: async () => ({
          status: 200,
          headers: new Headers({ 'content-encoding': 'br' }),
          text: async () => ' '.repeat(32 * 1024 * 1024 + 1),
        }),
      });
      const tooLarge = await rejectionOf(huge.getOrganizationWorkflows());
      assert.ok(tooLarge instanceof sdk.ResponseDecodeError, String(tooLarge));
      assert.match(tooLarge.message, /32 MiB/);
    });

    test('50 calls in flight at once all succeed', async () => {
      srv.inject({ delayMs: 150, times: 50 }); // each request waits: the calls must overlap
      const started = Date.now();
      const calls = Array.from({ length: 50 }, (_, i) => {
        if (i % 5 === 0) return client.getWorkflowById(GET).then((r) => assert.equal(r.item.workflow_id, BIG));
        if (i % 5 === 1)
          return client
            .triggerWorkflow({ workflow_id: BIG, payload: { i } })
            .then((r) => assert.equal(typeof r.looply_execution_id, 'string'));
        const limit = 1 + (i % 30);
        return client
          .getWorkflowExecutionHistory({ workflow_id: BIG, limit })
          .then((r) => assert.equal(r.count, limit));
      });
      const results = await Promise.allSettled(calls);
      assert.deepEqual(
        results.filter((r) => r.status === 'rejected').map((r) => String(r.reason)),
        [],
      );
      assert.equal(srv.requests.length, 50);
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms: not concurrent`);
    });

    test('the client does not serialize its key', () => {
      const c = new sdk.LooplyClient({ apiKey: 'sk-test-JSON-777', baseUrl: srv.baseUrl });
      assert.ok(!JSON.stringify(c).includes('sk-test-JSON-777'));
      assert.ok(!JSON.stringify({ c }).includes('sk-test-JSON-777'));
      assert.deepEqual(Object.keys(c), []);
    });

    test('the exported class is named LooplyClient', () => {
      assert.equal(sdk.LooplyClient.name, 'LooplyClient');
    });
  });
}
