// How the entries carry the wasm core (scripts/build.mjs): its code section split into streams
// (scripts/wasm-streams.mjs), then one printable ASCII character a byte for the 88 most frequent
// byte values, two for the others, and a small decoder module (about 2 KB, inlined as hex
// before the text: inlined()) that turns the text back into the bytes and joins the streams
// again (packWasm, which checks that the decoder gives back the wasm byte for byte).
//
// Why not hex or base64: gzip matches repeats of the wasm's bytes in the text. Base64 spreads
// a byte over character boundaries, so a repeat at another offset reads differently (the
// literal gzips 28 % worse than the wasm itself); hex keeps each byte on two characters,
// which gzip's 32 KB window then sees only half as far back (9 % worse). One character a
// byte keeps both the alignment and the window: the literal gzips to about the wasm's own
// size. The decoding is a loop that JavaScript would run slowly at import (it is not
// optimized yet: 2–10 ms in a fresh process), so a decoder module runs it (Liftoff's
// baseline code, about as fast as Buffer's hex decoding).
//
// The alphabet leaves out both quotes, the backtick and the backslash (no escape in the
// literal, whichever quote a minifier picks) and `<` (no `</script` when a bundle is inlined
// in a page). A byte value that takes one character and is itself a character of the alphabet
// is written as itself, so that the wasm's texts (its messages, option and parameter names)
// read as they are: the entry puts the packed text first, and gzip then matches the
// JavaScript's copies of them against it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADDRESS, IMMEDIATES, SPECIAL, STREAMS, split } from './wasm-streams.mjs';

/** The printable ASCII characters the text never holds (see above). */
const LEFT_OUT_CHARS = `'"\`\\<`;
export const ALPHABET = [...Array(95)]
  .map((_, i) => String.fromCharCode(32 + i))
  .filter((c) => !LEFT_OUT_CHARS.includes(c))
  .join('');
const N = ALPHABET.length; // 90
/**
 * The characters that start a two-character code: the alphabet's last two (`}` and `~`, which
 * the wasm's texts hardly hold), the code's second character any of the alphabet.
 */
const ESCAPES = 2;
const SINGLES = N - ESCAPES;
if (ESCAPES * N < 256 - SINGLES) throw new Error('wasm-pack: too few two-character codes');
/** The characters of the one-character codes. */
const SINGLE_CHARS = ALPHABET.slice(0, SINGLES);
/** The first character of a two-character code: the one-character codes are below it. */
const FIRST_ESCAPE = ALPHABET.charCodeAt(SINGLES);
/** Where the decoder module keeps its tables and where the text goes (above them): see decoderWat. */
export const TEXT_AT = 128 * (FIRST_ESCAPE + ESCAPES);

/**
 * `bytes` as text: `{ text, order }`, `order` the byte values with one-character codes, then
 * the others, each group by value. The SINGLES most frequent byte values in `bytes` (ties by
 * value, so the same bytes pack alike) take the one-character codes, the others the
 * two-character ones. A one-character value that is one of SINGLE_CHARS is its own code; the
 * others take the characters left, in order, and the two-character ones their codes in order:
 * the decoder then rebuilds the codes from which values are single (a 32-byte mask), not from
 * a table of 256 (gzip's own coding sees the frequencies anyway: on the 47,638-byte wasm the
 * text gzipped 12 bytes larger, the decoder module was 669 bytes instead of 985, the entry 324
 * smaller).
 */
export function pack(bytes) {
  const { order, code } = codes(bytes);
  let text = '';
  for (const b of bytes) text += code[b];
  return { text, order };
}

/** The codes `pack` gives the byte values of `bytes`: `{ order, code }`, `code[b]` the text of value `b`. */
export function codes(bytes) {
  const count = new Array(256).fill(0);
  for (const b of bytes) count[b]++;
  const byCount = [...count.keys()].sort((a, b) => count[b] - count[a] || a - b);
  const byValue = (a, b) => a - b;
  const order = Uint8Array.from([...byCount.slice(0, SINGLES).sort(byValue), ...byCount.slice(SINGLES).sort(byValue)]);
  return { order, code: codesOf(order) };
}

/** `code[b]`, the text of byte value `b`, for the `order` of `codes` (see pack). */
function codesOf(order) {
  const singles = new Set(order.subarray(0, SINGLES));
  const own = (v) => SINGLE_CHARS.includes(String.fromCharCode(v));
  const left = [...SINGLE_CHARS].filter((c) => !singles.has(c.charCodeAt(0)));
  const code = new Array(256);
  order.forEach((v, k) => {
    if (k >= SINGLES) code[v] = ALPHABET[SINGLES + Math.floor((k - SINGLES) / N)] + ALPHABET[(k - SINGLES) % N];
    else code[v] = own(v) ? String.fromCharCode(v) : left.shift();
  });
  return code;
}

/** The bytes of `text` packed with `order`: what the decoder module computes, in JavaScript (for the tests). */
export function unpack(text, order) {
  const byCode = new Map(codesOf(order).map((c, v) => [c, v]));
  const out = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) >= FIRST_ESCAPE ? text.slice(i, ++i + 1) : text[i];
    out.push(byCode.get(c));
  }
  return Uint8Array.from(out);
}

const wat = (bytes) => [...bytes].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');

/**
 * Characters a decoding function takes at most. V8 runs a wasm function in its baseline tier
 * (Liftoff) until the function has spent its budget (about 1.8 million units: some 45,000
 * characters of this loop); then it compiles the optimized tier, which stalls the first
 * call by about 0.7 ms, more than the whole decoding takes. So the text is decoded by copies
 * of one function, each taking a part of it, and none spends its budget.
 */
const PART = 16_384;

/** Where the decoder module's mask of the single-character byte values lies (between its tables). */
const MASK_AT = 128;
/**
 * Where the decoder module marks the characters the text never holds: the byte at LEFT_OUT_AT
 * plus a character is 1 for a left-out one (above the joining's positions and IMMEDIATES,
 * below the two-character codes' table).
 */
const LEFT_OUT_AT = 1024;
/** The first two-character code's address in the decoder's table: its first character × 128 plus its second. */
const FIRST_DOUBLE = 128 * FIRST_ESCAPE + ALPHABET.charCodeAt(0);
// The table building below steps through the alphabet to the next character past the left-out
// ones (none of which are adjacent: one mark read at LEFT_OUT_AT) and from the first row of
// two-character codes to the next (the next first character) by 128.
if (FIRST_ESCAPE !== 125 || ALPHABET.charCodeAt(N - 1) !== 126 || ALPHABET.charCodeAt(0) !== 32)
  throw new Error('wasm-pack: the decoder assumes the alphabet runs from the space to ~, its last two the escapes');
const LEFT_OUT = [...LEFT_OUT_CHARS].map((c) => c.charCodeAt(0));
if (LEFT_OUT.some((c) => LEFT_OUT.includes(c + 1))) throw new Error('wasm-pack: two adjacent characters left out');

/**
 * The decoder module's text. Memory: the byte of each one-character code at its character
 * (32–124), the byte of each two-character code at its first character × 128 plus its second
 * (16,032 onwards), both built by `u()` itself from the mask of the single-character byte values
 * at MASK_AT (`order`'s codes: see pack) and the left-out characters' marks at LEFT_OUT_AT;
 * `text` from TEXT_AT, the bytes after it; enough pages for `text` and `outLength` bytes.
 * `u()` builds the tables (in its own body, with no helper functions: V8 compiles each function
 * of the module at its first call, about 20 µs each in a fresh Node process), decodes the text (in parts of about PART characters, each
 * ending on a code's end, by copies of `$d`) and returns where the bytes end. With `streams`
 * (split()'s answer for the module the text packs), the decoded bytes are the split module, and
 * `u()` then joins its code's streams into the wasm after it (joinWat) and returns its end.
 */
export function decoderWat(order, text, outLength, streams) {
  const mask = new Uint8Array(32);
  for (const byte of order.slice(0, SINGLES)) mask[byte >> 3] |= 1 << (byte & 7);
  const ends = [];
  for (let i = 0; i < text.length; i += text.charCodeAt(i) >= FIRST_ESCAPE ? 2 : 1) {
    if (i >= (ends.length + 1) * PART) ends.push(i);
  }
  ends.push(text.length);
  // With streams: the split module unpacked after the text, the module joined after it (and a
  // byte: the last body is written a byte past its place before its size is: BODY_SIZE).
  const pages = Math.ceil((TEXT_AT + text.length + (streams?.code ? 2 : 1) * outLength + 1) / 65536);
  const part = (k) => `
  (func $d${k} (param $i i32) (param $end i32) (param $o i32) (result i32)
    (local $c i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (if (i32.ge_u (local.get $c) (i32.const ${FIRST_ESCAPE}))
          (then
            (local.set $c
              (i32.load8_u (i32.add (i32.shl (local.get $c) (i32.const 7)) (i32.load8_u (local.get $i)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1))))
          (else (local.set $c (i32.load8_u (local.get $c)))))
        (i32.store8 (local.get $o) (local.get $c))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (br $next)))
    (local.get $o))`;
  // Each part's bytes start where the previous part's end: $d1(…, $d0(…, out)).
  let call = `(i32.const ${TEXT_AT + text.length})`;
  ends.forEach((end, k) => {
    const from = k === 0 ? 0 : ends[k - 1];
    call = `(call $d${k} (i32.const ${TEXT_AT + from}) (i32.const ${TEXT_AT + end}) ${call})`;
  });
  // The left-out characters' marks (LEFT_OUT_AT): the characters from the first to the last of them.
  const first = Math.min(...LEFT_OUT);
  const leftOut = new Uint8Array(Math.max(...LEFT_OUT) - first + 1);
  for (const c of LEFT_OUT) leftOut[c - first] = 1;
  // Whether byte value `v` has a one-character code (its bit in the mask at MASK_AT).
  const single = (v) =>
    `(i32.and (i32.load8_u offset=${MASK_AT} (i32.shr_u ${v} (i32.const 3))) (i32.shl (i32.const 1) (i32.and ${v} (i32.const 7))))`;
  // The character after `v`, past a left-out one (none are adjacent: one mark read).
  const next = (v) =>
    `(i32.add (local.tee $x (i32.add ${v} (i32.const 1))) (i32.load8_u offset=${LEFT_OUT_AT} (local.get $x)))`;
  const joined = streams?.code ? joinWat(streams, TEXT_AT + text.length, outLength) : { funcs: '', calls: '' };
  return `(module
  (memory (export "m") ${pages})
  (data (i32.const ${MASK_AT}) "${wat(mask)}")
  (data (i32.const ${LEFT_OUT_AT + first}) "${wat(leftOut)}")${ends.map((_, k) => part(k)).join('')}
${joined.funcs}
  (func (export "u") (result i32)
    (local $b i32) (local $s i32) (local $d i32) (local $c i32) (local $x i32)
    (local.set $s (i32.const ${ALPHABET.charCodeAt(0)}))
    (local.set $d (i32.const ${FIRST_DOUBLE}))
    (loop $next
      (if ${single('(local.get $b)')}
        (then
          (if (i32.and
                (i32.and
                  (i32.ge_u (local.get $b) (i32.const ${ALPHABET.charCodeAt(0)}))
                  (i32.lt_u (local.get $b) (i32.const ${FIRST_ESCAPE})))
                (i32.eqz (i32.load8_u offset=${LEFT_OUT_AT} (local.get $b))))
            (then (i32.store8 (local.get $b) (local.get $b)))
            (else
              ;; the next character not taken by its own value (as many are left as needed)
              (block $free
                (loop $skip
                  (br_if $free (i32.eqz ${single('(local.get $s)')}))
                  (local.set $s ${next('(local.get $s)')})
                  (br $skip)))
              (i32.store8 (local.get $s) (local.get $b))
              (local.set $s ${next('(local.get $s)')}))))
        (else
          (i32.store8 (local.get $d) (local.get $b))
          (local.set $c ${next('(i32.and (local.get $d) (i32.const 127))')})
          (local.set $d
            (if (result i32) (i32.eq (local.get $c) (i32.const 127))
              (then (i32.add (i32.and (local.get $d) (i32.const -128)) (i32.const ${128 + ALPHABET.charCodeAt(0)})))
              (else (i32.or (i32.and (local.get $d) (i32.const -128)) (local.get $c)))))))
      (br_if $next (i32.ne (local.tee $b (i32.add (local.get $b) (i32.const 1))) (i32.const 256))))
    ${joined.calls ? `(drop ${call})${joined.calls}` : call}))
`;
}

/**
 * Where the decoder module keeps the streams' read positions (an i32 each: stream k's at
 * POSITIONS_AT + 4 × (k + 1)) and IMMEDIATES.
 */
const POSITIONS_AT = 252;
const IMMEDIATES_AT = 320;
/**
 * Code bytes (of the wasm's code section) a joining function takes at most (see PART): about
 * 4,000 opcodes through its loop. The whole code section in one function spends nearly all its
 * tier-up budget (some runs stalled 0.7 ms); four copies cost the entry 46 B.
 */
const JOIN_PART = 8192;

/**
 * The decoder module's functions that join the streams of `streams` (split()'s answer) again,
 * and the calls that run them: the split module is at `from`, the joined one (`length` bytes, at
 * least the split one's) goes `length` bytes after it, the sections around the code copied there
 * (two `memory.copy`s: the streams are shorter than the code, see ADDRESS; the sections after
 * the code once the bodies are written, the last of which may go a byte past its place:
 * BODY_SIZE). `$c` copies bytes of a stream to the output up to one at most its second
 * argument (a LEB128 with 127, a byte with 255) and answers the LEB128's value (or the byte);
 * `$r` reads the opcodes IMMEDIATES marks SPECIAL; `$w…` copy the function bodies up to their
 * argument (an address of the output), each opcode with its immediates from their streams.
 */
function joinWat({ code, starts, ends, streamsEnd }, from, length) {
  const out = from + length;
  const positions = new Uint8Array(Uint32Array.from(starts, (at) => from + at).buffer);
  let last = IMMEDIATES.length;
  while (IMMEDIATES[last - 1] === 0) last--;
  const parts = [];
  for (const end of ends) {
    if (!parts.length || end - parts.at(-1).from > JOIN_PART) parts.push({ from: parts.at(-1)?.to ?? code.start });
    parts.at(-1).to = end;
  }
  /** `$c`'s first argument for stream `name`. */
  const at = (name) => `(i32.const ${4 * (STREAMS.indexOf(name) + 1)})`;
  const part = (k) => `
  (func $w${k} (param $end i32)
    (local $o i32) (local $op i32) (local $d i32) (local $k i32) (local $n i32) (local $p i32) (local $x i32)
    (loop $body
      (call $h)
      (local.set $o (global.get $o))
      (local.set $d (i32.const 1))
      (loop $next
        (local.set $p (i32.load offset=${POSITIONS_AT + 4} (i32.const 0)))
        (i32.store8 (local.get $o) (local.tee $op (i32.load8_u (local.get $p))))
        (i32.store offset=${POSITIONS_AT + 4} (i32.const 0) (i32.add (local.get $p) (i32.const 1)))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (if (i32.eq (local.tee $k (i32.load8_u offset=${IMMEDIATES_AT} (local.get $op))) (i32.const ${SPECIAL}))
          (then
            (global.set $o (local.get $o))
            (local.set $k (i32.load8_u offset=${IMMEDIATES_AT} (call $r (local.get $op))))
            (local.set $o (global.get $o))))
        ;; the blocks open: block, loop and if take a block type
        (local.set $d (i32.add (local.get $d) (i32.eq (local.get $k) (i32.const ${STREAMS.indexOf('block') + 1}))))
        ;; the LEB128 immediates: the stream of each, plus one, four bits each
        (loop $leb
          (if (local.get $k)
            (then
              (local.set $n (i32.shl (i32.and (local.get $k) (i32.const 15)) (i32.const 2)))
              (local.set $p (i32.load offset=${POSITIONS_AT} (local.get $n)))
              (loop $byte
                (i32.store8 (local.get $o) (local.tee $x (i32.load8_u (local.get $p))))
                (local.set $o (i32.add (local.get $o) (i32.const 1)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br_if $byte (i32.gt_u (local.get $x) (i32.const 127))))
              (i32.store offset=${POSITIONS_AT} (local.get $n) (local.get $p))
              (local.set $k (i32.shr_u (local.get $k) (i32.const 4)))
              (br $leb))))
        ;; an end closes one; the body's closes the last
        (br_if $next (local.tee $d (i32.sub (local.get $d) (i32.eq (local.get $op) (i32.const 11))))))
      (global.set $o (call $z (local.get $o)))
      (br_if $body (i32.lt_u (local.get $o) (local.get $end)))))`;
  const funcs = `
  (global $o (mut i32) (i32.const 0))
  (global $a (mut i32) (i32.const 0))
  (global $s (mut i32) (i32.const 0))
  (data (i32.const ${POSITIONS_AT + 4}) "${wat(positions)}")
  (data (i32.const ${IMMEDIATES_AT}) "${wat(IMMEDIATES.subarray(0, last))}")
  (func $c (param $k i32) (param $last i32) (result i32)
    (local $p i32) (local $x i32) (local $v i32) (local $s i32)
    (local.set $p (i32.load offset=${POSITIONS_AT} (local.get $k)))
    (loop $more
      (i32.store8 (global.get $o) (local.tee $x (i32.load8_u (local.get $p))))
      (global.set $o (i32.add (global.get $o) (i32.const 1)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $v (i32.or (local.get $v) (i32.shl (i32.and (local.get $x) (i32.const 127)) (local.get $s))))
      (local.set $s (i32.add (local.get $s) (i32.const 7)))
      (br_if $more (i32.gt_u (local.get $x) (local.get $last))))
    (i32.store offset=${POSITIONS_AT} (local.get $k) (local.get $p))
    (i32.or (local.get $v) (i32.and (local.get $x) (i32.const 128))))
  ;; a function body's locals (groups of a count and a type), two bytes after where the body
  ;; starts: its size goes there once its end is found ($z)
  (func $h
    (local $n i32)
    (global.set $s (global.get $o))
    (global.set $o (i32.add (global.get $o) (i32.const 2)))
    (local.set $n (call $c ${at('localCount')} (i32.const 127)))
    (loop $locals
      (if (local.get $n)
        (then
          (drop (call $c ${at('localCount')} (i32.const 127)))
          (drop (call $c ${at('localType')} (i32.const 127)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $locals)))))
  ;; a body's size, before it (BODY_SIZE): the body written after two bytes, moved back by one
  ;; when its size takes one; answers where the body ends
  (func $z (param $o i32) (result i32)
    (local $n i32)
    (local.set $n (i32.sub (local.get $o) (i32.add (global.get $s) (i32.const 2))))
    (if (i32.lt_u (local.get $n) (i32.const 128))
      (then
        (memory.copy (i32.add (global.get $s) (i32.const 1)) (i32.add (global.get $s) (i32.const 2)) (local.get $n))
        (i32.store8 (global.get $s) (local.get $n))
        (return (i32.sub (local.get $o) (i32.const 1)))))
    (i32.store8 (global.get $s) (i32.or (local.get $n) (i32.const 128)))
    (i32.store8 offset=1 (global.get $s) (i32.shr_u (local.get $n) (i32.const 7)))
    (local.get $o))
  ;; 0xfc's instructions (answers 256 + the number), br_table's depths, f32.const's and
  ;; f64.const's bytes, an address's i32.const (ADDRESS: the opcode written over, the
  ;; difference read and sign-extended, the address written as four LEB128 bytes) (answers 0)
  (func $r (param $op i32) (result i32)
    (local $k i32) (local $last i32) (local $n i32)
    (if (i32.eq (local.get $op) (i32.const ${ADDRESS.op}))
      (then
        (i32.store8 (i32.sub (global.get $o) (i32.const 1)) (i32.const 65))
        (local.set $last (global.get $o))
        (local.set $k (call $c ${at('i32')} (i32.const 127)))
        (local.set $n (i32.sub (i32.const 32) (i32.mul (i32.sub (global.get $o) (local.get $last)) (i32.const 7))))
        (global.set $a (i32.add (global.get $a) (i32.shr_s (i32.shl (local.get $k) (local.get $n)) (local.get $n))))
        (global.set $o (local.get $last))
        (local.set $k (global.get $a))
        (local.set $n (i32.const 3))
        (loop $address
          (i32.store8 (global.get $o) (i32.or (local.get $k) (i32.const 128)))
          (global.set $o (i32.add (global.get $o) (i32.const 1)))
          (local.set $k (i32.shr_u (local.get $k) (i32.const 7)))
          (br_if $address (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (i32.store8 (global.get $o) (local.get $k))
        (global.set $o (i32.add (global.get $o) (i32.const 1)))
        (return (i32.const 0))))
    (if (i32.eq (local.get $op) (i32.const 252))
      (then (return (i32.add (call $c ${at('ops')} (i32.const 127)) (i32.const 256)))))
    (local.set $last (i32.const 127))
    (if (i32.eq (local.get $op) (i32.const 14))
      (then
        (local.set $k ${at('branch')})
        (local.set $n (i32.add (call $c (local.get $k) (local.get $last)) (i32.const 1)))))
    (if (i32.gt_u (local.get $op) (i32.const 66))
      (then
        (local.set $k ${at('float')})
        (local.set $last (i32.const 255))
        (local.set $n (i32.shl (i32.sub (local.get $op) (i32.const 66)) (i32.const 2)))))
    (loop $more
      (if (local.get $n)
        (then
          (drop (call $c (local.get $k) (local.get $last)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $more))))
    (i32.const 0))${parts.map((_, k) => part(k)).join('')}`;
  const calls = `
    (memory.copy (i32.const ${out}) (i32.const ${from}) (i32.const ${code.start}))
    (global.set $o (i32.const ${out + code.start}))
    (drop (call $c ${at('ops')} (i32.const 127)))${parts.map(({ to }, k) => `\n    (call $w${k} (i32.const ${out + to}))`).join('')}
    (memory.copy (i32.const ${out + code.end}) (i32.const ${from + streamsEnd}) (i32.const ${length - code.end}))
    (i32.const ${out + length})`;
  return { funcs, calls };
}

/** The decoder module's bytes, assembled by binaryen's `wasm-as` (`asm`: its path). */
export function decoderModule(asm, order, text, outLength, streams) {
  const dir = mkdtempSync(join(tmpdir(), 'looply-pack-'));
  try {
    writeFileSync(join(dir, 'd.wat'), decoderWat(order, text, outLength, streams));
    execFileSync(asm, ['--enable-bulk-memory', join(dir, 'd.wat'), '-o', join(dir, 'd.wasm')], { stdio: 'inherit' });
    return readFileSync(join(dir, 'd.wasm'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The wasm `bytes` as the entries carry it: `{ text, decoder, skip }`, its code section split
 * into streams (scripts/wasm-streams.mjs), packed, and the decoder module that gives it back
 * (`asm`: wasm-as's path), the bytes `skip` bytes after the text's end in the decoder's memory.
 * Checked here: the decoder module, run on the text, must give back `bytes` exactly, or this
 * throws (the build fails).
 */
export function packWasm(asm, bytes) {
  const streams = split(bytes);
  const { text, order } = pack(streams.bytes);
  const decoder = decoderModule(asm, order, text, bytes.length, streams);
  const skip = streams.code ? bytes.length : 0;
  if (!Buffer.from(runDecoder(decoder, text, skip)).equals(Buffer.from(bytes)))
    throw new Error('wasm-pack: the decoder module does not give back the wasm byte for byte');
  return { text, decoder, skip };
}

/** The bytes the decoder module `decoder` makes of `text` (as wasmBytesModule's code does, with Buffer). */
export function runDecoder(decoder, text, skip) {
  const { m, u } = new WebAssembly.Instance(new WebAssembly.Module(decoder)).exports;
  Buffer.from(m.buffer).write(text, TEXT_AT, 'latin1');
  const end = u();
  return new Uint8Array(m.buffer).subarray(TEXT_AT + text.length + skip, end);
}

/** The function that answers the inlined literal (a declaration, so that it is there before its line runs). */
export const WASM_TEXT = '__looplyWasmText';

/**
 * The literal the entries inline (WASM_TEXT's answer): the decoder module's hex, then the packed
 * text. One literal on the line of its own that scripts/build.mjs puts at the entry's top
 * (injectWasm), rather than the hex in the module below: there esbuild cut it into lines
 * (continuations), and gzip codes it among the JavaScript; before the text, index.mjs gzips
 * 126 B smaller (25,921 -> 25,795 B on 2026-12-06; after the text instead, about 110 B).
 */
export function inlined(decoder, text) {
  return decoder.toString('hex') + text;
}

/**
 * The module `looply:wasm` of the entries that inline the wasm: `wasmBytes()` runs the
 * decoder on the packed text and answers a view of the wasm's bytes in the decoder's memory.
 * WASM_TEXT answers the decoder's hex and the text (inlined()'s): declared here when `text` is
 * given, else put into each bundle by scripts/build.mjs. The decoder's hex (its first
 * 2 × decoder.length characters) becomes bytes by Buffer, Uint8Array.fromHex or a loop; the
 * text gets into its memory natively where it can: Buffer (Node, Deno, Bun), TextEncoder
 * (browsers; the text is ASCII), a loop elsewhere. The wasm's bytes start `skip` bytes after
 * the text's end (packWasm's).
 */
export function wasmBytesModule(decoder, text, skip) {
  const hex = decoder.length * 2;
  return `// Generated by scripts/build.mjs: the WebAssembly core, its code in streams and packed one
// character a byte (scripts/wasm-pack.mjs, wasm-streams.mjs; docs/benchmarks.md, "Loading"),
// and the module that unpacks it.
${text === undefined ? `// ${WASM_TEXT}: put into each bundle by scripts/build.mjs (injectWasm).` : `function ${WASM_TEXT}() {\n  return '${inlined(decoder, text)}';\n}`}

function hexBytes(hex) {
  if (typeof Buffer === 'function') return Buffer.from(hex, 'hex');
  if (typeof Uint8Array.fromHex === 'function') return Uint8Array.fromHex(hex);
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
  return bytes;
}

export function wasmBytes() {
  const all = ${WASM_TEXT}();
  const { m, u } = new WebAssembly.Instance(new WebAssembly.Module(hexBytes(all.slice(0, ${hex})))).exports;
  const memory = new Uint8Array(m.buffer);
  const text = all.slice(${hex});
  const end = ${TEXT_AT} + text.length;
  if (typeof Buffer === 'function') Buffer.from(m.buffer).write(text, ${TEXT_AT}, 'latin1');
  else if (typeof TextEncoder === 'function') new TextEncoder().encodeInto(text, memory.subarray(${TEXT_AT}));
  else for (let i = 0; i < text.length; i++) memory[${TEXT_AT} + i] = text.charCodeAt(i);
  return memory.subarray(end${skip ? ` + ${skip}` : ''}, u());
}
`;
}
