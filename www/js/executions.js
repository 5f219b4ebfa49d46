// #/executions: all the organization's executions, newest first as the service returns
// them; also the execution table that the workflow view reuses for its history.
import { el, cell, stateBadge, timeEl, shortId, pager } from './ui.js';

export const EXECUTIONS_PAGE_SIZE = 15;

export const executionHref = (workflowId, executionId) =>
  `#/execution/${encodeURIComponent(workflowId)}/${encodeURIComponent(executionId)}`;

/** A table of executions; `withWorkflow` adds the workflow's name column. */
export function executionTable({ id, caption, withWorkflow }) {
  const headers = ['Execution', withWorkflow && 'Workflow', 'Version', 'State', 'Trigger', 'Started'].filter(Boolean);
  const tbody = el('tbody');
  const table = el(
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
    tbody,
  );
  const row = (x) => {
    return el(
      'tr',
      { 'data-execution-id': x.workflow_execution_id },
      cell(
        'Execution',
        el(
          'a',
          { href: executionHref(x.workflow_id, x.workflow_execution_id), title: x.workflow_execution_id },
          el('code', {}, shortId(x.workflow_execution_id)),
        ),
      ),
      withWorkflow && cell('Workflow', x.workflow_details?.workflow_name ?? x.workflow_id),
      cell('Version', String(x.workflow_version ?? '—')),
      cell('State', stateBadge(x.workflow_current_state)),
      cell('Trigger', x.workflow_trigger_type ?? '—'),
      cell('Started', timeEl(x.created_on)),
    );
  };
  return {
    element: el('div', { class: 'table-wrap' }, table),
    append: (items) => tbody.append(...items.map(row)),
    clear: () => tbody.replaceChildren(),
  };
}

/** A paged execution list: table, status slot and "Load more"; returns { element, reload }. */
export function executionList({ id, caption, withWorkflow, open, label, emptyText }) {
  const table = executionTable({ id, caption, withWorkflow });
  const slot = el('div', { class: 'slot' });
  const actions = el('div', { class: 'actions' });
  const element = el('div', {}, table.element, slot, actions);
  function reload() {
    // A paginator walks once: a reload starts a new one (and a new button).
    table.clear();
    const more = el('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more');
    actions.replaceChildren(more);
    pager({
      open,
      label,
      noun: 'executions',
      button: more,
      slot,
      onPage: (page) => table.append(page.items),
      doneText: (n) => (n ? `All ${n} executions loaded.` : emptyText),
    })();
  }
  return { element, reload };
}

export function renderExecutions(main, _params, { client, signal }) {
  const list = executionList({
    id: 'executions-table',
    caption: 'Executions of all workflows, newest first',
    withWorkflow: true,
    open: (lastKey) => client.paginateOrganizationExecutions({ limit: EXECUTIONS_PAGE_SIZE, lastKey }, { signal }),
    label: 'Loading executions',
    emptyText: 'No executions yet.',
  });
  const refresh = el('button', { type: 'button', class: 'secondary', onclick: () => list.reload() }, 'Refresh');
  main.append(
    el('div', { class: 'view-head' }, el('h2', { tabindex: -1 }, 'Executions'), refresh),
    el('p', { class: 'muted' }, 'Executions of every workflow in the organization, newest first.'),
    list.element,
  );
  list.reload();
}
