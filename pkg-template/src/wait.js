// Waiting for an execution: polls getWorkflowExecutionById (each poll under the client's own
// retry rules) until the execution satisfies `until`, the time runs out, or the caller
// aborts. An execution may not be readable right after its trigger: a 404 within the grace
// period keeps polling.
import { sleep } from 'looply:transport';
import { APIUserAbortError, NotFoundError, RateLimitError, ValidationError, WaitTimeoutError } from './errors.js';

/** States in which an execution has settled: finished, failed, or waiting for a response. */
export const SETTLED_STATES = Object.freeze(['completed_state', 'failed_state', 'wait_for_response_state']);

const invalid = (param, rule) => new ValidationError(`${param} ${rule}`, { param });

/** A whole number of milliseconds ≥ `min`, or `fallback` when absent. */
function ms(options, name, fallback, min) {
  const v = options[name];
  if (v === undefined) return fallback;
  if (!Number.isSafeInteger(v) || v < min) throw invalid(name, `must be a whole number of milliseconds (${min} or more)`);
  return v;
}

/** Checks the options; returns them with the defaults filled in. */
export function readWaitOptions(options = {}) {
  if (options === null || typeof options !== 'object') throw invalid('options', 'must be an object');
  const { until = SETTLED_STATES, signal, onPoll } = options;
  const states = Array.isArray(until) && until.every((s) => typeof s === 'string');
  if (typeof until !== 'function' && !states) throw invalid('until', 'must be an array of state names or a function');
  if (signal !== undefined && !(signal && typeof signal.addEventListener === 'function' && 'aborted' in signal)) {
    throw invalid('signal', 'must be an AbortSignal');
  }
  if (onPoll !== undefined && typeof onPoll !== 'function') throw invalid('onPoll', 'must be a function');
  return {
    done: states ? (x) => until.includes(x.workflow_current_state) : until,
    signal,
    onPoll,
    pollIntervalMs: ms(options, 'pollIntervalMs', 1000, 1),
    timeoutMs: ms(options, 'timeoutMs', 300_000, 1),
    notFoundGraceMs: ms(options, 'notFoundGraceMs', 10_000, 0),
  };
}

/** A signal that aborts when either does (`AbortSignal.any` where the platform has it). */
function anySignal(a, b) {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const both = new AbortController();
  const abort = () => both.abort();
  for (const s of [a, b]) {
    if (s.aborted) abort();
    else s.addEventListener('abort', abort, { once: true });
  }
  return both.signal;
}

/** `client.waitForExecution(ids, options)`: resolves to the execution once it satisfies `until`. */
export async function waitForExecution(client, ids, options) {
  const o = readWaitOptions(options);
  const started = Date.now();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), o.timeoutMs);
  const signal = o.signal ? anySignal(o.signal, deadline.signal) : deadline.signal;
  let last;
  try {
    for (;;) {
      let wait = o.pollIntervalMs * (0.9 + 0.2 * Math.random());
      try {
        const { data, response } = await client.getWorkflowExecutionById(ids, { signal }).withResponse();
        const changed = last === undefined || data.item.workflow_current_state !== last.workflow_current_state;
        last = data.item;
        if (changed && o.onPoll) o.onPoll(last);
        if (o.done(last)) return last;
        wait = retryAfter(response, wait);
      } catch (e) {
        if (e instanceof APIUserAbortError && !o.signal?.aborted) break; // the deadline
        if (e instanceof RateLimitError) wait = retryAfter({ headers: new Headers(e.headers) }, wait);
        else if (!(e instanceof NotFoundError && Date.now() - started < o.notFoundGraceMs)) throw e;
      }
      if (!(await sleep(Math.round(wait), signal))) {
        if (o.signal?.aborted) throw new APIUserAbortError('The wait was aborted.');
        break;
      }
    }
    throw new WaitTimeoutError(`The execution did not settle within ${o.timeoutMs} ms.`, { execution: last });
  } finally {
    clearTimeout(timer);
  }
}

/** The server's `Retry-After` (seconds) or `retry-after-ms`, when it asks for a wait. */
function retryAfter(response, fallback) {
  const h = response?.headers;
  if (!h || typeof h.get !== 'function') return fallback;
  const ms = Number(h.get('retry-after-ms') ?? NaN);
  const s = Number(h.get('retry-after') ?? NaN);
  if (ms >= 0) return ms;
  if (s >= 0) return s * 1000;
  return fallback;
}
