//! The `LooplyClient` class as wasm-bindgen exports it. Its declaration (with these doc
//! comments) is the package's TypeScript type for the public `LooplyClient`.

use crate::config::{call_policy, check_header, ClientConfig, Env};
use crate::error::ValidationError;
use crate::executions::{
    GetOrganizationExecutionsParams, GetWorkflowExecutionByIdParams,
    GetWorkflowExecutionHistoryParams, ResumeWorkflowParams, RunWorkflowActionParams,
};
use crate::http::{HttpRequest, Method};
use crate::pagination::{Cursor, ListKind};
use crate::schedules::ToggleScheduledWorkflowParams;
use crate::transport::{execute, Policy};
use crate::wasm::errors::{to_js, validation};
use crate::wasm::fetch::FetchTransport;
use crate::wasm::fields::{get, string_entries, JsFields};
use crate::wasm::js::{make_headers, read_env};
use crate::wasm::pager::Pager;
use crate::workflows::{
    GetOrganizationWorkflowsParams, GetWorkflowByIdParams, TriggerWorkflowParams,
};
use js_sys::{Function, Promise};
use std::rc::Rc;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::future_to_promise;

struct Shared {
    config: ClientConfig,
    fetch: Function,
    default_headers: JsValue,
    get_headers: JsValue,
    post_headers: JsValue,
}

/// A client of the Looply Workflow API. Every method returns a promise of the response
/// JSON exactly as the service sent it, and rejects with a `LooplyError` subclass.
#[wasm_bindgen]
pub struct LooplyClient {
    shared: Rc<Shared>,
}

type Build = fn(&JsFields) -> Result<HttpRequest, ValidationError>;

fn env() -> Env {
    let e = read_env();
    Env {
        api_key: get(&e, "apiKey").as_string(),
        base_url: get(&e, "baseUrl").as_string(),
        is_browser: get(&e, "isBrowser").as_bool().unwrap_or(false),
    }
}

fn fetch_fn(options: &JsValue) -> Result<Function, ValidationError> {
    let given = get(options, "fetch");
    let (f, missing) = if given.is_undefined() || given.is_null() {
        let global = get(&js_sys::global(), "fetch");
        (
            global,
            "is not available in this environment: pass options.fetch",
        )
    } else {
        (given, "must be a function")
    };
    f.dyn_into::<Function>()
        .map_err(|_| ValidationError::new("fetch", missing))
}

/// Checks `obj` as extra headers named `param`; returns a copy when it has any, so that
/// later changes to the caller's object change nothing.
fn extra_headers(param: &str, obj: JsValue) -> Result<Option<JsValue>, ValidationError> {
    let entries = string_entries(&obj).map_err(|_| {
        ValidationError::new(param, "must be a plain object of string header values")
    })?;
    let copy = js_sys::Object::new();
    for (name, value) in &entries {
        check_header(param, name, value)?;
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&copy, &name.into(), &value.into());
    }
    Ok((!entries.is_empty()).then_some(copy.into()))
}

/// Whether `v` is absent or looks like an `AbortSignal`.
fn is_signal_or_absent(v: &JsValue) -> bool {
    v.is_undefined()
        || v.is_null()
        || (get(v, "aborted").as_bool().is_some() && get(v, "addEventListener").is_function())
}

fn object_or_absent(param: &str, v: &JsValue) -> Result<(), ValidationError> {
    if v.is_undefined() || v.is_null() || (v.is_object() && !js_sys::Array::is_array(v)) {
        Ok(())
    } else {
        Err(ValidationError::new(param, "must be an object"))
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
        Self::build(&options).map_err(validation)
    }

    fn build(options: &JsValue) -> Result<LooplyClient, ValidationError> {
        object_or_absent("options", options)?;
        let config = ClientConfig::from_options(&JsFields(options), env())?;
        let fetch = fetch_fn(options)?;
        let default_headers = extra_headers("defaultHeaders", get(options, "defaultHeaders"))?
            .unwrap_or(JsValue::UNDEFINED);
        let none = JsValue::UNDEFINED;
        let get_headers = make_headers(&config.api_key, false, &default_headers, &none);
        let post_headers = make_headers(&config.api_key, true, &default_headers, &none);
        let shared = Shared {
            config,
            fetch,
            default_headers,
            get_headers,
            post_headers,
        };
        Ok(LooplyClient {
            shared: Rc::new(shared),
        })
    }

    /// The per-call transport, request and policy; a `ValidationError` sends nothing.
    fn prepare(
        &self,
        params: &JsValue,
        options: &JsValue,
        build: Build,
    ) -> Result<(FetchTransport, HttpRequest, Policy), ValidationError> {
        object_or_absent("params", params)?;
        let req = build(&JsFields(params))?;
        let (transport, policy) = self.transport(options, req.method)?;
        Ok((transport, req, policy))
    }

    /// The transport and policy of one call (or one paginator) with `options`.
    fn transport(
        &self,
        options: &JsValue,
        method: Method,
    ) -> Result<(FetchTransport, Policy), ValidationError> {
        object_or_absent("options", options)?;
        let s = &self.shared;
        let policy = call_policy(&JsFields(options), s.config.policy)?;
        let signal = get(options, "signal");
        if !is_signal_or_absent(&signal) {
            return Err(ValidationError::new("signal", "must be an AbortSignal"));
        }
        let (get_headers, post_headers) = match extra_headers("headers", get(options, "headers"))? {
            None => (s.get_headers.clone(), s.post_headers.clone()),
            Some(extra) => {
                let json = method == Method::Post;
                let h = make_headers(&s.config.api_key, json, &s.default_headers, &extra);
                (h.clone(), h)
            }
        };
        let transport = FetchTransport {
            fetch: s.fetch.clone(),
            base_url: s.config.base_url.clone(),
            get_headers,
            post_headers,
            signal,
        };
        Ok((transport, policy))
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
            let (transport, policy) = self.transport(options, Method::Get)?;
            Ok(Pager::new(transport, policy, cursor, start.clone()))
        };
        build().map_err(validation)
    }

    fn call(&self, params: JsValue, options: JsValue, build: Build) -> Promise {
        let prepared = self.prepare(&params, &options, build);
        future_to_promise(async move {
            let (transport, req, policy) = prepared.map_err(validation)?;
            match execute(&transport, &req, policy).await {
                Ok(response) => Ok(response.json()),
                Err(e) => Err(to_js(e)),
            }
        })
    }

    /// Runs a workflow (`POST /workflows/triggerworkflow/{workflow_id}[/{workflow_version}]`)
    /// with `payload` as its input. Not retried on failures that could have started it
    /// (only on 429) unless `options.retryNonIdempotent` is set.
    #[wasm_bindgen(js_name = triggerWorkflow, unchecked_return_type = "Promise<TriggerWorkflowResponse>")]
    pub fn trigger_workflow(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TriggerWorkflowParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
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
    ) -> Promise {
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
    ) -> Promise {
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
    ) -> Promise {
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
    ) -> Promise {
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
    ) -> Promise {
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
    ) -> Promise {
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
    ) -> Promise {
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
    ) -> Promise {
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
    ) -> Promise {
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
