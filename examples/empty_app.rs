//! The same app as `examples/app.rs` without the crate: one `#[wasm_bindgen]` export that
//! answers a string, with the same allocator. What `app` weighs more is what the crate adds.

use wasm_bindgen::prelude::*;

#[global_allocator]
static ALLOCATOR: std::alloc::System = std::alloc::System;

/// Answers `workflow_id`, without calling anything.
#[wasm_bindgen(js_name = triggerAndRead)]
pub async fn trigger_and_read(
    base_url: String,
    api_key: String,
    workflow_id: String,
) -> Result<String, JsValue> {
    let _ = (base_url, api_key);
    Ok(workflow_id)
}

/// Answers `workflow_id`, without calling anything (the app's `everyEndpoint`).
#[wasm_bindgen(js_name = everyEndpoint)]
pub async fn every_endpoint(
    base_url: String,
    api_key: String,
    workflow_id: String,
    scheduled_id: String,
    scheduled_version: u64,
) -> Result<String, JsValue> {
    let _ = (base_url, api_key, scheduled_id, scheduled_version);
    Ok(workflow_id)
}
