//! Plain HTTP requests as values: built per endpoint, sent by a transport.

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// The documented shape of a successful response, checked before it is returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Any JSON object.
    Object,
    /// An object whose `item` is an object.
    Item,
    /// A page: an object whose `items` is an array and whose `lastKey`, if any, is an object.
    Page,
    /// A trigger answer: an object with a string `looply_execution_id`.
    Execution,
}

impl Shape {
    /// Every shape, in the order of their codes (`shape as u32`).
    pub const ALL: [Shape; 4] = [Shape::Object, Shape::Item, Shape::Page, Shape::Execution];

    /// The field whose kind the check of a success reads first (`None`: it reads none): the
    /// npm package's entry reads its kind beside the body's, so that the core's check needs
    /// no crossing back into JavaScript for it (src/wasm/fetch.rs; the entry has these names
    /// by the shape's code: src/bin/describe writes them into transport.js).
    pub fn first_field(self) -> Option<&'static str> {
        match self {
            Shape::Object => None,
            Shape::Item => Some("item"),
            Shape::Page => Some("items"),
            Shape::Execution => Some("looply_execution_id"),
        }
    }
}

/// Whether sending the request twice could do the work twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// Reads and `toggleScheduledWorkflow`: safe to repeat.
    Idempotent,
    /// Trigger, resume and other actions: a repeat could start a second execution.
    NonIdempotent,
}

/// One request, ready for a transport: the path and query are already encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// HTTP method.
    pub method: Method,
    /// Path and query relative to the base URL, starting with `/`.
    pub path: String,
    /// JSON body text, for POST.
    pub body: Option<String>,
    /// What a successful answer looks like.
    pub shape: Shape,
    /// Whether retrying it is safe.
    pub idempotency: Idempotency,
    /// Headers of this request alone (the Rust client's per-call options), sent after the
    /// transport's own; never `x-api-key`. (The npm package's calls carry theirs in
    /// JavaScript, so its build has no such field.)
    #[cfg(feature = "client")]
    pub headers: Vec<(String, String)>,
}

impl HttpRequest {
    /// A GET of `/workflows/{name}` with a query (tests only: the core builds its requests
    /// from the descriptions, `crate::request`).
    #[cfg(test)]
    pub fn get(name: &str, query: &[(&str, Option<&str>)], shape: Shape) -> Self {
        let mut path = String::from("/workflows/");
        path.push_str(name);
        let mut sep = "?";
        for (key, value) in query {
            if let Some(v) = value {
                path.push_str(sep);
                sep = "&";
                path.push_str(key);
                path.push_str("=");
                push_encoded(&mut path, v);
            }
        }
        HttpRequest {
            method: Method::Get,
            path,
            body: None,
            shape,
            idempotency: Idempotency::Idempotent,
            #[cfg(feature = "client")]
            headers: Vec::new(),
        }
    }

    /// A POST of `/workflows/` followed by `segments`, each encoded as one path segment
    /// (tests only, as [`HttpRequest::get`]).
    #[cfg(test)]
    pub fn post(segments: &[&str], body: String, shape: Shape, idem: Idempotency) -> Self {
        let mut path = String::from("/workflows");
        for seg in segments {
            path.push_str("/");
            push_encoded(&mut path, seg);
        }
        HttpRequest {
            method: Method::Post,
            path,
            body: Some(body),
            shape,
            idempotency: idem,
            #[cfg(feature = "client")]
            headers: Vec::new(),
        }
    }

    /// The full URL under `base_url` (which has no trailing slash).
    pub fn url(&self, base_url: &str) -> String {
        let mut url = String::with_capacity(base_url.len() + self.path.len());
        url.push_str(base_url);
        url.push_str(&self.path);
        url
    }
}

/// Appends `s` percent-encoded so that it stays one path segment or one query value:
/// everything but RFC 3986's unreserved characters is encoded. Written out rather than the
/// `percent-encoding` crate: measured, the crate added 0.85 KB gzipped to the wasm, which the
/// 48 KB budget could not hold once the logging and events options came in.
pub fn push_encoded(out: &mut String, s: &str) {
    push_escaped(out, s, false);
}

/// Appends `s` with the bytes that [`push_encoded`] (`json` false) or a JSON string
/// (`json`) escapes escaped, and the runs between them copied whole (no UTF-8 decoding and
/// re-encoding in the wasm): one loop for both, which differ in their escapes only.
fn push_escaped(out: &mut String, s: &str, json: bool) {
    let mut from = 0;
    for (at, &b) in s.as_bytes().iter().enumerate() {
        // The escape's text, and the digits of the byte's two hexadecimal digits after it
        // (`""`: none): in JSON only the other control characters have them.
        let (escape, hex) = match b {
            _ if !json => match b {
                _ if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') => {
                    continue
                }
                _ => ("%", UPPER_HEX),
            },
            b'"' => ("\\\"", ""),
            b'\\' => ("\\\\", ""),
            b'\n' => ("\\n", ""),
            b'\r' => ("\\r", ""),
            b'\t' => ("\\t", ""),
            0..0x20 => ("\\u00", LOWER_HEX),
            _ => continue,
        };
        out.push_str(s.get(from..at).unwrap_or(""));
        out.push_str(escape);
        // `""` has no digit: pushes nothing (no branch of its own for the escapes without).
        push_digit(out, hex, b >> 4);
        push_digit(out, hex, b & 0x0f);
        from = at + 1;
    }
    // The usual value (an id, a version's digits) has nothing escaped: written whole.
    out.push_str(rest(s, from));
}

/// `s` from byte `from` on (`""` past its end or off a character's boundary): `s` itself
/// when `from` is 0, the usual case of a value or a template written whole, with no slice
/// made (a call less each).
#[inline(always)]
pub(crate) fn rest(s: &str, from: usize) -> &str {
    if from == 0 {
        s
    } else {
        s.get(from..).unwrap_or("")
    }
}

/// The upper-case hexadecimal digits (their first ten are the decimal ones).
pub const UPPER_HEX: &str = "0123456789ABCDEF";
/// The lower-case hexadecimal digits.
const LOWER_HEX: &str = "0123456789abcdef";

/// Appends digit `n` (below 16) of `digits` (`""`: none), a byte pushed (no slice of
/// `digits` made, and no `push_str` call).
pub fn push_digit(out: &mut String, digits: &str, n: u8) {
    // ASCII, which the test says to the compiler: `push` of a `char` then brings no UTF-8
    // encoding into the wasm.
    if let Some(&d) = digits.as_bytes().get(usize::from(n & 0x0f)) {
        if d.is_ascii() {
            out.push(char::from(d));
        }
    }
}

/// Appends `s` as a JSON string literal (quotes included). Written out: the core writes no
/// other JSON (payloads arrive already serialized by `JSON.stringify`), so a JSON crate would
/// only add its serializer to the wasm for this.
pub fn push_json_string(out: &mut String, s: &str) {
    out.push_str("\"");
    push_escaped(out, s, true);
    out.push_str("\"");
}

/// Where the first of the ASCII bytes `set` is in `s`. (A plain loop: core's char
/// searcher and `memchr` weigh more in the wasm than every use of this.)
pub fn find_any(s: &str, set: &[u8]) -> Option<usize> {
    // An index loop: `position` over `bytes()` is core's unrolled search in the wasm.
    let bytes = s.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if is_one_of(b, set) {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// Whether `b` is one of `set` (a plain loop for short sets: `<[u8]>::contains` is core's
/// `memchr` in the wasm).
#[allow(clippy::manual_contains)]
pub fn is_one_of(b: u8, set: &[u8]) -> bool {
    set.iter().any(|&c| c == b)
}

/// The length of the whitespace character (Unicode `White_Space`, as `char::is_whitespace`
/// has it) that `s` starts with, 0 when it starts with none. Read from the UTF-8 bytes, so
/// that trimming and splitting need none of core's char iteration in the wasm.
fn space_at(s: &[u8]) -> usize {
    match s {
        [b'\t'..=b'\r' | b' ', ..] => 1,
        [0xc2, 0x85 | 0xa0, ..] => 2,
        [0xe1, 0x9a, 0x80, ..]
        | [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf, ..]
        | [0xe2, 0x81, 0x9f, ..]
        | [0xe3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

/// `s` without its leading and trailing whitespace, as `str::trim` answers.
pub fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let start = skip(b, 0, true);
    // Forwards, word by word (the strings trimmed are a header's): the end of the last one.
    let (mut end, mut at) = (start, start);
    while at < b.len() {
        end = skip(b, at, false);
        at = skip(b, end, true);
    }
    s.get(start..end).unwrap_or("")
}

/// Where the run of whitespace (`spaces`) or of other characters that `b` has at `at` ends.
pub(crate) fn skip(b: &[u8], mut at: usize, spaces: bool) -> usize {
    while let Some(rest) = b.get(at..).filter(|r| !r.is_empty()) {
        let n = space_at(rest);
        if (n > 0) != spaces {
            break;
        }
        at += n.max(1);
    }
    at
}

/// The words of `s`: its runs without whitespace, as `str::split_whitespace` answers.
pub fn words(s: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = skip(s.as_bytes(), at, true);
        at = skip(s.as_bytes(), start, false);
        (at > start).then(|| s.get(start..at).unwrap_or(""))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(s: &str) -> String {
        let mut out = String::new();
        push_encoded(&mut out, s);
        out
    }

    /// Catches a JSON string written wrong: an escape cut short (`\u00` without its digits),
    /// a short escape replaced, a character escaped that JSON leaves as it is, or a run of
    /// text between escapes lost. Every ASCII character and some of more bytes, read back by
    /// serde_json.
    #[test]
    fn json_strings_read_back_as_written() {
        let json = |s: &str| {
            let mut out = String::new();
            push_json_string(&mut out, s);
            out
        };
        for c in (0..0x80u32)
            .chain([0xe9, 0x20ac, 0x1f600])
            .filter_map(char::from_u32)
        {
            let s = format!("a{c}b{c}");
            let text = json(&s);
            assert_eq!(
                serde_json::from_str::<String>(&text).ok(),
                Some(s),
                "{text}"
            );
        }
        assert_eq!(json("\"\\\n\r\t"), r#""\"\\\n\r\t""#);
        assert_eq!(json("\u{1} \u{1f}é"), r#""\u0001 \u001fé""#);
    }

    /// Catches a whitespace character missed or added (or a multi-byte one cut in half) by
    /// the byte-level `trim` and `words`, against `str::trim` and `str::split_whitespace`.
    #[test]
    fn trim_and_words_agree_with_core() {
        for c in (0..0x3100u32).filter_map(char::from_u32) {
            for s in [format!("{c}a{c}b{c}"), format!("{c}{c}"), format!("a{c}")] {
                assert_eq!(trim(&s), s.trim(), "{:x}", c as u32);
                let ours: Vec<&str> = words(&s).collect();
                let core: Vec<&str> = s.split_whitespace().collect();
                assert_eq!(ours, core, "{:x}", c as u32);
            }
        }
    }

    #[test]
    fn segments_and_query_values_are_encoded() {
        assert_eq!(enc("a/b?c"), "a%2Fb%3Fc");
        assert_eq!(enc("../x"), "..%2Fx");
        assert_eq!(enc("a b&c=d#e%"), "a%20b%26c%3Dd%23e%25");
        assert_eq!(enc("é"), "%C3%A9");
        assert_eq!(enc("AZaz09-._~"), "AZaz09-._~");
    }

    /// Catches the percent-encoding taking a JSON escape (or the JSON string's escapes
    /// leaking into it) since both share one loop: every ASCII character is itself when
    /// unreserved, else `%` and two upper-case hexadecimal digits.
    #[test]
    fn every_ascii_character_is_encoded_as_rfc_3986_has_it() {
        for b in 0u8..0x80 {
            let c = char::from(b).to_string();
            let want = if b.is_ascii_alphanumeric() || "-._~".contains(char::from(b)) {
                c.clone()
            } else {
                format!("%{b:02X}")
            };
            assert_eq!(enc(&c), want, "{b:#04x}");
        }
    }

    #[test]
    fn get_builds_query_in_order_and_skips_absent_values() {
        let r = HttpRequest::get(
            "getWorkflowExecutionHistory",
            &[
                ("workflow_id", Some("w/1")),
                ("limit", None),
                ("workflow_execution_id", Some("e 1")),
            ],
            Shape::Page,
        );
        assert_eq!(
            r.path,
            "/workflows/getWorkflowExecutionHistory?workflow_id=w%2F1&workflow_execution_id=e%201"
        );
        assert_eq!(r.method, Method::Get);
        assert_eq!(r.idempotency, Idempotency::Idempotent);
        assert_eq!(r.url("http://h/v1"), "http://h/v1/workflows/getWorkflowExecutionHistory?workflow_id=w%2F1&workflow_execution_id=e%201");
        let bare = HttpRequest::get("getOrganizationWorkflows", &[("limit", None)], Shape::Page);
        assert_eq!(bare.path, "/workflows/getOrganizationWorkflows");
    }

    #[test]
    fn post_encodes_each_segment() {
        let r = HttpRequest::post(
            &["triggerworkflow", "../x", "2"],
            "{}".into(),
            Shape::Execution,
            Idempotency::NonIdempotent,
        );
        assert_eq!(r.path, "/workflows/triggerworkflow/..%2Fx/2");
        assert_eq!(r.method.as_str(), "POST");
    }

    #[test]
    fn json_strings_are_escaped() {
        let mut out = String::new();
        push_json_string(&mut out, "a\"b\\c\n\u{1}é");
        assert_eq!(out, r#""a\"b\\c\n\u0001é""#);
    }

    /// Catches a control character's high digit lost (`\u001f` sent as `\u000f`) and a
    /// space escaped as if it were one (valid JSON, but not the body that was meant).
    #[test]
    fn the_escape_boundary_is_the_control_characters() {
        let mut out = String::new();
        push_json_string(&mut out, "\u{1f} \u{10}");
        assert_eq!(out, r#""\u001f \u0010""#);
    }
}
