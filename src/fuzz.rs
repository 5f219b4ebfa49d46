//! Property-based fuzzing of the pure core with arbitrary input: no input may panic, and
//! what is accepted is well-formed. `make test` runs a short pass; `make fuzz` a long one
//! (the depth is `PROPTEST_CASES`).
#![allow(clippy::expect_used)] // test code: a failed expectation is the finding

use crate::api;
use crate::config::{check_header, ClientConfig, Env};
use crate::http::{HttpRequest, Shape};
use crate::pagination::Cursor;
use crate::params::tests::Map;
use crate::params::{Fields, Raw};
use crate::request::{build, cursor_values};
use crate::response::{check, tests::Fake};
use crate::retry::{delay_ms, parse_http_date};
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
        // The characters a URL gives meaning to: they must arrive encoded.
        "[a-z0-9/?&=%#+ .~-]{1,12}".prop_map(Raw::Str),
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

/// `%XX` sequences decoded; `None` for a stray `%` or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hex: String = [bytes.next()?, bytes.next()?]
                .iter()
                .map(|&c| c as char)
                .collect();
            out.push(u8::from_str_radix(&hex, 16).ok()?);
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).ok()
}

/// The decoded `(name, value)` pairs of a request's query.
fn query_of(path: &str) -> Vec<(String, String)> {
    let query = path.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').expect("name=value");
            (k.to_owned(), percent_decode(v).expect("decodable value"))
        })
        .collect()
}

/// The strings a caller gave in `sources`: what path segments and query values may hold.
fn given(sources: &[&Map]) -> Vec<String> {
    sources
        .iter()
        .flat_map(|m| m.0.values())
        .filter_map(|r| match r {
            Raw::Str(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// An accepted request is well-formed: under /workflows, only unreserved characters and
/// `%XX` outside the delimiters, and each path segment and query value decodes back to
/// exactly a string the caller gave (or digits: versions, limits; or a number the caller
/// gave), so no value can spill
/// into another segment or parameter. The body is a JSON object.
fn well_formed(req: &HttpRequest, sources: &[&Map]) {
    assert!(req.path.starts_with("/workflows/"), "{}", req.path);
    assert!(
        req.path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~%/?=&".contains(&b)),
        "{}",
        req.path
    );
    let strings = given(sources);
    let numbers: Vec<f64> = sources
        .iter()
        .flat_map(|m| m.0.values())
        .filter_map(|r| match r {
            Raw::Num(n) => Some(*n),
            _ => None,
        })
        .collect();
    // A number the caller gave (a pagination key may be negative or fractional) is sent
    // as some text that reads back as that number.
    let from_caller = |v: &str| {
        v.bytes().all(|b| b.is_ascii_digit())
            || strings.iter().any(|s| s == v)
            || v.parse::<f64>().is_ok_and(|n| numbers.contains(&n))
    };
    let path = req
        .path
        .split_once('?')
        .map_or(req.path.as_str(), |(p, _)| p);
    for segment in path.split('/').skip(3) {
        let decoded = percent_decode(segment).expect("decodable segment");
        assert!(from_caller(&decoded), "segment {segment:?} of {}", req.path);
        assert!(segment != "." && segment != "..", "{}", req.path);
    }
    for (name, value) in query_of(&req.path) {
        assert!(
            KEYS.contains(&name.as_str()),
            "query name {name:?} in {}",
            req.path
        );
        assert!(from_caller(&value), "{name}={value:?} in {}", req.path);
    }
    if let Some(body) = &req.body {
        let v: Value = serde_json::from_str(body).expect("body is JSON");
        assert!(v.is_object());
    }
}

/// Every request the registry of endpoints accepts from `f`: each endpoint's own, and
/// each list's first page resumed from `f` as a `lastKey`.
fn every_endpoint(f: &Map) -> Vec<HttpRequest> {
    let mut out = Vec::new();
    for ep in api::all() {
        out.extend(build(ep, f).ok());
        if ep.list.is_some() {
            if let Ok(c) = Cursor::read(ep, f, Some(f)) {
                out.extend(c.next_request());
            }
        }
    }
    out
}

/// Catches an endpoint left out of the fuzzing: with every parameter valid, each endpoint
/// (and each list's paginator) contributes a request.
#[test]
fn the_registry_reaches_every_endpoint() {
    let f = Map::default()
        .with("workflow_id", Raw::Str("w".into()))
        .with("workflow_version", Raw::Num(1.0))
        .with("workflow_execution_id", Raw::Str("e".into()))
        .with("process_id", Raw::Str("p".into()))
        .with("action", Raw::Str("PAUSE".into()));
    let lists = api::all().filter(|e| e.list.is_some()).count();
    assert_eq!(every_endpoint(&f).len(), api::all().count() + lists);
}

/// A cursor field's value: mostly well-formed (so walks go deep), sometimes anything.
fn key_field() -> impl Strategy<Value = Raw> {
    prop_oneof![4 => "[a-z0-9/&% ]{1,6}".prop_map(Raw::Str), 1 => raw()]
}

/// Where a walk starts: a valid `limit` and `maxItems` most of the time.
fn walk_start() -> impl Strategy<Value = Map> {
    (
        prop_oneof![
            Just(Raw::Missing),
            (1u32..=30).prop_map(|n| Raw::Num(n.into())),
            raw()
        ],
        prop_oneof![
            Just(Raw::Missing),
            (0u32..150).prop_map(|n| Raw::Num(n.into())),
            raw()
        ],
    )
        .prop_map(|(limit, max)| Map::default().with("limit", limit).with("maxItems", max))
}

/// A `lastKey` of `getOrganizationExecutions`, well-formed or not.
fn executions_key() -> impl Strategy<Value = Map> {
    (key_field(), key_field()).prop_map(|(w, e)| {
        Map::default()
            .with("workflow_id", w)
            .with("workflow_execution_id", e)
    })
}

/// Whether a 2xx body is what the API document promises for `shape` (an independent model
/// of `response::check`).
fn documented(shape: Shape, body: &Value) -> bool {
    let Some(obj) = body.as_object() else {
        return false;
    };
    match shape {
        Shape::Object => true,
        Shape::Item => obj.get("item").is_some_and(Value::is_object),
        Shape::Page => {
            obj.get("items").is_some_and(Value::is_array)
                && obj
                    .get("lastKey")
                    .is_none_or(|k| k.is_null() || k.is_object())
        }
        Shape::Execution => obj.get("looply_execution_id").is_some_and(Value::is_string),
    }
}

proptest! {
    /// Catches: a parameter that panics the module; a path segment or query value sent
    /// unencoded (an id with `/`, `&` or `%` would reach another endpoint or parameter);
    /// `.`/`..` as a segment.
    #[test]
    fn parameters_never_panic_and_accepted_requests_are_well_formed(f in fields()) {
        for req in every_endpoint(&f) {
            well_formed(&req, &[&f]);
        }
        let _ = ClientConfig::from_options(&f, Env::default());
        let _ = ClientConfig::from_options(&f, Env { is_browser: true, ..Env::default() });
    }

    /// Catches: a non-2xx answer or an undocumented 2xx body taken as a success; a
    /// `Retry-After` over 60 s honoured (a call would hang for as long as a proxy says).
    #[test]
    fn any_response_is_classified_without_panicking(
        status in 0u16..1000,
        body in prop_oneof![
            json().prop_map(|v| v.to_string()),
            ".{0,80}",
            prop::collection::vec(any::<u8>(), 0..120).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        ],
        header in prop_oneof![".{0,40}", "[0-9]{1,7}(\\.[0-9]{0,4})?"],
        shape in prop_oneof![Just(Shape::Object), Just(Shape::Item), Just(Shape::Page), Just(Shape::Execution)],
    ) {
        let mut r = Fake::json(status, &body);
        let promised = (200..300).contains(&status) && r.body.as_ref().is_some_and(|b| documented(shape, b));
        r.headers.push(("retry-after", header.clone()));
        match check(r, shape) {
            Ok(_) => prop_assert!(promised, "accepted status {} body {}", status, body),
            Err(e) => {
                prop_assert!(!promised, "refused status {} body {}", status, body);
                prop_assert!(!e.message().is_empty());
            }
        }
        let wait = delay_ms(1, Some(&header), Some(&header), 0.0, 0.5);
        prop_assert!(wait <= 60_000, "waits {} ms for {:?}", wait, header);
        let _ = parse_http_date(&header);
    }

    /// A walk against a model of the cursor, over pages whose `lastKey`s come from a small
    /// pool (so repeats and malformed keys are frequent). Catches: a repeated `lastKey`
    /// accepted (the walk would loop forever); a next page not asked from exactly the
    /// previous page's `lastKey`; a walk that ends early or runs past `maxItems`.
    #[test]
    fn a_walk_follows_each_last_key_once_and_stops_where_it_should(
        start in walk_start(),
        pool in prop::collection::vec(executions_key(), 1..4),
        pages in prop::collection::vec((0usize..40, prop::option::of(0usize..4)), 1..12),
    ) {
        let list = api::by_name("getOrganizationExecutions").expect("a list");
        let Ok(mut cursor) = Cursor::read(list, &start, None) else { return Ok(()) };
        let max_items = match start.field("maxItems") {
            Raw::Num(n) => Some(n as u64),
            _ => None,
        };
        let mut current: Option<Vec<(&str, String)>> = None;
        let mut sent_keys: Vec<Vec<(&str, String)>> = Vec::new();
        let mut yielded = 0u64;
        let mut last_path = String::new();
        let mut done = max_items == Some(0);
        for (items, pick) in &pages {
            let Some(req) = cursor.next_request() else {
                prop_assert!(done, "the walk ended early");
                break;
            };
            prop_assert!(!done, "a request after the walk ended");
            let sources: Vec<&Map> = std::iter::once(&start).chain(&pool).collect();
            well_formed(&req, &sources);
            prop_assert_ne!(&req.path, &last_path, "a request repeated");
            let sent: Vec<(String, String)> = query_of(&req.path).into_iter().filter(|(k, _)| k != "limit").collect();
            let expected: Vec<(String, String)> = current.iter().flatten().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
            prop_assert_eq!(sent, expected, "the request does not resume from the last lastKey");
            last_path = req.path;
            let key = pick.map(|i| &pool[i % pool.len()]);
            let model = key.map(|k| cursor_values(list, k));
            match (cursor.accept(*items, key.map(|k| k as &dyn Fields)), model) {
                (Ok(a), model) => {
                    let room = max_items.map_or(u64::MAX, |m| m.saturating_sub(yielded));
                    prop_assert_eq!(a.take as u64, (*items as u64).min(room));
                    yielded += a.take as u64;
                    let next = match model {
                        Some(Ok(q)) => Some(q),
                        None => None,
                        Some(Err(e)) => return Err(TestCaseError::fail(format!("a key with a bad {} accepted", e.param))),
                    };
                    prop_assert!(next.as_ref().is_none_or(|n| !sent_keys.contains(n)), "a repeated lastKey was accepted");
                    sent_keys.extend(next.clone());
                    done = next.is_none() || max_items.is_some_and(|m| yielded >= m);
                    prop_assert_eq!(a.done, done);
                    current = next;
                }
                (Err(_), Some(Err(_))) => break,
                (Err(_), Some(Ok(q))) => {
                    prop_assert!(sent_keys.contains(&q), "a fresh lastKey was refused");
                    prop_assert!(cursor.next_request().is_none(), "the walk goes on after a repeat");
                    break;
                }
                (Err(_), None) => return Err(TestCaseError::fail("a last page was refused")),
            }
        }
    }

    /// Catches: `x-api-key` accepted as an extra header (it would override or leak the
    /// key); a header name or value that HTTP cannot carry (CR/LF: header injection).
    #[test]
    fn extra_headers_never_panic(
        name in prop_oneof![".{0,300}", "[xX]-[aA][pP][iI]-[kK][eE][yY]", "[a-zA-Z0-9 :\\r\\n-]{1,20}"],
        value in prop_oneof![".{0,300}", "[a-z \\t\\r\\n\\x00]{0,20}"],
    ) {
        if check_header("headers", &name, &value).is_ok() {
            prop_assert!(!name.eq_ignore_ascii_case("x-api-key"));
            prop_assert!(!name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && b != b':'));
            prop_assert!(value.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b)), "{:?}", value);
        }
    }
}
