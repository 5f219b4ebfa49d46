// Cold start for the benchmarks: from `import` to the first call's result, in a fresh Node
// process and in a fresh Chromium context, against the same call with plain fetch. Two
// baselines: plain fetch written inline in the program, and plain fetch in a small module of
// its own (what an app's code is: the SDK's module replaces it, not an inline snippet).
// The Chromium page gets its modules gzipped, as any web server sends JavaScript.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'build', 'consumer', 'node_modules', 'looply-sdk', 'index.mjs');
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** The hand-written client module: the call with plain fetch and a timeout (scripts/hand-fetch.mjs). */
const handFile = join(root, 'scripts', 'hand-fetch.mjs');

function programs(srv, ids) {
  const query = `workflow_id=${ids.workflow_id}&workflow_version=${ids.workflow_version}`;
  const sdk = `const t0 = performance.now();
    const { LooplyClient } = await import(SDK_URL);
    const c = new LooplyClient({ apiKey: '${srv.apiKey}', baseUrl: '${srv.baseUrl}', dangerouslyAllowBrowser: true });
    await c.getWorkflowById(${JSON.stringify(ids)});
    RESULT(performance.now() - t0);`;
  const inline = `const t0 = performance.now();
    const res = await fetch('${srv.baseUrl}/workflows/getWorkflowById?${query}', { headers: { 'x-api-key': '${srv.apiKey}' } });
    if (!res.ok) throw new Error(res.status);
    await res.json();
    RESULT(performance.now() - t0);`;
  const module = `const t0 = performance.now();
    const { getJson } = await import(HAND_URL);
    await getJson('${srv.baseUrl}/workflows/getWorkflowById?${query}', { 'x-api-key': '${srv.apiKey}' });
    RESULT(performance.now() - t0);`;
  return { sdk, inline, module };
}

async function inNode(code) {
  const src = code
    .replace('SDK_URL', JSON.stringify(`file://${entry}`))
    .replace('HAND_URL', JSON.stringify(`file://${handFile}`))
    .replace('RESULT(', 'console.log(');
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', src]);
  return Number(stdout.trim());
}

/** A static server for the Chromium page: the package entry, the hand module and an empty page. */
async function pageServer() {
  const sdk = gzipSync(await readFile(entry));
  const hand = gzipSync(await readFile(handFile));
  const server = createServer((req, res) => {
    const body = req.url === '/sdk.mjs' ? sdk : req.url === '/hand.mjs' ? hand : undefined;
    if (body) {
      res.writeHead(200, { 'content-type': 'text/javascript', 'content-encoding': 'gzip', 'cache-control': 'no-store' });
      res.end(body);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>cold start</title>');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

const ORDER = ['sdk', 'inline', 'module'];
const rotate = (i) => ORDER.map((_, k) => ORDER[(k + i) % ORDER.length]);

async function inChromium(runs, progs) {
  if (!existsSync('/usr/bin/chromium')) return null;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const { server, url } = await pageServer();
  const times = { sdk: [], inline: [], module: [] };
  try {
    for (let i = 0; i < runs; i++) {
      for (const who of rotate(i)) {
        const context = await browser.newContext(); // a fresh cache and module map
        const page = await context.newPage();
        await page.goto(url);
        const code = progs[who].replace('SDK_URL', `'${url}/sdk.mjs'`).replace('HAND_URL', `'${url}/hand.mjs'`).replace('RESULT(', 'return (');
        times[who].push(await page.evaluate(`(async () => { ${code} })()`));
        await context.close();
      }
    }
  } finally {
    server.close();
    await browser.close();
  }
  return times;
}

function figures(where, times) {
  return ['inline', 'module'].map((base) => {
    const diffs = times.sdk.map((s, i) => s - times[base][i]);
    const ratios = times.sdk.map((s, i) => s / times[base][i]);
    return {
      name: `cold start, ${where} (vs ${base === 'inline' ? 'inline fetch' : 'fetch in a module'})`,
      sdkMs: median(times.sdk),
      handMs: median(times[base]),
      median: median(ratios),
      min: Math.min(...ratios),
      max: Math.max(...ratios),
      extraMs: median(diffs),
    };
  });
}

/** Cold-start rows for the benchmark table: the SDK's extra ms over each baseline, median of the runs. */
export async function measureColdStarts(srv, ids, runs) {
  const progs = programs(srv, ids);
  const node = { sdk: [], inline: [], module: [] };
  for (let i = 0; i < runs; i++) {
    for (const who of rotate(i)) node[who].push(await inNode(progs[who]));
  }
  const rows = figures('Node', node);
  const chrome = await inChromium(runs, progs);
  if (chrome) rows.push(...figures('Chromium', chrome));
  return rows;
}
