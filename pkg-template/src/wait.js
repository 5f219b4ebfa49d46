// Waiting for an execution: polls getWorkflowExecutionById (each poll under the client's own
// retry rules) until the execution satisfies `until`, the time runs out, or the caller
// aborts. An execution may not be readable right after its trigger: a 404 within the grace
// period keeps polling. A server that asks for a wait (`Retry-After`, read by the core's one
// parser) is obeyed, unless the wait would outlast the waiter's own deadline: then the wait
// ends at once with WaitTimeoutError (no sleep past the deadline, no timer overflow).
import { SETTLED_STATES } from 'looply:facts';
import { later, sleep } from 'looply:transport';
import { APIUserAbortError, NotFoundError, RateLimitError, WaitTimeoutError } from './errors.js';
import { retryAfterOf } from './instance.js';
import { checkOptions, invalid } from './names.js';

/** States in which an execution has settled: finished, failed, or waiting for a response. */
export { SETTLED_STATES };

/** A whole number of milliseconds ≥ `min`, or `fallback` when absent. */
function ms(options, name, fallback, min) {
  const v = options[name];
  if (v === undefined) return fallback;
  if (!Number.isSafeInteger(v) || v < min)
    throw invalid(name, `must be a whole number of milliseconds (${min} or more)`);
  return v;
}

/** The wait options' names: any other is refused. */
const WAIT_OPTIONS = ['until', 'signal', 'onPoll', 'pollIntervalMs', 'timeoutMs', 'notFoundGraceMs'];

/** Checks the options; returns them with the defaults filled in. */
export function readWaitOptions(options = {}) {
  checkOptions(options, WAIT_OPTIONS);
  const { until = SETTLED_STATES, signal, onPoll } = options;
  const states = Array.isArray(until) && until.every((s) => typeof s === 'string');
  if (typeof until !== 'function' && !states) throw invalid('until', 'must be an array of state names or a function');
  if (signal !== undefined && !(signal && typeof signal.addEventListener === 'function' && 'aborted' in signal)) {
    throw invalid('signal', 'must be an AbortSignal');
  }
  if (onPoll !== undefined && typeof onPoll !== 'function') throw invalid('onPoll', 'must be a function');
  return {
    done: states ? (x) => until.includes(stateOf(x)) : until,
    signal,
    onPoll,
    pollIntervalMs: ms(options, 'pollIntervalMs', 1000, 1),
    timeoutMs: ms(options, 'timeoutMs', 300_000, 1),
    notFoundGraceMs: ms(options, 'notFoundGraceMs', 10_000, 0),
  };
}

const stateOf = (execution) => execution?.workflow_current_state;

/**
 * The reads of the execution for waitForExecution and watchExecution, polling with the
 * waiter's options `o` (from readWaitOptions): each read that changed (its state is not the
 * last read's; or, but for `waiting`, it is the first read or its event log changed) is given
 * to `onPoll`, and yielded but for `waiting`; the first read that satisfies `until` ends the
 * polls and is returned. They also end when the consumer stops (`return`, `break`), the time
 * runs out (WaitTimeoutError with the last execution read) or the caller aborts
 * (APIUserAbortError). A consumer that stops while this waits between polls stops it at once.
 */
// Named by its key, which minifying keeps (its frames in a stack read `pollExecution`).
const { pollExecution: reads } = {
  async *pollExecution(client, ids, o, waiting) {
    const started = Date.now();
    // One signal for the reads and the sleeps: the deadline's, which the caller's abort ends too.
    const deadline = new AbortController();
    const { signal } = deadline;
    const stop = () => deadline.abort();
    const cancel = later(stop, o.timeoutMs);
    o.signal?.addEventListener('abort', stop); // a signal aborts once: no `once` needed
    if (o.signal?.aborted) stop();
    let last;
    try {
      for (;;) {
        let wait = o.pollIntervalMs * (0.9 + 0.2 * Math.random());
        let asked; // the server's requested wait, if it asked for one
        let read;
        try {
          const { data, response } = await client.getWorkflowExecutionById(ids, { signal }).withResponse();
          read = data.item;
          asked = retryAfterOf(response);
        } catch (e) {
          if (e instanceof APIUserAbortError && !o.signal?.aborted) break; // the deadline
          if (e instanceof RateLimitError) asked = retryAfterOf({ headers: new Headers(e.headers) });
          else if (!(e instanceof NotFoundError && Date.now() - started < o.notFoundGraceMs)) throw e;
        }
        if (read) {
          const previous = last;
          last = read;
          const changed =
            stateOf(read) !== stateOf(previous) ||
            (!waiting &&
              (previous === undefined ||
                JSON.stringify(read.workflow_event_log) !== JSON.stringify(previous.workflow_event_log)));
          if (changed) {
            if (o.onPoll) o.onPoll(read);
            if (!waiting) yield read;
          }
          if (o.done(read)) return read;
        }
        if (asked !== undefined) {
          // Whole milliseconds, both: the core rounds the server's wait up, and clocks count whole ones.
          const left = started + o.timeoutMs - Date.now();
          if (asked > left) {
            throw new WaitTimeoutError(
              `The execution did not settle within ${o.timeoutMs} ms: the server asked for a wait of ` +
                `${asked} ms, longer than the ${Math.max(0, left)} ms the wait had left.`,
              { execution: last, retryAfterMs: asked },
            );
          }
          wait = asked;
        }
        if (!(await sleep(Math.round(wait), signal))) {
          if (o.signal?.aborted) throw new APIUserAbortError('The wait was aborted.');
          break;
        }
      }
      throw new WaitTimeoutError(`The execution did not settle within ${o.timeoutMs} ms.`, { execution: last });
    } finally {
      cancel();
      o.signal?.removeEventListener?.('abort', stop); // a signal-like object may have none
    }
  },
};

/** `client.waitForExecution(ids, options)`: resolves to the execution once it satisfies `until`. */
export const { waitForExecution } = {
  async waitForExecution(client, ids, options) {
    // `reads` yields nothing here: its first step is the whole wait.
    return (await reads(client, ids, readWaitOptions(options), true).next()).value;
  },
};

/**
 * `client.watchExecution(ids, o)`: the execution each time its state or event log changed
 * (the first read included), ending after the one that satisfies `until`. `o` are the waiter's
 * options, which the client checks (readWaitOptions) before anything is sent.
 */
export const { watchExecution } = {
  async *watchExecution(client, ids, o) {
    yield* reads(client, ids, o);
  },
};
