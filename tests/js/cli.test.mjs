// The `looply` bin as a user runs it: the installed build/consumer/node_modules/.bin/looply, a
// subprocess (spawned asynchronously: the local server runs in this process) against the local
// server, with the key and base URL in LOOPLY_API_KEY / LOOPLY_BASE_URL. Each test names the
// mistake it catches; every run checks that nothing it printed holds the key.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SEEDED, bigWorkflowExecutionCount, closedPort, startServer } from './support/harness.mjs';

const consumer = fileURLToPath(new URL('../../build/consumer/', import.meta.url));
const BIN = join(consumer, 'node_modules', '.bin', 'looply');
const TSC = fileURLToPath(new URL('../../node_modules/.bin/tsc', import.meta.url));
const KEY = 'sk-cli-test-secret-4711';
const BIG = SEEDED.bigWorkflowId;
const WAITING = SEEDED.waitingExecution;
const EXECUTIONS = 360; // the server's default seed

let srv;
let work; // the working directory of the runs (for --payload @FILE and --out)

before(async () => {
  srv = await startServer({ apiKey: KEY, stateDelayMs: 50 });
  work = mkdtempSync(join(tmpdir(), 'looply-cli-'));
});
after(async () => {
  await srv.close();
  rmSync(work, { recursive: true, force: true });
});

/** A child process to its end: `{ code, stdout, stderr }`. */
function finished(child) {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The environment of a run: no LOOPLY_* of the caller's, the server's unless `env` says otherwise. */
function environment(env = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LOOPLY_')));
  return { ...base, LOOPLY_BASE_URL: srv.baseUrl, LOOPLY_API_KEY: KEY, ...env };
}

/** Runs `looply ...args`; asserts that neither stream holds the key, and that piped output has no terminal codes. */
async function looply(args, { env, cwd = work, node = [] } = {}) {
  const child = node.length
    ? spawn(process.execPath, [...node, BIN, ...args], { cwd, env: environment(env) })
    : spawn(BIN, args, { cwd, env: environment(env) });
  const run = await finished(child);
  for (const stream of ['stdout', 'stderr'])
    assert.ok(!run[stream].includes(KEY), `${args.join(' ')}: the key on ${stream}`);
  if (!node.length)
    assert.ok(
      !['\r', '\u001b'].some((c) => (run.stdout + run.stderr).includes(c)),
      `${args.join(' ')}: terminal codes`,
    );
  return run;
}

/** A run that must succeed with nothing on stderr; its stdout. */
async function ok(args, options) {
  const run = await looply(args, options);
  assert.deepEqual([run.code, run.stderr], [0, ''], `${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

/** A run with --json that must succeed; its parsed stdout. */
const json = async (args, options) => JSON.parse(await ok([...args, '--json'], options));

/** The requests the server got from here on, by `action()`. */
async function requestsOf(action) {
  const before = srv.requests.length;
  await action();
  return srv.requests.slice(before);
}

const COMMANDS = [
  'workflows',
  'workflow',
  'executions',
  'execution',
  'watch',
  'trigger',
  'resume',
  'schedule',
  'types',
];

describe('help and usage errors', () => {
  // Catches a command missing from the overview, a --help that needs a key or prints one.
  test('looply --help lists every command; each command has its own --help (exit 0, stdout)', async () => {
    const help = await ok(['--help'], { env: { LOOPLY_API_KEY: KEY } });
    for (const c of COMMANDS) assert.match(help, new RegExp(`\\n  looply ${c}\\b`), c);
    assert.match(help, /exit codes: 0 success, 1 an API or network error, 2 a usage error/);
    for (const c of COMMANDS) {
      const own = await ok([c, '--help', '--api-key', KEY]);
      assert.match(own, new RegExp(`^usage: looply ${c}\\b`), c);
      assert.match(own, /--api-key KEY .*\$LOOPLY_API_KEY/);
    }
  });

  // Catches a mistake in the command line that reaches the API, exits 1, or leaves out the usage.
  test('a usage error exits 2 with its reason and the usage on stderr, and sends nothing', async () => {
    writeFileSync(join(work, 'list.json'), '[1, 2]');
    const cases = [
      [[], /^looply: no command given\n\nusage: looply <command>/],
      [['bogus'], /^looply: unknown command 'bogus'\n\nusage: looply <command>/],
      [['workflows', '--nope'], /^looply workflows: Unknown option '--nope'\n\nusage: looply workflows/],
      [['executions', '--limit'], /^looply executions: Option '--limit <value>' argument missing/],
      [['executions', '--limit', '0'], /--limit must be a whole number from 1, not '0'/],
      [['executions', '--limit', 'ten'], /--limit must be a whole number from 1/],
      [['workflow'], /^looply workflow: missing ID\n/],
      [['execution', BIG], /missing EXECUTION/],
      [['workflows', 'extra'], /unexpected argument 'extra'/],
      // The key where an argument belongs: the line still never shows it (the CLI hides it itself).
      [['workflows', KEY], /unexpected argument '\*\*\*'/],
      [['workflows', 'sk-flag-key-2024', '--api-key', 'sk-flag-key-2024'], /unexpected argument '\*\*\*'/],
      [['trigger', BIG, '--payload', '{bad'], /--payload is not valid JSON/],
      [['trigger', BIG, '--payload', '[1]'], /--payload must be a JSON object/],
      [['trigger', BIG, '--payload', '@list.json'], /--payload @list\.json must be a JSON object/],
      [
        ['trigger', BIG, '--payload', '@missing.json'],
        /--payload @missing\.json: cannot read .*missing\.json \(ENOENT\)/,
      ],
      [['trigger', BIG, '--timeout', '5'], /--timeout needs --wait/],
      [['trigger', BIG, '--wait', '--timeout', '-1'], /Option '--timeout' argument is ambiguous/],
      [['trigger', BIG, '--wait', '--timeout', 'soon'], /--timeout must be a number of seconds above 0/],
      [['resume', WAITING.workflow_execution_id], /--source is required/],
      [['resume', 'p-1', '--source', 'EMAIL'], /^looply resume: payload\.source must be 'TEAMS' or 'SAP'/],
      [['resume', 'p-1', '--source', 'SAP', '--payload', '{"source":"TEAMS"}'], /the payload's source 'TEAMS'/],
      [['schedule', 'stop', SEEDED.scheduledWorkflowId, '--version', '2'], /the action is pause or play, not 'stop'/],
      [['schedule', 'pause', SEEDED.scheduledWorkflowId], /--version is required/],
      [['workflow', BIG, '--version', 'three'], /^looply workflow: workflow_version /],
      [['workflows'], /no API key: pass --api-key KEY or set LOOPLY_API_KEY/, { LOOPLY_API_KEY: '' }],
    ];
    const sent = await requestsOf(async () => {
      for (const [args, reason, env] of cases) {
        const run = await looply(args, { env });
        assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
        assert.equal(run.stdout, '', args.join(' '));
        assert.match(run.stderr, reason, args.join(' '));
        assert.match(run.stderr, /\nusage: looply /, args.join(' '));
      }
    });
    assert.deepEqual(sent, []);
  });
});

describe('workflows and executions', () => {
  // Catches a list that stops after its first page, an envelope in --json, a table without its rows.
  test('workflows: every version of every workflow, all pages; a table, or the items with --json', async () => {
    const items = await json(['workflows']);
    assert.equal(items.length, SEEDED.workflowVersionCount);
    assert.ok(items.every((w) => typeof w.workflow_id === 'string' && !('message' in w)));
    const table = (await ok(['workflows'])).trimEnd().split('\n');
    assert.match(table[0], /^WORKFLOW ID +VERSION +NAME +STATUS +LATEST +SCHEDULE$/);
    assert.equal(table.length, 1 + SEEDED.workflowVersionCount);
    assert.match(
      table.find((l) => l.startsWith(SEEDED.scheduledWorkflowId) && /\byes\b/.test(l)),
      /0 2 \* \* \*/,
    );
  });

  // Catches `workflow ID` reading another version than the latest, or --version ignored.
  test('workflow ID: the latest version unless --version names one', async () => {
    const latest = await json(['workflow', BIG]);
    assert.equal(latest.workflow_version, SEEDED.bigWorkflowVersion);
    assert.equal(latest.workflow_id, BIG);
    assert.equal((await json(['workflow', BIG, '--version', '1'])).workflow_version, 1);
    const text = await ok(['workflow', BIG]);
    assert.match(text, /^Invoice Approval\n {2}id {8}03749c72/);
    assert.match(text, /\n {2}version {3}3 \(latest\)\n/);
    assert.match(text, /\nSteps\n.*\n {2}step_1 +Receive invoice +trigger\n/);
    assert.match(text, /\n {2}step_4 -> step_5 \(approved\)\n/);
  });

  // Catches --limit that caps pages instead of items, an order that is not newest first, a
  // --workflow that is ignored, raw state names in the table.
  test('executions: all pages, newest first; --limit caps the total; --workflow filters', async () => {
    let all;
    const sent = await requestsOf(async () => {
      all = await json(['executions']);
    });
    assert.equal(all.length, EXECUTIONS);
    assert.equal(sent.length, EXECUTIONS / 30, 'every page, 30 a page');
    assert.ok(
      all.every((x, i) => i === 0 || x.created_on <= all[i - 1].created_on),
      'newest first',
    );
    const first = await json(['executions', '--limit', '45']);
    assert.deepEqual(
      first.map((x) => x.workflow_execution_id),
      all.slice(0, 45).map((x) => x.workflow_execution_id),
    );
    const big = await json(['executions', '--workflow', BIG]);
    assert.equal(big.length, bigWorkflowExecutionCount(EXECUTIONS));
    assert.ok(big.every((x) => x.workflow_id === BIG));
    assert.equal((await json(['executions', '--workflow', BIG, '--limit', '3'])).length, 3);
    const table = (await ok(['executions', '--limit', '30'])).trimEnd().split('\n');
    assert.match(table[0], /^EXECUTION ID +WORKFLOW +VERSION +STATE +TRIGGER +CREATED \(UTC\)$/);
    assert.equal(table.length, 31);
    assert.ok(table.some((l) => l.includes('Waiting for response')));
    assert.ok(!table.some((l) => /_state\b/.test(l)), 'states in words');
  });

  // Catches the envelope in --json, or a summary without the state in words and the events.
  test('execution WORKFLOW EXECUTION: the item, or its state, events and steps in words', async () => {
    const item = await json(['execution', WAITING.workflow_id, WAITING.workflow_execution_id]);
    assert.equal(item.workflow_execution_id, WAITING.workflow_execution_id);
    assert.equal(item.workflow_current_state, 'wait_for_response_state');
    assert.ok(!('message' in item));
    const text = await ok(['execution', WAITING.workflow_id, WAITING.workflow_execution_id]);
    assert.match(text, /^Execution 701935fb-15ce-47f3-8a08-05f765cf3ea3\n/);
    assert.match(text, /\n {2}state {5}Waiting for response\n/);
    assert.match(text, /\nEvents\n {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}Started {15}Execution started\n/);
    assert.match(text, /\n {2}step_4 +Request approval in Teams +WAITING\n/);
  });
});

describe('trigger, resume, schedule', () => {
  const lastPost = (sent) => sent.filter((r) => r.method === 'POST').at(-1);

  // Catches a payload not sent, @FILE read from elsewhere than the working directory, --version dropped.
  test('trigger: the id, --version and --payload (JSON or @FILE) are what is sent', async () => {
    writeFileSync(join(work, 'invoice.json'), '{"invoice_number":"INV-9","amount":12}');
    let out;
    let sent = await requestsOf(async () => {
      out = await json(['trigger', BIG, '--version', '2', '--payload', '@invoice.json']);
    });
    assert.deepEqual(Object.keys(out), ['looply_execution_id']);
    assert.equal(lastPost(sent).path, `/v1/workflows/triggerworkflow/${BIG}/2`);
    assert.deepEqual(JSON.parse(lastPost(sent).body), { invoice_number: 'INV-9', amount: 12 });
    sent = await requestsOf(async () => {
      out = await ok(['trigger', BIG, '--payload', '{"a":1}']);
    });
    assert.match(out, /^Triggered 03749c72-c6a6-4bc8-9aea-d81b9130e24a: execution [\w-]+\n$/);
    assert.equal(lastPost(sent).path, `/v1/workflows/triggerworkflow/${BIG}`);
    assert.deepEqual(JSON.parse(lastPost(sent).body), { a: 1 });
  });

  // Catches --wait returning before the execution settles, or a settled wait that exits non-zero.
  test('trigger --wait: the settled execution, exit 0', async () => {
    const x = await json(['trigger', BIG, '--wait', '--timeout', '20']);
    assert.equal(x.workflow_current_state, 'wait_for_response_state');
    assert.equal(x.workflow_id, BIG);
    const text = await ok(['trigger', SEEDED.scheduledWorkflowId, '--wait']);
    assert.match(text, /\n {2}state {5}Completed\n/);
  });

  // Catches a timed-out wait that exits 0 or 1, or says more than one line on stderr.
  test('trigger --wait --timeout: exit 3 when it does not settle in time', async () => {
    srv.inject({ match: 'getWorkflowExecutionById', delayMs: 3000, times: 3 });
    const run = await looply(['trigger', BIG, '--wait', '--timeout', '0.5']);
    srv.reset();
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /^WaitTimeoutError: The execution did not settle within 500 ms\.\n$/);
  });

  // Catches an execution that ended failed reported as a success.
  test('trigger --wait: exit 3 when the execution ends failed', async () => {
    const failed = (await json(['executions', '--workflow', BIG])).find(
      (x) => x.workflow_current_state === 'failed_state',
    );
    const item = await json(['execution', BIG, failed.workflow_execution_id]);
    srv.inject({ match: 'getWorkflowExecutionById', status: 200, body: { message: 'success', item }, times: 5 });
    const run = await looply(['trigger', BIG, '--wait', '--json']);
    srv.reset();
    assert.deepEqual([run.code, run.stderr], [3, '']);
    assert.equal(JSON.parse(run.stdout).workflow_current_state, 'failed_state');
  });

  // Catches --source lost from the body, or the payload's other fields dropped.
  test('resume: --source and --payload are the body; a second resume is an API error (409)', async () => {
    const { workflow_execution_id: id, workflow_current_state } = await json(['trigger', BIG, '--wait']);
    assert.equal(workflow_current_state, 'wait_for_response_state');
    let out;
    const sent = await requestsOf(async () => {
      out = await json(['resume', id, '--source', 'TEAMS', '--payload', '{"approved":true}']);
    });
    assert.deepEqual(out, { looply_execution_id: id });
    assert.deepEqual(JSON.parse(lastPost(sent).body), { approved: true, source: 'TEAMS' });
    const again = await looply(['resume', id, '--source', 'TEAMS']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^ConflictError 409: [^\n]+ \(request id [\w-]+\)\n$/);
  });

  // Catches the action or version not sent, the envelope in --json.
  test('schedule pause|play ID --version N', async () => {
    const id = SEEDED.scheduledWorkflowId;
    assert.equal(await ok(['schedule', 'pause', id, '--version', '2']), `Schedule of ${id} version 2: paused\n`);
    assert.deepEqual(await json(['schedule', 'play', id, '--version', '2']), {
      workflow_id: id,
      workflow_version: 2,
      status: 'ACTIVE',
    });
  });
});

describe('watch', () => {
  // Catches a watch that ends before the execution settles, repeats events, or prints raw states.
  test('a line for each new event until it settles; --json one line of JSON a change', async () => {
    const { looply_execution_id: id } = await json(['trigger', BIG]);
    const text = await ok(['watch', BIG, id]);
    const lines = text.trimEnd().split('\n');
    assert.equal(lines[0], `Execution ${id} of Invoice Approval`);
    const events = lines.slice(1, -1).map((l) => l.replace(/^ {2}\S+ \S+ {2}/, ''));
    assert.deepEqual(events, [
      'Started               Execution started',
      'Processing            Processing steps',
      'Waiting for response  Waiting for a response from TEAMS',
    ]);
    assert.equal(lines.at(-1), 'Waiting for response.');
    const { looply_execution_id: next } = await json(['trigger', BIG]);
    const changes = (await ok(['watch', BIG, next, '--json']))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.ok(changes.length >= 1);
    assert.ok(changes.every((x) => x.workflow_execution_id === next && !('message' in x)));
    assert.equal(changes.at(-1).workflow_current_state, 'wait_for_response_state');
  });

  // Catches a failed execution or a watch that runs out of time reported as a success.
  test('exit 3 when the execution ended failed, or did not settle within --timeout', async () => {
    const failed = (await json(['executions', '--workflow', BIG])).find(
      (x) => x.workflow_current_state === 'failed_state',
    );
    const run = await looply(['watch', BIG, failed.workflow_execution_id]);
    assert.deepEqual([run.code, run.stderr], [3, '']);
    assert.match(run.stdout, /\nFailed\.\n$/);
    const { looply_execution_id: id } = await json(['trigger', BIG]);
    srv.inject({ match: 'getWorkflowExecutionById', delayMs: 3000, times: 3 });
    const late = await looply(['watch', BIG, id, '--timeout', '0.5']);
    srv.reset();
    assert.equal(late.code, 3, late.stderr);
    assert.match(late.stderr, /^WaitTimeoutError: [^\n]*500 ms[^\n]*\n$/);
  });
});

describe('API and network errors: exit 1, one line, no key', () => {
  // Catches a multi-line error, a stack, the key in the line, or the wrong exit code.
  test('a 404, a refused key, an echoed key and an unreachable host', async () => {
    const notFound = await looply(['workflow', 'no-such-workflow', '--version', '1']);
    assert.equal(notFound.code, 1);
    assert.equal(notFound.stdout, '');
    assert.match(notFound.stderr, /^NotFoundError 404: Workflow not found \(request id [\w-]+\)\n$/);
    const refused = await looply(['workflows', '--api-key', 'sk-wrong-key-0000']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^PermissionDeniedError 403: Forbidden .*\(request id [\w-]+\)\n$/);
    assert.ok(!refused.stderr.includes('sk-wrong-key-0000'));
    srv.inject({ echoKey: true });
    const echoed = await looply(['workflows']); // the key is checked absent by looply()
    assert.equal(echoed.code, 1);
    assert.equal(echoed.stderr.split('\n').length, 2, echoed.stderr);
    const port = await closedPort();
    const down = await looply(['workflow', BIG, '--version', '1', '--base-url', `http://127.0.0.1:${port}/v1`]);
    assert.equal(down.code, 1);
    assert.match(down.stderr, new RegExp(`^APIConnectionError: [^\\n]* at 127\\.0\\.0\\.1:${port}\\n$`));
  });

  // Catches a workflow missing from the list answered as a success.
  test('workflow ID of an id the organization does not have: exit 1', async () => {
    const run = await looply(['workflow', 'no-such-workflow']);
    assert.deepEqual([run.code, run.stderr], [1, "NotFound: no workflow 'no-such-workflow' in the organization\n"]);
  });
});

describe('types', () => {
  const ts = join(consumer, 'cli-types'); // inside build/consumer: 'looply-sdk' resolves to the tarball
  const tsc = (config) => finished(spawn(TSC, ['-p', config], { cwd: ts }));

  // Catches declarations that do not compile against the package, an augmentation that checks
  // nothing, a workflow's payload under another's id, or a version other than the latest.
  test('--out writes the LooplyWorkflows augmentation; it compiles with tsc --strict and checks payloads', async () => {
    rmSync(ts, { recursive: true, force: true });
    mkdirSync(ts);
    assert.match(
      await ok(['types', '--out', 'looply-workflows.d.ts'], { cwd: ts }),
      /^Wrote the payload types of 12 workflows to looply-workflows\.d\.ts\n$/,
    );
    const dts = readFileSync(join(ts, 'looply-workflows.d.ts'), 'utf8');
    assert.match(
      dts,
      /\n {4}"03749c72-c6a6-4bc8-9aea-d81b9130e24a": \{ payload: LooplyWorkflowTypes\.InvoiceApproval\.Payload \};\n/,
    );
    assert.match(dts, /\/\*\* Invoice Approval, version 3\. \*\//);
    writeFileSync(
      join(ts, 'app.ts'),
      [
        "import { LooplyClient } from 'looply-sdk';",
        "const client = new LooplyClient({ apiKey: 'k' });",
        `const id = '${BIG}';`,
        "const invoice = { invoice_number: 'INV-1', vendor_id: 'V-1', amount: 1, currency: 'EUR', cost_center: 'C' };",
        'export const a = client.triggerWorkflow({ workflow_id: id, payload: invoice });',
        'export const b = client.triggerWorkflowAndWait({ workflow_id: id, payload: { ...invoice, note: 1 } });',
        'const { amount, ...noAmount } = invoice; void amount;',
        '// @ts-expect-error: amount is required',
        'export const c = client.triggerWorkflow({ workflow_id: id, payload: noAmount });',
        '// @ts-expect-error: amount is a number',
        "export const d = client.triggerWorkflow({ workflow_id: id, payload: { ...invoice, amount: '1' } });",
        '// @ts-expect-error: Vendor Onboarding takes a vendor',
        `export const e = client.triggerWorkflow({ workflow_id: '${(await json(['workflows'])).find((w) => w.workflow_name === 'Vendor Onboarding').workflow_id}', payload: invoice });`,
        "export const f = client.triggerWorkflow({ workflow_id: 'unlisted', payload: { any: 1 } });",
        '',
      ].join('\n'),
    );
    // The npm README's example, as written (top-level await: the ESM program only).
    const readme = readFileSync(join(consumer, 'node_modules', 'looply-sdk', 'README.md'), 'utf8');
    const example = /```ts\n\/\/ app\.ts\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(example?.includes('@ts-expect-error'), 'the README lost its typed-payloads example');
    writeFileSync(join(ts, 'readme-app.ts'), example);
    for (const [name, module, resolution, extra] of [
      ['bundler', 'esnext', 'bundler', ['readme-app.ts']], // index.d.ts
      ['node16', 'node16', 'node16', []], // no "type": "module" here: CommonJS, index.d.cts
    ]) {
      const config = join(ts, `tsconfig.${name}.json`);
      const options = { strict: true, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], types: [] };
      writeFileSync(
        config,
        JSON.stringify({
          compilerOptions: { ...options, module, moduleResolution: resolution },
          files: ['app.ts', ...extra, 'looply-workflows.d.ts'],
        }),
      );
      const run = await tsc(config);
      assert.equal(run.code, 0, `tsc (${name}): ${run.stdout}${run.stderr}`);
    }
  });

  // Catches --workflow ignored, the envelope or a missing field in --json, stdout without the declarations.
  test('--workflow ID, --json, and stdout without --out', async () => {
    const out = await json(['types', '--workflow', BIG]);
    assert.deepEqual(Object.keys(out), ['out', 'workflows', 'declarations']);
    assert.equal(out.out, null);
    assert.deepEqual(out.workflows, [
      {
        workflow_id: BIG,
        workflow_version: SEEDED.bigWorkflowVersion,
        workflow_name: 'Invoice Approval',
        type: 'LooplyWorkflowTypes.InvoiceApproval.Payload',
      },
    ]);
    const text = await ok(['types', '--workflow', BIG]);
    assert.equal(text, out.declarations);
    assert.match(text, /^\/\/ Written by `looply types`/);
    assert.match(text, /invoice_number: string;/);
    const missing = await looply(['types', '--workflow', 'no-such-workflow']);
    assert.deepEqual(
      [missing.code, missing.stderr],
      [1, "NotFound: no workflow 'no-such-workflow' in the organization\n"],
    );
  });

  // Catches an optional peer dependency whose absence is a stack trace instead of what to do.
  test('without json-schema-to-typescript installed: exit 1, one line saying how to install it, nothing sent', async () => {
    const alone = mkdtempSync(join(tmpdir(), 'looply-cli-alone-')); // no node_modules above it
    try {
      cpSync(join(consumer, 'node_modules', 'looply-sdk'), join(alone, 'node_modules', 'looply-sdk'), {
        recursive: true,
      });
      const bin = join(alone, 'node_modules', 'looply-sdk', 'bin', 'looply.mjs');
      const sent = await requestsOf(async () => {
        const run = await finished(spawn(process.execPath, [bin, 'types'], { cwd: alone, env: environment() }));
        assert.equal(run.code, 1);
        assert.equal(
          run.stderr,
          'looply types needs the package json-schema-to-typescript: npm install --save-dev json-schema-to-typescript\n',
        );
      });
      assert.deepEqual(sent, []);
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });
});

describe('a terminal', () => {
  // Pretends stdout and stderr are a terminal before the bin runs.
  const tty = ['--import', 'data:text/javascript,process.stdout.isTTY=true;process.stderr.isTTY=true'];

  // Catches a spinner drawn into a pipe (checked by every run above) or none on a terminal, or
  // one that ends up in stdout.
  test('a spinner on stderr while waiting; stdout is what a pipe gets', async () => {
    const run = await looply(['executions', '--limit', '40'], { node: tty });
    assert.equal(run.code, 0);
    assert.match(run.stderr, /\r⠋ Reading executions/);
    assert.ok(run.stderr.endsWith('\r\u001b[K'), 'the line cleared at the end');
    assert.equal(run.stdout, await ok(['executions', '--limit', '40']));
    const wait = await looply(['trigger', BIG, '--wait', '--json'], { node: tty });
    assert.equal(wait.code, 0);
    assert.match(wait.stderr, /Waiting: /);
    assert.equal(JSON.parse(wait.stdout).workflow_current_state, 'wait_for_response_state');
  });
});
