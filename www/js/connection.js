// The connection bar: one slim line (base URL, the key's status, Edit) over a form that opens
// only to change the settings; and the one LooplyClient built from them.
import { LooplyClient } from 'looply-sdk';
import { announce, errorBox } from './ui.js';

export const DEMO_KEY = 'looply-demo-key';
const defaultBaseUrl = () => `${location.origin}/v1`;

let client = null;

/** The current client, or null when the connection settings are invalid. */
export const getClient = () => client;

/** The key, never in full: "demo key", or a custom one by its last four characters when it is long. */
const keyName = (key) => (key === DEMO_KEY ? 'demo key' : key.length >= 12 ? `key …${key.slice(-4)}` : 'custom key');

/**
 * Wires the connection bar and its form; `onConnect()` runs after each (re)connection, also a
 * failed one (getClient() is then null).
 * The values live in sessionStorage only: an API key should not outlive the tab.
 */
export function setupConnection(onConnect) {
  const form = document.getElementById('connection');
  const baseUrl = form.elements.baseUrl;
  const apiKey = form.elements.apiKey;
  const slot = document.getElementById('connection-error');
  const edit = document.getElementById('edit-connection');
  const urlText = document.getElementById('connection-url');
  const keyText = document.getElementById('key-status');
  const bar = document.getElementById('connection-bar');
  const saved = () => ({
    baseUrl: sessionStorage.getItem('looply.baseUrl') || defaultBaseUrl(),
    apiKey: sessionStorage.getItem('looply.apiKey') || DEMO_KEY,
  });
  baseUrl.value = saved().baseUrl;
  apiKey.value = saved().apiKey;

  function setOpen(open) {
    form.hidden = !open;
    edit.setAttribute('aria-expanded', String(open));
    edit.textContent = open ? 'Close' : 'Edit';
    if (open) baseUrl.focus();
  }

  /** What the service said of the key: 'unknown' until the first answer, 'accepted' or 'rejected'. */
  function keyStatus(status, detail = '') {
    bar.dataset.key = status;
    const said = { unknown: 'not checked yet', accepted: 'accepted', rejected: `rejected${detail}` }[status];
    keyText.textContent = `${keyName(apiKey.value)} · ${said}`;
  }

  function connect() {
    slot.replaceChildren();
    // A path such as /my-proxy/v1 means this site's own backend: make it absolute.
    const url = baseUrl.value.trim().startsWith('/') ? location.origin + baseUrl.value.trim() : baseUrl.value.trim();
    try {
      // dangerouslyAllowBrowser: only for this demo against the local server. A real
      // browser app calls Looply through its own backend (baseUrl: '/your-proxy/v1').
      client = new LooplyClient({
        baseUrl: url,
        apiKey: apiKey.value,
        dangerouslyAllowBrowser: true,
      });
    } catch (e) {
      client = null;
      slot.replaceChildren(errorBox(e, 'Could not create the client'));
      announce(`Could not create the client: ${e.message}`);
      setOpen(true);
      onConnect(); // the view says to fix the settings
      return;
    }
    // The key's status in the bar follows every answer (a paginator's pages too).
    client.on('response', ({ status }) => {
      if (status >= 200 && status < 300) keyStatus('accepted');
      else if (status === 401 || status === 403) keyStatus('rejected', ` (HTTP ${status})`);
    });
    sessionStorage.setItem('looply.baseUrl', baseUrl.value.trim());
    sessionStorage.setItem('looply.apiKey', apiKey.value);
    urlText.textContent = url;
    urlText.title = url;
    keyStatus('unknown');
    setOpen(false);
    announce(`Connected to ${url}.`);
    onConnect();
  }

  function cancel() {
    ({ baseUrl: baseUrl.value, apiKey: apiKey.value } = saved());
    slot.replaceChildren();
    setOpen(false);
    edit.focus();
  }

  edit.addEventListener('click', () => (form.hidden ? setOpen(true) : cancel()));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    connect();
    if (form.hidden) edit.focus();
  });
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') cancel();
  });
  form.querySelector('#cancel-connection').addEventListener('click', cancel);
  form.querySelector('#reset-connection').addEventListener('click', () => {
    baseUrl.value = defaultBaseUrl();
    apiKey.value = DEMO_KEY;
    connect();
  });
  connect();
}
