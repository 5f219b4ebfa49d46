//! How an answer is read: [`Answer`], from the JSON value its body parsed to. Read by hand,
//! field by field, not by serde: the fields are taken out of the object as sent, one by
//! one, and what is left is the struct's `extra`. serde's derive (with
//! `#[serde(flatten)] extra`) buffers every field through its private `Content` type, and its
//! visitors, serde_json's value deserializer, error messages and number formatting were most
//! of what the Rust client weighed in an app. The answers' `Deserialize` (for an app that
//! reads back an answer it stored) goes through the same reads.

use serde_json::{Map, Value};

/// A type the client reads an answer into, from the JSON value the body parsed to: every
/// answer type of the crate (and its parts) has it. An app has no need to implement it.
///
/// ```
/// use looply_sdk::client::Answer;
/// use looply_sdk::workflows::TriggerWorkflowResponse;
/// let sent = serde_json::json!({ "message": "success", "looply_execution_id": "e-1" });
/// let answer = TriggerWorkflowResponse::read(sent).unwrap();
/// assert_eq!(answer.looply_execution_id, "e-1");
/// let wrong = TriggerWorkflowResponse::read(serde_json::json!({ "message": 7 })).unwrap_err();
/// assert_eq!(wrong.to_string(), "message: expected a string, found a number");
/// ```
pub trait Answer: Sized {
    /// `value` as this type, or what is wrong with it.
    // Not inlined: a value that could not be read is dropped by one call, not every field's
    // drop written out where it is read; the answers' `Deserialize` call it (the client's
    // decoding reads by `read_in`, its error made apart: `Received::decode`).
    #[inline(never)]
    fn read(value: Value) -> Result<Self, Wrong> {
        let mut wrong = None;
        let read = Self::read_in(value, &mut wrong);
        match wrong {
            None => Ok(read),
            Some(wrong) => Err(wrong),
        }
    }

    /// Whether a field of this type may be absent (an `Option`: it reads as `None`, as
    /// `null` does); a field of any other type is missing.
    #[doc(hidden)]
    const OPTIONAL: bool = false;

    /// `value` as this type; where it cannot be read, `wrong` (`None` when called) is what is
    /// wrong with it and the answer a stand-in, until the value that holds it is dropped for
    /// the error (see [`Sent`]). A struct whose field could not be read is still built, of
    /// its fields' stand-ins: no stand-in of its own, and no drop of a half-read struct
    /// at each level.
    #[doc(hidden)]
    fn read_in(value: Value, wrong: &mut Option<Wrong>) -> Self;
}

/// Why a value is not its type: what was expected and what came, after the path of
/// fields that leads to it (`item: workflow_version: expected …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrong(pub(crate) String);

impl Wrong {
    /// `found` where `what` (an article and a noun) was expected, noted in `wrong` (one call
    /// at each place a value is of the wrong kind, the note made here).
    #[inline(never)]
    fn expected(wrong: &mut Option<Wrong>, what: &str, found: &Value) {
        let found = match found {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        Wrong::found(wrong, what, found);
    }

    /// `found` (a description) where `what` was expected, noted in `wrong`.
    fn found(wrong: &mut Option<Wrong>, what: &str, found: &str) {
        *wrong = Some(Wrong(concat(&["expected ", what, ", found ", found])));
    }

    /// This, inside the item at `index` of an array (`[3]: …`).
    fn at(self, index: usize) -> Self {
        let mut at = String::from("[");
        crate::params::push_u64(&mut at, index as u64);
        at.push_str("]: ");
        at.push_str(&self.0);
        Wrong(at)
    }
}

/// `parts` joined: the client's texts (`Wrong`'s here, its errors' and its log lines).
/// `[…].concat()`'s result without its check that the length cannot overflow, whose panic
/// brought its message, `str.rs`'s path and a formatted panic into an app's wasm (measured:
/// 390 bytes).
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

impl std::fmt::Display for Wrong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Wrong {}

impl Answer for Value {
    fn read_in(value: Value, _: &mut Option<Wrong>) -> Self {
        value
    }
}

impl Answer for String {
    fn read_in(value: Value, wrong: &mut Option<Wrong>) -> Self {
        match value {
            Value::String(s) => s,
            other => {
                Wrong::expected(wrong, "a string", &other);
                String::new()
            }
        }
    }
}

impl Answer for u64 {
    fn read_in(value: Value, wrong: &mut Option<Wrong>) -> Self {
        match value.as_u64() {
            Some(n) => n,
            None => {
                // "a whole number" the start of the longer text, not a second text in the
                // data (measured: 14 bytes).
                const OF_0_OR_MORE: &str = "a whole number of 0 or more";
                const WHOLE: &str =
                    match std::str::from_utf8(OF_0_OR_MORE.as_bytes().split_at(14).0) {
                        Ok(whole) => whole,
                        Err(_) => OF_0_OR_MORE, // never: its bytes are ASCII
                    };
                if value.is_number() {
                    let what = OF_0_OR_MORE;
                    Wrong::found(wrong, what, "a negative or fractional number");
                } else {
                    Wrong::expected(wrong, WHOLE, &value);
                }
                0
            }
        }
    }
}

impl Answer for f64 {
    fn read_in(value: Value, wrong: &mut Option<Wrong>) -> Self {
        match value.as_f64() {
            Some(n) => n,
            None => {
                Wrong::expected(wrong, "a number", &value);
                0.0
            }
        }
    }
}

impl Answer for bool {
    fn read_in(value: Value, wrong: &mut Option<Wrong>) -> Self {
        match value.as_bool() {
            Some(b) => b,
            None => {
                Wrong::expected(wrong, "a boolean", &value);
                false
            }
        }
    }
}

impl Answer for Map<String, Value> {
    fn read_in(value: Value, wrong: &mut Option<Wrong>) -> Self {
        object(value, wrong)
    }
}

/// The fields of `value`; none when it is not an object, which is noted in `wrong` (one
/// copy for a struct's fields, `Sent::of`, and a `Map`'s read).
#[inline(never)]
fn object(value: Value, wrong: &mut Option<Wrong>) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => {
            Wrong::expected(wrong, "an object", &other);
            Map::new()
        }
    }
}

impl<T: Answer> Answer for Option<T> {
    fn read_in(value: Value, wrong: &mut Option<Wrong>) -> Self {
        match value {
            Value::Null => None,
            value => Some(T::read_in(value, wrong)),
        }
    }

    const OPTIONAL: bool = true;
}

impl<T: Answer> Answer for Vec<T> {
    fn read_in(value: Value, wrong: &mut Option<Wrong>) -> Self {
        let items = items(value, wrong);
        let mut out = Vec::with_capacity(items.len());
        each(items, wrong, &mut |item, wrong| {
            out.push(T::read_in(item, wrong))
        });
        out
    }
}

/// The items of `value`; none when it is not an array, which is noted in `wrong`: one copy
/// for every item type, not matched in each `Vec<T>`'s read (measured: 92 bytes of an app's
/// wasm).
#[inline(never)]
fn items(value: Value, wrong: &mut Option<Wrong>) -> Vec<Value> {
    match value {
        Value::Array(items) => items,
        other => {
            Wrong::expected(wrong, "an array", &other);
            Vec::new()
        }
    }
}

/// `read` of each item until one could not be read (`wrong`, at its index): the loop, the
/// items left and the error's index one copy for every item type, through `dyn`
/// (measured: 23 bytes of an app's wasm, 129 gzipped, over the loop in each `Vec<T>`).
#[inline(never)]
fn each(
    mut items: Vec<Value>,
    wrong: &mut Option<Wrong>,
    read: &mut dyn FnMut(Value, &mut Option<Wrong>),
) {
    for (at, item) in items.iter_mut().enumerate() {
        let mut item_wrong = None;
        read(std::mem::take(item), &mut item_wrong);
        if let Some(e) = item_wrong {
            *wrong = Some(e.at(at));
            return;
        }
    }
}

/// An answer's fields as the service sent them, while its struct is read: the map they
/// arrived in, each field's value taken out in place (`null` left) and its name noted; the
/// fields whose names were not taken are the `extra`. Not removed from the map (a map's
/// removal rebalances its tree, code that every app would carry for this alone), and not
/// moved into a list first (the map's consuming iteration and the list's growth, measured:
/// 67 bytes of an app's wasm).
///
/// The first field that cannot be read is noted (in the slot its caller gave) and the
/// struct is built to the end with stand-ins; the answer's [`Answer::read`] drops it whole
/// for the error: with a `?` a field, the compiler wrote a drop of the fields read so far at
/// each field.
#[doc(hidden)]
pub struct Sent<'w> {
    fields: Map<String, Value>,
    /// The names taken so far (the fields of other names are the answer's `extra`): an
    /// array as long as the longest struct, not a `Vec` (no allocation a struct, no growth
    /// path in `field`, no drop: measured, 81 bytes of an app's wasm).
    taken: [Option<&'static str>; MAX_FIELDS],
    /// How many names `taken` holds.
    count: usize,
    wrong: &'w mut Option<Wrong>,
    /// Whether the field being taken was absent, and so missing (an `Option` may be absent).
    absent: bool,
}

impl<'w> Sent<'w> {
    /// The fields of `value`, to be taken one by one; when it is not an object, there are
    /// none and that is the error noted in `wrong` (so a struct's read has one error
    /// path, at its end, not two). Matched by `object`, which a `Map` field's read
    /// shares (measured: 92 bytes of an app's wasm over a `match` in each).
    pub fn of(value: Value, wrong: &'w mut Option<Wrong>) -> Self {
        // `taken` first: made in place, where after the call of `object` it was made aside
        // and copied (measured: 31 bytes).
        Sent {
            taken: [None; MAX_FIELDS],
            count: 0,
            absent: false,
            fields: object(value, wrong),
            wrong,
        }
    }

    /// The field `name` (its wire name, [`wire`]) read as `T`; an absent field reads as `None` where
    /// `T` is an `Option`, else it is missing. When it cannot be read, the answer is a
    /// stand-in, and the error is noted.
    // Not inlined: one copy a field type rather than one a field (about 80 fields); and
    // only the reading is the type's own: finding the field and noting an error are one
    // copy for every type.
    #[inline(never)]
    pub fn take<T: Answer>(&mut self, name: &'static str) -> T {
        // An absent field is `null` here, not an `Option` (no copy of the value out of
        // it): an `Option` reads it as `None`, any other type as its stand-in, and the error
        // is that it is missing. By a constant, not a value of the type to return early
        // (measured: 153 bytes).
        let value = self.field(name);
        self.absent &= !T::OPTIONAL;
        let mut wrong = None;
        let read = T::read_in(value, &mut wrong);
        self.note(name, wrong);
        read
    }

    /// The field `name` taken out; `null` when it was not sent ([`Sent::absent`] tells).
    #[inline(never)]
    fn field(&mut self, name: &'static str) -> Value {
        let value = lookup(&mut self.fields, name);
        self.absent = value.is_none();
        match value {
            Some(value) => {
                // Always a slot: a struct has at most `MAX_FIELDS` fields, each taken once.
                if let Some(slot) = self.taken.get_mut(self.count) {
                    *slot = Some(name);
                    self.count += 1;
                }
                std::mem::take(value)
            }
            None => Value::Null,
        }
    }

    /// The field `name` was missing (absent, and not an `Option`), or could not be read
    /// (`wrong`), or neither: the first error is the struct's.
    #[inline(never)]
    fn note(&mut self, name: &'static str, wrong: Option<Wrong>) {
        // The two texts by one call of `concat` (measured: 36 bytes over a call each).
        let parts = match &wrong {
            _ if self.absent => ["missing field `", name, "`"],
            Some(e) => [name, ": ", &e.0],
            None => return,
        };
        let e = Wrong(concat(&parts));
        self.wrong.get_or_insert(e);
    }

    /// The fields not taken (the answer's `extra`), taken out. Also when a field could not
    /// be read: the struct is then dropped whole for the error, so what its `extra` holds
    /// is never seen, and the test of the error here cost more than it saved (measured:
    /// 60 bytes of an app's wasm; the inserts only on that error path).
    pub fn left(self) -> Map<String, Value> {
        let mut extra = Map::new();
        for (k, v) in self.fields {
            if !self.taken.contains(&Some(k.as_str())) {
                extra.insert(k, v);
            }
        }
        extra
    }
}

/// The most fields a struct read by [`Sent`] has (`read_as_sent!` checks it when the crate
/// compiles).
#[doc(hidden)]
pub const MAX_FIELDS: usize = 20;

/// The field `name` of `map`: out of line, so that the search is the same code as
/// `BTreeMap::get`'s (which `Value::get` brings), and the two one function in the wasm
/// (measured: 151 bytes of an app's wasm).
#[inline(never)]
fn lookup<'m>(map: &'m mut Map<String, Value>, name: &str) -> Option<&'m mut Value> {
    map.get_mut(name)
}

/// A field's wire name: its Rust name, but `lastKey` for `last_key`, the one field the API
/// names in camelCase. `read_as_sent!` asks for it in a `const`, so that it is worked out
/// when the crate compiles, not compared at each field read (measured: 86 bytes of an app's
/// wasm, and `last_key` out of its data).
#[doc(hidden)]
pub const fn wire(name: &'static str) -> &'static str {
    let (mut n, mut k) = (name.as_bytes(), b"last_key".as_slice());
    loop {
        match (n, k) {
            ([], []) => return "lastKey",
            ([a, n_rest @ ..], [b, k_rest @ ..]) if *a == *b => (n, k) = (n_rest, k_rest),
            _ => return name,
        }
    }
}

/// An answer's `Deserialize`: the value as serde reads it, then [`Answer::read`].
pub fn deserialize<'de, T: Answer, D: serde::Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let value = <Value as serde::Deserialize>::deserialize(d)?;
    T::read(value).map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::{Answer, Map, Value};
    use crate::workflows::{OrganizationWorkflowsPage, TriggerWorkflowResponse};
    use serde_json::json;

    /// Catches a wire name that is not exactly `lastKey` for `last_key` alone (a name of the
    /// same length, a prefix or a longer name read under `lastKey`).
    #[test]
    fn only_last_key_has_another_wire_name() {
        assert_eq!(super::wire("last_key"), "lastKey");
        for name in ["last_kez", "workflow", "last_", "last_keys", "", "items"] {
            assert_eq!(super::wire(name), name);
        }
    }

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
        assert_eq!(
            e.to_string(),
            "looply_execution_id: expected a string, found a number"
        );
        let not_an_object = serde_json::from_value::<TriggerWorkflowResponse>(json!([]));
        assert_eq!(
            not_an_object.unwrap_err().to_string(),
            "expected an object, found an array"
        );
    }

    /// Catches a read that takes a value of the wrong kind (a negative or fractional number
    /// as a count, a string as a boolean), that reads `null` otherwise than serde does (`None`
    /// for an `Option`, an error otherwise), or whose message loses the path to the value
    /// (the field, the item's position, the nested field).
    #[test]
    fn every_kind_reads_as_serde_reads_it_and_says_where_it_is_wrong() {
        assert_eq!(u64::read(json!(7)), Ok(7));
        for not in [json!(-1), json!(1.5)] {
            let e = u64::read(not).unwrap_err().to_string();
            assert_eq!(
                e,
                "expected a whole number of 0 or more, found a negative or fractional number"
            );
        }
        assert_eq!(
            u64::read(json!("7")).unwrap_err().to_string(),
            "expected a whole number, found a string"
        );
        assert_eq!(f64::read(json!(1.5)), Ok(1.5));
        assert!(f64::read(json!(true)).is_err());
        assert_eq!(bool::read(json!(true)), Ok(true));
        assert_eq!(
            bool::read(json!("true")).unwrap_err().to_string(),
            "expected a boolean, found a string"
        );
        assert_eq!(Option::<String>::read(json!(null)), Ok(None));
        assert_eq!(Option::<String>::read(json!("a")), Ok(Some("a".to_owned())));
        assert_eq!(
            String::read(json!(null)).unwrap_err().to_string(),
            "expected a string, found null"
        );
        assert_eq!(Value::read(json!(null)), Ok(Value::Null));
        assert!(Map::read(json!({})).is_ok());
        assert_eq!(
            Map::read(json!(1)).unwrap_err().to_string(),
            "expected an object, found a number"
        );
        assert_eq!(
            Vec::<String>::read(json!({})).unwrap_err().to_string(),
            "expected an array, found an object"
        );
        // As serde reads them: the same values, the same refusals.
        for v in [
            json!(7),
            json!(-1),
            json!(1.5),
            json!(null),
            json!("x"),
            json!([1]),
        ] {
            let ours = u64::read(v.clone()).ok();
            assert_eq!(ours, serde_json::from_value::<u64>(v.clone()).ok(), "{v}");
            let ours = Option::<String>::read(v.clone()).ok();
            assert_eq!(ours, serde_json::from_value(v).ok());
        }

        let keys = json!([
            {"organization_id": "o", "workflow_id": "w", "workflow_version": 1},
            {"organization_id": "o", "workflow_id": "w", "workflow_version": "2"}]);
        let e = Vec::<crate::workflows::OrganizationWorkflowsKey>::read(keys).unwrap_err();
        assert_eq!(
            e.to_string(),
            "[1]: workflow_version: expected a whole number, found a string"
        );
        let page = json!({"message": "success", "count": 0, "items": [],
            "lastKey": {"organization_id": "o", "workflow_id": 2, "workflow_version": 2}});
        let e = OrganizationWorkflowsPage::read(page).unwrap_err();
        assert_eq!(
            e.to_string(),
            "lastKey: workflow_id: expected a string, found a number"
        );
        let key = json!({"organization_id": "o", "workflow_id": "w", "workflow_version": -2});
        let e = serde_json::from_value::<crate::workflows::OrganizationWorkflowsKey>(key);
        assert!(e.unwrap_err().to_string().starts_with("workflow_version: "));
    }

    /// Catches an `extra` told by the values rather than by the names taken: a field the
    /// struct does not know, sent as `null`, lost (a taken field is `null` in the map
    /// too); a known field sent as `null` (an `Option`'s `None`) kept in `extra`; or an
    /// unknown field whose name a nested struct took (`organization_id`, inside `lastKey`)
    /// dropped from the outer struct's.
    #[test]
    fn extra_is_every_field_whose_name_was_not_taken() {
        let page = json!({"message": "m", "count": 0, "items": [], "lastKey": null,
            "z": null, "a": {"b": 1}, "organization_id": "o"});
        let read = OrganizationWorkflowsPage::read(page).unwrap();
        assert_eq!(read.last_key, None);
        let extra = json!({"a": {"b": 1}, "organization_id": "o", "z": null});
        assert_eq!(Value::Object(read.extra), extra);
        let sent = json!({"message": "m", "looply_execution_id": "e", "message2": "x"});
        let read = TriggerWorkflowResponse::read(sent).unwrap();
        assert_eq!(Value::Object(read.extra), json!({"message2": "x"}));
    }

    /// Catches a list of the names taken too short for the longest struct (`Workflow`, 17
    /// fields): a name not noted leaves its field in `extra` as well.
    #[test]
    fn the_longest_struct_keeps_no_known_field_in_extra() {
        use crate::workflows::Workflow;
        let names = [
            "workflow_id",
            "workflow_version",
            "workflow_name",
            "workflow_status",
            "workflow_status_version",
            "latest",
            "organization_id",
            "workspace_id",
            "workflow_steps",
            "workflow_connections",
            "workflow_integrations",
            "workflow_schema",
            "workflow_schedule",
            "created_by",
            "modified_by",
            "created_on",
            "modified_on",
        ];
        let mut sent = Map::new();
        for name in names {
            let value = match name {
                "workflow_version" | "created_on" | "modified_on" => json!(1),
                "workflow_status" => json!("ACTIVE"),
                "latest" => json!("true"),
                _ => json!("x"),
            };
            sent.insert(name.into(), value);
        }
        sent.insert("new".into(), json!(2));
        let read = Workflow::read(Value::Object(sent)).unwrap();
        assert_eq!(read.modified_on, 1);
        assert_eq!(Value::Object(read.extra), json!({"new": 2}));
    }

    /// Catches a nested struct's error that loses its path or its kind: a struct that is
    /// missing (not "expected an object, found null"), a field missing or mistyped inside it,
    /// an error inside an item of a list inside a page, and the first error of a struct
    /// (in the order of its fields) being the one told, not a later one.
    #[test]
    fn a_nested_struct_says_where_it_is_wrong() {
        use crate::executions::{ExecutionsPage, GetWorkflowExecutionByIdResponse};
        use crate::workflows::GetWorkflowByIdResponse;
        let e = GetWorkflowByIdResponse::read(json!({"message": "m"})).unwrap_err();
        assert_eq!(e.to_string(), "missing field `item`");
        let e = GetWorkflowByIdResponse::read(json!({"message": "m", "item": null}));
        assert_eq!(
            e.unwrap_err().to_string(),
            "item: expected an object, found null"
        );
        let e = GetWorkflowByIdResponse::read(json!({"message": "m", "item": {}})).unwrap_err();
        assert_eq!(e.to_string(), "item: missing field `workflow_id`");
        let item = json!({"workflow_execution_id": "x", "workflow_id": "w",
            "workflow_version": "1", "workflow_current_state": 3});
        let e = GetWorkflowExecutionByIdResponse::read(json!({"message": "m", "item": item}));
        assert_eq!(
            e.unwrap_err().to_string(),
            "item: workflow_version: expected a whole number, found a string"
        );
        let page = json!({"message": "m", "count": 1, "items": [{"workflow_execution_id": 1}]});
        let e = ExecutionsPage::read(page).unwrap_err();
        assert_eq!(
            e.to_string(),
            "items: [0]: workflow_execution_id: expected a string, found a number"
        );
        let e = GetWorkflowByIdResponse::read(json!({"item": {}, "message": 1})).unwrap_err();
        assert_eq!(e.to_string(), "message: expected a string, found a number");
    }
}
