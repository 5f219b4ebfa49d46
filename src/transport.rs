//! The transport abstraction and the one request loop every endpoint goes through.

use crate::error::Error;
use crate::http::{HttpRequest, Idempotency, Shape};
use crate::params::with_number;
use crate::response::{check, ResponseView};
use crate::retry::{backoff_ms, should_retry, Outcome};

/// Why an attempt produced no response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The network failed; the text says how (never contains the API key).
    Connection(String),
    /// The attempt's timeout fired.
    Timeout,
    /// The caller's signal aborted the call.
    Aborted,
    /// The response body is over [`MAX_RESPONSE_BYTES`] (declared, or counted as it was
    /// decoded); reading stopped there.
    TooLarge(u16),
}

/// Largest response body read; a larger one is refused instead of exhausting memory.
pub const MAX_RESPONSE_BYTES: u32 = 32 * 1024 * 1024;

impl Failure {
    fn outcome(&self) -> Outcome {
        match self {
            Failure::Connection(_) => Outcome::Connection,
            Failure::Timeout => Outcome::Timeout,
            Failure::Aborted => Outcome::Aborted,
            Failure::TooLarge(_) => Outcome::TooLarge,
        }
    }

    pub(crate) fn into_error<R>(self, timeout_ms: u32) -> Error<R> {
        match self {
            Failure::Connection(detail) => Error::Connection(crate::error::joined(
                "Could not reach the Looply API",
                if detail.is_empty() { "" } else { ": " },
                &detail,
            )),
            Failure::Timeout => Error::Timeout(with_number(
                "The request timed out after ",
                timeout_ms.into(),
                " ms.",
            )),
            Failure::Aborted => Error::Abort("The request was aborted.".to_owned()),
            Failure::TooLarge(status) => Error::TooLarge {
                status,
                message: "The response body is larger than 32 MiB once decoded; reading stopped \
                          there and the call was not retried."
                    .to_owned(),
            },
        }
    }
}

/// Sends requests and waits; the wasm layer implements it over `fetch`, tests over a script.
#[allow(async_fn_in_trait)] // single-threaded (wasm): no `Send` bound is wanted
pub trait Transport {
    /// A received response.
    type Response: ResponseView;
    /// Sends one attempt, ending it after `timeout_ms` or when the caller aborts.
    async fn send(&self, req: &HttpRequest, timeout_ms: u32) -> Result<Self::Response, Failure>;
    /// Waits `ms` milliseconds, or fails with [`Failure::Aborted`] if the caller aborts.
    async fn sleep(&self, ms: u32) -> Result<(), Failure>;
    /// The current time in milliseconds since the epoch (for `Retry-After` dates).
    fn now_ms(&self) -> f64;
    /// A random number in `[0, 1)` for jitter.
    fn random(&self) -> f64;
}

/// How one call is sent: its timeout per attempt and its retry budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Timeout of each attempt, in milliseconds.
    pub timeout_ms: u32,
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Whether trigger/resume may be retried on failures other than 429.
    pub retry_non_idempotent: bool,
}

/// The retry loop without I/O: told how each attempt ended, it says whether to wait and
/// send again or what the call's result is. The wasm layer drives it from JavaScript (so
/// that no Rust future sits between `fetch` and the caller); [`execute`] drives it over a
/// [`Transport`] in native tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempts {
    policy: Policy,
    idempotency: Idempotency,
    shape: Shape,
    retries: u32,
}

/// What a call does after an attempt.
#[derive(Debug)]
pub enum Next<R> {
    /// Wait this many milliseconds, then send again.
    Retry(u32),
    /// The call is over.
    Done(Result<R, Error<R>>),
}

impl Attempts {
    /// The loop for `req` under `policy`.
    pub fn new(req: &HttpRequest, policy: Policy) -> Self {
        Attempts {
            policy,
            idempotency: req.idempotency,
            shape: req.shape,
            retries: 0,
        }
    }

    /// Takes in how an attempt ended; `now_ms` and `random` feed `Retry-After` dates and jitter
    /// (asked only when there is a retry to schedule).
    pub fn after<R: ResponseView>(
        &mut self,
        attempt: Result<R, Failure>,
        now_ms: impl FnOnce() -> f64,
        random: impl FnOnce() -> f64,
    ) -> Next<R> {
        if let Some(wait) = self.wait(&attempt, now_ms, random) {
            return Next::Retry(wait);
        }
        Next::Done(self.end(attempt))
    }

    /// The wait before the next attempt after `attempt`, or `None` when the call is over
    /// ([`Attempts::after`]'s first half: the attempt is still the caller's). Always
    /// inlined: left to the compiler, the npm wasm was 12 bytes larger than before the split
    /// (index.mjs 80 bytes larger gzipped); always inlined, 42 bytes smaller (measured).
    #[inline(always)]
    fn wait<R: ResponseView>(
        &mut self,
        attempt: &Result<R, Failure>,
        now_ms: impl FnOnce() -> f64,
        random: impl FnOnce() -> f64,
    ) -> Option<u32> {
        let outcome = match attempt {
            Ok(r) => Outcome::Status(r.status()),
            Err(f) => f.outcome(),
        };
        let retryable = should_retry(outcome, self.idempotency, self.policy.retry_non_idempotent);
        if self.retries < self.policy.max_retries && retryable {
            self.retries += 1;
            // The server's wait (`NaN` when it asked for none), then the backoff.
            return Some(match attempt {
                Ok(r) => backoff_ms(self.retries, r.requested_ms(now_ms()), random()),
                Err(_) => backoff_ms(self.retries, f64::NAN, random()),
            });
        }
        None
    }

    /// The result of a call whose last attempt was `attempt`.
    // Not inlined into the Rust client's retry loop (`execute`'s future: 48 bytes less in a
    // Rust app); the npm build's `after` keeps it inlined (76 bytes less of its entry).
    #[cfg_attr(feature = "client", inline(never))]
    fn end<R: ResponseView>(&self, attempt: Result<R, Failure>) -> Result<R, Error<R>> {
        match attempt {
            Ok(r) => check(r, self.shape),
            Err(f) => Err(f.into_error(self.policy.timeout_ms)),
        }
    }

    /// The error of a call whose wait before a retry the caller's signal cut short.
    pub fn aborted<R>(&self) -> Error<R> {
        Failure::Aborted.into_error(self.policy.timeout_ms)
    }
}

/// A retry about to happen, for [`execute`]'s observer (the Rust client logs it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retrying {
    /// The attempt that failed (1 for the first).
    pub attempt: u32,
    /// How it failed: its status, or why there was no response.
    pub cause: Result<u16, Failure>,
    /// The wait before the next attempt, in milliseconds.
    pub wait_ms: u32,
}

/// Sends `req`, retrying as [`should_retry`] allows, and checks the final response;
/// `on_retry` hears of each retry (with `t`) before its wait. The future owns what it
/// needs (`t`, a reference or anything that derefs to the transport, and `req`), so that a
/// caller can box it as it is, without an `async` block around it (measured in a Rust app:
/// 152 bytes of wasm less); `on_retry` reads what it needs from `t` (73 bytes less than
/// a second owner of the client in it). A plain function answering an `async move` block,
/// not an `async fn`: the block's future keeps what it captured where it is, while an
/// `async fn`'s moves its arguments into slots of their own when first polled (a second copy
/// of the request, the policy and the holder in the state; measured in a Rust app: 174
/// bytes of wasm less, and a state of about 140 bytes, not 216).
pub fn execute<T: Transport, H: std::ops::Deref<Target = T>>(
    t: H,
    req: HttpRequest,
    policy: Policy,
    mut on_retry: impl FnMut(&H, Retrying),
) -> impl std::future::Future<Output = Result<T::Response, Error<T::Response>>> {
    let mut attempts = Attempts::new(&req, policy);
    async move {
        loop {
            let sent = t.send(&req, attempts.policy.timeout_ms).await;
            // `after` in its two halves: the attempt is still here when a retry is due, so its
            // failure is moved into the observer's `Retrying`, not cloned at each attempt
            // (measured in a Rust app: 296 bytes of wasm less).
            let Some(wait_ms) = attempts.wait(&sent, || t.now_ms(), || t.random()) else {
                return attempts.end(sent);
            };
            let cause = sent.map(|r| r.status());
            on_retry(
                &t,
                // The attempt that failed: as many as the retries counted, this one's included.
                Retrying {
                    attempt: attempts.retries,
                    cause,
                    wait_ms,
                },
            );
            if t.sleep(wait_ms).await.is_err() {
                return Err(attempts.aborted());
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::response::tests::Fake;
    use std::cell::RefCell;
    use std::collections::VecDeque;
    use std::future::{Future, IntoFuture};
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    /// Runs a future (or a call: anything `.await` takes) whose awaits all complete at once
    /// (scripted transports).
    pub fn block_on<F: IntoFuture>(f: F) -> F::Output {
        let mut f = pin!(f.into_future());
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
                return v;
            }
        }
    }

    /// Answers from a script and records what was sent and waited (responses of type `R`:
    /// [`Fake`] here, the Rust client's own in its tests).
    pub struct Scripted<R = Fake> {
        pub script: RefCell<VecDeque<Result<R, Failure>>>,
        pub sent: RefCell<Vec<HttpRequest>>,
        pub sleeps: RefCell<Vec<u32>>,
        pub abort_sleep: bool,
        /// The clock `now_ms` reads: 0 unless `ticking`, when each sleep moves it on.
        pub clock: std::cell::Cell<f64>,
        pub ticking: bool,
        /// What `random` answers.
        pub random: f64,
    }

    impl<R> Default for Scripted<R> {
        fn default() -> Self {
            Scripted {
                script: RefCell::default(),
                sent: RefCell::default(),
                sleeps: RefCell::default(),
                abort_sleep: false,
                clock: std::cell::Cell::new(0.0),
                ticking: false,
                random: 0.0,
            }
        }
    }

    impl<R> Scripted<R> {
        pub fn new(script: Vec<Result<R, Failure>>) -> Self {
            Scripted {
                script: RefCell::new(script.into()),
                ..Default::default()
            }
        }
    }

    impl<R: ResponseView> Transport for Scripted<R> {
        type Response = R;
        async fn send(&self, req: &HttpRequest, _timeout_ms: u32) -> Result<R, Failure> {
            self.sent.borrow_mut().push(req.clone());
            self.script
                .borrow_mut()
                .pop_front()
                .unwrap_or_else(|| Err(Failure::Connection("script ended".into())))
        }
        async fn sleep(&self, ms: u32) -> Result<(), Failure> {
            self.sleeps.borrow_mut().push(ms);
            if self.ticking {
                self.clock.set(self.clock.get() + f64::from(ms));
            }
            if self.abort_sleep {
                Err(Failure::Aborted)
            } else {
                Ok(())
            }
        }
        fn now_ms(&self) -> f64 {
            self.clock.get()
        }
        fn random(&self) -> f64 {
            self.random
        }
    }

    const POLICY: Policy = Policy {
        timeout_ms: 30_000,
        max_retries: 2,
        retry_non_idempotent: false,
    };

    fn read() -> HttpRequest {
        HttpRequest::get("getWorkflowById", &[], Shape::Item)
    }

    fn trigger() -> HttpRequest {
        HttpRequest::post(
            &["triggerworkflow", "w"],
            "{}".into(),
            Shape::Execution,
            Idempotency::NonIdempotent,
        )
    }

    fn ok_item() -> Result<Fake, Failure> {
        Ok(Fake::json(200, r#"{"message":"success","item":{}}"#))
    }

    fn status(s: u16) -> Result<Fake, Failure> {
        Ok(Fake::json(s, r#"{"message":"nope"}"#))
    }

    /// Catches the body cap drifting from the 32 MiB that the README, the error message and
    /// the tests' bombs are sized against.
    #[test]
    fn the_body_cap_is_32_mib() {
        assert_eq!(MAX_RESPONSE_BYTES, 33_554_432);
    }

    #[test]
    fn a_read_survives_500_503_then_succeeds_on_the_third_request() {
        let t = Scripted::new(vec![status(500), status(503), ok_item()]);
        let mut heard = vec![];
        assert!(block_on(execute(&t, read(), POLICY, |_, r| heard.push(r))).is_ok());
        assert_eq!(t.sent.borrow().len(), 3);
        assert_eq!(*t.sleeps.borrow(), [500, 1000]);
        // The observer hears of each retry: which attempt failed, how, and the wait.
        let retry = |attempt, status, wait_ms| Retrying {
            attempt,
            cause: Ok(status),
            wait_ms,
        };
        assert_eq!(heard, [retry(1, 500, 500), retry(2, 503, 1000)]);
    }

    #[test]
    fn a_trigger_that_hits_500_is_sent_once() {
        let t = Scripted::new(vec![status(500), ok_item()]);
        let err = block_on(execute(&t, trigger(), POLICY, |_, _| ())).unwrap_err();
        assert_eq!(err.class_name(), "InternalServerError");
        assert_eq!(t.sent.borrow().len(), 1);
    }

    #[test]
    fn a_trigger_retries_on_429_honouring_retry_after() {
        let mut limited = Fake::json(429, r#"{"message":"Too Many Requests"}"#);
        limited.headers.push(("retry-after", "2".into()));
        let ok = Ok(Fake::json(200, r#"{"looply_execution_id":"e"}"#));
        let t = Scripted::new(vec![Ok(limited), ok]);
        assert!(block_on(execute(&t, trigger(), POLICY, |_, _| ())).is_ok());
        assert_eq!(*t.sleeps.borrow(), [2000]);
    }

    #[test]
    fn retries_stop_at_max_retries_with_the_last_error() {
        let t = Scripted::new(vec![
            Err(Failure::Timeout),
            Err(Failure::Timeout),
            Err(Failure::Timeout),
            ok_item(),
        ]);
        let err = block_on(execute(&t, read(), POLICY, |_, _| ())).unwrap_err();
        assert_eq!(err.class_name(), "APITimeoutError");
        assert_eq!(err.message(), "The request timed out after 30000 ms.");
        assert_eq!(t.sent.borrow().len(), 3);
        let none = Policy {
            max_retries: 0,
            ..POLICY
        };
        let t: Scripted = Scripted::new(vec![Err(Failure::Connection("fetch failed".into()))]);
        let err = block_on(execute(&t, read(), none, |_, _| ())).unwrap_err();
        assert_eq!(err.class_name(), "APIConnectionError");
        assert_eq!(
            err.message(),
            "Could not reach the Looply API: fetch failed"
        );
    }

    #[test]
    fn an_oversized_body_is_refused_not_retried_when_2xx() {
        let t = Scripted::new(vec![Err(Failure::TooLarge(200)), ok_item()]);
        let err = block_on(execute(&t, read(), POLICY, |_, _| ())).unwrap_err();
        assert_eq!(err.class_name(), "ResponseDecodeError");
        assert!(err.message().contains("32 MiB"));
        assert_eq!(t.sent.borrow().len(), 1);
    }

    /// Every transient failure: reads retry each, non-idempotent calls none of them.
    fn transient_failures() -> Vec<Result<Fake, Failure>> {
        let mut all: Vec<_> = [408, 500, 502, 503, 504].into_iter().map(status).collect();
        all.push(Err(Failure::Connection("socket hang up".into())));
        all.push(Err(Failure::Timeout));
        all
    }

    /// Each endpoint's own request, split into (non-idempotent, idempotent).
    fn endpoint_requests() -> (Vec<HttpRequest>, Vec<HttpRequest>) {
        use crate::params::tests::{s, Map};
        use crate::params::Raw;
        let f = Map::default()
            .with("workflow_id", s("w"))
            .with("workflow_version", Raw::Num(1.0))
            .with("workflow_execution_id", s("e"))
            .with("process_id", s("p"))
            .with("action", s("PAUSE")); // a schedule action, and a valid workflow action name
        crate::api::all()
            .map(|ep| crate::request::build(ep, &f).unwrap())
            .partition(|r| r.idempotency == Idempotency::NonIdempotent)
    }

    /// Catches a second trigger/resume/action after a failure that may have run it
    /// (408, 5xx, a dropped connection, a timeout), and a read that gives up on one.
    #[test]
    fn only_reads_retry_transient_failures_unless_opted_in() {
        let (non_idempotent, reads) = endpoint_requests();
        let opted_in = Policy {
            retry_non_idempotent: true,
            ..POLICY
        };
        for failure in transient_failures() {
            for req in &non_idempotent {
                let next = Attempts::new(req, POLICY).after(failure.clone(), || 0.0, || 0.0);
                assert!(
                    matches!(next, Next::Done(Err(_))),
                    "{} {failure:?}",
                    req.path
                );
                let next = Attempts::new(req, opted_in).after(failure.clone(), || 0.0, || 0.0);
                assert!(matches!(next, Next::Retry(_)), "{} {failure:?}", req.path);
            }
            for req in &reads {
                let next = Attempts::new(req, POLICY).after(failure.clone(), || 0.0, || 0.0);
                assert!(matches!(next, Next::Retry(_)), "{} {failure:?}", req.path);
            }
        }
        assert_eq!(non_idempotent.len(), 3, "trigger, resume, action");
        assert_eq!(reads.len(), crate::api::all().count() - 3);
    }

    #[test]
    fn an_abort_is_final_even_while_waiting_to_retry() {
        let t = Scripted::new(vec![Err(Failure::Aborted), ok_item()]);
        let err = block_on(execute(&t, read(), POLICY, |_, _| ())).unwrap_err();
        assert_eq!(err.class_name(), "APIUserAbortError");
        assert_eq!(t.sent.borrow().len(), 1);
        let t = Scripted {
            abort_sleep: true,
            ..Scripted::new(vec![status(503), ok_item()])
        };
        let err = block_on(execute(&t, read(), POLICY, |_, _| ())).unwrap_err();
        assert_eq!(err.class_name(), "APIUserAbortError");
    }
}
