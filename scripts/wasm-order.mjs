// The order of the wasm's functions for gzip (scripts/build.mjs). gzip codes a repeat by its
// length and its distance back, and its Huffman codes by what is near: the same functions in
// another order gzip a few hundred bytes smaller or larger. So the build searches for an order:
// from binaryen's, a function (or a run of them) moved or two swapped at a time, kept when the
// packed text (scripts/wasm-pack.mjs), with the JavaScript after it, then gzips smaller (or, early on, hardly larger: see
// SLACK), for a fixed number of tries with a fixed seed (the same wasm gets the same order).
// The order is applied here, in the binary: the function and code sections are permuted and
// every function index (calls, `ref.func`, exports, the start function, element segments,
// globals) is renumbered; nothing else changes. (And joinDataSegments, below: the data in one
// segment, which gzip also prefers.)
import { gzipSync } from 'node:zlib';
import { codes } from './wasm-pack.mjs';
import { dataSegments, importedFunctions, leb, lebBytes, sections, slebBytes } from './wasm-table.mjs';

/** The length of `n` as unsigned LEB128. */
function lebLength(n) {
  let len = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

/** Skips a signed LEB128 at `at`: the next offset. */
function skipLeb(bytes, at) {
  while (bytes[at] & 0x80) at++;
  return at + 1;
}

/**
 * A list of pieces: runs of bytes (subarrays of the module) and function indices (numbers),
 * which `emit` renumbers.
 */
class Pieces {
  list = [];
  constructor(bytes) {
    this.bytes = bytes;
  }
  /** The module's bytes from `from` to `to`. */
  run(from, to) {
    if (to > from) this.list.push(this.bytes.subarray(from, to));
  }
  /** Bytes of their own (a length the template changes). */
  raw(array) {
    this.list.push(Uint8Array.from(array));
  }
  /** A function index. */
  ref(index) {
    this.list.push(index);
  }
}

/**
 * Adds the instructions of `bytes` from `at` to `out` (Pieces), each function index as a ref,
 * until the `end` that closes the expression (nesting counted): the offset after it. The
 * instruction set is what the npm build enables (MVP, bulk memory, reference types, sign
 * extension, non-trapping conversions, multivalue); anything else fails the build.
 */
function expr(bytes, at, out) {
  let depth = 1;
  let from = at;
  while (depth > 0) {
    const op = bytes[at++];
    if (op === 0x10 || op === 0xd2) {
      // call, ref.func
      out.run(from, at);
      const [index, next] = leb(bytes, at);
      out.ref(index);
      at = from = next;
      continue;
    }
    if (op === 0x02 || op === 0x03 || op === 0x04) {
      depth++;
      const t = bytes[at];
      at = t === 0x40 || (t >= 0x6f && t <= 0x7f) ? at + 1 : skipLeb(bytes, at);
    } else if (op === 0x0b) depth--;
    else if (op === 0x0c || op === 0x0d || (op >= 0x20 && op <= 0x26) || op === 0xd0) at = leb(bytes, at)[1];
    else if (op === 0x0e) {
      let [n, p] = leb(bytes, at);
      for (n++; n > 0; n--) p = leb(bytes, p)[1];
      at = p;
    } else if (op === 0x11 || (op >= 0x28 && op <= 0x3e)) at = leb(bytes, leb(bytes, at)[1])[1];
    else if (op === 0x1c) {
      const [n, p] = leb(bytes, at);
      at = p + n;
    } else if (op === 0x3f || op === 0x40) at++;
    else if (op === 0x41 || op === 0x42) at = skipLeb(bytes, at);
    else if (op === 0x43) at += 4;
    else if (op === 0x44) at += 8;
    else if (op === 0xfc) {
      const [sub, p] = leb(bytes, at);
      at = p;
      if (sub <= 7) {
        // the saturating conversions: no immediate
      } else if (sub === 8) at = leb(bytes, at)[1] + 1;
      else if (sub === 9 || sub === 13 || (sub >= 15 && sub <= 17)) at = leb(bytes, at)[1];
      else if (sub === 10) at += 2;
      else if (sub === 11) at += 1;
      else if (sub === 12 || sub === 14) at = leb(bytes, leb(bytes, at)[1])[1];
      else throw new Error(`wasm-order: an unknown instruction 0xfc ${sub}`);
    } else if (
      !(
        op <= 0x01 ||
        op === 0x05 ||
        op === 0x0f ||
        op === 0x1a ||
        op === 0x1b ||
        (op >= 0x45 && op <= 0xc4) ||
        op === 0xd1
      )
    )
      throw new Error(`wasm-order: an unknown instruction 0x${op.toString(16)}`);
  }
  out.run(from, at);
  return at;
}

/**
 * The module `bytes` parsed for `emit`: `{ imported, bodies, sections }`; `bodies[i]` the
 * pieces of defined function i (its locals and code), each section `{ id, pieces }` (the
 * function and code sections are written from the order instead).
 */
export function parse(bytes) {
  let imported = 0;
  const types = [];
  const bodies = [];
  const parts = [];
  for (const s of sections(bytes)) {
    const out = new Pieces(bytes);
    if (s.id === 0) throw new Error('wasm-order: the module has a custom section (strip it first)');
    else if (s.id === 2) {
      imported = importedFunctions(bytes, [s]);
      if (!Number.isFinite(imported)) throw new Error('wasm-order: an import of a kind it does not know');
      out.run(s.start, s.end);
    } else if (s.id === 3) {
      let [count, at] = leb(bytes, s.start);
      for (; count > 0; count--) {
        const [, p] = leb(bytes, at);
        types.push(bytes.subarray(at, p));
        at = p;
      }
    } else if (s.id === 10) {
      let [count, at] = leb(bytes, s.start);
      for (; count > 0; count--) {
        const [size, p] = leb(bytes, at);
        const body = new Pieces(bytes);
        // Locals: a vector of (count, type).
        let [groups, q] = leb(bytes, p);
        for (; groups > 0; groups--) q = leb(bytes, q)[1] + 1;
        body.run(p, q);
        if (expr(bytes, q, body) !== p + size) throw new Error('wasm-order: a function body ends before its code');
        bodies.push(body.list);
        at = p + size;
      }
    } else if (s.id === 7) {
      let [count, at] = leb(bytes, s.start);
      out.run(s.start, at);
      for (; count > 0; count--) {
        const [len, p] = leb(bytes, at);
        const kind = bytes[p + len];
        out.run(at, p + len + 1);
        const [index, q] = leb(bytes, p + len + 1);
        if (kind === 0) out.ref(index);
        else out.run(p + len + 1, q);
        at = q;
      }
    } else if (s.id === 8) out.ref(leb(bytes, s.start)[0]);
    else if (s.id === 9) {
      let [count, at] = leb(bytes, s.start);
      out.run(s.start, at);
      for (; count > 0; count--) {
        const flags = bytes[at];
        if (flags > 7) throw new Error(`wasm-order: an element segment of flags ${flags}`);
        let p = at + 1;
        if ((flags & 3) === 2) p = leb(bytes, p)[1]; // table index
        out.run(at, p);
        if (!(flags & 1)) p = expr(bytes, p, out); // offset
        if (flags & 3) {
          out.run(p, p + 1); // element kind or reference type
          p++;
        }
        let [n, q] = leb(bytes, p);
        out.run(p, q);
        for (; n > 0; n--) {
          if (flags & 4) q = expr(bytes, q, out);
          else {
            const [index, r] = leb(bytes, q);
            out.ref(index);
            q = r;
          }
        }
        at = q;
      }
    } else if (s.id === 6) {
      // Globals: an initializer may hold a ref.func.
      let [count, at] = leb(bytes, s.start);
      out.run(s.start, at);
      for (; count > 0; count--) {
        out.run(at, at + 2);
        at = expr(bytes, at + 2, out);
      }
    } else out.run(s.start, s.end);
    parts.push({ id: s.id, pieces: out.list });
  }
  if (types.length !== bodies.length) throw new Error('wasm-order: the function and code sections disagree');
  return { imported, types, bodies, sections: parts, header: bytes.subarray(0, 8) };
}

/** The length of `pieces` written with function indices renumbered by `map`. */
function piecesLength(pieces, map) {
  let n = 0;
  for (const p of pieces) n += typeof p === 'number' ? lebLength(map[p]) : p.length;
  return n;
}

/** The module of `parsed` (parse's) with its defined functions in `order` (see reorder). */
export function emit(parsed, order) {
  const { imported, types, bodies } = parsed;
  if (order.length !== bodies.length || new Set(order).size !== order.length)
    throw new Error('wasm-order: the order is not a permutation of the functions');
  const map = [];
  for (let i = 0; i < imported; i++) map[i] = i;
  order.forEach((old, k) => {
    map[imported + old] = imported + k;
  });
  // Each section's content as a list of pieces.
  const contents = parsed.sections.map(({ id, pieces }) => {
    if (id === 3) return [Uint8Array.from(lebBytes(order.length)), ...order.map((old) => types[old])];
    if (id !== 10) return pieces;
    const list = [Uint8Array.from(lebBytes(order.length))];
    for (const old of order) list.push(Uint8Array.from(lebBytes(piecesLength(bodies[old], map))), ...bodies[old]);
    return list;
  });
  let total = parsed.header.length;
  const lengths = contents.map((pieces) => piecesLength(pieces, map));
  lengths.forEach((len) => {
    total += 1 + lebLength(len) + len;
  });
  const out = new Uint8Array(total);
  out.set(parsed.header);
  let at = parsed.header.length;
  const write = (array) => {
    out.set(array, at);
    at += array.length;
  };
  parsed.sections.forEach(({ id }, k) => {
    write([id, ...lebBytes(lengths[k])]);
    for (const p of contents[k]) write(typeof p === 'number' ? lebBytes(map[p]) : p);
  });
  return out;
}

/**
 * The module `bytes` with its defined functions in the order `order` (`order[k]`: the index,
 * among the defined functions, of the one to put k-th), every function index renumbered.
 */
export function reorder(bytes, order) {
  return emit(parse(bytes), order);
}

/**
 * Tries of the search: about 1.5 ms each here (the packing and gzip of the whole module and the
 * JavaScript after it). On the wasm of 2026-12-06 (index.mjs 27,637 B gzipped in binaryen's
 * order), four seeds each: 8,000 tries index.mjs 27,351–27,370 B (mean 27,362; 12.5 s), 12,000
 * 27,330–27,374 (mean 27,347; 18.5 s). Earlier (the packed text alone, 17,811 B): 4,000 tries
 * 17,567–17,585 B, 8,000 17,530 and 17,549 (two seeds).
 */
export const TRIES = 12000;

/**
 * How much larger (in gzipped bytes) an order may pack and still be taken, at the start of the
 * search; the allowance falls to none by its end (simulated annealing). Walking through orders
 * that pack the same or a byte or two larger finds better ones than taking only smaller ones:
 * at 4,000 tries, 17,577 B on average against 17,615 (four seeds each; 17,586 with orders of
 * the same size only).
 */
const SLACK = 2;

/**
 * The order of the functions of `bytes` whose packed text, followed by the bytes `after` (the
 * JavaScript that follows it in the entry: see build.mjs's orderWasm), gzips smallest among
 * those the search tries (`tries` of them, from the module's own order, the sequence from
 * `seed`): `{ order, bytes, from, to }`, the module in that order and that gzipped size before
 * and after. `transform`: what is packed of a module (the build's: its code split into streams,
 * scripts/wasm-streams.mjs), the module itself unless given.
 */
export function orderForGzip(
  bytes,
  tries = TRIES,
  { seed = 1, after = new Uint8Array(), transform = (module) => module } = {},
) {
  const parsed = parse(bytes);
  // Each order packed with its own codes, as the build packs it (an order changes a few
  // function indices' bytes, and so at times which byte values take one character): scored
  // with the codes of the module as it came, the build's text gzipped 0 to 34 B larger than
  // the score (three seeds on 2026-12-06).
  const texts = new Map();
  const packed = new Uint8Array(2 * bytes.length + after.length);
  const size = (ordered) => {
    const module = transform(ordered);
    const { order, code } = codes(module);
    const key = order.join();
    let text = texts.get(key);
    if (!text) texts.set(key, (text = code.map((c) => Buffer.from(c, 'latin1'))));
    let at = 0;
    for (const b of module) {
      const c = text[b];
      packed[at++] = c[0];
      if (c.length > 1) packed[at++] = c[1];
    }
    packed.set(after, at);
    return gzipSync(packed.subarray(0, at + after.length), { level: 9 }).length;
  };
  const n = parsed.bodies.length;
  let order = parsed.bodies.map((_, i) => i);
  let current = size(emit(parsed, order));
  let best = { order, size: current };
  const from = current;
  // A fixed linear congruential sequence: the same wasm gets the same order.
  const random = (k) => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return Math.floor((seed / 2147483648) * k);
  };
  for (let t = 0; t < tries && n > 1; t++) {
    const next = [...order];
    const i = random(n);
    const j = random(n);
    const kind = random(3);
    if (kind === 0) [next[i], next[j]] = [next[j], next[i]];
    else {
      // Moves a run of one to four functions from i to j.
      const run = kind === 1 ? 1 : 1 + random(4);
      const moved = next.splice(i, run);
      next.splice(Math.min(j, next.length), 0, ...moved);
    }
    const s = size(emit(parsed, next));
    const worse = s - current;
    const slack = SLACK * (1 - t / tries);
    if (worse <= 0 || (worse <= slack && random(1000) < 1000 * Math.exp(-worse / slack))) {
      current = s;
      order = next;
      if (s < best.size) best = { order, size: s };
    }
  }
  return { order: best.order, bytes: emit(parsed, best.order), from, to: best.size };
}

/** How far apart (in bytes of zeros) two data segments may be and still be written as one. */
const MAX_GAP = 1024;

/**
 * The module `bytes` with its data segments written as one where they are at most MAX_GAP
 * bytes apart, the zeros between them written out. wasm-opt's memory packing splits rustc's one
 * segment wherever a run of zeros is longer than a segment's header (51 segments on
 * 2026-12-06): fewer raw bytes, but each header is bytes gzip cannot predict, where a run of
 * zeros costs it next to nothing (the packed text 178 B smaller gzipped, the wasm 349 B larger
 * raw). The memory is the same at instantiation: a fresh memory is zeros, and the segments do
 * not overlap. Only active segments of memory 0 at constant offsets are merged (the build's);
 * any other fails the build, as a passive one is named by its index.
 */
export function joinDataSegments(bytes) {
  const all = sections(bytes);
  const data = all.find((s) => s.id === 11);
  if (!data) return bytes;
  const segments = dataSegments(bytes, data).map(({ address, start, end }) => ({
    offset: address,
    parts: [bytes.subarray(start, end)],
    end: address + end - start,
  }));
  segments.sort((a, b) => a.offset - b.offset);
  const joined = [];
  for (const s of segments) {
    const last = joined.at(-1);
    if (last && s.offset < last.end) throw new Error('wasm-order: two data segments overlap');
    if (last && s.offset - last.end <= MAX_GAP) {
      last.parts.push(new Uint8Array(s.offset - last.end), ...s.parts);
      last.end = s.end;
    } else joined.push(s);
  }
  const content = [...lebBytes(joined.length)];
  for (const s of joined) {
    content.push(0, 0x41, ...slebBytes(s.offset | 0), 0x0b, ...lebBytes(s.end - s.offset));
    for (const part of s.parts) content.push(...part);
  }
  const out = [...bytes.subarray(0, 8)];
  for (const s of all) {
    if (s.id === 11) out.push(11, ...lebBytes(content.length), ...content);
    else if (s.id === 12) {
      const n = lebBytes(joined.length);
      out.push(12, ...lebBytes(n.length), ...n);
    } else out.push(...bytes.subarray(s.head, s.end));
  }
  return Uint8Array.from(out);
}
