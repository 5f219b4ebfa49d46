// Per-mount response headers of the static file server (used by the environment matrix to
// serve a page under a Content-Security-Policy). Run: node --test server/test/
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startServer } from '../looply-server.mjs';

const CSP = "script-src 'self'";
let dir;
let srv;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'looply-static-headers-'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><p>hi</p>');
  srv = await startServer({
    port: 0,
    static: [
      { prefix: '/strict/', dir, headers: { 'content-security-policy': CSP } },
      { prefix: '/plain/', dir },
    ],
  });
});

after(async () => {
  await srv?.close();
  await rm(dir, { recursive: true, force: true });
});

test("a mount's headers come with its files, and only with its files", async () => {
  const strict = await fetch(`${srv.url}/strict/index.html`);
  assert.equal(strict.status, 200);
  assert.equal(strict.headers.get('content-security-policy'), CSP);
  assert.equal(strict.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(await strict.text(), '<!doctype html><p>hi</p>');
  const plain = await fetch(`${srv.url}/plain/index.html`);
  assert.equal(plain.status, 200);
  assert.equal(plain.headers.get('content-security-policy'), null);
  await plain.arrayBuffer();
  const api = await fetch(`${srv.baseUrl}/workflows/getOrganizationWorkflows?limit=1`, {
    headers: { 'x-api-key': srv.apiKey },
  });
  assert.equal(api.status, 200);
  assert.equal(api.headers.get('content-security-policy'), null, 'API answers never carry a mount header');
  await api.arrayBuffer();
});

test('headers that are not an object of strings are refused', async () => {
  for (const headers of [null, 'x', { 'x-a': 1 }]) {
    await assert.rejects(
      startServer({ port: 0, static: [{ prefix: '/', dir, headers }] }),
      /static headers must be an object of strings/,
    );
  }
});
