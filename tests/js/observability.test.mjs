// What a production app sees besides the data: withResponse(), log lines at each level,
// request/response events, fetchOptions, and derived clients. And that none of it shows
// the API key or a payload.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILDS, SEEDED, startServer, clientFor, rejectionOf, scriptedClient, thrownBy } from './support/harness.mjs';

const BIG = SEEDED.bigWorkflowId;
const GET = { workflow_id: BIG, workflow_version: SEEDED.bigWorkflowVersion };
const NOW = { 'retry-after-ms': '0' };
const KEY = 'sk-observe-SECRET-1234';
const PAYLOAD_SECRET = 'payload-SECRET-5678';

/** A logger that records `[level, line]` pairs. */
function recorder() {
  const lines = [];
  const logger = Object.fromEntries(
    ['error', 'warn', 'info', 'debug'].map((level) => [level, (line) => lines.push([level, line])]),
  );
  return { lines, logger };
}

for (const [build, sdk] of BUILDS) {
  describe(`observability (${build})`, () => {
    let srv;
    before(async () => {
      srv = await startServer({ apiKey: KEY, stateDelayMs: 50 });
    });
    after(() => srv.close());
    beforeEach(() => srv.reset());

    // Catches withResponse() giving the first attempt's response, or a body other than the call's.
    test("withResponse() gives the data, the last attempt's Response and its request id", async () => {
      const client = clientFor(sdk, srv, { logLevel: 'off' });
      srv.inject({ status: 503, headers: NOW });
      const { data, response, requestId } = await client.getWorkflowById(GET).withResponse();
      assert.equal(data.item.workflow_id, BIG);
      assert.ok(response instanceof Response);
      assert.equal(response.status, 200);
      assert.equal(requestId, response.headers.get('x-amzn-requestid'));
      assert.match(requestId, /^[0-9a-f-]{36}$/);
      assert.equal(srv.requests.length, 2);
      assert.deepEqual(await client.getWorkflowById(GET), data, 'the plain call resolves to the same body');
      const err = await rejectionOf(
        client.getWorkflowById({ workflow_id: 'nope', workflow_version: 1 }).withResponse(),
      );
      assert.ok(err instanceof sdk.NotFoundError);
    });

    // Catches a level that logs too much or too little, and the key or a body in a line.
    test('log lines at each level around a retry; the key and the payload never appear', async () => {
      const seen = {};
      for (const level of ['off', 'error', 'warn', 'info', 'debug']) {
        const { lines, logger } = recorder();
        const client = clientFor(sdk, srv, { logLevel: level, logger });
        srv.reset();
        srv.inject({ status: 503, headers: NOW, match: 'triggerworkflow' });
        await client.triggerWorkflow(
          { workflow_id: BIG, payload: { secret: PAYLOAD_SECRET } },
          { retryNonIdempotent: true },
        );
        seen[level] = lines.map(([l]) => l);
        for (const [, line] of lines) {
          assert.ok(line.startsWith('looply-sdk: '), line);
          assert.ok(!line.includes(KEY) && !line.includes(PAYLOAD_SECRET), line);
        }
        if (level === 'debug') {
          assert.match(
            lines[0][1],
            /POST http:\/\/127\.0\.0\.1:\d+\/v1\/workflows\/triggerworkflow\/\S+ \(attempt 1\) headers .*"x-api-key":"\*\*\*"/,
          );
          assert.match(
            lines.at(-1)[1],
            /POST \/workflows\/triggerworkflow\/\S+ -> 200 \(2 attempts, \d+ ms, request id [0-9a-f-]{36}\)/,
          );
        }
      }
      assert.deepEqual(seen, {
        off: [],
        error: [],
        warn: ['warn'],
        info: ['warn', 'info'],
        debug: ['debug', 'debug', 'warn', 'debug', 'debug', 'info'],
      });
    });

    test('failures the caller did not cause are logged at error; 4xx at warn', async () => {
      const { lines, logger } = recorder();
      const client = clientFor(sdk, srv, { logLevel: 'info', logger, maxRetries: 0 });
      srv.inject({ drop: true });
      await rejectionOf(client.getWorkflowById(GET));
      await rejectionOf(client.getWorkflowById({ workflow_id: 'nope', workflow_version: 1 }));
      assert.deepEqual(
        lines.map(([l]) => l),
        ['error', 'warn'],
      );
      assert.match(lines[0][1], /-> APIConnectionError/);
      assert.match(lines[1][1], /-> NotFoundError 404/);
    });

    // Catches a final failure that is logged only at 'info' and above (the default level,
    // 'warn', said nothing of a refused connection), or one logged at 'error' that the
    // caller caused.
    test("a call that finally fails is logged at the default level, and at 'error' only when the caller did not cause it", async () => {
      for (const [logLevel, want] of [
        [undefined, ['error', 'warn']],
        ['warn', ['error', 'warn']],
        ['error', ['error']],
        ['off', []],
      ]) {
        const { lines, logger } = recorder();
        const client = clientFor(sdk, srv, { logLevel, logger, maxRetries: 0 });
        srv.inject({ drop: true });
        await rejectionOf(client.getWorkflowById(GET));
        await rejectionOf(client.getWorkflowById({ workflow_id: 'nope', workflow_version: 1 }));
        assert.deepEqual(
          lines.map(([l]) => l),
          want,
          String(logLevel),
        );
        // Below 'info' the call is not timed: its line says the attempts, not milliseconds.
        if (want.length) assert.match(lines[0][1], /-> APIConnectionError: .*\(1 attempt\)$/);
      }
    });

    test('LOOPLY_LOG sets the level when logLevel is not given; a logger that throws breaks nothing', async () => {
      const { lines, logger } = recorder();
      const saved = process.env.LOOPLY_LOG;
      process.env.LOOPLY_LOG = 'info';
      let client;
      try {
        client = clientFor(sdk, srv, { logger });
        assert.equal(
          thrownBy(() => {
            process.env.LOOPLY_LOG = 'loud';
            clientFor(sdk, srv);
          }).param,
          'LOOPLY_LOG',
        );
      } finally {
        if (saved === undefined) delete process.env.LOOPLY_LOG;
        else process.env.LOOPLY_LOG = saved;
      }
      await client.getWorkflowById(GET);
      assert.deepEqual(
        lines.map(([l]) => l),
        ['info'],
      );
      const boom = () => {
        throw new Error('logger down');
      };
      const broken = clientFor(sdk, srv, {
        logLevel: 'debug',
        logger: { error: boom, warn: boom, info: boom, debug: boom },
      });
      srv.inject({ status: 503, headers: NOW });
      assert.equal((await broken.getWorkflowById(GET)).item.workflow_id, BIG);
      for (const bad of [{ logLevel: 'loud' }, { logLevel: 3 }, { logger: {} }, { logger: 'console' }]) {
        assert.equal(thrownBy(() => clientFor(sdk, srv, bad)).param, Object.keys(bad)[0]);
      }
    });

    // Catches events missing per attempt, wrong statuses, or the key in their headers.
    test('request and response events for a 503-then-200 call, a timeout, and a paginator walk', async () => {
      const client = clientFor(sdk, srv, { logLevel: 'off' });
      const requests = [];
      const responses = [];
      const onRequest = (e) => requests.push(e);
      client.on('request', onRequest).on('response', (e) => responses.push(e));
      client.on('response', () => {
        throw new Error('a listener that throws');
      });
      srv.inject({ status: 503, headers: NOW });
      await client.getWorkflowById(GET, {
        headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      });
      assert.deepEqual(
        requests.map((e) => [e.method, e.attempt]),
        [
          ['GET', 1],
          ['GET', 2],
        ],
      );
      assert.equal(requests[0].headers['x-api-key'], '***');
      assert.equal(requests[0].headers.traceparent, '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
      assert.ok(
        requests[0].url.endsWith(
          `/workflows/getWorkflowById?workflow_id=${BIG}&workflow_version=${GET.workflow_version}`,
        ),
      );
      assert.deepEqual(
        responses.map((e) => [e.attempt, e.status, e.error]),
        [
          [1, 503, undefined],
          [2, 200, undefined],
        ],
      );
      assert.ok(responses.every((e) => e.elapsedMs >= 0 && /^[0-9a-f-]{36}$/.test(e.requestId)));
      assert.ok(!JSON.stringify([requests, responses]).includes(KEY));
      requests.length = 0;
      responses.length = 0;
      srv.inject({ delayMs: 2000 });
      await rejectionOf(client.getWorkflowById(GET, { timeoutMs: 50, maxRetries: 0 }));
      assert.deepEqual(
        responses.map((e) => [e.status, e.error, e.requestId]),
        [[0, 'timeout', null]],
      );
      srv.reset();
      requests.length = 0;
      await client.paginateOrganizationExecutions({ maxItems: 45, limit: 20 }).toArray();
      assert.equal(requests.length, 3, 'one request event per page');
      client.off('request', onRequest);
      await client.getWorkflowById(GET);
      assert.equal(requests.length, 3, 'off() stops the listener');
      assert.equal(thrownBy(() => client.on('finish', () => {})).param, 'event');
      assert.equal(thrownBy(() => client.on('request', 'nope')).param, 'listener');
    });

    // Catches a call that goes on after its signal aborted the wait before a retry: an
    // attempt that is never sent would still be announced (a request event, a log line).
    test('an abort during the wait before a retry: no event or log line for an attempt not sent', async () => {
      const { lines, logger } = recorder();
      const client = clientFor(sdk, srv, { logLevel: 'debug', logger });
      const requests = [];
      client.on('request', (e) => requests.push(e.attempt));
      const controller = new AbortController();
      srv.inject({ status: 503, headers: { 'retry-after-ms': '400' } });
      const call = client.getWorkflowById(GET, { signal: controller.signal });
      setTimeout(() => controller.abort(), 150);
      const err = await rejectionOf(call);
      assert.ok(err instanceof sdk.APIUserAbortError, String(err));
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.deepEqual(requests, [1]);
      assert.equal(srv.requests.length, 1);
      const text = lines.map(([, l]) => l).join('\n');
      assert.ok(!/\(attempt 2\) headers/.test(text), text);
      assert.match(text, /APIUserAbortError: The request was aborted\. \(1 attempt,/);
    });

    // Catches a call whose signal was aborted before it started announcing an attempt it
    // never sends (a request event, a response event of status 0, the attempt's log lines),
    // as a call aborted in the wait before a retry does not.
    test('a call with an aborted signal: rejected, nothing sent, no event or log line for an attempt', async () => {
      const { lines, logger } = recorder();
      const client = clientFor(sdk, srv, { logLevel: 'debug', logger });
      const events = [];
      client.on('request', () => events.push('request'));
      client.on('response', () => events.push('response'));
      srv.reset();
      const signal = AbortSignal.abort();
      for (const call of [
        client.getWorkflowById(GET, { signal }),
        client.getOrganizationWorkflows({ limit: 1 }, { signal }),
      ]) {
        const err = await rejectionOf(call);
        assert.ok(err instanceof sdk.APIUserAbortError, String(err));
      }
      assert.deepEqual(events, []);
      assert.equal(srv.requests.length, 0);
      const text = lines.map(([, l]) => l).join('\n');
      assert.ok(!/\(attempt 1\)/.test(text), text);
      assert.match(text, /APIUserAbortError: The request was aborted\./);
    });

    // Catches fetchOptions not reaching fetch, the client's winning over the call's, or
    // fetchOptions able to replace what the SDK sets.
    test("fetchOptions reach each attempt's init; the call's win; method, body, headers and signal are refused", async () => {
      const inits = [];
      const dispatcher = { marker: 'undici-agent' };
      const spy = (url, init) => {
        inits.push(init);
        return fetch(url, { method: init.method, headers: init.headers, body: init.body, signal: init.signal });
      };
      const client = clientFor(sdk, srv, {
        fetch: spy,
        fetchOptions: { keepalive: true, cache: 'no-store', dispatcher },
      });
      await client.getWorkflowById(GET);
      await client.getWorkflowById(GET, { fetchOptions: { cache: 'reload', priority: 'high' } });
      assert.deepEqual(
        inits.map((i) => [i.keepalive, i.cache, i.priority, i.dispatcher]),
        [
          [true, 'no-store', undefined, dispatcher],
          [true, 'reload', 'high', dispatcher],
        ],
      );
      assert.ok(
        inits.every((i) => i.method === 'GET' && i.headers.get('x-api-key') === KEY && i.signal instanceof AbortSignal),
      );
      const before = srv.requests.length;
      for (const own of ['method', 'body', 'headers', 'signal']) {
        assert.equal(thrownBy(() => clientFor(sdk, srv, { fetchOptions: { [own]: 'x' } })).param, 'fetchOptions');
        const err = await rejectionOf(client.getWorkflowById(GET, { fetchOptions: { [own]: 'x' } }));
        assert.ok(err instanceof sdk.ValidationError && err.param === 'fetchOptions', String(err));
      }
      assert.equal(srv.requests.length, before, 'nothing sent');
    });

    // Catches withOptions() changing the original or sharing its listeners.
    test('withOptions() makes a new client; the original is unchanged and keeps its listeners', async () => {
      const seen = [];
      const original = clientFor(sdk, srv, { timeoutMs: 5000, maxRetries: 0, logLevel: 'off' });
      original.on('request', (e) => seen.push(['original', e.url]));
      const fast = original.withOptions({ timeoutMs: 50 });
      assert.notEqual(fast, original);
      srv.inject({ delayMs: 300, times: 2 });
      assert.ok((await rejectionOf(fast.getWorkflowById(GET))) instanceof sdk.APITimeoutError);
      assert.equal((await original.getWorkflowById(GET)).item.workflow_id, BIG, 'the original keeps its 5 s timeout');
      assert.equal(seen.length, 1, "the derived client does not fire the original's listeners");
      // Catches withOptions() writing its overrides into the original's stored options: a
      // second derived client would then inherit the first one's timeout.
      const other = original.withOptions({ maxRetries: 0 });
      srv.inject({ delayMs: 300 });
      assert.equal(
        (await other.getWorkflowById(GET)).item.workflow_id,
        BIG,
        "a second withOptions inherited the first one's 50 ms",
      );
      for (const overrides of ['x', null, [{ timeoutMs: 50 }]]) {
        const err = thrownBy(() => original.withOptions(overrides));
        assert.ok(err instanceof sdk.ValidationError, String(err));
        assert.deepEqual(
          [err.param, err.message],
          ['overrides', 'overrides must be an object'],
          JSON.stringify(overrides),
        );
      }
      assert.equal((await original.withOptions().getWorkflowById(GET)).item.workflow_id, BIG, 'no overrides: a copy');
      assert.equal(thrownBy(() => original.withOptions({ timeoutMs: -1 })).param, 'timeoutMs');
    });
  });
}

// The observer's own rules over a scripted fetch (no server): what each line and event says,
// at which level a failed call is logged, and which listeners stay after off().
const ITEM = { message: 'success', item: { workflow_id: 'w', workflow_version: 1 } };
const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const PATH = '/workflows/getWorkflowById?workflow_id=w&workflow_version=1';

/** A scripted client (support/harness.mjs) that retries as a client does by default. */
const scripted = (sdk, script, options) => scriptedClient(sdk, script, { maxRetries: 2, ...options }).client;

for (const [build, sdk] of BUILDS) {
  describe(`the observer's rules over a scripted fetch (${build})`, () => {
    // Catches an elapsed time counted from the wrong end, the status or the request id lost
    // from a line, or a retry announced with the wrong attempt number.
    test('lines and events say the status, the time taken, the request id and the next attempt', async () => {
      const { lines, logger } = recorder();
      const responses = [];
      const client = scripted(
        sdk,
        [() => json(503, { message: 'busy' }, NOW), () => json(200, ITEM, { 'x-amzn-requestid': 'req-7' })],
        { logLevel: 'debug', logger },
      );
      client.on('response', (e) => responses.push(e));
      const t0 = performance.now();
      await client.getWorkflowById({ workflow_id: 'w', workflow_version: 1 });
      const took = performance.now() - t0;
      const text = lines.map(([level, line]) => `${level} ${line}`);
      assert.match(
        text[1],
        /^debug looply-sdk: GET http:\/\/127\.0\.0\.1:9\/v1\/workflows\/getWorkflowById\?workflow_id=w&workflow_version=1 -> 503 in (\d+) ms headers \{/,
      );
      assert.equal(text[2], `warn looply-sdk: GET ${PATH} failed (HTTP 503); retrying in 0 ms (attempt 2)`);
      assert.match(text[4], /-> 200 in \d+ ms headers \{.*"x-amzn-requestid":"req-7"/);
      const done = text[5].match(/^info looply-sdk: GET (\S+) -> 200 \(2 attempts, (\d+) ms, request id req-7\)$/);
      assert.ok(done, text[5]);
      assert.equal(done[1], PATH);
      const times = [...text.join('\n').matchAll(/(\d+) ms/g)]
        .map((m) => Number(m[1]))
        .concat(responses.map((e) => e.elapsedMs));
      assert.ok(
        times.every((ms) => ms >= 0 && ms <= Math.ceil(took) + 1),
        `times from the start of each attempt and call, within the ${took} ms the call took: ${times}`,
      );
      assert.deepEqual(
        responses.map((e) => [e.status, e.requestId]),
        [
          [503, null],
          [200, 'req-7'],
        ],
      );
    });

    // Catches a connection failure's words lost from its retry line and its event.
    test("a connection failure is named with the network's words", async () => {
      const { lines, logger } = recorder();
      const responses = [];
      const refused = () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }));
      const client = scripted(sdk, [refused, () => json(200, ITEM)], { logLevel: 'warn', logger });
      client.on('response', (e) => responses.push(e));
      await client.getWorkflowById({ workflow_id: 'w', workflow_version: 1 });
      assert.equal(responses[0].status, 0);
      assert.match(responses[0].error, /^connection: \S/);
      assert.equal(lines.length, 1);
      assert.ok(lines[0][1].includes(`failed (${responses[0].error}); retrying in`), lines[0][1]);
      assert.equal(responses[1].error, undefined);
    });

    // Catches the line between the caller's failures (4xx: warn; an abort: info) and the others
    // (5xx, the network: error) drawn in the wrong place.
    test('a failed call is logged at error from status 500 and for the network, at warn below 500, at info for an abort', async () => {
      const cases = [
        [() => json(499, { message: 'x' }), 'warn', /-> APIError 499: /],
        [
          () => json(404, { message: 'Workflow not found' }),
          'warn',
          /-> NotFoundError 404: Workflow not found \(1 attempt, \d+ ms\)$/,
        ],
        [() => json(500, { message: 'boom' }), 'error', /-> InternalServerError 500: /],
        [() => Promise.reject(new TypeError('fetch failed')), 'error', /-> APIConnectionError: /],
      ];
      for (const [answer, level, line] of cases) {
        const { lines, logger } = recorder();
        await rejectionOf(
          scripted(sdk, [answer], { logLevel: 'info', logger, maxRetries: 0 }).getWorkflowById({
            workflow_id: 'w',
            workflow_version: 1,
          }),
        );
        assert.deepEqual(
          lines.map(([l]) => l),
          [level],
          String(line),
        );
        assert.match(lines[0][1], line);
      }
      const { lines, logger } = recorder();
      const controller = new AbortController();
      // A fetch that answers only its abort, as the platform's does; the caller aborts once it is sent.
      const hanging = (init) =>
        new Promise((_, reject) => {
          init.signal.addEventListener('abort', () => reject(init.signal.reason));
          controller.abort();
        });
      await rejectionOf(
        scripted(sdk, [hanging], { logLevel: 'info', logger }).getWorkflowById(
          { workflow_id: 'w', workflow_version: 1 },
          { signal: controller.signal },
        ),
      );
      assert.deepEqual(
        lines.map(([l, line]) => [l, /-> APIUserAbortError: /.test(line)]),
        [['info', true]],
      );
    });

    // Catches off() removing another listener, or listeners and lines stopped while
    // something still wants them.
    test('off() removes only its listener; the rest, and the info lines, go on', async () => {
      const { lines, logger } = recorder();
      const client = scripted(sdk, [() => json(200, ITEM)], { logLevel: 'info', logger });
      const seen = [];
      const a = () => seen.push('a');
      const b = () => seen.push('b');
      const c = () => seen.push('c');
      client.on('request', a).on('response', b).on('request', c);
      client.off('request', () => {}); // not added: nothing is removed
      client.off('request', c);
      await client.getWorkflowById({ workflow_id: 'w', workflow_version: 1 });
      assert.deepEqual(seen, ['a', 'b']);
      client.off('request', a).off('response', b);
      await client.getWorkflowById({ workflow_id: 'w', workflow_version: 1 });
      assert.deepEqual(seen, ['a', 'b']);
      assert.deepEqual(
        lines.map(([l]) => l),
        ['info', 'info'],
        'info lines need no listener',
      );
      const quiet = scripted(sdk, [() => json(200, ITEM)], { logLevel: 'off' });
      const only = [];
      quiet.on('request', () => only.push('request')).on('response', b);
      quiet.off('response', b);
      await quiet.getWorkflowById({ workflow_id: 'w', workflow_version: 1 });
      assert.deepEqual(only, ['request'], 'one kind of listener left is enough');
    });

    // Catches the messages of a bad event name or listener.
    test('on() names what is wrong with its arguments', () => {
      const client = scripted(sdk, [() => json(200, ITEM)], { logLevel: 'off' });
      assert.equal(thrownBy(() => client.on('finish', () => {})).message, "event must be 'request' or 'response'");
      assert.equal(thrownBy(() => client.off('request', 1)).message, 'listener must be a function');
    });
  });
}
