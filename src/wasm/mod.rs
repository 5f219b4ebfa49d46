//! The thin JavaScript layer: converts values at the boundary and nothing else.
//!
//! Everything that decides anything lives in the plain-Rust modules; this one maps
//! JavaScript values to [`crate::params::Raw`], keeps each call's request and retry loop
//! ([`crate::transport::Attempts`]) for the package entry to drive over `fetch` (through
//! `pkg-template/src/transport.js`), and turns [`crate::error::Error`] into the plain objects that the
//! entry rethrows as error classes. No Rust future sits between `fetch` and the caller.

mod calls;
mod client;
mod errors;
mod fetch;
mod fields;
pub mod heap;
mod js;
pub mod objects;
pub mod options;
mod pager;
mod rules;
mod shared;
#[cfg(feature = "test-hooks")]
mod test_hooks;
mod xref;

pub use client::LooplyClient;

// Size classes instead of the default dlmalloc (or talc, used until 2026-12-05): a few KB
// smaller in the shipped wasm than dlmalloc, 0.5 KB smaller than talc, and O(1); it grows
// the linear memory like them and reuses freed blocks (see heap.rs).
#[global_allocator]
static ALLOCATOR: heap::SizeClasses = heap::SizeClasses::new();
