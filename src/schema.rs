//! The shapes of the API's answers as JSON Schema, for the `describe` feature only: the
//! OpenAPI document's schemas come from them, and so do the package's TypeScript response
//! types (`src/bin/describe/ts.rs` turns the one into the other), so that the two cannot
//! disagree. Nothing of it reaches the shipped wasm.
//!
//! The response structs of the resource modules derive `schemars::JsonSchema`; their
//! fields name these helpers with `#[schemars(with = "…")]` where the Rust type says less
//! than the wire does (a version that is a whole number, a field always sent but maybe
//! `null`, a known set of strings, an object the service leaves open).

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;
use std::marker::PhantomData;

/// A field the service always sends, possibly as `null` (a plain `Option` field is one that
/// may be left out).
pub struct Nullable<T>(PhantomData<T>);

impl<T: JsonSchema> JsonSchema for Nullable<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        format!("Nullable_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <Option<T>>::json_schema(generator)
    }
}

/// Declares `$name`, a schema written in place wherever a field names it (no component).
macro_rules! inline {
    ($(#[$doc:meta])* $name:ident, $schema:tt) => {
        $(#[$doc])*
        pub struct $name;

        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

inline!(
    /// A workflow version: 1, 2, …
    Version,
    { "type": "integer", "minimum": 1 }
);
inline!(
    /// A count of items.
    Count,
    { "type": "integer", "minimum": 0 }
);
inline!(
    /// A time, in milliseconds since the epoch.
    Millis,
    { "type": "integer", "minimum": 0 }
);
inline!(
    /// A JSON object whose fields the API leaves open (a payload, a workflow's data schema).
    JsonObject,
    { "type": "object", "additionalProperties": {} }
);
inline!(
    /// Any JSON value, `null` included (a step's input or output).
    AnyJson,
    {}
);

/// The schema of a set of strings: exactly `values`, or (`open`) those and any other
/// string, for a set the service may grow (`"A" | "B" | (string & {})` in TypeScript).
pub fn strings(description: &str, values: &[&str], open: bool) -> Schema {
    let known = json_schema!({ "type": "string", "enum": values });
    if open {
        json_schema!({ "description": description, "anyOf": [known, { "type": "string" }] })
    } else {
        json_schema!({ "description": description, "type": "string", "enum": values })
    }
}
