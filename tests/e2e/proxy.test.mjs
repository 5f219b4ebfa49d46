// looply-sdk/proxy end to end in headless Chromium: a page served from the proxy's own origin
// (a node:http server: the page, the built package, and toNodeHandler(createLooplyProxy(…))
// under /api/looply/) calls Looply with `new LooplyClient({ apiKey: null, baseUrl:
// '/api/looply/v1' })`; the proxy forwards to the local Looply server with the key. Every
// response the page receives is collected (headers and bodies): the key is in none of them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { chromium } from 'playwright-core';

import { CHROMIUM_LAUNCH } from '../../scripts/chromium.mjs';
import { SEEDED, startServer } from '../../server/looply-server.mjs';

const PKG = new URL('../../pkg/', import.meta.url);
const { createLooplyProxy, toNodeHandler } = await import(new URL('proxy.mjs', PKG).href);
const KEY = 'e2e-server-key-7d41c0';

// The page: a workflow list and a trigger (both allowed), and a call the proxy refuses.
const PAGE = `<!doctype html><meta charset="utf-8"><title>proxy</title>
<script type="module">
  import { LooplyClient } from '/pkg/index.mjs';
  try {
    const client = new LooplyClient({ apiKey: null, baseUrl: '/api/looply/v1', maxRetries: 0 });
    const page = await client.getOrganizationWorkflows({ limit: 2 });
    const { looply_execution_id } = await client.triggerWorkflow({
      workflow_id: '${SEEDED.bigWorkflowId}',
      payload: { from: 'the page' },
    });
    const refused = await client.getOrganizationExecutions({ limit: 1 }).then(() => null, (e) => ({ name: e.name, status: e.status }));
    window.__looply = { ok: true, count: page.count, looply_execution_id, refused };
  } catch (e) {
    window.__looply = { ok: false, error: { name: e.name, status: e.status, message: e.message } };
  }
</script>`;

let looply; // the local Looply server
let app; // the app's server: page, package, proxy
let origin;
let browser;

before(async () => {
  looply = await startServer({ apiKey: KEY, stateDelayMs: 50 });
  const proxy = toNodeHandler(
    createLooplyProxy({
      apiKey: KEY,
      baseUrl: looply.baseUrl,
      allow: ['getOrganizationWorkflows', 'triggerWorkflow'],
      authorize: (request) => /(?:^|; )session=signed-in(?:;|$)/.test(request.headers.get('cookie') ?? ''),
    }),
  );
  app = http.createServer((req, res) => {
    if (req.url.startsWith('/api/looply/')) return proxy(req, res);
    const files = {
      '/': ['text/html; charset=utf-8', PAGE],
      '/pkg/index.mjs': ['text/javascript', readFileSync(new URL('index.mjs', PKG))],
    };
    const [type, body] = files[req.url] ?? ['text/plain', 'not found'];
    res.writeHead(files[req.url] ? 200 : 404, { 'content-type': type }).end(body);
  });
  app.listen(0, '127.0.0.1');
  await once(app, 'listening');
  origin = `http://127.0.0.1:${app.address().port}`;
  browser = await chromium.launch({ ...CHROMIUM_LAUNCH, timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  app?.closeAllConnections();
  await new Promise((resolve) => (app ? app.close(resolve) : resolve()));
  await looply?.close();
});

/** Opens the page in a new context with `cookies`; resolves `{ result, requests, responses }`. */
async function openPage(cookies) {
  const context = await browser.newContext();
  await context.addCookies(cookies.map(([name, value]) => ({ name, value, url: origin })));
  const requests = [];
  const responses = [];
  const pending = [];
  try {
    const page = await context.newPage();
    // allHeaders(): headers() leaves out cookies.
    page.on('request', (r) => pending.push(r.allHeaders().then((headers) => requests.push({ url: r.url(), headers }))));
    page.on('response', (r) =>
      pending.push(
        (async () => {
          const headers = await r.allHeaders();
          const body = await r.body().then(String, () => '');
          responses.push({ url: r.url(), status: r.status(), headers, body });
        })(),
      ),
    );
    await page.goto(origin);
    await page.waitForFunction(() => window.__looply !== undefined, null, { timeout: 30_000, polling: 50 });
    const result = await page.evaluate(() => window.__looply);
    await Promise.all(pending);
    return { result, requests, responses };
  } finally {
    await context.close();
  }
}

// Catches a proxy that leaks the key to the page (an echoed key, a header copied back), or that
// hands the browser's cookies or its missing key on to Looply; and a browser client that cannot
// use a relative baseUrl with apiKey: null.
test('a page on the proxy’s origin calls Looply through it; the key never reaches the page', async () => {
  looply.reset();
  const { result, requests, responses } = await openPage([['session', 'signed-in']]);
  assert.equal(result.ok, true, JSON.stringify(result));
  assert.equal(result.count, 2);
  assert.match(result.looply_execution_id, /\S/);
  assert.deepEqual(result.refused, { name: 'PermissionDeniedError', status: 403 });

  const api = requests.filter((r) => r.url.startsWith(`${origin}/api/looply/v1/workflows/`));
  assert.equal(api.length, 3, JSON.stringify(requests.map((r) => r.url)));
  for (const r of api) {
    assert.equal(r.headers['x-api-key'], undefined, 'apiKey: null sends no key');
    assert.equal(r.headers.cookie, 'session=signed-in', 'the page’s cookie reaches the proxy');
  }
  assert.ok(responses.length >= 5, 'the page, the package and three API answers');
  for (const r of responses) {
    assert.ok(!JSON.stringify(r.headers).includes(KEY), `${r.url}: the key in a header`);
    assert.ok(!r.body.includes(KEY), `${r.url}: the key in the body`);
  }
  // What Looply received: the key (it answered 200, and refuses any other), no cookie, the body.
  const seen = looply.requests.map((r) => [r.method, r.path, r.headers.cookie, r.body]);
  assert.deepEqual(seen, [
    ['GET', '/v1/workflows/getOrganizationWorkflows', undefined, ''],
    ['POST', `/v1/workflows/triggerworkflow/${SEEDED.bigWorkflowId}`, undefined, '{"from":"the page"}'],
  ]);
});

// Catches an echoed key reaching the page through the proxy (body, request id, auth challenge).
test('a key that Looply echoes is redacted before the page sees it', async () => {
  looply.reset();
  looply.inject({ echoKey: true, match: '/workflows/getOrganizationWorkflows' });
  const { result, responses } = await openPage([['session', 'signed-in']]);
  assert.equal(result.ok, false);
  assert.equal(result.error.name, 'PermissionDeniedError');
  assert.match(result.error.message, /Forbidden: key \*\*\* is not valid/);
  const echoed = responses.find((r) => r.url.includes('/workflows/getOrganizationWorkflows'));
  assert.equal(echoed.status, 403);
  assert.equal(echoed.headers['x-amzn-requestid'], 'req-***');
  assert.equal(echoed.headers['www-authenticate'], undefined);
  for (const r of responses) {
    assert.ok(!JSON.stringify(r.headers).includes(KEY) && !r.body.includes(KEY), r.url);
  }
});

// Catches authorize() not consulted for a browser without a session.
test('without the session cookie the page gets 401 and Looply receives nothing', async () => {
  looply.reset();
  const { result } = await openPage([]);
  assert.equal(result.ok, false);
  assert.equal(result.error.name, 'AuthenticationError');
  assert.equal(result.error.status, 401);
  assert.deepEqual(looply.requests, []);
});
