// The size table of `make bench`: one tiny browser app a client, each making one GET of
// getWorkflowById (or its equivalent) and showing the workflow's name, bundled by esbuild as an
// app's build would (bundle, minify, ESM, browser), and its size raw and gzipped (level 9).
// What a page downloads to make that call with each client; the raw fetch app is the floor.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { generateTypes, typeCheck } from './bench-openapi.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'build', 'bench', 'apps');
/** The package as a user installs it (the tarball of pkg/, as bench.mjs imports it). */
const consumerModules = join(root, 'build', 'consumer', 'node_modules');

/** What every app starts with: where the API is, the key, the workflow to read. */
const PRELUDE = `const baseUrl = 'https://api.looply.io/v1';
const apiKey = 'looply-api-key';
const query = { workflow_id: 'wf-invoices', workflow_version: 1 };`;

/** Each client's app: its file name and source (imports, the prelude, the call, the name shown). */
const APPS = {
  'raw fetch + json()': {
    file: 'raw-fetch.mjs',
    source: `${PRELUDE}
const res = await fetch(\`\${baseUrl}/workflows/getWorkflowById?\${new URLSearchParams(query)}\`, {
  headers: { 'x-api-key': apiKey },
});
document.body.textContent = (await res.json()).item.workflow_name;`,
  },
  'raw fetch with a per-attempt timeout': {
    file: 'timed-fetch.mjs',
    source: `${PRELUDE}
const controller = new AbortController();
const timer = setTimeout(() => controller.abort(), 30_000);
try {
  const res = await fetch(\`\${baseUrl}/workflows/getWorkflowById?\${new URLSearchParams(query)}\`, {
    headers: { 'x-api-key': apiKey },
    signal: controller.signal,
  });
  document.body.textContent = (await res.json()).item.workflow_name;
} finally {
  clearTimeout(timer);
}`,
  },
  'looply-sdk': {
    file: 'looply-sdk.mjs',
    source: `import { LooplyClient } from 'looply-sdk';
${PRELUDE}
const client = new LooplyClient({ apiKey, baseUrl, dangerouslyAllowBrowser: true });
document.body.textContent = (await client.getWorkflowById(query)).item.workflow_name;`,
  },
  // Type-checked with tsc --strict against openapi-typescript's types (bench-openapi.mjs).
  'openapi-fetch': {
    file: 'openapi-fetch.ts',
    source: `import createClient from 'openapi-fetch';
import type { paths } from '../looply-api';
${PRELUDE}
const client = createClient<paths>({ baseUrl, headers: { 'x-api-key': apiKey } });
const { data, error } = await client.GET('/workflows/getWorkflowById', { params: { query } });
if (!data) throw new Error(error?.message);
document.body.textContent = data.item.workflow_name;`,
  },
  "openai-node's request pipeline": {
    file: 'openai.mjs',
    source: `import OpenAI from 'openai';
${PRELUDE}
const client = new OpenAI({
  apiKey: 'unused',
  baseURL: baseUrl,
  defaultHeaders: { 'x-api-key': apiKey },
  dangerouslyAllowBrowser: true,
});
document.body.textContent = (await client.get('/workflows/getWorkflowById', { query })).item.workflow_name;`,
  },
  '@octokit/request': {
    file: 'octokit.mjs',
    source: `import { request } from '@octokit/request';
${PRELUDE}
const { data } = await request('GET /workflows/getWorkflowById', { baseUrl, headers: { 'x-api-key': apiKey }, ...query });
document.body.textContent = data.item.workflow_name;`,
  },
  ky: {
    file: 'ky.mjs',
    source: `import ky from 'ky';
${PRELUDE}
const api = ky.create({ prefixUrl: baseUrl, headers: { 'x-api-key': apiKey } });
document.body.textContent = (await api.get('workflows/getWorkflowById', { searchParams: query }).json()).item.workflow_name;`,
  },
};

/**
 * Writes the apps to build/bench/apps/, generates openapi-fetch's types and type-checks its
 * app (the bench's preparation: it throws before anything is timed if the types are wrong).
 */
export async function prepareApps() {
  mkdirSync(dir, { recursive: true });
  for (const { file, source } of Object.values(APPS)) writeFileSync(join(dir, file), `${source}\n`);
  await generateTypes();
  typeCheck(join(dir, APPS['openapi-fetch'].file));
}

/** Each app bundled (not written): `{ name, bytes, gzip }`, in the order of APPS. */
export async function appSizes() {
  const rows = [];
  for (const [name, { file }] of Object.entries(APPS)) {
    const out = await build({
      entryPoints: [join(dir, file)],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'error',
      // 'looply-sdk' resolves to the installed tarball, as in an app's node_modules.
      nodePaths: [consumerModules],
    });
    const code = out.outputFiles[0].contents;
    rows.push({ name, bytes: code.length, gzip: gzipSync(code, { level: 9 }).length });
  }
  return rows;
}

/** The size table: bytes, gzipped bytes, and the gzipped bytes over the raw fetch app's. */
export function printAppSizes(rows) {
  const pad = (s, n) => String(s).padEnd(n);
  const [floor] = rows;
  console.log('\none browser app a client (one GET, esbuild: bundle, minify, ESM, browser), bytes');
  console.log(`${pad('client', 38)} ${pad('bytes', 8)} ${pad('gzip -9', 8)} gzip over raw fetch`);
  for (const r of rows) {
    console.log(`${pad(r.name, 38)} ${pad(r.bytes, 8)} ${pad(r.gzip, 8)} +${r.gzip - floor.gzip}`);
  }
}
