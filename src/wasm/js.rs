//! The JavaScript helpers of `js/transport.js`, in one import block.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

#[wasm_bindgen(module = "/js/transport.js")]
extern "C" {
    /// One fetch attempt; resolves to a response record or `{ failure }`, never rejects.
    #[wasm_bindgen(js_name = sendOnce)]
    pub fn send_once(
        fetch: &JsValue,
        url: &str,
        method: &str,
        headers: &JsValue,
        body: Option<String>,
        timeout_ms: u32,
        signal: &JsValue,
        max_bytes: u32,
    ) -> js_sys::Promise;
    /// Resolves `true` after `ms`, or `false` as soon as `signal` aborts.
    pub fn sleep(ms: u32, signal: &JsValue) -> js_sys::Promise;
    /// A response header of a response record.
    pub fn header(res: &JsValue, name: &str) -> Option<String>;
    /// All response headers of a response record, as a plain object.
    #[wasm_bindgen(js_name = headerObject)]
    pub fn header_object(res: &JsValue) -> JsValue;
    /// A `Headers` with the defaults, the extras and `x-api-key`.
    #[wasm_bindgen(js_name = makeHeaders)]
    pub fn make_headers(api_key: &str, json: bool, extra1: &JsValue, extra2: &JsValue) -> JsValue;
    /// `{ apiKey, baseUrl, isBrowser }` from `process.env` and the global scope.
    #[wasm_bindgen(js_name = readEnv)]
    pub fn read_env() -> JsValue;
    /// `JSON.stringify(value)`, or `undefined` when it throws.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(value: &JsValue) -> Option<String>;
}
