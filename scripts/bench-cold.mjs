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
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
export function writeFloorModule() {
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
  // LOOPLY_COLD_SPLIT's program: the SDK's entry imported beside the module, only the
  // module's call made (the SDK's import without its constructor and first call).
  const imported = module.replace(
    'await import(HAND_URL)',
    '(await Promise.all([import(HAND_URL), import(SDK_URL)]))[0]',
  );
  // The A/A control: the module program again, its module a copy of hand-fetch.mjs at another
  // path (a module map and a file of its own, as a second program's module would be).
  const copy = module.replace('HAND_URL', 'COPY_URL');
  return { sdk, inline, module, floor, copy, imported };
}

/** A program with its modules' URLs filled in, timed by `start` and `result` (its wall ms, and CPU ms in Node). */
export function fill(code, urls, start, result) {
  return code
    .replace('SDK_URL', JSON.stringify(urls.sdk))
    .replace('HAND_URL', JSON.stringify(urls.hand))
    .replace('FLOOR_URL', JSON.stringify(urls.floor))
    .replace('COPY_URL', JSON.stringify(urls.copy))
    .replace('START', start)
    .replace('RESULT', result);
}

/** The A/A control's module: hand-fetch.mjs copied to build/bench/hand-copy.mjs. */
function writeCopyModule() {
  const file = join(root, 'build', 'bench', 'hand-copy.mjs');
  mkdirSync(dirname(file), { recursive: true });
  copyFileSync(handFile, file);
  return file;
}

/** `{ ms, cpuMs }` of the program in a fresh Node process (CPU: the process's, all its threads). */
function inNode(code, floorFile, copyFile) {
  return inNodeWith(code, {
    sdk: `file://${entry}`,
    hand: `file://${handFile}`,
    floor: `file://${floorFile}`,
    copy: `file://${copyFile}`,
  });
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
function pageServer(floorFile, copyFile) {
  return servePage({ '/sdk.mjs': entry, '/hand.mjs': handFile, '/floor.mjs': floorFile, '/copy.mjs': copyFile });
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
  // The module the program waited for last (LOOPLY_COLD_SPLIT's program loads two).
  const mod = resources.filter((r) => /\.mjs$/.test(r.name)).sort((a, b) => b.end - a.end)[0];
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

/**
 * Diagnostics beside the rows (LOOPLY_COLD_SPLIT=1): one more program, `imported` (the SDK's
 * entry imported beside the module, only the module's call made), and its rows, which split
 * the SDK's extra into its import and the rest (its constructor and first call): the rows'
 * targets are the full program's (docs/benchmarks.md, "Chromium, a fresh context").
 */
const SPLIT = process.env.LOOPLY_COLD_SPLIT === '1';
const ORDER = ['sdk', 'inline', 'module', 'floor', 'copy', ...(SPLIT ? ['imported'] : [])];
/**
 * Round `i`'s order: the programs rotated by ⌊i/2⌋, reversed in odd rounds. Each ten rounds
 * (twelve with LOOPLY_COLD_SPLIT's sixth program) put every program in every place twice and
 * each before every other in half of them, with each of its two neighbours as its
 * predecessor. (A rotation alone keeps the cycle: in the four programs' rotation of
 * 2026-12-07 the floor ran after the module in three rounds of four, and the SDK always right
 * after the floor.)
 */
const rotate = (i) => {
  const order = ORDER.map((_, k) => ORDER[(k + (i >> 1)) % ORDER.length]);
  return i % 2 ? order.reverse() : order;
};
const empty = () => Object.fromEntries(ORDER.map((who) => [who, []]));

async function inChromium(runs, progs, floorFile, copyFile) {
  if (!existsSync(CHROMIUM)) return null;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const { server, url } = await pageServer(floorFile, copyFile);
  const urls = { sdk: `${url}/sdk.mjs`, hand: `${url}/hand.mjs`, floor: `${url}/floor.mjs`, copy: `${url}/copy.mjs` };
  const times = empty();
  try {
    for (let i = 0; i < runs; i++) {
      for (const who of rotate(i)) {
        const after = PHASES
          ? async (page, ms) => ({ phases: phasesOf(ms, await page.evaluate(resourceTimes)) })
          : null;
        times[who].push(await inContext(browser, url, progs[who], urls, after));
      }
    }
    if (TRACES > 0) await printTraces(browser, url, (who) => fill(progs[who], urls, '', ''));
  } finally {
    server.close();
    await browser.close();
  }
  return times;
}

/**
 * The 95 % interval of the median of `xs`, distribution-free: the k-th smallest and the k-th
 * largest, k the largest with P(Binomial(n, 1/2) < k) ≤ 2.5 %; `null` below 6 values.
 */
export function medianInterval(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  let k = 0;
  let below = 0; // P(Binomial(n, 1/2) < k + 1)
  let logC = 0; // log C(n, k)
  for (;;) {
    below += Math.exp(logC - n * Math.LN2);
    if (below > 0.025) break;
    k++;
    logC += Math.log((n - k + 1) / k);
  }
  return k === 0 ? null : [s[k - 1], s[n - k]];
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
      // The 95 % interval of `extraMs` (see medianInterval), for the run's resolution line.
      interval: medianInterval(diffs),
    };
  };
  return [
    row('sdk', 'inline', `cold start, ${where} (vs inline fetch)`),
    row('sdk', 'module', `cold start, ${where} (vs fetch in a module)`),
    // Not the SDK: what carrying the wasm costs before any of its code runs (the "SDK ms"
    // column is the floor module's time here).
    row('floor', 'module', `  floor: the wasm inlined, no SDK code (vs module)`),
    // LOOPLY_COLD_SPLIT: the SDK's import alone (the "SDK ms" column is that program's time).
    ...(runs.imported ? [row('imported', 'module', `  import only: the SDK, not called (vs module)`)] : []),
    // The A/A control: the module against a copy of itself (the "SDK ms" column is the
    // copy's); its distance from zero is what this run can resolve.
    row('copy', 'module', `  A/A control: the module vs a copy of it`),
    // The same against the module, in CPU ms (see the top of this file).
    row('sdk', 'module', `  ${cpuName}, SDK (vs module)`, 'cpuMs'),
    row('floor', 'module', `  ${cpuName}, floor (vs module)`, 'cpuMs'),
    ...(runs.imported ? [row('imported', 'module', `  ${cpuName}, import only (vs module)`, 'cpuMs')] : []),
    row('copy', 'module', `  ${cpuName}, A/A control (vs module)`, 'cpuMs'),
  ];
}

/**
 * The lines that say what a run's cold-start rows resolve: for each environment, the SDK's
 * extra over the module and the A/A control's, wall and CPU, each with the 95 % interval of
 * its median (paired runs; see medianInterval).
 */
export function resolutionLines(rows) {
  const f = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;
  const cell = (r) => `${f(r.extraMs)} [${r.interval ? r.interval.map(f).join(', ') : '-'}]`;
  const lines = [];
  for (const where of ['Node', 'Chromium']) {
    const at = rows.findIndex((r) => r.name === `cold start, ${where} (vs fetch in a module)`);
    if (at < 0) continue;
    const own = rows.slice(at);
    const find = (part) => own.find((r) => r.name.includes(part));
    const [control, cpu, cpuControl] = [
      find('A/A control: the module'),
      find(', SDK (vs module)'),
      find(', A/A control (vs module)'),
    ];
    const cpuName = cpu.name.trim().split(',')[0];
    lines.push(
      `cold start, ${where}, ${rows[at].runs} paired runs at load ${rows[at].load.map((x) => x.toFixed(1)).join(' to ')}, SDK - module / A/A control, ms [95 % interval]: wall ${cell(rows[at])} / ${cell(control)}; ${cpuName} ${cell(cpu)} / ${cell(cpuControl)}`,
    );
    // LOOPLY_COLD_SPLIT: the SDK's import alone, over the same runs.
    const [imported, cpuImported] = [find('import only: the SDK,'), find(', import only (vs module)')];
    if (imported) {
      lines.push(
        `cold start, ${where}, the SDK imported only - module, ms [95 % interval]: wall ${cell(imported)}; ${cpuName} ${cell(cpuImported)}`,
      );
    }
  }
  return lines;
}

/** Cold-start rows for the benchmark table: the SDK's extra ms over each baseline, median of the runs. */
export async function measureColdStarts(srv, ids, runs) {
  const load = [loadavg()[0]];
  const progs = programs(srv, ids);
  const floorFile = writeFloorModule();
  const copyFile = writeCopyModule();
  const node = empty();
  for (let i = 0; i < runs; i++) {
    for (const who of rotate(i)) node[who].push(await inNode(progs[who], floorFile, copyFile));
  }
  const rows = figures('Node', node, 'CPU of the process');
  const chrome = await inChromium(runs, progs, floorFile, copyFile);
  if (chrome) rows.push(...figures('Chromium', chrome, 'CPU of the main thread'));
  if (chrome && PHASES) printPhases(chrome);
  load.push(loadavg()[0]);
  // The runs a row is the median of, and the machine's 1-minute load average before and after
  // (wall rows grow with it: on two cores at a load of 12, each ms of CPU took about 2 of wall).
  for (const r of rows) Object.assign(r, { runs, load });
  return rows;
}

// Run alone (`N=60 node scripts/bench-cold.mjs`): the cold-start rows and their resolution,
// against the local server in its own process, as make bench prints them.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { startServerProcess } = await import('./server-process.mjs');
  const srv = await startServerProcess('bench-cold', ['--ttl-seconds', '1800']);
  try {
    const { LooplyClient } = await import(pathToFileURL(entry).href);
    const first = (
      await new LooplyClient({ apiKey: srv.apiKey, baseUrl: srv.baseUrl }).getOrganizationWorkflows({ limit: 1 })
    ).items[0];
    const ids = { workflow_id: first.workflow_id, workflow_version: first.workflow_version };
    const t0 = performance.now();
    const rows = await measureColdStarts(srv, ids, Number(process.env.N ?? 15));
    const seconds = (performance.now() - t0) / 1000;
    console.log(`${'benchmark'.padEnd(52)} SDK ms   fetch ms  ratio  min   max   +ms`);
    for (const r of rows) {
      const cells = [r.sdkMs, r.handMs].map((x) => x.toFixed(1).padEnd(9)).join('');
      const ratios = [r.median, r.min, r.max].map((x) => x.toFixed(2).padEnd(6)).join('');
      console.log(`${r.name.padEnd(52)} ${cells}${ratios}${r.extraMs.toFixed(1)}`);
    }
    for (const line of resolutionLines(rows)) console.log(line);
    console.log(`(${rows[0].runs} runs a program, ${seconds.toFixed(0)} s)`);
  } finally {
    srv.child.kill();
  }
}
