//! The client's I/O: one attempt over the global `fetch` (gloo-net), waits (gloo-timers).
//! The only file of `client` that touches the JavaScript host; everything it decides
//! (retries, backoff, `Retry-After`, which calls may repeat) is [`crate::transport::Attempts`],
//! driven by [`crate::transport::execute`].
//!
//! Cancellation: each attempt owns an `AbortController` through [`AbortGuard`], whose `Drop`
//! aborts it, so dropping a call's future aborts its `fetch`; a timer (also dropped with the
//! future) aborts it when the attempt's timeout fires.

use crate::client::error::Received;
use crate::http::{HttpRequest, Method};
use crate::transport::{Failure, Transport, MAX_RESPONSE_BYTES};

/// Sends each attempt with the global `fetch` of the moment (browsers, workers, Node ≥ 18).
/// It is [`Client`](crate::client::Client)'s default transport: nothing to set up.
///
/// ```no_run
/// use looply_sdk::client::{Client, ClientOptions, Fetch};
/// let client: Client<Fetch> = Client::new(ClientOptions { api_key: "key".into(), ..ClientOptions::default() })?;
/// # Ok::<(), looply_sdk::client::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Fetch {
    base_url: String,
    /// `defaultHeaders`, then `x-api-key` (so that it cannot be overridden).
    headers: Vec<(String, String)>,
}

impl Fetch {
    /// A transport to `base_url` (no trailing slash) sending `headers` with every request.
    pub(crate) fn new(base_url: String, headers: Vec<(String, String)>) -> Self {
        Fetch { base_url, headers }
    }
}

#[cfg(target_arch = "wasm32")]
mod io {
    use super::*;
    use gloo_net::http::Request;
    use gloo_timers::callback::Timeout;
    use std::cell::Cell;
    use std::rc::Rc;
    use web_sys::{AbortController, AbortSignal};

    /// Owns an attempt's `AbortController`; dropping it aborts the request (a no-op once
    /// the request has finished).
    pub struct AbortGuard(AbortController);

    impl AbortGuard {
        fn new() -> Result<Self, Failure> {
            AbortController::new()
                .map(AbortGuard)
                .map_err(|_| Failure::Connection("AbortController is not available".into()))
        }

        fn signal(&self) -> AbortSignal {
            self.0.signal()
        }
    }

    impl Drop for AbortGuard {
        fn drop(&mut self) {
            self.0.abort();
        }
    }

    impl Fetch {
        fn request(&self, req: &HttpRequest, signal: &AbortSignal) -> Result<Request, Failure> {
            let url = req.url(&self.base_url);
            let mut b = match req.method {
                Method::Get => Request::get(&url),
                Method::Post => Request::post(&url),
            };
            b = b.abort_signal(Some(signal));
            if req.body.is_some() {
                b = b.header("content-type", "application/json");
            }
            for (name, value) in &self.headers {
                b = b.header(name, value);
            }
            let built = match &req.body {
                Some(body) => b.body(body.as_str()),
                None => b.build(),
            };
            built.map_err(|e| Failure::Connection(e.to_string()))
        }
    }

    impl Transport for Fetch {
        type Response = Received;

        async fn send(&self, req: &HttpRequest, timeout_ms: u32) -> Result<Received, Failure> {
            let guard = AbortGuard::new()?;
            let timed_out = Rc::new(Cell::new(false));
            let _timer = {
                let (flag, signal_owner) = (timed_out.clone(), guard.0.clone());
                Timeout::new(timeout_ms, move || {
                    flag.set(true);
                    signal_owner.abort();
                })
            };
            let failed = |e: gloo_net::Error| match timed_out.get() {
                true => Failure::Timeout,
                false => Failure::Connection(e.to_string()),
            };
            let response = self
                .request(req, &guard.signal())?
                .send()
                .await
                .map_err(failed)?;
            let status = response.status();
            let headers: Vec<(String, String)> = response.headers().entries().collect();
            let declared = headers
                .iter()
                .find(|(k, _)| k == "content-length")
                .and_then(|(_, v)| v.trim().parse::<u64>().ok());
            if declared.is_some_and(|n| n > u64::from(MAX_RESPONSE_BYTES)) {
                return Err(Failure::TooLarge(status));
            }
            // Without a content-length the body is read whole, then measured: a streaming
            // cap like the npm package's (js/transport.js) is not written here yet.
            let bytes = response.binary().await.map_err(failed)?;
            if bytes.len() > MAX_RESPONSE_BYTES as usize {
                return Err(Failure::TooLarge(status));
            }
            let text = String::from_utf8_lossy(&bytes).into_owned();
            Ok(Received::new(status, headers, text))
        }

        async fn sleep(&self, ms: u32) -> Result<(), Failure> {
            gloo_timers::future::TimeoutFuture::new(ms).await;
            Ok(())
        }

        fn now_ms(&self) -> f64 {
            js_sys::Date::now()
        }

        fn random(&self) -> f64 {
            js_sys::Math::random()
        }
    }
}

/// Outside WebAssembly there is no global `fetch`: every attempt fails with a
/// `Connection` error that says so. (It keeps `Client` buildable and documented on any
/// target; tests drive the client over a scripted transport instead.)
#[cfg(not(target_arch = "wasm32"))]
impl Transport for Fetch {
    type Response = Received;

    async fn send(&self, _req: &HttpRequest, _timeout_ms: u32) -> Result<Received, Failure> {
        let _ = (
            &self.base_url,
            &self.headers,
            Method::Get,
            MAX_RESPONSE_BYTES,
        );
        Err(Failure::Connection(
            "looply_sdk::Client sends requests with the JavaScript fetch: run it in WebAssembly (wasm32-unknown-unknown)".into(),
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
