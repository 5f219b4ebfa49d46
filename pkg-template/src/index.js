// The package entry: the public `LooplyClient`, a thin wrapper over the core's client that
// rebuilds it after an instance recovery and turns every rejection into an error class.
import { __new, __paginate } from 'looply:glue';
import { ENDPOINT_LINES, OPTION_LINES } from 'looply:facts';
import { callSync, drive, fromCaller, generation, hold, release, startCall, unavailable } from './instance.js';
import { Paginator } from './paginator.js';
import { Observer, requestIdOf } from './observe.js';
import { checkNames, invalid, isPlainObject } from './names.js';
import { field, recordResponse, resolveUrl } from 'looply:transport';
import { KEY_SLOT, keyed } from './traffic.js';
import { triggerMany } from './many.js';
import { readWaitOptions, waitForExecution, watchExecution } from './wait.js';

export { SETTLED_STATES } from './wait.js';
export { stateLabel } from './labels.js';

export * from './errors.js';

// The names of the client's and a call's options (any other is refused, names.js): two
// lines of names separated by spaces.
/** Lines of space-separated words, as arrays of words. */
const rows = (text) => text.split('\n').map((line) => line.split(' '));
const [CLIENT_OPTIONS, CALL_OPTIONS] = rows(OPTION_LINES);

/**
 * The core's endpoint descriptions (src/bin/describe/ writes them into `looply:facts`, a line
 * each: name, paginator name or nothing, parameter names, separated by spaces), as what each
 * endpoint's method and paginator accept, how their errors name a parameter, and what the
 * method's promise is: `[paramNames, what, walkNames, paginatorWhat, awaiter]` by index, made
 * once. The class's methods below are generated from the same descriptions
 * (src/bin/describe/js.rs), and so is the `.d.ts`.
 *
 * The awaiter is an async function of the method's own name, run on the client, that awaits
 * the call (or throws why it could not start). A failure's stack then reads `at async
 * LooplyClient.getWorkflowById` and goes on, through V8's async stack trace, to the line of
 * the app that awaited it (names set from keys: minifying the bundle keeps them).
 */
const ENDPOINTS = rows(ENDPOINT_LINES).map(([name, paginate, ...paramNames]) => [
  paramNames,
  `parameter of ${name}`,
  [...paramNames, 'maxItems', 'lastKey'], // a paginator's own, beside its list endpoint's (whose `limit` is the page size)
  `parameter of ${paginate}`,
  {
    async [name](core, request, client, refused) {
      if (refused) throw refused;
      return await drive(core, request, client);
    },
  }[name],
]);

/**
 * `options` as the core reads them: a baseUrl relative to the page (a browser app's backend)
 * resolved as a link is; an apiKey function replaced by a slot that the client's fetch fills
 * before each attempt (`lane`: the client's Observer; a `fetch` that is not a function is left
 * for the core to refuse).
 */
function forCore(options, lane) {
  const o = { ...options };
  if (typeof o.baseUrl === 'string' && !/^https?:/i.test(o.baseUrl)) o.baseUrl = resolveUrl(o.baseUrl) ?? o.baseUrl;
  if (lane.credentials && (o.fetch === undefined || typeof o.fetch === 'function')) {
    o.apiKey = KEY_SLOT;
    o.fetch = keyed(lane, o.fetch);
  }
  return o;
}

// A method's promise's call (its request record, whose `last` is its final attempt), for withResponse.
const REQUEST = Symbol('request');

/** A client of the Looply Workflow API (see the type declarations for each method). */
// A property's class, so that its name in stack frames survives minifying (a declaration's would not).
export const { LooplyClient } = {
  LooplyClient: class {
    #given;
    #options;
    #core; // the core's client: `[number, generation]`, which its calls and paginators hold
    #client; // its Observer (observe.js): what every call of this client goes through (drive)
    #withResponse;

    constructor(options) {
      if (unavailable) throw unavailable();
      checkNames(options, CLIENT_OPTIONS, 'option');
      const plain = isPlainObject(options);
      const credentials = plain && typeof options.apiKey === 'function' ? options.apiKey : undefined;
      const client = new Observer(plain ? options.maxConcurrency : undefined, credentials);
      // Shallow copies: the options as given (withOptions) and as the core reads them (so that
      // it can be rebuilt the same after a recovery).
      this.#given = plain ? { ...options } : options;
      this.#options = plain ? forCore(options, client) : options;
      const made = this.#make(); // the core's client, its log level and its API key
      client.watch(made.logLevel, this.#options?.logger, [made.apiKey]);
      this.#client = client;
      // `withResponse()` of the client's methods' promises: the body, the final attempt's
      // `Response` and its request id (through the client's redactor). One a client, not one a call.
      this.#withResponse = function withResponse() {
        const request = this[REQUEST];
        return this.then((data) => ({
          data,
          response: recordResponse(request.last),
          requestId: client.redactor.text(requestIdOf(request.last)),
        }));
      };
    }

    /** Calls `listener` with every `request` (before each attempt) or `response` (after it). */
    on(event, listener) {
      this.#client.on(event, listener);
      return this;
    }

    /** Stops calling `listener` for `event`. */
    off(event, listener) {
      this.#client.off(event, listener);
      return this;
    }

    /** Polls an execution until it satisfies `options.until` (default: SETTLED_STATES); resolves to it. */
    waitForExecution(ids, options) {
      return waitForExecution(this, ids, options);
    }

    /** Triggers each of `items` (at most `concurrency` at once); resolves to their settled results, in order. */
    triggerMany(items, options) {
      return triggerMany(this, items, options);
    }

    /** The execution each time its state or event log changes, until it satisfies `until` (an async iterable). */
    watchExecution(ids, options) {
      return watchExecution(this, ids, readWaitOptions(options));
    }

    /** Triggers a workflow (never sent twice) and waits for its execution; checks the wait options first. */
    async triggerWorkflowAndWait(params, options) {
      const { signal } = readWaitOptions(options);
      const { looply_execution_id } = await this.triggerWorkflow(params, signal ? { signal } : undefined);
      const ids = { workflow_id: params.workflow_id, workflow_execution_id: looply_execution_id };
      return { looply_execution_id, execution: await waitForExecution(this, ids, options) };
    }

    /** A new client with these options over this one's (this one is unchanged; listeners are not shared). */
    withOptions(overrides) {
      if (overrides !== undefined && !isPlainObject(overrides)) {
        throw invalid('overrides', 'must be an object');
      }
      return new LooplyClient({ ...this.#given, ...overrides });
    }

    /** The core's client: made by the constructor, rebuilt if the instance was replaced since. */
    #live() {
      if (this.#core[1] !== generation) this.#make();
      return this.#core;
    }

    /** Makes the core's client; answers its `{ logLevel, apiKey }`, which `__new` writes. */
    #make() {
      const made = {};
      const core = (this.#core = [callSync(() => __new(this.#options, made)), generation]);
      hold(core, core);
      return made;
    }

    /** Releases the WebAssembly memory this client holds (optional: it is also garbage-collected). */
    free() {
      release(this.#core, this.#core); // its calls and paginators then answer a freed client's error
    }

    /** One call of the endpoint at `index` (a generated method's body). */
    #call(index, params, options) {
      // By index, not destructured: an array pattern runs the iterator protocol, which code in
      // V8's baseline tiers (a call's code, run once a call) does in full.
      const endpoint = ENDPOINTS[index];
      let core;
      let request;
      let refused; // why the call could not start: rethrown by the method's promise
      try {
        checkNames(params, endpoint[0], endpoint[1]);
        checkNames(options, CALL_OPTIONS, 'option');
        core = this.#live();
        request = startCall(core, index, params, options);
      } catch (e) {
        refused = fromCaller(e, this.#call); // from the method's frame down: the checks' frames are noise
      }
      const promise = endpoint[4].call(this, core, request, this.#client, refused); // its awaiter
      promise.withResponse = this.#withResponse;
      promise[REQUEST] = request;
      return promise;
    }

    /** A paginator of the list endpoint at `index` (a generated method's body). */
    #paginate(index, params, options) {
      const [, , walkNames, what] = ENDPOINTS[index];
      try {
        checkNames(params, walkNames, what);
        checkNames(options, CALL_OPTIONS, 'option');
        const core = this.#live();
        // The caller's cursor, read once (by the function the core reads fields with): the core
        // walks from it, and the paginator's lastKey is it until a page answers the next.
        const start = field(params, 'lastKey');
        const pager = callSync(() => __paginate(core[0], index, params, options, start));
        return new Paginator(core, pager, this.#client, start);
      } catch (e) {
        throw fromCaller(e, this.#paginate); // from the method's frame down, as a call's
      }
    }

    // methods: written by src/bin/describe from the endpoint descriptions (make generate)
    /** Runs a workflow with `payload` as its input. */
    triggerWorkflow(params, options) {
      return this.#call(0, params, options);
    }

    /** Reads a workflow version with its steps, connections, integrations and schema. */
    getWorkflowById(params, options) {
      return this.#call(1, params, options);
    }

    /** Lists one page of the organization's workflow versions. */
    getOrganizationWorkflows(params, options) {
      return this.#call(2, params, options);
    }

    /** Walks the organization's workflow versions, following `lastKey`. */
    paginateOrganizationWorkflows(params, options) {
      return this.#paginate(2, params, options);
    }

    /** Reads a workflow's data schema and mock payload. */
    getWorkflowSchemaById(params, options) {
      return this.#call(3, params, options);
    }

    /** Resumes an execution waiting for a response. */
    resumeWorkflow(params, options) {
      return this.#call(4, params, options);
    }

    /** Runs any workflow action: the API document says more actions than `resumeworkflow` will come. */
    runWorkflowAction(params, options) {
      return this.#call(5, params, options);
    }

    /** Reads an execution's current state, payloads and logs. */
    getWorkflowExecutionById(params, options) {
      return this.#call(6, params, options);
    }

    /** Lists one page of a workflow's executions, newest first. */
    getWorkflowExecutionHistory(params, options) {
      return this.#call(7, params, options);
    }

    /** Walks a workflow's executions, newest first, following `lastKey` page by page. */
    paginateWorkflowExecutionHistory(params, options) {
      return this.#paginate(7, params, options);
    }

    /** Lists one page of all the organization's executions, newest first. */
    getOrganizationExecutions(params, options) {
      return this.#call(8, params, options);
    }

    /** Walks all the organization's executions, newest first, following `lastKey`. */
    paginateOrganizationExecutions(params, options) {
      return this.#paginate(8, params, options);
    }

    /** Pauses or plays a scheduled workflow. */
    toggleScheduledWorkflow(params, options) {
      return this.#call(9, params, options);
    }

    // /methods
  },
};

// `using client = new LooplyClient(…)` where the runtime has Symbol.dispose: a statement at
// import, not the class's `static` block (a function for V8 to compile and run).
// Stryker disable next-line ConditionalExpression: every runtime the tests run on has Symbol.dispose (the guard is for browsers without it); that it is defined is tested
if (Symbol.dispose) {
  LooplyClient.prototype[Symbol.dispose] = function () {
    this.free();
  };
}
