// #/workflows: the organization's workflow versions, one page at a time.
import { el, cell, badge, timeEl, pager } from './ui.js';

// Small enough that the seeded data (30 versions) takes three pages.
export const WORKFLOWS_PAGE_SIZE = 12;

export const workflowHref = (id, version) => `#/workflow/${encodeURIComponent(id)}/${encodeURIComponent(version)}`;

function row(wf) {
  return el(
    'tr',
    {},
    cell('Name', el('a', { href: workflowHref(wf.workflow_id, wf.workflow_version) }, wf.workflow_name)),
    cell('Version', String(wf.workflow_version ?? '—')),
    cell('Status', badge(wf.workflow_status)),
    cell(
      'Latest',
      wf.latest === 'true'
        ? el('span', { class: 'badge badge-latest' }, 'latest')
        : el('span', { class: 'muted' }, 'no'),
    ),
    cell('Modified', timeEl(wf.modified_on)),
  );
}

export function renderWorkflows(main, _params, { client, signal }) {
  const tbody = el('tbody');
  const more = el('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more');
  const slot = el('div', { class: 'slot' });
  main.append(
    el('h2', { tabindex: -1 }, 'Workflows'),
    el(
      'p',
      { class: 'muted' },
      'Every version of every workflow in the organization. Open one to see its details, run it or control its schedule.',
    ),
    el(
      'div',
      { class: 'table-wrap' },
      el(
        'table',
        { class: 'cards', id: 'workflows-table' },
        el('caption', { class: 'visually-hidden' }, 'Workflow versions'),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            ['Name', 'Version', 'Status', 'Latest', 'Modified'].map((h) => el('th', { scope: 'col' }, h)),
          ),
        ),
        tbody,
      ),
    ),
    slot,
    el('div', { class: 'actions' }, more),
  );

  const next = pager({
    open: (lastKey) => client.paginateOrganizationWorkflows({ limit: WORKFLOWS_PAGE_SIZE, lastKey }, { signal }),
    onPage: (page) => tbody.append(...page.items.map(row)),
    label: 'Loading workflows',
    noun: 'workflow versions',
    button: more,
    slot,
    doneText: (n) => (n ? `All ${n} workflow versions loaded.` : 'No workflows yet.'),
  });
  next();
}
