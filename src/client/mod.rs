//! The crate's own Rust API, for Rust WebAssembly apps (Leptos, Yew, Dioxus, plain
//! wasm-bindgen), behind the `client` feature: [`Client`] with one method per endpoint (a
//! [`Call`] to await, with per-call [`RequestOptions`]),
//! typed parameters and responses, one [`Error`] enum, and `Stream` paginators.
//!
//! It is a thin skin over the same core as the npm package: each method hands its typed
//! parameters to the endpoint's description ([`crate::request::build`]: the same rules and
//! request), sends it through [`crate::transport::execute`] (the same retries, backoff,
//! `Retry-After` and no-duplicate-trigger rule) over the global `fetch` ([`Fetch`]), and
//! checks the answer with [`crate::response::check`] before serde decodes it.
//!
//! Against a hostile server it holds the npm package's rules: a read follows a redirect only
//! within `base_url`'s origin (at most 5 times), no other redirect is followed (it is an
//! [`Error::Api`] that names its status and target, or status 0 in a browser, which hides
//! it), so the key and a body never reach another origin; a body over 32 MiB once decoded
//! is cut off as it is read (a [`Error::Decode`], not retried); and no error holds the key.
//!
//! ```no_run
//! use looply_sdk::client::{Client, ClientOptions, GetWorkflowByIdParams};
//!
//! # async fn run() -> Result<(), looply_sdk::client::Error> {
//! let client = Client::new(ClientOptions {
//!     api_key: "looply-demo-key".into(),
//!     base_url: Some("http://127.0.0.1:8787/v1".into()),
//!     ..ClientOptions::default()
//! })?;
//! let workflow = client
//!     .get_workflow_by_id(GetWorkflowByIdParams {
//!         workflow_id: "03749c72-c6a6-4bc8-9aea-d81b9130e24a".into(),
//!         workflow_version: 3,
//!     })
//!     .await?;
//! println!("{}", workflow.item.workflow_name);
//! # Ok(()) }
//! ```

mod call;
mod error;
mod executions;
mod fetch;
mod fields;
mod json;
mod options;
mod paginate;
mod redact;
mod schedules;
mod wait;
mod workflows;

pub use crate::answers::{Answer, Wrong};
pub use crate::http::{HttpRequest, Idempotency, Method, Shape};
pub use crate::transport::{Failure, Transport};
pub use call::{Call, RequestOptions};
pub use error::{Error, Received};
pub use executions::*;
pub use fetch::Fetch;
pub use paginate::{Items, Page, Pages, Walk};
pub use schedules::*;
pub use wait::WaitOptions;
pub use workflows::*;
// The answers' types that no method names but that an app names (the items inside an
// answer, the settled states); the methods' own come with the generated modules above.
pub use crate::executions::{WorkflowExecution, SETTLED_STATES};
pub use crate::workflows::{Workflow, WorkflowSchema};
pub use crate::Opaque;
/// The JSON types of payloads and of the fields a type leaves open (`serde_json`).
pub use serde_json;

use crate::answers::concat;
use crate::config::{
    check_header, is_sendable_key, DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS,
    KEY_NOT_SENDABLE,
};
use crate::endpoint::Endpoint;
use crate::params::u64_to_string;
use crate::transport::{execute, Policy, Retrying};
#[doc(hidden)]
pub use fields::{Arg, Args, IntoArg, ToArgs};
use redact::Secret;
use std::rc::Rc;
use std::time::Duration;

/// Options of [`Client::new`], checked as the JavaScript client checks its own.
///
/// ```
/// use looply_sdk::client::ClientOptions;
/// use std::time::Duration;
/// let options = ClientOptions {
///     api_key: "looply-demo-key".into(),
///     timeout: Some(Duration::from_secs(10)),
///     default_headers: vec![("x-trace".into(), "on".into())],
///     ..ClientOptions::default()
/// };
/// # let _ = options;
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ClientOptions {
    /// Your API key, sent as `x-api-key`.
    pub api_key: String,
    /// Where the API lives (`https://api.looply.io/v1` when `None`).
    pub base_url: Option<String>,
    /// Timeout of each attempt (30 s when `None`; from 1 ms to about 24.8 days).
    pub timeout: Option<Duration>,
    /// Retries after a failed attempt (2 when `None`, at most 10); see the README's retry rules.
    pub max_retries: Option<u32>,
    /// Headers sent with every request; they cannot set `x-api-key`.
    pub default_headers: Vec<(String, String)>,
}

impl std::fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientOptions")
            .field("api_key", &"<redacted>")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("default_headers", &self.default_headers)
            .finish()
    }
}

/// Checked options: the base URL without trailing slashes, the policy of every call, and
/// the headers of every request (the default headers, then `x-api-key`).
type Checked = (String, Policy, Vec<(String, String)>);

impl ClientOptions {
    /// The validated base URL and policy, and the headers of every request; an error about
    /// them never holds the key.
    fn validate(&self) -> Result<Checked, Error> {
        self.check()
            .map_err(|e| Secret::new(&self.api_key).error(e))
    }

    /// The package's rules for these options (`config.rs`), read from the fields as they
    /// are: not through its option reader, which would bring the checks and messages of
    /// the options only JavaScript has (`logger`, `fetchOptions`, `LOOPLY_LOG`, …).
    fn check(&self) -> Result<Checked, Error> {
        let key = &self.api_key;
        if key.is_empty() {
            return Err(options::invalid("api_key", "must not be empty"));
        }
        if !is_sendable_key(key) {
            return Err(options::invalid("api_key", KEY_NOT_SENDABLE));
        }
        let base_url = match self.base_url.as_deref() {
            Some("") => return Err(options::invalid("base_url", "must not be empty")),
            given => options::base_url(given.unwrap_or(DEFAULT_BASE_URL))?,
        };
        let defaults = Policy {
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_retries: DEFAULT_MAX_RETRIES,
            retry_non_idempotent: false,
        };
        // A `match`, not `?` (measured: 39 bytes of wasm less in an app).
        #[allow(clippy::question_mark)]
        let policy = match options::policy(self.timeout, self.max_retries, None, defaults) {
            Ok(policy) => policy,
            Err(e) => return Err(e),
        };
        for (name, value) in &self.default_headers {
            check_header("default_headers", name, value)?;
        }
        let mut headers = Vec::with_capacity(self.default_headers.len() + 1);
        headers.extend_from_slice(&self.default_headers);
        headers.push(("x-api-key".to_owned(), key.clone()));
        Ok((base_url, policy, headers))
    }
}

/// A Looply client: one method per endpoint answering a [`Call`], named after it (`get_workflow_by_id` for
/// `getWorkflowById`), and a paginator per list. Cheap to clone (the clones share it).
///
/// Dropping a call's future cancels it: the request in flight is aborted and no retry
/// follows. `T` is the transport: [`Fetch`] (the global `fetch`) unless a test supplies one.
///
/// ```no_run
/// use looply_sdk::client::{Client, ClientOptions, TriggerWorkflowParams};
///
/// # async fn run() -> Result<(), looply_sdk::client::Error> {
/// let client = Client::new(ClientOptions { api_key: "looply-demo-key".into(), ..Default::default() })?;
/// let run = client
///     .trigger_workflow(TriggerWorkflowParams { workflow_id: "wf-1".into(), ..Default::default() })
///     .await?;
/// println!("started {}", run.looply_execution_id);
/// # Ok(()) }
/// ```
pub struct Client<T = Fetch> {
    inner: Rc<Inner<T>>,
}

struct Inner<T> {
    transport: T,
    policy: Policy,
    /// What the client was made with, for [`Client::with_options`] (holds the key: no
    /// `Debug` shows it).
    options: ClientOptions,
    /// The API key, kept out of every error the client returns (`Client::failed`, and a
    /// walk's `Walker::failed`).
    secret: Secret,
}

impl<T> Clone for Client<T> {
    fn clone(&self) -> Self {
        Client {
            inner: Rc::clone(&self.inner),
        }
    }
}

impl<T> std::fmt::Debug for Client<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("policy", &self.inner.policy)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client with these options; a [`Error::Validation`] names a bad one.
    ///
    /// ```
    /// use looply_sdk::client::{Client, ClientOptions, Error};
    /// let err = Client::new(ClientOptions {
    ///     api_key: "k".into(),
    ///     base_url: Some("ftp://example.com".into()),
    ///     ..Default::default()
    /// })
    /// .unwrap_err();
    /// assert!(matches!(err, Error::Validation { ref param, .. } if param == "base_url"));
    /// ```
    pub fn new(options: ClientOptions) -> Result<Self, Error> {
        let secret = Secret::new(&options.api_key);
        match options.check() {
            Ok((base_url, policy, headers)) => {
                let transport = Fetch::new(base_url, headers);
                Ok(Client::from_parts(transport, policy, secret, options))
            }
            Err(e) => Err(secret.error(e)),
        }
    }

    /// A new client with this one's options as `change` leaves them (this one is unchanged),
    /// as the package's `withOptions`: calls with another timeout, retry budget or headers.
    ///
    /// ```
    /// use looply_sdk::client::{Client, ClientOptions};
    /// use std::time::Duration;
    /// let client = Client::new(ClientOptions { api_key: "looply-demo-key".into(), ..Default::default() })?;
    /// let patient = client.with_options(|o| {
    ///     o.timeout = Some(Duration::from_secs(120));
    ///     o.max_retries = Some(5);
    /// })?;
    /// # let _ = patient;
    /// # Ok::<(), looply_sdk::client::Error>(())
    /// ```
    pub fn with_options(&self, change: impl FnOnce(&mut ClientOptions)) -> Result<Client, Error> {
        let mut options = self.inner.options.clone();
        change(&mut options);
        Client::new(options)
    }
}

impl<T: Transport<Response = Received> + 'static> Client<T> {
    /// A client over your own transport: a mock in an app's unit tests (no network, no
    /// JavaScript: it runs natively too), or another HTTP stack. Every call is built, checked
    /// and retried as over [`Fetch`], under `options`' timeout and retries; the transport
    /// gets each attempt (its path relative to `base_url`, which with `default_headers` is
    /// the transport's business) and answers a [`Received`] or a [`Failure`].
    ///
    /// ```
    /// use looply_sdk::client::*;
    /// use std::future::Future;
    /// use std::task::{Context, Poll, Waker};
    ///
    /// /// Answers every attempt with a 404, as a unit test's mock might.
    /// struct NotFound;
    ///
    /// impl Transport for NotFound {
    ///     type Response = Received;
    ///     async fn send(&self, req: &HttpRequest, _timeout_ms: u32) -> Result<Received, Failure> {
    ///         assert!(req.path.starts_with("/workflows/getWorkflowById?workflow_id=wf-1"));
    ///         Ok(Received::new(404, vec![], r#"{"message":"Workflow not found"}"#.into()))
    ///     }
    ///     async fn sleep(&self, _ms: u32) -> Result<(), Failure> {
    ///         Ok(())
    ///     }
    ///     fn now_ms(&self) -> f64 {
    ///         0.0
    ///     }
    ///     fn random(&self) -> f64 {
    ///         0.0
    ///     }
    /// }
    ///
    /// let options = ClientOptions { api_key: "test-key".into(), ..ClientOptions::default() };
    /// let client = Client::with_transport(NotFound, options)?;
    /// let params = GetWorkflowByIdParams { workflow_id: "wf-1".into(), workflow_version: 3 };
    /// // The mock answers at once, so one poll settles the call (a test would use its executor).
    /// let mut call = std::pin::pin!(client.get_workflow_by_id(params));
    /// let Poll::Ready(result) = call.as_mut().poll(&mut Context::from_waker(Waker::noop())) else {
    ///     unreachable!("the mock never waits")
    /// };
    /// assert!(result.unwrap_err().is_not_found());
    /// # Ok::<(), Error>(())
    /// ```
    pub fn with_transport(transport: T, options: ClientOptions) -> Result<Self, Error> {
        let (_, policy, _) = options.validate()?;
        let secret = Secret::new(&options.api_key);
        Ok(Client::from_parts(transport, policy, secret, options))
    }

    /// A client over the native tests' scripted transport whose errors never hold `api_key`.
    #[cfg(test)]
    pub(crate) fn scripted(transport: T, policy: Policy, api_key: &str) -> Self {
        let secret = Secret::new(api_key);
        Client::from_parts(transport, policy, secret, ClientOptions::default())
    }

    fn from_parts(transport: T, policy: Policy, secret: Secret, options: ClientOptions) -> Self {
        Client {
            inner: Rc::new(Inner {
                transport,
                policy,
                options,
                secret,
            }),
        }
    }

    /// `req` (of the endpoint `name`) sent by the one retry loop under `policy`, owned by
    /// the future (a call's, a page's), each retry logged ([`Client::retrying`]). The loop's
    /// own future, boxed as it is: the caller turns its error into an [`Error`].
    fn sending(&self, name: &'static str, req: HttpRequest, policy: Policy) -> Sending {
        let retrying = |c: &Carrier<T>, r: Retrying| c.client.retrying(c.name, r);
        let carrier = Carrier {
            client: self.clone(),
            name,
        };
        Box::pin(execute(carrier, req, policy, retrying))
    }

    /// Whole milliseconds since `started` (0 if the clock went back): logged as an integer,
    /// since formatting an `f64` would bring about 11 KB of float formatting into an app
    /// that sets a logger.
    fn elapsed_ms(&self, started: f64) -> u64 {
        // `as` saturates: a negative or NaN difference is 0.
        (self.inner.transport.now_ms() - started) as u64
    }

    /// A call that ended with its answer: one log line. (Not inlined: each answer type's
    /// end calls it, `call::Exchange::ended`.)
    #[inline(never)]
    fn succeeded(&self, name: &str, started: f64) {
        if logs(log::Level::Info) {
            let ms = u64_to_string(self.elapsed_ms(started));
            log_line(log::Level::Info, &[name, " -> ok in ", &ms, " ms"]);
        }
    }

    /// A call that ended with `e`: the key taken out of it where it is, and one log line
    /// (after that, so what is logged never holds the key). (Not inlined, as `succeeded`.)
    #[inline(never)]
    fn failed(&self, name: &str, started: f64, e: &mut Error) {
        self.inner.secret.hide_in(e);
        if logs(log::Level::Warn) {
            let ms = u64_to_string(self.elapsed_ms(started));
            let parts = [name, " failed after ", &ms, " ms: ", &e.text()];
            log_line(log::Level::Warn, &parts);
        }
    }

    /// A retry of a call of `name` about to happen: logged at warn as the package logs it
    /// (what is logged never holds the key).
    fn retrying(&self, name: &str, r: Retrying) {
        if !logs(log::Level::Warn) {
            return;
        }
        let inner = &self.inner;
        let cause = match r.cause {
            Ok(status) => concat(&["HTTP ", &u64_to_string(status.into())]),
            Err(f) => Error::from(f.into_error::<Received>(inner.policy.timeout_ms)).text(),
        };
        let cause = inner.secret.text(cause);
        let attempt = u64_to_string(r.attempt.into());
        let ms = u64_to_string(r.wait_ms.into());
        let parts = [
            name,
            " attempt ",
            &attempt,
            " failed (",
            &cause,
            "); retrying in ",
            &ms,
            " ms",
        ];
        log_line(log::Level::Warn, &parts);
    }

    /// A paginator of the list `endpoint`.
    fn walk<P: Page>(
        &self,
        endpoint: &'static Endpoint,
        params: impl ToArgs,
        walk: Walk<P::Key>,
    ) -> Result<Items<P, T>, Error> {
        Items::new(self, endpoint, params, walk)
    }
}

/// Whether a line at `level` would be logged (the app's logger and its level decide).
pub(crate) fn logs(level: log::Level) -> bool {
    level <= log::max_level()
}

/// One log line of the client's, of `parts` (its numbers written as the core writes them,
/// the errors by [`Error::text`]): the one place the client calls the `log` facade, so
/// that an app carries one formatting of a line, not one for each line and each of its
/// values' types.
#[inline(never)]
pub(crate) fn log_line(level: log::Level, parts: &[&str]) {
    let line = concat(parts);
    log::log!(target: "looply_sdk", level, "{line}");
}

/// A request in flight, up to its checked answer (a call's or a page's): one future type,
/// the retry loop's ([`execute`]), whose error its poller makes an [`Error`].
type Sending = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<Received, crate::error::Error<Received>>>>,
>;

/// A client as the transport it sends with, owned by a call's retry loop ([`execute`]),
/// with the endpoint's name for the retries' log lines (one clone of the client a call,
/// not one for the loop and one for its observer).
struct Carrier<T> {
    client: Client<T>,
    name: &'static str,
}

impl<T> std::ops::Deref for Carrier<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.client.inner.transport
    }
}

/// A success with what came with it: the `*_with_response` methods' answer (the package's
/// `withResponse()`).
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    /// The answer, as the method without `_with_response` gives it.
    pub data: T,
    /// `x-amzn-requestid` (else `x-request-id`), for support requests.
    pub request_id: Option<String>,
    /// The answer's headers, names in lower case.
    pub headers: Vec<(String, String)>,
}

/// A received answer as a [`Response`]: the decoded body with its request id and headers,
/// redacted as an error's are (a server may echo the key in any header).
fn with_response<O: Answer>(received: Received, secret: &Secret) -> Result<Response<O>, Error> {
    let headers = received.headers.clone();
    let data = received.decode()?;
    let [gateway, proxy] = crate::response::REQUEST_ID_HEADERS;
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let request_id = header(gateway).or_else(|| header(proxy));
    Ok(Response {
        data,
        request_id: request_id.map(|id| secret.text(id)),
        headers: headers
            .into_iter()
            .map(|(k, v)| (k, secret.text(v)))
            .collect(),
    })
}

#[cfg(test)]
pub(crate) mod tests;
