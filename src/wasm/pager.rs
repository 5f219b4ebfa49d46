//! A paginator's state at the boundary: one page per `nextPage()` call. The JavaScript
//! entry wraps it in the public `Paginator` (the async-iterator protocol).

use crate::error::{Error, ValidationError};
use crate::pagination::Cursor;
use crate::transport::{execute, Policy};
use crate::wasm::errors::to_js;
use crate::wasm::fetch::FetchTransport;
use crate::wasm::fields::{get, JsFields};
use js_sys::Promise;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::future_to_promise;

struct State {
    transport: FetchTransport,
    policy: Policy,
    cursor: RefCell<Cursor>,
    last_key: RefCell<JsValue>,
    take: Cell<u32>,
    busy: Cell<bool>,
}

/// One walk over a list endpoint (internal: the package exports `Paginator`).
#[wasm_bindgen(skip_typescript)]
pub struct Pager {
    state: Rc<State>,
}

impl Pager {
    /// A pager that starts at `start_key` (the caller's `lastKey`, or `undefined`).
    pub fn new(
        transport: FetchTransport,
        policy: Policy,
        cursor: Cursor,
        start_key: JsValue,
    ) -> Self {
        let state = State {
            transport,
            policy,
            cursor: RefCell::new(cursor),
            last_key: RefCell::new(start_key),
            take: Cell::new(0),
            busy: Cell::new(false),
        };
        Pager {
            state: Rc::new(state),
        }
    }
}

impl State {
    async fn next(&self) -> Result<JsValue, JsValue> {
        if self.busy.replace(true) {
            let e = ValidationError::new(
                "paginator",
                "is already fetching a page: await each page in turn",
            );
            return Err(to_js(Error::Validation(e)));
        }
        let result = self.fetch_page().await;
        self.busy.set(false);
        result
    }

    async fn fetch_page(&self) -> Result<JsValue, JsValue> {
        let Some(req) = self.cursor.borrow().next_request() else {
            self.take.set(0);
            return Ok(JsValue::UNDEFINED);
        };
        let response = execute(&self.transport, &req, self.policy)
            .await
            .map_err(to_js)?;
        let page = response.json();
        let items = get(&get(&page, "items"), "length").as_f64().unwrap_or(0.0);
        let key = get(&page, "lastKey");
        let has_key = !(key.is_undefined() || key.is_null());
        let accepted = self
            .cursor
            .borrow_mut()
            .accept(items as usize, has_key.then_some(&JsFields(&key)));
        match accepted {
            Ok(a) => {
                self.take.set(a.take as u32);
                *self.last_key.borrow_mut() = if has_key { key } else { JsValue::NULL };
                Ok(page)
            }
            Err(message) => Err(to_js(Error::Decode {
                message: message.to_owned(),
                response,
            })),
        }
    }
}

#[wasm_bindgen]
impl Pager {
    /// The next page, or `undefined` once the walk has ended.
    #[wasm_bindgen(js_name = nextPage)]
    pub fn next_page(&self) -> Promise {
        let state = self.state.clone();
        future_to_promise(async move { state.next().await })
    }

    /// How many items of the last page belong to the walk (fewer when `maxItems` is reached).
    #[wasm_bindgen(getter)]
    pub fn take(&self) -> u32 {
        self.state.take.get()
    }

    /// The cursor after the last page fetched: `null` once exhausted.
    #[wasm_bindgen(getter, js_name = lastKey)]
    pub fn last_key(&self) -> JsValue {
        self.state.last_key.borrow().clone()
    }

    /// Whether no page remains.
    #[wasm_bindgen(getter)]
    pub fn done(&self) -> bool {
        self.state.cursor.borrow().is_done()
    }
}
