// The API key never leaves through what the SDK writes. A server may echo it (in an error
// body, a header, a request id), and so may a network error: every string of an error the
// SDK throws, and every log line, passes through the client's Redactor, which puts MARKER
// where a key was.
import { isObject } from './names.js';

/** What stands where a key was. */
export const MARKER = '***';

/** Keys shorter than this are not looked for: no real key is, and every message would be garbled. */
const MIN_KEY_LENGTH = 6;

/** Response headers that no log line shows, at any level. */
export const NEVER_LOGGED = new Set([
  'www-authenticate',
  'proxy-authenticate',
  'set-cookie',
  'authorization',
  'x-api-key',
]);

export class Redactor {
  /** The keys and their URL-encoded forms, each once, in the order they came. */
  #needles = new Set();

  /** A redactor of `keys` (strings; others are ignored). */
  // Stryker disable next-line ArrayDeclaration: as above, for the default of no keys.
  constructor(keys = []) {
    for (const key of keys) this.add(key);
  }

  /** Also redacts `key` (and its URL-encoded form) from now on. */
  add(key) {
    if (typeof key === 'string' && key.length >= MIN_KEY_LENGTH) this.#needles.add(key).add(encodeURIComponent(key));
  }

  /** `s` with every key replaced by MARKER (anything but a string is returned as it is). */
  text(s) {
    if (typeof s !== 'string') return s;
    for (const needle of this.#needles) s = s.replaceAll(needle, MARKER);
    return s;
  }

  /**
   * `v` with every string in it redacted, at any depth, property names too. Objects are
   * changed in place (they are the SDK's own copies: parsed bodies, header objects); the walk
   * keeps its own stack, so a body nested a million deep cannot overflow it.
   */
  value(v) {
    if (!isObject(v)) return this.text(v);
    // Stryker disable next-line ConditionalExpression: without needles the walk changes nothing; this spares it.
    if (this.#needles.size === 0) return v;
    const stack = [v];
    while (stack.length > 0) {
      const obj = stack.pop();
      for (const name of Object.keys(obj)) {
        let item = obj[name];
        if (typeof item === 'string') item = obj[name] = this.text(item);
        else if (isObject(item)) stack.push(item);
        const clean = this.text(name);
        if (clean !== name) {
          delete obj[name];
          obj[clean] = item;
        }
      }
    }
    return v;
  }

  /** Redacts an error the SDK is about to throw (message, stack, body, headers, requestId, cause); returns it. */
  error(err) {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: without needles every step changes nothing, and a non-object throws inside the try below.
    if (this.#needles.size === 0 || !isObject(err)) return err;
    try {
      // (`value` of a string is its `text`; the message, stack and request id are strings or none.)
      for (const name of ['message', 'stack', 'requestId', 'body', 'headers']) {
        if (name in err) err[name] = this.value(err[name]);
      }
      const { cause } = err;
      if (typeof cause === 'string') err.cause = this.text(cause);
      // A cause whose message or stack holds a key: its name and redacted message only.
      else if (
        isObject(cause) &&
        // Stryker disable next-line ConditionalExpression: text() returns a non-string as it is, so the second test alone decides.
        ['message', 'stack'].some((name) => typeof cause[name] === 'string' && this.text(cause[name]) !== cause[name])
      )
        err.cause = { name: cause.name, message: this.text(String(cause.message)) };
    } catch {
      // A frozen or exotic cause: what could be cleaned was.
    }
    return err;
  }
}
