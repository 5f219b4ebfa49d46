// Servers and networks that misbehave on purpose (raw node:net servers on 127.0.0.1, see
// support/hostile.mjs). Each case is one hostile answer; after it, a normal call on the same
// client must succeed, and nothing may surface as an unhandled rejection or an uncaught
// exception. This file owns the redirect, redaction, decoded-size, long-delay, cursor-cycle
// and unknown-name rules; the plain size caps are limits.test.mjs's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import zlib from 'node:zlib';
import { BUILDS, rejectionOf, thrownBy } from './support/harness.mjs';
import { answerNormally, hostileServer, json, NORMAL_ITEM, reply } from './support/hostile.mjs';

const KEY = 'sk-live-HOSTILE-4242-secret';
const GET = { workflow_id: 'w', workflow_version: 1 };
const TRIGGER = { workflow_id: 'w', payload: { order: 42 } };

const unexpected = [];
const onRejection = (e) => unexpected.push(['unhandledRejection', e]);
const onException = (e) => unexpected.push(['uncaughtException', e]);
const warnings = [];
const onWarning = (w) => warnings.push(w);
process.on('unhandledRejection', onRejection);
process.on('uncaughtException', onException);
process.on('warning', onWarning);

/** Every way an error or a value is usually printed. */
function renderings(value) {
  const out = [
    util.inspect(value, { depth: 20 }),
    util.inspect(value, { depth: 20, showHidden: true }),
    JSON.stringify(value) ?? '',
    String(value),
  ];
  if (value instanceof Error)
    out.push(value.message, String(value.stack), JSON.stringify(value, Object.getOwnPropertyNames(value)));
  return out;
}

function assertNoKey(label, value) {
  for (const text of renderings(value))
    assert.ok(!text.includes(KEY), `${label} shows the key:\n${text.slice(0, 400)}`);
}

/** A logger that keeps every line. */
function capture() {
  const lines = [];
  const keep = (level) => (m) => lines.push(`${level} ${m}`);
  return { lines, logger: { error: keep('error'), warn: keep('warn'), info: keep('info'), debug: keep('debug') } };
}

/** A 200 page whose items are one execution and whose lastKey is `key`. */
function page(key) {
  const item = { workflow_id: 'w', workflow_execution_id: 'e', workflow_current_state: 'completed_state' };
  return { message: 'success', count: 1, items: [item], ...(key ? { lastKey: key } : {}) };
}

for (const [build, sdk] of BUILDS) {
  describe(`a hostile server (${build} build)`, () => {
    const servers = [];
    /** A server of `respond`, closed after the file. */
    const serve = async (respond) => {
      const s = await hostileServer(respond);
      servers.push(s);
      return s;
    };
    const clientOf = (srv, options = {}) =>
      new sdk.LooplyClient({ apiKey: KEY, baseUrl: srv.baseUrl, maxRetries: 0, timeoutMs: 2000, ...options });

    /** After a hostile answer: the same client's next call works. */
    async function stillWorks(srv, client) {
      srv.mode = 'normal';
      assert.deepEqual((await client.getWorkflowById(GET)).item, NORMAL_ITEM);
    }

    after(async () => {
      await Promise.all(servers.map((s) => s.close()));
    });

    describe('redirects', () => {
      let elsewhere;
      before(async () => {
        elsewhere = await serve((req, socket) => json(socket, 200, { message: 'success', item: { stolen: true } }));
      });

      for (const status of [301, 302, 303, 307, 308]) {
        test(`a ${status} to another origin is not followed, for a read or a trigger: it sends nothing there`, async (t) => {
          const srv = await serve((req, socket) =>
            reply(socket, status, { location: `${elsewhere.origin}/v1${req.path.slice(3)}` }),
          );
          const client = clientOf(srv, { maxRetries: 2 });
          for (const call of [() => client.getWorkflowById(GET), () => client.triggerWorkflow(TRIGGER)]) {
            const err = await rejectionOf(call());
            assert.ok(err instanceof sdk.APIError, `${err}`);
            assert.equal(err.status, status);
            assert.ok(err.message.includes(`answered ${status} with a redirect to ${elsewhere.origin}`), err.message);
          }
          t.diagnostic(
            `the other origin received ${elsewhere.requests.length} requests; the redirecting one ${srv.requests.length}`,
          );
          assert.equal(elsewhere.requests.length, 0, 'the other origin received a request');
          assert.equal(srv.requests.length, 2, 'a redirect was retried');
          await stillWorks(srv, client);
        });
      }

      test('a read follows a redirect within its origin, with the key, at most 5 times', async () => {
        const srv = await serve((req, socket) => {
          const hop = Number(new URL(req.path, 'http://x').searchParams.get('hop') ?? 0);
          if (req.path.includes('getWorkflowById')) return reply(socket, 302, { location: `/v1/moved?hop=1` });
          if (hop < 3) return reply(socket, 307, { location: `/v1/moved?hop=${hop + 1}` });
          return json(socket, 200, { message: 'success', item: { ...NORMAL_ITEM, hop } });
        });
        const client = clientOf(srv);
        assert.equal((await client.getWorkflowById(GET)).item.hop, 3);
        assert.equal(srv.requests.length, 4);
        assert.ok(srv.requests.every((r) => r.headers['x-api-key'] === KEY && r.method === 'GET'));
        const loop = await serve((req, socket) => reply(socket, 302, { location: '/v1/again' }));
        const looping = clientOf(loop);
        const err = await rejectionOf(looping.getWorkflowById(GET));
        assert.equal(err.status, 302);
        assert.equal(loop.requests.length, 6, 'one request and five redirects followed');
        await stillWorks(loop, looping);
      });

      test('a POST is never redirected, even within its origin: the trigger is sent once', async () => {
        const srv = await serve((req, socket) =>
          reply(socket, 307, { location: '/v1/workflows/triggerWorkflow?again' }),
        );
        const client = clientOf(srv, { maxRetries: 2 });
        const err = await rejectionOf(client.triggerWorkflow(TRIGGER));
        assert.equal(err.status, 307);
        assert.match(err.message, /a path of the same origin/);
        assert.equal(srv.requests.length, 1);
        await stillWorks(srv, client);
      });

      test('fetchOptions cannot hand redirects back to fetch', async () => {
        const srv = await serve(answerNormally);
        const err = thrownBy(() => clientOf(srv, { fetchOptions: { redirect: 'follow' } }));
        assert.ok(err instanceof sdk.ValidationError);
        assert.equal(err.param, 'fetchOptions');
        const call = await rejectionOf(clientOf(srv).getWorkflowById(GET, { fetchOptions: { redirect: 'follow' } }));
        assert.equal(call.param, 'fetchOptions');
        assert.equal(srv.requests.length, 0);
      });
    });

    describe('redaction of a key the server echoes', () => {
      test('an error whose body, headers and request id repeat the key never shows it, nor do the logs', async () => {
        const deep = { a: [{ b: { c: `deep ${KEY}` } }], [`name-${KEY}`]: 1 };
        const srv = await serve((req, socket) =>
          json(
            socket,
            403,
            { message: `Forbidden: key ${KEY} is not valid`, deep },
            {
              'www-authenticate': `ApiKey realm="${KEY}"`,
              'set-cookie': `session=${KEY}`,
              'x-amzn-requestid': `req-${KEY}`,
            },
          ),
        );
        const { lines, logger } = capture();
        const client = clientOf(srv, { logLevel: 'debug', logger });
        const err = await rejectionOf(client.getWorkflowById(GET));
        assert.ok(err instanceof sdk.PermissionDeniedError);
        assert.equal(err.message, 'Forbidden: key *** is not valid');
        assert.equal(err.requestId, 'req-***');
        assert.equal(err.body.deep.a[0].b.c, 'deep ***');
        assert.equal(err.headers['www-authenticate'], 'ApiKey realm="***"');
        assertNoKey('the error', err);
        assert.ok(lines.length >= 2, 'nothing was logged');
        // Catches the debug line losing every response header along with the secret ones.
        assert.ok(
          lines.some((l) => l.includes('"content-type":"application/json"')),
          lines.join('\n'),
        );
        for (const line of lines) {
          assert.ok(!line.includes(KEY), `a log line shows the key: ${line}`);
          assert.ok(!/www-authenticate|set-cookie/.test(line), `a log line shows a secret header: ${line}`);
        }
        await stillWorks(srv, client);
      });

      test('a success whose request id repeats the key: withResponse and the events show the marker', async () => {
        const srv = await serve((req, socket) =>
          json(socket, 200, { message: 'success', item: NORMAL_ITEM }, { 'x-request-id': KEY }),
        );
        const client = clientOf(srv);
        const events = [];
        client.on('response', (e) => events.push(e));
        const { requestId } = await client.getWorkflowById(GET).withResponse();
        assert.equal(requestId, '***');
        assert.equal(events[0].requestId, '***');
      });

      test('a body nested a million deep with the key in it is redacted without overflowing', async () => {
        const depth = 1_000_000;
        const body = `{"message":"no","x":${'['.repeat(depth)}"${KEY}"${']'.repeat(depth)}}`;
        const srv = await serve((req, socket) => reply(socket, 400, { 'content-type': 'application/json' }, body));
        const client = clientOf(srv);
        const err = await rejectionOf(client.getWorkflowById(GET));
        assert.ok(err instanceof sdk.BadRequestError, `${err}`);
        let inner = err.body.x;
        while (Array.isArray(inner)) inner = inner[0];
        assert.equal(inner, '***');
        await stillWorks(srv, client);
      });
    });

    describe('decoded size', () => {
      // 64 MiB of zeros: about 64 KB gzipped, twice the 32 MiB cap once inflated.
      const inflated = 64 * 1024 * 1024;
      let gzip;
      let brotli;
      before(() => {
        const zeros = Buffer.alloc(inflated);
        gzip = zlib.gzipSync(zeros, { level: 9 });
        brotli = zlib.brotliCompressSync(zeros);
      });

      for (const [encoding, status, withLength] of [
        ['gzip', 200, true],
        ['gzip', 500, false],
        ['br', 200, true],
      ]) {
        test(`a ${encoding} body (status ${status}, ${withLength ? 'with' : 'without'} content-length) is counted as it inflates and cut at 32 MiB, not retried`, async (t) => {
          const bytes = encoding === 'gzip' ? gzip : brotli;
          const srv = await serve((req, socket) => {
            const headers = { 'content-type': 'application/json', 'content-encoding': encoding };
            if (!withLength) headers['content-length'] = undefined;
            reply(socket, status, headers, bytes);
          });
          const client = clientOf(srv, { maxRetries: 2 });
          const rss = process.memoryUsage().rss;
          const started = performance.now();
          const err = await rejectionOf(client.getWorkflowById(GET));
          const ms = performance.now() - started;
          assert.ok(err instanceof sdk.ResponseDecodeError, `${err}`);
          assert.match(err.message, /32 MiB once decoded/);
          assert.equal(srv.requests.length, 1, 'an oversized body was fetched again');
          t.diagnostic(
            `${bytes.length} B on the wire, ${inflated} B inflated: failed in ${ms.toFixed(0)} ms, rss +${((process.memoryUsage().rss - rss) / 2 ** 20).toFixed(1)} MiB`,
          );
          await stillWorks(srv, client);
        });
      }
    });

    describe('long delays', () => {
      test('a waiter told to wait longer than it has left ends at once with WaitTimeoutError', async () => {
        for (const headers of [
          { 'retry-after': '999999999' },
          { 'retry-after-ms': '99999999999' },
          { 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' },
        ]) {
          const srv = await serve((req, socket) => json(socket, 429, { message: 'slow down' }, headers));
          const client = clientOf(srv);
          const started = Date.now();
          const err = await rejectionOf(
            client.waitForExecution({ workflow_id: 'w', workflow_execution_id: 'e' }, { timeoutMs: 5000 }),
          );
          assert.ok(err instanceof sdk.WaitTimeoutError, `${err}`);
          assert.ok(err.retryAfterMs > 5000, `${err.retryAfterMs}`);
          assert.match(err.message, /the server asked for a wait of \d+ ms, longer than the \d+ ms the wait had left/);
          assert.ok(Date.now() - started < 2000, 'the waiter slept');
          assert.equal(srv.requests.length, 1, JSON.stringify(headers));
          await stillWorks(srv, client);
        }
        assert.deepEqual(
          warnings.filter((w) => w.name === 'TimeoutOverflowWarning'),
          [],
        );
      });

      test('a waiter honours Retry-After in seconds (not milliseconds) while it has time', async () => {
        const at = [];
        let polls = 0;
        const srv = await serve((req, socket) => {
          at.push(Date.now());
          if (polls++ === 0)
            return json(
              socket,
              200,
              { message: 'success', item: { workflow_current_state: 'running_state' } },
              { 'retry-after': '1' },
            );
          json(socket, 200, { message: 'success', item: { workflow_current_state: 'completed_state' } });
        });
        const client = clientOf(srv);
        const done = await client.waitForExecution(
          { workflow_id: 'w', workflow_execution_id: 'e' },
          { pollIntervalMs: 10, timeoutMs: 10_000 },
        );
        assert.equal(done.workflow_current_state, 'completed_state');
        assert.ok(at[1] - at[0] >= 900, `polled again after ${at[1] - at[0]} ms`);
      });

      test('a waiter with a deadline past the timer limit does not fire at once', async () => {
        let polls = 0;
        const srv = await serve((req, socket) => {
          polls++;
          json(socket, 200, {
            message: 'success',
            item: { workflow_current_state: polls < 3 ? 'running_state' : 'completed_state' },
          });
        });
        const client = clientOf(srv);
        const done = await client.waitForExecution(
          { workflow_id: 'w', workflow_execution_id: 'e' },
          { pollIntervalMs: 5, timeoutMs: 2 ** 40 },
        );
        assert.equal(done.workflow_current_state, 'completed_state');
        assert.deepEqual(
          warnings.filter((w) => w.name === 'TimeoutOverflowWarning'),
          [],
        );
      });

      test('Retry-After abuse on a plain call and a trigger: bounded retries, no overflow', async () => {
        for (const value of ['999999999', '-5', 'NaN', '1e400', 'Fri, 31 Dec 9999 23:59:59 GMT']) {
          const srv = await serve((req, socket) =>
            json(socket, 429, { message: 'slow down' }, { 'retry-after': value }),
          );
          const client = clientOf(srv, { maxRetries: 1 });
          for (const call of [() => client.getWorkflowById(GET), () => client.triggerWorkflow(TRIGGER)]) {
            const err = await rejectionOf(call());
            assert.ok(err instanceof sdk.RateLimitError, `${value}: ${err}`);
          }
          assert.equal(srv.requests.length, 4, value);
          await stillWorks(srv, client);
        }
        assert.deepEqual(
          warnings.filter((w) => w.name === 'TimeoutOverflowWarning'),
          [],
        );
      });
    });

    describe('cursors', () => {
      test('a lastKey that cycles (A, B, A) ends the walk with ResponseDecodeError naming the page', async () => {
        const keys = [
          { workflow_id: 'w', workflow_execution_id: 'A' },
          { workflow_id: 'w', workflow_execution_id: 'B' },
        ];
        const srv = await serve((req, socket) => json(socket, 200, page(keys[srv.requests.length % 2 === 1 ? 0 : 1])));
        const client = clientOf(srv);
        const err = await rejectionOf(client.paginateOrganizationExecutions().toArray());
        assert.ok(err instanceof sdk.ResponseDecodeError, `${err}`);
        assert.match(err.message, /page 3's lastKey/);
        assert.equal(srv.requests.length, 3);
        await stillWorks(srv, client);
      });
    });

    describe('unknown names', () => {
      test('unknown client, call and wait options are ValidationErrors with a suggestion; nothing is sent', async () => {
        const srv = await serve(answerNormally);
        for (const [options, param, near] of [
          [{ timeout: 100 }, 'timeout', 'timeoutMs'],
          [{ baseURL: srv.baseUrl }, 'baseURL', 'baseUrl'],
          [{ maxRetry: 1 }, 'maxRetry', 'maxRetries'],
        ]) {
          const err = thrownBy(() => new sdk.LooplyClient({ apiKey: KEY, baseUrl: srv.baseUrl, ...options }));
          assert.ok(err instanceof sdk.ValidationError);
          assert.equal(err.param, param);
          assert.equal(err.message, `unknown option '${param}'; did you mean '${near}'?`);
        }
        // An empty name is no option either (the core's lists of names have no empty one).
        const empty = thrownBy(() => new sdk.LooplyClient({ apiKey: KEY, baseUrl: srv.baseUrl, '': 1 }));
        assert.ok(empty instanceof sdk.ValidationError, `${empty}`);
        assert.equal(empty.param, '');
        const client = clientOf(srv);
        const emptyCall = await rejectionOf(client.getWorkflowById(GET, { '': 1 }));
        assert.ok(emptyCall instanceof sdk.ValidationError, `${emptyCall}`);
        assert.equal(emptyCall.param, '');
        const call = await rejectionOf(client.getWorkflowById(GET, { timeout: 5 }));
        assert.equal(call.message, "unknown option 'timeout'; did you mean 'timeoutMs'?");
        const wait = await rejectionOf(
          client.waitForExecution({ workflow_id: 'w', workflow_execution_id: 'e' }, { timeout: 5 }),
        );
        assert.equal(wait.param, 'timeout');
        assert.equal(wait.message, "unknown option 'timeout'; did you mean 'timeoutMs'?");
        const paged = thrownBy(() => client.paginateOrganizationExecutions({ max_items: 3 }));
        assert.equal(paged.param, 'max_items');
        assert.equal(
          paged.message,
          "unknown parameter 'max_items' of paginateOrganizationExecutions; did you mean 'maxItems'?",
        );
        const pagedOption = thrownBy(() => client.paginateOrganizationExecutions({ limit: 3 }, { timeout: 5 }));
        assert.equal(pagedOption.message, "unknown option 'timeout'; did you mean 'timeoutMs'?");
        assert.equal(srv.requests.length, 0);
      });

      test("a misspelt parameter is named, with the nearest one; payload's contents stay free", async () => {
        const srv = await serve(answerNormally);
        const client = clientOf(srv);
        const typo = await rejectionOf(client.getWorkflowExecutionById({ workflow_id: 'w', workflow_exec_id: 'e' }));
        assert.ok(typo instanceof sdk.ValidationError);
        assert.equal(typo.param, 'workflow_exec_id');
        assert.equal(
          typo.message,
          "unknown parameter 'workflow_exec_id' of getWorkflowExecutionById; did you mean 'workflow_execution_id'?",
        );
        const version = await rejectionOf(client.getWorkflowById({ workflow_id: 'w', verison: 2 }));
        assert.equal(version.param, 'verison');
        assert.match(version.message, /did you mean 'workflow_version'\?/);
        assert.equal(srv.requests.length, 0);
        await client.triggerWorkflow({ workflow_id: 'w', payload: { anything: 1, verison: 2 } });
        assert.equal(srv.requests.length, 1);
      });
    });

    describe('what already held', () => {
      const cases = [
        ['a stall (no answer at all)', () => {}, sdk.APITimeoutError],
        [
          'a drip (a byte every 200 ms)',
          (req, socket) => {
            socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n');
            const drip = setInterval(() => (socket.destroyed ? clearInterval(drip) : socket.write(' ')), 200);
            socket.on('close', () => clearInterval(drip));
          },
          sdk.APITimeoutError,
        ],
        ['a reset after the request', (req, socket) => socket.resetAndDestroy(), sdk.APIConnectionError],
        ['a garbage status line', (req, socket) => socket.end('HTTP/1.1 abc\r\n\r\n'), sdk.APIConnectionError],
        ['not HTTP at all', (req, socket) => socket.end('\u0000\u0001garbage\r\n\r\n'), sdk.APIConnectionError],
        [
          'a header flood (256 KB of headers)',
          (req, socket) => socket.end(`HTTP/1.1 200 OK\r\n${'x-flood: aaaaaaaaaaaaaaaa\r\n'.repeat(10_000)}\r\n`),
          sdk.APIConnectionError,
        ],
        [
          'a malformed JSON body',
          (req, socket) => reply(socket, 200, { 'content-type': 'application/json' }, '{"item": {'),
          sdk.ResponseDecodeError,
        ],
        [
          'a body nested 100,000 deep',
          (req, socket) =>
            reply(socket, 200, { 'content-type': 'application/json' }, '['.repeat(100_000) + ']'.repeat(100_000)),
          sdk.ResponseDecodeError,
        ],
        [
          'a content-length longer than the body',
          (req, socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 500\r\n\r\n{"item":{}}'),
          sdk.APIConnectionError,
        ],
      ];
      for (const [label, respond, cls] of cases) {
        test(`${label} is a ${cls.name}, and the client still works`, async () => {
          const srv = await serve(respond);
          const client = clientOf(srv, { timeoutMs: 500 });
          const err = await rejectionOf(client.getWorkflowById(GET));
          assert.ok(err instanceof cls, `${label}: ${err}`);
          await stillWorks(srv, client);
        });
      }

      test('prototype keys in a body stay plain keys', async () => {
        const body =
          '{"message":"success","item":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}';
        const srv = await serve((req, socket) => reply(socket, 200, { 'content-type': 'application/json' }, body));
        const client = clientOf(srv);
        const { item } = await client.getWorkflowById(GET);
        assert.ok(Object.hasOwn(item, '__proto__'));
        assert.equal({}.polluted, undefined);
        assert.equal(Object.prototype.polluted, undefined);
        await stillWorks(srv, client);
      });
    });

    test('no unhandled rejection or uncaught exception', () => {
      assert.deepEqual(unexpected, []);
    });
  });
}
