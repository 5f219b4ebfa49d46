// The package entry: the public `LooplyClient`, a thin wrapper over the core's class that
// rebuilds it after an instance recovery and turns every rejection into an error class.
import { LooplyClient as Core } from 'looply:glue';
import { callSync, currentGeneration, drive, ensureLoaded, isLoaded, track } from './instance.js';
import { Paginator } from './paginator.js';

export * from './errors.js';

// The public methods are the core's endpoint descriptions, as its `__endpoints` export lists
// them: `[name, paginatorName | undefined]` by index. The `.d.ts` declares the same methods,
// generated from the same descriptions (src/bin/describe.rs), so the two cannot disagree.
// Without WebAssembly there are none; the constructor says why (ensureLoaded).
const ENDPOINTS = isLoaded() ? Core.__endpoints() : [];

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
    ENDPOINTS.forEach(([name, paginate], index) => {
      Object.defineProperty(this.prototype, name, {
        value: function (params, options) {
          return track(() => {
            const core = this.#live();
            return drive(core, core.__call(index, params, options));
          });
        },
        writable: true,
        configurable: true,
      });
      if (paginate === undefined) return;
      Object.defineProperty(this.prototype, paginate, {
        value: function (params, options) {
          const core = callSync(() => this.#live());
          return new Paginator(core, callSync(() => core.__paginate(index, params, options)));
        },
        writable: true,
        configurable: true,
      });
    });
    if (typeof Symbol.dispose === 'symbol') {
      this.prototype[Symbol.dispose] = function () {
        this.free();
      };
    }
  }
}
