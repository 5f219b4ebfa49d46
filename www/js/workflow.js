// #/workflow/{id}/{version}: a workflow version's details, its schedule switch, the
// trigger form (a new execution opens at once, followed live) and its execution history.
import { el, badge, timeEl, jsonBlock, jsonEditor, readJsonObject, withLoading, errorBox } from './ui.js';
import { executionList, executionHref } from './executions.js';
import { markStarted } from './execution.js';
import { workflowGraph } from './graph.js';

export const HISTORY_PAGE_SIZE = 10;

const card = (id, title, ...content) =>
  el(
    'section',
    { class: 'card', id, 'aria-labelledby': `${id}-title` },
    el('h3', { id: `${id}-title` }, title),
    ...content,
  );

function metaList(pairs) {
  return el(
    'dl',
    { class: 'meta' },
    pairs.map(([k, v]) => el('div', {}, el('dt', {}, k), el('dd', {}, v))),
  );
}

function stepsList(steps = []) {
  if (!steps.length) return el('p', { class: 'muted' }, 'No steps.');
  return el(
    'ol',
    { class: 'steps' },
    steps.map((s) =>
      el(
        'li',
        {},
        el('span', { class: 'step-name' }, s.name ?? s.id),
        ' ',
        el('span', { class: 'step-type' }, s.type ?? ''),
        ' ',
        el('code', { class: 'muted' }, s.id ?? ''),
        s.config &&
          Object.keys(s.config).length > 0 &&
          el('details', {}, el('summary', {}, 'Configuration'), jsonBlock(s.config, `Configuration of ${s.name}`)),
      ),
    ),
  );
}

function connectionsList(connections = []) {
  if (!connections.length) return el('p', { class: 'muted' }, 'No connections.');
  return el(
    'ul',
    { class: 'connections' },
    connections.map((c) =>
      el(
        'li',
        {},
        el('code', {}, c.from),
        ' → ',
        el('code', {}, c.to),
        c.condition && el('span', { class: 'muted' }, ` when ${c.condition}`),
      ),
    ),
  );
}

/** The pause/play switch of a scheduled workflow. */
function scheduleCard(item, { client, signal, onStatus }) {
  const schedule = item.workflow_schedule;
  const slot = el('div', { class: 'slot' });
  const state = el('span', { id: 'schedule-state' });
  const toggle = el(
    'button',
    { type: 'button', role: 'switch', class: 'switch', id: 'schedule-switch', 'aria-labelledby': 'schedule-label' },
    el('span', { class: 'switch-track', 'aria-hidden': 'true' }, el('span', { class: 'switch-thumb' })),
    state,
  );
  const show = (paused) => {
    toggle.setAttribute('aria-checked', String(!paused));
    state.textContent = paused ? 'Paused' : 'Running';
  };
  show(Boolean(schedule.paused));
  toggle.addEventListener('click', async () => {
    const action = toggle.getAttribute('aria-checked') === 'true' ? 'PAUSE' : 'PLAY';
    const label = action === 'PAUSE' ? 'Pausing the schedule' : 'Starting the schedule';
    toggle.disabled = true; // one toggle at a time; the slot shows the loading state
    const res = await withLoading(
      {
        slot,
        label,
        done: (r) => `Schedule ${r.status === 'PAUSED' ? 'paused' : 'running'}: workflow status ${r.status}.`,
      },
      () =>
        client.toggleScheduledWorkflow(
          { workflow_id: item.workflow_id, workflow_version: item.workflow_version, action },
          { signal },
        ),
    );
    toggle.disabled = false;
    if (!res) return;
    show(res.status === 'PAUSED');
    onStatus(res.status);
  });
  return card(
    'schedule',
    'Schedule',
    metaList([
      ['Cron', el('code', {}, schedule.cron ?? '—')],
      ['Time zone', schedule.timezone ?? '—'],
    ]),
    el('div', { class: 'switch-row' }, el('span', { id: 'schedule-label' }, 'Schedule'), toggle),
    el('p', { class: 'hint' }, 'Pausing sets the workflow status to PAUSED; playing sets it back to ACTIVE.'),
    slot,
  );
}

/** The trigger form: a JSON payload editor that refuses invalid JSON before sending. */
function triggerCard(item, { client, signal, onTriggered }) {
  const editor = jsonEditor(
    'trigger-payload',
    'Payload (JSON object)',
    {},
    "Sent as the execution's input. Ctrl+Enter triggers.",
  );
  const submit = el('button', { type: 'submit' }, 'Trigger');
  const slot = el('div', { class: 'slot', id: 'trigger-result' });
  const form = el(
    'form',
    { id: 'trigger-form', 'aria-label': 'Trigger the workflow', novalidate: true },
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
    if (!payload) {
      slot.replaceChildren();
      return;
    } // nothing is sent
    const res = await withLoading(
      { slot, button: submit, label: 'Triggering', done: (r) => `Started execution ${r.looply_execution_id}.` },
      () =>
        client.triggerWorkflow(
          { workflow_id: item.workflow_id, workflow_version: item.workflow_version, payload },
          { signal },
        ),
    );
    if (!res) return;
    onTriggered(res.looply_execution_id);
  });
  return {
    element: card('trigger', 'Trigger', form),
    setPayload: (p) => {
      editor.textarea.value = JSON.stringify(p, null, 2);
    },
  };
}

export function renderWorkflow(main, [workflowId, version], ctx) {
  const { client, signal } = ctx;
  const title = el('h2', { tabindex: -1 }, 'Workflow');
  const slot = el('div', { class: 'slot' });
  const body = el('div', { class: 'grid' });
  const history = executionList({
    id: 'history-table',
    caption: 'Execution history of this workflow, newest first',
    open: (lastKey) =>
      client.paginateWorkflowExecutionHistory(
        { workflow_id: workflowId, limit: HISTORY_PAGE_SIZE, lastKey },
        { signal },
      ),
    label: 'Loading the execution history',
    emptyText: 'No executions yet.',
  });
  const historyCard = card(
    'history',
    'Execution history',
    el(
      'div',
      { class: 'card-tools' },
      el('button', { type: 'button', class: 'secondary', onclick: () => history.reload() }, 'Refresh'),
    ),
    history.element,
  );
  historyCard.classList.add('wide');
  main.append(el('p', { class: 'crumbs' }, el('a', { href: '#/workflows' }, '← Workflows')), title, slot, body);

  withLoading(
    {
      slot,
      label: 'Loading the workflow',
      done: (item) => `Loaded ${item.workflow_name}, version ${item.workflow_version}.`,
    },
    async () => {
      const [{ item }, schema] = await Promise.all([
        client.getWorkflowById({ workflow_id: workflowId, workflow_version: version }, { signal }),
        client
          .getWorkflowSchemaById({ workflow_id: workflowId, workflow_version: version }, { signal })
          .catch((e) => ({ error: e })),
      ]);
      title.textContent = `${item.workflow_name} · v${item.workflow_version}`;
      document.title = `${item.workflow_name} · Looply console`;
      const status = el('span', { id: 'workflow-status' }, badge(item.workflow_status));
      const summary = el(
        'section',
        { class: 'card wide', 'aria-label': 'Summary' },
        metaList([
          ['Status', status],
          ['Latest', item.latest === 'true' ? 'yes' : 'no'],
          ['Workflow id', el('code', {}, item.workflow_id)],
          ['Created', timeEl(item.created_on)],
          ['Modified', timeEl(item.modified_on)],
          ['Created by', item.created_by ?? '—'],
        ]),
      );
      // A new execution opens at once and is followed there, live.
      const onTriggered = (id) => {
        markStarted(id);
        location.hash = executionHref(item.workflow_id, id);
      };
      const trigger = triggerCard(item, { client, signal, onTriggered });
      if (schema.item?.workflow_mock_payload) trigger.setPayload(schema.item.workflow_mock_payload);
      // Two columns on wide screens: running it | its steps (graph and lists), the history, configuration | schema.
      body.append(
        summary,
        el(
          'div',
          { class: 'stack' },
          item.workflow_schedule &&
            scheduleCard(item, { client, signal, onStatus: (s) => status.replaceChildren(badge(s)) }),
          trigger.element,
        ),
        card(
          'steps',
          'Steps',
          workflowGraph(item.workflow_steps, item.workflow_connections, {
            id: 'workflow-graph',
            label: 'Graph of the workflow',
            textList: false,
          }),
          el('h4', {}, 'Step list'),
          stepsList(item.workflow_steps),
          el('h4', {}, 'Connections'),
          connectionsList(item.workflow_connections),
        ),
        historyCard,
        el(
          'div',
          { class: 'stack' },
          card('integrations', 'Integrations', jsonBlock(item.workflow_integrations, 'Integrations')),
          !schema.error && card('mock', 'Mock payload', jsonBlock(schema.item.workflow_mock_payload, 'Mock payload')),
        ),
        card(
          'schema',
          'Schema',
          schema.error
            ? [
                errorBox(schema.error, 'Loading the schema failed'),
                el('p', { class: 'muted' }, 'The schema stored with the workflow:'),
                jsonBlock(item.workflow_schema, 'Schema'),
              ]
            : jsonBlock(schema.item.workflow_schema, 'Schema'),
        ),
      );
      history.reload();
      return item;
    },
  );
}
