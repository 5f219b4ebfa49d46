// The inlined wasm unpacks to the shipped .wasm byte for byte along each of its paths: the
// packed text into the decoder's memory by Buffer (Node, Deno, Bun), TextEncoder (browsers)
// or a loop, and the decoder's own hex by Buffer, Uint8Array.fromHex or a loop. Node has
// Buffer, so the others are reached by shadowing the globals the generated module reads.
// And the packing itself (scripts/wasm-pack.mjs), on every byte value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import binaryen from 'binaryen';
import { ALPHABET, TEXT_AT, decoderModule, pack, packWasm, runDecoder, unpack } from '../../scripts/wasm-pack.mjs';
import { join, split } from '../../scripts/wasm-streams.mjs';

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
  const streams = split(shipped);
  const { text, order } = pack(streams.bytes);
  // The entries' literal: the decoder module's hex, then the text (wasm-pack.mjs, inlined).
  assert.equal(packed.slice(packed.length - text.length), text);
  assert.match(packed.slice(0, packed.length - text.length), /^0061736d01000000(?:[0-9a-f]{2})+$/);
  assert.ok(Buffer.from(unpack(text, order)).equals(Buffer.from(streams.bytes)));
  assert.ok(Buffer.from(join(streams)).equals(shipped));
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

const asm = new URL('../../node_modules/.bin/wasm-as', import.meta.url).pathname;

/**
 * A module with every kind of instruction split() knows (scripts/wasm-streams.mjs): locals of
 * two types, calls, ref.func, globals, table.get/set/grow/size/fill, ref.null, memory.size/grow,
 * each load and store width with offsets and alignments, i32/i64/f32/f64 constants, blocks with
 * types, br, br_if, br_table, 0xfc's saturating conversions, memory.copy/fill, a function
 * taking more than 127 bytes of LEB128-sized code (two-byte body size), and data addresses
 * (ADDRESS: the range's ends and the values just outside it, differences of one to four bytes
 * either way).
 */
function everyInstruction() {
  const filler = [...Array(40)].map((_, i) => `(drop (i32.const ${i * 1000}))`).join(' ');
  const m = binaryen.parseText(`(module
 (type $t (func (param i32) (result i32)))
 (memory 1)
 (table $r 2 externref)
 (global $g (mut i32) (i32.const 5))
 (global $h (mut f64) (f64.const 1.5))
 (elem declare func $a)
 (func $a (param $x i32) (result i32) (local $y i64) (local $z f32) (local $w f64)
  (local.set $y (i64.const -1234567890123))
  (local.set $z (f32.const 3.25))
  (local.set $w (f64.const -0.1))
  (i64.store offset=1000 align=4 (local.get $x) (local.get $y))
  (f32.store offset=8 (local.get $x) (local.get $z))
  (f64.store (local.get $x) (local.get $w))
  (i32.store16 offset=70000 (local.get $x) (i32.load8_s offset=3 (local.get $x)))
  (i64.store32 (local.get $x) (i64.load16_u offset=200 (local.get $x)))
  (global.set $g (i32.add (global.get $g) (i32.trunc_sat_f64_u (global.get $h))))
  (drop (i64.trunc_sat_f32_s (local.get $z)))
  (memory.copy (local.get $x) (i32.const 64) (i32.const 16))
  (memory.fill (local.get $x) (i32.const 0) (i32.const 8))
  (drop (memory.grow (i32.const 0)))
  (drop (memory.size))
  (table.set $r (i32.const 1) (table.get $r (i32.const 0)))
  (drop (table.grow $r (ref.null extern) (i32.const 1)))
  (table.fill $r (i32.const 0) (ref.null extern) (table.size $r))
  (drop (ref.func $a))
  (drop (i32.const 1048575)) (drop (i32.const 1048576)) (drop (i32.const 1048600)) (drop (i32.const 1049000))
  (drop (i32.const 1100000)) (drop (i32.const 134217727)) (drop (i32.const 1048577)) (drop (i32.const 134217728))
  (block $out (result i32)
   (loop $again
    (br_if $again (i32.eqz (local.get $x)))
    (block $b0
     (block $b1
      (block $b2 (br_table $b0 $b1 $b2 $b1 (i32.and (local.get $x) (i32.const 3))))
      (br $out (i32.const 1)))
     (br $out (call $a (i32.const 0)))))
   (if (result i32) (local.get $x) (then (i32.const 2)) (else (i32.const 3)))))
 (func $long (export "long") (result i32) ${filler} (call $a (i32.const 300)))
)`);
  m.setFeatures(binaryen.Features.All);
  const bytes = m.emitBinary();
  m.dispose();
  return bytes;
}

// Catches a stream read for the wrong kind of immediate, an immediate left out or copied twice,
// an opcode taken for another (0xfc's numbers, br_table's vector, the floats' raw bytes), a
// position not advanced, a body's end or a locals' group miscounted: the module as it was, byte
// for byte, by the decoder module and by the JavaScript reference; and the shipped wasm's.
test('the decoder module joins the streams of the code again, every kind of instruction', () => {
  for (const bytes of [everyInstruction(), shipped]) {
    const streams = split(bytes);
    assert.notDeepEqual(Buffer.from(streams.bytes), Buffer.from(bytes));
    assert.ok(Buffer.from(join(streams)).equals(Buffer.from(bytes)));
    const { text, decoder, skip } = packWasm(asm, bytes);
    assert.ok(Buffer.from(runDecoder(decoder, text, skip)).equals(Buffer.from(bytes)));
  }
});

// Catches split() passing an instruction through that the decoder would misread (it knows
// only the immediates IMMEDIATES lists): a typed select's vector of types.
test('split() refuses an instruction it does not know', () => {
  const m = binaryen.parseText(`(module (func (param externref externref i32) (result externref)
    (select (result externref) (local.get 0) (local.get 1) (local.get 2))))`);
  m.setFeatures(binaryen.Features.All);
  const bytes = m.emitBinary();
  m.dispose();
  assert.throws(() => split(bytes), /does not know \(0x1c\)/);
});

// Catches split() dropping a body's size that the decoder would not write back the same (it
// finds the body's end by its blocks and writes the size in the fewest bytes, one or two:
// BODY_SIZE): a size in more bytes than it needs, a body of 16 KiB, code after the `end` that
// closes the body.
test('split() refuses a body whose size the decoder would not write back', () => {
  // One function of type () -> (), its body `body` after its size's bytes `size`.
  const module = (size, body) =>
    Uint8Array.from([
      ...[0, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
      ...[1, 4, 1, 0x60, 0, 0],
      ...[3, 2, 1, 0],
      ...[10, 1 + size.length + body.length, 1, ...size, ...body],
    ]);
  assert.doesNotThrow(() => split(module([3], [0, 0x01, 0x0b])));
  assert.throws(() => split(module([0x83, 0], [0, 0x01, 0x0b])), /fewest bytes/);
  assert.throws(() => split(module([4], [0, 0x0b, 0x01, 0x0b])), /goes on after/);
  assert.throws(() => split(module([3], [0, 0x02, 0x40, 0x0b].slice(0, 3))), /does not end|inside/);
  const filler = [...Array(5000)].map((_, i) => `(drop (i32.const ${i}))`).join(' ');
  const m = binaryen.parseText(`(module (func ${filler}))`);
  const big = m.emitBinary();
  m.dispose();
  assert.throws(() => split(big), /16 KiB/);
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
