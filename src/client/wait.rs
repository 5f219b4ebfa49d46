//! Waiting for an execution, as the npm package's `waitForExecution` and
//! `triggerWorkflowAndWait` do: poll `getWorkflowExecutionById` (each poll under the client's
//! retry rules) until the execution is in one of the states waited for
//! ([`SETTLED_STATES`] by default, the package's own list), the time runs out, or the future
//! is dropped. A 404 within the grace period keeps polling (an execution may not be readable
//! right after its trigger); a server that asks for a wait (`Retry-After`, read by the core's
//! one parser) is obeyed, unless it would outlast the deadline: then the wait ends at once.

use crate::client::{
    Client, Error, GetWorkflowExecutionByIdParams, Received, Response, TriggerWorkflowParams,
};
use crate::config::MAX_TIMEOUT_MS;
use crate::executions::{WorkflowExecution, SETTLED_STATES};
use crate::retry::requested_delay_ms;
use crate::transport::Transport;
use crate::workflows::TriggerWorkflowResponse;
use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;
use std::time::Duration;

/// Options of [`Client::wait_for_execution`]: the package's wait options, with Rust names.
///
/// ```
/// use looply_sdk::client::WaitOptions;
/// use std::time::Duration;
/// let o = WaitOptions { timeout: Duration::from_secs(60), ..WaitOptions::default() };
/// assert_eq!(o.poll_interval, Duration::from_secs(1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitOptions {
    /// The states to wait for; `None`: [`SETTLED_STATES`] (finished, failed, or waiting for a
    /// response).
    pub until: Option<Vec<String>>,
    /// Between two polls (1 s), 10 % more or less at random.
    pub poll_interval: Duration,
    /// The whole wait (5 min): then [`Error::WaitTimeout`], with the last execution read.
    pub timeout: Duration,
    /// How long a 404 keeps polling (10 s).
    pub not_found_grace: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            until: None,
            poll_interval: Duration::from_secs(1),
            timeout: Duration::from_secs(300),
            not_found_grace: Duration::from_secs(10),
        }
    }
}

impl WaitOptions {
    /// The durations in milliseconds, checked: the poll interval and the timeout at least
    /// 1 ms (as the package's `pollIntervalMs` and `timeoutMs`), and none longer than a
    /// JavaScript timer can wait (about 24.8 days; a longer one would fire at once).
    fn millis(&self) -> Result<[f64; 3], Error> {
        let ms = |d: Duration, name: &str, min: u128| {
            let n = d.as_millis();
            if n < min || n > u128::from(MAX_TIMEOUT_MS) {
                let rule = format!("{name} must be from {min} ms to {MAX_TIMEOUT_MS} ms");
                return Err(Error::Validation {
                    param: name.to_owned(),
                    message: rule,
                });
            }
            Ok(n as f64)
        };
        Ok([
            ms(self.poll_interval, "poll_interval", 1)?,
            ms(self.timeout, "timeout", 1)?,
            ms(self.not_found_grace, "not_found_grace", 0)?,
        ])
    }

    fn done(&self, e: &WorkflowExecution) -> bool {
        let state = e.workflow_current_state.as_str();
        match &self.until {
            Some(states) => states.iter().any(|s| s == state),
            None => SETTLED_STATES.contains(&state),
        }
    }
}

/// The wait a response's headers ask for (`retry-after-ms`, else `Retry-After`), if any.
fn asked(headers: &[(String, String)], now_ms: f64) -> Option<f64> {
    let get = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    requested_delay_ms(get("retry-after-ms"), get("retry-after"), now_ms)
}

impl<T: Transport<Response = Received> + 'static> Client<T> {
    /// Polls an execution until it is in one of `options.until`'s states (by default the
    /// settled ones) and answers it; [`Error::WaitTimeout`] when the time runs out. Drop the
    /// future to stop waiting.
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::{GetWorkflowExecutionByIdParams, WaitOptions};
    /// let ids = GetWorkflowExecutionByIdParams { workflow_id: "wf-1".into(), workflow_execution_id: "exec-1".into() };
    /// let done = client.wait_for_execution(ids, WaitOptions::default()).await?;
    /// println!("{}", done.workflow_current_state);
    /// # Ok(()) }
    /// ```
    #[allow(clippy::manual_async_fn)] // an `async fn` is 101 B more of an app's wasm (below)
    pub fn wait_for_execution(
        &self,
        ids: GetWorkflowExecutionByIdParams,
        options: WaitOptions,
    ) -> impl Future<Output = Result<WorkflowExecution, Error>> + '_ {
        // A plain `fn` answering an `async move` block, not an `async fn`, whose future moves
        // its arguments into slots of their own when first polled (a second copy of the ids
        // and the options in its state), as `transport::execute`.
        async move {
            let [poll_ms, timeout_ms, grace_ms] = options.millis()?;
            let t = &self.inner.transport;
            let started = t.now_ms();
            let deadline = started + timeout_ms;
            let mut last: Option<WorkflowExecution> = None;
            loop {
                let mut wait = poll_ms * (0.9 + 0.2 * t.random());
                let mut requested = None;
                let poll = self.get_workflow_execution_by_id_with_response(ids.clone());
                // A poll (with its own retries and their waits) ends at the deadline, as the
                // package's does: dropped, its request is aborted.
                let left = ms_until(deadline, t.now_ms());
                let Some(answer) = before_deadline(poll, t.sleep(left)).await else {
                    return Err(timed_out(did_not_settle(timeout_ms), last, None));
                };
                match answer {
                    Ok(Response {
                        data: answer,
                        headers,
                        ..
                    }) => {
                        if options.done(&answer.item) {
                            return Ok(answer.item);
                        }
                        last = Some(answer.item);
                        requested = asked(&headers, t.now_ms());
                    }
                    Err(Error::Api {
                        status: 429,
                        headers,
                        ..
                    }) => requested = asked(&headers, t.now_ms()),
                    Err(e) if e.is_not_found() && t.now_ms() - started < grace_ms => {}
                    Err(e) => return Err(e),
                }
                let left = deadline - t.now_ms();
                if let Some(asked) = requested {
                    if asked > left {
                        let mut message = did_not_settle(timeout_ms);
                        message.pop(); // its full stop
                        let texts = [": the server asked for a wait of ", &whole(asked)];
                        message.extend(texts);
                        let texts = [
                            " ms, longer than the ",
                            &whole(left),
                            " ms the wait had left.",
                        ];
                        message.extend(texts);
                        return Err(timed_out(message, last, Some(asked)));
                    }
                    wait = asked;
                }
                if wait >= left {
                    let message = did_not_settle(timeout_ms);
                    let _ = t.sleep(ms_until(deadline, t.now_ms())).await;
                    return Err(timed_out(message, last, None));
                }
                if t.sleep(wait.round() as u32).await.is_err() {
                    return Err(Error::Aborted("The wait was aborted.".into()));
                }
            }
        }
    }

    /// Triggers a workflow (never sent twice, as [`Client::trigger_workflow`]) and waits for
    /// its execution; bad wait options fail before the trigger.
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::{TriggerWorkflowParams, WaitOptions};
    /// let params = TriggerWorkflowParams { workflow_id: "wf-1".into(), ..Default::default() };
    /// let (started, execution) = client.trigger_workflow_and_wait(params, WaitOptions::default()).await?;
    /// println!("{} is {}", started.looply_execution_id, execution.workflow_current_state);
    /// # Ok(()) }
    /// ```
    #[allow(clippy::manual_async_fn)] // an `async fn` is 97 B more of an app's wasm
    pub fn trigger_workflow_and_wait(
        &self,
        params: TriggerWorkflowParams,
        options: WaitOptions,
    ) -> impl Future<Output = Result<(TriggerWorkflowResponse, WorkflowExecution), Error>> + '_
    {
        // An `async move` block, as `wait_for_execution`'s.
        async move {
            options.millis()?;
            let workflow_id = params.workflow_id.clone();
            let started = self.trigger_workflow(params).await?;
            let ids = GetWorkflowExecutionByIdParams {
                workflow_id,
                workflow_execution_id: started.looply_execution_id.clone(),
            };
            let execution = self.wait_for_execution(ids, options).await?;
            Ok((started, execution))
        }
    }
}

/// Whole milliseconds from `now` to `deadline` (rounded up, so that a sleep ends at it or
/// after), none when it has passed.
/// The message of a wait that ran out of time.
fn did_not_settle(timeout_ms: f64) -> String {
    let texts = [
        "The execution did not settle within ",
        &whole(timeout_ms),
        " ms.",
    ];
    super::concat(&texts)
}

/// `ms` as whole milliseconds (0 for a negative or NaN difference): the messages write
/// integers, not `f64`s, whose formatting would bring about 11 KB into an app's wasm.
fn whole(ms: f64) -> String {
    // `as` saturates.
    crate::params::u64_to_string(ms as u64)
}

fn ms_until(deadline: f64, now: f64) -> u32 {
    (deadline - now).max(0.0).ceil() as u32
}

/// `work`'s output, or `None` when `deadline` comes first.
async fn before_deadline<F: Future, D: Future>(work: F, deadline: D) -> Option<F::Output> {
    let (mut work, mut deadline) = (pin!(work), pin!(deadline));
    poll_fn(|cx| match work.as_mut().poll(cx) {
        Poll::Ready(out) => Poll::Ready(Some(out)),
        Poll::Pending => deadline.as_mut().poll(cx).map(|_| None),
    })
    .await
}

fn timed_out(message: String, last: Option<WorkflowExecution>, asked: Option<f64>) -> Error {
    Error::WaitTimeout {
        message,
        execution: last.map(Box::new),
        retry_after_ms: asked.map(|ms| ms as u64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::tests::{execution, ticking_client, KEY};
    use crate::transport::tests::block_on;
    use serde_json::json;

    type Answer = Result<Received, crate::transport::Failure>;

    fn item(state: &str) -> Answer {
        let body = json!({"message": "success", "item": execution("e1", state)});
        Ok(Received::new(200, vec![], body.to_string()))
    }

    fn status(code: u16, headers: &[(&str, &str)]) -> Answer {
        let headers = headers
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        Ok(Received::new(code, headers, r#"{"message":"m"}"#.into()))
    }

    fn ids() -> GetWorkflowExecutionByIdParams {
        GetWorkflowExecutionByIdParams {
            workflow_id: "w".into(),
            workflow_execution_id: "e1".into(),
        }
    }

    fn quick() -> WaitOptions {
        WaitOptions {
            poll_interval: Duration::from_millis(100),
            timeout: Duration::from_millis(1000),
            ..WaitOptions::default()
        }
    }

    /// Catches a waiter that stops at a moving state, or does not wait between polls, or
    /// jitters the interval the wrong way.
    #[test]
    fn polls_until_a_settled_state_waiting_between_polls() {
        let c = ticking_client(vec![
            item("running_state"),
            item("step_2_state"),
            item("completed_state"),
        ]);
        let done = block_on(c.wait_for_execution(ids(), quick())).unwrap();
        assert_eq!(done.workflow_current_state, "completed_state");
        assert_eq!(
            *c.inner.transport.sleeps.borrow(),
            [90, 90],
            "0.9 × 100 ms (random 0)"
        );
        let sent = c.inner.transport.sent.borrow();
        assert!(sent
            .iter()
            .all(|r| r.path.contains("getWorkflowExecutionById")));
    }

    /// Catches a jitter that shortens the interval where it should lengthen it.
    #[test]
    fn the_interval_varies_by_a_tenth_either_way() {
        let mut c = ticking_client(vec![item("running_state"), item("completed_state")]);
        if let Some(inner) = std::rc::Rc::get_mut(&mut c.inner) {
            inner.transport.random = 0.75;
        }
        block_on(c.wait_for_execution(ids(), quick())).unwrap();
        assert_eq!(
            *c.inner.transport.sleeps.borrow(),
            [105],
            "(0.9 + 0.2 × 0.75) × 100 ms"
        );
    }

    /// Catches a deadline's sleep measured from the wrong end, or rounded down (a poll cut
    /// off before its deadline).
    #[test]
    fn the_time_left_is_whole_milliseconds_up_to_the_deadline() {
        assert_eq!(ms_until(1_000_500.5, 1_000_000.0), 501);
        assert_eq!(ms_until(1_000_000.0, 1_000_000.0), 0);
        assert_eq!(ms_until(1_000_000.0, 1_000_250.0), 0);
    }

    /// Catches `until` ignored (the default settled states used instead).
    #[test]
    fn until_names_the_states_to_stop_at() {
        let c = ticking_client(vec![
            item("wait_for_response_state"),
            item("completed_state"),
        ]);
        let o = WaitOptions {
            until: Some(vec!["completed_state".into()]),
            ..quick()
        };
        let done = block_on(c.wait_for_execution(ids(), o)).unwrap();
        assert_eq!(done.workflow_current_state, "completed_state");
    }

    /// Catches a timeout without the last execution, or a wait past the deadline.
    #[test]
    fn running_out_of_time_is_a_wait_timeout_with_the_last_execution() {
        let c = ticking_client((0..20).map(|_| item("running_state")).collect());
        let e = block_on(c.wait_for_execution(ids(), quick())).unwrap_err();
        assert_eq!(e.class_name(), "WaitTimeoutError");
        match e {
            Error::WaitTimeout {
                execution,
                retry_after_ms,
                message,
            } => {
                assert_eq!(execution.unwrap().workflow_current_state, "running_state");
                assert_eq!(retry_after_ms, None);
                assert_eq!(message, "The execution did not settle within 1000 ms.");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            c.inner.transport.clock.get() - 1_000_000.0,
            1000.0,
            "slept up to the deadline, not past it"
        );
    }

    /// Catches a 404 that ends the wait at once, or one that is retried forever.
    #[test]
    fn a_404_keeps_polling_within_the_grace_then_fails() {
        let c = ticking_client(vec![status(404, &[]), item("completed_state")]);
        let done = block_on(c.wait_for_execution(ids(), quick())).unwrap();
        assert_eq!(done.workflow_current_state, "completed_state");
        let c = ticking_client((0..20).map(|_| status(404, &[])).collect());
        let o = WaitOptions {
            // Polls at 0, 90 and 180 ms: the grace covers a 404 before its end, not at it.
            not_found_grace: Duration::from_millis(180),
            ..quick()
        };
        let e = block_on(c.wait_for_execution(ids(), o)).unwrap_err();
        assert!(e.is_not_found(), "{e}");
        assert_eq!(
            c.inner.transport.sent.borrow().len(),
            3,
            "at 0, 90 and 180 ms"
        );
    }

    /// Catches a server's requested wait ignored, or obeyed past the deadline.
    #[test]
    fn a_requested_wait_is_obeyed_unless_it_outlasts_the_deadline() {
        let c = ticking_client(vec![item("running_state"), item("completed_state")]);
        let mut first = item("running_state").unwrap();
        first.headers = vec![("retry-after-ms".into(), "300".into())];
        c.inner.transport.script.borrow_mut()[0] = Ok(first);
        block_on(c.wait_for_execution(ids(), quick())).unwrap();
        assert_eq!(*c.inner.transport.sleeps.borrow(), [300]);
        // A 429 after its retries, asking for more than the time left: the wait ends at once.
        let limited = || status(429, &[("retry-after", "5")]);
        let c = ticking_client(vec![limited(), limited(), limited()]);
        let e = block_on(c.wait_for_execution(ids(), quick())).unwrap_err();
        match e {
            Error::WaitTimeout {
                retry_after_ms,
                execution,
                message,
            } => {
                assert_eq!(retry_after_ms, Some(5000));
                assert!(execution.is_none());
                // The package's words, with whole milliseconds (the time left as digits).
                let head = "The execution did not settle within 1000 ms: the server asked for \
                            a wait of 5000 ms, longer than the ";
                let left = message
                    .strip_prefix(head)
                    .unwrap_or_else(|| panic!("{message}"));
                let left = left.strip_suffix(" ms the wait had left.").unwrap();
                assert!(left.parse::<u32>().is_ok_and(|ms| ms < 1000), "{message}");
            }
            other => panic!("{other:?}"),
        }
        // The call's own two retries waited as asked; the waiter added no wait of its own.
        // (Here every sleep ends at once, so the poll ends before the deadline's sleep.)
        assert_eq!(*c.inner.transport.sleeps.borrow(), [5000, 5000]);
    }

    /// Catches a requested wait exactly as long as the time left taken for too long (the
    /// package obeys it), and a last interval that ends exactly at the deadline followed by
    /// another poll.
    #[test]
    fn waits_that_end_exactly_at_the_deadline() {
        // 90 ms in, 910 ms left: a requested wait of 910 ms is not refused as too long (it
        // is waited, and the wait ends at its deadline); one of 911 ms is, at once.
        let answers = || {
            vec![
                item("running_state"),
                item("running_state"),
                item("completed_state"),
            ]
        };
        for (asked, refused) in [("910", None), ("911", Some(911))] {
            let c = ticking_client(answers());
            let mut second = item("running_state").unwrap();
            second.headers = vec![("retry-after-ms".into(), asked.into())];
            c.inner.transport.script.borrow_mut()[1] = Ok(second);
            let e = block_on(c.wait_for_execution(ids(), quick())).unwrap_err();
            assert!(
                matches!(e, Error::WaitTimeout { retry_after_ms, .. } if retry_after_ms == refused),
                "{asked}: {e:?}"
            );
            let slept: Vec<u32> = c.inner.transport.sleeps.borrow().clone();
            assert_eq!(
                slept,
                if refused.is_some() {
                    vec![90]
                } else {
                    vec![90, 910]
                }
            );
        }
        // A timeout of 180 ms: polls at 0 and 90 ms; the next would be at 180, the deadline.
        let c = ticking_client(answers());
        let o = WaitOptions {
            timeout: Duration::from_millis(180),
            ..quick()
        };
        let e = block_on(c.wait_for_execution(ids(), o)).unwrap_err();
        assert_eq!(e.class_name(), "WaitTimeoutError");
        assert_eq!(c.inner.transport.sent.borrow().len(), 2);
    }

    /// Catches options checked after the trigger (a workflow started, then the error).
    #[test]
    fn bad_options_send_nothing() {
        let c = ticking_client(vec![]);
        let o = WaitOptions {
            poll_interval: Duration::ZERO,
            ..WaitOptions::default()
        };
        let params = TriggerWorkflowParams {
            workflow_id: "w".into(),
            ..TriggerWorkflowParams::default()
        };
        let e = block_on(c.trigger_workflow_and_wait(params, o.clone())).unwrap_err();
        assert!(
            matches!(&e, Error::Validation { param, .. } if param == "poll_interval"),
            "{e}"
        );
        let e = block_on(c.wait_for_execution(ids(), o)).unwrap_err();
        assert_eq!(e.class_name(), "ValidationError");
        let too_long = WaitOptions {
            timeout: Duration::from_millis(u64::from(MAX_TIMEOUT_MS) + 1),
            ..WaitOptions::default()
        };
        let e = block_on(c.wait_for_execution(ids(), too_long)).unwrap_err();
        assert!(
            matches!(&e, Error::Validation { param, .. } if param == "timeout"),
            "{e}"
        );
        let longest = WaitOptions {
            timeout: Duration::from_millis(u64::from(MAX_TIMEOUT_MS)),
            not_found_grace: Duration::ZERO,
            ..WaitOptions::default()
        };
        assert!(longest.millis().is_ok());
        assert!(c.inner.transport.sent.borrow().is_empty());
        assert!(!e.to_string().contains(KEY));
    }

    /// Catches the waiter polling another execution than the one it triggered.
    #[test]
    fn trigger_and_wait_polls_the_execution_it_started() {
        let started = json!({"message": "success", "looply_execution_id": "e1"});
        let c = ticking_client(vec![
            Ok(Received::new(200, vec![], started.to_string())),
            item("completed_state"),
        ]);
        let params = TriggerWorkflowParams {
            workflow_id: "w".into(),
            ..TriggerWorkflowParams::default()
        };
        let (run, done) = block_on(c.trigger_workflow_and_wait(params, quick())).unwrap();
        assert_eq!(
            (
                run.looply_execution_id.as_str(),
                done.workflow_current_state.as_str()
            ),
            ("e1", "completed_state")
        );
        let sent = c.inner.transport.sent.borrow();
        assert!(
            sent[1].path.contains("workflow_execution_id=e1"),
            "{}",
            sent[1].path
        );
    }
}
