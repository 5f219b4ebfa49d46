// looply-sdk/proxy from the packed tarball (ESM and CommonJS): a node:http server with
// toNodeHandler in front of the proxy, the local Looply server behind it, all on 127.0.0.1.
// What a browser may send, what reaches the API, and what comes back.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ENDPOINT_CALLS, SEEDED, closedPort, esm, rejectionOf, spawnChild, startServer } from './support/harness.mjs';

const consumer = new URL('../../build/consumer/', import.meta.url);
// LOOPLY_TEST_BUILDS=esm: one of them (as support/harness.mjs's BUILDS).
const PROXIES = [
  ['esm', await import(new URL('proxy.mjs', consumer).href)],
  ['cjs', createRequire(import.meta.url)(fileURLToPath(new URL('proxy.cjs', consumer)))],
].filter(([name]) => !process.env.LOOPLY_TEST_BUILDS || process.env.LOOPLY_TEST_BUILDS.split(',').includes(name));
const KEY = 'server-only-key-5f3a9c';
const BY_ID = `/workflows/getWorkflowById?workflow_id=${SEEDED.bigWorkflowId}&workflow_version=1`;
const TRIGGER = `/workflows/triggerworkflow/${SEEDED.bigWorkflowId}`;
/** Every method the client has for an endpoint (from openapi.json and the client's prototype). */
const METHODS = [...new Set(ENDPOINT_CALLS.map((c) => c.method))];

/** Serves `handler` (a Node listener) on 127.0.0.1; resolves `{ origin, close }`. */
async function listen(handler) {
  const server = http.createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * The local server (key KEY), and `proxy(options)` in front of it under `prefix`: resolves
 * `{ srv, url, sent, close }`; `url` is the proxy's base URL, `sent` each `[url, init]` the proxy
 * gave fetch.
 */
async function setUp(mod, options = {}, prefix = '/api/looply/v1') {
  const srv = await startServer({ apiKey: KEY, stateDelayMs: 50 });
  const sent = [];
  const recording = (url, init) => {
    sent.push([url, init]);
    return fetch(url, init);
  };
  const proxy = mod.createLooplyProxy({ apiKey: KEY, baseUrl: srv.baseUrl, fetch: recording, ...options });
  const front = await listen(mod.toNodeHandler(proxy));
  return {
    srv,
    url: `${front.origin}${prefix}`,
    sent,
    close: async () => {
      await front.close();
      await srv.close();
    },
  };
}

/** `fetch` that answers `{ status, headers, text, json }`. */
async function call(url, init) {
  return read(await fetch(url, init));
}

/** A Response as `{ status, headers, text, json }`. */
async function read(res) {
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: Object.fromEntries(res.headers), text, json };
}

/** Asserts one of the proxy's own answers: `status`, JSON `{ message }` matching `pattern`. */
function assertOwn(r, status, pattern) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.deepEqual(Object.keys(r.json), ['message']);
  assert.match(r.json.message, pattern);
}

for (const [build, mod] of PROXIES) {
  describe(`looply-sdk/proxy (${build})`, () => {
    // Catches a proxy that passes on the browser's cookies, authorization or x-api-key (or lets
    // the browser's key win over its own), drops the query, the body or content-type, or sends
    // any other header of the browser's.
    test('forwards the query, the body and content-type with the server key, nothing else of the browser', async () => {
      const t = await setUp(mod);
      try {
        const browser = {
          cookie: 'session=s3cret',
          authorization: 'Bearer browser-token',
          'x-api-key': 'browser-supplied-key',
          'x-custom': 'nope',
          'user-agent': 'a-browser',
        };
        const read = await call(`${t.url}${BY_ID}`, { headers: browser });
        assert.equal(read.status, 200, read.text);
        assert.equal(read.json.item.workflow_id, SEEDED.bigWorkflowId);
        const payload = '{"invoice":4711,"note":"ü"}';
        const trig = await call(`${t.url}${TRIGGER}`, {
          method: 'POST',
          headers: { ...browser, 'content-type': 'application/json; charset=utf-8' },
          body: payload,
        });
        assert.equal(trig.status, 200, trig.text);
        assert.match(trig.json.looply_execution_id, /\S/);

        const [[getUrl, getInit], [postUrl, postInit]] = t.sent;
        assert.equal(getUrl, `${t.srv.baseUrl}${BY_ID}`);
        assert.deepEqual(Object.fromEntries(getInit.headers), { 'x-api-key': KEY });
        assert.equal(getInit.redirect, 'manual');
        assert.equal(postUrl, `${t.srv.baseUrl}${TRIGGER}`);
        assert.deepEqual(Object.fromEntries(postInit.headers), {
          'x-api-key': KEY,
          'content-type': 'application/json; charset=utf-8',
        });
        const [get, post] = t.srv.requests;
        assert.equal(post.body, payload);
        assert.deepEqual(get.query, { workflow_id: SEEDED.bigWorkflowId, workflow_version: '1' });
        for (const seen of [get, post]) {
          for (const name of ['cookie', 'authorization', 'x-custom']) assert.equal(seen.headers[name], undefined, name);
          assert.notEqual(seen.headers['user-agent'], 'a-browser');
        }
      } finally {
        await t.close();
      }
    });

    // Catches a route table that lost or misnamed an endpoint (a method the client has that
    // `allow` refuses, or that is matched to another name), and triggerWorkflow's second
    // route (with a version) not counted as triggerWorkflow.
    test('each client method goes through a proxy that allows it alone, and only through that one', async () => {
      const t = await setUp(mod, { allow: [] });
      try {
        for (const endpoint of ENDPOINT_CALLS) {
          const { method } = endpoint;
          // runWorkflowAction's `resumeworkflow` is resumeWorkflow's request too (the next test):
          // another action here, and the two not allowed together.
          const action = method === 'runWorkflowAction' ? 'pauseworkflow' : undefined;
          const params = action ? { ...endpoint.params, action } : endpoint.params;
          const path = action ? endpoint.path.replace('resumeworkflow', action) : endpoint.path;
          const twin = { resumeWorkflow: 'runWorkflowAction' }[method];
          const only = mod.createLooplyProxy({ apiKey: KEY, baseUrl: t.srv.baseUrl, allow: [method] });
          const others = mod.createLooplyProxy({
            apiKey: KEY,
            baseUrl: t.srv.baseUrl,
            allow: METHODS.filter((m) => m !== method && m !== twin),
          });
          for (const [proxy, allowed] of [
            [only, true],
            [others, false],
          ]) {
            const front = await listen(mod.toNodeHandler(proxy));
            try {
              t.srv.reset();
              const client = new esm.LooplyClient({ apiKey: null, baseUrl: `${front.origin}/p/v1`, maxRetries: 0 });
              const err = await client[method](params).then(
                () => undefined,
                (e) => e,
              );
              const seen = t.srv.requests.map((r) => r.path);
              if (allowed) {
                assert.deepEqual(seen, [`/v1${path}`], method);
                assert.ok(err === undefined || err.status !== 403, `${method}: ${err}`);
              } else {
                assert.deepEqual(seen, [], method);
                assert.ok(err instanceof esm.PermissionDeniedError, `${method}: ${err}`);
                assert.match(err.message, new RegExp(`${method} is not allowed by this proxy`));
              }
            } finally {
              await front.close();
            }
          }
        }
        const versioned = mod.createLooplyProxy({ apiKey: KEY, baseUrl: t.srv.baseUrl, allow: ['triggerWorkflow'] });
        const front = await listen(mod.toNodeHandler(versioned));
        try {
          const client = new esm.LooplyClient({ apiKey: null, baseUrl: `${front.origin}/v1`, maxRetries: 0 });
          const done = await client.triggerWorkflow({ workflow_id: SEEDED.bigWorkflowId, workflow_version: 3 });
          assert.match(done.looply_execution_id, /\S/);
          assert.equal(t.srv.requests.at(-1).path, `/v1${TRIGGER}/3`);
        } finally {
          await front.close();
        }
      } finally {
        await t.close();
      }
    });

    // Catches `allow` checked against one route where two fit the same request (runWorkflowAction
    // can resume too), and runWorkflowAction's {action} taken for another endpoint's name: with
    // only runWorkflowAction allowed, a trigger would go through as an "action".
    test('allow: a request two routes fit goes through if either is allowed; an action is never another endpoint', async () => {
      const t = await setUp(mod, { allow: ['runWorkflowAction'] });
      try {
        const resume = await call(
          `${t.url}/workflows/resumeworkflow/${SEEDED.waitingExecution.workflow_execution_id}`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"source":"TEAMS"}',
          },
        );
        assert.equal(resume.status, 200, resume.text);
        const trig = await call(`${t.url}${TRIGGER}`, { method: 'POST', body: '{}' });
        assertOwn(trig, 403, /^triggerWorkflow is not allowed by this proxy$/);
        const toggle = await call(`${t.url}/workflows/toggleScheduledWorkflow`, { method: 'POST', body: '{}' });
        assertOwn(toggle, 403, /toggleScheduledWorkflow is not allowed/);
        assert.equal(t.srv.requests.length, 1);
      } finally {
        await t.close();
      }
      const only = await setUp(mod, { allow: ['resumeWorkflow'] });
      try {
        const other = await call(`${only.url}/workflows/pauseworkflow/p-1`, { method: 'POST', body: '{}' });
        assertOwn(other, 403, /runWorkflowAction is not allowed/);
        assert.equal(only.srv.requests.length, 0);
      } finally {
        await only.close();
      }
    });

    // Catches a prefix check (only /api/looply/v1 works), a route looked for from the start of
    // the path (under /workflows, GET /workflows/workflows/getWorkflowById fits runWorkflowAction's
    // POST route: a 405), or a lax matcher that forwards paths the API has no
    // route for: trailing slashes, extra segments, case, bad percent-encoding, `..` ids.
    test('mounted under any prefix; a path that is no Looply route is 404, a route with another method 405', async () => {
      for (const prefix of [
        '',
        '/v1',
        '/a/b/c',
        '/workflows',
        '/x/workflows',
        '/workflows/looply',
        '/api/workflows/x/v1',
      ]) {
        const t = await setUp(mod, {}, prefix);
        try {
          const r = await call(`${t.url}${BY_ID}`);
          assert.equal(r.status, 200, `${prefix}: ${r.text}`);
          assert.equal(t.sent[0][0], `${t.srv.baseUrl}${BY_ID}`, prefix);
        } finally {
          await t.close();
        }
      }
      const t = await setUp(mod);
      try {
        for (const path of [
          '/',
          '/workflows',
          '/workflows/',
          '/workflows/nope',
          '/workflows/getWorkflowById/',
          '/workflows/getworkflowbyid',
          '/workflows/getWorkflowById/extra',
          '/other/getWorkflowById',
        ]) {
          assertOwn(await call(`${t.url}${path}?workflow_id=x`), 404, /^Not Found: no Looply route at this path$/);
        }
        for (const path of [
          '/workflows/resumeworkflow/%zz',
          '/workflows/triggerworkflow/a/b/c',
          `${TRIGGER}/v3`,
          '/workflows/resume-workflow/p-1',
          '/workflows/resumeworkflow/',
        ]) {
          assertOwn(await call(`${t.url}${path}`, { method: 'POST', body: '{}' }), 404, /no Looply route/);
        }
        // `..` as an id, sent raw (fetch would resolve it before sending).
        const raw = await new Promise((resolve, reject) => {
          const req = http.request(`${t.url}/workflows/resumeworkflow/%2e%2e`, { method: 'POST' }, (res) => {
            res.resume();
            resolve(res.statusCode);
          });
          req.on('error', reject);
          req.end('{}');
        });
        assert.equal(raw, 404);
        const wrong = await call(`${t.url}${TRIGGER}`);
        assertOwn(wrong, 405, /^Method Not Allowed: POST only$/);
        assert.equal(wrong.headers.allow, 'POST');
        const put = await call(`${t.url}${BY_ID}`, { method: 'PUT', body: '{}' });
        assertOwn(put, 405, /GET only/);
        assert.equal(put.headers.allow, 'GET');
        assert.equal(t.srv.requests.length, 0);
      } finally {
        await t.close();
      }
    });

    // Catches authorize() ignored, run after the request was sent, a throw or a resolved
    // falsy value taken as yes, or a body authorize() consumed forwarded as empty.
    test('authorize(request) runs first: falsy or a throw is 401 and nothing is sent', async () => {
      const verdicts = [
        [() => false, 401],
        [async () => null, 401],
        [() => undefined, 401],
        [
          () => {
            throw new Error('no session');
          },
          401,
        ],
        [async () => Promise.reject(new Error('no')), 401],
        [(request) => request.headers.get('cookie') === 'session=ok', 200],
        [async (request) => (await request.clone().json()).invoice === 4711, 200],
      ];
      for (const [authorize, status] of verdicts) {
        const t = await setUp(mod, { authorize });
        try {
          const r = await call(`${t.url}${TRIGGER}`, {
            method: 'POST',
            headers: { cookie: 'session=ok', 'content-type': 'application/json' },
            body: '{"invoice":4711}',
          });
          if (status === 401) {
            assertOwn(r, 401, /^Unauthorized$/);
            assert.equal(t.srv.requests.length, 0, String(authorize));
          } else {
            assert.equal(r.status, 200, `${authorize}: ${r.text}`);
            assert.equal(t.srv.requests[0].body, '{"invoice":4711}');
          }
        } finally {
          await t.close();
        }
      }
      const t = await setUp(mod, { authorize: async (request) => (await request.json()).invoice === 4711 });
      try {
        const r = await call(`${t.url}${TRIGGER}`, { method: 'POST', body: '{"invoice":4711}' });
        assertOwn(r, 500, /request\.clone\(\)/);
        assert.equal(t.srv.requests.length, 0);
        // Unauthorized comes before the route is looked at: no probing for routes.
        const probe = mod.createLooplyProxy({ apiKey: KEY, baseUrl: t.srv.baseUrl, authorize: () => false });
        assertOwn(await read(await probe(new Request('http://app.test/nothing/here'))), 401, /Unauthorized/);
      } finally {
        await t.close();
      }
    });

    // Catches the key coming back when the API echoes it (in the body, a request id, an auth
    // challenge), and response headers copied wholesale (cookies, internal headers).
    test('the key never comes back: echoed keys redacted; only the safe response headers are copied', async () => {
      const t = await setUp(mod);
      try {
        t.srv.inject({ echoKey: true });
        const r = await call(`${t.url}${BY_ID}`);
        assert.equal(r.status, 403);
        assert.ok(!r.text.includes(KEY), r.text);
        assert.ok(!JSON.stringify(r.headers).includes(KEY), JSON.stringify(r.headers));
        assert.match(r.text, /Forbidden: key \*\*\* is not valid/);
        assert.equal(r.headers['x-amzn-requestid'], 'req-***');
        assert.equal(r.headers['www-authenticate'], undefined);
        t.srv.inject({ echoKey: true, status: 200 });
        const ok = await call(`${t.url}${BY_ID}`);
        assert.equal(ok.status, 200);
        assert.ok(!ok.text.includes(KEY) && !JSON.stringify(ok.headers).includes(KEY));

        t.srv.inject({
          status: 429,
          body: { message: 'slow down' },
          headers: {
            'retry-after': '0',
            'retry-after-ms': '0',
            'x-request-id': 'r-1',
            'cache-control': 'private, max-age=5',
            'set-cookie': 'upstream=1',
            'x-internal-host': 'db-7',
            'access-control-allow-origin': '*',
            location: 'https://example.test/',
          },
        });
        const limited = await call(`${t.url}${BY_ID}`);
        assert.equal(limited.status, 429);
        assert.deepEqual(limited.json, { message: 'slow down' });
        const { date, connection, 'keep-alive': _, 'transfer-encoding': __, ...kept } = limited.headers;
        assert.match(kept['x-amzn-requestid'], /^[0-9a-f-]{36}$/);
        delete kept['x-amzn-requestid'];
        assert.deepEqual(kept, {
          'content-type': 'application/json',
          'cache-control': 'private, max-age=5',
          'retry-after': '0',
          'retry-after-ms': '0',
          'x-request-id': 'r-1',
        });
        // An answer without cache-control is not cached on its way to the browser.
        assert.equal((await call(`${t.url}${BY_ID}`)).headers['cache-control'], 'no-store');
        // A body that is not text passes byte for byte.
        t.srv.inject({ status: 200, rawBody: 'plain ✓ text', contentType: 'text/plain; charset=utf-8' });
        const plain = await call(`${t.url}${BY_ID}`);
        assert.equal(plain.text, 'plain ✓ text');
        assert.equal(plain.headers['content-type'], 'text/plain; charset=utf-8');
      } finally {
        await t.close();
      }
    });

    // Catches a body re-encoded on its way (bytes that are not UTF-8 mangled) and a 204 given a
    // body (the Response constructor throws: the browser would get a 500).
    test('the body passes byte for byte unless it holds the key; a 204 has none', async () => {
      const bytes = new Uint8Array([0xff, 0xfe, 0x00, 0x80, 0x41]);
      const answers = [
        new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } }),
        new Response(null, { status: 204, headers: { 'x-request-id': `r-${KEY}` } }),
      ];
      const proxy = mod.createLooplyProxy({ apiKey: KEY, fetch: async () => answers.shift() });
      const request = () => proxy(new Request('http://app.test/workflows/getOrganizationWorkflows'));
      const binary = await request();
      assert.deepEqual(new Uint8Array(await binary.arrayBuffer()), bytes);
      const empty = await request();
      assert.equal(empty.status, 204);
      assert.equal(empty.body, null);
      assert.equal(empty.headers.get('x-request-id'), 'r-***');
    });

    // Catches a redirect followed (to another origin, with or without the key) or passed to the
    // browser with its Location.
    test('a redirect is not followed: 502, and the other origin receives nothing', async () => {
      const t = await setUp(mod);
      try {
        const other = await (await fetch(`${t.srv.url}/__control/other-origin`, { method: 'POST' })).json();
        for (const status of [301, 302, 307, 308]) {
          t.srv.inject({ status, headers: { location: `${other.url}/v1${BY_ID}` } });
          const r = await call(`${t.url}${BY_ID}`);
          assertOwn(r, 502, new RegExp(`redirect \\(HTTP ${status}\\), which the proxy does not follow`));
          assert.equal(r.headers.location, undefined);
        }
        const after = await (await fetch(`${t.srv.url}/__control/other-origin`)).json();
        assert.equal(after.count, 0);
      } finally {
        await t.close();
      }
    });

    // Catches an unreachable API answered with the fetch error (which may name the upstream URL
    // and its query) or left to crash the handler.
    test('an unreachable API is 502 with a message that names neither the key nor the URL', async () => {
      const port = await closedPort();
      const proxy = mod.createLooplyProxy({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}/v1` });
      const front = await listen(mod.toNodeHandler(proxy));
      try {
        const r = await call(`${front.origin}/api/looply/v1/workflows/getWorkflowById?workflow_id=q-secret-77`);
        assertOwn(r, 502, /^The Looply API could not be reached$/);
        for (const leak of [KEY, 'q-secret-77', String(port)]) assert.ok(!r.text.includes(leak), leak);
        const broken = mod.createLooplyProxy({
          apiKey: KEY,
          fetch: () => {
            throw new TypeError(`fetch failed for ${KEY}`);
          },
        });
        const b = await broken(new Request('http://app.test/workflows/getOrganizationWorkflows'));
        assert.equal(b.status, 502);
        assert.ok(!(await b.text()).includes(KEY));
      } finally {
        await front.close();
      }
    });

    // Catches options that are not checked at creation (a typo in `allow` silently forwarding
    // less, a missing key found at the first request) or messages that show the key.
    test('bad options are a TypeError at creation that names what is wrong', () => {
      const saved = { key: process.env.LOOPLY_API_KEY, url: process.env.LOOPLY_BASE_URL };
      delete process.env.LOOPLY_API_KEY;
      try {
        const refuses = (options, pattern) =>
          assert.throws(
            () => mod.createLooplyProxy(options),
            (e) => {
              assert.ok(e instanceof TypeError, String(e));
              assert.match(e.message, pattern);
              for (const key of [KEY, 'header-key']) assert.ok(!e.message.includes(key), e.message);
              return true;
            },
          );
        refuses({}, /apiKey is required.*LOOPLY_API_KEY/);
        refuses(undefined, /apiKey is required/);
        refuses({ apiKey: '' }, /apiKey is required/);
        refuses({ apiKey: 42 }, /apiKey is required/);
        refuses({ apiKey: 'header-key\n' }, /cannot be sent in an HTTP header/);
        refuses(
          { apiKey: KEY, allow: ['getWorkflowByID'] },
          /unknown operation 'getWorkflowByID'; did you mean 'getWorkflowById'\?/,
        );
        refuses(
          { apiKey: KEY, allow: ['triggerWorkflowWithVersion'] },
          /unknown operation 'triggerWorkflowWithVersion'/,
        );
        refuses({ apiKey: KEY, allow: ['paginateOrganizationWorkflows'] }, /unknown operation/);
        refuses({ apiKey: KEY, allow: ['zzz'] }, /unknown operation 'zzz'; known: triggerWorkflow, getWorkflowById/);
        refuses({ apiKey: KEY, allow: 'getWorkflowById' }, /allow must be an array/);
        refuses({ apiKey: KEY, allwo: [] }, /unknown option 'allwo'; did you mean 'allow'\?/);
        refuses({ apiKey: KEY, baseUrl: 'api.looply.io/v1' }, /baseUrl must be an http/);
        refuses({ apiKey: KEY, baseUrl: 'https://api.looply.io/v1?x=1' }, /baseUrl/);
        refuses({ apiKey: KEY, authorize: true }, /authorize must be a function/);
        refuses({ apiKey: KEY, fetch: {} }, /fetch must be a function/);
        refuses([], /options must be an object/);
        assert.throws(() => mod.toNodeHandler('nope'), TypeError);
        assert.equal(typeof mod.createLooplyProxy({ apiKey: KEY, allow: [] }), 'function');
      } finally {
        if (saved.key !== undefined) process.env.LOOPLY_API_KEY = saved.key;
        if (saved.url !== undefined) process.env.LOOPLY_BASE_URL = saved.url;
      }
    });

    // Catches a default other than the client's (base URL, environment variables) or a base
    // URL's trailing slash doubled into the path.
    test('apiKey and baseUrl default as the client: LOOPLY_API_KEY, LOOPLY_BASE_URL, https://api.looply.io/v1', async () => {
      const saved = { key: process.env.LOOPLY_API_KEY, url: process.env.LOOPLY_BASE_URL };
      const sent = [];
      const fetch = (url, init) => {
        sent.push([url, init.headers.get('x-api-key')]);
        return Promise.resolve(new Response('{}', { headers: { 'content-type': 'application/json' } }));
      };
      const request = new Request('http://app.test/api/workflows/getOrganizationWorkflows?limit=2');
      try {
        process.env.LOOPLY_API_KEY = 'env-key-123456';
        delete process.env.LOOPLY_BASE_URL;
        await mod.createLooplyProxy({ fetch })(request.clone());
        process.env.LOOPLY_BASE_URL = 'http://127.0.0.1:9/v1/';
        await mod.createLooplyProxy({ fetch })(request.clone());
        await mod.createLooplyProxy({ fetch, apiKey: 'option-key-1234', baseUrl: 'https://eu.example/v2//' })(request);
        assert.deepEqual(sent, [
          ['https://api.looply.io/v1/workflows/getOrganizationWorkflows?limit=2', 'env-key-123456'],
          ['http://127.0.0.1:9/v1/workflows/getOrganizationWorkflows?limit=2', 'env-key-123456'],
          ['https://eu.example/v2/workflows/getOrganizationWorkflows?limit=2', 'option-key-1234'],
        ]);
      } finally {
        for (const [name, value] of [
          ['LOOPLY_API_KEY', saved.key],
          ['LOOPLY_BASE_URL', saved.url],
        ]) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }
    });
  });

  describe(`toNodeHandler (${build})`, () => {
    // Catches a handler's error shown to the client (or crashing the server), several
    // set-cookie headers folded into one, and a streamed body cut short.
    test('writes status, headers (each set-cookie) and a streamed body; a throwing handler is a bare 500', async () => {
      const chunks = ['a'.repeat(100_000), 'b'.repeat(100_000), 'end'];
      const front = await listen(
        mod.toNodeHandler(async (request) => {
          const path = new URL(request.url).pathname;
          if (path === '/throw') throw new Error(`secret ${KEY}`);
          const headers = new Headers({ 'x-one': '1' });
          headers.append('set-cookie', 'a=1');
          headers.append('set-cookie', 'b=2');
          const body = new ReadableStream({
            start(c) {
              for (const chunk of chunks) c.enqueue(new TextEncoder().encode(chunk));
              c.close();
            },
          });
          return new Response(body, { status: 201, headers });
        }),
      );
      try {
        const res = await fetch(`${front.origin}/stream`);
        assert.equal(res.status, 201);
        assert.equal(res.headers.get('x-one'), '1');
        assert.deepEqual(res.headers.getSetCookie(), ['a=1', 'b=2']);
        assert.equal(await res.text(), chunks.join(''));
        const thrown = await call(`${front.origin}/throw`);
        assertOwn(thrown, 500, /^Internal Server Error$/);
        assert.ok(!thrown.text.includes(KEY));
      } finally {
        await front.close();
      }
    });

    // Catches the request's URL, method, headers or body lost on the way into the Fetch
    // Request, or Express's mount path (req.url without it) taken instead of originalUrl.
    test('builds the Request: URL with the host and originalUrl, method, headers, body', async () => {
      let seen;
      const handler = mod.toNodeHandler(async (request) => {
        seen = {
          url: request.url,
          method: request.method,
          cookie: request.headers.get('cookie'),
          type: request.headers.get('content-type'),
          body: await request.text(),
        };
        return new Response(null, { status: 204 });
      });
      // Express-style: a mount that strips its path from req.url and keeps originalUrl.
      const front = await listen((req, res) => {
        req.originalUrl = req.url;
        req.url = req.url.replace(/^\/mounted/, '') || '/';
        handler(req, res);
      });
      try {
        const res = await fetch(`${front.origin}/mounted/x?q=1`, {
          method: 'POST',
          headers: { cookie: 'c=1', 'content-type': 'text/plain' },
          body: 'hello',
        });
        assert.equal(res.status, 204);
        assert.deepEqual(seen, {
          url: `${front.origin}/mounted/x?q=1`,
          method: 'POST',
          cookie: 'c=1',
          type: 'text/plain',
          body: 'hello',
        });
      } finally {
        await front.close();
      }
    });

    // Catches a body that a parser before the handler read being forwarded as empty (a trigger
    // would run without its payload), and a client that left not aborting the handler's work.
    test('a body read before it is a 500 that says so; a client that leaves aborts request.signal', async () => {
      let aborted;
      const handler = mod.toNodeHandler(
        (request) =>
          new Promise((resolve) => {
            request.signal.addEventListener('abort', () => {
              aborted = true;
              resolve(new Response('late'));
            });
          }),
      );
      const front = await listen(async (req, res) => {
        if (req.url === '/parsed') for await (const _ of req); // a body parser
        handler(req, res);
      });
      try {
        const r = await call(`${front.origin}/parsed`, { method: 'POST', body: '{"a":1}' });
        assertOwn(r, 500, /read before this handler \(mount it before any body parser\)/);
        const leaving = new AbortController();
        const pending = fetch(`${front.origin}/wait`, { signal: leaving.signal }).catch(() => 'aborted');
        await new Promise((resolve) => setTimeout(resolve, 100));
        leaving.abort();
        assert.equal(await pending, 'aborted');
        const deadline = Date.now() + 5000;
        while (!aborted && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        assert.equal(aborted, true);
      } finally {
        await front.close();
      }
    });
  });
}

describe('looply-sdk/proxy in Deno and Bun', () => {
  // Catches an entry that needs Node (a node: import, Buffer) where Deno and Bun run it, or a
  // handler their servers cannot take as it is (Deno.serve and Bun.serve, as in the README).
  const serve = {
    deno: 'const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, proxy); const port = server.addr.port;',
    bun: 'const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: proxy }); const port = server.port;',
  };
  const stop = { deno: 'await server.shutdown();', bun: 'server.stop(true);' };
  const script = (runtime, baseUrl) => `
    import { createLooplyProxy } from 'looply-sdk/proxy';
    const proxy = createLooplyProxy({ apiKey: ${JSON.stringify(KEY)}, baseUrl: ${JSON.stringify(baseUrl)}, allow: ['getOrganizationWorkflows'] });
    ${serve[runtime]}
    const at = (path) => fetch('http://127.0.0.1:' + port + '/api/looply/v1' + path, { headers: { cookie: 'c=1' } });
    const ok = await at('/workflows/getOrganizationWorkflows?limit=1');
    const page = await ok.json();
    const refused = await at('${BY_ID}');
    console.log(JSON.stringify([ok.status, page.count, refused.status, (await refused.json()).message]));
    ${stop[runtime]}
  `;
  for (const [runtime, args] of [
    ['deno', ['run', '-A']],
    ['bun', []],
  ]) {
    test(`${runtime}: served by ${runtime === 'deno' ? 'Deno.serve' : 'Bun.serve'}, an allowed call forwards, another is 403`, async () => {
      const { writeFileSync, rmSync } = await import('node:fs');
      const srv = await startServer({ apiKey: KEY });
      const file = fileURLToPath(new URL(`proxy-${runtime}.mjs`, consumer));
      writeFileSync(file, script(runtime, srv.baseUrl));
      try {
        const bin = fileURLToPath(new URL(`../../node_modules/.bin/${runtime}`, import.meta.url));
        const { status, stdout, stderr } = await spawnChild(bin, [...args, file], { cwd: fileURLToPath(consumer) });
        assert.equal(status, 0, stdout + stderr);
        assert.deepEqual(JSON.parse(stdout.trim().split('\n').at(-1)), [
          200,
          1,
          403,
          'getWorkflowById is not allowed by this proxy',
        ]);
        assert.equal(srv.requests.length, 1);
        assert.equal(srv.requests[0].headers.cookie, undefined);
      } finally {
        rmSync(file, { force: true });
        await srv.close();
      }
    });
  }
});

// Catches a README whose Workers example does not run as written (the handler's options or
// its answer not what workerd takes, a `node:` import in the entry). The example runs verbatim
// in miniflare's workerd (a child process, so that workerd never outlives the test); its
// outbound fetch, to the default https://api.looply.io/v1, is answered by the local server.
test('Cloudflare Workers: the README’s example, verbatim, in miniflare', async () => {
  const runner = `
    import { readFileSync } from 'node:fs';
    import { Miniflare } from 'miniflare';
    const [workerPath, proxyPath, serverUrl, apiKey] = process.argv.slice(2);
    const outbound = [];
    const mf = new Miniflare({
      host: '127.0.0.1',
      port: 0,
      compatibilityDate: '2025-01-01',
      modules: [
        { type: 'ESModule', path: 'worker.mjs', contents: readFileSync(workerPath, 'utf8') },
        { type: 'ESModule', path: 'looply-sdk/proxy', contents: readFileSync(proxyPath, 'utf8') },
      ],
      bindings: { LOOPLY_API_KEY: apiKey },
      serviceBindings: { ASSETS: () => new Response('the app') },
      outboundService: (request) => {
        const url = new URL(request.url);
        outbound.push([url.origin, request.headers.get('x-api-key'), request.headers.get('cookie')]);
        return fetch(serverUrl + url.pathname + url.search, { method: request.method, headers: request.headers });
      },
    });
    try {
      const results = [];
      for (const path of ['/api/looply/v1/workflows/getOrganizationWorkflows?limit=1', '/api/looply/v1/nope', '/']) {
        const res = await mf.dispatchFetch('http://127.0.0.1' + path, { headers: { cookie: 'c=1' } });
        const text = await res.text();
        results.push([res.status, text.startsWith('{') ? Object.keys(JSON.parse(text)) : text]);
      }
      console.log('RESULT ' + JSON.stringify({ results, outbound }));
    } finally {
      await mf.dispose();
    }
  `;
  const { readFileSync, writeFileSync, rmSync } = await import('node:fs');
  const readme = readFileSync(new URL('node_modules/looply-sdk/README.md', consumer), 'utf8');
  const example = /```js\n(\/\/ Cloudflare Workers\n[\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(example, 'the README lost its Cloudflare Workers example');
  const srv = await startServer({ apiKey: KEY });
  const file = fileURLToPath(new URL('proxy-workers-run.mjs', consumer));
  const worker = fileURLToPath(new URL('proxy-worker.mjs', consumer));
  writeFileSync(file, runner);
  writeFileSync(worker, example);
  try {
    const entry = fileURLToPath(new URL('node_modules/looply-sdk/proxy.mjs', consumer));
    const { status, stdout, stderr } = await spawnChild(process.execPath, [file, worker, entry, srv.url, KEY], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      timeoutMs: 60_000,
    });
    assert.equal(status, 0, stdout + stderr);
    const { results, outbound } = JSON.parse(/^RESULT (.*)$/m.exec(stdout)[1]);
    assert.deepEqual(results, [
      [200, ['message', 'count', 'items', 'lastKey']],
      [404, ['message']],
      [200, 'the app'],
    ]);
    assert.deepEqual(outbound, [['https://api.looply.io', KEY, null]]);
    assert.equal(srv.requests.length, 1);
  } finally {
    rmSync(file, { force: true });
    rmSync(worker, { force: true });
    await srv.close();
  }
});

// Catches a refusal the client cannot classify (no JSON message, another status).
test('through the client: the proxy’s 403 is a PermissionDeniedError with its message', async () => {
  const [, mod] = PROXIES[0];
  const t = await setUp(mod, { allow: ['getWorkflowById'] });
  try {
    const client = new esm.LooplyClient({ apiKey: null, baseUrl: t.url, maxRetries: 0 });
    const denied = await rejectionOf(client.getOrganizationWorkflows());
    assert.ok(denied instanceof esm.PermissionDeniedError && denied.status === 403, String(denied));
    assert.match(denied.message, /^getOrganizationWorkflows is not allowed by this proxy\b/);
  } finally {
    await t.close();
  }
});
