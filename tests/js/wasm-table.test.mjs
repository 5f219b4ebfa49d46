// The npm build's steps on the optimised wasm (scripts/wasm-table.mjs), on small modules
// written here: the check that no function table came back, and wasm-bindgen's unread texts
// written as zeros.
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import binaryen from 'binaryen';
import { blankUnreadTexts, noFunctionTable } from '../../scripts/wasm-table.mjs';

const SHIPPED = new URL('../../pkg/looply_sdk_bg.wasm', import.meta.url);

/** The binary of the module `text`. */
function emit(text) {
  const m = binaryen.parseText(text);
  const bytes = m.emitBinary();
  m.dispose();
  return bytes;
}

// Catches a build that goes on when the wasm calls through a function table again (which
// keeps wasm-bindgen's closure invokers, about 2.6 KB), and one that fails on a table of
// JavaScript values (wasm-bindgen's externref table, which the shipped wasm has).
test('the build fails when the wasm has a function table, not on a table of values', () => {
  const called = emit(`(module
 (type $t (func))
 (table 2 funcref)
 (elem (i32.const 1) $f)
 (func $f (type $t) nop)
 (func $main (export "main") (param i32) (call_indirect (type $t) (local.get 0)))
)`);
  assert.throws(() => noFunctionTable(called), /calls through a function table again/);
  const values = emit(`(module
 (table $refs (export "t") 4 externref)
 (func $main (export "main") (param externref) (table.set $refs (i32.const 1) (local.get 0)))
)`);
  assert.doesNotThrow(() => noFunctionTable(values));
  assert.doesNotThrow(() => noFunctionTable(readFileSync(SHIPPED)), 'the shipped wasm');
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
