//! TypeScript declarations from the document's JSON Schemas (`components.schemas`): the
//! package's response types are the document's, written once (`src/schema.rs`). Covers the
//! forms those schemas use: `$ref`, `type` (one or several), `enum`, `anyOf`, `items`,
//! `properties` with `required`, and `additionalProperties`; a set of strings that also
//! accepts others (`anyOf` of an `enum` and a plain string) keeps its names for completion:
//! `"a" | "b" | (string & {})`.

use serde_json::{Map, Value};
use std::fmt::Write;

/// An `export` declaration, with its TSDoc, for every schema of `schemas`.
pub fn declarations(schemas: &Map<String, Value>) -> String {
    let mut out =
        String::from("// The response types: from openapi.json's schemas (src/schema.rs).\n\n");
    for (name, schema) in schemas {
        tsdoc(&mut out, "", schema);
        if schema.get("properties").is_some() {
            let _ = writeln!(out, "export interface {name} {}\n", object(schema, ""));
        } else {
            let _ = writeln!(out, "export type {name} = {};\n", ty(schema, ""));
        }
    }
    out
}

/// The schema's `description` as a TSDoc block at `indent`, if it has one.
fn tsdoc(out: &mut String, indent: &str, schema: &Value) {
    let Some(text) = schema.get("description").and_then(Value::as_str) else {
        return;
    };
    let _ = writeln!(out, "{indent}/**");
    for line in text.lines() {
        let _ = writeln!(out, "{indent} * {}", line.trim());
    }
    let _ = writeln!(out, "{indent} */");
}

/// The TypeScript type of `schema`, written at `indent`.
fn ty(schema: &Value, indent: &str) -> String {
    if let Some(name) = schema.get("$ref").and_then(Value::as_str) {
        return name.rsplit('/').next().unwrap_or(name).to_owned();
    }
    if let Some(members) = schema.get("anyOf").and_then(Value::as_array) {
        return union(members, indent);
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join(" | ");
    }
    if let Some(value) = schema.get("const") {
        return value.to_string();
    }
    match schema.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .map(|t| {
                let mut one = schema.clone();
                one["type"] = t.clone();
                ty(&one, indent)
            })
            .collect::<Vec<_>>()
            .join(" | "),
        Some(Value::String(t)) => match t.as_str() {
            "string" => "string".into(),
            "integer" | "number" => "number".into(),
            "boolean" => "boolean".into(),
            "null" => "null".into(),
            "array" => {
                let item = schema
                    .get("items")
                    .map_or_else(|| "unknown".into(), |i| ty(i, indent));
                if item.contains(" | ") {
                    format!("({item})[]")
                } else {
                    format!("{item}[]")
                }
            }
            "object" => object(schema, indent),
            other => panic!("describe: no TypeScript for JSON Schema type {other:?}"),
        },
        _ if schema
            .as_object()
            .is_some_and(|o| o.keys().all(|k| k == "description")) =>
        {
            "unknown".into()
        }
        _ => panic!("describe: no TypeScript for the schema {schema}"),
    }
}

/// `anyOf`: the members' types; a plain `string` beside string literals is written
/// `(string & {})`, so that editors still offer the literals.
fn union(members: &[Value], indent: &str) -> String {
    let literals = members.iter().any(|m| m.get("enum").is_some());
    let plain_string =
        |m: &Value| m.get("type") == Some(&Value::from("string")) && m.get("enum").is_none();
    members
        .iter()
        .map(|m| match literals && plain_string(m) {
            true => "(string & {})".into(),
            false => ty(m, indent),
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// An object type: its properties (optional unless `required`), and an index signature for
/// `additionalProperties`. An object schema must say which fields it has or that any may come.
fn object(schema: &Value, indent: &str) -> String {
    let rest = match schema.get("additionalProperties") {
        None | Some(Value::Bool(false)) => None,
        Some(Value::Bool(true)) => Some("unknown".to_owned()),
        Some(s) => Some(ty(s, indent)), // `{}`, any value: unknown
    };
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        let rest = rest.unwrap_or_else(|| {
            panic!(
                "describe: an object schema without properties or additionalProperties: {schema}"
            )
        });
        return format!("Record<string, {rest}>");
    };
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let inner = format!("{indent}  ");
    let mut out = String::from("{\n");
    for (name, property) in properties {
        tsdoc(&mut out, &inner, property);
        let optional = if required.contains(&name.as_str()) {
            ""
        } else {
            "?"
        };
        let _ = writeln!(out, "{inner}{name}{optional}: {};", ty(property, &inner));
    }
    if let Some(rest) = rest {
        let _ = writeln!(out, "{inner}[key: string]: {rest};");
    }
    out.push_str(indent);
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::{declarations, ty};
    use serde_json::json;

    /// Catches a schema form written as the wrong TypeScript: each form the schemas use.
    #[test]
    fn each_schema_form_has_its_type() {
        let cases = [
            (
                json!({ "$ref": "#/components/schemas/Workflow" }),
                "Workflow",
            ),
            (json!({ "type": "string" }), "string"),
            (json!({ "type": "integer", "minimum": 1 }), "number"),
            (json!({ "type": "number" }), "number"),
            (json!({ "type": "boolean" }), "boolean"),
            (json!({ "type": ["string", "null"] }), "string | null"),
            (
                json!({ "type": "string", "enum": ["true", "false"] }),
                "\"true\" | \"false\"",
            ),
            (json!({ "const": "Forbidden" }), "\"Forbidden\""),
            (
                json!({ "type": "array", "items": { "$ref": "#/x/Step" } }),
                "Step[]",
            ),
            (
                json!({ "type": "array", "items": { "type": ["string", "null"] } }),
                "(string | null)[]",
            ),
            (json!({ "type": "array" }), "unknown[]"),
            (json!({ "description": "anything" }), "unknown"),
            (
                json!({ "type": "object", "additionalProperties": {} }),
                "Record<string, unknown>",
            ),
            (
                json!({ "type": "object", "additionalProperties": true }),
                "Record<string, unknown>",
            ),
            (
                json!({ "type": "object", "additionalProperties": { "$ref": "#/x/Log" } }),
                "Record<string, Log>",
            ),
            (
                json!({ "anyOf": [{ "type": "string", "enum": ["a", "b"] }, { "type": "string" }] }),
                "\"a\" | \"b\" | (string & {})",
            ),
            (
                json!({ "anyOf": [{ "$ref": "#/x/Key" }, { "type": "null" }] }),
                "Key | null",
            ),
            (
                json!({ "anyOf": [{ "type": "string" }, { "type": "number" }] }),
                "string | number",
            ),
        ];
        for (schema, want) in cases {
            assert_eq!(ty(&schema, ""), want, "{schema}");
        }
    }

    /// Catches fields made optional or required against `required`, an index signature lost
    /// or added, TSDoc lost, or a type alias written where an interface belongs.
    #[test]
    fn objects_become_interfaces_with_their_docs() {
        let schemas = json!({
            "Page": {
                "description": "One page.\nOf items.",
                "type": "object",
                "properties": {
                    "items": { "description": "The items.", "type": "array", "items": { "type": "string" } },
                    "lastKey": { "$ref": "#/components/schemas/Key" }
                },
                "required": ["items"]
            },
            "Log": {
                "type": "object",
                "properties": { "events": { "type": "array", "items": { "type": "object", "properties": { "at": { "type": "integer" } }, "required": ["at"] } } },
                "additionalProperties": {}
            },
            "State": { "description": "A state.", "anyOf": [{ "type": "string", "enum": ["on"] }, { "type": "string" }] }
        });
        let out = declarations(schemas.as_object().unwrap());
        let page = "/**\n * One page.\n * Of items.\n */\nexport interface Page {\n  /**\n   * The items.\n   */\n  items: string[];\n  lastKey?: Key;\n}\n";
        assert!(out.contains(page), "{out}");
        let log = "export interface Log {\n  events?: {\n    at: number;\n  }[];\n  [key: string]: unknown;\n}\n";
        assert!(out.contains(log), "{out}");
        assert!(
            out.contains("/**\n * A state.\n */\nexport type State = \"on\" | (string & {});\n"),
            "{out}"
        );
    }

    /// Catches a schema that says nothing of its fields written as an empty type.
    #[test]
    #[should_panic(expected = "without properties or additionalProperties")]
    fn an_object_without_fields_is_refused() {
        ty(&json!({ "type": "object" }), "");
    }

    /// Catches a schema form the emitter does not know written as something.
    #[test]
    #[should_panic(expected = "no TypeScript for")]
    fn an_unknown_form_is_refused() {
        ty(&json!({ "oneOf": [] }), "");
    }
}
