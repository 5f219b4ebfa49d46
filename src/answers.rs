//! How an answer's struct is read (the `Deserialize` that `answer!` writes): its fields are
//! taken out of the object as sent, one by one, and what is left is its `extra`. The same
//! result as serde's derive with `#[serde(flatten)] extra`, in a fraction of the code: a
//! flattened field makes the derive buffer every field through serde's private `Content`
//! type, for each struct, which was most of what the Rust client weighed in an app.

use serde::de::{self, DeserializeOwned, Visitor};
use serde_json::{Map, Value};

/// An answer's fields as the service sent them, while its struct is read: a list, not the
/// map they arrived in, so that taking one out is a search and a swap (a map's removal
/// rebalances its tree, code that every app would carry for this alone).
#[doc(hidden)]
pub struct Sent(Vec<(String, Value)>);

impl Sent {
    /// The fields of `map`, to be taken one by one.
    pub fn new(map: Map<String, Value>) -> Self {
        Sent(map.into_iter().collect())
    }

    /// The field `name` (its wire name: the same, but `lastKey` for `last_key`, the one
    /// field the API names in camelCase) read as `T`; an absent field reads as `None` where
    /// `T` is an `Option`, else it is a "missing field" error, as with serde's derive.
    pub fn take<T: DeserializeOwned, E: de::Error>(&mut self, name: &'static str) -> Result<T, E> {
        let wire = if name == "last_key" { "lastKey" } else { name };
        let at = self.0.iter().position(|(k, _)| k == wire);
        let read = match at.map(|i| self.0.swap_remove(i).1) {
            Some(value) => T::deserialize(value).map_err(|e| format!("{wire}: {e}")),
            None => T::deserialize(Missing(wire)).map_err(|e| e.to_string()),
        };
        read.map_err(E::custom)
    }

    /// The fields not taken: the answer's `extra`.
    pub fn rest(self) -> Map<String, Value> {
        let mut extra = Map::new();
        for (k, v) in self.0 {
            extra.insert(k, v);
        }
        extra
    }
}

/// The value of an absent field: `None` to an `Option`, "missing field" to anything else.
struct Missing(&'static str);

impl<'de> de::Deserializer<'de> for Missing {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use crate::workflows::{OrganizationWorkflowsPage, TriggerWorkflowResponse};
    use serde_json::json;

    /// Catches an answer read that loses what serde's derive gave: unknown fields in
    /// `extra`, `None` for an absent optional field, `lastKey` by its wire name, and an
    /// error that names a missing or mistyped field.
    #[test]
    fn answers_read_as_the_derive_read_them() {
        let sent = json!({"message": "success", "looply_execution_id": "e1", "new": [1]});
        let answer: TriggerWorkflowResponse = serde_json::from_value(sent.clone()).unwrap();
        assert_eq!(answer.looply_execution_id, "e1");
        assert_eq!(answer.extra.get("new"), Some(&json!([1])));
        assert_eq!(serde_json::to_value(&answer).unwrap(), sent);

        let page = json!({"message": "success", "count": 0, "items": [],
            "lastKey": {"organization_id": "o", "workflow_id": "w", "workflow_version": 2}});
        let read: OrganizationWorkflowsPage = serde_json::from_value(page.clone()).unwrap();
        assert_eq!(read.last_key.as_ref().map(|k| k.workflow_version), Some(2));
        assert!(read.extra.is_empty());
        assert_eq!(serde_json::to_value(&read).unwrap(), page);
        let last: OrganizationWorkflowsPage =
            serde_json::from_value(json!({"message": "success", "count": 0, "items": []})).unwrap();
        assert_eq!(last.last_key, None);

        let missing = serde_json::from_value::<TriggerWorkflowResponse>(json!({"message": "m"}));
        assert_eq!(
            missing.unwrap_err().to_string(),
            "missing field `looply_execution_id`"
        );
        let mistyped = json!({"message": "m", "looply_execution_id": 7});
        let e = serde_json::from_value::<TriggerWorkflowResponse>(mistyped).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("looply_execution_id: invalid type: integer `7`"),
            "{e}"
        );
        let not_an_object = serde_json::from_value::<TriggerWorkflowResponse>(json!([]));
        assert!(not_an_object.is_err());
    }
}
