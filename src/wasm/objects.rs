//! The core's objects as the package entry holds them: numbers into one slab of clients and
//! pagers, not wasm-bindgen classes (a class brings its borrow check and reference-count drop
//! into each of its exports, and its wrapper, finalizer and stale-object check into the glue).
//! The entry frees a number once (`__free`, or its FinalizationRegistry), forgets it then, and
//! never passes a number of a failed instance to the new one (pkg-template/src/instance.js:
//! `HELD`, `live`). A number of no object of the kind asked answers the error that a freed
//! class's method threw (`null pointer passed to rust`), never another object's answer.
//!
//! The calls in flight are in the slab too (each call's retry loop, [`Attempts`]), named by
//! the `call` of its request record: a call needs nothing of its client once started but to
//! be refused once its client is freed (`__settle` takes the client's number for that). A
//! client's calls are not freed with it: the entry forgets each call that did not succeed
//! (`__forget`), as it always did, and a success forgets its call.

use crate::pagination::Accepted;
use crate::transport::{Attempts, Next};
use crate::wasm::client::LooplyClient;
use crate::wasm::errors::{internal, to_js, validation};
use crate::wasm::fetch::attempt;
use crate::wasm::fields::put;
use crate::wasm::js::{self, request_record};
use crate::wasm::pager::{self, Pager};
use crate::wasm::shared::{busy, Shared};
use core::mem;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

/// A slot of the slab: a client, a pager, a call, or the number of the next free slot.
enum Slot {
    /// Shared: an export keeps its client while code of the caller's that it reaches (a
    /// getter of the parameters, a custom `fetch`'s response) frees or makes others.
    Client(Rc<LooplyClient>),
    /// Used only while the slab is borrowed, by code that reaches none of the caller's.
    Pager(Pager),
    /// A call's retry loop, used only while the slab is borrowed. Settling an attempt reads
    /// the response, whose headers a custom `fetch` may answer with code of the caller's: a
    /// call started there, or an object made or freed there, finds the slab busy.
    Call(Attempts),
    Free(u32),
}

/// The slab: its slots and the first free one (`slots.len()` when none is free).
struct Objects {
    slots: Vec<Slot>,
    free: u32,
}

/// The slab's cell, a plain `static`: read without `thread_local!`'s `with`, whose closure
/// made each export store what it captured (its arguments) in its stack frame.
struct Slab(RefCell<Objects>);

// SAFETY: the npm wasm has one thread (built without `atomics`: a build with it fails below),
// so the slab is never reached from two threads.
unsafe impl Sync for Slab {}

#[cfg(target_feature = "atomics")]
compile_error!("the slab of objects is a plain `static`: one thread only");

static OBJECTS: Slab = Slab(RefCell::new(Objects {
    slots: Vec::new(),
    free: 0,
}));

/// What a number that names no object of the kind asked answers (the text that a freed
/// wasm-bindgen object's method threw).
fn gone() -> JsValue {
    internal("null pointer passed to rust")
}

impl Objects {
    /// Stores `slot`; answers its number, which is always `free`'s.
    fn insert(&mut self, slot: Slot) -> u32 {
        let id = self.free;
        if let Some(free) = self.slots.get_mut(id as usize) {
            if let Slot::Free(next) = *free {
                self.free = next;
                // A free slot owns nothing: replaced without a call of `Slot`'s drop glue.
                mem::forget(mem::replace(free, slot));
                return id;
            }
        }
        // None free (`free` is past the end): a new slot, and still none free.
        self.slots.push(slot);
        self.free = id + 1;
        id
    }

    /// Frees slot `id` if it holds a call (`call`), or a client or pager (not `call`); a free
    /// or unknown number is left as it is.
    fn remove(&mut self, id: u32, call: bool) {
        let first = self.free;
        if let Some(slot) = self.slots.get_mut(id as usize) {
            if matches!(slot, Slot::Call(_)) == call && !matches!(slot, Slot::Free(_)) {
                *slot = Slot::Free(first);
                self.free = id;
            }
        }
    }
}

/// What [`store`] answers when the slab is busy: no slot's number (the slab would need
/// 2^32 - 1 slots first, far more than wasm memory holds).
pub const BUSY: u32 = u32::MAX;

/// Stores `slot`; its number, or [`BUSY`] (`slot` dropped). One word: a `Result` with the
/// busy error came back through memory to each caller.
fn store(slot: Slot) -> u32 {
    match OBJECTS.0.try_borrow_mut() {
        Ok(mut objects) => objects.insert(slot),
        Err(_) => BUSY,
    }
}

/// Stores `slot`; answers its number (a JavaScript number), or the busy error. Inlined into
/// `__new` and `__paginate`: a client's construction compiles one wasm function less.
#[inline(always)]
fn insert(slot: Slot) -> JsValue {
    match store(slot) {
        BUSY => busy(),
        id => id.into(),
    }
}

// A call's slot is replaced without its drop when the call ends (`settle_call`).
const _: () = assert!(!mem::needs_drop::<Attempts>());

/// Stores a call's retry loop: its number, or [`BUSY`].
pub fn start_call(attempts: Attempts) -> u32 {
    store(Slot::Call(attempts))
}

/// What a call does after an attempt, as the package entry is told: the response body when
/// it succeeded, or the wait in milliseconds before the next attempt (a body is always an
/// object, so a number says "retry"), or the error descriptor; and whether the call is over
/// with that body. `record` and what of it follows are the attempt's end, as
/// [`attempt`] takes it. (Here, beside [`settle_call`], its one caller: in
/// `calls`, whose exports use the slab, the two modules named each other.)
fn after_attempt(
    attempts: &mut Attempts,
    record: JsValue,
    status: f64,
    outcome: u32,
    json: JsValue,
    kind: u32,
) -> (JsValue, bool) {
    let now = || js::date_now(&js::UNUSED);
    let end = attempt(record, status, outcome, json, kind);
    match attempts.after(end, now, || js::math_random(&js::UNUSED)) {
        Next::Retry(ms) => (JsValue::from_f64(ms.into()), false),
        Next::Done(Ok(response)) => (response.into_json(), true),
        Next::Done(Err(e)) => (to_js(e), false),
    }
}

/// Takes in the end of an attempt of call `call` (`sendOnce`'s record, and its status,
/// outcome, parsed body and the body's kind beside it, as [`attempt`] takes them) of client
/// number `client` (looked up in the slab while it is borrowed, no reference taken), or of a
/// client the caller holds (`None`: [`LooplyClient::settle`]); [`after_attempt`] of the call's
/// retry loop. Answers the response body when the call succeeded (the call is then
/// forgotten), or the wait in milliseconds before the next attempt (a number), or the error
/// descriptor (a `CoreFailure`, which the entry throws) when it failed (the call stays until
/// `__forget`, as any call the core did not end); the freed error when `client` names no
/// client; the busy error. Answered, not thrown, as `__call`'s. The slab is borrowed
/// meanwhile (as the client's own calls were before they joined it): code of the caller's that
/// reading the response reaches (a custom `fetch`'s headers) finds it busy, whatever object it
/// calls. A plain function of the attempt's end, not of a closure over it (through
/// `thread_local!`'s `with`, the captures were written to `__settle`'s stack frame: measured,
/// its shim 69 B more).
pub fn settle_call(
    client: Option<u32>,
    call: u32,
    record: JsValue,
    status: f64,
    outcome: u32,
    json: JsValue,
    kind: u32,
) -> JsValue {
    let Ok(mut objects) = OBJECTS.0.try_borrow_mut() else {
        return busy();
    };
    if let Some(id) = client {
        if !matches!(objects.slots.get(id as usize), Some(Slot::Client(_))) {
            return gone();
        }
    }
    let Objects { slots, free } = &mut *objects;
    let Some(slot) = slots.get_mut(call as usize) else {
        return internal("a call number that is not in flight");
    };
    let Slot::Call(attempts) = slot else {
        return internal("a call number that is not in flight");
    };
    let (answer, done) = after_attempt(attempts, record, status, outcome, json, kind);
    if done {
        // Freed here, where the slot is known to hold this call (not through
        // `Objects::remove`, which the first call then compiled for its end alone). A
        // call's retry loop owns nothing to drop (asserted below): replaced without a call
        // of `Slot`'s drop glue, which cannot see which kind the slot holds.
        mem::forget(mem::replace(slot, Slot::Free(*free)));
        *free = call;
    }
    answer
}

/// The client numbered `id`; `None` when there is none or the slab is busy ([`no_client`]
/// says which). One word: a `Result` with the error came back through memory to each caller.
fn client(id: u32) -> Option<Rc<LooplyClient>> {
    match OBJECTS.0.try_borrow().ok()?.slots.get(id as usize) {
        Some(Slot::Client(client)) => Some(client.clone()),
        _ => None,
    }
}

/// Why [`client`] found none: the busy error while the slab is in use, else the freed one.
fn no_client() -> JsValue {
    if OBJECTS.0.try_borrow().is_err() {
        busy()
    } else {
        gone()
    }
}

/// `f` of the pager numbered `id` (the slab borrowed meanwhile: `f` reaches no code of the
/// caller's), or the error.
fn with_pager<R>(id: u32, f: impl FnOnce(&mut Pager) -> R) -> Result<R, JsValue> {
    let mut objects = OBJECTS.0.try_borrow_mut().map_err(|_| busy())?;
    match objects.slots.get_mut(id as usize) {
        Some(Slot::Pager(pager)) => Ok(f(pager)),
        _ => Err(gone()),
    }
}

/// Internal: creates a client: its number, or the error descriptor (a `CoreFailure`, which
/// the entry throws) when an option is invalid or no API key is given. Its log level (0 off …
/// 4 debug) and its API key (for the entry's redaction of what a server echoes) are written
/// into `made` as `logLevel` and `apiKey`: the entry's constructor needs both at once, and
/// two exports asked for them again. (Stored by [`Shared::read`] where it is made, not
/// through [`LooplyClient::new`]'s `Result`, the form the boundary's tests take: the client
/// went through two `Result`s on the stack, 137 bytes of the wasm.)
#[wasm_bindgen(js_name = __new, skip_typescript)]
pub fn create(options: JsValue, made: js_sys::Object) -> JsValue {
    Shared::read(&options, |shared| {
        tell(&made, &shared);
        insert(Slot::Client(Rc::new(LooplyClient { shared })))
    })
    .unwrap_or_else(validation)
}

/// Writes a new client's `logLevel` and `apiKey` into `made` (out of line: inlined into
/// `__new`, LLVM moved the client's state through the stack once more).
#[inline(never)]
fn tell(made: &js_sys::Object, shared: &Shared) {
    put(made, "logLevel", shared.log_level().into());
    put(made, "apiKey", shared.api_key().into());
}

/// Internal: frees object `id` (a client or a pager; a free or unknown number is left as it
/// is). A client's exports in progress keep it until they end.
#[wasm_bindgen(js_name = __free, skip_typescript)]
pub fn free(id: u32) {
    remove(id, false);
}

/// Frees slot `id` if it holds a call (`call`) or an object (not `call`).
fn remove(id: u32, call: bool) {
    if let Ok(mut objects) = OBJECTS.0.try_borrow_mut() {
        objects.remove(id, call);
    }
}

/// Internal: starts a call of endpoint `index` on client `id` (see [`LooplyClient::call_answer`]).
#[wasm_bindgen(js_name = __call, skip_typescript)]
pub fn call(id: u32, index: u32, params: JsValue, options: JsValue) -> JsValue {
    client(id).map_or_else(no_client, |client| {
        client.call_answer(index, params, options)
    })
}

/// Internal: a walk over list endpoint `index` on client `id`: its pager's number, or the
/// error descriptor (see [`LooplyClient::paginate`]).
#[wasm_bindgen(js_name = __paginate, skip_typescript)]
pub fn paginate(id: u32, index: u32, params: JsValue, options: JsValue, start: JsValue) -> JsValue {
    client(id).map_or_else(no_client, |client| {
        client.paginate(index, params, options, start, |pager| {
            insert(Slot::Pager(pager))
        })
    })
}

/// Internal: takes in the end of an attempt of call `call` of client `id`: its record, and
/// the record's `status`, `outcome`, parsed body `json` and its `kind` (`recordStatus`,
/// `recordOutcome`, `recordJson` of it, and `kind` of that: passed, not read back; see [`settle_call`]; a freed
/// client's call answers the freed error).
#[wasm_bindgen(js_name = __settle, skip_typescript)]
pub fn settle(
    id: u32,
    call: u32,
    record: JsValue,
    status: f64,
    outcome: u32,
    json: JsValue,
    kind: u32,
) -> JsValue {
    settle_call(Some(id), call, record, status, outcome, json, kind)
}

/// Internal: forgets call `call` (one that failed, or was abandoned, or whose client was
/// freed; twice is harmless: a number of no call is left as it is).
#[wasm_bindgen(js_name = __forget, skip_typescript)]
pub fn forget(call: u32) {
    remove(call, true);
}

/// Internal: starts pager `id`'s next page's call: its request record (as `__call` answers),
/// or `undefined` once the walk has ended, or the error descriptor (a `CoreFailure`, which
/// the entry throws). Answered, not thrown, as `__call`'s.
#[wasm_bindgen(js_name = __next, skip_typescript)]
pub fn next_call(id: u32) -> JsValue {
    let Ok(mut objects) = OBJECTS.0.try_borrow_mut() else {
        return busy();
    };
    let Some(Slot::Pager(pager)) = objects.slots.get(id as usize) else {
        return gone();
    };
    let Some(req) = pager.cursor.next_request() else {
        return JsValue::UNDEFINED;
    };
    let policy = pager.route.policy;
    // The number the call's slot will have (`insert` answers `free`), for its record
    // while the pager is borrowed from the slab.
    let answer = request_record(objects.free, &req, &pager.route.record);
    objects.insert(Slot::Call(Attempts::new(&req, policy)));
    answer
}

/// Internal: takes in the end of the attempt that ended a page of pager `id`: its record,
/// and the record's `status`, `outcome`, parsed body `json` and its `kind`, as `__settle` takes them
/// (see [`pager::accept`]).
#[wasm_bindgen(js_name = __accept, skip_typescript)]
pub fn accept(
    id: u32,
    record: JsValue,
    status: f64,
    outcome: u32,
    json: JsValue,
    kind: u32,
) -> JsValue {
    pager::accept(
        record,
        status,
        outcome,
        json,
        kind,
        |items, key| -> Result<Result<Accepted, String>, JsValue> {
            with_pager(id, |pager| pager.cursor.accept(items, key))
        },
    )
}
