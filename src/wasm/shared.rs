//! A client's state behind the exported class: validated settings, the request headers
//! made once, and its calls in flight.

use crate::config::{call_policy, check_header, fetch_options, ClientConfig, Env};
use crate::error::ValidationError;
use crate::http::{HttpRequest, Method};
use crate::response::Kind;
use crate::wasm::calls::{Call, Calls, Route};
use crate::wasm::errors::internal;
use crate::wasm::fields::{get, is_absent, kind_of, string_entries, JsFields};
use crate::wasm::js::{make_headers, merge_options, read_env};
use std::cell::RefCell;
use wasm_bindgen::JsValue;

/// What a client knows; shared with its paginators.
pub struct Shared {
    config: ClientConfig,
    /// The caller's `fetch`, or `undefined`: then each attempt calls the global `fetch` of
    /// its moment, so that mocks (MSW, `vi.stubGlobal`) and instrumentation installed
    /// after the client was made still see its requests.
    fetch: JsValue,
    /// The client's `fetchOptions`, or `undefined`.
    fetch_options: JsValue,
    default_headers: JsValue,
    get_headers: JsValue,
    post_headers: JsValue,
    /// Calls in flight, by number.
    pub calls: RefCell<Calls>,
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
    /// Validates `options` (`{ apiKey, baseUrl, … }`), falling back to the environment.
    pub fn new(options: &JsValue) -> Result<Shared, ValidationError> {
        object_or_absent("options", options)?;
        let config = ClientConfig::from_options(&JsFields(options), env())?;
        let fetch = fetch_fn(options)?;
        let fetch_options = get(options, "fetchOptions");
        let default_headers = extra_headers("defaultHeaders", get(options, "defaultHeaders"))?
            .unwrap_or(JsValue::UNDEFINED);
        let none = JsValue::UNDEFINED;
        Ok(Shared {
            get_headers: make_headers(&config.api_key, false, &default_headers, &none),
            post_headers: make_headers(&config.api_key, true, &default_headers, &none),
            config,
            fetch,
            fetch_options,
            default_headers,
            calls: RefCell::default(),
        })
    }

    /// Validates a call's `options` (`{ signal, timeoutMs, maxRetries, retryNonIdempotent, headers }`).
    pub fn route(&self, options: &JsValue, method: Method) -> Result<Route, ValidationError> {
        match kind_of(options) {
            // The usual case, in one crossing: the client's own settings.
            Some(Kind::Missing | Kind::Null) => {
                return Ok(Route {
                    headers: self.default_route_headers(method),
                    signal: JsValue::UNDEFINED,
                    fetch_options: self.fetch_options.clone(),
                    policy: self.config.policy,
                })
            }
            Some(Kind::Object) => {}
            _ => return Err(ValidationError::new("options", "must be an object")),
        }
        let policy = call_policy(&JsFields(options), self.config.policy)?;
        let fetch_options = if fetch_options(&JsFields(options))? {
            // `{ ...client, ...call }` (a spread of an absent client value is empty).
            merge_options(&self.fetch_options, &get(options, "fetchOptions"))
        } else {
            self.fetch_options.clone()
        };
        let signal = get(options, "signal");
        if !is_signal_or_absent(&signal) {
            return Err(ValidationError::new("signal", "must be an AbortSignal"));
        }
        let headers = match extra_headers("headers", get(options, "headers"))? {
            None => self.default_route_headers(method),
            Some(extra) => make_headers(
                &self.config.api_key,
                method == Method::Post,
                &self.default_headers,
                &extra,
            ),
        };
        Ok(Route {
            headers,
            signal,
            fetch_options,
            policy,
        })
    }

    /// The request headers of a call without headers of its own.
    fn default_route_headers(&self, method: Method) -> JsValue {
        match method {
            Method::Post => self.post_headers.clone(),
            Method::Get => self.get_headers.clone(),
        }
    }

    /// Starts a call of `req` along `route`; returns its number.
    /// A paginator passes a copy of its route for each page.
    pub fn start(&self, req: HttpRequest, route: Route) -> Result<u32, JsValue> {
        let call = Call::new(self.fetch.clone(), &self.config.base_url, req, route);
        let mut calls = self.calls.try_borrow_mut().map_err(|_| busy())?;
        Ok(calls.insert(call))
    }
}

/// The error of a client re-entered while it holds its calls (a custom fetch's response
/// that calls the client back while the core reads it).
pub fn busy() -> JsValue {
    internal("the client's calls were re-entered while in use")
}

fn env() -> Env {
    let e = read_env();
    Env {
        api_key: get(&e, "apiKey").as_string(),
        base_url: get(&e, "baseUrl").as_string(),
        is_browser: get(&e, "isBrowser").as_bool().unwrap_or(false),
        log_level: get(&e, "logLevel").as_string(),
    }
}

fn fetch_fn(options: &JsValue) -> Result<JsValue, ValidationError> {
    let given = get(options, "fetch");
    if given.is_undefined() || given.is_null() {
        return if get(&js_sys::global(), "fetch").is_function() {
            Ok(JsValue::UNDEFINED)
        } else {
            Err(ValidationError::new(
                "fetch",
                "is not available in this environment: pass options.fetch",
            ))
        };
    }
    if given.is_function() {
        Ok(given)
    } else {
        Err(ValidationError::new("fetch", "must be a function"))
    }
}

/// Checks `obj` as extra headers named `param`; returns a copy when it has any, so that
/// later changes to the caller's object change nothing.
fn extra_headers(param: &str, obj: JsValue) -> Result<Option<JsValue>, ValidationError> {
    let entries = string_entries(&obj).map_err(|_| {
        ValidationError::new(param, "must be a plain object of string header values")
    })?;
    if entries.is_empty() {
        return Ok(None);
    }
    let copy = js_sys::Object::new();
    for (name, value) in &entries {
        check_header(param, name, value)?;
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&copy, &name.into(), &value.into());
    }
    Ok(Some(copy.into()))
}

/// Whether `v` is absent or looks like an `AbortSignal`.
fn is_signal_or_absent(v: &JsValue) -> bool {
    is_absent(v)
        || (get(v, "aborted").as_bool().is_some() && get(v, "addEventListener").is_function())
}

/// `param` must be an object (not an array) or absent.
pub fn object_or_absent(param: &str, v: &JsValue) -> Result<(), ValidationError> {
    match kind_of(v) {
        Some(Kind::Missing | Kind::Null | Kind::Object) => Ok(()),
        _ => Err(ValidationError::new(param, "must be an object")),
    }
}
