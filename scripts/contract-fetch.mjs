#!/usr/bin/env node
// openapi-fetch on the shipped openapi.json, as a user would generate a client from it:
// tests/contract/openapi-fetch.ts (a call of every operation, payloads included) is
// type-checked with `tsc --strict` against openapi-typescript's types (default settings),
// compiled, and run against the local server; every call must answer 2xx with its data.
//   node scripts/contract-fetch.mjs      (after scripts/contract-types.mjs, which writes the types)
import { execFileSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SEEDED, startServer } from '../server/looply-server.mjs';
import { BROWSER_TS } from './tsconfig.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'build', 'consumer', 'contract');
copyFileSync(join(root, 'tests', 'contract', 'openapi-fetch.ts'), join(dir, 'openapi-fetch.ts'));
writeFileSync(
  join(dir, 'tsconfig.fetch.json'),
  JSON.stringify(
    {
      compilerOptions: { ...BROWSER_TS, outDir: 'out', rootDir: '.' },
      files: ['openapi-fetch.ts'],
    },
    null,
    2,
  ),
);
writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
try {
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.fetch.json'], {
    cwd: dir,
    stdio: 'inherit',
  });
} catch {
  console.log("not ok - openapi-fetch calls of every operation do not compile against openapi.json's types");
  process.exit(1);
}
const srv = await startServer({ port: 0, stateDelayMs: 20 });
let failed = 0;
try {
  const { everyOperation } = await import(pathToFileURL(join(dir, 'out', 'openapi-fetch.js')).href);
  const { results, steps, state, name } = await everyOperation(srv.baseUrl, srv.apiKey, SEEDED);
  for (const [operation, { status, data }] of Object.entries(results)) {
    const ok = status >= 200 && status < 300 && data && typeof data === 'object';
    if (!ok) failed++;
    console.log(`${ok ? 'ok' : 'not ok'} - openapi-fetch ${operation}: ${status}`);
  }
  const typed = steps > 0 && state === 'wait_for_response_state' && typeof name === 'string';
  if (!typed) failed++;
  console.log(
    `${typed ? 'ok' : 'not ok'} - the typed fields hold what the server sent (${steps} steps, ${state}, ${name})`,
  );
  if (Object.keys(results).length < 11) failed++;
} finally {
  srv.close();
}
process.exit(failed ? 1 : 0);
