//! A Rust WebAssembly app that uses the crate's Rust API (`client` feature), as an app author
//! writes one: its own `#[global_allocator]`, its own `#[wasm_bindgen]` export, and nothing of
//! the npm package's layer (`tests/rust-app/` builds it, checks its bindings and measures what
//! the crate adds against `examples/empty_app.rs`).
//!
//! Build: `cargo build --release --target wasm32-unknown-unknown --features client --example app`.

use looply_sdk::client::{
    Client, ClientOptions, GetWorkflowExecutionByIdParams, TriggerWorkflowParams,
};
use wasm_bindgen::prelude::*;

// The app's own allocator: the crate must not set one of its own (it would not compile).
#[global_allocator]
static ALLOCATOR: std::alloc::System = std::alloc::System;

/// Triggers `workflow_id` on the service at `base_url` and answers the state its execution
/// is in, read back. A failure rejects with a JavaScript `Error` named after its class
/// (`PermissionDeniedError`, …), with `status` and `requestId` (the crate's
/// `From<Error> for JsValue`).
#[wasm_bindgen(js_name = triggerAndRead)]
pub async fn trigger_and_read(
    base_url: String,
    api_key: String,
    workflow_id: String,
) -> Result<String, JsValue> {
    let client = Client::new(ClientOptions {
        api_key,
        base_url: Some(base_url),
        ..ClientOptions::default()
    })?;
    let started = client
        .trigger_workflow(TriggerWorkflowParams {
            workflow_id: workflow_id.clone(),
            ..TriggerWorkflowParams::default()
        })
        .await?;
    let execution = client
        .get_workflow_execution_by_id(GetWorkflowExecutionByIdParams {
            workflow_id,
            workflow_execution_id: started.looply_execution_id,
        })
        .await?;
    Ok(execution.item.workflow_current_state.to_string())
}
