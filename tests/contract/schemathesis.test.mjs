// Schemathesis (4.32.5, from PyPI, in the virtualenv `make setup-contract` makes) against the
// local server with the shipped openapi.json: generated requests, valid and invalid, and the
// checks that the server answers no 5xx, only statuses, content types and bodies the document
// lists. At least 1,000 cases, from a fixed seed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../server/looply-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOCUMENT = join(root, 'build', 'consumer', 'node_modules', 'looply-sdk', 'openapi.json');
const SCHEMATHESIS = join(root, 'build', 'venv', 'bin', 'schemathesis');
const CHECKS = 'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance';

let srv;
before(async () => {
  srv = await startServer({ port: 0, stateDelayMs: 50 });
});
after(() => srv?.close());

// Catches a status, content type or body the document does not list (an over-long URL's 431
// among them), and any 5xx, over every operation.
test('schemathesis: no failure in at least 1,000 generated cases', { timeout: 600_000 }, async () => {
  assert.ok(existsSync(SCHEMATHESIS), 'run `make setup-contract` first (it makes build/venv)');
  // Not spawnSync: the server answers from this process's event loop.
  const child = spawn(
    SCHEMATHESIS,
    [
      'run',
      DOCUMENT,
      '--url',
      srv.baseUrl,
      '--header',
      `x-api-key: ${srv.apiKey}`,
      '--checks',
      CHECKS,
      '--max-examples',
      '100',
      '--seed',
      '20261202',
      '--no-color',
      '--generation-database',
      'none',
    ],
    { cwd: join(root, 'build'), env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false' } },
  ); // its cache in build/
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  child.stderr.on('data', (c) => {
    out += c;
  });
  const status = await new Promise((resolve) => child.on('close', resolve));
  const cases = out.match(/(\d+) generated, (\d+) passed/);
  assert.equal(status, 0, out.slice(-6000));
  assert.ok(cases && Number(cases[1]) >= 1000 && cases[1] === cases[2], out.slice(-3000));
});
