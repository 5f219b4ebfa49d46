// The wasm core for edge runtimes that resolve the `edge-light` condition (Next.js's
// `runtime = 'edge'`, Vercel Edge Functions). They forbid compiling WebAssembly from bytes at
// run time; `?module` is their convention for "hand me this .wasm compiled, as a
// WebAssembly.Module" (Next emits the file and injects the compiled module).
import wasmModule from './looply_sdk_bg.wasm?module';

export function wasmBytes() {
  // Next's edge sandbox runs the code in its own realm but compiles the injected module in the
  // host's, so the glue's `module instanceof WebAssembly.Module` is false and it would try to
  // compile the module as bytes. Give the (genuine) module this realm's prototype.
  const isModule = Object.prototype.toString.call(wasmModule) === '[object WebAssembly.Module]';
  if (isModule && !(wasmModule instanceof WebAssembly.Module)) {
    Object.setPrototypeOf(wasmModule, WebAssembly.Module.prototype);
  }
  return wasmModule;
}
