//! Endpoints as data. Each resource module describes its endpoints once, in an
//! `ENDPOINTS` table of [`Endpoint`] values that reads like the API document: name, HTTP
//! method and path template, parameters with their rules, idempotency, response type and,
//! for lists, the cursor. Everything else is read from these tables: [`build`] turns
//! caller input into the request, the paginators patch that request with the cursor, the
//! wasm layer serves each entry by its index, the package's TypeScript declarations of the
//! methods and their parameters and the OpenAPI document are generated from them
//! (`src/bin/describe/`), the fuzzing registry walks them, and `runWorkflowAction`
//! refuses their names.

use crate::error::ValidationError;
use crate::http::{push_encoded, push_json_string, HttpRequest, Idempotency, Method, Shape};
use crate::params::{self, Fields, Raw};

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// A `{name}` segment of the path template.
    Path,
    /// A query parameter.
    Query,
    /// A field of the JSON request body.
    Body,
    /// The whole JSON request body (`{}` when absent).
    Payload,
}

/// What a parameter's value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// A non-empty string of at most 1,024 characters, not `.` or `..`.
    Id,
    /// A whole number ≥ 1, as a number or a string of digits; sent as digits.
    Version,
    /// A page size: a whole number from 1 to 30.
    Limit,
    /// A JSON object, sent as given.
    Object,
    /// A JSON object whose optional field `.0` must be one of `.1`.
    ObjectWith(&'static str, &'static [&'static str]),
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// A workflow action's name: letters only, and not another endpoint's name.
    Action,
    /// A pagination key, as a page's `lastKey` gave it: any non-empty string or finite
    /// number, sent back unchanged (a number as JavaScript writes it).
    Key,
}

/// Text for the generated declarations and OpenAPI document. Only the `describe` build
/// tool reads it, so the wasm does not carry it (about 1.5 KB gzipped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Doc(#[cfg(feature = "describe")] pub &'static str);

/// A [`Doc`] of `text`.
pub const fn doc(text: &'static str) -> Doc {
    #[cfg(feature = "describe")]
    {
        Doc(text)
    }
    #[cfg(not(feature = "describe"))]
    {
        let _ = text;
        Doc()
    }
}

/// One parameter of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// Its wire name (also the JavaScript property name).
    pub name: &'static str,
    /// Whether it must be given.
    pub required: bool,
    /// Where it travels.
    pub at: At,
    /// What its value must be.
    pub rule: Rule,
    /// One line for the TypeScript and OpenAPI descriptions.
    pub doc: Doc,
    /// A parameter that must be given whenever this one is (cursor pairs).
    pub with: Option<&'static str>,
}

impl Param {
    /// A required parameter.
    pub const fn req(name: &'static str, at: At, rule: Rule, text: &'static str) -> Param {
        Param {
            name,
            required: true,
            at,
            rule,
            doc: doc(text),
            with: None,
        }
    }

    /// An optional parameter.
    pub const fn opt(name: &'static str, at: At, rule: Rule, text: &'static str) -> Param {
        Param {
            required: false,
            ..Param::req(name, at, rule, text)
        }
    }

    /// This parameter, which needs `other` whenever it is given.
    pub const fn with(self, other: &'static str) -> Param {
        Param {
            with: Some(other),
            ..self
        }
    }
}

/// A type the response (or a list's item or cursor) has: with the `describe` feature, its
/// name and JSON Schema (for the declarations and the OpenAPI document); nothing in the wasm.
#[derive(Clone, Copy)]
pub struct TypeRef {
    /// The TypeScript (and OpenAPI component) name.
    #[cfg(feature = "describe")]
    pub name: &'static str,
    /// The JSON Schema of the Rust type.
    #[cfg(feature = "describe")]
    pub schema: fn(&mut schemars::SchemaGenerator) -> schemars::Schema,
}

impl std::fmt::Debug for TypeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        #[cfg(feature = "describe")]
        return f.write_str(self.name);
        #[cfg(not(feature = "describe"))]
        f.write_str("TypeRef")
    }
}

/// A [`TypeRef`] to the Rust type `$t`.
#[macro_export]
macro_rules! type_ref {
    ($t:ident) => {
        $crate::endpoint::TypeRef {
            #[cfg(feature = "describe")]
            name: stringify!($t),
            #[cfg(feature = "describe")]
            schema: |g| g.subschema_for::<$t>(),
        }
    };
}

/// What a list endpoint's paginator walks.
#[derive(Debug, Clone, Copy)]
pub struct List {
    /// The paginator method's name.
    pub paginate: &'static str,
    /// One line for its TypeScript description.
    pub doc: Doc,
    /// The type of each item.
    pub item: TypeRef,
    /// The type of `lastKey`.
    pub key: TypeRef,
    /// The `lastKey` fields that are sent back as query parameters of the next page.
    pub cursor: &'static [&'static str],
}

/// One endpoint of the API.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    /// The method's name (the API document's endpoint name, in camelCase).
    pub name: &'static str,
    /// What it does, for the TypeScript and OpenAPI descriptions.
    pub doc: Doc,
    /// HTTP method.
    pub method: Method,
    /// Path under the base URL; `{name}` segments are path parameters, and an optional
    /// one may only come last (it is left out when absent).
    pub path: &'static str,
    /// Its parameters, in the order they are checked and sent.
    pub params: &'static [Param],
    /// Whether sending it twice could do the work twice.
    pub idempotency: Idempotency,
    /// The documented shape of a success, checked before it is returned.
    pub shape: Shape,
    /// The type of a success.
    pub response: TypeRef,
    /// For lists: what the paginator walks.
    pub list: Option<List>,
}

/// Every endpoint, resource module by resource module.
pub fn all() -> impl Iterator<Item = &'static Endpoint> {
    [
        crate::workflows::ENDPOINTS,
        crate::executions::ENDPOINTS,
        crate::schedules::ENDPOINTS,
    ]
    .into_iter()
    .flatten()
}

/// The endpoint at `index` in [`all`].
pub fn by_index(index: u32) -> Option<&'static Endpoint> {
    all().nth(index as usize)
}

/// The endpoint named `name`.
pub fn by_name(name: &str) -> Option<&'static Endpoint> {
    all().find(|e| e.name == name)
}

impl Endpoint {
    /// Whether this endpoint is a workflow action: `POST /workflows/{action}/{process_id}`
    /// with its action's name written out (`resumeworkflow`).
    pub fn is_action(&self) -> bool {
        self.method == Method::Post && self.path.ends_with("/{process_id}")
    }

    /// The path's first segment under `/workflows/` when it is a fixed name.
    pub fn path_name(&self) -> Option<&'static str> {
        let name = self.path.strip_prefix("/workflows/")?.split('/').next()?;
        (!name.starts_with('{')).then_some(name)
    }
}

/// A checked parameter value, ready to be sent.
enum Value {
    /// A string.
    Text(String),
    /// Decimal digits (sent as a JSON number in a body).
    Number(String),
    /// JSON text of an object.
    Json(String),
}

impl Value {
    fn as_str(&self) -> &str {
        match self {
            Value::Text(s) | Value::Number(s) | Value::Json(s) => s,
        }
    }
}

/// Reads one parameter by its rule, as the field `name` (its own name, or `lastKey.` and
/// its name for a cursor); `None` when it is optional and absent.
fn read(p: &Param, name: &str, f: &dyn Fields) -> Result<Option<Value>, ValidationError> {
    // Only an optional parameter needs this first look (a field read crosses into JavaScript).
    let optional = !p.required && !matches!(p.rule, Rule::Object | Rule::ObjectWith(..));
    if optional && matches!(f.field(name), Raw::Missing | Raw::Null) {
        return Ok(None);
    }
    Ok(Some(match p.rule {
        Rule::Id => Value::Text(params::id(f, name)?),
        Rule::Version => Value::Number(params::version(f, name)?.digits()),
        Rule::Limit => match params::limit(f, name)? {
            Some(n) => Value::Number(params::u64_to_string(n)),
            None => return Ok(None),
        },
        Rule::Object => Value::Json(params::payload(f, name)?),
        Rule::ObjectWith(field, allowed) => {
            let json = params::payload(f, name)?;
            params::opt_nested_one_of(f, name, field, allowed)?;
            Value::Json(json)
        }
        Rule::OneOf(allowed) => Value::Text(params::one_of(f, name, allowed)?.to_owned()),
        Rule::Action => Value::Text(action(f, name)?),
        Rule::Key => Value::Text(params::key(f, name)?),
    }))
}

/// A workflow action's name: letters only, and not the name of an endpoint that is not an
/// action (the request would reach that endpoint instead).
fn action(f: &dyn Fields, name: &str) -> Result<String, ValidationError> {
    let action = params::id(f, name)?;
    let word = action.len() <= 64 && action.bytes().all(|b| b.is_ascii_alphabetic());
    let taken = all()
        .filter(|e| !e.is_action())
        .filter_map(Endpoint::path_name)
        .any(|n| n.eq_ignore_ascii_case(&action));
    if !word || taken {
        return Err(ValidationError::new(
            name,
            "must be the name of a workflow action such as 'resumeworkflow' (letters only)",
        ));
    }
    Ok(action)
}

/// Reads `name` from the wrapped fields as `name` without `prefix` (so that errors can
/// name `lastKey.x` while the value is the key's `x`).
struct Prefixed<'a>(&'a dyn Fields, &'static str);

impl Fields for Prefixed<'_> {
    fn field(&self, name: &str) -> Raw {
        self.0.field(name.strip_prefix(self.1).unwrap_or(name))
    }
    fn nested(&self, outer: &str, inner: &str) -> Raw {
        self.0
            .nested(outer.strip_prefix(self.1).unwrap_or(outer), inner)
    }
    fn json(&self, name: &str) -> Option<String> {
        self.0.json(name.strip_prefix(self.1).unwrap_or(name))
    }
}

/// The query values a `lastKey` object stands for, each checked by the rule of the list
/// parameter of the same name; errors name the field as `lastKey.<field>`.
pub fn cursor_values(
    ep: &Endpoint,
    key: &dyn Fields,
) -> Result<Vec<(&'static str, String)>, ValidationError> {
    let cursor = ep.list.map_or(&[][..], |l| l.cursor);
    let prefixed = Prefixed(key, "lastKey.");
    let mut out = Vec::with_capacity(cursor.len());
    for &field in cursor {
        let Some(p) = ep.params.iter().find(|p| p.name == field) else {
            continue; // every_description_is_well_formed rules this out
        };
        let mut name = String::from("lastKey.");
        name.push_str(field);
        let required = Param {
            required: true,
            ..*p
        };
        if let Some(v) = read(&required, &name, &prefixed)? {
            out.push((field, v.as_str().to_owned()));
        }
    }
    Ok(out)
}

/// Checks caller input against `ep`'s parameters and builds its request. (`dyn`: one copy
/// in the wasm for every kind of field source.) Unknown names are the package entry's to
/// refuse (`pkg-template/src/names.js`), from the names this table gives it.
pub fn build(ep: &Endpoint, f: &dyn Fields) -> Result<HttpRequest, ValidationError> {
    let mut values = Vec::with_capacity(ep.params.len());
    for p in ep.params {
        values.push(read(p, p.name, f)?);
    }
    let value = |name: &str| {
        ep.params
            .iter()
            .zip(&values)
            .find(|(p, _)| p.name == name)
            .and_then(|(_, v)| v.as_ref())
    };
    for (p, v) in ep.params.iter().zip(&values) {
        if let (Some(other), Some(_)) = (p.with, v) {
            if value(other).is_none() {
                let mut rule = String::from("is required with ");
                rule.push_str(p.name);
                rule.push_str(" (both come from lastKey)");
                return Err(ValidationError::new(other, &rule));
            }
        }
    }
    // An action named after a described one (`resumeworkflow`) obeys that one's payload rule.
    for (p, v) in ep.params.iter().zip(&values) {
        if let (Rule::Action, Some(Value::Text(name))) = (p.rule, v) {
            let same = |e: &&Endpoint| {
                e.is_action() && e.path_name().is_some_and(|n| n.eq_ignore_ascii_case(name))
            };
            for target in all().filter(same) {
                for q in target.params.iter().filter(|q| q.at == At::Payload) {
                    read(q, q.name, f)?;
                }
            }
        }
    }
    let mut path = String::with_capacity(ep.path.len() + 32);
    for segment in ep.path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => match value(name) {
                Some(v) => {
                    path.push('/');
                    push_encoded(&mut path, v.as_str());
                }
                None => break,
            },
            None => {
                path.push('/');
                path.push_str(segment);
            }
        }
    }
    let mut sep = '?';
    for (p, v) in ep.params.iter().zip(&values) {
        if let (At::Query, Some(v)) = (p.at, v) {
            path.push(sep);
            sep = '&';
            path.push_str(p.name);
            path.push('=');
            push_encoded(&mut path, v.as_str());
        }
    }
    Ok(HttpRequest {
        method: ep.method,
        path,
        body: body(ep, &values),
        shape: ep.shape,
        idempotency: ep.idempotency,
    })
}

/// The JSON body: the payload parameter's object, or the body parameters as an object.
fn body(ep: &Endpoint, values: &[Option<Value>]) -> Option<String> {
    if ep.method == Method::Get {
        return None;
    }
    let fields = || ep.params.iter().zip(values);
    if let Some((_, v)) = fields().find(|(p, _)| p.at == At::Payload) {
        return Some(v.as_ref().map_or("{}", Value::as_str).to_owned());
    }
    let mut out = String::from("{");
    for (p, v) in fields().filter(|(p, _)| p.at == At::Body) {
        let Some(v) = v else { continue };
        if out.len() > 1 {
            out.push(',');
        }
        push_json_string(&mut out, p.name);
        out.push(':');
        match v {
            Value::Text(s) => push_json_string(&mut out, s),
            Value::Number(s) | Value::Json(s) => out.push_str(s),
        }
    }
    out.push('}');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::tests::{s, Map};

    /// Catches a description that [`build`] cannot honour: an optional path segment before
    /// the end, a `{name}` without its path parameter, a `with` naming no parameter, a
    /// cursor field that is not a query parameter, or two endpoints with one name.
    #[test]
    fn every_description_is_well_formed() {
        let mut names = Vec::new();
        for ep in all() {
            assert!(ep.path.starts_with("/workflows/"), "{}", ep.name);
            let segments: Vec<&str> = ep.path.split('/').skip(2).collect();
            for (i, seg) in segments.iter().enumerate() {
                if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    let p = ep.params.iter().find(|p| p.name == name);
                    let p = p.unwrap_or_else(|| panic!("{}: no parameter {name}", ep.name));
                    assert_eq!(p.at, At::Path, "{}.{name}", ep.name);
                    assert!(p.required || i + 1 == segments.len(), "{}.{name}", ep.name);
                }
            }
            for p in ep.params {
                if p.at == At::Path {
                    assert!(ep.path.contains(&format!("{{{}}}", p.name)), "{}", p.name);
                }
                if let Some(other) = p.with {
                    assert!(ep.params.iter().any(|q| q.name == other), "{other}");
                }
            }
            for field in ep.list.iter().flat_map(|l| l.cursor) {
                let p = ep.params.iter().find(|p| p.name == *field).unwrap();
                assert_eq!(p.at, At::Query, "{}.{field}", ep.name);
            }
            assert!(!names.contains(&ep.name), "{} twice", ep.name);
            names.push(ep.name);
        }
    }

    /// The API document's nine endpoints plus `runWorkflowAction`, three of them lists.
    #[test]
    fn the_api_has_ten_methods_and_three_lists() {
        assert_eq!(all().count(), 10);
        assert_eq!(all().filter(|e| e.list.is_some()).count(), 3);
        assert_eq!(by_index(0).map(|e| e.name), all().next().map(|e| e.name));
        assert!(by_index(10).is_none());
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

    /// Catches a cursor that is not sent back as the page gave it (a version rounded or
    /// refused for not being a whole number ≥ 1, an id refused by the id rules), an empty
    /// key accepted, and an error that does not name the field.
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
