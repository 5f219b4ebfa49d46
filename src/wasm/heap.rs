//! The npm package's allocator: size classes four to each power of two (16, 20, 24, 28, 32,
//! 40, … bytes), each a list of freed blocks, over memory grown by whole pages.
//!
//! The core allocates a few dozen small strings and vectors a call and frees them all when
//! the call ends, so the next call finds the same sizes free: a freed block goes back to its
//! class and serves the next request of that class, which keeps the memory flat across an
//! app's calls (tests/js/memory.test.mjs). Blocks are never split or merged: a request takes
//! at most a quarter more than its size (a 9 MiB payload: a 10 MiB block; power-of-two
//! classes took 16). In exchange the allocator is about 0.55 KB of wasm with its `realloc`,
//! where talc's was 1.3 KB (the shipped wasm 517 bytes smaller, 257 gzipped, when this one was
//! 0.8 KB).

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::ptr::{copy_nonoverlapping, null_mut};

/// The smallest block: 16 bytes (a freed block holds the next one's address).
const MIN_SIZE: usize = 16;
/// How many classes: four for each power of two up to 2 GiB (see [`class_of`]; the first
/// three, below 16 bytes, stay empty).
const CLASSES: usize = 112;
/// A wasm page.
const PAGE: usize = 65536;
/// wasm32's whole memory, in pages (4 GiB, one past what a `usize` holds).
const MAX_PAGES: usize = 65536;
/// Blocks are aligned to their size, up to this (a request aligned to more fails).
const MAX_ALIGN: usize = 4096;

/// The free lists (each the address of its first block, 0 when empty) and the part of the
/// last grown memory not yet handed out (`next` to `end`).
struct State {
    free: [usize; CLASSES],
    next: usize,
    end: usize,
}

/// The allocator (see the module's documentation).
pub struct SizeClasses(UnsafeCell<State>);

// SAFETY: the npm build's wasm has one thread (no `atomics` target feature: with it, this
// impl is left out and the `#[global_allocator]` static does not compile), so the state is
// never touched from two threads.
#[cfg(not(target_feature = "atomics"))]
unsafe impl Sync for SizeClasses {}

impl SizeClasses {
    /// An allocator with no memory yet: it grows the memory at its first allocation.
    pub const fn new() -> Self {
        SizeClasses(UnsafeCell::new(State {
            free: [0; CLASSES],
            next: 0,
            end: 0,
        }))
    }
}

impl Default for SizeClasses {
    fn default() -> Self {
        Self::new()
    }
}

/// The class of `layout`: an index into the free lists, past them ([`NO_CLASS`]) when there
/// is none (aligned to more than [`MAX_ALIGN`]). The size is rounded up to `m × 2^e` with `m`
/// from 5 to 8: the class is `4 × (e − 1) + m − 5`, at most 111 for a layout's largest size,
/// `isize::MAX` (8 × 2^28; `alloc` and `dealloc` would refuse a class past the table all the
/// same, by `get_mut`). One word, not the class and its size: an `Option` of the pair came
/// back through memory to each of the four callers, and only a carve needs the size
/// ([`block_size`]). Inlined into `alloc`, `dealloc` and `realloc` (twice): out of line, a
/// call of the SDK entered it six times (three allocations, three frees); inlined, the
/// wasm is 103 B larger raw, 21 B gzipped (docs/benchmarks-log.md, branch `nheap`).
#[inline(always)]
fn class_of(layout: Layout) -> usize {
    if layout.align() > MAX_ALIGN {
        return NO_CLASS;
    }
    // At least 15: `less` has 4 bits or more, so `e` is at least 1 and the class at least 0
    // (the subtractions cannot wrap).
    let less = layout.size().max(layout.align()).max(MIN_SIZE) - 1;
    // The shift that leaves `less` three bits, 4 to 7.
    let e = (usize::BITS - less.leading_zeros()).wrapping_sub(3);
    let m = (less >> e) + 1;
    (4 * (e as usize) + m).wrapping_sub(9)
}

/// What [`class_of`] answers for a layout that no class serves.
const NO_CLASS: usize = usize::MAX;

/// The size of the blocks of `class` (as [`class_of`] numbers them): `m × 2^e`.
fn block_size(class: usize) -> usize {
    (5 + class % 4) << (class / 4 + 1)
}

impl State {
    /// A block of `size` bytes aligned to its largest power of two up to [`MAX_ALIGN`], from
    /// the memory not yet handed out, growing it when it is short; null when it cannot grow.
    fn carve(&mut self, size: usize) -> *mut u8 {
        // The largest power of two in `size`: at least any alignment its class serves.
        let align = (1usize << (usize::BITS - 1 - size.leading_zeros())).min(MAX_ALIGN);
        // (`next` and `end` stay below 4 GiB − 64 KiB, wasm32's last page, and `size` below
        // 2 GiB + 4 KiB: only `at + size` could wrap.)
        let mut at = (self.next + (align - 1)) & !(align - 1);
        if at.checked_add(size).is_none_or(|last| last > self.end) {
            // Enough pages for the block wherever the aligned start falls.
            let pages = (size + align).div_ceil(PAGE);
            let old = core::arch::wasm32::memory_grow(0, pages);
            // `end` must fit a `usize`: the last page stays unused.
            if old == usize::MAX || old + pages >= MAX_PAGES {
                return null_mut();
            }
            let start = old * PAGE;
            if start != self.end {
                // The first growth (or memory someone else grew): start afresh there.
                at = start;
            }
            self.end = (old + pages) * PAGE;
        }
        self.next = at + size;
        at as *mut u8
    }
}

// SAFETY: each block handed out is `size` bytes aligned to the largest power of two in
// `size` (up to MAX_ALIGN), where `size` is at least the layout's size and alignment (a power
// of two, so at most that power), and is handed out again only after
// `dealloc` gave it back (for a layout of the same class, as GlobalAlloc's contract says).
unsafe impl GlobalAlloc for SizeClasses {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let class = class_of(layout);
        // SAFETY: one thread, and no call here re-enters the allocator.
        let state = unsafe { &mut *self.0.get() };
        let Some(head) = state.free.get_mut(class) else {
            return null_mut();
        };
        if *head != 0 {
            let block = *head as *mut u8;
            // SAFETY: a freed block of this class holds the next one's address.
            *head = unsafe { *(block as *const usize) };
            return block;
        }
        state.carve(block_size(class))
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let class = class_of(layout);
        // SAFETY: as in `alloc`.
        let state = unsafe { &mut *self.0.get() };
        if let Some(head) = state.free.get_mut(class) {
            // SAFETY: `ptr` is a block of this class (at least 16 bytes, aligned) that the
            // caller no longer uses.
            unsafe { *(ptr as *mut usize) = *head };
            *head = ptr as usize;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: GlobalAlloc's contract: `new_size` rounded to the alignment fits an isize.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // `layout` is of a block handed out here (GlobalAlloc's contract), so aligned to at
        // most MAX_ALIGN, as `new` is: neither class is NO_CLASS.
        if class_of(new) == class_of(layout) {
            // The block already has room (or is the one a shrink would take).
            return ptr;
        }
        // SAFETY: `new` is a valid layout (above).
        let out = unsafe { self.alloc(new) };
        if !out.is_null() {
            // SAFETY: both blocks hold at least the smaller size; they are distinct blocks.
            unsafe {
                copy_nonoverlapping(ptr, out, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        out
    }
}
