//! An answer's JSON, read by the host's `JSON.parse` and handed over as a tape (`parse` in
//! `fetch/attempt.js`), read here into a [`Value`]; and a double written by `JSON.stringify`
//! (the module's `numberText`).

use super::tag::{ARRAY, FALSE, NULL, NUMBER, STRING, TRUE};
use super::{number, MAX_DEPTH};
use js_sys::{Array, JsString};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

#[wasm_bindgen(module = "/src/client/fetch/attempt.js")]
extern "C" {
    /// `text` parsed by `JSON.parse`, as a tape; `undefined` when it is not JSON.
    #[wasm_bindgen(js_name = parse)]
    fn parse_to_tape(text: &JsString) -> JsValue;

    /// A finite double as JSON writes it (the shortest text that reads back as it), by
    /// `JSON.stringify` in the module: measured, 211 bytes of an app's wasm less than
    /// js-sys' `JSON.stringify` (its catch, its `JsString` read back).
    #[wasm_bindgen(js_name = numberText)]
    pub(super) fn float_text(x: f64) -> String;
}

/// `text` parsed by the host's `JSON.parse`, as a [`Value`]; `None` when it is not JSON.
pub(crate) fn parse(text: &JsString) -> Option<Value> {
    read(&parse_to_tape(text))
}

/// A tape of `attempt.js` (each value a tag and what it holds, in order) as a [`Value`];
/// `None` for `undefined` (the text was not JSON), or past [`MAX_DEPTH`].
pub(crate) fn read(tape: &JsValue) -> Option<Value> {
    if tape.is_undefined() {
        return None;
    }
    let mut tape = Tape {
        items: tape.unchecked_ref(),
        at: 0,
        bad: false,
    };
    let value = tape.value(0);
    (!tape.bad).then_some(value)
}

/// A tape being read: its items, where the next one is, and whether it went wrong (too
/// deep, or a string that is not one): noted, not returned at once, so that no value
/// half read is dropped on the way out of each level (measured: 151 bytes). Once it went
/// wrong no array or object is read (the tape may be out of step after a level too deep).
struct Tape<'t> {
    items: &'t Array,
    at: u32,
    bad: bool,
}

impl Tape<'_> {
    fn next(&mut self) -> JsValue {
        let item = self.items.get(self.at);
        self.at += 1;
        item
    }

    /// The next item as a number (a tag, a length or a number's value).
    fn number(&mut self) -> f64 {
        self.next().as_f64().unwrap_or(0.0)
    }

    /// The next item as a string (a string's value, a field's name).
    fn string(&mut self) -> String {
        let string = self.next().as_string();
        self.bad |= string.is_none();
        string.unwrap_or_default()
    }

    /// The value at the tape's place, `depth` arrays or objects deep (`Null` where the
    /// tape went wrong, which [`Tape::bad`] notes).
    fn value(&mut self, depth: usize) -> Value {
        // Through `u32` (one saturating conversion in wasm), not straight to `u8` (clamped
        // to 255 by compares: measured, 29 bytes). The module writes tags 0 to 6 only;
        // any other was read as an object before, and is read as one of the seven now.
        let tag = self.number() as u32 as u8;
        let nested = depth + 1;
        match tag {
            NULL => Value::Null,
            TRUE => Value::Bool(true),
            FALSE => Value::Bool(false),
            NUMBER => number(self.number()),
            STRING => Value::String(self.string()),
            _ if nested > MAX_DEPTH || self.bad => {
                self.bad = true;
                Value::Null
            }
            ARRAY => {
                // Filled by `resize_with` (sized once, no capacity check at each item), not
                // pushed (measured, 110 bytes), nor collected from a range (`with_capacity`,
                // then `collect`'s own `reserve`: 38 bytes). An array of one to three values
                // is given room for four (`reserve`'s least), as a push would have.
                let len = self.number() as usize;
                let mut items = Vec::new();
                items.resize_with(len, || self.value(nested));
                Value::Array(items)
            }
            // OBJECT (the module writes no other tag).
            _ => {
                let mut fields = Map::new();
                for _ in 0..self.number() as usize {
                    let name = self.string();
                    fields.insert(name, self.value(nested));
                }
                Value::Object(fields)
            }
        }
    }
}
