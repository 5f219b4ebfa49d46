// The I/O half of the transport on its own (pkg-template/src/transport.js, imported from the source): one
// attempt against stub fetch functions, the body's size cap at its exact limit, the timers,
// and the helpers the core reads values, headers and the environment through. The same
// rules seen from the package are in client, limits, hostile and validation.test.mjs.
import { describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  field,
  header,
  headerObject,
  kind,
  later,
  number,
  makeHeaders,
  mergeOptions,
  readEnv,
  request,
  recordFailure,
  recordJson,
  recordKind,
  recordMessage,
  recordOutcome,
  recordResponse,
  recordStatus,
  recordText,
  hostAndPort,
  sendOnce,
  setField,
  sleep,
  stringEntries,
  entriesObject,
  toJson,
} from '../../pkg-template/src/transport.js';

const URL_ = 'http://127.0.0.1:9/v1/workflows/getWorkflowById';
/**
 * `t.sendOnce(request)` as a promise of its record (it settles the promise it is given); what
 * it gives its `fail` (a bug's error) is also added to `failures`, if given, even after it settled.
 */
const sendThrough = (t, request, failures) =>
  new Promise((resolve, reject) =>
    t.sendOnce(request, resolve, (e) => {
      failures?.push(e);
      reject(e);
    }),
  );
/** One attempt of call 0 (as the core's `__call` answers it: its URL, body and route) through `fetchFn`. */
const attempt = (
  fetchFn,
  { post = false, headers = new Headers(), body, timeoutMs = 1000, signal, maxBytes = 1024, fetchOptions } = {},
) =>
  sendThrough(
    { sendOnce },
    request(0, URL_, body, {
      method: post ? 'POST' : 'GET',
      headers,
      timeoutMs,
      signal,
      fetchOptions,
      fetch: fetchFn,
      maxBytes,
    }),
  );
/** One attempt of a GET through `fetchFn`, with a body cap of `maxBytes`. */
const get = (fetchFn, maxBytes = 1024, extra = {}) =>
  attempt(fetchFn, {
    headers: new Headers({ 'x-api-key': 'k' }),
    signal: extra.signal,
    maxBytes,
    fetchOptions: extra.fetchOptions,
  });
const stream = (...chunks) =>
  new ReadableStream({
    start(c) {
      for (const chunk of chunks) c.enqueue(new TextEncoder().encode(chunk));
      c.close();
    },
  });

describe('one attempt (sendOnce)', () => {
  // Catches a record read at the wrong place, or a failure taken for a response.
  test('a response becomes a record of its status, parsed body, text, headers and Response', async () => {
    const res = new Response('{"a":1}', { status: 201, headers: { 'x-request-id': 'r-1' } });
    const r = await get(async () => res);
    assert.deepEqual(
      [recordOutcome(r), recordStatus(r), recordJson(r), recordText(r), recordFailure(r), recordMessage(r)],
      [0, 201, { a: 1 }, '{"a":1}', undefined, undefined],
    );
    assert.equal(header(r, 'x-request-id'), 'r-1');
    assert.equal(recordResponse(r), res);
    const text = await get(async () => new Response('not json'));
    assert.deepEqual([recordJson(text), recordText(text)], [undefined, 'not json']);
  });

  // Catches a failure code other than the core's (src/wasm/fetch.rs reads 1 to 4).
  test('failures carry their codes: timeout 1, abort 2, connection 3, too large 4', async () => {
    const hang = (url, init) =>
      new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(new Error('aborted'))));
    const timeout = await attempt(hang, { timeoutMs: 20 });
    const controller = new AbortController();
    const pending = get(hang, 1024, { signal: controller.signal });
    controller.abort();
    const connection = await get(async () => {
      throw new TypeError('fetch failed');
    });
    const tooLarge = await get(async () => new Response('x'.repeat(11)), 10);
    assert.deepEqual([timeout, await pending, connection, tooLarge].map(recordOutcome), [1, 2, 3, 4]);
    assert.deepEqual([timeout, await pending, connection, tooLarge].map(recordFailure), [
      'timeout',
      'abort',
      'connection',
      'too_large',
    ]);
    assert.equal(recordStatus(tooLarge), 200);
    const aborted = new AbortController();
    aborted.abort();
    let called = false;
    const before = await get(
      async () => {
        called = true;
        return new Response('{}');
      },
      1024,
      { signal: aborted.signal },
    );
    assert.deepEqual([recordFailure(before), called], ['abort', false], 'an aborted signal sends nothing');
  });

  // Catches a connection failure that loses what the network said, says it twice, or does
  // not say where it was going (host and port, never the path or query).
  test("a connection failure says what the network said, with the cause's code once, and where", async () => {
    const failWith = (err) =>
      get(async () => {
        throw err;
      })
        .then(recordMessage)
        .then((m) => m.replace(/ at 127\.0\.0\.1:9$/, ''));
    assert.equal(
      await failWith(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })),
      'fetch failed (ECONNREFUSED)',
    );
    assert.equal(
      await failWith(new TypeError('fetch failed', { cause: new Error('socket hang up') })),
      'fetch failed (socket hang up)',
    );
    assert.equal(
      await failWith(new TypeError('connect ECONNREFUSED', { cause: { code: 'ECONNREFUSED' } })),
      'connect ECONNREFUSED',
    );
    assert.equal(await failWith(new TypeError('fetch failed')), 'fetch failed');
    assert.equal(await failWith('a string'), 'a string');
    assert.equal(await failWith({ message: 42 }), '[object Object]');
    assert.equal(await failWith(null), 'null', 'a fetch that throws null');
    assert.equal(await failWith(undefined), 'undefined');
    // No fetch of its own: the global fetch of this moment, which may have been replaced.
    const saved = globalThis.fetch;
    globalThis.fetch = undefined;
    try {
      const r = await attempt(undefined);
      assert.deepEqual(
        [recordFailure(r), recordMessage(r)],
        ['connection', 'globalThis.fetch is no longer a function'],
      );
    } finally {
      globalThis.fetch = saved;
    }
  });

  // Catches an attempt that settles its call only by returning (the promise it was given then
  // never settles, and the call hangs) when its own code throws: here a signal that passed the
  // core's look (an `aborted` boolean, an addEventListener) but throws when it is listened to.
  test('an attempt whose own code throws rejects the promise it was given', async () => {
    const signal = {
      aborted: false,
      addEventListener() {
        throw new Error('not a real signal');
      },
    };
    await assert.rejects(
      attempt(async () => new Response('{}'), { signal }),
      (e) => e.message === 'not a real signal',
    );
  });

  test("a connection failure names the host and port, with the scheme's port when the URL has none", async () => {
    const refused = async () => {
      throw new TypeError('fetch failed');
    };
    const message = await get(refused).then(recordMessage);
    assert.equal(message, 'fetch failed at 127.0.0.1:9');
    assert.equal(hostAndPort('https://api.looply.io/v1/workflows/x?workflow_id=w'), 'api.looply.io:443');
    assert.equal(hostAndPort('http://example.test/v1'), 'example.test:80');
    assert.equal(hostAndPort('http://[::1]:8787/v1'), '[::1]:8787');
  });

  // Catches a redirect without a Location followed (to `null`, a path of the same origin).
  test('a redirect without a Location comes back as the 3xx, not followed', async () => {
    let calls = 0;
    const r = await get(async () => {
      calls++;
      return new Response(null, { status: 302 });
    });
    assert.deepEqual([recordStatus(r), recordFailure(r), calls], [302, undefined, 1]);
  });

  // Catches fetchOptions replacing what the SDK sets, a body on a GET, or headers not shared.
  test('init: fetchOptions first, then method, headers, body, signal and redirect: manual', async () => {
    let init;
    const spy = async (url, i) => {
      init = i;
      return new Response('{}');
    };
    const headers = new Headers({ 'x-api-key': 'k' });
    await attempt(spy, {
      post: true,
      headers,
      body: '{"n":1}',
      fetchOptions: { redirect: 'follow', method: 'PUT', keepalive: true, cache: 'no-store' },
    });
    assert.deepEqual(
      [init.method, init.body, init.redirect, init.keepalive, init.cache],
      ['POST', '{"n":1}', 'manual', true, 'no-store'],
    );
    assert.ok(init.signal instanceof AbortSignal);
    assert.notEqual(init.headers, headers, "a fetch other than the platform's gets its own copy");
    assert.equal(init.headers.get('x-api-key'), 'k');
    await get(spy);
    assert.deepEqual([init.method, init.body, init.redirect], ['GET', undefined, 'manual']);
  });
});

describe("the attempts' signals", () => {
  let loads = 0;
  /** transport.js loaded afresh (no sweeper or Cut of another test), with `host`'s globals set while it loads. */
  async function fresh(host = []) {
    const saved = host.map(([name]) => [name, Object.getOwnPropertyDescriptor(globalThis, name)]);
    for (const [name, value] of host)
      Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
    try {
      return await import(`../../pkg-template/src/transport.js?fresh=${++loads}`);
    } finally {
      for (const [name, before] of saved) {
        if (before) Object.defineProperty(globalThis, name, before);
        else delete globalThis[name];
      }
    }
  }
  /** A fetch that records each init.signal and answers when `release()` is called (or fails at the abort). */
  function held() {
    const signals = [];
    const waiting = [];
    const fetchFn = (url, init) =>
      new Promise((resolve, reject) => {
        signals.push(init.signal);
        const answer = () => resolve(new Response('{}'));
        waiting.push(answer);
        const aborted = () => {
          const at = waiting.indexOf(answer);
          if (at >= 0) waiting.splice(at, 1);
          reject(new Error('aborted'));
        };
        init.signal.addEventListener('abort', aborted, { once: true });
      });
    /** Answers the `n` oldest fetches still waiting (all by default). */
    const release = (n = waiting.length) => waiting.splice(0, n).forEach((answer) => answer());
    return { fetchFn, signals, release };
  }
  /** What sendOnce gave its `fail` (a bug's error: none expected, even after it settled). */
  const failures = [];
  /** One attempt of a GET through module `t`'s sendOnce. */
  const send = (t, fetchFn, { timeoutMs = 1000, signal, maxBytes = 64 } = {}) =>
    sendThrough(
      t,
      t.request(0, URL_, undefined, {
        method: 'GET',
        headers: new Headers(),
        timeoutMs,
        signal,
        fetch: fetchFn,
        maxBytes,
      }),
      failures,
    );
  const settled = () => new Promise((resolve) => setImmediate(resolve));
  /** The module loaded with `fetchFn` as the platform's fetch (and `host`'s other globals). */
  const withFetch = (fetchFn, host = []) => fresh([['fetch', fetchFn], ...host]);
  /** The timers that keep the process alive. */
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const isCut = (s) => !(s instanceof AbortSignal) && typeof s?.addEventListener === 'function';

  // Catches a signal shared between attempts (a timeout or a body over the cap would end the
  // others), a timer not made for each attempt or not cleared at its end (it would abort a
  // signal later), and a Cut handed to a fetch other than the platform's.
  test('a custom fetch gets an AbortSignal of its own each attempt; its timeout ends that attempt alone', async (t) => {
    const m = await fresh();
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const h = held();
    const short = [send(m, h.fetchFn, { timeoutMs: 50 }), send(m, h.fetchFn, { timeoutMs: 50 })];
    const long = send(m, h.fetchFn, { timeoutMs: 100 });
    const big = send(m, async (url, init) => {
      h.signals.push(init.signal);
      return new Response('x'.repeat(100), { headers: { 'content-length': '100' } });
    });
    await settled();
    assert.ok(h.signals.every((s) => s instanceof AbortSignal));
    assert.equal(new Set(h.signals).size, 4, 'one signal an attempt');
    assert.equal(m.recordFailure(await big), 'too_large');
    t.mock.timers.tick(50);
    assert.deepEqual((await Promise.all(short)).map(m.recordFailure), ['timeout', 'timeout']);
    assert.equal(h.signals[2].aborted, false, 'the 100 ms attempt has 50 ms left');
    h.release();
    assert.equal(m.recordOutcome(await long), 0);
    t.mock.timers.tick(1000);
    assert.ok(!h.signals[2].aborted && !h.signals[3].aborted, 'no timer outlives its attempt');
    assert.equal(m.watching(), 0);
  });

  // Catches the platform's fetch given an AbortSignal (the cost the Cut saves), a Cut shared
  // between attempts or not marked aborted, a sweeper armed only for the first deadline (the
  // shorter timeouts after a longer one would run on) or, after a sweep, for a later deadline
  // than the earliest left (the 120 ms attempt, watched before the 5 s one, would run on), Cuts
  // left watched, an error after an attempt settled, and a sweeper that keeps the process
  // alive (here armed for the attempt that ended before its deadline).
  test("Node's own fetch gets a Cut of its own each attempt, which the sweeper ends at its deadline", async () => {
    const h = held();
    const m = await withFetch(h.fetchFn);
    const before = timers();
    const started = performance.now();
    const mid = send(m, h.fetchFn, { timeoutMs: 120 });
    const long = send(m, h.fetchFn, { timeoutMs: 5000 });
    const short = [send(m, h.fetchFn, { timeoutMs: 30 }), send(m, h.fetchFn, { timeoutMs: 30 })];
    await settled();
    assert.ok(h.signals.every(isCut), 'Cuts, not AbortSignals');
    assert.equal(new Set(h.signals).size, 4);
    assert.equal(m.watching(), 4);
    assert.deepEqual((await Promise.all(short)).map(m.recordFailure), ['timeout', 'timeout']);
    assert.ok(h.signals[2].aborted && h.signals[3].aborted, 'a timed-out Cut reads aborted');
    assert.equal(m.watching(), 2);
    assert.equal(m.recordFailure(await mid), 'timeout');
    assert.ok(performance.now() - started < 2500, 'the 120 ms attempt ended long before the 5 s one');
    assert.equal(h.signals[1].aborted, false, 'the 5 s attempt runs on');
    assert.equal(m.watching(), 1);
    h.release();
    assert.equal(m.recordOutcome(await long), 0);
    assert.equal(m.watching(), 0);
    assert.equal(timers(), before, 'the sweeper does not keep the process alive');
    assert.deepEqual(failures, []);
  });

  // Catches a caller's abort that does not reach its Cut's fetch, or reaches the others, and
  // a listener left on the caller's signal after the attempt.
  test("the caller's abort ends its attempt alone, on Node's own fetch too", async () => {
    const { getEventListeners } = await import('node:events');
    for (const own of [false, true]) {
      const h = held();
      const m = own ? await withFetch(h.fetchFn) : await fresh();
      const caller = new AbortController();
      const mine = send(m, h.fetchFn, { signal: caller.signal });
      const other = send(m, h.fetchFn);
      await settled();
      assert.equal(isCut(h.signals[0]), own);
      caller.abort();
      assert.equal(m.recordFailure(await mine), 'abort');
      h.release();
      assert.equal(m.recordOutcome(await other), 0);
      const done = send(m, h.fetchFn, { signal: caller.signal });
      assert.equal(m.recordFailure(await done), 'abort', 'an aborted signal ends the next attempt at once');
      const later = new AbortController();
      const ended = send(m, h.fetchFn, { signal: later.signal });
      await settled();
      h.release();
      assert.equal(m.recordOutcome(await ended), 0);
      assert.equal(getEventListeners(later.signal, 'abort').length, 0, "no listener left on the caller's signal");
    }
  });

  // Catches a Cut that Node's fetch does not follow (a timeout that would never end a fetch
  // that hangs) and a sweeper left armed by the attempt that timed out.
  test("Node's own fetch follows a Cut: an attempt on a server that never answers times out", async () => {
    const { createServer } = await import('node:net');
    const sockets = new Set();
    const server = createServer((s) => sockets.add(s.on('error', () => {})));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const platform = globalThis.fetch;
      const seen = [];
      const recording = (url, init) => {
        seen.push(init.signal);
        return platform(url, init);
      };
      const m = await withFetch(recording);
      const before = timers();
      const url = `http://127.0.0.1:${server.address().port}/v1/x`;
      const started = performance.now();
      const r = await sendThrough(
        m,
        m.request(0, url, undefined, {
          baseUrl: '',
          method: 'GET',
          headers: new Headers(),
          timeoutMs: 100,
          fetch: recording,
          maxBytes: 64,
        }),
      );
      assert.equal(m.recordFailure(r), 'timeout', m.recordMessage(r));
      assert.ok(performance.now() - started < 5000);
      assert.ok(isCut(seen[0]));
      assert.equal(m.watching(), 0);
      assert.equal(timers(), before, 'no timer left');
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });

  // Catches a Cut given to a fetch whose Request does not follow one (Deno's and browsers'
  // take only their own AbortSignal: every call would fail), or beside timers without
  // `unref` (a page's, or jsdom's, as jest's jsdom environment has them beside Node's fetch:
  // the sweeper would throw).
  test('where a Request does not follow a Cut, or timers have no unref, every attempt has an AbortSignal of its own', async () => {
    class StrictRequest {
      constructor(url, init) {
        if (!(init?.signal instanceof AbortSignal)) throw new TypeError('signal is not of type AbortSignal');
      }
    }
    const { setTimeout: set, clearTimeout: clear } = globalThis;
    const handles = new Map();
    // Timers as a page's: numbers.
    const numbered = {
      setTimeout: (fn, ms) => handles.set(handles.size + 1, set(fn, ms)).size,
      clearTimeout: (id) => clear(handles.get(id)),
    };
    const hosts = [
      ['a strict Request', [], { Request: StrictRequest }],
      ['timers without unref', [], numbered],
    ];
    for (const [name, atLoad, atCall] of hosts) {
      const h = held();
      const m = await withFetch(h.fetchFn, atLoad);
      // Asked at the first attempt, of the globals of that time.
      const saved = Object.keys(atCall).map((k) => [k, globalThis[k]]);
      Object.assign(globalThis, atCall);
      try {
        const runs = [send(m, h.fetchFn), send(m, h.fetchFn)];
        await settled();
        h.release();
        assert.deepEqual((await Promise.all(runs)).map(m.recordOutcome), [0, 0]);
      } finally {
        for (const [k, v] of saved) globalThis[k] = v;
      }
      assert.ok(
        h.signals.every((s) => s instanceof AbortSignal),
        name,
      );
      assert.equal(new Set(h.signals).size, 2, name);
      assert.equal(m.watching(), 0, name);
    }
  });
});

describe('the body cap (readBody)', () => {
  // Catches the cap off by one, or a declared size trusted for an encoded body.
  test('a body of exactly maxBytes is read; one byte more is refused, however it comes', async () => {
    const ten = '0123456789';
    const cases = [
      ['declared', (body) => new Response(body, { headers: { 'content-length': String(body.length) } })],
      [
        'counted (encoded)',
        (body) => new Response(stream(body.slice(0, 4), body.slice(4)), { headers: { 'content-encoding': 'gzip' } }),
      ],
      ['counted (no length)', (body) => new Response(stream(body))],
      [
        'without a stream',
        (body) => ({ status: 200, headers: new Headers({ 'content-encoding': 'br' }), text: async () => body }),
      ],
    ];
    for (const [name, make] of cases) {
      const exact = await get(async () => make(ten), 10);
      assert.deepEqual([recordFailure(exact), recordText(exact)], [undefined, ten], name);
      const over = await get(async () => make(`${ten}x`), 10);
      assert.equal(recordFailure(over), 'too_large', name);
    }
  });

  // Catches chunks joined out of place (a multi-chunk body read chunk by chunk).
  test('a body read chunk by chunk is joined in order', async () => {
    const r = await get(
      async () => new Response(stream('{"items":', '[1,2,', '3]}'), { headers: { 'content-encoding': 'gzip' } }),
    );
    assert.deepEqual(recordJson(r), { items: [1, 2, 3] });
  });

  // Catches content-length trusted for an encoded body, or `identity` not read as no encoding.
  test('content-length decides alone only without an encoding other than identity', async () => {
    const refusedUnread = (encoding) => ({
      status: 200,
      headers: new Headers({ 'content-length': '11', ...(encoding && { 'content-encoding': encoding }) }),
      text: async () => assert.fail('read a body declared over the cap'),
    });
    for (const encoding of [undefined, 'identity', ' IDENTITY ']) {
      assert.equal(recordFailure(await get(async () => refusedUnread(encoding), 10)), 'too_large', String(encoding));
    }
    // A custom fetch's headers are not normalised as a Headers' are.
    const untrimmed = {
      status: 200,
      headers: { get: (name) => ({ 'content-length': '11', 'content-encoding': ' Identity ' })[name] ?? null },
      text: async () => assert.fail('read a body declared over the cap'),
    };
    assert.equal(recordFailure(await get(async () => untrimmed, 10)), 'too_large', 'an untrimmed identity');
    // gzip: the declared size is the wire's, the decoded body is what counts (here within the cap).
    const gz = {
      status: 200,
      headers: new Headers({ 'content-length': '11', 'content-encoding': 'gzip' }),
      text: async () => '{}',
    };
    assert.equal(recordText(await get(async () => gz, 10)), '{}');
  });
});

describe('timers', () => {
  // Catches a delay past 2^31-1 ms firing at once (Node) or never.
  test('later() waits any delay, in steps past the timer limit, and can be cancelled', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const fired = [];
      later(() => fired.push('long'), 2 ** 31 + 5);
      later(() => fired.push('nan'), NaN);
      const cancel = later(() => fired.push('cancelled'), 10);
      cancel();
      mock.timers.tick(0);
      assert.deepEqual(fired, ['nan']);
      mock.timers.tick(2 ** 31 - 1);
      assert.deepEqual(fired, ['nan']);
      mock.timers.tick(5);
      assert.deepEqual(fired, ['nan']);
      mock.timers.tick(1);
      assert.deepEqual(fired, ['nan', 'long']);
    } finally {
      mock.timers.reset();
    }
  });

  // Catches a sleep that ignores its signal, or says the time passed when it was aborted.
  test('sleep() resolves true when the time passed, false at once when aborted before or during', async () => {
    assert.equal(await sleep(5), true);
    const before = new AbortController();
    before.abort();
    assert.equal(await sleep(60_000, before.signal), false);
    const during = new AbortController();
    const pending = sleep(60_000, during.signal);
    during.abort();
    assert.equal(await pending, false);
    const kept = new AbortController();
    assert.equal(await sleep(5, kept.signal), true);
  });
});

describe('the helpers the core reads through', () => {
  // Catches a value read from a non-object, or a throwing getter that escapes.
  test('field() reads objects only and turns a throwing getter into undefined', () => {
    const getter = {
      get x() {
        throw new Error('no');
      },
    };
    assert.deepEqual(
      [
        field({ a: 1 }, 'a'),
        field(null, 'a'),
        field('str', 'length'),
        field(undefined, 'a'),
        field(getter, 'x'),
        field([7], 0),
      ],
      [1, undefined, undefined, undefined, undefined, 7],
    );
  });

  // Catches a kind the core would misread (src/wasm/fields.rs).
  test('kind() numbers each kind of value as the core expects', () => {
    assert.deepEqual(
      [undefined, null, true, 1, 's', [], {}, () => {}, Symbol('s'), 1n].map(kind),
      [0, 1, 2, 3, 4, 5, 6, 7, 7, 7],
    );
  });

  // Catches a shape's first field read by another name than the core's check reads, or its
  // kind passed where the core cannot tell it from the body's (src/wasm/fetch.rs `attempt`).
  test("recordKind() passes the body's kind, and 1 + its field `check`'s above the low 4 bits", () => {
    const { check } = request(0, '/p', undefined, { baseUrl: '' }, 1); // Shape::Item's code
    assert.equal(check, 'item');
    assert.equal(request(0, '/p', undefined, { baseUrl: '' }, 0).check, undefined); // Shape::Object
    assert.equal(request(0, '/p', undefined, { baseUrl: '' }, 2).check, 'items');
    assert.equal(request(0, '/p', undefined, { baseUrl: '' }, 3).check, 'looply_execution_id');
    assert.equal(recordKind({ json: { item: {} } }, check), 6 | (7 << 4));
    assert.equal(recordKind({ json: { item: [1] } }, check), 6 | (6 << 4));
    assert.equal(recordKind({ json: { other: 1 } }, check), 6 | (1 << 4)); // missing: 1 + 0
    assert.equal(recordKind({ json: [1] }, check), 5 | (1 << 4));
    assert.equal(recordKind({ json: undefined }, check), 0 | (1 << 4)); // not JSON (or no response)
    assert.equal(recordKind({ json: { item: {} } }), 6); // no check (a page accepted, the tests' boundary)
  });

  // Catches number() passing on what is not a number: the core asks it only of a Number, but
  // anything else would reach WebAssembly's ToNumber, which runs a caller's valueOf.
  test('number() answers a number as it is and NaN for anything else', () => {
    const numberLike = { valueOf: () => 1 };
    assert.deepEqual([1.5, -0, Number.POSITIVE_INFINITY].map(number), [1.5, -0, Number.POSITIVE_INFINITY]);
    for (const v of ['1', true, null, undefined, numberLike, 1n]) assert.ok(Number.isNaN(number(v)), String(v));
  });

  // Catches a header that is not a string passed on, or headers lost from a custom answer.
  test('header() and headerObject() read strings only, from anything a custom fetch gives', () => {
    const record = (headers) => ({ status: 200, json: undefined, text: '', headers });
    assert.equal(header(record(new Headers({ a: 'b' })), 'a'), 'b');
    assert.equal(header(record(new Headers()), 'a'), undefined);
    assert.equal(header(record({ get: () => 42 }), 'a'), undefined);
    assert.equal(header(record(undefined), 'a'), undefined);
    assert.deepEqual(headerObject(record(new Headers({ A: '1', b: '2' }))), { a: '1', b: '2' });
    assert.deepEqual(headerObject(record({ forEach: 'no' })), {});
    assert.deepEqual(headerObject(record(undefined)), {});
  });

  // Catches extra headers dropped or able to replace the key, or a content type on a GET.
  test('makeHeaders(): the content type for a body, the extras in order, x-api-key last', () => {
    const h = makeHeaders('key', true, { a: '1', 'x-api-key': 'other' }, { a: '2', b: '3' });
    assert.deepEqual(
      [...h],
      [
        ['a', '2'],
        ['b', '3'],
        ['content-type', 'application/json'],
        ['x-api-key', 'key'],
      ],
    );
    assert.deepEqual([...makeHeaders('key', false, undefined, undefined)], [['x-api-key', 'key']]);
  });

  // Catches a Headers, a Map, an array, a null-prototype or cross-kind value, or a value that
  // is not a string passing as extra headers (the core checks only the entries it is given),
  // and a copy that follows later changes to the caller's object.
  test('stringEntries(): a plain object of strings, flat; [] when absent, undefined otherwise', () => {
    assert.deepEqual(stringEntries(undefined), []);
    assert.deepEqual(stringEntries(null), []);
    assert.deepEqual(stringEntries({}), []);
    assert.deepEqual(stringEntries({ a: '1', B: '2' }), ['a', '1', 'B', '2']);
    const hidden = Object.defineProperty({ a: '1' }, 'b', { value: '2', enumerable: false });
    assert.deepEqual(stringEntries(hidden), ['a', '1']);
    const throwing = Object.defineProperty({}, 'a', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    const badProto = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error('no');
        },
      },
    );
    for (const bad of [
      [['a', '1']],
      new Headers({ a: '1' }),
      new Map([['a', '1']]),
      { a: 1 },
      { a: '1', b: undefined },
      { forEach() {} },
      throwing,
      badProto,
      Object.create(null),
      'a: 1',
      42,
      true,
      Symbol('s'),
    ])
      assert.equal(stringEntries(bad), undefined, String(bad?.constructor?.name ?? typeof bad));
    // A function is an object with no own enumerable keys: empty, as Object.keys sees it.
    assert.deepEqual(
      stringEntries(() => {}),
      [],
    );
  });

  test('entriesObject(): the copy of the entries; setField(): one property set', () => {
    const entries = stringEntries({ a: '1', b: '2' });
    const copy = entriesObject(entries);
    assert.deepEqual(copy, { a: '1', b: '2' });
    entries[1] = 'changed';
    assert.equal(copy.a, '1');
    assert.deepEqual(entriesObject([]), {});
    const o = {};
    setField(o, 'k', 5);
    assert.deepEqual(o, { k: 5 });
  });

  test("mergeOptions(): a call's fetchOptions over the client's; toJson(): undefined when it cannot", () => {
    assert.deepEqual(mergeOptions({ a: 1, b: 1 }, { b: 2 }), { a: 1, b: 2 });
    assert.deepEqual(mergeOptions(undefined, undefined), {});
    const cyclic = {};
    cyclic.self = cyclic;
    assert.deepEqual(
      [toJson({ a: 1 }), toJson(cyclic), toJson(undefined), toJson(() => {}), toJson(1n)],
      ['{"a":1}', undefined, undefined, undefined, undefined],
    );
  });

  // Catches the environment misread: a variable lost, a throwing process.env, a window
  // without a document taken for a browser.
  test('readEnv(): the three variables, and a browser only with window.document', () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, {
        LOOPLY_API_KEY: 'k-env',
        LOOPLY_BASE_URL: 'http://127.0.0.1:1',
        LOOPLY_LOG: 'debug',
      });
      assert.deepEqual(readEnv(), {
        apiKey: 'k-env',
        baseUrl: 'http://127.0.0.1:1',
        isBrowser: false,
        logLevel: 'debug',
      });
    } finally {
      for (const k of ['LOOPLY_API_KEY', 'LOOPLY_BASE_URL', 'LOOPLY_LOG'])
        if (k in saved) process.env[k] = saved[k];
        else delete process.env[k];
    }
    const processSaved = Object.getOwnPropertyDescriptor(globalThis, 'process');
    try {
      Object.defineProperty(globalThis, 'process', {
        configurable: true,
        get() {
          throw new Error('no --allow-env');
        },
      });
      assert.deepEqual(readEnv(), { apiKey: undefined, baseUrl: undefined, isBrowser: false, logLevel: undefined });
      Object.defineProperty(globalThis, 'process', { configurable: true, value: {} });
      assert.equal(readEnv().apiKey, undefined);
    } finally {
      Object.defineProperty(globalThis, 'process', processSaved);
    }
    try {
      globalThis.window = {};
      assert.equal(readEnv().isBrowser, false, 'a window without a document');
      globalThis.window = { document: {} };
      assert.equal(readEnv().isBrowser, true);
    } finally {
      delete globalThis.window;
    }
  });
});
