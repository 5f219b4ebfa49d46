//! The client's one error type, [`Error`], and [`Received`], a response as the core sees it.

use crate::error::{api_class_name, Error as CoreError, ValidationError};
use crate::response::{request_id, Kind, ResponseView};
use serde_json::Value;

/// Every way a [`Client`](crate::client::Client) call can fail. Each variant is one of the
/// JavaScript package's error classes ([`Error::class_name`] names it), so the npm README's
/// error table describes these too. No error a call returns holds the API key: where a server
/// or the network echoed it (a key of 6 characters or more), `***` stands instead.
///
/// ```
/// use looply_sdk::client::Error;
/// fn explain(e: &Error) -> String {
///     match e {
///         Error::Api { status: 404, .. } => "no such workflow".into(),
///         Error::Api { status, request_id, .. } => format!("HTTP {status} ({request_id:?})"),
///         Error::Validation { param, .. } => format!("fix {param}"),
///         other => other.to_string(),
///     }
/// }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// `ValidationError`: a bad parameter or option; no request was sent.
    Validation {
        /// The parameter's name (`workflow_id`, `payload.source`, `base_url`).
        param: String,
        /// A sentence that names the parameter and says what was expected.
        message: String,
    },
    /// `APIError` and its subclasses: the service answered with a status outside 2xx.
    Api {
        /// HTTP status code (404 is `NotFoundError`, 429 `RateLimitError`, …).
        status: u16,
        /// The body's `message`, else a sentence with the status.
        message: String,
        /// `x-amzn-requestid` (else `x-request-id`) of the answer, for support requests.
        request_id: Option<String>,
        /// The parsed body, or its text as a JSON string when it is not JSON.
        body: Value,
        /// The answer's headers, names in lower case (`retry-after`, …).
        headers: Vec<(String, String)>,
    },
    /// `ResponseDecodeError`: a 2xx answer that is not the documented JSON (or over 32 MiB).
    Decode {
        /// What was wrong with it.
        message: String,
        /// HTTP status code.
        status: u16,
        /// `x-amzn-requestid` (else `x-request-id`) of the answer.
        request_id: Option<String>,
        /// The raw body (empty when it was too large to read).
        body: String,
    },
    /// `APIConnectionError`: no answer arrived (network failure, refused or dropped connection).
    Connection(String),
    /// `APITimeoutError`: the last attempt took longer than the client's `timeout`.
    Timeout(String),
    /// `APIUserAbortError`: the request was aborted from outside the SDK. (Dropping a call's
    /// future cancels it without an error: nothing is left to receive one.)
    Aborted(String),
    /// `LooplyError`: a fault inside the SDK itself; the message says it is a bug.
    Internal(String),
    /// `WaitTimeoutError`: [`Client::wait_for_execution`](crate::client::Client::wait_for_execution)
    /// ran out of time.
    WaitTimeout {
        /// How long it waited, and why it stopped.
        message: String,
        /// The last execution a poll read, if one did.
        execution: Option<Box<crate::executions::WorkflowExecution>>,
        /// The wait the server asked for (`Retry-After`), when it would have outlasted the
        /// deadline.
        retry_after_ms: Option<u64>,
    },
}

impl Error {
    /// The JavaScript class this error mirrors (`NotFoundError`, `APITimeoutError`, …).
    ///
    /// ```
    /// # use looply_sdk::client::Error;
    /// let e = Error::Connection("Could not reach the Looply API".into());
    /// assert_eq!(e.class_name(), "APIConnectionError");
    /// ```
    pub fn class_name(&self) -> &'static str {
        use crate::error::class;
        match self {
            Error::Validation { .. } => class::VALIDATION,
            Error::Api { status, .. } => api_class_name(*status),
            Error::Decode { .. } => class::RESPONSE_DECODE,
            Error::Connection(_) => class::CONNECTION,
            Error::Timeout(_) => class::TIMEOUT,
            Error::Aborted(_) => class::USER_ABORT,
            Error::Internal(_) => class::LOOPLY,
            Error::WaitTimeout { .. } => class::WAIT_TIMEOUT,
        }
    }

    /// What went wrong, in a sentence (for a `Validation` error, one that names the
    /// parameter); `Display` adds the class, the status and the request id.
    ///
    /// ```
    /// # use looply_sdk::client::Error;
    /// assert_eq!(Error::Timeout("timed out".into()).message(), "timed out");
    /// ```
    pub fn message(&self) -> &str {
        match self {
            Error::Validation { message, .. }
            | Error::Api { message, .. }
            | Error::Decode { message, .. }
            | Error::WaitTimeout { message, .. } => message,
            Error::Connection(m) | Error::Timeout(m) | Error::Aborted(m) | Error::Internal(m) => m,
        }
    }

    /// The answer's request id (`x-amzn-requestid`, else `x-request-id`), for `Api` and
    /// `Decode` errors: quote it to support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. } | Error::Decode { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// Whether the service answered 404 (`NotFoundError`): no such workflow, version or
    /// execution.
    ///
    /// ```
    /// # use looply_sdk::client::Error;
    /// fn or_none<T>(r: Result<T, Error>) -> Result<Option<T>, Error> {
    ///     match r {
    ///         Err(e) if e.is_not_found() => Ok(None),
    ///         other => other.map(Some),
    ///     }
    /// }
    /// # let _ = or_none::<()>;
    /// ```
    pub fn is_not_found(&self) -> bool {
        self.is_status(404)
    }

    /// Whether the service answered 429 (`RateLimitError`) after every retry.
    pub fn is_rate_limited(&self) -> bool {
        self.is_status(429)
    }

    /// Whether the service answered 401 or 403 (`AuthenticationError`,
    /// `PermissionDeniedError`): check the API key.
    pub fn is_auth(&self) -> bool {
        self.is_status(401) || self.is_status(403)
    }

    /// Whether no answer arrived in time (`APITimeoutError`) or at all
    /// (`APIConnectionError`): the call may be worth trying later.
    pub fn is_network(&self) -> bool {
        matches!(self, Error::Timeout(_) | Error::Connection(_))
    }

    fn is_status(&self, status: u16) -> bool {
        matches!(self, Error::Api { status: s, .. } if *s == status)
    }

    /// The HTTP status, for `Api` and `Decode` errors.
    ///
    /// ```
    /// # use looply_sdk::client::Error;
    /// assert_eq!(Error::Timeout("slow".into()).status(), None);
    /// ```
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// A fault inside the SDK, worded as the core words it (no method can reach one since
    /// each hands its endpoint's description itself: the tests' only).
    #[cfg(test)]
    pub(crate) fn internal(what: &str) -> Self {
        CoreError::<Received>::internal(what).into()
    }
}

/// `NotFoundError (404): Workflow not found [request id 5e1f…]`: the JavaScript class, the
/// status where there is one, the message and the request id where there is one.
///
/// ```
/// # use looply_sdk::client::Error;
/// let e = Error::Api {
///     status: 404,
///     message: "Workflow not found".into(),
///     request_id: Some("r-1".into()),
///     body: serde_json::json!({ "message": "Workflow not found" }),
///     headers: vec![],
/// };
/// assert_eq!(e.to_string(), "NotFoundError (404): Workflow not found [request id r-1]");
/// assert_eq!(Error::Timeout("timed out".into()).to_string(), "APITimeoutError: timed out");
/// ```
impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

impl Error {
    /// The `Display` text, put together without `write!` (the status written as the core
    /// writes integers), so that the retry loop's log line needs no formatting machinery.
    pub(crate) fn text(&self) -> String {
        let status = self
            .status()
            .map(|s| crate::params::u64_to_string(s.into()));
        let mut text = String::from(self.class_name());
        if let Some(status) = &status {
            text.push_str(" (");
            text.push_str(status);
            text.push(')');
        }
        text.push_str(": ");
        text.push_str(self.message());
        if let Some(id) = self.request_id() {
            text.push_str(" [request id ");
            text.push_str(id);
            text.push(']');
        }
        text
    }
}

impl std::error::Error for Error {}

/// A JavaScript `Error` whose `name` is the class (`NotFoundError`, …) and whose `message` is
/// [`Error::message`], with `status` and `requestId` where there are some: what an app's
/// `#[wasm_bindgen]` function can return with `?`.
#[cfg(target_arch = "wasm32")]
impl From<Error> for wasm_bindgen::JsValue {
    fn from(e: Error) -> Self {
        // `e` read by reference, then dropped here: its drop one call, not written out
        // among the reads.
        js_error(&e)
    }
}

/// The JavaScript `Error` of `e` (see `From<Error> for JsValue`). Its status and request id
/// are those of [`Error::status`] and [`Error::request_id`], read here by one `match` for
/// both (measured: 127 bytes less than calling the two; through one helper that the two
/// call, 54 bytes less).
#[cfg(target_arch = "wasm32")]
#[inline(never)]
fn js_error(e: &Error) -> wasm_bindgen::JsValue {
    let (message, status, request_id) = match e {
        Error::Api {
            message,
            status,
            request_id,
            ..
        }
        | Error::Decode {
            message,
            status,
            request_id,
            ..
        } => (message, Some(*status), request_id.as_deref()),
        Error::Validation { message, .. } | Error::WaitTimeout { message, .. } => {
            (message, None, None)
        }
        Error::Connection(m) | Error::Timeout(m) | Error::Aborted(m) | Error::Internal(m) => {
            (m, None, None)
        }
    };
    host::error(e.class_name(), message, status, request_id)
}

/// The client's JavaScript module's `error` (in `fetch/attempt.js`, with the attempt's steps).
#[cfg(target_arch = "wasm32")]
mod host {
    use wasm_bindgen::prelude::wasm_bindgen;

    #[wasm_bindgen(module = "/src/client/fetch/attempt.js")]
    extern "C" {
        /// A JavaScript `Error` named `name`, with `status` and `requestId` where given.
        pub(super) fn error(
            name: &str,
            message: &str,
            status: Option<u16>,
            request_id: Option<&str>,
        ) -> wasm_bindgen::JsValue;
    }
}

/// Outside WebAssembly (where no JavaScript value can be made), so that an app's code
/// compiles for the host too: a `JsError` of the `Display` text.
#[cfg(not(target_arch = "wasm32"))]
impl From<Error> for wasm_bindgen::JsValue {
    fn from(e: Error) -> Self {
        wasm_bindgen::JsError::new(&e.to_string()).into()
    }
}

impl From<ValidationError> for Error {
    fn from(v: ValidationError) -> Self {
        Error::Validation {
            param: v.param,
            message: v.message,
        }
    }
}

impl From<CoreError<Received>> for Error {
    // An API error's body by `unwrap_or_else`: the text made a JSON string only where the
    // body is not JSON, not made on every path and dropped (measured: 31 bytes).
    #[allow(clippy::unnecessary_lazy_evaluations)]
    fn from(e: CoreError<Received>) -> Self {
        match e {
            CoreError::Validation(v) => v.into(),
            CoreError::Api {
                status,
                message,
                response,
            } => Error::Api {
                status,
                message,
                request_id: request_id(&response),
                body: response
                    .json
                    .unwrap_or_else(|| Value::String(response.text)),
                headers: response.headers,
            },
            CoreError::Decode { message, response } => response.decode_error(message),
            CoreError::TooLarge { status, message } => Error::Decode {
                message,
                status,
                request_id: None,
                body: String::new(),
            },
            CoreError::Connection(m) => Error::Connection(m),
            CoreError::Timeout(m) => Error::Timeout(m),
            CoreError::Abort(m) => Error::Aborted(m),
            CoreError::Internal(m) => Error::Internal(m),
        }
    }
}

/// A received response: status, lower-case headers and body (text, and parsed when JSON).
/// API errors carry it, so that the status, headers and raw body stay at hand.
///
/// ```
/// use looply_sdk::client::Received;
/// let r = Received::new(404, vec![("x-amzn-requestid".into(), "r-1".into())], r#"{"message":"nope"}"#.into());
/// assert_eq!(r.json.as_ref().and_then(|j| j["message"].as_str()), Some("nope"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    /// HTTP status code.
    pub status: u16,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body's text.
    pub text: String,
    /// The body, parsed; `None` when it is not JSON.
    pub json: Option<Value>,
}

impl Received {
    /// A response with this status, headers and body text (parsed here).
    ///
    /// ```
    /// let r = looply_sdk::client::Received::new(200, vec![], "not json".into());
    /// assert!(r.json.is_none());
    /// assert_eq!(r.text, "not json");
    /// ```
    pub fn new(status: u16, headers: Vec<(String, String)>, text: String) -> Self {
        let json = super::json::parse(&text);
        Received {
            status,
            headers,
            text,
            json,
        }
    }

    /// A response whose body the host decoded (`text`) and parsed (`tape`, `undefined` when
    /// it is not JSON: see `fetch/attempt.js` and `json/host.rs`).
    #[cfg(target_arch = "wasm32")]
    pub(crate) fn from_host(
        status: u16,
        headers: Vec<(String, String)>,
        text: js_sys::JsString,
        tape: &wasm_bindgen::JsValue,
    ) -> Self {
        let json = super::json::host::read(tape);
        Received {
            status,
            headers,
            text: text.into(),
            json,
        }
    }

    /// The body as `T`; a `ResponseDecodeError` when it does not fit.
    // Only the read and the drop of a stand-in are the type's own: the body taken out, the
    // error made and the response dropped are one copy for every answer (measured: 856
    // bytes of an app's wasm over `T::read`'s `Result` matched here, the rest written out
    // in each answer type's copy). A body that is not JSON is read as `null`, its error
    // dropped for the one it is.
    pub(crate) fn decode<T: super::Answer>(mut self) -> Result<T, Error> {
        let mut wrong = None;
        let read = T::read_in(self.body(), &mut wrong);
        match self.undecoded(wrong) {
            None => Ok(read),
            Some(e) => {
                drop(read);
                Err(e)
            }
        }
    }

    /// The body taken out in place (`null` left; `null` too when it is not JSON).
    #[inline(never)]
    fn body(&mut self) -> Value {
        match &mut self.json {
            Some(json) => std::mem::take(json),
            None => Value::Null,
        }
    }

    /// The error of a body that does not fit its type (`wrong`), or is not JSON; `None`
    /// when it was read: apart from the type, one copy for every answer.
    #[inline(never)]
    fn undecoded(self, wrong: Option<super::Wrong>) -> Option<Error> {
        let message = match (&self.json, wrong) {
            (Some(_), None) => return None,
            (Some(_), Some(e)) => {
                super::concat(&["The response does not match the documented type: ", &e.0])
            }
            (None, _) => "The response body is not valid JSON.".into(),
        };
        Some(self.decode_error(message))
    }

    fn decode_error(self, message: String) -> Error {
        Error::Decode {
            message,
            status: self.status,
            request_id: request_id(&self),
            body: self.text,
        }
    }
}

impl ResponseView for Received {
    fn status(&self) -> u16 {
        self.status
    }
    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }
    fn body_kind(&self) -> Option<Kind> {
        self.json.as_ref().map(|j| Kind::of_json(Some(j)))
    }
    fn field_kind(&self, name: &str) -> Kind {
        Kind::of_json(self.json.as_ref().and_then(|j| j.get(name)))
    }
    fn field_str(&self, name: &str) -> Option<String> {
        self.json.as_ref()?.get(name)?.as_str().map(str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Shape;
    use crate::response::check;

    fn received(status: u16, body: &str) -> Received {
        let headers = vec![("x-amzn-requestid".into(), "req-7".into())];
        Received::new(status, headers, body.into())
    }

    /// Catches a predicate that answers for the wrong statuses or classes.
    #[test]
    fn predicates_answer_for_their_own_errors_only() {
        let api = |status: u16| Error::Api {
            status,
            message: "m".into(),
            request_id: None,
            body: Value::Null,
            headers: vec![],
        };
        let errors = [
            api(401),
            api(403),
            api(404),
            api(429),
            api(500),
            Error::Timeout("t".into()),
            Error::Connection("c".into()),
            Error::Validation {
                param: "p".into(),
                message: "m".into(),
            },
        ];
        let table: Vec<[bool; 4]> = errors
            .iter()
            .map(|e| {
                [
                    e.is_not_found(),
                    e.is_rate_limited(),
                    e.is_auth(),
                    e.is_network(),
                ]
            })
            .collect();
        let (f, t) = (false, true);
        let want = [
            [f, f, t, f],
            [f, f, t, f],
            [t, f, f, f],
            [f, t, f, f],
            [f, f, f, f],
            [f, f, f, t],
            [f, f, f, t],
            [f, f, f, f],
        ];
        assert_eq!(table, want);
    }

    /// Catches a lost request id, a body dropped from an API error, or a status mapped to
    /// the wrong class.
    #[test]
    fn api_errors_keep_status_message_request_id_and_body() {
        let core = check(
            received(404, r#"{"message":"Workflow not found"}"#),
            Shape::Item,
        );
        let e = Error::from(core.unwrap_err());
        assert_eq!(e.class_name(), "NotFoundError");
        assert_eq!(
            e,
            Error::Api {
                status: 404,
                message: "Workflow not found".into(),
                request_id: Some("req-7".into()),
                body: serde_json::json!({"message": "Workflow not found"}),
                headers: vec![("x-amzn-requestid".into(), "req-7".into())],
            }
        );
        assert_eq!(
            e.to_string(),
            "NotFoundError (404): Workflow not found [request id req-7]"
        );
        let html = check(received(502, "<html>"), Shape::Item).unwrap_err();
        match Error::from(html) {
            Error::Api { body, status, .. } => {
                assert_eq!((body, status), (Value::String("<html>".into()), 502));
            }
            other => panic!("{other:?}"),
        }
    }

    /// Catches a body that does not fit its type passing as a default, or losing its text.
    #[test]
    fn a_body_that_does_not_fit_its_type_is_a_decode_error_with_the_raw_text() {
        type Want = crate::workflows::TriggerWorkflowResponse;
        let sent = r#"{"message":"success","looply_execution_id":7}"#;
        let e = received(200, sent).decode::<Want>().unwrap_err();
        assert_eq!(e.class_name(), "ResponseDecodeError");
        assert_eq!(e.status(), Some(200));
        assert!(e.to_string().contains("documented type"), "{e}");
        match e {
            Error::Decode {
                body, request_id, ..
            } => {
                assert_eq!(body, sent);
                assert_eq!(request_id.as_deref(), Some("req-7"));
            }
            other => panic!("{other:?}"),
        }
        let e = received(200, "nope").decode::<Want>().unwrap_err();
        assert!(e.to_string().contains("not valid JSON"));
    }

    #[test]
    fn every_core_failure_has_its_class() {
        let cases: [(CoreError<Received>, &str); 5] = [
            (CoreError::Connection("x".into()), "APIConnectionError"),
            (CoreError::Timeout("x".into()), "APITimeoutError"),
            (CoreError::Abort("x".into()), "APIUserAbortError"),
            (CoreError::internal("x"), "LooplyError"),
            (
                CoreError::TooLarge {
                    status: 200,
                    message: "x".into(),
                },
                "ResponseDecodeError",
            ),
        ];
        for (core, class) in cases {
            assert_eq!(Error::from(core).class_name(), class);
        }
        let v: Error = ValidationError::new("workflow_id", "is required").into();
        assert_eq!(v.class_name(), "ValidationError");
        assert!(Error::internal("x")
            .to_string()
            .contains("a bug in the SDK"));
    }
}
