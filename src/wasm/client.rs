//! The `LooplyClient` class as wasm-bindgen exports it. Its declaration (with these doc
//! comments) is the package's TypeScript type for the public `LooplyClient`: the package
//! entry wraps this class, and turns the call number each method returns here into the
//! promise the declaration describes, by driving the call (`__send`, `__after`, …).

use crate::error::ValidationError;
use crate::executions::{
    GetOrganizationExecutionsParams, GetWorkflowExecutionByIdParams,
    GetWorkflowExecutionHistoryParams, ResumeWorkflowParams, RunWorkflowActionParams,
};
use crate::http::{HttpRequest, Method};
use crate::pagination::{Cursor, ListKind};
use crate::schedules::ToggleScheduledWorkflowParams;
use crate::wasm::calls::Calls;
use crate::wasm::errors::{internal, validation};
use crate::wasm::fields::{get, JsFields};
use crate::wasm::pager::Pager;
use crate::wasm::shared::{object_or_absent, Shared};
use crate::workflows::{
    GetOrganizationWorkflowsParams, GetWorkflowByIdParams, TriggerWorkflowParams,
};
use js_sys::Promise;
use std::cell::RefMut;
use std::rc::Rc;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

/// A client of the Looply Workflow API. Every method returns a promise of the response
/// JSON exactly as the service sent it, and rejects with a `LooplyError` subclass.
#[wasm_bindgen]
pub struct LooplyClient {
    shared: Rc<Shared>,
}

type Build = fn(&JsFields) -> Result<HttpRequest, ValidationError>;

/// A call's number, as returned to the package entry (typed as the promise it becomes).
type CallId = Result<u32, JsValue>;

fn busy() -> JsValue {
    internal("the client's calls were re-entered while in use")
}

impl LooplyClient {
    fn call(&self, params: JsValue, options: JsValue, build: Build) -> CallId {
        let start = || -> Result<_, ValidationError> {
            object_or_absent("params", &params)?;
            let req = build(&JsFields(&params))?;
            let route = self.shared.route(&options, req.method)?;
            Ok((req, route))
        };
        let (req, route) = start().map_err(validation)?;
        self.shared.start(req, &route)
    }

    fn paginate(
        &self,
        kind: ListKind,
        params: &JsValue,
        options: &JsValue,
    ) -> Result<Pager, JsValue> {
        let build = || -> Result<Pager, ValidationError> {
            object_or_absent("params", params)?;
            let start = get(params, "lastKey");
            let start_fields = JsFields(&start);
            let has_start = !(start.is_undefined() || start.is_null());
            let cursor = Cursor::read(kind, &JsFields(params), has_start.then_some(&start_fields))?;
            let route = self.shared.route(options, Method::Get)?;
            Ok(Pager::new(
                self.shared.clone(),
                route,
                cursor,
                start.clone(),
            ))
        };
        build().map_err(validation)
    }

    fn calls(&self) -> Result<RefMut<'_, Calls>, JsValue> {
        self.shared.calls.try_borrow_mut().map_err(|_| busy())
    }
}

#[wasm_bindgen]
impl LooplyClient {
    /// Creates a client. Throws `ValidationError` when an option is invalid or no API key
    /// is given; nothing is sent until a method is called.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: JsValue,
    ) -> Result<LooplyClient, JsValue> {
        let shared = Shared::new(&options).map_err(validation)?;
        Ok(LooplyClient {
            shared: Rc::new(shared),
        })
    }

    /// Internal: one attempt of call `id`, a promise of its record.
    #[wasm_bindgen(js_name = __send, skip_typescript)]
    pub fn send(&self, id: u32) -> Result<Promise, JsValue> {
        // The borrow ends before `fetch` runs: a custom fetch may call the client again.
        let parts = self.calls()?.get_mut(id)?.request();
        Ok(parts.send())
    }

    /// Internal: takes in an attempt's record; a wait in ms (retry) or the response body.
    #[wasm_bindgen(js_name = __after, skip_typescript)]
    pub fn after(&self, id: u32, record: JsValue) -> Result<JsValue, JsValue> {
        self.calls()?.get_mut(id)?.after(record)
    }

    /// Internal: the wait before a retry of call `id`; a promise of `false` if aborted.
    #[wasm_bindgen(js_name = __pause, skip_typescript)]
    pub fn pause(&self, id: u32, ms: u32) -> Result<Promise, JsValue> {
        Ok(self.calls()?.get_mut(id)?.pause(ms))
    }

    /// Internal: after the wait; throws `APIUserAbortError` when it was aborted.
    #[wasm_bindgen(js_name = __resume, skip_typescript)]
    pub fn resume(&self, id: u32, completed: bool) -> Result<(), JsValue> {
        self.calls()?.get_mut(id)?.resume(completed)
    }

    /// Internal: forgets call `id`.
    #[wasm_bindgen(js_name = __finish, skip_typescript)]
    pub fn finish(&self, id: u32) {
        if let Ok(mut calls) = self.shared.calls.try_borrow_mut() {
            calls.remove(id);
        }
    }

    /// Runs a workflow (`POST /workflows/triggerworkflow/{workflow_id}[/{workflow_version}]`)
    /// with `payload` as its input. Not retried on failures that could have started it
    /// (only on 429) unless `options.retryNonIdempotent` is set.
    #[wasm_bindgen(js_name = triggerWorkflow, unchecked_return_type = "Promise<TriggerWorkflowResponse>")]
    pub fn trigger_workflow(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TriggerWorkflowParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> CallId {
        self.call(params, options, |f| {
            Ok(TriggerWorkflowParams::read(f)?.request())
        })
    }

    /// Resumes an execution waiting for a response (`POST /workflows/resumeworkflow/{process_id}`).
    /// `payload.source`, when present, must be `TEAMS` or `SAP`.
    #[wasm_bindgen(js_name = resumeWorkflow, unchecked_return_type = "Promise<WorkflowActionResponse>")]
    pub fn resume_workflow(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ResumeWorkflowParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> CallId {
        self.call(params, options, |f| {
            Ok(ResumeWorkflowParams::read(f)?.request())
        })
    }

    /// Runs any workflow action (`POST /workflows/{action}/{process_id}`): the API document
    /// says more actions than `resumeworkflow` will come.
    #[wasm_bindgen(js_name = runWorkflowAction, unchecked_return_type = "Promise<WorkflowActionResponse>")]
    pub fn run_workflow_action(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RunWorkflowActionParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> CallId {
        self.call(params, options, |f| {
            Ok(RunWorkflowActionParams::read(f)?.request())
        })
    }

    /// Pauses or plays a scheduled workflow (`POST /workflows/toggleScheduledWorkflow`).
    #[wasm_bindgen(js_name = toggleScheduledWorkflow, unchecked_return_type = "Promise<ToggleScheduledWorkflowResponse>")]
    pub fn toggle_scheduled_workflow(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ToggleScheduledWorkflowParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> CallId {
        self.call(params, options, |f| {
            Ok(ToggleScheduledWorkflowParams::read(f)?.request())
        })
    }

    /// Reads an execution's current state, payloads and logs (`GET /workflows/getWorkflowExecutionById`).
    #[wasm_bindgen(js_name = getWorkflowExecutionById, unchecked_return_type = "Promise<GetWorkflowExecutionByIdResponse>")]
    pub fn get_workflow_execution_by_id(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GetWorkflowExecutionByIdParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> CallId {
        self.call(params, options, |f| {
            Ok(GetWorkflowExecutionByIdParams::read(f)?.request())
        })
    }

    /// Lists one page of a workflow's executions, newest first (`GET /workflows/getWorkflowExecutionHistory`).
    #[wasm_bindgen(js_name = getWorkflowExecutionHistory, unchecked_return_type = "Promise<ExecutionsPage>")]
    pub fn get_workflow_execution_history(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GetWorkflowExecutionHistoryParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> CallId {
        self.call(params, options, |f| {
            Ok(GetWorkflowExecutionHistoryParams::read(f)?.request())
        })
    }

    /// Lists one page of all the organization's executions (`GET /workflows/getOrganizationExecutions`).
    #[wasm_bindgen(js_name = getOrganizationExecutions, unchecked_return_type = "Promise<ExecutionsPage>")]
    pub fn get_organization_executions(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "GetOrganizationExecutionsParams")]
        params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> CallId {
        self.call(params, options, |f| {
            Ok(GetOrganizationExecutionsParams::read(f)?.request())
        })
    }

    /// Reads a workflow version with its steps, connections, integrations and schema
    /// (`GET /workflows/getWorkflowById`).
    #[wasm_bindgen(js_name = getWorkflowById, unchecked_return_type = "Promise<GetWorkflowByIdResponse>")]
    pub fn get_workflow_by_id(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GetWorkflowByIdParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> CallId {
        self.call(params, options, |f| {
            Ok(GetWorkflowByIdParams::read(f)?.request())
        })
    }

    /// Lists one page of the organization's workflow versions (`GET /workflows/getOrganizationWorkflows`).
    #[wasm_bindgen(js_name = getOrganizationWorkflows, unchecked_return_type = "Promise<OrganizationWorkflowsPage>")]
    pub fn get_organization_workflows(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "GetOrganizationWorkflowsParams")]
        params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> CallId {
        self.call(params, options, |f| {
            Ok(GetOrganizationWorkflowsParams::read(f)?.request())
        })
    }

    /// Reads a workflow's data schema and mock payload (`GET /workflows/getWorkflowSchemaById`).
    #[wasm_bindgen(js_name = getWorkflowSchemaById, unchecked_return_type = "Promise<GetWorkflowSchemaByIdResponse>")]
    pub fn get_workflow_schema_by_id(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GetWorkflowSchemaByIdParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> CallId {
        self.call(params, options, |f| {
            Ok(GetWorkflowByIdParams::read(f)?.schema_request())
        })
    }

    /// Walks a workflow's executions, newest first, following `lastKey` page by page.
    #[wasm_bindgen(js_name = paginateWorkflowExecutionHistory, unchecked_return_type = "Paginator<WorkflowExecutionSummary, ExecutionsPage, ExecutionsKey>")]
    pub fn paginate_workflow_execution_history(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PaginateWorkflowExecutionHistoryParams")]
        params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Result<Pager, JsValue> {
        self.paginate(ListKind::WorkflowExecutionHistory, &params, &options)
    }

    /// Walks all the organization's executions, newest first, following `lastKey`.
    #[wasm_bindgen(js_name = paginateOrganizationExecutions, unchecked_return_type = "Paginator<WorkflowExecutionSummary, ExecutionsPage, ExecutionsKey>")]
    pub fn paginate_organization_executions(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "PaginateOrganizationExecutionsParams")]
        params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Result<Pager, JsValue> {
        self.paginate(ListKind::OrganizationExecutions, &params, &options)
    }

    /// Walks the organization's workflow versions, following `lastKey`.
    #[wasm_bindgen(js_name = paginateOrganizationWorkflows, unchecked_return_type = "Paginator<WorkflowSummary, OrganizationWorkflowsPage, OrganizationWorkflowsKey>")]
    pub fn paginate_organization_workflows(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "PaginateOrganizationWorkflowsParams")]
        params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Result<Pager, JsValue> {
        self.paginate(ListKind::OrganizationWorkflows, &params, &options)
    }
}
