/** Base class of every error this package throws. */
export declare class LooplyError extends Error {}

/** Fields of an error built from a response. */
interface ResponseErrorInit {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  requestId?: string;
}

/** The API answered with a status outside 2xx. Subclasses name the common statuses. */
export declare class APIError extends LooplyError {
  constructor(message: string, init?: ResponseErrorInit);
  /** HTTP status code. */
  readonly status: number;
  /** The response body: parsed JSON when it was JSON, else the raw text. */
  readonly body: unknown;
  /** Response headers, with lower-case names. */
  readonly headers: Record<string, string>;
  /** The gateway's request id (`x-amzn-requestid`, or `x-request-id`): quote it to support. */
  readonly requestId: string | undefined;
}
// status classes: written by src/bin/describe from STATUS_CLASSES in src/error.rs (make generate)
/** HTTP 400: a parameter the service rejected. */
export declare class BadRequestError extends APIError {}
/** HTTP 401. */
export declare class AuthenticationError extends APIError {}
/** HTTP 403: a missing or wrong API key (the gateway answers `{"message":"Forbidden"}`). */
export declare class PermissionDeniedError extends APIError {}
/** HTTP 404: no such workflow, version or execution. */
export declare class NotFoundError extends APIError {}
/** HTTP 409: the execution is not in a state that allows this. */
export declare class ConflictError extends APIError {}
/** HTTP 422. */
export declare class UnprocessableEntityError extends APIError {}
/** HTTP 429: too many requests (retried automatically, honouring `Retry-After`). */
export declare class RateLimitError extends APIError {}
/** HTTP 500 and above. */
export declare class InternalServerError extends APIError {}
// /status classes

/** No response arrived: the network failed or the connection dropped. */
export declare class APIConnectionError extends LooplyError {}
/** An attempt took longer than `timeoutMs` (after all retries). */
export declare class APITimeoutError extends LooplyError {}
/** The caller's `AbortSignal` ended the call. It is never retried. */
export declare class APIUserAbortError extends LooplyError {}

/** Bad input: no request was sent. */
export declare class ValidationError extends LooplyError {
  constructor(message: string, init?: { param?: string });
  /** The parameter at fault, e.g. `workflow_id`, `limit`, `payload.source`, `apiKey`. */
  readonly param: string;
}

/** A 2xx answer whose body is not JSON or not the documented shape. */
export declare class ResponseDecodeError extends LooplyError {
  constructor(message: string, init?: ResponseErrorInit);
  /** HTTP status code. */
  readonly status: number;
  /** The raw body text, exactly as received. */
  readonly body: string;
  /** Response headers, with lower-case names. */
  readonly headers: Record<string, string>;
  /** The gateway's request id, when it sent one. */
  readonly requestId: string | undefined;
}

/** `waitForExecution` ran out of time. */
export declare class WaitTimeoutError extends LooplyError {
  /** The last execution seen, if a poll succeeded. */
  readonly execution: WorkflowExecution | undefined;
  /** The wait the server asked for (`Retry-After`), when it would have outlasted the deadline. */
  readonly retryAfterMs?: number;
}
