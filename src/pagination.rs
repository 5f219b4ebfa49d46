//! Paginators: the cursor as a pure state machine that follows `lastKey` page by page.
//!
//! Each page's request is the list endpoint's own request (built from the walk's
//! parameters by [`build`](crate::request::build), without `limit` and the cursor fields)
//! with `limit` and the previous page's `lastKey` appended. The wasm layer asks [`Cursor::next_request`] for it, sends it, and
//! reports the page back with [`Cursor::accept`]; the async-iterator protocol is the only
//! part that lives in JavaScript.

use crate::endpoint::{Endpoint, Rule};
use crate::error::{Invalid, ValidationError};
use crate::http::{find_any, push_encoded, HttpRequest};
// For its methods where `FieldSource` is a type, not `dyn` (the npm wasm).
#[allow(unused_imports)]
use crate::params::Fields;
use crate::params::{self, push_u64, Raw, MAX_LIMIT};
use crate::request::{cursor_values_into, request_of};
use crate::FieldSource;

/// Where a walk stands.
#[derive(Debug, Clone)]
pub struct Cursor {
    base: HttpRequest,
    endpoint: &'static Endpoint,
    limit: u64,
    /// How many items the walk may still yield (`maxItems` less those yielded); `u64::MAX`
    /// when unbounded (no walk yields that many: no `Option` to test at each use); 0 once the
    /// walk has ended, whatever ended it (no flag of its own).
    left: u64,
    /// The cursor sent next: the previous page's `lastKey`, field by field (none before the
    /// first page's, or after the last page).
    key: Vec<(&'static str, String)>,
    /// Pages accepted so far.
    pages: u64,
    /// The cursors already sent, to stop a walk whose `lastKey`s cycle.
    sent: Sent,
}

/// The cursors a walk has sent, as fingerprints, in bounded memory: the first
/// [`Sent::EXACT`] exactly (a repeat of any of them is seen at once), and after that a
/// checkpoint that moves ever further back (Brent's method), which still catches any cycle,
/// within twice its length.
#[derive(Debug, Clone, Default)]
struct Sent {
    prints: Vec<u64>,
    /// Brent's checkpoint, once the exact fingerprints are full (set when `power` is not 0:
    /// no `Option` of its own).
    checkpoint: u64,
    steps: u64,
    power: u64,
}

impl Sent {
    /// Fingerprints kept exactly (8 bytes each).
    const EXACT: usize = 4096;

    /// Notes that `key` is sent next; `true` when it was sent before.
    fn repeats(&mut self, key: &[(&'static str, String)]) -> bool {
        let print = fingerprint(key);
        // A plain loop: `contains` on `u64`s is core's unrolled search in the wasm.
        #[allow(clippy::manual_contains)]
        let seen = self.prints.iter().any(|&p| p == print);
        if seen || (self.power != 0 && self.checkpoint == print) {
            return true;
        }
        if self.prints.len() < Self::EXACT {
            self.prints.push(print);
            return false;
        }
        self.steps += 1;
        if self.steps >= self.power {
            (self.checkpoint, self.steps) = (print, 0);
            self.power = (self.power * 2).max(1);
        }
        false
    }
}

/// FNV-1a over the cursor's fields and values, each followed by a 0 byte. (Plain loops:
/// chained iterators are a fold of their own in the wasm.)
fn fingerprint(key: &[(&'static str, String)]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, value) in key {
        h = fnv(fnv(h, name.as_bytes()), value.as_bytes());
    }
    h
}

/// FNV-1a from `h` over `bytes`, then a 0 byte.
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h.wrapping_mul(0x0100_0000_01b3)
}

/// What the caller should do with an accepted page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted {
    /// How many of the page's items to yield (fewer than all when `maxItems` is reached).
    pub take: usize,
    /// Whether the walk has ended.
    pub done: bool,
}

impl Cursor {
    /// Reads the list endpoint's parameters (its cursor fields aside), `maxItems`, and an
    /// optional starting `lastKey`.
    pub fn read(
        endpoint: &'static Endpoint,
        f: &FieldSource<'_>,
        start: Option<&FieldSource<'_>>,
    ) -> Result<Self, ValidationError> {
        Ok(Self::open(endpoint, f, start, None)?)
    }

    /// [`Cursor::read`], its error boxed (see [`Invalid`]), with `maxItems` read from `f`
    /// (`given` is `None`), or `given`: the Rust client's own, a `u64` already (no field
    /// added to its parameters, to be read back and checked).
    pub(crate) fn open(
        endpoint: &'static Endpoint,
        f: &FieldSource<'_>,
        start: Option<&FieldSource<'_>>,
        given: Option<Option<u64>>,
    ) -> Result<Self, Invalid> {
        Self::open_then(endpoint, f, start, given, Ok)
    }

    /// [`Cursor::open`], the cursor handed to `then` where it is made (the npm wasm's pager
    /// stores it): answered, a cursor came back through memory and was moved again.
    pub(crate) fn open_then<R>(
        endpoint: &'static Endpoint,
        f: &FieldSource<'_>,
        start: Option<&FieldSource<'_>>,
        given: Option<Option<u64>>,
        then: impl FnOnce(Self) -> Result<R, Invalid>,
    ) -> Result<R, Invalid> {
        // The list's own parameters: those before `limit` (`limit` and the cursor's fields
        // come last: `a_walks_base_reads_the_lists_own_parameters_only`), so that neither is
        // read for the base request.
        let own = endpoint
            .params
            .split(|p| matches!(p.rule, Rule::Limit))
            .next()
            .unwrap_or(&[]);
        // In every list `limit` comes after the other parameters and before the cursor's
        // (`every_list_has_limit_last_but_the_cursor`), so appending it and the cursor to
        // this request's query gives the list's own order, and its checks come in the same
        // order too: `limit` read next, then `maxItems`.
        // A `match`, not `?` (measured: 30 bytes less in the Rust app, 10 in the npm wasm).
        #[allow(clippy::question_mark)]
        let base = match request_of(endpoint, own, f) {
            Ok(base) => base,
            Err(e) => return Err(e),
        };
        // The base held by the cursor from here on, the rest read into it: an error below
        // drops the cursor once (not the base at each early return).
        let mut cursor = Cursor {
            pages: 0,
            sent: Sent::default(),
            base,
            endpoint,
            limit: MAX_LIMIT,
            left: u64::MAX,
            key: Vec::new(),
        };
        cursor.fill(f, start, given)?;
        then(cursor)
    }

    /// [`Cursor::open`]'s reading of the limit, `maxItems` and the start's cursor into `self`.
    fn fill(
        &mut self,
        f: &FieldSource<'_>,
        start: Option<&FieldSource<'_>>,
        given: Option<Option<u64>>,
    ) -> Result<(), Invalid> {
        // Read into the cursor's own `limit` (`MAX_LIMIT` already: an absent limit leaves it).
        params::whole_in(f, "limit", MAX_LIMIT, params::LIMIT_RULE, &mut self.limit)?;
        self.left = match given {
            Some(given) => given.unwrap_or(u64::MAX),
            None => match f.field("maxItems") {
                Raw::Missing | Raw::Null => u64::MAX,
                // No `is_finite` first: the infinities' fractions are NaN, never 0.
                Raw::Num(n) if n.fract() == 0.0 && n >= 0.0 => n as u64,
                _ => {
                    return Err(Invalid::new(
                        "maxItems",
                        "must be a whole number (0 or more)",
                    ))
                }
            },
        };
        if let Some(k) = start {
            // Read into the cursor's own key (empty until now).
            cursor_values_into(self.endpoint, k, &mut self.key)?;
            self.sent.repeats(&self.key);
        }
        Ok(())
    }

    /// Sets `headers` on each page's request (the Rust client's per-walk headers).
    #[cfg(feature = "client")]
    pub(crate) fn set_headers(&mut self, headers: Vec<(String, String)>) {
        self.base.headers = headers;
    }

    /// The list endpoint's name (the Rust client's log lines).
    #[cfg(feature = "client")]
    pub(crate) fn name(&self) -> &'static str {
        self.endpoint.name
    }

    /// Ends the walk (the Rust client's, after an error): no request after it.
    #[cfg(feature = "client")]
    pub(crate) fn end(&mut self) {
        self.left = 0;
    }

    /// The request for the next page, or `None` once the walk has ended.
    pub fn next_request(&self) -> Option<HttpRequest> {
        if self.left == 0 {
            return None;
        }
        let base = &self.base.path;
        // Appended to a clone of the base (which holds neither `limit` nor the cursor
        // fields): its pushes may grow it once, a `with_capacity` and a copy cost more bytes.
        let mut path = base.clone();
        path.push_str(if find_any(base, b"?").is_some() {
            "&limit="
        } else {
            "?limit="
        });
        push_u64(&mut path, self.left.min(self.limit));
        for (name, value) in &self.key {
            path.push_str("&");
            path.push_str(name);
            path.push_str("=");
            push_encoded(&mut path, value);
        }
        // Field by field: `..self.base.clone()` would copy the base's path only to drop it.
        Some(HttpRequest {
            method: self.base.method,
            path,
            // Every list is a `GET` (`every_list_is_a_get_without_a_body`): no body to copy.
            body: None,
            shape: self.base.shape,
            idempotency: self.base.idempotency,
            #[cfg(feature = "client")]
            headers: self.base.headers.clone(),
        })
    }

    /// Takes in a page with `items` items and its `lastKey` (absent on the last page).
    /// A `lastKey` that repeats any cursor already sent, or whose cursor field is absent or
    /// neither a string nor a finite number, is an error (naming the page or the field).
    pub fn accept(
        &mut self,
        items: usize,
        last_key: Option<&FieldSource<'_>>,
    ) -> Result<Accepted, String> {
        self.pages += 1;
        // Read into a key of its own (empty on the last page): a malformed one leaves the
        // cursor's as it was.
        let mut next = Vec::new();
        if let Some(k) = last_key {
            cursor_values_into(self.endpoint, k, &mut next).map_err(|e| {
                crate::error::joined("The page's lastKey cannot be sent back: ", &e.message, ".")
            })?;
        }
        let ends = last_key.is_none();
        let repeats = !ends && self.sent.repeats(&next);
        // Kept even when it repeats (the walk ends then): one drop of the key it replaces,
        // not a second drop of this one on the way out.
        self.key = next;
        if repeats {
            self.left = 0;
            return Err(params::with_number(
                "The service sent the same lastKey twice: page ",
                self.pages,
                "'s lastKey repeats a cursor the walk already sent; it stops instead of looping forever.",
            ));
        }
        let take = (items as u64).min(self.left);
        self.left = if ends { 0 } else { self.left - take };
        Ok(Accepted {
            take: take as usize,
            done: self.left == 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::by_name;
    use crate::params::tests::{s, Map};

    /// Catches the written-out fingerprint drifting from FNV-1a over each field and value
    /// followed by a 0 byte (two cursors `("a", "bc")` and `("ab", "c")` must differ).
    #[test]
    fn fingerprints_are_fnv1a_of_each_part_and_a_zero() {
        let fnv = |bytes: &[u8]| {
            bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            })
        };
        let key = [("a", "bc".to_owned()), ("lastKey", "x\u{e9}".to_owned())];
        assert_eq!(fingerprint(&key), fnv(b"a\0bc\0lastKey\0x\xc3\xa9\0"));
        assert_ne!(
            fingerprint(&[("ab", "c".to_owned())]),
            fingerprint(&[("a", "bc".to_owned())])
        );
    }

    /// Catches a walk's base request that reads other parameters than the ones it did when
    /// `limit` and the cursor's fields were hidden from it (every field but those): the
    /// parameters before the first `Limit` rule are exactly the ones not so named, and the
    /// ones left out are optional and read only when present (no object rule).
    #[test]
    fn a_walks_base_reads_the_lists_own_parameters_only() {
        for ep in crate::api::all() {
            let cursor: Vec<&str> = ep.cursor().iter().map(|p| p.name).collect();
            let hidden =
                |p: &&crate::endpoint::Param| p.name == "limit" || cursor.contains(&p.name);
            let own: Vec<&crate::endpoint::Param> = ep
                .params
                .iter()
                .take_while(|p| p.rule != Rule::Limit)
                .collect();
            let kept: Vec<&crate::endpoint::Param> =
                ep.params.iter().filter(|p| !hidden(p)).collect();
            assert_eq!(own, kept, "{}", ep.name);
            for p in ep.params.iter().filter(hidden) {
                assert!(!p.required, "{}.{}", ep.name, p.name);
                assert!(
                    !matches!(p.rule, Rule::Object | Rule::ObjectWith(..)),
                    "{}",
                    ep.name
                );
            }
        }
    }

    /// Catches a list without `limit` or without a cursor (the parameters after `limit`),
    /// and a `limit` in an endpoint that is no list (its cursor would be read from a page).
    #[test]
    fn every_list_has_limit_last_but_the_cursor() {
        for ep in crate::api::all() {
            let limit = ep.params.iter().filter(|p| p.rule == Rule::Limit).count();
            assert_eq!(limit, usize::from(ep.list.is_some()), "{}", ep.name);
            assert_eq!(ep.list.is_some(), !ep.cursor().is_empty(), "{}", ep.name);
        }
    }

    /// Catches a list that is not a `GET`: a page's request (`next_request`) carries no
    /// body, so a list with one would send its pages without it.
    #[test]
    fn every_list_is_a_get_without_a_body() {
        let p = Map::default().with("workflow_id", s("w"));
        for ep in crate::api::all().filter(|ep| ep.list.is_some()) {
            assert_eq!(ep.method, crate::http::Method::Get, "{}", ep.name);
            let c = Cursor::read(ep, &p, None).unwrap();
            assert_eq!(c.base.body, None, "{}", ep.name);
            assert_eq!(c.next_request().unwrap().body, None, "{}", ep.name);
        }
    }

    fn list(name: &str) -> &'static Endpoint {
        by_name(name).unwrap()
    }

    fn exec_key(id: &str) -> Map {
        Map::default()
            .with("workflow_id", s("w"))
            .with("workflow_execution_id", s(id))
    }

    #[test]
    fn a_walk_follows_last_key_until_it_is_absent() {
        let p = Map::default().with("workflow_id", s("w"));
        let mut c = Cursor::read(list("getWorkflowExecutionHistory"), &p, None).unwrap();
        let first = c.next_request().unwrap();
        assert_eq!(
            first.path,
            "/workflows/getWorkflowExecutionHistory?workflow_id=w&limit=30"
        );
        assert_eq!(
            c.accept(30, Some(&exec_key("e30") as &dyn Fields)),
            Ok(Accepted {
                take: 30,
                done: false
            })
        );
        let second = c.next_request().unwrap();
        assert_eq!(second.path, "/workflows/getWorkflowExecutionHistory?workflow_id=w&limit=30&workflow_execution_id=e30");
        assert_eq!(
            c.accept(7, None),
            Ok(Accepted {
                take: 7,
                done: true
            })
        );
        assert_eq!(c.next_request(), None);
    }

    #[test]
    fn max_items_stops_without_fetching_an_unused_page() {
        let p = Map::default()
            .with("maxItems", Raw::Num(35.0))
            .with("limit", Raw::Num(20.0));
        let mut c = Cursor::read(list("getOrganizationExecutions"), &p, None).unwrap();
        assert!(c.next_request().unwrap().path.ends_with("?limit=20"));
        c.accept(20, Some(&exec_key("e20") as &dyn Fields)).unwrap();
        let second = c.next_request().unwrap();
        assert_eq!(
            second.path,
            "/workflows/getOrganizationExecutions?limit=15&workflow_id=w&workflow_execution_id=e20"
        );
        assert_eq!(
            c.accept(15, Some(&exec_key("e35") as &dyn Fields)),
            Ok(Accepted {
                take: 15,
                done: true
            })
        );
        assert_eq!(c.next_request(), None);
        let zero = Map::default().with("maxItems", Raw::Num(0.0));
        assert_eq!(
            Cursor::read(list("getOrganizationExecutions"), &zero, None)
                .unwrap()
                .next_request(),
            None
        );
    }

    #[test]
    fn a_repeated_last_key_ends_the_walk_with_an_error() {
        let mut c = Cursor::read(list("getOrganizationExecutions"), &Map::default(), None).unwrap();
        c.accept(30, Some(&exec_key("e1") as &dyn Fields)).unwrap();
        assert!(c
            .accept(30, Some(&exec_key("e1") as &dyn Fields))
            .unwrap_err()
            .contains("same lastKey"));
        assert_eq!(c.next_request(), None);
    }

    /// Catches a walk that only compares a lastKey with the one before it: A, B, A, B…
    /// would be followed forever.
    #[test]
    fn a_cycle_of_last_keys_ends_the_walk_naming_the_page() {
        let mut c = Cursor::read(list("getOrganizationExecutions"), &Map::default(), None).unwrap();
        c.accept(1, Some(&exec_key("a") as &dyn Fields)).unwrap();
        c.accept(1, Some(&exec_key("b") as &dyn Fields)).unwrap();
        let err = c
            .accept(1, Some(&exec_key("a") as &dyn Fields))
            .unwrap_err();
        assert!(err.contains("page 3's lastKey"), "{err}");
        assert_eq!(c.next_request(), None);
        // A resumed walk counts its starting key as sent.
        let start = exec_key("s");
        let mut r = Cursor::read(
            list("getOrganizationExecutions"),
            &Map::default(),
            Some(&start),
        )
        .unwrap();
        assert!(r.accept(1, Some(&start as &dyn Fields)).is_err());
    }

    /// Catches a checkpoint that moves back too slowly to find a long cycle in time
    /// (Brent's window must double: growing it by a step at a time takes ten times longer).
    #[test]
    fn a_long_cycle_after_the_exact_fingerprints_is_caught_within_a_few_laps() {
        let mut sent = Sent::default();
        let key = |n: usize| vec![("k", n.to_string())];
        for n in 0..Sent::EXACT {
            sent.repeats(&key(n));
        }
        let steps = (0..1000).position(|i| sent.repeats(&key(Sent::EXACT + i % 50)));
        assert!(steps.is_some_and(|s| s < 300), "{steps:?}");
    }

    /// Catches the bounded memory missing cycles that start after the exact fingerprints
    /// are full.
    #[test]
    fn a_cycle_after_thousands_of_pages_is_still_caught() {
        let mut sent = Sent::default();
        let key = |n: usize| vec![("k", n.to_string())];
        for n in 0..Sent::EXACT + 10 {
            assert!(!sent.repeats(&key(n)), "{n}");
        }
        assert_eq!(sent.prints.len(), Sent::EXACT);
        let cycle = [Sent::EXACT + 20, Sent::EXACT + 21, Sent::EXACT + 22];
        let caught = (0..20).any(|i| sent.repeats(&key(cycle[i % 3])));
        assert!(caught);
    }

    #[test]
    fn workflow_keys_carry_a_numeric_version_and_resume_from_a_stored_key() {
        let key = Map::default()
            .with("organization_id", s("o"))
            .with("workflow_id", s("w 1"))
            .with("workflow_version", Raw::Num(3.0));
        let c = Cursor::read(
            list("getOrganizationWorkflows"),
            &Map::default(),
            Some(&key),
        )
        .unwrap();
        assert_eq!(
            c.next_request().unwrap().path,
            "/workflows/getOrganizationWorkflows?limit=30&workflow_id=w%201&workflow_version=3"
        );
        let bad = Map::default().with("workflow_id", s("w"));
        let e = Cursor::read(
            list("getOrganizationWorkflows"),
            &Map::default(),
            Some(&bad),
        )
        .unwrap_err();
        assert_eq!(e.param, "lastKey.workflow_version");
    }

    #[test]
    fn bad_parameters_and_bad_keys() {
        let e =
            Cursor::read(list("getWorkflowExecutionHistory"), &Map::default(), None).unwrap_err();
        assert_eq!(e.param, "workflow_id");
        // Not whole numbers of 0 or more: a negative one, a fraction, NaN and the infinities.
        for bad in [-1.0, 1.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let p = Map::default().with("maxItems", Raw::Num(bad));
            assert_eq!(
                Cursor::read(list("getOrganizationWorkflows"), &p, None)
                    .unwrap_err()
                    .param,
                "maxItems",
                "{bad}"
            );
        }
        let p = Map::default().with("limit", Raw::Num(31.0));
        assert_eq!(
            Cursor::read(list("getOrganizationWorkflows"), &p, None)
                .unwrap_err()
                .param,
            "limit"
        );
        let mut c = Cursor::read(list("getOrganizationExecutions"), &Map::default(), None).unwrap();
        let partial = Map::default().with("workflow_id", s("w"));
        assert!(c.accept(1, Some(&partial)).is_err());
    }
}
