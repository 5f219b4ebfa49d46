// The npm build's pruning of the wasm's function table (scripts/wasm-table.mjs), on small
// modules written here: the entries of closure invokers and JSPI wakers point at the abort,
// every other entry stays, and wasm-opt then drops what nothing else holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import binaryen from 'binaryen';
import { TRAP, blankUnreadTexts, pruneTable } from '../../scripts/wasm-table.mjs';

/** A module with a table of `entries` (function names, each its own body) and `__rust_abort`. */
function module(entries, { names = true, offset = 1 } = {}) {
  // Bodies that differ (wasm-opt would merge identical ones): each sets the global to its place.
  const funcs = [...new Set(entries)]
    .map((f, i) => ` (func $"${f}" (type $t) (global.set $g (i32.const ${i + 1})))`)
    .join('\n');
  return emit(
    `(module
 (type $t (func))
 (global $g (export "g") (mut i32) (i32.const 0))
 (table ${entries.length + offset} funcref)
 (elem (i32.const ${offset}) ${entries.map((f) => `$"${f}"`).join(' ')})
${funcs}
 (func $std::__rustc::__rust_abort (type $t) unreachable)
 (func $main (export "main") (param i32) (call_indirect (type $t) (local.get 0)))
)`,
    names,
  );
}

/** The binary of the module `text`, with its name section when `names`. */
function emit(text, names = true) {
  const m = binaryen.parseText(text);
  binaryen.setDebugInfo(names);
  const bytes = m.emitBinary();
  m.dispose();
  binaryen.setDebugInfo(false);
  return bytes;
}

/** The functions a module keeps after `wasm-opt -Oz`, by the table's order. */
function tableAfterOptimizing(bytes) {
  const m = binaryen.readBinary(bytes);
  binaryen.setOptimizeLevel(2);
  binaryen.setShrinkLevel(2);
  m.optimize();
  const count = m.getNumFunctions();
  m.dispose();
  return count;
}

// Catches an entry pointed at the abort that the package might call (any but the invokers
// and wakers), an invoker left in place, a module broken by the rewrite, and a changed module
// where the pruning cannot know what it does (no names, another element segment form).
test('closure invokers and JSPI wakers point at the abort; every other entry stays', () => {
  const entries = [
    'keep::Fields>::field',
    'wasm_bindgen::convert::closures::_::invoke::<JsValue, u32>',
    'js_sys::futures::jspi::task_waker::raw_wake',
    'keep::other',
    'wasm_bindgen::convert::closures::_::invoke::<f64>',
  ];
  const before = module(entries);
  const { bytes, pruned } = pruneTable(before);
  assert.equal(pruned, 3);
  assert.ok(WebAssembly.validate(bytes));
  // Before: the five of the table and main (the abort is unused). After: the two kept, the
  // abort and main; the three pruned are gone.
  assert.equal(tableAfterOptimizing(before), 6);
  assert.equal(tableAfterOptimizing(bytes), 4);
  // What the table holds at each place: the kept ones where they were.
  const m = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  assert.throws(() => m.exports.main(2), WebAssembly.RuntimeError, 'an invoker now traps');
  m.exports.main(1);
  assert.equal(m.exports.g.value, 1, 'the first kept one is where it was');
  m.exports.main(4);
  assert.equal(m.exports.g.value, 4, 'the second kept one is where it was');

  for (const unchanged of [module(entries, { names: false }), module(entries, { offset: 300 })]) {
    const r = pruneTable(unchanged);
    if (r.pruned === 0) assert.deepEqual(r.bytes, new Uint8Array(unchanged));
  }
  assert.equal(pruneTable(module(entries, { names: false })).pruned, 0, 'without names, nothing');
  assert.equal(pruneTable(module(entries, { offset: 300 })).pruned, 3, 'a longer offset');
});

// The npm build's standard library panics with `immediate-abort`, so its wasm has no
// `__rust_abort`: the entries go to the crate's exported trap, found by its export (LLVM may
// merge it with another trap, whose name the name section then gives it).
test('without __rust_abort, the entries point at the trap exported as TRAP', () => {
  const before = emit(`(module
 (type $t (func))
 (global $g (export "g") (mut i32) (i32.const 0))
 (table 3 funcref)
 (elem (i32.const 1) $keep $"wasm_bindgen::convert::closures::_::invoke::<JsValue>")
 (func $keep (type $t) (global.set $g (i32.const 1)))
 (func $"wasm_bindgen::convert::closures::_::invoke::<JsValue>" (type $t) (global.set $g (i32.const 2)))
 (func $another_trap (export "${TRAP}") (type $t) unreachable)
 (func $main (export "main") (param i32) (call_indirect (type $t) (local.get 0)))
)`);
  const { bytes, pruned } = pruneTable(before);
  assert.equal(pruned, 1);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  assert.throws(() => instance.exports.main(2), WebAssembly.RuntimeError, 'the invoker now traps');
  instance.exports.main(1);
  assert.equal(instance.exports.g.value, 1, 'the kept one is where it was');
  assert.equal(
    pruneTable(module(['wasm_bindgen::convert::closures::_::invoke::<f64>'])).pruned,
    1,
    '__rust_abort still',
  );
});

// The target must trap: a function of that name that returns (or runs on) would let an entry
// that is called anyway carry on as if it had run. Then nothing is pruned, and the build fails.
test('nothing is pruned when the trap does more than trap, or is an import', () => {
  const parse = (trap, imports = '') =>
    pruneTable(
      emit(`(module
 (type $t (func))
${imports}
 (global $g (export "g") (mut i32) (i32.const 0))
 (table 2 funcref)
 (elem (i32.const 1) $"wasm_bindgen::convert::closures::_::invoke::<JsValue>")
 (func $"wasm_bindgen::convert::closures::_::invoke::<JsValue>" (type $t) (global.set $g (i32.const 2)))
 ${trap}
 (func $main (export "main") (param i32) (call_indirect (type $t) (local.get 0)))
)`),
    ).pruned;
  const imports =
    ' (import "m" "f" (func $f (param i32)))\n (import "m" "mem" (memory 1 2))\n (import "m" "gl" (global i32))';
  assert.equal(parse(`(func $trap (export "${TRAP}") (type $t) unreachable)`), 1, 'a trap');
  assert.equal(parse(`(func $trap (export "${TRAP}") (type $t) unreachable)`, imports), 1, 'a trap after imports');
  assert.equal(parse(`(func $trap (export "${TRAP}") (type $t) nop)`), 0, 'a function that returns');
  assert.equal(
    parse(`(func $trap (export "${TRAP}") (type $t) (global.set $g (i32.const 9)) unreachable)`),
    0,
    'one that runs on first',
  );
  assert.equal(parse(`(export "${TRAP}" (func $f))`, ' (import "m" "f" (func $f))'), 0, 'an import');
});

const CLOSURE_TEXT = 'closure invoked recursively or after being dropped';

/** A module whose memory holds `before`, the closure text, then `after` at address 1024, and code reading `reads`. */
function withData(reads, { before = 'live text ', after = '' } = {}) {
  const data = `${before}${CLOSURE_TEXT}${after}`;
  const bytes = emit(`(module
 (memory 1)
 (data (i32.const 1024) "${data}")
 (func $main (export "main") (result i32) ${reads})
)`);
  const wat = binaryen.readBinary(bytes).emitText();
  return { bytes, wat, at: Buffer.from(bytes).indexOf(CLOSURE_TEXT) };
}

// Catches a text blanked that code may still read (by its address, or a load's offset into it),
// a text left as it is when nothing reads it, and a build that goes on silently when the text
// is gone or read: the build writes the result into the shipped wasm.
test("wasm-bindgen's closure text is written as zeros only when nothing points into it", () => {
  const unread = withData('(i32.load (i32.const 1024))');
  const { bytes, blanked } = blankUnreadTexts(unread.bytes, unread.wat);
  assert.equal(blanked, CLOSURE_TEXT.length);
  assert.ok(bytes.subarray(unread.at, unread.at + CLOSURE_TEXT.length).every((b) => b === 0));
  assert.equal(Buffer.from(bytes).indexOf('live text '), Buffer.from(unread.bytes).indexOf('live text '));
  assert.equal(bytes.length, unread.bytes.length);
  // A segment's own offset reads nothing: the text first in its segment is blanked too.
  const first = withData('(i32.load (i32.const 2048))', { before: '' });
  assert.equal(blankUnreadTexts(first.bytes, first.wat).blanked, CLOSURE_TEXT.length);

  const textStart = 1024 + 'live text '.length;
  for (const reads of [
    `(i32.const ${textStart})`,
    `(i32.const ${textStart + 20})`,
    '(i32.load offset=1040 (i32.const 0))',
  ]) {
    const read = withData(reads);
    assert.throws(() => blankUnreadTexts(read.bytes, read.wat), /no unread copy/, reads);
  }
  // A table of texts in the data: an aligned word that points into the text reads it.
  const table = emit(`(module
 (memory 1)
 (data (i32.const 1024) "live text ${CLOSURE_TEXT}")
 (data (i32.const 4096) "\\10\\04\\00\\00")
)`);
  assert.throws(() => blankUnreadTexts(table, binaryen.readBinary(table).emitText()), /no unread copy/);
  const none = emit('(module (memory 1) (data (i32.const 1024) "other text"))');
  assert.throws(() => blankUnreadTexts(none, binaryen.readBinary(none).emitText()), /no unread copy/);
});
