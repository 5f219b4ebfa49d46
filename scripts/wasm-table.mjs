// Readers of a wasm module's bytes for the npm build (scripts/build.mjs, scripts/wasm-order.mjs),
// and two of the build's steps on the optimised wasm:
// - noFunctionTable: the build fails when the wasm calls through a function table again. Since
//   the core reads its fields by direct calls (2026-12-06, branch `nwasm8`), nothing in the npm
//   wasm calls through the table, so binaryen drops the table and, with it, the functions that
//   only the table held: wasm-bindgen's closure invokers and the JSPI futures' wakers (about
//   2.6 KB of code the package never runs). A `dyn` or a closure would bring them all back
//   silently; until 2026-12-06 the build pointed their entries at a trap (`pruneTable`, in the
//   git history of this file), which changed no byte of the wasm any more.
// - blankUnreadTexts: the texts those invokers alone read, which the data keeps, as zeros.

/** Reads an unsigned LEB128 at `at`: `[value, next offset]`. */
export function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, at];
    shift += 7;
  }
}

/** A signed LEB128 (an `i32.const`'s immediate) at `at`: `[value, next offset]`. */
export function sleb(bytes, at) {
  let value = 0;
  let shift = 0;
  let b;
  do {
    b = bytes[at++];
    value |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  if (shift < 32 && b & 0x40) value |= -1 << shift;
  return [value, at];
}

/** `n` as unsigned LEB128. */
export function lebBytes(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

/** The shortest signed LEB128 of the 32-bit integer `v` (an `i32.const`'s immediate). */
export function slebBytes(v) {
  const out = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
}

/** The module's sections: `{ id, start, end }` of each content. */
export function sections(bytes) {
  const out = [];
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    out.push({ id, head: at, start, end: start + size });
    at = start + size;
  }
  return out;
}

/** Skips the limits of a table or memory at `at` (a flags byte, the minimum, the maximum if flagged). */
function skipLimits(bytes, at) {
  const flags = bytes[at];
  [, at] = leb(bytes, at + 1);
  if (flags & 1) [, at] = leb(bytes, at);
  return at;
}

/**
 * How many functions the module imports (they come first in the function index space);
 * `Infinity` when an import is of a kind this reader does not know.
 */
export function importedFunctions(bytes, all) {
  const section = all.find((s) => s.id === 2);
  if (section === undefined) return 0;
  let [count, at] = leb(bytes, section.start);
  let functions = 0;
  for (; count > 0; count--) {
    for (let name = 0; name < 2; name++) {
      let len;
      [len, at] = leb(bytes, at);
      at += len;
    }
    const kind = bytes[at++];
    if (kind === 0) {
      functions++;
      [, at] = leb(bytes, at);
    } else if (kind === 1) at = skipLimits(bytes, at + 1);
    else if (kind === 2) at = skipLimits(bytes, at);
    else if (kind === 3) at += 2;
    else if (kind === 4) [, at] = leb(bytes, at + 1);
    else return Infinity; // a kind this reader does not know: no function of the module is found
  }
  return functions;
}

/**
 * Fails the build when the optimised wasm `bytes` has an element section: a function table that
 * code calls through (see the head of this file). The shipped wasm has none.
 */
export function noFunctionTable(bytes) {
  if (sections(new Uint8Array(bytes)).some((s) => s.id === 9))
    throw new Error(
      'build: the wasm calls through a function table again (a `dyn` or a closure in the npm build): ' +
        "wasm-bindgen's closure invokers stay with it (scripts/wasm-table.mjs)",
    );
}

/**
 * wasm-bindgen's texts that the optimised wasm keeps although no code of it reads them: the
 * message of its closure invokers (the package makes no closures, which the build checks in
 * the glue), whose code wasm-opt dropped. (The second "null pointer passed to rust" after it
 * is live: another of wasm-bindgen's functions throws it.)
 */
const UNREAD_TEXTS = ['closure invoked recursively or after being dropped'];

/**
 * The data segments of `bytes`, each `{ address, start, end }` (its memory address; its bytes'
 * range in the module), from the data section `data` (one of `sections(bytes)`; none: []). Only
 * active segments of memory 0 at constant offsets, the build's, are read: any other fails.
 */
export function dataSegments(bytes, data = sections(bytes).find((s) => s.id === 11)) {
  const out = [];
  if (data === undefined) return out;
  let [count, at] = leb(bytes, data.start);
  for (; count > 0; count--) {
    if (bytes[at] !== 0 || bytes[at + 1] !== 0x41)
      throw new Error('build: a data segment that is not active at a constant offset');
    let address;
    [address, at] = sleb(bytes, at + 2);
    if (bytes[at++] !== 0x0b) throw new Error('build: a data segment whose offset is not a constant');
    const [len, start] = leb(bytes, at);
    out.push({ address: address >>> 0, start, end: start + len });
    at = start + len;
  }
  return out;
}

/**
 * `bytes` (the optimised wasm, not yet joined or reordered) with each copy of UNREAD_TEXTS
 * that nothing points into written as zeros: `{ bytes, blanked }` (how many bytes). `wat` is
 * the module as wasm-dis writes it: every `i32.const` and memory offset of its code and
 * globals is an address that may be read (a text is passed as its address and length), and
 * so is every aligned word of the data (a table of texts). Fails the build when a text is
 * no longer found unread (wasm-bindgen changed, or something reads it now).
 */
export function blankUnreadTexts(wasm, wat) {
  const bytes = new Uint8Array(wasm);
  const segments = dataSegments(bytes);
  const pointed = [];
  for (const line of wat.split('\n')) {
    if (line.startsWith(' (data ')) continue; // a segment's own offset is no reader
    for (const m of line.matchAll(/i32\.const (-?\d+)|offset=(\d+)/g)) pointed.push(Number(m[1] ?? m[2]) >>> 0);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const s of segments)
    for (let at = s.start + ((4 - (s.address % 4)) % 4); at + 4 <= s.end; at += 4)
      pointed.push(view.getUint32(at, true));
  const text = Buffer.from(bytes).toString('latin1');
  let blanked = 0;
  for (const dead of UNREAD_TEXTS) {
    let found = false;
    for (const s of segments) {
      for (
        let at = text.indexOf(dead, s.start);
        at >= 0 && at + dead.length <= s.end;
        at = text.indexOf(dead, at + 1)
      ) {
        const address = s.address + (at - s.start);
        if (pointed.some((p) => p >= address && p < address + dead.length)) continue;
        bytes.fill(0, at, at + dead.length);
        blanked += dead.length;
        found = true;
      }
    }
    if (!found) throw new Error(`build: no unread copy of wasm-bindgen's text "${dead}" (scripts/wasm-table.mjs)`);
  }
  return { bytes, blanked };
}

/**
 * wasm-bindgen's allocator of externref table slots and the npm build's own (src/wasm/xref.rs):
 * each of its exports, and the name it takes in their place.
 */
export const OWN_SLOTS = {
  __looply_xref_alloc: '__externref_table_alloc',
  __looply_xref_dealloc: '__externref_table_dealloc',
};

/**
 * `wasm` (rustc's wasm, before wasm-bindgen) with the exports of OWN_SLOTS' keys renamed to
 * its values and wasm-bindgen's own exports of those names left out, so that wasm-bindgen
 * finds the crate's pair as its allocator of table slots (its CLI calls it from every shim it
 * writes) and drops its own, which nothing calls then. Fails the build when an export of the
 * four is missing.
 */
export function ownSlotAllocator(wasm) {
  const bytes = new Uint8Array(wasm);
  const section = sections(bytes).find((s) => s.id === 7);
  if (section === undefined) throw new Error('build: the wasm has no exports (scripts/wasm-table.mjs)');
  const missing = new Set([...Object.keys(OWN_SLOTS), ...Object.values(OWN_SLOTS)]);
  const kept = [];
  let [count, at] = leb(bytes, section.start);
  for (; count > 0; count--) {
    const [len, start] = leb(bytes, at);
    const name = new TextDecoder().decode(bytes.subarray(start, start + len));
    const [, end] = leb(bytes, start + len + 1); // the kind, then the index
    missing.delete(name);
    if (Object.hasOwn(OWN_SLOTS, name)) {
      const renamed = new TextEncoder().encode(OWN_SLOTS[name]);
      kept.push([...lebBytes(renamed.length), ...renamed, ...bytes.subarray(start + len, end)]);
    } else if (!Object.values(OWN_SLOTS).includes(name)) kept.push([...bytes.subarray(at, end)]);
    at = end;
  }
  if (missing.size > 0)
    throw new Error(
      `build: the wasm does not export ${[...missing].join(', ')} (scripts/wasm-table.mjs, ownSlotAllocator)`,
    );
  const content = [...lebBytes(kept.length), ...kept.flat()];
  return Buffer.concat([
    bytes.subarray(0, section.head),
    Uint8Array.of(7, ...lebBytes(content.length)),
    Uint8Array.from(content),
    bytes.subarray(section.end),
  ]);
}
