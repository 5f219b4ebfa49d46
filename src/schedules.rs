//! Schedules: `toggleScheduledWorkflow`.

use crate::error::ValidationError;
use crate::http::{push_json_string, HttpRequest, Idempotency, Shape};
use crate::params::{self, Fields, Version};
use tsify::Tsify;

/// What `toggleScheduledWorkflow` does to the schedule.
#[derive(Tsify)]
#[tsify(type = "\"PAUSE\" | \"PLAY\"")]
pub struct ScheduleAction;

/// Status of a schedule after a toggle.
#[derive(Tsify)]
#[tsify(type = "\"ACTIVE\" | \"PAUSED\"")]
pub struct ScheduleStatus;

const ACTIONS: &[&str] = &["PAUSE", "PLAY"];

/// Parameters of `toggleScheduledWorkflow`.
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
pub struct ToggleScheduledWorkflowParams {
    /// Id of the scheduled workflow.
    pub workflow_id: String,
    /// Version of the workflow (a number or a numeric string; sent as a number).
    #[tsify(type = "number | string")]
    pub workflow_version: Version,
    /// `PAUSE` stops the schedule, `PLAY` starts it again.
    #[tsify(type = "ScheduleAction")]
    pub action: &'static str,
}

impl ToggleScheduledWorkflowParams {
    /// Validates caller input.
    pub fn read(f: &impl Fields) -> Result<Self, ValidationError> {
        Ok(ToggleScheduledWorkflowParams {
            workflow_id: params::id(f, "workflow_id")?,
            workflow_version: params::version(f, "workflow_version")?,
            action: params::one_of(f, "action", ACTIONS)?,
        })
    }

    /// `POST /workflows/toggleScheduledWorkflow` with a JSON body. Setting the same
    /// state twice is harmless, so it counts as idempotent for retries.
    pub fn request(self) -> HttpRequest {
        let mut body = String::from("{\"workflow_id\":");
        push_json_string(&mut body, &self.workflow_id);
        body.push_str(",\"workflow_version\":");
        body.push_str(&self.workflow_version.digits());
        body.push_str(",\"action\":\"");
        body.push_str(self.action);
        body.push_str("\"}");
        HttpRequest::post(
            &["toggleScheduledWorkflow"],
            body,
            Shape::Object,
            Idempotency::Idempotent,
        )
    }
}

/// Answer of `toggleScheduledWorkflow`.
#[derive(Debug, Tsify)]
pub struct ToggleScheduledWorkflowResponse {
    /// `"success"`.
    pub message: String,
    /// Id of the workflow.
    pub workflow_id: String,
    /// Version of the workflow.
    pub workflow_version: f64,
    /// The schedule's status now.
    #[tsify(type = "ScheduleStatus")]
    pub status: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::tests::{s, Map};

    #[test]
    fn toggle_sends_a_json_body_with_a_numeric_version() {
        let m = Map::default()
            .with("workflow_id", s("be94\"39"))
            .with("workflow_version", s("1"))
            .with("action", s("PAUSE"));
        let r = ToggleScheduledWorkflowParams::read(&m).unwrap().request();
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
        assert_eq!(
            ToggleScheduledWorkflowParams::read(&bad).unwrap_err().param,
            "action"
        );
    }
}
