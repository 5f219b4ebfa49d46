//! JavaScript values as [`Fields`] (what the core reads its input from in the npm wasm:
//! [`crate::FieldSource`]). Reading a field costs one crossing into JavaScript
//! (`valueInto`: its value and kind at once); property names are made into JavaScript
//! strings once (see [`js_name`]).

use crate::params::{Fields, Raw};
use crate::response::Kind;
use crate::wasm::js::{self, to_json};
use std::cell::RefCell;
use wasm_bindgen::JsValue;

/// A name made into a JavaScript string, found again by its text; kept for the module's
/// life (never dropped), so that each reader lends it to the import rather than a copy.
/// The names are the core's own texts (the endpoints' parameter and field names, the
/// options', a few fixed ones): a few dozen in all, whatever the callers pass.
struct Name {
    text: Box<str>,
    js: &'static JsValue,
}

thread_local! {
    static NAMES: RefCell<Vec<Name>> = const { RefCell::new(Vec::new()) };
}

/// `name` as a JavaScript string, made once: decoding a string out of wasm memory is the
/// most expensive part of reading a field. Looked up by text (lengths compared first: few
/// names share one; a fast path by address was 0.2 KB of the wasm). The string is lent, not
/// copied: each name's `JsValue` lives on its own (leaked: names are never forgotten, as
/// before), so the answer outlives the names' borrow, which is not held while the caller
/// uses it (a getter of the caller's that reads a field again, re-entering the SDK, finds
/// them as they are). A copy of the reference, given back by the import's adapter, was a
/// slot of the externref table taken and freed a name (docs/benchmarks-log.md, branch
/// `ncallpath`). (A shared
/// `Rc<JsValue>` was 206 bytes more of the wasm: docs/benchmarks-log.md, branch `nwasm8`. A
/// callback was 0.3 KB more: its closures and their `dyn` shims. `try_with`: `with`'s panic
/// would bring its location into the wasm.) The names are busy only while this looks them
/// up (it calls no code of the caller's): should they be, the name is made and not remembered.
pub fn js_name(name: &str) -> &'static JsValue {
    let found = NAMES.try_with(|names| {
        let names = names.try_borrow().ok()?;
        names.iter().find(|n| &*n.text == name).map(|n| n.js)
    });
    if let Ok(Some(js)) = found {
        return js;
    }
    // Made in one place (one function the constructor compiles, not two), and kept for the
    // next look-ups unless the names are busy.
    let js: &'static JsValue = Box::leak(Box::new(JsValue::from_str(name)));
    let _ = NAMES.try_with(|names| {
        if let Ok(mut names) = names.try_borrow_mut() {
            names.push(Name {
                text: name.into(),
                js,
            });
        }
    });
    js
}

/// A property of `obj`, or `undefined` when `obj` is not an object or the getter throws.
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    js::field_of(obj, js_name(key))
}

/// The kind of a property of `obj` (as [`kind_of`]`(&`[`get`]`(obj, key))`), in one crossing.
pub fn field_kind(obj: &JsValue, key: &str) -> Option<Kind> {
    kind_in(obj, js_name(key))
}

/// Sets the property `key` of a fresh plain object (which cannot fail).
pub fn set(obj: &js_sys::Object, key: &str, value: &JsValue) {
    js::set_field(obj, js_name(key), value);
}

/// [`set`] of a value made for it: taken here, and dropped here once, not by each caller's
/// field (the error descriptor's, the route record's).
#[inline(never)]
pub fn put(obj: &js_sys::Object, key: &str, value: JsValue) {
    set(obj, key, &value);
}

/// `v`'s string, if it is one: taken, so that each reader hands its value over (no slot of
/// its own for a reference, and no drop, at each). Read as [`raw`] reads it.
#[inline(never)]
pub fn string_of(v: JsValue) -> Option<String> {
    text(raw(v))
}

/// The string of `obj`'s property `key`, if it is one, in one crossing (the field read inside
/// `valueInto`, as [`Fields::field`] reads it).
pub fn field_string(obj: &JsValue, key: &str) -> Option<String> {
    text(raw_in(obj, js_name(key)))
}

/// A value read's string, if it was one.
fn text(raw: Raw) -> Option<String> {
    match raw {
        Raw::Str(s) => Some(s),
        _ => None,
    }
}

/// The kind of a value, as `pkg-template/src/transport.js`'s `kind` numbers it, in one crossing; `None`
/// for a function, a symbol or a bigint (`Kind::Missing` is `undefined`).
pub fn kind_of(v: &JsValue) -> Option<Kind> {
    kind_in(v, &js::UNUSED)
}

/// The kind of `obj`'s field `name`, or of `obj` itself when `name` is `undefined`: what
/// `valueInto` answers with no room (nothing written).
fn kind_in(obj: &JsValue, name: &JsValue) -> Option<Kind> {
    match js::value_into(obj, &mut [], name) {
        answer @ ..0 => Kind::from_code(!answer as u32),
        _ => Some(Kind::String),
    }
}

/// Whether `v` is `undefined` or `null`.
pub fn is_absent(v: &JsValue) -> bool {
    matches!(kind_of(v), Some(Kind::Missing | Kind::Null))
}

/// The room a value's string is first read into: an identifier (36 bytes for a UUID), a
/// request id, a short header's value fit; a longer string is read again into room of its
/// size (tests/js/strings.test.mjs tries both sides of this length).
const TEXT_ROOM: usize = 64;

/// What validation needs to know of a JavaScript value (taken: each reader hands over the
/// value it read, not a reference to a slot of its own that it drops after).
pub fn raw(v: JsValue) -> Raw {
    raw_in(&v, &js::UNUSED)
}

/// [`raw`] of `obj`'s field `name`, or of `obj` itself when `name` is `undefined`, in one
/// crossing (`valueInto`): the field read there (no slot of the externref table for it), a
/// string's UTF-8 written straight into the core's memory (no `malloc` called back from
/// JavaScript, no string import of wasm-bindgen's), a number's or a boolean's value too,
/// else its kind.
fn raw_in(obj: &JsValue, name: &JsValue) -> Raw {
    let mut room = [0u8; TEXT_ROOM];
    let answer = js::value_into(obj, &mut room, name);
    let Ok(len) = usize::try_from(answer) else {
        // Not a string: `-1 - kind`, a number's or a boolean's value (1 or 0) in the room's
        // first 8 bytes, as a little-endian `f64` (read as one word: its bytes gathered one
        // by one were 0.1 KB of the wasm).
        let number = room
            .first_chunk()
            .map_or(f64::NAN, |b| f64::from_le_bytes(*b));
        return match Kind::from_code(!answer as u32) {
            Some(Kind::Missing) => Raw::Missing,
            Some(Kind::Null) => Raw::Null,
            Some(Kind::Number) => Raw::Num(number),
            Some(Kind::Bool) => Raw::Bool(number != 0.0),
            Some(Kind::Object) => Raw::Object,
            _ => Raw::Other,
        };
    };
    let mut text = vec![0u8; len];
    match room.get(..len) {
        Some(read) => text.copy_from_slice(read),
        // Longer than the room: `len` is the room it needs; the string, which JavaScript
        // held, read again into that much (a getter of the caller's is not run again).
        None => {
            let written = js::value_into(&js::held_value(&js::UNUSED), &mut text, &js::UNUSED);
            text.truncate(written as usize);
        }
    }
    // SAFETY: `TextEncoder.encodeInto` writes UTF-8 only (a lone surrogate as U+FFFD, as
    // wasm-bindgen's own string import did), and never part of a character.
    Raw::Str(unsafe { String::from_utf8_unchecked(text) })
}

/// A JavaScript value read as named fields; anything that is not an object has none.
impl Fields for JsValue {
    fn field(&self, name: &str) -> Raw {
        raw_in(self, js_name(name))
    }

    fn nested(&self, &outer: &&str, &inner: &&str) -> Raw {
        raw_in(&get(self, outer), js_name(inner))
    }

    fn json(&self, name: &str) -> Option<String> {
        string_of(to_json(&get(self, name)))
    }
}
