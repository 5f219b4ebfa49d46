//! The client's I/O: one attempt over the global `fetch`, and the timers (`setTimeout`), bound directly.
//! This module (with `io.rs`, `attempt.rs` and `body.rs` under it) is the only part of `client` that
//! touches the JavaScript host; everything it decides (retries, backoff, `Retry-After`,
//! which calls may repeat) is [`crate::transport::Attempts`], driven by
//! [`crate::transport::execute`].
//!
//! Cancellation: each attempt owns an `AbortController` through `io::AbortGuard`, whose
//! `Drop` aborts it, so dropping a call's future aborts its `fetch`; a timer (also dropped
//! with the future) aborts it when the attempt's timeout fires.
//!
//! A hostile server: redirects are never left to `fetch` (`redirect: 'manual'`): a read's
//! redirect within `baseUrl`'s origin is followed here ([`follows`]), any other comes back
//! as received for [`crate::response::check`] to report, so the key and a body never reach
//! another origin. A body is counted as it is decoded and reading stops past
//! [`MAX_RESPONSE_BYTES`] ([`declared_too_large`] refuses one early when it can).

use crate::http::{find_any, trim, Method};
use crate::params::digits;
use crate::transport::MAX_RESPONSE_BYTES;

/// Sends each attempt with the global `fetch` of the moment (browsers, workers, Node ≥ 18).
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

/// Whether a `method` request answered with `status` is sent again to its `Location`:
/// only a read's, and only when the target stays in `baseUrl`'s origin (checked by the
/// caller, at most [`MAX_REDIRECTS`](crate::response::MAX_REDIRECTS) times). A POST's redirect is never followed: its
/// body would be sent again, maybe elsewhere.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn follows(method: Method, status: u16) -> bool {
    method == Method::Get && matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// Whether a body is refused before it is read: only an identity-encoded body's
/// `content-length` is its decoded size (a gzip bomb declares its small compressed one, so
/// every other body is counted as it is decoded).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn declared_too_large(encoding: Option<&str>, length: Option<&str>) -> bool {
    // `http::trim` and `params::digits`, not `str::trim` and `str::parse` (Unicode
    // trimming and core's integer parser: about 1 KB more of an app's wasm). Digits beyond
    // what `digits` reads (15) declare more than 32 MiB all the same; a sign is not a length.
    let identity = encoding.is_none_or(|e| trim(e).eq_ignore_ascii_case("identity"));
    let declared = length
        .map(trim)
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    identity
        && declared.is_some_and(|n| digits(n).is_none_or(|n| n > u64::from(MAX_RESPONSE_BYTES)))
}

/// `host:port` of the base URL's `origin` (the scheme's port when it names none), as a
/// connection error names where it was trying to go (never the path or query). From the
/// origin the attempt has already asked the platform for, not from the URL's `hostname`,
/// `port` and `protocol`: three imports fewer.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn host_and_port(origin: Option<&str>) -> String {
    let Some(origin) = origin else {
        return String::from("an unparsable base_url");
    };
    let (host, default_port) = match origin.strip_prefix("https://") {
        Some(host) => (host, ":443"),
        None => (origin.strip_prefix("http://").unwrap_or(origin), ":80"),
    };
    // A port follows the host's last `:`, outside an IPv6 address's brackets: searched from
    // the `]` itself, which is not a `:` (by `find_any`, not `contains`, whose `memchr` is
    // 256 bytes more of the wasm).
    let bracket = host.as_bytes().iter().rposition(|&c| c == b']');
    if find_any(host.get(bracket.unwrap_or(0)..).unwrap_or(""), b":").is_some() {
        host.to_owned()
    } else {
        [host, default_port].concat()
    }
}

#[cfg(target_arch = "wasm32")]
mod attempt;
#[cfg(target_arch = "wasm32")]
mod body;
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

    /// Catches a POST's redirect followed (its body would go to the target), a 304 or 300
    /// taken for a redirect, or one of the five redirect statuses not followed.
    #[test]
    fn only_a_reads_redirects_are_followed() {
        for status in [301, 302, 303, 307, 308] {
            assert!(follows(Method::Get, status), "{status}");
            assert!(!follows(Method::Post, status), "{status}");
        }
        for status in [200, 300, 304, 305, 400, 0] {
            assert!(!follows(Method::Get, status), "{status}");
        }
    }

    /// Catches a connection error that names the wrong place: a default port added where
    /// the origin names one (an IPv6 address's colons are not a port), or missing where it
    /// names none.
    #[test]
    fn a_connection_error_names_the_host_and_port_of_the_origin() {
        let cases = [
            ("http://127.0.0.1:8787", "127.0.0.1:8787"),
            ("https://api.looply.io", "api.looply.io:443"),
            ("http://example.com", "example.com:80"),
            ("https://example.com:8443", "example.com:8443"),
            ("http://[::1]:9", "[::1]:9"),
            ("http://[::1]", "[::1]:80"),
            // The address's last `:` just before its `]` is no port.
            ("https://[::]", "[::]:443"),
        ];
        for (origin, named) in cases {
            assert_eq!(host_and_port(Some(origin)), named, "{origin}");
        }
        assert_eq!(host_and_port(None), "an unparsable base_url");
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

    /// Catches a gzip bomb refused by its small declared length only (it is not: it is
    /// counted as it inflates), or an identity body over 32 MiB read before it is refused.
    #[test]
    fn only_an_identity_bodys_declared_length_refuses_it_early() {
        let over = (u64::from(MAX_RESPONSE_BYTES) + 1).to_string();
        let limit = MAX_RESPONSE_BYTES.to_string();
        assert!(declared_too_large(None, Some(&over)));
        assert!(declared_too_large(Some(" Identity "), Some(&over)));
        assert!(!declared_too_large(None, Some(&limit)));
        assert!(!declared_too_large(Some("gzip"), Some(&over)));
        assert!(!declared_too_large(None, None));
        assert!(!declared_too_large(None, Some("lots")));
        // Spaces around it (as `str::trim` reads them), and more digits than a `u64` holds.
        assert!(declared_too_large(
            Some("identity"),
            Some(&format!(" {over}\t"))
        ));
        assert!(declared_too_large(
            None,
            Some("123456789012345678901234567890")
        ));
        assert!(!declared_too_large(None, Some(" 33554432 ")));
        assert!(!declared_too_large(None, Some("-1")));
        assert!(!declared_too_large(None, Some("")));
    }
}
