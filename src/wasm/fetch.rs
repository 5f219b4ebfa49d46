//! Responses as `sendOnce` (in `js/transport.js`) records them, seen through [`ResponseView`].
//! The record's layout is known to `js/transport.js` alone: it is read here through its
//! accessors.

use crate::response::{Kind, ResponseView};
use crate::transport::Failure;
use crate::wasm::fields::get;
use crate::wasm::js::{
    header, record_failure, record_json, record_message, record_parsed, record_status, record_text,
};
use js_sys::Array;
use wasm_bindgen::JsValue;

/// A received response: the record `sendOnce` resolved to.
pub struct JsResponse {
    /// The attempt's record (see `js/transport.js`).
    pub record: JsValue,
    status: u16,
    /// The parsed body, read once: `None` when the body is not JSON.
    json: Option<JsValue>,
}

impl JsResponse {
    /// The parsed body (when it parsed), else the raw text.
    pub fn body(&self) -> JsValue {
        self.json.clone().unwrap_or_else(|| self.text())
    }

    /// The parsed body, passed through untouched.
    pub fn json(&self) -> JsValue {
        self.json.clone().unwrap_or(JsValue::UNDEFINED)
    }

    /// The raw body text.
    pub fn text(&self) -> JsValue {
        record_text(&self.record)
    }
}

/// How one attempt ended, from the record `sendOnce` resolved to.
pub fn attempt(record: JsValue) -> Result<JsResponse, Failure> {
    if !Array::is_array(&record) {
        return Err(Failure::Connection(String::new()));
    }
    let status = || record_status(&record).clamp(0.0, 999.0) as u16;
    match record_failure(&record).as_deref() {
        None => {}
        Some("timeout") => return Err(Failure::Timeout),
        Some("abort") => return Err(Failure::Aborted),
        Some("too_large") => return Err(Failure::TooLarge(status())),
        Some(_) => {
            let message = record_message(&record).unwrap_or_default();
            return Err(Failure::Connection(message));
        }
    }
    let status = status();
    let json = record_parsed(&record).then(|| record_json(&record));
    Ok(JsResponse {
        record,
        status,
        json,
    })
}

fn kind(v: &JsValue) -> Kind {
    if v.is_undefined() {
        Kind::Missing
    } else if v.is_null() {
        Kind::Null
    } else if v.as_bool().is_some() {
        Kind::Bool
    } else if v.as_f64().is_some() {
        Kind::Number
    } else if v.is_string() {
        Kind::String
    } else if Array::is_array(v) {
        Kind::Array
    } else {
        Kind::Object
    }
}

impl ResponseView for JsResponse {
    fn status(&self) -> u16 {
        self.status
    }
    fn header(&self, name: &str) -> Option<String> {
        header(&self.record, name)
    }
    fn body_kind(&self) -> Option<Kind> {
        self.json.as_ref().map(kind)
    }
    fn field_kind(&self, name: &str) -> Kind {
        self.json
            .as_ref()
            .map_or(Kind::Missing, |j| kind(&get(j, name)))
    }
    fn field_str(&self, name: &str) -> Option<String> {
        self.json.as_ref().and_then(|j| get(j, name).as_string())
    }
}
