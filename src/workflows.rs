//! Workflows: `triggerworkflow`, `getWorkflowById`, `getOrganizationWorkflows`,
//! `getWorkflowSchemaById`.
//!
//! The structs here are the TypeScript types of the package (through tsify); the
//! parameter structs are also what the core validates caller input into.

use crate::error::ValidationError;
use crate::http::{HttpRequest, Idempotency, Shape};
use crate::params::{self, Fields, Version};
use crate::Opaque;
use tsify::Tsify;

/// Parameters of `triggerWorkflow`.
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
pub struct TriggerWorkflowParams {
    /// Id of the workflow to run.
    pub workflow_id: String,
    /// Version to run (a number or a numeric string); the service's default when omitted.
    #[tsify(optional, type = "number | string")]
    pub workflow_version: Option<Version>,
    /// Any JSON object, sent as the request body and given to the workflow as its input; `{}` when omitted.
    #[tsify(optional, type = "Record<string, unknown>")]
    pub payload: String,
}

impl TriggerWorkflowParams {
    /// Validates caller input.
    pub fn read(f: &impl Fields) -> Result<Self, ValidationError> {
        Ok(TriggerWorkflowParams {
            workflow_id: params::id(f, "workflow_id")?,
            workflow_version: params::opt_version(f, "workflow_version")?,
            payload: params::payload(f, "payload")?,
        })
    }

    /// `POST /workflows/triggerworkflow/{workflow_id}[/{workflow_version}]`
    pub fn request(self) -> HttpRequest {
        let version = self.workflow_version.map(Version::digits);
        let mut segments = vec!["triggerworkflow", self.workflow_id.as_str()];
        segments.extend(version.as_deref());
        HttpRequest::post(
            &segments,
            self.payload,
            Shape::Execution,
            Idempotency::NonIdempotent,
        )
    }
}

/// Answer of `triggerWorkflow` and `resumeWorkflow`.
#[derive(Debug, Tsify)]
pub struct TriggerWorkflowResponse {
    /// `"success"`.
    pub message: String,
    /// Id of the execution; use it with `getWorkflowExecutionById` and as `process_id`.
    pub looply_execution_id: String,
}

/// Parameters of `getWorkflowById` and `getWorkflowSchemaById`.
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
pub struct GetWorkflowByIdParams {
    /// Id of the workflow.
    pub workflow_id: String,
    /// Version of the workflow (a number or a numeric string).
    #[tsify(type = "number | string")]
    pub workflow_version: Version,
}

impl GetWorkflowByIdParams {
    /// Validates caller input.
    pub fn read(f: &impl Fields) -> Result<Self, ValidationError> {
        Ok(GetWorkflowByIdParams {
            workflow_id: params::id(f, "workflow_id")?,
            workflow_version: params::version(f, "workflow_version")?,
        })
    }

    /// `GET /workflows/{endpoint}?workflow_id=…&workflow_version=…`
    fn request_to(self, endpoint: &str) -> HttpRequest {
        let version = self.workflow_version.digits();
        let query = [
            ("workflow_id", Some(self.workflow_id.as_str())),
            ("workflow_version", Some(version.as_str())),
        ];
        HttpRequest::get(endpoint, &query, Shape::Item)
    }

    /// `GET /workflows/getWorkflowById`
    pub fn request(self) -> HttpRequest {
        self.request_to("getWorkflowById")
    }

    /// `GET /workflows/getWorkflowSchemaById`
    pub fn schema_request(self) -> HttpRequest {
        self.request_to("getWorkflowSchemaById")
    }
}

/// Parameters of `getWorkflowSchemaById`.
#[derive(Tsify)]
#[tsify(type = "GetWorkflowByIdParams")]
pub struct GetWorkflowSchemaByIdParams;

/// Status of a workflow version. `ACTIVE` and `PAUSED` are what toggling a schedule sets;
/// `DRAFT` is a version not yet published; the service may send others.
#[derive(Tsify)]
#[tsify(type = "\"ACTIVE\" | \"PAUSED\" | \"DRAFT\" | (string & {})")]
pub struct WorkflowStatus;

/// `"true"` for the newest version of a workflow: the service sends a string, not a boolean.
#[derive(Tsify)]
#[tsify(type = "\"true\" | \"false\"")]
pub struct Latest;

/// A workflow version with everything the service knows of it.
#[derive(Debug, Tsify)]
pub struct Workflow {
    /// Id of the workflow.
    pub workflow_id: String,
    /// Version number.
    pub workflow_version: f64,
    /// Display name.
    pub workflow_name: String,
    /// Status of this version.
    #[tsify(type = "WorkflowStatus")]
    pub workflow_status: String,
    /// Status and version together, e.g. `ACTIVE_3` or `DRAFT_1`.
    pub workflow_status_version: String,
    /// `"true"` for the newest version.
    #[tsify(type = "Latest")]
    pub latest: String,
    /// Organization that owns the workflow.
    pub organization_id: String,
    /// Workspace that holds the workflow.
    pub workspace_id: String,
    /// States within the workflow.
    #[tsify(type = "unknown[]")]
    pub workflow_steps: Opaque,
    /// Connections between the workflow's states.
    #[tsify(type = "unknown[]")]
    pub workflow_connections: Opaque,
    /// Integrations configured for this workflow (e.g. an SAP profile).
    #[tsify(type = "Record<string, unknown>")]
    pub workflow_integrations: Opaque,
    /// Data schema of the workflow's payload.
    #[tsify(type = "Record<string, unknown>")]
    pub workflow_schema: Opaque,
    /// Who created it.
    #[tsify(type = "string | null")]
    pub created_by: Option<String>,
    /// Who changed it last, or `null`.
    #[tsify(type = "string | null")]
    pub modified_by: Option<String>,
    /// Creation time, in milliseconds since the epoch.
    pub created_on: f64,
    /// Last change, in milliseconds since the epoch.
    pub modified_on: f64,
}

/// Answer of `getWorkflowById`.
#[derive(Debug, Tsify)]
pub struct GetWorkflowByIdResponse {
    /// `"success"`.
    pub message: String,
    /// The workflow version.
    pub item: Workflow,
}

/// A workflow's data schema and a mock payload from a previous execution.
#[derive(Debug, Tsify)]
pub struct WorkflowSchema {
    /// Id of the workflow.
    pub workflow_id: String,
    /// Version number.
    pub workflow_version: f64,
    /// Mock payload from a previous execution.
    #[tsify(type = "Record<string, unknown>")]
    pub workflow_mock_payload: Opaque,
    /// Schema of the mock payload.
    #[tsify(type = "Record<string, unknown>")]
    pub workflow_schema: Opaque,
    /// Who created it.
    #[tsify(type = "string | null")]
    pub created_by: Option<String>,
    /// Who changed it last, or `null`.
    #[tsify(type = "string | null")]
    pub modified_by: Option<String>,
    /// Creation time, in milliseconds since the epoch.
    pub created_on: f64,
    /// Last change, in milliseconds since the epoch.
    pub modified_on: f64,
}

/// Answer of `getWorkflowSchemaById`.
#[derive(Debug, Tsify)]
pub struct GetWorkflowSchemaByIdResponse {
    /// `"success"`.
    pub message: String,
    /// The schema.
    pub item: WorkflowSchema,
}

/// Parameters of `getOrganizationWorkflows`: one page of the organization's workflows.
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
pub struct GetOrganizationWorkflowsParams {
    /// Items per page, 1 to 30 (the service's default is 20).
    #[tsify(optional, type = "number")]
    pub limit: Option<u64>,
    /// Pagination key: `lastKey.workflow_id` of the previous page.
    #[tsify(optional)]
    pub workflow_id: Option<String>,
    /// Pagination key: `lastKey.workflow_version` of the previous page.
    #[tsify(optional, type = "number | string")]
    pub workflow_version: Option<Version>,
}

impl GetOrganizationWorkflowsParams {
    /// Validates caller input.
    pub fn read(f: &impl Fields) -> Result<Self, ValidationError> {
        Ok(GetOrganizationWorkflowsParams {
            limit: params::limit(f, "limit")?,
            workflow_id: params::opt_id(f, "workflow_id")?,
            workflow_version: params::opt_version(f, "workflow_version")?,
        })
    }

    /// `GET /workflows/getOrganizationWorkflows`
    pub fn request(self) -> HttpRequest {
        let limit = self.limit.map(params::u64_to_string);
        let version = self.workflow_version.map(Version::digits);
        let query = [
            ("limit", limit.as_deref()),
            ("workflow_id", self.workflow_id.as_deref()),
            ("workflow_version", version.as_deref()),
        ];
        HttpRequest::get("getOrganizationWorkflows", &query, Shape::Page)
    }
}

/// A workflow version as listed by `getOrganizationWorkflows`.
#[derive(Debug, Tsify)]
pub struct WorkflowSummary {
    /// Id of the workflow.
    pub workflow_id: String,
    /// Version number (the API document's example omits it; the `lastKey` carries it).
    #[tsify(optional)]
    pub workflow_version: Option<f64>,
    /// Display name.
    pub workflow_name: String,
    /// Status of this version.
    #[tsify(type = "WorkflowStatus")]
    pub workflow_status: String,
    /// Status and version together, e.g. `ACTIVE_3`.
    pub workflow_status_version: String,
    /// `"true"` for the newest version.
    #[tsify(type = "Latest")]
    pub latest: String,
    /// Organization that owns the workflow.
    pub organization_id: String,
    /// Workspace that holds the workflow.
    pub workspace_id: String,
    /// Who created it.
    #[tsify(type = "string | null")]
    pub created_by: Option<String>,
    /// Who changed it last, or `null`.
    #[tsify(type = "string | null")]
    pub modified_by: Option<String>,
    /// Creation time, in milliseconds since the epoch.
    pub created_on: f64,
    /// Last change, in milliseconds since the epoch.
    pub modified_on: f64,
}

/// Cursor of `getOrganizationWorkflows`: pass `workflow_id` and `workflow_version` back.
#[derive(Debug, Tsify)]
pub struct OrganizationWorkflowsKey {
    /// Organization of the last item.
    pub organization_id: String,
    /// Workflow id of the last item.
    pub workflow_id: String,
    /// Workflow version of the last item.
    pub workflow_version: f64,
}

/// One page of `getOrganizationWorkflows`.
#[derive(Debug, Tsify)]
pub struct OrganizationWorkflowsPage {
    /// `"success"`.
    pub message: String,
    /// Number of items in this page.
    pub count: f64,
    /// The workflows.
    pub items: Vec<WorkflowSummary>,
    /// Present while more pages follow.
    #[tsify(optional)]
    #[serde(rename = "lastKey")]
    pub last_key: Option<OrganizationWorkflowsKey>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;
    use crate::params::tests::{s, Map};
    use crate::params::Raw;

    #[test]
    fn trigger_with_and_without_version() {
        let m = Map::default()
            .with("workflow_id", s("a/b?c"))
            .with("workflow_version", Raw::Num(2.0));
        let r = TriggerWorkflowParams::read(&m).unwrap().request();
        assert_eq!(r.path, "/workflows/triggerworkflow/a%2Fb%3Fc/2");
        assert_eq!(r.body.as_deref(), Some("{}"));
        assert_eq!(
            (r.method, r.idempotency),
            (Method::Post, Idempotency::NonIdempotent)
        );
        let m = Map::default()
            .with("workflow_id", s("w1"))
            .with_json("payload", r#"{"a":1}"#);
        let r = TriggerWorkflowParams::read(&m).unwrap().request();
        assert_eq!(r.path, "/workflows/triggerworkflow/w1");
        assert_eq!(r.body.as_deref(), Some(r#"{"a":1}"#));
        assert_eq!(
            TriggerWorkflowParams::read(&Map::default())
                .unwrap_err()
                .param,
            "workflow_id"
        );
    }

    #[test]
    fn get_by_id_and_schema() {
        let m = Map::default()
            .with("workflow_id", s("w 1"))
            .with("workflow_version", s("3"));
        let p = GetWorkflowByIdParams::read(&m).unwrap();
        assert_eq!(
            p.clone().request().path,
            "/workflows/getWorkflowById?workflow_id=w%201&workflow_version=3"
        );
        assert_eq!(
            p.schema_request().path,
            "/workflows/getWorkflowSchemaById?workflow_id=w%201&workflow_version=3"
        );
        let m = Map::default().with("workflow_id", s("w"));
        assert_eq!(
            GetWorkflowByIdParams::read(&m).unwrap_err().message,
            "workflow_version is required"
        );
    }

    #[test]
    fn organization_workflows_page() {
        let r = GetOrganizationWorkflowsParams::read(&Map::default())
            .unwrap()
            .request();
        assert_eq!(r.path, "/workflows/getOrganizationWorkflows");
        assert_eq!(r.shape, Shape::Page);
        let m = Map::default()
            .with("limit", Raw::Num(30.0))
            .with("workflow_id", s("w"))
            .with("workflow_version", Raw::Num(4.0));
        let r = GetOrganizationWorkflowsParams::read(&m).unwrap().request();
        assert_eq!(
            r.path,
            "/workflows/getOrganizationWorkflows?limit=30&workflow_id=w&workflow_version=4"
        );
        let m = Map::default().with("limit", Raw::Num(31.0));
        assert_eq!(
            GetOrganizationWorkflowsParams::read(&m).unwrap_err().param,
            "limit"
        );
    }
}
