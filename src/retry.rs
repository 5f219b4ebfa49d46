//! When to retry, and how long to wait: pure functions of an attempt's outcome.

use crate::http::{skip, trim, Idempotency};
use crate::params::MAX_DIGITS;

/// How one attempt ended, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A response with this status arrived.
    Status(u16),
    /// The connection failed or dropped before a response arrived.
    Connection,
    /// The attempt's timeout fired.
    Timeout,
    /// The caller aborted: never retried.
    Aborted,
    /// The body was over the size limit once decoded: never retried (it would be again).
    TooLarge,
}

/// Whether another attempt may be made after `outcome`.
///
/// Idempotent requests retry on connection failures, timeouts, 408, 429 and 5xx.
/// Non-idempotent ones (trigger, resume) only on 429, which the gateway sends before the
/// request runs, unless the caller opted in with `retryNonIdempotent`.
pub fn should_retry(outcome: Outcome, idem: Idempotency, retry_non_idempotent: bool) -> bool {
    let transient = match outcome {
        Outcome::Aborted | Outcome::TooLarge => return false,
        Outcome::Status(429) => return true,
        Outcome::Status(s) => s == 408 || s >= 500,
        Outcome::Connection | Outcome::Timeout => true,
    };
    transient && (idem == Idempotency::Idempotent || retry_non_idempotent)
}

/// The first backoff delay, before jitter.
pub const INITIAL_DELAY_MS: f64 = 500.0;
/// The longest backoff delay.
pub const MAX_DELAY_MS: f64 = 8_000.0;
/// The longest server-requested wait that is honoured exactly.
pub const MAX_RETRY_AFTER_MS: f64 = 60_000.0;

/// The wait before retry number `retry` (1 for the first retry).
///
/// A `retry-after-ms` or `Retry-After` (seconds or HTTP date) header from 0 to 60 s is
/// honoured exactly; otherwise exponential backoff from 0.5 s doubling to 8 s, with up to
/// 25 % taken off at random (`random` in `[0, 1)`).
pub fn delay_ms(
    retry: u32,
    retry_after_ms: Option<&str>,
    retry_after: Option<&str>,
    now_ms: f64,
    random: f64,
) -> u32 {
    backoff_ms(
        retry,
        requested_ms(retry_after_ms, retry_after, now_ms),
        random,
    )
}

/// [`delay_ms`]'s second half: the wait before retry number `retry` when the server asked
/// for `requested` milliseconds (`NaN` when it did not; see [`requested_ms`]). The retry
/// loop reads the server's wait through [`crate::response::ResponseView::requested_ms`],
/// which the wasm shares with the waiter's `__retryAfterMs`.
#[inline(never)]
pub(crate) fn backoff_ms(retry: u32, requested: f64, random: f64) -> u32 {
    if (0.0..=MAX_RETRY_AFTER_MS).contains(&requested) {
        return requested.ceil() as u32;
    }
    // 2 to the power `exp` as a shift (exact up to 2^16): `powi` is a call into compiler
    // builtins in the wasm. In integers (500 << 16 fits in a `u32`), the same whole numbers.
    let exp = retry.saturating_sub(1).min(16);
    let base = (INITIAL_DELAY_MS as u32 * (1 << exp)).min(MAX_DELAY_MS as u32);
    let jitter = 1.0 - 0.25 * random.clamp(0.0, 1.0);
    (f64::from(base) * jitter) as u32
}

/// The wait the server asked for, when it is within 0..=60 s.
pub fn server_delay_ms(
    retry_after_ms: Option<&str>,
    retry_after: Option<&str>,
    now_ms: f64,
) -> Option<f64> {
    Some(requested_ms(retry_after_ms, retry_after, now_ms))
        .filter(|ms| (0.0..=MAX_RETRY_AFTER_MS).contains(ms))
}

/// The wait the server asked for in `retry-after-ms` (milliseconds) or `Retry-After`
/// (seconds, or an HTTP date), however long; `None` when neither is a valid value. The
/// waiter compares it with the time it has left; a call's retry honours it up to 60 s.
pub fn requested_delay_ms(
    retry_after_ms: Option<&str>,
    retry_after: Option<&str>,
    now_ms: f64,
) -> Option<f64> {
    let ms = requested_ms(retry_after_ms, retry_after, now_ms);
    (!ms.is_nan()).then_some(ms)
}

/// [`requested_delay_ms`] as a plain number, `NaN` for `None` (no wait it answers is `NaN`),
/// which no range contains: no `Option`'s tag written and read on each side of the call.
/// (Not inlined: the Rust client's readers share one copy.)
#[inline(never)]
pub(crate) fn requested_ms(
    retry_after_ms: Option<&str>,
    retry_after: Option<&str>,
    now_ms: f64,
) -> f64 {
    let ms = asked_ms(retry_after_ms);
    if ms.is_nan() {
        asked_after_ms(retry_after, now_ms)
    } else {
        ms
    }
}

/// [`requested_ms`]'s first half: the wait a `retry-after-ms` asks for, `NaN` for none (the
/// wasm's reader decodes `Retry-After` only when this is `NaN`).
pub(crate) fn asked_ms(retry_after_ms: Option<&str>) -> f64 {
    let milli = retry_after_ms.map_or(NOT_A_DECIMAL, thousandths);
    if milli == NOT_A_DECIMAL {
        return f64::NAN;
    }
    // Thousandths of a millisecond, rounded up to a whole millisecond.
    milli.div_ceil(1000) as f64
}

/// [`requested_ms`]'s second half: the wait a `Retry-After` (seconds, or an HTTP date) asks
/// for, `NaN` for none.
pub(crate) fn asked_after_ms(retry_after: Option<&str>, now_ms: f64) -> f64 {
    // Not trimmed here: `thousandths` trims, and a date's words skip whitespace.
    let Some(value) = retry_after else {
        return f64::NAN;
    };
    let ms = thousandths(value);
    if ms != NOT_A_DECIMAL {
        return ms as f64;
    }
    let at = date_ms(value);
    if at.is_nan() {
        return f64::NAN;
    }
    // `max` answers 0 when `now_ms` is `NaN`.
    (at - now_ms).max(0.0)
}

/// A non-negative decimal such as `2` or `1.5`, in thousandths (`1.5` → 1500); digits past
/// the third decimal are dropped.
#[cfg(test)]
fn parse_thousandths(s: &str) -> Option<u64> {
    Some(thousandths(s)).filter(|&t| t != NOT_A_DECIMAL)
}

/// What [`thousandths`] answers for a text that is no decimal it reads: no decimal is that
/// many thousandths (at most 12 whole digits, under 10^15). (And what a date's [`number`]
/// answers for a run that is no number: at most 15 digits are under 10^15 too.)
const NOT_A_DECIMAL: u64 = u64::MAX;

/// A non-negative decimal in thousandths, as the tests' `parse_thousandths`, but a plain
/// number, [`NOT_A_DECIMAL`] for none (an `Option<u64>` went through memory, its tag written
/// and read at each call). Written out to keep float parsing out of the wasm.
fn thousandths(s: &str) -> u64 {
    // One pass over the bytes (no split at the `.` and second walks of each part): the whole
    // part's digits, at most 12, then up to three decimals that count, and digits after them.
    let (mut value, mut scale, mut whole, mut dot, mut any) = (0u64, 1000, 0, false, false);
    for &b in trim(s).as_bytes() {
        if b == b'.' && !dot {
            dot = true;
            continue;
        }
        if !b.is_ascii_digit() {
            return NOT_A_DECIMAL;
        }
        any = true;
        let digit = u64::from(b - b'0');
        if !dot {
            whole += 1;
            if whole > 12 {
                return NOT_A_DECIMAL;
            }
            value = value * 10 + digit;
        } else if scale > 1 {
            scale /= 10;
            value = value * 10 + digit;
        }
    }
    if any {
        value * scale
    } else {
        NOT_A_DECIMAL
    }
}

/// Milliseconds since the epoch of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub fn parse_http_date(s: &str) -> Option<f64> {
    Some(date_ms(s)).filter(|ms| !ms.is_nan())
}

/// [`parse_http_date`] as a plain number, `NaN` for none (no date is `NaN`). Read by byte
/// positions (each word's start and end, the clock's `:`s), so that no word, split or
/// number comes back as an `Option` through memory: the same dates as the words split at
/// whitespace, the clock split at its `:`s and each number of 1 to 15 digits.
fn date_ms(s: &str) -> f64 {
    let b = s.as_bytes();
    // The first six words' starts and ends (both at the text's end for a word not there).
    let mut at = 0;
    let mut word = || {
        let start = skip(b, at, true);
        at = skip(b, start, false);
        (start, at)
    };
    let (_weekday, day, month, year) = (word(), word(), word(), word());
    let ((clock, end), zone) = (word(), word());
    let number = |(start, end)| number(b, start, end);
    let (day, year) = (number(day), number(year));
    let month = month_index(s.get(month.0..month.1).unwrap_or(""));
    // The clock: hours, minutes and seconds before the first, the second and the third `:`
    // or the word's end (anything after a third `:` is ignored, as a split taking three
    // parts has it); the first two `:` must be there. (Without them the minutes or the
    // seconds are an empty run, which no number is, but the check was measured smaller.)
    let first = colon(b, clock, end);
    let second = colon(b, first + 1, end);
    let third = colon(b, second + 1, end);
    let (h, m, sec) = (
        number((clock, first)),
        number((first + 1, second)),
        number((second + 1, third)),
    );
    let Some(month) = month else {
        return f64::NAN;
    };
    // `NOT_A_DECIMAL` is over every limit but the year's.
    if year == NOT_A_DECIMAL
        || !(1..=31).contains(&day)
        || second >= end
        || h > 23
        || m > 59
        || sec > 60
        || b.get(zone.0..zone.1) != Some(b"GMT")
    {
        return f64::NAN;
    }
    let (year, day, h, m, sec) = (year as i64, day as i64, h as i64, m as i64, sec as i64);
    let days = days_from_civil(year, month, day);
    ((days * 86_400 + h * 3_600 + m * 60 + sec) * 1000) as f64
}

/// Where the first `:` of `b` from `at` on is, `end` (or `at`, when past it) for none.
#[inline(never)]
fn colon(b: &[u8], mut at: usize, end: usize) -> usize {
    while at < end && b.get(at) != Some(&b':') {
        at += 1;
    }
    at
}

/// The number that `b[start..end]` is when it is 1 to 15 ASCII digits (as
/// `params::digits` reads them), [`NOT_A_DECIMAL`] when not.
fn number(b: &[u8], start: usize, end: usize) -> u64 {
    let Some(run) = b
        .get(start..end)
        .filter(|run| (1..=MAX_DIGITS).contains(&run.len()))
    else {
        return NOT_A_DECIMAL;
    };
    let mut n = 0;
    for &c in run {
        if !c.is_ascii_digit() {
            return NOT_A_DECIMAL;
        }
        n = n * 10 + u64::from(c - b'0');
    }
    n
}

fn month_index(name: &str) -> Option<i64> {
    // One text of three letters a month, not twelve strings (their pointers and lengths).
    const MONTHS: &str = "JanFebMarAprMayJunJulAugSepOctNovDec";
    let mut at = 0;
    while let Some(month) = MONTHS.get(at..at + 3) {
        at += 3;
        if month == name {
            return Some(at as i64 / 3);
        }
    }
    None
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use Idempotency::*;

    /// Catches a backoff shift that is off by one, or that overflows for a retry count past
    /// the cap: each wait is 500 ms doubled per retry, capped at 8 s, as `powi` has it.
    #[test]
    fn backoff_doubles_from_500_ms_up_to_8_s() {
        for retry in [0, 1, 2, 5, 16, 17, 18, 40, u32::MAX] {
            let exp = retry.saturating_sub(1).min(16) as i32;
            let want = (INITIAL_DELAY_MS * 2f64.powi(exp)).min(MAX_DELAY_MS) as u32;
            assert_eq!(delay_ms(retry, None, None, 0.0, 0.0), want, "retry {retry}");
        }
        assert_eq!(delay_ms(3, None, None, 0.0, 0.0), 2000);
        assert_eq!(delay_ms(3, None, None, 0.0, 1.0), 1500);
    }

    #[test]
    fn reads_retry_transient_failures_only() {
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(should_retry(Outcome::Status(s), Idempotent, false), "{s}");
        }
        for s in [200, 400, 401, 403, 404, 409, 422] {
            assert!(!should_retry(Outcome::Status(s), Idempotent, false), "{s}");
        }
        assert!(should_retry(Outcome::Connection, Idempotent, false));
        assert!(should_retry(Outcome::Timeout, Idempotent, false));
        assert!(!should_retry(Outcome::Aborted, Idempotent, true));
    }

    /// Catches a non-idempotent call (trigger, resume, action) retried on any transient
    /// failure but 429: each of these may already have started an execution.
    #[test]
    fn triggers_retry_only_on_429_unless_opted_in() {
        assert!(should_retry(Outcome::Status(429), NonIdempotent, false));
        for o in [
            Outcome::Status(408),
            Outcome::Status(500),
            Outcome::Status(502),
            Outcome::Status(503),
            Outcome::Status(504),
            Outcome::Connection,
            Outcome::Timeout,
        ] {
            assert!(!should_retry(o, NonIdempotent, false), "{o:?}");
            assert!(should_retry(o, NonIdempotent, true), "{o:?}");
        }
        assert!(!should_retry(Outcome::Status(400), NonIdempotent, true));
    }

    #[test]
    fn backoff_doubles_to_a_cap_with_bounded_jitter() {
        let no_jitter: Vec<u32> = (1..=7).map(|n| delay_ms(n, None, None, 0.0, 0.0)).collect();
        assert_eq!(no_jitter, [500, 1000, 2000, 4000, 8000, 8000, 8000]);
        assert_eq!(delay_ms(1, None, None, 0.0, 0.999_999), 375);
        assert_eq!(delay_ms(1000, None, None, 0.0, 0.0), 8000);
    }

    #[test]
    fn server_requested_waits_are_honoured_within_a_minute() {
        assert_eq!(delay_ms(1, Some("250"), Some("9"), 0.0, 0.5), 250);
        assert_eq!(delay_ms(1, None, Some("2"), 0.0, 0.5), 2000);
        assert_eq!(delay_ms(1, None, Some("1.5"), 0.0, 0.5), 1500);
        assert_eq!(delay_ms(1, Some("150.2"), None, 0.0, 0.5), 151);
        assert_eq!(delay_ms(1, None, Some(".25"), 0.0, 0.5), 250);
        assert_eq!(delay_ms(1, None, Some("60"), 0.0, 0.5), 60_000);
        assert_eq!(delay_ms(1, None, Some("."), 0.0, 0.0), 500);
        assert_eq!(delay_ms(1, None, Some("1.2.3"), 0.0, 0.0), 500);
        assert_eq!(delay_ms(1, None, Some("0"), 0.0, 0.5), 0);
        // Out of range or unreadable: ordinary backoff.
        assert_eq!(delay_ms(1, None, Some("61"), 0.0, 0.0), 500);
        assert_eq!(delay_ms(2, Some("-5"), None, 0.0, 0.0), 1000);
        assert_eq!(delay_ms(1, None, Some("soon"), 0.0, 0.0), 500);
        // An HTTP date 3 s after "now".
        let now = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(
            delay_ms(1, None, Some("Sun, 06 Nov 1994 08:49:40 GMT"), now, 0.0),
            3000
        );
        assert_eq!(
            delay_ms(1, None, Some("Sun, 06 Nov 1994 08:49:30 GMT"), now, 0.0),
            0
        );
    }

    /// Catches the waiter's reading of a server's wait capped like a retry's (it would sleep
    /// a minute instead of ending at once), or seconds read as milliseconds.
    #[test]
    fn the_requested_wait_is_reported_uncapped_for_the_waiter() {
        assert_eq!(requested_delay_ms(None, Some("1"), 0.0), Some(1000.0));
        assert_eq!(
            requested_delay_ms(None, Some("999999999"), 0.0),
            Some(999_999_999_000.0)
        );
        assert_eq!(
            requested_delay_ms(Some("99999999999"), None, 0.0),
            Some(99_999_999_999.0)
        );
        assert_eq!(requested_delay_ms(None, Some("soon"), 0.0), None);
        assert_eq!(server_delay_ms(None, Some("999999999"), 0.0), None);
        assert_eq!(server_delay_ms(None, Some("60"), 0.0), Some(60_000.0));
        let a_day = requested_delay_ms(
            None,
            Some("Mon, 02 Jan 2023 00:00:00 GMT"),
            1_672_531_200_000.0,
        );
        assert_eq!(a_day, Some(86_400_000.0));
    }

    /// Catches a header's surrounding whitespace (a space, a tab, a no-break space) read as
    /// part of its value, for seconds and for a date alike.
    #[test]
    fn a_requested_wait_is_read_without_its_surrounding_whitespace() {
        assert_eq!(requested_delay_ms(Some(" 250\t"), None, 0.0), Some(250.0));
        assert_eq!(
            requested_delay_ms(None, Some("\u{a0} 1.5 "), 0.0),
            Some(1500.0)
        );
        let date = requested_delay_ms(
            None,
            Some(" \tMon, 02 Jan 2023 00:00:00 GMT\u{a0}"),
            1_672_531_200_000.0,
        );
        assert_eq!(date, Some(86_400_000.0));
    }

    /// Catches an oversized body retried (it would be read, and refused, again).
    #[test]
    fn an_oversized_body_is_never_retried() {
        assert!(!should_retry(Outcome::TooLarge, Idempotent, true));
    }

    /// Catches an off-by-one in the clock's ranges (hour 23, minute 59 and a leap second 60
    /// are valid; one more is not), a date let through when only one field is out of range,
    /// and a 12-digit number of seconds refused (13 overflow the thousandths).
    #[test]
    fn dates_and_seconds_at_their_limits() {
        let at = |hms: &str| parse_http_date(&format!("Thu, 01 Jan 1970 {hms} GMT"));
        assert_eq!(at("23:59:60"), Some(86_400_000.0));
        for bad in ["24:00:00", "00:60:00", "00:00:61"] {
            assert_eq!(at(bad), None, "{bad}");
        }
        assert_eq!(parse_thousandths("999999999999"), Some(999_999_999_999_000));
        assert_eq!(parse_thousandths("1000000000000"), None);
    }

    /// Catches a month found at the wrong place of the month names (off by one, or a name
    /// matched across two of them), and a three-letter text that is not a month accepted.
    #[test]
    fn every_month_has_its_number() {
        let months = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        for (i, m) in months.iter().enumerate() {
            let at = parse_http_date(&format!("Mon, 01 {m} 2001 00:00:00 GMT"));
            let days = days_from_civil(2001, i as i64 + 1, 1);
            assert_eq!(at, Some((days * 86_400_000) as f64), "{m}");
        }
        for bad in ["anF", "JanFeb", "Ja", "jan", "Dec "] {
            assert_eq!(month_index(bad), None, "{bad}");
        }
    }

    /// Catches the one-pass reading of a decimal drifting from the rules as a split at the
    /// first `.` states them (whole digits at most 12, decimals past the third dropped but
    /// still digits, a second `.` or a sign refused, `.` alone refused), over every text of up
    /// to five characters of `0`, `5`, `.`, `-` and a space, and some long ones.
    #[test]
    fn decimals_read_in_one_pass_as_split_at_the_dot() {
        fn split_reading(s: &str) -> Option<u64> {
            let s = s.trim();
            let (int, frac) = s.split_once('.').unwrap_or((s, ""));
            let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
            if int.len() > 12
                || !digits(int)
                || !digits(frac)
                || (int.is_empty() && frac.is_empty())
            {
                return None;
            }
            let frac3 = &frac[..frac.len().min(3)];
            let text = format!("{int}{frac3}{}", "0".repeat(3 - frac3.len()));
            Some(text.parse().unwrap_or(0))
        }
        let alphabet = ['0', '5', '.', '-', ' '];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        texts.sort();
        texts.dedup();
        for long in [
            "999999999999",
            "1000000000000",
            "123456789012.34567",
            "0000000000000.5",
        ] {
            texts.push(long.to_owned());
        }
        for t in &texts {
            assert_eq!(parse_thousandths(t), split_reading(t), "{t:?}");
        }
    }

    /// The date as it was read before it was read by positions (core's `split_whitespace`,
    /// splits at the clock's `:`s, `params::digits` for each number): the reference that
    /// `dates_read_by_positions_as_split_in_words` compares with.
    fn split_date(s: &str) -> Option<f64> {
        let mut parts = s.split_whitespace();
        parts.next()?;
        let number = |part: Option<&str>| crate::params::digits(part?).map(|n| n as i64);
        let day = number(parts.next())?;
        let month = month_index(parts.next()?)?;
        let year = number(parts.next())?;
        let (h, ms) = parts.next()?.split_once(':')?;
        let (m, rest) = ms.split_once(':')?;
        let sec = rest.split(':').next().unwrap_or(rest);
        let (h, m, sec) = (number(Some(h))?, number(Some(m))?, number(Some(sec))?);
        if parts.next()? != "GMT" || !(1..=31).contains(&day) || h > 23 || m > 59 || sec > 60 {
            return None;
        }
        let days = days_from_civil(year, month, day);
        Some(((days * 86_400 + h * 3_600 + m * 60 + sec) * 1000) as f64)
    }

    /// Catches the reading by positions drifting from the words and splits: a number's
    /// digits counted wrong (16 accepted, or 15 refused), a word's end not checked (`06x`
    /// taken for 6), a `:` missing or doubled let through, whitespace other than a space
    /// (a tab, a no-break space, an em space) not splitting, a word after `GMT` refused. Every
    /// text one character away (changed, dropped or added) from some dates, against the split
    /// reading.
    #[test]
    fn dates_read_by_positions_as_split_in_words() {
        let alphabet = [
            '0', '1', '9', ':', ' ', '\t', '\u{a0}', '\u{2003}', 'G', 'x', 'é',
        ];
        let dates = [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "x 1 Jan 0 0:0:0 GMT",
            "Mon, 31 Dec 09999 23:59:60:5 GMT x",
            " \tWed,\u{2003}000000000000006 Feb 2000 1:2:3\u{a0}GMT ",
            "Sat, 29 Feb 2000 000000000000023:00000000000005:0 GMT",
            "Thu, 01 Jan 1970 00:00:00: GMT",
        ];
        let mut texts: Vec<String> = vec![String::new(), " ".into()];
        for date in dates {
            let chars: Vec<char> = date.chars().collect();
            texts.push(date.to_owned());
            for i in 0..=chars.len() {
                let (before, after) = chars.split_at(i);
                let text = |mid: &[char], rest: &[char]| -> String {
                    before.iter().chain(mid).chain(rest).collect()
                };
                if let Some((_, rest)) = after.split_first() {
                    texts.push(text(&[], rest));
                    for &c in &alphabet {
                        texts.push(text(&[c], rest));
                    }
                }
                for &c in &alphabet {
                    texts.push(text(&[c], after));
                }
            }
        }
        for t in &texts {
            assert_eq!(parse_http_date(t), split_date(t), "{t:?}");
        }
        let accepted = texts.iter().filter(|t| split_date(t).is_some()).count();
        assert!(accepted > 100, "{accepted}");
    }

    #[test]
    fn http_dates_parse_to_epoch_ms() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777_000.0)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0.0));
        assert_eq!(
            parse_http_date("Tue, 29 Feb 2028 12:00:00 GMT"),
            Some(1_835_438_400_000.0)
        );
        for bad in [
            "",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 99 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 PST",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }
}
