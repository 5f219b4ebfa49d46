// #/overview, the landing view: how the organization's executions went, from one walk of
// paginateOrganizationExecutions: executions per day by final state, each workflow's success
// rate and median duration, and the executions waiting for a response.
import { el, cell, timeEl, shortId, stateLabel, announce, errorBox, describeError, isAbort } from './ui.js';
import { stackedBars, legend, meter, shortDay } from './charts.js';
import { perDay, perWorkflow, totals, formatDuration, formatPercent } from './stats.js';
import { workflowHref } from './workflows.js';
import { executionHref } from './executions.js';

/** The walk stops here: a big organization's older executions are left out (and it says so). */
export const OVERVIEW_MAX_ITEMS = 1000;
const WAITING_SHOWN = 10;

const SERIES = [
  { key: 'completed', label: stateLabel('completed_state') },
  { key: 'failed', label: stateLabel('failed_state') },
  { key: 'waiting', label: stateLabel('wait_for_response_state') },
  { key: 'running', label: 'Still running' },
];

const card = (id, title, ...content) =>
  el(
    'section',
    { class: 'card wide', id, 'aria-labelledby': `${id}-title` },
    el('h3', { id: `${id}-title` }, title),
    ...content,
  );

const table = (id, caption, headers, rows) =>
  el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      { class: 'cards', id },
      el('caption', { class: 'visually-hidden' }, caption),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          headers.map((h) => el('th', { scope: 'col' }, h)),
        ),
      ),
      el('tbody', {}, rows),
    ),
  );

function figures(executions) {
  const t = totals(executions);
  const finished = t.completed + t.failed;
  return el(
    'section',
    { class: 'card wide', 'aria-label': 'In figures' },
    el(
      'dl',
      { class: 'meta figures', id: 'overview-figures' },
      [
        ['Executions', executions.length],
        ['Success rate', formatPercent(finished ? t.completed / finished : null)],
        [SERIES[2].label, t.waiting],
        [SERIES[3].label, t.running],
      ].map(([k, v]) => el('div', {}, el('dt', {}, k), el('dd', {}, String(v)))),
    ),
  );
}

function perDayCard(executions) {
  const days = perDay(executions);
  return card(
    'per-day',
    'Executions per day',
    el('p', { class: 'hint' }, 'By state now, on the most recent days with executions (at most 14).'),
    legend(SERIES),
    el(
      'div',
      { class: 'chart-scroll', tabindex: 0, role: 'group', 'aria-label': 'Executions per day' },
      stackedBars(days, SERIES, { id: 'per-day-chart', label: 'Executions per day by state' }),
    ),
    el(
      'details',
      {},
      el('summary', {}, 'The numbers as a table'),
      table(
        'per-day-table',
        'Executions per day by state',
        ['Day', ...SERIES.map((s) => s.label), 'Total'],
        days.map((d) =>
          el(
            'tr',
            {},
            cell('Day', shortDay(d.day)),
            SERIES.map((s) => cell(s.label, String(d.counts[s.key]))),
            cell('Total', String(d.total)),
          ),
        ),
      ),
    ),
  );
}

function workflowsCard(executions) {
  const rows = perWorkflow(executions).map((w) =>
    el(
      'tr',
      { 'data-workflow-id': w.workflow_id },
      cell('Workflow', el('a', { href: workflowHref(w.workflow_id, w.version) }, w.name)),
      cell('Executions', String(w.total)),
      cell(
        'Success rate',
        el(
          'span',
          { class: 'rate', title: `${w.completed} completed, ${w.failed} failed` },
          meter(w.successRate),
          el('span', { class: 'rate-figure' }, formatPercent(w.successRate)),
        ),
      ),
      cell('Median duration', formatDuration(w.medianMs)),
    ),
  );
  return card(
    'by-workflow',
    'By workflow',
    el(
      'p',
      { class: 'hint' },
      'Success rate: completed of those that finished (completed or failed). Median duration: from start to end of those that finished.',
    ),
    table(
      'workflow-stats',
      'Success rate and median duration per workflow',
      ['Workflow', 'Executions', 'Success rate', 'Median duration'],
      rows,
    ),
  );
}

function waitingCard(executions) {
  const waiting = executions.filter((x) => x.workflow_current_state === 'wait_for_response_state');
  const item = (x) =>
    el(
      'li',
      { 'data-execution-id': x.workflow_execution_id },
      el(
        'a',
        { href: executionHref(x.workflow_id, x.workflow_execution_id) },
        `${x.workflow_details?.workflow_name ?? x.workflow_id} · `,
        el('code', {}, shortId(x.workflow_execution_id)),
      ),
      el('span', { class: 'muted' }, ' waiting since '),
      timeEl(x.modified_on),
    );
  const list = el('ul', { class: 'waiting-list', id: 'waiting-list' }, waiting.slice(0, WAITING_SHOWN).map(item));
  const more = el(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: () => {
        list.append(...waiting.slice(WAITING_SHOWN).map(item));
        more.remove();
      },
    },
    `Show all ${waiting.length}`,
  );
  return card(
    'waiting',
    `Waiting for a response (${waiting.length})`,
    waiting.length ? list : el('p', { class: 'muted' }, 'No execution waits for a response.'),
    waiting.length > WAITING_SHOWN && el('div', { class: 'actions' }, more),
  );
}

const emptyState = () =>
  card(
    'overview-empty',
    'No executions yet',
    el(
      'p',
      {},
      'Nothing has run in this organization yet. Open a workflow from ',
      el('a', { href: '#/workflows' }, 'the workflows'),
      ' and trigger it: its execution shows here.',
    ),
  );

export function renderOverview(main, _params, { client, signal }) {
  const slot = el('div', { class: 'slot', id: 'overview-status' });
  const body = el('div', { class: 'grid', id: 'overview' });
  const retry = el('button', { type: 'button' }, 'Try again');
  const refresh = el('button', { type: 'button', class: 'secondary' }, 'Refresh');
  main.append(
    el('div', { class: 'view-head' }, el('h2', { tabindex: -1 }, 'Overview'), refresh),
    el('p', { class: 'muted' }, 'How the executions of every workflow went, newest first, up to the latest 1,000.'),
    slot,
    el('div', { class: 'actions', hidden: true }, retry),
    body,
  );

  async function load() {
    body.replaceChildren();
    retry.parentElement.hidden = true;
    refresh.disabled = true;
    const progress = el('span', {}, 'Loading executions…');
    slot.replaceChildren(
      el('p', { class: 'loading' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), progress),
    );
    slot.setAttribute('aria-busy', 'true');
    announce('Loading executions…');
    const walk = client.paginateOrganizationExecutions({ maxItems: OVERVIEW_MAX_ITEMS }, { signal });
    const executions = [];
    try {
      for await (const page of walk.pages()) {
        executions.push(...page.items);
        progress.textContent = `Loading executions… ${executions.length} so far`;
      }
    } catch (e) {
      if (isAbort(e)) return;
      slot.replaceChildren(errorBox(e, 'Loading the executions failed'));
      announce(describeError(e));
      retry.parentElement.hidden = false;
      return;
    } finally {
      slot.removeAttribute('aria-busy');
      refresh.disabled = false;
    }
    executions.splice(OVERVIEW_MAX_ITEMS);
    slot.replaceChildren();
    if (!executions.length) {
      body.append(emptyState());
      announce('No executions yet.');
      return;
    }
    const cut =
      walk.lastKey && el('p', { class: 'hint wide' }, `The latest ${executions.length}; older ones are left out.`);
    body.append(
      ...[figures(executions), cut, perDayCard(executions), workflowsCard(executions), waitingCard(executions)].filter(
        Boolean,
      ),
    );
    announce(`Overview of ${executions.length} executions.`);
  }
  retry.addEventListener('click', load);
  refresh.addEventListener('click', load);
  load();
}
