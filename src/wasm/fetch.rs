//! Responses as `sendOnce` (in `js/transport.js`) records them, seen through [`ResponseView`].

use crate::response::{Kind, ResponseView};
use crate::transport::Failure;
use crate::wasm::fields::get;
use crate::wasm::js::header;
use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

/// Where `sendOnce` puts each part of its record (an array, read by index).
mod at {
    pub const STATUS: u32 = 0;
    pub const PARSED: u32 = 1;
    pub const JSON: u32 = 2;
    pub const TEXT: u32 = 3;
    pub const FAILURE: u32 = 5;
    pub const MESSAGE: u32 = 6;
}

/// A received response: the record `sendOnce` resolved to.
pub struct JsResponse {
    /// `[status, parsed, json, text, headers, failure, message]`.
    pub record: Array,
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
        self.record.get(at::TEXT)
    }
}

/// How one attempt ended, from the record `sendOnce` resolved to.
pub fn attempt(record: JsValue) -> Result<JsResponse, Failure> {
    let record: Array = record
        .dyn_into()
        .map_err(|_| Failure::Connection(String::new()))?;
    let status = || {
        let s = record.get(at::STATUS).as_f64().unwrap_or(0.0);
        s.clamp(0.0, 999.0) as u16
    };
    match record.get(at::FAILURE).as_string().as_deref() {
        None => {}
        Some("timeout") => return Err(Failure::Timeout),
        Some("abort") => return Err(Failure::Aborted),
        Some("too_large") => return Err(Failure::TooLarge(status())),
        Some(_) => {
            let message = record.get(at::MESSAGE).as_string().unwrap_or_default();
            return Err(Failure::Connection(message));
        }
    }
    let status = status();
    let parsed = record.get(at::PARSED).as_bool().unwrap_or(false);
    let json = parsed.then(|| record.get(at::JSON));
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
