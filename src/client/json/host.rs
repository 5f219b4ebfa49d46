//! What `JSON.parse` made, walked into a [`Value`], and a double written by `JSON.stringify`.

use super::{number, MAX_DEPTH};
use js_sys::{Array, JsString, Object};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` of a string of the host's (a body as the host decoded it is parsed
    /// where it is, not copied into the wasm and back).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_string(text: &JsString) -> Result<JsValue, JsValue>;
}

/// `text` parsed by the host's `JSON.parse`, as a [`Value`]; `None` when it is not JSON.
pub(crate) fn parse(text: &JsString) -> Option<Value> {
    value(&parse_string(text).ok()?, 0)
}

/// `v` as a [`Value`]; `None` past [`MAX_DEPTH`].
pub(super) fn value(v: &JsValue, depth: usize) -> Option<Value> {
    if let Some(s) = v.as_string() {
        return Some(Value::String(s));
    }
    if let Some(x) = v.as_f64() {
        return Some(number(x));
    }
    if let Some(b) = v.as_bool() {
        return Some(Value::Bool(b));
    }
    if v.is_null() {
        return Some(Value::Null);
    }
    if depth >= MAX_DEPTH {
        return None;
    }
    if Array::is_array(v) {
        let items: &Array = v.unchecked_ref();
        let mut out = Vec::with_capacity(items.length() as usize);
        for item in items.iter() {
            out.push(value(&item, depth + 1)?);
        }
        return Some(Value::Array(out));
    }
    let mut fields = Map::new();
    for entry in Object::entries(v.unchecked_ref()).iter() {
        let entry: Array = entry.unchecked_into();
        let name = entry.get(0).as_string()?;
        fields.insert(name, value(&entry.get(1), depth + 1)?);
    }
    Some(Value::Object(fields))
}

/// A finite double as JSON writes it (the shortest text that reads back as it).
pub(super) fn float_text(x: f64) -> String {
    js_sys::JSON::stringify(&x.into())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "null".into())
}
