//! `looply_sdk::Client` (the `client` feature) in WebAssembly, in Node and in headless
//! Chromium, against the repository's local server over real HTTP: every endpoint, the
//! error variants, retries, the no-duplicate-trigger rule, timeouts, cancellation by drop
//! and full paginator walks. The server's URL is compiled in from `LOOPLY_TEST_BASE_URL`.
//!
//! Run: `make test-client-wasm` (starts the server, runs Node then Chromium).
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use gloo_net::http::Request;
use gloo_timers::future::TimeoutFuture;
use looply_sdk::client::*;
use serde_json::{json, Value};
use std::future::Future;
use std::pin::pin;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

const BIG: &str = "03749c72-c6a6-4bc8-9aea-d81b9130e24a";
const SCHEDULED: &str = "2825a10c-3952-4b84-9c53-cc01c149d7ef";

fn base_url() -> &'static str {
    match option_env!("LOOPLY_TEST_BASE_URL") {
        Some(url) => url,
        None => panic!(
            "LOOPLY_TEST_BASE_URL is not set at compile time: run `make test-client-wasm`, \
             which starts the local server and passes its baseUrl"
        ),
    }
}

fn control(path: &str) -> String {
    format!("{}/__control/{path}", base_url().trim_end_matches("/v1"))
}

/// Clears the server's queued faults and request log.
async fn reset() {
    let r = Request::post(&control("reset")).send().await.unwrap();
    assert_eq!(r.status(), 200);
}

/// Queues one fault (see server/README.md, "Faults").
async fn fault(f: Value) {
    let r = Request::post(&control("faults"))
        .header("content-type", "application/json")
        .body(f.to_string())
        .unwrap()
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "fault refused: {f}");
}

/// How many API requests the server received whose path contains `part`.
async fn received(part: &str) -> usize {
    let r = Request::get(&control("requests")).send().await.unwrap();
    let all: Vec<Value> = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    all.iter()
        .filter(|q| q["path"].as_str().is_some_and(|p| p.contains(part)))
        .count()
}

fn client_with(max_retries: u32, timeout_ms: u64) -> Client {
    Client::new(ClientOptions {
        api_key: "looply-demo-key".into(),
        base_url: Some(base_url().into()),
        timeout: Some(Duration::from_millis(timeout_ms)),
        max_retries: Some(max_retries),
        default_headers: vec![("x-test".into(), "client_wasm".into())],
    })
    .unwrap()
}

fn client() -> Client {
    client_with(2, 10_000)
}

fn big(version: u64) -> GetWorkflowByIdParams {
    GetWorkflowByIdParams {
        workflow_id: BIG.into(),
        workflow_version: version,
    }
}

/// Polls `fut` for `ms` milliseconds, then drops it unfinished (it must still be pending).
async fn drop_after(ms: u32, fut: impl Future) {
    let mut fut = pin!(fut);
    let mut timer = pin!(TimeoutFuture::new(ms));
    std::future::poll_fn(|cx| {
        assert!(
            fut.as_mut().poll(cx).is_pending(),
            "finished before being dropped"
        );
        timer.as_mut().poll(cx)
    })
    .await;
}

/// Triggers the big workflow (it has an approval step) and waits until it waits for one.
async fn waiting_execution(c: &Client) -> String {
    let started = c
        .trigger_workflow(TriggerWorkflowParams {
            workflow_id: BIG.into(),
            workflow_version: Some(3),
            payload: Some(json!({"order": 42}).as_object().cloned().unwrap()),
        })
        .await
        .unwrap();
    let id = started.looply_execution_id;
    for _ in 0..100 {
        let e = c
            .get_workflow_execution_by_id(GetWorkflowExecutionByIdParams {
                workflow_id: BIG.into(),
                workflow_execution_id: id.clone(),
            })
            .await
            .unwrap();
        if e.item.workflow_current_state == "wait_for_response_state" {
            assert_eq!(e.item.workflow_input_payload["order"], 42);
            return id;
        }
        TimeoutFuture::new(50).await;
    }
    panic!("execution {id} never waited for a response");
}

/// Catches a method that reaches the wrong endpoint or cannot decode its real answer.
#[wasm_bindgen_test]
async fn every_endpoint_answers_with_its_type() {
    reset().await;
    let c = client();
    let id = waiting_execution(&c).await;
    let mut payload = serde_json::Map::new();
    payload.insert("source".into(), "TEAMS".into());
    let resumed = c
        .resume_workflow(ResumeWorkflowParams {
            process_id: id,
            payload: Some(payload),
        })
        .await
        .unwrap();
    assert_eq!(resumed["message"], "success");
    let id = waiting_execution(&c).await;
    let action = RunWorkflowActionParams {
        action: "resumeworkflow".into(),
        process_id: id,
        payload: None,
    };
    c.run_workflow_action(action).await.unwrap();
    for (action, status) in [
        (ScheduleAction::Pause, "PAUSED"),
        (ScheduleAction::Play, "ACTIVE"),
    ] {
        let toggled = c
            .toggle_scheduled_workflow(ToggleScheduledWorkflowParams {
                workflow_id: SCHEDULED.into(),
                workflow_version: 2,
                action,
            })
            .await
            .unwrap();
        assert_eq!(toggled.status, status);
    }
    let w = c.get_workflow_by_id(big(3)).await.unwrap();
    assert_eq!(
        (w.item.workflow_name.as_str(), w.item.workflow_version),
        ("Invoice Approval", 3)
    );
    let s = c.get_workflow_schema_by_id(big(3)).await.unwrap();
    assert_eq!(s.item.workflow_id, BIG);
    let history = GetWorkflowExecutionHistoryParams {
        workflow_id: BIG.into(),
        limit: Some(5),
        workflow_execution_id: None,
    };
    let page = c.get_workflow_execution_history(history).await.unwrap();
    assert_eq!(page.items.len(), 5);
    assert!(page.items.iter().all(|e| e.workflow_id == BIG));
    let org = GetOrganizationExecutionsParams {
        limit: Some(4),
        ..Default::default()
    };
    assert_eq!(
        c.get_organization_executions(org)
            .await
            .unwrap()
            .items
            .len(),
        4
    );
    let page = c
        .get_organization_workflows(GetOrganizationWorkflowsParams::default())
        .await
        .unwrap();
    assert_eq!(page.items.len(), 20);
    assert!(page.last_key.is_some());
}

/// Catches API errors without their status, message, request id or body, and statuses
/// mapped to the wrong class.
#[wasm_bindgen_test]
async fn api_errors_carry_status_message_request_id_and_body() {
    reset().await;
    let wrong_key = Client::new(ClientOptions {
        api_key: "wrong".into(),
        base_url: Some(base_url().into()),
        ..ClientOptions::default()
    })
    .unwrap();
    let e = wrong_key.get_workflow_by_id(big(3)).await.unwrap_err();
    assert_eq!(e.class_name(), "PermissionDeniedError");
    match &e {
        Error::Api {
            status,
            message,
            request_id,
            body,
            headers,
        } => {
            assert_eq!(*status, 403);
            // The server's words, then what to check (never the key itself).
            assert_eq!(message, "Forbidden (the API refused the key: check apiKey)");
            assert!(request_id.as_deref().is_some_and(|id| !id.is_empty()));
            assert_eq!(body["message"], "Forbidden");
            let named = |n: &str| headers.iter().any(|(k, _)| k == n);
            assert!(named("content-type"), "{headers:?}");
        }
        other => panic!("{other:?}"),
    }
    let e = client().get_workflow_by_id(big(99)).await.unwrap_err();
    assert_eq!((e.class_name(), e.status()), ("NotFoundError", Some(404)));
    // As an app's `#[wasm_bindgen]` function returns it with `?`: a JavaScript `Error` named
    // after the class, with the status and the request id.
    let request_id = e.request_id().map(str::to_owned);
    let js = wasm_bindgen::JsValue::from(e);
    assert!(js.is_instance_of::<js_sys::Error>());
    let field = |k: &str| js_sys::Reflect::get(&js, &k.into()).unwrap_or_default();
    assert_eq!(field("name").as_string().as_deref(), Some("NotFoundError"));
    assert_eq!(field("status").as_f64(), Some(404.0));
    assert!(request_id.as_deref().is_some_and(|id| !id.is_empty()));
    assert_eq!(field("requestId").as_string(), request_id);
    let e = client()
        .run_workflow_action(RunWorkflowActionParams {
            action: "approveworkflow".into(),
            process_id: "nope".into(),
            payload: None,
        })
        .await
        .unwrap_err();
    assert_eq!(e.class_name(), "BadRequestError");
}

/// Catches validation that a typed parameter skips, or a request sent despite it.
#[wasm_bindgen_test]
async fn validation_errors_name_the_parameter_and_send_nothing() {
    reset().await;
    let e = client()
        .get_workflow_by_id(GetWorkflowByIdParams {
            workflow_id: BIG.into(),
            workflow_version: 0,
        })
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Validation { ref param, .. } if param == "workflow_version"));
    let e = Client::new(ClientOptions::default()).unwrap_err();
    assert!(matches!(e, Error::Validation { ref param, .. } if param == "api_key"));
    assert_eq!(received("/workflows/").await, 0);
}

/// Catches a non-JSON 2xx passed off as success, and a dropped connection not reported
/// as a connection error.
#[wasm_bindgen_test]
async fn decode_and_connection_errors() {
    reset().await;
    fault(json!({"status": 200, "rawBody": "not json", "match": "getWorkflowById"})).await;
    let e = client().get_workflow_by_id(big(3)).await.unwrap_err();
    match e {
        Error::Decode { status, body, .. } => {
            assert_eq!((status, body.as_str()), (200, "not json"))
        }
        other => panic!("{other:?}"),
    }
    // Several drops: Chromium itself resends a GET once when a reused connection drops.
    fault(json!({"drop": true, "times": 3, "match": "getWorkflowById"})).await;
    let e = client_with(0, 10_000)
        .get_workflow_by_id(big(3))
        .await
        .unwrap_err();
    assert_eq!(e.class_name(), "APIConnectionError", "{e}");
    // In the host's words: `TypeError: fetch failed` (Node), `TypeError: Failed to fetch`
    // (Chromium).
    assert!(e.message().contains("TypeError: "), "{e}");
    reset().await;
}

/// Catches `Retry-After` ignored (a retry after 0.5 s of backoff instead of 1 s), or a
/// 429 not retried.
#[wasm_bindgen_test]
async fn a_429_is_retried_after_its_retry_after() {
    reset().await;
    fault(json!({"status": 429, "headers": {"retry-after": "1"}, "match": "getWorkflowById"}))
        .await;
    let start = js_sys::Date::now();
    client().get_workflow_by_id(big(3)).await.unwrap();
    let waited = js_sys::Date::now() - start;
    assert!(waited >= 950.0, "retried after {waited} ms");
    assert_eq!(received("getWorkflowById").await, 2);
}

/// Catches a trigger retried on a 500 (the workflow could run twice).
#[wasm_bindgen_test]
async fn a_trigger_hit_by_a_500_reaches_the_server_once() {
    reset().await;
    fault(json!({"status": 500, "times": 1, "match": "triggerworkflow"})).await;
    let e = client()
        .trigger_workflow(TriggerWorkflowParams {
            workflow_id: BIG.into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        (e.class_name(), e.status()),
        ("InternalServerError", Some(500))
    );
    TimeoutFuture::new(700).await; // longer than the first backoff
    assert_eq!(received("triggerworkflow").await, 1);
}

/// Catches a timeout that does not fire, or fires as a connection error.
#[wasm_bindgen_test]
async fn an_attempt_over_its_timeout_is_a_timeout_error() {
    reset().await;
    fault(json!({"delayMs": 2000, "match": "getWorkflowById"})).await;
    let start = js_sys::Date::now();
    let e = client_with(0, 300)
        .get_workflow_by_id(big(3))
        .await
        .unwrap_err();
    assert_eq!(e.class_name(), "APITimeoutError", "{e}");
    assert!(e.to_string().contains("300 ms"), "{e}");
    assert!(js_sys::Date::now() - start < 1500.0);
}

/// Catches per-call options that do not reach `fetch`: a call's header (over the client's
/// default one of the same name) and its timeout (shorter than the client's).
#[wasm_bindgen_test]
async fn a_calls_own_header_and_timeout_reach_the_request() {
    reset().await;
    let c = client();
    c.get_workflow_by_id(big(3))
        .header("x-test", "per-call")
        .header("x-trace", "on")
        .await
        .unwrap();
    let r = Request::get(&control("requests")).send().await.unwrap();
    let all: Vec<Value> = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    let headers = &all.last().unwrap()["headers"];
    assert_eq!(headers["x-test"], "per-call", "{headers}");
    assert_eq!(headers["x-trace"], "on", "{headers}");
    // The key is still sent (the server's log redacts it).
    assert_eq!(headers["x-api-key"], "<redacted>");

    fault(json!({"delayMs": 2000, "match": "getWorkflowById"})).await;
    let e = c
        .get_workflow_by_id(big(3))
        .timeout(Duration::from_millis(300))
        .max_retries(0)
        .await
        .unwrap_err();
    assert_eq!(e.class_name(), "APITimeoutError", "{e}");
    assert!(e.to_string().contains("300 ms"), "{e}");
}

/// Catches a dropped call that goes on retrying in the background.
#[wasm_bindgen_test]
async fn dropping_a_call_while_it_waits_to_retry_sends_nothing_more() {
    reset().await;
    fault(json!({"status": 503, "headers": {"retry-after": "1"}, "match": "getWorkflowById"}))
        .await;
    let c = client();
    drop_after(300, c.get_workflow_by_id(big(3))).await;
    TimeoutFuture::new(1300).await;
    assert_eq!(received("getWorkflowById").await, 1);
}

/// Catches an AbortController guard that does not abort the fetch in flight on drop.
#[wasm_bindgen_test]
async fn dropping_a_call_in_flight_aborts_its_fetch() {
    reset().await;
    fault(json!({"delayMs": 3000, "match": "getWorkflowById"})).await;
    let wrap = js_sys::Function::new_no_args(
        "const f = globalThis.fetch; globalThis.__looplyFetch = f; globalThis.__signals = [];\
         globalThis.fetch = (input, init) => { globalThis.__signals.push(init?.signal ?? input.signal); return f(input, init); };",
    );
    wrap.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    drop_after(300, client().get_workflow_by_id(big(3))).await;
    let aborted = js_sys::Function::new_no_args(
        "globalThis.fetch = globalThis.__looplyFetch; \
         return JSON.stringify(globalThis.__signals.map((s) => s.aborted));",
    );
    let aborted = aborted.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    assert_eq!(aborted.as_string().unwrap(), "[true]");
}

/// Catches a walk that stops after one page, repeats a page, or ignores `limit`.
#[wasm_bindgen_test]
async fn a_full_walk_of_the_organizations_workflows() {
    reset().await;
    let params = GetOrganizationWorkflowsParams {
        limit: Some(7),
        ..Default::default()
    };
    let all = client()
        .paginate_organization_workflows(params, Walk::default())
        .unwrap()
        .to_vec()
        .await
        .unwrap();
    assert_eq!(all.len(), 30);
    let mut keys: Vec<_> = all
        .iter()
        .map(|w| (w.workflow_id.clone(), w.workflow_version.unwrap_or(0)))
        .collect();
    keys.dedup();
    assert_eq!(keys.len(), 30, "a page repeated");
    assert_eq!(received("getOrganizationWorkflows").await, 5);
}

/// Catches a stored cursor that does not resume where the walk stopped.
#[wasm_bindgen_test]
async fn a_walk_resumes_from_a_stored_last_key() {
    reset().await;
    let c = client();
    let params = GetOrganizationExecutionsParams {
        limit: Some(10),
        ..Default::default()
    };
    let walk = |max, key| Walk {
        last_key: key,
        max_items: Some(max),
        ..Walk::default()
    };
    let straight = c
        .paginate_organization_executions(params.clone(), walk(40, None))
        .unwrap()
        .to_vec()
        .await
        .unwrap();
    let mut first = c
        .paginate_organization_executions(params.clone(), walk(25, None))
        .unwrap();
    let mut ids = Vec::new();
    while let Some(e) = first.next_item().await {
        ids.push(e.unwrap().workflow_execution_id);
    }
    let key = first.last_key().cloned();
    assert!(key.is_some());
    let mut pages = c
        .paginate_organization_executions(params, walk(15, key))
        .unwrap()
        .pages();
    while let Some(page) = pages.next_page().await {
        ids.extend(
            page.unwrap()
                .items
                .into_iter()
                .map(|e| e.workflow_execution_id),
        );
    }
    let want: Vec<_> = straight
        .into_iter()
        .map(|e| e.workflow_execution_id)
        .collect();
    assert_eq!(ids, want);
}

/// Whether `fetch` here shows a redirect it was told not to follow (Node's does; a
/// browser's answers `opaqueredirect`, status 0, and hides the status and `Location`).
fn sees_redirects() -> bool {
    let node = js_sys::Function::new_no_args(
        "return typeof process !== 'undefined' && !!(process.versions && process.versions.node);",
    );
    node.call0(&wasm_bindgen::JsValue::NULL)
        .unwrap()
        .is_truthy()
}

/// The server's second origin (started on first use): its URL and how many requests it got.
async fn other_origin(start: bool) -> (String, u64) {
    let r = match start {
        true => Request::post(&control("other-origin")).send().await,
        false => Request::get(&control("other-origin")).send().await,
    };
    let state: Value = serde_json::from_str(&r.unwrap().text().await.unwrap()).unwrap();
    let url = state["url"].as_str().unwrap_or_default().to_owned();
    (url, state["count"].as_u64().unwrap())
}

/// An unfollowed redirect: the status and target the core reports where `fetch` shows
/// them, else the hidden-redirect error (status 0).
fn assert_unfollowed(e: &Error, status: u16, target: &str) {
    let Error::Api {
        status: got,
        message,
        ..
    } = e
    else {
        panic!("{e:?}")
    };
    if sees_redirects() {
        assert_eq!(*got, status, "{message}");
        let named = format!("answered {status} with a redirect to {target}");
        assert!(message.contains(&named), "{message}");
    } else {
        assert_eq!(*got, 0, "{message}");
        assert!(message.contains("hides"), "{message}");
    }
}

/// Catches `fetch` left to follow redirects (the key, and a trigger's body, would reach the
/// other origin), a redirect of a POST followed even within its origin (a second trigger),
/// or an unfollowed redirect reported without its status and target or retried.
#[wasm_bindgen_test]
async fn a_redirect_to_another_origin_is_not_followed() {
    reset().await;
    let (other, _) = other_origin(true).await;
    let elsewhere = format!("{other}/v1/workflows/getWorkflowById?workflow_id={BIG}");
    fault(json!({"status": 302, "headers": {"location": elsewhere}, "match": "getWorkflowById"}))
        .await;
    let e = client().get_workflow_by_id(big(3)).await.unwrap_err();
    assert_unfollowed(&e, 302, &other);
    assert_eq!(received("getWorkflowById").await, 1, "not retried");
    let trigger = || TriggerWorkflowParams {
        workflow_id: BIG.into(),
        payload: Some(json!({"order": 42}).as_object().cloned().unwrap()),
        ..Default::default()
    };
    let moved = format!("{other}/v1/workflows/triggerworkflow/{BIG}");
    fault(json!({"status": 307, "headers": {"location": moved}, "match": "triggerworkflow"})).await;
    let e = client().trigger_workflow(trigger()).await.unwrap_err();
    assert_unfollowed(&e, 307, &other);
    let home = format!("{}/workflows/triggerworkflow/{BIG}", base_url());
    fault(json!({"status": 307, "headers": {"location": home}, "match": "triggerworkflow"})).await;
    let e = client().trigger_workflow(trigger()).await.unwrap_err();
    assert_unfollowed(&e, 307, base_url().trim_end_matches("/v1"));
    assert_eq!(
        received("triggerworkflow").await,
        2,
        "a POST's redirect was followed"
    );
    assert_eq!(
        other_origin(false).await,
        (other, 0),
        "the other origin was reached"
    );
}

/// Catches a read's redirect within its origin not followed (or followed without the key:
/// the server would answer 403), a relative `Location` resolved against the wrong URL, or
/// a redirect loop followed more than five times.
#[wasm_bindgen_test]
async fn a_reads_redirect_within_its_origin_is_followed_at_most_five_times() {
    reset().await;
    let query = format!("workflow_id={BIG}&workflow_version=3");
    let absolute = format!("{}/workflows/getWorkflowById?{query}", base_url());
    let relative = format!("getWorkflowById?{query}");
    fault(json!([
        {"status": 301, "headers": {"location": absolute}, "match": "getWorkflowById"},
        {"status": 307, "headers": {"location": relative}, "match": "getWorkflowById"},
    ]))
    .await;
    let got = client().get_workflow_by_id(big(3)).await;
    if !sees_redirects() {
        assert_unfollowed(&got.unwrap_err(), 301, "");
        reset().await; // the 307 was not reached: no later test may meet it
        return;
    }
    assert_eq!(got.unwrap().item.workflow_name, "Invoice Approval");
    assert_eq!(received("getWorkflowById").await, 3);
    reset().await;
    fault(json!({"status": 302, "headers": {"location": relative}, "match": "getWorkflowById", "times": 6}))
        .await;
    let e = client().get_workflow_by_id(big(3)).await.unwrap_err();
    assert_unfollowed(&e, 302, "a path of the same origin");
    assert_eq!(
        received("getWorkflowById").await,
        6,
        "one request, five redirects"
    );
}

/// Catches an API key that a server echoes (body, nested body keys, request id, headers)
/// reaching the error's `Display`, `Debug` or headers.
#[wasm_bindgen_test]
async fn a_key_the_server_echoes_is_in_no_error() {
    reset().await;
    fault(json!({"echoKey": true, "match": "getWorkflowById"})).await;
    let e = client().get_workflow_by_id(big(3)).await.unwrap_err();
    assert_eq!(e.status(), Some(403));
    let (shown, debug) = (format!("{e}"), format!("{e:?}"));
    for text in [&shown, &debug] {
        assert!(!text.contains("looply-demo-key"), "{text}");
    }
    assert_eq!(
        shown,
        "PermissionDeniedError (403): Forbidden: key *** is not valid [request id req-***]"
    );
    match e {
        Error::Api {
            request_id,
            body,
            headers,
            ..
        } => {
            assert_eq!(request_id.as_deref(), Some("req-***"));
            assert_eq!(body["detail"], json!({"***": ["***"]}));
            assert!(!format!("{headers:?}").contains("looply-demo-key"));
        }
        other => panic!("{other:?}"),
    }
}

/// Catches a body refused by its declared length only (a gzip bomb declares its 1 MB on the
/// wire), or read whole before it is measured (it inflates to 1 GiB: seconds and a gigabyte,
/// where stopping at 32 MiB takes well under one), a too-large body retried, or a client
/// left unusable after it.
#[wasm_bindgen_test]
async fn a_gzip_bomb_is_cut_off_at_32_mib_and_the_client_still_works() {
    reset().await;
    // 31 gzip members of 33 MiB each (server/faults.mjs).
    fault(json!({"gzipBomb": 31, "match": "getWorkflowById"})).await;
    let c = client();
    let start = js_sys::Date::now();
    let e = c.get_workflow_by_id(big(3)).await.unwrap_err();
    let took = js_sys::Date::now() - start;
    match &e {
        Error::Decode { message, body, .. } => {
            assert!(message.contains("32 MiB"), "{message}");
            assert!(body.is_empty());
        }
        other => panic!("{other:?}"),
    }
    assert!(took < 2000.0, "the bomb took {took} ms");
    assert_eq!(received("getWorkflowById").await, 1, "retried");
    let w = c.get_workflow_by_id(big(3)).await.unwrap();
    assert_eq!(w.item.workflow_version, 3);
}

/// Catches a body decoded chunk by chunk without `{ stream: true }` (a character cut between
/// two chunks would read as two U+FFFD), or otherwise than `response.text()` (and so the npm
/// package) reads it: a leading byte order mark kept, before which the JSON does not parse.
#[wasm_bindgen_test]
async fn a_body_is_read_as_the_host_reads_text() {
    reset().await;
    // 600 KB of 3-byte characters: the host's chunks (of a power of two bytes, or of the
    // network's sizes) end inside some of them.
    let id = "\u{20ac}".repeat(200_000);
    let body = format!("\u{feff}{{\"message\":\"success\",\"looply_execution_id\":\"{id}\"}}");
    let text = "application/json";
    fault(json!({"status": 200, "rawBody": body, "contentType": text, "match": "triggerworkflow"}))
        .await;
    let params = TriggerWorkflowParams {
        workflow_id: BIG.into(),
        ..TriggerWorkflowParams::default()
    };
    let started = client().trigger_workflow(params).await.unwrap();
    assert!(
        started.looply_execution_id == id,
        "the text was not read whole and as sent"
    );
}

/// Catches the declared length not read (a header looked up by the wrong name): a body that
/// says it is over 32 MiB is refused before it is read, not read until the socket is cut.
#[wasm_bindgen_test]
async fn a_body_declared_over_32_mib_is_refused_before_it_is_read() {
    reset().await;
    fault(json!({"declaredLength": 40_000_000, "match": "getWorkflowById"})).await;
    let e = client_with(0, 10_000)
        .get_workflow_by_id(big(3))
        .await
        .unwrap_err();
    match &e {
        Error::Decode {
            message, status, ..
        } => {
            assert!(message.contains("32 MiB"), "{message}");
            assert_eq!(*status, 200);
        }
        other => panic!("{other:?}"),
    }
}

/// Catches the cap counted one byte early (a body of exactly 32 MiB refused) or not at all
/// (one byte more read whole), for a body sent without a length, so counted as it is read.
#[wasm_bindgen_test]
async fn a_body_of_exactly_32_mib_is_read_and_one_byte_more_is_not() {
    const CAP: usize = 32 * 1024 * 1024;
    reset().await;
    fault(json!({"bodyBytes": CAP, "match": "getWorkflowById"})).await;
    // `{}` and spaces: JSON, but not a workflow, so the error keeps the body it read.
    match client_with(0, 10_000).get_workflow_by_id(big(3)).await {
        Err(Error::Decode { message, body, .. }) => {
            assert!(!message.contains("32 MiB"), "{message}");
            assert_eq!(body.len(), CAP);
        }
        other => panic!("{other:?}"),
    }
    fault(json!({"bodyBytes": CAP + 1, "match": "getWorkflowById"})).await;
    match client_with(0, 10_000).get_workflow_by_id(big(3)).await {
        Err(Error::Decode { message, body, .. }) => {
            assert!(message.contains("32 MiB"), "{message}");
            assert!(body.is_empty());
        }
        other => panic!("{other:?}"),
    }
}

/// Catches the host's words about a body cut off mid-way lost from the connection error
/// (Node says `terminated`, Chromium `network error`).
#[wasm_bindgen_test]
async fn a_body_cut_off_mid_way_is_a_connection_error_in_the_hosts_words() {
    reset().await;
    fault(json!({"truncate": true, "match": "getWorkflowById"})).await;
    let e = client_with(0, 10_000)
        .get_workflow_by_id(big(3))
        .await
        .unwrap_err();
    let message = e.to_string();
    assert_eq!(e.class_name(), "APIConnectionError", "{message}");
    assert!(
        ["terminated", "network error"]
            .iter()
            .any(|w| message.contains(w)),
        "{message}"
    );
}

/// Catches the client's clock lost (`Retry-After` as an HTTP date measured from another
/// moment than now: a wait of a minute, or none).
#[wasm_bindgen_test]
async fn a_retry_after_date_is_waited_for_from_now() {
    reset().await;
    let at = js_sys::Date::new(&(js_sys::Date::now() + 2000.0).into());
    let date = String::from(at.to_utc_string());
    fault(json!({"status": 429, "headers": {"retry-after": date}, "match": "getWorkflowById"}))
        .await;
    let start = js_sys::Date::now();
    client_with(1, 10_000)
        .get_workflow_by_id(big(3))
        .await
        .unwrap();
    let waited = js_sys::Date::now() - start;
    // The date has whole seconds: 1 to 2 s from now.
    assert!(
        (900.0..5000.0).contains(&waited),
        "retried after {waited} ms"
    );
    assert_eq!(received("getWorkflowById").await, 2);
}

/// Catches a waiter that stops before the execution settles, or polls another execution
/// than the one it triggered (the server moves executions on every 50 ms).
#[wasm_bindgen_test]
async fn trigger_and_wait_follows_the_execution_until_it_settles() {
    reset().await;
    let params = TriggerWorkflowParams {
        workflow_id: BIG.into(),
        ..TriggerWorkflowParams::default()
    };
    let options = WaitOptions {
        poll_interval: Duration::from_millis(20),
        timeout: Duration::from_secs(20),
        ..WaitOptions::default()
    };
    let (started, execution) = client()
        .trigger_workflow_and_wait(params, options)
        .await
        .unwrap();
    assert_eq!(execution.workflow_execution_id, started.looply_execution_id);
    let settled = looply_sdk::executions::SETTLED_STATES;
    assert!(settled.contains(&execution.workflow_current_state.as_str()));
}

/// Catches a poll that outlasts the wait's deadline (a slow answer, or its retries).
#[wasm_bindgen_test]
async fn a_poll_in_flight_at_the_deadline_ends_the_wait_on_time() {
    reset().await;
    fault(json!({"delayMs": 3000, "match": "getWorkflowExecutionById", "times": 5})).await;
    let ids = GetWorkflowExecutionByIdParams {
        workflow_id: BIG.into(),
        workflow_execution_id: "anything".into(),
    };
    let options = WaitOptions {
        timeout: Duration::from_millis(300),
        ..WaitOptions::default()
    };
    let start = js_sys::Date::now();
    let e = client().wait_for_execution(ids, options).await.unwrap_err();
    assert_eq!(e.class_name(), "WaitTimeoutError", "{e}");
    assert!(js_sys::Date::now() - start < 1500.0);
}

/// The body of the last API request whose path contains `part`, as it was sent.
async fn last_body(part: &str) -> String {
    let r = Request::get(&control("requests")).send().await.unwrap();
    let all: Vec<Value> = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    let sent = all
        .iter()
        .rev()
        .find(|q| q["path"].as_str().is_some_and(|p| p.contains(part)));
    let body = sent.and_then(|q| q["body"].as_str());
    body.unwrap_or_default().to_owned()
}

/// Catches the host's `JSON.parse` read otherwise than serde_json reads JSON (an integer
/// read as a float would not decode as a version; text that is not JSON read as some),
/// a nesting past the limit walked (a hostile body could exhaust the wasm's stack), and a
/// payload written otherwise (an integer past 2^53 rounded, an escape lost).
#[wasm_bindgen_test]
async fn json_is_read_by_the_host_and_payloads_are_written_digit_for_digit() {
    let read = |text: &str| Received::new(200, vec![], text.into()).json;
    assert_eq!(
        read(r#"{"v":3,"n":-4,"f":1.5,"s":"é\n","a":[true,null],"o":{}}"#),
        Some(json!({"v": 3, "n": -4, "f": 1.5, "s": "é\n", "a": [true, null], "o": {}}))
    );
    assert!(read(r#"{"v":3}"#).unwrap()["v"].is_u64());
    for bad in ["", "not json", "{", "[1,]", "{'a':1}"] {
        assert_eq!(read(bad), None, "{bad}");
    }
    let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert!(read(&nested(127)).is_some());
    assert_eq!(read(&nested(128)), None);
    assert_eq!(read(&nested(100_000)), None);
    let objects = |depth: usize| format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
    assert!(read(&objects(127)).is_some());
    assert_eq!(read(&objects(128)), None);

    reset().await;
    let c = client();
    let id = waiting_execution(&c).await;
    let payload = json!({"big": 9_007_199_254_740_993_u64, "f": 0.1, "q": "a\"\\\u{1}"});
    c.resume_workflow(ResumeWorkflowParams {
        process_id: id,
        payload: payload.as_object().cloned(),
    })
    .await
    .unwrap();
    assert_eq!(
        last_body("resumeworkflow").await,
        r#"{"big":9007199254740993,"f":0.1,"q":"a\"\\\u0001"}"#
    );
}
