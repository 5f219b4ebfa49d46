//! Property-based fuzzing of the pure core with arbitrary input: no input may panic, and
//! what is accepted is well-formed. `make test` runs a short pass; `make fuzz` a long one
//! (the depth is `PROPTEST_CASES`).
#![allow(clippy::expect_used)] // test code: a failed expectation is the finding

use crate::config::{check_header, ClientConfig, Env};
use crate::executions::*;
use crate::http::{HttpRequest, Shape};
use crate::pagination::{Cursor, ListKind};
use crate::params::tests::Map;
use crate::params::{Fields, Raw};
use crate::response::{check, tests::Fake};
use crate::retry::{delay_ms, parse_http_date};
use crate::schedules::ToggleScheduledWorkflowParams;
use crate::workflows::*;
use proptest::prelude::*;
use serde_json::Value;

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        any::<i64>().prop_map(|i| Value::Number(i.into())),
        ".{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_A-Z]{0,12}|lastKey|items|item|message|workflow_id|workflow_execution_id|workflow_version", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn raw() -> impl Strategy<Value = Raw> {
    prop_oneof![
        Just(Raw::Missing),
        Just(Raw::Null),
        ".{0,64}".prop_map(Raw::Str),
        "[0-9]{0,20}".prop_map(Raw::Str),
        Just(Raw::Str("..".into())),
        any::<f64>().prop_map(Raw::Num),
        (0u32..100).prop_map(|n| Raw::Num(n.into())),
        any::<bool>().prop_map(Raw::Bool),
        Just(Raw::Other),
    ]
}

const KEYS: &[&str] = &[
    "workflow_id",
    "workflow_version",
    "workflow_execution_id",
    "process_id",
    "action",
    "limit",
    "maxItems",
    "apiKey",
    "baseUrl",
    "timeoutMs",
    "maxRetries",
    "dangerouslyAllowBrowser",
];

/// A parameter object: arbitrary values for the names the SDK reads, and maybe a payload.
fn fields() -> impl Strategy<Value = Map> {
    (
        prop::collection::vec(raw(), KEYS.len()),
        prop::option::of(json()),
    )
        .prop_map(|(values, payload)| {
            let mut m = Map::default();
            for (k, v) in KEYS.iter().zip(values) {
                m = m.with(k, v);
            }
            match payload {
                Some(p @ Value::Object(_)) => m.with_json("payload", &p.to_string()),
                Some(other) => m.with(
                    "payload",
                    if other.is_array() {
                        Raw::Other
                    } else {
                        Raw::Num(1.0)
                    },
                ),
                None => m,
            }
        })
}

/// An accepted request is well-formed: an encoded path under /workflows and a JSON object body.
fn well_formed(req: &HttpRequest) {
    assert!(req.path.starts_with("/workflows/"), "{}", req.path);
    assert!(
        req.path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~%/?=&".contains(&b)),
        "{}",
        req.path
    );
    if let Some(body) = &req.body {
        let v: Value = serde_json::from_str(body).expect("body is JSON");
        assert!(v.is_object());
    }
}

fn every_endpoint(f: &Map) -> Vec<HttpRequest> {
    let mut out = Vec::new();
    out.extend(
        TriggerWorkflowParams::read(f)
            .ok()
            .map(TriggerWorkflowParams::request),
    );
    out.extend(
        ResumeWorkflowParams::read(f)
            .ok()
            .map(ResumeWorkflowParams::request),
    );
    out.extend(
        RunWorkflowActionParams::read(f)
            .ok()
            .map(RunWorkflowActionParams::request),
    );
    out.extend(
        ToggleScheduledWorkflowParams::read(f)
            .ok()
            .map(ToggleScheduledWorkflowParams::request),
    );
    out.extend(
        GetWorkflowExecutionByIdParams::read(f)
            .ok()
            .map(GetWorkflowExecutionByIdParams::request),
    );
    out.extend(
        GetWorkflowExecutionHistoryParams::read(f)
            .ok()
            .map(GetWorkflowExecutionHistoryParams::request),
    );
    out.extend(
        GetOrganizationExecutionsParams::read(f)
            .ok()
            .map(GetOrganizationExecutionsParams::request),
    );
    out.extend(
        GetWorkflowByIdParams::read(f)
            .ok()
            .map(GetWorkflowByIdParams::request),
    );
    out.extend(
        GetOrganizationWorkflowsParams::read(f)
            .ok()
            .map(GetOrganizationWorkflowsParams::request),
    );
    for kind in [
        ListKind::WorkflowExecutionHistory,
        ListKind::OrganizationExecutions,
        ListKind::OrganizationWorkflows,
    ] {
        if let Ok(c) = Cursor::read(kind, f, Some(f)) {
            out.extend(c.next_request());
        }
    }
    out
}

proptest! {
    #[test]
    fn parameters_never_panic_and_accepted_requests_are_well_formed(f in fields()) {
        for req in every_endpoint(&f) {
            well_formed(&req);
        }
        let _ = ClientConfig::from_options(&f, Env::default());
        let _ = ClientConfig::from_options(&f, Env { is_browser: true, ..Env::default() });
    }

    #[test]
    fn any_response_is_classified_without_panicking(
        status in 0u16..1000,
        body in prop_oneof![
            json().prop_map(|v| v.to_string()),
            ".{0,80}",
            prop::collection::vec(any::<u8>(), 0..120).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        ],
        header in ".{0,40}",
        shape in prop_oneof![Just(Shape::Object), Just(Shape::Item), Just(Shape::Page), Just(Shape::Execution)],
    ) {
        let mut r = Fake::json(status, &body);
        r.headers.push(("retry-after", header.clone()));
        match check(r, shape) {
            Ok(ok) => prop_assert!((200..300).contains(&ok.status) && ok.body.as_ref().is_some_and(Value::is_object)),
            Err(e) => prop_assert!(!e.message().is_empty()),
        }
        let wait = delay_ms(1, Some(&header), Some(&header), 0.0, 0.5);
        prop_assert!(wait <= 60_000);
        let _ = parse_http_date(&header);
    }

    #[test]
    fn a_walk_over_arbitrary_pages_never_panics_and_never_repeats_a_key(
        start in fields(),
        pages in prop::collection::vec((0usize..40, prop::option::of(fields())), 1..12),
    ) {
        if let Ok(mut cursor) = Cursor::read(ListKind::OrganizationExecutions, &start, None::<&Map>) {
            let mut sent = Vec::new();
            for (items, key) in &pages {
                let Some(req) = cursor.next_request() else { break };
                well_formed(&req);
                prop_assert!(!sent.contains(&req.path) || req.path.contains("limit="), "a cursor repeated");
                sent.push(req.path);
                match cursor.accept(*items, key.as_ref()) {
                    Ok(a) => prop_assert!(a.take <= *items),
                    Err(_) => prop_assert!(cursor.is_done() || key.is_some()),
                }
            }
        }
    }

    #[test]
    fn extra_headers_never_panic(name in ".{0,300}", value in ".{0,300}") {
        if check_header("headers", &name, &value).is_ok() {
            prop_assert!(!name.eq_ignore_ascii_case("x-api-key"));
            prop_assert!(name.bytes().all(|b| b.is_ascii_graphic()));
        }
    }
}

/// Reads every field of `f` (keeps `Fields` in use for arbitrary maps).
#[test]
fn the_field_source_reads_what_it_was_given() {
    let m = Map::default().with("workflow_id", Raw::Str("w".into()));
    assert_eq!(m.field("workflow_id"), Raw::Str("w".into()));
}
