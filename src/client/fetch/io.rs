//! The host's half of an attempt, bound: `attempt.js` beside this file (the Rust client's own
//! JavaScript module, which wasm-bindgen copies into an app's bindings) makes the request,
//! follows what redirects it may, reads and counts the body, and times the waits between
//! attempts. Measured in an app: the same steps driven from the wasm through web-sys and
//! js-sys (`Headers`, `AbortController`, `Response`, the body's reader, `TextDecoder`, `URL`,
//! `setTimeout`) took 6.7 KB more of its wasm and 6 KB more of wasm-bindgen's glue, for a
//! module of about 2.3 KB once minified (docs/benchmarks-log.md, the sixth round).
//!
//! Each call of the module answers a handle, `{ settled, cancel }`; [`Awaited`] awaits its
//! promise (which never rejects) and calls its `cancel` when dropped: dropping a call's
//! future aborts its `fetch`, or clears its wait.

use super::end::{RESPONSE, TIMEOUT, TOO_LARGE};
use super::Fetch;
use crate::client::error::Received;
use crate::http::{HttpRequest, Method};
use crate::response::MAX_REDIRECTS;
use crate::transport::{Failure, Transport, MAX_RESPONSE_BYTES};
use js_sys::{Array, JsString, Promise};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/client/fetch/attempt.js")]
extern "C" {
    /// Something the host does for the client: `{ settled, cancel }`.
    type Pending;

    /// One attempt of `method` to `url` (see `attempt.js`): `headers` as `name\nvalue\n…`,
    /// a read's redirects followed within `base_url`'s origin (at most `redirects`), the
    /// body read up to `max_bytes`, all of it aborted after `timeout_ms`. Never throws.
    #[allow(clippy::too_many_arguments)]
    fn attempt(
        url: &str,
        method: &str,
        headers: &str,
        body: Option<&str>,
        base_url: &str,
        timeout_ms: u32,
        redirects: u32,
        max_bytes: u32,
    ) -> Pending;

    /// A wait of `ms` milliseconds.
    fn wait(ms: u32) -> Pending;

    /// The promise of what it comes to (an [`End`] for an attempt); it never rejects.
    #[wasm_bindgen(method, getter)]
    fn settled(this: &Pending) -> Promise;

    /// Ends it early (a no-op once it has settled).
    #[wasm_bindgen(method)]
    fn cancel(this: &Pending);

    /// How an attempt ended: `{ kind, status, text, headers, tape }`.
    type End;

    /// [`RESPONSE`], [`TIMEOUT`], [`CONNECTION`](super::end::CONNECTION) or [`TOO_LARGE`].
    #[wasm_bindgen(method, getter)]
    fn kind(this: &End) -> u8;

    /// The response's status (also a body's over the limit).
    #[wasm_bindgen(method, getter)]
    fn status(this: &End) -> u16;

    /// The body as the host decoded it; a connection failure's words.
    #[wasm_bindgen(method, getter)]
    fn text(this: &End) -> JsString;

    /// The response's headers, `[name, value, name, value, …]` (names in lower case).
    #[wasm_bindgen(method, getter)]
    fn headers(this: &End) -> Array;

    /// The body as `JSON.parse` read it, as a tape (`json/host.rs`); `undefined` when it is
    /// not JSON.
    #[wasm_bindgen(method, getter)]
    fn tape(this: &End) -> JsValue;
}

/// A [`Pending`] awaited: its promise's future; its `cancel` called when dropped.
struct Awaited {
    pending: Pending,
    settled: JsFuture,
}

impl Awaited {
    fn new(pending: Pending) -> Self {
        let settled = JsFuture::from(pending.settled());
        Awaited { pending, settled }
    }

    /// What the promise settled with, once it has (it never rejects).
    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<JsValue> {
        Pin::new(&mut self.settled)
            .poll(cx)
            .map(|settled| settled.unwrap_or_else(|e| e))
    }
}

impl Drop for Awaited {
    fn drop(&mut self) {
        self.pending.cancel();
    }
}

/// What an attempt came to: a [`Received`], or its [`Failure`].
fn ended(end: &End) -> Result<Received, Failure> {
    match end.kind() {
        RESPONSE => Ok(Received::from_host(
            end.status(),
            pairs(&end.headers()),
            end.text(),
            &end.tape(),
        )),
        TIMEOUT => Err(Failure::Timeout),
        TOO_LARGE => Err(Failure::TooLarge(end.status())),
        // CONNECTION: `fetch` or the body's read failed (the host's words, and where it was
        // trying to go); the module answers no other number.
        _ => Err(Failure::Connection(end.text().into())),
    }
}

/// `[name, value, name, value, …]` as pairs.
fn pairs(flat: &Array) -> Vec<(String, String)> {
    // By `get`, as the tape is read (`json/host.rs`), up to the first item that is not a
    // string (`undefined` past the end): not by `Array::iter` nor `length`, two bindings fewer.
    let text = |at: u32| flat.get(at).as_string();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(name) = text(at) {
        out.push((name, text(at + 1).unwrap_or_default()));
        at += 2;
    }
    out
}

impl Fetch {
    /// The headers of `req`, as `attempt.js` takes them: `content-type` for a body, then
    /// `defaultHeaders` and `x-api-key`, then the call's own (a later one replaces an earlier
    /// one of the same name). None holds a line break: the client checked each
    /// (`config::check_header`, `config::is_sendable_key`).
    fn header_lines(&self, req: &HttpRequest) -> String {
        // Pushed from the names as they are: no owned `content-type` pair made to chain it
        // (measured: 93 bytes).
        let mut lines = String::new();
        let mut push = |name: &str, value: &str| {
            for part in [name, value] {
                lines.push_str(part);
                lines.push('\n');
            }
        };
        if req.body.is_some() {
            push("content-type", "application/json");
        }
        for (name, value) in self.headers.iter().chain(&req.headers) {
            push(name, value);
        }
        lines
    }
}

impl Transport for Fetch {
    type Response = Received;

    fn send<'a, 'r>(
        &'a self,
        req: &'r HttpRequest,
        timeout_ms: u32,
    ) -> impl Future<Output = Result<Received, Failure>> + use<'a, 'r> {
        // Only a read's redirect may be followed: a POST's body would be sent again, maybe
        // elsewhere.
        let redirects = match req.method {
            Method::Get => MAX_REDIRECTS,
            Method::Post => 0,
        };
        let mut sent = Awaited::new(attempt(
            &req.url(&self.base_url),
            req.method.as_str(),
            &self.header_lines(req),
            req.body.as_deref(),
            &self.base_url,
            timeout_ms,
            redirects,
            MAX_RESPONSE_BYTES,
        ));
        std::future::poll_fn(move |cx| sent.poll(cx).map(|end| ended(end.unchecked_ref())))
    }

    /// The host's timer (`wait` in `attempt.js`), cleared if the wait is dropped first. A
    /// plain future over its promise, not an `async fn`: no state machine of its own in each
    /// call's (measured: 161 bytes of wasm less in an app).
    fn sleep(&self, ms: u32) -> impl Future<Output = Result<(), Failure>> {
        let mut waiting = Awaited::new(wait(ms));
        std::future::poll_fn(move |cx| waiting.poll(cx).map(|_| Ok(())))
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }
}
