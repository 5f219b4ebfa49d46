//! The JavaScript helpers of `pkg-template/src/transport.js`, in one import block, and the
//! three globals the core calls.
//!
//! Node (V8 11.3) compiles one wrapper per distinct import signature when it compiles the
//! core, at import, about 0.1 ms each: so imports share their neighbours' signatures where
//! the JavaScript allows it. Those with nothing to pass take an `unused` value that the
//! JavaScript ignores (the caller passes [`UNUSED`]): `() -> f64` is then `Date.now`
//! and `Math.random` as one `(externref) -> f64`, and `() -> externref` the four
//! that make or read an object as `(externref) -> externref`; and every import that answers
//! an `i32` takes two values, as `isFunction` (`(externref, externref) -> i32`), so the core
//! calls none of wasm-bindgen's tests of one value (`is_function`, `is_truthy`,
//! `is_undefined`) either (docs/benchmarks-log.md, "Notes of branch `nsig`").

use crate::http::HttpRequest;
use core::mem::ManuallyDrop;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

/// What the core passes for an `unused` parameter: `undefined`, a constant with nothing to
/// drop (`&JsValue::UNDEFINED` made a temporary on the stack and a call to drop it at each
/// call site).
pub const UNUSED: ManuallyDrop<JsValue> = ManuallyDrop::new(JsValue::UNDEFINED);

#[wasm_bindgen(module = "/pkg-template/src/transport.js")]
extern "C" {
    /// A call's request record, `{ call, url, body, route, check }` (the URL is the route's
    /// `baseUrl` and `path`; `check` the name of the field whose kind the check of a success
    /// reads first, [`Shape::first_field`](crate::http::Shape::first_field) of the shape
    /// whose code is `shape`): what the package entry sends (`sendOnce`) for each attempt of
    /// call number `call`.
    pub fn request(
        call: u32,
        path: &str,
        body: Option<&str>,
        route: &JsValue,
        shape: u32,
    ) -> JsValue;
    /// The class of the core's error descriptors (`__call` and `__settle` answer one when a
    /// call failed).
    pub type CoreFailure;
    /// A fresh, empty error descriptor: a `CoreFailure` (`unused` is ignored).
    #[wasm_bindgen(js_name = failureObject)]
    pub fn failure_object(unused: &JsValue) -> js_sys::Object;
    /// `{ ...a, ...b }`: a call's `fetchOptions` over the client's.
    #[wasm_bindgen(js_name = mergeOptions)]
    pub fn merge_options(a: &JsValue, b: &JsValue) -> JsValue;
    /// `obj[name]` when `obj` is an object, else `undefined` (also when a getter throws).
    /// The names of this and the next imports are lent: each is the name kept for good
    /// ([`js_name`](crate::wasm::fields::js_name)), no slot of the externref table taken for
    /// a copy and freed by the import's adapter.
    #[wasm_bindgen(js_name = field)]
    pub fn field_of(obj: &JsValue, name: &JsValue) -> JsValue;
    /// Whether `v` is a function (`unused` is ignored, as every import answering an `i32`: wasm-bindgen's
    /// `is_function` answers from a function of one value).
    #[wasm_bindgen(js_name = isFunction)]
    pub fn is_function(v: &JsValue, unused: &JsValue) -> bool;
    /// What [`raw`](crate::wasm::fields::raw) reads of a value, `v`'s field `name` (`v`
    /// itself when `name` is `undefined`), in one crossing, `room` a view of the core's
    /// memory: a string's UTF-8 written into `room` and its length answered, or, when it does
    /// not fit, the room it needs (its UTF-8's length, more than `room`'s; nothing written, the string held for
    /// [`held_value`]); else `-1 - ` its kind's code (a [`Kind`](crate::response::Kind)'s,
    /// or the next one for a function, a symbol or a bigint), a number's or a boolean's value
    /// (1 or 0) written into `room`'s first 8 bytes as a little-endian `f64` (when `room` has
    /// them: an empty one asks the kind only). The package's glue hands `room` to
    /// transport.js's `valueAt` as a place in its one cached view of the memory, not as a new
    /// view each crossing (scripts/build.mjs).
    #[wasm_bindgen(js_name = valueInto)]
    pub fn value_into(v: &JsValue, room: &mut [u8], name: &JsValue) -> i32;
    /// The string [`value_into`] last held, taken (`unused` is ignored).
    #[wasm_bindgen(js_name = heldValue)]
    pub fn held_value(unused: &JsValue) -> JsValue;
    /// An attempt record's raw body text.
    #[wasm_bindgen(js_name = recordText)]
    pub fn record_text(record: &JsValue) -> JsValue;
    /// What the network said about a connection failure (a string or `undefined`; a
    /// `JsValue` read with `as_string`, smaller in the wasm than an `Option<String>` answer).
    #[wasm_bindgen(js_name = recordMessage)]
    pub fn record_message(record: &JsValue) -> JsValue;
    /// A response header of a response record: a string or `undefined` (a `JsValue` read
    /// with `as_string`, and its name a JavaScript string made once: an `Option<String>`
    /// answer and a `&str` name went through a glue function of their own, 0.2 KB).
    pub fn header(res: &JsValue, name: &JsValue) -> JsValue;
    /// All response headers of a response record, as a plain object.
    #[wasm_bindgen(js_name = headerObject)]
    pub fn header_object(res: &JsValue) -> JsValue;
    /// A plain object's string entries, flat (`[name, value, …]`): `[]` when it is absent,
    /// `undefined` when it is not a plain object of string values.
    #[wasm_bindgen(js_name = stringEntries)]
    pub fn string_entries(obj: &JsValue) -> JsValue;
    /// The plain object of [`string_entries`]' entries (a copy of the caller's).
    #[wasm_bindgen(js_name = entriesObject)]
    pub fn entries_object(entries: &JsValue) -> JsValue;
    /// `obj[name] = value` on an object the core just made (no exception to catch, unlike
    /// `Reflect.set`'s binding, whose catching glue and wasm export cost 0.3 KB).
    #[wasm_bindgen(js_name = setField)]
    pub fn set_field(obj: &JsValue, name: &JsValue, value: &JsValue);
    /// A `Headers` with the defaults, the extras and `x-api-key`.
    #[wasm_bindgen(js_name = makeHeaders)]
    pub fn make_headers(api_key: &str, json: bool, extra1: &JsValue, extra2: &JsValue) -> JsValue;
    /// `{ apiKey, baseUrl, isBrowser }` from `process.env` and the global scope.
    /// (`unused` is ignored.)
    #[wasm_bindgen(js_name = readEnv)]
    pub fn read_env(unused: &JsValue) -> JsValue;
    /// `globalThis.fetch` (`js_sys::global()` tries four globals through thread-locals: 0.7 KB
    /// of the wasm; `unused` is ignored).
    #[wasm_bindgen(js_name = globalFetch)]
    pub fn global_fetch(unused: &JsValue) -> JsValue;
    /// `JSON.stringify(value)`, or `undefined` when it throws (a `JsValue`, as
    /// [`record_message`]'s).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(value: &JsValue) -> JsValue;
}

/// Call `call`'s request record (see [`request`]): `req` sent along the route whose record is
/// `route`, with its shape's code, by which the entry knows the field whose kind the check of
/// its success reads first and reads it beside the body's (`recordKind`: no crossing back into
/// JavaScript for it).
pub fn request_record(call: u32, req: &HttpRequest, route: &JsValue) -> JsValue {
    request(
        call,
        &req.path,
        req.body.as_deref(),
        route,
        req.shape as u32,
    )
}

/// [`field_of`] of a name made for the call (an array's index), taken and dropped here.
pub fn field(obj: &JsValue, name: JsValue) -> JsValue {
    field_of(obj, &name)
}

#[wasm_bindgen]
extern "C" {
    /// `Date.now()` (`unused` is ignored).
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    pub fn date_now(unused: &JsValue) -> f64;
    /// `Math.random()` (`unused` is ignored).
    #[wasm_bindgen(js_namespace = Math, js_name = random)]
    pub fn math_random(unused: &JsValue) -> f64;
    /// `Object(undefined)`: a new, empty plain object, as `new Object()`.
    #[wasm_bindgen(js_name = Object)]
    pub fn new_object(undefined: &JsValue) -> js_sys::Object;
}
