// The Rust client's attempt over the global `fetch`, in the host's own language: one request
// with its timeout, the redirects it follows, its body read and counted (src/client/fetch/io.rs
// binds it; wasm-bindgen copies this file into an app's bindings, under `snippets/`). The
// rules of a call (retries, the answer's checks, errors and their words) stay in Rust; the
// numbers this module applies (how many redirects, how many bytes) come from Rust with each
// attempt. It is the Rust client's alone: the npm package's transport.js never reaches a
// Rust app. Plain modern JavaScript (Node 20, browsers, workers), no dependencies.
//
// `attempt` and `wait` answer a handle `{ settled, cancel }`: `settled` is a promise that
// never rejects (a failure is a value), and `cancel` is what Rust calls when it drops the
// future that awaits it (a no-op once it has settled). Three more steps of the client's are
// the host's too, where the values are: `parse` reads an answer's JSON (src/client/json/host.rs
// reads what it answers), `numberText` writes a payload's float, and `error` makes the
// JavaScript `Error` of a client error (src/client/error.rs).

// How an attempt ended (an end's `kind`): src/client/fetch.rs numbers them alike (a test there
// compares these constants, kept in this order).
const RESPONSE = 0;
const TIMEOUT = 1;
const CONNECTION = 2;
const TOO_LARGE = 3;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

// What a value of a tape is (`parse` below): src/client/json.rs numbers them alike (the same test).
const NULL = 0;
const TRUE = 1;
const FALSE = 2;
const NUMBER = 3;
const STRING = 4;
const ARRAY = 5;
const OBJECT = 6;

/**
 * The end of an attempt: `kind` (above), the `status`, the body's `text` (a connection
 * failure's words instead), the response's `headers` as `[name, value, name, value, …]`, and
 * the body's `tape` (undefined when it is not JSON).
 */
const end = (kind, status = 0, text = '', headers = [], tape = undefined) => ({ kind, status, text, headers, tape });

/**
 * One attempt: `method` to `url` with `headerLines` (`name\nvalue\n…`: the client has checked
 * them, so no name or value holds a line break) and `body` (a string, or undefined), aborted
 * after `timeoutMs`. A redirect is never left to `fetch` (it would carry the key, and a POST's
 * body, wherever it points): up to `redirects` of them (Rust sends 0 but for a GET) are
 * followed when they stay in `baseUrl`'s origin, and any other is the answer, as received.
 * A body over `maxBytes` once decoded is not read further.
 */
export function attempt(url, method, headerLines, body, baseUrl, timeoutMs, redirects, maxBytes) {
  // `run` sets `job.stop` before it first waits (and to nothing once it has ended), so a
  // cancel always finds one.
  const job = {};
  const settled = run(job, url, method, headerLines, body, baseUrl, timeoutMs, redirects, maxBytes);
  return { settled, cancel: () => job.stop() };
}

/** A wait of `ms` milliseconds (between two attempts): `settled` resolves once it is over. */
export function wait(ms) {
  let timer;
  const settled = new Promise((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return { settled, cancel: () => clearTimeout(timer) };
}

/**
 * The attempt of `attempt` above; `job.stop` aborts it while it runs, and does nothing once
 * it has ended (the request is over then: no abort, which costs a signal's listeners). Never
 * rejects.
 */
async function run(job, url, method, headerLines, body, baseUrl, timeoutMs, redirects, maxBytes) {
  let made = false; // whether the request is made (a failure then says where it went)
  let reading = false; // whether the failure is a read of the body's
  let signal;
  let timer;
  try {
    const controller = new AbortController();
    signal = controller.signal;
    // Nothing else aborts the controller while the attempt runs (`cancel` ends it unread),
    // so an aborted signal is the timeout.
    timer = setTimeout(() => controller.abort(), timeoutMs);
    job.stop = () => {
      clearTimeout(timer);
      controller.abort();
    };
    const init = { method, headers: new Headers(), body, signal, redirect: 'manual' };
    const lines = headerLines.split('\n');
    for (let i = 1; i < lines.length; i += 2) init.headers.set(lines[i - 1], lines[i]);
    made = true;
    let res = await fetchOnce(url, init);
    for (let at = url, left = redirects; left > 0; left--) {
      const next = target(res, at, baseUrl);
      if (next === undefined) break;
      // The redirect's body is dropped unread (its connection freed) before its target is fetched.
      await res.body?.cancel().catch(() => {});
      res = await fetchOnce((at = next), init);
    }
    // A browser hides a redirect that `fetch` did not follow (an `opaqueredirect` response):
    // status 0, no headers, no body, so its end is `end(RESPONSE)` by the steps below.
    if (declaredTooLarge(res.headers, maxBytes)) {
      // Dropped unread, its download ended.
      await res.body?.cancel().catch(() => {});
      return end(TOO_LARGE, res.status);
    }
    reading = true;
    const text = await read(res, maxBytes);
    if (text === undefined) return end(TOO_LARGE, res.status);
    const pairs = [];
    for (const [name, value] of res.headers) pairs.push(name, value);
    return end(RESPONSE, res.status, text, pairs, parse(text));
  } catch (e) {
    if (signal?.aborted) return end(TIMEOUT);
    const said = words(e, reading);
    return end(CONNECTION, 0, made ? `${said} at ${place(baseUrl)}` : said);
  } finally {
    clearTimeout(timer);
    job.stop = () => {};
  }
}

/** The global `fetch` of this moment (mocks and instrumentation set later apply), checked to answer a `Response`. */
async function fetchOnce(url, init) {
  const res = await fetch(url, init);
  if (!(res instanceof Response)) throw 'fetch answered something other than a Response';
  return res;
}

/** `url`'s origin, or undefined when it does not parse. */
function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    // Unparsable: undefined.
  }
}

/**
 * Where a request to `baseUrl` went, for a connection failure's words: its `host:port` (the
 * scheme's port when it names none), never the path or query. Only a failure asks (and a
 * redirect its origin): the usual attempt parses no URL of its own.
 */
function place(baseUrl) {
  try {
    const u = new URL(baseUrl);
    return `${u.hostname}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`;
  } catch {
    return 'an unparsable base_url';
  }
}

/** Where the redirect `res` of a request to `at` goes, when it is one and stays in `baseUrl`'s origin; else undefined. */
function target(res, at, baseUrl) {
  const location = res.headers.get('location');
  if (!REDIRECTS.has(res.status) || location === null) return undefined;
  // (The base URL is http or https, so its origin is never the opaque "null"; undefined, the
  // base URL unparsable, is no target's origin.)
  const origin = originOf(baseUrl);
  try {
    const next = new URL(location, at);
    return next.origin === origin ? next.href : undefined;
  } catch {
    // An unparsable Location: not followed.
  }
}

/**
 * Whether a body is refused before it is read: only an identity-encoded body's
 * `content-length` is its decoded size (a gzip bomb declares its small compressed one, so
 * every other body is counted as it is decoded).
 */
function declaredTooLarge(headers, maxBytes) {
  const encoding = headers.get('content-encoding');
  // (Headers hold values without surrounding whitespace.)
  const length = headers.get('content-length');
  const identity = encoding === null || encoding.toLowerCase() === 'identity';
  return identity && /^\d+$/.test(length) && Number(length) > maxBytes;
}

/**
 * The body as text, decoded chunk by chunk as `response.text()` decodes it (each ill-formed
 * sequence one U+FFFD, a leading byte order mark dropped) and counted as it is; undefined
 * once it passes `maxBytes` (the stream cancelled there: a gzip bomb costs `maxBytes` at most).
 */
async function read(res, maxBytes) {
  const reader = res.body?.getReader();
  if (reader === undefined) return '';
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    if (!(value instanceof Uint8Array)) throw 'the response body stream gave something other than bytes';
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}

/**
 * The host's words for a failure `e`: a failed `fetch`'s `toString()` (`TypeError: fetch
 * failed`), a failed read's `message` (`terminated`), a string as it is.
 */
function words(e, reading) {
  if (e instanceof Error) return reading ? e.message : e.toString();
  if (typeof e === 'string') return e;
  return reading ? 'reading the response body failed' : 'fetch failed with a value that is not an Error';
}

/**
 * The JavaScript `Error` of a client error: `name` its class, with `status` and `requestId`
 * where it has them (undefined where not). Measured: 228 bytes of an app's wasm less than
 * `Error::new`, its `name` and two `Reflect.set`s bound through js-sys.
 */
export function error(name, message, status, requestId) {
  const e = new Error(message);
  e.name = name;
  if (status !== undefined) e.status = status;
  if (requestId !== undefined) e.requestId = requestId;
  return e;
}

/** A field's name waiting to go on a tape (a bare string there would be a value). */
class Name {
  constructor(name) {
    this.name = name;
  }
}

/**
 * `text` read by `JSON.parse`, as a tape: each value one tag (above) and what it holds, in
 * order: a number or a string after its tag, an array's length and then its items, an
 * object's number of fields and then each name and value. Undefined when `text` is not JSON.
 * Rust reads a tape in one pass, by index (src/client/json/host.rs): fewer kinds of crossing,
 * and fewer bindings, than walking the parsed value itself. Written without recursion, so
 * that no nesting overflows the stack (Rust refuses what nests deeper than its limit).
 */
export function parse(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const tape = [];
  const todo = [value];
  while (todo.length > 0) {
    const v = todo.pop();
    if (v instanceof Name) tape.push(v.name);
    else if (v === null) tape.push(NULL);
    else if (v === true) tape.push(TRUE);
    else if (v === false) tape.push(FALSE);
    else if (typeof v === 'number') tape.push(NUMBER, v);
    else if (typeof v === 'string') tape.push(STRING, v);
    else if (Array.isArray(v)) {
      tape.push(ARRAY, v.length);
      for (let i = v.length - 1; i >= 0; i--) todo.push(v[i]);
    } else {
      const fields = Object.entries(v);
      tape.push(OBJECT, fields.length);
      for (let i = fields.length - 1; i >= 0; i--) todo.push(fields[i][1], new Name(fields[i][0]));
    }
  }
  return tape;
}

/** A finite double as JSON writes it (the shortest text that reads back as it). */
export const numberText = (x) => JSON.stringify(x);
