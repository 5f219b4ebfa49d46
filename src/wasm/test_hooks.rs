//! Test builds only (`--features test-hooks`): an export that makes the instance trap, so
//! that the package's recovery can be tested. Never in the published package.

use wasm_bindgen::prelude::wasm_bindgen;

/// Traps at once.
#[wasm_bindgen(js_name = __looplyTestTrap, skip_typescript)]
pub fn test_trap() {
    core::arch::wasm32::unreachable()
}
