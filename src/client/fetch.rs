//! The client's I/O: one attempt over the global `fetch`, and the waits between attempts.
//! This module (with `io.rs` and the JavaScript module `attempt.js` under it) is the
//! client's I/O with the JavaScript host (the module's other steps are bound where they are
//! used: an answer's JSON in `json/host.rs`, an error's `Error` in `error.rs`); everything
//! it decides (retries,
//! backoff, `Retry-After`, which calls may repeat, whose redirects may be followed, the
//! answer's checks) is Rust's: [`crate::transport::Attempts`], driven by
//! [`crate::transport::execute`], and [`crate::response::check`].
//!
//! The attempt itself is the host's, in its language (`fetch/attempt.js`): the request, its
//! timeout, the redirects it follows and its body's counted read. Cancellation: dropping a
//! call's future aborts its `fetch` (`io::Awaited`'s `Drop` calls the attempt's `cancel`).
//!
//! A hostile server: redirects are never left to `fetch` (`redirect: 'manual'`): a read's
//! redirect within `baseUrl`'s origin is followed (at most
//! [`MAX_REDIRECTS`](crate::response::MAX_REDIRECTS)), any other comes back as received
//! for [`crate::response::check`] to report, so the key and a body never reach another
//! origin. A body is counted as it is decoded and reading stops past
//! [`MAX_RESPONSE_BYTES`](crate::transport::MAX_RESPONSE_BYTES) (an identity body whose
//! `content-length` says more is refused before it is read).

/// Sends each attempt with the global `fetch` of the moment (browsers, workers, Node ≥ 20; with wasm-bindgen's
/// CommonJS `nodejs` target, Node ≥ 20.19 or 22.12, which `require` its ES module).
/// It is [`Client`](crate::client::Client)'s default transport: nothing to set up.
///
/// ```no_run
/// use looply_sdk::client::{Client, ClientOptions, Fetch};
/// let client: Client<Fetch> = Client::new(ClientOptions { api_key: "key".into(), ..ClientOptions::default() })?;
/// # Ok::<(), looply_sdk::client::Error>(())
/// ```
#[derive(Clone)]
pub struct Fetch {
    base_url: String,
    /// `defaultHeaders`, then `x-api-key` (so that it cannot be overridden).
    headers: Vec<(String, String)>,
}

/// The header names only: one of the values is the API key.
impl std::fmt::Debug for Fetch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Fetch")
            .field("base_url", &self.base_url)
            .field("headers", &names)
            .finish()
    }
}

impl Fetch {
    /// A transport to `base_url` (no trailing slash) sending `headers` with every request.
    pub(crate) fn new(base_url: String, headers: Vec<(String, String)>) -> Self {
        Fetch { base_url, headers }
    }
}

/// How an attempt ended: the numbers `attempt.js` answers as an end's `kind` (`io.rs` reads
/// them; a test below checks the module's own constants against these).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod end {
    /// A response (its status, headers and body).
    pub const RESPONSE: u8 = 0;
    /// The attempt's timeout fired.
    pub const TIMEOUT: u8 = 1;
    /// `fetch` or the body's read failed (the end's text is the host's words): `io.rs` takes
    /// any other number for it, so only the test names it.
    #[allow(dead_code)]
    pub const CONNECTION: u8 = 2;
    /// The body is over [`MAX_RESPONSE_BYTES`](crate::transport::MAX_RESPONSE_BYTES)
    /// (declared, or counted as it was decoded).
    pub const TOO_LARGE: u8 = 3;
}

#[cfg(target_arch = "wasm32")]
mod io;

/// Outside WebAssembly there is no global `fetch`: every attempt fails with a
/// `Connection` error that says so. (It keeps `Client` buildable and documented on any
/// target; tests drive the client over a scripted transport instead.)
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::Fetch;
    use crate::client::error::Received;
    use crate::http::HttpRequest;
    use crate::transport::{Failure, Transport};

    impl Transport for Fetch {
        type Response = Received;

        async fn send(&self, _req: &HttpRequest, _timeout_ms: u32) -> Result<Received, Failure> {
            Err(Failure::Connection(
                "looply_sdk::Client sends requests with the JavaScript fetch: run it in \
                 WebAssembly (wasm32-unknown-unknown)"
                    .into(),
            ))
        }

        async fn sleep(&self, _ms: u32) -> Result<(), Failure> {
            Ok(())
        }

        fn now_ms(&self) -> f64 {
            0.0
        }

        fn random(&self) -> f64 {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::json::tag;

    /// Catches `attempt.js` and the Rust that reads what it answers numbering an attempt's
    /// ends or a tape's values apart (the module keeps its constants by hand, in this order).
    #[test]
    fn attempt_js_numbers_as_rust_reads() {
        let module = include_str!("fetch/attempt.js");
        let constants: Vec<(&str, u8)> = module
            .lines()
            .filter_map(|line| {
                let (name, value) = line.strip_prefix("const ")?.split_once(" = ")?;
                Some((name, value.strip_suffix(';')?.parse().ok()?))
            })
            .collect();
        let rust = [
            ("RESPONSE", end::RESPONSE),
            ("TIMEOUT", end::TIMEOUT),
            ("CONNECTION", end::CONNECTION),
            ("TOO_LARGE", end::TOO_LARGE),
            ("NULL", tag::NULL),
            ("TRUE", tag::TRUE),
            ("FALSE", tag::FALSE),
            ("NUMBER", tag::NUMBER),
            ("STRING", tag::STRING),
            ("ARRAY", tag::ARRAY),
            ("OBJECT", tag::OBJECT),
        ];
        assert_eq!(constants, rust);
    }

    /// Catches the transport's `Debug` printing its headers' values (one is the API key).
    #[test]
    fn debug_shows_header_names_only() {
        let key = ("x-api-key".to_owned(), "sk-secret-value".to_owned());
        let f = Fetch::new("http://127.0.0.1:9/v1".into(), vec![key]);
        let shown = format!("{f:?}");
        assert!(
            shown.contains("x-api-key") && !shown.contains("sk-secret"),
            "{shown}"
        );
    }
}
