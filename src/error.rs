//! The crate-wide error type. The wasm layer turns each variant into one of the
//! JavaScript error classes (`ValidationError`, `APIError` and its subclasses, …).

/// A bad parameter: names the parameter; no request was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ValidationError {
    /// The parameter's name as the caller wrote it (`workflow_id`, `options.timeoutMs`).
    pub param: String,
    /// A sentence that names the parameter and says what was expected.
    pub message: String,
}

impl ValidationError {
    /// A validation error for `param`; `rule` completes the sentence "`param` …".
    pub fn new(param: &str, rule: &str) -> Self {
        let mut message = String::with_capacity(param.len() + rule.len() + 1);
        message.push_str(param);
        message.push(' ');
        message.push_str(rule);
        ValidationError {
            param: param.to_owned(),
            message,
        }
    }
}

/// Every way a call can fail. `R` is the transport's view of a received response,
/// kept so that the JavaScript error can expose its body and headers.
#[derive(Debug, thiserror::Error)]
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
            Error::Validation(_) => "ValidationError",
            Error::Api { status, .. } => api_class_name(*status),
            Error::Decode { .. } | Error::TooLarge { .. } => "ResponseDecodeError",
            Error::Connection(_) => "APIConnectionError",
            Error::Timeout(_) => "APITimeoutError",
            Error::Abort(_) => "APIUserAbortError",
            Error::Internal(_) => "LooplyError",
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
        let mut m =
            String::from("looply-sdk: internal error (a bug in the SDK, please report it): ");
        m.push_str(what);
        Error::Internal(m)
    }
}

/// The `APIError` subclass for an HTTP status.
pub fn api_class_name(status: u16) -> &'static str {
    match status {
        400 => "BadRequestError",
        401 => "AuthenticationError",
        403 => "PermissionDeniedError",
        404 => "NotFoundError",
        409 => "ConflictError",
        422 => "UnprocessableEntityError",
        429 => "RateLimitError",
        s if s >= 500 => "InternalServerError",
        _ => "APIError",
    }
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
