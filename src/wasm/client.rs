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
use crate::wasm::errors::{internal, validation};
use crate::wasm::fields::is_absent;
use crate::wasm::pager::Pager;
use crate::wasm::shared::{object_or_absent, Shared};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

/// A client of the Looply Workflow API. Every method returns a promise of the response
/// JSON exactly as the service sent it, and rejects with a `LooplyError` subclass.
pub struct LooplyClient {
    /// Its settings and routes.
    pub(crate) shared: Shared,
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

/// Endpoint `index`, or the internal error. Inlined: its `Result` of a reference and a
/// `JsValue` came back through memory to both callers.
#[inline(always)]
pub fn endpoint_at(index: u32) -> Result<&'static Endpoint, JsValue> {
    api::by_index(index).ok_or_else(|| internal("an endpoint index out of range"))
}

impl LooplyClient {
    /// Internal: a walk over list endpoint `index`, from `start`, the `lastKey` of `params`
    /// as the entry read it (`field`, once: the entry's paginator keeps it): what `store`
    /// answers for its `Pager` (`__paginate` stores it, answering its number), or the error
    /// descriptor (a `CoreFailure`, which the entry throws) when a parameter or an option is
    /// invalid. The pager is stored where it is made (returned, it was moved through the
    /// stack twice).
    pub fn paginate(
        &self,
        index: u32,
        params: JsValue,
        options: JsValue,
        start: JsValue,
        store: impl FnOnce(Pager) -> JsValue,
    ) -> JsValue {
        let ep = match endpoint_at(index) {
            Ok(ep) => ep,
            Err(failure) => return failure,
        };
        let checked = || -> Result<JsValue, Invalid> {
            object_or_absent("params", &params)?;
            let has_start = !is_absent(&start);
            // The cursor stored from where it is made (answered, it came back through memory).
            Cursor::open_then(ep, &params, has_start.then_some(&start), None, |cursor| {
                // Taken out of `route`'s answer by one `match`: `?` then `unwrap_or_else`
                // moved the `Option<Route>` to a slot of its own first (measured: A 23 B less).
                let route = match self.shared.route(&options, Method::Get) {
                    Ok(Some(own)) => own,
                    Ok(None) => self.shared.default_route(Method::Get).clone(),
                    Err(e) => return Err(e),
                };
                Ok(store(Pager::new(route, cursor)))
            })
        };
        checked().unwrap_or_else(validation)
    }
}

impl LooplyClient {
    /// Creates a client. Throws `ValidationError` when an option is invalid or no API key
    /// is given; nothing is sent until a method is called.
    pub fn new(options: JsValue) -> Result<LooplyClient, JsValue> {
        Shared::read(&options, |shared| LooplyClient { shared }).map_err(validation)
    }
}
