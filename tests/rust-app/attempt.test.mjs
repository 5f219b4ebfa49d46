// The Rust client's attempt module (src/client/fetch/attempt.js) on its own, in Node, over a
// scripted global `fetch`: the rules it applies for the client (which redirects it follows,
// which declared lengths it refuses unread, where a connection error says it was going), each
// checked where a plausible slip would change the answer. tests/client_wasm.rs runs the same
// module through the client against the local server, in Node and Chromium.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { attempt, error, numberText, parse, wait } from '../../src/client/fetch/attempt.js';

const MAX_BYTES = 32 * 1024 * 1024;
// An end's kind (src/client/fetch/io.rs reads the same numbers).
const [RESPONSE, TIMEOUT, CONNECTION, TOO_LARGE] = [0, 1, 2, 3];
const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

/** Scripts the global fetch: `answer(url, init)` makes each response; answers the requests seen. */
function script(answer) {
  const seen = [];
  globalThis.fetch = async (url, init) => {
    seen.push({ url, init });
    return answer(url, init);
  };
  return seen;
}

/** An attempt with the client's defaults: a GET (5 redirects) of `url` under base `base`. */
const send = (url, { method = 'GET', base = 'http://127.0.0.1:9/v1', redirects = 5, timeoutMs = 5000 } = {}) =>
  attempt(url, method, 'x-api-key\nk\n', undefined, base, timeoutMs, redirects, MAX_BYTES).settled;

// Catches a POST's redirect followed (Rust sends 0 redirects but for a GET), a 300 or 304
// taken for a redirect, or one of the five redirect statuses not followed.
test("a read's redirects within the origin are followed, and only the five redirect statuses", async () => {
  for (const status of [301, 302, 303, 307, 308]) {
    const seen = script((url) =>
      url.endsWith('/a') ? new Response(null, { status, headers: { location: '/v1/b' } }) : new Response('{}'),
    );
    const end = await send('http://127.0.0.1:9/v1/a');
    assert.deepEqual(
      [end.kind, end.status, seen.map((s) => s.url)],
      [RESPONSE, 200, ['http://127.0.0.1:9/v1/a', 'http://127.0.0.1:9/v1/b']],
    );
    assert.equal(seen[1].init.headers.get('x-api-key'), 'k');
    assert.equal(seen[0].init.redirect, 'manual', 'fetch never follows a redirect itself');
    const post = await send('http://127.0.0.1:9/v1/a', { method: 'POST', redirects: 0 });
    assert.equal(post.status, status, 'a POST is answered its redirect as received');
  }
  for (const status of [300, 304]) {
    const seen = script(() => new Response(null, { status, headers: { location: '/v1/b' } }));
    assert.deepEqual([(await send('http://127.0.0.1:9/v1/a')).status, seen.length], [status, 1]);
  }
  // A redirect without a Location is the answer too (not a request of a relative "null").
  const seen = script(() => new Response(null, { status: 302 }));
  assert.deepEqual([(await send('http://127.0.0.1:9/v1/a')).status, seen.length], [302, 1]);
});

// Catches the key carried to another origin, or a redirect followed once too often.
test('a redirect elsewhere, or past the last allowed, is the answer as received', async () => {
  let seen = script(() => new Response(null, { status: 302, headers: { location: 'http://127.0.0.1:10/v1/b' } }));
  const end = await send('http://127.0.0.1:9/v1/a');
  assert.deepEqual([end.status, seen.length, end.headers], [302, 1, ['location', 'http://127.0.0.1:10/v1/b']]);
  seen = script(() => new Response(null, { status: 307, headers: { location: '/v1/again' } }));
  assert.equal((await send('http://127.0.0.1:9/v1/a')).status, 307);
  assert.equal(seen.length, 6, 'the first request and five redirects');
});

// Catches a gzip bomb refused by its small declared length only (it is counted as it
// inflates), an identity body over 32 MiB read before it is refused, or the cap one byte off.
test("only an identity body's declared length refuses it unread", async () => {
  const over = String(MAX_BYTES + 1);
  const cases = [
    [{ 'content-length': over }, TOO_LARGE],
    [{ 'content-length': over, 'content-encoding': ' Identity ' }, TOO_LARGE],
    [{ 'content-length': over, 'content-encoding': 'IDENTITY' }, TOO_LARGE],
    // Lengths that Number() reads but HTTP does not write: not refused unread.
    [{ 'content-length': '1e9' }, RESPONSE],
    [{ 'content-length': '0x2000001' }, RESPONSE],
    [{ 'content-length': '123456789012345678901234567890' }, TOO_LARGE],
    [{ 'content-length': String(MAX_BYTES) }, RESPONSE],
    [{ 'content-length': over, 'content-encoding': 'gzip' }, RESPONSE],
    [{ 'content-length': 'lots' }, RESPONSE],
    [{ 'content-length': '-1' }, RESPONSE],
    [{}, RESPONSE],
  ];
  for (const [headers, kind] of cases) {
    let res;
    script(() => {
      res = new Response('{}', { status: 200, headers });
      return res;
    });
    const end = await send('http://127.0.0.1:9/v1/a');
    assert.deepEqual([end.kind, end.status], [kind, 200], JSON.stringify(headers));
    assert.ok(res.bodyUsed, 'a body refused unread is cancelled (its download ended)');
  }
  script(() => new Response(null, { status: 200, headers: { 'content-length': over } }));
  assert.equal((await send('http://127.0.0.1:9/v1/a')).kind, TOO_LARGE, 'no body to cancel');
});

// Catches the count one byte early or not made at all, for a body without a length.
test('a body is counted as it is read: the cap itself is read, one byte more is not', async () => {
  const body = (n) => new Response(new Blob([new Uint8Array(n).fill(32)]).stream());
  script(() => body(MAX_BYTES));
  assert.equal((await send('http://127.0.0.1:9/v1/a')).text.length, MAX_BYTES);
  script(() => body(MAX_BYTES + 1));
  assert.deepEqual(await send('http://127.0.0.1:9/v1/a'), {
    kind: TOO_LARGE,
    status: 200,
    text: '',
    headers: [],
    tape: undefined,
  });
});

/** A body stream of these chunks, then its end. */
function stream(...chunks) {
  return new ReadableStream({
    start(c) {
      for (const chunk of chunks) c.enqueue(chunk);
      c.close();
    },
  });
}

// Catches a body decoded chunk by chunk without carrying a character split between two
// chunks (two U+FFFD), or a response without a body read as anything but empty text.
test('a body is decoded across its chunks; no body is empty text', async () => {
  const chunks = [new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3]), new Uint8Array([0xa9, 0x22, 0x7d])];
  script(() => new Response(stream(...chunks)));
  assert.equal((await send('http://127.0.0.1:9/v1/a')).text, '{"a":"\u00e9"}');
  script(() => new Response(null, { status: 204 }));
  assert.deepEqual(await send('http://127.0.0.1:9/v1/a'), {
    kind: RESPONSE,
    status: 204,
    text: '',
    headers: [],
    tape: undefined,
  });
});

// Catches a failed read of the body worded as a failed fetch (`TypeError: terminated`, not
// `terminated`), a stream of something other than bytes taken for bytes, or a failure that is
// neither an Error nor a string worded otherwise than said.
test("a failure's words: a read's message, a fetch's toString, else what the attempt says", async () => {
  const failing = (reason) => () => new Response(new ReadableStream({ start: (c) => c.error(reason) }));
  const cases = [
    [failing(new TypeError('terminated')), 'terminated'],
    [failing(42), 'reading the response body failed'],
    [() => new Response(stream('text')), 'the response body stream gave something other than bytes'],
    [() => Promise.reject(42), 'fetch failed with a value that is not an Error'],
    [() => Promise.reject(new TypeError('fetch failed')), 'TypeError: fetch failed'],
  ];
  for (const [answer, words] of cases) {
    globalThis.fetch = async () => answer();
    const end = await send('http://127.0.0.1:9/v1/a');
    assert.deepEqual([end.kind, end.text], [CONNECTION, `${words} at 127.0.0.1:9`], words);
  }
});

// Catches an attempt that rejects (or names a place it never had) when it cannot even start:
// without an AbortController the failure is the host's words alone.
test('an attempt that cannot start is a connection failure in the host words, never a rejection', async () => {
  const { AbortController: kept } = globalThis;
  globalThis.AbortController = undefined;
  try {
    const end = await send('http://127.0.0.1:9/v1/a');
    assert.deepEqual([end.kind, end.text], [CONNECTION, 'TypeError: AbortController is not a constructor']);
  } finally {
    globalThis.AbortController = kept;
  }
});

// Catches an attempt that aborts its request once it has ended (a dropped call's cancel comes
// after the answer: aborting then only costs the signal's listeners).
test('a cancel after the attempt has ended aborts nothing', async () => {
  const seen = script(() => new Response('{}'));
  const running = attempt('http://127.0.0.1:9/v1/a', 'GET', '', undefined, 'http://127.0.0.1:9', 60_000, 5, MAX_BYTES);
  assert.equal((await running.settled).kind, RESPONSE);
  running.cancel();
  assert.equal(seen[0].init.signal.aborted, false);
});

// Catches an attempt's timer left running once it has ended (it would hold a process open for
// the whole timeout).
test("an attempt's timer is cleared once it has ended", async () => {
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  script(() => new Response('{}'));
  const before = timers();
  await send('http://127.0.0.1:9/v1/a', { timeoutMs: 60_000 });
  assert.equal(timers(), before);
});

// Catches a connection error that names the wrong place: a default port added where the
// origin names one (an IPv6 address's colons are not a port), or missing where it names none.
test('a connection error names the host and port of the base URL, in the host words', async () => {
  globalThis.fetch = async () => {
    throw new TypeError('fetch failed');
  };
  const cases = [
    ['http://127.0.0.1:8787/v1', '127.0.0.1:8787'],
    ['https://127.0.0.1/v1', '127.0.0.1:443'],
    ['http://127.0.0.1', '127.0.0.1:80'],
    ['https://127.0.0.1:8443', '127.0.0.1:8443'],
    ['http://[::1]:9', '[::1]:9'],
    ['http://[::1]', '[::1]:80'],
    ['https://[::]', '[::]:443'],
  ];
  for (const [base, named] of cases) {
    const end = await send(`${base}/a`, { base });
    assert.deepEqual(end, {
      kind: CONNECTION,
      status: 0,
      text: `TypeError: fetch failed at ${named}`,
      headers: [],
      tape: undefined,
    });
  }
  assert.equal((await send('/a', { base: 'not a url' })).text, 'TypeError: fetch failed at an unparsable base_url');
  globalThis.fetch = async () => 'not a response';
  assert.equal(
    (await send('http://127.0.0.1:9/v1/a')).text,
    'fetch answered something other than a Response at 127.0.0.1:9',
  );
});

// Catches a timer that does not abort, a cancel that does not abort the fetch (a dropped
// call's request left running), or an abort by cancel taken for anything but the end.
test('the timeout aborts the fetch as a timeout; cancel aborts it too', { timeout: 5000 }, async () => {
  const signals = [];
  globalThis.fetch = (_url, init) =>
    new Promise((_, reject) => {
      signals.push(init.signal);
      init.signal.addEventListener('abort', () => reject(init.signal.reason));
    });
  assert.equal((await send('http://127.0.0.1:9/v1/a', { timeoutMs: 20 })).kind, TIMEOUT);
  const running = attempt('http://127.0.0.1:9/v1/a', 'GET', '', undefined, 'http://127.0.0.1:9', 60_000, 5, MAX_BYTES);
  running.cancel();
  await running.settled;
  assert.deepEqual(
    signals.map((s) => s.aborted),
    [true, true],
  );
});

// Catches a wait that never ends, or a cancel that leaves its timer running.
test('a wait ends after its time, unless it is cancelled', async () => {
  const start = Date.now();
  await wait(30).settled;
  assert.ok(Date.now() - start >= 25);
  const cancelled = wait(10);
  cancelled.cancel();
  const first = await Promise.race([cancelled.settled.then(() => 'settled'), wait(50).settled.then(() => 'pending')]);
  assert.equal(first, 'pending');
});

// Catches a client error whose class is lost (`name` left `Error`), or a `status` or
// `requestId` set (to undefined) on an error that has none.
test("a client error's JavaScript Error: its class, and status and requestId where it has them", () => {
  const e = error('NotFoundError', 'Workflow not found', 404, 'r-1');
  assert.ok(e instanceof Error);
  assert.deepEqual([e.name, e.message, e.status, e.requestId], ['NotFoundError', 'Workflow not found', 404, 'r-1']);
  const bare = error('APIConnectionError', 'Could not reach the Looply API', undefined, undefined);
  assert.deepEqual([bare.name, 'status' in bare, 'requestId' in bare], ['APIConnectionError', false, false]);
});

// Catches a tape that Rust would read otherwise than JSON.parse read the text: a field's name
// taken for a value, items or fields out of order, a length miscounted, or text that is not
// JSON given a tape.
test("an answer's JSON as a tape: each value its tag and what it holds, in order", () => {
  const [NULL, TRUE, FALSE, NUMBER, STRING, ARRAY, OBJECT] = [0, 1, 2, 3, 4, 5, 6];
  assert.deepEqual(parse('{"a":[1,"x",null],"b":{},"c":true,"d":false}'), [
    ...[OBJECT, 4, 'a', ARRAY, 3, NUMBER, 1, STRING, 'x', NULL],
    ...['b', OBJECT, 0, 'c', TRUE, 'd', FALSE],
  ]);
  assert.deepEqual(parse(' "s" '), [STRING, 's']);
  for (const bad of ['', 'not json', '{', '[1,]']) assert.equal(parse(bad), undefined, bad);
  const deep = 100_000;
  assert.equal(parse(`${'['.repeat(deep)}${']'.repeat(deep)}`).length, 2 * deep, 'no stack overflow');
});

// Catches a payload's float written otherwise than JSON writes it (a fixed number of digits,
// an exponent spelt otherwise): the shortest text that reads back as the same double.
test("a payload's float as JSON writes it", () => {
  for (const [x, text] of [
    [0.1, '0.1'],
    [1.5, '1.5'],
    [-2.5e-9, '-2.5e-9'],
    [1e21, '1e+21'],
  ])
    assert.equal(numberText(x), text);
});
