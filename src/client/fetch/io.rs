//! What an attempt over the global `fetch` takes from the host: `fetch` and its options,
//! the abort and the timers, where a redirect goes; the attempt's steps (the redirects it
//! follows, a read's within `baseUrl`'s origin, and its body's reads) are `attempt.rs`.
//!
//! `fetch` and `Response` are the platform's, bound here directly (as gloo-net binds them)
//! rather than through gloo-net's builder: measured in an app, the builder (its
//! `http::Method`, its URL round trip, its error type and their formatting) cost about
//! 3 KB of wasm (and 4.6 KB of JavaScript glue) for the few calls made here. `fetch` takes
//! the URL and a plain init object, not a `Request` built through web-sys' `RequestInit`
//! setters: one import (`Reflect.set`) instead of seven (measured: 251 bytes of wasm and
//! 882 of glue less).

use super::attempt::Attempt;
use super::{follows, Fetch};
use crate::client::error::Received;
use crate::http::HttpRequest;
use crate::transport::{Failure, Transport};
use std::future::Future;
use std::task::Poll;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, Response, Url};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` of the moment, never `window.fetch`: the same code runs in
    /// browsers, workers and Node.
    #[wasm_bindgen(js_name = fetch)]
    pub(super) fn fetch_with_init(url: &str, init: &JsValue) -> js_sys::Promise;

    /// The global `setTimeout`: calls `handler` after `ms` milliseconds; answers its id.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: i32) -> JsValue;

    /// The global `clearTimeout`: the timer `id` will not fire.
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);

    /// An `AbortController` as an object with an `abort` property.
    type Abortable;

    /// A controller's `abort` method itself (read, not called), for a timer to call.
    #[wasm_bindgen(method, getter, js_name = abort)]
    fn abort_method(this: &Abortable) -> js_sys::Function;
}

/// A timer of the host (`setTimeout`'s id), cleared when dropped: an attempt's timeout
/// once the attempt is over, a wait between attempts when the call is dropped. It calls a
/// JavaScript function (the controller's `abort`, a promise's `resolve`), not a Rust
/// closure (measured for the attempt's timer: 401 bytes of wasm and 181 of glue less).
pub(super) struct Timer {
    id: JsValue,
}

impl Timer {
    /// A timer that calls `then` after `ms` milliseconds (`ms` as an `i32`, as gloo-timers
    /// passes it).
    pub(super) fn new(ms: u32, then: &js_sys::Function) -> Self {
        Timer {
            id: set_timeout(then, ms as i32),
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

/// Owns an attempt's `AbortController`; dropping it aborts the request (a no-op once
/// the request has finished).
pub struct AbortGuard(AbortController);

impl AbortGuard {
    pub(super) fn new() -> Result<Self, Failure> {
        AbortController::new()
            .map(AbortGuard)
            .map_err(|_| Failure::Connection("AbortController is not available".into()))
    }

    pub(super) fn signal(&self) -> AbortSignal {
        self.0.signal()
    }

    /// The controller's own `abort`, bound to it: for a timer to call.
    pub(super) fn bound_abort(&self) -> js_sys::Function {
        let abort = self.0.unchecked_ref::<Abortable>().abort_method();
        abort.bind0(&self.0)
    }
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// How a failure of the attempt is reported: a timeout once its timer fired, else a
/// connection error with the host's words.
pub(super) type Failed<'a> = &'a dyn Fn(String) -> Failure;

impl Fetch {
    /// The `fetch` options of `req` (its method, headers and body, the attempt's signal),
    /// the same for each URL it is sent to: redirects handed back instead of followed by
    /// `fetch`.
    pub(super) fn init(&self, req: &HttpRequest, signal: &AbortSignal) -> Result<JsValue, Failure> {
        let init = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| {
            let _ = js_sys::Reflect::set(&init, &key.into(), value);
        };
        set("method", &req.method.as_str().into());
        set("signal", signal);
        set("redirect", &"manual".into());
        let headers = Headers::new().map_err(|e| Failure::Connection(describe(&e)))?;
        if req.body.is_some() {
            set_header(&headers, "content-type", "application/json")?;
        }
        for (name, value) in self.headers.iter().chain(&req.headers) {
            set_header(&headers, name, value)?;
        }
        set("headers", &headers);
        if let Some(body) = &req.body {
            set("body", &JsValue::from_str(body));
        }
        Ok(init.into())
    }
}

/// What `fetch` settled with: its `Response`, or the attempt's failure.
pub(super) fn answered(
    sent: Result<JsValue, JsValue>,
    failed: Failed<'_>,
) -> Result<Response, Failure> {
    let response = sent.map_err(|e| failed(describe(&e)))?;
    response
        .dyn_into::<Response>()
        .map_err(|_| failed("fetch answered something other than a Response".into()))
}

/// `name: value` set on `headers` (a later one replaces an earlier one of the same name).
fn set_header(headers: &Headers, name: &str, value: &str) -> Result<(), Failure> {
    headers
        .set(name, value)
        .map_err(|e| Failure::Connection(describe(&e)))
}

/// The host's words for a failure of fetch: an `Error`'s `toString()` (`TypeError: fetch
/// failed`), else the value as text.
fn describe(e: &JsValue) -> String {
    host_words(
        e,
        js_sys::Error::to_string,
        "fetch failed with a value that is not an Error",
    )
}

/// The host's words for a failure `e`: `words` of an `Error`, else the value as text, else
/// `otherwise` (a rejection may be any value).
pub(super) fn host_words(
    e: &JsValue,
    words: fn(&js_sys::Error) -> js_sys::JsString,
    otherwise: &str,
) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(err) => String::from(words(err)),
        None => e.as_string().unwrap_or_else(|| otherwise.into()),
    }
}

/// Where a redirect of `req` goes next: its `Location` resolved against `current` (the
/// platform's URL parser), when [`follows`] allows it and the target is in `origin`.
pub(super) fn next_url(
    req: &HttpRequest,
    response: &Response,
    current: &str,
    origin: &str,
) -> Option<String> {
    if !follows(req.method, response.status()) {
        return None;
    }
    let location = response.headers().get("location").ok()??;
    let target = Url::new_with_base(&location, current).ok()?;
    (target.origin() == origin && origin != "null").then(|| target.href())
}

impl Transport for Fetch {
    type Response = Received;

    fn send<'a, 'r>(
        &'a self,
        req: &'r HttpRequest,
        timeout_ms: u32,
    ) -> impl Future<Output = Result<Received, Failure>> + use<'a, 'r> {
        // A failure to start (no `AbortController`, a header the host refuses) is the
        // attempt's answer when first polled.
        let mut attempt = Attempt::start(self, req, timeout_ms).map_err(Some);
        std::future::poll_fn(move |cx| match &mut attempt {
            Ok(running) => running.poll(cx),
            // Polled again after that answer, it has none left but an abort.
            Err(failure) => Poll::Ready(Err(failure.take().unwrap_or(Failure::Aborted))),
        })
    }

    /// A promise the host's timer resolves: as gloo-timers' `TimeoutFuture` waits, without
    /// its channel (measured: about 1 KB less in an app). A plain future over the promise,
    /// not an `async fn`: no state machine of its own in each call's (measured: 161 bytes
    /// of wasm less in an app).
    fn sleep(&self, ms: u32) -> impl Future<Output = Result<(), Failure>> {
        let mut timer = JsValue::UNDEFINED;
        let woken = js_sys::Promise::new(&mut |resolve, _| {
            timer = set_timeout(&resolve, ms as i32);
        });
        let waiting = Timer { id: timer };
        let mut woken = JsFuture::from(woken);
        // It never rejects: only its timer settles it. The timer is cleared if the wait is
        // dropped first.
        std::future::poll_fn(move |cx| {
            let _waiting = &waiting;
            std::pin::Pin::new(&mut woken).poll(cx).map(|_| Ok(()))
        })
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }
}
