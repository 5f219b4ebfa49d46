//! Executions: `{action}/{process_id}` (resume), `getWorkflowExecutionById`,
//! `getWorkflowExecutionHistory`, `getOrganizationExecutions`.

use crate::error::ValidationError;
use crate::http::{HttpRequest, Idempotency, Shape};
use crate::params::{self, Fields};
use crate::Opaque;
use tsify::Tsify;

/// Sources the service accepts in a resume payload.
pub const SOURCES: &[&str] = &["TEAMS", "SAP"];

/// Parameters of `resumeWorkflow`.
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
pub struct ResumeWorkflowParams {
    /// Process id given to `triggerWorkflow`, or the `looply_execution_id` it returned.
    pub process_id: String,
    /// Any JSON object for the waiting step; `source`, the one protected attribute, must
    /// be `TEAMS` or `SAP` when present. `{}` when omitted.
    #[tsify(optional, type = "ResumePayload")]
    pub payload: String,
}

/// Body of a resume: any JSON object whose `source`, when present, is `TEAMS` or `SAP`.
#[derive(Tsify)]
#[tsify(type = "{ source?: \"TEAMS\" | \"SAP\"; [key: string]: unknown }")]
pub struct ResumePayload;

impl ResumeWorkflowParams {
    /// Validates caller input.
    pub fn read(f: &impl Fields) -> Result<Self, ValidationError> {
        let process_id = params::id(f, "process_id")?;
        let payload = params::payload(f, "payload")?;
        params::opt_nested_one_of(f, "payload", "source", SOURCES)?;
        Ok(ResumeWorkflowParams {
            process_id,
            payload,
        })
    }

    /// `POST /workflows/resumeworkflow/{process_id}`
    pub fn request(self) -> HttpRequest {
        action_request("resumeworkflow", &self.process_id, self.payload)
    }
}

/// Parameters of `runWorkflowAction`: an action the service adds after `resumeworkflow`.
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
pub struct RunWorkflowActionParams {
    /// The action's name as in the API path, e.g. `"resumeworkflow"`.
    pub action: String,
    /// Process id given to `triggerWorkflow`, or the `looply_execution_id` it returned.
    pub process_id: String,
    /// Any JSON object sent as the body; `{}` when omitted.
    #[tsify(optional, type = "Record<string, unknown>")]
    pub payload: String,
}

/// Endpoint names that `action` must not be, since they are not actions.
const NOT_ACTIONS: &[&str] = &[
    "triggerworkflow",
    "toggleScheduledWorkflow",
    "getWorkflowExecutionById",
    "getWorkflowExecutionHistory",
    "getOrganizationExecutions",
    "getWorkflowById",
    "getOrganizationWorkflows",
    "getWorkflowSchemaById",
];

impl RunWorkflowActionParams {
    /// Validates caller input.
    pub fn read(f: &impl Fields) -> Result<Self, ValidationError> {
        let action = params::id(f, "action")?;
        let word = action.len() <= 64 && action.bytes().all(|b| b.is_ascii_alphabetic());
        if !word || NOT_ACTIONS.iter().any(|n| n.eq_ignore_ascii_case(&action)) {
            return Err(ValidationError::new(
                "action",
                "must be the name of a workflow action such as 'resumeworkflow' (letters only)",
            ));
        }
        let process_id = params::id(f, "process_id")?;
        let payload = params::payload(f, "payload")?;
        if action.eq_ignore_ascii_case("resumeworkflow") {
            params::opt_nested_one_of(f, "payload", "source", SOURCES)?;
        }
        Ok(RunWorkflowActionParams {
            action,
            process_id,
            payload,
        })
    }

    /// `POST /workflows/{action}/{process_id}`
    pub fn request(self) -> HttpRequest {
        action_request(&self.action, &self.process_id, self.payload)
    }
}

fn action_request(action: &str, process_id: &str, payload: String) -> HttpRequest {
    HttpRequest::post(
        &[action, process_id],
        payload,
        Shape::Object,
        Idempotency::NonIdempotent,
    )
}

/// Answer of `resumeWorkflow` and `runWorkflowAction`: the document does not describe
/// it; the service answers with a JSON object such as `{ message: "success" }`.
#[derive(Tsify)]
#[tsify(type = "{ message?: string; [key: string]: unknown }")]
pub struct WorkflowActionResponse;

/// Parameters of `getWorkflowExecutionById`.
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
pub struct GetWorkflowExecutionByIdParams {
    /// Id of the workflow.
    pub workflow_id: String,
    /// Id of the execution (`looply_execution_id`).
    pub workflow_execution_id: String,
}

impl GetWorkflowExecutionByIdParams {
    /// Validates caller input.
    pub fn read(f: &impl Fields) -> Result<Self, ValidationError> {
        Ok(GetWorkflowExecutionByIdParams {
            workflow_id: params::id(f, "workflow_id")?,
            workflow_execution_id: params::id(f, "workflow_execution_id")?,
        })
    }

    /// `GET /workflows/getWorkflowExecutionById`
    pub fn request(self) -> HttpRequest {
        let query = [
            ("workflow_id", Some(self.workflow_id.as_str())),
            (
                "workflow_execution_id",
                Some(self.workflow_execution_id.as_str()),
            ),
        ];
        HttpRequest::get("getWorkflowExecutionById", &query, Shape::Item)
    }
}

/// How an execution was started: `REQUEST` through `triggerWorkflow`; the service may
/// send others (such as `SCHEDULE`).
#[derive(Tsify)]
#[tsify(type = "\"REQUEST\" | (string & {})")]
pub struct TriggerType;

/// An execution with its current state, payloads and logs.
#[derive(Debug, Tsify)]
pub struct WorkflowExecution {
    /// Id of the execution.
    pub workflow_execution_id: String,
    /// Id of the workflow.
    pub workflow_id: String,
    /// Version of the workflow that runs.
    pub workflow_version: f64,
    /// Name of the state the execution is in, e.g. `wait_for_response_state`.
    pub workflow_current_state: String,
    /// How it was started.
    #[tsify(type = "TriggerType")]
    pub workflow_trigger_type: String,
    /// Organization that owns it.
    pub organization_id: String,
    /// Workspace that holds it.
    pub workspace_id: String,
    /// Who changed it last, or `null`.
    #[tsify(type = "string | null")]
    pub modified_by: Option<String>,
    /// Start time, in milliseconds since the epoch.
    pub created_on: f64,
    /// Last change, in milliseconds since the epoch (not in every answer).
    #[tsify(optional)]
    pub modified_on: Option<f64>,
    /// Trimmed-down event log.
    #[tsify(type = "Record<string, unknown>")]
    pub workflow_event_log: Opaque,
    /// Combined input payload.
    #[tsify(type = "Record<string, unknown>")]
    pub workflow_input_payload: Opaque,
    /// Combined output payload.
    #[tsify(type = "Record<string, unknown>")]
    pub workflow_output_payload: Opaque,
    /// Input and output of each step, condensed.
    #[tsify(type = "Record<string, unknown>")]
    pub condensed_logs: Opaque,
    /// Structure of the workflow: its steps and connections.
    #[tsify(type = "Record<string, unknown>")]
    pub workflow_details: Opaque,
}

/// Answer of `getWorkflowExecutionById`.
#[derive(Debug, Tsify)]
pub struct GetWorkflowExecutionByIdResponse {
    /// `"success"`.
    pub message: String,
    /// The execution.
    pub item: WorkflowExecution,
}

/// An execution as listed in a page.
#[derive(Debug, Tsify)]
pub struct WorkflowExecutionSummary {
    /// Id of the execution.
    pub workflow_execution_id: String,
    /// Id of the workflow.
    pub workflow_id: String,
    /// Version of the workflow that runs.
    pub workflow_version: f64,
    /// Name of the state the execution is in.
    pub workflow_current_state: String,
    /// How it was started.
    #[tsify(type = "TriggerType")]
    pub workflow_trigger_type: String,
    /// Organization that owns it.
    pub organization_id: String,
    /// Workspace that holds it.
    pub workspace_id: String,
    /// Who changed it last, or `null`.
    #[tsify(type = "string | null")]
    pub modified_by: Option<String>,
    /// Start time, in milliseconds since the epoch.
    pub created_on: f64,
    /// Last change, in milliseconds since the epoch.
    pub modified_on: f64,
    /// Event log.
    #[tsify(type = "Record<string, unknown>")]
    pub workflow_event_log: Opaque,
    /// At least the workflow's name: `{ workflow_name }`.
    #[tsify(type = "{ workflow_name?: string; [key: string]: unknown }")]
    pub workflow_details: Opaque,
}

/// Cursor of the execution lists.
#[derive(Debug, Tsify)]
pub struct ExecutionsKey {
    /// Workflow id of the last item.
    pub workflow_id: String,
    /// Execution id of the last item.
    pub workflow_execution_id: String,
}

/// One page of `getWorkflowExecutionHistory` or `getOrganizationExecutions`.
#[derive(Debug, Tsify)]
pub struct ExecutionsPage {
    /// `"success"`.
    pub message: String,
    /// Number of items in this page.
    pub count: f64,
    /// The executions, newest first.
    pub items: Vec<WorkflowExecutionSummary>,
    /// Present while more pages follow.
    #[tsify(optional)]
    #[serde(rename = "lastKey")]
    pub last_key: Option<ExecutionsKey>,
}

/// Parameters of `getWorkflowExecutionHistory`: one page of a workflow's executions.
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
pub struct GetWorkflowExecutionHistoryParams {
    /// Id of the workflow.
    pub workflow_id: String,
    /// Items per page, 1 to 30 (the service's default is 20).
    #[tsify(optional, type = "number")]
    pub limit: Option<u64>,
    /// Pagination key: `lastKey.workflow_execution_id` of the previous page.
    #[tsify(optional)]
    pub workflow_execution_id: Option<String>,
}

impl GetWorkflowExecutionHistoryParams {
    /// Validates caller input.
    pub fn read(f: &impl Fields) -> Result<Self, ValidationError> {
        Ok(GetWorkflowExecutionHistoryParams {
            workflow_id: params::id(f, "workflow_id")?,
            limit: params::limit(f, "limit")?,
            workflow_execution_id: params::opt_id(f, "workflow_execution_id")?,
        })
    }

    /// `GET /workflows/getWorkflowExecutionHistory`
    pub fn request(self) -> HttpRequest {
        let limit = self.limit.map(params::u64_to_string);
        let query = [
            ("workflow_id", Some(self.workflow_id.as_str())),
            ("limit", limit.as_deref()),
            (
                "workflow_execution_id",
                self.workflow_execution_id.as_deref(),
            ),
        ];
        HttpRequest::get("getWorkflowExecutionHistory", &query, Shape::Page)
    }
}

/// Parameters of `getOrganizationExecutions`: one page of all the organization's executions.
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
pub struct GetOrganizationExecutionsParams {
    /// Items per page, 1 to 30 (the service's default is 20).
    #[tsify(optional, type = "number")]
    pub limit: Option<u64>,
    /// Pagination key: `lastKey.workflow_id` of the previous page.
    #[tsify(optional)]
    pub workflow_id: Option<String>,
    /// Pagination key: `lastKey.workflow_execution_id` of the previous page.
    #[tsify(optional)]
    pub workflow_execution_id: Option<String>,
}

impl GetOrganizationExecutionsParams {
    /// Validates caller input: the two cursor fields come together or not at all.
    pub fn read(f: &impl Fields) -> Result<Self, ValidationError> {
        let p = GetOrganizationExecutionsParams {
            limit: params::limit(f, "limit")?,
            workflow_id: params::opt_id(f, "workflow_id")?,
            workflow_execution_id: params::opt_id(f, "workflow_execution_id")?,
        };
        match (&p.workflow_id, &p.workflow_execution_id) {
            (Some(_), None) => Err(ValidationError::new(
                "workflow_execution_id",
                "is required with workflow_id (both come from lastKey)",
            )),
            (None, Some(_)) => Err(ValidationError::new(
                "workflow_id",
                "is required with workflow_execution_id (both come from lastKey)",
            )),
            _ => Ok(p),
        }
    }

    /// `GET /workflows/getOrganizationExecutions`
    pub fn request(self) -> HttpRequest {
        let limit = self.limit.map(params::u64_to_string);
        let query = [
            ("limit", limit.as_deref()),
            ("workflow_id", self.workflow_id.as_deref()),
            (
                "workflow_execution_id",
                self.workflow_execution_id.as_deref(),
            ),
        ];
        HttpRequest::get("getOrganizationExecutions", &query, Shape::Page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::tests::{s, Map};

    #[test]
    fn resume_checks_the_source() {
        let m = Map::default()
            .with("process_id", s("p/1"))
            .with_json("payload", r#"{"source":"SAP","ok":true}"#);
        let r = ResumeWorkflowParams::read(&m).unwrap().request();
        assert_eq!(r.path, "/workflows/resumeworkflow/p%2F1");
        assert_eq!(r.body.as_deref(), Some(r#"{"ok":true,"source":"SAP"}"#));
        assert_eq!(r.idempotency, Idempotency::NonIdempotent);
        let bad = Map::default()
            .with("process_id", s("p"))
            .with_json("payload", r#"{"source":"EMAIL"}"#);
        let e = ResumeWorkflowParams::read(&bad).unwrap_err();
        assert_eq!(
            (e.param.as_str(), e.message.as_str()),
            ("payload.source", "payload.source must be 'TEAMS' or 'SAP'")
        );
        let none = Map::default().with("process_id", s("p"));
        assert_eq!(
            ResumeWorkflowParams::read(&none)
                .unwrap()
                .request()
                .body
                .as_deref(),
            Some("{}")
        );
    }

    #[test]
    fn actions_are_words_that_are_not_other_endpoints() {
        let m = Map::default()
            .with("action", s("approveworkflow"))
            .with("process_id", s("p"));
        assert_eq!(
            RunWorkflowActionParams::read(&m).unwrap().request().path,
            "/workflows/approveworkflow/p"
        );
        for bad in [
            "../x",
            "a/b",
            "toggleScheduledWorkflow",
            "TRIGGERWORKFLOW",
            "",
        ] {
            let m = Map::default()
                .with("action", s(bad))
                .with("process_id", s("p"));
            assert_eq!(
                RunWorkflowActionParams::read(&m).unwrap_err().param,
                "action",
                "{bad}"
            );
        }
        let m = Map::default()
            .with("action", s("resumeworkflow"))
            .with("process_id", s("p"))
            .with_json("payload", r#"{"source":"x"}"#);
        assert_eq!(
            RunWorkflowActionParams::read(&m).unwrap_err().param,
            "payload.source"
        );
    }

    #[test]
    fn execution_reads() {
        let m = Map::default()
            .with("workflow_id", s("w"))
            .with("workflow_execution_id", s("e&1"));
        let r = GetWorkflowExecutionByIdParams::read(&m).unwrap().request();
        assert_eq!(
            r.path,
            "/workflows/getWorkflowExecutionById?workflow_id=w&workflow_execution_id=e%261"
        );
        let r = GetWorkflowExecutionHistoryParams::read(&m)
            .unwrap()
            .request();
        assert_eq!(
            r.path,
            "/workflows/getWorkflowExecutionHistory?workflow_id=w&workflow_execution_id=e%261"
        );
        let r = GetOrganizationExecutionsParams::read(&m.with("limit", s("5")))
            .unwrap()
            .request();
        assert_eq!(r.path, "/workflows/getOrganizationExecutions?limit=5&workflow_id=w&workflow_execution_id=e%261");
    }

    #[test]
    fn organization_cursor_fields_come_in_pairs() {
        let half = Map::default().with("workflow_id", s("w"));
        assert_eq!(
            GetOrganizationExecutionsParams::read(&half)
                .unwrap_err()
                .param,
            "workflow_execution_id"
        );
        let other = Map::default().with("workflow_execution_id", s("e"));
        assert_eq!(
            GetOrganizationExecutionsParams::read(&other)
                .unwrap_err()
                .param,
            "workflow_id"
        );
        assert!(GetOrganizationExecutionsParams::read(&Map::default()).is_ok());
    }
}
