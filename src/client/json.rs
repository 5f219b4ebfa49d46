//! JSON text in and out of the client's [`Value`]s without `serde_json`'s parser or writer
//! in an app's wasm: in WebAssembly the host's `JSON.parse` reads an answer (what it makes
//! is handed over as a tape, read into a `Value`: `json/host.rs`), and a payload is written
//! here (numbers that are not
//! integers by the host's `JSON.stringify`). Outside WebAssembly (a mock transport in a unit
//! test) `serde_json` parses. Both read the same JSON alike, with the same nesting limit.
//!
//! In WebAssembly a number reads as JavaScript reads it (a double): an integer beyond
//! 2^53 in an answer is rounded, as the npm package rounds it. A payload's integers are
//! written digit for digit.

use crate::params::push_u64;
use serde_json::{Number, Value};

/// Arrays and objects nest at most this deep in an answer that reads as JSON (less than
/// `serde_json`'s recursion limit, 128, which the native parse keeps).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
const MAX_DEPTH: usize = 127;

/// What a value of a tape is: the tags `attempt.js` writes (`host.rs` reads them; a test of
/// `fetch.rs` checks the module's own constants against these).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(super) mod tag {
    pub const NULL: u8 = 0;
    pub const TRUE: u8 = 1;
    pub const FALSE: u8 = 2;
    pub const NUMBER: u8 = 3;
    pub const STRING: u8 = 4;
    pub const ARRAY: u8 = 5;
    /// An object: the tag `host.rs` takes for any other (so only the test names it).
    #[allow(dead_code)]
    pub const OBJECT: u8 = 6;
}

/// `text` parsed; `None` when it is not JSON, or nests deeper than [`MAX_DEPTH`].
pub(crate) fn parse(text: &str) -> Option<Value> {
    #[cfg(target_arch = "wasm32")]
    {
        host::parse(&text.into())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::from_str(text).ok()
    }
}

/// `v` as JSON text: object keys in the map's order, strings escaped as the core escapes
/// them, integers digit for digit.
pub(crate) fn write(v: &Value) -> String {
    let mut out = String::new();
    push(&mut out, v);
    out
}

fn push(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => push_number(out, n),
        Value::String(s) => crate::http::push_json_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push(out, item);
            }
            out.push(']');
        }
        Value::Object(fields) => push_object(out, fields),
    }
}

/// The object `fields` pushed as JSON text, as [`write`] writes it.
pub(crate) fn push_object(out: &mut String, fields: &serde_json::Map<String, Value>) {
    out.push('{');
    for (i, (name, item)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        crate::http::push_json_string(out, name);
        out.push(':');
        push(out, item);
    }
    out.push('}');
}

fn push_number(out: &mut String, n: &Number) {
    if let Some(u) = n.as_u64() {
        push_u64(out, u);
    } else if let Some(i) = n.as_i64() {
        out.push('-');
        push_u64(out, i.unsigned_abs());
    } else {
        // A `Number` that is neither is a finite f64 (serde_json has no other).
        out.push_str(&float_text(n.as_f64().unwrap_or(0.0)));
    }
}

/// A finite double as JSON writes it (the shortest text that reads back as it).
#[cfg(not(target_arch = "wasm32"))]
fn float_text(x: f64) -> String {
    serde_json::to_string(&x).unwrap_or_else(|_| "null".into())
}

/// The number `x` as `serde_json` would have read its text: an integer when it is one
/// (within the doubles' exact range), else a float.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn number(x: f64) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if x.fract() == 0.0 && x.abs() <= EXACT {
        // Within ±2^53 an `i64` holds it, and `Number::from` makes a non-negative one the
        // unsigned integer serde_json reads (one conversion, not one for each sign).
        return Value::Number(Number::from(x as i64));
    }
    // A `match`, not `map_or(Value::Null, ..)`, whose default was made and dropped on
    // every path.
    match Number::from_f64(x) {
        Some(n) => Value::Number(n),
        None => Value::Null,
    }
}

// The host's half (WebAssembly only: its mutants are tested by tests/client_wasm.rs).
#[cfg(target_arch = "wasm32")]
pub(crate) mod host;
#[cfg(target_arch = "wasm32")]
use host::float_text;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Catches a payload written otherwise than `serde_json` writes it: a big integer
    /// rounded, a negative one unsigned, a float's text, an escape, a separator.
    #[test]
    fn writes_what_serde_json_writes() {
        let v = json!({
            "big": u64::MAX, "neg": i64::MIN, "f": 1.5, "tiny": -2.5e-9, "z": 0,
            "s": "q\"\\\n\u{1}é", "a": [1, [], {}, null, true, false], "o": {"k": "v"}
        });
        assert_eq!(write(&v), serde_json::to_string(&v).unwrap());
        assert_eq!(write(&json!([])), "[]");
    }

    /// Catches an integer read back as a float (a version would not decode as `u64`), a
    /// fraction or a number past 2^53 read as an integer, or a negative one as unsigned.
    #[test]
    fn integers_read_as_integers() {
        assert_eq!(number(3.0), json!(3));
        assert!(number(3.0).is_u64());
        assert_eq!(number(-4.0), json!(-4));
        assert!(number(-4.0).is_i64() && !number(-4.0).is_u64());
        assert_eq!(
            number(9_007_199_254_740_992.0),
            json!(9_007_199_254_740_992_u64)
        );
        assert!(number(9_007_199_254_740_994.0).is_f64());
        assert!(number(1.5).is_f64());
        assert_eq!(number(f64::NAN), Value::Null);
    }

    /// Catches the native parse accepting what is not JSON.
    #[test]
    fn parses_json_and_nothing_else() {
        assert_eq!(parse(r#"{"a":[1,"x"]}"#), Some(json!({"a": [1, "x"]})));
        assert_eq!(parse("not json"), None);
        assert_eq!(parse(""), None);
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(parse(&nested(MAX_DEPTH)).is_some());
        assert_eq!(parse(&nested(MAX_DEPTH + 1)), None);
    }
}
