//! [`Error`] as the plain object the package's JavaScript entry turns into an error class.

use crate::error::{Error, Invalid};
use crate::response::request_id;
use crate::wasm::fetch::JsResponse;
use crate::wasm::fields::put;
use crate::wasm::js::{failure_object, header_object, UNUSED};
use js_sys::Object;
use wasm_bindgen::JsValue;

/// `{ looplyError: code, message, … }`: the entry rethrows it as the class of that code
/// ([`Error::class_code`]; a number, so that this wasm carries none of the classes' names).
/// A `CoreFailure` (`pkg-template/src/transport.js`), so that the entry tells it apart from
/// a response body that `__settle` answers (JSON makes no object of a class).
pub fn to_js(err: Error<JsResponse>) -> JsValue {
    let obj = failure_object(&UNUSED);
    put(&obj, "looplyError", err.class_code().into());
    put(&obj, "message", JsValue::from_str(err.message()));
    match &err {
        Error::Validation(v) => put(&obj, "param", JsValue::from_str(&v.param)),
        Error::Api { response, .. } => describe_response(&obj, response, false),
        Error::Decode { response, .. } => describe_response(&obj, response, true),
        Error::TooLarge { status, .. } => put(&obj, "status", JsValue::from_f64((*status).into())),
        Error::Connection(_) | Error::Timeout(_) | Error::Abort(_) | Error::Internal(_) => {}
    }
    obj.into()
}

/// A fault inside the SDK (a bug), as a `LooplyError` that says so.
pub fn internal(what: &str) -> JsValue {
    to_js(Error::internal(what))
}

/// A validation error, before any request exists.
pub fn validation(v: Invalid) -> JsValue {
    to_js(Error::Validation(v.into()))
}

/// The response's status, body (its text when `raw`, else the parsed body if any), headers
/// and request id into `obj`.
fn describe_response(obj: &Object, r: &JsResponse, raw: bool) {
    use crate::response::ResponseView;
    put(obj, "status", JsValue::from_f64(r.status().into()));
    put(obj, "body", if raw { r.text() } else { r.body() });
    put(obj, "headers", header_object(&r.record));
    if let Some(id) = request_id(r) {
        put(obj, "requestId", JsValue::from_str(&id));
    }
}
