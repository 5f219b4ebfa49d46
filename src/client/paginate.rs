//! Paginators as `futures_core::Stream`s over [`crate::pagination::Cursor`]: the cursor
//! decides every request (the list's own request with `limit` and `lastKey`) and
//! when the walk ends; these types only send its requests and hand out pages and items.

use crate::client::error::{Error, Received};
use crate::client::fields::JsonFields;
use crate::client::{Client, Fetch, RequestOptions, ToArgs};
use crate::endpoint::Endpoint;
use crate::pagination::Cursor;
use crate::params::Fields;
use crate::transport::{Policy, Transport};
use futures_core::Stream;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A page type a paginator walks: its items and its `lastKey`.
///
/// ```
/// use looply_sdk::client::Page;
/// use looply_sdk::executions::ExecutionsPage;
/// fn count<P: Page>(page: &mut P) -> usize { page.items_mut().len() }
/// # let _ = count::<ExecutionsPage>;
/// ```
pub trait Page: super::Answer {
    /// One listed item.
    type Item: Unpin;
    /// The list's cursor (`lastKey`).
    type Key: serde::Serialize + ToArgs + Clone + Unpin;
    /// The page's items.
    fn items_mut(&mut self) -> &mut Vec<Self::Item>;
    /// The page's `lastKey` (absent on the last page).
    fn last_key(&self) -> Option<&Self::Key>;
}

/// Where a walk starts and how far it goes (the JavaScript paginators' `lastKey` and
/// `maxItems`; the page size is the list parameters' `limit`, 30 when `None`).
///
/// ```
/// use looply_sdk::client::Walk;
/// use looply_sdk::executions::ExecutionsKey;
/// let first_fifty: Walk<ExecutionsKey> = Walk { max_items: Some(50), ..Walk::default() };
/// # let _ = first_fifty;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Walk<K> {
    /// Resume after this cursor: a paginator's [`Pages::last_key`] from earlier.
    pub last_key: Option<K>,
    /// Stop after this many items, without fetching a page that would not be used.
    pub max_items: Option<u64>,
    /// Each page's request options (timeout, retries, headers), over the client's.
    pub options: RequestOptions,
}

impl<K> Default for Walk<K> {
    fn default() -> Self {
        Walk {
            last_key: None,
            max_items: None,
            options: RequestOptions::default(),
        }
    }
}

/// How [`Items::to_vec`]'s future is polled.
type PollAll<P, T> = fn(
    &mut Pages<P, T>,
    &mut Vec<<P as Page>::Item>,
    &mut Context<'_>,
) -> Poll<Result<Vec<<P as Page>::Item>, Error>>;

/// A walk over a list, one page at a time: a `Stream` of `Result<P, Error>`, one request
/// per page. The first error ends it.
///
/// ```no_run
/// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
/// use looply_sdk::client::{GetOrganizationExecutionsParams, Walk};
/// let mut pages = client
///     .paginate_organization_executions(GetOrganizationExecutionsParams::default(), Walk::default())?
///     .pages();
/// while let Some(page) = pages.next_page().await {
///     println!("{} executions", page?.items.len());
/// }
/// # Ok(()) }
/// ```
pub struct Pages<P: Page, T = Fetch> {
    walker: Walker<T>,
    last_key: Option<P::Key>,
}

/// A walk's requests and its cursor, whatever the page's type: one copy serves every list
/// (only the decoding of a page is the page type's own).
struct Walker<T> {
    client: Client<T>,
    /// Each page's policy ([`Walk::options`] over the client's).
    policy: Policy,
    /// The cursor, its base request with the walk's headers.
    cursor: Cursor,
    in_flight: Option<super::Sending>,
}

impl<P: Page, T: Transport<Response = Received> + 'static> Pages<P, T> {
    /// The next page, or `None` once the walk has ended (the `Stream` without `StreamExt`).
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::{GetOrganizationWorkflowsParams, Walk};
    /// let mut pages = client
    ///     .paginate_organization_workflows(GetOrganizationWorkflowsParams::default(), Walk::default())?
    ///     .pages();
    /// while let Some(page) = pages.next_page().await {
    ///     println!("{} workflows", page?.items.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn next_page(
        &mut self,
    ) -> impl std::future::Future<Output = Option<Result<P, Error>>> + '_ {
        std::future::poll_fn(|cx| self.poll_page(cx))
    }

    /// The cursor after the last page fetched (store it to resume later with
    /// [`Walk::last_key`]); `None` once the list is exhausted.
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::{GetOrganizationWorkflowsParams, Walk};
    /// let mut pages = client
    ///     .paginate_organization_workflows(GetOrganizationWorkflowsParams::default(), Walk::default())?
    ///     .pages();
    /// let _first = pages.next_page().await;
    /// let resume_from = pages.last_key().cloned(); // later: Walk { last_key: resume_from, ..Walk::default() }
    /// # Ok(()) }
    /// ```
    pub fn last_key(&self) -> Option<&P::Key> {
        self.last_key.as_ref()
    }

    /// The next page, its cursor kept for [`Pages::last_key`].
    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<P, Error>>> {
        let polled = self.poll_unkeyed(cx);
        if let Poll::Ready(Some(Ok(page))) = &polled {
            self.last_key = page.last_key().cloned();
        }
        polled
    }

    /// The next page: received by the walker, decoded here, trimmed to `max_items`; its
    /// cursor not kept (`to_vec` consumes the walk: no clone of a key nobody can ask for).
    fn poll_unkeyed(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<P, Error>>> {
        let (received, take) = match self.walker.poll_received(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
            Poll::Ready(Some(Ok(accepted))) => accepted,
        };
        Poll::Ready(Some(match received.decode::<P>() {
            Ok(mut page) => {
                kept(page.items_mut(), take);
                Ok(page)
            }
            Err(mut e) => {
                self.walker.failed(&mut e);
                Err(e)
            }
        }))
    }

    /// The walk's items one by one instead of its pages (call it before taking any page).
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::{GetOrganizationWorkflowsParams, Walk};
    /// let pages = client
    ///     .paginate_organization_workflows(GetOrganizationWorkflowsParams::default(), Walk::default())?
    ///     .pages();
    /// let all = pages.items().to_vec().await?;
    /// # Ok(()) }
    /// ```
    pub fn items(self) -> Items<P, T> {
        Items {
            pages: self,
            buffer: Vec::new().into_iter(),
        }
    }
}

impl<T: Transport<Response = Received> + 'static> Walker<T> {
    /// A walk of `fields` (the list's parameters) from the cursor `start`, at most
    /// `max_items` items, each page's request under `options`; an error has lost the key.
    fn new(
        client: &Client<T>,
        endpoint: &'static Endpoint,
        fields: crate::client::Args,
        start: Option<crate::client::Args>,
        max_items: Option<u64>,
        options: RequestOptions,
    ) -> Result<Self, Error> {
        // Checked over borrows, in one place: an early return of each check would write
        // out the drops of all that is owned here (measured: see docs/benchmarks-log.md); the
        // walker built there, its headers set in place (not a cursor moved to be rebuilt).
        // The answer returned as it is, an error's key hidden where it lies: not a `match`
        // that moves the walker or the error into a new `Result` (measured: 35 bytes of wasm
        // less in an app), nor `map_err` (116 bytes more than that `match`).
        let mut walker = Self::checked(
            client,
            endpoint,
            &fields,
            start.as_ref(),
            max_items,
            options,
        );
        if let Err(e) = &mut walker {
            client.inner.secret.hide_in(e);
        }
        walker
    }

    /// The walk (its cursor with `options`' headers, and each page's policy), or the first
    /// error among them (the parameters', the options'). The options moved in, their
    /// headers set here, not in the caller's `Ok` arm (which moved the walker once more:
    /// measured, 34 bytes of wasm less in an app), and into the cursor before the policy's
    /// error is returned: the list then leaves with the cursor, no drop of its own written
    /// out on that path (measured: 33 bytes less).
    fn checked(
        client: &Client<T>,
        endpoint: &'static Endpoint,
        fields: &crate::client::Args,
        start: Option<&crate::client::Args>,
        max_items: Option<u64>,
        options: RequestOptions,
    ) -> Result<Self, Error> {
        let start: Option<&dyn Fields> = start.map(|k| k as &dyn Fields);
        // The cursor's error returned by a `match`, not `?` (measured: 95 bytes of wasm less
        // in an app), the walker made by `map` over the policy (measured: 23 bytes less than
        // a second `match`; `?` there cost 382 more).
        #[allow(clippy::question_mark)]
        let mut cursor = match Cursor::open(endpoint, fields, start, Some(max_items)) {
            Ok(cursor) => cursor,
            Err(e) => return Err(Error::from(rename_last_key(e.into()))),
        };
        let policy = options.policy(&client.inner.policy);
        cursor.set_headers(options.headers);
        policy.map(|policy| Walker {
            client: client.clone(),
            policy,
            cursor,
            in_flight: None,
        })
    }

    /// The next page as received, with how many of its items the walk keeps, or `None`
    /// once the walk has ended.
    fn poll_received(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<(Received, usize), Error>>> {
        // Taken out and put back while pending: no drop written out of the `None` that a
        // new request replaces, nor of a finished request's slot.
        let mut fut = match self.in_flight.take() {
            Some(fut) => fut,
            // A cursor that has ended answers `None` again at each poll: no flag set here.
            None => match self.cursor.next_request() {
                None => return Poll::Ready(None),
                Some(req) => self.client.sending(self.cursor.name(), req, self.policy),
            },
        };
        let received = match fut.as_mut().poll(cx) {
            Poll::Pending => {
                self.in_flight = Some(fut);
                return Poll::Pending;
            }
            Poll::Ready(r) => r,
        };
        drop(fut);
        let received = received.map_err(Error::from);
        let mut accepted = received.and_then(|r| self.accept(r));
        if let Err(e) = &mut accepted {
            self.failed(e);
        }
        Poll::Ready(Some(accepted))
    }

    /// A walk that failed with `e`: it ends (its cursor ended: no flag of the walker's), and
    /// `e` loses the key, where it is, before it is logged (in place: the error is not
    /// moved in and out, nor the answer through a `match` at the caller; measured: 14 bytes
    /// of wasm less in an app).
    fn failed(&mut self, e: &mut Error) {
        self.cursor.end();
        self.client.inner.secret.hide_in(e);
        if super::logs(log::Level::Warn) {
            super::log_line(log::Level::Warn, &["a walk failed: ", &e.text()]);
        }
    }

    /// Takes in a received page: advances the cursor; answers the page with how many of
    /// its items the walk keeps (all but those past `max_items`).
    fn accept(&mut self, received: Received) -> Result<(Received, usize), Error> {
        let (items, key) = match &received.json {
            Some(j) => (
                j.get("items")
                    .and_then(|i| i.as_array())
                    .map_or(0, Vec::len),
                j.get("lastKey").filter(|k| !k.is_null()).map(JsonFields),
            ),
            None => (0, None),
        };
        let key: Option<&dyn Fields> = key.as_ref().map(|k| k as &dyn Fields);
        match self.cursor.accept(items, key) {
            Ok(accepted) => Ok((received, accepted.take)),
            Err(message) => {
                let core = crate::error::Error::Decode {
                    message,
                    response: received,
                };
                Err(core.into())
            }
        }
    }
}

/// A page's `items` without those past `take`, the page read logged.
fn kept<I>(items: &mut Vec<I>, take: usize) -> &mut Vec<I> {
    // The items past `take` dropped as one `Vec` (its drop a function every read of the
    // page calls anyway), not one by one written out here, as `truncate` does (measured:
    // 164 bytes); `min` leaves `split_off` no panic.
    drop(items.split_off(take.min(items.len())));
    page_read(items.len());
    items
}

/// A page read, in the log (apart from the page's type: one copy).
fn page_read(items: usize) {
    if super::logs(log::Level::Debug) {
        let items = crate::params::u64_to_string(items as u64);
        super::log_line(log::Level::Debug, &["a page of ", &items, " items"]);
    }
}

/// Errors about a starting cursor name it as the caller's field (`last_key.workflow_id`).
fn rename_last_key(mut e: crate::error::ValidationError) -> crate::error::ValidationError {
    if let Some(rest) = e.param.strip_prefix("lastKey.") {
        let renamed = super::concat(&["last_key.", rest]);
        super::redact::replace(&mut e.message, &e.param, &renamed, 1);
        e.param = renamed;
    }
    e
}

impl<P: Page, T: Transport<Response = Received> + 'static> Stream for Pages<P, T> {
    type Item = Result<P, Error>;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

/// A walk over a list, item by item: a `Stream` of `Result<Item, Error>` that fetches a
/// page whenever the previous one is used up. The first error ends it.
///
/// ```no_run
/// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
/// use looply_sdk::client::{GetOrganizationWorkflowsParams, Walk};
/// let mut workflows = client
///     .paginate_organization_workflows(GetOrganizationWorkflowsParams::default(), Walk::default())?;
/// while let Some(w) = workflows.next_item().await {
///     println!("{}", w?.workflow_name);
/// }
/// # Ok(()) }
/// ```
pub struct Items<P: Page, T = Fetch> {
    pages: Pages<P, T>,
    /// What is left of the last page's items (a plain iterator, not a ring buffer: a page
    /// is fetched only once the previous one is used up).
    buffer: std::vec::IntoIter<P::Item>,
}

impl<P: Page, T: Transport<Response = Received> + 'static> Items<P, T> {
    /// A walk of `params` (the list's parameters) as `walk` says (from its `last_key`, at
    /// most its `max_items`, each page under its `options`), item by item (what every
    /// paginator answers): made at once, not as pages moved into `Items` (measured:
    /// 105 bytes of wasm less in an app).
    pub(crate) fn new(
        client: &Client<T>,
        endpoint: &'static Endpoint,
        params: impl ToArgs,
        walk: Walk<P::Key>,
    ) -> Result<Self, Error> {
        // The key cloned only where there is one, in the closure: not the whole `Option`
        // cloned, then mapped (measured: 266 bytes of wasm less in an app).
        let start = walk.last_key.as_ref().map(|k| k.clone().args());
        let walker = Walker::new(
            client,
            endpoint,
            params.args(),
            start,
            walk.max_items,
            walk.options,
        );
        // `map`, not `?` (its `From` and its early return's drop of the key, written out in
        // an app at each walk it starts: measured, 102 bytes) nor a `match` (measured, with
        // the other rounds' steps: 176 bytes more, 34 more gzipped).
        walker.map(|walker| Items {
            pages: Pages {
                walker,
                last_key: walk.last_key,
            },
            buffer: Vec::new().into_iter(),
        })
    }

    /// The next item, or `None` once the walk has ended (the `Stream` without `StreamExt`).
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::{GetOrganizationWorkflowsParams, Walk};
    /// let mut items = client
    ///     .paginate_organization_workflows(GetOrganizationWorkflowsParams::default(), Walk::default())?;
    /// if let Some(first) = items.next_item().await {
    ///     println!("{}", first?.workflow_id);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn next_item(
        &mut self,
    ) -> impl std::future::Future<Output = Option<Result<P::Item, Error>>> + '_ {
        std::future::poll_fn(|cx| self.poll_item(cx))
    }

    /// Every remaining item (at most `max_items`), or the first error.
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::{GetOrganizationWorkflowsParams, Walk};
    /// let walk = Walk { max_items: Some(50), ..Walk::default() };
    /// let first_50 = client
    ///     .paginate_organization_workflows(GetOrganizationWorkflowsParams::default(), walk)?
    ///     .to_vec()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    // A future of `poll_page` itself, not an `async fn` that awaits `next_page`'s: one
    // state machine less in an app for each page type it walks.
    pub fn to_vec(self) -> impl std::future::Future<Output = Result<Vec<P::Item>, Error>> {
        let Items { mut pages, buffer } = self;
        // Extended from the items left, not collected from them (`collect`'s reuse of
        // their buffer is code of its own: measured, 38 bytes).
        let mut all: Vec<P::Item> = Vec::new();
        all.extend(buffer);
        // Polled through a pointer that the future holds: an app's future that awaits it
        // holds a call, not the walk's loop written out in it (measured: 62 bytes).
        let poll: PollAll<P, T> = Self::poll_all;
        std::future::poll_fn(move |cx| poll(&mut pages, &mut all, cx))
    }

    /// Every page's items gathered in `all`, up to the walk's end or its first error.
    fn poll_all(
        pages: &mut Pages<P, T>,
        all: &mut Vec<P::Item>,
        cx: &mut Context<'_>,
    ) -> Poll<Result<Vec<P::Item>, Error>> {
        // The walker polled here, not through `poll_unkeyed`: no page moved through its
        // `Poll`, `Option` and `Result` on the way (measured: 336 bytes of wasm less in an app).
        loop {
            let (received, take) = match pages.walker.poll_received(cx) {
                Poll::Ready(Some(Ok(accepted))) => accepted,
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Err(e)),
                Poll::Ready(None) => return Poll::Ready(Ok(std::mem::take(all))),
                Poll::Pending => return Poll::Pending,
            };
            let mut page = match received.decode::<P>() {
                Ok(page) => page,
                Err(mut e) => {
                    pages.walker.failed(&mut e);
                    return Poll::Ready(Err(e));
                }
            };
            // A page's items moved at once, not item by item through `next_item`.
            all.append(kept(page.items_mut(), take));
        }
    }

    /// Pages instead of items (call it before taking any item: items of a page already
    /// fetched are not in them).
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::{GetOrganizationWorkflowsParams, Walk};
    /// let mut pages = client
    ///     .paginate_organization_workflows(GetOrganizationWorkflowsParams::default(), Walk::default())?
    ///     .pages();
    /// let first_page = pages.next_page().await;
    /// # Ok(()) }
    /// ```
    pub fn pages(self) -> Pages<P, T> {
        self.pages
    }

    /// The cursor after the last page fetched; `None` once the list is exhausted.
    ///
    /// ```no_run
    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {
    /// use looply_sdk::client::{GetOrganizationWorkflowsParams, Walk};
    /// let mut items = client
    ///     .paginate_organization_workflows(GetOrganizationWorkflowsParams::default(), Walk::default())?;
    /// let _first = items.next_item().await;
    /// let stored = items.last_key().cloned(); // resume later from here
    /// # Ok(()) }
    /// ```
    pub fn last_key(&self) -> Option<&P::Key> {
        self.pages.last_key()
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<P::Item, Error>>> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match self.pages.poll_page(cx) {
                Poll::Ready(Some(Ok(mut page))) => {
                    self.buffer = std::mem::take(page.items_mut()).into_iter();
                }
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<P: Page, T: Transport<Response = Received> + 'static> Stream for Items<P, T> {
    type Item = Result<P::Item, Error>;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}
