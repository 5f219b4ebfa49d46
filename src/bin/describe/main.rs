//! Writes what the endpoint descriptions (`src/endpoint.rs` and the resource modules' tables)
//! say, for the build (`scripts/build.mjs`):
//!   `<dir>/openapi.json`   an OpenAPI 3.1 document of the API, with the response types'
//!                          JSON Schemas generated from the Rust structs (schemars);
//!   `<dir>/api.d.ts`       the parameter types and the `LooplyClient` methods, with TSDoc,
//!                          and the response types, written from that document's schemas
//!                          (`ts.rs`), so that the two cannot disagree.
//! Run: `cargo run --features describe --bin describe -- <dir>`. Native only: nothing of it
//! reaches the shipped wasm.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // a build tool: a failure stops the build

use looply_sdk::api;
use looply_sdk::endpoint::{At, Endpoint, Param, Rule};
use looply_sdk::http::Method;
use looply_sdk::{config, params, request};
use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};
use std::fmt::Write;

mod facts;
mod js;
mod readme;
mod rust;
mod ts;

const USAGE: &str = "usage: describe <output dir> | describe --sources | describe --check-sources";

fn main() {
    let arg = std::env::args().nth(1).expect(USAGE);
    let doc = openapi();
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    match arg.as_str() {
        "--sources" => sources(schemas, false),
        "--check-sources" => sources(schemas, true),
        dir if !dir.starts_with('-') => build_files(dir, &doc, schemas),
        _ => panic!("{USAGE}"),
    }
}

/// What the build reads (`scripts/build.mjs`): the declarations, the facts and the document.
fn build_files(dir: &str, doc: &Value, schemas: &Map<String, Value>) {
    std::fs::create_dir_all(dir).expect("output dir");
    let dts = declarations() + "\n" + &ts::declarations(schemas);
    std::fs::write(format!("{dir}/api.d.ts"), dts + &facts::declarations()).expect("api.d.ts");
    std::fs::write(format!("{dir}/facts.js"), facts::module()).expect("facts.js");
    let doc = serde_json::to_string_pretty(doc).expect("JSON");
    std::fs::write(format!("{dir}/openapi.json"), doc + "\n").expect("openapi.json");
}

/// The generated files that are checked in (the Rust client's resource modules, the npm
/// README's method table): written (`make generate`), or compared with what is there
/// (`make lint`), failing with the stale files' names.
fn sources(schemas: &Map<String, Value>, check: bool) {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut stale = Vec::new();
    for (path, text) in generated(schemas) {
        let full = format!("{root}/{path}");
        if std::fs::read_to_string(&full).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        if check {
            stale.push(path);
        } else {
            std::fs::write(&full, text).expect("a generated file");
            println!("describe: wrote {path}");
        }
    }
    if !stale.is_empty() {
        eprintln!(
            "describe: stale generated files (run `make generate` and commit them): {}",
            stale.join(", ")
        );
        std::process::exit(1);
    }
}

/// Each generated file, as the endpoint descriptions and the core's constants make it:
/// `(path from the repository's root, text)`.
fn generated(schemas: &Map<String, Value>) -> Vec<(String, String)> {
    let mut files = rust::client_modules(schemas);
    files.extend(facts::sources());
    files.push((
        readme::PATH.to_owned(),
        readme::with_methods(&read(readme::PATH)),
    ));
    files.push((js::PATH.to_owned(), js::with_methods(&read(js::PATH))));
    files
}

/// The file at `path` from the repository's root.
pub fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).expect(path)
}

/// `text` with `body` between the lines `begin` and `end` (a generated part of a hand-kept
/// file); `path` names the file when a marker is missing.
pub fn splice(text: &str, begin: &str, end: &str, body: &str, path: &str) -> String {
    let start = text
        .find(begin)
        .unwrap_or_else(|| panic!("{path}: no marker {begin}"))
        + begin.len();
    let stop = start
        + text[start..]
            .find(end)
            .unwrap_or_else(|| panic!("{path}: no marker {end}"));
    format!("{}{body}{}", &text[..start], &text[stop..])
}

/// The retry rule of an endpoint that could do its work twice, for its description (`js`:
/// with the option that overrides it).
pub fn retry_note(ep: &Endpoint, js: bool) -> &'static str {
    match (ep.idempotency, js) {
        (looply_sdk::http::Idempotency::Idempotent, _) => "",
        (_, true) => " Not retried on failures after which it may have run (only on 429) unless `options.retryNonIdempotent` is set.",
        (_, false) => " Not retried on failures after which it may have run (only on 429): a second run is worse than an error.",
    }
}

/// A name the package exports for one parameter's type, read from the parameter (so that
/// its rule is written once, in its description).
pub struct Alias {
    /// The exported name (the Rust client's enum, for a parameter of one of some strings).
    pub name: &'static str,
    /// Its one-line description.
    pub doc: &'static str,
    /// The endpoint and the parameter whose type it names.
    pub of: (&'static str, &'static str),
}

/// The names the package exports for parameters' types.
pub const PARAM_ALIASES: &[Alias] = &[
    Alias {
        name: "ResumePayload",
        doc: "Body of a resume: any JSON object whose `source`, when present, is `TEAMS` or `SAP`.",
        of: ("resumeWorkflow", "payload"),
    },
    Alias {
        name: "ScheduleAction",
        doc: "What `toggleScheduledWorkflow` does to the schedule.",
        of: ("toggleScheduledWorkflow", "action"),
    },
];

/// Leaves out the `default: null` that schemars writes for an optional field: the service
/// sends no such value, it leaves the field out.
/// (A field's schema sits in an object: `properties`, `items`, `$defs`; schemars puts no
/// default inside an `anyOf`.)
fn without_null_defaults(value: &mut Value) {
    if let Value::Object(map) = value {
        if map.get("default") == Some(&Value::Null) {
            map.remove("default");
        }
        map.values_mut().for_each(without_null_defaults);
    }
}

/// `getWorkflowById` → `GetWorkflowById`.
pub fn pascal(name: &str) -> String {
    let mut c = name.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_ascii_uppercase().to_string() + c.as_str()
    })
}

fn quoted_union(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The TypeScript type a parameter accepts.
fn ts_type(rule: Rule) -> String {
    match rule {
        Rule::Id | Rule::Action => "string".into(),
        Rule::Version => "number | string".into(),
        Rule::Limit => "number".into(),
        Rule::Object => "Record<string, unknown>".into(),
        Rule::ObjectWith(field, allowed) => {
            format!(
                "{{ {field}?: {}; [key: string]: unknown }}",
                quoted_union(allowed)
            )
        }
        Rule::OneOf(allowed) => quoted_union(allowed),
        Rule::Key => "string | number".into(),
    }
}

fn tsdoc(out: &mut String, indent: &str, text: &str) {
    let _ = writeln!(out, "{indent}/**");
    for line in text.lines() {
        let _ = writeln!(out, "{indent} * {}", line.trim());
    }
    let _ = writeln!(out, "{indent} */");
}

/// Whether `ep`'s payload is the input of the workflow its `workflow_id` names (the trigger's):
/// then its parameters take that id as a type parameter, and an id listed in the hand-written
/// `LooplyWorkflows` interface (`pkg-template/src/client.d.ts`) gives the payload its type.
fn workflow_input(ep: &Endpoint) -> bool {
    let has = |name: &str, at: At, rule: Rule| {
        ep.params
            .iter()
            .any(|p| p.name == name && p.at == at && p.rule == rule)
    };
    has("payload", At::Payload, Rule::Object) && ep.params.iter().any(|p| p.name == "workflow_id")
}

/// The TypeScript type of parameter `p` of `ep`: a workflow's input is typed by its id.
fn param_type(ep: &Endpoint, p: &Param) -> String {
    match (workflow_input(ep), p.name) {
        (true, "workflow_id") => "Id".into(),
        (true, "payload") => "WorkflowPayload<Id>".into(),
        _ => ts_type(p.rule),
    }
}

/// The type parameter of `ep`'s parameters (`<Id extends string = string>` for a workflow's
/// input, so that `TriggerWorkflowParams` alone still names the untyped form), or nothing.
fn type_params(ep: &Endpoint, default: bool) -> &'static str {
    match (workflow_input(ep), default) {
        (false, _) => "",
        (true, true) => "<Id extends string = string>",
        (true, false) => "<Id extends string>",
    }
}

/// A parameter's TSDoc: its description, and for a typed workflow input, where its type comes from.
fn param_doc(ep: &Endpoint, p: &Param) -> String {
    match (workflow_input(ep), p.name) {
        (true, "payload") => format!(
            "{}\nWhen `workflow_id` is a literal id listed in `LooplyWorkflows`, the payload must be of that entry's `payload` type.",
            p.doc.0
        ),
        _ => p.doc.0.to_owned(),
    }
}

fn params_optional(ep: &Endpoint, skip: &[&str]) -> bool {
    ep.params
        .iter()
        .all(|p| !p.required || skip.contains(&p.name))
}

/// The parameter interfaces and the class's methods (merged into the `LooplyClient` class
/// declaration of the same name, src/wasm/client.rs's `typescript_custom_section`).
fn declarations() -> String {
    let mut out = String::from(
        "// Generated by src/bin/describe/ from the endpoint descriptions: do not edit.\n\n",
    );
    for ep in api::all() {
        tsdoc(&mut out, "", &format!("Parameters of `{}`.", ep.name));
        let _ = writeln!(
            out,
            "export interface {}Params{} {{",
            pascal(ep.name),
            type_params(ep, true)
        );
        for p in ep.params {
            tsdoc(&mut out, "  ", &param_doc(ep, p));
            let opt = if p.required { "" } else { "?" };
            let _ = writeln!(out, "  {}{opt}: {};", p.name, param_type(ep, p));
        }
        out.push_str("}\n\n");
        if let Some(list) = ep.list {
            let omitted: Vec<&str> = std::iter::once("limit")
                .chain(ep.cursor().iter().map(|p| p.name))
                .collect();
            tsdoc(
                &mut out,
                "",
                &format!(
                    "Parameters of `{}`: those of `{}` but its cursor, and the walk's options.",
                    list.paginate.0, ep.name
                ),
            );
            let _ = writeln!(
                out,
                "export type {}Params = Omit<{}Params, {}> & WalkOptions<{}>;\n",
                pascal(list.paginate.0),
                pascal(ep.name),
                quoted_union(&omitted),
                list.key.name
            );
        }
    }
    for alias in PARAM_ALIASES {
        let (endpoint, param) = alias.of;
        let p = api::by_name(endpoint)
            .and_then(|ep| ep.params.iter().find(|p| p.name == param))
            .expect("an alias of a parameter");
        let of = format!("{}Params['{param}']", pascal(endpoint));
        let of = if p.required {
            of
        } else {
            format!("NonNullable<{of}>")
        };
        tsdoc(&mut out, "", alias.doc);
        let _ = writeln!(out, "export type {} = {of};\n", alias.name);
    }
    out.push_str("export interface LooplyClient {\n");
    for ep in api::all() {
        let method = match ep.method {
            Method::Get => "GET",
            Method::Post => "POST",
        };
        tsdoc(
            &mut out,
            "  ",
            &format!(
                "{}{}\n(`{method} {}`)",
                ep.doc.0,
                retry_note(ep, true),
                ep.path
            ),
        );
        let opt = if params_optional(ep, &[]) { "?" } else { "" };
        let generic = type_params(ep, false);
        let _ = writeln!(
            out,
            "  {}{generic}(params{opt}: {}Params{}, options?: RequestOptions): APIPromise<{}>;",
            ep.name,
            pascal(ep.name),
            if generic.is_empty() { "" } else { "<Id>" },
            ep.response.name
        );
        if let Some(list) = ep.list {
            let mut skip = vec!["limit"];
            skip.extend(ep.cursor().iter().map(|p| p.name));
            tsdoc(&mut out, "  ", list.doc.0);
            let opt = if params_optional(ep, &skip) { "?" } else { "" };
            let _ = writeln!(
                out,
                "  {}(params{opt}: {}Params, options?: RequestOptions): Paginator<{}, {}, {}>;",
                list.paginate.0,
                pascal(list.paginate.0),
                list.item.name,
                ep.response.name,
                list.key.name
            );
        }
    }
    out.push_str("}\n");
    out
}

/// The JSON Schema of a parameter's value on the wire.
fn schema(p: &Param) -> Value {
    match p.rule {
        Rule::Id => {
            json!({ "type": "string", "minLength": 1, "maxLength": params::MAX_ID_LEN, "not": { "enum": [".", ".."] } })
        }
        // A number, or its digits (1 to 15 of them, leading zeros allowed): what the SDK
        // accepts and the local server takes, in a query, a path or a JSON body alike.
        Rule::Version => {
            let more = params::MAX_DIGITS - 1;
            json!({
                "type": ["integer", "string"], "minimum": 1, "maximum": params::MAX_SAFE_INTEGER,
                "pattern": format!("^0{{0,{more}}}[1-9][0-9]{{0,{more}}}$"), "maxLength": params::MAX_DIGITS
            })
        }
        Rule::Limit => json!({ "type": "integer", "minimum": 1, "maximum": params::MAX_LIMIT }),
        Rule::Object => json!({ "type": "object", "additionalProperties": {} }),
        Rule::ObjectWith(field, allowed) => {
            json!({ "type": "object", "properties": { field: { "type": "string", "enum": allowed } }, "additionalProperties": {} })
        }
        Rule::OneOf(allowed) => json!({ "type": "string", "enum": allowed }),
        Rule::Key => json!({ "type": ["string", "number"], "minLength": 1 }),
        Rule::Action => {
            let taken: Vec<&str> = api::all()
                .filter(|e| !e.is_action())
                .filter_map(Endpoint::path_name)
                .collect();
            let pattern = format!("^[A-Za-z]{{1,{}}}$", request::MAX_ACTION_LEN);
            json!({ "type": "string", "pattern": pattern, "not": { "enum": taken } })
        }
    }
}

/// What the SDK decided where the API document is vague, by rule (see README.md).
fn choice(p: &Param) -> &'static str {
    match p.rule {
        Rule::Version => " The SDK accepts a whole number from 1 or a string of up to 15 digits (leading zeros allowed) and sends digits; in a JSON body, a number.",
        Rule::Limit => " The document says 30 is the max; the SDK refuses anything but a whole number from 1 to 30.",
        Rule::Object | Rule::ObjectWith(..) => " The document says any JSON body; the SDK sends a JSON object, `{}` when omitted.",
        Rule::Action => " The document says more actions will come; the SDK accepts letters only, never another endpoint's name. The only action known today is `resumeworkflow`: the local server answers any other with 400 (`Unsupported action`).",
        Rule::Key => " The SDK sends back any non-empty string or finite number exactly as the page's `lastKey` gave it.",
        _ => "",
    }
}

fn parameter(p: &Param) -> Value {
    let place = if p.at == At::Path { "path" } else { "query" };
    json!({
        "name": p.name,
        "in": place,
        "required": p.required || p.at == At::Path,
        "description": format!("{}{}", p.doc.0, choice(p)),
        "schema": schema(p),
    })
}

fn request_body(ep: &Endpoint) -> Option<Value> {
    if let Some(p) = ep.params.iter().find(|p| p.at == At::Payload) {
        let mut s = schema(p);
        s["description"] = json!(format!("{}{}", p.doc.0, choice(p)));
        return Some(
            json!({ "required": false, "content": { "application/json": { "schema": s } } }),
        );
    }
    let fields: Vec<&Param> = ep.params.iter().filter(|p| p.at == At::Body).collect();
    if fields.is_empty() {
        return None;
    }
    let mut properties = Map::new();
    for p in &fields {
        let mut s = schema(p);
        s["description"] = json!(format!("{}{}", p.doc.0, choice(p)));
        properties.insert(p.name.into(), s);
    }
    let required: Vec<&str> = fields
        .iter()
        .filter(|p| p.required)
        .map(|p| p.name)
        .collect();
    Some(json!({
        "required": true,
        "content": { "application/json": { "schema": {
            "type": "object", "properties": properties, "required": required
        } } }
    }))
}

/// One operation; `with_optional_tail` includes an optional last path parameter.
fn operation(
    ep: &Endpoint,
    generator: &mut schemars::SchemaGenerator,
    id: &str,
    tail: bool,
) -> Value {
    let path_params: Vec<&Param> = ep
        .params
        .iter()
        .filter(|p| p.at == At::Path && (p.required || tail))
        .collect();
    let params: Vec<Value> = path_params
        .into_iter()
        .chain(ep.params.iter().filter(|p| p.at == At::Query))
        .map(parameter)
        .collect();
    let response = (ep.response.schema)(generator);
    let mut description = ep.doc.0.to_owned() + retry_note(ep, true);
    let summary = description
        .split(". ")
        .next()
        .unwrap_or(&description)
        .to_owned();
    if ep.list.is_some() {
        description.push_str(" `lastKey` is present only while more items follow; send its fields back as query parameters for the next page.");
    }
    let mut op = json!({
        "operationId": id,
        "summary": summary,
        "description": description,
        "parameters": params,
        "x-idempotent": ep.idempotency == looply_sdk::http::Idempotency::Idempotent,
        "responses": {
            "200": { "description": "Success.", "content": { "application/json": { "schema": response } } },
            "400": { "$ref": "#/components/responses/Error" },
            "403": { "$ref": "#/components/responses/Forbidden" },
            "404": { "$ref": "#/components/responses/Error" },
            "414": { "$ref": "#/components/responses/TooLong" },
            "429": { "$ref": "#/components/responses/Error" },
            "431": { "$ref": "#/components/responses/TooLong" },
            "500": { "$ref": "#/components/responses/Error" }
        }
    });
    if ep.is_action() {
        op["responses"]["409"] = json!({ "$ref": "#/components/responses/NotWaiting" });
    }
    if let Some(body) = request_body(ep) {
        op["requestBody"] = body;
        op["responses"]["413"] = json!({ "$ref": "#/components/responses/Error" });
    }
    op
}

fn openapi() -> Value {
    // JSON Schema 2020-12 is OpenAPI 3.1's dialect; the components hold the definitions.
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    let mut generator = settings.into_generator();
    let mut paths = Map::new();
    for ep in api::all() {
        let method = match ep.method {
            Method::Get => "get",
            Method::Post => "post",
        };
        let optional_tail = ep.params.iter().find(|p| p.at == At::Path && !p.required);
        let short = match optional_tail {
            Some(p) => ep.path.replace(&format!("/{{{}}}", p.name), ""),
            None => ep.path.to_owned(),
        };
        let op = operation(ep, &mut generator, ep.name, false);
        paths.insert(short, json!({ method: op }));
        if let Some(p) = optional_tail {
            let id = format!(
                "{}With{}",
                ep.name,
                pascal(&p.name.replace("workflow_", ""))
            );
            let op = operation(ep, &mut generator, &id, true);
            paths.insert(ep.path.to_owned(), json!({ method: op }));
        }
    }
    let mut schemas = Value::Object(generator.take_definitions(true));
    without_null_defaults(&mut schemas);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Looply Workflow API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": concat!(
                "Generated by looply-sdk from its endpoint descriptions (src/endpoint.rs and the resource ",
                "modules' tables), the same ones its requests, paginators and TypeScript declarations come from. ",
                "Where the API document is vague, the descriptions say what the SDK chose (README.md, ",
                "\"Choices where the API document is vague\"). Errors: 403 {\"message\":\"Forbidden\"} for a missing ",
                "or wrong key; the request id is in x-amzn-requestid. Response checks: a 2xx body must be a JSON ",
                "object of the documented shape; fields the document does not list are passed through."
            )
        },
        "servers": [{ "url": config::DEFAULT_BASE_URL }],
        "security": [{ "apiKey": [] }],
        "paths": paths,
        "components": {
            "securitySchemes": { "apiKey": { "type": "apiKey", "in": "header", "name": "x-api-key" } },
            "schemas": schemas,
            "responses": {
                "Error": {
                    "description": "An error: the body's `message` says why.",
                    "content": { "application/json": { "schema": {
                        "type": "object", "properties": { "message": { "type": "string" } }
                    } } }
                },
                "TooLong": {
                    "description": "A URL or headers longer than the server takes (414 from a gateway, 431 from the server; the local server's limit is 16 KiB of headers). Ids near their 1,024-character limit, in characters that take several bytes, can reach it."
                },
                "NotWaiting": {
                    "description": "The execution is not waiting for a response (it was never waiting, or was resumed already); the body's `message` names its state.",
                    "content": { "application/json": { "schema": {
                        "type": "object", "properties": { "message": { "type": "string" } }
                    } } }
                },
                "Forbidden": {
                    "description": "A missing or wrong x-api-key (the API gateway's answer).",
                    "content": { "application/json": { "schema": {
                        "type": "object", "properties": { "message": { "const": "Forbidden" } }
                    } } }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    /// Catches a generated file that is not what its generator writes now: a stale file
    /// (`make generate` not run), or a change to a generator (the Rust client's, the class's,
    /// the README's, the JavaScript's codes and error classes) that nothing checked in shows.
    #[test]
    fn the_generated_sources_are_current() {
        let doc = super::openapi();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let files = super::generated(schemas);
        for (path, text) in &files {
            assert!(
                &super::read(path) == text,
                "{path} is stale: run `make generate`"
            );
        }
        // Every file that says it is (partly) generated is among them, and no other.
        let mut paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        paths.sort_unstable();
        assert_eq!(paths, marked_files());
    }

    /// Catches the trigger's payload declared untyped (a `LooplyWorkflows` entry then checks
    /// nothing), its id not inferred as a literal, the bare `TriggerWorkflowParams` losing its
    /// default, or another endpoint's parameters made generic.
    #[test]
    fn only_a_workflows_input_is_typed_by_its_id() {
        let dts = super::declarations();
        for line in [
            "export interface TriggerWorkflowParams<Id extends string = string> {",
            "  workflow_id: Id;",
            "  payload?: WorkflowPayload<Id>;",
            "  triggerWorkflow<Id extends string>(params: TriggerWorkflowParams<Id>, options?: RequestOptions): APIPromise<TriggerWorkflowResponse>;",
        ] {
            assert!(dts.contains(&format!("\n{line}\n")), "{line}\n{dts}");
        }
        let typed: Vec<&str> = looply_sdk::api::all()
            .filter(|ep| super::workflow_input(ep))
            .map(|ep| ep.name)
            .collect();
        assert_eq!(typed, ["triggerWorkflow"]);
        assert_eq!(dts.matches("<Id").count(), 4, "{dts}");
    }

    /// The files under `src/client/` and `pkg-template/` that say the describe tool wrote them
    /// (or a part of them).
    fn marked_files() -> Vec<&'static str> {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut found = Vec::new();
        let mut dirs = vec![format!("{root}/src/client"), format!("{root}/pkg-template")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path.display().to_string());
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                if text.contains("Generated by src/bin/describe/")
                    || text.contains("written by src/bin/describe ")
                {
                    let relative = path.strip_prefix(root).unwrap().display().to_string();
                    found.push(&*relative.trim_start_matches('/').to_owned().leak());
                }
            }
        }
        found.sort_unstable();
        found
    }
}
