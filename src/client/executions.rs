//! Executions: `resumeworkflow` and other actions, `getWorkflowExecutionById`,
//! `getWorkflowExecutionHistory`, `getOrganizationExecutions`: parameters and methods (the
//! descriptions and response types are [`crate::executions`]).

use crate::client::{Client, Error, Items, Received, Walk};
use crate::executions::{ExecutionsKey, ExecutionsPage, GetWorkflowExecutionByIdResponse};
use crate::transport::Transport;
use serde::Serialize;
use serde_json::{Map, Value};

/// Parameters of [`Client::resume_workflow`].
///
/// ```
/// use looply_sdk::client::ResumeWorkflowParams;
/// let mut payload = serde_json::Map::new();
/// payload.insert("source".into(), "TEAMS".into());
/// let p = ResumeWorkflowParams { process_id: "exec-1".into(), payload: Some(payload) };
/// # let _ = p;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ResumeWorkflowParams {
    /// The `process_id` given to the trigger, or the `looply_execution_id` it returned.
    pub process_id: String,
    /// Any JSON object for the waiting step; `source`, when present, must be `TEAMS` or
    /// `SAP`. `{}` when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<Map<String, Value>>,
}

/// Parameters of [`Client::run_workflow_action`].
///
/// ```
/// use looply_sdk::client::RunWorkflowActionParams;
/// let p = RunWorkflowActionParams { action: "resumeworkflow".into(), process_id: "exec-1".into(), payload: None };
/// # let _ = p;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RunWorkflowActionParams {
    /// The action's name, letters only (`resumeworkflow`, and those the service adds).
    pub action: String,
    /// The `process_id` given to the trigger, or the `looply_execution_id` it returned.
    pub process_id: String,
    /// Any JSON object for the action (`{}` when `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<Map<String, Value>>,
}

/// Parameters of [`Client::get_workflow_execution_by_id`].
///
/// ```
/// use looply_sdk::client::GetWorkflowExecutionByIdParams;
/// let p = GetWorkflowExecutionByIdParams { workflow_id: "wf-1".into(), workflow_execution_id: "exec-1".into() };
/// # let _ = p;
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GetWorkflowExecutionByIdParams {
    /// Id of the workflow.
    pub workflow_id: String,
    /// Id of the execution (`looply_execution_id` of the trigger).
    pub workflow_execution_id: String,
}

/// Parameters of [`Client::get_workflow_execution_history`] (and of
/// [`Client::paginate_workflow_execution_history`], which ignores `workflow_execution_id`).
///
/// ```
/// use looply_sdk::client::GetWorkflowExecutionHistoryParams;
/// let p = GetWorkflowExecutionHistoryParams { workflow_id: "wf-1".into(), limit: Some(5), ..Default::default() };
/// # let _ = p;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GetWorkflowExecutionHistoryParams {
    /// Id of the workflow.
    pub workflow_id: String,
    /// Items per page, 1 to 30 (the service's default is 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Pagination key: `last_key.workflow_execution_id` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workflow_execution_id: Option<String>,
}

/// Parameters of [`Client::get_organization_executions`] (and the page size of
/// [`Client::paginate_organization_executions`], which ignores the cursor fields).
///
/// ```
/// use looply_sdk::client::GetOrganizationExecutionsParams;
/// let p = GetOrganizationExecutionsParams { limit: Some(5), ..Default::default() };
/// # let _ = p;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GetOrganizationExecutionsParams {
    /// Items per page, 1 to 30 (the service's default is 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Pagination key: `last_key.workflow_id` of the previous page (with the next field).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workflow_id: Option<String>,
    /// Pagination key: `last_key.workflow_execution_id` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workflow_execution_id: Option<String>,
}

impl<T: Transport<Response = Received> + 'static> Client<T> {
    /// Resumes an execution waiting for a response. Not retried on failures that could
    /// have resumed it (only on 429). The answer is not documented: a JSON object such as
    /// `{ "message": "success" }`.
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::ResumeWorkflowParams;
    /// let answer = client
    ///     .resume_workflow(ResumeWorkflowParams { process_id: "exec-1".into(), payload: None })
    ///     .await?;
    /// println!("{:?}", answer.get("message"));
    /// # Ok(()) }
    /// ```
    pub async fn resume_workflow(
        &self,
        params: ResumeWorkflowParams,
    ) -> Result<Map<String, Value>, Error> {
        self.call("resumeWorkflow", &params).await
    }

    /// Runs any workflow action (the API document says more than `resumeworkflow` will
    /// come); not retried on failures that could have run it.
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::RunWorkflowActionParams;
    /// let params = RunWorkflowActionParams {
    ///     action: "resumeworkflow".into(),
    ///     process_id: "exec-1".into(),
    ///     payload: None,
    /// };
    /// client.run_workflow_action(params).await?;
    /// # Ok(()) }
    /// ```
    pub async fn run_workflow_action(
        &self,
        params: RunWorkflowActionParams,
    ) -> Result<Map<String, Value>, Error> {
        self.call("runWorkflowAction", &params).await
    }

    /// Reads one execution with its current state, payloads and logs.
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::GetWorkflowExecutionByIdParams;
    /// let e = client
    ///     .get_workflow_execution_by_id(GetWorkflowExecutionByIdParams {
    ///         workflow_id: "wf-1".into(),
    ///         workflow_execution_id: "exec-1".into(),
    ///     })
    ///     .await?;
    /// println!("{}", e.item.workflow_current_state);
    /// # Ok(()) }
    /// ```
    pub async fn get_workflow_execution_by_id(
        &self,
        params: GetWorkflowExecutionByIdParams,
    ) -> Result<GetWorkflowExecutionByIdResponse, Error> {
        self.call("getWorkflowExecutionById", &params).await
    }

    /// Lists one page of a workflow's executions, newest first.
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::GetWorkflowExecutionHistoryParams;
    /// let page = client
    ///     .get_workflow_execution_history(GetWorkflowExecutionHistoryParams {
    ///         workflow_id: "wf-1".into(),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// println!("{} executions", page.items.len());
    /// # Ok(()) }
    /// ```
    pub async fn get_workflow_execution_history(
        &self,
        params: GetWorkflowExecutionHistoryParams,
    ) -> Result<ExecutionsPage, Error> {
        self.call("getWorkflowExecutionHistory", &params).await
    }

    /// Lists one page of all the organization's executions, newest first.
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::GetOrganizationExecutionsParams;
    /// let page = client.get_organization_executions(GetOrganizationExecutionsParams::default()).await?;
    /// println!("{} executions", page.count);
    /// # Ok(()) }
    /// ```
    pub async fn get_organization_executions(
        &self,
        params: GetOrganizationExecutionsParams,
    ) -> Result<ExecutionsPage, Error> {
        self.call("getOrganizationExecutions", &params).await
    }

    /// Walks a workflow's executions, newest first, following `lastKey`: a `Stream` of
    /// items (`.pages()` for pages). Bad parameters fail here, before any request.
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::{GetWorkflowExecutionHistoryParams, Walk};
    /// let params = GetWorkflowExecutionHistoryParams { workflow_id: "wf-1".into(), ..Default::default() };
    /// let mut executions = client.paginate_workflow_execution_history(params, Walk::default())?;
    /// while let Some(e) = executions.next_item().await {
    ///     println!("{}", e?.workflow_current_state);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn paginate_workflow_execution_history(
        &self,
        params: GetWorkflowExecutionHistoryParams,
        walk: Walk<ExecutionsKey>,
    ) -> Result<Items<ExecutionsPage, T>, Error> {
        self.walk("getWorkflowExecutionHistory", &params, walk)
    }

    /// Walks all the organization's executions, newest first, following `lastKey`.
    /// Resume a walk later from its stored [`Items::last_key`].
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::{GetOrganizationExecutionsParams, Walk};
    /// let mut first = client.paginate_organization_executions(
    ///     GetOrganizationExecutionsParams::default(),
    ///     Walk { max_items: Some(100), ..Walk::default() },
    /// )?;
    /// while let Some(e) = first.next_item().await { e?; }
    /// let rest = client.paginate_organization_executions(
    ///     GetOrganizationExecutionsParams::default(),
    ///     Walk { last_key: first.last_key().cloned(), ..Walk::default() },
    /// )?;
    /// # let _ = rest;
    /// # Ok(()) }
    /// ```
    pub fn paginate_organization_executions(
        &self,
        params: GetOrganizationExecutionsParams,
        walk: Walk<ExecutionsKey>,
    ) -> Result<Items<ExecutionsPage, T>, Error> {
        self.walk("getOrganizationExecutions", &params, walk)
    }
}
