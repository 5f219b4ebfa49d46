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
}
