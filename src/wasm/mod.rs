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
mod js;
pub mod options;
mod pager;
mod rules;
mod shared;
#[cfg(feature = "test-hooks")]
mod test_hooks;

pub use client::LooplyClient;

// Talc instead of the default dlmalloc: a few KB smaller in the shipped wasm (the size
// budget) and faster; it grows the linear memory like dlmalloc and reuses freed blocks.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
