// The package entry: the public `LooplyClient`, a thin wrapper over the core's class that
// rebuilds it after an instance recovery and turns every rejection into an error class.
import { LooplyClient as Core } from 'looply:glue';
import { callSync, currentGeneration, drive, ensureLoaded, track } from './instance.js';
import { Paginator } from './paginator.js';

export {
  LooplyError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  ValidationError,
  ResponseDecodeError,
} from './errors.js';

// The public methods are the core's own exports, the same exports that the `.d.ts` is
// generated from: the declarations and the runtime cannot disagree. `__`-prefixed exports
// are the call-driving internals; `paginate…` ones return a Paginator.
const EXPORTED = Object.getOwnPropertyNames(Core.prototype).filter(
  (name) => name !== 'constructor' && name !== 'free' && !name.startsWith('__'),
);
const PAGINATORS = EXPORTED.filter((name) => name.startsWith('paginate'));
const METHODS = EXPORTED.filter((name) => !name.startsWith('paginate'));

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A client of the Looply Workflow API (see the type declarations for each method). */
export class LooplyClient {
  #options;
  #core;
  #generation;

  constructor(options) {
    ensureLoaded();
    // A shallow copy, so that the core can be rebuilt the same after a recovery.
    this.#options = isPlainObject(options) ? { ...options } : options;
    this.#core = callSync(() => new Core(this.#options));
    this.#generation = currentGeneration();
  }

  /** The core's client, rebuilt if the instance was replaced since it was made. */
  #live() {
    if (this.#generation !== currentGeneration()) {
      this.#core = callSync(() => new Core(this.#options));
      this.#generation = currentGeneration();
    }
    return this.#core;
  }

  /** Releases the WebAssembly memory this client holds (optional: it is also garbage-collected). */
  free() {
    if (this.#generation === currentGeneration()) this.#core.free();
  }

  // One method per endpoint, each a call into the core (inside the class body so that
  // it can reach the private members).
  static {
    // The bundle also holds the core's class of the same name; keep the public one's.
    Object.defineProperty(this, 'name', { value: 'LooplyClient' });
    for (const name of METHODS) {
      Object.defineProperty(this.prototype, name, {
        value: function (params, options) {
          return track(() => {
            const core = this.#live();
            return drive(core, core[name](params, options));
          });
        },
        writable: true,
        configurable: true,
      });
    }
    for (const name of PAGINATORS) {
      Object.defineProperty(this.prototype, name, {
        value: function (params, options) {
          const core = callSync(() => this.#live());
          return new Paginator(core, callSync(() => core[name](params, options)));
        },
        writable: true,
        configurable: true,
      });
    }
    if (typeof Symbol.dispose === 'symbol') {
      this.prototype[Symbol.dispose] = function () {
        this.free();
      };
    }
  }
}
