//! Calls in flight: each call's retry loop ([`Attempts`]) in a slab, named by a number. The
//! request itself lives in JavaScript (the record [`Shared::start`](crate::wasm::shared::Shared::start)
//! answers): the core keeps no JavaScript value of a call, and runs no Rust future.

use crate::transport::{Attempts, Next};
use crate::wasm::errors::{internal, to_js};
use crate::wasm::fetch::attempt;
use wasm_bindgen::JsValue;

/// What a call does after an attempt, as the package entry is told: the response body when
/// it succeeded, or the wait in milliseconds before the next attempt (a body is always an
/// object, so a number says "retry").
pub fn settle(attempts: &mut Attempts, record: JsValue) -> Result<(JsValue, bool), JsValue> {
    match attempts.after(attempt(record), js_sys::Date::now, js_sys::Math::random) {
        Next::Retry(ms) => Ok((JsValue::from_f64(ms.into()), false)),
        Next::Done(Ok(response)) => Ok((response.into_json(), true)),
        Next::Done(Err(e)) => Err(to_js(e)),
    }
}

/// The calls of one client, by number, the free numbers kept in a list: a search for a free
/// slot (68 bytes of the gzipped entry less, tried) costs each call a scan of the calls in
/// flight, and an app without `maxConcurrency` can have thousands of them.
#[derive(Default)]
pub struct Calls {
    slots: Vec<Option<Attempts>>,
    free: Vec<u32>,
}

impl Calls {
    /// Stores a call's retry loop; returns its number.
    pub fn insert(&mut self, call: Attempts) -> u32 {
        if let Some(id) = self.free.pop() {
            if let Some(slot) = self.slots.get_mut(id as usize) {
                *slot = Some(call);
                return id;
            }
        }
        self.slots.push(Some(call));
        (self.slots.len() - 1) as u32
    }

    /// The retry loop of call `id`.
    pub fn get_mut(&mut self, id: u32) -> Result<&mut Attempts, JsValue> {
        self.slots
            .get_mut(id as usize)
            .and_then(Option::as_mut)
            .ok_or_else(|| internal("a call number that is not in flight"))
    }

    /// Forgets the call numbered `id` (a finished call; twice is harmless).
    pub fn remove(&mut self, id: u32) {
        if let Some(slot) = self.slots.get_mut(id as usize) {
            if slot.take().is_some() {
                self.free.push(id);
            }
        }
    }
}
