// End-to-end test of the demo console (www/) in headless Chromium, against the real
// `make demo` server. It acts as a user: clicks, typing and the keyboard; the only look
// behind the page is the server's control API (support.mjs): its request log, to check what
// was or was not sent, and faults, to see the error and loading states.
import { test, before, after } from 'node:test';
import { CHROMIUM_LAUNCH } from '../../scripts/chromium.mjs';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { SEEDED, bigWorkflowExecutionCount, startServer } from '../../server/looply-server.mjs';
import { ROOT, BUILD_TIMEOUT_MS, startDemo, stopDemo, control, tally } from './support.mjs';

const SHOTS = join(ROOT, 'test-results/demo');
const UI_TIMEOUT_MS = 15_000; // one view or one state change; the server moves every 1.5 s
const SEEDED_EXECUTIONS = 360; // make demo's default

const BIG_WORKFLOW = SEEDED.bigWorkflowId; // "Invoice Approval" v3, has a TEAMS approval step
const SCHEDULED_WORKFLOW = SEEDED.scheduledWorkflowId; // "Nightly SAP Export" v2
const WAITING = SEEDED.waitingExecution.workflow_execution_id; // a seeded execution that waits

// What the console must show for each state the local server sends (written here, not
// imported from the page's code, so that a wrong label fails).
const LABELS = {
  start_state: 'Started',
  processing_state: 'Processing',
  wait_for_response_state: 'Waiting for response',
  resumed_state: 'Resumed',
  completed_state: 'Completed',
  failed_state: 'Failed',
};
const OUTCOME = { completed_state: 'completed', failed_state: 'failed', wait_for_response_state: 'waiting' };

let baseUrl; // http://127.0.0.1:PORT
let server; // its control API
let tmp;
let browser;
let page;
let triggeredId; // the execution started in test 7, resumed in test 8
const pageErrors = []; // uncaught exceptions in the page
const consoleErrors = []; // console.error lines, outside the tests that provoke failures
let expectingFailures = false;

const shot = (name) => page.screenshot({ path: join(SHOTS, name), fullPage: true });
const shotOf = (selector, name) => page.locator(selector).screenshot({ path: join(SHOTS, name) });
const rows = (tableId) => page.locator(`#${tableId} tbody tr`);
const visibleRows = (tableId) => page.locator(`#${tableId} tbody tr:visible`);
const state = () => page.locator('#execution-state .badge');
const node = (graph, stepId) => page.locator(`#${graph} .node[data-step-id="${stepId}"]`);
const nav = (name) => page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name, exact: true });
/** Requests to the endpoint `name` whose query has these values. */
const callsTo = async (name, query = {}) =>
  (await server.requests()).filter(
    (r) => r.path.includes(name) && Object.entries(query).every(([k, v]) => r.query[k] === String(v)),
  );
/** The execution graph's step states, "step_1:done step_2:current …", in step order. */
const stepStates = () =>
  page.locator('#execution-graph .node').evaluateAll((nodes) =>
    nodes
      .map((n) => `${n.dataset.stepId}:${n.dataset.state}`)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .join(' '),
  );
const untilStates = async (expected) => {
  await page
    .waitForFunction(
      (want) =>
        [...document.querySelectorAll('#execution-graph .node')]
          .map((n) => `${n.dataset.stepId}:${n.dataset.state}`)
          .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
          .join(' ') === want,
      expected,
    )
    .catch(async (e) => {
      throw new Error(`graph never showed ${expected}; it shows ${await stepStates()}`, { cause: e });
    });
};

/** Every state badge in the view says its state in words, with the raw name as its title; no raw name shows. */
async function assertReadableStates(min = 1) {
  const badges = await page
    .locator('main .badge[data-state]')
    .evaluateAll((bs) => bs.map((b) => ({ text: b.textContent, title: b.title, state: b.dataset.state })));
  assert.ok(badges.length >= min, `at least ${min} state badges (${badges.length})`);
  for (const b of badges) {
    assert.equal(b.text, LABELS[b.state], `the label of ${b.state}`);
    assert.equal(b.title, b.state, 'the raw name on hover');
  }
  const raw = (await page.locator('main').textContent()).match(/\b[a-z]+(?:_[a-z]+)*_state\b/);
  assert.equal(raw, null, `no raw state name in the view (${raw})`);
}

/** Runs `fn` while failures are provoked: the console may log them (the SDK logs a 5xx it gave up on). */
async function provoking(fn) {
  expectingFailures = true;
  try {
    return await fn();
  } finally {
    expectingFailures = false;
  }
}

before(
  async () => {
    tmp = await mkdtemp(join(tmpdir(), 'looply-demo-e2e-'));
    await rm(SHOTS, { recursive: true, force: true }); // only this run's screenshots
    await mkdir(SHOTS, { recursive: true });
    baseUrl = await startDemo(join(tmp, 'demo-data.json'));
    server = control(baseUrl);
    browser = await chromium.launch(CHROMIUM_LAUNCH);
    // Days are counted in the page's time zone; UTC here, as the test counts them.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
    page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !expectingFailures) consoleErrors.push(m.text());
    });
  },
  { timeout: BUILD_TIMEOUT_MS + 30_000 },
);

after(async () => {
  await browser?.close();
  await stopDemo();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('1. the overview is the landing view: executions per day by state, per workflow, and the waiting ones', async () => {
  // The expected figures, from the API walked by hand (before the log is cleared).
  const all = await server.all('getOrganizationExecutions', ['workflow_id', 'workflow_execution_id']);
  assert.equal(all.length, SEEDED_EXECUTIONS);
  const days = {};
  for (const x of all) {
    const day = new Date(x.created_on).toISOString().slice(0, 10);
    days[day] ??= { total: 0, completed: 0, failed: 0, waiting: 0, running: 0 };
    days[day].total += 1;
    days[day][OUTCOME[x.workflow_current_state] ?? 'running'] += 1;
  }
  const waiting = all.filter((x) => x.workflow_current_state === 'wait_for_response_state');
  await server.reset();

  await page.goto(`${baseUrl}/`);
  await page.getByRole('heading', { name: 'Overview', level: 2 }).waitFor();
  assert.equal(await nav('Overview').getAttribute('aria-current'), 'page');
  const chart = page.getByRole('img', { name: /^Executions per day by state: 360 executions on \d+ days/ });
  await chart.waitFor();

  // One bar per day, oldest first, as tall as its executions, stacked by state.
  const bars = await page.locator('#per-day-chart .bar').evaluateAll((bs) =>
    bs.map((b) => ({
      day: b.dataset.day,
      total: Number(b.dataset.total),
      segments: [...b.querySelectorAll('.seg')].map((s) => ({
        outcome: [...s.classList].find((c) => c.startsWith('seg-')).slice(4),
        count: Number(s.dataset.count),
        height: s.getBBox().height,
      })),
    })),
  );
  const expectedDays = Object.keys(days).sort().slice(-14);
  assert.deepEqual(
    bars.map((b) => [b.day, b.total]),
    expectedDays.map((d) => [d, days[d].total]),
  );
  for (const b of bars) {
    for (const s of b.segments) assert.equal(s.count, days[b.day][s.outcome], `${b.day} ${s.outcome}`);
    assert.equal(
      b.segments.reduce((n, s) => n + s.count, 0),
      b.total,
      `${b.day}: the segments add up`,
    );
  }
  const scale = bars.flatMap((b) => b.segments.map((s) => s.height / s.count));
  assert.ok(Math.max(...scale) - Math.min(...scale) < 0.01, 'every segment as tall as its count (one scale)');
  // The legend names the states in words.
  assert.deepEqual(await page.locator('#per-day .legend li').allTextContents(), [
    'Completed',
    'Failed',
    'Waiting for response',
    'Still running',
  ]);

  // Per workflow: sorted by name, its executions and success rate (completed of finished).
  const perWorkflow = {};
  for (const x of all) {
    const w = (perWorkflow[x.workflow_details.workflow_name] ??= { total: 0, completed: 0, failed: 0 });
    w.total += 1;
    if (OUTCOME[x.workflow_current_state] === 'completed') w.completed += 1;
    if (OUTCOME[x.workflow_current_state] === 'failed') w.failed += 1;
  }
  const table = await rows('workflow-stats').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())),
  );
  const names = Object.keys(perWorkflow).sort((a, b) => a.localeCompare(b, 'en'));
  assert.deepEqual(
    table.map((r) => r[0]),
    names,
  );
  for (const [name, total, rate, median] of table) {
    const w = perWorkflow[name];
    assert.equal(Number(total), w.total, name);
    assert.equal(rate, `${Math.round((100 * w.completed) / (w.completed + w.failed))} %`, name);
    assert.match(
      median,
      /^\d+(\.\d)? (ms|s|min)$|^\d+ h \d+ min$|^\d+ d \d+ h$/,
      `${name}: a median duration (${median})`,
    );
  }
  assert.equal(perWorkflow['Invoice Approval'].total, bigWorkflowExecutionCount(SEEDED_EXECUTIONS));
  assert.equal(await page.locator('#workflow-stats svg.meter').count(), names.length, 'a meter per workflow');

  // The executions waiting for a response: ten, then all, each a link to its page.
  await page.getByRole('heading', { name: `Waiting for a response (${waiting.length})` }).waitFor();
  assert.equal(await page.locator('#waiting-list li').count(), 10);
  await page.getByRole('button', { name: `Show all ${waiting.length}` }).click();
  assert.deepEqual(
    await page.locator('#waiting-list li').evaluateAll((lis) => lis.map((li) => li.dataset.executionId)),
    waiting.map((x) => x.workflow_execution_id),
  );
  await assertReadableStates(0);

  // One walk: the pages of getOrganizationExecutions, each cursor once, nothing else.
  const log = await server.requests();
  const { counts, repeated } = tally(log);
  assert.deepEqual(counts, { getOrganizationExecutions: Math.ceil(SEEDED_EXECUTIONS / 30) });
  assert.deepEqual(repeated, []);
  await shot('01-overview.png');

  // A waiting execution opens from the list: one read.
  await server.reset();
  await page.locator(`#waiting-list li[data-execution-id="${WAITING}"] a`).click();
  await state().getByText('Waiting for response').waitFor();
  assert.equal(await state().getAttribute('title'), 'wait_for_response_state');
  await page.waitForTimeout(1500); // more than a polling period
  assert.deepEqual(tally(await server.requests()).counts, { getWorkflowExecutionById: 1 });
});

test('2. the overview shows its loading state, then an error it can retry', async () => {
  await nav('Overview').click();
  await page.locator('#per-day-chart').waitFor();
  // Loading: the first page answers 1.5 s late.
  await server.inject({ delayMs: 1500, match: 'getOrganizationExecutions' });
  await page.getByRole('button', { name: 'Refresh' }).click();
  const status = page.locator('#overview-status');
  await status.getByText(/^Loading executions…/).waitFor();
  assert.equal(await status.getAttribute('aria-busy'), 'true');
  assert.equal(await page.locator('#per-day-chart').count(), 0, 'no stale chart while loading');
  await shot('02-overview-loading.png');
  await page.locator('#per-day-chart').waitFor();
  assert.equal(await status.getAttribute('aria-busy'), null);

  // Error: three 500s outlast the client's two retries.
  await provoking(async () => {
    await server.inject({ status: 500, match: 'getOrganizationExecutions', times: 3 });
    await page.getByRole('button', { name: 'Refresh' }).click();
    const box = status.locator('.error-box');
    await box.waitFor();
    assert.equal(await box.locator('.error-name').textContent(), 'InternalServerError');
    assert.equal(await box.locator('.error-status').textContent(), '500');
    assert.equal(await page.locator('#per-day-chart').count(), 0);
    await shot('03-overview-error.png');
  });
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.locator('#per-day-chart').waitFor();
  assert.equal(await status.locator('.error-box').count(), 0);
});

test('3. the overview says so when there are no executions (a server seeded with none)', async () => {
  const empty = await startServer({
    port: 0,
    executions: 0,
    static: [
      { prefix: '/pkg/', dir: join(ROOT, 'pkg') },
      { prefix: '/', dir: join(ROOT, 'www') },
    ],
  });
  try {
    await page.goto(`${empty.url}/`);
    await page.getByRole('heading', { name: 'No executions yet' }).waitFor();
    await page.locator('#overview-empty').getByRole('link', { name: 'the workflows' }).waitFor();
    assert.equal(await page.locator('#per-day-chart').count(), 0, 'no chart of nothing');
    assert.equal(await page.locator('#overview-status .error-box').count(), 0);
    assert.deepEqual(
      empty.requests.map((r) => r.path),
      ['/v1/workflows/getOrganizationExecutions'],
    );
    await shot('04-overview-empty.png');
  } finally {
    await empty.close();
  }
});

test('4. one row per workflow, sorted by name: its latest version, the others one click away, a schedule badge', async () => {
  const versions = await server.all('getOrganizationWorkflows', ['workflow_id', 'workflow_version']);
  const names = [...new Set(versions.map((v) => v.workflow_name))].sort((a, b) => a.localeCompare(b, 'en'));
  assert.equal(names.length, SEEDED.workflowCount);
  await page.goto(`${baseUrl}/#/overview`);
  await page.locator('#per-day-chart').waitFor();
  await server.reset();

  await nav('Workflows').click();
  await page.getByRole('heading', { name: 'Workflows', level: 2 }).waitFor();
  await rows('workflows-table')
    .nth(names.length - 1)
    .waitFor();
  assert.equal(await rows('workflows-table').count(), names.length, 'one row per workflow, not per version');
  assert.deepEqual(await page.locator('#workflows-table a.workflow-name').allTextContents(), names);
  assert.equal(await page.locator('#workflow-count').textContent(), `${names.length} workflows`);

  // A row: the latest version (the name links to it) and links to the others.
  const invoice = rows('workflows-table').filter({ has: page.getByRole('link', { name: 'Invoice Approval' }) });
  assert.equal(await invoice.locator('td[data-label="Latest"]').textContent(), 'v3');
  assert.equal(await invoice.locator('td[data-label="Status"]').textContent(), 'ACTIVE');
  assert.equal(
    await invoice.getByRole('link', { name: 'Invoice Approval', exact: true }).getAttribute('href'),
    `#/workflow/${BIG_WORKFLOW}/3`,
  );
  assert.deepEqual(await invoice.locator('td[data-label="Other versions"] a').allTextContents(), ['v2', 'v1']);

  // The scheduled workflow shows without any "Load more", with its badge; no other has one.
  const badges = page.locator('#workflows-table .schedule-badge');
  assert.equal(await badges.count(), 1);
  const scheduled = rows('workflows-table').filter({ has: page.locator('.schedule-badge') });
  assert.equal(await scheduled.getByRole('link').first().textContent(), 'Nightly SAP Export');
  assert.equal(await badges.textContent(), 'Scheduled');
  assert.match(await badges.getAttribute('title'), /0 2 \* \* \*.*Europe\/Berlin/);

  // The whole list in one walk (30 versions: one page of the paginator's 30), nothing twice.
  const { counts, repeated } = tally(await server.requests());
  assert.deepEqual(counts, { getOrganizationWorkflows: Math.ceil(SEEDED.workflowVersionCount / 30) });
  assert.deepEqual(repeated, []);
  await shot('05-workflows-list.png');
});

test('5. the search box filters the workflows by name or id as you type, without a request', async () => {
  await server.reset();
  const search = page.getByLabel('Search workflows');
  await search.pressSequentially('ORDER');
  await page.locator('#workflow-count').getByText('2 of 12 workflows match "ORDER"').waitFor();
  assert.deepEqual(await visibleRows('workflows-table').locator('a.workflow-name').allTextContents(), [
    'Inventory Reorder',
    'Purchase Order Sync',
  ]);
  await shot('06-workflows-search.png');
  await search.fill(SCHEDULED_WORKFLOW.slice(0, 8));
  assert.deepEqual(await visibleRows('workflows-table').locator('a.workflow-name').allTextContents(), [
    'Nightly SAP Export',
  ]);
  await search.fill('no such workflow');
  await page.locator('#workflow-count').getByText('No workflow matches "no such workflow"').waitFor();
  assert.equal(await visibleRows('workflows-table').count(), 0);
  await search.fill('');
  assert.equal(await visibleRows('workflows-table').count(), 12);
  assert.deepEqual(await server.requests(), [], 'filtering sends nothing');
});

test('6. an older version opens in one click; the workflow page reads each of its data once', async () => {
  const invoice = rows('workflows-table').filter({ has: page.getByRole('link', { name: 'Invoice Approval' }) });
  await invoice.getByRole('link', { name: 'Invoice Approval version 2' }).click();
  await page.getByRole('heading', { name: 'Invoice Approval · v2' }).waitFor();
  assert.equal(new URL(page.url()).hash, `#/workflow/${BIG_WORKFLOW}/2`);
  await page.goBack();
  await rows('workflows-table').first().waitFor(); // the list read again, before the log is cleared
  await server.reset();
  await invoice.getByRole('link', { name: 'Invoice Approval', exact: true }).click();
  await page.getByRole('heading', { name: 'Invoice Approval · v3' }).waitFor();
  assert.equal(new URL(page.url()).hash, `#/workflow/${BIG_WORKFLOW}/3`);
  await page.locator('#workflow-status').getByText('ACTIVE').waitFor();
  await page.locator('#steps .steps').getByText('Request approval in Teams').waitFor();
  await page.locator('#steps').getByText('step_4 → step_5').waitFor();
  await page.locator('#integrations').getByText('"teams_webhook"').waitFor();
  await page.locator('#schema').getByText('"$schema"').waitFor();
  await rows('history-table').first().waitFor(); // history, paged
  assert.equal(await rows('history-table').count(), 10);
  assert.equal(await page.locator('#schedule').count(), 0, 'no schedule switch on an unscheduled workflow');
  await assertReadableStates(10);
  await page.waitForTimeout(500);
  const { counts, repeated } = tally(await server.requests());
  assert.deepEqual(counts, { getWorkflowById: 1, getWorkflowSchemaById: 1, getWorkflowExecutionHistory: 1 });
  assert.deepEqual(repeated, []);
});

test('6b. the workflow page draws the steps as a top-down graph with a branch, a join and condition labels', async () => {
  const graph = page.getByRole('img', { name: /^Graph of the workflow: 7 steps and 7 connections, drawn top-down/ });
  await graph.waitFor();
  assert.equal(await page.locator('#workflow-graph .node').count(), 7);
  assert.equal(await page.locator('#workflow-graph .edge').count(), 7);
  assert.equal(
    await node('workflow-graph', 'step_6')
      .locator('.node-name')
      .allTextContents()
      .then((t) => t.join(' ')),
    'Notify rejection',
  );
  assert.equal(await node('workflow-graph', 'step_4').locator('.node-type').textContent(), 'approval');
  const label = (from, to) => page.locator(`#workflow-graph .edge[data-from="${from}"][data-to="${to}"] .edge-label`);
  assert.equal(await label('step_4', 'step_5').textContent(), 'approved');
  assert.equal(await label('step_4', 'step_6').textContent(), 'rejected');
  assert.equal(await label('step_1', 'step_2').count(), 0);
  // Top-down: every edge goes from a higher box to a lower one; the branches sit side by side.
  const ids = ['step_1', 'step_2', 'step_3', 'step_4', 'step_5', 'step_6', 'step_7'];
  const boxes = Object.fromEntries(
    await Promise.all(ids.map(async (id) => [id, await node('workflow-graph', id).boundingBox()])),
  );
  const edges = await page
    .locator('#workflow-graph .edge')
    .evaluateAll((es) => es.map((e) => [e.dataset.from, e.dataset.to]));
  for (const [from, to] of edges) assert.ok(boxes[from].y + boxes[from].height <= boxes[to].y, `${from} above ${to}`);
  assert.equal(boxes.step_5.y, boxes.step_6.y);
  assert.ok(boxes.step_5.x + boxes.step_5.width <= boxes.step_6.x, 'approved branch left of the rejected one');
  await shotOf('#steps', '15-workflow-graph.png');
});

test('7. Trigger refuses invalid JSON, then opens the new execution and follows it live until it waits', async () => {
  const editor = page.getByLabel('Payload (JSON object)');
  const triggers = () => callsTo('/triggerworkflow/');
  await editor.fill('');
  await editor.pressSequentially('{"invoice_number": "INV-E2E-1", "amount": 99.5,}');
  await page.getByRole('button', { name: 'Trigger' }).click();
  await page
    .locator('#trigger-payload-error')
    .getByText(/^Invalid JSON: /)
    .waitFor();
  assert.equal(await editor.getAttribute('aria-invalid'), 'true');
  await shot('07-workflow-invalid-json.png');
  assert.equal((await triggers()).length, 0, 'invalid JSON sends nothing');

  const workflowReads = (await callsTo('getWorkflowById')).length;
  await editor.fill('');
  await editor.pressSequentially('{"invoice_number": "INV-E2E-1", "amount": 99.5}');
  assert.equal(await page.locator('#trigger-payload-error').textContent(), '', 'typing clears the error');
  await page.getByRole('button', { name: 'Trigger' }).click();
  // The new execution's page opens by itself.
  await page.waitForFunction(() => location.hash.startsWith('#/execution/'));
  const [, workflowId, executionId] = new URL(page.url()).hash.split('/').slice(1);
  assert.equal(decodeURIComponent(workflowId), BIG_WORKFLOW);
  triggeredId = decodeURIComponent(executionId);
  assert.match(triggeredId, /^[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name: `Execution ${triggeredId.slice(0, 8)}` }).waitFor();
  const sent = await triggers();
  assert.equal(sent.length, 1);
  assert.deepEqual(JSON.parse(sent[0].body), { invoice_number: 'INV-E2E-1', amount: 99.5 });

  const first = await state().textContent();
  assert.ok(['Started', 'Processing'].includes(first), `still moving when opened (${first})`);
  assert.ok(['start_state', 'processing_state'].includes(await state().getAttribute('title')));
  await page
    .locator('#live-indicator')
    .getByText(/^Live: refreshing/)
    .waitFor();
  await page.locator('#input').getByText('"INV-E2E-1"').waitFor();
  // The graph marks the step it runs; its steps come with the execution (no getWorkflowById).
  await page.locator('#execution-graph .node[data-state="current"]').waitFor();
  assert.equal(await page.locator('#execution-graph .node').count(), 7);
  assert.equal((await callsTo('getWorkflowById')).length, workflowReads, 'the graph needs no second read');

  // Leave while it moves: no more reads of it.
  await nav('Executions').click();
  await rows('executions-table').first().waitFor();
  const reads = () => callsTo('getWorkflowExecutionById', { workflow_execution_id: triggeredId });
  const readsWhenLeft = (await reads()).length;
  await page.waitForTimeout(2500); // more than two polling periods
  assert.equal((await reads()).length, readsWhenLeft, 'no polling after leaving the view');

  // Organization executions: newest first (the new one on top), paged, states in words.
  assert.equal(await rows('executions-table').count(), 15);
  assert.equal(await rows('executions-table').first().getAttribute('data-execution-id'), triggeredId);
  await assertReadableStates(15);
  await page.getByRole('button', { name: 'Load more' }).click();
  await rows('executions-table').nth(29).waitFor();
  await shot('08-organization-executions.png');

  // Back to the execution: it refreshes by itself until it waits for a response.
  await page.goBack();
  await state().getByText('Waiting for response').waitFor();
  await page
    .locator('#live-indicator')
    .getByText(/^Waiting for a response/)
    .waitFor();
  await page.locator('#events').getByText('Waiting for a response from TEAMS').waitFor();
  await untilStates('step_1:done step_2:done step_3:done step_4:waiting step_5:notrun step_6:notrun step_7:notrun');
  assert.equal(await node('execution-graph', 'step_4').locator('.node-type').textContent(), 'approval · waiting');
  await assertReadableStates(4); // the summary and the event log
  await shot('09-execution-waiting.png');
});

test('8. resumes the waiting execution with source TEAMS; it follows to completion', async () => {
  const form = page.locator('#resume-form');
  await form.getByLabel('Source').selectOption('TEAMS');
  const payload = form.getByLabel('Payload (JSON object)');
  await payload.fill('');
  await payload.pressSequentially('{"approved": true, "comment": "LGTM from e2e"}');
  await form.getByRole('button', { name: 'Resume' }).click();
  await state()
    .getByText(/^(Resumed|Completed)$/)
    .waitFor();
  await state().getByText('Completed').waitFor();
  assert.equal(await state().getAttribute('title'), 'completed_state');
  await page
    .locator('#live-indicator')
    .getByText(/^Final state/)
    .waitFor();
  await page.locator('#events').getByText('Resumed by TEAMS').waitFor();
  assert.equal(await page.locator('#resume-form').count(), 0, 'no resume form once completed');
  const [resume] = await callsTo(`/resumeworkflow/${triggeredId}`);
  assert.deepEqual(JSON.parse(resume.body), { approved: true, comment: 'LGTM from e2e', source: 'TEAMS' });
  await untilStates('step_1:done step_2:done step_3:done step_4:done step_5:done step_6:notrun step_7:done');
  const taken = (from, to) =>
    page
      .locator(`#execution-graph .edge[data-from="${from}"][data-to="${to}"]`)
      .evaluate((e) => e.classList.contains('edge-taken'));
  assert.ok(await taken('step_4', 'step_5'));
  assert.ok(!(await taken('step_4', 'step_6')));
  await assertReadableStates(6);
  await shot('10-execution-completed.png');
});

test('9. a new execution is read once on opening, then followed live without reloading; rejected after a resume', async () => {
  await page.goto(`${baseUrl}/#/workflow/${BIG_WORKFLOW}/3`);
  await page.getByRole('heading', { name: 'Invoice Approval · v3' }).waitFor();
  const navigations = [];
  page.on('framenavigated', (f) => navigations.push(f.url()));
  await page.getByRole('button', { name: 'Trigger' }).click();
  await page.locator('#execution-graph').waitFor();
  const id = decodeURIComponent(new URL(page.url()).hash.split('/').at(-1));
  navigations.length = 0; // the hash change that opened it
  // The server moves every 1.5 s; the page polls every second, so it shows each state.
  await untilStates('step_1:done step_2:done step_3:current step_4:notrun step_5:notrun step_6:notrun step_7:notrun');
  assert.equal(await node('execution-graph', 'step_3').locator('.node-type').textContent(), 'transform · running');
  await shotOf('#graph', '11-execution-graph-running.png');
  await untilStates('step_1:done step_2:done step_3:done step_4:waiting step_5:notrun step_6:notrun step_7:notrun');
  assert.deepEqual(navigations, [], 'updated in place, without reloading');
  const readsOf = () => callsTo('getWorkflowExecutionById', { workflow_execution_id: id });
  const reads = await readsOf();
  assert.ok(reads.length >= 3, `polled (${reads.length} reads)`);
  // Opened with one read: the next comes a polling period later, not at once (a second read
  // at opening was the old bug).
  assert.ok(reads[1].time - reads[0].time >= 800, `reads ${reads[1].time - reads[0].time} ms apart at opening`);
  await page.waitForTimeout(2200);
  assert.equal((await readsOf()).length, reads.length, 'no polling while waiting');

  const form = page.locator('#resume-form');
  await form.getByLabel('Payload (JSON object)').fill('{"approved": false, "comment": "Rejected in e2e"}');
  await form.getByRole('button', { name: 'Resume' }).click();
  await untilStates('step_1:done step_2:done step_3:done step_4:done step_5:notrun step_6:done step_7:done');
  await state().getByText('Completed').waitFor();
  assert.ok(
    await page
      .locator('#execution-graph .edge[data-from="step_4"][data-to="step_6"]')
      .evaluate((e) => e.classList.contains('edge-taken')),
  );
  await shotOf('#graph', '12-execution-graph-rejected.png');
});

test('10. a failed execution marks its failed step by colour, icon and word; a settled execution is read once', async () => {
  await nav('Executions').click();
  const failed = rows('executions-table')
    .filter({ has: page.locator('.badge[data-state="failed_state"]') })
    .filter({ hasText: 'Invoice Approval' })
    .first();
  await failed.waitFor();
  assert.equal(await failed.locator('.badge[data-state]').textContent(), 'Failed');
  const id = await failed.getAttribute('data-execution-id');
  await server.reset();
  await failed.getByRole('link').click();
  await state().getByText('Failed').waitFor();
  await untilStates('step_1:done step_2:failed step_3:notrun step_4:notrun step_5:notrun step_6:notrun step_7:notrun');
  const failedNode = node('execution-graph', 'step_2');
  assert.equal(await failedNode.locator('.node-type').textContent(), 'http · failed');
  assert.equal(await failedNode.locator('path.node-icon-glyph').count(), 1, 'an icon shape too');
  const fill = (step) =>
    node('execution-graph', step)
      .locator('rect')
      .evaluate((r) => getComputedStyle(r).fill);
  const fills = new Set([await fill('step_1'), await fill('step_2'), await fill('step_3')]);
  assert.equal(fills.size, 3, 'done, failed and not run differ in colour');
  await page.locator('.legend').getByText('failed').waitFor();
  const item = page.locator('#execution-graph-text li', { hasText: /^Fetch invoice from SAP/ });
  assert.equal(await item.textContent(), 'Fetch invoice from SAP (http), failed. Leads to Normalize payload.');
  await assertReadableStates(3);
  await page.waitForTimeout(1500);
  assert.deepEqual(tally(await server.requests()).counts, { getWorkflowExecutionById: 1 }, 'read once, not followed');
  assert.equal((await callsTo('getWorkflowExecutionById', { workflow_execution_id: id })).length, 1);
  await shotOf('#graph', '13-execution-graph-failed.png');
});

test('11. each view opens with one request for each of its data, none twice', async () => {
  const executions = SEEDED_EXECUTIONS + 2; // with the two triggered above
  const views = [
    ['#/overview', '#per-day-chart', { getOrganizationExecutions: Math.ceil(executions / 30) }],
    ['#/workflows', '#workflows-table tbody tr', { getOrganizationWorkflows: 1 }],
    [
      `#/workflow/${BIG_WORKFLOW}/3`,
      '#history-table tbody tr',
      { getWorkflowById: 1, getWorkflowSchemaById: 1, getWorkflowExecutionHistory: 1 },
    ],
    ['#/executions', '#executions-table tbody tr', { getOrganizationExecutions: 1 }],
    [`#/execution/${BIG_WORKFLOW}/${triggeredId}`, '#execution-graph', { getWorkflowExecutionById: 1 }],
    [`#/execution/${BIG_WORKFLOW}/${WAITING}`, '#resume-form', { getWorkflowExecutionById: 1 }],
  ];
  for (const [hash, ready, expected] of views) {
    // From a page that reads nothing, so that the log holds only the view's requests.
    await page.goto(`${baseUrl}/#/nowhere`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await server.reset();
    await page.goto(`${baseUrl}/${hash}`);
    await page.locator(ready).first().waitFor();
    await page.waitForTimeout(1200); // a late duplicate, or a poll of a settled execution, would show
    const { counts, repeated } = tally(await server.requests());
    assert.deepEqual(counts, expected, hash);
    assert.deepEqual(repeated, [], hash);
  }
});

test('12. pauses and plays the scheduled workflow; the list shows the paused schedule', async () => {
  await nav('Workflows').click();
  const row = rows('workflows-table').filter({ has: page.locator('.schedule-badge') });
  await row.getByRole('link', { name: 'Nightly SAP Export', exact: true }).click();
  await page.getByRole('heading', { name: 'Nightly SAP Export · v2' }).waitFor();
  assert.equal(new URL(page.url()).hash, `#/workflow/${SCHEDULED_WORKFLOW}/2`);

  const toggle = page.getByRole('switch', { name: 'Schedule' });
  const status = page.locator('#workflow-status');
  await status.getByText('ACTIVE').waitFor();
  assert.equal(await toggle.getAttribute('aria-checked'), 'true');
  await toggle.click();
  await status.getByText('PAUSED').waitFor();
  assert.equal(await toggle.getAttribute('aria-checked'), 'false');
  assert.equal(await page.locator('#schedule-state').textContent(), 'Paused');

  // The service keeps it: a reload shows the paused schedule, and so does the list.
  await page.reload();
  await page.locator('#workflow-status').getByText('PAUSED').waitFor();
  assert.equal(await toggle.getAttribute('aria-checked'), 'false');
  await shot('14-workflow-schedule-paused.png');
  await nav('Workflows').click();
  await page.locator('#workflows-table .schedule-badge').getByText('Schedule paused').waitFor();
  await page.goBack();

  // Play it again, with the keyboard this time.
  await page.locator('#workflow-status').getByText('PAUSED').waitFor();
  await toggle.focus();
  await page.keyboard.press('Enter');
  await status.getByText('ACTIVE').waitFor();
  assert.equal(await toggle.getAttribute('aria-checked'), 'true');
  assert.deepEqual(
    (await callsTo('toggleScheduledWorkflow')).map((r) => JSON.parse(r.body).action),
    ['PAUSE', 'PLAY'],
  );
});

test('13. the connection bar is one slim line that opens to edit; a wrong key shows PermissionDeniedError', async () => {
  await nav('Workflows').click();
  await rows('workflows-table').first().waitFor();
  const bar = page.locator('#connection-bar');
  const form = page.locator('#connection');
  const edit = bar.getByRole('button', { name: 'Edit' });
  const height = async (selector) => (await page.locator(selector).boundingBox()).height;
  assert.ok((await height('#connection-bar')) < 60, `the bar is slim (${await height('#connection-bar')} px)`);
  assert.ok((await height('header.top')) < 60, `the whole header too (${await height('header.top')} px)`);
  assert.equal(await bar.locator('#connection-url').textContent(), `${baseUrl}/v1`);
  await bar.getByText('demo key · accepted').waitFor();
  assert.ok(await form.isHidden(), 'the form opens only to edit');
  assert.equal(await edit.getAttribute('aria-expanded'), 'false');

  // Escape closes it unchanged: nothing is sent.
  await edit.click();
  assert.ok(await form.isVisible());
  assert.equal(await bar.getByRole('button', { name: 'Close' }).getAttribute('aria-expanded'), 'true');
  await server.reset();
  await page.getByLabel('Base URL').fill('http://example.invalid/v1');
  await page.keyboard.press('Escape');
  assert.ok(await form.isHidden());
  assert.equal(await page.getByLabel('Base URL').inputValue(), `${baseUrl}/v1`);
  assert.deepEqual(await server.requests(), []);

  await provoking(async () => {
    await edit.click();
    const apiKey = page.getByLabel('API key');
    await apiKey.fill('not-the-demo-key');
    await apiKey.press('Enter');
    assert.ok(await form.isHidden(), 'closed again once connected');
    const box = page.locator('.error-box');
    await box.waitFor();
    assert.equal(await box.locator('.error-name').textContent(), 'PermissionDeniedError');
    assert.equal(await box.locator('.error-status').textContent(), '403');
    const message = await box.locator('.error-message').textContent();
    assert.match(message, /^Forbidden\b/);
    const requestId = await box.locator('.error-request-id').textContent();
    assert.match(requestId, /^[0-9a-f-]{36}$/);
    await page
      .locator('#status')
      .getByText(`PermissionDeniedError · HTTP 403 · ${message} · request id ${requestId}`)
      .waitFor();
    await bar.getByText('key …-key · rejected (HTTP 403)').waitFor();
    assert.equal(await bar.getAttribute('data-key'), 'rejected');
    assert.ok((await height('header.top')) < 60, `a longer status keeps one line (${await height('header.top')} px)`);
    assert.equal(await rows('workflows-table').count(), 0);
    await shot('16-error-permission-denied.png');
    // "Try again" keeps failing with the wrong key, and the page stays usable.
    await page.getByRole('button', { name: 'Try again' }).click();
    await box.locator('.error-request-id').filter({ hasNotText: requestId }).waitFor();
  });

  await edit.click();
  await shot('17-connection-editing.png');
  await page.getByLabel('API key').fill('looply-demo-key');
  await page.getByRole('button', { name: 'Connect' }).click();
  await rows('workflows-table').nth(11).waitFor();
  assert.equal(await page.locator('.error-box').count(), 0);
  await bar.getByText('demo key · accepted').waitFor();
});

test('14. phone width: the views stay readable', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  const noSideScroll = async (what) => {
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, `${what}: no horizontal scroll (${overflow}px)`);
  };
  await page.goto(`${baseUrl}/#/overview`);
  await page.locator('#per-day-chart').waitFor();
  await noSideScroll('overview');
  const bar = await page.locator('#connection-bar').boundingBox();
  assert.ok(bar.height < 60, `the connection bar stays one line (${bar.height} px)`);
  await shot('18-phone-overview.png');
  await page.goto(`${baseUrl}/#/workflows`);
  await rows('workflows-table').nth(11).waitFor();
  await noSideScroll('workflows');
  await shot('19-phone-workflows-list.png');
  await page.goto(`${baseUrl}/#/workflow/${BIG_WORKFLOW}/3`);
  const graph = page.locator('#workflow-graph svg');
  await graph.waitFor();
  const fit = await graph.evaluate((svg) => ({
    shown: svg.getBoundingClientRect().width,
    natural: svg.viewBox.baseVal.width,
    view: innerWidth,
  }));
  assert.ok(fit.shown <= fit.view - 32, `the graph fits the phone (${fit.shown}px of ${fit.view}px)`);
  assert.ok(fit.shown / fit.natural >= 0.75, `scaled to at least 3/4 (${(fit.shown / fit.natural).toFixed(2)})`);
  await noSideScroll('workflow');
  await shotOf('#steps', '20-phone-workflow-graph.png');
  await page.goto(`${baseUrl}/#/execution/${BIG_WORKFLOW}/${triggeredId}`);
  await state().getByText('Completed').waitFor();
  await shot('21-phone-execution-detail.png');
});

test('no uncaught errors, and no console errors but those of the provoked failures', () => {
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
});
