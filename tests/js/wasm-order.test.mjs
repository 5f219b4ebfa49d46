// The npm build's order of the wasm's functions and its data in one segment
// (scripts/wasm-order.mjs), on small modules written here: every order computes what the module
// computed (calls, the table's entries, `ref.func`, exports and the start function renumbered),
// the module's own order gives back its bytes, the search answers a permutation that packs no
// larger, and the joined data segments leave the memory as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import binaryen from 'binaryen';
import { joinDataSegments, orderForGzip, parse, reorder } from '../../scripts/wasm-order.mjs';
import { pack } from '../../scripts/wasm-pack.mjs';
import { sections } from '../../scripts/wasm-table.mjs';

/**
 * Functions that call each other directly, through the table and through a `funcref` global,
 * with a start function and 138 imports and functions in all (so that some indices take two
 * bytes of LEB128, which a reorder changes).
 */
function module() {
  const filler = [...Array(130)].map((_, i) => ` (func $f${i} (result i32) (i32.const ${i * 7 + 1}))`).join('\n');
  const text = `(module
 (type $r (func (result i32)))
 (import "env" "seven" (func $seven (result i32)))
 (global $started (mut i32) (i32.const 0))
 (global $g (mut funcref) (ref.func $twice))
 (table 4 funcref)
 (elem (i32.const 0) $one $twice $f129)
 (elem declare func $twice)
${filler}
 (func $one (result i32) (i32.add (call $seven) (call $f3)))
 (func $twice (result i32) (i32.mul (call $one) (i32.const 2)))
 (func $init (global.set $started (i32.add (call $f129) (call $f0))))
 (func $viaTable (export "viaTable") (param i32) (result i32) (call_indirect (type $r) (local.get 0)))
 (func $viaGlobal (export "viaGlobal") (result i32)
  (table.set (i32.const 3) (global.get $g))
  (call_indirect (type $r) (i32.const 3)))
 (func $direct (export "direct") (result i32) (i32.add (call $twice) (call $f64)))
 (func $started (export "started") (result i32) (global.get $started))
 (start $init)
)`;
  return binary(text);
}

/** What the module's exports answer. */
function answers(bytes) {
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { seven: () => 7 } });
  return [
    exports.viaTable(0),
    exports.viaTable(1),
    exports.viaTable(2),
    exports.viaGlobal(),
    exports.direct(),
    exports.started(),
  ];
}

// Catches an index left as it was or renumbered twice (a call, a table entry, an export, the
// start function), a body cut at the wrong place, and a section's size not rewritten.
test('every order computes what the module computed', () => {
  const bytes = module();
  const expected = answers(bytes);
  const n = parse(bytes).bodies.length;
  const identity = [...Array(n).keys()];
  assert.deepEqual(Buffer.from(reorder(bytes, identity)), Buffer.from(bytes));
  const orders = [[...identity].reverse(), identity.map((i) => (i + 61) % n), identity.map((i) => (i * 37) % n)];
  for (const order of orders) {
    const moved = reorder(bytes, order);
    assert.notDeepEqual(Buffer.from(moved), Buffer.from(bytes));
    assert.deepEqual(answers(moved), expected);
  }
});

test('the moved module validates', () => {
  const bytes = module();
  const n = parse(bytes).bodies.length;
  const moved = reorder(bytes, [...Array(n).keys()].reverse());
  const m = binaryen.readBinary(moved);
  m.setFeatures(binaryen.Features.All);
  assert.ok(m.validate());
  m.dispose();
});

test('an order that is not a permutation is refused', () => {
  const bytes = module();
  const n = parse(bytes).bodies.length;
  assert.throws(() => reorder(bytes, [...Array(n - 1).keys()]), /not a permutation/);
  assert.throws(() => reorder(bytes, [...Array(n).fill(0)]), /not a permutation/);
});

// Catches a search that answers a worse order than the one it started from, or an order that
// depends on something else than the module (the same bytes must get the same order).
test('the search answers a permutation that packs no larger, the same each time', () => {
  const bytes = module();
  const first = orderForGzip(bytes, 200);
  const second = orderForGzip(bytes, 200);
  assert.deepEqual(first.order, second.order);
  assert.ok(first.to <= first.from);
  assert.deepEqual(
    [...first.order].sort((a, b) => a - b),
    [...Array(first.order.length).keys()],
  );
  assert.deepEqual(answers(first.bytes), answers(module()));
});

// Catches a score that is not the build's: the text packed with other codes than the ordered
// module's own (pack's), or without the bytes that follow it.
test('the search scores an order as the build packs it, with what follows the text', () => {
  const bytes = module();
  const after = Buffer.from('"}\nconst e=new TextDecoder;export{e}');
  const found = orderForGzip(bytes, 100, { seed: 7, after });
  const text = Buffer.from(pack(found.bytes).text, 'latin1');
  assert.equal(found.to, gzipSync(Buffer.concat([text, after]), { level: 9 }).length);
  assert.ok(found.to <= found.from);
});

/** The binary of the module `text`, every feature on. */
function binary(text) {
  const m = binaryen.parseText(text);
  m.setFeatures(binaryen.Features.All);
  const bytes = m.emitBinary();
  m.dispose();
  return bytes;
}

/** The memory of a module's instance, as it is after instantiation. */
function memoryOf(bytes) {
  return Buffer.from(new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.memory.buffer);
}

// Catches a segment written at the wrong offset or with its gap's zeros miscounted, a segment
// lost, the data count left as it was (the module would not validate), and segments too far
// apart joined all the same.
test('data segments near each other become one, and the memory is as it was', () => {
  const bytes = binary(`(module
 (memory (export "memory") 1)
 (data (i32.const 2000) "far")
 (data (i32.const 16) "abc")
 (data (i32.const 24) "de\\00\\01")
 (data (i32.const 1100) "x")
 (func (export "f") (result i32) (i32.load8_u (i32.const 17)))
)`);
  const joined = joinDataSegments(bytes);
  assert.ok(WebAssembly.validate(joined));
  assert.deepEqual(memoryOf(joined), memoryOf(bytes));
  const data = sections(joined).find((s) => s.id === 11);
  assert.equal(joined[data.start], 2, 'the segments at 16, 24 and 1,100 one; the one at 2,000 (900 B on) its own');
});

test('a passive data segment is refused (it is named by its index)', () => {
  const bytes = binary(`(module
 (memory 1)
 (data (i32.const 16) "abc")
 (data $p "passive")
 (func (export "f") (memory.init $p (i32.const 0) (i32.const 0) (i32.const 1)))
)`);
  assert.throws(() => joinDataSegments(bytes), /not active/);
});
