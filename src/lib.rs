//! Client SDK for the Looply Workflow API.
//!
//! The core (every module but `wasm`) is plain Rust: it validates parameters, builds
//! requests, decides retries and checks responses, and is tested natively with
//! `cargo test`. The `wasm` module is the thin layer that binds it to JavaScript (the npm
//! package). With the `client` feature, [`client`] is the crate's own Rust API for Rust
//! WebAssembly apps: [`Client`], typed and `async`, over the same core.

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "client")]
pub use client::Client;

pub mod api;
pub mod config;
pub mod endpoint;
pub mod error;
pub mod executions;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz;
pub mod http;
pub mod pagination;
pub mod params;
pub mod request;
pub mod response;
pub mod retry;
pub mod schedules;
#[cfg(feature = "describe")]
pub mod schema;
pub mod transport;
pub mod workflows;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// A JSON value the API document leaves open (logs, payloads, steps): passed through to
/// JavaScript exactly as the service sent it, never decoded in Rust.
#[cfg(not(feature = "client"))]
#[derive(Debug, Clone, Copy)]
pub struct Opaque;

/// A JSON value the API document leaves open (logs, payloads, steps), as the service sent it.
#[cfg(feature = "client")]
pub type Opaque = serde_json::Value;
