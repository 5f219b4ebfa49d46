//! A paginator's state at the boundary: the route and cursor of a walk, whose pages'
//! calls `__next` starts (in the slab of [`crate::wasm::objects`]), and [`accept`], which
//! takes in each page. The JavaScript entry wraps it in the public `Paginator` (the
//! async-iterator protocol), drives the calls and keeps each accepted page's `lastKey`.

use crate::error::Error;
use crate::pagination::{Accepted, Cursor};
use crate::params::{Fields, Raw};
use crate::wasm::errors::{internal, to_js};
use crate::wasm::fetch::attempt;
use crate::wasm::fields::is_absent;
use crate::wasm::shared::Route;
use crate::FieldSource;
use wasm_bindgen::JsValue;

/// One walk over a list endpoint (internal: the package exports `Paginator`).
pub struct Pager {
    /// How its pages' requests go out.
    pub route: Route,
    /// Where the walk is.
    pub cursor: Cursor,
}

impl Pager {
    /// A pager that walks from `cursor`.
    pub fn new(route: Route, cursor: Cursor) -> Self {
        Pager { route, cursor }
    }
}

/// Takes in the end of the attempt that ended a page's call successfully (its record and
/// the record's fields as [`attempt`] takes them; the core checked it in `__settle`), `cursor` moving the walk's cursor by the page (its items and
/// `lastKey`: [`Cursor::accept`]): how many of its items belong to the walk, a number. The
/// entry takes the cursor after the page from the page itself (its `lastKey`, `null` once
/// exhausted), as the core read it: no object made and filled a page. A repeated or malformed `lastKey` ends the walk with
/// `ResponseDecodeError`: its error descriptor (a `CoreFailure`) is answered, as
/// `__next`'s. The record is read, and the error made (its headers read, which a
/// custom `fetch`'s response may answer by calling the client back), outside `cursor`.
pub fn accept(
    record: JsValue,
    status: f64,
    outcome: u32,
    json: JsValue,
    kind: u32,
    cursor: impl FnOnce(usize, Option<&FieldSource<'_>>) -> Result<Result<Accepted, String>, JsValue>,
) -> JsValue {
    let Ok(response) = attempt(record, status, outcome, json, kind) else {
        return internal("a page accepted that was not received");
    };
    // 0 items for anything but a number (as `as usize` casts NaN, and as `as_f64`'s `None`
    // did), read in one crossing.
    let items = match response.json_field("items").field("length") {
        Raw::Num(n) => n,
        _ => 0.0,
    };
    let key = response.json_field("lastKey");
    let last_key: Option<&FieldSource<'_>> = if is_absent(&key) { None } else { Some(&key) };
    match cursor(items as usize, last_key) {
        Ok(Ok(accepted)) => (accepted.take as u32).into(),
        Ok(Err(message)) => to_js(Error::Decode { message, response }),
        Err(failure) => failure,
    }
}
