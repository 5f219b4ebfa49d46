//! Native tests of the client over a scripted transport: the same calls as in WebAssembly,
//! without the network.

use super::*;
use crate::config::MAX_HEADER_VALUE_LEN;
use crate::transport::tests::block_on;
use serde_json::{json, Map, Value};

/// The native tests' scripted transport, answering with the client's own responses.
pub(crate) type Scripted = crate::transport::tests::Scripted<Received>;

/// The scripted clients' API key.
pub(crate) const KEY: &str = "looply-test-key";

pub(crate) const POLICY: Policy = Policy {
    timeout_ms: 1000,
    max_retries: 2,
    retry_non_idempotent: false,
};

fn client(answers: Vec<Value>) -> Client<Scripted> {
    let script = answers
        .into_iter()
        .map(|body| Ok(Received::new(200, vec![], body.to_string())))
        .collect();
    Client::scripted(Scripted::new(script), POLICY, KEY)
}

/// A client over a script of answers whose clock moves on as it sleeps (the waiter's tests).
pub(crate) fn ticking_client(
    script: Vec<Result<Received, crate::transport::Failure>>,
) -> Client<Scripted> {
    // A clock that does not start at 0, so that a time is never mistaken for a duration.
    let transport = Scripted {
        ticking: true,
        clock: std::cell::Cell::new(1_000_000.0),
        ..Scripted::new(script)
    };
    Client::scripted(transport, POLICY, KEY)
}

/// An execution as `getWorkflowExecutionById` answers it, in `state`.
pub(crate) fn execution(id: &str, state: &str) -> Value {
    let mut e = summary(id);
    e["workflow_current_state"] = json!(state);
    for k in [
        "workflow_input_payload",
        "workflow_output_payload",
        "condensed_logs",
    ] {
        e[k] = json!({});
    }
    e
}

fn sent(c: &Client<Scripted>) -> Vec<String> {
    let sent = c.inner.transport.sent.borrow();
    sent.iter().map(|r| r.path.clone()).collect()
}

fn summary(id: &str) -> Value {
    json!({
        "workflow_execution_id": id, "workflow_id": "w", "workflow_version": 1,
        "workflow_current_state": "completed_state", "workflow_trigger_type": "REQUEST",
        "organization_id": "o", "workspace_id": "s", "modified_by": null,
        "created_on": 1, "modified_on": 2, "workflow_event_log": {},
        "workflow_details": {"workflow_name": "W"}
    })
}

/// A walk over every organization execution `c` answers with.
fn walk(c: &Client<Scripted>) -> Items<crate::executions::ExecutionsPage, Scripted> {
    c.paginate_organization_executions(GetOrganizationExecutionsParams::default(), Walk::default())
        .unwrap()
}

pub(crate) fn page(ids: &[&str], key: Option<&str>) -> Value {
    let items: Vec<Value> = ids.iter().map(|id| summary(id)).collect();
    let mut p = json!({"message": "success", "count": ids.len(), "items": items});
    if let Some(k) = key {
        p["lastKey"] = json!({"workflow_id": "w", "workflow_execution_id": k});
    }
    p
}

/// Catches a method wired to the wrong endpoint, or a parameter struct whose field name
/// differs from the wire name (it would be sent as absent, or fail as "required").
#[test]
fn every_method_sends_its_own_endpoints_request() {
    let ok = json!({"message": "success"});
    let c = client(vec![
        json!({"message": "success", "looply_execution_id": "e1"}),
    ]);
    let p = TriggerWorkflowParams {
        workflow_id: "w/1".into(),
        workflow_version: Some(2),
        payload: Some(json!({"a": 1}).as_object().cloned().unwrap_or_default()),
    };
    assert_eq!(
        block_on(c.trigger_workflow(p)).unwrap().looply_execution_id,
        "e1"
    );
    let c = client(vec![ok.clone(), ok.clone()]);
    let resume = ResumeWorkflowParams {
        process_id: "p".into(),
        payload: None,
    };
    block_on(c.resume_workflow(resume)).unwrap();
    let action = RunWorkflowActionParams {
        action: "approveworkflow".into(),
        process_id: "p".into(),
        payload: None,
    };
    block_on(c.run_workflow_action(action)).unwrap();
    assert_eq!(
        sent(&c),
        [
            "/workflows/resumeworkflow/p",
            "/workflows/approveworkflow/p"
        ]
    );
    let c = client(vec![json!({"message": "success", "workflow_id": "w",
        "workflow_version": 2, "status": "PAUSED"})]);
    let toggle = ToggleScheduledWorkflowParams {
        workflow_id: "w".into(),
        workflow_version: 2,
        action: ScheduleAction::Pause,
    };
    assert_eq!(
        block_on(c.toggle_scheduled_workflow(toggle))
            .unwrap()
            .status,
        "PAUSED"
    );
    let body = c.inner.transport.sent.borrow()[0].body.clone().unwrap();
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        body,
        json!({"workflow_id": "w", "workflow_version": 2, "action": "PAUSE"})
    );

    let c = client(vec![page(&[], None), page(&[], None), page(&[], None)]);
    let history = GetWorkflowExecutionHistoryParams {
        workflow_id: "w".into(),
        limit: Some(5),
        workflow_execution_id: Some("e9".into()),
    };
    block_on(c.get_workflow_execution_history(history)).unwrap();
    let org = GetOrganizationExecutionsParams {
        limit: Some(3),
        ..Default::default()
    };
    block_on(c.get_organization_executions(org)).unwrap();
    let workflows = GetOrganizationWorkflowsParams {
        workflow_id: Some("w".into()),
        workflow_version: Some(4),
        limit: None,
    };
    block_on(c.get_organization_workflows(workflows)).unwrap();
    assert_eq!(
        sent(&c),
        [
            "/workflows/getWorkflowExecutionHistory?workflow_id=w&limit=5&workflow_execution_id=e9",
            "/workflows/getOrganizationExecutions?limit=3",
            "/workflows/getOrganizationWorkflows?workflow_id=w&workflow_version=4",
        ]
    );
}

/// Catches typed responses that reject a real answer, or drop the fields the service added.
#[test]
fn item_reads_decode_the_local_servers_shapes_and_keep_extra_fields() {
    let workflow = json!({"message": "success", "item": {
        "workflow_id": "w", "workflow_version": 3, "workflow_name": "Invoice Approval",
        "workflow_status": "ACTIVE", "workflow_status_version": "ACTIVE_3", "latest": "true",
        "organization_id": "o", "workspace_id": "s", "workflow_steps": [], "workflow_connections": [],
        "workflow_integrations": {}, "workflow_schema": {"type": "object"}, "created_by": "u",
        "modified_by": null, "created_on": 1, "modified_on": 2, "workflow_color": "teal"}});
    let schema = json!({"message": "success", "item": {"workflow_id": "w", "workflow_version": 3,
        "workflow_mock_payload": {}, "workflow_schema": {}, "created_by": null, "modified_by": null,
        "created_on": 1, "modified_on": 2}});
    let mut execution = summary("e1");
    for k in [
        "workflow_input_payload",
        "workflow_output_payload",
        "condensed_logs",
    ] {
        execution[k] = json!({});
    }
    let c = client(vec![
        workflow,
        schema,
        json!({"message": "success", "item": execution}),
    ]);
    let id = || GetWorkflowByIdParams {
        workflow_id: "w".into(),
        workflow_version: 3,
    };
    let w = block_on(c.get_workflow_by_id(id())).unwrap();
    assert_eq!(w.item.workflow_name, "Invoice Approval");
    assert_eq!(w.item.extra.get("workflow_color"), Some(&json!("teal")));
    assert_eq!(w.item.workflow_schema, json!({"type": "object"}));
    block_on(c.get_workflow_schema_by_id(id())).unwrap();
    let e = GetWorkflowExecutionByIdParams {
        workflow_id: "w".into(),
        workflow_execution_id: "e1".into(),
    };
    let e = block_on(c.get_workflow_execution_by_id(e)).unwrap();
    assert_eq!(e.item.workflow_current_state, "completed_state");
}

/// Catches validation skipped for typed input (an empty id reaching the URL).
#[test]
fn bad_parameters_fail_before_any_request() {
    let c = client(vec![]);
    let p = GetWorkflowByIdParams {
        workflow_id: String::new(),
        workflow_version: 0,
    };
    let e = block_on(c.get_workflow_by_id(p)).unwrap_err();
    assert_eq!(
        e,
        Error::Validation {
            param: "workflow_id".into(),
            message: "workflow_id must not be empty".into()
        }
    );
    let mut payload = Map::new();
    payload.insert("source".into(), "EMAIL".into());
    let p = ResumeWorkflowParams {
        process_id: "p".into(),
        payload: Some(payload),
    };
    let e = block_on(c.resume_workflow(p)).unwrap_err();
    assert!(matches!(e, Error::Validation { ref param, .. } if param == "payload.source"));
    assert!(sent(&c).is_empty());
}

/// Catches options checked by other rules than the JavaScript client's, errors that name
/// the JavaScript option, or an `x-api-key` that a default header could replace.
#[test]
fn options_are_checked_by_the_javascript_clients_rules() {
    let base = || ClientOptions {
        api_key: "k".into(),
        ..ClientOptions::default()
    };
    let param = |o: ClientOptions| match o.validate() {
        Err(Error::Validation { param, message }) => {
            assert!(message.starts_with(&param), "{message}");
            param
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(param(ClientOptions::default()), "api_key");
    // A key that cannot be sent: a character no header carries, or one byte over the limit
    // (the limit itself is sent).
    let key = |api_key: String| ClientOptions { api_key, ..base() };
    assert_eq!(param(key("k\n".into())), "api_key");
    assert_eq!(param(key("k".repeat(MAX_HEADER_VALUE_LEN + 1))), "api_key");
    assert!(key("k".repeat(MAX_HEADER_VALUE_LEN)).validate().is_ok());
    let o = ClientOptions {
        timeout: Some(Duration::ZERO),
        ..base()
    };
    assert_eq!(param(o), "timeout");
    let o = ClientOptions {
        max_retries: Some(11),
        ..base()
    };
    assert_eq!(param(o), "max_retries");
    let o = ClientOptions {
        base_url: Some("example.com".into()),
        ..base()
    };
    assert_eq!(param(o), "base_url");
    let o = ClientOptions {
        default_headers: vec![("X-Api-Key".into(), "other".into())],
        ..base()
    };
    assert_eq!(param(o), "default_headers");
    let o = ClientOptions {
        base_url: Some("http://127.0.0.1:9/v1/".into()),
        timeout: Some(Duration::from_millis(1500)),
        max_retries: Some(0),
        default_headers: vec![("x-trace".into(), "1".into())],
        ..base()
    };
    let (base_url, policy, headers) = o.validate().unwrap();
    assert_eq!(base_url, "http://127.0.0.1:9/v1");
    assert_eq!((policy.timeout_ms, policy.max_retries), (1500, 0));
    assert_eq!(headers.last(), Some(&("x-api-key".into(), "k".into())));
    assert!(!format!("{o:?}").contains("\"k\""), "Debug shows the key");
}

/// Catches a walk that stops after one page, ignores `max_items`, or cannot resume.
#[test]
fn a_walk_follows_last_key_stops_at_max_items_and_resumes() {
    let c = client(vec![
        page(&["e1", "e2"], Some("e2")),
        page(&["e3", "e4"], Some("e4")),
        page(&["e5"], None),
    ]);
    let params = GetOrganizationExecutionsParams {
        limit: Some(2),
        ..Default::default()
    };
    let all = block_on(
        c.paginate_organization_executions(params.clone(), Walk::default())
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    let ids: Vec<_> = all
        .iter()
        .map(|e| e.workflow_execution_id.as_str())
        .collect();
    assert_eq!(ids, ["e1", "e2", "e3", "e4", "e5"]);
    assert_eq!(
        sent(&c)[1],
        "/workflows/getOrganizationExecutions?limit=2&workflow_id=w&workflow_execution_id=e2"
    );

    let c = client(vec![
        page(&["e1", "e2"], Some("e2")),
        page(&["e3"], Some("e3")),
    ]);
    let walk = Walk {
        max_items: Some(3),
        ..Walk::default()
    };
    let mut items = c
        .paginate_organization_executions(params.clone(), walk)
        .unwrap();
    let mut n = 0;
    while let Some(item) = block_on(items.next_item()) {
        item.unwrap();
        n += 1;
    }
    assert_eq!(n, 3);
    assert_eq!(sent(&c).len(), 2, "no page fetched past max_items");
    assert!(sent(&c)[1].contains("limit=1"));
    let key = items.last_key().cloned().unwrap();
    assert_eq!(key.workflow_execution_id, "e3");

    let c = client(vec![page(&["e4"], None)]);
    let walk = Walk {
        last_key: Some(key),
        ..Walk::default()
    };
    let mut pages = c
        .paginate_organization_executions(params, walk)
        .unwrap()
        .pages();
    assert_eq!(block_on(pages.next_page()).unwrap().unwrap().items.len(), 1);
    assert!(block_on(pages.next_page()).is_none());
    assert_eq!(pages.last_key(), None);
    assert!(sent(&c)[0].ends_with("limit=2&workflow_id=w&workflow_execution_id=e3"));
}

/// Catches a walk that loops on a repeated cursor, or goes on after an error.
#[test]
fn a_repeated_last_key_ends_the_walk_with_a_decode_error() {
    let c = client(vec![page(&["e1"], Some("e1")), page(&["e1"], Some("e1"))]);
    let mut items = walk(&c);
    assert!(block_on(items.next_item()).unwrap().is_ok());
    let e = block_on(items.next_item()).unwrap().unwrap_err();
    assert_eq!(e.class_name(), "ResponseDecodeError");
    assert!(block_on(items.next_item()).is_none());
    // (A key's version that is not a finite number, refused here before, cannot be made:
    // it is a whole number, as every version of the Rust client is.)
}

/// Catches a path by which an echoed key reaches the caller unredacted: a method's API
/// error (message, request id, body), a 2xx body that does not decode, a paginator's page,
/// a connection error's text.
#[test]
fn no_error_a_call_returns_holds_the_api_key() {
    let echo = |status: u16, body: String| {
        let headers = vec![("x-amzn-requestid".into(), format!("id-{KEY}"))];
        Ok(Received::new(status, headers, body))
    };
    let forbidden = json!({"message": format!("Forbidden: key {KEY} is not valid"), KEY: [KEY]});
    let script = vec![
        echo(403, forbidden.to_string()),
        echo(200, format!("<html>{KEY}</html>")),
        echo(404, format!("no page for {KEY}")),
        Err(crate::transport::Failure::Connection(format!(
            "refused {KEY}"
        ))),
    ];
    let c = Client::scripted(
        Scripted::new(script),
        Policy {
            max_retries: 0,
            ..POLICY
        },
        KEY,
    );
    let id = || GetWorkflowByIdParams {
        workflow_id: "w".into(),
        workflow_version: 3,
    };
    let forbidden = block_on(c.get_workflow_by_id(id())).unwrap_err();
    assert_eq!(forbidden.status(), Some(403));
    assert!(
        forbidden.to_string().contains("Forbidden: key *** is"),
        "{forbidden}"
    );
    let not_json = block_on(c.get_workflow_by_id(id())).unwrap_err();
    assert_eq!(not_json.class_name(), "ResponseDecodeError");
    let mut pages = c
        .paginate_organization_executions(
            GetOrganizationExecutionsParams::default(),
            Walk::default(),
        )
        .unwrap()
        .pages();
    let page = block_on(pages.next_page()).unwrap().unwrap_err();
    let refused = block_on(c.get_workflow_by_id(id())).unwrap_err();
    assert_eq!(refused.class_name(), "APIConnectionError");
    for e in [forbidden, not_json, page, refused] {
        assert!(!e.to_string().contains(KEY), "{e}");
        let debug = format!("{e:?}");
        assert!(!debug.contains(KEY) && debug.contains("***"), "{debug}");
    }
}

/// Catches a walk that goes on after a transport error outlasted its retries (another item
/// and a fourth request instead of the end).
#[test]
fn a_walk_ends_after_a_transport_error_that_outlasts_its_retries() {
    let refused = || Err(crate::transport::Failure::Connection("refused".into()));
    let first = Ok(Received::new(
        200,
        vec![],
        page(&["e1"], Some("e1")).to_string(),
    ));
    let later = Ok(Received::new(200, vec![], page(&["e2"], None).to_string()));
    let script = vec![first, refused(), refused(), refused(), later];
    let c = Client::scripted(Scripted::new(script), POLICY, KEY);
    let mut items = walk(&c);
    assert!(block_on(items.next_item()).unwrap().is_ok());
    let e = block_on(items.next_item()).unwrap().unwrap_err();
    assert_eq!(e.class_name(), "APIConnectionError");
    assert!(block_on(items.next_item()).is_none(), "the walk went on");
    assert_eq!(
        sent(&c).len(),
        4,
        "one page, then three attempts of the next"
    );
}

/// Catches the workflows paginator trimming or resuming wrongly (its page type's items and
/// `lastKey`, which the executions tests above do not reach).
#[test]
fn the_workflows_walk_trims_to_max_items_and_keeps_its_last_key() {
    let summary = |v: u32| {
        json!({"workflow_id": "w", "workflow_version": v, "workflow_name": "W", "workflow_status": "ACTIVE",
            "workflow_status_version": "1", "latest": "true", "organization_id": "o", "workspace_id": "s",
            "created_on": 1, "modified_on": 2})
    };
    let key = json!({"organization_id": "o", "workflow_id": "w", "workflow_version": 2});
    let page = json!({"message": "success", "count": 2, "items": [summary(1), summary(2)], "lastKey": key});
    let c = client(vec![page]);
    let walk = Walk {
        max_items: Some(1),
        ..Walk::default()
    };
    let mut pages = c
        .paginate_organization_workflows(GetOrganizationWorkflowsParams::default(), walk)
        .unwrap()
        .pages();
    let first = block_on(pages.next_page()).unwrap().unwrap();
    assert_eq!(first.items.len(), 1, "max_items trims the page");
    let last = pages.last_key().cloned().unwrap();
    assert_eq!((last.workflow_id.as_str(), last.workflow_version), ("w", 2));
}

/// Catches an option's error worded with the JavaScript name, or the unit added to the
/// wrong option; and a `Debug` of the client or its options that hides everything, or shows
/// the key.
#[test]
fn option_errors_use_rust_names_and_debug_output_hides_only_the_key() {
    let bad = |o: ClientOptions| Client::new(o).err().unwrap();
    let long = ClientOptions {
        api_key: KEY.into(),
        timeout: Some(std::time::Duration::from_millis(0)),
        ..ClientOptions::default()
    };
    let e = bad(long);
    assert!(
        matches!(&e, Error::Validation { param, message } if param == "timeout" && message.ends_with("(milliseconds)")),
        "{e:?}"
    );
    let retries = ClientOptions {
        api_key: KEY.into(),
        max_retries: Some(11),
        ..ClientOptions::default()
    };
    let e = bad(retries);
    assert!(
        matches!(&e, Error::Validation { param, message } if param == "max_retries" && !message.contains("milliseconds")),
        "{e:?}"
    );
    let options = ClientOptions {
        api_key: KEY.into(),
        base_url: Some("http://127.0.0.1:9/v1".into()),
        ..ClientOptions::default()
    };
    let debug = format!("{options:?}");
    assert!(
        debug.contains("http://127.0.0.1:9/v1") && !debug.contains(KEY),
        "{debug}"
    );
    let c = client(vec![]);
    let debug = format!("{c:?}");
    assert!(
        debug.starts_with("Client") && debug.contains("policy") && !debug.contains(KEY),
        "{debug}"
    );
}

/// Catches the pages' `Stream` (what `StreamExt` users poll) ending at once instead of
/// yielding each page, beside the `next_page` tests above.
#[test]
fn pages_and_items_are_streams_of_the_walk() {
    use futures_core::Stream;
    use std::pin::Pin;
    let c = client(vec![page(&["e1"], Some("e1")), page(&["e2"], None)]);
    let params = GetOrganizationExecutionsParams::default;
    let mut pages = c
        .paginate_organization_executions(params(), Walk::default())
        .unwrap()
        .pages();
    let mut next = || {
        block_on(std::future::poll_fn(|cx| {
            Pin::new(&mut pages).poll_next(cx)
        }))
    };
    assert_eq!(next().unwrap().unwrap().items.len(), 1);
    assert_eq!(next().unwrap().unwrap().items.len(), 1);
    assert!(next().is_none());
    let c = client(vec![page(&["e1", "e2"], None)]);
    let mut items = c
        .paginate_organization_executions(params(), Walk::default())
        .unwrap();
    let mut next = || {
        block_on(std::future::poll_fn(|cx| {
            Pin::new(&mut items).poll_next(cx)
        }))
    };
    assert_eq!(next().unwrap().unwrap().workflow_execution_id, "e1");
    assert_eq!(next().unwrap().unwrap().workflow_execution_id, "e2");
    assert!(next().is_none());
}

/// Catches with_options that changes the client it is called on, forgets the options it
/// does not change, or skips their checks.
#[test]
fn with_options_makes_another_client_from_this_ones_options() {
    let first = Client::new(ClientOptions {
        api_key: "looply-demo-key".into(),
        base_url: Some("http://127.0.0.1:8787/v1".into()),
        max_retries: Some(4),
        ..ClientOptions::default()
    })
    .unwrap();
    let second = first
        .with_options(|o| o.timeout = Some(Duration::from_millis(1500)))
        .unwrap();
    assert_eq!(second.inner.policy.timeout_ms, 1500);
    assert_eq!(second.inner.policy.max_retries, 4, "kept");
    assert_eq!(second.inner.options.base_url, first.inner.options.base_url);
    assert_eq!(first.inner.policy.timeout_ms, 30_000, "unchanged");
    let e = first
        .with_options(|o| o.max_retries = Some(11))
        .unwrap_err();
    assert!(
        matches!(e, Error::Validation { ref param, .. } if param == "max_retries"),
        "{e}"
    );
}

/// Catches a state the service adds that fails to decode (the answer would be lost), or a
/// known one read as `Other`; and an answer that does not serialize back as it came.
#[test]
fn string_sets_keep_unknown_values_and_answers_round_trip() {
    use crate::executions::ExecutionState;
    let known: ExecutionState = serde_json::from_value(json!("completed_state")).unwrap();
    assert_eq!(known, ExecutionState::CompletedState);
    let new: ExecutionState = serde_json::from_value(json!("paused_state")).unwrap();
    assert_eq!(new, ExecutionState::Other("paused_state".into()));
    assert_eq!(
        (new.to_string(), new.as_str()),
        ("paused_state".into(), "paused_state")
    );
    let mut body = json!({"message": "success", "item": execution("e1", "paused_state")});
    body["item"]["added_later"] = json!([1]);
    let c = client(vec![body.clone()]);
    let ids = GetWorkflowExecutionByIdParams {
        workflow_id: "w".into(),
        workflow_execution_id: "e1".into(),
    };
    let answer = block_on(c.get_workflow_execution_by_id(ids)).unwrap();
    assert_eq!(answer.item.workflow_current_state, "paused_state");
    assert_eq!(serde_json::to_value(&answer).unwrap(), body);
}

/// The log records of this test binary (one logger for the process; each test looks for
/// its own records).
static LOGGED: std::sync::Mutex<Vec<(log::Level, String)>> = std::sync::Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, m: &log::Metadata<'_>) -> bool {
        m.target() == "looply_sdk"
    }
    fn log(&self, r: &log::Record<'_>) {
        if self.enabled(r.metadata()) {
            let line = r.args().to_string();
            LOGGED.lock().unwrap().push((r.level(), line));
        }
    }
    fn flush(&self) {}
}

/// Catches calls that log nothing through the `log` facade, a retry or a failure logged
/// below `warn` (or a retry not logged),
/// or a log line that holds the key a server echoed.
#[test]
fn calls_log_through_the_log_facade_without_the_key() {
    static CAPTURE: Capture = Capture;
    let _ = log::set_logger(&CAPTURE);
    log::set_max_level(log::LevelFilter::Debug);
    // A line is made only at a level the app's filter lets through.
    assert!(crate::client::logs(log::Level::Debug) && !crate::client::logs(log::Level::Trace));
    let echo = json!({"message": format!("no workflow for {KEY}")});
    let c = client(vec![
        json!({"message": "success", "looply_execution_id": "e-logged"}),
    ]);
    let script = vec![Ok(Received::new(404, vec![], echo.to_string()))];
    let failing = Client::scripted(Scripted::new(script), POLICY, KEY);
    let params = TriggerWorkflowParams {
        workflow_id: "w".into(),
        ..TriggerWorkflowParams::default()
    };
    block_on(c.trigger_workflow(params)).unwrap();
    let schedule = ToggleScheduledWorkflowParams {
        workflow_id: "w".into(),
        workflow_version: 1,
        action: ScheduleAction::Play,
    };
    block_on(failing.toggle_scheduled_workflow(schedule)).unwrap_err();
    // A read that waits 250 ms to retry once: the line says how long the call took.
    let busy = Received::new(
        503,
        vec![("retry-after-ms".into(), "250".into())],
        "{}".into(),
    );
    let schema = json!({"message": "success", "item": {"workflow_id": "w", "workflow_version": 3,
        "workflow_mock_payload": {}, "workflow_schema": {}, "created_by": null, "modified_by": null,
        "created_on": 1, "modified_on": 2}});
    let slow = ticking_client(vec![
        Ok(busy),
        Ok(Received::new(200, vec![], schema.to_string())),
    ]);
    let id = GetWorkflowSchemaByIdParams {
        workflow_id: "w".into(),
        workflow_version: 3,
    };
    block_on(slow.get_workflow_schema_by_id(id)).unwrap();
    // A call that fails after waiting 250 ms to retry: its line says how long it took too.
    let gone = Received::new(410, vec![], r#"{"message":"Gone"}"#.into());
    let failing_late = ticking_client(vec![Ok(busy_again()), Ok(gone)]);
    let read = GetWorkflowByIdParams {
        workflow_id: "w".into(),
        workflow_version: 3,
    };
    block_on(failing_late.get_workflow_by_id(read)).unwrap_err();
    // Each page a walk reads, at debug.
    let pages = client(vec![page(&["e-1", "e-2"], None)]);
    assert_eq!(block_on(walk(&pages).to_vec()).unwrap().len(), 2);
    // A page retried: its retry's line names the list endpoint (the walk's cursor gives it).
    let ok = Received::new(200, vec![], page(&["e-3"], None).to_string());
    let busy_pages = ticking_client(vec![Ok(busy_again()), Ok(ok)]);
    assert_eq!(block_on(walk(&busy_pages).to_vec()).unwrap().len(), 1);
    let logged = LOGGED.lock().unwrap();
    let retry = "getOrganizationExecutions attempt 1 failed (HTTP 503); retrying in 250 ms";
    assert!(logged.iter().any(|(_, l)| l == retry), "{logged:?}");
    assert!(
        logged
            .iter()
            .any(|(level, l)| l == "a page of 2 items" && *level == log::Level::Debug),
        "{logged:?}"
    );
    assert!(
        logged
            .iter()
            .any(|(_, l)| l.starts_with("getWorkflowById failed after 250 ms: ")),
        "{logged:?}"
    );
    assert!(
        logged
            .iter()
            .any(|(_, l)| l == "getWorkflowSchemaById -> ok in 250 ms"),
        "{logged:?}"
    );
    // Each retry, at warn, as the package logs it.
    let retry = "getWorkflowSchemaById attempt 1 failed (HTTP 503); retrying in 250 ms";
    assert!(
        logged
            .iter()
            .any(|(level, l)| l == retry && *level == log::Level::Warn),
        "{logged:?}"
    );
    let ok = logged
        .iter()
        .find(|(_, l)| l.starts_with("triggerWorkflow -> ok"));
    assert_eq!(
        ok.map(|(level, _)| *level),
        Some(log::Level::Info),
        "{logged:?}"
    );
    let failed = logged
        .iter()
        .find(|(_, l)| l.starts_with("toggleScheduledWorkflow failed"));
    let (level, line) = failed.unwrap_or_else(|| panic!("{logged:?}"));
    assert_eq!(*level, log::Level::Warn);
    assert!(
        line.contains("NotFoundError (404)") && line.contains("***"),
        "{line}"
    );
    assert!(logged.iter().all(|(_, l)| !l.contains(KEY)), "{logged:?}");
}

/// A 503 that asks for a wait of 250 ms.
fn busy_again() -> Received {
    Received::new(
        503,
        vec![("retry-after-ms".into(), "250".into())],
        "{}".into(),
    )
}

/// Catches a public transport that skips the options' checks or their retry budget.
#[test]
fn a_clients_own_transport_gets_the_options_rules() {
    let bad = ClientOptions {
        api_key: String::new(),
        ..ClientOptions::default()
    };
    let e = Client::with_transport(Scripted::new(vec![]), bad).unwrap_err();
    assert!(
        matches!(e, Error::Validation { ref param, .. } if param == "api_key"),
        "{e}"
    );
    let busy = || Ok(Received::new(503, vec![], "{}".into()));
    let options = ClientOptions {
        api_key: KEY.into(),
        max_retries: Some(1),
        ..ClientOptions::default()
    };
    let c = Client::with_transport(Scripted::new(vec![busy(), busy(), busy()]), options).unwrap();
    let params = GetWorkflowByIdParams {
        workflow_id: "w".into(),
        workflow_version: 3,
    };
    let e = block_on(c.get_workflow_by_id(params)).unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!(
        c.inner.transport.sent.borrow().len(),
        2,
        "one retry, as the options say"
    );
}

/// Catches a success whose request id or headers are lost, or that carry a key the server
/// echoed.
#[test]
fn with_response_gives_the_request_id_and_headers_of_a_success() {
    let schema = json!({"message": "success", "item": {"workflow_id": "w", "workflow_version": 3,
        "workflow_mock_payload": {}, "workflow_schema": {}, "created_by": null, "modified_by": null,
        "created_on": 1, "modified_on": 2}});
    let headers = vec![
        ("x-amzn-requestid".into(), "req-9".into()),
        ("x-echo".into(), format!("key {KEY}")),
    ];
    let script = vec![Ok(Received::new(200, headers, schema.to_string()))];
    let c = Client::scripted(Scripted::new(script), POLICY, KEY);
    let params = GetWorkflowSchemaByIdParams {
        workflow_id: "w".into(),
        workflow_version: 3,
    };
    let r = block_on(c.get_workflow_schema_by_id_with_response(params)).unwrap();
    assert_eq!(r.data.item.workflow_version, 3);
    assert_eq!(r.request_id.as_deref(), Some("req-9"));
    assert!(
        r.headers.contains(&("x-echo".into(), "key ***".into())),
        "{:?}",
        r.headers
    );
}

/// Catches a walk's own headers (`Walk { options, .. }`) left off a page's request, sent on
/// the first page only, or sent twice.
#[test]
fn a_walks_headers_go_with_each_pages_request() {
    let c = client(vec![page(&["e1"], Some("e1")), page(&["e2"], None)]);
    let walk = Walk {
        options: RequestOptions {
            headers: vec![("x-trace".into(), "t-1".into())],
            ..RequestOptions::default()
        },
        ..Walk::default()
    };
    let items = c
        .paginate_organization_executions(GetOrganizationExecutionsParams::default(), walk)
        .unwrap();
    assert_eq!(block_on(items.to_vec()).unwrap().len(), 2);
    let sent = c.inner.transport.sent.borrow();
    assert_eq!(sent.len(), 2);
    for r in sent.iter() {
        let traces: Vec<_> = r.headers.iter().filter(|(n, _)| n == "x-trace").collect();
        assert_eq!(
            traces,
            [&("x-trace".to_owned(), "t-1".to_owned())],
            "{}",
            r.path
        );
    }
}
