//! Rules of the core that the package entry's own JavaScript asks for, so that each is
//! written once: the server's requested delay (the waiter), and the names that the entry
//! accepts in options (it refuses any other, `pkg-template/src/names.js`).

use crate::config::{CLIENT_OPTION_NAMES, REQUEST_OPTION_NAMES};
use crate::retry::requested_delay_ms;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

/// Internal: the wait a response's `retry-after-ms` / `Retry-After` asks for, however long
/// (the waiter compares it with the time it has left); `undefined` when there is none.
#[wasm_bindgen(js_name = __retryAfterMs, skip_typescript)]
pub fn retry_after_ms(retry_after_ms: JsValue, retry_after: JsValue, now_ms: f64) -> Option<f64> {
    // `JsValue`s read with `as_string`: the entry passes a header's string or nothing, and
    // taking `Option<String>` decoded each in wasm-bindgen's own code (0.3 KB of the wasm).
    let (ms, s) = (retry_after_ms.as_string(), retry_after.as_string());
    requested_delay_ms(ms.as_deref(), s.as_deref(), now_ms)
}

/// Internal: the client's option names, then a line break, then a call's, each list
/// separated by spaces (`pkg-template/src/index.js` splits them: one string crosses, not two
/// arrays built an element at a time through four js-sys imports).
#[wasm_bindgen(js_name = __optionNames, skip_typescript)]
pub fn option_names() -> JsValue {
    let mut out = String::new();
    words(&mut out, CLIENT_OPTION_NAMES);
    out.push('\n');
    words(&mut out, REQUEST_OPTION_NAMES);
    JsValue::from_str(&out)
}

/// Appends `names` to `out`, one space before each but the first.
fn words(out: &mut String, names: &[&str]) {
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(n);
    }
}
