//! Executions: `{action}/{process_id}` (resume), `getWorkflowExecutionById`,
//! `getWorkflowExecutionHistory`, `getOrganizationExecutions`.

use crate::endpoint::{doc, At::*, Endpoint, List, Param, Rule::*, LIMIT};
use crate::http::{Idempotency::*, Method::*, Shape};
use crate::type_ref;
use crate::Opaque;

/// The execution endpoints, as the API document lists them.
#[doc(hidden)]
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        #[cfg(any(feature = "client", not(feature = "npm")))]
        name: "resumeWorkflow",
        doc: doc(
            "Resumes an execution waiting for a response. `payload.source`, when present, must \
              be `TEAMS` or `SAP`.",
        ),
        method: Post,
        path: "/workflows/resumeworkflow/{process_id}",
        params: &[
            PROCESS_ID,
            Param::opt(
                "payload",
                Payload,
                ObjectWith("source", SOURCES),
                "Any JSON object for the waiting step; `source`, the one protected attribute, \
                 must be `TEAMS` or `SAP` when present. `{}` when omitted.",
            ),
        ],
        idempotency: NonIdempotent,
        shape: Shape::Object,
        response: type_ref!(WorkflowActionResponse),
        list: None,
    },
    Endpoint {
        #[cfg(any(feature = "client", not(feature = "npm")))]
        name: "runWorkflowAction",
        doc: doc(
            "Runs any workflow action: the API document says more actions than \
              `resumeworkflow` will come.",
        ),
        method: Post,
        path: "/workflows/{action}/{process_id}",
        params: &[
            Param::req(
                "action",
                Path,
                Action,
                "The action's name as in the API path, e.g. `\"resumeworkflow\"`.",
            ),
            PROCESS_ID,
            Param::opt(
                "payload",
                Payload,
                Object,
                "Any JSON object sent as the body; `{}` when omitted.",
            ),
        ],
        idempotency: NonIdempotent,
        shape: Shape::Object,
        response: type_ref!(WorkflowActionResponse),
        list: None,
    },
    Endpoint {
        #[cfg(any(feature = "client", not(feature = "npm")))]
        name: "getWorkflowExecutionById",
        doc: doc("Reads an execution's current state, payloads and logs."),
        method: Get,
        path: "/workflows/getWorkflowExecutionById",
        params: &[
            Param::req("workflow_id", Query, Id, "Id of the workflow."),
            Param::req(
                "workflow_execution_id",
                Query,
                Id,
                "Id of the execution (`looply_execution_id`).",
            ),
        ],
        idempotency: Idempotent,
        shape: Shape::Item,
        response: type_ref!(GetWorkflowExecutionByIdResponse),
        list: None,
    },
    Endpoint {
        #[cfg(any(feature = "client", not(feature = "npm")))]
        name: "getWorkflowExecutionHistory",
        doc: doc("Lists one page of a workflow's executions, newest first."),
        method: Get,
        path: "/workflows/getWorkflowExecutionHistory",
        params: &[
            Param::req("workflow_id", Query, Id, "Id of the workflow."),
            LIMIT,
            Param::opt(
                "workflow_execution_id",
                Query,
                Key,
                "Pagination key: `lastKey.workflow_execution_id` of the previous page.",
            ),
        ],
        idempotency: Idempotent,
        shape: Shape::Page,
        response: type_ref!(ExecutionsPage),
        list: Some(List {
            paginate: doc("paginateWorkflowExecutionHistory"),
            doc: doc(
                "Walks a workflow's executions, newest first, following `lastKey` page by page.",
            ),
            item: type_ref!(WorkflowExecutionSummary),
            key: type_ref!(ExecutionsKey),
        }),
    },
    Endpoint {
        #[cfg(any(feature = "client", not(feature = "npm")))]
        name: "getOrganizationExecutions",
        doc: doc("Lists one page of all the organization's executions, newest first."),
        method: Get,
        path: "/workflows/getOrganizationExecutions",
        params: &[
            LIMIT,
            Param::opt(
                "workflow_id",
                Query,
                Key,
                "Pagination key: `lastKey.workflow_id` of the previous page; only with `workflow_execution_id`.",
            )
            // `workflow_execution_id`.
            .with(2),
            Param::opt(
                "workflow_execution_id",
                Query,
                Key,
                "Pagination key: `lastKey.workflow_execution_id` of the previous page; only with `workflow_id`.",
            )
            // `workflow_id`.
            .with(1),
        ],
        idempotency: Idempotent,
        shape: Shape::Page,
        response: type_ref!(ExecutionsPage),
        list: Some(List {
            paginate: doc("paginateOrganizationExecutions"),
            doc: doc("Walks all the organization's executions, newest first, following `lastKey`."),
            item: type_ref!(WorkflowExecutionSummary),
            key: type_ref!(ExecutionsKey),
        }),
    },
];

/// `process_id` in the path of the workflow actions.
const PROCESS_ID: Param = Param::req(
    "process_id",
    Path,
    Id,
    "Process id given to `triggerWorkflow`, or the `looply_execution_id` it returned.",
);

/// Sources the service accepts in a resume payload.
pub const SOURCES: &[&str] = &["TEAMS", "SAP"];

/// The states in which an execution has settled (finished, failed, or waiting for a
/// response): where the package's waiter stops by default (`SETTLED_STATES`).
pub const SETTLED_STATES: &[&str] = &["completed_state", "failed_state", "wait_for_response_state"];

/// Answer of `resumeWorkflow` and `runWorkflowAction`: the document does not describe
/// it; the service answers with a JSON object such as `{ message: "success" }`.
#[cfg(feature = "client")]
pub type WorkflowActionResponse = serde_json::Map<String, serde_json::Value>;

/// Answer of `resumeWorkflow` and `runWorkflowAction`, as the OpenAPI document describes
/// it. (The describe tool is built without the `client` feature; a build with both, such
/// as clippy's `--all-features`, names the client's type above instead.)
#[cfg(all(feature = "describe", not(feature = "client")))]
pub struct WorkflowActionResponse;

#[cfg(all(feature = "describe", not(feature = "client")))]
impl schemars::JsonSchema for WorkflowActionResponse {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "WorkflowActionResponse".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "description": "Answer of `resumeWorkflow` and `runWorkflowAction`: the API document does not describe it; the service answers with a JSON object such as `{ \"message\": \"success\" }`.",
            "properties": { "message": { "type": "string", "description": "`\"success\"`, as a rule." } },
            "additionalProperties": {}
        })
    }
}

crate::string_set!(
    /// How an execution was started: `REQUEST` through `triggerWorkflow`, `SCHEDULE` by
    /// its workflow's schedule; the service may send others.
    TriggerType {
        Request = "REQUEST",
        Schedule = "SCHEDULE",
    },
    open: true
);

crate::string_set!(
    /// The state an execution is in. It settles in `completed_state`, `failed_state` or
    /// `wait_for_response_state` (until a resume); the service may have others.
    ExecutionState {
        StartState = "start_state",
        ProcessingState = "processing_state",
        WaitForResponseState = "wait_for_response_state",
        ResumedState = "resumed_state",
        CompletedState = "completed_state",
        FailedState = "failed_state",
    },
    open: true
);

#[cfg(feature = "describe")]
crate::string_set!(
    /// How a step of an execution went. The service may have others.
    StepStatus {
        Succeeded = "SUCCEEDED",
        Waiting = "WAITING",
        Failed = "FAILED",
    },
    open: true
);

/// One entry of an execution's event log.
#[cfg(feature = "describe")]
#[derive(schemars::JsonSchema)]
#[schemars(extend("additionalProperties" = {}))]
pub struct ExecutionEvent {
    /// The state the execution entered.
    #[schemars(with = "ExecutionState")]
    pub state: String,
    /// When, in milliseconds since the epoch.
    #[schemars(with = "crate::schema::Millis")]
    pub timestamp: f64,
    /// What happened, in words.
    pub message: String,
}

/// An execution's event log, trimmed down by the service: the known fields, and any other.
#[cfg(feature = "describe")]
#[derive(schemars::JsonSchema)]
#[schemars(extend("additionalProperties" = {}))]
pub struct ExecutionEventLog {
    /// The states the execution went through, oldest first.
    #[schemars(with = "Vec<ExecutionEvent>", default)]
    pub events: Option<Vec<ExecutionEvent>>,
    /// The state it is in now.
    #[schemars(with = "ExecutionState", default)]
    pub last_state: Option<String>,
}

/// The condensed log of one step of an execution.
#[cfg(feature = "describe")]
#[derive(schemars::JsonSchema)]
#[schemars(extend("additionalProperties" = {}))]
pub struct CondensedStepLog {
    /// Name of the step.
    pub step_name: String,
    /// What the step does.
    #[schemars(with = "crate::workflows::StepType")]
    pub r#type: String,
    /// How it went.
    #[schemars(with = "StepStatus")]
    pub status: String,
    /// What it was given.
    #[schemars(with = "crate::schema::AnyJson")]
    pub input: (),
    /// What it gave, or `null` while it has not finished.
    #[schemars(with = "crate::schema::AnyJson")]
    pub output: (),
}

/// The workflow an execution runs: its name, and in `getWorkflowExecutionById` its steps
/// and connections.
#[cfg(feature = "describe")]
#[derive(schemars::JsonSchema)]
#[schemars(extend("additionalProperties" = {}))]
pub struct ExecutionWorkflowDetails {
    /// Display name of the workflow.
    pub workflow_name: String,
    /// Its steps (in `getWorkflowExecutionById`).
    #[schemars(with = "Vec<crate::workflows::WorkflowStep>", default)]
    pub workflow_steps: Option<Vec<crate::workflows::WorkflowStep>>,
    /// Its connections (in `getWorkflowExecutionById`).
    #[schemars(with = "Vec<crate::workflows::WorkflowConnection>", default)]
    pub workflow_connections: Option<Vec<crate::workflows::WorkflowConnection>>,
}

crate::answer! {
    /// An execution with its current state, payloads and logs.
    pub struct WorkflowExecution {
        /// Id of the execution.
        pub workflow_execution_id: String,
        /// Id of the workflow.
        pub workflow_id: String,
        /// Version of the workflow that runs.
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::Version"))]
        pub workflow_version: u64,
        /// The state the execution is in, e.g. `wait_for_response_state`.
        pub workflow_current_state: ExecutionState,
        /// How it was started.
        pub workflow_trigger_type: TriggerType,
        /// Organization that owns it.
        pub organization_id: String,
        /// Workspace that holds it.
        pub workspace_id: String,
        /// Who changed it last, or `null`.
        #[cfg_attr(
            feature = "describe",
            schemars(with = "crate::schema::Nullable<String>")
        )]
        pub modified_by: Option<String>,
        /// Start time, in milliseconds since the epoch.
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::Millis"))]
        pub created_on: u64,
        /// Last change, in milliseconds since the epoch (not in every answer).
        #[cfg_attr(feature = "client", serde(default))]
        #[cfg_attr(
            feature = "describe",
            schemars(with = "crate::schema::Millis", default)
        )]
        pub modified_on: Option<u64>,
        /// Event log, trimmed down by the service.
        #[cfg_attr(feature = "describe", schemars(with = "ExecutionEventLog"))]
        pub workflow_event_log: Opaque,
        /// Combined input payload.
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::JsonObject"))]
        pub workflow_input_payload: Opaque,
        /// Combined output payload.
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::JsonObject"))]
        pub workflow_output_payload: Opaque,
        /// Input and output of each step, condensed, by step id.
        #[cfg_attr(
            feature = "describe",
            schemars(with = "std::collections::BTreeMap<String, CondensedStepLog>")
        )]
        pub condensed_logs: Opaque,
        /// The workflow that runs: its name, steps and connections.
        #[cfg_attr(feature = "describe", schemars(with = "ExecutionWorkflowDetails"))]
        pub workflow_details: Opaque,
    }
}

crate::answer! {
    /// Answer of `getWorkflowExecutionById`.
    pub struct GetWorkflowExecutionByIdResponse {
        /// `"success"`.
        pub message: String,
        /// The execution.
        pub item: WorkflowExecution,
    }
}

crate::answer! {
    /// An execution as listed in a page.
    pub struct WorkflowExecutionSummary {
        /// Id of the execution.
        pub workflow_execution_id: String,
        /// Id of the workflow.
        pub workflow_id: String,
        /// Version of the workflow that runs.
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::Version"))]
        pub workflow_version: u64,
        /// The state the execution is in.
        pub workflow_current_state: ExecutionState,
        /// How it was started.
        pub workflow_trigger_type: TriggerType,
        /// Organization that owns it.
        pub organization_id: String,
        /// Workspace that holds it.
        pub workspace_id: String,
        /// Who changed it last, or `null`.
        #[cfg_attr(
            feature = "describe",
            schemars(with = "crate::schema::Nullable<String>")
        )]
        pub modified_by: Option<String>,
        /// Start time, in milliseconds since the epoch.
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::Millis"))]
        pub created_on: u64,
        /// Last change, in milliseconds since the epoch.
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::Millis"))]
        pub modified_on: u64,
        /// Event log, trimmed down by the service.
        #[cfg_attr(feature = "describe", schemars(with = "ExecutionEventLog"))]
        pub workflow_event_log: Opaque,
        /// The workflow that runs: `{ workflow_name }`.
        #[cfg_attr(feature = "describe", schemars(with = "ExecutionWorkflowDetails"))]
        pub workflow_details: Opaque,
    }
}

crate::cursor! {
    /// Cursor of the execution lists.
    pub struct ExecutionsKey {
        /// Workflow id of the last item.
        pub workflow_id: String,
        /// Execution id of the last item.
        pub workflow_execution_id: String,
    }
}

crate::answer! {
    /// One page of `getWorkflowExecutionHistory` or `getOrganizationExecutions`.
    pub struct ExecutionsPage {
        /// `"success"`.
        pub message: String,
        /// Number of items in this page.
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::Count"))]
        pub count: u64,
        /// The executions, newest first.
        pub items: Vec<WorkflowExecutionSummary>,
        /// Present while more pages follow.
        #[cfg_attr(feature = "client", serde(default, rename = "lastKey"))]
        #[cfg_attr(
            feature = "describe",
            schemars(rename = "lastKey", with = "ExecutionsKey", default)
        )]
        pub last_key: Option<ExecutionsKey>,
    }
}

#[cfg(test)]
mod tests {
    use crate::api::by_name;
    use crate::http::Idempotency;
    use crate::params::tests::{s, Map};
    use crate::request::build;

    #[test]
    fn resume_checks_the_source() {
        let resume = by_name("resumeWorkflow").unwrap();
        let m = Map::default()
            .with("process_id", s("p/1"))
            .with_json("payload", r#"{"source":"SAP","ok":true}"#);
        let r = build(resume, &m).unwrap();
        assert_eq!(r.path, "/workflows/resumeworkflow/p%2F1");
        assert_eq!(r.body.as_deref(), Some(r#"{"ok":true,"source":"SAP"}"#));
        assert_eq!(r.idempotency, Idempotency::NonIdempotent);
        let bad = Map::default()
            .with("process_id", s("p"))
            .with_json("payload", r#"{"source":"EMAIL"}"#);
        let e = build(resume, &bad).unwrap_err();
        assert_eq!(
            (e.param.as_str(), e.message.as_str()),
            ("payload.source", "payload.source must be 'TEAMS' or 'SAP'")
        );
        let none = Map::default().with("process_id", s("p"));
        assert_eq!(build(resume, &none).unwrap().body.as_deref(), Some("{}"));
    }

    #[test]
    fn actions_are_words_that_are_not_other_endpoints() {
        let run = by_name("runWorkflowAction").unwrap();
        let m = Map::default()
            .with("action", s("approveworkflow"))
            .with("process_id", s("p"));
        assert_eq!(build(run, &m).unwrap().path, "/workflows/approveworkflow/p");
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
            assert_eq!(build(run, &m).unwrap_err().param, "action", "{bad}");
        }
    }

    #[test]
    fn execution_reads() {
        let m = Map::default()
            .with("workflow_id", s("w"))
            .with("workflow_execution_id", s("e&1"));
        let path = |name: &str, m: &Map| build(by_name(name).unwrap(), m).unwrap().path;
        assert_eq!(
            path("getWorkflowExecutionById", &m),
            "/workflows/getWorkflowExecutionById?workflow_id=w&workflow_execution_id=e%261"
        );
        assert_eq!(
            path("getWorkflowExecutionHistory", &m),
            "/workflows/getWorkflowExecutionHistory?workflow_id=w&workflow_execution_id=e%261"
        );
        assert_eq!(
            path("getOrganizationExecutions", &m.with("limit", s("5"))),
            "/workflows/getOrganizationExecutions?limit=5&workflow_id=w&workflow_execution_id=e%261"
        );
    }

    #[test]
    fn organization_cursor_fields_come_in_pairs() {
        let list = by_name("getOrganizationExecutions").unwrap();
        let half = Map::default().with("workflow_id", s("w"));
        assert_eq!(
            build(list, &half).unwrap_err().param,
            "workflow_execution_id"
        );
        let other = Map::default().with("workflow_execution_id", s("e"));
        assert_eq!(build(list, &other).unwrap_err().param, "workflow_id");
        assert!(build(list, &Map::default()).is_ok());
    }
}
