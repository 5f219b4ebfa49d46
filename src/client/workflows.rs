//! Workflows: `triggerworkflow`, `getWorkflowById`, `getOrganizationWorkflows`,
//! `getWorkflowSchemaById`: parameters and methods (the descriptions and response types
//! are [`crate::workflows`]).

use crate::client::{Client, Error, Items, Received, Walk};
use crate::transport::Transport;
use crate::workflows::{
    GetWorkflowByIdResponse, GetWorkflowSchemaByIdResponse, OrganizationWorkflowsKey,
    OrganizationWorkflowsPage, TriggerWorkflowResponse,
};
use serde::Serialize;
use serde_json::{Map, Value};

/// Parameters of [`Client::trigger_workflow`].
///
/// ```
/// use looply_sdk::client::TriggerWorkflowParams;
/// let mut payload = serde_json::Map::new();
/// payload.insert("order".into(), 42.into());
/// let p = TriggerWorkflowParams { workflow_id: "wf-1".into(), workflow_version: Some(3), payload: Some(payload) };
/// # let _ = p;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TriggerWorkflowParams {
    /// Id of the workflow to run.
    pub workflow_id: String,
    /// Version to run; the service's default when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workflow_version: Option<u64>,
    /// The workflow's input, sent as the request body (`{}` when `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<Map<String, Value>>,
}

/// Parameters of [`Client::get_workflow_by_id`] and, as
/// [`GetWorkflowSchemaByIdParams`], of [`Client::get_workflow_schema_by_id`].
///
/// ```
/// use looply_sdk::client::GetWorkflowByIdParams;
/// let p = GetWorkflowByIdParams { workflow_id: "wf-1".into(), workflow_version: 3 };
/// # let _ = p;
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GetWorkflowByIdParams {
    /// Id of the workflow.
    pub workflow_id: String,
    /// Version of the workflow.
    pub workflow_version: u64,
}

/// Parameters of [`Client::get_workflow_schema_by_id`]: one version of one workflow.
///
/// ```
/// use looply_sdk::client::GetWorkflowSchemaByIdParams;
/// let p = GetWorkflowSchemaByIdParams { workflow_id: "wf-1".into(), workflow_version: 3 };
/// # let _ = p;
/// ```
pub type GetWorkflowSchemaByIdParams = GetWorkflowByIdParams;

/// Parameters of [`Client::get_organization_workflows`] (and the page size of
/// [`Client::paginate_organization_workflows`], which ignores the cursor fields).
///
/// ```
/// use looply_sdk::client::GetOrganizationWorkflowsParams;
/// let p = GetOrganizationWorkflowsParams { limit: Some(10), ..Default::default() };
/// # let _ = p;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GetOrganizationWorkflowsParams {
    /// Items per page, 1 to 30 (the service's default is 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Pagination key: `last_key.workflow_id` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workflow_id: Option<String>,
    /// Pagination key: `last_key.workflow_version` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workflow_version: Option<u64>,
}

impl<T: Transport<Response = Received> + 'static> Client<T> {
    /// Runs a workflow with `payload` as its input. Retried only on 429: a 5xx, a timeout
    /// or a lost connection may have started it, and a second run is worse than an error.
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::TriggerWorkflowParams;
    /// let started = client
    ///     .trigger_workflow(TriggerWorkflowParams { workflow_id: "wf-1".into(), ..Default::default() })
    ///     .await?;
    /// println!("{}", started.looply_execution_id);
    /// # Ok(()) }
    /// ```
    pub async fn trigger_workflow(
        &self,
        params: TriggerWorkflowParams,
    ) -> Result<TriggerWorkflowResponse, Error> {
        self.call("triggerWorkflow", &params).await
    }

    /// Reads a workflow version with its steps, connections, integrations and schema.
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::GetWorkflowByIdParams;
    /// let w = client
    ///     .get_workflow_by_id(GetWorkflowByIdParams { workflow_id: "wf-1".into(), workflow_version: 3 })
    ///     .await?;
    /// println!("{} is {}", w.item.workflow_name, w.item.workflow_status);
    /// # Ok(()) }
    /// ```
    pub async fn get_workflow_by_id(
        &self,
        params: GetWorkflowByIdParams,
    ) -> Result<GetWorkflowByIdResponse, Error> {
        self.call("getWorkflowById", &params).await
    }

    /// Lists one page of the organization's workflow versions.
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::GetOrganizationWorkflowsParams;
    /// let page = client.get_organization_workflows(GetOrganizationWorkflowsParams::default()).await?;
    /// println!("{} workflows, more: {}", page.items.len(), page.last_key.is_some());
    /// # Ok(()) }
    /// ```
    pub async fn get_organization_workflows(
        &self,
        params: GetOrganizationWorkflowsParams,
    ) -> Result<OrganizationWorkflowsPage, Error> {
        self.call("getOrganizationWorkflows", &params).await
    }

    /// Reads a workflow's data schema and mock payload.
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::GetWorkflowSchemaByIdParams;
    /// let s = client
    ///     .get_workflow_schema_by_id(GetWorkflowSchemaByIdParams { workflow_id: "wf-1".into(), workflow_version: 3 })
    ///     .await?;
    /// println!("{}", s.item.workflow_schema);
    /// # Ok(()) }
    /// ```
    pub async fn get_workflow_schema_by_id(
        &self,
        params: GetWorkflowSchemaByIdParams,
    ) -> Result<GetWorkflowSchemaByIdResponse, Error> {
        self.call("getWorkflowSchemaById", &params).await
    }

    /// Walks the organization's workflow versions, following `lastKey`: a `Stream` of
    /// items (`.pages()` for pages). Bad parameters fail here, before any request.
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::{GetOrganizationWorkflowsParams, Walk};
    /// let all = client
    ///     .paginate_organization_workflows(GetOrganizationWorkflowsParams::default(), Walk::default())?
    ///     .to_vec()
    ///     .await?;
    /// println!("{} workflow versions", all.len());
    /// # Ok(()) }
    /// ```
    pub fn paginate_organization_workflows(
        &self,
        params: GetOrganizationWorkflowsParams,
        walk: Walk<OrganizationWorkflowsKey>,
    ) -> Result<Items<OrganizationWorkflowsPage, T>, Error> {
        self.walk("getOrganizationWorkflows", &params, walk)
    }
}
