// #/workflows: one row per workflow (its latest version; the others one click away), sorted by
// name and filtered as you type. The whole list is read first, walking the paginator: a
// workflow's versions may sit on different pages, and sorting needs them all.
import { el, cell, badge, timeEl, shortId, withLoading } from './ui.js';
import { groupWorkflows, matchesSearch } from './stats.js';

export const workflowHref = (id, version) => `#/workflow/${encodeURIComponent(id)}/${encodeURIComponent(version)}`;

/** "Scheduled" (or "Schedule paused") with its cron on hover, for a workflow with a schedule. */
function scheduleBadge(item) {
  const s = item.workflow_schedule;
  if (!s) return null;
  const when = `Runs on the cron "${s.cron ?? '?'}"${s.timezone ? ` (${s.timezone})` : ''}`;
  return el(
    'span',
    { class: `badge ${s.paused ? 'badge-paused' : 'badge-scheduled'} schedule-badge`, title: when },
    s.paused ? 'Schedule paused' : 'Scheduled',
  );
}

function row(wf) {
  const { latest } = wf;
  const older = wf.versions.filter((v) => v !== latest);
  return el(
    'tr',
    { 'data-workflow-id': wf.workflow_id },
    cell(
      'Name',
      el('a', { href: workflowHref(wf.workflow_id, latest.workflow_version), class: 'workflow-name' }, wf.name),
      ' ',
      scheduleBadge(latest),
      el('br'),
      el('code', { class: 'muted id', title: wf.workflow_id }, shortId(wf.workflow_id)),
    ),
    cell('Latest', `v${latest.workflow_version}`),
    cell('Status', badge(latest.workflow_status)),
    cell(
      'Other versions',
      older.length
        ? el(
            'ul',
            { class: 'versions', 'aria-label': `Other versions of ${wf.name}` },
            older.map((v) =>
              el(
                'li',
                {},
                el(
                  'a',
                  {
                    href: workflowHref(wf.workflow_id, v.workflow_version),
                    'aria-label': `${wf.name} version ${v.workflow_version}`,
                  },
                  `v${v.workflow_version}`,
                ),
              ),
            ),
          )
        : el('span', { class: 'muted' }, 'none'),
    ),
    cell('Modified', timeEl(latest.modified_on)),
  );
}

export function renderWorkflows(main, _params, { client, signal }) {
  const tbody = el('tbody');
  const search = el('input', {
    type: 'search',
    id: 'workflow-search',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'Name or id',
    'aria-controls': 'workflows-table',
  });
  const count = el('p', { class: 'muted', id: 'workflow-count', 'aria-live': 'polite' });
  const slot = el('div', { class: 'slot' });
  const retry = el('button', { type: 'button', class: 'secondary', hidden: true }, 'Try again');
  main.append(
    el('h2', { tabindex: -1 }, 'Workflows'),
    el(
      'p',
      { class: 'muted' },
      'Each workflow at its latest version. Open one to see its details, run it or control its schedule.',
    ),
    el('div', { class: 'toolbar' }, el('label', { for: 'workflow-search' }, 'Search workflows'), search, count),
    el(
      'div',
      { class: 'table-wrap' },
      el(
        'table',
        { class: 'cards', id: 'workflows-table' },
        el('caption', { class: 'visually-hidden' }, 'Workflows, by name'),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            ['Name', 'Latest', 'Status', 'Other versions', 'Modified'].map((h) => el('th', { scope: 'col' }, h)),
          ),
        ),
        tbody,
      ),
    ),
    slot,
    el('div', { class: 'actions' }, retry),
  );

  let shown = []; // [{ workflow, row }]
  function filter() {
    const matching = shown.filter(({ workflow, row }) => {
      row.hidden = !matchesSearch(workflow, search.value);
      return !row.hidden;
    }).length;
    const q = search.value.trim();
    count.textContent = !q
      ? `${shown.length} workflows`
      : matching
        ? `${matching} of ${shown.length} workflows match "${q}"`
        : `No workflow matches "${q}"`;
  }
  search.addEventListener('input', filter);

  async function load() {
    retry.hidden = true;
    const workflows = await withLoading(
      { slot, label: 'Loading workflows', done: (list) => `${list.length} workflows loaded.` },
      async () => groupWorkflows(await client.paginateOrganizationWorkflows({}, { signal }).toArray()),
    );
    if (!workflows) {
      retry.hidden = signal.aborted;
      return;
    }
    shown = workflows.map((workflow) => ({ workflow, row: row(workflow) }));
    tbody.replaceChildren(...shown.map((s) => s.row));
    if (!workflows.length) slot.replaceChildren(el('p', { class: 'muted' }, 'No workflows yet.'));
    filter();
  }
  retry.addEventListener('click', load);
  load();
}
