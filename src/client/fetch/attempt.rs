//! One attempt as a plain future ([`Attempt`]), not an `async fn`: its steps between the
//! promises it waits for (the `fetch` of its URL, a redirect's body cancelled before its
//! target is fetched, the answer's body read chunk by chunk, a body over the limit
//! cancelled) are plain functions, and its one wait is a `JsFuture` it polls. An `async fn`
//! would be one more state machine nested in every call's future, with its own states,
//! drops and resume checks (measured: 258 bytes of an app's wasm).

use super::body::{head, Reading};
use super::io::{answered, fetch_with_init, next_url, AbortGuard, Timer};
use super::{host_and_port, Fetch};
use crate::client::error::Received;
use crate::http::HttpRequest;
use crate::response::MAX_REDIRECTS;
use crate::transport::Failure;
use js_sys::Promise;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Response};

/// An attempt in flight: what it sends, where, and the promise it waits for. Dropping it
/// clears its timer and aborts its request.
pub(super) struct Attempt<'r> {
    req: &'r HttpRequest,
    /// The `fetch` options, made once: the same for each URL the attempt fetches.
    init: JsValue,
    /// The attempt's timeout (cleared when dropped, before the abort).
    _timer: Timer,
    /// Aborts the request when dropped (a no-op once it has finished).
    _guard: AbortGuard,
    signal: AbortSignal,
    /// `baseUrl`'s origin, within which a read's redirect is followed.
    origin: Option<String>,
    /// The URL fetched (the request's, then a redirect's target).
    url: String,
    /// Redirects that may still be followed.
    left: u32,
    stage: Stage,
    /// The promise waited for.
    waiting: JsFuture,
}

/// What the promise waited for is.
enum Stage {
    /// The `fetch` of the attempt's URL.
    Fetching,
    /// A redirect's body being cancelled (so that its connection is free); its target is
    /// fetched next.
    Discarding,
    /// A read of the answer's body.
    Reading {
        status: u16,
        headers: Vec<(String, String)>,
        body: Reading,
    },
    /// The cancel of a body over the limit, waited for (so that a rejection cannot surface
    /// as an unhandled one) before the attempt is `TooLarge`.
    Cancelling(u16),
}

/// What the attempt does once a promise has settled.
enum Step {
    /// Wait for this promise next.
    Wait(Promise),
    /// The attempt's answer.
    Done(Received),
}

impl<'r> Attempt<'r> {
    /// The attempt of `req` under a timeout of `timeout_ms`, its `fetch` started.
    pub(super) fn start(
        fetch: &Fetch,
        req: &'r HttpRequest,
        timeout_ms: u32,
    ) -> Result<Self, Failure> {
        let guard = AbortGuard::new()?;
        let signal = guard.signal();
        // The timer aborts the controller by its own `abort`, bound to it. Nothing else
        // aborts it while the attempt runs (dropping the guard ends the attempt), so an
        // aborted signal is a timeout.
        let timer = Timer::new(timeout_ms, &guard.bound_abort());
        let origin = web_sys::Url::new(&fetch.base_url).ok().map(|u| u.origin());
        let init = fetch.init(req, &signal)?;
        let url = req.url(&fetch.base_url);
        let waiting = JsFuture::from(fetch_with_init(&url, &init));
        Ok(Attempt {
            req,
            init,
            _timer: timer,
            _guard: guard,
            signal,
            origin,
            url,
            left: MAX_REDIRECTS,
            stage: Stage::Fetching,
            waiting,
        })
    }

    /// How a failure of the attempt is reported: a timeout once its timer fired, else a
    /// connection error with the host's words and where it was trying to go.
    fn failed(signal: &AbortSignal, origin: Option<&str>, detail: String) -> Failure {
        match signal.aborted() {
            true => Failure::Timeout,
            false => {
                let at = host_and_port(origin);
                Failure::Connection([&detail, " at ", &at].concat())
            }
        }
    }

    /// The `fetch` of the attempt's URL (redirects handed back, not followed by `fetch`).
    fn send(&mut self) -> Step {
        self.stage = Stage::Fetching;
        Step::Wait(fetch_with_init(&self.url, &self.init))
    }

    /// Takes in what the promise waited for settled with: the next promise, or the answer.
    fn settled(&mut self, settled: Result<JsValue, JsValue>) -> Result<Step, Failure> {
        let (signal, origin) = (&self.signal, self.origin.as_deref());
        let failed = |detail| Self::failed(signal, origin, detail);
        match std::mem::replace(&mut self.stage, Stage::Fetching) {
            Stage::Fetching => {
                let response = answered(settled, &failed)?;
                self.answered(response)
            }
            // Whatever the cancel settled with, the redirect is followed.
            Stage::Discarding => Ok(self.send()),
            Stage::Reading {
                status,
                headers,
                mut body,
            } => match body.took(settled, &failed)? {
                Some(cancel) => {
                    self.stage = Stage::Cancelling(status);
                    Ok(Step::Wait(cancel))
                }
                None => self.read(status, headers, body),
            },
            Stage::Cancelling(status) => Err(Failure::TooLarge(status)),
        }
    }

    /// An answer to the attempt's URL: a redirect followed (at most [`MAX_REDIRECTS`], a
    /// read's within `baseUrl`'s origin), else its body read. Any other redirect is the
    /// answer, for the core to report; so is the one after the last allowed.
    fn answered(&mut self, response: Response) -> Result<Step, Failure> {
        let next = match (self.left, self.origin.as_deref()) {
            (1.., Some(o)) => next_url(self.req, &response, &self.url, o),
            _ => None,
        };
        let Some(next) = next else {
            let (status, headers) = head(&response)?;
            return self.read(status, headers, Reading::new(&response, status));
        };
        self.url = next;
        self.left -= 1;
        match response.body() {
            Some(stream) => {
                self.stage = Stage::Discarding;
                Ok(Step::Wait(stream.cancel()))
            }
            None => Ok(self.send()),
        }
    }

    /// The next read of the body, or the answer once it is over.
    fn read(
        &mut self,
        status: u16,
        headers: Vec<(String, String)>,
        body: Reading,
    ) -> Result<Step, Failure> {
        let Some(read) = body.next() else {
            return Ok(Step::Done(Received::from_host(
                status,
                headers,
                body.text(),
            )));
        };
        self.stage = Stage::Reading {
            status,
            headers,
            body,
        };
        Ok(Step::Wait(read))
    }

    /// The attempt, polled: each promise it waits for in turn, up to its answer.
    pub(super) fn poll(&mut self, cx: &mut Context<'_>) -> Poll<Result<Received, Failure>> {
        loop {
            let Poll::Ready(settled) = Pin::new(&mut self.waiting).poll(cx) else {
                return Poll::Pending;
            };
            match self.settled(settled) {
                Ok(Step::Wait(next)) => self.waiting = JsFuture::from(next),
                Ok(Step::Done(received)) => return Poll::Ready(Ok(received)),
                Err(failure) => return Poll::Ready(Err(failure)),
            }
        }
    }
}
