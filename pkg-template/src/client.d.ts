
/** What every endpoint method returns: a promise of the response body, with `withResponse()`. */
export type APIPromise<T> = Promise<T> & {
  /**
   * The body with the fetch `Response` of the attempt that succeeded (status and headers;
   * its body already read) and its request id (`x-amzn-requestid`, else `x-request-id`).
   * Rejects as the call does.
   */
  withResponse(): Promise<{ data: T; response: Response; requestId: string | null }>;
};

/** Before each attempt: what is sent (`x-api-key` shows as `***`). */
export interface RequestEvent {
  method: string;
  url: string;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  headers: Record<string, string>;
}

/** After each attempt: how it ended. */
export interface ResponseEvent {
  method: string;
  url: string;
  attempt: number;
  /** The HTTP status, or 0 when no response arrived (timeout, connection failure, abort). */
  status: number;
  elapsedMs: number;
  requestId: string | null;
  /** Why no response arrived (`'timeout'`, `'abort'`, `'connection: …'`, `'too_large'`), else undefined. */
  error?: string;
}

export interface LooplyClient {
  /** Calls `listener` before every attempt (paginators' requests included). A listener that throws is ignored. */
  on(event: 'request', listener: (event: RequestEvent) => void): this;
  /** Calls `listener` after every attempt (paginators' requests included). A listener that throws is ignored. */
  on(event: 'response', listener: (event: ResponseEvent) => void): this;
  /** Stops calling `listener`. */
  off(event: 'request' | 'response', listener: (event: never) => void): this;
  /** A new client with `overrides` over this client's options; this one is unchanged and listeners are not shared. */
  withOptions(overrides: ClientOptions): LooplyClient;
  /** Polls `getWorkflowExecutionById` (each poll with the client's retry rules) until the execution satisfies `until`; resolves to it. */
  waitForExecution(ids: { workflow_id: string; workflow_execution_id: string }, options?: WaitOptions): Promise<WorkflowExecution>;
  /**
   * The execution each time its state or event log changed (the first read included), polling as
   * `waitForExecution` does; the iteration ends after the read that satisfies `until`. Breaking out
   * stops the polling at once (a read in flight still completes); an abort rejects with
   * `APIUserAbortError`; running out of time with `WaitTimeoutError`. The options are checked here.
   */
  watchExecution(ids: { workflow_id: string; workflow_execution_id: string }, options?: WaitOptions): AsyncIterable<WorkflowExecution>;
  /**
   * Triggers each of `items` with `triggerWorkflow` (each sent at most once), at most
   * `concurrency` at a time (default 4; the client's `maxConcurrency` applies too), and resolves
   * to their results in the order of `items`, as `Promise.allSettled` does. Aborting `signal`
   * rejects the triggers not yet answered with `APIUserAbortError`.
   */
  triggerMany<Id extends string>(
    items: readonly TriggerWorkflowParams<Id>[],
    options?: { concurrency?: number; signal?: AbortSignal },
  ): Promise<PromiseSettledResult<TriggerWorkflowResponse>[]>;
  /** `triggerWorkflow` (never sent twice), then `waitForExecution`. The wait options are checked before anything is sent. */
  triggerWorkflowAndWait<Id extends string>(params: TriggerWorkflowParams<Id>, options?: WaitOptions): Promise<{ looply_execution_id: string; execution: WorkflowExecution }>;
}

/**
 * Your workflows' payload types, by workflow id: empty here, for your code to add to
 * (`looply types --out src/looply-workflows.d.ts` writes it from the workflows' data schemas):
 *
 * ```ts
 * declare module 'looply-sdk' {
 *   interface LooplyWorkflows {
 *     'wf-id': { payload: { invoice_number: string; amount: number } };
 *   }
 * }
 * ```
 *
 * `triggerWorkflow` and `triggerWorkflowAndWait` then check the payload of a call to a listed
 * id (a literal); any other id takes any JSON object.
 */
export interface LooplyWorkflows {}

/** The payload of workflow `Id`: its `LooplyWorkflows` entry's `payload`, else any JSON object. */
export type WorkflowPayload<Id extends string> = Id extends keyof LooplyWorkflows
  ? LooplyWorkflows[Id] extends { payload: infer P }
    ? P
    : Record<string, unknown>
  : Record<string, unknown>;

/**
 * An execution state in words, for people: `'wait_for_response_state'` → `'Waiting for response'`;
 * a state this version does not know is made readable (`'on_hold_state'` → `'On hold'`); `''`
 * for anything that is not a non-empty string.
 */
export declare function stateLabel(state: string): string;

/** Options of `waitForExecution`, `watchExecution` and `triggerWorkflowAndWait`. */
export interface WaitOptions {
  /** State names to stop at, or a test of the execution (default `SETTLED_STATES`). */
  until?: readonly string[] | ((execution: WorkflowExecution) => boolean);
  /** Between polls, in ms (default 1000, with ±10 % jitter); a `Retry-After` answer wins. */
  pollIntervalMs?: number;
  /** For the whole wait, in ms (default 300 000); then `WaitTimeoutError`. */
  timeoutMs?: number;
  /** A 404 this soon after the wait began keeps polling: the execution may not be readable yet (default 10 000 ms). */
  notFoundGraceMs?: number;
  /** Aborts the wait at once (`APIUserAbortError`); no further requests. */
  signal?: AbortSignal;
  /** Called after each poll whose state changed (an error it throws ends the wait). */
  onPoll?: (execution: WorkflowExecution) => void;
}
