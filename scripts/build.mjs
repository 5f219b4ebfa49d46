#!/usr/bin/env node
// Builds the npm package into pkg/: Rust → wasm → wasm-bindgen glue → wasm-opt →
// one ESM and one CommonJS file with the wasm inlined, workerd and edge-light entries with the
// .wasm beside them, and the type declarations.
//
//   node scripts/build.mjs               the package, in pkg/
//   node scripts/build.mjs --no-compile  re-bundle from the last glue (JS changes only)
//   node scripts/build.mjs --test-hooks  a test build with trap exports, in build/pkg-test-hooks/
//   node scripts/build.mjs --no-compile --profile
//                                        re-bundle unminified into build/pkg-profile/ (for
//                                        scripts/profile.mjs: the functions keep their names)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transformSync } from 'esbuild';
import { minify, minify_sync } from 'terser';
import { blankUnreadTexts, noFunctionTable, ownSlotAllocator } from './wasm-table.mjs';
import { joinDataSegments, orderForGzip, TRIES } from './wasm-order.mjs';
import { inlined, packWasm as packWasmText, WASM_TEXT, wasmBytesModule } from './wasm-pack.mjs';
import { split } from './wasm-streams.mjs';
import { operationUnion, routesModule } from './proxy-routes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const template = join(root, 'pkg-template');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const testHooks = process.argv.includes('--test-hooks');
const glue = join(root, 'build', testHooks ? 'glue-test-hooks' : 'glue');
const profile = process.argv.includes('--profile');
const unminified = profile || Boolean(process.env.LOOPLY_UNMINIFIED);
const out = testHooks
  ? join(root, 'build', 'pkg-test-hooks')
  : profile
    ? join(root, 'build', 'pkg-profile')
    : join(root, 'pkg');

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
}

/** Replaces `from` with `to` in `text`, failing loudly if the glue's layout changed. */
function patch(text, from, to, what) {
  if (!text.includes(from)) throw new Error(`build: wasm-bindgen glue layout changed (${what})`);
  return text.replace(from, to);
}

// Features that rustc enables by default for wasm32-unknown-unknown; wasm-opt must keep them.
const WASM_FEATURES = [
  '--enable-bulk-memory',
  '--enable-multivalue',
  '--enable-mutable-globals',
  '--enable-nontrapping-float-to-int',
  '--enable-reference-types',
  '--enable-sign-ext',
];

/**
 * The npm build's toolchain (scripts/npm-toolchain, which scripts/setup.sh installs with
 * rust-src): a pinned nightly, for a standard library built with `panic = immediate-abort`.
 * A panic is then a bare trap (as with `abort`, which trap recovery already handles) without
 * the message formatting that pulled `core::fmt` into the wasm: 6 KB less, 3 KB of the
 * gzipped entry. Rust apps that depend on the crate build it with their own toolchain.
 */
const NPM_TOOLCHAIN = readFileSync(join(root, 'scripts', 'npm-toolchain'), 'utf8').trim();

function cargoBuild() {
  const args = [`+${NPM_TOOLCHAIN}`, 'build', '--release', '--target', 'wasm32-unknown-unknown', '--lib'];
  args.push('-Z', 'build-std=std,panic_abort');
  // Its own target directory: the stable builds (tests, lint, the Rust app) keep theirs.
  const targetDir = join(root, 'target', testHooks ? 'npm-test-hooks' : 'npm');
  // `npm`: the JavaScript layer (src/wasm/), which a Rust app that depends on the crate never gets.
  args.push('--features', testHooks ? 'test-hooks' : 'npm', '--target-dir', targetDir);
  execFileSync('cargo', args, {
    cwd: root,
    stdio: 'inherit',
    // -Zlocation-detail=none: the panics that cannot be reached still passed the file, line and
    // column of each call site that could panic (bounds checks, RefCell) to the trap, as data:
    // 100 bytes of the wasm, 82 of its gzip. (-Zfmt-debug=none and std's optimize_for_size
    // feature changed nothing more.)
    // Not --no-stack-first --global-base=1024 (the data at 1,024, the stack above it: 700
    // bytes of the wasm, about 100 of the gzipped entry, as every static's address fits two
    // bytes of LEB128): a params getter that calls the client again re-enters the core, and
    // where the JavaScript stack is larger (`node --stack-size`, other engines) the shadow
    // stack overruns first. Below the data it wraps below 0 and traps, which the package
    // recovers from; above the data it would write over the statics unseen
    // (tests/js/stack.test.mjs checks the layout and the re-entry).
    //
    // -Zinline-mir=yes -Zinline-mir-threshold=2000: rustc's MIR inliner, which an optimized build
    // runs by default only at opt-level 2 or 3 (not at "z"), inlining any callee that is not
    // `#[inline]` up to 2,000 (not 50) of its cost units (`#[inline]` ones keep the default
    // hint threshold, 100: 75, 150 and more were larger). Inlined before LLVM sees the code,
    // the calls through the core's small helpers and trait methods fold away: 2,495 bytes of
    // the wasm less, about 1 KB of the gzipped entry (thresholds 50, 400 and 2,000: 1,210,
    // 2,159 and 2,495 bytes of the wasm; 10,000 and more, the same as 2,000). The same pass
    // as every release build at opt-level 3 runs.
    env: {
      ...process.env,
      RUSTFLAGS:
        '-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zinline-mir=yes -Zinline-mir-threshold=2000',
    },
  });
  return join(targetDir, 'wasm32-unknown-unknown', 'release', 'looply_sdk.wasm');
}

/** Adjusts the generated glue: no default .wasm URL; a memory probe for the benchmarks. */
function patchGlue(gluePath) {
  let text = readFileSync(gluePath, 'utf8');
  // The default loader points bundlers at a .wasm file the package does not ship.
  text = patch(text, "new URL('looply_sdk_bg.wasm', import.meta.url)", 'undefined', 'default wasm URL');
  // Trap recovery (pkg-template/src/instance.js) relies on every entry into wasm being a
  // synchronous call from the package's own code: no Rust closures called back from JS.
  if (text.includes('makeMutClosure') || text.includes('makeClosure')) {
    throw new Error('build: the core exports closures; trap recovery would miss traps inside them');
  }
  // The core's objects are numbers that the package holds (src/wasm/objects.rs,
  // pkg-template/src/instance.js: HELD), not classes: a class would bring its wrapper, its
  // FinalizationRegistry and a stale-object check into each method back.
  if (/^export class /m.test(text) || text.includes('__wbg_ptr') || text.includes('FinalizationRegistry'))
    throw new Error('build: the glue exports a class (the core holds its objects by number: src/wasm/objects.rs)');
  text += 'export function __looplyMemoryBytes() { return wasm.memory.buffer.byteLength; }\n';
  writeFileSync(gluePath, leanGlue(text));
}

/**
 * Removes what the glue holds for cases the package never meets (each change checks the
 * layout it expects and fails the build when wasm-bindgen's has changed): less JavaScript to
 * download, compile and run at import.
 */
function leanGlue(text) {
  // Re-initialisation after a trap is the package's (instance.js: __wbg_reset_state); nothing
  // here ever schedules wasm-bindgen's own, so the guard before every call is a check of a
  // constant `false`.
  if (/__wbg_reinit_scheduled = (?!false)/.test(text)) throw new Error('build: the glue schedules re-initialisation');
  text = patchAll(text, /^ *__wbg_call_guard\(\);\n/gm, '', 'call guards', 2, Infinity);
  text = patch(text, '    __wbg_reinit_scheduled = false;\n', '', 'reset of the re-initialisation flag');
  text = patch(text, '\nlet __wbg_reinit_scheduled = false;\n', '\n', 're-initialisation flag');
  text = patchRegex(text, /\nfunction __wbg_call_guard\(\) \{\n[\s\S]*?\n\}\n/, '\n', 'call guard');
  // No string passed into the wasm (passStringToWasm0: `malloc` called back, a DataView on the
  // memory): the core reads every string with `valueInto` (src/wasm/fields.rs `raw`), written
  // straight into its memory; nor a TextEncoder of the glue's.
  if (/passStringToWasm0|TextEncoder/.test(text)) throw new Error('build: the glue passes a string into the wasm');
  // `valueInto`'s room passed as a place in the memory's one cached view (transport.js
  // `valueAt`), not as a new view (`subarray`: a typed array made a crossing, five a call);
  // a string that is written still gets one, for `encodeInto`. Measured: −0.96 µs a call
  // without the network, −0.78 (unresolved) in make bench's rotation (docs/benchmarks-log.md,
  // twenty-fourth session).
  text = patch(
    text,
    'valueInto(arg0, getArrayU8FromWasm0(arg1, arg2), arg3)',
    'valueAt(arg0, getUint8ArrayMemory0(), arg1 >>> 0, arg2 >>> 0, arg3)',
    "valueInto's view",
  );
  text = patch(
    text,
    'import { makeHeaders, request, valueInto }',
    'import { makeHeaders, request, valueAt }',
    'valueInto import',
  );
  text = patchRegex(text, /\nfunction getArrayU8FromWasm0\(ptr, len\) \{\n[\s\S]*?\n\}\n/, '\n', 'getArrayU8FromWasm0');
  // initSync without its checks of a deprecated way of calling it (and its warning text):
  // instance.js calls this once, with the bytes or the module.
  for (const needed of ['function __wbg_finalize_init(instance, module) {', 'function __wbg_get_imports() {']) {
    if (!text.includes(needed)) throw new Error(`build: wasm-bindgen glue layout changed (${needed})`);
  }
  // A method's `let ret; ret = wasm.x(…); return ret;` as `return wasm.x(…);`.
  const plainRet = /let ret;\n( *)ret = (wasm\.\w+\([^;\n]*\));\n *return ret;\n/g;
  text = patchAll(text, plainRet, 'return $2;\n', 'plain returns', 2, Infinity);
  // No export returns a `Result`: each answers its failure, a `CoreFailure` (src/wasm/), which
  // spares every call a JS array, an externref slot's free and a multi-value shim. A `Result`
  // export would bring wasm-bindgen's `if (ret[2]) throw …` back: the build refuses it.
  if (/if \(ret\[2\]\)/.test(text))
    throw new Error('build: an export returns a Result (answer a CoreFailure: src/wasm/)');
  // The reset (after a trap: instance.js) as the start's own steps, over the module kept at
  // the start (__looplyInit, below): a new instance, its exports bound, the caches of its
  // memory's views dropped, its start function run. Not its resets of the string decoder's
  // count (the decoder is not the instance's: its count goes on), nor of the instance id that
  // only classes read.
  text = patchRegex(
    text,
    /\nexport function __wbg_reset_state \(\) \{\n {4}__wbg_instance_id\+\+;\n {4}cachedUint8ArrayMemory0 = null;\n {4}if \(typeof numBytesDecoded !== 'undefined'\) numBytesDecoded = 0;\n {4}wasmInstance = new WebAssembly\.Instance\(wasmModule, __wbg_get_imports\(\)\);\n {4}wasm = wasmInstance\.exports;\n {4}wasm\.__wbindgen_start\(\);\n\}\n/,
    '\nexport function __wbg_reset_state() {\n    __looplyInit(wasmModule);\n}\n',
    'reset',
  );
  // Each export that only forwards its arguments to the wasm's function of the same name
  // (`export function __call(id, …) { return wasm.__call(id, …); }`) as that function itself:
  // a `let` the instance's start and reset assign (a live binding for the entry's imports), no
  // wrapper a call. The wasm's function answers `undefined` for a `void` export, as the wrapper.
  const forwarded = [];
  text = patchAll(
    text,
    /^export function ([\w$]+)\(([^)]*)\) \{\n {4}(?:return )?(wasm\.[\w$]+)\(\2\);\n\}\n/gm,
    (all, name, params, fn) => {
      forwarded.push(`${name} = ${fn};`);
      return `export let ${name};\n`;
    },
    'forwarding exports',
    1,
    Infinity,
  );
  text += `function __looplyBind() {\n    ${forwarded.join('\n    ')}\n}\n`;
  text = patch(
    text,
    '    wasm = instance.exports;\n',
    '    wasm = instance.exports;\n    __looplyBind();\n',
    'instance start',
  );
  text +=
    'export function __looplyInit(module) {\n' +
    '  if (!(module instanceof WebAssembly.Module)) module = new WebAssembly.Module(module);\n' +
    '  return __wbg_finalize_init(new WebAssembly.Instance(module, __wbg_get_imports()), module);\n' +
    '}\n';
  return text;
}

/** Replaces the one match of `re` in `text`, failing loudly if the glue's layout changed. */
function patchRegex(text, re, to, what) {
  if (!re.test(text)) throw new Error(`build: wasm-bindgen glue layout changed (${what})`);
  return text.replace(re, to);
}

/**
 * Replaces every match of the global `re` in `text` (`to` a string or a function, as for
 * `String.replace`), failing loudly unless there are `min` to `max` of them: the glue's
 * layout changed.
 */
function patchAll(text, re, to, what, min, max = min) {
  const n = text.match(re)?.length ?? 0;
  if (n < min || n > max) throw new Error(`build: wasm-bindgen glue layout changed (${what}: ${n})`);
  return text.replace(re, to);
}

/**
 * Renames the wasm's imports, exports and import modules to one or two letters (wasm-opt
 * prints the mapping) and the glue's references to match: wasm-bindgen's names carry a
 * 16-digit hash each, which gzip cannot shrink (1.5 KB of the inlined wasm, gzipped).
 */
function minifyNames(gluePath, bg) {
  const out = execFileSync(
    bin('wasm-opt'),
    [...WASM_FEATURES, '--minify-imports-and-exports-and-modules', bg, '-o', bg],
    { cwd: root, encoding: 'utf8' },
  );
  const map = JSON.parse(out.slice(out.indexOf('{')));
  let text = readFileSync(gluePath, 'utf8');
  const exported = new Map(map.exports);
  text = text.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (all, name) => {
    const short = exported.get(name);
    if (short === undefined) throw new Error(`build: the glue uses wasm.${name}, which the wasm does not export`);
    return `wasm.${short}`;
  });
  // The glue's own imports (module ./looply_sdk_bg.js) are keys of its `import0` object;
  // pkg-template/src/transport.js's come from its namespace (`import1`).
  const own = [];
  const snippet = [];
  for (const [module, name, short] of map.imports)
    (module === './looply_sdk_bg.js' ? own : snippet).push([name, short]);
  // Each as a method (`"a"(x) {`, not `"a": function(x) {`): the same function for the wasm
  // to call, 9 bytes shorter each.
  for (const [name, short] of own)
    text = patch(text, `        ${name}: function(`, `        ${JSON.stringify(short)}(`, `import ${name}`);
  // The glue's imports that wasm-opt dropped (code that only `-Cpanic=immediate-abort`'s dead
  // paths called: wasm-bindgen's `__wbindgen_throw`): still written, never called.
  text = text.replace(/^ {8}__wbg_[\w$]+: function\([^)]*\) \{\n[\s\S]*?\n {8}\},\n/gm, '');
  // One object of every import (the glue's and transport.js's), under the one module name. No
  // `__proto__: null`: the wasm asks only for these names, and none is one of Object.prototype's.
  const head = '    const import0 = {\n        __proto__: null,\n';
  const start = text.indexOf('    };\n    return {\n        __proto__: null,\n        "./looply_sdk_bg.js": import0,');
  const end = text.indexOf('    };\n', start + 7);
  if (!text.includes(head) || start < 0 || end < 0)
    throw new Error('build: wasm-bindgen glue layout changed (imports object)');
  const extra = snippet.map(([name, short]) => `        ${JSON.stringify(short)}: import1.${name},\n`).join('');
  text = `${text.slice(0, start)}${extra}    };\n    return { a: import0 };\n${text.slice(end + 7)}`;
  text = text.replace(head, '    const import0 = {\n');
  if (new Set(map.imports.map(([module]) => module)).size > 2)
    throw new Error('build: the wasm imports from an unexpected module');
  writeFileSync(gluePath, text);
  // For scripts/profile.mjs, which names the functions the wasm calls.
  writeFileSync(join(glue, 'names.json'), JSON.stringify(map));
}

/**
 * wasm-opt's `--remove-exports` for each export of the wasm at `wasmPath` that the glue at
 * `gluePath` never reads (`wasm.<name>`): wasm-bindgen's `__wbindgen_free` and the reset-state
 * support's `__abort_handler` and `__instance_terminated`, which the package's own recovery
 * (instance.js) does without. wasm-opt then drops what only they kept (46 bytes of the wasm,
 * 24 gzipped, measured under -Oz).
 */
function unreadExports(wasmPath, gluePath) {
  const text = readFileSync(gluePath, 'utf8');
  const read = new Set([...text.matchAll(/\bwasm\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));
  const names = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(wasmPath))).map((e) => e.name);
  const unread = names.filter((name) => !read.has(name));
  if (unread.length > 8) throw new Error(`build: the glue reads few of the wasm's exports (${unread.join(', ')})`);
  return unread.map((name) => `--remove-exports=${name}`);
}

/** The method and parameter declarations and openapi.json, from the endpoint descriptions. */
function describe() {
  run('cargo', ['run', '--quiet', '--features', 'describe', '--bin', 'describe', '--', glue]);
}

function compile() {
  rmSync(glue, { recursive: true, force: true });
  mkdirSync(glue, { recursive: true });
  // The crate's own allocator of externref table slots in place of wasm-bindgen's, under its
  // names (src/wasm/xref.rs): 0.3 KB of the wasm less. A copy: cargo's output stays as built.
  const wasm = join(glue, 'looply_sdk.wasm');
  writeFileSync(wasm, ownSlotAllocator(readFileSync(cargoBuild())));
  run('wasm-bindgen', ['--target', 'web', '--experimental-reset-state-function', '--out-dir', glue, wasm]);
  rmSync(wasm);
  patchGlue(join(glue, 'looply_sdk.js'));
  describe();
  const bg = join(glue, 'looply_sdk_bg.wasm');
  // -O3, not -Oz: rustc has already optimised for size (opt-level "z"); binaryen's speed
  // passes on top cost 109 bytes of the gzipped entry and save about 0.65 µs of a call's CPU
  // in place (paired A/Bs in both orders: docs/benchmarks.md, "Where the time goes").
  // --low-memory-unused: no load or store reaches the first 1,024 bytes, so constant offsets
  // fold into addresses (530 bytes of the wasm, about 220 of the gzipped entry). It holds for
  // rustc's layout: the stack comes first and grows down from 1 MiB to 0, the data above it;
  // only a stack 1 KiB short of 1 MiB deep would reach there, which overruns it anyway.
  run(bin('wasm-opt'), [
    ...unreadExports(bg, join(glue, 'looply_sdk.js')),
    // Traps stay where they were (no -iit), so trap recovery sees the same ones.
    // Functions of up to 3 expressions inlined everywhere (binaryen's default 2): one wasm
    // function fewer compiled lazily on a call's path (wasm-bindgen's shim of `number`), and
    // 13 bytes of the wasm less (docs/benchmarks-log.md, branch `nlazy`).
    '--always-inline-max-function-size=3',
    '-O3',
    // Then twice the control flow flattened, rebuilt by binaryen's relooper and optimised
    // again: 279 bytes of the wasm less, 95 of the gzipped entry (once: 63; three times or
    // `--converge`: no better); a call's CPU in place the same (paired A/Bs in both orders,
    // −0.17 to +0.31 µs).
    ...['--flatten', '--rereloop', '-O3'],
    ...['--flatten', '--rereloop', '-O3'],
    // Then once more, without the flattening: binaryen's cleanup after a rereloop leaves work
    // for another round. 55 B of A less (18,348 -> 18,293; the wasm 33,057 -> 32,915 raw),
    // index.mjs 36 B (25,736 -> 25,696 and 25,759 -> 25,728 with the search's seeds 1 and 2),
    // now that the code is packed in streams (scripts/wasm-streams.mjs; on the interleaved
    // code a third round was no better); a call's CPU in the tight loop (`ZERO=1` ab-cpu.mjs)
    // +0.03 and +0.11 µs in the two orders (A/A −0.04). A fifth `-O3`, or `-Oz`, `-Os`, `-O1`
    // in its place: no better (docs/benchmarks-log.md, "Notes of branch `nflags`").
    '-O3',
    // Where the search for the functions' order for gzip starts (orderForGzip, below).
    // wasm-bindgen's output has no function names, so this sorts binaryen's index names as
    // text ($0, $1, $10, $100, …, $11, …): no principle, but it made the packed text gzip 96
    // to 129 bytes smaller than rustc's order, and the search from it ends about as well as
    // from ascending size (3,000 tries on 2026-12-06: 17,606 B against 17,599).
    '--reorder-functions-by-name',
    '--low-memory-unused',
    ...WASM_FEATURES,
    '--strip-debug',
    '--strip-producers',
    // rustc's list of the features it compiled for (a custom section for linkers: 148 bytes
    // that no runtime reads).
    '--strip-target-features',
    bg,
    '-o',
    bg,
  ]);
  minifyNames(join(glue, 'looply_sdk.js'), bg);
  // No function table: what only a table would hold, wasm-opt has dropped (scripts/wasm-table.mjs).
  noFunctionTable(readFileSync(bg));
  // wasm-bindgen's texts that only code wasm-opt dropped read, as zeros (19 B of A, the
  // packed text in binaryen's order, gzipped).
  const wat = execFileSync(bin('wasm-dis'), [bg], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const unread = blankUnreadTexts(readFileSync(bg), wat);
  writeFileSync(bg, unread.bytes);
  console.log(
    `build: ${unread.blanked} bytes of wasm-bindgen's texts that nothing reads written as zeros (scripts/wasm-table.mjs)`,
  );
  // The data in one segment (scripts/wasm-order.mjs); the functions' order is searched for in
  // bundle(), which needs the JavaScript that follows the packed text (orderWasm).
  writeFileSync(bg, joinDataSegments(readFileSync(bg)));
  packWasm();
}

/**
 * The wasm packed for the entries that inline it (scripts/wasm-pack.mjs), and the same module
 * without the text, which injectWasm puts into each bundle after esbuild has cut its lines: one
 * line of text, not 70 cut by continuations.
 */
function packWasm() {
  const optimized = readFileSync(join(glue, 'looply_sdk_bg.wasm'));
  const { text, decoder, skip } = packWasmText(bin('wasm-as'), optimized);
  writeFileSync(join(glue, 'wasm-bytes.js'), wasmBytesModule(decoder, text, skip));
  writeFileSync(join(glue, 'wasm-bytes-slot.js'), wasmBytesModule(decoder, undefined, skip));
  writeFileSync(join(glue, 'wasm-packed.txt'), inlined(decoder, text));
}

/**
 * How much of the JavaScript after the packed text the order search scores with it. The entry
 * gzips the text with the JavaScript after it, which matches the wasm's texts; the search for
 * the text alone left about 30 B of index.mjs on the table (four seeds each on 2026-12-06:
 * index.mjs 27,349-27,391 B gzipped with the first 6,000 characters, 27,332-27,377 with 12,000,
 * 27,341-27,408 with all of it, 27,387-27,424 with none). A longer tail costs time and adds the
 * JavaScript's own noise to the score.
 */
const ORDER_TAIL = 6000;

/**
 * The wasm's functions in the order whose packed text, with the first ORDER_TAIL characters of
 * the JavaScript that follows it in `entry` (index.mjs as bundled, before injectWasm), gzips
 * smallest of those tried (scripts/wasm-order.mjs; wasm-opt's by-name order is where the search
 * starts), and the wasm packed again.
 */
function orderWasm(entry) {
  const bg = join(glue, 'looply_sdk_bg.wasm');
  const code = readFileSync(entry, 'latin1');
  const first = code.indexOf('\n');
  const after = Buffer.from(`"}${code.slice(first, first + ORDER_TAIL)}`, 'latin1');
  // Scored as the entry carries it: the code split into streams (scripts/wasm-streams.mjs).
  const ordered = orderForGzip(readFileSync(bg), TRIES, { after, transform: (module) => split(module).bytes });
  writeFileSync(bg, ordered.bytes);
  console.log(
    `build: the wasm's functions reordered for gzip (its packed text with ${ORDER_TAIL} characters of the entry after it ${ordered.from} -> ${ordered.to} B gzipped)`,
  );
  packWasm();
}

/**
 * Puts into the bundle `file` the function that answers the packed wasm `text` (WASM_TEXT), on a
 * line of its own after the first (V8's compile hint, which must stay first), and its source
 * map's lines one down to match. A declaration, so it is there before any line runs. Not where
 * its module is: gzip looks back 32 KB at most, so the JavaScript on either side of the text
 * would share no repeats (the gzipped entry was about 1.5 KB smaller at the end, with hex). At
 * the top rather than the end: 101 B of index.mjs less (28,309 -> 28,208 B gzipped on
 * 2026-12-06), and the JavaScript after it matches the wasm's texts (see wasm-pack.mjs).
 */
function injectWasm(file, text) {
  const code = readFileSync(file, 'utf8');
  if (code.split(`${WASM_TEXT}(`).length !== 2) throw new Error(`build: ${file} must call ${WASM_TEXT} once`);
  const first = code.indexOf('\n');
  if (!code.startsWith('//# allFunctionsCalledOnLoad\n'))
    throw new Error(`build: ${file} does not start with V8's compile hint`);
  writeFileSync(file, `${code.slice(0, first)}\nfunction ${WASM_TEXT}(){return"${text}"}${code.slice(first)}`);
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  const lines = map.mappings.split(';');
  lines.splice(1, 0, '');
  map.mappings = lines.join(';');
  writeFileSync(`${file}.map`, JSON.stringify(map));
}

/** The longest line a bundle may keep (the packed wasm's aside): readable failures (see bundleEntry). */
const MAX_LINE = 1000;

/**
 * Breaks the bundle `file`'s lines longer than MAX_LINE, and its source map with them: where
 * one statement ends and the next begins (after a `;` or `}`: where one module's code ends
 * and the next one's begins, or before a declaration), or else inside a string literal of
 * more than 40 characters (stringLiterals, found only when needed), with a line continuation
 * (a `\` before the newline, which adds nothing to the string), where no escape is cut. The
 * result must parse as the same code (esbuild's whitespace minification of both is compared).
 * terser breaks lines only between tokens (max_line_len), so a long message, or the decoder
 * module's hex, stays one line there.
 */
function breakLongLines(file) {
  const whole = readFileSync(file, 'utf8');
  const code = whole.split('\n');
  let strings; // found when first needed
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  const lines = map.mappings.split(';');
  const outCode = [];
  const outMap = [];
  let lineStart = 0;
  for (let n = 0; n < code.length; n++) {
    let text = code[n];
    let base = lineStart; // the offset in `file` of text[0]
    lineStart += text.length + 1;
    let segments = lines[n] === undefined || lines[n] === '' ? [] : lines[n].split(',');
    while (text.length > MAX_LINE) {
      // The absolute column and the source of each segment.
      let column = 0;
      let source = 0;
      let cut = -1;
      let cutAt = 0;
      for (let i = 0; i < segments.length; i++) {
        const fields = readFields(segments[i]);
        column += fields[0];
        const next = fields.length > 1 ? source + fields[1] : source;
        const boundary = next !== source || DECLARATION.test(text.slice(column, column + 15));
        if (i > 0 && fields.length > 1 && boundary && column > 0 && column < text.length - 1) {
          if (column > MAX_LINE) break;
          if (';}'.includes(text[column - 1])) {
            cut = i;
            cutAt = column;
          }
        }
        source = next;
      }
      let continuation = '';
      if (cut < 0) {
        strings ??= stringLiterals(whole);
        cutAt = stringCut(text, base, strings);
        if (cutAt < 0)
          throw new Error(
            `build: ${file} line ${n + 1} is ${text.length} characters, with no statement boundary or string to break it at`,
          );
        continuation = '\\';
        // The first segment at or after the cut (none starts inside a string).
        column = 0;
        cut = segments.length;
        for (let i = 0; i < segments.length; i++) {
          const c = column + readFields(segments[i])[0];
          if (c >= cutAt) {
            cut = i;
            break;
          }
          column = c;
        }
      }
      outCode.push(text.slice(0, cutAt) + continuation);
      outMap.push(segments.slice(0, cut).join(','));
      // The segment after the cut takes its column on the new line; the others keep their relative columns.
      if (cut < segments.length) {
        let at = 0;
        for (let i = 0; i <= cut; i++) at += readFields(segments[i])[0];
        const [, ...rest] = readFields(segments[cut]);
        segments = [writeVlq(at - cutAt) + rest.map(writeVlq).join(''), ...segments.slice(cut + 1)];
      } else segments = [];
      text = text.slice(cutAt);
      base += cutAt;
    }
    outCode.push(text);
    outMap.push(segments.join(','));
  }
  const broken = outCode.join('\n');
  if (outCode.length !== code.length && minified(broken) !== minified(code.join('\n')))
    throw new Error(`build: ${file} reads differently with its long lines broken`);
  writeFileSync(file, broken);
  map.mappings = outMap.join(';');
  writeFileSync(`${file}.map`, JSON.stringify(map));
}

/**
 * The last column of `text` (found at offset `base` of its file) at most MAX_LINE - 1 where a
 * line continuation may go: inside one of the `strings`, not within an escape nor between the
 * two halves of a surrogate pair; -1 if none.
 */
function stringCut(text, base, strings) {
  let best = -1;
  for (const [start, end] of strings) {
    if (start - base >= MAX_LINE - 1 || end <= base) continue;
    for (let i = start - base; i < end - base && i < MAX_LINE; ) {
      if (i > 0 && i <= MAX_LINE - 1 && !(text.charCodeAt(i) >= 0xdc00 && text.charCodeAt(i) <= 0xdfff)) best = i;
      if (text[i] !== '\\') i++;
      else if (text[i + 1] === 'x') i += 4;
      else if (text[i + 1] === 'u') i = text[i + 2] === '{' ? text.indexOf('}', i) + 1 : i + 6;
      else i += 2;
    }
  }
  return best;
}

/** What starts a declaration: a statement of its own, which a line break before it leaves as it is. */
const DECLARATION = /^(?:function|async function|class|var|let|const)[\s{[]/;

/** `code` with its whitespace minified by esbuild (the same for two texts that differ only in where lines break). */
function minified(code) {
  return transformSync(code, { minifyWhitespace: true, logLevel: 'silent' }).code;
}

/** Every base64 VLQ number of a source map segment. */
function readFields(segment) {
  const fields = [];
  for (let rest = segment; rest; ) {
    const [value, after] = readVlq(rest);
    fields.push(value);
    rest = after;
  }
  return fields;
}

const VLQ = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The first base64 VLQ number of a segment, and the rest of it. */
function readVlq(segment) {
  let value = 0;
  let shift = 0;
  let i = 0;
  for (;;) {
    const digit = VLQ.indexOf(segment[i++]);
    value += (digit & 31) << shift;
    shift += 5;
    if (!(digit & 32)) break;
  }
  return [value & 1 ? -(value >> 1) : value >> 1, segment.slice(i)];
}

function writeVlq(n) {
  let value = n < 0 ? (-n << 1) | 1 : n << 1;
  let out = '';
  do {
    const digit = value & 31;
    value >>>= 5;
    out += VLQ[value ? digit | 32 : digit];
  } while (value);
  return out;
}

/** The generated declarations without wasm-bindgen's init functions, plus the hand-kept ones. */
function declarations() {
  let dts = readFileSync(join(glue, 'looply_sdk.d.ts'), 'utf8');
  const cut = dts.indexOf('export type InitInput');
  if (cut < 0) throw new Error('build: wasm-bindgen .d.ts layout changed (no InitInput)');
  // `[Symbol.dispose]` needs lib esnext in the consumer's tsconfig; `free()` stays.
  dts = dts
    .slice(0, cut)
    .replace(/export function __wbg_reset_state\(\): void;\n?/, '')
    .replace(/ *\[Symbol\.dispose\]\(\): void;\n/g, '');
  const generated = readFileSync(join(glue, 'api.d.ts'), 'utf8');
  // The lines that mark what src/bin/describe writes into a hand-kept file (make generate)
  // are for its readers, not the package's.
  const marker = /^\/\/ (?:.*: written by src\/bin\/describe .*|\/[a-z ]+)\n/gm;
  const hand = ['errors.d.ts', 'paginator.d.ts', 'client.d.ts'].map((f) =>
    readFileSync(join(template, 'src', f), 'utf8').replace(marker, ''),
  );
  return `${dts.trimEnd()}\n\n${generated}\n${hand.join('')}`;
}

/** The glue's copy of pkg-template/src/transport.js (wasm-bindgen puts it under snippets/<crate-hash>/). */
function transportSnippet() {
  const dir = join(glue, 'snippets');
  const [crate] = readdirSync(dir);
  if (!crate) throw new Error('build: no wasm-bindgen snippets (pkg-template/src/transport.js) in the glue');
  return join(dir, crate, 'pkg-template', 'src', 'transport.js');
}

/** Resolves the virtual modules: `looply:glue`, `looply:facts`, `looply:transport`, and `looply:wasm` (inlined bytes or a .wasm import). */
function virtualModules(wasmSource) {
  return {
    name: 'looply-virtual',
    setup(b) {
      b.onResolve({ filter: /^looply:glue$/ }, () => ({ path: join(glue, 'looply_sdk.js') }));
      // The core's constants the JavaScript shares (src/bin/describe/ writes them).
      b.onResolve({ filter: /^looply:facts$/ }, () => ({ path: join(glue, 'facts.js') }));
      // pkg-template/src/transport.js as the glue imports it (one copy in the bundle, not two).
      b.onResolve({ filter: /^looply:transport$/ }, () => ({ path: transportSnippet() }));
      b.onResolve({ filter: /^looply:wasm$/ }, () => ({ path: wasmSource }));
      b.onResolve({ filter: /\.wasm(\?module)?$/ }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/**
 * The properties esbuild renames (see mangleProps): every use of each name in the entry, so
 * none may also be read from a platform object or a caller's options anywhere in it. Some are
 * platform names the entry does not use today (`json` of a `Response`, `race` of `Promise`,
 * `reject` of `Promise.withResolvers()`'s): code that starts to use one must take it out of
 * this list (a call of a renamed method fails at once, in every test that reaches it). Not
 * `credentials`, although the lane's would save 4 bytes: fetch's `RequestInit` has it, and a
 * renamed write of it would fail silently.
 */
const MANGLED = new RegExp(
  `^(${[
    ...['redactor', 'verbose', 'timedOut', 'onAbort', 'nextKey'],
    ...['controller', 'uses', 'pending', 'timer', 'ms', 'key', 'enter', 'leave', 'reject'],
    ...['before', 'after', 'retry', 'pause', 'route', 'last', 'failure', 'json'],
    ...['pollIntervalMs', 'notFoundGraceMs', 'fns'],
  ].join('|')})$`,
);

/**
 * terser's options for an entry, after esbuild: names mangled by terser's character frequency
 * over the whole file (top-level ones too) and its compression, but for moving a function used
 * once into its caller (reduce_funcs) where it would become a function literal, a closure made
 * at each call of the caller (`join` and `alone` into `sendOnce`): only those of MOVABLE move
 * (bundleEntry's `top_retain`). `inline: 1` puts only a function whose body is one expression
 * into its one call, as an expression (the glue's reset; `getDataViewMemory0` too, 9 B, until
 * it went). Lines are broken between tokens past MAX_LINE, the longest a bundle keeps (then breakLongLines cuts
 * what terser cannot: long strings): index.mjs 30,567 -> 30,358 B gzipped, index.cjs 30,758 ->
 * 30,526 with terser; its breaks at 1,000 rather than 600 (each costs about 2 bytes), 25,329 ->
 * 25,307 (index.cjs 25,360 -> 25,343; 900: 25,317, 800: 25,329, 700: 25,321). Statements end
 * in a newline rather than a `;` where that reads the same (`semicolons: false`): a line ends
 * where a statement does, so fewer breaks are added past MAX_LINE (index.mjs 24,738 -> 24,714 B
 * gzipped, index.cjs 24,777 -> 24,752; 227 lines, not 30). Function declarations go to the top
 * of their scope (`hoist_funs`; the language hoists them there anyway, so nothing runs in
 * another order), which leaves the variables of a scope together, one `var` for them:
 * 24,714 -> 24,686 (index.cjs 24,752 -> 24,715). What a reader sees keeps its name as with
 * esbuild's (see `minifyIdentifiers` in bundle()).
 */
const TERSER = {
  toplevel: true,
  compress: { inline: 1, hoist_funs: true },
  mangle: true,
  // V8's compile hint (the banner) stays the first line.
  format: { max_line_len: MAX_LINE, comments: /allFunctionsCalledOnLoad/, semicolons: false },
};

/**
 * esbuild's `build(options)` of one entry, through terser (TERSER) with its source map chained
 * to esbuild's, its lines no longer than MAX_LINE (breakLongLines). Each break costs about 2
 * bytes of the gzipped entry (it cuts a repeat gzip would have found): readable failures.
 */
async function bundleEntry(options, commonJs = false) {
  await build(options);
  const file = options.outfile;
  const name = basename(file);
  const comment = `\n//# sourceMappingURL=${name}.map\n`;
  let code = readFileSync(file, 'utf8');
  if (!code.endsWith(comment)) throw new Error(`build: ${file} does not end with its source map comment`);
  if (commonJs) code = withCommonJsExports(code, file);
  if (unminified) {
    writeFileSync(file, code);
    return;
  }
  const nameCache = commonJs ? undefined : exportedNames(code, file);
  const map = readFileSync(`${file}.map`, 'utf8');
  const declared = declaredFunctions(code, JSON.parse(map));
  // Without the names every function would be movable, the call's path's too.
  if (![...declared.values()].includes('sendOnce')) throw new Error(`build: ${file}'s map names no sendOnce`);
  const result = await minify(
    { [name]: code.slice(0, -comment.length) },
    {
      ...TERSER,
      module: !commonJs,
      nameCache,
      // A function used once stays a declaration unless it is MOVABLE.
      compress: { ...TERSER.compress, top_retain: (def) => stays(declared.get(def.name), def) },
      format: { ...TERSER.format, ast: Boolean(nameCache) },
      sourceMap: { content: map, includeSources: true, url: `${name}.map` },
    },
  );
  // A binding renamed to a global's name would shadow the global where the code reads it.
  for (const exported of Object.values(nameCache?.vars.props ?? {})) {
    if (result.ast.globals?.has(exported)) throw new Error(`build: ${file} exports ${exported}, a global it reads`);
  }
  writeFileSync(file, `${result.code}\n`);
  writeFileSync(`${file}.map`, result.map);
  breakLongLines(file);
}

/**
 * The functions terser may move into their one caller (`reduce_funcs`), by their names in the
 * sources: each runs at most once a client, once a failure or once at import (or is a
 * one-expression body that `inline: 1` puts into its caller as an expression), so the closure
 * such a move makes each time its caller runs costs no call anything. Every other function
 * used once keeps its declaration: moved into a caller on a call's path, it would be a new
 * closure on each call (`join` and `alone` into `sendOnce`, `passStringToWasm0` into the
 * glue's string import, `startCall`; the arrow `request` into the glue's request import, an
 * arrow made and called on each call until the arrows stayed too). index.mjs 24,686 -> 24,668 B
 * gzipped (every function movable: 24,658); the arrows kept, 24,380 -> 24,378.
 */
const MOVABLE = new Set([
  ...['__wbg_get_imports', '__wbg_reset_state', '__looplyBind'], // the glue's, `inline: 1`
  ...['wasmBytes', 'hexBytes'], // at import
  ...['resolveUrl', 'keyed'], // a client's constructor
  ...['describe', 'recordFailure', 'hostAndPort', 'toLooplyError', 'nearest'], // a failure's message
  'triggerMany', // once a triggerMany, which makes a call for each item
]);

/**
 * Whether terser keeps the bundle's top-level `def` (its `top_retain`): a function declared (or
 * an arrow bound) in the sources as `source` (declaredFunctions) that something calls, unless
 * MOVABLE. What nothing
 * references is left for terser to drop, as without the option.
 */
function stays(source, def) {
  return source !== undefined && def.references.length > 0 && !MOVABLE.has(source);
}

/** An arrow function bound to a name in esbuild's minified output: `name=(a,b)=>` or `name=a=>`. */
const ARROW_BINDING = /^([\w$]+)=(?:async ?)?(?:\([\w$,]*\)|[\w$]+)=>/;

/**
 * esbuild's name of each function declaration and each arrow function bound to a name
 * (`const request = (call, path, body, route) => …`) of `code` (its output) -> the function's
 * name in the sources, from esbuild's source `map` (the segment at the name after `function `,
 * or at the binding's). An arrow is a function as a declaration is: used once, terser would
 * move it into its caller as a function literal called where it stands, a closure made each
 * time the caller runs (transport.js's `request` into the glue's import that `__call` calls
 * on every call).
 */
function declaredFunctions(code, map) {
  const lines = code.split('\n');
  const found = new Map();
  let nameIndex = 0; // the fields but the column are relative across lines: only the name's is needed
  map.mappings.split(';').forEach((segments, generatedLine) => {
    let generatedColumn = 0;
    for (const segment of segments ? segments.split(',') : []) {
      const fields = readFields(segment);
      generatedColumn += fields[0];
      if (fields.length < 5) continue;
      nameIndex += fields[4];
      const text = lines[generatedLine] ?? '';
      const before = text.slice(0, generatedColumn);
      const after = text.slice(generatedColumn);
      const id = before.endsWith('function ')
        ? after.match(/^[\w$]+/)?.[0]
        : /(?:const |let |var |,)$/.test(before) && after.match(ARROW_BINDING)?.[1];
      if (id) found.set(id, map.names[nameIndex]);
    }
  });
  return found;
}

/**
 * terser's name cache for the ES module `code` (esbuild's output, at `file`): each binding the
 * module exports takes its export's name. esbuild, which minifies names, ends the module with
 * `export{Kt as APIConnectionError,…}`: a mangled name beside each export's name, which terser
 * would keep; with the binding named as its export, the list is `export{APIConnectionError,…}`
 * and every use of the class reads its name (which gzip has already: errors.js names each
 * class). index.mjs 25,347 -> 25,331 B gzipped. bundleEntry checks that no such name is also a
 * global the code reads.
 */
function exportedNames(code, file) {
  const props = {};
  for (const [local, exported] of exportList(code, file)) {
    if (local !== exported && exported !== 'default') props[`$${local}`] = exported;
  }
  return { vars: { props } };
}

/** esbuild's export list at the end of an ES module (minified or not), before its source map comment. */
const EXPORT_LIST = /(?<=[;}\n])export ?\{([^}]*)\};?(?=\n\/\/# sourceMappingURL=)/;

/** The ES module `code`'s export list (esbuild's, at its end) as `[local, exported]` pairs. */
function exportList(code, file) {
  const list = code.match(EXPORT_LIST);
  if (!list) throw new Error(`build: ${file} does not end with esbuild's export list`);
  return list[1].split(',').map((item) => {
    const [local, exported = local] = item.trim().split(/\s+as\s+/);
    return [local, exported];
  });
}

/**
 * The ES module `code` (esbuild's bundle, at `file`) as a CommonJS module: its export list
 * made `module.exports` at its end, an object of the same names and values, marked
 * `__esModule` as esbuild marks it. Not esbuild's `format: 'cjs'`, whose exports are getters
 * that its helpers (`__export`, `__copyProps`, `__toCommonJS`) define at the top: the entry
 * exports classes and constants, which a getter reads the same as a value.
 */
function withCommonJsExports(code, file) {
  const pairs = exportList(code, file).map(([local, exported]) => `${JSON.stringify(exported)}:${local}`);
  return code.replace(
    EXPORT_LIST,
    `module.exports={${pairs.join(',')}};Object.defineProperty(module.exports,"__esModule",{value:!0});`,
  );
}

/**
 * The offsets in `code` of its string literals' contents (`[start, end]`, quotes excluded) of
 * more than 40 characters: from terser's parse, whose tokens have their start (`pos`), the end
 * being the first quote of the same kind not escaped.
 */
function stringLiterals(code) {
  const { ast } = minify_sync(code, { compress: false, mangle: false, format: { ast: true, code: false } });
  const starts = new Set();
  const seen = new Set();
  const walk = (node) => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (node.type === 'string' && typeof node.pos === 'number') starts.add(node.pos);
    for (const key in node) walk(node[key]);
  };
  walk(ast);
  const found = [];
  for (const start of [...starts].sort((a, b) => a - b)) {
    const quote = code[start];
    if (quote !== '"' && quote !== "'") throw new Error(`build: no string at offset ${start}`);
    let end = start + 1;
    while (code[end] !== quote) end += code[end] === '\\' ? 2 : 1;
    if (end - start - 1 > 40) found.push([start + 1, end]);
  }
  return found;
}

async function bundle(order) {
  const common = {
    entryPoints: [join(template, 'src', testHooks ? 'test-entry.js' : 'index.js')],
    bundle: true,
    platform: 'neutral',
    target: 'es2022',
    legalComments: 'none',
    // Whitespace and syntax only: identifiers stay, so class names survive without
    // esbuild's keepNames, whose runtime __name() calls cost ~5 % of a call's overhead.
    minifyWhitespace: !unminified, // LOOPLY_UNMINIFIED=1 to debug the bundle
    minifySyntax: !unminified,
    // Local names too (2 KB gzipped): what a reader sees keeps its name another way (errors.js
    // `named`; LooplyClient, Paginator and each method's awaiter are named by property keys,
    // which esbuild keeps; waitForExecution by its `name`), so no stack frame shows a mangled one.
    minifyIdentifiers: !unminified,
    // Properties that nothing outside the bundle reads: the glue's bookkeeping (each object's
    // pointer into the wasm memory), the core's internal methods, which only the entry's own
    // modules call, and the entry's own internals (an observer's, an attempt group's and its
    // controller's, a lane's, a call in flight's, a request record's and an attempt's record's,
    // the core's pager's, the waiter's checked options) whose names no platform object or
    // option the entry reads shares (`done`, `until`, `text`, `cancel` do: they stay).
    // scripts/profile.mjs's unminified build keeps them all.
    mangleProps: unminified ? undefined : MANGLED,
    // V8's explicit compile hint (Chromium 136+): compile every function while the file
    // streams in, on a background thread, instead of each on the main thread at its first
    // call (about 40 of them run at import, at `new LooplyClient` and in the first call).
    banner: { js: '//# allFunctionsCalledOnLoad' },
    // Readable failures: no line past about 1,000 characters (Node prints the source line of
    // an uncaught error's top frame; the packed wasm, put in after (injectWasm), is the one
    // longer line): terser's max_line_len (MAX_LINE, set by bundleEntry) and breakLongLines.
    // And a source map beside each entry, read only when asked for (devtools,
    // --enable-source-maps).
    sourcemap: 'linked',
    logLevel: 'warning',
  };
  const inline = virtualModules(join(glue, 'wasm-bytes-slot.js'));
  if (order) {
    // The order search scores the packed text with the JavaScript after it: index.mjs bundled
    // once with the packing of the wasm before the search (its decoder's hex may change after).
    await bundleEntry({ ...common, plugins: [inline], format: 'esm', outfile: join(out, 'index.mjs') });
    orderWasm(join(out, 'index.mjs'));
  }
  await bundleEntry({ ...common, plugins: [inline], format: 'esm', outfile: join(out, 'index.mjs') });
  await bundleEntry({ ...common, plugins: [inline], format: 'esm', outfile: join(out, 'index.cjs') }, true);
  const workerd = virtualModules(join(template, 'src', 'wasm-workerd.js'));
  await bundleEntry({ ...common, plugins: [workerd], format: 'esm', outfile: join(out, 'index.workerd.mjs') });
  const edgeLight = virtualModules(join(template, 'src', 'wasm-edge-light.js'));
  await bundleEntry({ ...common, plugins: [edgeLight], format: 'esm', outfile: join(out, 'index.edge-light.mjs') });
  const packed = readFileSync(join(glue, 'wasm-packed.txt'), 'utf8');
  for (const entry of ['index.mjs', 'index.cjs']) injectWasm(join(out, entry), packed);
  for (const entry of ['index.mjs', 'index.cjs', 'index.workerd.mjs', 'index.edge-light.mjs']) {
    withoutWasmSource(join(out, `${entry}.map`));
  }
  copyFileSync(join(glue, 'looply_sdk_bg.wasm'), join(out, 'looply_sdk_bg.wasm'));
  await bundleTesting();
  await bundleProxy();
  await bundleCli();
}

/**
 * The source map at `path` without the content of the wasm's loading modules (the decoder
 * module's hex and the generated slot: bytes, no source to read). The packed wasm itself is
 * put in after bundling (injectWasm), so no map holds it.
 */
function withoutWasmSource(path) {
  const map = JSON.parse(readFileSync(path, 'utf8'));
  map.sourcesContent = map.sourcesContent.map((text, i) =>
    /wasm-bytes(-slot)?\.js$/.test(map.sources[i]) ? null : text,
  );
  writeFileSync(path, JSON.stringify(map));
}

/** `looply-sdk/proxy`: a Fetch API handler for a browser app's backend; no wasm, any runtime. */
async function bundleProxy() {
  const openapi = JSON.parse(readFileSync(join(glue, 'openapi.json'), 'utf8'));
  const proxy = {
    entryPoints: [join(template, 'src', 'proxy.mjs')],
    bundle: true,
    platform: 'neutral',
    target: 'es2022',
    legalComments: 'none',
    lineLimit: 300, // readable where it fails, as the main entries
    logLevel: 'warning',
    plugins: [
      {
        name: 'looply-proxy',
        setup(b) {
          b.onResolve({ filter: /^looply:facts$/ }, () => ({ path: join(glue, 'facts.js') }));
          // The routes, from the endpoint descriptions through openapi.json (scripts/proxy-routes.mjs).
          b.onResolve({ filter: /^looply:routes$/ }, () => ({ path: 'routes', namespace: 'looply-routes' }));
          b.onLoad({ filter: /.*/, namespace: 'looply-routes' }, () => ({ contents: routesModule(openapi) }));
        },
      },
    ],
  };
  await build({ ...proxy, format: 'esm', outfile: join(out, 'proxy.mjs') });
  await build({ ...proxy, format: 'cjs', outfile: join(out, 'proxy.cjs') });
  // `LooplyOperation`: the endpoint methods' names, from the same table.
  const line =
    "export type LooplyOperation = string; // the union of the endpoint methods' names: written by scripts/build.mjs";
  const hand = readFileSync(join(template, 'src', 'proxy.d.ts'), 'utf8');
  if (!hand.includes(line)) throw new Error('build: pkg-template/src/proxy.d.ts lost its LooplyOperation line');
  const dts = hand.replace(line, `export type LooplyOperation = ${operationUnion(openapi)};`);
  for (const f of ['proxy.d.ts', 'proxy.d.cts']) writeFileSync(join(out, f), dts);
}

/**
 * The `looply` bin's code (pkg-template/src/cli/), one file that no entry imports: the client
 * comes from the package's own ./index.mjs at run time (no second copy of the wasm), and
 * json-schema-to-typescript, an optional peer dependency, from the user's node_modules.
 */
async function bundleCli() {
  await build({
    entryPoints: [join(template, 'src', 'cli', 'main.mjs')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    legalComments: 'none',
    logLevel: 'warning',
    external: ['json-schema-to-typescript'],
    plugins: [
      {
        name: 'looply-cli',
        setup(b) {
          b.onResolve({ filter: /^looply-sdk$/ }, () => ({ path: './index.mjs', external: true }));
        },
      },
    ],
    outfile: join(out, 'cli.mjs'),
  });
  mkdirSync(join(out, 'bin'), { recursive: true });
  copyFileSync(join(template, 'bin', 'looply.mjs'), join(out, 'bin', 'looply.mjs'));
}

/** `looply-sdk/testing` (the local server, for users' tests) and its `looply-mock-server` bin. */
async function bundleTesting() {
  const testing = {
    entryPoints: [join(template, 'src', 'testing.mjs')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
    // The server's "run as a script" check reads import.meta.url, which CommonJS lacks: there
    // it is simply never the script.
    logOverride: { 'empty-import-meta': 'silent' },
  };
  await build({ ...testing, format: 'esm', outfile: join(out, 'testing.mjs') });
  await build({ ...testing, format: 'cjs', outfile: join(out, 'testing.cjs') });
  mkdirSync(join(out, 'bin'), { recursive: true });
  copyFileSync(join(template, 'bin', 'looply-mock-server.mjs'), join(out, 'bin', 'looply-mock-server.mjs'));
  for (const f of ['testing.d.ts', 'testing.d.cts']) copyFileSync(join(template, 'src', 'testing.d.ts'), join(out, f));
}

async function main() {
  const skipCompile = process.argv.includes('--no-compile') && existsSync(join(glue, 'wasm-bytes.js'));
  if (!skipCompile) compile();
  // wasm-bindgen copies pkg-template/src/transport.js into the glue when it compiles; a re-bundle takes the
  // current one, so that --no-compile covers changes to it too.
  else copyFileSync(join(root, 'pkg-template', 'src', 'transport.js'), transportSnippet());
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await bundle(!skipCompile);
  const dts = declarations();
  writeFileSync(join(out, 'index.d.ts'), dts);
  writeFileSync(join(out, 'index.d.cts'), dts);
  copyFileSync(join(template, 'package.json'), join(out, 'package.json'));
  copyFileSync(join(template, 'README.md'), join(out, 'README.md'));
  copyFileSync(join(glue, 'openapi.json'), join(out, 'openapi.json'));
  console.log(`build: wrote ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
