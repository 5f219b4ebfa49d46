// The inlined wasm unpacks to the shipped .wasm byte for byte along each of its paths: the
// packed text into the decoder's memory by Buffer (Node, Deno, Bun), TextEncoder (browsers)
// or a loop, and the decoder's own hex by Buffer, Uint8Array.fromHex or a loop. Node has
// Buffer, so the others are reached by shadowing the globals the generated module reads.
// And the packing itself (scripts/wasm-pack.mjs), on every byte value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ALPHABET, TEXT_AT, decoderModule, pack, unpack } from '../../scripts/wasm-pack.mjs';

const glue = new URL('../../build/glue/', import.meta.url);
const source = readFileSync(new URL('wasm-bytes.js', glue), 'utf8');
const shipped = readFileSync(new URL('../../pkg/looply_sdk_bg.wasm', import.meta.url));
const packed = readFileSync(new URL('wasm-packed.txt', glue), 'utf8');

/** `wasmBytes()` of the generated module, run with these globals. */
// biome-ignore lint/suspicious/noShadowRestrictedNames: the globals the module sees, replaced on purpose
function decode({ Buffer, Uint8Array, TextEncoder }) {
  assert.match(source, /export function wasmBytes\(\)/);
  const body = source.replace('export function wasmBytes', 'function wasmBytes');
  return new Function('Buffer', 'Uint8Array', 'TextEncoder', `${body}\nreturn wasmBytes();`)(
    Buffer,
    Uint8Array,
    TextEncoder,
  );
}

class NoFromHex extends Uint8Array {}
Object.defineProperty(NoFromHex, 'fromHex', { value: undefined });

test('Buffer: the bytes of the shipped .wasm', () => {
  const bytes = decode({ Buffer, Uint8Array: NoFromHex, TextEncoder: undefined });
  assert.ok(Buffer.from(bytes).equals(shipped));
});

test('TextEncoder and Uint8Array.fromHex (current browsers): the same bytes', () => {
  let used = 0;
  class WithFromHex extends Uint8Array {
    static fromHex(s) {
      used++;
      return new Uint8Array(Buffer.from(s, 'hex'));
    }
  }
  class Encoder extends TextEncoder {
    encodeInto(s, view) {
      used++;
      return super.encodeInto(s, view);
    }
  }
  const bytes = decode({ Buffer: undefined, Uint8Array: WithFromHex, TextEncoder: Encoder });
  assert.equal(used, 2, 'fromHex and encodeInto were not both used');
  assert.ok(Buffer.from(bytes).equals(shipped));
});

test('loops (older browsers, jsdom): the same bytes', () => {
  const bytes = decode({ Buffer: undefined, Uint8Array: NoFromHex, TextEncoder: undefined });
  assert.ok(Buffer.from(bytes).equals(shipped));
});

test('the packed text unpacks in JavaScript too, and every byte value round-trips', () => {
  // The decoder module's order table is the packing's: the same text, unpacked by the reference.
  const { text, order } = pack(shipped);
  assert.equal(text, packed);
  assert.ok(Buffer.from(unpack(text, order)).equals(shipped));
  const every = Uint8Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256);
  const all = pack(every);
  assert.ok(Buffer.from(unpack(all.text, all.order)).equals(Buffer.from(every)));
  assert.ok([...all.text].every((c) => ALPHABET.includes(c)));
  for (const c of `'"\`\\<\n`) assert.ok(!ALPHABET.includes(c), `the alphabet has ${JSON.stringify(c)}`);
  // The 88 most frequent byte values take one character each; the others two. A one-character
  // value that is a character of the alphabet other than the escapes is its own code.
  const words = pack(Buffer.from('must be an object'.repeat(20)));
  assert.equal(words.text, 'must be an object'.repeat(20));
  const ones = pack(Uint8Array.from({ length: 88 }, (_, i) => i));
  assert.equal(ones.text.length, 88);
  const twos = pack(Uint8Array.from({ length: 256 }, (_, i) => i));
  assert.equal(twos.text.length, 88 + 2 * 168);
});

// Catches a decoder whose tables, built from the mask of single-character values, give a
// code another byte than pack's order does (a wrong step past a left-out character or a
// character its own value takes, or at the end of the first row of two-character codes):
// every byte value, each code once.
test('the decoder module rebuilds every code from its mask', () => {
  const asm = new URL('../../node_modules/.bin/wasm-as', import.meta.url).pathname;
  for (const bytes of [
    Uint8Array.from({ length: 256 }, (_, i) => 255 - i),
    Uint8Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256),
    // Mostly printable ASCII (most one-character values are their own code, the rest take the
    // characters left between them), with every other value too.
    Uint8Array.from({ length: 4096 }, (_, i) => (i % 3 ? 32 + ((i * 31) % 95) : (i * 7919) % 256)),
  ]) {
    const { text, order } = pack(bytes);
    const { m, u } = new WebAssembly.Instance(new WebAssembly.Module(decoderModule(asm, order, text, bytes.length)))
      .exports;
    Buffer.from(m.buffer).write(text, TEXT_AT, 'latin1');
    const out = new Uint8Array(m.buffer).subarray(TEXT_AT + text.length, u());
    assert.ok(Buffer.from(out).equals(Buffer.from(bytes)));
  }
});

// Catches the build's removal of exports the glue never reads (scripts/build.mjs,
// unreadExports) missing one, or removing one the glue reads (the entry would fail to load).
test('the shipped wasm exports what the glue reads, and nothing else', () => {
  const text = readFileSync(new URL('looply_sdk.js', glue), 'utf8');
  const read = new Set([...text.matchAll(/\bwasm\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));
  const exported = WebAssembly.Module.exports(new WebAssembly.Module(shipped)).map((e) => e.name);
  assert.deepEqual(
    exported.filter((name) => !read.has(name)),
    [],
  );
  assert.deepEqual(
    [...read].filter((name) => !exported.includes(name)),
    [],
  );
});

test('the wasm is inlined in both entries, packed, as the shipped file', () => {
  for (const entry of ['index.mjs', 'index.cjs']) {
    const text = readFileSync(new URL(`../../pkg/${entry}`, import.meta.url), 'utf8');
    assert.ok(text.includes(`"${packed}"`) || text.includes(`'${packed}'`), `${entry} does not hold the shipped wasm`);
    assert.ok(text.startsWith('//# allFunctionsCalledOnLoad'), `${entry} lacks V8's compile hint`);
  }
});
