//! A Rust WebAssembly app that uses the crate's Rust API (`client` feature), as an app author
//! writes one: its own `#[global_allocator]`, its own `#[wasm_bindgen]` export, and nothing of
//! the npm package's layer (`tests/rust-app/` builds it, checks its bindings and measures what
//! the crate adds against `examples/empty_app.rs`).
//!
//! Build: `cargo build --release --target wasm32-unknown-unknown --features client --example app`.

use looply_sdk::client::{
    Client, ClientOptions, Error, GetOrganizationExecutionsParams, GetOrganizationWorkflowsParams,
    GetWorkflowByIdParams, GetWorkflowExecutionByIdParams, GetWorkflowExecutionHistoryParams,
    ResumeWorkflowParams, RunWorkflowActionParams, ScheduleAction, ToggleScheduledWorkflowParams,
    TriggerWorkflowParams, Walk,
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
    let client = client_of(base_url, api_key)?;
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

/// Calls each of the nine endpoints once and walks the three lists (at most 40 items each),
/// so that the app links all of the crate's Rust API that an app would use (what
/// `tests/rust-app/` measures). Answers one line per call, `name: ok` or `name: <error
/// class>` (the resume and the action may find nothing waiting).
#[wasm_bindgen(js_name = everyEndpoint)]
pub async fn every_endpoint(
    base_url: String,
    api_key: String,
    workflow_id: String,
    scheduled_id: String,
    scheduled_version: u64,
) -> Result<String, JsValue> {
    let client = client_of(base_url, api_key)?;
    let mut lines = String::new();
    let mut note = |name: &str, result: Result<(), Error>| push_outcome(&mut lines, name, result);
    let read = GetWorkflowByIdParams {
        workflow_id: workflow_id.clone(),
        workflow_version: 1,
    };
    note(
        "getWorkflowById",
        client.get_workflow_by_id(read.clone()).await.map(drop),
    );
    note(
        "getWorkflowSchemaById",
        client.get_workflow_schema_by_id(read).await.map(drop),
    );
    let five = GetOrganizationWorkflowsParams {
        limit: Some(5),
        ..GetOrganizationWorkflowsParams::default()
    };
    note(
        "getOrganizationWorkflows",
        client.get_organization_workflows(five).await.map(drop),
    );
    let started = client
        .trigger_workflow(TriggerWorkflowParams {
            workflow_id: workflow_id.clone(),
            ..TriggerWorkflowParams::default()
        })
        .await?;
    note("triggerWorkflow", Ok(()));
    let process_id = started.looply_execution_id;
    let ids = GetWorkflowExecutionByIdParams {
        workflow_id: workflow_id.clone(),
        workflow_execution_id: process_id.clone(),
    };
    note(
        "getWorkflowExecutionById",
        client.get_workflow_execution_by_id(ids).await.map(drop),
    );
    let history = GetWorkflowExecutionHistoryParams {
        workflow_id,
        limit: Some(5),
        ..GetWorkflowExecutionHistoryParams::default()
    };
    let answer = client.get_workflow_execution_history(history.clone()).await;
    note("getWorkflowExecutionHistory", answer.map(drop));
    let org = GetOrganizationExecutionsParams {
        limit: Some(5),
        ..GetOrganizationExecutionsParams::default()
    };
    let answer = client.get_organization_executions(org.clone()).await;
    note("getOrganizationExecutions", answer.map(drop));
    let resume = ResumeWorkflowParams {
        process_id: process_id.clone(),
        payload: None,
    };
    note(
        "resumeWorkflow",
        client.resume_workflow(resume).await.map(drop),
    );
    let action = RunWorkflowActionParams {
        action: "resumeworkflow".into(),
        process_id,
        payload: None,
    };
    note(
        "runWorkflowAction",
        client.run_workflow_action(action).await.map(drop),
    );
    for action in [ScheduleAction::Pause, ScheduleAction::Play] {
        let toggle = ToggleScheduledWorkflowParams {
            workflow_id: scheduled_id.clone(),
            workflow_version: scheduled_version,
            action,
        };
        let answer = client.toggle_scheduled_workflow(toggle).await;
        note("toggleScheduledWorkflow", answer.map(drop));
    }
    let all = GetOrganizationWorkflowsParams::default();
    let workflows = client.paginate_organization_workflows(all, first_forty())?;
    note("paginate workflows", workflows.to_vec().await.map(drop));
    let executions = client.paginate_workflow_execution_history(history, first_forty())?;
    note("paginate history", executions.to_vec().await.map(drop));
    let executions = client.paginate_organization_executions(org, first_forty())?;
    note("paginate executions", executions.to_vec().await.map(drop));
    Ok(lines)
}

/// Adds the line `name: ok` or `name: <error class>` to `lines` (a plain function and
/// pushes, not a closure's `format!` at each call: the app's own bytes, not the crate's).
fn push_outcome(lines: &mut String, name: &str, result: Result<(), Error>) {
    if !lines.is_empty() {
        lines.push('\n');
    }
    lines.push_str(name);
    lines.push_str(": ");
    lines.push_str(result.as_ref().map_or_else(|e| e.class_name(), |()| "ok"));
}

/// A walk of at most 40 items.
fn first_forty<K>() -> Walk<K> {
    Walk {
        max_items: Some(40),
        ..Walk::default()
    }
}

/// A client of the service at `base_url` with `api_key` (the crate's defaults otherwise).
fn client_of(base_url: String, api_key: String) -> Result<Client, Error> {
    Client::new(ClientOptions {
        api_key,
        base_url: Some(base_url),
        ..ClientOptions::default()
    })
}
