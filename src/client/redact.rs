//! The API key never leaves through an error. A server may echo it (in an error body, in a
//! header that becomes the request id, in a 2xx body that does not decode), and so may a
//! network error's text: every error a [`Client`](crate::client::Client) returns passes
//! through [`Secret::error`] where its call ends, which puts [`MARKER`] where the key was.
//!
//! The rules are the npm package's (`pkg-template/src/redact.js`, whose `Redactor` does the
//! same to the JavaScript errors): the same marker, the same shortest key looked for, the key
//! and its URL-encoded form.

use crate::client::error::Error;
use serde_json::Value;

/// `s` with its first `limit` occurrences of `needle` (none when it is empty) replaced by
/// `with`, `s` itself when there is none. By bytes, not by `str::replace`: core's string
/// searcher and the panic messages its slicing keeps weighed about 5 KB in an app. A match
/// of a whole UTF-8 text in UTF-8 starts and ends on character boundaries.
pub(crate) fn replace(s: &mut String, needle: &str, with: &str, mut limit: usize) {
    let (hay, pat) = (s.as_bytes(), needle.as_bytes());
    if pat.is_empty() {
        return;
    }
    let mut out = String::new();
    let (mut from, mut i) = (0, 0);
    while limit > 0 && i < hay.len() {
        if hay.get(i..).is_some_and(|h| h.starts_with(pat)) {
            out.push_str(s.get(from..i).unwrap_or_default());
            out.push_str(with);
            i += pat.len();
            from = i;
            limit -= 1;
        } else {
            i += 1;
        }
    }
    if from == 0 {
        return;
    }
    out.push_str(s.get(from..).unwrap_or_default());
    *s = out;
}

/// What stands where the key was (`MARKER` of `pkg-template/src/redact.js`).
pub(crate) const MARKER: &str = "***";

/// Keys shorter than this (in UTF-16 units, JavaScript's `length`) are not looked for: no
/// real key is that short, and every message would be garbled (`MIN_KEY_LENGTH` there).
const MIN_KEY_LENGTH: usize = 6;

/// The length of `s` in UTF-16 units (JavaScript's `length`), counted from its UTF-8 bytes:
/// one a character, two for a character of four bytes (a surrogate pair). Not
/// `encode_utf16().count()`, whose decoding of each character is more code in an app.
fn utf16_len(s: &str) -> usize {
    s.bytes()
        .map(|b| match b {
            0x80..=0xbf => 0,
            0xf0.. => 2,
            _ => 1,
        })
        .sum()
}

/// The texts to hide: the API key and its percent-encoded form. No `Debug`, on purpose.
#[derive(Default)]
pub(crate) struct Secret {
    /// The key; empty when it is too short to look for (then nothing is).
    key: String,
    /// Its percent-encoded form; empty when that is the key itself (an empty text is
    /// never looked for: [`replace`] answers at once).
    encoded: String,
}

impl Secret {
    /// A secret for `key` (none for a key shorter than [`MIN_KEY_LENGTH`]).
    pub(crate) fn new(key: &str) -> Self {
        if utf16_len(key) < MIN_KEY_LENGTH {
            return Secret::default();
        }
        let mut encoded = String::with_capacity(key.len());
        crate::http::push_encoded(&mut encoded, key);
        // Two texts, not a list of them: no list made for one or two (measured: 234 bytes
        // of wasm less in an app). Each byte is written as itself or as three (`%XX`), so
        // the encoded form is the key exactly when it is as long.
        if encoded.len() == key.len() {
            encoded.clear();
        }
        Secret {
            key: key.to_owned(),
            encoded,
        }
    }

    /// `e` with the key replaced by [`MARKER`] in every string it holds: in place, each
    /// string replaced where it is (rebuilding each variant moved every field twice).
    pub(crate) fn error(&self, mut e: Error) -> Error {
        self.hide_in(&mut e);
        e
    }

    /// [`Secret::error`] where `e` is.
    pub(crate) fn hide_in(&self, e: &mut Error) {
        if self.key.is_empty() {
            return;
        }
        // Each variant's texts named once, then hidden by one call each: not a `hide` of the
        // message, the request id and a second text written out in each arm.
        let (message, other, request_id) = match e {
            Error::Validation { param, message } => (message, Some(param), None),
            Error::Api {
                message,
                request_id,
                body,
                headers,
                ..
            } => {
                self.value(body);
                headers.iter_mut().for_each(|(_, v)| self.hide(v));
                (message, None, Some(request_id))
            }
            Error::Decode {
                message,
                request_id,
                body,
                ..
            } => (message, Some(body), Some(request_id)),
            Error::Connection(m) | Error::Timeout(m) | Error::Aborted(m) | Error::Internal(m) => {
                (m, None, None)
            }
            // Its message is the waiter's own; the execution is the service's data, not an echo.
            Error::WaitTimeout { .. } => return,
        };
        self.hide(message);
        if let Some(other) = other {
            self.hide(other);
        }
        if let Some(Some(id)) = request_id {
            self.hide(id);
        }
    }

    /// `s` with every needle replaced by [`MARKER`], where it is.
    fn hide(&self, s: &mut String) {
        replace(s, &self.key, MARKER, usize::MAX);
        replace(s, &self.encoded, MARKER, usize::MAX);
    }

    /// `s` with every needle replaced by [`MARKER`].
    pub(crate) fn text(&self, mut s: String) -> String {
        self.hide(&mut s);
        s
    }

    /// `v` with every string redacted, at any depth, object keys too (two keys that become
    /// the same keep the later value). Recursive: a parsed body is at most 127 deep (the
    /// limit of the client's JSON parse, `json.rs`), and the client holds no other JSON.
    /// In place, as [`Secret::error`].
    fn value(&self, v: &mut Value) {
        match v {
            Value::String(s) => self.hide(s),
            Value::Array(items) => items.iter_mut().for_each(|v| self.value(v)),
            Value::Object(fields) => {
                // Inserted one by one: collecting would sort them first (the map sorts as
                // it inserts), which is code an app's wasm would carry for nothing.
                // Into the emptied map itself: no second map made and moved in.
                for (mut k, mut v) in std::mem::take(fields) {
                    self.value(&mut v);
                    self.hide(&mut k);
                    fields.insert(k, v);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const KEY: &str = "looply-demo-key";

    /// Catches a byte replace that differs from `str::replace`/`replacen`: a match at either
    /// end, overlapping candidates, a first byte that repeats, multi-byte characters, a
    /// limit, an empty needle.
    #[test]
    fn replace_is_str_replace() {
        let texts = [
            "",
            "k",
            "kk",
            "key",
            "a key",
            "key a",
            "kkey",
            "keykey",
            "kekey",
            "aaaa",
            "é-key-é",
            "ékeyé",
            "k€y key",
            "ke",
        ];
        for text in texts {
            for needle in ["key", "k", "aa", "é", "€y", "ke", "keykeykey"] {
                for limit in [1, 2, usize::MAX] {
                    let want = text.replacen(needle, "***", limit);
                    let mut s = text.to_owned();
                    replace(&mut s, needle, "***", limit);
                    assert_eq!(s, want);
                }
            }
            let mut s = text.to_owned();
            replace(&mut s, "", "***", usize::MAX);
            assert_eq!(s, text);
        }
    }

    /// An API error whose request id is echoed in a header too.
    fn api(message: &str, request_id: &str, body: Value) -> Error {
        Error::Api {
            status: 403,
            message: message.into(),
            request_id: Some(request_id.into()),
            body,
            headers: vec![("x-amzn-requestid".into(), request_id.into())],
        }
    }

    /// Catches a key left in the message, the request id, a header, a nested string, an
    /// array item or an object key of the body, or printed by `Debug`.
    #[test]
    fn an_echoed_key_is_hidden_in_every_string_of_an_api_error() {
        let body = json!({
            "message": format!("Forbidden: key {KEY} is not valid"),
            "detail": {"seen": [format!("x-api-key={KEY}"), 7, null], KEY: true},
        });
        let e = Secret::new(KEY).error(api(
            &format!("Forbidden: key {KEY} is not valid"),
            &format!("req-{KEY}"),
            body,
        ));
        for shown in [format!("{e}"), format!("{e:?}")] {
            assert!(!shown.contains(KEY), "{shown}");
        }
        assert_eq!(
            e,
            api(
                "Forbidden: key *** is not valid",
                "req-***",
                json!({
                    "message": "Forbidden: key *** is not valid",
                    "detail": {"seen": ["x-api-key=***", 7, null], "***": true},
                }),
            )
        );
    }

    /// Catches a variant the redaction skips (a decode error's raw body, a connection
    /// error's text), or the URL-encoded key (as in an echoed URL) passing.
    #[test]
    fn every_variant_is_redacted_and_so_is_the_url_encoded_key() {
        let key = "k3y with/slash";
        let s = Secret::new(key);
        let decode = s.error(Error::Decode {
            message: format!("bad {key}"),
            status: 200,
            request_id: None,
            body: format!("echo {key} and k3y%20with%2Fslash"),
        });
        assert_eq!(
            decode,
            Error::Decode {
                message: "bad ***".into(),
                status: 200,
                request_id: None,
                body: "echo *** and ***".into(),
            }
        );
        let texts: [fn(String) -> Error; 4] = [
            Error::Connection,
            Error::Timeout,
            Error::Aborted,
            Error::Internal,
        ];
        for make in texts {
            let e = s.error(make(format!("fetch {key} failed")));
            assert_eq!(e, make("fetch *** failed".into()));
        }
        let v = s.error(Error::Validation {
            param: "default_headers".into(),
            message: format!("{key}!"),
        });
        assert_eq!(v.message(), "***!");
    }

    /// Catches short keys redacted (every "abc" in every message would become `***`), or
    /// the length counted in bytes rather than as JavaScript counts it.
    #[test]
    fn keys_shorter_than_six_characters_are_not_looked_for() {
        let short = Secret::new("abcde");
        let e = short.error(Error::Connection("abcde".into()));
        assert_eq!(e, Error::Connection("abcde".into()));
        // Five characters in nine UTF-8 bytes: still too short, as in JavaScript.
        let e = Secret::new("ééééa").error(Error::Connection("ééééa".into()));
        assert_eq!(e.message(), "ééééa");
        let e = Secret::new("abcdef").error(Error::Connection("xabcdefx".into()));
        assert_eq!(e.message(), "x***x");
        // Three characters, six UTF-16 units (each a surrogate pair): long enough, as in
        // JavaScript.
        let e = Secret::new("😀😀😀").error(Error::Connection("k=😀😀😀".into()));
        assert_eq!(e.message(), "k=***");
        for s in [
            "",
            "a",
            "é",
            "€",
            "😀",
            "aé€😀",
            "ééééa",
            "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}",
        ] {
            assert_eq!(utf16_len(s), s.encode_utf16().count(), "{s}");
        }
    }
}
