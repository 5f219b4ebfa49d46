//! One attempt over the global `fetch`: the request, its abort and timeout, and the
//! redirects it follows (a read's, within `baseUrl`'s origin).

use super::{body, follows, Fetch};
use crate::client::error::Received;
use crate::http::{HttpRequest, Method};
use crate::response::MAX_REDIRECTS;
use crate::transport::{Failure, Transport};
use gloo_net::http::{Request, Response};
use gloo_timers::callback::Timeout;
use std::cell::Cell;
use std::rc::Rc;
use web_sys::{AbortController, AbortSignal, RequestRedirect, Url};

/// Owns an attempt's `AbortController`; dropping it aborts the request (a no-op once
/// the request has finished).
pub struct AbortGuard(AbortController);

impl AbortGuard {
    fn new() -> Result<Self, Failure> {
        AbortController::new()
            .map(AbortGuard)
            .map_err(|_| Failure::Connection("AbortController is not available".into()))
    }

    fn signal(&self) -> AbortSignal {
        self.0.signal()
    }
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// How a failure of the attempt is reported: a timeout once its timer fired, else a
/// connection error with the host's words.
pub(super) type Failed<'a> = &'a dyn Fn(String) -> Failure;

impl Fetch {
    /// `req` sent to `url` (the endpoint's, or a redirect's target): the same headers and
    /// body each time, redirects handed back instead of followed by `fetch`.
    fn request(
        &self,
        req: &HttpRequest,
        url: &str,
        signal: &AbortSignal,
    ) -> Result<Request, Failure> {
        let mut b = match req.method {
            Method::Get => Request::get(url),
            Method::Post => Request::post(url),
        };
        b = b
            .abort_signal(Some(signal))
            .redirect(RequestRedirect::Manual);
        if req.body.is_some() {
            b = b.header("content-type", "application/json");
        }
        for (name, value) in self.headers.iter().chain(&req.headers) {
            b = b.header(name, value);
        }
        let built = match &req.body {
            Some(body) => b.body(body.as_str()),
            None => b.build(),
        };
        built.map_err(|e| Failure::Connection(e.to_string()))
    }

    /// The answer to `req`, after following at most [`MAX_REDIRECTS`] redirects of a read
    /// within `baseUrl`'s origin; any other redirect is the answer, for the core to report.
    async fn follow(
        &self,
        req: &HttpRequest,
        signal: &AbortSignal,
        failed: Failed<'_>,
    ) -> Result<Response, Failure> {
        let origin = Url::new(&self.base_url).ok().map(|u| u.origin());
        let mut url = req.url(&self.base_url);
        for _ in 0..MAX_REDIRECTS {
            let response = self.send_to(req, &url, signal, failed).await?;
            match origin
                .as_deref()
                .and_then(|o| next_url(req, &response, &url, o))
            {
                Some(next) => {
                    body::discard(&response).await;
                    url = next;
                }
                None => return Ok(response),
            }
        }
        self.send_to(req, &url, signal, failed).await
    }

    async fn send_to(
        &self,
        req: &HttpRequest,
        url: &str,
        signal: &AbortSignal,
        failed: Failed<'_>,
    ) -> Result<Response, Failure> {
        let request = self.request(req, url, signal)?;
        request.send().await.map_err(|e| failed(e.to_string()))
    }
}

/// `host:port` of `url` (the scheme's port when it names none), as a connection error names
/// where it was trying to go (never the path or query).
fn host_and_port(url: &str) -> String {
    let Ok(u) = Url::new(url) else {
        return String::from("an unparsable base_url");
    };
    let port = match u.port().as_str() {
        "" if u.protocol() == "https:" => "443".to_owned(),
        "" => "80".to_owned(),
        port => port.to_owned(),
    };
    format!("{}:{port}", u.hostname())
}

/// Where a redirect of `req` goes next: its `Location` resolved against `current` (the
/// platform's URL parser), when [`follows`] allows it and the target is in `origin`.
fn next_url(req: &HttpRequest, response: &Response, current: &str, origin: &str) -> Option<String> {
    if !follows(req.method, response.status()) {
        return None;
    }
    let location = response.headers().get("location")?;
    let target = Url::new_with_base(&location, current).ok()?;
    (target.origin() == origin && origin != "null").then(|| target.href())
}

impl Transport for Fetch {
    type Response = Received;

    async fn send(&self, req: &HttpRequest, timeout_ms: u32) -> Result<Received, Failure> {
        let guard = AbortGuard::new()?;
        let timed_out = Rc::new(Cell::new(false));
        let _timer = {
            let (flag, signal_owner) = (timed_out.clone(), guard.0.clone());
            Timeout::new(timeout_ms, move || {
                flag.set(true);
                signal_owner.abort();
            })
        };
        let failed = |detail: String| match timed_out.get() {
            true => Failure::Timeout,
            false => Failure::Connection(format!("{detail} at {}", host_and_port(&self.base_url))),
        };
        let response = self.follow(req, &guard.signal(), &failed).await?;
        body::receive(response, &failed).await
    }

    async fn sleep(&self, ms: u32) -> Result<(), Failure> {
        gloo_timers::future::TimeoutFuture::new(ms).await;
        Ok(())
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }
}
