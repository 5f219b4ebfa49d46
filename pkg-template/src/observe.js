// A client's own state, which every call of the client (methods and paginators' pages) goes
// through in `drive`: what it lets an app see besides the data, and its traffic control.
//
// What an app sees: log lines (`logLevel`, `logger`) and `request` / `response` events.
// Nothing here may break a call: a logger or a listener that throws is ignored. The API key
// never leaves: request headers are copied with `x-api-key` redacted, URLs never hold it, no
// body is logged, every line passes through the client's Redactor (a server may echo the
// key), and the headers of NEVER_LOGGED are left out.
//
// Its traffic: at most `maxConcurrency` calls at once, the others waiting in order; after a
// 429 that asks for a wait, no attempt of the client starts before the wait is over; and an
// `apiKey` function, asked for the key before each attempt (the fetch that sends it: traffic.js).
import { LooplyError } from './errors.js';
import { header, headerObject, recordFailure, recordMessage, recordStatus, unlessAborted } from 'looply:transport';
import { invalid } from './names.js';
import { MARKER, NEVER_LOGGED, Redactor } from './redact.js';

import { LOG_LEVELS, LOGGER_METHODS, MAX_RETRY_AFTER_MS, REQUEST_ID_HEADERS } from 'looply:facts';
// A client's level is an index into the core's LOG_LEVELS (the core reads `logLevel`).
export const ERROR = LOG_LEVELS.indexOf('error');
export const WARN = LOG_LEVELS.indexOf('warn');
export const INFO = LOG_LEVELS.indexOf('info');
export const DEBUG = LOG_LEVELS.indexOf('debug');
const EVENTS = ['request', 'response'];

/**
 * A client's log level, logger and listeners, which see each attempt; and its lane:
 * its concurrency limit, its 429 pause and its key function.
 */
export class Observer {
  #level;
  #logger;
  // Stryker disable next-line ArrayDeclaration: a non-function here throws into the catch that ignores listeners' errors, and only keeps `verbose` on (see off)
  #listeners = { request: [], response: [] };
  #max;
  #running = 0;
  #waiting = [];
  /** When the last 429's requested wait ends (`Date.now()` ms): no attempt starts before. */
  until = 0;
  /** The key the last attempt was given, read by the fetch wrapper as the attempt starts. */
  key;

  /**
   * `max`: the most calls at once (unlimited when undefined); `credentials`: the apiKey
   * function, if any. Made before the client's core (whose fetch reads `key`), told its level,
   * logger and keys by `watch` once the core is made.
   */
  constructor(max, credentials) {
    this.#max = max ?? Infinity;
    this.credentials = credentials;
  }

  /** `keys`: the client's API keys, kept out of every line and every error it throws. */
  watch(level, logger, keys) {
    this.#level = level;
    this.#logger = logger ?? globalThis.console;
    this.verbose = level >= INFO;
    this.redactor = new Redactor(keys);
  }

  on(name, listener) {
    this.#listeners[checkEvent(name, listener)].push(listener);
    this.verbose = true;
  }

  off(name, listener) {
    remove(this.#listeners[checkEvent(name, listener)], listener);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: `verbose` left on when nothing listens changes only whether a failed call's line, logged at every level, says how long it took
    this.verbose = this.#level >= INFO || EVENTS.some((e) => this.#listeners[e].length > 0);
  }

  log(level, message) {
    if (level > this.#level) return;
    try {
      // The logger's method for each level from 1 ('error'; 0 is 'off', which logs nothing).
      const fn = this.#logger[LOGGER_METHODS[level - 1]];
      // Stryker disable next-line ConditionalExpression: calling a missing method throws, which the catch below ignores alike.
      if (typeof fn === 'function') fn.call(this.#logger, `looply-sdk: ${this.redactor.text(message)}`);
    } catch {
      // A logger that throws never breaks a call.
    }
  }

  #emit(name, event) {
    const listeners = this.#listeners[name];
    // By index, not `for … of`: code in V8's baseline tiers (run once a call) runs an iterator in full.
    // Stryker disable next-line EqualityOperator: one step past the end calls undefined, whose TypeError the catch below swallows as a listener's
    for (let i = 0; i < listeners.length; i++) {
      try {
        listeners[i](event);
      } catch {
        // A listener that throws never breaks a call.
      }
    }
  }

  /** Before an attempt (only when verbose): the `request` event and the debug line; answers when the attempt starts (`now()`). */
  before(request, attempt) {
    const { url, route } = request; // a call's request record (transport.js)
    const { method } = route;
    // The request headers (the transport's `Headers`), the key replaced by MARKER.
    const headers = headerObject(route);
    // Stryker disable next-line ConditionalExpression: every request of the client carries the key; a header object without it stays without it.
    if ('x-api-key' in headers) headers['x-api-key'] = MARKER;
    // Stryker disable next-line ConditionalExpression: log() checks the level too; this spares building the line
    if (this.#level >= DEBUG)
      this.log(DEBUG, `${method} ${url} (attempt ${attempt}) headers ${JSON.stringify(headers)}`);
    this.#emit('request', { method, url, attempt, headers });
    return now();
  }

  /** After an attempt (only when verbose): the `response` event and the debug line. */
  after(request, attempt, record, startedAt) {
    const {
      url,
      route: { method },
    } = request;
    const elapsedMs = Math.round(now() - startedAt);
    const error = failureOf(record);
    const status = error ? 0 : recordStatus(record);
    const requestId = this.redactor.text(requestIdOf(record));
    const event = { method, url, attempt, status, elapsedMs, requestId, error: this.redactor.text(error) };
    // Stryker disable next-line ConditionalExpression: log() checks the level too; this spares building the line
    if (this.#level >= DEBUG) {
      // The response headers (none without a response), without those of NEVER_LOGGED.
      const headers = headerObject(record);
      for (const name of NEVER_LOGGED) delete headers[name];
      this.log(DEBUG, `${method} ${url} -> ${error ?? status} in ${elapsedMs} ms headers ${JSON.stringify(headers)}`);
    }
    this.#emit('response', event);
  }

  /** A retry after `record`, in `waitMs` (logged at warn). */
  retry(request, attempt, record, waitMs) {
    const {
      url,
      route: { method },
    } = request;
    const reason = failureOf(record) ?? `HTTP ${recordStatus(record)}`;
    this.log(WARN, `${method} ${pathOf(url)} failed (${reason}); retrying in ${waitMs} ms (attempt ${attempt + 1})`);
  }

  /**
   * One line per finished call: info for a success; a failure at error when the caller did
   * not cause it (network, timeout, 5xx), at warn when it did (4xx), at info for its own abort.
   * `startedAt` is 0 when the call was not timed (below 'info', without listeners).
   */
  done(request, attempts, startedAt, record, err) {
    const {
      url,
      route: { method },
    } = request;
    const ms = startedAt ? `, ${Math.round(now() - startedAt)} ms` : '';
    const id = record ? this.redactor.text(requestIdOf(record)) : null;
    const tail = `${attempts} attempt${attempts === 1 ? '' : 's'}${ms}${id ? `, request id ${id}` : ''}`;
    if (!err) return this.log(INFO, `${method} ${pathOf(url)} -> ${recordStatus(record)} (${tail})`);
    const status = typeof err.status === 'number' ? ` ${err.status}` : '';
    const level = err.name === 'APIUserAbortError' ? INFO : err.status < 500 ? WARN : ERROR; // no status: ERROR
    this.log(level, `${method} ${pathOf(url)} -> ${err.name}${status}: ${err.message} (${tail})`);
  }

  /**
   * A place for a call: undefined when it may start now (it holds a place), else a promise
   * of `true` once it holds one, in order, or of `false` when `signal` aborts first.
   * `cancel()` ends the call's part in it: it gives up its turn (an abort, or a call abandoned
   * meanwhile by a trap), or passes the place on when it was given already.
   */
  enter(signal) {
    if (this.#running < this.#max) {
      this.#running++;
      return undefined;
    }
    let given = false;
    let turn;
    const promise = unlessAborted(signal, (done) => {
      this.#waiting.push((turn = () => done((given = true))));
      // Stryker disable next-line ArrowFunction: a turn the signal aborted is also taken out by its call's cancel() (drive's finally), or, given meanwhile, passes its place on there
      return () => remove(this.#waiting, turn);
    });
    promise.cancel = () => (given ? this.leave() : remove(this.#waiting, turn));
    return promise;
  }

  /** A call that held a place ended: the next waiting call takes it. */
  leave() {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running--;
  }

  /** After a 429 that asked for `ms` (`Retry-After`; undefined when it did not ask): every call of the client waits that long. */
  pause(ms) {
    // Only a wait a retry would honour (up to a minute): a server cannot stall the client for a day.
    if (ms <= MAX_RETRY_AFTER_MS) this.until = Math.max(this.until, Date.now() + ms); // undefined is not <=
  }

  /** The key for the next attempt, from the apiKey function; a LooplyError (nothing sent) when it fails. */
  async nextKey() {
    let key;
    try {
      key = await this.credentials();
    } catch (cause) {
      throw new LooplyError('looply-sdk: the apiKey function failed, so nothing was sent.', { cause });
    }
    if (typeof key !== 'string' || !/^[\t\x20-\x7e]{1,8192}$/.test(key)) {
      throw new LooplyError(
        'looply-sdk: the apiKey function must give a non-empty string that can be sent in a header; nothing was sent.',
      );
    }
    return key;
  }
}

/** Takes `item` out of `list` (its first place), if it is there: a listener, a waiting turn. */
function remove(list, item) {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}

function checkEvent(name, listener) {
  if (!EVENTS.includes(name)) throw invalid('event', "must be 'request' or 'response'");
  if (typeof listener !== 'function') throw invalid('listener', 'must be a function');
  return name;
}

const now = () => performance.now();

/** A failed attempt's kind and the network's words (`connection: fetch failed`); undefined for an answer. */
function failureOf(record) {
  const failure = recordFailure(record);
  const message = recordMessage(record);
  return message ? `${failure}: ${message}` : failure;
}

function requestIdOf(record) {
  // By index, not an array pattern (an iterator in V8's baseline tiers): the gateway's, then the proxy's.
  return header(record, REQUEST_ID_HEADERS[0]) ?? header(record, REQUEST_ID_HEADERS[1]) ?? null;
}

/** The endpoint's part of a URL (every endpoint path starts with `/workflows/`). */
const pathOf = (url) => url.slice(url.indexOf('/workflows/'));

/** Starts the clock for a call. */
export { now };
/** The request id of a record (for withResponse). */
export { requestIdOf };
