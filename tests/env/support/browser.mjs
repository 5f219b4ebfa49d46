// One headless Chromium (playwright-core, system /usr/bin/chromium) for the whole suite.
// Fixture pages report by setting `window.__looply` to `{ ok: true, ... }` or
// `{ ok: false, error: { name, message, stack } }`; `loadPage()` waits for it and keeps every
// console message, `pageerror`, failed request and HTTP error of the page (and its workers) for
// the failure messages.
import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_LAUNCH } from '../../../scripts/chromium.mjs';

export { CHROMIUM };

export function launchBrowser() {
  return chromium.launch({ ...CHROMIUM_LAUNCH, timeout: 30_000 });
}

/**
 * Opens `url` in a fresh context and waits (≤ `timeoutMs`) for `window.__looply`.
 * Resolves `{ result, problems, log, ms }`: `problems` are console errors, page errors, failed
 * requests and HTTP ≥ 400 answers; `log` is everything, one line each. Rejects (with the log)
 * only when the page never reports.
 */
export async function loadPage(browser, url, { timeoutMs = 30_000 } = {}) {
  const t0 = performance.now();
  const context = await browser.newContext();
  const log = [];
  const problems = [];
  const note = (line, problem = false) => {
    log.push(line);
    if (problem) problems.push(line);
  };
  try {
    const page = await context.newPage();
    page.on('console', (m) => note(`[console.${m.type()}] ${m.text()}`, m.type() === 'error'));
    page.on('pageerror', (e) => note(`[pageerror] ${e.stack || e.message}`, true));
    page.on('requestfailed', (r) => note(`[requestfailed] ${r.method()} ${r.url()}: ${r.failure()?.errorText}`, true));
    page.on('response', (r) => {
      if (r.status() >= 400) note(`[http ${r.status()}] ${r.request().method()} ${r.url()}`, true);
    });
    page.on('worker', (w) => {
      note(`[worker] ${w.url()}`);
      if (typeof w.on === 'function') {
        try {
          w.on('console', (m) => note(`[worker console.${m.type()}] ${m.text()}`, m.type() === 'error'));
        } catch {
          /* older playwright: no worker console events */
        }
      }
    });
    await page.goto(url, { timeout: timeoutMs });
    try {
      await page.waitForFunction(() => window.__looply !== undefined, null, { timeout: timeoutMs, polling: 50 });
    } catch (err) {
      throw new Error(`${url} never set window.__looply (${err.message.split('\n')[0]})\n${formatLog(log)}`);
    }
    const result = await page.evaluate(() => window.__looply);
    return { result, problems, log, ms: Math.round(performance.now() - t0) };
  } finally {
    await context.close().catch(() => {});
  }
}

export function formatLog(log) {
  return log.length ? `page log:\n  ${log.join('\n  ')}` : 'page log: (empty)';
}
