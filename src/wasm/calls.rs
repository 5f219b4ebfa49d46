//! Calls in flight: each is a request ready to send plus its [`Attempts`] loop, kept in a
//! slab and named by a number, so that JavaScript drives the I/O with no Rust future and
//! no per-call JavaScript object of the core's.

use crate::http::{HttpRequest, Method};
use crate::transport::{Attempts, Next, Policy, MAX_RESPONSE_BYTES};
use crate::wasm::errors::{internal, to_js};
use crate::wasm::fetch::{attempt, JsResponse};
use crate::wasm::js::{send_once, sleep};
use js_sys::Promise;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// How the requests of one call (or one paginator) go out.
#[derive(Clone)]
pub struct Route {
    /// Request headers (with the key).
    pub headers: JsValue,
    /// The caller's `AbortSignal`, or `undefined`.
    pub signal: JsValue,
    /// Merged into each attempt's `RequestInit`, or `undefined`.
    pub fetch_options: JsValue,
    /// Timeout and retries.
    pub policy: Policy,
}

/// One call: what to send, how, and where its retry loop stands.
pub struct Call {
    out: Rc<Outgoing>,
    attempts: Attempts,
    /// The final successful response, kept for the paginator's checks.
    pub done: Option<JsResponse>,
}

impl Call {
    /// A call of `req` against `base_url`; `fetch` is the caller's own, or `undefined` for
    /// the global `fetch` of each attempt's moment.
    pub fn new(fetch: JsValue, base_url: &str, req: HttpRequest, route: Route) -> Self {
        Call {
            attempts: Attempts::new(&req, route.policy),
            out: Rc::new(Outgoing {
                fetch,
                // Made into JavaScript strings once, not once per attempt.
                url: JsValue::from_str(&req.url(base_url)),
                method: req.method,
                body: req
                    .body
                    .as_deref()
                    .map_or(JsValue::UNDEFINED, JsValue::from_str),
                headers: route.headers,
                signal: route.signal,
                timeout_ms: route.policy.timeout_ms,
                fetch_options: route.fetch_options,
            }),
            done: None,
        }
    }

    /// `[method, url, headers]` of this call's attempts.
    pub fn describe(&self) -> js_sys::Array {
        self.out.describe()
    }

    /// What one attempt sends, shared out of the call so that no borrow is held while
    /// `fetch` (perhaps the caller's own) runs; a reference count, not a copy.
    pub fn request(&self) -> Rc<Outgoing> {
        Rc::clone(&self.out)
    }

    /// Takes in an attempt's record: a number of milliseconds to wait before sending again
    /// (`.1` false), or the response body when the call succeeded (`.1` true); an error
    /// descriptor when it failed.
    pub fn after(&mut self, record: JsValue) -> Result<(JsValue, bool), JsValue> {
        match self
            .attempts
            .after(attempt(record), js_sys::Date::now, js_sys::Math::random)
        {
            Next::Retry(ms) => Ok((JsValue::from_f64(ms.into()), false)),
            Next::Done(Ok(response)) => {
                let json = response.json();
                self.done = Some(response);
                Ok((json, true))
            }
            Next::Done(Err(e)) => Err(to_js(e)),
        }
    }

    /// Waits `ms` before a retry: a promise of `true`, or `false` when the signal aborted.
    pub fn pause(&self, ms: u32) -> Promise {
        sleep(ms, &self.out.signal)
    }

    /// After a pause: an abort ends the call with `APIUserAbortError`.
    pub fn resume(&self, completed: bool) -> Result<(), JsValue> {
        if completed {
            Ok(())
        } else {
            Err(to_js(self.attempts.aborted::<JsResponse>()))
        }
    }
}

/// One attempt's request.
pub struct Outgoing {
    fetch: JsValue,
    url: JsValue,
    method: Method,
    body: JsValue,
    headers: JsValue,
    signal: JsValue,
    timeout_ms: u32,
    fetch_options: JsValue,
}

impl Outgoing {
    /// Sends it: a promise of the record `sendOnce` resolves to (it never rejects).
    pub fn send(&self) -> Promise {
        send_once(
            &self.fetch,
            &self.url,
            self.method == Method::Post,
            &self.headers,
            &self.body,
            self.timeout_ms,
            &self.signal,
            MAX_RESPONSE_BYTES,
            &self.fetch_options,
        )
    }

    /// `[method, url, headers]`, for request events and logs (the headers hold the key:
    /// the package entry redacts it).
    pub fn describe(&self) -> js_sys::Array {
        js_sys::Array::of3(&self.method.as_str().into(), &self.url, &self.headers)
    }
}

/// The calls of one client, by number.
#[derive(Default)]
pub struct Calls {
    slots: Vec<Option<Call>>,
    free: Vec<u32>,
}

impl Calls {
    /// Stores `call`; returns its number.
    pub fn insert(&mut self, call: Call) -> u32 {
        if let Some(id) = self.free.pop() {
            if let Some(slot) = self.slots.get_mut(id as usize) {
                *slot = Some(call);
                return id;
            }
        }
        self.slots.push(Some(call));
        (self.slots.len() - 1) as u32
    }

    /// The call numbered `id`.
    pub fn get_mut(&mut self, id: u32) -> Result<&mut Call, JsValue> {
        self.slots
            .get_mut(id as usize)
            .and_then(Option::as_mut)
            .ok_or_else(|| internal("a call number that is not in flight"))
    }

    /// Forgets the call numbered `id` (a finished call; twice is harmless).
    pub fn remove(&mut self, id: u32) -> Option<Call> {
        let call = self.slots.get_mut(id as usize).and_then(Option::take);
        if call.is_some() {
            self.free.push(id);
        }
        call
    }
}
