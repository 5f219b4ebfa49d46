// The demo console: plain ES modules importing the public package.
import { LooplyClient, LooplyError } from 'looply-sdk';

const $ = (id) => document.getElementById(id);
const DEFAULT_KEY = 'looply-demo-key';
let client;
let paginatorKey = null;

$('baseUrl').value = localStorage.getItem('looply.baseUrl') || `${location.origin}/v1`;
$('apiKey').value = localStorage.getItem('looply.apiKey') || DEFAULT_KEY;

function show(message, isError = false) {
  $('status').className = isError ? 'error' : '';
  $('status').textContent = message;
}

function showError(e) {
  if (e instanceof LooplyError) {
    const parts = [e.name, e.status, e.message, e.requestId && `request id ${e.requestId}`];
    show(parts.filter(Boolean).join(' · '), true);
  } else {
    show(String(e), true);
  }
}

async function busy(label, fn) {
  show(`${label}…`);
  try {
    await fn();
    show('');
  } catch (e) {
    showError(e);
  }
}

function connect(event) {
  event?.preventDefault();
  localStorage.setItem('looply.baseUrl', $('baseUrl').value);
  localStorage.setItem('looply.apiKey', $('apiKey').value);
  try {
    client = new LooplyClient({
      apiKey: $('apiKey').value,
      baseUrl: $('baseUrl').value,
      dangerouslyAllowBrowser: true,
    });
  } catch (e) {
    return showError(e);
  }
  $('workflows').tBodies[0].replaceChildren();
  paginatorKey = null;
  loadPage();
}

function loadPage() {
  return busy('Loading workflows', async () => {
    const params = paginatorKey ? { workflow_id: paginatorKey.workflow_id, workflow_version: paginatorKey.workflow_version } : {};
    const page = await client.getOrganizationWorkflows(params);
    for (const wf of page.items) addRow(wf);
    paginatorKey = page.lastKey ?? null;
    $('more').hidden = !paginatorKey;
  });
}

function addRow(wf) {
  const tr = document.createElement('tr');
  tr.tabIndex = 0;
  for (const text of [wf.workflow_name, wf.workflow_version, wf.workflow_status, wf.latest]) {
    const td = document.createElement('td');
    td.textContent = String(text ?? '');
    tr.append(td);
  }
  const open = () => openWorkflow(wf.workflow_id, wf.workflow_version);
  tr.addEventListener('click', open);
  tr.addEventListener('keydown', (e) => e.key === 'Enter' && open());
  $('workflows').tBodies[0].append(tr);
}

function openWorkflow(workflow_id, workflow_version) {
  return busy('Loading workflow', async () => {
    const { item } = await client.getWorkflowById({ workflow_id, workflow_version });
    $('detail').textContent = JSON.stringify(item, null, 2);
  });
}

$('connection').addEventListener('submit', connect);
$('more').addEventListener('click', loadPage);
connect();
