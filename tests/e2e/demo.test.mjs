// End-to-end test of the demo page (www/) in headless Chromium, against the real
// `make demo` server. It acts as a user: clicks, typing and the keyboard; the only
// look behind the page is the server's request log (/__control/requests), to check
// what was or was not sent.
import { test, before, after } from 'node:test';
import { CHROMIUM_LAUNCH } from '../../scripts/chromium.mjs';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(ROOT, 'test-results/demo');
const BUILD_TIMEOUT_MS = 150_000;
const UI_TIMEOUT_MS = 15_000; // one view or one state change; the server moves every 1.5 s

const BIG_WORKFLOW = '03749c72-c6a6-4bc8-9aea-d81b9130e24a'; // "Invoice Approval", has a TEAMS approval step
const SCHEDULED_WORKFLOW = '2825a10c-3952-4b84-9c53-cc01c149d7ef'; // "Nightly SAP Export" v2

let server; // the `make demo` process (leader of its own process group)
let serverOutput = '';
let baseUrl; // http://127.0.0.1:PORT
let tmp;
let browser;
let page;
let triggeredId; // the execution started in test 3, followed by tests 4 and 5
const pageErrors = []; // uncaught exceptions in the page

/** Starts `make demo` on a free port with a fresh data file; resolves with the page URL. */
function startDemo(dataFile) {
  server = spawn('make', ['-C', ROOT, 'demo', 'DEMO_PORT=0', `DEMO_DATA=${dataFile}`], {
    detached: true, // its own process group: after() kills make and the server together
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`make demo printed no URL in ${BUILD_TIMEOUT_MS} ms:\n${serverOutput}`)),
      BUILD_TIMEOUT_MS,
    );
    const onData = (chunk) => {
      serverOutput += chunk;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(serverOutput);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m[1]);
      }
    };
    server.stdout.setEncoding('utf8').on('data', onData);
    server.stderr.setEncoding('utf8').on('data', (c) => {
      serverOutput += c;
    });
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`make demo exited (${code}):\n${serverOutput}`));
    });
  });
}

// If this process dies early (Ctrl-C, a crash), take the server's process group with it.
const killGroupNow = () => {
  try {
    if (server?.exitCode === null) process.kill(-server.pid, 'SIGTERM');
  } catch {
    /* gone */
  }
};
process.once('exit', killGroupNow);
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    killGroupNow();
    process.exit(130);
  });

async function stopDemo() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((r) => server.once('exit', r));
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

/** API requests the server has seen whose path contains `part`. */
async function requestsTo(part) {
  const all = await (await fetch(`${baseUrl}/__control/requests`)).json();
  return all.filter((r) => r.path.includes(part));
}

/** Requests to the endpoint `name` whose query has these values. */
const callsTo = async (name, query) =>
  (await requestsTo(name)).filter((r) => Object.entries(query).every(([k, v]) => r.query[k] === String(v)));
const shot = (name) => page.screenshot({ path: join(SHOTS, name), fullPage: true });
const shotOf = (selector, name) => page.locator(selector).screenshot({ path: join(SHOTS, name) });
const rows = (tableId) => page.locator(`#${tableId} tbody tr`);
const state = () => page.locator('#execution-state');
const node = (graph, stepId) => page.locator(`#${graph} .node[data-step-id="${stepId}"]`);
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

before(
  async () => {
    tmp = await mkdtemp(join(tmpdir(), 'looply-demo-e2e-'));
    await mkdir(SHOTS, { recursive: true });
    baseUrl = await startDemo(join(tmp, 'demo-data.json'));
    browser = await chromium.launch(CHROMIUM_LAUNCH);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    page.on('pageerror', (e) => pageErrors.push(e.message));
  },
  { timeout: BUILD_TIMEOUT_MS + 30_000 },
);

after(async () => {
  await browser?.close();
  await stopDemo();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('1. lists workflows and loads the next page only when asked', async () => {
  await page.goto(`${baseUrl}/`);
  await page.getByRole('heading', { name: 'Workflows', level: 2 }).waitFor();
  await rows('workflows-table').nth(11).waitFor();
  assert.equal(await rows('workflows-table').count(), 12);
  // Each row: name (a link), version, status, latest.
  const first = rows('workflows-table').first();
  assert.equal(await first.getByRole('link').textContent(), 'Invoice Approval');
  assert.equal(await first.locator('td[data-label="Version"]').textContent(), '1');
  assert.equal(await first.locator('td[data-label="Status"]').textContent(), 'INACTIVE');
  assert.equal(await first.locator('td[data-label="Latest"]').textContent(), 'no');
  assert.equal((await requestsTo('getOrganizationWorkflows')).length, 1, 'one page fetched before "Load more"');

  await page.getByRole('button', { name: 'Load more' }).click();
  await rows('workflows-table').nth(23).waitFor();
  assert.equal(await rows('workflows-table').count(), 24);
  const fetched = await requestsTo('getOrganizationWorkflows');
  assert.equal(fetched.length, 2);
  assert.equal(fetched[1].query.limit, '12');
  assert.ok(fetched[1].query.workflow_id, 'the second page passes the cursor');
  await shot('01-workflows-list.png');
});

test('2. opens a workflow and shows its details', async () => {
  const row = rows('workflows-table')
    .filter({ has: page.locator('td[data-label="Version"]', { hasText: /^3$/ }) })
    .filter({ has: page.getByRole('link', { name: 'Invoice Approval' }) });
  await row.getByRole('link').click();
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
});

test('2b. the workflow page draws the steps as a top-down graph with a branch, a join and condition labels', async () => {
  const graph = page.getByRole('img', { name: /^Graph of the workflow: 7 steps and 7 connections, drawn top-down/ });
  await graph.waitFor();
  // Nodes = steps (name and type), edges = connections.
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
  // Condition labels on the two edges out of the approval, none on a plain edge.
  const label = (from, to) => page.locator(`#workflow-graph .edge[data-from="${from}"][data-to="${to}"] .edge-label`);
  assert.equal(await label('step_4', 'step_5').textContent(), 'approved');
  assert.equal(await label('step_4', 'step_6').textContent(), 'rejected');
  assert.equal(await label('step_1', 'step_2').count(), 0);
  // Top-down: every edge goes from a higher box to a lower one; the branches sit side by side
  // and join at "Finish" below both.
  const box = async (id) => node('workflow-graph', id).boundingBox();
  const boxes = Object.fromEntries(
    await Promise.all(
      ['step_1', 'step_2', 'step_3', 'step_4', 'step_5', 'step_6', 'step_7'].map(async (id) => [id, await box(id)]),
    ),
  );
  const edges = await page
    .locator('#workflow-graph .edge')
    .evaluateAll((es) => es.map((e) => [e.dataset.from, e.dataset.to]));
  for (const [from, to] of edges) assert.ok(boxes[from].y + boxes[from].height <= boxes[to].y, `${from} above ${to}`);
  assert.equal(boxes.step_5.y, boxes.step_6.y);
  assert.ok(
    boxes.step_5.x + boxes.step_5.width <= boxes.step_6.x,
    'approved branch left of the rejected one, no overlap',
  );
  await shotOf('#steps', '11-workflow-graph.png');
});

test('3. refuses invalid JSON, then triggers the workflow and shows the execution in its history', async () => {
  const editor = page.getByLabel('Payload (JSON object)');
  const triggers = () => requestsTo('/triggerworkflow/');
  await editor.fill('');
  await editor.pressSequentially('{"invoice_number": "INV-E2E-1", "amount": 99.5,}');
  await page.getByRole('button', { name: 'Trigger' }).click();
  await page
    .locator('#trigger-payload-error')
    .getByText(/^Invalid JSON: /)
    .waitFor();
  assert.equal(await editor.getAttribute('aria-invalid'), 'true');
  await shot('03-workflow-invalid-json.png');
  assert.equal((await triggers()).length, 0, 'invalid JSON sends nothing');

  await editor.fill('');
  await editor.pressSequentially('{"invoice_number": "INV-E2E-1", "amount": 99.5}');
  assert.equal(await page.locator('#trigger-payload-error').textContent(), '', 'typing clears the error');
  await page.getByRole('button', { name: 'Trigger' }).click();
  const started = page.locator('#trigger-result').getByRole('link');
  await started.waitFor();
  triggeredId = await started.textContent();
  assert.match(triggeredId, /^[0-9a-f-]{36}$/);
  const sent = await triggers();
  assert.equal(sent.length, 1);
  assert.deepEqual(JSON.parse(sent[0].body), { invoice_number: 'INV-E2E-1', amount: 99.5 });
  // The history reloads: the new execution comes first.
  await page.locator(`#history-table tbody tr[data-execution-id="${triggeredId}"]`).waitFor();
  assert.equal(await rows('history-table').first().getAttribute('data-execution-id'), triggeredId);
  await shot('02-workflow-detail.png');
});

test('4. follows the execution while it moves; polling stops when leaving the view', async () => {
  const workflowReads = () =>
    callsTo('getWorkflowById', { workflow_id: BIG_WORKFLOW, workflow_version: 3 }).then((r) => r.length);
  const workflowReadsBefore = await workflowReads();
  await page.locator('#trigger-result').getByRole('link').click();
  await page.getByRole('heading', { name: `Execution ${triggeredId.slice(0, 8)}` }).waitFor();
  const firstState = await state().textContent();
  assert.ok(['start_state', 'processing_state'].includes(firstState), `still moving when opened (${firstState})`);
  await page
    .locator('#live-indicator')
    .getByText(/^Live: refreshing/)
    .waitFor();
  await page.locator('#input').getByText('"INV-E2E-1"').waitFor();
  // The graph of its version (read once with getWorkflowById) marks the step it runs.
  await page.locator('#execution-graph .node[data-state="current"]').waitFor();
  assert.equal(await page.locator('#execution-graph .node').count(), 7);
  assert.equal(await workflowReads(), workflowReadsBefore + 1, 'the version read once for the graph');

  // Leave while it moves: no more reads of it.
  await page.getByRole('link', { name: 'Executions', exact: true }).click();
  await rows('executions-table').first().waitFor();
  const reads = () => requestsTo('getWorkflowExecutionById').then((r) => r.length);
  const readsWhenLeft = await reads();
  await page.waitForTimeout(2500); // more than two polling periods
  assert.equal(await reads(), readsWhenLeft, 'no polling after leaving the view');

  // Organization executions: newest first, paged.
  assert.equal(await rows('executions-table').count(), 15);
  assert.equal(await rows('executions-table').first().getAttribute('data-execution-id'), triggeredId);
  await page.getByRole('button', { name: 'Load more' }).click();
  await rows('executions-table').nth(29).waitFor();
  await shot('04-organization-executions.png');

  // Back to the execution: it refreshes until it waits for a response.
  await page.goBack();
  await state().getByText('wait_for_response_state').waitFor();
  await page
    .locator('#live-indicator')
    .getByText(/^Waiting for a response/)
    .waitFor();
  await page.locator('#events').getByText('Waiting for a response from TEAMS').waitFor();
  await untilStates('step_1:done step_2:done step_3:done step_4:waiting step_5:notrun step_6:notrun step_7:notrun');
  assert.equal(
    await node('execution-graph', 'step_4').locator('.node-type').textContent(),
    'approval · waiting',
    'a word, not colour alone',
  );
  await shot('05-execution-detail-waiting.png');
});

test('5. resumes the waiting execution with source TEAMS', async () => {
  const form = page.locator('#resume-form');
  await form.getByLabel('Source').selectOption('TEAMS');
  const payload = form.getByLabel('Payload (JSON object)');
  await payload.fill('');
  await payload.pressSequentially('{"approved": true, "comment": "LGTM from e2e"}');
  await form.getByRole('button', { name: 'Resume' }).click();
  await state()
    .getByText(/^(resumed_state|completed_state)$/)
    .waitFor();
  await state().getByText('completed_state').waitFor();
  await page
    .locator('#live-indicator')
    .getByText(/^Final state/)
    .waitFor();
  await page.locator('#events').getByText('Resumed by TEAMS').waitFor();
  assert.equal(await page.locator('#resume-form').count(), 0, 'no resume form once completed');
  const [resume] = await requestsTo(`/resumeworkflow/${triggeredId}`);
  assert.deepEqual(JSON.parse(resume.body), { approved: true, comment: 'LGTM from e2e', source: 'TEAMS' });
  // The approved branch was taken; the rejection step did not run.
  await untilStates('step_1:done step_2:done step_3:done step_4:done step_5:done step_6:notrun step_7:done');
  assert.ok(
    await page
      .locator('#execution-graph .edge[data-from="step_4"][data-to="step_5"]')
      .evaluate((e) => e.classList.contains('edge-taken')),
  );
  assert.ok(
    !(await page
      .locator('#execution-graph .edge[data-from="step_4"][data-to="step_6"]')
      .evaluate((e) => e.classList.contains('edge-taken'))),
  );
  await shot('06-execution-detail-completed.png');
});

test('5b. the execution graph follows a new execution live, then the rejected branch after a resume', async () => {
  await page.goto(`${baseUrl}/#/workflow/${BIG_WORKFLOW}/3`);
  await page.getByRole('button', { name: 'Trigger' }).click();
  const started = page.locator('#trigger-result').getByRole('link');
  await started.waitFor();
  const id = await started.textContent();
  await started.click();
  await page.locator('#execution-graph').waitFor();
  const navigations = [];
  page.on('framenavigated', (f) => navigations.push(f.url()));
  // The server moves every 1.5 s; the page polls through waitForExecution every second, so it
  // shows each state: running the third step, then waiting on the approval.
  await untilStates('step_1:done step_2:done step_3:current step_4:notrun step_5:notrun step_6:notrun step_7:notrun');
  assert.equal(await node('execution-graph', 'step_3').locator('.node-type').textContent(), 'transform · running');
  await shotOf('#graph', '12-execution-graph-running.png');
  await untilStates('step_1:done step_2:done step_3:done step_4:waiting step_5:notrun step_6:notrun step_7:notrun');
  assert.deepEqual(navigations, [], 'updated in place, without reloading');
  const readsOf = () => callsTo('getWorkflowExecutionById', { workflow_execution_id: id });
  const reads = await readsOf();
  assert.ok(reads.length >= 3, `polled (${reads.length} reads)`);
  // Settled: no more polling while it waits.
  await page.waitForTimeout(2200);
  assert.equal((await readsOf()).length, reads.length, 'no polling while waiting');

  const form = page.locator('#resume-form');
  await form.getByLabel('Payload (JSON object)').fill('{"approved": false, "comment": "Rejected in e2e"}');
  await form.getByRole('button', { name: 'Resume' }).click();
  await untilStates('step_1:done step_2:done step_3:done step_4:done step_5:notrun step_6:done step_7:done');
  await state().getByText('completed_state').waitFor();
  assert.ok(
    await page
      .locator('#execution-graph .edge[data-from="step_4"][data-to="step_6"]')
      .evaluate((e) => e.classList.contains('edge-taken')),
  );
  await shotOf('#graph', '13-execution-graph-rejected.png');
});

test('5c. a failed execution marks its failed step by colour, icon and word; a settled execution is not polled', async () => {
  await page.getByRole('link', { name: 'Executions', exact: true }).click();
  const failed = rows('executions-table')
    .filter({ hasText: 'failed_state' })
    .filter({ hasText: 'Invoice Approval' })
    .first();
  await failed.waitFor();
  const id = await failed.getAttribute('data-execution-id');
  await failed.getByRole('link').click();
  await state().getByText('failed_state').waitFor();
  await untilStates('step_1:done step_2:failed step_3:notrun step_4:notrun step_5:notrun step_6:notrun step_7:notrun');
  const failedNode = node('execution-graph', 'step_2');
  assert.equal(await failedNode.locator('.node-type').textContent(), 'http · failed');
  assert.equal(await failedNode.locator('path.node-icon-glyph').count(), 1, 'an icon shape too');
  const fill = (id) =>
    node('execution-graph', id)
      .locator('rect')
      .evaluate((r) => getComputedStyle(r).fill);
  const fills = new Set([await fill('step_1'), await fill('step_2'), await fill('step_3')]);
  assert.equal(fills.size, 3, 'done, failed and not run differ in colour');
  await page.locator('.legend').getByText('failed').waitFor();
  // The text alternative says the same.
  const item = page.locator('#execution-graph-text li', { hasText: /^Fetch invoice from SAP/ });
  assert.equal(await item.textContent(), 'Fetch invoice from SAP (http), failed. Leads to Normalize payload.');
  await page.waitForTimeout(1500);
  assert.equal(
    (await callsTo('getWorkflowExecutionById', { workflow_execution_id: id })).length,
    1,
    'read once, not followed',
  );
  await shotOf('#graph', '14-execution-graph-failed.png');
});

test('6. pauses and plays the scheduled workflow', async () => {
  await page.getByRole('link', { name: 'Workflows', exact: true }).click();
  const link = page.getByRole('link', { name: 'Nightly SAP Export' });
  // Load pages until the workflow shows up, as a user would.
  while ((await link.count()) === 0) {
    await page.getByRole('button', { name: 'Load more' }).click();
    await page
      .getByRole('button', { name: 'Load more' })
      .or(page.getByText(/^All \d+ workflow versions loaded/))
      .first()
      .waitFor();
  }
  await rows('workflows-table')
    .filter({ has: link })
    .filter({ has: page.locator('td[data-label="Latest"]', { hasText: 'latest' }) })
    .getByRole('link')
    .click();
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

  // The service keeps it: a reload shows the paused schedule.
  await page.reload();
  await page.locator('#workflow-status').getByText('PAUSED').waitFor();
  assert.equal(await toggle.getAttribute('aria-checked'), 'false');
  await shot('07-workflow-schedule-paused.png');

  // Play it again, with the keyboard this time.
  await toggle.focus();
  await page.keyboard.press('Enter');
  await status.getByText('ACTIVE').waitFor();
  assert.equal(await toggle.getAttribute('aria-checked'), 'true');
  const toggles = await requestsTo('toggleScheduledWorkflow');
  assert.deepEqual(
    toggles.map((r) => JSON.parse(r.body).action),
    ['PAUSE', 'PLAY'],
  );
});

test('7. a wrong API key shows PermissionDeniedError with its request id; the right key works again', async () => {
  await page.getByRole('link', { name: 'Workflows', exact: true }).click();
  await rows('workflows-table').first().waitFor();
  const apiKey = page.getByLabel('API key');
  await apiKey.fill('not-the-demo-key');
  await apiKey.press('Enter');
  const box = page.locator('.error-box');
  await box.waitFor();
  assert.equal(await box.locator('.error-name').textContent(), 'PermissionDeniedError');
  assert.equal(await box.locator('.error-status').textContent(), '403');
  assert.equal(await box.locator('.error-message').textContent(), 'Forbidden');
  const requestId = await box.locator('.error-request-id').textContent();
  assert.match(requestId, /^[0-9a-f-]{36}$/);
  await page
    .locator('#status')
    .getByText(`PermissionDeniedError · HTTP 403 · Forbidden · request id ${requestId}`)
    .waitFor();
  assert.equal(await rows('workflows-table').count(), 0);
  await shot('08-error-permission-denied.png');

  // "Try again" keeps failing with the wrong key, and the page stays usable.
  await page.getByRole('button', { name: 'Try again' }).click();
  await box.locator('.error-request-id').filter({ hasNotText: requestId }).waitFor();

  await apiKey.fill('looply-demo-key');
  await page.getByRole('button', { name: 'Connect' }).click();
  await rows('workflows-table').nth(11).waitFor();
  assert.equal(await page.locator('.error-box').count(), 0);
});

test('8. phone width: the views stay readable', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${baseUrl}/#/workflows`);
  await rows('workflows-table').nth(11).waitFor();
  // Table rows turn into cards: no horizontal scrolling.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  assert.ok(overflow <= 0, `no horizontal scroll (${overflow}px)`);
  await shot('09-phone-workflows-list.png');
  await page.goto(`${baseUrl}/#/workflow/${BIG_WORKFLOW}/3`);
  const graph = page.locator('#workflow-graph svg');
  await graph.waitFor();
  const fit = await graph.evaluate((svg) => ({
    shown: svg.getBoundingClientRect().width,
    natural: svg.viewBox.baseVal.width,
    view: innerWidth,
  }));
  assert.ok(fit.shown <= fit.view - 32, `the graph fits the phone (${fit.shown}px of ${fit.view}px)`);
  assert.ok(
    fit.shown / fit.natural >= 0.75,
    `scaled to at least 3/4 (${(fit.shown / fit.natural).toFixed(2)}), so its text stays readable`,
  );
  const pageOverflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  assert.ok(pageOverflow <= 0, `no horizontal scroll (${pageOverflow}px)`);
  await shotOf('#steps', '15-phone-workflow-graph.png');
  await page.goto(`${baseUrl}/#/execution/${BIG_WORKFLOW}/${triggeredId}`);
  await state().getByText('completed_state').waitFor();
  await shot('10-phone-execution-detail.png');
});

test('no uncaught errors in the page', () => {
  assert.deepEqual(pageErrors, []);
});
