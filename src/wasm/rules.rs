//! Rules of the core that the package entry's own JavaScript (the waiter) asks for, so that
//! each is written once: the server's requested delay, and the unknown-name message.

use crate::params::unknown_key;
use crate::retry::requested_delay_ms;
use wasm_bindgen::prelude::wasm_bindgen;

/// Internal: the wait a response's `retry-after-ms` / `Retry-After` asks for, however long
/// (the waiter compares it with the time it has left); `undefined` when there is none.
#[wasm_bindgen(js_name = __retryAfterMs, skip_typescript)]
pub fn retry_after_ms(
    retry_after_ms: Option<String>,
    retry_after: Option<String>,
    now_ms: f64,
) -> Option<f64> {
    requested_delay_ms(retry_after_ms.as_deref(), retry_after.as_deref(), now_ms)
}

/// Internal: the message of an unknown name `key` among `known` ("unknown option 'x'; did
/// you mean 'y'?").
#[wasm_bindgen(js_name = __unknownKey, skip_typescript)]
pub fn unknown(key: String, what: String, known: Vec<String>) -> String {
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    unknown_key(&key, &what, &known).message
}
