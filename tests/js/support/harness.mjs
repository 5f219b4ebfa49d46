// Shared helpers of the JavaScript integration tests: the two builds of looply-sdk as a
// user installs them (ESM and CJS), the local Looply server, and small assertion helpers.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

import { startServer as startLocalServer } from '../../../server/looply-server.mjs';
import { SEEDED as SEEDED_DATA } from '../../../server/looply-server.mjs';
export { SEEDED, bigWorkflowExecutionCount } from '../../../server/looply-server.mjs';

const esmUrl = new URL('../../../build/consumer/esm.mjs', import.meta.url);
const cjsUrl = new URL('../../../build/consumer/cjs.cjs', import.meta.url);

/** Absolute paths of the two entry points (for child processes). */
export const ESM_ENTRY = fileURLToPath(esmUrl);
export const CJS_ENTRY = fileURLToPath(cjsUrl);

/** The package loaded through `import` (exports map, "import" condition). */
export const esm = await import(esmUrl.href);
/** The package loaded through `require` (exports map, "require" condition). */
export const cjs = createRequire(import.meta.url)(CJS_ENTRY);

/** The OpenAPI document the package ships (generated from the endpoint descriptions). */
export const OPENAPI = createRequire(import.meta.url)('../../../build/consumer/node_modules/looply-sdk/openapi.json');

/** A valid value of a parameter, by its name and schema (the seeded workflow where one is named). */
function exampleValue(name, schema) {
  if (schema.enum) return schema.enum.at(-1);
  const byName = {
    workflow_id: SEEDED_DATA.bigWorkflowId,
    workflow_version: SEEDED_DATA.bigWorkflowVersion,
    limit: 1,
    action: 'resumeworkflow',
  };
  return byName[name] ?? `${name.replace(/_id$/, '')}-1`;
}

/**
 * Every method of the client that calls one operation of the shipped openapi.json, as a call
 * a test can make: `{ method, params, idempotent, path }`, with the required parameters (and a
 * list's `limit`) at valid values, whether sending it twice is harmless (`x-idempotent`), and the
 * path its requests carry. Tests that iterate over the endpoints read this list, so that a new
 * endpoint is covered with no edit to them.
 */
export const ENDPOINT_CALLS = Object.entries(OPENAPI.paths)
  .flatMap(([path, ops]) => Object.values(ops).map((op) => [path, op]))
  .filter(([, op]) => typeof esm.LooplyClient.prototype[op.operationId] === 'function')
  .map(([path, op]) => {
    const params = {};
    // A body of fields (the toggle's) is parameters; an optional body is the `payload` (left out).
    const body = op.requestBody?.required ? op.requestBody.content['application/json'].schema : undefined;
    const fields = [
      ...op.parameters.map((p) => [p.name, p.schema, p.required]),
      ...Object.entries(body?.properties ?? {}).map(([name, schema]) => [name, schema, body.required.includes(name)]),
    ];
    for (const [name, schema, required] of fields)
      if (required || name === 'limit') params[name] = exampleValue(name, schema);
    return {
      method: op.operationId,
      params,
      idempotent: op['x-idempotent'],
      path: path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(params[name])),
    };
  });

/**
 * The local server, checking every request it gets against the shipped OpenAPI document:
 * `close()` fails if any request the tests made through the SDK did not conform.
 */
export async function startServer(options = {}) {
  const srv = await startLocalServer({ openapi: OPENAPI, ...options });
  const close = srv.close;
  srv.close = async () => {
    await close();
    assert.deepEqual(srv.violations, [], 'requests that do not conform to openapi.json');
  };
  return srv;
}

/**
 * Both builds, to loop over: `[['esm', module], ['cjs', module]]`. `LOOPLY_TEST_BUILDS=esm`
 * keeps one: the mutation runs (docs/mutants.md) mutate what both bundle alike, so one
 * build judges a mutant in half the time.
 */
export const BUILDS = [
  ['esm', esm],
  ['cjs', cjs],
].filter(([name]) => !process.env.LOOPLY_TEST_BUILDS || process.env.LOOPLY_TEST_BUILDS.split(',').includes(name));

// The error classes, as the core names them (src/error.rs; the describe tool writes them
// beside the package's facts): the package must have a class of each name.
const FACTS = await import(new URL('../../../build/glue/facts.js', import.meta.url).href);

/** The subclasses of APIError, one a status (or a range of them). */
export const STATUS_CLASS_NAMES = FACTS.STATUS_CLASSES;

/** The public error classes that the core's errors become. */
export const ERROR_CLASS_NAMES = [...FACTS.ERROR_CLASSES, ...STATUS_CLASS_NAMES];

/** A client of `sdk` against `srv`; `options` override the defaults. */
export function clientFor(sdk, srv, options = {}) {
  return new sdk.LooplyClient({ apiKey: srv.apiKey, baseUrl: srv.baseUrl, ...options });
}

/**
 * A client of `sdk` whose fetch answers its n-th call with `script[n]` (the last entry
 * repeats), called with the request's init; no server. `calls` holds the URLs asked for.
 */
export function scriptedClient(sdk, script, options = {}) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push(url);
    return script[Math.min(calls.length, script.length) - 1](init);
  };
  const client = new sdk.LooplyClient({
    apiKey: 'sk-scripted',
    baseUrl: 'http://127.0.0.1:9/v1',
    maxRetries: 0,
    logLevel: 'off',
    fetch,
    ...options,
  });
  return { client, calls };
}

/**
 * Runs `cmd` with `args` as a child process without blocking this one (a server started here
 * answers the child); resolves to `{ status, stdout, stderr }`, the child killed after `timeoutMs`.
 */
export async function spawnChild(cmd, args, { cwd, env, timeoutMs = 30_000 } = {}) {
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const timer = setTimeout(() => child.kill(), timeoutMs);
  const [status] = await once(child, 'exit');
  clearTimeout(timer);
  return { status, stdout, stderr };
}

/** Awaits `promise`, which must reject, and returns the rejection reason. */
export async function rejectionOf(promise) {
  let value;
  try {
    value = await promise;
  } catch (err) {
    return err;
  }
  assert.fail(`expected a rejection, got ${JSON.stringify(value)?.slice(0, 200)}`);
}

/** Calls `fn`, which must throw synchronously, and returns what it threw. */
export function thrownBy(fn) {
  try {
    fn();
  } catch (err) {
    return err;
  }
  assert.fail('expected a synchronous throw');
}

/** Polls `read` until `done(value)` holds; fails after `timeoutMs`. Returns the last value. */
export async function pollUntil(read, done, { timeoutMs = 4000, intervalMs = 20 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      assert.fail(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)?.slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on (listen on 0, read the port, close). */
export async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const TYPE_CHECKS = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  null: (v) => v === null,
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  array: (v) => Array.isArray(v),
  undefined: (v) => v === undefined,
};

/**
 * Asserts the JS types of `obj`'s fields. `spec` maps a field to a type name or
 * alternatives (`'string|null'`); a trailing `?` makes the field optional.
 */
export function assertShape(obj, spec, where = 'value') {
  assert.ok(TYPE_CHECKS.object(obj), `${where} must be an object, got ${JSON.stringify(obj)?.slice(0, 100)}`);
  for (const [field, rule] of Object.entries(spec)) {
    const optional = rule.endsWith('?');
    const types = (optional ? rule.slice(0, -1) : rule).split('|');
    const value = obj[field];
    if (optional && value === undefined) continue;
    assert.ok(
      types.some((t) => TYPE_CHECKS[t](value)),
      `${where}.${field} must be ${rule}, got ${JSON.stringify(value)?.slice(0, 100)}`,
    );
  }
}

/** Documented fields of a `getOrganizationWorkflows` item. */
export const WORKFLOW_SUMMARY = {
  workflow_id: 'string',
  workflow_name: 'string',
  workflow_status: 'string',
  workflow_status_version: 'string',
  latest: 'string',
  organization_id: 'string',
  workspace_id: 'string',
  created_by: 'string|null',
  modified_by: 'string|null',
  created_on: 'integer',
  modified_on: 'integer',
  workflow_version: 'integer?',
};

/** Documented fields of a `getWorkflowById` item. */
export const WORKFLOW = {
  ...WORKFLOW_SUMMARY,
  workflow_version: 'integer',
  workflow_steps: 'array',
  workflow_connections: 'array',
  workflow_integrations: 'object',
  workflow_schema: 'object',
};

/** Documented fields of a `getWorkflowSchemaById` item. */
export const WORKFLOW_SCHEMA = {
  workflow_id: 'string',
  workflow_version: 'integer',
  workflow_mock_payload: 'object',
  workflow_schema: 'object',
  created_by: 'string|null',
  modified_by: 'string|null',
  created_on: 'integer',
  modified_on: 'integer',
};

/** Documented fields of an execution list item. */
export const EXECUTION_SUMMARY = {
  workflow_execution_id: 'string',
  workflow_id: 'string',
  workflow_version: 'integer',
  workflow_current_state: 'string',
  workflow_trigger_type: 'string',
  organization_id: 'string',
  workspace_id: 'string',
  modified_by: 'string|null',
  created_on: 'integer',
  modified_on: 'integer',
  workflow_event_log: 'object',
  workflow_details: 'object',
};

/** Documented fields of a `getWorkflowExecutionById` item. */
export const EXECUTION = {
  ...EXECUTION_SUMMARY,
  modified_on: 'integer?',
  workflow_input_payload: 'object',
  workflow_output_payload: 'object',
  condensed_logs: 'object',
};

/** Checks a page answer: message, count, items (each with `itemSpec`) and an optional lastKey. */
export function assertPage(page, itemSpec, keySpec, where = 'page') {
  assertShape(page, { message: 'string', count: 'integer', items: 'array', lastKey: 'object?' }, where);
  assert.equal(page.message, 'success');
  assert.equal(page.count, page.items.length);
  page.items.forEach((item, i) => assertShape(item, itemSpec, `${where}.items[${i}]`));
  if (page.lastKey !== undefined) assertShape(page.lastKey, keySpec, `${where}.lastKey`);
}
