// The WebAssembly instance's life: created at import; if it ever traps (a bug, memory
// exhaustion), the calls in flight fail with a LooplyError that says so, a fresh instance
// replaces it, and the next call is served normally. Every entry into wasm is a
// synchronous call made here (the core holds no callbacks), so every trap is seen.
import { __call, __forget, __free, __looplyInit, __retryAfterMs, __settle, __wbg_reset_state } from 'looply:glue';
import {
  ABORTED,
  CoreFailure,
  header,
  recordJson,
  recordKind,
  recordOutcome,
  recordStatus,
  sendOnce,
  sleep,
} from 'looply:transport';
import { wasmBytes } from 'looply:wasm'; // inlined bytes, or the .wasm module on workerd
import { APIUserAbortError, LooplyError } from './errors.js';
import { toLooplyError } from './rejection.js';
import { now } from './observe.js';

/**
 * When the core could not be loaded (no WebAssembly, or compiling it refused): the maker of the
 * LooplyError that says why, which a client's constructor throws. Importing never throws: an app
 * whose pages never call Looply still loads.
 */
export let unavailable;
try {
  __looplyInit(wasmBytes());
} catch (cause) {
  unavailable = () =>
    new LooplyError(
      `looply-sdk cannot run here: WebAssembly is unavailable (${String(cause?.message ?? cause)}). Likely causes: a ` +
        "runtime without WebAssembly (React Native's Hermes, node --jitless, iOS Lockdown Mode, " +
        'an edge runtime that forbids compiling it from bytes), or a page whose ' +
        "Content-Security-Policy forbids compiling it: add 'wasm-unsafe-eval' to script-src.",
      { cause },
    );
}

const inflight = new Set();
/** Bumped by every recovery: objects of the core made before it are stale (read as a live binding). */
export let generation = 0;

/**
 * The core's objects (a client, a pager) are numbers in its slab (src/wasm/objects.rs), kept
 * as `[number, generation]` and each held by a JavaScript object: a client's by that array
 * itself (what its calls and paginators hold), a pager's by its Paginator. This frees the
 * number of a holder that was collected, unless its instance was replaced since: a number of
 * a failed instance never reaches the new one.
 */
export const HELD =
  // Stryker disable next-line ConditionalExpression,StringLiteral: the stand-in taken where a registry exists frees nothing, which memory.test.mjs catches ("let go of"); the registry always taken is the same in every runtime the suite runs in
  typeof FinalizationRegistry === 'undefined'
    ? // Stryker disable next-line ObjectLiteral: only a runtime without FinalizationRegistry takes the stand-in
      { register() {}, unregister() {} }
    : new FinalizationRegistry(free);

/** Frees number `n` (of instance `g`) in the core, unless its instance was replaced since. */
function free([n, g]) {
  if (g === generation) __free(n);
}

/** `holder` holds the core's object `core` (`[number, generation]`): freed when `holder` is collected (HELD). Answers `core`. */
export function hold(holder, core) {
  HELD.register(holder, [...core], holder); // a copy: what `holder` holds would keep it
  return core;
}

/**
 * Frees the core's object `core` (`[number, generation]`), held by `holder` (not one of a
 * failed instance); its number is then −1, a number of no object, whose calls answer a freed
 * object's error. The core frees it a microtask later: code of the caller's may run while the
 * core settles a response (a custom fetch's headers), when its objects are borrowed.
 */
export function release(holder, core) {
  if (core[1] === generation) {
    HELD.unregister(holder);
    queueMicrotask(free.bind(null, [...core]));
  }
  core[0] = -1;
}

/** The number of the core's object `core` (`[number, generation]`); one of a failed instance is refused. */
export function live(core) {
  if (core[1] !== generation) throw new Error('Invalid stale object from previous Wasm instance');
  return core[0];
}

/** `generation` (for the test build's entry). */
export function currentGeneration() {
  return generation;
}

function crashed(cause) {
  return new LooplyError(
    'looply-sdk: its WebAssembly instance failed while this call was in flight, so the call was ' +
      'abandoned (it may or may not have reached the service). A fresh instance serves the next call.',
    { cause },
  );
}

/** Fails every call in flight and replaces the instance. */
function recover(trap) {
  const pending = [...inflight];
  inflight.clear();
  generation++;
  __wbg_reset_state();
  for (const entry of pending) entry.reject(crashed(trap));
}

/** A failure of a call into the core, as the error its caller gets. */
function failure(e) {
  // A trap? Only calls into a loaded core fail here, so WebAssembly is there.
  if (!(e instanceof WebAssembly.RuntimeError)) return toLooplyError(e);
  recover(e);
  return crashed(e);
}

/**
 * `what` raced against a trap elsewhere: settles as `what` does, or rejects at once when a
 * recovery abandons `call` (its core was replaced). `what` is a promise, or a call's request
 * record, whose attempt (`sendOnce`) then settles the race itself: no promise of its own and
 * no turn in between. `call` is a call's entry in `inflight` (`{ reject }`, from `drive`'s
 * start to its end); a call awaits one thing at a time, so one `reject` (that of what it
 * awaits) is enough.
 */
function race(call, what) {
  return new Promise((resolve, reject) => {
    call.reject = reject;
    // A call abandoned before it awaited anything (a trap from its own `request` listener) ends here.
    if (call.abandoned) reject(call.abandoned);
    // A request is sent even so, as it was; a promise is followed either way (abandoned, the
    // race is rejected already, and a second settling does nothing).
    if (what.route) sendOnce(what, resolve, reject);
    else what.then(resolve, reject);
  });
}

/** A call's `reject` until it first awaits (called as `call.reject(e)`): keeps a recovery's error for its first race. */
function abandon(e) {
  this.abandoned = e;
}

/**
 * Runs a synchronous call into the core, turning a trap into a recovery and a LooplyError, and
 * an error descriptor it answers (a `CoreFailure`: the core answers its failures) into its error.
 */
export function callSync(run) {
  try {
    return answered(run());
  } catch (e) {
    throw failure(e);
  }
}

/** The core's answer, or its error descriptor (a `CoreFailure`) thrown: each export answers its failures. */
function answered(answer) {
  if (answer instanceof CoreFailure) throw answer;
  return answer;
}

/**
 * `__settle` of `request`'s call of client number `id` with `record`, an attempt's end
 * (sendOnce's or ABORTED): its status, outcome, parsed body and the body's kind (with the kind
 * of the field the request's `check` names) passed beside it, which the core reads at every
 * end (a crossing back into JavaScript each, saved); the rest (headers, text, message) it
 * reads through the record.
 */
function settle(id, request, record) {
  return __settle(
    id,
    request.call,
    record,
    recordStatus(record),
    recordOutcome(record),
    recordJson(record),
    recordKind(record, request.check),
  );
}

/** Starts a call of endpoint `index` on `core` (a live client's `[number, generation]`): the request record `__call` answers (`{ call, url, body, route }`). */
export function startCall(core, index, params, options) {
  try {
    return answered(__call(core[0], index, params, options));
  } catch (e) {
    throw failure(e);
  }
}

/**
 * Drives `request` (a call the core started: `__call`, or a paginator's `__next`) to its
 * end: attempt, and while the core says so, wait and attempt again. Resolves to the response
 * body; with `onDone` (a paginator's), to `[body, onDone(record)]`, `record` the final
 * attempt's. `client` is the client's Observer (observe.js): its logs and events see each
 * attempt when it is verbose, and every retry; its lane is the client's traffic control and
 * key function. `request.last` keeps the last attempt's record (for `withResponse`). `core`
 * is the client's `[number, generation]` (`live` refuses it once its instance was replaced).
 */
export async function drive(core, request, client, onDone) {
  const { verbose } = client;
  const { signal } = request.route;
  const startedAt = verbose ? now() : 0;
  const call = { reject: abandon }; // rejects what the call awaits now (race)
  inflight.add(call);
  let turn; // a place waited for (the client's enter): it holds the place once given
  let open = true; // until the core forgets the call (a success does, in __settle)
  let attempt = 1;
  let record;
  try {
    turn = client.enter(signal);
    // A turn resolves false when the signal aborted while the call waited for it.
    if (turn && !(await race(call, turn))) {
      throw new APIUserAbortError('The request was aborted while it waited for its turn.');
    }
    for (; ; attempt++) {
      // After a 429 of any call of this client, no attempt starts before its wait is over.
      // (No clock read until some 429 asked for a wait: the usual attempt pays nothing here.)
      const paused = client.until && client.until - Date.now();
      // Stryker disable next-line EqualityOperator,ConditionalExpression: a pause of 0 ms only costs a tick (an aborted signal is read below)
      if (paused > 0 && !(await race(call, sleep(paused, signal)))) throw settle(live(core), request, ABORTED);
      if (client.credentials) client.redactor.add((client.key = await race(call, client.nextKey())));
      // A signal aborted by now (before the call, or while it waited for its turn, a pause or
      // its key) ends it as an aborted attempt would: nothing announces an attempt not sent.
      if (signal?.aborted) throw settle(live(core), request, ABORTED);
      const sentAt = verbose && client.before(request, attempt);
      record = await race(call, request);
      // Stryker disable next-line ConditionalExpression: not verbose, `after` has no listener to call and no line to log (it only costs the call)
      if (verbose) client.after(request, attempt, record, sentAt);
      if (recordStatus(record) === 429) client.pause(retryAfterOf(record));
      request.last = record;
      const next = answered(settle(live(core), request, record));
      if (typeof next !== 'number') {
        open = false;
        // Stryker disable next-line ConditionalExpression: not verbose, a success's line is below the level (it only costs the call)
        if (verbose) client.done(request, attempt, startedAt, record);
        return onDone ? [next, onDone(record)] : next;
      }
      client.retry(request, attempt, record, next);
      // A wait the signal cut short ends the call as an aborted attempt would: the core says how.
      if (!(await race(call, sleep(next, signal)))) throw settle(live(core), request, ABORTED);
    }
  } catch (e) {
    const err = client.redactor.error(failure(e)); // first: a trap replaces the instance
    if (open) {
      // Frees the call in the core (a freed client's too), unless the instance was replaced
      // meanwhile (nothing is left to free: `live` throws).
      try {
        live(core);
        __forget(request.call);
      } catch {
        // The instance was replaced.
      }
    }
    // A failed call is logged at every level but 'off'.
    client.done(request, attempt, startedAt, record, err);
    throw fromCaller(err, drive);
  } finally {
    inflight.delete(call);
    // A turn passes its place on once given (and gives its turn up if not); a call without one held a place from the start.
    if (turn) turn.cancel();
    else client.leave();
  }
}

/**
 * The wait `res`'s headers ask for (`retry-after-ms`, or `Retry-After` in seconds or as a
 * date: the core's one parser), if any (`res`: an attempt's record or a `Response`).
 */
export function retryAfterOf(res) {
  const ms = header(res, 'retry-after-ms');
  const s = header(res, 'retry-after');
  // Stryker disable next-line ConditionalExpression: the core answers undefined for two absent headers alike; this spares the crossing.
  if (ms === undefined && s === undefined) return undefined;
  return callSync(() => __retryAfterMs(ms, s, Date.now()));
}

/**
 * `err` with its stack taken again from `below`'s caller (V8, which then goes on through the
 * awaiting calls: the method's named frame and the app's own line), so that the SDK's frames
 * under `below` are not in it; as it is elsewhere.
 */
export function fromCaller(err, below) {
  Error.captureStackTrace?.(err, below);
  return err;
}
