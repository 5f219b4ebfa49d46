// The package against Prism (Stoplight's mock server, 5.14.2, pinned) serving the shipped
// openapi.json with request validation on (`--errors`: a request that breaks the document is
// answered with an error): every call of every method and paginator must conform, and the
// SDK must accept every answer Prism makes up, in static mode (one example a response) and
// dynamic mode (random answers that fit the schemas: a failure prints the answer).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closedPort, esm as sdk } from '../js/support/harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOCUMENT = join(root, 'build', 'consumer', 'node_modules', 'looply-sdk', 'openapi.json');
const PRISM = join(root, 'node_modules', '.bin', 'prism');
/** Random answers per operation in dynamic mode. */
const ROUNDS = 30;

/** Prism on a free port of 127.0.0.1; resolves once it listens. It stops with the test file. */
async function prism(...flags) {
  const port = await closedPort(); // free: nothing listens on it
  const child = spawn(PRISM, ['mock', DOCUMENT, '-h', '127.0.0.1', '-p', String(port), '--errors', ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (c) => {
    log += c;
  });
  child.stderr.on('data', (c) => {
    log += c;
  });
  const started = Date.now();
  while (!/Prism is listening/.test(log)) {
    if (child.exitCode !== null || Date.now() - started > 60_000) throw new Error(`prism did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill(), log: () => log };
}

const ID = 'wf-1';
/** One call of every method, with valid parameters. */
const CALLS = {
  triggerWorkflow: (c) => c.triggerWorkflow({ workflow_id: ID, payload: { invoice: 'INV-1', amount: 12.5 } }),
  triggerWorkflowWithVersion: (c) => c.triggerWorkflow({ workflow_id: ID, workflow_version: '2' }),
  getWorkflowById: (c) => c.getWorkflowById({ workflow_id: ID, workflow_version: 3 }),
  getOrganizationWorkflows: (c) => c.getOrganizationWorkflows({ limit: 30 }),
  getOrganizationWorkflowsAfter: (c) =>
    c.getOrganizationWorkflows({ workflow_id: 'ä'.repeat(1024), workflow_version: 54534234.468 }),
  getWorkflowSchemaById: (c) => c.getWorkflowSchemaById({ workflow_id: ID, workflow_version: '007' }),
  resumeWorkflow: (c) => c.resumeWorkflow({ process_id: 'p-1', payload: { source: 'TEAMS', approved: true } }),
  runWorkflowAction: (c) =>
    c.runWorkflowAction({ action: 'resumeworkflow', process_id: 'p-1', payload: { note: 'x' } }),
  getWorkflowExecutionById: (c) => c.getWorkflowExecutionById({ workflow_id: ID, workflow_execution_id: 'e-1' }),
  getWorkflowExecutionHistory: (c) =>
    c.getWorkflowExecutionHistory({ workflow_id: ID, limit: 1, workflow_execution_id: 'e-0' }),
  getOrganizationExecutions: (c) => c.getOrganizationExecutions({ workflow_id: ID, workflow_execution_id: 'e-0' }),
  toggleScheduledWorkflow: (c) => c.toggleScheduledWorkflow({ workflow_id: ID, workflow_version: 2, action: 'PLAY' }),
  paginateOrganizationWorkflows: (c, maxItems) => c.paginateOrganizationWorkflows({ maxItems }).toArray(),
  paginateWorkflowExecutionHistory: (c, maxItems) =>
    c.paginateWorkflowExecutionHistory({ workflow_id: ID, maxItems }).toArray(),
  paginateOrganizationExecutions: (c, maxItems) => c.paginateOrganizationExecutions({ maxItems }).toArray(),
};

/** A client of Prism at `url` whose every answer is kept, to show Prism's violations. */
function clientOf(url) {
  const answers = [];
  const fetch = async (input, init) => {
    const res = await globalThis.fetch(input, init);
    const text = await res.clone().text();
    let lastKey;
    try {
      lastKey = JSON.parse(text).lastKey;
    } catch {}
    answers.push({ url: String(input), status: res.status, violations: res.headers.get('sl-violations'), lastKey });
    return res;
  };
  // maxRetries 0: an answer Prism makes up is judged as it is, never replaced by a retry.
  return {
    client: new sdk.LooplyClient({ apiKey: 'sk-prism', baseUrl: url, fetch, maxRetries: 0, logLevel: 'off' }),
    answers,
  };
}

// A walk takes at most `maxItems` items. In static mode every page is the same example, with
// the same lastKey, so a walk past the first page would stop as the SDK stops a cycle (a
// ResponseDecodeError that says so): it takes one item. Dynamic pages differ (no seed: a seed
// makes Prism answer a request the same each time), so walks follow random keys.
/**
 * A random page may repeat a lastKey that an earlier page gave (the generator's words are
 * few); a walk stops there, as it must (the SDK refuses to loop): only a true repeat is let by.
 */
function repeats(name, answers) {
  const key = answers.at(-1).lastKey;
  const sent = answers.map((a) => new URL(a.url).searchParams);
  return sent.some((q) => CURSORS[name].every((f) => key?.[f] !== undefined && q.get(f) === String(key[f])));
}

/** The lastKey fields each walk sends back. */
const CURSORS = {
  paginateOrganizationWorkflows: ['workflow_id', 'workflow_version'],
  paginateWorkflowExecutionHistory: ['workflow_execution_id'],
  paginateOrganizationExecutions: ['workflow_id', 'workflow_execution_id'],
};

for (const [mode, flags, rounds, maxItems] of [
  ['static', [], 1, 1],
  ['dynamic', ['-d'], ROUNDS, 40],
]) {
  describe(`Prism ${mode} mode with request validation`, () => {
    let mock;
    before(async () => {
      mock = await prism(...flags);
    });
    after(() => mock?.stop());

    // Catches a request the document does not allow (Prism answers it with an error and a
    // violation), or an answer the document allows that the SDK refuses.
    test(`every method and paginator: its requests conform and ${rounds === 1 ? 'its answer is' : `${rounds} answers each are`} accepted`, async () => {
      const failures = [];
      for (const [name, call] of Object.entries(CALLS)) {
        for (let i = 0; i < rounds; i++) {
          const { client, answers } = clientOf(mock.url);
          try {
            await call(client, maxItems);
          } catch (e) {
            if (
              !(e instanceof sdk.ResponseDecodeError && /same lastKey twice/.test(e.message) && repeats(name, answers))
            ) {
              failures.push(`${name}: ${e.name}: ${e.message} ${JSON.stringify(answers.at(-1))}`);
            }
          }
          for (const a of answers)
            if (a.violations || a.status >= 400) failures.push(`${name}: ${a.status} ${a.violations ?? ''} (${a.url})`);
        }
      }
      assert.deepEqual(failures, []);
    });
  });
}
