#!/usr/bin/env node
// A scratch build of HEAD plus a known dose of one kind of work that a warm getWorkflowById
// then does every call (branch `nfoot`, docs/benchmarks-log.md "Notes of branch `nfoot`":
// what a call touching cold code and memory costs, priced by dose and response in make
// bench's rotation). Nothing is committed: the script patches the tree, builds
// (scripts/build.mjs), copies pkg/ to build/foot-KIND-DOSE/, writes the patch beside it
// (build/foot-KIND-DOSE.diff) and puts the tree back (git checkout of the patched files, the
// new src/wasm/foot.rs removed).
//
//   node scripts/foot-probe.mjs KIND DOSE        (DIFF=1: write the patch only, no build)
//
// KIND (each at the start of the `__call` export, or in instance.js's `startCall`):
//   cross   DOSE calls to a trivial import, `footEcho` in transport.js (`(x) => x`, f64)
//   wasmfn  DOSE distinct wasm functions run once each, in a chain, each a distinct mix of a
//           value it cannot know (the endpoint index); kept out of line (see the code)
//   jsfn    DOSE distinct JavaScript functions run once each by startCall (a loop over an
//           array of them: one megamorphic call site, so that nothing inlines them)
//   lines   one byte read from each of DOSE distinct 64-byte lines of a static of DOSE×64
//           bytes (written once first, so that its pages are not the kernel's shared zero page)
//   pages   one byte read from each of DOSE distinct 4 KB pages of a static of DOSE×4 KB (at
//           offset i×64 in page i, so that the lines do not all fall in one cache set)
//   empty   DOSE calls a call to an extra export that does nothing (`__foot`), from startCall
//   alloc   DOSE `Vec<u8>`s of 32 bytes allocated and dropped a call
// The sum each probe computes is stored with a volatile write, so that nothing is removed.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const [kind, doseText] = process.argv.slice(2);
const dose = Number(doseText);
const KINDS = ['cross', 'wasmfn', 'jsfn', 'lines', 'pages', 'empty', 'alloc'];
if (!KINDS.includes(kind) || !(dose > 0)) throw new Error(`usage: foot-probe.mjs ${KINDS.join('|')} DOSE`);

const files = {
  mod: 'src/wasm/mod.rs',
  objects: 'src/wasm/objects.rs',
  transport: 'pkg-template/src/transport.js',
  instance: 'pkg-template/src/instance.js',
};
const read = (f) => readFileSync(join(root, f), 'utf8');
const write = (f, text) => writeFileSync(join(root, f), text);
/** `text` with `from` replaced once by `to`, or an error when `from` is not there. */
const patch = (text, from, to) => {
  if (!text.includes(from)) throw new Error(`foot-probe: not found: ${from}`);
  return text.replace(from, to);
};

// A deterministic stream of constants, so that a dose builds the same code every time.
let seed = 0x2545f491;
const next = () => {
  seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
  return seed;
};
const hex = (n) => `0x${(n >>> 0).toString(16)}`;

/** The probe's Rust: `probe(seed)`, run first thing in `__call`. */
function rust() {
  const head = [
    '//! Scratch (branch `nfoot`): a known dose of work a call does, for pricing; never committed.',
    '#![allow(dead_code, clippy::all)]',
    'use core::ptr::{addr_of, addr_of_mut, read_volatile, write_volatile};',
    'static mut SINK: u32 = 0;',
    '',
  ];
  let body;
  if (kind === 'cross') {
    head.push(
      'use wasm_bindgen::prelude::wasm_bindgen;',
      '#[wasm_bindgen(module = "/pkg-template/src/transport.js")]',
      'extern "C" {',
      '    #[wasm_bindgen(js_name = footEcho)]',
      '    fn foot_echo(x: f64) -> f64;',
      '}',
    );
    body = `let mut x = seed as f64;\n    for _ in 0..${dose} { x = foot_echo(x + 1.0); }\n    unsafe { write_volatile(addr_of_mut!(SINK), x as u32) };`;
  } else if (kind === 'wasmfn') {
    // Each function has two call sites (the chain, and a second chain behind a flag that is
    // never set): wasm-opt inlines a function of one caller whatever its size, and the build
    // refuses a function table. Each step is one of six shapes, so that no two functions have
    // the same structure (nothing for wasm-opt to merge).
    const shapes = [
      () => `x = (x ^ ${hex(next())}).wrapping_mul(${hex(next() | 1)});`,
      () => `x ^= x >> ${1 + (next() % 30)};`,
      () => `x = x.rotate_left(${1 + (next() % 30)}).wrapping_add(${hex(next())});`,
      () => `x = x.wrapping_sub(x << ${1 + (next() % 30)});`,
      () => `x = (x | ${hex(next())}).wrapping_add(x >> ${1 + (next() % 30)});`,
      () => `x = x.wrapping_mul(${hex(next() | 1)}) ^ ${hex(next())};`,
    ];
    const calls = [];
    const again = [];
    for (let i = 0; i < dose; i++) {
      const steps = Array.from({ length: 12 }, () => `    ${shapes[next() % shapes.length]()}`);
      head.push(`#[inline(never)]\nfn w${i}(mut x: u32) -> u32 {\n${steps.join('\n')}\n    x\n}`);
      calls.push(`x = w${i}(x);`);
      again.push(`x = w${i}(x ^ ${i + 1});`);
    }
    head.push('static NEVER: bool = false;');
    body = `let mut x = seed;\n    ${calls.join('\n    ')}\n    if unsafe { read_volatile(addr_of!(NEVER)) } {\n        ${again.join('\n        ')}\n    }\n    unsafe { write_volatile(addr_of_mut!(SINK), x) };`;
  } else if (kind === 'lines' || kind === 'pages') {
    const size = kind === 'lines' ? dose * 64 : dose * 4096;
    const at = kind === 'lines' ? 'i * 64' : 'i * 4096 + (i * 64) % 4096';
    head.push(`static mut MEM: [u8; ${size}] = [0; ${size}];`, 'static mut FILLED: bool = false;');
    body = [
      'unsafe {',
      '        let mem = addr_of_mut!(MEM).cast::<u8>();',
      '        if !read_volatile(addr_of!(FILLED)) {',
      `            for i in 0..${size} { write_volatile(mem.add(i), (i * 7 + 1) as u8); }`,
      '            write_volatile(addr_of_mut!(FILLED), true);',
      '        }',
      '        let mut sum = seed;',
      `        for i in 0..${dose} { sum = sum.wrapping_add(read_volatile(mem.add(${at})) as u32); }`,
      '        write_volatile(addr_of_mut!(SINK), sum);',
      '    }',
    ].join('\n');
  } else if (kind === 'empty') {
    head.push(
      'use wasm_bindgen::prelude::wasm_bindgen;',
      '/// Scratch: an export that does nothing, called from `startCall`.',
      '#[wasm_bindgen(js_name = __foot, skip_typescript)]',
      'pub fn foot() {}',
    );
    body = 'let _ = seed;';
  } else if (kind === 'alloc') {
    head.push('static CAP: usize = 32;', 'extern crate alloc;');
    body = `for _ in 0..${dose} {\n        let v: alloc::vec::Vec<u8> = alloc::vec::Vec::with_capacity(unsafe { read_volatile(addr_of!(CAP)) });\n        unsafe { write_volatile(addr_of_mut!(SINK), v.as_ptr() as usize as u32) };\n    }\n    let _ = seed;`;
  } else {
    body = 'let _ = seed;';
  }
  return `${head.join('\n')}\n\n/// The dose, run once a call.\npub fn probe(seed: u32) {\n    ${body}\n}\n`;
}

/** The probe's JavaScript in instance.js: the functions (jsfn) or the export's call (empty). */
function javascript(text) {
  if (kind === 'jsfn') {
    const fns = [];
    for (let i = 0; i < dose; i++) {
      fns.push(
        `  (x) => {\n    const y = (x ^ ${next() % 100000}) * ${1 + (next() % 97)} + ${next() % 1000};\n    return (y ^ (y >>> ${1 + (next() % 20)})) | 0;\n  },`,
      );
    }
    text = patch(
      text,
      '/** Starts a call of endpoint `index`',
      `// Scratch (branch \`nfoot\`): ${dose} distinct functions run once each a call.\nconst FOOT = [\n${fns.join('\n')}\n];\nlet footSink = 0;\n\n/** Starts a call of endpoint \`index\``,
    );
    text = patch(
      text,
      '    return answered(__call(core[0], index, params, options));',
      '    let x = footSink + index;\n    for (let i = 0; i < FOOT.length; i++) x = FOOT[i](x);\n    footSink = x;\n    return answered(__call(core[0], index, params, options));',
    );
  } else if (kind === 'empty') {
    text = patch(text, 'import { __call, __forget,', 'import { __call, __foot, __forget,');
    text = patch(
      text,
      '    return answered(__call(core[0], index, params, options));',
      `    const answer = __call(core[0], index, params, options);\n    for (let i = 0; i < ${dose}; i++) __foot();\n    return answered(answer);`,
    );
  }
  return text;
}

const originals = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, read(f)]));
const name = `foot-${kind}-${dose}`;
try {
  write(files.mod, patch(originals.mod, 'mod fields;\n', 'mod fields;\npub mod foot;\n'));
  write('src/wasm/foot.rs', rust());
  write(
    files.objects,
    patch(
      originals.objects,
      'pub fn call(id: u32, index: u32, params: JsValue, options: JsValue) -> JsValue {\n',
      'pub fn call(id: u32, index: u32, params: JsValue, options: JsValue) -> JsValue {\n    super::foot::probe(index);\n',
    ),
  );
  if (kind === 'cross') {
    write(
      files.transport,
      `${originals.transport}\n/** Scratch (branch \`nfoot\`): a trivial import. */\nexport const footEcho = (x) => x;\n`,
    );
  }
  write(files.instance, javascript(originals.instance));
  execFileSync('git', ['add', '-N', 'src/wasm/foot.rs'], { cwd: root });
  const diff = execFileSync('git', ['diff'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  writeFileSync(join(root, 'build', `${name}.diff`), diff);
  if (!process.env.DIFF) {
    execFileSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    rmSync(join(root, 'build', name), { recursive: true, force: true });
    cpSync(join(root, 'pkg'), join(root, 'build', name), { recursive: true });
    console.log(`foot-probe: build/${name}/ and build/${name}.diff`);
  }
} finally {
  execFileSync('git', ['reset', '-q', '--', 'src/wasm/foot.rs'], { cwd: root });
  rmSync(join(root, 'src/wasm/foot.rs'), { force: true });
  for (const [k, f] of Object.entries(files)) write(f, originals[k]);
}
