// The package entry. It instantiates the WebAssembly core synchronously from inlined
// bytes (no init(), no .wasm file to serve; on workerd from the imported .wasm module) and
// wraps the core's `LooplyClient` so that every rejection arrives as one of the exported
// error classes.
import { initSync, LooplyClient as Core } from '../../build/glue/looply_sdk.js';
import { wasmBytes } from 'looply:wasm'; // inlined bytes, or the .wasm module on workerd
import { toLooplyError } from './errors.js';
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

initSync({ module: wasmBytes() });

const METHODS = [
  'triggerWorkflow',
  'resumeWorkflow',
  'runWorkflowAction',
  'toggleScheduledWorkflow',
  'getWorkflowExecutionById',
  'getWorkflowExecutionHistory',
  'getOrganizationExecutions',
  'getWorkflowById',
  'getOrganizationWorkflows',
  'getWorkflowSchemaById',
];

const PAGINATORS = [
  'paginateWorkflowExecutionHistory',
  'paginateOrganizationExecutions',
  'paginateOrganizationWorkflows',
];

/** A client of the Looply Workflow API (see the type declarations for each method). */
export class LooplyClient {
  #core;

  constructor(options) {
    try {
      this.#core = new Core(options);
    } catch (e) {
      throw toLooplyError(e);
    }
  }

  #call(name, params, options) {
    let promise;
    try {
      promise = this.#core[name](params, options);
    } catch (e) {
      return Promise.reject(toLooplyError(e));
    }
    return promise.then(undefined, (e) => {
      throw toLooplyError(e);
    });
  }

  /** Releases the WebAssembly memory this client holds (optional: it is also garbage-collected). */
  free() {
    this.#core.free();
  }

  // One method per endpoint, each a call into the core (inside the class body so that
  // it can reach the private `#call`).
  static {
    for (const name of METHODS) {
      Object.defineProperty(this.prototype, name, {
        value: function (params, options) {
          return this.#call(name, params, options);
        },
        writable: true,
        configurable: true,
      });
    }
    for (const name of PAGINATORS) {
      Object.defineProperty(this.prototype, name, {
        value: function (params, options) {
          try {
            return new Paginator(this.#core[name](params, options));
          } catch (e) {
            throw toLooplyError(e);
          }
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
