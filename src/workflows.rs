//! Workflows: `triggerworkflow`, `getWorkflowById`, `getOrganizationWorkflows`,
//! `getWorkflowSchemaById`: their descriptions ([`ENDPOINTS`]) and response types.
//!
//! With the `describe` feature, the response structs (and the shapes their open fields
//! hold) are the OpenAPI document's schemas, from which the package's TypeScript response
//! types are generated too (`src/schema.rs`).

use crate::endpoint::{doc, At::*, Endpoint, List, Param, Rule::*, LIMIT};
use crate::http::{Idempotency::*, Method::*, Shape};
use crate::type_ref;
use crate::Opaque;

/// The workflow endpoints, as the API document lists them.
#[doc(hidden)]
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        #[cfg(any(feature = "client", not(feature = "npm")))]
        name: "triggerWorkflow",
        doc: doc("Runs a workflow with `payload` as its input."),
        method: Post,
        path: "/workflows/triggerworkflow/{workflow_id}/{workflow_version}",
        params: &[
            Param::req("workflow_id", Path, Id, "Id of the workflow to run."),
            Param::opt(
                "workflow_version",
                Path,
                Version,
                "Version to run (a number or a numeric string); the service's default when omitted.",
            ),
            Param::opt(
                "payload",
                Payload,
                Object,
                "Any JSON object, sent as the request body and given to the workflow as its input; \
                 `{}` when omitted.",
            ),
        ],
        idempotency: NonIdempotent,
        shape: Shape::Execution,
        response: type_ref!(TriggerWorkflowResponse),
        list: None,
    },
    Endpoint {
        #[cfg(any(feature = "client", not(feature = "npm")))]
        name: "getWorkflowById",
        doc: doc("Reads a workflow version with its steps, connections, integrations and schema."),
        method: Get,
        path: "/workflows/getWorkflowById",
        params: WORKFLOW_VERSION,
        idempotency: Idempotent,
        shape: Shape::Item,
        response: type_ref!(GetWorkflowByIdResponse),
        list: None,
    },
    Endpoint {
        #[cfg(any(feature = "client", not(feature = "npm")))]
        name: "getOrganizationWorkflows",
        doc: doc("Lists one page of the organization's workflow versions."),
        method: Get,
        path: "/workflows/getOrganizationWorkflows",
        params: &[
            LIMIT,
            Param::opt(
                "workflow_id",
                Query,
                Key,
                "Pagination key: `lastKey.workflow_id` of the previous page; only with `workflow_version`.",
            ),
            Param::opt(
                "workflow_version",
                Query,
                Key,
                "Pagination key: `lastKey.workflow_version` of the previous page; only with `workflow_id`.",
            ),
        ],
        idempotency: Idempotent,
        shape: Shape::Page,
        response: type_ref!(OrganizationWorkflowsPage),
        list: Some(List {
            paginate: doc("paginateOrganizationWorkflows"),
            doc: doc("Walks the organization's workflow versions, following `lastKey`."),
            item: type_ref!(WorkflowSummary),
            key: type_ref!(OrganizationWorkflowsKey),
        }),
    },
    Endpoint {
        #[cfg(any(feature = "client", not(feature = "npm")))]
        name: "getWorkflowSchemaById",
        doc: doc("Reads a workflow's data schema and mock payload."),
        method: Get,
        path: "/workflows/getWorkflowSchemaById",
        params: WORKFLOW_VERSION,
        idempotency: Idempotent,
        shape: Shape::Item,
        response: type_ref!(GetWorkflowSchemaByIdResponse),
        list: None,
    },
];

/// `workflow_id` and `workflow_version` in the query: one version of one workflow.
const WORKFLOW_VERSION: &[Param] = &[
    Param::req("workflow_id", Query, Id, "Id of the workflow."),
    Param::req(
        "workflow_version",
        Query,
        Version,
        "Version of the workflow (a number or a numeric string).",
    ),
];

crate::answer! {
    /// Answer of `triggerWorkflow` and `resumeWorkflow`.
    pub struct TriggerWorkflowResponse {
        /// `"success"`.
        pub message: String,
        /// Id of the execution; use it with `getWorkflowExecutionById` and as `process_id`.
        pub looply_execution_id: String,
    }
}

crate::string_set!(
    /// Status of a workflow version. `ACTIVE` and `PAUSED` are what toggling a schedule
    /// sets; `DRAFT` is a version not yet published, `INACTIVE` one that a newer version
    /// replaced; the service may send others.
    WorkflowStatus {
        Active = "ACTIVE",
        Paused = "PAUSED",
        Draft = "DRAFT",
        Inactive = "INACTIVE",
    },
    open: true
);

crate::string_set!(
    /// `"true"` for the newest version of a workflow: the service sends a string, not a
    /// boolean.
    Latest {
        True = "true",
        False = "false",
    },
    open: false
);

#[cfg(feature = "describe")]
crate::string_set!(
    /// What a step does. The service may have other kinds.
    StepType {
        Trigger = "trigger",
        Http = "http",
        Transform = "transform",
        Approval = "approval",
        End = "end",
    },
    open: true
);

/// One state (step) of a workflow.
#[cfg(feature = "describe")]
#[derive(schemars::JsonSchema)]
#[schemars(extend("additionalProperties" = {}))]
pub struct WorkflowStep {
    /// Id of the step, unique within the workflow (`step_1`, …).
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the step does.
    #[schemars(with = "StepType")]
    pub r#type: String,
    /// The step's settings; which fields depends on its type.
    #[schemars(with = "crate::schema::JsonObject")]
    pub config: (),
}

/// A connection from one step to the next.
#[cfg(feature = "describe")]
#[derive(schemars::JsonSchema)]
#[schemars(extend("additionalProperties" = {}))]
pub struct WorkflowConnection {
    /// Id of the step it leaves.
    pub from: String,
    /// Id of the step it leads to.
    pub to: String,
    /// The answer that takes this branch (`approved`, `rejected`), where a step branches.
    #[schemars(with = "String", default)]
    pub condition: Option<String>,
}

/// An integration of a workflow (an SAP profile, a Teams webhook), under its name.
#[cfg(feature = "describe")]
#[derive(schemars::JsonSchema)]
#[schemars(extend("additionalProperties" = {}))]
pub struct WorkflowIntegration {
    /// The system it connects to (`sap`, `teams`, …).
    pub r#type: String,
}

/// The schedule of a scheduled workflow.
#[cfg(feature = "describe")]
#[derive(schemars::JsonSchema)]
#[schemars(extend("additionalProperties" = {}))]
pub struct WorkflowSchedule {
    /// When it runs, as a cron expression (`0 2 * * *`).
    pub cron: String,
    /// The time zone of `cron` (`Europe/Berlin`).
    pub timezone: String,
    /// Whether the schedule is paused (`toggleScheduledWorkflow`).
    pub paused: bool,
}

crate::answer! {
    /// A workflow version with everything the service knows of it.
    pub struct Workflow {
        /// Id of the workflow.
        pub workflow_id: String,
        /// Version number.
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::Version"))]
        pub workflow_version: u64,
        /// Display name.
        pub workflow_name: String,
        /// Status of this version.
        pub workflow_status: WorkflowStatus,
        /// Status and version together, e.g. `ACTIVE_3` or `DRAFT_1`.
        pub workflow_status_version: String,
        /// `"true"` for the newest version.
        pub latest: Latest,
        /// Organization that owns the workflow.
        pub organization_id: String,
        /// Workspace that holds the workflow.
        pub workspace_id: String,
        /// States within the workflow.
        #[cfg_attr(feature = "describe", schemars(with = "Vec<WorkflowStep>"))]
        pub workflow_steps: Opaque,
        /// Connections between the workflow's states.
        #[cfg_attr(feature = "describe", schemars(with = "Vec<WorkflowConnection>"))]
        pub workflow_connections: Opaque,
        /// Integrations configured for this workflow (e.g. an SAP profile), by name.
        #[cfg_attr(
            feature = "describe",
            schemars(with = "std::collections::BTreeMap<String, WorkflowIntegration>")
        )]
        pub workflow_integrations: Opaque,
        /// Data schema of the workflow's payload (a JSON Schema).
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::JsonObject"))]
        pub workflow_schema: Opaque,
        /// The schedule, for a scheduled workflow.
        #[cfg_attr(feature = "client", serde(default))]
        #[cfg_attr(feature = "describe", schemars(with = "WorkflowSchedule", default))]
        pub workflow_schedule: Option<Opaque>,
        /// Who created it, or `null`.
        #[cfg_attr(
            feature = "describe",
            schemars(with = "crate::schema::Nullable<String>")
        )]
        pub created_by: Option<String>,
        /// Who changed it last, or `null`.
        #[cfg_attr(
            feature = "describe",
            schemars(with = "crate::schema::Nullable<String>")
        )]
        pub modified_by: Option<String>,
        /// Creation time, in milliseconds since the epoch.
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::Millis"))]
        pub created_on: u64,
        /// Last change, in milliseconds since the epoch.
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::Millis"))]
        pub modified_on: u64,
    }
}

crate::answer! {
    /// Answer of `getWorkflowById`.
    pub struct GetWorkflowByIdResponse {
        /// `"success"`.
        pub message: String,
        /// The workflow version.
        pub item: Workflow,
    }
}

crate::answer! {
    /// A workflow's data schema and a mock payload from a previous execution.
    pub struct WorkflowSchema {
        /// Id of the workflow.
        pub workflow_id: String,
        /// Version number.
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::Version"))]
        pub workflow_version: u64,
        /// Mock payload from a previous execution.
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::JsonObject"))]
        pub workflow_mock_payload: Opaque,
        /// Schema of the mock payload (a JSON Schema).
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::JsonObject"))]
        pub workflow_schema: Opaque,
        /// Who created it, or `null`.
        #[cfg_attr(
            feature = "describe",
            schemars(with = "crate::schema::Nullable<String>")
        )]
        pub created_by: Option<String>,
        /// Who changed it last, or `null`.
        #[cfg_attr(
            feature = "describe",
            schemars(with = "crate::schema::Nullable<String>")
        )]
        pub modified_by: Option<String>,
        /// Creation time, in milliseconds since the epoch.
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::Millis"))]
        pub created_on: u64,
        /// Last change, in milliseconds since the epoch.
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::Millis"))]
        pub modified_on: u64,
    }
}

crate::answer! {
    /// Answer of `getWorkflowSchemaById`.
    pub struct GetWorkflowSchemaByIdResponse {
        /// `"success"`.
        pub message: String,
        /// The schema.
        pub item: WorkflowSchema,
    }
}

crate::answer! {
    /// A workflow version as listed by `getOrganizationWorkflows`.
    pub struct WorkflowSummary {
        /// Id of the workflow.
        pub workflow_id: String,
        /// Version number (the API document's example leaves it out; the `lastKey` carries it).
        #[cfg_attr(feature = "client", serde(default))]
        #[cfg_attr(
            feature = "describe",
            schemars(with = "crate::schema::Version", default)
        )]
        pub workflow_version: Option<u64>,
        /// Display name.
        pub workflow_name: String,
        /// Status of this version.
        pub workflow_status: WorkflowStatus,
        /// Status and version together, e.g. `ACTIVE_3`.
        pub workflow_status_version: String,
        /// `"true"` for the newest version.
        pub latest: Latest,
        /// Organization that owns the workflow.
        pub organization_id: String,
        /// Workspace that holds the workflow.
        pub workspace_id: String,
        /// The schedule, for a scheduled workflow.
        #[cfg_attr(feature = "client", serde(default))]
        #[cfg_attr(feature = "describe", schemars(with = "WorkflowSchedule", default))]
        pub workflow_schedule: Option<Opaque>,
        /// Who created it, or `null`.
        #[cfg_attr(
            feature = "describe",
            schemars(with = "crate::schema::Nullable<String>")
        )]
        pub created_by: Option<String>,
        /// Who changed it last, or `null`.
        #[cfg_attr(
            feature = "describe",
            schemars(with = "crate::schema::Nullable<String>")
        )]
        pub modified_by: Option<String>,
        /// Creation time, in milliseconds since the epoch.
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::Millis"))]
        pub created_on: u64,
        /// Last change, in milliseconds since the epoch.
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::Millis"))]
        pub modified_on: u64,
    }
}

crate::cursor! {
    /// Cursor of `getOrganizationWorkflows`: pass `workflow_id` and `workflow_version` back.
    pub struct OrganizationWorkflowsKey {
        /// Organization of the last item.
        pub organization_id: String,
        /// Workflow id of the last item.
        pub workflow_id: String,
        /// Workflow version of the last item.
        // In the document, a key's field is any number (the SDK sends back what it got).
        #[cfg_attr(feature = "describe", schemars(with = "f64"))]
        pub workflow_version: u64,
    }
}

crate::answer! {
    /// One page of `getOrganizationWorkflows`.
    pub struct OrganizationWorkflowsPage {
        /// `"success"`.
        pub message: String,
        /// Number of items in this page.
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::Count"))]
        pub count: u64,
        /// The workflows.
        pub items: Vec<WorkflowSummary>,
        /// Present while more pages follow.
        #[cfg_attr(feature = "client", serde(default, rename = "lastKey"))]
        #[cfg_attr(
            feature = "describe",
            schemars(rename = "lastKey", with = "OrganizationWorkflowsKey", default)
        )]
        pub last_key: Option<OrganizationWorkflowsKey>,
    }
}

#[cfg(test)]
mod tests {
    use crate::api::by_name;
    use crate::http::{Idempotency, Method, Shape};
    use crate::params::tests::{s, Map};
    use crate::params::Raw;
    use crate::request::build;

    #[test]
    fn trigger_with_and_without_version() {
        let trigger = by_name("triggerWorkflow").unwrap();
        let m = Map::default()
            .with("workflow_id", s("a/b?c"))
            .with("workflow_version", Raw::Num(2.0));
        let r = build(trigger, &m).unwrap();
        assert_eq!(r.path, "/workflows/triggerworkflow/a%2Fb%3Fc/2");
        assert_eq!(r.body.as_deref(), Some("{}"));
        assert_eq!(
            (r.method, r.idempotency),
            (Method::Post, Idempotency::NonIdempotent)
        );
        let m = Map::default()
            .with("workflow_id", s("w1"))
            .with_json("payload", r#"{"a":1}"#);
        let r = build(trigger, &m).unwrap();
        assert_eq!(r.path, "/workflows/triggerworkflow/w1");
        assert_eq!(r.body.as_deref(), Some(r#"{"a":1}"#));
        assert_eq!(
            build(trigger, &Map::default()).unwrap_err().param,
            "workflow_id"
        );
    }

    #[test]
    fn get_by_id_and_schema() {
        let m = Map::default()
            .with("workflow_id", s("w 1"))
            .with("workflow_version", s("3"));
        assert_eq!(
            build(by_name("getWorkflowById").unwrap(), &m).unwrap().path,
            "/workflows/getWorkflowById?workflow_id=w%201&workflow_version=3"
        );
        assert_eq!(
            build(by_name("getWorkflowSchemaById").unwrap(), &m)
                .unwrap()
                .path,
            "/workflows/getWorkflowSchemaById?workflow_id=w%201&workflow_version=3"
        );
        let m = Map::default().with("workflow_id", s("w"));
        assert_eq!(
            build(by_name("getWorkflowById").unwrap(), &m)
                .unwrap_err()
                .message,
            "workflow_version is required"
        );
    }

    #[test]
    fn organization_workflows_page() {
        let list = by_name("getOrganizationWorkflows").unwrap();
        let r = build(list, &Map::default()).unwrap();
        assert_eq!(r.path, "/workflows/getOrganizationWorkflows");
        assert_eq!(r.shape, Shape::Page);
        let m = Map::default()
            .with("limit", Raw::Num(30.0))
            .with("workflow_id", s("w"))
            .with("workflow_version", Raw::Num(4.0));
        assert_eq!(
            build(list, &m).unwrap().path,
            "/workflows/getOrganizationWorkflows?limit=30&workflow_id=w&workflow_version=4"
        );
        let m = Map::default().with("limit", Raw::Num(31.0));
        assert_eq!(build(list, &m).unwrap_err().param, "limit");
    }
}
