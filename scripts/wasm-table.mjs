// The npm build's pruning of the wasm's function table (scripts/build.mjs): rustc puts every
// function whose address is taken into the table, and wasm-bindgen's descriptors take the
// address of a closure invoker for each js-sys import with a callback (typed arrays' `forEach`,
// `Array.find`, …) and of the JSPI futures' wakers. The descriptors are gone once wasm-bindgen
// has run, but their table entries stay, and wasm-opt cannot drop a function that the table
// holds: about 2.6 KB of code the package never runs (it makes no closures, which the build
// checks in the glue, and no futures). Here those entries, found by name (the name section
// wasm-bindgen keeps), are pointed at a trap (TRAP, found by its export), so that wasm-opt
// drops them. Were one ever called, it would trap, which the package recovers from like any trap.
// (Since the npm wasm calls nothing through the table, 2026-12-06, binaryen drops the table and
// these functions with it: the pruning changes no byte of the shipped wasm today, measured by a
// build without it; it stays for a table that a `dyn` would bring back.)
// And blankUnreadTexts: the texts those invokers alone read, which the data keeps, as zeros.

/** Names of the functions whose table entries are pointed at the abort. */
const UNUSED = [/::closures::_::invoke::</, /::futures::jspi::task_waker::/];

/**
 * The function the entries are pointed at: a trap the crate exports under this name
 * (src/wasm/mod.rs), or else std's `__rust_abort` (gone from the npm build since its standard
 * library panics with `immediate-abort`).
 */
export const TRAP = '__looply_trap';

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

/** Function index → name, from the custom "name" section's function names. */
function functionNames(bytes, all) {
  const names = new Map();
  for (const s of all.filter((x) => x.id === 0)) {
    let [len, at] = leb(bytes, s.start);
    if (new TextDecoder().decode(bytes.subarray(at, at + len)) !== 'name') continue;
    at += len;
    while (at < s.end) {
      const kind = bytes[at];
      const [size, body] = leb(bytes, at + 1);
      if (kind === 1) {
        let [count, p] = leb(bytes, body);
        for (; count > 0; count--) {
          let index;
          [index, p] = leb(bytes, p);
          [len, p] = leb(bytes, p);
          names.set(index, new TextDecoder().decode(bytes.subarray(p, p + len)));
          p += len;
        }
      }
      at = body + size;
    }
  }
  return names;
}

/** The index of the function exported as `name`, if any (by its export: LLVM may have merged it with another trap, whose name the name section then gives). */
function exportedFunction(bytes, all, name) {
  const section = all.find((s) => s.id === 7);
  if (section === undefined) return undefined;
  let [count, at] = leb(bytes, section.start);
  for (; count > 0; count--) {
    let len;
    [len, at] = leb(bytes, at);
    const text = new TextDecoder().decode(bytes.subarray(at, at + len));
    const kind = bytes[at + len];
    let index;
    [index, at] = leb(bytes, at + len + 1);
    if (kind === 0 && text === name) return index;
  }
  return undefined;
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

/** Whether the function at `index` is defined in the module and does nothing but trap (no locals, `unreachable`, `end`). */
function traps(bytes, all, index) {
  const code = all.find((s) => s.id === 10);
  let own = index - importedFunctions(bytes, all);
  if (code === undefined || !(own >= 0)) return false;
  let [count, at] = leb(bytes, code.start);
  if (own >= count) return false;
  for (;;) {
    let size;
    [size, at] = leb(bytes, at);
    if (own-- === 0) return size === 3 && bytes[at] === 0 && bytes[at + 1] === 0x00 && bytes[at + 2] === 0x0b;
    at += size;
  }
}

/**
 * `wasm` (bytes, with its name section) with the table entries of UNUSED functions pointed
 * at `__rust_abort`: `{ bytes, pruned }`, `pruned` the number of entries changed. The module
 * as it is when it has no name section, no abort, an abort that does more than trap, or an
 * element segment of another form than rustc's (active, table 0, function indices).
 */
export function pruneTable(wasm) {
  const bytes = new Uint8Array(wasm);
  const all = sections(bytes);
  const names = functionNames(bytes, all);
  const abort =
    exportedFunction(bytes, all, TRAP) ?? [...names].find(([, name]) => name.endsWith('::__rust_abort'))?.[0];
  const elem = all.find((s) => s.id === 9);
  // Only at a function that traps: one called anyway must not run on (nor return).
  if (abort === undefined || elem === undefined || !traps(bytes, all, abort)) return { bytes, pruned: 0 };
  let [segments, at] = leb(bytes, elem.start);
  const out = [...lebBytes(segments)];
  let pruned = 0;
  for (; segments > 0; segments--) {
    // rustc's form: flags 0 (active, table 0), the offset `i32.const n; end`, function indices.
    if (bytes[at] !== 0 || bytes[at + 1] !== 0x41) return { bytes, pruned: 0 };
    let end = at + 2;
    while (bytes[end] & 0x80) end++; // n, signed LEB128
    if (bytes[++end] !== 0x0b) return { bytes, pruned: 0 };
    out.push(...bytes.subarray(at, end + 1));
    let count;
    [count, at] = leb(bytes, end + 1);
    out.push(...lebBytes(count));
    for (; count > 0; count--) {
      let index;
      [index, at] = leb(bytes, at);
      const unused = UNUSED.some((re) => re.test(names.get(index) ?? ''));
      if (unused) pruned++;
      out.push(...lebBytes(unused ? abort : index));
    }
  }
  if (at !== elem.end) return { bytes, pruned: 0 };
  const section = [9, ...lebBytes(out.length), ...out];
  const result = new Uint8Array(bytes.length - (elem.end - elem.head) + section.length);
  result.set(bytes.subarray(0, elem.head), 0);
  result.set(section, elem.head);
  result.set(bytes.subarray(elem.end), elem.head + section.length);
  return { bytes: result, pruned };
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
