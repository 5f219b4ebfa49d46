//! The externref table's free slots: where wasm-bindgen keeps the JavaScript values the wasm
//! holds (each `JsValue` is a slot of that table), the npm build's own allocator of slots.
//!
//! wasm-bindgen's (`__externref_table_alloc` and `__externref_table_dealloc`, in its
//! `src/externref.rs`) keeps the free slots in a `RefCell` of a slab grown 128 slots at a time
//! by `try_reserve_exact`, with a trap for each thing that cannot happen: 460 bytes of the
//! wasm. These two do the same with a stack of the free slots: a slot handed out is not
//! handed out again until it is freed; freeing it nulls it in the table (the value can be
//! collected), except the fixed slots below `__wbindgen_externref_statics_end()`; and when
//! no slot is free, the table grows by one, whose new slot is handed out. The build
//! (scripts/build.mjs, `ownSlotAllocator` in scripts/wasm-table.mjs) exports these two under
//! wasm-bindgen's names before wasm-bindgen runs, so that every shim it writes calls them and
//! its own pair, unused, is dropped; it fails if either pair is missing.

use core::cell::UnsafeCell;

// wasm-bindgen's intrinsics (the same declarations as its `src/externref.rs`): its CLI
// rewrites each call in the whole module to a `table.grow`, `table.set` of null, and an
// `i32.const` of the first slot after the fixed ones.
#[link(wasm_import_module = "__wbindgen_externref_xform__")]
extern "C" {
    fn __wbindgen_externref_table_grow(delta: i32) -> i32;
    fn __wbindgen_externref_table_set_null(idx: u32);
    fn __wbindgen_externref_statics_end() -> u32;
}

/// The free slots, the last freed on top.
struct Free(UnsafeCell<Vec<u32>>);

// SAFETY: the npm build's wasm has one thread (as the allocator's, src/wasm/heap.rs), and
// neither function below calls anything that could call them again.
#[cfg(not(target_feature = "atomics"))]
unsafe impl Sync for Free {}

static FREE: Free = Free(UnsafeCell::new(Vec::new()));

/// A slot of the table that no one holds: the last freed, else a new one.
#[no_mangle]
pub extern "C" fn __looply_xref_alloc() -> u32 {
    // SAFETY: one thread, not re-entered (above).
    let free = unsafe { &mut *FREE.0.get() };
    if let Some(slot) = free.pop() {
        return slot;
    }
    // SAFETY: rewritten by wasm-bindgen's CLI into a `table.grow` of the externref table.
    let slot = unsafe { __wbindgen_externref_table_grow(1) };
    if slot < 0 {
        // The table cannot grow: a trap, as wasm-bindgen's.
        core::arch::wasm32::unreachable()
    }
    slot as u32
}

/// Gives `slot` back: its value let go, the slot free for the next [`__looply_xref_alloc`].
#[no_mangle]
pub extern "C" fn __looply_xref_dealloc(slot: u32) {
    // SAFETY: rewritten by wasm-bindgen's CLI into a constant.
    if slot < unsafe { __wbindgen_externref_statics_end() } {
        return;
    }
    // SAFETY: rewritten by wasm-bindgen's CLI into a `table.set` of null.
    unsafe { __wbindgen_externref_table_set_null(slot) };
    // SAFETY: as in `__looply_xref_alloc`.
    let free = unsafe { &mut *FREE.0.get() };
    free.push(slot);
}
