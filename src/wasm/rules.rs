//! A rule of the core that the package entry's own JavaScript asks for, so that it is
//! written once: the server's requested delay (the waiter, a 429's pause). (The names the
//! entry accepts in options are the core's too: `src/bin/describe/` writes them into the
//! entry's `looply:facts` module.)

use crate::wasm::fetch::requested_wait;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

/// Internal: the wait a response's `retry-after-ms` / `Retry-After` asks for, however long
/// (the waiter compares it with the time it has left); `undefined` when there is none.
#[wasm_bindgen(js_name = __retryAfterMs, skip_typescript)]
pub fn retry_after_ms(retry_after_ms: JsValue, retry_after: JsValue, now_ms: f64) -> JsValue {
    // `JsValue`s read with `as_string` (in `requested_wait`): the entry passes a header's
    // string or nothing, and taking `Option<String>` decoded each in wasm-bindgen's own code
    // (0.3 KB of the wasm). The reader is the retry loop's too.
    let ms = requested_wait(retry_after_ms, retry_after, now_ms);
    // A `JsValue` (the number, or `undefined`): an `Option<f64>` answer came back as a pair.
    if ms.is_nan() {
        JsValue::UNDEFINED
    } else {
        JsValue::from_f64(ms)
    }
}
