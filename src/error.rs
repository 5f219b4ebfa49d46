//! The crate-wide error type, and the error classes of the package, each named once here:
//! the wasm layer turns each variant into one of them ([`Error::class_name`]), the Rust
//! client's errors mirror them, and the describe tool writes the JavaScript's status
//! classes and their declarations from the one list of them ([`api_class_name`]).

/// A bad parameter: names the parameter; no request was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ValidationError {
    /// The parameter's name as the caller wrote it (`workflow_id`, `options.timeoutMs`).
    pub param: String,
    /// A sentence that names the parameter and says what was expected.
    pub message: String,
}

/// `head`, `middle` and `tail` in one new string: a message assembled around what it quotes
/// (one helper, not each message's own pushes; grown by its pushes, not made with its capacity
/// first: an error's path, and fewer bytes of the wasm). Not the Rust client's `concat` of a
/// slice (src/answers.rs), which the core would then compile into the npm wasm: measured with
/// these four messages written as `concat`, the npm wasm 203 bytes larger, the entry 160
/// gzipped.
pub(crate) fn joined(head: &str, middle: &str, tail: &str) -> String {
    let mut m = String::from(head);
    m.push_str(middle);
    m.push_str(tail);
    m
}

impl ValidationError {
    /// A validation error for `param`; `rule` completes the sentence "`param` …".
    pub fn new(param: &str, rule: &str) -> Self {
        ValidationError {
            param: param.to_owned(),
            message: joined(param, " ", rule),
        }
    }
}

/// A [`ValidationError`] as the core's checks pass it up: boxed, one pointer wide. A check
/// returns through several `?`s, and each copied the two strings' six words: measured, 2.3 KB
/// of the npm wasm. The public functions answer a [`ValidationError`] (`Invalid` converts
/// with `?`); a reader of a field gets it through `Deref`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(Box<ValidationError>);

impl Invalid {
    /// As [`ValidationError::new`].
    pub fn new(param: &str, rule: &str) -> Self {
        Invalid(Box::new(ValidationError::new(param, rule)))
    }
}

impl std::ops::Deref for Invalid {
    type Target = ValidationError;
    fn deref(&self) -> &ValidationError {
        &self.0
    }
}

impl From<Invalid> for ValidationError {
    fn from(e: Invalid) -> Self {
        *e.0
    }
}

/// Every way a call can fail. `R` is the transport's view of a received response,
/// kept so that the JavaScript error can expose its body and headers.
///
/// In the npm package's wasm a tag byte of its own, as [`crate::params::Raw`] (a niche in a
/// string's capacity is decoded at every `match`: 79 bytes of that wasm).
#[derive(Debug, thiserror::Error)]
#[cfg_attr(all(target_arch = "wasm32", feature = "npm"), repr(u8))]
pub enum Error<R> {
    /// Bad input; no request was sent.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// The service answered with a status outside 2xx.
    #[error("{message}")]
    Api {
        /// HTTP status code.
        status: u16,
        /// The body's `message` when it has one, else a generic sentence.
        message: String,
        /// The response, for its body and headers.
        response: R,
    },
    /// A 2xx body that is not JSON or not the documented shape.
    #[error("{message}")]
    Decode {
        /// What was wrong with the body.
        message: String,
        /// The response, whose raw body is kept.
        response: R,
    },
    /// A response whose body is over the size limit; it was not read.
    #[error("{message}")]
    TooLarge {
        /// HTTP status code.
        status: u16,
        /// What was refused.
        message: String,
    },
    /// No response arrived: network failure, refused or dropped connection.
    #[error("{0}")]
    Connection(String),
    /// An attempt took longer than its timeout (after all retries).
    #[error("{0}")]
    Timeout(String),
    /// The caller's `AbortSignal` ended the call.
    #[error("{0}")]
    Abort(String),
    /// A fault inside the SDK itself (a bug), never the service's or the network's.
    #[error("{0}")]
    Internal(String),
}

impl<R> Error<R> {
    /// The JavaScript class name this error becomes.
    pub fn class_name(&self) -> &'static str {
        match self {
            Error::Validation(_) => class::VALIDATION,
            Error::Api { status, .. } => api_class_name(*status),
            Error::Decode { .. } | Error::TooLarge { .. } => class::RESPONSE_DECODE,
            Error::Connection(_) => class::CONNECTION,
            Error::Timeout(_) => class::TIMEOUT,
            Error::Abort(_) => class::USER_ABORT,
            Error::Internal(_) => class::LOOPLY,
        }
    }

    /// The class's code, which the wasm layer sends the package entry instead of its name
    /// (so that the npm wasm carries none of the names: `errors.js` has them): its place in
    /// [`class_by_code`], the order in which `errors.js` declares the classes.
    // Not inlined: inlined into `to_js`, its codes were folded into the `f64`s that it sets
    // (nine bytes each in wasm, against two of an `i32`): measured, npm wasm 75 bytes less.
    #[inline(never)]
    pub fn class_code(&self) -> u8 {
        match self {
            Error::Internal(_) => class::LOOPLY_CODE,
            Error::Api { status, .. } => api_class_code(*status),
            Error::Connection(_) => class::AFTER_STATUS_CODE,
            Error::Timeout(_) => class::AFTER_STATUS_CODE + 1,
            Error::Abort(_) => class::AFTER_STATUS_CODE + 2,
            Error::Validation(_) => class::AFTER_STATUS_CODE + 4,
            Error::Decode { .. } | Error::TooLarge { .. } => class::AFTER_STATUS_CODE + 5,
        }
    }

    /// The human-readable message, without going through `Display`.
    pub fn message(&self) -> &str {
        match self {
            Error::Validation(v) => &v.message,
            Error::Api { message, .. }
            | Error::Decode { message, .. }
            | Error::TooLarge { message, .. } => message,
            Error::Connection(m) | Error::Timeout(m) | Error::Abort(m) | Error::Internal(m) => m,
        }
    }

    /// A fault inside the SDK: the message says it is a bug, and what went wrong.
    pub fn internal(what: &str) -> Self {
        Error::Internal(joined(
            "looply-sdk: internal error (a bug in the SDK, please report it): ",
            what,
            "",
        ))
    }
}

/// The names of the package's error classes that no status names (those are
/// [`api_class_name`]'s). `errors.js` declares a class of each name; the package's tests
/// check it against [`class::ALL`], which the describe tool writes for them.
pub mod class {
    /// Base class of every error the package throws.
    pub const LOOPLY: &str = "LooplyError";
    /// A status outside 2xx: the base class of the status classes ([`super::api_class_name`]).
    pub const API: &str = "APIError";
    /// No response arrived.
    pub const CONNECTION: &str = "APIConnectionError";
    /// An attempt took longer than its timeout.
    pub const TIMEOUT: &str = "APITimeoutError";
    /// The caller's `AbortSignal` ended the call.
    pub const USER_ABORT: &str = "APIUserAbortError";
    /// Bad input; no request was sent.
    pub const VALIDATION: &str = "ValidationError";
    /// A 2xx answer that is not the documented JSON.
    pub const RESPONSE_DECODE: &str = "ResponseDecodeError";
    /// A waiter ran out of time (the package's `waitForExecution`, the Rust client's
    /// `wait_for_execution`); not a failure of a call, so not in [`ALL`].
    pub const WAIT_TIMEOUT: &str = "WaitTimeoutError";
    /// [`LOOPLY`]'s code ([`super::Error::class_code`]); [`API`]'s is the next.
    pub const LOOPLY_CODE: u8 = 0;
    /// [`API`]'s code; the status classes' follow it ([`super::api_class_code`]).
    pub const API_CODE: u8 = 1;
    /// The code of the first of [`AFTER_STATUS`].
    pub const AFTER_STATUS_CODE: u8 = API_CODE + 1 + super::STATUS_CLASS_COUNT;
    /// The classes that `errors.js` declares after the status classes, in its order.
    pub const AFTER_STATUS: [&str; 6] = [
        CONNECTION,
        TIMEOUT,
        USER_ABORT,
        WAIT_TIMEOUT,
        VALIDATION,
        RESPONSE_DECODE,
    ];
    /// Every one of them, base classes first.
    pub const ALL: [&str; 7] = [
        LOOPLY,
        API,
        CONNECTION,
        TIMEOUT,
        USER_ABORT,
        VALIDATION,
        RESPONSE_DECODE,
    ];
}

/// Every class by its code ([`Error::class_code`]): the order in which `errors.js` declares
/// them, which the package entry counts to read a code (the describe tool writes this list
/// for the package's tests, which check it against the classes).
pub fn class_by_code() -> impl Iterator<Item = &'static str> {
    [class::LOOPLY, class::API]
        .into_iter()
        .chain(STATUS_CLASS_NAMES.iter().copied())
        .chain(class::AFTER_STATUS)
}

/// An `APIError` subclass, for the describe tool (which writes the JavaScript class and its
/// declaration from it).
#[cfg(any(test, feature = "describe"))]
pub struct StatusClass {
    /// The lowest status it stands for.
    pub first: u16,
    /// The class's name.
    pub name: &'static str,
    /// Its documentation, one line.
    pub doc: &'static str,
}

/// Declares the `APIError` subclasses, each once: its doc line, the statuses it stands for
/// and its name make [`api_class_name`]'s `match` and the describe tool's `STATUS_CLASSES`.
macro_rules! status_classes {
    ($(#[doc = $doc:literal] $first:literal $(..= $last:path)? => $name:ident,)+) => {
        /// The `APIError` subclass for an HTTP status.
        pub fn api_class_name(status: u16) -> &'static str {
            match status {
                $($first $(..= $last)? => stringify!($name),)+
                _ => class::API,
            }
        }

        /// The status classes, by their place in [`STATUS_CLASS_NAMES`] (each one's code
        /// after [`class::API_CODE`]).
        #[allow(clippy::enum_variant_names)]
        enum StatusClassCode {
            $($name,)+
        }

        /// The code of [`api_class_name`]`(status)` ([`Error::class_code`]).
        pub fn api_class_code(status: u16) -> u8 {
            let at = match status {
                $($first $(..= $last)? => StatusClassCode::$name,)+
                _ => return class::API_CODE,
            };
            class::API_CODE + 1 + at as u8
        }

        /// The status classes' names, in the order of [`api_class_name`]'s statuses.
        pub const STATUS_CLASS_NAMES: &[&str] = &[$(stringify!($name),)+];

        /// How many status classes there are.
        pub const STATUS_CLASS_COUNT: u8 = STATUS_CLASS_NAMES.len() as u8;

        /// Every `APIError` subclass, in the order of [`api_class_name`]'s statuses.
        #[cfg(any(test, feature = "describe"))]
        pub const STATUS_CLASSES: &[StatusClass] = &[$(StatusClass {
            first: $first,
            name: stringify!($name),
            doc: $doc,
        },)+];
    };
}

status_classes! {
    /// HTTP 400: a parameter the service rejected.
    400 => BadRequestError,
    /// HTTP 401.
    401 => AuthenticationError,
    /// HTTP 403: a missing or wrong API key (the gateway answers `{"message":"Forbidden"}`).
    403 => PermissionDeniedError,
    /// HTTP 404: no such workflow, version or execution.
    404 => NotFoundError,
    /// HTTP 409: the execution is not in a state that allows this.
    409 => ConflictError,
    /// HTTP 422.
    422 => UnprocessableEntityError,
    /// HTTP 429: too many requests (retried automatically, honouring `Retry-After`).
    429 => RateLimitError,
    /// HTTP 500 and above.
    500..=u16::MAX => InternalServerError,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_status() {
        let cases = [
            (400, "BadRequestError"),
            (401, "AuthenticationError"),
            (403, "PermissionDeniedError"),
            (404, "NotFoundError"),
            (409, "ConflictError"),
            (422, "UnprocessableEntityError"),
            (429, "RateLimitError"),
            (500, "InternalServerError"),
            (503, "InternalServerError"),
            (418, "APIError"),
            (302, "APIError"),
        ];
        for (status, name) in cases {
            assert_eq!(api_class_name(status), name, "status {status}");
        }
    }

    /// Catches a boxed error that loses its parameter or message on the way out (a public
    /// function's `?` turns it back into a `ValidationError`), or reads another's.
    #[test]
    fn a_boxed_error_is_the_validation_error_it_holds() {
        let boxed = Invalid::new("limit", "must be a whole number from 1 to 30");
        assert_eq!(
            (boxed.param.as_str(), boxed.message.as_str()),
            ("limit", "limit must be a whole number from 1 to 30")
        );
        let public = || -> Result<(), ValidationError> { Err(boxed.clone())? };
        assert_eq!(
            public(),
            Err(ValidationError::new(
                "limit",
                "must be a whole number from 1 to 30"
            ))
        );
    }

    /// Catches a class named twice, or a doc line that speaks of another status.
    #[test]
    fn every_class_is_named_once() {
        let mut names: Vec<&str> = STATUS_CLASSES.iter().map(|c| c.name).collect();
        names.extend(class::ALL);
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count);
        for c in STATUS_CLASSES {
            assert_eq!(api_class_name(c.first), c.name);
            assert!(
                c.doc.starts_with(&format!(" HTTP {}", c.first)),
                "{}",
                c.doc
            );
        }
    }

    /// Catches a code that names another class than the error's: every variant, and every
    /// status from 100 to 599 and the ends of `u16`.
    #[test]
    fn each_error_class_code_names_its_class() {
        let by_code: Vec<&str> = class_by_code().collect();
        let mut errors: Vec<Error<()>> = vec![
            Error::Validation(ValidationError::new("p", "is required")),
            Error::Connection(String::new()),
            Error::Timeout(String::new()),
            Error::Abort(String::new()),
            Error::internal("x"),
            Error::Decode {
                message: String::new(),
                response: (),
            },
            Error::TooLarge {
                status: 200,
                message: String::new(),
            },
        ];
        for status in (100..600).chain([0, u16::MAX]) {
            errors.push(Error::Api {
                status,
                message: String::new(),
                response: (),
            });
        }
        for e in &errors {
            assert_eq!(
                by_code.get(usize::from(e.class_code())),
                Some(&e.class_name())
            );
        }
        assert_eq!(by_code.len(), 16);
        let mut names = by_code.clone();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), by_code.len(), "a class has two codes");
    }

    #[test]
    fn validation_message_names_the_parameter() {
        let e = ValidationError::new("workflow_id", "is required");
        assert_eq!(e.message, "workflow_id is required");
        assert_eq!(e.param, "workflow_id");
        let err: Error<()> = e.into();
        assert_eq!(err.class_name(), "ValidationError");
        assert_eq!(err.message(), "workflow_id is required");
    }

    #[test]
    fn internal_faults_are_looply_errors_that_say_they_are_bugs() {
        let err: Error<()> = Error::internal("unknown call 7");
        assert_eq!(err.class_name(), "LooplyError");
        assert!(err.message().contains("a bug in the SDK"));
        assert!(err.message().ends_with("unknown call 7"));
    }
}
