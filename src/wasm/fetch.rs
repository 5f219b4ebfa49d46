//! [`Transport`] over a `fetch` function, through the I/O helpers in `js/transport.js`.

use crate::http::{HttpRequest, Method};
use crate::response::{Kind, ResponseView};
use crate::transport::{Failure, Transport, MAX_RESPONSE_BYTES};
use crate::wasm::fields::get;
use crate::wasm::js::{header, send_once, sleep};
use js_sys::{Array, Function};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// One call's way out: the client's fetch and headers, plus the call's signal.
pub struct FetchTransport {
    /// The `fetch` function to call.
    pub fetch: Function,
    /// Base URL without a trailing slash.
    pub base_url: String,
    /// Headers for GET requests.
    pub get_headers: JsValue,
    /// Headers for POST requests (with `content-type`).
    pub post_headers: JsValue,
    /// The caller's `AbortSignal`, or `undefined`.
    pub signal: JsValue,
}

/// A received response: the record `sendOnce` resolved to.
pub struct JsResponse {
    /// `{ status, headers, text, json, parsed }`.
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
        get(&self.record, "text")
    }
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

impl Transport for FetchTransport {
    type Response = JsResponse;

    async fn send(&self, req: &HttpRequest, timeout_ms: u32) -> Result<JsResponse, Failure> {
        let headers = match req.method {
            Method::Get => &self.get_headers,
            Method::Post => &self.post_headers,
        };
        let url = req.url(&self.base_url);
        let promise = send_once(
            &self.fetch,
            &url,
            req.method.as_str(),
            headers,
            req.body.clone(),
            timeout_ms,
            &self.signal,
            MAX_RESPONSE_BYTES,
        );
        let record = JsFuture::from(promise)
            .await
            .map_err(|_| Failure::Connection(String::new()))?;
        match get(&record, "failure").as_string().as_deref() {
            None => {}
            Some("timeout") => return Err(Failure::Timeout),
            Some("abort") => return Err(Failure::Aborted),
            Some("too_large") => {
                let status = get(&record, "status").as_f64().unwrap_or(0.0);
                return Err(Failure::TooLarge(status.clamp(0.0, 999.0) as u16));
            }
            Some(_) => {
                let message = get(&record, "message").as_string().unwrap_or_default();
                return Err(Failure::Connection(message));
            }
        }
        let status = get(&record, "status").as_f64().unwrap_or(0.0);
        let parsed = get(&record, "parsed").as_bool().unwrap_or(false);
        let json = parsed.then(|| get(&record, "json"));
        Ok(JsResponse {
            record,
            status: status.clamp(0.0, 999.0) as u16,
            json,
        })
    }

    async fn sleep(&self, ms: u32) -> Result<(), Failure> {
        match JsFuture::from(sleep(ms, &self.signal)).await {
            Ok(v) if v.as_bool() == Some(true) => Ok(()),
            _ => Err(Failure::Aborted),
        }
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }
}
