//! The boundary, tested in Node and in headless Chromium with wasm-bindgen-test: values
//! cross it intact and every failure arrives as the right error descriptor.
//!
//! Run: `cargo test --target wasm32-unknown-unknown --features npm --test wasm_boundary`
//! (Chromium: add `WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver`).
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::missing_docs_in_private_items,
    missing_docs
)]

use js_sys::{Function, Object, Reflect};
use looply_sdk::wasm::LooplyClient;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

// What the package entry sends a call's attempts with, and waits with between them.
#[wasm_bindgen(module = "/pkg-template/src/transport.js")]
extern "C" {
    /// One attempt, which settles the promise whose resolving functions it is given (a
    /// call's race in instance.js).
    #[wasm_bindgen(js_name = sendOnce)]
    fn send_once_settling(request: &JsValue, settle: &Function, fail: &Function);
    fn sleep(ms: u32, signal: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = recordStatus)]
    fn record_status(record: &JsValue) -> f64;
    #[wasm_bindgen(js_name = recordOutcome)]
    fn record_outcome(record: &JsValue) -> u32;
    #[wasm_bindgen(js_name = recordJson)]
    fn record_json(record: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = recordKind)]
    fn record_kind(record: &JsValue, check: &JsValue) -> u32;
}

/// `client.settle` of an attempt's record of `request` as the entry passes it (instance.js
/// `settle`): its status, outcome, parsed body and the body's kind (with the kind of the field
/// the request's `check` names) beside it.
fn settle_record(
    client: &LooplyClient,
    request: &JsValue,
    record: JsValue,
) -> Result<JsValue, JsValue> {
    let (status, outcome, json, kind) = end(&record, &get(request, "check"));
    client.settle(call_of(request), record, status, outcome, json, kind)
}

/// What the entry passes beside an attempt's record: its status, outcome, parsed body and
/// the body's kind (with the kind of its field `check`, unless that is `undefined`).
fn end(record: &JsValue, check: &JsValue) -> (f64, u32, JsValue, u32) {
    (
        record_status(record),
        record_outcome(record),
        record_json(record),
        record_kind(record, check),
    )
}

/// One attempt of `request` as a promise of its record, as the entry's race awaits it.
fn send_once(request: &JsValue) -> js_sys::Promise {
    js_sys::Promise::new(&mut |settle, fail| send_once_settling(request, &settle, &fail))
}
use wasm_bindgen_test::wasm_bindgen_test;

/// A `fetch` that records its calls in `globalThis.__calls` and answers `status` / `body`.
fn fake_fetch(status: u16, body: &str, headers: &str) -> Function {
    let src = format!(
        "globalThis.__calls = []; return (url, init) => {{ \
           globalThis.__calls.push({{ url, method: init.method, body: init.body, \
             key: init.headers.get('x-api-key'), ct: init.headers.get('content-type') }}); \
           return Promise.resolve(new Response({body:?}, {{ status: {status}, headers: {headers} }})); }};"
    );
    Function::new_no_args(&src)
        .call0(&JsValue::NULL)
        .unwrap()
        .unchecked_into()
}

fn options(fetch: &Function) -> JsValue {
    let o = Object::new();
    let set = |k: &str, v: &JsValue| Reflect::set(&o, &k.into(), v).unwrap();
    set("apiKey", &"k-boundary".into());
    set("baseUrl", &"http://looply.test/v1".into());
    set("maxRetries", &0.into());
    set("fetch", fetch);
    set("dangerouslyAllowBrowser", &true.into());
    o.into()
}

fn parse(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.')
        .fold(v.clone(), |acc, k| Reflect::get(&acc, &k.into()).unwrap())
}

/// The index of the endpoint `name` (what the package entry passes to `__call`), found by
/// its path's name (the npm build's endpoints carry no `name`: nothing in its wasm reads it).
fn index(name: &str) -> u32 {
    looply_sdk::api::all()
        .position(|e| {
            e.path
                .split('/')
                .nth(2)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
        .unwrap_or(usize::MAX) as u32
}

fn calls() -> JsValue {
    get(&js_sys::global(), "__calls")
}

/// A request record's call number (`__call` answers `{ call, url, body, route }`).
fn call_of(request: &JsValue) -> u32 {
    get(request, "call").as_f64().unwrap() as u32
}

/// Drives a call the way the package entry does: attempt, wait, retry; the core forgets the
/// call when it succeeds, and `__forget` after that changes nothing.
async fn settle(
    client: &LooplyClient,
    start: Result<JsValue, JsValue>,
) -> Result<JsValue, JsValue> {
    let request = start?;
    let call = call_of(&request);
    let result = async {
        loop {
            let record = JsFuture::from(send_once(&request)).await?;
            let next = settle_record(client, &request, record)?;
            match next.as_f64() {
                Some(ms) => {
                    JsFuture::from(sleep(ms as u32, &get(&request, "route.signal"))).await?;
                }
                None => return Ok(next),
            }
        }
    }
    .await;
    client.forget(call);
    result
}

const ITEM: &str = r#"{"message":"success","item":{"workflow_id":"w/1","workflow_version":2,
  "workflow_name":"Ünïcode ✓ 🚀","latest":"true","workflow_steps":[{"id":1,"n":null}],
  "future_field":{"deep":[1,2.5,-3e5]},"modified_by":null}}"#;

#[wasm_bindgen_test]
async fn responses_cross_untouched() {
    let f = fake_fetch(200, ITEM, r#"{ 'x-amzn-requestid': 'r-1' }"#);
    let client = LooplyClient::new(options(&f)).unwrap();
    let params = parse(r#"{"workflow_id":"w/1","workflow_version":"2"}"#);
    let out = settle(
        &client,
        client.call(index("getWorkflowById"), params, JsValue::UNDEFINED),
    )
    .await
    .unwrap();
    let same = js_sys::JSON::stringify(&out).unwrap();
    let want = js_sys::JSON::stringify(&parse(ITEM)).unwrap();
    assert_eq!(same, want);
    assert_eq!(
        get(&out, "item.workflow_name").as_string().unwrap(),
        "Ünïcode ✓ 🚀"
    );
    let call = Reflect::get(&calls(), &0.into()).unwrap();
    assert_eq!(
        get(&call, "url").as_string().unwrap(),
        "http://looply.test/v1/workflows/getWorkflowById?workflow_id=w%2F1&workflow_version=2"
    );
    assert_eq!(get(&call, "method").as_string().unwrap(), "GET");
    assert_eq!(get(&call, "key").as_string().unwrap(), "k-boundary");
    assert!(get(&call, "ct").is_null());
}

#[wasm_bindgen_test]
async fn payloads_cross_as_json_bodies() {
    let f = fake_fetch(
        200,
        r#"{"message":"success","looply_execution_id":"e-1"}"#,
        "{}",
    );
    let client = LooplyClient::new(options(&f)).unwrap();
    let params = parse(r#"{"workflow_id":"w","payload":{"text":"é ✓ 🚀","n":[1,{"a":null}]}}"#);
    let out = settle(
        &client,
        client.call(index("triggerWorkflow"), params, JsValue::UNDEFINED),
    )
    .await
    .unwrap();
    assert_eq!(get(&out, "looply_execution_id").as_string().unwrap(), "e-1");
    let call = Reflect::get(&calls(), &0.into()).unwrap();
    assert_eq!(
        get(&call, "body").as_string().unwrap(),
        r#"{"text":"é ✓ 🚀","n":[1,{"a":null}]}"#
    );
    assert_eq!(get(&call, "method").as_string().unwrap(), "POST");
    assert_eq!(get(&call, "ct").as_string().unwrap(), "application/json");
}

async fn rejection(status: u16, body: &str, params: &str) -> JsValue {
    let f = fake_fetch(status, body, r#"{ 'x-amzn-requestid': 'r-9' }"#);
    let client = LooplyClient::new(options(&f)).unwrap();
    settle(
        &client,
        client.call(
            index("getOrganizationWorkflows"),
            parse(params),
            JsValue::UNDEFINED,
        ),
    )
    .await
    .unwrap_err()
}

/// The name of the class whose code (`Error::class_code`) the descriptor carries.
fn class(e: &JsValue) -> String {
    let code = get(e, "looplyError").as_f64().unwrap() as usize;
    looply_sdk::error::class_by_code()
        .nth(code)
        .unwrap()
        .to_owned()
}

#[wasm_bindgen_test]
async fn api_errors_carry_status_body_and_request_id() {
    let e = rejection(404, r#"{"message":"Workflow not found"}"#, "{}").await;
    assert_eq!(class(&e), "NotFoundError");
    assert_eq!(get(&e, "status").as_f64(), Some(404.0));
    assert_eq!(
        get(&e, "message").as_string().unwrap(),
        "Workflow not found"
    );
    assert_eq!(get(&e, "requestId").as_string().unwrap(), "r-9");
    assert_eq!(
        get(&e, "body.message").as_string().unwrap(),
        "Workflow not found"
    );
    assert_eq!(
        get(&e, "headers.x-amzn-requestid").as_string().unwrap(),
        "r-9"
    );
    for (status, name) in [
        (400, "BadRequestError"),
        (403, "PermissionDeniedError"),
        (429, "RateLimitError"),
        (503, "InternalServerError"),
        (418, "APIError"),
    ] {
        assert_eq!(class(&rejection(status, "{}", "{}").await), name);
    }
}

/// The core takes the kind of its success check's first field from the entry (`recordKind` of
/// the request's `check`), and reads the field itself when it was not given: catches either
/// side of `attempt`'s packed kind misread.
#[wasm_bindgen_test]
async fn a_success_check_takes_its_first_fields_kind_from_the_entry() {
    let f = fake_fetch(200, ITEM, "{}");
    let client = LooplyClient::new(options(&f)).unwrap();
    let params = || parse(r#"{"workflow_id":"w","workflow_version":1}"#);
    let at = index("getWorkflowById");
    for (given, ok) in [
        (None, true),
        (Some(6), true),
        (Some(0), false),
        (Some(5), false),
    ] {
        let request = client.call(at, params(), JsValue::UNDEFINED).unwrap();
        assert_eq!(get(&request, "check").as_string().as_deref(), Some("item"));
        let record = JsFuture::from(send_once(&request)).await.unwrap();
        let (status, outcome, json, kind) = end(&record, &JsValue::UNDEFINED);
        assert_eq!(kind, 6, "the body's kind alone");
        let kind = given.map_or(kind, |k: u32| kind | ((k + 1) << 4));
        let out = client.settle(call_of(&request), record, status, outcome, json, kind);
        assert_eq!(out.is_ok(), ok, "{given:?}");
        if let Err(e) = out {
            assert_eq!(class(&e), "ResponseDecodeError");
        }
        client.forget(call_of(&request));
    }
    let list = client.call(
        index("getOrganizationWorkflows"),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    );
    assert_eq!(
        get(&list.unwrap(), "check").as_string().as_deref(),
        Some("items")
    );
}

#[wasm_bindgen_test]
async fn decode_errors_keep_the_raw_body() {
    let e = rejection(200, "<html>oops</html>", "{}").await;
    assert_eq!(class(&e), "ResponseDecodeError");
    assert_eq!(get(&e, "body").as_string().unwrap(), "<html>oops</html>");
    let e = rejection(200, r#"{"items":5}"#, "{}").await;
    assert_eq!(class(&e), "ResponseDecodeError");
}

#[wasm_bindgen_test]
async fn validation_errors_name_the_parameter_and_send_nothing() {
    let e = rejection(200, "{}", r#"{"limit":31}"#).await;
    assert_eq!(class(&e), "ValidationError");
    assert_eq!(get(&e, "param").as_string().unwrap(), "limit");
    assert_eq!(js_sys::Array::from(&calls()).length(), 0);
}

/// A client with `defaultHeaders` and a fetch that records every header it is given.
fn headers_client(default_headers: &str) -> Result<LooplyClient, JsValue> {
    let f: Function = Function::new_no_args(&format!(
        "return (url, init) => {{ globalThis.__sent = Object.fromEntries(init.headers); \
           return Promise.resolve(new Response({ITEM:?}, {{ status: 200 }})); }};"
    ))
    .call0(&JsValue::NULL)
    .unwrap()
    .unchecked_into();
    let o = options(&f);
    Reflect::set(&o, &"defaultHeaders".into(), &parse(default_headers)).unwrap();
    LooplyClient::new(o)
}

#[wasm_bindgen_test]
async fn extra_headers_are_each_checked_then_sent() {
    // Each of them reaches `fetch`, the client's and the call's (`Headers` sorts them).
    let client = headers_client(r#"{"x-a":"1","x-b":"2"}"#).unwrap();
    let params = parse(r#"{"workflow_id":"w","workflow_version":"1"}"#);
    let call = |headers: &str| {
        let o = parse(&format!(r#"{{"headers":{headers}}}"#));
        client.call(index("getWorkflowById"), params.clone(), o)
    };
    settle(&client, call(r#"{"x-c":"3","x-d":"4"}"#))
        .await
        .unwrap();
    let sent = js_sys::JSON::stringify(&get(&js_sys::global(), "__sent")).unwrap();
    assert_eq!(
        sent,
        r#"{"x-a":"1","x-api-key":"k-boundary","x-b":"2","x-c":"3","x-d":"4"}"#
    );
    // Every entry's name and value is checked, the second as the first; nothing is sent.
    let bad = [
        (r#"{"x-a":"1","bad name":"2"}"#, "not valid in HTTP"),
        (r#"{"x-a":"1\n"}"#, "cannot be sent in HTTP"),
        (r#"{"x-a":"1","x-b":"2\n"}"#, "cannot be sent in HTTP"),
    ];
    for (headers, says) in bad {
        let e = headers_client(headers).err().unwrap();
        assert_eq!(class(&e), "ValidationError", "{headers}");
        assert_eq!(get(&e, "param").as_string().unwrap(), "defaultHeaders");
        assert!(get(&e, "message").as_string().unwrap().contains(says));
        let e = call(headers).unwrap_err();
        assert_eq!(get(&e, "param").as_string().unwrap(), "headers");
        assert!(get(&e, "message").as_string().unwrap().contains(says));
    }
}

#[wasm_bindgen_test]
async fn network_failures_are_connection_errors() {
    let f: Function =
        Function::new_no_args("return () => Promise.reject(new TypeError('fetch failed'))")
            .call0(&JsValue::NULL)
            .unwrap()
            .unchecked_into();
    let client = LooplyClient::new(options(&f)).unwrap();
    let e = settle(
        &client,
        client.call(
            index("getOrganizationExecutions"),
            JsValue::UNDEFINED,
            JsValue::UNDEFINED,
        ),
    )
    .await
    .unwrap_err();
    assert_eq!(class(&e), "APIConnectionError");
    assert_eq!(
        get(&e, "message").as_string().unwrap(),
        // What the network said, and where it was going (host and port).
        "Could not reach the Looply API: fetch failed at looply.test:80"
    );
}

#[wasm_bindgen_test]
fn constructor_errors_are_validation_descriptors() {
    let f = fake_fetch(200, "{}", "{}");
    let o = options(&f);
    Reflect::set(&o, &"maxRetries".into(), &"2".into()).unwrap();
    let e = LooplyClient::new(o).err().unwrap();
    assert_eq!(class(&e), "ValidationError");
    assert_eq!(get(&e, "param").as_string().unwrap(), "maxRetries");
}

#[wasm_bindgen_test]
fn the_browser_guard_follows_the_environment() {
    let in_page = !get(&js_sys::global(), "document").is_undefined();
    let f = fake_fetch(200, "{}", "{}");
    let o = options(&f);
    Reflect::delete_property(
        o.unchecked_ref::<Object>(),
        &"dangerouslyAllowBrowser".into(),
    )
    .unwrap();
    match LooplyClient::new(o) {
        Ok(_) => assert!(!in_page, "a web page needs dangerouslyAllowBrowser"),
        Err(e) => {
            assert!(in_page, "outside a page no opt-in is needed");
            assert_eq!(get(&e, "param").as_string().unwrap(), "apiKey");
        }
    }
}

#[wasm_bindgen_test]
async fn retries_wait_and_send_again_across_the_boundary() {
    let f: Function = Function::new_no_args(
        "globalThis.__calls = []; return (url, init) => { globalThis.__calls.push(url); \
           const first = globalThis.__calls.length === 1; \
           return Promise.resolve(new Response(first ? '{\"message\":\"busy\"}' : '{\"message\":\"success\",\"items\":[]}', \
             { status: first ? 503 : 200, headers: first ? { 'retry-after-ms': '5' } : {} })); };",
    )
    .call0(&JsValue::NULL)
    .unwrap()
    .unchecked_into();
    let o = options(&f);
    Reflect::set(&o, &"maxRetries".into(), &2.into()).unwrap();
    let client = LooplyClient::new(o).unwrap();
    let page = settle(
        &client,
        client.call(
            index("getOrganizationWorkflows"),
            JsValue::UNDEFINED,
            JsValue::UNDEFINED,
        ),
    )
    .await
    .unwrap();
    assert!(js_sys::Array::is_array(&get(&page, "items")));
    assert_eq!(js_sys::Array::from(&calls()).length(), 2);
}

/// The wait `__settle` answers before a retry is the one the server asked for: `retry-after-ms`,
/// else `Retry-After` in seconds (an invalid `retry-after-ms` is no wait).
#[wasm_bindgen_test]
async fn a_retry_waits_what_the_server_asked_for() {
    let cases = [
        ("{ 'retry-after-ms': '5' }", 5.0),
        ("{ 'retry-after-ms': '2.5', 'retry-after': '9' }", 3.0),
        ("{ 'retry-after': '2' }", 2000.0),
        ("{ 'retry-after-ms': 'x', 'retry-after': '1.5' }", 1500.0),
    ];
    for (headers, want) in cases {
        let f = fake_fetch(503, r#"{"message":"busy"}"#, headers);
        let o = options(&f);
        Reflect::set(&o, &"maxRetries".into(), &2.into()).unwrap();
        let client = LooplyClient::new(o).unwrap();
        let request = client
            .call(
                index("getOrganizationWorkflows"),
                JsValue::UNDEFINED,
                JsValue::UNDEFINED,
            )
            .unwrap();
        let record = JsFuture::from(send_once(&request)).await.unwrap();
        let next = settle_record(&client, &request, record).unwrap();
        assert_eq!(next.as_f64(), Some(want), "{headers}");
        client.forget(call_of(&request));
    }
}

/// `__settle` forgets a call that ended with its body; a failed one stays until `__forget`
/// (the driver logs it first), and `__forget` after that changes nothing.
#[wasm_bindgen_test]
async fn a_finished_call_is_forgotten_when_it_succeeds() {
    let class = |r: Result<JsValue, JsValue>| Some(class(&r.unwrap_err()));
    for (status, body) in [(200, ITEM), (404, r#"{"message":"nope"}"#)] {
        let f = fake_fetch(status, body, "{}");
        let client = LooplyClient::new(options(&f)).unwrap();
        let params = parse(r#"{"workflow_id":"w/1","workflow_version":"2"}"#);
        let request = client
            .call(index("getWorkflowById"), params, JsValue::UNDEFINED)
            .unwrap();
        let call = call_of(&request);
        let record = JsFuture::from(send_once(&request)).await.unwrap();
        let out = settle_record(&client, &request, record.clone());
        assert_eq!(out.is_ok(), status == 200);
        // Settled again: a forgotten call is not in flight (a LooplyError, a bug), a failed
        // one fails the same way again until it is forgotten.
        let again = class(settle_record(&client, &request, record.clone()));
        let kept = if status == 200 {
            "LooplyError"
        } else {
            "NotFoundError"
        };
        assert_eq!(again.as_deref(), Some(kept), "status {status}");
        client.forget(call);
        client.forget(call);
        let gone = class(settle_record(&client, &request, record));
        assert_eq!(gone.as_deref(), Some("LooplyError"), "status {status}");
    }
}

/// `__new` writes the client's log level and API key into the record the entry passes (its
/// constructor reads both there, with no export of their own): catches a level or a key not
/// written, or written under another name.
#[wasm_bindgen_test]
fn a_new_client_writes_its_log_level_and_key() {
    use looply_sdk::wasm::objects;
    let f = fake_fetch(200, ITEM, "{}");
    let made = Object::new();
    let client = objects::create(options(&f), made.clone());
    assert!(client.as_f64().is_some());
    assert_eq!(
        get(&made, "apiKey").as_string().as_deref(),
        Some("k-boundary")
    );
    // `warn`, the default (index 2 of `LOG_LEVELS`).
    assert_eq!(get(&made, "logLevel").as_f64(), Some(2.0));
    objects::free(client.as_f64().unwrap() as u32);
}

/// The core's objects by number (`wasm::objects`): a freed client's number, a pager's given
/// as a client's, a client's given as a pager's, and a number of nothing each answer the error
/// that a freed class's method threw (a `LooplyError`), never another object's answer; freeing
/// twice changes nothing, and a freed slot serves the next object. Catches a slab that serves
/// a freed slot, that mistakes one kind for the other, or whose free list loses a slot.
#[wasm_bindgen_test]
async fn numbers_of_no_object_answer_the_freed_error() {
    use looply_sdk::wasm::objects;
    let freed = |answer: JsValue| {
        assert_eq!(class(&answer), "LooplyError");
        let message = get(&answer, "message").as_string().unwrap();
        assert!(
            message.ends_with("null pointer passed to rust"),
            "{message}"
        );
    };
    let number = |answer: JsValue| answer.as_f64().unwrap() as u32;
    let f = fake_fetch(200, ITEM, "{}");
    let get_one = || parse(r#"{"workflow_id":"w","workflow_version":1}"#);
    let list = index("getOrganizationExecutions");
    let client = number(objects::create(options(&f), Object::new()));
    let request = objects::call(
        client,
        index("getWorkflowById"),
        get_one(),
        JsValue::UNDEFINED,
    );
    let record = JsFuture::from(send_once(&request)).await.unwrap();
    objects::forget(call_of(&request));
    let pager = number(objects::paginate(
        client,
        list,
        parse("{}"),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    ));
    assert_ne!(pager, client);
    freed(objects::call(
        pager,
        index("getWorkflowById"),
        get_one(),
        JsValue::UNDEFINED,
    ));
    freed(objects::next_call(client));
    // As paginator.js passes a page's end: the body's kind alone.
    let (status, outcome, json, kind) = end(&record, &JsValue::UNDEFINED);
    freed(objects::accept(client, record, status, outcome, json, kind));
    objects::free(client);
    objects::free(client);
    freed(objects::call(
        client,
        index("getWorkflowById"),
        get_one(),
        JsValue::UNDEFINED,
    ));
    freed(objects::settle(
        client,
        0,
        JsValue::NULL,
        0.0,
        0,
        JsValue::UNDEFINED,
        0,
    ));
    freed(objects::call(
        u32::MAX,
        index("getWorkflowById"),
        get_one(),
        JsValue::UNDEFINED,
    ));
    // The pager outlives its client (its call takes the freed slot, the calls being in the
    // same slab: forgotten, it frees it again); the freed slot serves the next client, once.
    let call = call_of(&objects::next_call(pager));
    assert_eq!(call, client);
    objects::forget(call);
    let next = number(objects::create(options(&f), Object::new()));
    assert_eq!(next, client);
    assert_ne!(number(objects::create(options(&f), Object::new())), next);
    objects::free(pager);
    freed(objects::next_call(pager));
}

/// The package's allocator (`src/wasm/heap.rs`), on an instance of its own: each block is
/// aligned and as large as asked, blocks in use never overlap, a freed block serves the next
/// request of its class (the memory stays flat), and a reallocation keeps the contents.
/// Catches a wrong class (a block smaller than asked, or one of another class put on a
/// list), a free list that loses or repeats blocks, or a carve that overlaps the last one.
#[wasm_bindgen_test]
fn the_allocator_hands_out_aligned_disjoint_reusable_blocks() {
    use core::alloc::{GlobalAlloc, Layout};
    use looply_sdk::wasm::heap::SizeClasses;
    let heap = SizeClasses::new();
    let mut live: Vec<(*mut u8, Layout)> = Vec::new();
    for (i, size) in [0usize, 1, 7, 16, 17, 100, 4096, 5000, 70_000, 200_000]
        .into_iter()
        .enumerate()
    {
        for align in [1usize, 8, 64, 4096] {
            let layout = Layout::from_size_align(size, align).unwrap();
            let p = unsafe { heap.alloc(layout) };
            assert!(!p.is_null(), "{size} bytes aligned to {align}");
            assert_eq!(p as usize % align, 0, "{size} bytes aligned to {align}");
            unsafe { core::ptr::write_bytes(p, i as u8, size) };
            live.push((p, layout));
        }
    }
    // Disjoint: each block still holds its own bytes after all were written.
    for (i, &(p, layout)) in live.iter().enumerate() {
        let mark = (i / 4) as u8;
        let bytes = unsafe { core::slice::from_raw_parts(p, layout.size()) };
        assert!(
            bytes.iter().all(|&b| b == mark),
            "block {i} was overwritten"
        );
    }
    // Freed, then asked for again in the same order of classes: the same blocks.
    let before: Vec<*mut u8> = live.iter().map(|&(p, _)| p).collect();
    for &(p, layout) in live.iter().rev() {
        unsafe { heap.dealloc(p, layout) };
    }
    for (k, &(_, layout)) in live.iter().enumerate() {
        let p = unsafe { heap.alloc(layout) };
        assert_eq!(Some(&p), before.get(k), "block {k} was not reused");
    }
    // Growing within a class keeps the block; past it, the contents move.
    // (17 and 20 bytes: one class.)
    let small = Layout::from_size_align(17, 1).unwrap();
    let p = unsafe { heap.alloc(small) };
    unsafe { core::ptr::copy_nonoverlapping(b"0123456789abcdefghij".as_ptr(), p, 17) };
    assert_eq!(unsafe { heap.realloc(p, small, 20) }, p);
    let q = unsafe { heap.realloc(p, small, 1000) };
    assert_ne!(q, p);
    assert_eq!(
        unsafe { core::slice::from_raw_parts(q, 17) },
        b"0123456789abcdefg"
    );
    // What no class serves (aligned past a page's 4 KiB): null, not a panic.
    let over_aligned = Layout::from_size_align(8, 8192).unwrap();
    assert!(unsafe { heap.alloc(over_aligned) }.is_null());
}

/// The allocator's growth (`src/wasm/heap.rs`, `carve`), on an instance of its own: a block
/// grows the memory by the pages it needs wherever its aligned start falls, and no more; a
/// block that fits what is left exactly takes it without growing. Catches a growth by more
/// pages than that, or one when the block fits.
#[wasm_bindgen_test]
fn the_allocator_grows_the_memory_by_what_a_block_needs() {
    use core::alloc::{GlobalAlloc, Layout};
    use core::arch::wasm32::memory_size;
    use looply_sdk::wasm::heap::SizeClasses;
    let heap = SizeClasses::new();
    let before = memory_size(0);
    // 128 KiB is a class of its own (8 × 2^14), aligned to 4 KiB: three pages at worst.
    let p = unsafe { heap.alloc(Layout::from_size_align(131_072, 8).unwrap()) };
    assert!(!p.is_null());
    assert_eq!(memory_size(0) - before, 3);
    assert_eq!(
        p as usize,
        before * 65_536,
        "a first block starts where the memory grew"
    );
    // What is left of the three pages, 64 KiB, is exactly a block of the 64 KiB class.
    let q = unsafe { heap.alloc(Layout::from_size_align(65_536, 8).unwrap()) };
    assert_eq!(q as usize, p as usize + 131_072);
    assert_eq!(
        memory_size(0) - before,
        3,
        "a block that fits what is left grew the memory"
    );
}

/// The allocator's classes (`src/wasm/heap.rs`), on an instance of its own. Catches two
/// sizes that share a list, so that a freed small block serves a larger request (each size
/// from 1 to 600 bytes freed, then asked for again, every block written whole:
/// an overlap shows as another block's bytes), and blocks carved with more padding than
/// their alignment needs (two 16-byte blocks from fresh memory are adjacent).
#[wasm_bindgen_test]
fn the_allocators_classes_keep_sizes_apart_and_blocks_packed() {
    use core::alloc::{GlobalAlloc, Layout};
    use looply_sdk::wasm::heap::SizeClasses;
    let heap = SizeClasses::new();
    let sixteen = Layout::from_size_align(16, 1).unwrap();
    let (p, q) = unsafe { (heap.alloc(sixteen), heap.alloc(sixteen)) };
    assert_eq!(q as usize - p as usize, 16, "two 16-byte blocks apart");
    let layouts: Vec<Layout> = (1..=600)
        .map(|size| Layout::from_size_align(size, 1).unwrap())
        .collect();
    let blocks: Vec<*mut u8> = layouts.iter().map(|&l| unsafe { heap.alloc(l) }).collect();
    for (&p, &layout) in blocks.iter().zip(&layouts) {
        unsafe { heap.dealloc(p, layout) };
    }
    // Asked for in the order they were freed: each list gives its last freed (largest) block
    // to the smallest request first, so a larger size that shared its list with smaller
    // ones would get a small block.
    let again: Vec<(*mut u8, Layout, u8)> = layouts
        .iter()
        .enumerate()
        .map(|(i, &layout)| {
            let p = unsafe { heap.alloc(layout) };
            assert!(!p.is_null());
            let mark = (i % 251) as u8;
            unsafe { core::ptr::write_bytes(p, mark, layout.size()) };
            (p, layout, mark)
        })
        .collect();
    for &(p, layout, mark) in &again {
        let bytes = unsafe { core::slice::from_raw_parts(p, layout.size()) };
        assert!(
            bytes.iter().all(|&b| b == mark),
            "the block of {} bytes was overwritten",
            layout.size()
        );
    }
}
