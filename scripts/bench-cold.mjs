// Cold start for the benchmarks: from `import` to the first call's result, in a fresh Node
// process and in a fresh Chromium page, against hand-written fetch doing the same call.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'build', 'consumer', 'node_modules', 'looply-sdk', 'index.mjs');
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function programs(srv, ids) {
  const query = `workflow_id=${ids.workflow_id}&workflow_version=${ids.workflow_version}`;
  const sdk = `const t0 = performance.now();
    const { LooplyClient } = await import(SDK_URL);
    const c = new LooplyClient({ apiKey: '${srv.apiKey}', baseUrl: '${srv.baseUrl}', dangerouslyAllowBrowser: true });
    await c.getWorkflowById(${JSON.stringify(ids)});
    RESULT(performance.now() - t0);`;
  const hand = `const t0 = performance.now();
    const res = await fetch('${srv.baseUrl}/workflows/getWorkflowById?${query}', { headers: { 'x-api-key': '${srv.apiKey}' } });
    if (!res.ok) throw new Error(res.status);
    await res.json();
    RESULT(performance.now() - t0);`;
  return { sdk, hand };
}

async function inNode(code) {
  const src = code.replace('SDK_URL', JSON.stringify(`file://${entry}`)).replace('RESULT(', 'console.log(');
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', src]);
  return Number(stdout.trim());
}

/** A static server for the Chromium page: the package entry and an empty page. */
async function pageServer() {
  const server = createServer(async (req, res) => {
    if (req.url === '/sdk.mjs') {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      res.end(await readFile(entry));
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>cold start</title>');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

async function inChromium(runs, progs) {
  if (!existsSync('/usr/bin/chromium')) return null;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const { server, url } = await pageServer();
  const times = { sdk: [], hand: [] };
  try {
    for (let i = 0; i < runs; i++) {
      for (const who of i % 2 ? ['hand', 'sdk'] : ['sdk', 'hand']) {
        const context = await browser.newContext(); // a fresh cache and module map
        const page = await context.newPage();
        await page.goto(url);
        const code = progs[who].replace('SDK_URL', `'${url}/sdk.mjs'`).replace('RESULT(', 'return (');
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

function figure(name, times) {
  const ratios = times.sdk.map((s, i) => s / times.hand[i]);
  return { name, sdkMs: median(times.sdk), handMs: median(times.hand), median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

/** Cold-start rows for the benchmark table. */
export async function measureColdStarts(srv, ids, runs) {
  const progs = programs(srv, ids);
  const node = { sdk: [], hand: [] };
  for (let i = 0; i < runs; i++) {
    for (const who of i % 2 ? ['hand', 'sdk'] : ['sdk', 'hand']) node[who].push(await inNode(progs[who]));
  }
  const rows = [figure('cold start, Node', node)];
  const chrome = await inChromium(runs, progs);
  if (chrome) rows.push(figure('cold start, Chromium', chrome));
  return rows;
}
