//! A paginator's state at the boundary: the route and cursor of a walk, whose pages'
//! calls `__next` starts (in the slab of [`crate::wasm::objects`]), and [`accept`], which
//! takes in each page. The JavaScript entry wraps it in the public `Paginator` (the
//! async-iterator protocol), drives the calls and keeps the `lastKey` that each page's
//! `accept` answers.

use crate::error::Error;
use crate::pagination::{Accepted, Cursor};
use crate::wasm::errors::{internal, to_js};
use crate::wasm::fetch::attempt;
use crate::wasm::fields::{get, is_absent, set};
use crate::wasm::js::number;
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

/// Takes in the record of the attempt that ended a page's call successfully (the core
/// checked it in `__settle`), `cursor` moving the walk's cursor by the page (its items and
/// `lastKey`: [`Cursor::accept`]): `{ take, lastKey }`, how many of its items belong to the
/// walk and the cursor after it (`null` once exhausted), in one crossing (a getter of the key
/// was an export of its own). A repeated or malformed `lastKey` ends the walk with
/// `ResponseDecodeError`: its error descriptor (a `CoreFailure`) is answered, as
/// `__next`'s. The record is read, and the error made (its headers read, which a
/// custom `fetch`'s response may answer by calling the client back), outside `cursor`.
pub fn accept(
    record: JsValue,
    cursor: impl FnOnce(usize, Option<&FieldSource<'_>>) -> Result<Result<Accepted, String>, JsValue>,
) -> JsValue {
    let Ok(response) = attempt(record) else {
        return internal("a page accepted that was not received");
    };
    // NaN for anything but a number, which counts 0 items as `as usize` casts it (as
    // `as_f64`'s `None` did, whose optional answer is written through memory).
    let items = number(&get(&response.json_field("items"), "length"));
    let key = response.json_field("lastKey");
    let has_key = !is_absent(&key);
    let last_key: Option<&FieldSource<'_>> = if has_key { Some(&key) } else { None };
    match cursor(items as usize, last_key) {
        Ok(Ok(accepted)) => {
            let obj = js_sys::Object::new();
            set(&obj, "take", &(accepted.take as u32).into());
            let key = if has_key { key } else { JsValue::NULL };
            set(&obj, "lastKey", &key);
            obj.into()
        }
        Ok(Err(message)) => to_js(Error::Decode { message, response }),
        Err(failure) => failure,
    }
}
