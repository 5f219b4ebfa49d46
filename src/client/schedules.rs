//! Schedules: `toggleScheduledWorkflow`: parameters and method (the description and
//! response type are [`crate::schedules`]).

use crate::client::{Client, Error, Received};
use crate::schedules::ToggleScheduledWorkflowResponse;
use crate::transport::Transport;
use serde::Serialize;

/// What [`Client::toggle_scheduled_workflow`] does to the schedule.
///
/// ```
/// use looply_sdk::client::ScheduleAction;
/// assert_eq!(serde_json::to_value(ScheduleAction::Pause).unwrap(), "PAUSE");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ScheduleAction {
    /// `PAUSE`: stops the schedule.
    Pause,
    /// `PLAY`: starts it again.
    Play,
}

/// Parameters of [`Client::toggle_scheduled_workflow`].
///
/// ```
/// use looply_sdk::client::{ScheduleAction, ToggleScheduledWorkflowParams};
/// let p = ToggleScheduledWorkflowParams { workflow_id: "wf-1".into(), workflow_version: 2, action: ScheduleAction::Play };
/// # let _ = p;
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ToggleScheduledWorkflowParams {
    /// Id of the scheduled workflow.
    pub workflow_id: String,
    /// Version of the workflow (sent as a JSON number).
    pub workflow_version: u64,
    /// Pause or play.
    pub action: ScheduleAction,
}

impl<T: Transport<Response = Received> + 'static> Client<T> {
    /// Pauses or plays a scheduled workflow. Setting the same state twice is harmless, so
    /// it is retried like a read.
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::{ScheduleAction, ToggleScheduledWorkflowParams};
    /// let now = client
    ///     .toggle_scheduled_workflow(ToggleScheduledWorkflowParams {
    ///         workflow_id: "wf-1".into(),
    ///         workflow_version: 2,
    ///         action: ScheduleAction::Pause,
    ///     })
    ///     .await?;
    /// assert_eq!(now.status, "PAUSED");
    /// # Ok(()) }
    /// ```
    pub async fn toggle_scheduled_workflow(
        &self,
        params: ToggleScheduledWorkflowParams,
    ) -> Result<ToggleScheduledWorkflowResponse, Error> {
        self.call("toggleScheduledWorkflow", &params).await
    }
}
