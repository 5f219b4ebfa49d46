//! Checking a received response: status, JSON, documented shape, error message.

use crate::error::Error;
use crate::http::{find_any, is_one_of, Shape};

/// The kind of a JSON value, or of a missing field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The field is absent.
    Missing,
    /// `null`
    Null,
    /// `true` / `false`
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl Kind {
    /// The kind of code `code`: the number by which `kind(v)` of the JavaScript transport
    /// (`pkg-template/src/transport.js`, whose codes the describe tool writes from this)
    /// names a value's kind to the wasm layer in one crossing. `None` for the first code
    /// after them, a value of none of these kinds (a function, a symbol, a bigint).
    pub fn from_code(code: u32) -> Option<Kind> {
        Some(match code {
            0 => Kind::Missing,
            1 => Kind::Null,
            2 => Kind::Bool,
            3 => Kind::Number,
            4 => Kind::String,
            5 => Kind::Array,
            6 => Kind::Object,
            _ => return None,
        })
    }
}

/// How an attempt ended, as the JavaScript transport tells the wasm layer in one number
/// (`recordOutcome(record)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptEnd {
    /// A response arrived.
    Response,
    /// The attempt's timeout fired.
    Timeout,
    /// The caller's signal aborted it.
    Abort,
    /// The network failed.
    Connection,
    /// The body is over the size limit.
    TooLarge,
}

impl AttemptEnd {
    /// The ending of code `code` (as for [`Kind::from_code`], the describe tool writes the
    /// codes into `transport.js` from this).
    pub fn from_code(code: u32) -> Option<AttemptEnd> {
        Some(match code {
            0 => AttemptEnd::Response,
            1 => AttemptEnd::Timeout,
            2 => AttemptEnd::Abort,
            3 => AttemptEnd::Connection,
            4 => AttemptEnd::TooLarge,
            _ => return None,
        })
    }
}

#[cfg(any(test, feature = "client"))]
impl Kind {
    /// The kind of a parsed JSON value, or `Missing` for none (native tests, the Rust client).
    pub fn of_json(v: Option<&serde_json::Value>) -> Kind {
        use serde_json::Value;
        match v {
            None => Kind::Missing,
            Some(Value::Null) => Kind::Null,
            Some(Value::Bool(_)) => Kind::Bool,
            Some(Value::Number(_)) => Kind::Number,
            Some(Value::String(_)) => Kind::String,
            Some(Value::Array(_)) => Kind::Array,
            Some(Value::Object(_)) => Kind::Object,
        }
    }
}

/// What the core needs to see of a received response; the body stays with the transport.
pub trait ResponseView {
    /// HTTP status code.
    fn status(&self) -> u16;
    /// A response header, by lower-case name.
    fn header(&self, name: &str) -> Option<String>;
    /// The kind of the parsed body, or `None` when the body is not JSON.
    fn body_kind(&self) -> Option<Kind>;
    /// The kind of a top-level field of the parsed body.
    fn field_kind(&self, name: &str) -> Kind;
    /// The kind of the top-level field `name` that the check of a success reads first
    /// ([`Shape::first_field`]'s): as [`field_kind`](Self::field_kind), unless the response
    /// was given it with the body (the npm package's entry reads it beside the body's kind).
    fn first_field_kind(&self, name: &str) -> Kind {
        self.field_kind(name)
    }
    /// A top-level string field of the parsed body.
    fn field_str(&self, name: &str) -> Option<String>;
    /// The wait this response's `retry-after-ms` / `Retry-After` asks for, in milliseconds,
    /// however long; `NaN` for none (as [`crate::retry::requested_delay_ms`] of the two
    /// headers). The npm wasm's responses read it with the waiter's own reader
    /// (`__retryAfterMs`), so that the wasm holds one.
    fn requested_ms(&self, now_ms: f64) -> f64 {
        crate::retry::requested_ms(
            self.header("retry-after-ms").as_deref(),
            self.header("retry-after").as_deref(),
            now_ms,
        )
    }
}

/// Checks a final response: 2xx with the documented shape, else the matching error.
pub fn check<R: ResponseView>(response: R, shape: Shape) -> Result<R, Error<R>> {
    let status = response.status();
    if !(200..300).contains(&status) {
        let message = api_message(&response, status);
        return Err(Error::Api {
            status,
            message,
            response,
        });
    }
    match shape_problem(&response, shape) {
        None => Ok(response),
        Some(problem) => Err(Error::Decode {
            message: problem.to_owned(),
            response,
        }),
    }
}

/// Why a 2xx response is not the documented shape, if it is not.
pub fn shape_problem<R: ResponseView>(r: &R, shape: Shape) -> Option<&'static str> {
    match r.body_kind() {
        None => return Some("The response body is not valid JSON."),
        Some(Kind::Object) => {}
        Some(_) => return Some("The response body is not a JSON object."),
    }
    match shape {
        Shape::Object => None,
        // Each shape's first field as `Shape::first_field` names it (a test says so).
        Shape::Item => (r.first_field_kind("item") != Kind::Object)
            .then_some("The response has no `item` object."),
        Shape::Page => {
            if r.first_field_kind("items") != Kind::Array {
                Some("The response page has no `items` array.")
            } else if !matches!(
                r.field_kind("lastKey"),
                Kind::Missing | Kind::Null | Kind::Object
            ) {
                Some("The response page has a `lastKey` that is not an object.")
            } else {
                None
            }
        }
        Shape::Execution => (r.first_field_kind("looply_execution_id") != Kind::String)
            .then_some("The response has no `looply_execution_id` string."),
    }
}

/// The most redirects a read follows within `baseUrl`'s origin (the transports count them).
pub const MAX_REDIRECTS: u32 = 5;

/// The error message for a non-2xx answer: the body's `message`, else a sentence; for a
/// redirect that the transport did not follow, why (its body is no answer of Looply's).
fn api_message<R: ResponseView>(r: &R, status: u16) -> String {
    if status == 0 {
        return HIDDEN_REDIRECT.to_owned();
    }
    if (300..400).contains(&status) {
        return redirect_message(status, r.header("location").as_deref());
    }
    let said = (r.body_kind() == Some(Kind::Object))
        .then(|| r.field_str("message"))
        .flatten()
        .filter(|m| !m.is_empty());
    let hint = hint(status, said.as_deref());
    let mut m = said.unwrap_or_else(|| {
        crate::params::with_number(
            "The Looply API answered with HTTP status ",
            status.into(),
            ".",
        )
    });
    m.push_str(hint);
    m
}

/// What to check after an answer that usually means a set-up mistake, when the answer names
/// nothing more precise (as a gateway's own answers do): a refused key (401, 403; the key
/// itself is never shown), or a path that is no route of the API (a 404 for an unknown path:
/// `baseUrl` without `/v1`). A proxy's or the service's own words stand alone.
fn hint(status: u16, said: Option<&str>) -> &'static str {
    match (status, said) {
        (401 | 403, None | Some("Forbidden" | "Unauthorized")) => {
            " (the API refused the key: check apiKey)"
        }
        (404, None | Some("Not Found" | "Missing Authentication Token")) => {
            " (no such route: does baseUrl end in /v1?)"
        }
        _ => "",
    }
}

/// A browser's `fetch` with `redirect: 'manual'` hides a redirect as status 0.
const HIDDEN_REDIRECT: &str =
    "The Looply API answered with a redirect, which this runtime hides from \
     the SDK (a browser's fetch with redirect: 'manual'), so it was not followed and nothing was \
     sent to its target. Point baseUrl at the final address.";

/// "The Looply API answered 302 with a redirect to http://other:8080, …"
fn redirect_message(status: u16, location: Option<&str>) -> String {
    let mut m = crate::params::with_number(
        "The Looply API answered ",
        status.into(),
        " with a redirect to ",
    );
    push_target_origin(&mut m, location.unwrap_or(""));
    m.push_str(
        ", not followed (only a read's, within baseUrl's origin, at most 5): nothing was sent \
         there. Point baseUrl at the final address.",
    );
    m
}

/// Appends the origin part of a `Location` (`scheme://host:port`), or what it is when it has
/// none (into the message: no string of its own to copy there).
/// Written on byte positions found by loops and sliced twice at the end, so that no slicing
/// panic (and its formatting) or substring searcher reaches the wasm, and no `str::get` a
/// part (its char-boundary checks: measured, 90 bytes of a Rust app's wasm).
fn push_target_origin(out: &mut String, location: &str) {
    let loc = crate::http::trim(location);
    if loc.is_empty() {
        return out.push_str("nowhere (no Location header)");
    }
    let b = loc.as_bytes();
    // Where the part after the scheme and its `:` starts (0 when the text before the first
    // `:` is no scheme): the origin is written from the text as it is, by positions (no
    // scheme kept apart to write with a `:` again).
    let after_scheme = match find_any(loc, b":") {
        Some(at)
            if at > 0
                && b.iter()
                    .take(at)
                    .all(|&c| c.is_ascii_alphanumeric() || is_one_of(c, b"+-.")) =>
        {
            at + 1
        }
        _ => 0,
    };
    if b.get(after_scheme..after_scheme + 2) != Some(b"//") {
        return out.push_str("a path of the same origin");
    }
    // The authority runs to the first `/`, `?` or `#`; its host starts after its last `@`
    // (the userinfo of `user:pass@host` is no part of an origin, and may be a secret).
    let (mut host, mut end) = (after_scheme + 2, after_scheme + 2);
    while let Some(&c) = b.get(end) {
        if is_one_of(c, b"/?#") {
            break;
        }
        end += 1;
        if c == b'@' {
            host = end;
        }
    }
    // At most 200 characters: cut before the byte that starts the 201st.
    let (mut chars, mut at) = (0, host);
    while let Some(&c) = b.get(at).filter(|_| at < end) {
        if c & 0xc0 != 0x80 {
            if chars == 200 {
                end = at;
                break;
            }
            chars += 1;
        }
        at += 1;
    }
    // The scheme with its `:` and the `//` checked above, as the text has them.
    out.push_str(loc.get(0..after_scheme + 2).unwrap_or(""));
    out.push_str(loc.get(host..end).unwrap_or(""));
}

/// The headers that carry a request id, the API gateway's first (a proxy's next).
pub const REQUEST_ID_HEADERS: [&str; 2] = ["x-amzn-requestid", "x-request-id"];

/// The request id the API gateway (or a proxy) attached, if any.
pub fn request_id<R: ResponseView>(r: &R) -> Option<String> {
    let [gateway, proxy] = REQUEST_ID_HEADERS;
    r.header(gateway).or_else(|| r.header(proxy))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::Value;

    /// Catches a kind or an ending without a code (the JavaScript could not name it) or with
    /// two, which the describe tool would write into `transport.js` as they are.
    #[test]
    fn every_kind_and_ending_has_one_code() {
        use AttemptEnd::*;
        use Kind::*;
        let kinds: Vec<Kind> = (0..).map_while(Kind::from_code).collect();
        let all = [Missing, Null, Bool, Number, String, Array, Object];
        assert!(kinds.len() == all.len() && all.iter().all(|k| kinds.contains(k)));
        let ends: Vec<AttemptEnd> = (0..).map_while(AttemptEnd::from_code).collect();
        let all = [Response, Timeout, Abort, Connection, TooLarge];
        assert!(ends.len() == all.len() && all.iter().all(|e| ends.contains(e)));
    }

    /// A scripted response for native tests.
    #[derive(Debug, Clone)]
    pub struct Fake {
        pub status: u16,
        pub headers: Vec<(&'static str, String)>,
        pub body: Option<Value>,
    }

    impl Fake {
        pub fn json(status: u16, body: &str) -> Self {
            Fake {
                status,
                headers: vec![("x-amzn-requestid", "req-1".into())],
                body: serde_json::from_str(body).ok(),
            }
        }
    }

    impl ResponseView for Fake {
        fn status(&self) -> u16 {
            self.status
        }
        fn header(&self, name: &str) -> Option<String> {
            self.headers
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.clone())
        }
        fn body_kind(&self) -> Option<Kind> {
            self.body.as_ref().map(|b| Kind::of_json(Some(b)))
        }
        fn field_kind(&self, name: &str) -> Kind {
            Kind::of_json(self.body.as_ref().and_then(|b| b.get(name)))
        }
        fn field_str(&self, name: &str) -> Option<String> {
            self.body.as_ref()?.get(name)?.as_str().map(str::to_owned)
        }
    }

    /// A response that records the name its check asks `first_field_kind` for.
    struct FirstAsked(Fake, std::cell::RefCell<Vec<String>>);

    impl ResponseView for FirstAsked {
        fn status(&self) -> u16 {
            self.0.status()
        }
        fn header(&self, name: &str) -> Option<String> {
            self.0.header(name)
        }
        fn body_kind(&self) -> Option<Kind> {
            self.0.body_kind()
        }
        fn field_kind(&self, name: &str) -> Kind {
            self.0.field_kind(name)
        }
        fn first_field_kind(&self, name: &str) -> Kind {
            self.1.borrow_mut().push(name.to_owned());
            self.0.field_kind(name)
        }
        fn field_str(&self, name: &str) -> Option<String> {
            self.0.field_str(name)
        }
    }

    /// Catches a check that reads another field first than the one the npm package's entry
    /// reads beside the body (`Shape::first_field`, written into transport.js by its shape's
    /// code): the core would take that field's kind for another's.
    #[test]
    fn a_success_check_reads_its_shapes_first_field_first() {
        for (i, shape) in Shape::ALL.into_iter().enumerate() {
            assert_eq!(shape as usize, i, "Shape::ALL in the order of the codes");
            let r = FirstAsked(
                Fake::json(200, r#"{"item":{},"items":[],"looply_execution_id":"e"}"#),
                Default::default(),
            );
            assert!(shape_problem(&r, shape).is_none());
            let asked: Vec<String> = shape.first_field().into_iter().map(str::to_owned).collect();
            assert_eq!(*r.1.borrow(), asked, "{shape:?}");
        }
    }

    #[test]
    fn success_shapes_are_checked() {
        let page = Fake::json(200, r#"{"message":"success","count":0,"items":[]}"#);
        assert!(check(page, Shape::Page).is_ok());
        let with_key = Fake::json(200, r#"{"items":[],"lastKey":{"workflow_id":"w"}}"#);
        assert!(check(with_key, Shape::Page).is_ok());
        let cases = [
            (r#"{"items":{}}"#, Shape::Page, "no `items` array"),
            (
                r#"{"items":[],"lastKey":"abc"}"#,
                Shape::Page,
                "`lastKey` that is not",
            ),
            (r#"{"item":null}"#, Shape::Item, "no `item` object"),
            (
                r#"{"message":"success"}"#,
                Shape::Execution,
                "looply_execution_id",
            ),
            (r#"[1,2]"#, Shape::Object, "not a JSON object"),
            ("<html>", Shape::Object, "not valid JSON"),
        ];
        for (body, shape, want) in cases {
            let err = check(Fake::json(200, body), shape).unwrap_err();
            assert_eq!(err.class_name(), "ResponseDecodeError", "{body}");
            assert!(err.message().contains(want), "{body}: {}", err.message());
        }
    }

    #[test]
    fn errors_take_the_body_message_and_status_class() {
        let err = check(Fake::json(409, r#"{"message":"Busy"}"#), Shape::Item).unwrap_err();
        assert_eq!(err.class_name(), "ConflictError");
        assert_eq!(err.message(), "Busy");
        let html = check(Fake::json(502, "<html>bad gateway</html>"), Shape::Item).unwrap_err();
        assert_eq!(html.class_name(), "InternalServerError");
        assert_eq!(
            html.message(),
            "The Looply API answered with HTTP status 502."
        );
        let odd = check(Fake::json(400, r#"{"message":7}"#), Shape::Item).unwrap_err();
        assert_eq!(
            odd.message(),
            "The Looply API answered with HTTP status 400."
        );
    }

    /// Catches a set-up mistake answered without a hint: a refused key (401, 403), or a
    /// path that is no API route (a 404 naming nothing: `baseUrl` without `/v1`); and a
    /// hint on a 404 that names what was not found (a real answer of the API).
    #[test]
    fn set_up_mistakes_say_what_to_check() {
        let message = |status, body: &str| {
            check(Fake::json(status, body), Shape::Item)
                .unwrap_err()
                .message()
                .to_owned()
        };
        let key = " (the API refused the key: check apiKey)";
        assert_eq!(
            message(403, r#"{"message":"Forbidden"}"#),
            format!("Forbidden{key}")
        );
        assert_eq!(
            message(401, r#"{"message":"Unauthorized"}"#),
            format!("Unauthorized{key}")
        );
        let route = " (no such route: does baseUrl end in /v1?)";
        for body in [
            r#"{"message":"Not Found"}"#,
            r#"{"message":"Missing Authentication Token"}"#,
        ] {
            assert_eq!(
                message(404, body),
                format!("{}{route}", &body[12..body.len() - 2])
            );
        }
        let html = message(404, "<html>no</html>");
        assert_eq!(
            html,
            format!("The Looply API answered with HTTP status 404.{route}")
        );
        // Words more precise than a gateway's: no hint (a proxy's refusal, the service's 404).
        let proxy = r#"{"message":"triggerWorkflow is not allowed by this proxy"}"#;
        assert_eq!(
            message(403, proxy),
            "triggerWorkflow is not allowed by this proxy"
        );
        let real = r#"{"message":"Workflow not found"}"#;
        assert_eq!(message(404, real), "Workflow not found");
    }

    /// Catches a redirect reported as the service's own error (or without its target), and
    /// a Location's path, query or userinfo copied into the message.
    #[test]
    fn an_unfollowed_redirect_names_its_status_and_target_origin() {
        let mut r = Fake::json(302, r#"{"message":"moved"}"#);
        r.headers
            .push(("location", "http://u:pw@127.0.0.1:9/v1/x?key=secret".into()));
        let err = check(r, Shape::Item).unwrap_err();
        assert_eq!(err.class_name(), "APIError");
        let m = err.message();
        assert!(
            m.starts_with("The Looply API answered 302 with a redirect to http://127.0.0.1:9,"),
            "{m}"
        );
        assert!(!m.contains("secret") && !m.contains("pw"), "{m}");
        let mut same = Fake::json(307, "");
        same.headers.push(("location", "/v1/elsewhere".into()));
        let m = check(same, Shape::Item).unwrap_err().message().to_owned();
        assert!(
            m.contains("307 with a redirect to a path of the same origin"),
            "{m}"
        );
        // A relative Location whose query holds a URL is a path, not that URL's origin.
        let mut query = Fake::json(302, "");
        query
            .headers
            .push(("location", "/v1/x?next=http://evil:1".into()));
        let m = check(query, Shape::Item).unwrap_err().message().to_owned();
        assert!(m.contains("redirect to a path of the same origin"), "{m}");
        let hidden = check(Fake::json(0, ""), Shape::Item).unwrap_err();
        assert_eq!(hidden.class_name(), "APIError");
        assert!(hidden.message().contains("hides"), "{}", hidden.message());
    }

    /// Catches a host in the message not cut at 200 characters, or cut by bytes (in the
    /// middle of a character of more than one byte) rather than by characters.
    #[test]
    fn a_redirect_names_at_most_200_characters_of_its_host() {
        for c in ["a", "é", "€"] {
            for n in [199, 200, 201, 250] {
                let host = c.repeat(n);
                let mut r = Fake::json(302, "");
                r.headers.push(("location", format!("http://{host}/v1")));
                let m = check(r, Shape::Item).unwrap_err().message().to_owned();
                let named = m
                    .strip_prefix("The Looply API answered 302 with a redirect to http://")
                    .and_then(|rest| rest.split(',').next())
                    .unwrap_or_else(|| panic!("{m}"));
                assert_eq!(named, c.repeat(n.min(200)), "{c} × {n}");
            }
        }
    }

    /// Catches the origin's scheme written without its `:` (or with a second one), a
    /// scheme-relative `//host` given a scheme, and text before a `:` that is no scheme
    /// (or nothing, as in `://host`) taken for one.
    #[test]
    fn a_redirect_origin_keeps_its_scheme_as_written() {
        for (location, named) in [
            ("  HTTPS+x.y-z://h:1/p?q#f ", "HTTPS+x.y-z://h:1"),
            ("//host:2/x", "//host:2"),
            ("ht tp://h/x", "a path of the same origin"),
            (":/x", "a path of the same origin"),
            ("://host/x", "a path of the same origin"),
            ("https://a@b@c", "https://c"),
            ("mailto:x", "a path of the same origin"),
            ("", "nowhere (no Location header)"),
        ] {
            let mut m = String::new();
            push_target_origin(&mut m, location);
            assert_eq!(m, named, "{location}");
        }
    }

    /// The origin as it was written before it was read by positions (slices of slices):
    /// the reference that `the_origin_read_by_positions_is_the_sliced_one` compares with.
    fn sliced_origin(location: &str) -> String {
        let loc = location.trim();
        if loc.is_empty() {
            return "nowhere (no Location header)".into();
        }
        let after_scheme = match loc.find(':') {
            Some(at)
                if at > 0
                    && loc[..at]
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)) =>
            {
                at + 1
            }
            _ => 0,
        };
        let Some(authority) = loc[after_scheme..].strip_prefix("//") else {
            return "a path of the same origin".into();
        };
        let host = &authority[..authority.find(['/', '?', '#']).unwrap_or(authority.len())];
        let host = host.rfind('@').map_or(host, |at| &host[at + 1..]);
        let host: String = host.chars().take(200).collect();
        format!("{}//{host}", &loc[..after_scheme])
    }

    /// Catches the positions' reading drifting from the sliced one: every text of up to
    /// five characters of `h:/@?#. é` and some longer ones, hosts of 199 to 201 characters.
    #[test]
    fn the_origin_read_by_positions_is_the_sliced_one() {
        let alphabet = ['h', ':', '/', '@', '?', '#', '.', ' ', 'é'];
        let mut texts = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        for host in ["a".repeat(201), "é".repeat(200), "u@".repeat(150)] {
            for form in ["http://{h}/x", "//{h}", "s+1:{h}", "x://p@{h}?q"] {
                texts.push(form.replace("{h}", &host));
            }
        }
        for text in texts {
            let mut m = String::new();
            push_target_origin(&mut m, &text);
            assert_eq!(m, sliced_origin(&text), "{text:?}");
        }
    }

    #[test]
    fn request_id_prefers_the_gateway_header() {
        let mut r = Fake::json(200, "{}");
        assert_eq!(request_id(&r).as_deref(), Some("req-1"));
        r.headers = vec![("x-request-id", "other".into())];
        assert_eq!(request_id(&r).as_deref(), Some("other"));
        r.headers.clear();
        assert_eq!(request_id(&r), None);
    }
}
