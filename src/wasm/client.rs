//! The core's client, which the exports of [`crate::wasm::objects`] serve by its number: one
//! `__call` and one `__paginate` serve every endpoint by its index in [`crate::api::all`]. The package
//! entry's methods, their parameters' names (its `looply:facts` module) and their TypeScript
//! declarations are generated from the same descriptions (`src/bin/describe/`), so the types
//! and the runtime cannot disagree.
//!
//! A call crosses the boundary twice when all goes well: `__call` validates the parameters
//! and answers the request record (`{ call, url, body, route }`), which the entry sends
//! (`sendOnce`); `__settle` takes the attempt's record and answers the body, or the wait
//! before the next attempt, or the error (a `CoreFailure`, which the entry throws: both answer
//! their failures rather than throw them). `__forget` frees a call the core did not end.

use crate::api;
use crate::endpoint::Endpoint;
use crate::error::Invalid;
use crate::http::Method;
use crate::pagination::Cursor;
use crate::request::request;
use crate::wasm::calls::{settle, Calls};
use crate::wasm::errors::{internal, validation};
use crate::wasm::fields::is_absent;
use crate::wasm::js::CoreFailure;
use crate::wasm::pager::Pager;
use crate::wasm::shared::{busy, object_or_absent, Shared};
use std::cell::RefMut;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

/// A client of the Looply Workflow API. Every method returns a promise of the response
/// JSON exactly as the service sent it, and rejects with a `LooplyError` subclass.
pub struct LooplyClient {
    shared: Shared,
}

// The class's declaration as the package's `.d.ts` has it: the entry's `LooplyClient` (index.js)
// is constructed with `new`, though the core's is made by `__new` (which answers its failure).
#[wasm_bindgen(typescript_custom_section)]
const LOOPLY_CLIENT_TS: &str = r#"
/**
 * A client of the Looply Workflow API. Every method returns a promise of the response
 * JSON exactly as the service sent it, and rejects with a `LooplyError` subclass.
 */
export class LooplyClient {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Creates a client. Throws `ValidationError` when an option is invalid or no API key
     * is given; nothing is sent until a method is called.
     */
    constructor(options?: ClientOptions);
}
"#;

fn endpoint_at(index: u32) -> Result<&'static Endpoint, JsValue> {
    api::by_index(index).ok_or_else(|| internal("an endpoint index out of range"))
}

impl LooplyClient {
    fn calls(&self) -> Result<RefMut<'_, Calls>, JsValue> {
        self.shared.calls.try_borrow_mut().map_err(|_| busy())
    }
}

impl LooplyClient {
    /// Internal: the client's log level (0 off … 4 debug).
    pub fn log_level(&self) -> u8 {
        self.shared.log_level()
    }

    /// Internal: the client's API key, for the entry's redaction of what a server echoes.
    /// (A `JsValue`: a returned `String` went through a boxed copy and the glue's decoding,
    /// 0.1 KB of the gzipped entry; the entry gets the same JavaScript string.)
    pub fn api_key(&self) -> JsValue {
        JsValue::from_str(self.shared.api_key())
    }

    /// Internal: starts a call of endpoint `index`; returns its request record, `{ call,
    /// url, body, route }`, or the error descriptor (a `CoreFailure`) when a parameter or an
    /// option is invalid (a `ValidationError`), which the entry throws. Answered, not thrown:
    /// a `Result` comes back through wasm-bindgen's multi-value shim, an array and a slot of
    /// the externref table a call (measured in place: docs/benchmarks-log.md, branch `ncpu3`).
    pub fn call_answer(&self, index: u32, params: JsValue, options: JsValue) -> JsValue {
        let prepare = || -> Result<JsValue, JsValue> {
            let ep = endpoint_at(index)?;
            let checked = || -> Result<_, Invalid> {
                object_or_absent("params", &params)?;
                let req = request(ep, &params)?;
                let route = self.shared.route(&options, req.method)?;
                Ok((req, route))
            };
            let (req, route) = checked().map_err(validation)?;
            self.shared.start(&req, route.as_ref())
        };
        prepare().unwrap_or_else(|failure| failure)
    }

    /// Internal: a walk over list endpoint `index`, from `start`, the `lastKey` of `params`
    /// as the entry read it (`field`, once: the entry's paginator keeps it): its `Pager`
    /// (which `__paginate` stores, answering its number), or the error descriptor (a
    /// `CoreFailure`, which the entry throws) when a parameter or an option is invalid.
    pub fn paginate(
        &self,
        index: u32,
        params: JsValue,
        options: JsValue,
        start: JsValue,
    ) -> Result<Pager, JsValue> {
        let prepare = || -> Result<Pager, JsValue> {
            let ep = endpoint_at(index)?;
            let checked = || -> Result<Pager, Invalid> {
                object_or_absent("params", &params)?;
                let has_start = !is_absent(&start);
                let cursor = Cursor::start(ep, &params, has_start.then_some(&start))?;
                let route = self.shared.route(&options, Method::Get)?;
                let route = route.unwrap_or_else(|| self.shared.default_route(Method::Get).clone());
                Ok(Pager::new(self.shared.calls.clone(), route, cursor))
            };
            checked().map_err(validation)
        };
        prepare()
    }

    /// Internal: takes in the record of an attempt of call `call` (`sendOnce`'s); answers
    /// the response body when the call succeeded (the call is then forgotten), or the wait
    /// in milliseconds before the next attempt (a number), or the error descriptor (a
    /// `CoreFailure`, which the entry throws) when it failed (the call stays until
    /// `__forget`, as any call the core did not end). Answered, not thrown, as `__call`'s.
    pub fn settle_answer(&self, call: u32, record: JsValue) -> JsValue {
        let settled = || -> Result<JsValue, JsValue> {
            let mut calls = self.calls()?;
            let (next, done) = settle(calls.get_mut(call)?, record)?;
            if done {
                calls.remove(call);
            }
            Ok(next)
        };
        settled().unwrap_or_else(|failure| failure)
    }

    /// Internal: forgets call `call` (one that failed, or was abandoned; twice is harmless).
    pub fn forget(&self, call: u32) {
        if let Ok(mut calls) = self.shared.calls.try_borrow_mut() {
            calls.remove(call);
        }
    }
}

impl LooplyClient {
    /// Creates a client. Throws `ValidationError` when an option is invalid or no API key
    /// is given; nothing is sent until a method is called.
    pub fn new(options: JsValue) -> Result<LooplyClient, JsValue> {
        let shared = Shared::new(&options).map_err(validation)?;
        Ok(LooplyClient { shared })
    }
}

/// `__call` and `__settle` as results, their error a `CoreFailure` (what the boundary's tests
/// drive, as the entry does).
impl LooplyClient {
    /// `__call`'s answer: the request record, or the error descriptor.
    pub fn call(&self, index: u32, params: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        failed(self.call_answer(index, params, options))
    }

    /// `__settle`'s answer: the body or the wait, or the error descriptor.
    pub fn settle(&self, call: u32, record: JsValue) -> Result<JsValue, JsValue> {
        failed(self.settle_answer(call, record))
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
