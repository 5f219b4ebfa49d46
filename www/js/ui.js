// Small DOM helpers shared by the views: element building, formatting, state labels, the
// live status region, loading states and error boxes.
import { stateLabel as label } from 'looply-sdk';

/** Builds an element: el('a', { href: '#/x', class: 'btn' }, 'text', child, …). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

const SVG = 'http://www.w3.org/2000/svg';

/** Builds an SVG element, like el(). */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs))
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** Pretty JSON in a <pre>; `label` names it for screen readers. */
export function jsonBlock(value, label) {
  const text = value === undefined ? '(none)' : JSON.stringify(value, null, 2);
  return el('pre', { class: 'json', tabindex: 0, 'aria-label': label }, text);
}

/** A <time> showing a millisecond timestamp as a local date. */
export function timeEl(ms) {
  if (typeof ms !== 'number') return el('span', { class: 'muted' }, '—');
  const d = new Date(ms);
  return el('time', { datetime: d.toISOString(), title: d.toISOString() }, d.toLocaleString());
}

/** A state or status badge; the CSS colours it by value. */
export function badge(text) {
  const value = String(text ?? '—');
  return el('span', { class: `badge badge-${value.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` }, value);
}

/** An execution state in words (the package's table), or '—'. */
export const stateLabel = (state) => label(state) || '—';

/** An execution state's badge: its words, the raw name on hover (title) and in data-state. */
export function stateBadge(state) {
  const b = badge(state);
  b.textContent = stateLabel(state);
  if (typeof state === 'string') {
    b.title = state;
    b.dataset.state = state;
  }
  return b;
}

/** A table cell; on phones the row turns into a card and `label` names the cell. */
export const cell = (label, ...content) => el('td', { 'data-label': label }, el('div', { class: 'cell' }, ...content));

export const shortId = (id) => (id ? String(id).slice(0, 8) : '—');

// ---- live status region -------------------------------------------------

let clearTimer;
/** Says `message` in the aria-live status region (a toast that clears itself). */
export function announce(message) {
  const region = document.getElementById('status');
  region.textContent = message;
  clearTimeout(clearTimer);
  if (message)
    clearTimer = setTimeout(() => {
      region.textContent = '';
    }, 6000);
}

// ---- errors ---------------------------------------------------------------

/** Is this the error of a call that the page itself cancelled (leaving a view)? */
export const isAbort = (e) => e?.name === 'APIUserAbortError' || e?.name === 'AbortError';

/** "PermissionDeniedError · HTTP 403 · Forbidden · request id …" as text. */
export function describeError(e) {
  const parts = [e?.name || 'Error'];
  if (typeof e?.status === 'number') parts.push(`HTTP ${e.status}`);
  parts.push(e?.message || String(e));
  if (e?.requestId) parts.push(`request id ${e.requestId}`);
  return parts.join(' · ');
}

/** An error box showing the class, status, message and request id of `e`. */
export function errorBox(e, title = 'The call failed') {
  const fields = [
    ['Error', el('code', { class: 'error-name' }, e?.name || 'Error')],
    typeof e?.status === 'number' && ['Status', el('span', { class: 'error-status' }, String(e.status))],
    ['Message', el('span', { class: 'error-message' }, e?.message || String(e))],
    e?.requestId && ['Request id', el('code', { class: 'error-request-id' }, e.requestId)],
    e?.param && ['Parameter', el('code', {}, e.param)],
  ].filter(Boolean);
  return el(
    'div',
    { class: 'error-box', role: 'alert' },
    el('p', { class: 'error-title' }, title),
    el(
      'dl',
      {},
      fields.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]),
    ),
  );
}

// ---- loading states ---------------------------------------------------------

/**
 * Runs `fn` with a visible loading state: `slot` shows "label…" (then the error box if it
 * fails), `button` (optional) is disabled meanwhile, the live region announces both.
 * Resolves with fn's result, or undefined after an error (which stays on screen).
 */
export async function withLoading({ slot, button, label, done }, fn) {
  const oldText = button?.textContent;
  const spinner = () => el('span', { class: 'spinner', 'aria-hidden': 'true' });
  if (button && !button.hidden) {
    // The button itself shows the loading state (and cannot be pressed twice).
    button.disabled = true;
    button.replaceChildren(spinner(), `${label}…`);
    slot?.replaceChildren();
  } else {
    slot?.replaceChildren(el('p', { class: 'loading' }, spinner(), `${label}…`));
  }
  slot?.setAttribute('aria-busy', 'true');
  announce(`${label}…`);
  try {
    const result = await fn();
    slot?.replaceChildren();
    announce(typeof done === 'function' ? done(result) : done || '');
    return result;
  } catch (e) {
    if (isAbort(e)) return undefined;
    slot?.replaceChildren(errorBox(e, `${label} failed`));
    announce(describeError(e));
    if (!slot) throw e;
    return undefined;
  } finally {
    slot?.removeAttribute('aria-busy');
    if (button?.isConnected) {
      button.disabled = false;
      button.textContent = oldText;
    }
  }
}

/** Parses a JSON object from a textarea; shows the error next to it and returns undefined. */
export function readJsonObject(textarea, errorSlot) {
  let value;
  try {
    value = JSON.parse(textarea.value);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new SyntaxError('The payload must be a JSON object, like {"key": "value"}.');
    }
  } catch (e) {
    errorSlot.textContent = `Invalid JSON: ${e.message}`;
    textarea.setAttribute('aria-invalid', 'true');
    textarea.focus();
    announce(`Not sent: invalid JSON. ${e.message}`);
    return undefined;
  }
  errorSlot.textContent = '';
  textarea.removeAttribute('aria-invalid');
  return value;
}

/** A labelled JSON editor: { field, textarea, error }. */
export function jsonEditor(id, label, value, hint) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const textarea = el('textarea', {
    id,
    name: id,
    rows: 7,
    spellcheck: 'false',
    autocapitalize: 'off',
    'aria-describedby': hint ? `${hintId} ${errorId}` : errorId,
  });
  textarea.value = JSON.stringify(value, null, 2);
  const error = el('p', { id: errorId, class: 'field-error', 'aria-live': 'assertive' });
  textarea.addEventListener('input', () => {
    error.textContent = '';
    textarea.removeAttribute('aria-invalid');
  });
  const field = el(
    'div',
    { class: 'field' },
    el('label', { for: id }, label),
    hint && el('p', { id: hintId, class: 'hint' }, hint),
    textarea,
    error,
  );
  return { field, textarea, error };
}

/**
 * A "Load more" pager over a paginator's pages(): fetches a page only when asked.
 * `open(lastKey)` makes the paginator; after a failed page (which ends a paginator's
 * walk) a new one resumes from the last cursor, so "Load more" can simply be pressed again.
 */
export function pager({ open, onPage, label, noun, button, slot, doneText }) {
  let paginator = open(undefined);
  let pages = paginator.pages()[Symbol.asyncIterator]();
  let loaded = 0;
  async function next() {
    let failed = false;
    await withLoading({ slot, button, label, done: () => `${loaded} ${noun} loaded.` }, async () => {
      try {
        const { value, done } = await pages.next();
        if (done) return null;
        loaded += value.items.length;
        onPage(value);
        return value;
      } catch (e) {
        failed = true;
        paginator = open(paginator.lastKey ?? undefined);
        pages = paginator.pages()[Symbol.asyncIterator]();
        throw e;
      }
    });
    if (!button.isConnected) return;
    if (failed) {
      // the error box stays; the button retries from the last cursor
      button.hidden = false;
      button.textContent = loaded ? 'Load more (retry)' : 'Try again';
      return;
    }
    button.textContent = 'Load more';
    button.hidden = !paginator.lastKey;
    if (!paginator.lastKey) slot.replaceChildren(el('p', { class: 'muted' }, doneText(loaded)));
  }
  button.addEventListener('click', next);
  return next;
}
