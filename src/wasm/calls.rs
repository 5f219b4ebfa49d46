//! Calls in flight: each call's retry loop ([`Attempts`]) in the slab of
//! [`crate::wasm::objects`], named by a number. The request itself lives in JavaScript (the
//! record [`LooplyClient::call_answer`] answers): the core keeps no JavaScript value of a
//! call, and runs no Rust future.

use crate::error::Invalid;
use crate::http::HttpRequest;
use crate::request::request;
use crate::transport::Attempts;
use crate::wasm::client::{endpoint_at, LooplyClient};
use crate::wasm::errors::validation;
use crate::wasm::js::{self, CoreFailure};
use crate::wasm::objects::{forget, settle_call, start_call, BUSY};
use crate::wasm::shared::{busy, object_or_absent, Route};
use wasm_bindgen::{JsCast, JsValue};

/// Starts a call of `req` along `route`: the request record the package entry sends, `{ call,
/// url, body, route, check }` (`call` is its number; the URL is the route's `baseUrl` and the
/// request's path), or the busy error.
fn start(req: &HttpRequest, route: &Route) -> JsValue {
    match start_call(Attempts::new(req, route.policy)) {
        BUSY => busy(),
        call => js::request_record(call, req, &route.record),
    }
}

impl LooplyClient {
    /// Internal: starts a call of endpoint `index`; returns its request record, `{ call,
    /// url, body, route }`, or the error descriptor (a `CoreFailure`) when a parameter or an
    /// option is invalid (a `ValidationError`), which the entry throws. Answered, not thrown:
    /// a `Result` comes back through wasm-bindgen's multi-value shim, an array and a slot of
    /// the externref table a call (measured in place: docs/benchmarks-log.md, branch `ncpu3`).
    pub fn call_answer(&self, index: u32, params: JsValue, options: JsValue) -> JsValue {
        let ep = match endpoint_at(index) {
            Ok(ep) => ep,
            Err(failure) => return failure,
        };
        // The request and its route used where they are made (a `Result` of both moved them
        // through the stack twice).
        let checked = || -> Result<JsValue, Invalid> {
            object_or_absent("params", &params)?;
            let req = request(ep, &params)?;
            // The call's own route read in place in `route`'s answer (`ref`): taken out by
            // `?`, it was copied to a slot of its own first (measured: `__call` 52 B less).
            let routed = self.shared.route(&options, req.method);
            let route = match routed {
                Ok(Some(ref own)) => own,
                Ok(None) => self.shared.default_route(req.method),
                Err(e) => return Err(e),
            };
            Ok(start(&req, route))
        };
        checked().unwrap_or_else(validation)
    }

    /// Internal: forgets call `call` (one that failed, or was abandoned; twice is harmless).
    pub fn forget(&self, call: u32) {
        forget(call);
    }
}

/// `__call` and `__settle` as results, their error a `CoreFailure` (what the boundary's tests
/// drive, as the entry does).
impl LooplyClient {
    /// `__call`'s answer: the request record, or the error descriptor.
    pub fn call(&self, index: u32, params: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        failed(self.call_answer(index, params, options))
    }

    /// `__settle`'s answer: the body or the wait, or the error descriptor (the attempt's end
    /// as [`settle_call`] takes it).
    pub fn settle(
        &self,
        call: u32,
        record: JsValue,
        status: f64,
        outcome: u32,
        json: JsValue,
        kind: u32,
    ) -> Result<JsValue, JsValue> {
        failed(settle_call(None, call, record, status, outcome, json, kind))
    }
}

/// An answer as a result: a `CoreFailure` is the error.
fn failed(answer: JsValue) -> Result<JsValue, JsValue> {
    if answer.is_instance_of::<CoreFailure>() {
        Err(answer)
    } else {
        Ok(answer)
    }
}
