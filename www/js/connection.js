// The connection bar: base URL and API key, and the one LooplyClient built from them.
import { LooplyClient } from 'looply-sdk';
import { announce, errorBox } from './ui.js';

export const DEMO_KEY = 'looply-demo-key';
const defaultBaseUrl = () => `${location.origin}/v1`;

let client = null;

/** The current client, or null when the connection settings are invalid. */
export const getClient = () => client;

/**
 * Wires the connection form; `onConnect()` runs after each (re)connection, also a failed
 * one (getClient() is then null).
 * The values live in sessionStorage only: an API key should not outlive the tab.
 */
export function setupConnection(onConnect) {
  const form = document.getElementById('connection');
  const baseUrl = form.elements.baseUrl;
  const apiKey = form.elements.apiKey;
  const slot = document.getElementById('connection-error');
  baseUrl.value = sessionStorage.getItem('looply.baseUrl') || defaultBaseUrl();
  apiKey.value = sessionStorage.getItem('looply.apiKey') || DEMO_KEY;

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
      onConnect(); // the view says to fix the settings
      return;
    }
    sessionStorage.setItem('looply.baseUrl', baseUrl.value.trim());
    sessionStorage.setItem('looply.apiKey', apiKey.value);
    announce(`Connected to ${url}.`);
    onConnect();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    connect();
  });
  form.querySelector('#reset-connection').addEventListener('click', () => {
    baseUrl.value = defaultBaseUrl();
    apiKey.value = DEMO_KEY;
    connect();
  });
  connect();
}
