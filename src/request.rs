//! A call's request, built from its endpoint's description and the caller's input: each
//! parameter read by its rule, the path filled in, the query and the JSON body written
//! ([`build`]); and a page's cursor fields read back for the next request
//! ([`cursor_values`]). Above the registry ([`crate::api`]), since an action's name must
//! not be another endpoint's, and an action run by name obeys the described one's rules.

use crate::api::all;
use crate::endpoint::{At, Endpoint, Param, Rule};
use crate::error::{Invalid, ValidationError};
use crate::http::{push_encoded, push_json_string, rest, HttpRequest, Method};
// For its methods where `FieldSource` is a type, not `dyn` (the npm wasm).
#[allow(unused_imports)]
use crate::params::Fields;
use crate::params::{self, Raw};
use crate::FieldSource;

/// Reads one parameter by its rule, as the field of its name, checked and ready to be sent
/// (an object's JSON text), into `out` (left `None` when it is optional and absent):
/// written where the caller keeps it, not answered through memory and moved there. A
/// number (a version, a limit: never 0) is kept as one in `num`, its text empty (which
/// allocates nothing) until [`push_value`] writes its digits where they are sent: no
/// `String` of its own a call.
fn read(
    p: &Param,
    f: &FieldSource<'_>,
    out: &mut Option<String>,
    num: &mut u64,
) -> Result<(), Invalid> {
    let name = p.name;
    // Only an optional parameter needs this first look (a field read crosses into JavaScript),
    // and not one whose rule answers an absent value itself (an object's `{}`, a number's
    // none).
    let optional = !p.required
        && !matches!(
            p.rule,
            Rule::Object | Rule::ObjectWith(..) | Rule::Limit | Rule::Version
        );
    if optional && matches!(f.field(name), Raw::Missing | Raw::Null) {
        return Ok(());
    }
    // Each rule's answer, written into `out` once (not each rule's error rewrapped at its `?`).
    let value = match p.rule {
        // Both identifiers read by one call, an action's name then checked as one.
        Rule::Id | Rule::Action => params::id(f, name).and_then(|id| {
            if matches!(p.rule, Rule::Action) && !is_action_name(&id) {
                return Err(Invalid::new(name, NOT_AN_ACTION));
            }
            Ok(id)
        }),
        // Both numbers read and their digits made by one call each.
        Rule::Version | Rule::Limit => {
            let (max, rule) = match p.rule {
                Rule::Version => (u64::MAX, params::VERSION_RULE),
                _ => (params::MAX_LIMIT, params::LIMIT_RULE),
            };
            let mut n = 0;
            match params::whole_in(f, name, max, rule, &mut n) {
                // An absent optional number (a limit, `triggerWorkflow`'s version) is none;
                // an absent required one is refused, as `params::version` refuses it.
                Ok(()) if n == 0 && !p.required => return Ok(()),
                Ok(()) if n == 0 => Err(Invalid::new(name, "is required")),
                Ok(()) => {
                    *num = n;
                    Ok(String::new())
                }
                Err(e) => Err(e),
            }
        }
        // Both objects read by one call.
        Rule::Object | Rule::ObjectWith(..) => params::payload(f, name).and_then(|json| {
            if let Rule::ObjectWith(field, allowed) = p.rule {
                params::opt_nested_one_of(f, name, field, allowed)?;
            }
            Ok(json)
        }),
        // Written into `out` by the reader itself (no answer through memory to copy).
        Rule::OneOf(allowed) => {
            return params::one_of_into(f, name, allowed, out.insert(String::new()))
        }
        Rule::Key => params::key(f, "", name),
    };
    // Every caller's `out` is `None` here: filled without a drop of what was there (`*out =`
    // called the drop of an `Option<String>` for each parameter read).
    out.get_or_insert(value?);
    Ok(())
}

/// The longest workflow action's name.
pub const MAX_ACTION_LEN: usize = 64;

/// Whether `action` can be a workflow action's name: letters only, and not the name of an
/// endpoint that is not an action (the request would reach that endpoint instead).
fn is_action_name(action: &str) -> bool {
    let word =
        action.len() <= MAX_ACTION_LEN && action.as_bytes().iter().all(u8::is_ascii_alphabetic);
    word && named(action, false).is_none()
}

/// Why a name is no workflow action's ([`is_action_name`]).
const NOT_AN_ACTION: &str =
    "must be the name of a workflow action such as 'resumeworkflow' (letters only)";

/// A workflow action's name read as [`read`] reads it (the tests').
#[cfg(test)]
fn action(f: &FieldSource<'_>, name: &str) -> Result<String, Invalid> {
    let action = params::id(f, name)?;
    if !is_action_name(&action) {
        return Err(Invalid::new(name, NOT_AN_ACTION));
    }
    Ok(action)
}

/// The endpoint whose path names it `name` (in any case), as a workflow action's does: a
/// described action's when `action`, else one that is not an action.
/// (`name` has letters only, as both callers' have: a `{name}` segment never equals it, so
/// the path is read as bytes, without cutting its segment out: `named_reads_the_path_name`;
/// every path starts with `/workflows/`, which `api`'s `every_description_is_well_formed`
/// checks, so it is skipped unread.)
fn named(name: &str, action: bool) -> Option<&'static Endpoint> {
    all().find(|e| {
        let rest = e.path.as_bytes().get(PREFIX.len()..).unwrap_or(&[]);
        e.is_action() == action
            && rest
                .get(..name.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(name.as_bytes()))
            && matches!(rest.get(name.len()), None | Some(b'/'))
    })
}

/// What every path starts with.
const PREFIX: &str = "/workflows/";

/// The query values a `lastKey` object stands for, each checked by the rule of the list
/// parameter of the same name, a key's (`every_cursor_field_is_a_key_parameter`: read as
/// one directly, no parameter looked up); errors name the field as `lastKey.<field>`.
pub fn cursor_values(
    ep: &Endpoint,
    key: &FieldSource<'_>,
) -> Result<Vec<(&'static str, String)>, Invalid> {
    let mut out = Vec::new();
    cursor_values_into(ep, key, &mut out)?;
    Ok(out)
}

/// [`cursor_values`], pushed onto `out` (where the caller keeps them: the answer one word,
/// not a `Result` of a `Vec` answered through memory).
pub(crate) fn cursor_values_into(
    ep: &Endpoint,
    key: &FieldSource<'_>,
    out: &mut Vec<(&'static str, String)>,
) -> Result<(), Invalid> {
    // The parameters after `limit` ([`Endpoint::cursor`]), found in the same pass.
    let mut cursor = false;
    for p in ep.params {
        if cursor {
            out.push((p.name, params::key(key, "lastKey.", p.name)?));
        }
        cursor |= matches!(p.rule, Rule::Limit);
    }
    Ok(())
}

/// Checks caller input against `ep`'s parameters and builds its request. ([`FieldSource`]: one
/// copy in a wasm for every kind of field source.) Unknown names are the package entry's to
/// refuse (`pkg-template/src/names.js`), from the names this table gives it.
pub fn build(ep: &Endpoint, f: &FieldSource<'_>) -> Result<HttpRequest, ValidationError> {
    Ok(request(ep, f)?)
}

/// The most parameters an endpoint has (`request` reads them into an array this long).
const MAX_PARAMS: usize = 3;

/// [`build`], its error boxed (see [`Invalid`]).
#[inline]
pub(crate) fn request(ep: &Endpoint, f: &FieldSource<'_>) -> Result<HttpRequest, Invalid> {
    request_of(ep, ep.params, f)
}

/// [`request`] with only `params` of `ep`'s parameters read (a list's own, before `limit`
/// and the cursor, for a walk's base request: the others are left out as when absent).
pub(crate) fn request_of(
    ep: &Endpoint,
    params: &[Param],
    f: &FieldSource<'_>,
) -> Result<HttpRequest, Invalid> {
    // On the stack, not a `Vec`: no allocation, no growth path (every endpoint has at most
    // `MAX_PARAMS` parameters: a test says so).
    // Each with its number ([`read`]; 0 for the others).
    let mut values: [(Option<String>, u64); MAX_PARAMS] = Default::default();
    for (p, (v, n)) in params.iter().zip(values.iter_mut()) {
        read(p, f, v, n)?;
    }
    // Room for the template, a UUID in its path or query and a version with their names
    // (`/workflows/getWorkflowById?workflow_id=<36>&workflow_version=<digits>` is about 95
    // bytes): the usual call's path never grows (grown, it was a `realloc`, a copy and two
    // more allocator calls a call: docs/benchmarks-log.md, `ncall5`).
    let mut path = String::with_capacity(ep.path.len() + 96);
    // The template's text up to each `{name}` and the value's encoding, written together: an
    // absent optional parameter (only the last may be) ends the path before the `/` that
    // would precede it. The path parameters are the first ones, in the template's order
    // (`path_parameters_come_first_in_the_templates_order`): no name looked up.
    let mut in_path = values.iter();
    let template = ep.path;
    // Read as bytes, by positions (no pair of slices answered through memory): `from` is
    // where the text not yet written starts, after the last `}` (every `{` has its `}`:
    // every_description_is_well_formed).
    let mut from = 0;
    let mut at = 0;
    loop {
        match template.as_bytes().get(at) {
            None => {
                // A template without `{name}` (most) is written whole.
                path.push_str(rest(template, from));
                break;
            }
            Some(b'{') => {
                let Some((Some(v), n)) = in_path.next() else {
                    break;
                };
                path.push_str(template.get(from..at).unwrap_or(""));
                push_value(&mut path, v, *n);
            }
            Some(b'}') => from = at + 1,
            Some(_) => {}
        }
        at += 1;
    }
    // One pass for the two checks between parameters (no endpoint has both a cursor pair and
    // an action, so their order is each one's own) and the query, after the path (a request
    // that fails a check drops both).
    let mut sep = "?";
    for (p, (v, n)) in params.iter().zip(&values) {
        if let (Some(other), Some(_)) = (p.with, v) {
            let other = usize::from(other);
            if !matches!(values.get(other), Some((Some(_), _))) {
                let mut rule = String::from("is required with ");
                rule.push_str(p.name);
                rule.push_str(" (both come from lastKey)");
                let other = params.get(other).map_or("", |q| q.name);
                return Err(Invalid::new(other, &rule));
            }
        }
        match (p.rule, p.at, v) {
            // An action named after a described one (`resumeworkflow`) obeys that one's
            // payload rule. (An action's name travels in the path: the test below.)
            (Rule::Action, _, Some(name)) => {
                for q in named(name, true).map_or(&[][..], |target| target.params) {
                    if q.at == At::Payload {
                        read(q, f, &mut None, &mut 0)?;
                    }
                }
            }
            (_, At::Query, Some(v)) => {
                path.push_str(sep);
                sep = "&";
                path.push_str(p.name);
                path.push_str("=");
                push_value(&mut path, v, *n);
            }
            _ => {}
        }
    }
    Ok(HttpRequest {
        method: ep.method,
        path,
        body: body(ep, params, &mut values),
        shape: ep.shape,
        idempotency: ep.idempotency,
        #[cfg(feature = "client")]
        headers: Vec::new(),
    })
}

/// Appends a parameter's value to a path or a query: a number's digits (`n`, not 0: see
/// [`read`]), else `v` encoded. Inlined into its two callers: a function of its own was one
/// more a call (2 entries), for 1 B of A less.
#[inline(always)]
fn push_value(out: &mut String, v: &str, n: u64) {
    if n != 0 {
        params::push_u64(out, n);
    } else {
        push_encoded(out, v);
    }
}

/// The JSON body: the payload parameter's object, or the body parameters as an object.
/// (The values are the request's last use of them: the payload's text moves into the body.)
fn body(ep: &Endpoint, params: &[Param], values: &mut [(Option<String>, u64)]) -> Option<String> {
    if ep.method == Method::Get {
        return None;
    }
    // Nothing allocated before a payload's text is taken: `{` is written with the first field.
    let mut out = String::new();
    for (p, (v, n)) in params.iter().zip(values.iter_mut()) {
        match (p.at, v) {
            // Always there (an object's rule reads an absent one as `{}`); were it not, the
            // end below writes `{}` (no endpoint has a payload and body parameters: a test).
            (At::Payload, Some(v)) => return Some(std::mem::take(v)),
            (At::Body, Some(v)) => {
                out.push_str(if out.is_empty() { "{" } else { "," });
                push_json_string(&mut out, p.name);
                out.push_str(":");
                // A number's digits, else a string (no body parameter is an object:
                // `body_parameters_are_strings_or_numbers`).
                if *n != 0 {
                    params::push_u64(&mut out, *n);
                } else {
                    push_json_string(&mut out, v);
                }
            }
            _ => {}
        }
    }
    if out.is_empty() {
        out.push_str("{");
    }
    out.push_str("}");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::by_name;
    use crate::params::tests::{s, Map};

    /// Catches a cursor field that is not a key parameter of a list: `cursor_values` reads
    /// each as a key without looking at its rule.
    #[test]
    fn every_cursor_field_is_a_key_parameter() {
        for ep in all() {
            for p in ep.cursor() {
                assert!(ep.list.is_some(), "{}", ep.name);
                assert_eq!(p.rule, Rule::Key, "{}.{}", ep.name, p.name);
            }
        }
    }

    /// Catches `cursor_values_into` reading other fields than [`Endpoint::cursor`] (its own
    /// pass over the parameters after `limit`), or in another order.
    #[test]
    fn cursor_values_reads_the_endpoints_cursor() {
        for ep in all() {
            let names: Vec<&str> = ep.cursor().iter().map(|p| p.name).collect();
            let key = names
                .iter()
                .fold(Map::default(), |m, name| m.with(name, s("k")));
            let read: Vec<&str> = cursor_values(ep, &key)
                .unwrap()
                .iter()
                .map(|v| v.0)
                .collect();
            assert_eq!(read, names, "{}", ep.name);
        }
    }

    /// Catches `named` reading a path otherwise than `Endpoint::path_name` for a name of
    /// letters (every name it is given): each endpoint's own name in three cases, its
    /// prefixes and longer names, and other words.
    #[test]
    fn named_reads_the_path_name() {
        let by_path_name = |name: &str, action: bool| {
            all().find(|e| {
                e.is_action() == action
                    && e.path_name().is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
        };
        let mut names = vec![
            String::new(),
            "workflows".into(),
            "action".into(),
            "x".into(),
        ];
        for e in all() {
            let seg = e.path.trim_start_matches(PREFIX);
            let seg = seg.split('/').next().unwrap();
            for n in [
                seg.to_owned(),
                seg.to_uppercase(),
                seg.to_lowercase(),
                e.name.to_owned(),
            ] {
                names.push(n.clone());
                names.push(n[..n.len() / 2].to_owned());
                names.push(n.clone() + "x");
            }
        }
        for n in names
            .iter()
            .filter(|n| n.bytes().all(|b| b.is_ascii_alphabetic()))
        {
            for action in [false, true] {
                let (new, old) = (named(n, action), by_path_name(n, action));
                assert_eq!(new.map(|e| e.name), old.map(|e| e.name), "{n} {action}");
            }
        }
    }

    /// Catches a path parameter out of the template's order, after a parameter of another
    /// kind, or a `{name}` of no path parameter: `request_of` fills the template's `{…}`
    /// with the first parameters' values, without looking their names up.
    #[test]
    fn path_parameters_come_first_in_the_templates_order() {
        for ep in all() {
            let in_template: Vec<&str> = ep
                .path
                .split('{')
                .skip(1)
                .map(|t| t.split('}').next().unwrap())
                .collect();
            let in_params: Vec<&str> = ep
                .params
                .iter()
                .take_while(|p| p.at == At::Path)
                .map(|p| p.name)
                .collect();
            let path_params = ep.params.iter().filter(|p| p.at == At::Path).count();
            assert_eq!(in_params.len(), path_params, "{}", ep.name);
            assert_eq!(in_template, in_params, "{}", ep.name);
        }
    }

    /// Catches an endpoint with both a payload and body parameters: `body` answers the
    /// payload's text alone, and takes an absent payload's slot (never left absent: an
    /// object's rule reads one as `{}`) for no payload, writing the body parameters instead.
    #[test]
    fn no_endpoint_has_both_a_payload_and_body_parameters() {
        for ep in all() {
            let payload = ep.params.iter().any(|p| p.at == At::Payload);
            let body = ep.params.iter().any(|p| p.at == At::Body);
            assert!(!(payload && body), "{}", ep.name);
        }
    }

    /// Catches an endpoint with more parameters than `request` has room for (the rest
    /// would not be read).
    #[test]
    fn no_endpoint_has_more_than_max_params() {
        assert!(all().all(|e| e.params.len() <= MAX_PARAMS));
    }

    #[test]
    fn actions_refuse_the_names_of_other_endpoints_only() {
        let with = |a: &str| Map::default().with("action", s(a));
        assert!(action(&with("resumeworkflow"), "action").is_ok());
        assert!(action(&with("approveworkflow"), "action").is_ok());
        for taken in [
            "triggerworkflow",
            "GETWORKFLOWBYID",
            "toggleScheduledWorkflow",
        ] {
            assert!(action(&with(taken), "action").is_err(), "{taken}");
        }
    }

    /// Catches an endpoint with both a cursor pair (`with`) and an action's name: `request`
    /// checks the two in one pass, in the parameters' order, which would then decide which
    /// of their errors comes first; and an action's name in the query (that pass writes the
    /// query too, and takes an action's parameter for no query parameter).
    #[test]
    fn no_endpoint_has_both_a_cursor_pair_and_an_action() {
        for ep in all() {
            let pair = ep.params.iter().any(|p| p.with.is_some());
            let action = ep.params.iter().find(|p| p.rule == Rule::Action);
            assert!(!(pair && action.is_some()), "{}", ep.name);
            assert!(action.is_none_or(|p| p.at == At::Path), "{}", ep.name);
        }
    }

    /// Catches `runWorkflowAction` as a way around `resumeWorkflow`'s payload rule.
    #[test]
    fn a_described_action_keeps_its_payload_rule_when_run_by_name() {
        let run = by_name("runWorkflowAction").unwrap();
        let m = Map::default()
            .with("action", s("ResumeWorkflow"))
            .with("process_id", s("p"))
            .with_json("payload", r#"{"source":"EMAIL"}"#);
        assert_eq!(build(run, &m).unwrap_err().param, "payload.source");
        let other = m.clone().with("action", s("approveworkflow"));
        assert!(build(run, &other).is_ok());
    }

    /// Catches a path made with too little room for the usual call (a UUID and a version
    /// with their names): it grew, a `realloc` and a copy a call (its capacity then doubles).
    #[test]
    fn the_usual_path_is_built_without_growing() {
        let get = by_name("getWorkflowById").unwrap();
        let m = Map::default()
            .with("workflow_id", s("3f2b8c1e-9a4d-4e6f-b7c2-1d5e8a9f0b3c"))
            .with("workflow_version", Raw::Num(4_294_967_296.0));
        let req = request(get, &m).unwrap();
        assert_eq!(req.path.capacity(), get.path.len() + 96, "{}", req.path);
    }

    /// Catches a body parameter whose value is JSON text other than a number (an object's):
    /// `body` writes a number's digits and quotes every other value as a JSON string.
    #[test]
    fn body_parameters_are_strings_or_numbers() {
        for ep in all() {
            for p in ep.params.iter().filter(|p| p.at == At::Body) {
                let text = matches!(p.rule, Rule::Id | Rule::Action | Rule::Key | Rule::OneOf(_));
                let number = matches!(p.rule, Rule::Version | Rule::Limit);
                assert!(text || number, "{}.{}", ep.name, p.name);
            }
        }
    }

    /// Catches a number's digits ([`read`] keeps it as a number until it is written) lost,
    /// doubled or written as another parameter's in a path, a query or a body, or a string of
    /// digits written other than as the number it is read as.
    #[test]
    fn a_number_is_written_as_its_digits_wherever_it_is_sent() {
        let id = |ep: &str, version: Raw| {
            let req = request(
                by_name(ep).unwrap(),
                &Map::default()
                    .with("workflow_id", s("w 1"))
                    .with("workflow_version", version)
                    .with("action", s("PLAY")),
            )
            .unwrap();
            (req.path, req.body)
        };
        let (path, _) = id("getWorkflowById", Raw::Num(1234.0));
        assert_eq!(
            path,
            "/workflows/getWorkflowById?workflow_id=w%201&workflow_version=1234"
        );
        let (path, _) = id("getWorkflowById", s("007"));
        assert!(path.ends_with("&workflow_version=7"), "{path}");
        let (path, body) = id("triggerWorkflow", Raw::Num(90071992547.0));
        assert_eq!(path, "/workflows/triggerworkflow/w%201/90071992547");
        assert_eq!(body.as_deref(), Some("{}"));
        let (_, body) = id("toggleScheduledWorkflow", Raw::Num(12.0));
        assert_eq!(
            body.as_deref(),
            Some(r#"{"workflow_id":"w 1","workflow_version":12,"action":"PLAY"}"#)
        );
    }

    /// Catches a cursor that is not sent back as the page gave it (a version rounded or
    /// refused for not being a whole number ≥ 1, an id refused by the id rules), an empty
    /// key accepted, and an error that does not name the field.
    /// Catches a version read by the limit's rule (its ends or its words), or a limit by the
    /// version's: both go through one reader with their own end and text.
    #[test]
    fn a_version_and_a_limit_each_keep_their_own_range_and_words() {
        let get = by_name("getWorkflowById").unwrap();
        let with = |v: Raw| {
            Map::default()
                .with("workflow_id", s("w"))
                .with("workflow_version", v)
        };
        let req = request(get, &with(Raw::Num(31.0))).unwrap();
        assert!(req.path.ends_with("workflow_version=31"), "{}", req.path);
        let err = request(get, &with(Raw::Num(0.0))).unwrap_err();
        assert_eq!(
            err.message,
            format!("workflow_version {}", params::VERSION_RULE)
        );
        let list = by_name("getOrganizationWorkflows").unwrap();
        let err = request(list, &Map::default().with("limit", Raw::Num(31.0))).unwrap_err();
        assert_eq!(err.message, format!("limit {}", params::LIMIT_RULE));
    }

    #[test]
    fn cursor_values_are_sent_back_unchanged_and_errors_name_the_field() {
        let list = by_name("getOrganizationWorkflows").unwrap();
        let key = Map::default()
            .with("workflow_id", s("w 1"))
            .with("workflow_version", Raw::Num(3.0));
        assert_eq!(
            cursor_values(list, &key).unwrap(),
            [
                ("workflow_id", "w 1".to_owned()),
                ("workflow_version", "3".to_owned())
            ]
        );
        for (version, sent) in [
            ("54534234.468", "54534234.468"),
            ("-1.79e308", "-1.79e+308"),
            ("-12", "-12"),
            ("0", "0"),
            ("9007199254740991", "9007199254740991"),
        ] {
            let key = Map::default()
                .with("workflow_id", s(".."))
                .with_number("workflow_version", version);
            assert_eq!(
                cursor_values(list, &key).unwrap(),
                [
                    ("workflow_id", "..".to_owned()),
                    ("workflow_version", sent.to_owned())
                ],
                "{version}"
            );
        }
        let text = Map::default()
            .with("workflow_id", s("/"))
            .with("workflow_version", s("v2"));
        assert_eq!(cursor_values(list, &text).unwrap()[1].1, "v2");
        let empty = text.clone().with("workflow_id", s(""));
        assert_eq!(
            cursor_values(list, &empty).unwrap_err().message,
            "lastKey.workflow_id must not be empty"
        );
        for bad in [
            Raw::Null,
            Raw::Num(f64::NAN),
            Raw::Num(f64::INFINITY),
            Raw::Bool(true),
            Raw::Object,
        ] {
            // JSON.stringify writes NaN and the infinities as `null`: never sent as that.
            let key = Map::default().with("workflow_id", s("w")).with_as(
                "workflow_version",
                bad.clone(),
                "null",
            );
            let e = cursor_values(list, &key).unwrap_err();
            assert_eq!(e.param, "lastKey.workflow_version", "{bad:?}");
            let reason = if bad == Raw::Null {
                "is required"
            } else {
                "must be a string or a finite number"
            };
            assert!(
                e.message
                    .starts_with(&format!("lastKey.workflow_version {reason}")),
                "{}",
                e.message
            );
        }
    }
}
