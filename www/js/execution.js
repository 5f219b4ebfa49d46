// #/execution/{workflow_id}/{execution_id}: an execution's state, its steps as a graph,
// payloads and logs. Follows a running execution live with the SDK's waitForExecution (no
// polling loop of its own); offers a resume form while it waits for a response.
import {
  el,
  cell,
  badge,
  stateBadge,
  stateLabel,
  timeEl,
  jsonBlock,
  jsonEditor,
  readJsonObject,
  withLoading,
  announce,
  errorBox,
  describeError,
  isAbort,
  shortId,
} from './ui.js';
import { SETTLED_STATES } from 'looply-sdk';
import { workflowHref } from './workflows.js';
import { executionGraphCard } from './execution-graph.js';

export const POLL_MS = 1000;
const WAITING_STATE = 'wait_for_response_state';
// Still moving: not in a state the SDK's waiter stops at (waiting for a resume is one).
const isMoving = (state) => !SETTLED_STATES.includes(state);

const section = (id, title, ...content) =>
  el(
    'section',
    { class: 'card', id, 'aria-labelledby': `${id}-title` },
    el('h3', { id: `${id}-title` }, title),
    ...content,
  );

function summary(x) {
  const name = x.workflow_details?.workflow_name ?? x.workflow_id;
  return el(
    'dl',
    { class: 'meta' },
    [
      ['State', el('span', { id: 'execution-state' }, stateBadge(x.workflow_current_state))],
      ['Trigger type', x.workflow_trigger_type ?? '—'],
      [
        'Workflow',
        el('a', { href: workflowHref(x.workflow_id, x.workflow_version) }, `${name} · v${x.workflow_version}`),
      ],
      ['Started', timeEl(x.created_on)],
      ['Last change', timeEl(x.modified_on)],
      ['Execution id', el('code', {}, x.workflow_execution_id)],
    ].map(([k, v]) => el('div', {}, el('dt', {}, k), el('dd', {}, v))),
  );
}

function eventLog(log) {
  const events = Array.isArray(log?.events) ? log.events : null;
  if (!events) return jsonBlock(log, 'Event log');
  if (!events.length) return el('p', { class: 'muted' }, 'No events yet.');
  return el(
    'ol',
    { class: 'timeline' },
    events.map((ev) =>
      el('li', {}, timeEl(ev.timestamp), ' ', stateBadge(ev.state), ' ', el('span', {}, ev.message ?? '')),
    ),
  );
}

// One-line JSON with spaces, so that it wraps between values.
const compact = (v) =>
  v === null || v === undefined
    ? '—'
    : el('code', { class: 'inline-json' }, JSON.stringify(v, null, 1).replace(/\n\s*/g, ' '));

function condensedLogs(logs) {
  const entries = Object.entries(logs ?? {});
  if (!entries.length) return el('p', { class: 'muted' }, 'No step has run yet.');
  return el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      { class: 'cards', id: 'condensed-logs' },
      el('caption', { class: 'visually-hidden' }, 'Input and output of each step'),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ['Step', 'Type', 'Status', 'Input', 'Output'].map((h) => el('th', { scope: 'col' }, h)),
        ),
      ),
      el(
        'tbody',
        {},
        entries.map(([id, s]) =>
          el(
            'tr',
            {},
            cell('Step', s?.step_name ?? id, ' ', el('code', { class: 'muted' }, id)),
            cell('Type', s?.type ?? '—'),
            cell('Status', badge(s?.status)),
            cell('Input', compact(s?.input)),
            cell('Output', compact(s?.output)),
          ),
        ),
      ),
    ),
  );
}

/** The waiting step's channel (TEAMS or SAP), to preselect the resume source. */
function waitingChannel(x) {
  const waiting = Object.values(x.condensed_logs ?? {}).find((s) => s?.status === 'WAITING');
  return waiting?.input?.channel === 'SAP' ? 'SAP' : 'TEAMS';
}

function resumeForm(x, { client, signal, onResumed }) {
  const source = el(
    'select',
    { id: 'resume-source', name: 'source' },
    ['TEAMS', 'SAP'].map((s) => el('option', { value: s }, s)),
  );
  source.value = waitingChannel(x);
  const editor = jsonEditor(
    'resume-payload',
    'Payload (JSON object)',
    { approved: true, comment: 'Approved in the demo console' },
    'Given to the waiting step; its "source" is the one chosen above. Ctrl+Enter resumes.',
  );
  const submit = el('button', { type: 'submit' }, 'Resume');
  const slot = el('div', { class: 'slot' });
  const form = el(
    'form',
    { id: 'resume-form', 'aria-label': 'Resume the execution', novalidate: true },
    el('div', { class: 'field' }, el('label', { for: 'resume-source' }, 'Source'), source),
    editor.field,
    el('div', { class: 'actions' }, submit),
    slot,
  );
  editor.textarea.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const payload = readJsonObject(editor.textarea, editor.error);
    if (!payload) return; // invalid JSON: nothing is sent
    const res = await withLoading(
      { slot, button: submit, label: 'Resuming', done: `Resumed by ${source.value}.` },
      () =>
        client.resumeWorkflow(
          { process_id: x.workflow_execution_id, payload: { ...payload, source: source.value } },
          { signal },
        ),
    );
    if (res) onResumed();
  });
  return section('resume', 'Resume', el('p', {}, 'This execution waits for a response. Answer it here:'), form);
}

/** Executions this page has just started: opening one waits out a 404 while it becomes readable. */
const justStarted = new Set();
export const markStarted = (executionId) => justStarted.add(executionId);

export function renderExecution(main, [workflowId, executionId], { client, signal }) {
  const ids = { workflow_id: workflowId, workflow_execution_id: executionId };
  const fresh = justStarted.delete(executionId);
  const title = el('h2', { tabindex: -1 }, `Execution ${shortId(executionId)}`);
  const live = el('p', { class: 'live', id: 'live-indicator' });
  const refresh = el('button', { type: 'button', class: 'secondary' }, 'Refresh');
  const slot = el('div', { class: 'slot' });
  const pollError = el('div', { class: 'slot' });
  const body = el('div', { class: 'grid' });
  main.append(
    el('p', { class: 'crumbs' }, el('a', { href: '#/executions' }, '← Executions')),
    el('div', { class: 'view-head' }, title, refresh),
    live,
    slot,
    pollError,
    body,
  );

  let following = null; // the AbortController of the waitForExecution in progress
  let workflow = null; // the version's steps and connections: { item } or { error }
  let readingWorkflow = false;
  let lastSeen = null; // JSON of the last rendering: polls that change nothing redraw nothing
  let lastState;
  let latest; // the execution as last read

  function render(x) {
    const json = JSON.stringify([x, workflow]);
    if (json === lastSeen) return;
    lastSeen = json;
    const waiting = x.workflow_current_state === WAITING_STATE;
    const structureOpen = body.querySelector('#structure details')?.open; // kept across redraws
    body.replaceChildren(
      ...[
        el('section', { class: 'card wide', 'aria-label': 'Summary' }, summary(x)),
        executionGraphCard(x, workflow),
        waiting && resumeForm(x, { client, signal, onResumed: () => load() }),
        section('events', 'Event log', eventLog(x.workflow_event_log)),
        section('logs', 'Condensed logs', condensedLogs(x.condensed_logs)),
        section('input', 'Input payload', jsonBlock(x.workflow_input_payload, 'Input payload')),
        section('output', 'Output payload', jsonBlock(x.workflow_output_payload, 'Output payload')),
        section(
          'structure',
          'Workflow structure',
          el(
            'details',
            {},
            el('summary', {}, 'Steps and connections (JSON)'),
            jsonBlock(x.workflow_details, 'Workflow structure'),
          ),
        ),
      ].filter(Boolean),
    );
    // The graph sits next to the resume form while waiting, else next to the event log.
    if (waiting) body.querySelector('#events').classList.add('wide');
    body.querySelector('#logs').classList.add('wide');
    body.querySelector('#structure').classList.add('wide');
    if (structureOpen) body.querySelector('#structure details').open = true;
  }

  function show(x) {
    const state = x.workflow_current_state;
    latest = x;
    if (!workflow) structureOf(x);
    render(x);
    live.className = `live ${isMoving(state) ? 'moving' : 'still'}`;
    live.textContent = isMoving(state)
      ? 'Live: refreshing while the execution runs.'
      : state === WAITING_STATE
        ? 'Waiting for a response: not refreshing until it is resumed.'
        : 'Final state: not refreshing.';
    if (lastState !== undefined && state !== lastState) announce(`Execution state: ${stateLabel(state)}.`);
    lastState = state;
  }

  /**
   * The graph's steps and connections: the execution carries them (workflow_details, as the API
   * document says); only when it does not is its version read, once.
   */
  async function structureOf(x) {
    if (Array.isArray(x.workflow_details?.workflow_steps)) {
      workflow = { item: x.workflow_details };
      return;
    }
    if (readingWorkflow) return;
    readingWorkflow = true;
    const res = await client
      .getWorkflowById({ workflow_id: workflowId, workflow_version: x.workflow_version }, { signal })
      .catch((error) => (isAbort(error) ? null : { error }));
    readingWorkflow = false;
    if (!res || signal.aborted) return;
    workflow = res;
    render(latest);
  }

  function stopFollowing() {
    following?.abort();
    following = null;
  }

  /**
   * Reads the execution, and keeps reading it while it moves: one waitForExecution, whose first
   * poll is the page's one read (a settled execution is read once). Its `until` sees every poll
   * (onPoll sees only changes of state), so each read is shown. Leaving the view aborts it.
   */
  async function load() {
    stopFollowing();
    pollError.replaceChildren();
    if (workflow?.error) workflow = null; // read again on Refresh
    const controller = new AbortController();
    following = controller;
    const stop = () => controller.abort();
    signal.addEventListener('abort', stop, { once: true });
    const first = latest === undefined;
    if (first) {
      slot.replaceChildren(
        el(
          'p',
          { class: 'loading' },
          el('span', { class: 'spinner', 'aria-hidden': 'true' }),
          'Loading the execution…',
        ),
      );
      slot.setAttribute('aria-busy', 'true');
      announce('Loading the execution…');
    }
    const until = (x) => {
      if (first && latest === undefined) {
        slot.replaceChildren();
        slot.removeAttribute('aria-busy');
        announce(`Execution ${stateLabel(x.workflow_current_state).toLowerCase()}.`);
      }
      show(x);
      return !isMoving(x.workflow_current_state);
    };
    try {
      await client.waitForExecution(ids, {
        signal: controller.signal,
        pollIntervalMs: POLL_MS,
        notFoundGraceMs: fresh ? 10_000 : 0,
        until,
      });
    } catch (e) {
      if (isAbort(e)) return;
      const title = latest
        ? 'Following the execution failed (press Refresh to try again)'
        : 'Loading the execution failed';
      (latest ? pollError : slot).replaceChildren(errorBox(e, title));
      announce(describeError(e));
      live.className = 'live still';
      live.textContent = latest ? 'Not refreshing after an error.' : '';
    } finally {
      slot.removeAttribute('aria-busy');
      signal.removeEventListener('abort', stop);
      if (following === controller) following = null;
    }
  }

  refresh.addEventListener('click', () => load());
  load();
  return stopFollowing; // leaving the view stops following (the view's signal aborts it too)
}
