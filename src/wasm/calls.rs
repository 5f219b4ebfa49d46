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
use crate::wasm::js;
use crate::wasm::objects::{forget, settle_call, start_call, BUSY};
use crate::wasm::shared::{busy, object_or_absent, Route};
use wasm_bindgen::JsValue;

/// Starts a call of `req` along `route`: the request record the package entry sends, `{ call,
/// url, body, route }` (`call` is its number; the URL is the route's `baseUrl` and the
/// request's path), or the busy error.
fn start(req: &HttpRequest, route: &Route) -> JsValue {
    match start_call(Attempts::new(req, route.policy)) {
        BUSY => busy(),
        call => js::request(call, &req.path, req.body.as_deref(), &route.record),
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

    /// `__settle`: takes in the end of an attempt of call `call` (`sendOnce`'s record, and
    /// its status, outcome, parsed body and the body's kind beside it, as
    /// [`attempt`](crate::wasm::fetch::attempt) takes them) of client number `client`
    /// (looked up in the slab while it is borrowed, no reference taken), or of a client the
    /// caller holds (`None`: [`LooplyClient::settle`]). Answers the response body
    /// when the call succeeded (the call is then forgotten), or the wait in milliseconds
    /// before the next attempt (a number), or the error descriptor (a `CoreFailure`, which the
    /// entry throws) when it failed (the call stays until `__forget`, as any call the core did
    /// not end). Answered, not thrown, as `__call`'s. The slab is borrowed meanwhile (as the
    /// client's own calls were before they joined it): code of the caller's that reading the
    /// response reaches (a custom `fetch`'s headers) finds it busy, whatever object it calls.
    pub fn settle_of(
        client: Option<u32>,
        call: u32,
        record: JsValue,
        status: f64,
        outcome: u32,
        json: JsValue,
        kind: u32,
    ) -> JsValue {
        settle_call(client, call, record, status, outcome, json, kind)
    }

    /// Internal: forgets call `call` (one that failed, or was abandoned; twice is harmless).
    pub fn forget(&self, call: u32) {
        forget(call);
    }
}
