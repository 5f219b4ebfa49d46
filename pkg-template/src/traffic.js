// A client's traffic control and credentials, which every call of the client (methods and
// paginators' pages) goes through in `drive`: at most `maxConcurrency` calls at once, the
// others waiting in order; after a 429 that asks for a wait, no attempt of the client starts
// before the wait is over; and an `apiKey` function, asked for the key before each attempt.
import { APIUserAbortError, LooplyError } from './errors.js';

/** A client's lane: its concurrency limit, its 429 pause and its key function. */
export class Lane {
  #max;
  #running = 0;
  #waiting = [];
  /** When the last 429's requested wait ends (`Date.now()` ms): no attempt starts before. */
  until = 0;

  /** `max`: the most calls at once (unlimited when undefined); `credentials`: the apiKey function, if any. */
  constructor(max, credentials) {
    this.#max = max ?? Infinity;
    this.credentials = credentials;
    /** The key the last attempt was given, read by the fetch wrapper as the attempt starts. */
    this.key = undefined;
  }

  /**
   * A place for a call: undefined when it may start now (it holds a place), else a promise
   * that resolves once it holds one, in order, or rejects with APIUserAbortError when `signal`
   * aborts first. `cancel()` ends the call's part in it: it gives up its turn (an abort, or a
   * call abandoned meanwhile by a trap), or passes the place on when it was given already.
   */
  enter(signal) {
    if (this.#running < this.#max) {
      this.#running++;
      return undefined;
    }
    let turn;
    const promise = new Promise((resolve, reject) => {
      const aborted = () => {
        remove(this.#waiting, turn);
        reject(new APIUserAbortError('The request was aborted while it waited for its turn.'));
      };
      turn = () => {
        turn.given = true;
        // Stryker disable next-line StringLiteral: a listener left on a signal that later aborts finds nothing to drop and a promise already resolved
        signal?.removeEventListener('abort', aborted);
        resolve();
      };
      if (signal?.aborted) return aborted();
      this.#waiting.push(turn);
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: a signal aborts once, so `once` changes nothing
      signal?.addEventListener('abort', aborted, { once: true });
    });
    promise.cancel = () => (turn.given ? this.leave() : remove(this.#waiting, turn));
    return promise;
  }

  /** A call that held a place ended: the next waiting call takes it. */
  leave() {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running--;
  }

  /** After a 429 that asked for `ms`: every call of the client waits that long. */
  pause(ms) {
    this.until = Math.max(this.until, Date.now() + ms);
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

/** Takes `item` out of `list` (its first place), if it is there. */
export function remove(list, item) {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}

/** What the core is given for a key that a function supplies: never sent (`keyed` sets the real one). */
export const KEY_SLOT = 'looply-sdk-key-from-a-function';

/** A fetch (the given one, else the global one at the time of each attempt) that sends `lane.key`. */
export function keyed(lane, fetch) {
  return (url, init) => {
    // Once an attempt: its redirects (the same init) keep the key it started with.
    if (init.headers.get('x-api-key') === KEY_SLOT) init.headers.set('x-api-key', lane.key);
    return (fetch ?? globalThis.fetch)(url, init);
  };
}
