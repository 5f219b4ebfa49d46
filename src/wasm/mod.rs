//! The thin JavaScript layer: converts values at the boundary and nothing else.
//!
//! Everything that decides anything lives in the plain-Rust modules; this one maps
//! JavaScript values to [`crate::params::Raw`], implements [`crate::transport::Transport`]
//! over `fetch` (through `js/transport.js`), and turns [`crate::error::Error`] into the
//! plain objects that the package's JavaScript entry rethrows as error classes.

mod client;
mod errors;
mod fetch;
mod fields;
mod js;
mod pager;

pub use client::LooplyClient;
