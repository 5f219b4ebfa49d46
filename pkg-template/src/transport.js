// The I/O half of the transport: one fetch attempt with a timeout and the caller's
// AbortSignal, and an abortable sleep. Everything else (retries, errors) is Rust.
// These functions never throw: failures come back as `{ failure }` values.
//
// Two records cross the boundary, both made here (the core reads them through the accessors
// below, and makes the first through `request`):
//   a call's request  { call, url, body, route, last, check } (`last`: the driver keeps the
//                     last attempt's record there; `check`: see `request`), the route
//                     { baseUrl, method, headers, timeoutMs, signal, fetchOptions, fetch,
//                     maxBytes } (made by the core, src/wasm/shared.rs, once a client and
//                     method or once a call with options)
//   an attempt's end  { status, json, text, headers, response } for a response, { status, failure,
//                     message } for none (the fields it lacks read as undefined)
// `failure` is undefined for a response, else the code of why there was none (END_TIMEOUT,
// END_ABORT, END_CONNECTION, END_TOO_LARGE below; recordFailure names it).
// An attempt's end goes to the core (`__settle`, `__accept`) with its status, outcome, parsed
// body and the body's kind (with the kind of the body's field that the check of a success
// reads first) beside it, read here (recordStatus, recordOutcome, recordJson, recordKind) by
// the entry: the core reads them at every end, and each read back would be a crossing.

/**
 * A call's request, as the core's `__call` answers it: call `call`'s path (under the route's
 * base URL) and body, sent along `route`; `check`, the name of the field whose kind the core's
 * check of a success reads first (by the call's `shape`: FIRST_FIELDS; or undefined), which
 * `recordKind` reads with the body's.
 */
export const request = (call, path, body, route, shape) => ({
  call,
  url: route.baseUrl + path,
  body,
  route,
  last: undefined,
  check: FIRST_FIELDS[shape],
});

/**
 * The core's error descriptors (src/wasm/errors.rs) are of this class: each of the core's
 * exports that can fail (`__new`, `__call`, `__settle`, `__paginate`, `__next` and
 * `__accept`) answers one instead of its value, rather than throw it (JSON makes no object of a
 * class, so a response body is never taken for one).
 */
export class CoreFailure {}
/**
 * A fresh error descriptor, for the core to fill in. The core passes `_unused` (undefined) to
 * this and the other helpers it calls with nothing, so that they share the wrapper of its
 * imports of one value (`(externref) -> externref`), which Node compiles once for each
 * signature when it compiles the core; a function that declares fewer parameters than the core
 * passes gets a wrapper of its own (src/wasm/js.rs).
 */
export const failureObject = (_unused) => new CoreFailure();

/** The end of an attempt without a response (`failure`: why, its code; the other fields read as undefined). */
const failed = (failure, status = 0, message) => ({ status, failure, message });

// The numbers the core reads answers by (src/response.rs), so that one crossing says it all.
// codes: written by src/bin/describe from Kind and AttemptEnd in src/response.rs and Shape in src/http.rs (make generate)
// What kind(v) answers: a value's Kind, or KIND_OTHER for none.
const KIND_MISSING = 0;
const KIND_NULL = 1;
const KIND_BOOL = 2;
const KIND_NUMBER = 3;
const KIND_STRING = 4;
const KIND_ARRAY = 5;
const KIND_OBJECT = 6;
const KIND_OTHER = 7;
// What recordOutcome(record) answers: how the attempt ended.
const END_RESPONSE = 0;
const END_TIMEOUT = 1;
const END_ABORT = 2;
const END_CONNECTION = 3;
const END_TOO_LARGE = 4;
// The field whose kind the check of a success reads first, by the shape's code (request's `shape`).
const FIRST_FIELDS = [undefined, 'item', 'items', 'looply_execution_id'];
// /codes

// The name recordFailure gives each failure's code, by its number (END_TIMEOUT, END_ABORT,
// END_CONNECTION, END_TOO_LARGE); none for END_RESPONSE.
const FAILURE_NAMES = [undefined, 'timeout', 'abort', 'connection', 'too_large'];

/** How the attempt ended: END_RESPONSE for a response, else why there was none (the failure's code). */
export const recordOutcome = (r) => r.failure ?? END_RESPONSE;
/** The record's HTTP status (0 without a response). */
export const recordStatus = (r) => r.status;
/** The parsed body, or undefined when the body was not JSON (JSON.parse never yields undefined). */
export const recordJson = (r) => r.json;
/**
 * The parsed body's kind (KIND_MISSING when the body was not JSON) in the low 4 bits, and
 * above them 1 + the kind of its field `check` (a request's `check`; 0 without one): facts
 * the core checks, passed with the body so that its check reads no field back.
 */
export const recordKind = (r, check) =>
  kind(r.json) | (check === undefined ? 0 : (kind(field(r.json, check)) + 1) << 4);
/** The raw body text. */
export const recordText = (r) => r.text;
/** Why there was no response ('timeout', 'abort', 'connection', 'too_large'), or undefined. */
export const recordFailure = (r) => FAILURE_NAMES[r.failure];
/** What the network said, for a connection failure. */
export const recordMessage = (r) => r.message;
/** The fetch `Response` (its body already read), or undefined. */
export const recordResponse = (r) => r.response;

// Redirects a read follows within its origin (src/response.rs MAX_REDIRECTS says it to users).
const MAX_REDIRECTS = 5;

// Statements that run code (a call, a `new`, a global's property) come after the constants
// above (the kinds, the ends, the redirect count: read on every call): esbuild inlines a
// module's constants only up to the first such statement. The few declared later, next to
// their one use (MAX_TIMER_MS), stay variables.

/** The end of an attempt that the caller's signal aborted (also: a wait before a retry it cut short). */
export const ABORTED = Object.freeze(failed(END_ABORT));

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

// The global fetch as the package found it: calls through it share their headers.
const nativeFetch = globalThis.fetch;

/**
 * One attempt of a call's `request` (above). Resolves to a record of its end; never rejects.
 * With `settle` and `fail` (a promise's resolving functions: a call's race, instance.js), it
 * settles that promise itself instead, with no promise or turn of its own in between
 * (a record, or the error of a bug). The route's `fetch` undefined means the global fetch of
 * this moment: mocks and instrumentation that replace it later still apply.
 *
 * Redirects are never left to `fetch`, which would carry `x-api-key` (and a POST's body) to
 * wherever they point: `redirect: 'manual'` always, whatever `fetchOptions` say. A GET's
 * redirect within the URL's origin is followed (at most MAX_REDIRECTS); any other comes
 * back as the 3xx record, which the core reports, and a browser's opaque one as status 0.
 */
export async function sendOnce({ url, body, route }, settle, fail) {
  try {
    const { method, headers, timeoutMs, signal, fetchOptions, fetch: fetchFn, maxBytes } = route;
    if (signal?.aborted) return settle(failed(END_ABORT));
    const fetchNow = fetchFn === undefined ? globalThis.fetch : fetchFn;
    if (typeof fetchNow !== 'function')
      return settle(failed(END_CONNECTION, 0, 'globalThis.fetch is no longer a function'));
    const cut = begin(timeoutMs, signal, fetchNow);
    try {
      // The platform's fetch only reads the headers: share them. Any other fetch (a mock, a
      // wrapper) may add to init.headers, so it gets a copy per attempt (copying costs ~8 %
      // of a loopback call).
      // Stryker disable next-line ConditionalExpression: performance only (a copy is the same headers)
      const own = fetchNow === nativeFetch ? headers : new Headers(headers);
      const init =
        // Stryker disable next-line ConditionalExpression: performance only (a spread of undefined adds nothing: the same init)
        fetchOptions === undefined
          ? { method, headers: own, body, signal: cut.signal, redirect: 'manual' }
          : { ...fetchOptions, method, headers: own, body, signal: cut.signal, redirect: 'manual' };
      let res = await fetchNow(url, init);
      for (let hops = 0, at = url; method === 'GET' && hops < MAX_REDIRECTS && REDIRECTS.has(res.status); hops++) {
        const next = sameOrigin(at, res.headers);
        if (next === undefined) break;
        discard(res);
        res = await fetchNow((at = next), init);
      }
      const got = res.headers; // read once (a getter: undici's, or a custom fetch's object's)
      const text = await readBody(res, got, maxBytes);
      if (text === undefined) {
        // Cancelling the body ends the download.
        discard(res);
        return settle(failed(END_TOO_LARGE, res.status));
      }
      let json;
      try {
        json = JSON.parse(text);
      } catch {
        // Not JSON (json stays undefined): the Rust side turns this into a
        // ResponseDecodeError or an APIError.
      }
      return settle({ status: res.status, json, text, headers: got, response: res });
    } catch (err) {
      return settle(
        signal?.aborted
          ? failed(END_ABORT)
          : cut.timedOut
            ? failed(END_TIMEOUT)
            : failed(END_CONNECTION, 0, describe(err, url)),
      );
    } finally {
      end(cut, signal);
    }
  } catch (e) {
    // Only a bug (or a signal or a fetch's error whose getters throw) gets here.
    return fail(e);
  }
}

// Each attempt's timeout, and the caller's signal, abort its fetch through a signal.
//
// On Node, where most calls are, fetch (undici) follows an AbortSignal through Node's
// EventTarget, and making an AbortController and a timer, then clearing the timer, is among
// the costliest steps of a call (about 5–7 µs of its CPU: docs/benchmarks.md, "A signal of the
// package's own"). Node's fetch follows any object shaped as a signal (undici's "third-party
// AbortControllers"), so there an attempt's fetch gets its Cut itself: a signal of the
// package's own, a list of listeners. One timer, the sweeper, watches every such Cut's
// deadline; it is unref'd, since while an attempt runs its fetch's socket keeps the process
// alive. Whether the timers can be unref'd and the platform's fetch follows a Cut is asked
// once, at the first attempt.
//
// Elsewhere (a browser, a worker, Deno, Bun, a custom fetch, or jsdom's timers beside Node's fetch
// in a test) the Cut aborts an AbortController of the attempt's own, and a timer of its own
// ends it: what a custom fetch expects, and what Cloudflare Workers need, where a timer or an
// AbortController belongs to the request that made it ("Cannot perform I/O on behalf of a
// different request").
/** Whether the platform's fetch follows a Cut (undefined until the first attempt asks). */
let followsCut;

/**
 * Whether the timers can be unref'd (Node's: not a page's, nor jsdom's, which Node's fetch
 * may run beside in a test) and a Request follows a Cut (it adds its listener to it).
 */
function follows() {
  const timer = setTimeout(follows);
  clearTimeout(timer);
  if (!timer.unref) return false;
  const cut = new Cut();
  try {
    new Request('http://localhost/', { signal: cut });
  } catch {
    // A runtime that takes only its own AbortSignal.
  }
  return cut.fns.length > 0;
}

/**
 * An attempt's end by its timeout or by the caller's signal, and the signal its fetch gets
 * (itself, where the fetch follows it). What fetch reads of a signal: `aborted`, the
 * listeners it adds (of one event, 'abort'; none removed, as a Cut serves one attempt), and
 * the two methods Node's `events.getMaxListeners` and `setMaxListeners` call on an object
 * that is not an EventTarget. It listens to the caller's signal itself: `handleEvent` aborts.
 */
export class Cut {
  constructor() {
    this.aborted = this.timedOut = false;
    this.fns = [];
    this.signal = this;
  }
  getMaxListeners() {}
  setMaxListeners() {}
  addEventListener(_, fn) {
    this.fns.push(fn);
  }
  removeEventListener() {}
  /** Aborts: calls the listeners (the name an EventTarget calls a listener object by). */
  handleEvent() {
    this.aborted = true;
    for (const fn of this.fns) fn.call(this);
  }
}

/** The Cuts the sweeper watches (attempts still running), and when it fires (`Infinity`: not armed). */
const watched = new Set();
let sweeper;
let sweepAt = Infinity;

/** An attempt's Cut: `timeoutMs` from now it ends the attempt, and so does `caller` (the caller's signal). */
function begin(timeoutMs, caller, fetchNow) {
  const cut = new Cut();
  if (fetchNow === nativeFetch && (followsCut ??= follows())) {
    watched.add(cut);
    // Stryker disable next-line EqualityOperator: timing only (a deadline equal to the sweeper's, to the nanosecond, armed again)
    if ((cut.at = performance.now() + timeoutMs) < sweepAt) arm(cut.at);
  } else {
    const controller = new AbortController();
    cut.signal = controller.signal;
    cut.fns.push(() => controller.abort());
    cut.timer = setTimeout(() => expire(cut), timeoutMs);
  }
  caller?.addEventListener('abort', cut);
  return cut;
}

/** The attempt of `cut` (and of `caller`, the caller's signal) ended: nothing ends it any more. */
function end(cut, caller) {
  watched.delete(cut);
  clearTimeout(cut.timer);
  caller?.removeEventListener('abort', cut);
}

/** The sweeper, at `at` (on `performance.now()`'s clock). */
function arm(at) {
  clearTimeout(sweeper);
  sweeper = setTimeout(sweep, (sweepAt = at) - performance.now()).unref();
}

/** Ends the attempt of `cut` as timed out. */
function expire(cut) {
  cut.timedOut = true;
  cut.handleEvent();
}

/** Ends the watched attempts past their deadline as timed out, and arms the sweeper for the next. */
function sweep() {
  sweepAt = Infinity;
  // Stryker disable EqualityOperator: timing only (a deadline reached, or two deadlines equal, to the nanosecond)
  for (const cut of watched) {
    if (cut.at <= performance.now()) {
      watched.delete(cut);
      expire(cut);
    } else if (cut.at < sweepAt) arm(cut.at);
  }
  // Stryker restore EqualityOperator
}

/** For the tests: how many attempts the sweeper still watches (none once every attempt ended). */
export const watching = () => watched.size;

/** The redirect's target when it is in `from`'s origin, else undefined (not followed). */
function sameOrigin(from, headers) {
  const location = headerOf(headers, 'location');
  if (location === undefined) return undefined;
  try {
    const base = new URL(from);
    const next = new URL(location, base);
    return next.origin === base.origin ? next.href : undefined;
  } catch {
    // An unparsable Location: not followed.
  }
}

/** Drops a response's body unread (a followed redirect's). */
// Stryker disable all: frees a connection early; no result depends on it
function discard(res) {
  try {
    if (res.body && typeof res.body.cancel === 'function') res.body.cancel().catch(() => {});
  } catch {
    // Nothing to free.
  }
}
// Stryker restore all

/**
 * A promise of the body as text, or of undefined when it is over `maxBytes` once decoded
 * (then reading stops there). `content-length` counts the bytes on the wire: it is trusted
 * alone only for a body without `content-encoding`, where the two are the same (the usual,
 * fast case). Not an async function: the usual case awaits the platform's own promise
 * (`res.text()`), with no promise of this function's in between. `headers`: `res.headers`, read
 * once by the caller.
 */
function readBody(res, headers, maxBytes) {
  const length = headerOf(headers, 'content-length');
  const encoding = headerOf(headers, 'content-encoding');
  const declared = Number(length); // NaN when absent
  const plain = encoding === undefined || encoding.trim().toLowerCase() === 'identity';
  if (plain && declared > maxBytes) return Promise.resolve();
  // Stryker disable next-line ConditionalExpression,EqualityOperator: performance only (the counted read gives the same text)
  if (plain && declared >= 0) return res.text();
  return readCounted(res, maxBytes);
}

/** Header `name` of a response's `headers` (perhaps a custom fetch's object): a string, or undefined. */
function headerOf(headers, name) {
  const v = headers && typeof headers.get === 'function' ? headers.get(name) : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** Reads the body chunk by chunk, counting the decoded bytes; stops past `maxBytes`. */
async function readCounted(res, maxBytes) {
  if (!res.body || typeof res.body.getReader !== 'function') {
    const text = await res.text();
    return text.length > maxBytes ? undefined : text;
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    // A character split between two chunks is decoded once its last byte has come.
    text += decoder.decode(value, { stream: true });
  }
}

/** What the network said, and where it was trying to go (host and port, never the path or query). */
function describe(err, url) {
  const msg = err && typeof err.message === 'string' ? err.message : String(err);
  const code = err?.cause && (err.cause.code || err.cause.message);
  return `${code && !msg.includes(code) ? `${msg} (${code})` : msg} at ${hostAndPort(url)}`;
}

/** `host:port` of `url` (the scheme's port when it names none). */
export function hostAndPort(url) {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`;
}

/** The longest delay a JavaScript timer takes: a longer one fires at once (Node) or wraps. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * `setTimeout(fn, ms)` for any `ms`: a delay past the timer's limit is waited in steps, so it
 * can neither overflow into a busy loop nor fire early. Returns the function that cancels it.
 */
export function later(fn, ms) {
  let timer;
  const step = (remaining) => {
    const now = Math.min(remaining, MAX_TIMER_MS);
    timer = setTimeout(() => (remaining > now ? step(remaining - now) : fn()), now);
  };
  // Stryker disable EqualityOperator: 0 waits 0 either way
  // biome-ignore lint/complexity/useMathMinMax: NaN must become 0, and Math.max(NaN, 0) is NaN
  step(ms > 0 ? ms : 0);
  // Stryker restore EqualityOperator
  return () => clearTimeout(timer);
}

/**
 * A promise of `true` once `arm`'s callback is called, or of `false` when `signal` aborts
 * first (then the undo that `arm` returned is called): a sleep's timer, a turn's place in line.
 */
export function unlessAborted(signal, arm) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      undo();
      resolve(false);
    };
    const undo = arm(() => {
      // Stryker disable next-line StringLiteral: a listener left on a signal that later aborts finds nothing to undo and a promise already resolved
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    });
    signal?.addEventListener('abort', onAbort);
  });
}

/** Waits `ms`; resolves `true` when the time passed, `false` when `signal` aborted first. */
export function sleep(ms, signal) {
  return unlessAborted(signal, (done) => later(done, ms));
}

/** `obj[name]` when `obj` is an object (else undefined); a getter that throws reads as undefined. */
export function field(obj, name) {
  if (typeof obj !== 'object') return undefined;
  try {
    return obj[name];
  } catch {
    // A getter that threw, or `null`: undefined.
  }
}

/**
 * A value's kind's code (undefined is KIND_MISSING; a function, a symbol or a bigint
 * KIND_OTHER): what valueInto tells the core of a value that is not a string.
 */
export function kind(v) {
  const type = typeof v;
  if (type === 'string') return KIND_STRING;
  if (type === 'number') return KIND_NUMBER;
  if (type === 'boolean') return KIND_BOOL;
  if (type === 'undefined') return KIND_MISSING; // by typeof: document.all too
  if (type !== 'object') return KIND_OTHER; // a function, a symbol, a bigint
  return v === null ? KIND_NULL : Array.isArray(v) ? KIND_ARRAY : KIND_OBJECT;
}

/** Whether `v` is a function (`_unused`: see `failureObject`). */
export const isFunction = (v, _unused) => typeof v === 'function';

/** A number's value (NaN for anything else). Not the core's (valueInto writes a number's value); transport.test.mjs's. */
export const number = (v) => (typeof v === 'number' ? v : NaN);

const encoder = new TextEncoder();
// A number's 8 bytes, little-endian (as the wasm reads its memory, whatever the platform's order).
const numberView = new DataView(new ArrayBuffer(8));
const numberBytes = new Uint8Array(numberView.buffer);

// A string that did not fit the core's room, until the core takes it (heldValue) to read it
// again: a getter of the caller's runs once. (A kind asked with no room holds none.)
let held;

/**
 * What the core needs of a value, `v`'s field `name` (`v` itself when `name` is undefined),
 * in one crossing, into its room, `len` bytes of `mem` from `at` (the core's memory, as the
 * glue's one cached view of it: no view is made a crossing): a string's UTF-8 written there
 * and its length answered, or when it does not fit, the room it needs (its UTF-8's length,
 * more than `len`; the string held for heldValue); else -1 - its kind's code, a number's or a
 * boolean's value (1 or 0) written into the room's first 8 bytes (an empty room asks the
 * kind only).
 */
export function valueAt(v, mem, at, len, name) {
  if (name !== undefined) v = field(v, name);
  if (typeof v === 'string') {
    if (len === 0) return 0; // the kind only: a string (neither encoded nor held)
    const { read, written } = encoder.encodeInto(v, mem.subarray(at, at + len));
    if (read === v.length) return written;
    held = v;
    // The room it needs, exactly (a 10 MB body is not given 30 MB of the core's memory).
    return encoder.encode(v).length;
  }
  const k = kind(v);
  if ((k === KIND_NUMBER || k === KIND_BOOL) && len >= 8) {
    numberView.setFloat64(0, v, true);
    mem.set(numberBytes, at);
  }
  return -1 - k;
}

/** valueAt into the whole of `room` (a Uint8Array): how the tests call it. */
export const valueInto = (v, room, name) => valueAt(v, room, 0, room.length, name);

/** The string valueInto held, taken (`_unused`: see `failureObject`). */
export function heldValue(_unused) {
  const v = held;
  held = undefined;
  return v;
}

/** A response header, or undefined. */
export function header(record, name) {
  return headerOf(record.headers, name);
}

/** All response headers as a plain object with lower-case names. */
export function headerObject(record) {
  const out = {};
  const h = record.headers;
  if (h && typeof h.forEach === 'function')
    h.forEach((v, k) => {
      out[k] = v;
    });
  return out;
}

/**
 * A plain object's string entries, flat (`[name, value, …]`), for the core to check as headers
 * (`defaultHeaders`, a call's `headers`): `[]` when it is absent, undefined when it is not a
 * plain object of strings (an array, a value that is not a string, or a `Headers` or `Map`,
 * whose entries `Object.keys` does not see and which would pass as empty).
 */
export function stringEntries(obj) {
  if (obj === undefined || obj === null) return [];
  if (Array.isArray(obj) || typeof field(obj, 'forEach') === 'function') return undefined;
  let isObject = false;
  try {
    isObject = obj instanceof Object;
  } catch {
    // A Proxy whose getPrototypeOf throws: not a plain object (isObject stays false).
  }
  if (!isObject) return undefined;
  const out = [];
  for (const name of Object.keys(obj)) {
    const value = field(obj, name);
    if (typeof value !== 'string') return undefined;
    out.push(name, value);
  }
  return out;
}

/** The plain object of `stringEntries`' entries: a copy that later changes to the caller's leave as it is. */
export function entriesObject(entries) {
  const out = {};
  for (let i = 0; i < entries.length; i += 2) out[entries[i]] = entries[i + 1];
  return out;
}

/** `obj[name] = value` on an object the core just made (which cannot throw). */
export function setField(obj, name, value) {
  obj[name] = value;
}

/** Request headers: the client's defaults, then one call's extras; x-api-key last (when there is a key). */
export function makeHeaders(apiKey, contentType, extra1, extra2) {
  const h = new Headers();
  if (contentType) h.set('content-type', 'application/json');
  for (const extra of [extra1, extra2]) {
    if (extra) for (const k of Object.keys(extra)) h.set(k, extra[k]);
  }
  if (apiKey) h.set('x-api-key', apiKey); // '' for `apiKey: null`: the app's own backend adds it
  return h;
}

/** `{ ...a, ...b }`: a call's fetchOptions over the client's. */
export function mergeOptions(a, b) {
  return { ...a, ...b };
}

/** `JSON.stringify(value)`, or undefined when it cannot be serialized. */
export function toJson(value) {
  try {
    return JSON.stringify(value); // undefined for undefined, a function or a symbol
  } catch {
    // A cycle, a BigInt, or a toJSON that threw: undefined.
  }
}

/** `url` resolved against the page's (or worker's) URL; undefined where there is none. */
export function resolveUrl(url) {
  try {
    const page = globalThis.location.href;
    if (/^https?:/i.test(page)) return new URL(url, page).href;
  } catch {
    // No location (Node), or a URL that does not resolve: left as it is, for the check to refuse.
  }
}

/** The global scope's `fetch` (the core checks that it is a function; `_unused`: see `failureObject`). */
export function globalFetch(_unused) {
  return globalThis.fetch;
}

/**
 * The environment: `process.env` values (Node, Deno, Bun) and whether this is a web page
 * (`_unused`: see `failureObject`).
 */
export function readEnv(_unused) {
  let apiKey;
  let baseUrl;
  let logLevel;
  try {
    // No process (a browser): unset, without a thrown and caught TypeError (it was most of
    // the constructor's time in a page, about 2 ms of a cold start).
    // Stryker disable next-line OptionalChaining: performance only (without process, the TypeError is caught below alike)
    const env = globalThis.process?.env;
    // Stryker disable next-line ConditionalExpression: performance only (destructuring no env throws into the catch alike)
    if (env) ({ LOOPLY_API_KEY: apiKey, LOOPLY_BASE_URL: baseUrl, LOOPLY_LOG: logLevel } = env);
  } catch {
    // Deno without --allow-env, which throws: unset.
  }
  const isBrowser = typeof window !== 'undefined' && typeof window.document !== 'undefined';
  return { apiKey, baseUrl, isBrowser, logLevel };
}
