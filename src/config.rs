//! Client options and per-call options, validated.

use crate::error::{Invalid, ValidationError};
use crate::http::is_one_of;
use crate::params::{bool_into, expected_one_of, one_of_into, string_into, u32_into, Fields, Raw};
use crate::transport::Policy;
use crate::FieldSource;

/// The names of the client's options as JavaScript spells them (`ClientOptions` in the
/// package's declarations): the package entry refuses any other (`pkg-template/src/names.js`).
pub const CLIENT_OPTION_NAMES: &[&str] = &[
    "apiKey",
    "baseUrl",
    "timeoutMs",
    "maxRetries",
    "fetch",
    "defaultHeaders",
    "dangerouslyAllowBrowser",
    "logLevel",
    "logger",
    "fetchOptions",
    "maxConcurrency",
];

/// The names of a call's options as JavaScript spells them (`RequestOptions`): the entry
/// refuses any other.
pub const REQUEST_OPTION_NAMES: &[&str] = &[
    "signal",
    "timeoutMs",
    "maxRetries",
    "retryNonIdempotent",
    "headers",
    "fetchOptions",
];

/// The most calls a client may run at once (`maxConcurrency`).
pub const MAX_CONCURRENCY: u32 = 1000;

/// The service's public base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.looply.io/v1";
/// Default timeout of one attempt.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// Default number of retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// The largest timeout a JavaScript timer accepts.
pub const MAX_TIMEOUT_MS: u32 = 2_147_483_647;
/// The most retries a caller may ask for.
pub const MAX_RETRIES_LIMIT: u32 = 10;

/// Values read from the environment (`process.env` in Node), when there is one.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Env {
    /// `LOOPLY_API_KEY`
    pub api_key: Option<String>,
    /// `LOOPLY_BASE_URL`
    pub base_url: Option<String>,
    /// Whether this looks like a web page (a `window` with a `document`).
    pub is_browser: bool,
    /// `LOOPLY_LOG`
    pub log_level: Option<String>,
}

/// A variable of the environment (`apiKey`, `baseUrl`, `logLevel`) written into `slot` when
/// it is set and not empty (else `slot` is left as it is). (Not answered: an
/// `Option<String>` came back through memory to each of its three callers.)
fn env_into(env: &FieldSource<'_>, name: &str, slot: &mut String) {
    if let Raw::Str(s) = env.field(name) {
        if !s.is_empty() {
            *slot = s;
        }
    }
}

/// The environment as [`ClientConfig::fill`] reads it: the fields of the package entry's
/// object of it (`pkg-template/src/transport.js`, `readEnv`).
impl Fields for Env {
    fn field(&self, name: &str) -> Raw {
        let value = match name {
            "apiKey" => &self.api_key,
            "baseUrl" => &self.base_url,
            "logLevel" => &self.log_level,
            "isBrowser" => return Raw::Bool(self.is_browser),
            _ => return Raw::Missing,
        };
        value.clone().map_or(Raw::Missing, Raw::Str)
    }

    fn nested(&self, _outer: &&str, _inner: &&str) -> Raw {
        Raw::Missing
    }

    fn json(&self, _name: &str) -> Option<String> {
        None
    }
}

/// The log levels, least to most verbose; a client's level is an index into this.
pub const LOG_LEVELS: &[&str] = &["off", "error", "warn", "info", "debug"];

/// A logger's method for each level but `off` (the first), which logs nothing: the level's name.
pub const LOGGER_METHODS: &[&str] = LOG_LEVELS.split_at(1).1;
/// The default level (retries are logged).
pub const DEFAULT_LOG_LEVEL: &str = "warn";

/// A client's validated settings.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// The `x-api-key` value. Never printed: `Debug` hides it.
    pub api_key: String,
    /// Base URL without a trailing slash.
    pub base_url: String,
    /// Default policy of every call.
    pub policy: Policy,
    /// Index into [`LOG_LEVELS`].
    pub log_level: u8,
}

impl core::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("api_key", &"<redacted>")
            .field("base_url", &self.base_url)
            .field("policy", &self.policy)
            .field("log_level", &self.log_level)
            .finish()
    }
}

impl ClientConfig {
    /// Reads `{ apiKey, baseUrl, timeoutMs, maxRetries, dangerouslyAllowBrowser }`,
    /// falling back to the environment for the key and the base URL.
    /// (Not in the npm wasm, which reads its environment as a JavaScript object: there
    /// [`FieldSource`] is that object's type, which an [`Env`] is not.)
    #[cfg(not(all(target_arch = "wasm32", feature = "npm", not(feature = "client"))))]
    pub fn from_options(o: &dyn Fields, env: Env) -> Result<Self, ValidationError> {
        let mut config = Self::unread();
        config.fill(o, &env)?;
        Ok(config)
    }

    /// The settings before any option is read: what [`ClientConfig::fill`] starts from (the
    /// npm wasm fills them where the client's state keeps them, `Shared::read`: moved out of
    /// a `Result` of its own, they were 174 bytes more of that wasm).
    pub(crate) fn unread() -> Self {
        ClientConfig {
            api_key: String::new(),
            base_url: String::new(),
            policy: Policy {
                timeout_ms: DEFAULT_TIMEOUT_MS,
                max_retries: DEFAULT_MAX_RETRIES,
                retry_non_idempotent: false,
            },
            log_level: 0,
        }
    }

    /// Reads `{ apiKey, baseUrl, timeoutMs, maxRetries, dangerouslyAllowBrowser, … }` into
    /// `self`, falling back to the environment for the key, the base URL and the log level.
    /// The environment is read as fields too (`apiKey`, `baseUrl`, `logLevel`, `isBrowser`:
    /// [`Env`]'s, or the package entry's object of them), each only when it is needed: no
    /// string of it is made otherwise, nor dropped at each early return. Its error boxed (see
    /// [`Invalid`]).
    ///
    /// Each option is read into `self` as soon as it is checked, in the order of the errors (the
    /// base URL's form is checked after the other options). Nothing read is held in a local
    /// across a `?`: each early return would drop it, written out once per return (with
    /// [`check_key`], 0.3 KB of the npm wasm); on an error the caller drops `self` once.
    /// (Not inlined: inlined into its caller, its returns dropped the config again, 36 bytes.)
    #[inline(never)]
    pub(crate) fn fill(
        &mut self,
        o: &FieldSource<'_>,
        env: &FieldSource<'_>,
    ) -> Result<(), Invalid> {
        // `apiKey: null`: no key, on purpose (a browser app calling its own backend, which
        // adds the key): none is sent, the environment's is not used, no browser guard applies.
        if !matches!(o.field("apiKey"), Raw::Null) {
            api_key(o, env, &mut self.api_key)?;
            check_key(o, env, &self.api_key)?;
        }
        // Empty until given: then the default (neither source answers an empty string).
        string_into(o, "baseUrl", &mut self.base_url)?;
        if self.base_url.is_empty() {
            env_into(env, "baseUrl", &mut self.base_url);
        }
        object_with_methods(o, "logger", LOGGER_METHODS)?;
        fetch_options_into(o, &mut false)?;
        // Read by the package entry, which queues the calls (pkg-template/src/traffic.js).
        u32_into(o, "maxConcurrency", 1, MAX_CONCURRENCY, &mut 0u32)?;
        self.log_level = log_level(o, env)?;
        if self.base_url.is_empty() {
            self.base_url.push_str(DEFAULT_BASE_URL);
        }
        // Trimmed where it is, no second string made (`end` is a character boundary: every
        // byte is visible ASCII once `base_url_end` accepts the URL).
        let end = base_url_end("baseUrl", &self.base_url)?;
        self.base_url.truncate(end);
        times(o, &mut self.policy)
    }
}

/// The key of `options.apiKey`, else the environment's, written into `key` (empty before).
fn api_key(o: &FieldSource<'_>, env: &FieldSource<'_>, key: &mut String) -> Result<(), Invalid> {
    // Still empty: the option is absent (a given key is never empty).
    string_into(o, "apiKey", key)?;
    if key.is_empty() {
        env_into(env, "apiKey", key);
        if key.is_empty() {
            return Err(Invalid::new(
                "apiKey",
                "is required: pass new LooplyClient({ apiKey }) or set the LOOPLY_API_KEY environment variable \
                 (apiKey: null if your backend adds it)",
            ));
        }
    }
    Ok(())
}

/// Checks the key read by [`api_key`]: sendable, and in a web page only with
/// `dangerouslyAllowBrowser`. (Apart from the reading: a key held across these checks was
/// dropped at each of their early returns.)
fn check_key(o: &FieldSource<'_>, env: &FieldSource<'_>, key: &str) -> Result<(), Invalid> {
    if !is_sendable_key(key) {
        return Err(Invalid::new("apiKey", KEY_NOT_SENDABLE));
    }
    let is_browser = matches!(env.field("isBrowser"), Raw::Bool(true));
    if is_browser {
        let mut allowed = false;
        bool_into(o, "dangerouslyAllowBrowser", &mut allowed)?;
        if !allowed {
            return Err(Invalid::new("apiKey", BROWSER_RISK));
        }
    }
    Ok(())
}

/// Whether `key` can be sent as the `x-api-key` header: a header value, at most 8192 bytes
/// (the Rust client's `api_key` follows the same rule).
pub(crate) fn is_sendable_key(key: &str) -> bool {
    is_header_value(key) && key.len() <= MAX_HEADER_VALUE_LEN
}

/// Why a key is refused ([`is_sendable_key`]; the Rust client's `api_key` says the same).
pub(crate) const KEY_NOT_SENDABLE: &str =
    "contains characters that cannot be sent in an HTTP header, or is over 8192 bytes";

const BROWSER_RISK: &str =
    "would be exposed to every visitor of this page. Keep it on your backend (looply-sdk/proxy) \
     and use new LooplyClient({ apiKey: null, baseUrl: '/api/looply/v1' }) here, or pass \
     dangerouslyAllowBrowser: true if you understand the risk (e.g. a local demo).";

/// `http(s)://…` without a query, a fragment or trailing slashes; the error names `param`
/// (the Rust client's `base_url`; the options' `baseUrl` is trimmed in place by
/// [`ClientConfig::fill`]). Compiled for the native tests too, so that the core's own suite
/// (and its mutation shard, which builds without the `client` feature) checks it.
#[cfg(any(feature = "client", test))]
pub(crate) fn normalize_base_url(param: &str, url: &str) -> Result<String, Invalid> {
    let end = base_url_end(param, url)?;
    Ok(url.get(..end).unwrap_or(url).to_owned())
}

/// The length of `url` without its trailing slashes when it is an `http(s)://…` URL of
/// visible ASCII without a query or a fragment; else the error, naming `param`.
fn base_url_end(param: &str, url: &str) -> Result<usize, Invalid> {
    // One call site of `starts_with_ignore_case` (two were not inlined: one more wasm
    // function for a process's first client to compile).
    let scheme_ok = ["http://", "https://"]
        .iter()
        .any(|p| starts_with_ignore_case(url, p));
    // One pass over the bytes, no query or fragment among them: `find_any` and `is_one_of`
    // were two more functions that a process's first client compiled for it.
    let clean = url.len() <= MAX_BASE_URL_LEN
        && url
            .as_bytes()
            .iter()
            .all(|&b| b > 0x20 && b < 0x7f && b != b'?' && b != b'#');
    if !scheme_ok || !clean {
        return Err(Invalid::new(
            param,
            "must be an http:// or https:// URL without a query or fragment (or, in a web \
             page, relative to it)",
        ));
    }
    Ok(url
        .as_bytes()
        .iter()
        .rposition(|&b| b != b'/')
        .map_or(0, |at| at + 1))
}

/// Whether `s` starts with `prefix` in any ASCII case (without lower-casing a copy of `s`).
fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    // As bytes: no char-boundary check (an ASCII prefix cannot equal part of a character).
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Longest extra header name accepted.
pub const MAX_HEADER_NAME_LEN: usize = 256;
/// Longest extra header value (and API key) accepted.
pub const MAX_HEADER_VALUE_LEN: usize = 8192;
/// Longest base URL accepted.
pub const MAX_BASE_URL_LEN: usize = 2048;

/// Whether `v` can be an HTTP header value (visible ASCII and spaces/tabs).
pub fn is_header_value(v: &str) -> bool {
    v.as_bytes()
        .iter()
        .all(|&b| b == b'\t' || (0x20..0x7f).contains(&b))
}

/// Whether `n` is an HTTP header name (an RFC 9110 token).
fn is_header_name(n: &str) -> bool {
    !n.is_empty()
        && n.as_bytes()
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || is_one_of(b, b"!#$%&'*+-.^_`|~"))
}

/// Checks one extra header given in `param` (`defaultHeaders` or `options.headers`).
pub fn check_header(param: &str, name: &str, value: &str) -> Result<(), ValidationError> {
    Ok(header(param, name, value)?)
}

/// [`check_header`], its error boxed (see [`Invalid`]).
pub(crate) fn header(param: &str, name: &str, value: &str) -> Result<(), Invalid> {
    if name.len() > MAX_HEADER_NAME_LEN || value.len() > MAX_HEADER_VALUE_LEN {
        return Err(Invalid::new(
            param,
            "has a header longer than 256 (name) or 8192 (value) bytes",
        ));
    }
    if name.eq_ignore_ascii_case("x-api-key") {
        return Err(Invalid::new(
            param,
            "cannot set x-api-key: the client's apiKey is always sent",
        ));
    }
    if !is_header_name(name) {
        return Err(Invalid::new(
            param,
            "has a header name that is not valid in HTTP",
        ));
    }
    if !is_header_value(value) {
        return Err(Invalid::new(
            param,
            "has a header value that cannot be sent in HTTP",
        ));
    }
    Ok(())
}

/// The `logLevel` option, else `LOOPLY_LOG`, else `warn`, as an index into [`LOG_LEVELS`].
fn log_level(o: &FieldSource<'_>, env: &FieldSource<'_>) -> Result<u8, Invalid> {
    // The option's kind first: a `match` on it would hold the value (and drop it at the `?`).
    // Either one is written into `given`; a valid option is never empty.
    let mut given = String::new();
    if matches!(o.field("logLevel"), Raw::Missing | Raw::Null) {
        env_into(env, "logLevel", &mut given);
    } else {
        one_of_into(o, "logLevel", LOG_LEVELS, &mut given)?;
    }
    let level = if given.is_empty() {
        DEFAULT_LOG_LEVEL
    } else {
        &given
    };
    // The levels are lower-case ASCII: comparing without case is comparing the lower-cased
    // value, without making it (`to_ascii_lowercase` is one more function in the wasm).
    match LOG_LEVELS
        .iter()
        .position(|l| l.eq_ignore_ascii_case(level))
    {
        Some(i) => Ok(i as u8),
        // LOG_LEVELS as `one_of` words them, by its own words' maker (calling `one_of` on
        // the environment's value instead would cost the wasm 150 bytes).
        None => {
            let mut rule = expected_one_of("must be ", LOG_LEVELS);
            rule.push_str(" (the environment variable)");
            Err(Invalid::new("LOOPLY_LOG", &rule))
        }
    }
}

/// An optional object option whose `methods` must all be functions (`logger`).
fn object_with_methods(o: &FieldSource<'_>, name: &str, methods: &[&str]) -> Result<(), Invalid> {
    match o.field(name) {
        Raw::Missing | Raw::Null => Ok(()),
        Raw::Object
            if methods
                .iter()
                .all(|m| matches!(o.nested(&name, m), Raw::Other)) =>
        {
            Ok(())
        }
        _ => Err(Invalid::new(
            name,
            "must be an object with error, warn, info and debug methods (console, pino, winston)",
        )),
    }
}

/// Checks `fetchOptions` (client or call): an object that sets none of what the SDK sets.
/// Returns whether it was given.
pub fn fetch_options(o: &FieldSource<'_>) -> Result<bool, Invalid> {
    let mut given = false;
    fetch_options_into(o, &mut given)?;
    Ok(given)
}

/// [`fetch_options`], whether it was given written into `given` (left as it is when not).
/// (One word answered: a `Result<bool, _>` came back through memory to each caller.)
pub(crate) fn fetch_options_into(o: &FieldSource<'_>, given: &mut bool) -> Result<(), Invalid> {
    match o.field("fetchOptions") {
        Raw::Missing | Raw::Null => Ok(()),
        Raw::Object => {
            // A constant: a local array is written to the stack on each call.
            const OWN: [&str; 5] = ["method", "body", "headers", "signal", "redirect"];
            if OWN
                .iter()
                .any(|k| !matches!(o.nested(&"fetchOptions", k), Raw::Missing))
            {
                return Err(Invalid::new(
                    "fetchOptions",
                    "cannot set method, body, headers, signal or redirect: the SDK sets them (use the call's headers and signal options; redirects are never left to fetch)",
                ));
            }
            *given = true;
            Ok(())
        }
        _ => Err(Invalid::new("fetchOptions", "must be an object")),
    }
}

/// Reads a call's `{ timeoutMs, maxRetries, retryNonIdempotent }` over the client's policy.
pub fn call_policy(o: &FieldSource<'_>, base: Policy) -> Result<Policy, ValidationError> {
    let mut policy = base;
    read_policy(o, &mut policy)?;
    Ok(policy)
}

/// [`call_policy`] read into `policy` (the client's, until a call's options change it), its
/// error boxed (see [`Invalid`]). In place: a `Result<Policy, _>` came back through memory
/// and was copied again into the caller's local (88 bytes of the npm wasm).
pub(crate) fn read_policy(o: &FieldSource<'_>, policy: &mut Policy) -> Result<(), Invalid> {
    times(o, policy)?;
    bool_into(o, "retryNonIdempotent", &mut policy.retry_non_idempotent)
}

/// `timeoutMs` and `maxRetries` (the client's or a call's) read into `policy` when given.
/// Inlined into its two callers: a client's construction compiles one wasm function less.
#[inline(always)]
fn times(o: &FieldSource<'_>, policy: &mut Policy) -> Result<(), Invalid> {
    u32_into(o, "timeoutMs", 1, MAX_TIMEOUT_MS, &mut policy.timeout_ms)?;
    u32_into(
        o,
        "maxRetries",
        0,
        MAX_RETRIES_LIMIT,
        &mut policy.max_retries,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::one_of;
    use crate::params::tests::{s, Map};
    use crate::params::Raw;

    fn env() -> Env {
        Env::default()
    }

    #[test]
    fn api_key_is_required_and_falls_back_to_the_environment() {
        let err = ClientConfig::from_options(&Map::default(), env()).unwrap_err();
        assert_eq!(err.param, "apiKey");
        assert!(err.message.contains("LOOPLY_API_KEY"));
        let from_env = Env {
            api_key: Some("k-env".into()),
            ..env()
        };
        let c = ClientConfig::from_options(&Map::default(), from_env.clone()).unwrap();
        assert_eq!(c.api_key, "k-env");
        let explicit = Map::default().with("apiKey", s("k-1"));
        assert_eq!(
            ClientConfig::from_options(&explicit, from_env)
                .unwrap()
                .api_key,
            "k-1"
        );
        let bad = Map::default().with("apiKey", s("a\nb"));
        let err = ClientConfig::from_options(&bad, env()).unwrap_err();
        assert!(!err.message.contains("a\nb"));
    }

    /// Catches an empty environment variable taken as set (an empty key refused, or the empty
    /// base URL or level used), or the environment answering JSON text for a field.
    #[test]
    fn empty_environment_variables_are_unset() {
        let empty = Env {
            api_key: Some(String::new()),
            base_url: Some(String::new()),
            log_level: Some(String::new()),
            ..env()
        };
        assert_eq!(
            ClientConfig::from_options(&Map::default(), empty.clone()).unwrap_err(),
            ClientConfig::from_options(&Map::default(), env()).unwrap_err()
        );
        let key = Map::default().with("apiKey", s("k"));
        assert!(
            ClientConfig::from_options(&key, empty.clone()).unwrap()
                == ClientConfig::from_options(&key, env()).unwrap()
        );
        assert_eq!(empty.json("apiKey"), None);
    }

    #[test]
    fn the_rust_clients_base_url_is_the_options_rule_as_a_copy() {
        assert_eq!(
            normalize_base_url("base_url", "HTTPS://x.example/v1//").unwrap(),
            "HTTPS://x.example/v1"
        );
        assert_eq!(
            normalize_base_url("base_url", "http://x").unwrap(),
            "http://x"
        );
        let err = normalize_base_url("base_url", "http://x/?a=1").unwrap_err();
        assert_eq!(ValidationError::from(err).param, "base_url");
    }

    #[test]
    fn base_url_defaults_then_environment_then_option() {
        let key = Map::default().with("apiKey", s("k"));
        let c = ClientConfig::from_options(&key, env()).unwrap();
        assert_eq!(c.base_url, DEFAULT_BASE_URL);
        assert_eq!(c.policy.timeout_ms, 30_000);
        assert_eq!(c.policy.max_retries, 2);
        let e = Env {
            base_url: Some("http://127.0.0.1:9/v1/".into()),
            ..env()
        };
        assert_eq!(
            ClientConfig::from_options(&key, e.clone())
                .unwrap()
                .base_url,
            "http://127.0.0.1:9/v1"
        );
        let o = Map::default()
            .with("apiKey", s("k"))
            .with("baseUrl", s("https://proxy.example/looply//"));
        assert_eq!(
            ClientConfig::from_options(&o, e).unwrap().base_url,
            "https://proxy.example/looply"
        );
        for bad in [
            "ftp://x",
            "api.looply.io",
            "http://x/?a=1",
            "http://x y",
            "",
        ] {
            let o = Map::default()
                .with("apiKey", s("k"))
                .with("baseUrl", s(bad));
            assert_eq!(
                ClientConfig::from_options(&o, env()).unwrap_err().param,
                "baseUrl",
                "{bad}"
            );
        }
    }

    #[test]
    fn the_key_is_never_in_debug_output() {
        let c = ClientConfig::from_options(&Map::default().with("apiKey", s("secret-123")), env())
            .unwrap();
        assert!(!format!("{c:?}").contains("secret-123"));
    }

    #[test]
    fn browsers_need_an_explicit_opt_in() {
        let browser = Env {
            is_browser: true,
            ..env()
        };
        let o = Map::default().with("apiKey", s("k"));
        let err = ClientConfig::from_options(&o, browser.clone()).unwrap_err();
        assert!(err.message.contains("dangerouslyAllowBrowser"));
        let o = o.with("dangerouslyAllowBrowser", Raw::Bool(true));
        assert!(ClientConfig::from_options(&o, browser).is_ok());
    }

    /// Catches `apiKey: null` read as "missing" (the environment's key used, or the browser
    /// guard applied) or sent as a key.
    #[test]
    fn a_null_key_is_no_key_on_purpose() {
        let browser = Env {
            is_browser: true,
            api_key: Some("k-env-123".into()),
            ..env()
        };
        let o = Map::default().with("apiKey", Raw::Null);
        let c = ClientConfig::from_options(&o, browser).unwrap();
        assert_eq!(c.api_key, "");
        // Absent is not null: the environment's key, then the guard.
        let e = Env {
            api_key: Some("k-env-123".into()),
            ..env()
        };
        assert_eq!(
            ClientConfig::from_options(&Map::default(), e)
                .unwrap()
                .api_key,
            "k-env-123"
        );
        let err = ClientConfig::from_options(&Map::default(), env()).unwrap_err();
        assert!(err.message.contains("apiKey: null"), "{}", err.message);
        let guard = Env {
            is_browser: true,
            ..env()
        };
        let err =
            ClientConfig::from_options(&Map::default().with("apiKey", s("placeholder")), guard)
                .unwrap_err();
        assert!(
            err.message
                .contains("apiKey: null, baseUrl: '/api/looply/v1'"),
            "{}",
            err.message
        );
    }

    #[test]
    fn timeouts_and_retries_are_bounded() {
        let o = Map::default()
            .with("apiKey", s("k"))
            .with("timeoutMs", Raw::Num(0.0));
        assert_eq!(
            ClientConfig::from_options(&o, env()).unwrap_err().param,
            "timeoutMs"
        );
        let o = Map::default()
            .with("apiKey", s("k"))
            .with("maxRetries", Raw::Num(11.0));
        assert_eq!(
            ClientConfig::from_options(&o, env()).unwrap_err().param,
            "maxRetries"
        );
        let base = Policy {
            timeout_ms: 5,
            max_retries: 1,
            retry_non_idempotent: false,
        };
        let call = Map::default()
            .with("timeoutMs", Raw::Num(100.0))
            .with("retryNonIdempotent", Raw::Bool(true));
        let p = call_policy(&call, base).unwrap();
        assert_eq!(
            (p.timeout_ms, p.max_retries, p.retry_non_idempotent),
            (100, 1, true)
        );
    }

    /// Catches a client whose own `timeoutMs` or `maxRetries` is checked but not kept (read
    /// into a copy of the policy, say, rather than into the config's).
    #[test]
    fn a_clients_timeout_and_retries_are_kept() {
        let o = Map::default()
            .with("apiKey", s("k"))
            .with("timeoutMs", Raw::Num(1234.0))
            .with("maxRetries", Raw::Num(0.0));
        let c = ClientConfig::from_options(&o, env()).unwrap();
        assert_eq!((c.policy.timeout_ms, c.policy.max_retries), (1234, 0));
    }

    #[test]
    fn extra_headers_cannot_touch_the_api_key() {
        assert!(check_header("defaultHeaders", "X-Api-Key", "x").is_err());
        assert!(check_header("defaultHeaders", "bad name", "x").is_err());
        assert!(check_header("options.headers", "x-trace", "a\r\nb").is_err());
        assert!(check_header("options.headers", "x-trace", "abc").is_ok());
        assert!(check_header("options.headers", "x-big", &"a".repeat(8193)).is_err());
        assert!(check_header("options.headers", &"n".repeat(257), "a").is_err());
    }

    /// Catches a `Debug` that hides more than the key (an empty one tells nothing when
    /// debugging a client).
    #[test]
    fn debug_output_shows_all_but_the_key() {
        let o = Map::default()
            .with("apiKey", s("secret-123"))
            .with("baseUrl", s("http://127.0.0.1:9/v1"));
        let c = ClientConfig::from_options(&o, env()).unwrap();
        let debug = format!("{c:?}");
        assert!(
            debug.contains("http://127.0.0.1:9/v1") && debug.contains("<redacted>"),
            "{debug}"
        );
    }

    /// Catches an off-by-one at each length limit: the longest key, base URL, header name
    /// and header value are accepted, one more is refused.
    #[test]
    fn length_limits_accept_their_maximum_exactly() {
        let key = |k: String| {
            ClientConfig::from_options(&Map::default().with("apiKey", Raw::Str(k)), env())
        };
        assert!(key("k".repeat(MAX_HEADER_VALUE_LEN)).is_ok());
        assert!(key("k".repeat(MAX_HEADER_VALUE_LEN + 1)).is_err());
        let url = |n: usize| {
            let u = format!("http://h/{}", "a".repeat(n - 9));
            ClientConfig::from_options(
                &Map::default()
                    .with("apiKey", s("k"))
                    .with("baseUrl", Raw::Str(u)),
                env(),
            )
        };
        assert!(url(MAX_BASE_URL_LEN).is_ok());
        // The last visible character is allowed, DEL (0x7f) is not.
        let del = Map::default()
            .with("apiKey", s("k"))
            .with("baseUrl", s("http://h/~\u{7f}"));
        assert_eq!(
            ClientConfig::from_options(&del, env()).unwrap_err().param,
            "baseUrl"
        );
        let tilde = Map::default()
            .with("apiKey", s("k"))
            .with("baseUrl", s("http://h/~"));
        assert!(ClientConfig::from_options(&tilde, env()).is_ok());
        assert_eq!(url(MAX_BASE_URL_LEN + 1).unwrap_err().param, "baseUrl");
        let name = "n".repeat(MAX_HEADER_NAME_LEN);
        let value = "v".repeat(MAX_HEADER_VALUE_LEN);
        assert!(check_header("headers", &name, &value).is_ok());
        assert!(check_header("headers", &format!("{name}n"), "v").is_err());
        assert!(check_header("headers", "n", &format!("{value}v")).is_err());
    }

    /// Catches a logger that is not checked (its first log line would throw inside a call),
    /// or a good one refused.
    #[test]
    fn a_logger_must_have_the_four_methods() {
        let with = |logger: Raw| {
            ClientConfig::from_options(
                &Map::default().with("apiKey", s("k")).with("logger", logger),
                env(),
            )
        };
        assert_eq!(with(s("console")).unwrap_err().param, "logger");
        let o = |json: &str| {
            let m = Map::default()
                .with("apiKey", s("k"))
                .with_json("logger", json);
            ClientConfig::from_options(&m, env())
        };
        // The native map reads an object's fields as JSON values: a method is `Raw::Other`
        // only for arrays here, which stand in for functions.
        assert!(o(r#"{"error":[],"warn":[],"info":[],"debug":[]}"#).is_ok());
        assert_eq!(
            o(r#"{"error":[],"warn":[],"info":[]}"#).unwrap_err().param,
            "logger"
        );
        assert_eq!(
            o(r#"{"error":1,"warn":[],"info":[],"debug":[]}"#)
                .unwrap_err()
                .param,
            "logger"
        );
    }

    /// Catches a log level taken from the wrong place, or a typo accepted silently.
    #[test]
    fn log_level_comes_from_the_option_then_the_environment() {
        let key = || Map::default().with("apiKey", s("k"));
        let level = |o: Map, e: Option<&str>| {
            let env = Env {
                log_level: e.map(str::to_owned),
                ..Env::default()
            };
            ClientConfig::from_options(&o, env).map(|c| LOG_LEVELS[c.log_level as usize])
        };
        assert_eq!(level(key(), None), Ok("warn"));
        assert_eq!(level(key(), Some("DEBUG")), Ok("debug"));
        assert_eq!(
            level(key().with("logLevel", s("off")), Some("debug")),
            Ok("off")
        );
        assert_eq!(
            level(key().with("logLevel", s("loud")), None)
                .unwrap_err()
                .param,
            "logLevel"
        );
        let e = level(key(), Some("loud")).unwrap_err();
        assert_eq!(e.param, "LOOPLY_LOG");
        let option = Map::default().with("LOOPLY_LOG", s("loud"));
        let listed =
            ValidationError::from(one_of(&option, "LOOPLY_LOG", LOG_LEVELS).unwrap_err()).message;
        assert_eq!(e.message, listed + " (the environment variable)");
        assert_eq!(
            (LOGGER_METHODS, LOG_LEVELS.contains(&DEFAULT_LOG_LEVEL)),
            (&["error", "warn", "info", "debug"][..], true)
        );
    }

    /// Catches a scheme test that takes `httpx://`, `https:/x` or `http:s//`, refuses an
    /// upper-case `S`, or reads past a short URL: exactly `http://` or `https://`, any case.
    #[test]
    fn the_scheme_is_http_or_https_in_any_case() {
        for ok in [
            "http://h",
            "https://h",
            "HTTP://h",
            "HtTpS://h",
            "http://",
            "https://",
        ] {
            assert!(base_url_end("baseUrl", ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "http",
            "https",
            "http:/",
            "https:/",
            "http:s//h",
            "httpx://h",
            "httpss://h",
            "https//h",
            "ftp://h",
            "hxxp://h",
            "http:\u{e9}/h",
            " http://h",
        ] {
            assert!(base_url_end("baseUrl", bad).is_err(), "{bad}");
        }
    }

    /// Catches a scheme check that depends on case, reads past a short string, or accepts a
    /// prefix that only starts the same (`http:/`).
    #[test]
    fn a_prefix_is_matched_in_any_case() {
        assert!(starts_with_ignore_case("HtTpS://x", "https://"));
        assert!(starts_with_ignore_case("http://", "http://"));
        assert!(!starts_with_ignore_case("http:/", "http://"));
        assert!(!starts_with_ignore_case("https//x", "https://"));
        // A multi-byte character where the prefix would end: no match, no panic.
        assert!(!starts_with_ignore_case("http:/\u{e9}", "http://"));
        let o = Map::default()
            .with("apiKey", s("k"))
            .with("baseUrl", s("HTTPS://H/v1"));
        assert_eq!(
            ClientConfig::from_options(&o, env()).unwrap().base_url,
            "HTTPS://H/v1"
        );
    }

    /// Catches fetchOptions that could replace what the SDK sets (its method, body, headers
    /// with the key, or the signal that carries its timeout).
    #[test]
    fn fetch_options_cannot_set_what_the_sdk_sets() {
        let with = |json: &str| Map::default().with_json("fetchOptions", json);
        assert_eq!(fetch_options(&Map::default()), Ok(false));
        assert_eq!(
            fetch_options(&with(r#"{"keepalive":true,"cache":"no-store"}"#)),
            Ok(true)
        );
        for own in ["method", "body", "headers", "signal", "redirect"] {
            let e = fetch_options(&with(&format!(r#"{{"{own}":1}}"#))).unwrap_err();
            assert_eq!(e.param, "fetchOptions", "{own}");
        }
        let bad = Map::default().with("fetchOptions", s("x"));
        assert_eq!(fetch_options(&bad).unwrap_err().param, "fetchOptions");
    }
}
