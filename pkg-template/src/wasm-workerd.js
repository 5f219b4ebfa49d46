// The wasm core for Cloudflare's workerd, which forbids compiling WebAssembly from bytes
// at run time: there the .wasm file is imported as a module (wrangler, and workerd's
// `wasm` module type, hand it over already compiled).
import wasmModule from './looply_sdk_bg.wasm';

export function wasmBytes() {
  return wasmModule;
}
