//! One call in the making ([`Call`]): what every method answers, with the per-call options
//! ([`RequestOptions`], the package's second argument of every method) set on it before it
//! is awaited.

use crate::client::{Args, Client, Error, Fetch, Received, Response, ToArgs};
use crate::endpoint::Endpoint;
use crate::transport::{Policy, Transport};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use super::options::policy;

/// Options of one call, over the client's own (the package's `{ timeoutMs, maxRetries,
/// retryNonIdempotent, headers }`): set them on a [`Call`] one by one, or all at once with
/// [`Call::options`]. They are checked when the call is awaited: a bad one is an
/// [`Error::Validation`] that names it, and nothing is sent.
///
/// ```
/// use looply_sdk::client::RequestOptions;
/// use std::time::Duration;
/// let quick = RequestOptions {
///     timeout: Some(Duration::from_secs(2)),
///     max_retries: Some(0),
///     headers: vec![("x-trace".into(), "on".into())],
///     ..RequestOptions::default()
/// };
/// # let _ = quick;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// Timeout of each attempt of this call (the client's when `None`; from 1 ms to about
    /// 24.8 days).
    pub timeout: Option<Duration>,
    /// Retries of this call after a failed attempt (the client's when `None`, at most 10).
    pub max_retries: Option<u32>,
    /// Whether a trigger or a resume may be retried after failures after which it may have
    /// run (only after 429 when `None`: a second run is worse than an error).
    pub retry_non_idempotent: Option<bool>,
    /// Headers of this call, over the client's `default_headers`; they cannot set `x-api-key`.
    pub headers: Vec<(String, String)>,
}

impl RequestOptions {
    /// The policy of a call under these options over the client's `base`, or the error
    /// that names the bad option (never holding the key: no option holds it). `base` by
    /// reference: its two callers pass the client's own, not a copy made at each (measured:
    /// 41 bytes of wasm less in an app).
    pub(crate) fn policy(&self, base: &Policy) -> Result<Policy, Error> {
        let o = self;
        // Plain early returns, now that `policy` answers by them too (measured: 39 bytes of
        // wasm less in an app than `and_then` over it and `find_map` over the headers; `?`
        // here, which clippy suggests, 127 bytes more than this `match`).
        #[allow(clippy::question_mark)]
        let policy = match policy(o.timeout, o.max_retries, o.retry_non_idempotent, *base) {
            Ok(policy) => policy,
            Err(e) => return Err(e),
        };
        for (name, value) in &o.headers {
            if let Err(e) = crate::config::header("headers", name, value) {
                return Err(crate::error::ValidationError::from(e).into());
            }
        }
        Ok(policy)
    }
}

/// How a call's exchange ends in what it resolves to (the decoded body, or a
/// [`Response`]), its log line written: the whole end of a call in one function a type,
/// called through a pointer, so that an app's future that awaits the call holds only the
/// call of it, not the decoding, the log lines and the moves of the answer (measured: 191
/// bytes of wasm less in an app). It takes the exchange's poll as it is, `Pending` too: the
/// poll's result goes to it where it was written, not copied out of its `Ready` at each
/// awaited call (measured: 61 bytes of wasm less in an app).
type Answer<'a, O, T> =
    fn(Poll<Result<Received, Error>>, &Exchange<'a, T>) -> Poll<Result<O, Error>>;

/// One call of an endpoint, not yet sent: what every method answers. Set per-call options
/// on it, then `.await` it (it is a `Future`, sent when first polled); dropping it cancels it (the request in flight is aborted and no retry follows).
///
/// ```no_run
/// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
/// use looply_sdk::client::GetWorkflowByIdParams;
/// use std::time::Duration;
/// let params = GetWorkflowByIdParams { workflow_id: "wf-1".into(), workflow_version: 3 };
/// let workflow = client
///     .get_workflow_by_id(params)
///     .timeout(Duration::from_secs(5))
///     .max_retries(0)
///     .header("x-trace", "on")
///     .await?;
/// # let _ = workflow;
/// # Ok(()) }
/// ```
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, O, T = Fetch> {
    /// Everything but how the answer is decoded: one type whatever the answer's, so that
    /// each awaited call of an app does not carry its own copy of its drop and its poll;
    /// boxed, so that a call is two words that an app's future moves, not fourteen.
    exchange: Box<Exchange<'a, T>>,
    answer: Answer<'a, O, T>,
}

/// A call's exchange: its request in the making, then in flight.
struct Exchange<'a, T> {
    client: &'a Client<T>,
    /// The endpoint's description (its name in the log's lines).
    endpoint: &'static Endpoint,
    /// The parameters by name (the endpoint's description reads them).
    params: Args,
    options: RequestOptions,
    /// The call, once first polled.
    running: Option<super::Sending>,
    /// When it was first polled (`now_ms`), for the log line.
    started: f64,
}

impl<O, T> std::fmt::Debug for Call<'_, O, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("name", &self.exchange.endpoint.name)
            .field("options", &self.exchange.options)
            .finish_non_exhaustive()
    }
}

impl<'a, O, T> Call<'a, O, T> {
    /// Each attempt's timeout, for this call (over the client's).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.exchange.options.timeout = Some(timeout);
        self
    }

    /// Retries after a failed attempt, for this call (over the client's; at most 10).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.exchange.options.max_retries = Some(max_retries);
        self
    }

    /// Whether this trigger or resume may be retried after failures after which it may have
    /// run (by default only after 429).
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.exchange.options.retry_non_idempotent = Some(retry);
        self
    }

    /// A header of this call (over the client's `default_headers`; not `x-api-key`).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.exchange
            .options
            .headers
            .push((name.into(), value.into()));
        self
    }

    /// All of this call's options at once (replacing any set before).
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.exchange.options = options;
        self
    }
}

impl<'a, O: super::Answer, T: Transport<Response = Received> + 'static> Call<'a, O, T> {
    /// The call of `endpoint` with `params`, answering the decoded body.
    pub(crate) fn new(
        client: &'a Client<T>,
        endpoint: &'static Endpoint,
        params: impl ToArgs,
    ) -> Self {
        Call {
            exchange: Exchange::new(client, endpoint, params.args()),
            answer: |polled, exchange| {
                let Poll::Ready(received) = polled else {
                    return Poll::Pending;
                };
                let mut answer = received.and_then(Received::decode);
                exchange.ended(answer.as_mut().err());
                Poll::Ready(answer)
            },
        }
    }

    /// This call, answering a [`Response`] instead (the answer with its request id and
    /// headers, as the `*_with_response` methods do).
    pub fn with_response(self) -> Call<'a, Response<O>, T> {
        Call {
            exchange: self.exchange,
            answer: |polled, exchange| {
                let Poll::Ready(received) = polled else {
                    return Poll::Pending;
                };
                let secret = &exchange.client.inner.secret;
                let mut answer = received.and_then(|r| super::with_response(r, secret));
                exchange.ended(answer.as_mut().err());
                Poll::Ready(answer)
            },
        }
    }
}

/// A call is sent when first polled (every option set before then), by the future of
/// `Client::sending`, kept boxed here: a `Call` is `Unpin` and takes no `pin!`. Only the
/// answer's decoding is generic: the request, its retries, the I/O and the log lines are
/// one copy.
impl<'a, O: 'a, T: Transport<Response = Received> + 'static> Future for Call<'a, O, T> {
    type Output = Result<O, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        (this.answer)(this.exchange.poll(cx), &this.exchange)
    }
}

impl<'a, T> Exchange<'a, T> {
    /// The exchange of a call of `endpoint` with `params` (one copy for every method).
    #[inline(never)]
    fn new(client: &'a Client<T>, endpoint: &'static Endpoint, params: Args) -> Box<Self> {
        Box::new(Exchange {
            client,
            endpoint,
            params,
            options: RequestOptions::default(),
            running: None,
            started: 0.0,
        })
    }
}

impl<T: Transport<Response = Received> + 'static> Exchange<'_, T> {
    /// The exchange, started at the first poll and polled since. Its request built here
    /// from the parameters by the endpoint's description, under the call's policy: not
    /// generic over the answer's type, and not `async`: one copy serves every method, and
    /// the call's future is the one sending future that paginators use too
    /// ([`Client::sending`]). Each step's error returned from here at once, not answered by
    /// a `Client::prepare` as a `Result` of the request and the policy matched again
    /// (measured: 92 bytes of wasm less in an app).
    #[inline(never)]
    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<Result<Received, Error>> {
        let client = self.client;
        let mut running = match self.running.take() {
            Some(running) => running,
            None => {
                self.started = client.inner.transport.now_ms();
                let policy = match self.options.policy(&client.inner.policy) {
                    Ok(policy) => policy,
                    Err(e) => return Poll::Ready(Err(e)),
                };
                let mut req = match crate::request::request(self.endpoint, &self.params) {
                    Ok(req) => req,
                    Err(e) => {
                        let e = crate::error::ValidationError::from(e);
                        return Poll::Ready(Err(e.into()));
                    }
                };
                // The call's headers moved in (the request's own list is empty: `request`
                // makes it by `Vec::new`, a test below says so).
                req.headers = std::mem::take(&mut self.options.headers);
                client.sending(self.endpoint.name, req, policy)
            }
        };
        let polled = running.as_mut().poll(cx).map_err(Error::from);
        // Put back into the slot emptied above.
        self.running = Some(running);
        polled
    }

    /// The call ended, with `error` or not: its log line; the error loses the key before
    /// it. Not generic: an answer type's end hands it its error in place, not the answer
    /// moved through a `match` in each type's copy.
    fn ended(&self, error: Option<&mut Error>) {
        match error {
            None => self.client.succeeded(self.endpoint.name, self.started),
            Some(e) => self.client.failed(self.endpoint.name, self.started, e),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::client::tests::{page, Scripted, KEY, POLICY};
    use crate::client::*;
    use crate::transport::tests::block_on;
    use crate::transport::Failure;
    use std::time::Duration;

    fn status(code: u16) -> Result<Received, Failure> {
        Ok(Received::new(code, vec![], r#"{"message":"busy"}"#.into()))
    }

    fn triggered() -> Result<Received, Failure> {
        let body = r#"{"message":"success","looply_execution_id":"e1"}"#;
        Ok(Received::new(200, vec![], body.into()))
    }

    fn scripted(script: Vec<Result<Received, Failure>>) -> Client<Scripted> {
        Client::scripted(Scripted::new(script), POLICY, KEY)
    }

    fn trigger() -> TriggerWorkflowParams {
        TriggerWorkflowParams {
            workflow_id: "w".into(),
            ..TriggerWorkflowParams::default()
        }
    }

    fn sent(c: &Client<Scripted>) -> Vec<crate::http::HttpRequest> {
        c.inner.transport.sent.borrow().clone()
    }

    /// Catches per-call options that are ignored: a retry budget, a timeout or a header of
    /// one call that does not reach its request (or leaks into the next call).
    #[test]
    fn a_calls_options_apply_to_that_call_alone() {
        let c = scripted(vec![status(429), status(429), triggered()]);
        let e = block_on(c.trigger_workflow(trigger()).max_retries(0)).unwrap_err();
        assert_eq!(e.status(), Some(429));
        assert_eq!(sent(&c).len(), 1, "max_retries(0) still retried");
        // The client's own budget (2) is back for the next call, with the headers of its own.
        let answer = block_on(c.trigger_workflow(trigger()).header("x-trace", "on")).unwrap();
        assert_eq!(answer.looply_execution_id, "e1");
        let requests = sent(&c);
        assert_eq!(requests.len(), 3, "the next call lost the client's retries");
        assert_eq!(requests[2].headers, [("x-trace".into(), "on".into())]);
        assert!(requests[0].headers.is_empty());

        let c = scripted(vec![Err(Failure::Timeout)]);
        let e = block_on(
            c.trigger_workflow(trigger())
                .timeout(Duration::from_millis(1234)),
        )
        .unwrap_err();
        assert_eq!(e.message(), "The request timed out after 1234 ms.");
    }

    /// Catches `retry_non_idempotent` (or `options`) not reaching the retry rules: a
    /// trigger that may have run is retried only when this call allows it.
    #[test]
    fn a_trigger_retries_after_a_500_only_when_its_call_allows_it() {
        let c = scripted(vec![status(500), triggered()]);
        let options = RequestOptions {
            retry_non_idempotent: Some(true),
            ..RequestOptions::default()
        };
        block_on(c.trigger_workflow(trigger()).options(options)).unwrap();
        assert_eq!(sent(&c).len(), 2);
        let c = scripted(vec![status(500), triggered()]);
        let call = c.trigger_workflow(trigger()).retry_non_idempotent(false);
        assert_eq!(block_on(call).unwrap_err().status(), Some(500));
        assert_eq!(sent(&c).len(), 1);
    }

    /// Catches a bad per-call option that is sent anyway, or whose error names the
    /// package's option (`timeoutMs`) instead of this struct's.
    #[test]
    fn a_bad_option_is_a_validation_error_that_names_it_and_nothing_is_sent() {
        let c = scripted(vec![triggered()]);
        let cases: [(Call<'_, _, _>, &str, &str); 4] = [
            (
                c.trigger_workflow(trigger()).max_retries(11),
                "max_retries",
                "max_retries",
            ),
            (
                c.trigger_workflow(trigger()).timeout(Duration::ZERO),
                "timeout",
                "(milliseconds)",
            ),
            (
                c.trigger_workflow(trigger()).header("x-api-key", "other"),
                "headers",
                "x-api-key",
            ),
            (
                c.trigger_workflow(trigger()).header("bad name", "v"),
                "headers",
                "header name",
            ),
        ];
        for (call, param, said) in cases {
            match block_on(call).unwrap_err() {
                Error::Validation { param: p, message } => {
                    assert_eq!(p, param);
                    assert!(message.contains(said), "{message}");
                }
                other => panic!("{other:?}"),
            }
        }
        assert!(sent(&c).is_empty());
    }

    /// Catches a request built with a header list of its own: `Exchange::poll` replaces the
    /// list with the call's headers, so one allocated there would be made for nothing.
    #[test]
    fn a_built_request_has_no_header_list_of_its_own() {
        let args = trigger().args();
        let req = crate::request::request(&crate::workflows::ENDPOINTS[0], &args).unwrap();
        assert_eq!(req.headers.capacity(), 0);
    }

    /// Catches a call whose `Debug` says nothing of which call it is.
    #[test]
    fn a_call_shows_its_endpoint_and_options_in_debug() {
        let c = scripted(vec![]);
        let call = c.trigger_workflow(trigger()).max_retries(1);
        let shown = format!("{call:?}");
        assert!(
            shown.starts_with("Call { name: \"triggerWorkflow\""),
            "{shown}"
        );
        assert!(shown.contains("max_retries: Some(1)"), "{shown}");
    }

    /// Catches `with_response()` losing the call's options or its request id.
    #[test]
    fn with_response_keeps_the_options_and_answers_the_request_id() {
        let headers = vec![("x-request-id".into(), "req-9".into())];
        let body = r#"{"message":"success","looply_execution_id":"e1"}"#;
        let c = scripted(vec![Ok(Received::new(200, headers, body.into()))]);
        let call = c.trigger_workflow(trigger()).header("x-trace", "on");
        let answer = block_on(call.with_response()).unwrap();
        assert_eq!(answer.request_id.as_deref(), Some("req-9"));
        assert_eq!(answer.data.looply_execution_id, "e1");
        assert_eq!(sent(&c)[0].headers, [("x-trace".into(), "on".into())]);
    }

    /// Catches a walk's options that do not reach each page's request, or a bad one that
    /// does not fail before any request.
    #[test]
    fn a_walks_options_apply_to_each_page() {
        let walk = |options| Walk {
            options,
            ..Walk::default()
        };
        let answers = [page(&["e1"], Some("e1")), page(&["e2"], None)];
        let script = answers.map(|p| Ok(Received::new(200, vec![], p.to_string())));
        let c = scripted(script.into());
        let options = RequestOptions {
            headers: vec![("x-trace".into(), "on".into())],
            ..RequestOptions::default()
        };
        let params = GetOrganizationExecutionsParams::default();
        let items = c
            .paginate_organization_executions(params.clone(), walk(options))
            .unwrap();
        assert_eq!(block_on(items.to_vec()).unwrap().len(), 2);
        let requests = sent(&c);
        assert_eq!(requests.len(), 2);
        assert!(requests
            .iter()
            .all(|r| r.headers == [("x-trace".into(), "on".into())]));

        let bad = RequestOptions {
            max_retries: Some(11),
            ..RequestOptions::default()
        };
        let Err(e) = c.paginate_organization_executions(params, walk(bad)) else {
            panic!("a walk with max_retries 11")
        };
        assert!(matches!(e, Error::Validation { ref param, .. } if param == "max_retries"));
    }
}
