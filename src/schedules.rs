//! Schedules: `toggleScheduledWorkflow`: its description ([`ENDPOINTS`]) and answer.

use crate::endpoint::{doc, At::*, Endpoint, Param, Rule::*};
use crate::http::{Idempotency::*, Method::*, Shape};
use crate::type_ref;

crate::string_set!(
    /// Status of a scheduled workflow after a toggle: `PAUSED` after `PAUSE`, `ACTIVE` after
    /// `PLAY`.
    ScheduleStatus {
        Active = "ACTIVE",
        Paused = "PAUSED",
    },
    open: false
);

/// The schedule endpoint, as the API document lists it.
#[doc(hidden)]
pub const ENDPOINTS: &[Endpoint] = &[Endpoint {
    #[cfg(any(feature = "client", not(feature = "npm")))]
    name: "toggleScheduledWorkflow",
    doc: doc(
        "Pauses or plays a scheduled workflow. Setting the same state twice is harmless, so \
          it is retried like a read. A workflow version without a schedule is answered 400.",
    ),
    method: Post,
    path: "/workflows/toggleScheduledWorkflow",
    params: &[
        Param::req("workflow_id", Body, Id, "Id of the scheduled workflow."),
        Param::req(
            "workflow_version",
            Body,
            Version,
            "Version of the workflow (a number or a numeric string; sent as a number).",
        ),
        Param::req(
            "action",
            Body,
            OneOf(&["PAUSE", "PLAY"]),
            "`PAUSE` stops the schedule, `PLAY` starts it again.",
        ),
    ],
    idempotency: Idempotent,
    shape: Shape::Object,
    response: type_ref!(ToggleScheduledWorkflowResponse),
    list: None,
}];

crate::answer! {
    /// Answer of `toggleScheduledWorkflow`.
    pub struct ToggleScheduledWorkflowResponse {
        /// `"success"`.
        pub message: String,
        /// Id of the workflow.
        pub workflow_id: String,
        /// Version of the workflow.
        #[cfg_attr(feature = "describe", schemars(with = "crate::schema::Version"))]
        pub workflow_version: u64,
        /// The schedule's status now.
        pub status: ScheduleStatus,
    }
}

#[cfg(test)]
mod tests {
    use crate::api::by_name;
    use crate::http::Idempotency;
    use crate::params::tests::{s, Map};
    use crate::request::build;

    #[test]
    fn toggle_sends_a_json_body_with_a_numeric_version() {
        let toggle = by_name("toggleScheduledWorkflow").unwrap();
        let m = Map::default()
            .with("workflow_id", s("be94\"39"))
            .with("workflow_version", s("1"))
            .with("action", s("PAUSE"));
        let r = build(toggle, &m).unwrap();
        assert_eq!(r.path, "/workflows/toggleScheduledWorkflow");
        let body: serde_json::Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"workflow_id": "be94\"39", "workflow_version": 1, "action": "PAUSE"})
        );
        assert_eq!(r.idempotency, Idempotency::Idempotent);
        let bad = Map::default()
            .with("workflow_id", s("w"))
            .with("workflow_version", s("1"))
            .with("action", s("STOP"));
        assert_eq!(build(toggle, &bad).unwrap_err().param, "action");
    }
}
