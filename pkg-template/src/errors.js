// The error classes of the package. The Rust core rejects with plain descriptors
// (`{ looplyError: 'NotFoundError', message, status, … }`); `toLooplyError` is the one
// place that turns them into these classes.

// Recognised across copies of the package (its CommonJS and ESM entries loaded together, or
// two installed versions): each error carries the names of its classes under a
// process-wide symbol, and each class's `instanceof` also accepts an error whose names
// include its own.
const BRAND = Symbol.for('looply-sdk.errorClasses');
const OWN_NAME = Symbol.for('looply-sdk.errorClass');

/** Base class of every error this package throws. */
export class LooplyError extends Error {
  static [Symbol.hasInstance](value) {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    // Only the package's own classes match by name, not an app's subclass of them.
    if (!Object.hasOwn(this, OWN_NAME) || value === null || typeof value !== 'object') return false;
    try {
      const names = value[BRAND];
      return Array.isArray(names) && names.includes(this[OWN_NAME]);
    } catch {
      return false; // a Proxy that throws on get
    }
  }
}

/** The API answered with a status outside 2xx. */
export class APIError extends LooplyError {
  constructor(message, init = {}) {
    super(message);
    /** HTTP status code. */
    this.status = init.status;
    /** The response body: parsed JSON when it was JSON, else the raw text. */
    this.body = init.body;
    /** Response headers, lower-case names. */
    this.headers = init.headers || {};
    /** The gateway's request id (`x-amzn-requestid`, or `x-request-id`), for support. */
    this.requestId = init.requestId;
  }
}

export class BadRequestError extends APIError {}
export class AuthenticationError extends APIError {}
export class PermissionDeniedError extends APIError {}
export class NotFoundError extends APIError {}
export class ConflictError extends APIError {}
export class UnprocessableEntityError extends APIError {}
export class RateLimitError extends APIError {}
export class InternalServerError extends APIError {}

/** No response arrived: the network failed or the connection dropped. */
export class APIConnectionError extends LooplyError {}
/** An attempt took longer than `timeoutMs` (after all retries). */
export class APITimeoutError extends LooplyError {}
/** The caller's `AbortSignal` ended the call. */
export class APIUserAbortError extends LooplyError {}

/** Bad input: `param` names the parameter. No request was sent. */
export class ValidationError extends LooplyError {
  constructor(message, init = {}) {
    super(message);
    this.param = init.param;
  }
}

/** A 2xx answer whose body is not JSON or not the documented shape; `body` keeps the raw text. */
export class ResponseDecodeError extends LooplyError {
  constructor(message, init = {}) {
    super(message);
    this.status = init.status;
    this.body = init.body;
    this.headers = init.headers || {};
    this.requestId = init.requestId;
  }
}

const CLASSES = {
  LooplyError, APIError, BadRequestError, AuthenticationError, PermissionDeniedError,
  NotFoundError, ConflictError, UnprocessableEntityError, RateLimitError,
  InternalServerError, APIConnectionError, APITimeoutError, APIUserAbortError,
  ValidationError, ResponseDecodeError,
};

// `name` on the prototype: survives minification and stays out of JSON.stringify. The
// brand (the class's name and its ancestors') too: non-enumerable, on the prototype.
for (const [name, cls] of Object.entries(CLASSES)) {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
  Object.defineProperty(cls, OWN_NAME, { value: name });
}
for (const cls of Object.values(CLASSES)) {
  const names = [];
  for (let c = cls; c !== Error; c = Object.getPrototypeOf(c)) names.push(c[OWN_NAME]);
  Object.defineProperty(cls.prototype, BRAND, { value: Object.freeze(names) });
}

/** Turns whatever the core rejected with into a `LooplyError`. */
export function toLooplyError(e) {
  if (e instanceof LooplyError) return e;
  const cls = e && typeof e === 'object' && CLASSES[e.looplyError];
  if (cls) return new cls(e.message, e);
  const detail = e && typeof e.message === 'string' ? e.message : String(e);
  return new LooplyError(`looply-sdk: internal error (a bug in the SDK, please report it): ${detail}`, { cause: e });
}
