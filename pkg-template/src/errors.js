// The error classes of the package: every export of this module is one, and each names
// itself once (`named(class …, '…')`: a name that survives any minifier; a call at import
// rather than a `static` block, which would be one more function for V8 to compile and run
// at import in each class). The package entry re-exports them all; `rejection.js` turns the
// core's descriptors into them.
//
// They are recognised across copies of the package (its CommonJS and ESM entries loaded
// together, or two installed versions): each error carries the names of its classes under a
// process-wide symbol, and each class's `instanceof` also accepts an error whose names include
// its own.
import { ERROR_CLASSES } from './classes.js';

const BRAND = Symbol.for('looply-sdk.errorClasses');

/** The next class's code: the core sends a class's place in this file's order (src/error.rs, `class_by_code`). */
let code = 0;

/** Gives `cls` its name: on the prototype (out of JSON.stringify), and the brand; enters it in ERROR_CLASSES by name and by code. Answers `cls`. */
function named(cls, name) {
  ERROR_CLASSES.set(name, cls).set(code++, cls);
  Object.defineProperty(cls, 'name', { value: name });
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
  const parent = cls.prototype[BRAND] ?? []; // the parent class's (this one's is defined next)
  Object.defineProperty(cls.prototype, BRAND, { value: Object.freeze([name, ...parent]) });
  return cls;
}

/** Base class of every error this package throws. */
export const LooplyError = named(
  class extends Error {
    static [Symbol.hasInstance](value) {
      if (super[Symbol.hasInstance](value)) return true;
      try {
        // Only the package's own classes match by name (their prototype's own brand, whose first
        // name is the class's), not an app's subclass of them.
        const own = this.prototype;
        if (Object.hasOwn(own, BRAND)) {
          const names = value[BRAND]; // null and undefined throw into the catch; other primitives have none
          if (Array.isArray(names)) return names.includes(own[BRAND][0]);
        }
      } catch {
        // a Proxy that throws on get
      }
      return false;
    }
  },
  'LooplyError',
);

/** The API answered with a status outside 2xx. */
export const APIError = named(
  class extends LooplyError {
    constructor(message, init = {}) {
      super(message);
      responseFields(this, init);
    }
  },
  'APIError',
);

/** An error's fields of the response that caused it (APIError's, ResponseDecodeError's). */
function responseFields(error, init) {
  /** HTTP status code. */
  error.status = init.status;
  /** The response body: parsed JSON when it was JSON, else the raw text. */
  error.body = init.body;
  /** Response headers, lower-case names. */
  error.headers = init.headers || {};
  /** The gateway's request id (`x-amzn-requestid`, or `x-request-id`), for support. */
  error.requestId = init.requestId;
}

// The APIError subclass of each status, one a status (or a range of them).
// status classes: written by src/bin/describe from STATUS_CLASSES in src/error.rs (make generate)
/** HTTP 400: a parameter the service rejected. */
export const BadRequestError = named(class extends APIError {}, 'BadRequestError');
/** HTTP 401. */
export const AuthenticationError = named(class extends APIError {}, 'AuthenticationError');
/** HTTP 403: a missing or wrong API key (the gateway answers `{"message":"Forbidden"}`). */
export const PermissionDeniedError = named(class extends APIError {}, 'PermissionDeniedError');
/** HTTP 404: no such workflow, version or execution. */
export const NotFoundError = named(class extends APIError {}, 'NotFoundError');
/** HTTP 409: the execution is not in a state that allows this. */
export const ConflictError = named(class extends APIError {}, 'ConflictError');
/** HTTP 422. */
export const UnprocessableEntityError = named(class extends APIError {}, 'UnprocessableEntityError');
/** HTTP 429: too many requests (retried automatically, honouring `Retry-After`). */
export const RateLimitError = named(class extends APIError {}, 'RateLimitError');
/** HTTP 500 and above. */
export const InternalServerError = named(class extends APIError {}, 'InternalServerError');
// /status classes

/** No response arrived: the network failed or the connection dropped. */
export const APIConnectionError = named(class extends LooplyError {}, 'APIConnectionError');
/** An attempt took longer than `timeoutMs` (after all retries). */
export const APITimeoutError = named(class extends LooplyError {}, 'APITimeoutError');
/** The caller's `AbortSignal` ended the call. */
export const APIUserAbortError = named(class extends LooplyError {}, 'APIUserAbortError');

/**
 * `waitForExecution` ran out of time; `execution` is the last one seen (if any), and
 * `retryAfterMs` the server's requested wait when that wait would have outlasted the deadline.
 */
export const WaitTimeoutError = named(
  class extends LooplyError {
    constructor(message, init = {}) {
      super(message);
      this.execution = init.execution;
      if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    }
  },
  'WaitTimeoutError',
);

/** Bad input: `param` names the parameter. No request was sent. */
export const ValidationError = named(
  class extends LooplyError {
    constructor(message, init = {}) {
      super(message);
      this.param = init.param;
    }
  },
  'ValidationError',
);

/** A 2xx answer whose body is not JSON or not the documented shape; `body` keeps the raw text. */
export const ResponseDecodeError = named(
  class extends LooplyError {
    constructor(message, init = {}) {
      super(message);
      responseFields(this, init);
    }
  },
  'ResponseDecodeError',
);
