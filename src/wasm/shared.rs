//! A client's state behind the exported class: validated settings, the routes of its calls
//! (request headers and the rest of each attempt's `fetch`) made once.

use crate::config::{fetch_options_into, header, read_policy, ClientConfig};
use crate::error::Invalid;
use crate::http::Method;
use crate::response::Kind;
use crate::transport::{Policy, MAX_RESPONSE_BYTES};
use crate::wasm::errors::internal;
use crate::wasm::fields::{field_kind, get, is_absent, kind_of, put, set, string_of};
use crate::wasm::js::{
    entries_object, field, global_fetch, is_function, make_headers, merge_options, new_object,
    read_env, string_entries, UNUSED,
};
use wasm_bindgen::JsValue;

/// How the requests of one call (or one paginator) go out.
#[derive(Clone)]
pub struct Route {
    /// What each attempt's `fetch` is given besides the path and body, as the package entry
    /// reads it (`pkg-template/src/transport.js`, `sendOnce`): `{ baseUrl, method, headers,
    /// timeoutMs, signal, fetchOptions, fetch, maxBytes }`.
    pub record: JsValue,
    /// Timeout and retries.
    pub policy: Policy,
}

impl Route {
    /// The route of `method` with these `headers` under `policy`; the rest of its record
    /// as named (the client's `base_url` and `fetch`, the call's or the client's others).
    /// Its parts as arguments, not a struct of them: the struct was written to the stack at
    /// each caller and read back here (measured: 66 bytes of the npm wasm). The values made
    /// for the route (`headers`, `signal`, `fetch_options`) are taken, not borrowed: each
    /// caller stored and dropped its own (measured: A 16 B less).
    fn new(
        method: Method,
        headers: JsValue,
        policy: Policy,
        signal: JsValue,
        fetch_options: JsValue,
        base_url: &str,
        fetch: &JsValue,
    ) -> Self {
        // Field by field: a loop over a table of pairs built the table first (0.2 KB more).
        let obj = new_object(&UNUSED);
        put(&obj, "baseUrl", base_url.into());
        put(&obj, "method", method.as_str().into());
        put(&obj, "headers", headers);
        put(&obj, "timeoutMs", policy.timeout_ms.into());
        put(&obj, "signal", signal);
        put(&obj, "fetchOptions", fetch_options);
        set(&obj, "fetch", fetch);
        put(&obj, "maxBytes", MAX_RESPONSE_BYTES.into());
        let record = obj.into();
        Route { record, policy }
    }
}

/// What a client knows.
pub struct Shared {
    config: ClientConfig,
    /// The caller's `fetch`, or `undefined`: then each attempt calls the global `fetch` of
    /// its moment, so that mocks (MSW, `vi.stubGlobal`) and instrumentation installed
    /// after the client was made still see its requests.
    fetch: JsValue,
    /// The client's `fetchOptions`, or `undefined`.
    fetch_options: JsValue,
    default_headers: JsValue,
    /// The route of a GET without options of its own, made once.
    get_route: Route,
    /// The route of a POST without options of its own, made once.
    post_route: Route,
}

impl Shared {
    /// The client's log level, an index into [`crate::config::LOG_LEVELS`].
    pub fn log_level(&self) -> u8 {
        self.config.log_level
    }

    /// The client's API key (for the entry's redaction).
    pub fn api_key(&self) -> &str {
        &self.config.api_key
    }
}

impl Shared {
    /// Validates `options` (`{ apiKey, baseUrl, … }`), falling back to the environment:
    /// `then` of the client's state, made where it is built.
    pub fn read<R>(options: &JsValue, then: impl FnOnce(Shared) -> R) -> Result<R, Invalid> {
        object_or_absent("options", options)?;
        // Filled where it is kept: not moved out of `read`'s `Result`.
        let mut config = ClientConfig::unread();
        config.fill(options, &read_env(&UNUSED))?;
        let mut fetch = JsValue::UNDEFINED;
        fetch_fn(options, &mut fetch)?;
        let fetch_options = get(options, "fetchOptions");
        let mut default_headers = JsValue::UNDEFINED;
        // Absent (the usual client), none to check: `extra_headers` (0.5 KB of code) is then
        // not run, so not compiled, by the constructor (`stringEntries` answers `[]` for it).
        if !matches!(
            field_kind(options, "defaultHeaders"),
            Some(Kind::Missing | Kind::Null)
        ) {
            extra_headers(
                "defaultHeaders",
                get(options, "defaultHeaders"),
                &mut default_headers,
            )?;
        }
        let route =
            |method| default_route(method, &config, &default_headers, &fetch_options, &fetch);
        Ok(then(Shared {
            get_route: route(Method::Get),
            post_route: route(Method::Post),
            config,
            fetch,
            fetch_options,
            default_headers,
        }))
    }

    /// Validates a call's `options` (`{ signal, timeoutMs, maxRetries, retryNonIdempotent, headers }`).
    /// `None` when there are none: the call goes along the client's route.
    pub fn route(&self, options: &JsValue, method: Method) -> Result<Option<Route>, Invalid> {
        match kind_of(options) {
            // The usual case, in one crossing: the client's own settings.
            Some(Kind::Missing | Kind::Null) => return Ok(None),
            Some(Kind::Object) => {}
            _ => return Err(Invalid::new("options", "must be an object")),
        }
        let mut policy = self.config.policy;
        read_policy(options, &mut policy)?;
        let mut own_fetch_options = false;
        fetch_options_into(options, &mut own_fetch_options)?;
        let signal = get(options, "signal");
        if !is_signal_or_absent(&signal) {
            return Err(Invalid::new("signal", "must be an AbortSignal"));
        }
        let mut extra = JsValue::UNDEFINED;
        extra_headers("headers", get(options, "headers"), &mut extra)?;
        let headers = if is_absent(&extra) {
            get(&self.default_route(method).record, "headers")
        } else {
            make_headers(
                &self.config.api_key,
                method == Method::Post,
                &self.default_headers,
                &extra,
            )
        };
        // Made once every check has passed: no early return drops it.
        let fetch_options = if own_fetch_options {
            // `{ ...client, ...call }` (a spread of an absent client value is empty).
            merge_options(&self.fetch_options, &get(options, "fetchOptions"))
        } else {
            self.fetch_options.clone()
        };
        Ok(Some(Route::new(
            method,
            headers,
            policy,
            signal,
            fetch_options,
            &self.config.base_url,
            &self.fetch,
        )))
    }

    /// The route of a call without options of its own.
    pub fn default_route(&self, method: Method) -> &Route {
        match method {
            Method::Post => &self.post_route,
            Method::Get => &self.get_route,
        }
    }
}

/// The route of `method` for a call without options of its own, from the client's parts.
/// A function, not a closure over them: the closure's captures were written to the stack
/// as a struct of pointers and read back. Inlined into `__new` (both routes): one wasm
/// function less for a client's construction to compile, and 13 B less of the wasm's gzip.
#[inline(always)]
fn default_route(
    method: Method,
    config: &ClientConfig,
    default_headers: &JsValue,
    fetch_options: &JsValue,
    fetch: &JsValue,
) -> Route {
    let none = JsValue::UNDEFINED;
    let headers = make_headers(
        &config.api_key,
        method == Method::Post,
        default_headers,
        &none,
    );
    Route::new(
        method,
        headers,
        config.policy,
        none,
        fetch_options.clone(),
        &config.base_url,
        fetch,
    )
}

/// The error of a client re-entered while it settles a call (a custom fetch's response that
/// calls the client back while the core reads it), or of the slab re-entered while in use.
pub fn busy() -> JsValue {
    internal("the client's calls were re-entered while in use")
}

/// The caller's `fetch` written into `fetch` (left `undefined` when absent and the global
/// one exists). (One word answered: a `Result<JsValue, _>` came back through memory.)
fn fetch_fn(options: &JsValue, fetch: &mut JsValue) -> Result<(), Invalid> {
    let given = get(options, "fetch");
    // `is_absent`'s test written out: a client's construction then compiles one wasm function
    // less (no call's path runs `is_absent` but one with options of its own).
    if matches!(kind_of(&given), Some(Kind::Missing | Kind::Null)) {
        return if is_function(&global_fetch(&UNUSED), &UNUSED) {
            Ok(())
        } else {
            Err(Invalid::new(
                "fetch",
                "is not available in this environment: pass options.fetch",
            ))
        };
    }
    if is_function(&given, &UNUSED) {
        *fetch = given;
        Ok(())
    } else {
        Err(Invalid::new("fetch", "must be a function"))
    }
}

/// Checks `obj` as extra headers named `param`; writes a copy into `copy` when it has any
/// (else leaves it as it is), so that later changes to the caller's object change nothing.
/// (Not answered: a `Result<Option<JsValue>, _>` came back through memory to each caller,
/// 107 bytes of the npm wasm.)
fn extra_headers(param: &str, obj: JsValue, copy: &mut JsValue) -> Result<(), Invalid> {
    let entries = string_entries(&obj);
    if kind_of(&entries) != Some(Kind::Array) {
        return Err(Invalid::new(
            param,
            "must be a plain object of string header values",
        ));
    }
    // Read through `field`, as any object (js-sys's `Array` bindings are two more imports),
    // up to the first name that is no string, which is past the end: every entry is a string
    // by construction (`stringEntries`: the names `Object.keys` gives, the values it checked).
    // No `length` read, which cost 49 bytes of the wasm. (`i` cannot wrap: an array holds
    // fewer than 2^32 entries.)
    let at = |i: u32| string_of(field(&entries, i.into()));
    let mut i = 0;
    while let Some(name) = at(i) {
        header(param, &name, &at(i + 1).unwrap_or_default())?;
        i += 2;
    }
    if i != 0 {
        *copy = entries_object(&entries);
    }
    Ok(())
}

/// Whether `v` is absent or looks like an `AbortSignal`.
fn is_signal_or_absent(v: &JsValue) -> bool {
    is_absent(v)
        || (field_kind(v, "aborted") == Some(Kind::Bool)
            && is_function(&get(v, "addEventListener"), &UNUSED))
}

/// `param` must be an object (not an array) or absent.
pub fn object_or_absent(param: &str, v: &JsValue) -> Result<(), Invalid> {
    match kind_of(v) {
        Some(Kind::Missing | Kind::Null | Kind::Object) => Ok(()),
        _ => Err(Invalid::new(param, "must be an object")),
    }
}
