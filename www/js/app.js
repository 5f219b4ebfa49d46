// Entry point: the connection bar and a small hash router over the views.
//   #/overview (also no hash: the landing view)   how the executions went
//   #/workflows                                   the organization's workflows
//   #/workflow/{workflow_id}/{workflow_version}   one workflow version
//   #/executions                                  the organization's executions
//   #/execution/{workflow_id}/{execution_id}      one execution
import { setupConnection, getClient } from './connection.js';
import { el } from './ui.js';
import { renderOverview } from './overview.js';
import { renderWorkflows } from './workflows.js';
import { renderWorkflow } from './workflow.js';
import { renderExecutions } from './executions.js';
import { renderExecution } from './execution.js';

const routes = [
  { pattern: /^(?:#\/?|#\/overview)?$/, view: renderOverview, nav: 'overview' },
  { pattern: /^#\/workflows$/, view: renderWorkflows, nav: 'workflows' },
  { pattern: /^#\/workflow\/([^/]+)\/([^/]+)$/, view: renderWorkflow, nav: 'workflows' },
  { pattern: /^#\/executions$/, view: renderExecutions, nav: 'executions' },
  { pattern: /^#\/execution\/([^/]+)\/([^/]+)$/, view: renderExecution, nav: 'executions' },
];

const main = document.getElementById('view');
let current = null; // { controller, cleanup }

function leaveView() {
  if (!current) return;
  current.controller.abort(); // cancels the view's pending calls…
  current.cleanup?.(); // …and what it follows (a running execution)
  current = null;
}

function route({ focus = true } = {}) {
  leaveView();
  const hash = location.hash;
  const match = routes.map((r) => ({ r, m: r.pattern.exec(hash) })).find((x) => x.m);
  for (const link of document.querySelectorAll('nav a')) {
    link.toggleAttribute('aria-current', match?.r.nav === link.dataset.nav);
    if (match?.r.nav === link.dataset.nav) link.setAttribute('aria-current', 'page');
  }
  main.replaceChildren();
  document.title = 'Looply console (demo)';
  if (!match) {
    main.append(
      el('h2', { tabindex: -1 }, 'Page not found'),
      el('p', {}, el('a', { href: '#/overview' }, 'Back to the overview')),
    );
    return;
  }
  const client = getClient();
  if (!client) {
    main.append(el('p', { class: 'muted' }, 'Fix the connection settings above, then press Connect.'));
    return;
  }
  const controller = new AbortController();
  const params = match.m.slice(1).map(decodeURIComponent);
  const cleanup = match.r.view(main, params, { client, signal: controller.signal });
  current = { controller, cleanup };
  if (focus) main.querySelector('h2')?.focus({ preventScroll: false });
}

window.addEventListener('hashchange', () => route());
setupConnection(() => route({ focus: false }));
