// The wasm's code section split into streams for gzip (scripts/wasm-pack.mjs packs the result,
// its decoder module joins the streams again). In the code section each instruction's opcode is
// followed by its immediates: local indices, constants, memory offsets, call targets, branch
// depths. Each kind repeats with its own kind (the same few locals, offsets and targets), but
// interleaved they break each other's repeats, which is all gzip has. Written as streams, one
// for the opcodes and one for each kind of immediate, the wasm's packed text (with the
// JavaScript after it) gzips about 890 B smaller once the functions' order is searched for
// again (18,953 -> 18,067 B on 2026-12-06), and the entry about 320 B smaller after the
// decoder's growth (docs/benchmarks-log.md, "Notes of branch `nload`"); the idea of the wasm
// "layer 1" compression proposal's streams, without a coder of its own.
//
// The split module has every section but the code as it was: the code section's content is the
// streams one after another, each in the wasm's order (shorter than the code: the data's
// addresses, ADDRESS, and the bodies' sizes, BODY_SIZE, are left out). The decoder walks the
// opcodes in one pass and copies each immediate from its stream (a table of the opcodes'
// immediates: IMMEDIATES), so it needs no model of the code beyond that table and the blocks'
// nesting.
import { leb, sections, sleb, slebBytes } from './wasm-table.mjs';

/**
 * The streams, by index (the decoder names them by it). The opcodes' stream also holds what is
 * read with them (a memory access's alignment, the function count, the 0xfc prefix's
 * instruction number and the rarer immediates): those gzip as well there.
 */
export const STREAMS = [
  'ops',
  'local',
  'i32',
  'offset',
  'call',
  'branch',
  'block',
  'global',
  'i64',
  'float',
  'localCount',
  'localType',
];
const S = Object.fromEntries(STREAMS.map((name, i) => [name, i]));

/**
 * The LEB128 immediates of each opcode (0xfc's instructions at 256 + their number), one byte
 * each: the low four bits the stream of the first, plus one (none: 0), the high four bits the
 * second's. f32.const and f64.const (four and eight bytes from `float`) and `br_table` (0x0e, a
 * vector) the decoder reads by their opcodes. Any other opcode takes no immediate; split()
 * fails on the ones it does not know (the typed `select`, 0x1c, which the npm wasm has not
 * held: the decoder would need to read its vector of types as br_table's).
 */
export const IMMEDIATES = new Uint8Array(256 + 18);
const one = (ops, stream, second) => {
  for (const op of ops) IMMEDIATES[op] = S[stream] + 1 + (second === undefined ? 0 : (S[second] + 1) << 4);
};
one([0x02, 0x03, 0x04], 'block'); // block, loop, if: the block type (a byte, or a type's index)
one([0x0c, 0x0d], 'branch'); // br, br_if
one([0x10, 0xd2], 'call'); // call, ref.func
one([0x20, 0x21, 0x22], 'local'); // local.get, set, tee
one([0x23, 0x24], 'global');
one([0x25, 0x26, 0x3f, 0x40, 0xd0, 256 + 9, 256 + 11, 256 + 13, 256 + 15, 256 + 16, 256 + 17], 'ops'); // table.get/set, memory.size/grow, ref.null, data.drop, memory.fill, elem.drop, table.grow/size/fill
one([0x41], 'i32');
one([0x42], 'i64');
one(
  [...Array(0x3e - 0x28 + 1)].map((_, i) => 0x28 + i),
  'ops',
  'offset',
); // loads and stores: the alignment, the offset
one([256 + 8, 256 + 10, 256 + 12, 256 + 14], 'ops', 'ops'); // memory.init/copy, table.init/copy
/** The bytes of f32.const's and f64.const's immediates. */
export const FLOATS = { 67: 4, 68: 8 };
/** IMMEDIATES's mark of the opcodes the decoder reads by their own code (a stream's index is at most 12). */
export const SPECIAL = 15;
for (const op of [0x0e, 0x43, 0x44, 0xfc, 0x06]) IMMEDIATES[op] = SPECIAL;

/**
 * An `i32.const` of an address in the data (from 1 MiB, where Rust puts it, to 2^27: a LEB128 of
 * four bytes) is written as the opcode ADDRESS (0x06, which the npm wasm does not hold: split()
 * fails on it) with its difference from the previous such address as a signed LEB128 in the
 * `i32` stream: one to three bytes instead of four, and the same strings and tables' addresses
 * read nearly alike. On 2026-12-06 the build's line 18393 -> 18066 became 18198 -> 17861 B
 * gzipped, index.mjs 25,795 -> 25,686 B (the decoder 144 B larger); relative to 1 MiB instead of
 * the previous address, half the gain; the difference as a zigzag LEB128, 4 B more.
 */
export const ADDRESS = { op: 0x06, from: 2 ** 20, to: 2 ** 27 };

/**
 * Function bodies' sizes are left out of the split module: the decoder counts the blocks
 * (`block`, `loop` and `if` open one, `end` closes one; the body is one) and the body ends at
 * the `end` that closes it; it writes the body after two bytes and then its size there, in one
 * byte (the body moved back by one) or two. So a body must be under BODY_SIZE bytes and its
 * size in the fewest bytes (split() fails otherwise). On 2026-12-06 the build's line 18180 ->
 * 17855 became 17996 -> 17652 B gzipped, index.mjs 25,525 -> 25,426 B (the decoder 2,221 ->
 * 2,372 B; docs/benchmarks-log.md, "Notes of branch `ndata`").
 */
export const BODY_SIZE = 2 ** 14;
// The decoder counts a block opened by the stream of its opcode's immediate: `block` only.
if (IMMEDIATES.some((kind, op) => (kind === S.block + 1) !== (op >= 0x02 && op <= 0x04)))
  throw new Error('wasm-streams: the opcodes with a block type are not block, loop and if');

/** Opcodes with no immediate that split() accepts (MVP, sign extension, reference types' `ref.is_null`). */
function bare(op) {
  return (
    op <= 0x01 ||
    op === 0x05 ||
    op === 0x0b ||
    op === 0x0f ||
    op === 0x1a ||
    op === 0x1b ||
    (op >= 0x45 && op <= 0xc4) ||
    op === 0xd1
  );
}

/** The end of the LEB128 at `at`. */
function lebEnd(bytes, at) {
  while (bytes[at] & 0x80) at++;
  return at + 1;
}

/**
 * The module `bytes` with its code section split (see above): `{ bytes, code, starts, ends,
 * streamsEnd }`, `code` the code section's content `{ start, end }` in `bytes`, `starts[k]` where
 * stream k starts in the split module and `streamsEnd` where the last ends (the sections after
 * the code follow), `ends` the offsets in `bytes` where a function body's code ends (the
 * decoder's parts end on them). A module without a code section comes back as it is (`code`
 * undefined). An instruction outside IMMEDIATES's set fails.
 */
export function split(bytes) {
  const code = sections(bytes).find((s) => s.id === 10);
  if (!code) return { bytes, code: undefined, starts: [], ends: [] };
  const streams = STREAMS.map(() => []);
  const copy = (stream, from, to) => {
    const out = streams[stream];
    for (let i = from; i < to; i++) out.push(bytes[i]);
  };
  const immediate = (stream, at) => {
    const end = lebEnd(bytes, at);
    copy(stream, at, end);
    return end;
  };
  const ends = [];
  let address = 0;
  let at = immediate(S.ops, code.start);
  for (let count = leb(bytes, code.start)[0]; count > 0; count--) {
    // The body's size is not carried: the decoder finds the body's end (its `end` at depth 0)
    // and writes the size before it (BODY_SIZE).
    const [size, body] = leb(bytes, at);
    if (size >= BODY_SIZE || body - at !== (size < 128 ? 1 : 2))
      throw new Error('wasm-streams: a function body of 16 KiB or more, or its size not in the fewest bytes');
    let [groups, p] = leb(bytes, body);
    copy(S.localCount, body, p);
    for (; groups > 0; groups--) {
      p = immediate(S.localCount, p);
      copy(S.localType, p, p + 1);
      p++;
    }
    const end = body + size;
    // The blocks open (the body is one): the body must end just after the `end` that closes it.
    let open = 1;
    while (p < end) {
      let op = bytes[p];
      if (open === 0) throw new Error('wasm-streams: a function body goes on after the `end` that closes it');
      if (op === 0x02 || op === 0x03 || op === 0x04) open++;
      else if (op === 0x0b) open--;
      if (op === 0x41) {
        const [value, next] = sleb(bytes, p + 1);
        if (value >= ADDRESS.from && value < ADDRESS.to && next === p + 5) {
          streams[S.ops].push(ADDRESS.op);
          streams[S.i32].push(...slebBytes(value - address));
          address = value;
          p = next;
          continue;
        }
      }
      copy(S.ops, p, ++p);
      if (op === 0xfc) {
        const [sub, next] = leb(bytes, p);
        if (sub > 17) throw new Error(`wasm-streams: an instruction split() does not know (0xfc ${sub})`);
        p = immediate(S.ops, p);
        op = 256 + sub;
        if (next !== p) throw new Error('wasm-streams: a LEB128 past its end');
      }
      const kind = IMMEDIATES[op] === SPECIAL ? 0 : IMMEDIATES[op];
      if (op === 0x0e) {
        // br_table: its depths' count less one, then the depths
        let [n] = leb(bytes, p);
        p = immediate(S.branch, p);
        for (n++; n > 0; n--) p = immediate(S.branch, p);
      } else if (FLOATS[op]) {
        copy(S.float, p, p + FLOATS[op]);
        p += FLOATS[op];
      } else if (kind === 0 && op < 256 && !bare(op))
        throw new Error(`wasm-streams: an instruction split() does not know (0x${op.toString(16)})`);
      if (kind & 15) p = immediate((kind & 15) - 1, p);
      if (kind >> 4) p = immediate((kind >> 4) - 1, p);
    }
    if (p !== end) throw new Error('wasm-streams: a function body ends inside an instruction');
    if (open !== 0) throw new Error('wasm-streams: a function body does not end at the `end` that closes it');
    at = end;
    ends.push(end);
  }
  if (at !== code.end) throw new Error('wasm-streams: the code section ends after its last body');
  // The streams are shorter than the code by the addresses' saved bytes.
  const length = streams.reduce((n, stream) => n + stream.length, 0);
  const out = new Uint8Array(bytes.length - (code.end - code.start) + length);
  out.set(bytes.subarray(0, code.start));
  const starts = [];
  let to = code.start;
  for (const stream of streams) {
    starts.push(to);
    out.set(stream, to);
    to += stream.length;
  }
  out.set(bytes.subarray(code.end), to);
  return { bytes: out, code, starts, ends, streamsEnd: to };
}

/**
 * The module split() made, joined again (what the decoder module computes, in JavaScript: for
 * the tests). `split` is split()'s answer with `bytes` the split module.
 */
export function join({ bytes, code, starts, streamsEnd }) {
  if (!code) return bytes;
  // A byte more: a body goes two bytes after where its size starts before it is moved back.
  const out = new Uint8Array(bytes.length - streamsEnd + code.end + 1);
  out.set(bytes.subarray(0, code.start));
  let address = 0;
  const at = [...starts];
  let o = code.start;
  const byte = (k) => {
    const b = bytes[at[k]++];
    out[o++] = b;
    return b;
  };
  const lebOf = (k) => {
    let v = 0;
    let shift = 0;
    let b;
    do {
      b = byte(k);
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return v;
  };
  for (let count = lebOf(S.ops); count > 0; count--) {
    // The size goes before the body once its end is found (BODY_SIZE).
    const sizeAt = o;
    o += 2;
    let open = 1;
    for (let groups = lebOf(S.localCount); groups > 0; groups--) {
      lebOf(S.localCount);
      byte(S.localType);
    }
    while (open > 0) {
      let op = byte(S.ops);
      if (op === 0x02 || op === 0x03 || op === 0x04) open++;
      else if (op === 0x0b) open--;
      if (op === ADDRESS.op) {
        const [difference, next] = sleb(bytes, at[S.i32]);
        at[S.i32] = next;
        address += difference;
        out.set([0x41, ...slebBytes(address)], o - 1);
        o += 4;
        continue;
      }
      if (op === 0xfc) op = 256 + lebOf(S.ops);
      const kind = IMMEDIATES[op] === SPECIAL ? 0 : IMMEDIATES[op];
      if (op === 0x0e) for (let n = lebOf(S.branch) + 1; n > 0; n--) lebOf(S.branch);
      for (let n = FLOATS[op] ?? 0; n > 0; n--) byte(S.float);
      if (kind & 15) lebOf((kind & 15) - 1);
      if (kind >> 4) lebOf((kind >> 4) - 1);
    }
    const size = o - sizeAt - 2;
    if (size < 128) {
      out.copyWithin(sizeAt + 1, sizeAt + 2, o);
      out[sizeAt] = size;
      o--;
    } else out.set([size | 128, size >> 7], sizeAt);
  }
  out.set(bytes.subarray(streamsEnd), code.end);
  return out.subarray(0, out.length - 1);
}
