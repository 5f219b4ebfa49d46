//! JSON values as [`Fields`]: how the typed parameter structs, the options and the cursors
//! reach the same validation and request building as the JavaScript package.

use crate::params::{raw_of_json as raw, Fields, Raw};
use serde_json::Value;

/// A JSON value read as named fields; anything that is not an object has none.
pub(crate) struct JsonFields<'a>(pub &'a Value);

impl Fields for JsonFields<'_> {
    fn field(&self, name: &str) -> Raw {
        raw(self.0.get(name))
    }

    fn nested(&self, outer: &str, inner: &str) -> Raw {
        raw(self.0.get(outer).and_then(|o| o.get(inner)))
    }

    fn json(&self, name: &str) -> Option<String> {
        self.0.get(name).map(super::json::write)
    }
}

/// Options as named fields (`None`: not set), without building a JSON object for them.
pub(crate) struct Named<'a>(pub &'a [(&'static str, Option<Raw>)]);

impl Fields for Named<'_> {
    fn field(&self, name: &str) -> Raw {
        let set = self.0.iter().find(|(n, _)| *n == name);
        set.and_then(|(_, raw)| raw.clone()).unwrap_or(Raw::Missing)
    }

    fn nested(&self, _outer: &str, _inner: &str) -> Raw {
        Raw::Missing
    }

    fn json(&self, _name: &str) -> Option<String> {
        None
    }
}

/// A duration as the package's `timeoutMs` reads it.
pub(crate) fn millis(d: Option<std::time::Duration>) -> Option<Raw> {
    d.map(|t| Raw::Num(t.as_millis() as f64))
}

/// A count (`maxRetries`) as the package reads it.
pub(crate) fn count(n: Option<u32>) -> Option<Raw> {
    n.map(|n| Raw::Num(f64::from(n)))
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
        assert_eq!(f.nested("o", "source"), Raw::Str("SAP".into()));
        assert_eq!(f.json("o").as_deref(), Some(r#"{"source":"SAP"}"#));
        assert_eq!(JsonFields(&json!(7)).field("s"), Raw::Missing);
    }

    /// Catches an option that is set read as missing, or one that is not set read as set.
    #[test]
    fn named_options_read_as_set_or_missing() {
        let set = [("a", Some(Raw::Num(2.0))), ("b", None)];
        let f = Named(&set);
        assert_eq!(f.field("a"), Raw::Num(2.0));
        assert_eq!(f.field("b"), Raw::Missing);
        assert_eq!(f.field("c"), Raw::Missing);
        assert_eq!(f.nested("a", "x"), Raw::Missing);
        assert_eq!(f.json("a"), None);
        assert_eq!(
            millis(Some(std::time::Duration::from_millis(1500))),
            Some(Raw::Num(1500.0))
        );
        assert_eq!(count(Some(3)), Some(Raw::Num(3.0)));
        assert_eq!(count(None), None);
    }
}
