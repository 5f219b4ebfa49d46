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

/// The calls of one client, by number; each free slot holds the number of the next free one
/// (a list through the slots, no second vector): a search for a free slot (68 bytes of the
/// gzipped entry less, tried) costs each call a scan of the calls in flight, and an app
/// without `maxConcurrency` can have thousands of them.
#[derive(Default)]
pub struct Calls {
    slots: Vec<Slot>,
    /// The first free slot's number (`slots.len()` when none is free).
    free: u32,
}

/// A slot of [`Calls`]: a call's retry loop, or the number of the next free slot.
enum Slot {
    Call(Attempts),
    Free(u32),
}

impl Calls {
    /// Stores a call's retry loop; returns its number.
    pub fn insert(&mut self, call: Attempts) -> u32 {
        let id = self.free;
        if let Some(slot) = self.slots.get_mut(id as usize) {
            if let Slot::Free(next) = *slot {
                self.free = next;
                *slot = Slot::Call(call);
                return id;
            }
        }
        // None free (`free` is past the end): a new slot, and still none free.
        self.slots.push(Slot::Call(call));
        self.free = self.slots.len() as u32;
        (self.slots.len() - 1) as u32
    }

    /// The retry loop of call `id`.
    pub fn get_mut(&mut self, id: u32) -> Result<&mut Attempts, JsValue> {
        match self.slots.get_mut(id as usize) {
            Some(Slot::Call(call)) => Ok(call),
            _ => Err(internal("a call number that is not in flight")),
        }
    }

    /// Forgets the call numbered `id` (a finished call; twice is harmless).
    pub fn remove(&mut self, id: u32) {
        if let Some(slot @ Slot::Call(_)) = self.slots.get_mut(id as usize) {
            *slot = Slot::Free(self.free);
            self.free = id;
        }
    }
}
