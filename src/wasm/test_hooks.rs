//! Test builds only (`--features test-hooks`): exports that make the instance trap, so
//! that the package's recovery can be tested. Never in the published package.

use js_sys::Promise;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// Traps at once.
#[wasm_bindgen(js_name = __looplyTestTrap, skip_typescript)]
pub fn test_trap() {
    core::arch::wasm32::unreachable()
}

/// Traps inside a promise continuation, once `after` settles.
#[wasm_bindgen(js_name = __looplyTestTrapAfter, skip_typescript)]
pub fn test_trap_after(after: Promise) -> Promise {
    future_to_promise(async move {
        let _ = JsFuture::from(after).await;
        core::arch::wasm32::unreachable()
    })
}
