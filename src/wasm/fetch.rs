//! Responses as `sendOnce` (in `pkg-template/src/transport.js`) records them, seen through [`ResponseView`].
//! The record's layout is known to `pkg-template/src/transport.js` alone: it is read here through its
//! accessors.

use crate::response::{AttemptEnd, Kind, ResponseView};
use crate::retry::{asked_after_ms, asked_ms};
use crate::transport::Failure;
use crate::wasm::fields::{field_kind, field_string, get, js_name, string_of};
use crate::wasm::js::{header, record_message, record_text};
use wasm_bindgen::JsValue;

/// A received response: the record `sendOnce` resolved to.
pub struct JsResponse {
    /// The attempt's record (see `pkg-template/src/transport.js`).
    pub record: JsValue,
    status: u16,
    /// The parsed body, read once: `undefined` when the body is not JSON (`JSON.parse` never
    /// yields it), which has no fields, so that no reader tests an `Option` first.
    json: JsValue,
    /// The parsed body's kind, read once: `Missing` when the body is not JSON.
    body_kind: Kind,
    /// The kind of the field that the check of a success reads first, as the entry read it
    /// with the body's (`None` when it read none): answered without a crossing.
    first: Option<Kind>,
}

impl JsResponse {
    /// The parsed body (when it parsed), else the raw text.
    pub fn body(&self) -> JsValue {
        if self.body_kind == Kind::Missing {
            self.text()
        } else {
            self.json.clone()
        }
    }

    /// The parsed body's property `name` (`undefined` when the body did not parse): read
    /// in place, not through a copy of the body's reference.
    pub fn json_field(&self, name: &str) -> JsValue {
        get(&self.json, name)
    }

    /// The parsed body, taken out of the response (no copy of the reference).
    pub fn into_json(self) -> JsValue {
        self.json
    }

    /// The raw body text.
    pub fn text(&self) -> JsValue {
        record_text(&self.record)
    }

    /// The response's header `name` as the record has it (a string, or `undefined`): one
    /// reader, so that the name's `JsValue` is made and dropped in one place, not at each.
    #[inline(never)]
    fn header_value(&self, name: &str) -> JsValue {
        header(&self.record, js_name(name))
    }
}

/// How one attempt ended: the record `sendOnce` resolved to, and what every attempt's end
/// reads of it, which the entry passes beside it (`recordStatus`, `recordOutcome`,
/// `recordJson`, and the parsed body's kind: one crossing back into JavaScript each, saved).
/// The record is kept for the rare reads (headers, text, message).
pub fn attempt(
    record: JsValue,
    // The HTTP status (0 without a response; anything but a number reads as 0).
    status: f64,
    // How the attempt ended: an [`AttemptEnd`]'s code.
    outcome: u32,
    // The parsed body; `undefined` when the body was not JSON.
    json: JsValue,
    // The parsed body's kind: a [`Kind`]'s code, as `valueInto` would answer it (transport.js
    // `kind`: a fact of the value, not a rule; the checks of it are the core's), in the low 4
    // bits; above them, 0, or 1 + the kind of the body's field that the check of a success
    // reads first (the request record's `check`, by the call's shape: `recordKind`).
    kind: u32,
) -> Result<JsResponse, Failure> {
    // Through `u32` (one saturating `trunc_sat` in wasm: `NaN` and below 0 are 0), then
    // capped: a clamp to `f64`s and a cast to `u16` compared it to both ends twice.
    let status = (status as u32).min(999) as u16;
    match AttemptEnd::from_code(outcome) {
        Some(AttemptEnd::Response) => {}
        Some(AttemptEnd::Timeout) => return Err(Failure::Timeout),
        Some(AttemptEnd::Abort) => return Err(Failure::Aborted),
        Some(AttemptEnd::TooLarge) => return Err(Failure::TooLarge(status)),
        Some(AttemptEnd::Connection) | None => {
            let message = string_of(record_message(&record)).unwrap_or_default();
            return Err(Failure::Connection(message));
        }
    }
    // `JSON.parse` never yields `undefined`: the record holds it when the body was not JSON
    // (`Missing`). JSON.parse makes nothing that is not one of the kinds, so anything else is
    // counted as an object.
    let body_kind = Kind::from_code(kind & 15).unwrap_or(Kind::Object);
    // As `field_kind` reads it: anything JSON does not make counts as an object.
    let first = match kind >> 4 {
        0 => None,
        read => Some(Kind::from_code(read - 1).unwrap_or(Kind::Object)),
    };
    Ok(JsResponse {
        record,
        status,
        json,
        body_kind,
        first,
    })
}

impl ResponseView for JsResponse {
    fn status(&self) -> u16 {
        self.status
    }
    fn header(&self, name: &str) -> Option<String> {
        string_of(self.header_value(name))
    }
    fn body_kind(&self) -> Option<Kind> {
        (self.body_kind != Kind::Missing).then_some(self.body_kind)
    }
    // Inlined: one wasm function less entered a response check (it only wraps the read).
    #[inline(always)]
    fn field_kind(&self, name: &str) -> Kind {
        // `undefined`'s fields are all missing.
        field_kind(&self.json, name).unwrap_or(Kind::Object)
    }
    fn first_field_kind(&self, name: &str) -> Kind {
        self.first.unwrap_or_else(|| self.field_kind(name))
    }
    fn field_str(&self, name: &str) -> Option<String> {
        field_string(&self.json, name)
    }
    fn requested_ms(&self, now_ms: f64) -> f64 {
        requested_wait(
            self.header_value("retry-after-ms"),
            self.header_value("retry-after"),
            now_ms,
        )
    }
}

/// The wait that a response's `retry-after-ms` and `Retry-After` (`ms`, `s`: a header's
/// string, or anything else for none) ask for, `NaN` for none: the one reader in the wasm,
/// for the retry loop ([`ResponseView::requested_ms`]) and the waiter (`__retryAfterMs`).
#[inline(never)]
pub fn requested_wait(ms: JsValue, s: JsValue, now_ms: f64) -> f64 {
    // `Retry-After` decoded only when `retry-after-ms` asks for no wait.
    let asked = asked_ms(string_of(ms).as_deref());
    if asked.is_nan() {
        asked_after_ms(string_of(s).as_deref(), now_ms)
    } else {
        asked
    }
}
