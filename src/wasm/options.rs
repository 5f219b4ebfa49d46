//! The TypeScript declarations of the package's option types (tsify writes them into the
//! glue's `.d.ts`): types only, nothing at run time reads them. The rules they describe are
//! [`crate::config`]'s and [`crate::pagination`]'s.

use crate::Opaque;
use tsify::Tsify;

/// Options of `new LooplyClient(options)`.
#[derive(Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ClientOptions {
    /// Your API key, sent as `x-api-key`. In Node, defaults to `process.env.LOOPLY_API_KEY`.
    /// A function: called before every attempt for the key to send (rotation, one key per
    /// tenant); what it throws (or a result that is no key) rejects the call with a
    /// `LooplyError` and nothing is sent; its keys are never logged. `null`: no key, on purpose
    /// (a web page calling your own backend, which adds it, e.g. with `looply-sdk/proxy`): none
    /// is sent, the environment's is not used, and `dangerouslyAllowBrowser` is not needed.
    #[tsify(optional, type = "string | null | (() => string | Promise<string>)")]
    pub api_key: Option<String>,
    /// Where the API lives; endpoint paths are appended to it. Defaults to
    /// `process.env.LOOPLY_BASE_URL` in Node, else `https://api.looply.io/v1`. In a web page
    /// (or a worker) it may be relative to the page's URL: `'/api/looply/v1'`.
    #[tsify(optional)]
    pub base_url: Option<String>,
    /// Timeout of each attempt in milliseconds (default 30 000).
    #[tsify(optional)]
    pub timeout_ms: Option<u32>,
    /// Retries after a failed attempt (default 2, at most 10); see the README's retry rules.
    #[tsify(optional)]
    pub max_retries: Option<u32>,
    /// A `fetch` to use instead of the global one (proxies, instrumentation, tests).
    #[tsify(
        optional,
        type = "(url: string, init: RequestInit) => Promise<Response>"
    )]
    pub fetch: Option<Opaque>,
    /// Headers sent with every request. They cannot set `x-api-key`.
    #[tsify(optional, type = "Record<string, string>")]
    pub default_headers: Option<Opaque>,
    /// Allow construction in a web page, where the API key is visible to every visitor.
    /// Only for demos and trusted internal pages; production apps call Looply from a backend.
    #[tsify(optional)]
    pub dangerously_allow_browser: Option<bool>,
    /// What to log (default `'warn'`, or `process.env.LOOPLY_LOG`): `'warn'` each retry,
    /// `'info'` one line per finished call, `'debug'` each attempt's request and response
    /// headers. The API key is never logged, nor are bodies.
    #[tsify(optional, type = "LogLevel")]
    pub log_level: Option<String>,
    /// Where log lines go (default `console`): any object with `error`, `warn`, `info` and
    /// `debug` methods, such as a pino or winston logger. A logger that throws never breaks a call.
    #[tsify(optional, type = "Logger")]
    pub logger: Option<Opaque>,
    /// Merged into the `RequestInit` of every attempt (`dispatcher`, `keepalive`, `cache`,
    /// `credentials`, `priority`, …); a call's own `fetchOptions` win over these.
    #[tsify(optional, type = "FetchOptions")]
    pub fetch_options: Option<Opaque>,
    /// At most this many calls of this client run at once (1 to 1000; unlimited when
    /// absent); the others wait, in order, before their first attempt. The wait does not count
    /// toward `timeoutMs` (a limit of each attempt); a call's `signal` aborts it.
    #[tsify(optional)]
    pub max_concurrency: Option<u32>,
}

/// How much a client logs.
#[derive(Tsify)]
#[tsify(type = "\"off\" | \"error\" | \"warn\" | \"info\" | \"debug\"")]
pub struct LogLevel;

/// A logger: `console`, pino, winston, or anything with these four methods.
#[derive(Tsify)]
#[tsify(
    type = "{ error(message: string): void; warn(message: string): void; info(message: string): void; debug(message: string): void }"
)]
pub struct Logger;

/// Extra `fetch` options: anything of `RequestInit` but what the SDK sets itself.
#[derive(Tsify)]
#[tsify(
    type = "Omit<RequestInit, \"method\" | \"body\" | \"headers\" | \"signal\" | \"redirect\"> & { dispatcher?: unknown; [key: string]: unknown }"
)]
pub struct FetchOptions;

/// Options of one call (the optional second argument of every method).
#[derive(Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RequestOptions {
    /// Aborts the call: it rejects at once with `APIUserAbortError` and is not retried.
    #[tsify(optional, type = "AbortSignal")]
    pub signal: Option<Opaque>,
    /// Timeout of each attempt of this call, in milliseconds.
    #[tsify(optional)]
    pub timeout_ms: Option<u32>,
    /// Retries for this call.
    #[tsify(optional)]
    pub max_retries: Option<u32>,
    /// Let `triggerWorkflow`, `resumeWorkflow` and `runWorkflowAction` retry on timeouts,
    /// connection failures and 5xx, at the risk of running the workflow twice.
    #[tsify(optional)]
    pub retry_non_idempotent: Option<bool>,
    /// Extra headers for this call. They cannot set `x-api-key`.
    #[tsify(optional, type = "Record<string, string>")]
    pub headers: Option<Opaque>,
    /// Merged into the `RequestInit` of each attempt of this call, over the client's.
    #[tsify(optional, type = "FetchOptions")]
    pub fetch_options: Option<Opaque>,
}

/// Options every paginator takes; `Key` is the list's `lastKey` type.
#[derive(Tsify)]
pub struct WalkOptions<Key> {
    /// Items per request, 1 to 30 (default 30: the fewest round trips).
    #[tsify(optional)]
    pub limit: Option<u32>,
    /// Resume after this cursor (a paginator's `lastKey` from earlier).
    #[tsify(optional)]
    #[serde(rename = "lastKey")]
    pub last_key: Option<Key>,
    /// Stop after this many items, without fetching a page that would not be used.
    #[tsify(optional)]
    #[serde(rename = "maxItems")]
    pub max_items: Option<u32>,
}
