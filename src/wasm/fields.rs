//! JavaScript objects as [`Fields`].

use crate::params::{Fields, Raw};
use crate::wasm::js::to_json;
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// A JavaScript value read as named fields; anything that is not an object has none.
pub struct JsFields<'a>(pub &'a JsValue);

/// A property of `obj`, or `undefined` when `obj` is not an object or the getter throws.
pub fn get(obj: &JsValue, name: &str) -> JsValue {
    if !obj.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// What validation needs to know of a JavaScript value.
pub fn raw(v: &JsValue) -> Raw {
    if v.is_undefined() {
        Raw::Missing
    } else if v.is_null() {
        Raw::Null
    } else if let Some(s) = v.as_string() {
        Raw::Str(s)
    } else if let Some(n) = v.as_f64() {
        Raw::Num(n)
    } else if let Some(b) = v.as_bool() {
        Raw::Bool(b)
    } else if v.is_object() && !Array::is_array(v) && !v.is_function() {
        Raw::Object
    } else {
        Raw::Other
    }
}

impl Fields for JsFields<'_> {
    fn field(&self, name: &str) -> Raw {
        raw(&get(self.0, name))
    }

    fn nested(&self, outer: &str, inner: &str) -> Raw {
        raw(&get(&get(self.0, outer), inner))
    }

    fn json(&self, name: &str) -> Option<String> {
        to_json(&get(self.0, name))
    }
}

/// The string-valued entries of a plain object (`defaultHeaders`, `options.headers`);
/// `Err(())` when it is not a plain object or a value is not a string.
pub fn string_entries(obj: &JsValue) -> Result<Vec<(String, String)>, ()> {
    if obj.is_undefined() || obj.is_null() {
        return Ok(Vec::new());
    }
    // Only plain objects: a `Headers` or a `Map` has no own keys and would pass as empty.
    let plain = !Array::is_array(obj) && !get(obj, "forEach").is_function();
    let object = obj
        .dyn_ref::<js_sys::Object>()
        .filter(|_| plain)
        .ok_or(())?;
    let mut out = Vec::new();
    for key in js_sys::Object::keys(object).iter() {
        let name = key.as_string().ok_or(())?;
        let value = get(obj, &name).as_string().ok_or(())?;
        out.push((name, value));
    }
    Ok(out)
}
