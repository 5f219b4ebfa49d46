// Cold start for the benchmarks: from `import` to the first call's result, in a fresh Node
// process and in a fresh Chromium context, against the same call with plain fetch. Two
// baselines: plain fetch written inline in the program, and plain fetch in a small module of
// its own (what an app's code is: the SDK's module replaces it, not an inline snippet).
// A third program measures the floor of inlining the wasm at all: the same module of plain
// fetch, carrying the SDK's wasm as the entry does (the same packed literal), unpacking,
// compiling and instantiating it, and calling none of it.
// The Chromium page gets its modules gzipped, as any web server sends JavaScript.
// Beside each wall time, the CPU the program took (a Node process's, all its threads; a page's
// main thread, Chromium's ThreadTime metric): wall time moves by ±10 ms from one fresh context
// to the next on a shared machine, CPU far less, and part of a page's wall time is work off its
// main thread (compiling the streamed module) or the network's.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { CHROMIUM, CHROMIUM_LAUNCH } from './chromium.mjs';
import { INLINED_WASM } from './size.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'build', 'consumer', 'node_modules', 'looply-sdk', 'index.mjs');
export const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** The hand-written client module: the call with plain fetch and a timeout (scripts/hand-fetch.mjs). */
const handFile = join(root, 'scripts', 'hand-fetch.mjs');

/**
 * The floor module: hand-fetch.mjs plus the entry's inlined wasm, unpacked, compiled and
 * instantiated (every import a no-op; nothing is called): the build's own `looply:wasm`
 * module (build/glue/wasm-bytes.js), with the literal taken from the entry. It starts with
 * the entry's first line when that is a compile hint, so that the two are compiled alike.
 */
function writeFloorModule() {
  const text = readFileSync(entry, 'utf8');
  const literal = INLINED_WASM.exec(text)?.[0];
  if (!literal) throw new Error('bench-cold: the inlined wasm was not found in the entry');
  const unpack = readFileSync(join(root, 'build', 'glue', 'wasm-bytes.js'), 'utf8');
  const own = INLINED_WASM.exec(unpack)?.[0];
  if (own?.slice(1, -1) !== literal.slice(1, -1)) throw new Error("bench-cold: build/glue is not the entry's build");
  const hint = text.startsWith('//#') ? `${text.slice(0, text.indexOf('\n'))}\n` : '';
  const file = join(root, 'build', 'bench', 'floor.mjs');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    `${hint}${readFileSync(handFile, 'utf8')}
${unpack}
const module = new WebAssembly.Module(wasmBytes());
const imports = {};
for (const { module: from, name } of WebAssembly.Module.imports(module)) (imports[from] ??= {})[name] = () => {};
export const instance = new WebAssembly.Instance(module, imports);
`,
  );
  return file;
}

/** The programs, each from `START` to `RESULT` (filled by `fill`): the SDK's, inline fetch's, the hand module's, the floor's. */
export function programs(srv, ids) {
  const query = `workflow_id=${ids.workflow_id}&workflow_version=${ids.workflow_version}`;
  const sdk = `START
    const { LooplyClient } = await import(SDK_URL);
    const c = new LooplyClient({ apiKey: '${srv.apiKey}', baseUrl: '${srv.baseUrl}', dangerouslyAllowBrowser: true });
    await c.getWorkflowById(${JSON.stringify(ids)});
    RESULT`;
  const inline = `START
    const res = await fetch('${srv.baseUrl}/workflows/getWorkflowById?${query}', { headers: { 'x-api-key': '${srv.apiKey}' } });
    if (!res.ok) throw new Error(res.status);
    await res.json();
    RESULT`;
  const module = `START
    const { getJson } = await import(HAND_URL);
    await getJson('${srv.baseUrl}/workflows/getWorkflowById?${query}', { 'x-api-key': '${srv.apiKey}' });
    RESULT`;
  const floor = module.replace('HAND_URL', 'FLOOR_URL');
  return { sdk, inline, module, floor };
}

/** A program with its modules' URLs filled in, timed by `start` and `result` (its wall ms, and CPU ms in Node). */
export function fill(code, urls, start, result) {
  return code
    .replace('SDK_URL', JSON.stringify(urls.sdk))
    .replace('HAND_URL', JSON.stringify(urls.hand))
    .replace('FLOOR_URL', JSON.stringify(urls.floor))
    .replace('START', start)
    .replace('RESULT', result);
}

/** `{ ms, cpuMs }` of the program in a fresh Node process (CPU: the process's, all its threads). */
function inNode(code, floorFile) {
  return inNodeWith(code, { sdk: `file://${entry}`, hand: `file://${handFile}`, floor: `file://${floorFile}` });
}

/** `{ ms, cpuMs }` of the program, its modules at `urls`, in a fresh Node process (as `inNode`). */
export async function inNodeWith(code, urls) {
  const src = fill(
    code,
    urls,
    'const c0 = process.cpuUsage(); const t0 = performance.now();',
    'const c1 = process.cpuUsage(c0); console.log(performance.now() - t0, (c1.user + c1.system) / 1000);',
  );
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', src]);
  const [ms, cpuMs] = stdout.trim().split(' ').map(Number);
  return { ms, cpuMs };
}

/** A static server for the Chromium page: the package entry, the hand and floor modules and an empty page. */
function pageServer(floorFile) {
  return servePage({ '/sdk.mjs': entry, '/hand.mjs': handFile, '/floor.mjs': floorFile });
}

/**
 * A static server on a free port of 127.0.0.1 for the Chromium page: the modules of `files`
 * (URL path -> file), gzipped, and an empty page at every other path. Answers `{ server, url }`.
 */
export async function servePage(files) {
  const bodies = {};
  for (const [path, file] of Object.entries(files)) bodies[path] = gzipSync(await readFile(file));
  const server = createServer((req, res) => {
    const body = bodies[req.url];
    if (body) {
      res.writeHead(200, {
        'content-type': 'text/javascript',
        'content-encoding': 'gzip',
        'cache-control': 'no-store',
      });
      res.end(body);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>cold start</title>');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

/**
 * Diagnostics, not rows (LOOPLY_COLD_PHASES=1): where a Chromium program's wall time goes, from
 * the page's Resource Timing, read after the timed program (its time and CPU are taken first):
 * `fetch` the module's request to its last byte, `run` from there to the API request's start
 * (the module's compile on the streaming thread, its evaluation, the constructor and the call
 * up to `fetch`), `api` the API request (its CORS preflight too), `rest` the remainder (before
 * the import's request, and from the response to the result). Printed as medians of each
 * program and of the differences from the module's, context by context (docs/benchmarks-log.md, branch `nchrome`).
 */
const PHASES = process.env.LOOPLY_COLD_PHASES === '1';
const resourceTimes = () =>
  performance.getEntriesByType('resource').map((e) => ({ name: e.name, start: e.startTime, end: e.responseEnd }));

/** A program's phases (see PHASES) from its wall `ms` and its page's resource times. */
function phasesOf(ms, resources) {
  const mod = resources.find((r) => /\.mjs$/.test(r.name));
  const api = resources.find((r) => r.name.includes('/workflows/getWorkflowById'));
  // A program that failed before its API request has no phases (a row of NaN, not a thrown run).
  if (!api) return { fetch: Number.NaN, run: Number.NaN, api: Number.NaN, rest: Number.NaN };
  const fetch = mod ? mod.end - mod.start : 0;
  const run = api.start - (mod ? mod.end : api.start);
  const apiMs = api.end - api.start;
  return { fetch, run, api: apiMs, rest: ms - fetch - run - apiMs };
}

/** Prints the phases (see PHASES) of the Chromium `runs`. */
function printPhases(runs) {
  const keys = ['fetch', 'run', 'api', 'rest'];
  const cell = (xs) => median(xs).toFixed(1).padStart(8);
  const line = (name, phases) => `  ${name.padEnd(28)}${keys.map((k) => cell(phases.map((p) => p[k]))).join('')}`;
  console.log('\ncold start, Chromium, phases (LOOPLY_COLD_PHASES; medians, ms)');
  console.log(`  ${''.padEnd(28)}${keys.map((k) => k.padStart(8)).join('')}`);
  const phases = Object.fromEntries(ORDER.map((who) => [who, runs[who].map((r) => r.phases)]));
  for (const who of ORDER) console.log(line(who, phases[who]));
  for (const who of ['sdk', 'floor']) {
    const diff = (p, i) => Object.fromEntries(keys.map((k) => [k, p[k] - phases.module[i][k]]));
    console.log(line(`${who} - module (paired)`, phases[who].map(diff)));
  }
}

/**
 * Diagnostics, not rows (LOOPLY_COLD_TRACE=N): after the rows, N more fresh contexts of the sdk,
 * module and floor programs each, traced (CDP Tracing), for the CPU of the threads that wall
 * time alone cannot resolve: the streaming thread's task (`stream`: the module's parse and, under
 * the compile hint, its eager compile, `eager` of it) and the main thread's (`main`: its tasks
 * from the program's start to its result), and on the main thread the JavaScript functions
 * compiled at first call (`lazy`), the wasm functions (`wasm`) and the source positions collected
 * for DevTools' stacks (`srcpos`), each `count/ms`. Printed as medians of each program and of the
 * differences from the module's, context by context (docs/benchmarks-log.md, branch `ncold2`).
 */
const TRACES = Number(process.env.LOOPLY_COLD_TRACE ?? 0);
const TRACE_CATEGORIES = ['toplevel', 'blink.user_timing', 'v8', 'disabled-by-default-v8.compile', 'v8.wasm'];

/** A traced program's thread CPU (see TRACES) from its trace events, between its marks t0 and t1. */
function threadCpu(events) {
  const marks = events.filter((e) => e.name === 't0' || e.name === 't1');
  const [t0, t1] = ['t0', 't1'].map((n) => marks.find((e) => e.name === n)?.ts ?? Number.NaN);
  const { pid, tid } = marks[0] ?? {};
  const own = events.filter((e) => e.pid === pid && e.ph === 'X' && e.ts >= t0 && e.ts <= t1);
  const ms = (es) => es.reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000;
  const main = own.filter((e) => e.tid === tid).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  // The main thread's tasks: its outermost events (each task's nested events are inside it).
  const tasks = [];
  for (const e of main) if (!tasks.length || e.ts >= tasks.at(-1).ts + tasks.at(-1).dur) tasks.push(e);
  const stream = own
    .filter((e) => e.name === 'ThreadPool_RunTask' && /Stream/.test(e.args?.src_func ?? ''))
    .sort((a, b) => b.dur - a.dur)[0];
  const onStream = own.filter((e) => e.tid === stream?.tid && e.name === 'V8.CompileCodeBackground');
  const named = (name) => main.filter((e) => e.name === name);
  const counted = (es) => ({ n: es.length, ms: ms(es) });
  return {
    stream: stream ? ms([stream]) : 0,
    eager: ms(onStream),
    main: ms(tasks),
    lazy: counted(named('V8.CompileCode')),
    wasm: counted(named('wasm.CompileLazy')),
    srcpos: counted(named('V8.CollectSourcePositions')),
  };
}

/** Runs and prints the traced contexts (see TRACES) of the `progs` filled by `code`. */
async function printTraces(browser, url, code) {
  const who = ['sdk', 'module', 'floor'];
  const runs = Object.fromEntries(who.map((w) => [w, []]));
  for (let i = 0; i < TRACES; i++) {
    for (const w of who.map((_, k) => who[(k + i) % who.length])) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url);
      await browser.startTracing(page, { categories: TRACE_CATEGORIES });
      await page.evaluate(`(async () => { performance.mark('t0'); ${code(w)} performance.mark('t1'); })()`);
      runs[w].push(threadCpu(JSON.parse(await browser.stopTracing()).traceEvents));
      await context.close();
    }
  }
  const keys = Object.keys(runs.sdk[0]);
  const value = (r, k, sub) => (typeof r[k] === 'object' ? r[k][sub] : r[k]);
  const cell = (rs, k, base) => {
    const of = (sub) => median(rs.map((r, i) => value(r, k, sub) - (base ? value(base[i], k, sub) : 0)));
    return (typeof rs[0][k] === 'object' ? `${of('n')}/${of('ms').toFixed(2)}` : of().toFixed(2)).padStart(11);
  };
  console.log(`\ncold start, Chromium, thread CPU (LOOPLY_COLD_TRACE; ${TRACES} traced contexts each, medians, ms)`);
  console.log(`  ${''.padEnd(28)}${keys.map((k) => k.padStart(11)).join('')}`);
  for (const w of who) console.log(`  ${w.padEnd(28)}${keys.map((k) => cell(runs[w], k)).join('')}`);
  for (const w of ['sdk', 'floor']) {
    console.log(`  ${`${w} - module (paired)`.padEnd(28)}${keys.map((k) => cell(runs[w], k, runs.module)).join('')}`);
  }
}

/**
 * `{ ms, cpuMs }` of the program, its modules at `urls`, in a fresh context of `browser` (a
 * fresh cache and module map) on the page at `url`; CPU: the page's main thread (ThreadTime).
 * `after(page, ms)`, if given, is called after the timed program, and its fields are added.
 */
export async function inContext(browser, url, code, urls, after) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // The main thread's CPU time (ThreadTime, s), read before and after the program.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const threadTime = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      // NaN (a row of NaN, not a failed run) from a Chromium without the metric.
      return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? Number.NaN) * 1000;
    };
    await page.goto(url);
    const filled = fill(code, urls, 'const t0 = performance.now();', 'return performance.now() - t0;');
    const before = await threadTime();
    const ms = await page.evaluate(`(async () => { ${filled} })()`);
    const run = { ms, cpuMs: (await threadTime()) - before };
    return after ? { ...run, ...(await after(page, ms)) } : run;
  } finally {
    await context.close();
  }
}

const ORDER = ['sdk', 'inline', 'module', 'floor'];
const rotate = (i) => ORDER.map((_, k) => ORDER[(k + i) % ORDER.length]);

async function inChromium(runs, progs, floorFile) {
  if (!existsSync(CHROMIUM)) return null;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const { server, url } = await pageServer(floorFile);
  const times = { sdk: [], inline: [], module: [], floor: [] };
  try {
    for (let i = 0; i < runs; i++) {
      for (const who of rotate(i)) {
        const urls = { sdk: `${url}/sdk.mjs`, hand: `${url}/hand.mjs`, floor: `${url}/floor.mjs` };
        const after = PHASES
          ? async (page, ms) => ({ phases: phasesOf(ms, await page.evaluate(resourceTimes)) })
          : null;
        times[who].push(await inContext(browser, url, progs[who], urls, after));
      }
    }
    if (TRACES > 0) {
      const urls = { sdk: `${url}/sdk.mjs`, hand: `${url}/hand.mjs`, floor: `${url}/floor.mjs` };
      await printTraces(browser, url, (who) => fill(progs[who], urls, '', ''));
    }
  } finally {
    server.close();
    await browser.close();
  }
  return times;
}

function figures(where, runs, cpuName) {
  const row = (who, base, name, key = 'ms') => {
    const times = { [who]: runs[who].map((r) => r[key]), [base]: runs[base].map((r) => r[key]) };
    const diffs = times[who].map((s, i) => s - times[base][i]);
    const ratios = times[who].map((s, i) => s / times[base][i]);
    return {
      name,
      sdkMs: median(times[who]),
      handMs: median(times[base]),
      median: median(ratios),
      min: Math.min(...ratios),
      max: Math.max(...ratios),
      extraMs: median(diffs),
    };
  };
  return [
    row('sdk', 'inline', `cold start, ${where} (vs inline fetch)`),
    row('sdk', 'module', `cold start, ${where} (vs fetch in a module)`),
    // Not the SDK: what carrying the wasm costs before any of its code runs (the "SDK ms"
    // column is the floor module's time here).
    row('floor', 'module', `  floor: the wasm inlined, no SDK code (vs module)`),
    // The same two against the module, in CPU ms (see the top of this file).
    row('sdk', 'module', `  ${cpuName}, SDK (vs module)`, 'cpuMs'),
    row('floor', 'module', `  ${cpuName}, floor (vs module)`, 'cpuMs'),
  ];
}

/** Cold-start rows for the benchmark table: the SDK's extra ms over each baseline, median of the runs. */
export async function measureColdStarts(srv, ids, runs) {
  const progs = programs(srv, ids);
  const floorFile = writeFloorModule();
  const node = { sdk: [], inline: [], module: [], floor: [] };
  for (let i = 0; i < runs; i++) {
    for (const who of rotate(i)) node[who].push(await inNode(progs[who], floorFile));
  }
  const rows = figures('Node', node, 'CPU of the process');
  const chrome = await inChromium(runs, progs, floorFile);
  if (chrome) rows.push(...figures('Chromium', chrome, 'CPU of the main thread'));
  if (chrome && PHASES) printPhases(chrome);
  return rows;
}
