//! Reading and validating caller input, independent of JavaScript.
//!
//! The wasm layer maps each JavaScript value to a [`Raw`]; everything that decides
//! whether the value is acceptable lives here and is tested natively.

use crate::error::Invalid;
use crate::http::{push_digit, UPPER_HEX};
use crate::FieldSource;

/// A caller-supplied value, as far as validation needs to see it.
///
/// In the npm package's wasm a tag byte of its own (`repr(u8)`): the niche in the string's
/// capacity made every `match` decode it (a compare, a xor and a select), 0.15 KB of that
/// wasm; a Rust app's wasm is 0.3 KB larger so, and keeps the niche.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(all(target_arch = "wasm32", feature = "npm"), repr(u8))]
pub enum Raw {
    /// `undefined`, or the property is absent.
    Missing,
    /// `null`.
    Null,
    /// A string.
    Str(String),
    /// A number (any double, including NaN and infinities).
    Num(f64),
    /// A boolean.
    Bool(bool),
    /// An object (not an array, not a function).
    Object,
    /// Anything else: arrays, functions, symbols, bigints.
    Other,
}

impl Raw {
    fn is_absent(&self) -> bool {
        matches!(self, Raw::Missing | Raw::Null)
    }
}

/// What validation needs to know of a JSON value (`None`: the field is missing): the one
/// adapter from JSON for the Rust client's fields and the native tests' maps.
#[cfg(any(test, feature = "client"))]
pub(crate) fn raw_of_json(v: Option<&serde_json::Value>) -> Raw {
    use serde_json::Value;
    match v {
        None => Raw::Missing,
        Some(Value::Null) => Raw::Null,
        Some(Value::Bool(b)) => Raw::Bool(*b),
        Some(Value::Number(n)) => n.as_f64().map_or(Raw::Other, Raw::Num),
        Some(Value::String(s)) => Raw::Str(s.clone()),
        Some(Value::Array(_)) => Raw::Other,
        Some(Value::Object(_)) => Raw::Object,
    }
}

/// Something with named fields: a JavaScript object, or a map in native tests.
pub trait Fields {
    /// The value of the field `name`.
    fn field(&self, name: &str) -> Raw;
    /// The field `outer.inner` (for `payload.source`). Each name by reference (a name in
    /// static data is passed where it is), so that in a Rust app's wasm no dyn call of the
    /// trait has six words: that is the shape of wasm-bindgen's six-argument closure
    /// trampolines, which such a call keeps alive, with those they call (measured: 1.4 KB).
    fn nested(&self, outer: &&str, inner: &&str) -> Raw;
    /// The field serialized as JSON text, or `None` when it cannot be serialized.
    fn json(&self, name: &str) -> Option<String>;
}

/// A request body: a JSON object, sent as given; absent means `{}`.
pub fn payload(f: &FieldSource<'_>, name: &str) -> Result<String, Invalid> {
    // Each rule answers its words, and one error is made after them (as `id`).
    let rule = match f.field(name) {
        Raw::Missing | Raw::Null => return Ok("{}".to_owned()),
        Raw::Object => match f.json(name) {
            Some(text) => match text.as_bytes() {
                b if b.len() > MAX_BODY_LEN => {
                    "is larger than 10 MiB once serialized (the API gateway's limit)"
                }
                // `toJSON` (a Date, say) can turn an object into something else.
                [b'{', ..] => return Ok(text),
                _ => "must serialize to a JSON object",
            },
            None => "cannot be serialized as JSON (a cycle or a BigInt?)",
        },
        _ => "must be a JSON object",
    };
    Err(Invalid::new(name, rule))
}

/// An optional field of an object parameter that must be one of `allowed`.
pub fn opt_nested_one_of(
    f: &FieldSource<'_>,
    outer: &str,
    inner: &str,
    allowed: &'static [&'static str],
) -> Result<(), Invalid> {
    let valid = match f.nested(&outer, &inner) {
        Raw::Missing => true,
        Raw::Str(s) => allowed.contains(&s.as_str()),
        _ => false,
    };
    if valid {
        return Ok(());
    }
    // The prefixed name made only for the error.
    let mut name = String::from(outer);
    name.push_str(".");
    name.push_str(inner);
    Err(Invalid::new(&name, &expected_one_of("must be ", allowed)))
}

/// A version, accepted as a number or a numeric string; kept as its decimal digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version(pub u64);

impl Version {
    /// The version as decimal digits, for a path segment or a query value.
    pub fn digits(self) -> String {
        u64_to_string(self.0)
    }
}

/// Decimal digits of `n`, without the formatting machinery.
pub fn u64_to_string(n: u64) -> String {
    // Made with room for the most digits: no growth on the first digit's push (a call's
    // version, `RawVec`'s `finish_grow` run once a call: docs/benchmarks-log.md, `ncall5`).
    let mut out = String::with_capacity(20);
    push_u64(&mut out, n);
    out
}

/// `head`, the decimal digits of `n`, then `tail`: a message's sentence around a number,
/// assembled in one place (each message that did it itself wrote its three steps again).
pub(crate) fn with_number(head: &str, n: u64, tail: &str) -> String {
    let mut m = String::from(head);
    push_u64(&mut m, n);
    m.push_str(tail);
    m
}

/// Appends the decimal digits of `n` (into a message: no string of their own to copy there).
pub fn push_u64(out: &mut String, n: u64) {
    // The leading digits first, by recursion (at most 20 levels deep): no buffer of digits
    // to fill from the last and read back reversed. ASCII (no `char` or UTF-8 step).
    if n >= 10 {
        push_u64(out, n / 10);
    }
    push_digit(out, UPPER_HEX, (n % 10) as u8);
}

/// The largest integer a JavaScript number holds exactly.
pub const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

/// The most digits a whole number given as a string may have.
pub const MAX_DIGITS: usize = 15;

/// A non-negative whole number from a number or a string of digits.
fn whole_number(raw: &Raw) -> Option<u64> {
    match raw {
        Raw::Num(n)
            // No `is_finite` first: NaN and the infinities fail `fract() == 0.0` (their
            // fractions are NaN) and the range.
            if n.fract() == 0.0 && *n >= 0.0 && *n <= MAX_SAFE_INTEGER as f64 =>
        {
            Some(*n as u64)
        }
        Raw::Str(s) => digits(s),
        _ => None,
    }
}

/// The value of a string of 1 to [`MAX_DIGITS`] ASCII digits (no sign, no spaces). Written
/// out, so that `str::parse` and its error type stay out of the wasm.
pub fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > MAX_DIGITS {
        return None;
    }
    // One pass: each byte checked as it is added (not all checked, then all added).
    let mut n = 0;
    for &b in s.as_bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(b - b'0');
    }
    Some(n)
}

/// A required identifier: a non-empty string that is not a dot segment. (Each rule answers
/// its words, and one error is made after them: one call site, not one a rule.)
pub fn id(f: &FieldSource<'_>, name: &str) -> Result<String, Invalid> {
    let rule = match f.field(name) {
        // The string's rules in one function: the string is dropped once for all three.
        Raw::Str(s) => match id_problem(&s) {
            None => return Ok(s),
            Some(rule) => rule,
        },
        Raw::Missing | Raw::Null => "is required",
        _ => "must be a string",
    };
    Err(Invalid::new(name, rule))
}

/// Why the string `s` is no identifier ([`id`]), or `None` when it is one.
fn id_problem(s: &str) -> Option<&'static str> {
    Some(match s.as_bytes() {
        b"" => "must not be empty",
        // Compared as bytes: no call of `str`'s equality for each.
        b"." | b".." => "must not be '.' or '..' (a URL would resolve it away)",
        // Characters counted as the bytes that start one (no UTF-8 decoding in the wasm).
        b if b.iter().filter(|&&b| b & 0xc0 != 0x80).count() > MAX_ID_LEN => {
            "is too long (at most 1024 characters)"
        }
        _ => return None,
    })
}

/// Longest identifier accepted, in characters (Unicode code points, as JSON Schema's
/// `maxLength` counts them), so that a URL stays a sane size.
pub const MAX_ID_LEN: usize = 1024;

/// A pagination key: a non-empty string as it is, a finite number as JavaScript writes it
/// (digits for a whole number, else its JSON text), which the service reads back as the
/// same number. Its errors name it `prefix` and `name` (`lastKey.` and a cursor's field,
/// whose value is the page's key's `name`; `""` for a parameter).
pub fn key(f: &FieldSource<'_>, prefix: &str, name: &str) -> Result<String, Invalid> {
    const NOT_A_KEY: &str =
        "must be a string or a finite number, as the previous page's lastKey gave it";
    let rule = match f.field(name) {
        // No service sends an empty key (DynamoDB refuses an empty key attribute).
        Raw::Str(s) if s.is_empty() => "must not be empty",
        Raw::Str(s) => return Ok(s),
        // A whole number's digits written here, where its JSON text could be another's: the
        // Rust client's and the native tests' JSON keeps how a number was written (`3.0`).
        // In the npm package the JSON text is `JSON.stringify`'s, which writes a whole
        // number within the safe range as these same digits (and -0 as `0`): the arm below
        // serves it too (0.1 KB of that wasm).
        #[cfg(any(feature = "client", not(feature = "npm")))]
        Raw::Num(n) if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER as f64 => {
            let mut text = String::new();
            if n < 0.0 {
                text.push_str("-");
            }
            push_u64(&mut text, n.abs() as u64);
            return Ok(text);
        }
        Raw::Num(n) if n.is_finite() => match f.json(name) {
            Some(text) => return Ok(text),
            None => NOT_A_KEY,
        },
        Raw::Missing | Raw::Null => "is required",
        _ => NOT_A_KEY,
    };
    // The prefixed name made only for the error.
    let mut param = String::from(prefix);
    param.push_str(name);
    Err(Invalid::new(&param, rule))
}
/// Largest request body: the API gateway in front of the service refuses more.
pub const MAX_BODY_LEN: usize = 10 * 1024 * 1024;

/// A required version: a whole number, or a string of digits.
pub fn version(f: &FieldSource<'_>, name: &str) -> Result<Version, Invalid> {
    let mut n = 0;
    whole_in(f, name, u64::MAX, VERSION_RULE, &mut n)?;
    match n {
        0 => Err(Invalid::new(name, "is required")),
        n => Ok(Version(n)),
    }
}

/// Why a value is no version ([`version`]).
pub(crate) const VERSION_RULE: &str =
    "must be a positive whole number or a string of digits (e.g. 1 or \"1\")";

/// An optional whole number from 1 to `max` (a string of digits is accepted; whatever the
/// `max`, no more than [`whole_number`] reads), written into `out`, which an absent one
/// leaves as it is (0 is never accepted: the callers' "absent"); `rule` words the error.
/// Written where the caller keeps it, the answer one word (no `Option` or number answered
/// through memory). The version's and the limit's one reader.
pub(crate) fn whole_in(
    f: &FieldSource<'_>,
    name: &str,
    max: u64,
    rule: &str,
    out: &mut u64,
) -> Result<(), Invalid> {
    let raw = f.field(name);
    if raw.is_absent() {
        return Ok(());
    }
    match whole_number(&raw) {
        Some(n) if (1..=max).contains(&n) => *out = n,
        _ => return Err(Invalid::new(name, rule)),
    }
    Ok(())
}

/// The largest page the service returns.
pub const MAX_LIMIT: u64 = 30;

/// An optional page size: a whole number from 1 to 30 (a string of digits is accepted).
pub fn limit(f: &FieldSource<'_>, name: &str) -> Result<Option<u64>, Invalid> {
    let mut n = 0;
    whole_in(f, name, MAX_LIMIT, LIMIT_RULE, &mut n)?;
    Ok((n != 0).then_some(n))
}

/// Why a value is no page size ([`limit`]).
pub(crate) const LIMIT_RULE: &str = "must be a whole number from 1 to 30";

/// A required string that must be one of `allowed`: [`one_of_into`]'s rule answered as the
/// allowed text, for the tests (the crate's readers write into their place with `one_of_into`).
#[cfg(test)]
pub fn one_of(
    f: &FieldSource<'_>,
    name: &str,
    allowed: &'static [&'static str],
) -> Result<&'static str, Invalid> {
    // Found again by the text `one_of_into` wrote (it is one of them).
    let mut hit = String::new();
    one_of_into(f, name, allowed, &mut hit)?;
    Ok(allowed.iter().find(|a| **a == hit).map_or("", |a| a))
}

/// A required string that must be one of `allowed`, appended to `out`, where the caller keeps it (the answer one word,
/// not a `Result<&str>` answered through memory, then copied): `request::read`'s and the
/// log level's.
pub(crate) fn one_of_into(
    f: &FieldSource<'_>,
    name: &str,
    allowed: &'static [&'static str],
    out: &mut String,
) -> Result<(), Invalid> {
    // Each rule answers its words' start, and one error is made after them (as `id`).
    let prefix = match f.field(name) {
        Raw::Missing | Raw::Null => "is required: ",
        Raw::Str(s) => match allowed.iter().find(|a| **a == s.as_str()) {
            Some(hit) => {
                out.push_str(hit);
                return Ok(());
            }
            None => "must be ",
        },
        _ => "must be ",
    };
    Err(Invalid::new(name, &expected_one_of(prefix, allowed)))
}

/// `prefix` and the `allowed` values quoted, as a rule lists them (`'a', 'b' or 'c'`).
pub(crate) fn expected_one_of(prefix: &str, allowed: &[&str]) -> String {
    let mut s = String::from(prefix);
    for (i, a) in allowed.iter().enumerate() {
        if i > 0 {
            s.push_str(if i + 1 == allowed.len() { " or " } else { ", " });
        }
        s.push_str("'");
        s.push_str(a);
        s.push_str("'");
    }
    s
}

/// An optional whole number in `min..=max` (for options such as `timeoutMs`).
pub fn opt_u32_in(
    f: &FieldSource<'_>,
    name: &str,
    min: u32,
    max: u32,
) -> Result<Option<u32>, Invalid> {
    let mut n = None;
    u32_into(f, name, min, max, &mut n)?;
    Ok(n)
}

/// The optional whole number `name` in `min..=max` written into `slot` when given (left as
/// it is when absent): [`opt_u32_in`]'s rule, the client's options' reader. (Its answer is
/// one word, `Ok` or the boxed error: a `Result<Option<u32>, _>` came back through memory to
/// a three-way branch at each caller.) Out of line: LLVM copied it into each of its three
/// callers (`timeoutMs`, `maxRetries`, `maxConcurrency`), 64 bytes of the npm wasm's A.
#[inline(never)]
pub(crate) fn u32_into<T: From<u32>>(
    f: &FieldSource<'_>,
    name: &str,
    min: u32,
    max: u32,
    slot: &mut T,
) -> Result<(), Invalid> {
    // The value is looked at in place and dropped once (an absent one was moved into a
    // binding of its own to be dropped there).
    let raw = f.field(name);
    let valid = match raw {
        Raw::Missing | Raw::Null => true,
        // A number only (no string of digits), compared as one: NaN and the infinities fail
        // `fract() == 0.0` (their fractions are NaN), and every `u32` is exact in an `f64`.
        Raw::Num(n) if n.fract() == 0.0 && n >= f64::from(min) && n <= f64::from(max) => {
            *slot = (n as u32).into();
            true
        }
        _ => false,
    };
    if valid {
        Ok(())
    } else {
        Err(range_error(name, min, max))
    }
}

pub(crate) fn range_error(name: &str, min: u32, max: u32) -> Invalid {
    let mut rule = with_number("must be a whole number from ", min.into(), " to ");
    push_u64(&mut rule, max.into());
    Invalid::new(name, &rule)
}

/// An optional boolean.
pub fn opt_bool(f: &FieldSource<'_>, name: &str) -> Result<Option<bool>, Invalid> {
    let mut b = None;
    bool_into(f, name, &mut b)?;
    Ok(b)
}

/// The optional boolean `name` written into `slot` when given (left as it is when absent):
/// [`opt_bool`]'s rule, the client's options' reader. (Its answer is one word: `opt_bool`'s
/// `Result<Option<bool>, _>` came back through memory to each caller, 55 bytes of the npm
/// wasm's A.)
#[inline(never)]
pub(crate) fn bool_into<T: From<bool>>(
    f: &FieldSource<'_>,
    name: &str,
    slot: &mut T,
) -> Result<(), Invalid> {
    // Looked at in place and dropped once, as in [`u32_into`].
    let raw = f.field(name);
    let valid = match raw {
        Raw::Bool(b) => {
            *slot = b.into();
            true
        }
        Raw::Missing | Raw::Null => true,
        _ => false,
    };
    if valid {
        Ok(())
    } else {
        Err(Invalid::new(name, "must be true or false"))
    }
}

/// An optional non-empty string (for options such as `baseUrl`).
pub fn opt_string(f: &FieldSource<'_>, name: &str) -> Result<Option<String>, Invalid> {
    let mut s = None;
    string_into(f, name, &mut s)?;
    Ok(s)
}

/// The optional non-empty string `name` written into `slot` when given (left as it is when
/// absent): [`opt_string`]'s rule, the client's options' reader. (Its answer is one word:
/// `opt_string`'s `Result<Option<String>, _>` came back through memory to each caller; this
/// took 66 bytes of the npm wasm's A.)
#[inline(never)]
pub(crate) fn string_into<T: From<String>>(
    f: &FieldSource<'_>,
    name: &str,
    slot: &mut T,
) -> Result<(), Invalid> {
    // Each rule answers its words, and one error is made after them (as `id`).
    let rule = match f.field(name) {
        Raw::Str(s) if !s.is_empty() => {
            *slot = s.into();
            return Ok(());
        }
        Raw::Str(_) => "must not be empty",
        Raw::Missing | Raw::Null => return Ok(()),
        _ => "must be a string",
    };
    Err(Invalid::new(name, rule))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::HashMap;

    /// A field source for native tests; object fields hold their JSON text.
    #[derive(Default, Debug, Clone)]
    pub struct Map(
        pub HashMap<&'static str, Raw>,
        pub HashMap<&'static str, serde_json::Value>,
    );

    impl Map {
        pub fn with(mut self, k: &'static str, v: Raw) -> Self {
            self.0.insert(k, v);
            self
        }
        pub fn with_json(mut self, k: &'static str, json: &str) -> Self {
            self.0.insert(k, Raw::Object);
            self.1.insert(k, serde_json::from_str(json).unwrap());
            self
        }
        /// A number field whose JSON text is `json` (as `JSON.stringify` would write it).
        pub fn with_number(self, k: &'static str, json: &str) -> Self {
            self.with_as(k, Raw::Num(json.parse().unwrap()), json)
        }

        /// A field read as `raw` whose JSON text is `json` (`NaN`'s is `null`, as in JavaScript).
        pub fn with_as(mut self, k: &'static str, raw: Raw, json: &str) -> Self {
            self.0.insert(k, raw);
            self.1.insert(k, serde_json::from_str(json).unwrap());
            self
        }
    }

    impl Fields for Map {
        fn field(&self, name: &str) -> Raw {
            self.0.get(name).cloned().unwrap_or(Raw::Missing)
        }
        fn nested(&self, &outer: &&str, &inner: &&str) -> Raw {
            raw_of_json(self.1.get(outer).and_then(|v| v.get(inner)))
        }
        fn json(&self, name: &str) -> Option<String> {
            self.1.get(name).map(|v| v.to_string())
        }
    }

    pub fn s(v: &str) -> Raw {
        Raw::Str(v.to_owned())
    }

    #[test]
    fn ids_are_non_empty_strings_and_not_dot_segments() {
        let m = Map::default()
            .with("a", s("wf-1"))
            .with("b", s(""))
            .with("c", Raw::Num(3.0))
            .with("d", s(".."))
            .with("e", Raw::Null)
            .with("f", s(&"x".repeat(MAX_ID_LEN + 1)));
        assert_eq!(id(&m, "a").as_deref(), Ok("wf-1"));
        assert_eq!(id(&m, "b").unwrap_err().message, "b must not be empty");
        assert_eq!(id(&m, "c").unwrap_err().message, "c must be a string");
        assert!(id(&m, "d")
            .unwrap_err()
            .message
            .starts_with("d must not be '.'"));
        assert_eq!(id(&m, "e").unwrap_err().message, "e is required");
        assert_eq!(id(&m, "missing").unwrap_err().param, "missing");
        assert!(id(&m, "f").is_err());
    }

    /// Catches a dot segment let through (`.` as well as `..`), or an id refused for only
    /// holding dots or starting with them (`...`, `.a`, `a.` are no dot segments).
    #[test]
    fn only_the_two_dot_segments_are_refused() {
        for (value, refused) in [
            (".", true),
            ("..", true),
            ("...", false),
            (".a", false),
            ("a.", false),
            ("a", false),
        ] {
            let m = Map::default().with("x", s(value));
            assert_eq!(id(&m, "x").is_err(), refused, "{value}");
        }
    }

    #[test]
    fn versions_accept_numbers_and_digit_strings() {
        let ok = [(Raw::Num(1.0), 1), (s("2"), 2), (s("007"), 7)];
        for (raw, want) in ok {
            let m = Map::default().with("v", raw.clone());
            assert_eq!(version(&m, "v"), Ok(Version(want)), "{raw:?}");
        }
        let bad = [
            Raw::Num(0.0),
            s("0"),
            Raw::Num(1.5),
            Raw::Num(-1.0),
            Raw::Num(f64::NAN),
            Raw::Num(f64::INFINITY),
            Raw::Num(1e300),
            s("1.0"),
            s(" 1"),
            s("-1"),
            s(""),
            s("1e3"),
            s("9999999999999999999999"),
            Raw::Bool(true),
            Raw::Object,
        ];
        for raw in bad {
            let m = Map::default().with("v", raw.clone());
            let e = version(&m, "v").unwrap_err();
            assert!(
                e.message.starts_with("v must be a positive whole number"),
                "{raw:?}"
            );
        }
        assert_eq!(
            version(&Map::default(), "v").unwrap_err().message,
            "v is required"
        );
        assert_eq!(Version(42).digits(), "42");
    }

    #[test]
    fn limit_is_one_to_thirty() {
        for (raw, want) in [(Raw::Num(1.0), 1), (Raw::Num(30.0), 30), (s("20"), 20)] {
            let m = Map::default().with("limit", raw);
            assert_eq!(limit(&m, "limit"), Ok(Some(want)));
        }
        for raw in [
            Raw::Num(0.0),
            Raw::Num(31.0),
            Raw::Num(2.5),
            s("abc"),
            Raw::Bool(true),
        ] {
            let m = Map::default().with("limit", raw);
            assert_eq!(
                limit(&m, "limit").unwrap_err().message,
                "limit must be a whole number from 1 to 30"
            );
        }
        assert_eq!(limit(&Map::default(), "limit"), Ok(None));
    }

    #[test]
    fn one_of_lists_the_allowed_values() {
        const ACTIONS: &[&str] = &["PAUSE", "PLAY"];
        let m = Map::default().with("a", s("PLAY")).with("b", s("play"));
        assert_eq!(one_of(&m, "a", ACTIONS), Ok("PLAY"));
        assert_eq!(
            one_of(&m, "b", ACTIONS).unwrap_err().message,
            "b must be 'PAUSE' or 'PLAY'"
        );
        assert_eq!(
            one_of(&m, "c", ACTIONS).unwrap_err().message,
            "c is required: 'PAUSE' or 'PLAY'"
        );
    }

    /// Catches a payload of exactly the gateway's limit refused (an off-by-one), and an
    /// object whose `toJSON` turns it into something else (a `Date` becomes a string) sent
    /// as a body that is not an object.
    #[test]
    fn payloads_up_to_the_limit_and_only_objects_once_serialized() {
        let exact = format!(r#"{{"x":"{}"}}"#, "a".repeat(MAX_BODY_LEN - 8));
        assert_eq!(exact.len(), MAX_BODY_LEN);
        let m = Map::default().with_json("p", &exact);
        assert_eq!(payload(&m, "p").map(|t| t.len()), Ok(MAX_BODY_LEN));
        let date = Map::default().with_json("p", r#""2026-12-01T00:00:00.000Z""#);
        assert_eq!(
            payload(&date, "p").unwrap_err().message,
            "p must serialize to a JSON object"
        );
    }

    /// Catches an off-by-one at the id limit, a limit constant that drifted from the
    /// document's 1,024 or the gateway's 10 MiB, and digit strings let through that are no
    /// plain digits (`+5`) or past a JavaScript number's exact range.
    #[test]
    fn ids_up_to_the_limit_and_versions_only_as_plain_digits() {
        assert_eq!((MAX_ID_LEN, MAX_BODY_LEN), (1024, 10_485_760));
        let m = Map::default()
            .with("max", Raw::Str("i".repeat(1024)))
            .with("over", Raw::Str("i".repeat(1025)));
        assert_eq!(id(&m, "max").map(|s| s.len()), Ok(1024));
        assert!(id(&m, "over").is_err());
        // Characters, as the document's maxLength, the README and the message count them,
        // not UTF-8 bytes (an `ä` is two, a `😀` four).
        for c in ["ä", "😀"] {
            let m = Map::default()
                .with("max", Raw::Str(c.repeat(1024)))
                .with("over", Raw::Str(c.repeat(1025)));
            assert_eq!(id(&m, "max").map(|s| s.chars().count()), Ok(1024), "{c}");
            assert_eq!(
                id(&m, "over").unwrap_err().message,
                "over is too long (at most 1024 characters)"
            );
        }
        for bad in ["+5", "1234567890123456", "", "1a"] {
            let v = Map::default().with("v", s(bad));
            assert_eq!(version(&v, "v").unwrap_err().param, "v", "{bad:?}");
        }
        let ok = Map::default().with("v", s("123456789012345"));
        assert_eq!(version(&ok, "v"), Ok(Version(123_456_789_012_345)));
    }

    /// Catches an absent boolean or string option refused, and an empty string accepted as
    /// a key or a base URL.
    #[test]
    fn optional_options_are_absent_or_valid() {
        let m = Map::default().with("empty", s("")).with("null", Raw::Null);
        assert_eq!(opt_bool(&m, "missing"), Ok(None));
        assert_eq!(opt_bool(&m, "null"), Ok(None));
        assert_eq!(opt_string(&m, "missing"), Ok(None));
        assert_eq!(
            opt_string(&m, "empty").unwrap_err().message,
            "empty must not be empty"
        );
    }

    #[test]
    fn payloads_are_objects_and_default_to_empty() {
        let m = Map::default()
            .with_json("p", r#"{"source":"TEAMS","x":[1]}"#)
            .with_json("q", r#"{"source":"EMAIL"}"#)
            .with_json("null_source", r#"{"source":null}"#)
            .with("n", Raw::Num(1.0))
            .with("cyclic", Raw::Object);
        assert_eq!(payload(&m, "p").unwrap(), r#"{"source":"TEAMS","x":[1]}"#);
        assert_eq!(payload(&m, "absent").unwrap(), "{}");
        let big = format!(r#"{{"x":"{}"}}"#, "a".repeat(MAX_BODY_LEN));
        let m2 = Map::default().with_json("big", &big);
        assert!(payload(&m2, "big").unwrap_err().message.contains("10 MiB"));
        assert_eq!(
            payload(&m, "n").unwrap_err().message,
            "n must be a JSON object"
        );
        assert!(payload(&m, "cyclic")
            .unwrap_err()
            .message
            .contains("cannot be serialized"));
        const SOURCES: &[&str] = &["TEAMS", "SAP"];
        assert_eq!(opt_nested_one_of(&m, "p", "source", SOURCES), Ok(()));
        assert_eq!(opt_nested_one_of(&m, "absent", "source", SOURCES), Ok(()));
        let e = opt_nested_one_of(&m, "q", "source", SOURCES).unwrap_err();
        assert_eq!(
            e.message,
            "payload.source must be 'TEAMS' or 'SAP'".replace("payload", "q")
        );
        assert_eq!(e.param, "q.source");
        assert!(opt_nested_one_of(&m, "null_source", "source", SOURCES).is_err());
    }

    #[test]
    fn numbers_print_without_format() {
        for n in [0u64, 7, 10, 123_456, u64::MAX] {
            assert_eq!(u64_to_string(n), n.to_string());
            // Catches a string made with less room than the most digits: it grew on a push.
            assert_eq!(u64_to_string(n).capacity(), 20);
        }
    }

    /// Catches digits that replace what the message already holds, or are written reversed
    /// after it.
    #[test]
    fn digits_are_appended_after_the_text() {
        let mut m = String::from("page ");
        push_u64(&mut m, 120);
        push_u64(&mut m, 0);
        assert_eq!(m, "page 1200");
    }

    /// Catches an option number compared otherwise than as a whole number in its range: a
    /// fraction, NaN, an infinity or a number just past either end let through, or an end
    /// itself (or `-0`, which is 0) refused.
    #[test]
    fn option_numbers_are_whole_and_within_their_ends() {
        for (n, want) in [
            (0.0, Some(0)),
            (-0.0, Some(0)),
            (10.0, Some(10)),
            (4_294_967_295.0, Some(u32::MAX)),
        ] {
            let m = Map::default().with("n", Raw::Num(n));
            assert_eq!(opt_u32_in(&m, "n", 0, u32::MAX), Ok(want), "{n}");
        }
        for n in [
            -1.0,
            0.5,
            4_294_967_296.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            let m = Map::default().with("n", Raw::Num(n));
            assert!(opt_u32_in(&m, "n", 0, u32::MAX).is_err(), "{n}");
        }
        let m = Map::default().with("n", Raw::Num(0.0));
        assert!(opt_u32_in(&m, "n", 1, 10).is_err());
        let m = Map::default().with("n", Raw::Num(11.0));
        assert!(opt_u32_in(&m, "n", 1, 10).is_err());
    }

    #[test]
    fn option_numbers_and_bools() {
        let m = Map::default()
            .with("t", Raw::Num(1000.0))
            .with("n", Raw::Num(-1.0))
            .with("b", Raw::Bool(true))
            .with("x", s("yes"))
            .with("str", s("1000"));
        assert_eq!(opt_u32_in(&m, "t", 1, 600_000), Ok(Some(1000)));
        assert_eq!(
            opt_u32_in(&m, "n", 0, 10).unwrap_err().message,
            "n must be a whole number from 0 to 10"
        );
        assert!(opt_u32_in(&m, "str", 1, 600_000).is_err());
        assert_eq!(opt_bool(&m, "b"), Ok(Some(true)));
        assert!(opt_bool(&m, "x").is_err());
        assert_eq!(opt_string(&m, "x"), Ok(Some("yes".into())));
        assert!(opt_string(&m, "b").is_err());
    }
}
