//! The checks of the client's and of a call's options, by the npm package's rules
//! (`config.rs`) and with its messages, but named as the Rust structs name them (`timeout`,
//! `max_retries`, `base_url`) and read from the typed fields: not through the package's
//! option reader, which also checks what only JavaScript passes (a `logger`,
//! `fetchOptions`, `LOOPLY_LOG`) and would bring those checks and their messages into every
//! app.

use crate::client::Error;
use crate::config::{normalize_base_url, MAX_RETRIES_LIMIT, MAX_TIMEOUT_MS};
use crate::error::ValidationError;
use crate::transport::Policy;
use std::time::Duration;

/// The error of the option `param`; `rule` completes the sentence "`param` …".
pub(crate) fn invalid(param: &str, rule: &str) -> Error {
    ValidationError::new(param, rule).into()
}

/// A timeout in whole milliseconds (as the package's `timeoutMs`): from 1 ms to the longest
/// a JavaScript timer waits, or `None` out of that range.
fn millis(t: Duration) -> Option<u32> {
    // In `u64`, not `as_millis`' `u128` (its arithmetic is one more function in the wasm);
    // the seconds capped at 2^32 first (out of range already), so that the product cannot
    // overflow: no saturating multiplication, which is a 128-bit product in the wasm.
    let ms = t.as_secs().min(1 << 32) * 1000 + u64::from(t.subsec_millis());
    u32::try_from(ms)
        .ok()
        .filter(|ms| (1..=MAX_TIMEOUT_MS).contains(ms))
}

/// The error of a timeout out of range.
fn bad_timeout() -> Error {
    invalid("timeout", TIMEOUT_RANGE)
}

/// The error of a retry budget over [`MAX_RETRIES_LIMIT`].
fn bad_retries() -> Error {
    invalid("max_retries", RETRIES_RANGE)
}

/// The package's rule for a number out of its range (`params::range_error`) over
/// `1..=MAX_TIMEOUT_MS`, then the unit: written out, not formatted from the bounds at each
/// error (measured: 158 bytes of wasm less in an app); a test compares it with
/// `range_error`'s and with the package's words.
const TIMEOUT_RANGE: &str = "must be a whole number from 1 to 2147483647 (milliseconds)";

/// The same rule over `0..=MAX_RETRIES_LIMIT`.
const RETRIES_RANGE: &str = "must be a whole number from 0 to 10";

/// A timeout in whole milliseconds (as the package's `timeoutMs`), checked.
#[cfg(test)]
fn timeout_ms(timeout: Option<Duration>) -> Result<Option<u32>, Error> {
    timeout
        .map(|t| millis(t).ok_or_else(bad_timeout))
        .transpose()
}

/// A retry budget (as the package's `maxRetries`): at most [`MAX_RETRIES_LIMIT`].
#[cfg(test)]
fn retries(max_retries: Option<u32>) -> Result<Option<u32>, Error> {
    match max_retries {
        Some(n) if n > MAX_RETRIES_LIMIT => Err(bad_retries()),
        n => Ok(n),
    }
}

/// `url` without trailing slashes, or the error that names `base_url` (the package's rule).
pub(crate) fn base_url(url: &str) -> Result<String, Error> {
    normalize_base_url("base_url", url).map_err(|e| ValidationError::from(e).into())
}

/// The policy of `timeout`, `max_retries` and `retry_non_idempotent` over `base` (each
/// `None` keeps `base`'s), or the error that names the bad option.
pub(crate) fn policy(
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    retry_non_idempotent: Option<bool>,
    base: Policy,
) -> Result<Policy, Error> {
    // Each option read by a `match` that returns its error at once: no `Result` of an
    // `Option` made for each and matched again (measured: 122 bytes of wasm less in an app).
    let timeout_ms = match timeout {
        None => base.timeout_ms,
        Some(t) => match millis(t) {
            Some(ms) => ms,
            None => return Err(bad_timeout()),
        },
    };
    let max_retries = match max_retries {
        None => base.max_retries,
        Some(n) if n <= MAX_RETRIES_LIMIT => n,
        Some(_) => return Err(bad_retries()),
    };
    Ok(Policy {
        timeout_ms,
        max_retries,
        retry_non_idempotent: retry_non_idempotent.unwrap_or(base.retry_non_idempotent),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ClientConfig, Env};
    use crate::params::tests::{s, Map};
    use crate::params::Raw;

    fn rule(e: Error) -> (String, String) {
        match e {
            Error::Validation { param, message } => (param, message),
            other => panic!("{other:?}"),
        }
    }

    /// The package's error for the option `js` set to `raw`, named as Rust names it.
    fn packages(js: &str, raw: Raw, rust: &str) -> (String, String) {
        let o = Map::default().with("apiKey", s("k")).with(
            match js {
                "timeoutMs" => "timeoutMs",
                "maxRetries" => "maxRetries",
                _ => "baseUrl",
            },
            raw,
        );
        let e = ClientConfig::from_options(&o, Env::default()).unwrap_err();
        assert_eq!(e.param, js);
        let rest = e.message.strip_prefix(js).unwrap();
        (rust.to_owned(), [rust, rest].concat())
    }

    /// Catches a written-out range rule that no longer says what `range_error` formats
    /// from the bounds (a bound changed, a word mistyped).
    #[test]
    fn the_written_ranges_are_range_errors() {
        let rule = |min, max| {
            let e = crate::params::range_error("x", min, max);
            e.message.strip_prefix("x ").unwrap().to_owned()
        };
        assert_eq!(TIMEOUT_RANGE, rule(1, MAX_TIMEOUT_MS) + " (milliseconds)");
        assert_eq!(RETRIES_RANGE, rule(0, MAX_RETRIES_LIMIT));
    }

    /// Catches a bound off by one (0 ms or 11 retries accepted, 1 ms or 10 refused), a
    /// duration that wraps into range, or a message worded otherwise than the package's.
    #[test]
    fn timeouts_and_retries_keep_the_packages_bounds_and_words() {
        let ms = |n: u64| timeout_ms(Some(Duration::from_millis(n)));
        assert_eq!(timeout_ms(None), Ok(None));
        assert_eq!(ms(1), Ok(Some(1)));
        assert_eq!(ms(u64::from(MAX_TIMEOUT_MS)), Ok(Some(MAX_TIMEOUT_MS)));
        // Under a millisecond is 0 ms, as `as_millis` counts it.
        assert!(timeout_ms(Some(Duration::from_micros(999))).is_err());
        assert_eq!(timeout_ms(Some(Duration::from_micros(1500))), Ok(Some(1)));
        let too_long = rule(ms(u64::from(MAX_TIMEOUT_MS) + 1).unwrap_err());
        let (param, words) = packages("timeoutMs", Raw::Num(0.0), "timeout");
        assert_eq!(too_long, (param, words + " (milliseconds)"));
        assert_eq!(rule(ms(0).unwrap_err()), too_long);
        // 2^32 ms would wrap to 0 in a `u32`; u64::MAX seconds would overflow a `u64`.
        assert!(ms(1 << 32).is_err());
        assert!(timeout_ms(Some(Duration::MAX)).is_err());
        assert_eq!(retries(Some(10)), Ok(Some(10)));
        assert_eq!(retries(None), Ok(None));
        let e = rule(retries(Some(11)).unwrap_err());
        assert_eq!(e, packages("maxRetries", Raw::Num(11.0), "max_retries"));
    }

    /// Catches `policy` reading an option otherwise than its own check does: a bound off by
    /// one there, an option that does not replace the base's, or a `None` that does.
    #[test]
    fn a_policy_takes_each_option_over_its_base_within_the_bounds() {
        let base = Policy {
            timeout_ms: 5,
            max_retries: 2,
            retry_non_idempotent: true,
        };
        assert_eq!(policy(None, None, None, base), Ok(base));
        let ms = |n: u64| Some(Duration::from_millis(n));
        let max = u64::from(MAX_TIMEOUT_MS);
        for t in [ms(0), ms(1), ms(max), ms(max + 1), Some(Duration::MAX)] {
            let want = timeout_ms(t).map(|ms| Policy {
                timeout_ms: ms.unwrap_or(5),
                ..base
            });
            assert_eq!(policy(t, None, None, base), want, "{t:?}");
        }
        for n in [0, 10, 11, u32::MAX] {
            let want = retries(Some(n)).map(|n| Policy {
                max_retries: n.unwrap_or(2),
                ..base
            });
            assert_eq!(policy(None, Some(n), None, base), want, "{n}");
        }
        let strict = policy(ms(7), Some(0), Some(false), base);
        let want = Policy {
            timeout_ms: 7,
            max_retries: 0,
            retry_non_idempotent: false,
        };
        assert_eq!(strict, Ok(want));
        // The timeout is checked first, as the package checks `timeoutMs` first.
        let both = rule(policy(ms(0), Some(11), None, base).unwrap_err());
        assert_eq!(both.0, "timeout");
    }

    /// Catches a base URL checked otherwise than by the package's rule, or its error named
    /// `baseUrl`.
    #[test]
    fn a_base_url_is_normalized_or_refused_in_the_packages_words() {
        assert_eq!(base_url("http://h/v1//"), Ok("http://h/v1".to_owned()));
        let e = rule(base_url("ftp://h").unwrap_err());
        assert_eq!(e, packages("baseUrl", s("ftp://h"), "base_url"));
        assert_eq!(
            rule(invalid("api_key", "must not be empty")),
            ("api_key".to_owned(), "api_key must not be empty".to_owned())
        );
    }
}
