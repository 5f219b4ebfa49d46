//! JSON values as [`Fields`]: how the typed parameter structs, the options and the cursors
//! reach the same validation and request building as the JavaScript package.

use crate::params::{raw_of_json as raw, Fields, Raw};
use serde_json::{Map, Value};

/// A JSON value read as named fields; anything that is not an object has none.
pub(crate) struct JsonFields<'a>(pub &'a Value);

impl Fields for JsonFields<'_> {
    fn field(&self, name: &str) -> Raw {
        raw(self.0.get(name))
    }

    fn nested(&self, &outer: &&str, &inner: &&str) -> Raw {
        raw(self.0.get(outer).and_then(|o| o.get(inner)))
    }

    fn json(&self, name: &str) -> Option<String> {
        self.0.get(name).map(super::json::write)
    }
}

/// A parameter's value as the core reads it: a plain value, or a JSON object (a payload).
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A string.
    Str(String),
    /// Absent.
    Missing,
    /// A whole number: read as the double it is in JSON, its JSON text its exact digits.
    Whole(u64),
    /// A JSON object, read as [`Raw::Object`], its JSON text written when asked.
    Object(Map<String, Value>),
}

/// A value that a parameter struct's field passes to the core as an [`Arg`].
#[doc(hidden)]
pub trait IntoArg {
    /// This value as an [`Arg`] (moved: a payload is not copied).
    fn arg(self) -> Arg;
}

impl IntoArg for String {
    fn arg(self) -> Arg {
        Arg::Str(self)
    }
}

impl IntoArg for u64 {
    fn arg(self) -> Arg {
        Arg::Whole(self)
    }
}

impl IntoArg for u32 {
    fn arg(self) -> Arg {
        Arg::Whole(u64::from(self))
    }
}

impl IntoArg for Map<String, Value> {
    fn arg(self) -> Arg {
        Arg::Object(self)
    }
}

impl<T: IntoArg> IntoArg for Option<T> {
    fn arg(self) -> Arg {
        // A `match`, not `map_or(Arg::Raw(Raw::Missing), T::arg)`, whose default is made
        // (and dropped) on every path: measured, 582 bytes of an app's wasm over the four
        // `Option` types of the parameters.
        match self {
            Some(v) => v.arg(),
            None => Arg::Missing,
        }
    }
}

/// A parameter struct (or a cursor) as the named values the core reads: written for each
/// struct from its fields (`make generate`), without serde and a JSON object in between.
#[doc(hidden)]
pub trait ToArgs {
    /// The fields by their names in the API document (moved: nothing is copied).
    fn args(self) -> Args;
}

/// Named parameter values, owned: what a call keeps until it is sent. The names are one
/// static list a struct, the values in its order: not a name beside each value, which each
/// struct's `args` would write out at each field. The values a boxed slice, not a `Vec`:
/// their number never changes (measured: 45 bytes of wasm less in an app).
#[doc(hidden)]
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Args {
    names: &'static [&'static str],
    values: Box<[Arg]>,
}

impl Args {
    /// The values of the parameters `names`, in that order.
    pub fn new(names: &'static [&'static str], values: Box<[Arg]>) -> Self {
        Args { names, values }
    }

    fn get(&self, name: &str) -> Option<&Arg> {
        let at = self.names.iter().position(|n| *n == name)?;
        self.values.get(at)
    }
}

impl Fields for Args {
    fn field(&self, name: &str) -> Raw {
        match self.get(name) {
            Some(Arg::Str(s)) => Raw::Str(s.clone()),
            // As the JSON number a `u64` reads as (a double).
            Some(Arg::Whole(n)) => Raw::Num(*n as f64),
            Some(Arg::Object(_)) => Raw::Object,
            Some(Arg::Missing) | None => Raw::Missing,
        }
    }

    fn nested(&self, &outer: &&str, &inner: &&str) -> Raw {
        match self.get(outer) {
            Some(Arg::Object(o)) => raw(o.get(inner)),
            _ => Raw::Missing,
        }
    }

    fn json(&self, name: &str) -> Option<String> {
        let mut text = String::new();
        match self.get(name)? {
            Arg::Object(o) => super::json::push_object(&mut text, o),
            Arg::Whole(n) => crate::params::push_u64(&mut text, *n),
            Arg::Str(s) => crate::http::push_json_string(&mut text, s),
            Arg::Missing => return None,
        }
        Some(text)
    }
}

// The cursors are sent back as the next page's `lastKey`, by their fields' names.
impl ToArgs for crate::workflows::OrganizationWorkflowsKey {
    fn args(self) -> Args {
        Args::new(
            &["organization_id", "workflow_id", "workflow_version"],
            Box::new([
                self.organization_id.arg(),
                self.workflow_id.arg(),
                self.workflow_version.arg(),
            ]),
        )
    }
}

impl ToArgs for crate::executions::ExecutionsKey {
    fn args(self) -> Args {
        Args::new(
            &["workflow_id", "workflow_execution_id"],
            Box::new([self.workflow_id.arg(), self.workflow_execution_id.arg()]),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Catches a number read as a string (a version would fail its rule) or an object that
    /// loses its JSON text (the payload would be sent as `{}`).
    #[test]
    fn json_values_read_as_the_core_expects() {
        let v = json!({"s": "a", "n": 3, "b": true, "z": null, "a": [1], "o": {"source": "SAP"}});
        let f = JsonFields(&v);
        assert_eq!(f.field("s"), Raw::Str("a".into()));
        assert_eq!(f.field("n"), Raw::Num(3.0));
        assert_eq!(f.field("b"), Raw::Bool(true));
        assert_eq!(f.field("z"), Raw::Null);
        assert_eq!(f.field("a"), Raw::Other);
        assert_eq!(f.field("o"), Raw::Object);
        assert_eq!(f.field("missing"), Raw::Missing);
        assert_eq!(f.nested(&"o", &"source"), Raw::Str("SAP".into()));
        assert_eq!(f.json("o").as_deref(), Some(r#"{"source":"SAP"}"#));
        assert_eq!(JsonFields(&json!(7)).field("s"), Raw::Missing);
    }

    /// Catches a parameter struct whose fields reach the core otherwise than their JSON
    /// (serde's, the names and values the API document gives them) would: a field left
    /// out or misnamed, an absent option read as set, an enum's wire value, a payload's
    /// text or its `source`.
    #[test]
    fn parameter_structs_read_as_their_json_reads() {
        use crate::client::*;
        fn same(params: &(impl ToArgs + serde::Serialize + Clone), names: &[&str]) {
            let (args, json) = (params.clone().args(), serde_json::to_value(params).unwrap());
            for name in names {
                assert_eq!(args.field(name), JsonFields(&json).field(name), "{name}");
                assert_eq!(args.json(name), JsonFields(&json).json(name), "{name}");
                let nested = args.nested(name, &"source");
                assert_eq!(nested, JsonFields(&json).nested(name, &"source"), "{name}");
            }
        }
        let payload = json!({"source": "SAP", "n": [1, {"a": null}]});
        let payload = payload.as_object().cloned();
        same(
            &TriggerWorkflowParams {
                workflow_id: "w".into(),
                workflow_version: Some(3),
                payload: payload.clone(),
            },
            &["workflow_id", "workflow_version", "payload", "other"],
        );
        same(
            &TriggerWorkflowParams::default(),
            &["workflow_id", "workflow_version", "payload"],
        );
        same(
            &ResumeWorkflowParams {
                process_id: "p".into(),
                payload,
            },
            &["process_id", "payload"],
        );
        for action in [ScheduleAction::Pause, ScheduleAction::Play] {
            let p = ToggleScheduledWorkflowParams {
                workflow_id: "w".into(),
                workflow_version: 2,
                action,
            };
            same(&p, &["workflow_id", "workflow_version", "action"]);
        }
        let limit = GetOrganizationExecutionsParams {
            limit: Some(30),
            ..Default::default()
        };
        same(&limit, &["limit", "workflow_id", "workflow_execution_id"]);
        let key = OrganizationWorkflowsKey {
            organization_id: "o".into(),
            workflow_id: "w".into(),
            workflow_version: 4,
        };
        same(
            &key,
            &["organization_id", "workflow_id", "workflow_version"],
        );
        let key = ExecutionsKey {
            workflow_id: "w".into(),
            workflow_execution_id: "e".into(),
        };
        same(&key, &["workflow_id", "workflow_execution_id"]);
        // Beyond the doubles' exact integers: the JSON text keeps every digit.
        let big = GetWorkflowByIdParams {
            workflow_id: "w\"é".into(),
            workflow_version: u64::MAX,
        };
        same(&big, &["workflow_id", "workflow_version"]);
    }
}
