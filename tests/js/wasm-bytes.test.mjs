// The inlined wasm decodes to the shipped .wasm byte for byte along each of its three paths:
// Buffer (Node, Deno, Bun), Uint8Array.fromHex (current browsers) and a loop (older
// browsers). Node has Buffer, so the other two are reached by shadowing the globals the
// generated module reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const glue = new URL('../../build/glue/', import.meta.url);
const source = readFileSync(new URL('wasm-bytes.js', glue), 'utf8');
const shipped = readFileSync(new URL('../../pkg/looply_sdk_bg.wasm', import.meta.url));

/** `wasmBytes()` of the generated module, run with these globals. */
// biome-ignore lint/suspicious/noShadowRestrictedNames: the globals the module sees, replaced on purpose
function decode({ Buffer, Uint8Array }) {
  assert.match(source, /export function wasmBytes\(\)/);
  const body = source.replace('export function wasmBytes', 'function wasmBytes');
  return new Function('Buffer', 'Uint8Array', `${body}\nreturn wasmBytes();`)(Buffer, Uint8Array);
}

class NoFromHex extends Uint8Array {}
Object.defineProperty(NoFromHex, 'fromHex', { value: undefined });

test('Buffer: the bytes of the shipped .wasm', () => {
  const bytes = decode({ Buffer, Uint8Array: NoFromHex });
  assert.ok(Buffer.from(bytes).equals(shipped));
});

test('Uint8Array.fromHex (current browsers): the same bytes', () => {
  let used = false;
  class WithFromHex extends Uint8Array {
    static fromHex(s) {
      used = true;
      return new Uint8Array(Buffer.from(s, 'hex'));
    }
  }
  const bytes = decode({ Buffer: undefined, Uint8Array: WithFromHex });
  assert.ok(used, 'fromHex was not used');
  assert.ok(Buffer.from(bytes).equals(shipped));
});

test('a loop (older browsers): the same bytes', () => {
  const bytes = decode({ Buffer: undefined, Uint8Array: NoFromHex });
  assert.ok(Buffer.from(bytes).equals(shipped));
});

test('the wasm is inlined in both entries, as hex of the shipped file', () => {
  const hex = shipped.toString('hex');
  for (const entry of ['index.mjs', 'index.cjs']) {
    const text = readFileSync(new URL(`../../pkg/${entry}`, import.meta.url), 'utf8');
    assert.ok(text.includes(hex), `${entry} does not hold the shipped wasm`);
    assert.ok(text.startsWith('//# allFunctionsCalledOnLoad'), `${entry} lacks V8's compile hint`);
  }
});
