// What every environment must produce: the page that `getOrganizationWorkflows({ limit: 2 })`
// returns, byte for byte what the local server answers, and exactly one matching request
// in the server's log.
import assert from 'node:assert/strict';
import { SEEDED } from '../../../server/looply-server.mjs';

export const ENDPOINT_PATH = '/v1/workflows/getOrganizationWorkflows';

/** The page the server itself answers (fetched directly, no SDK). */
export async function directPage(srv) {
  const res = await fetch(`${srv.baseUrl}/workflows/getOrganizationWorkflows?limit=2`, {
    headers: { 'x-api-key': srv.apiKey },
  });
  assert.equal(res.status, 200);
  return res.json();
}

/**
 * Checks an environment's report `{ ok, page, ... }` against `expected` (from `directPage`).
 * `context` (a string or a function returning one) is appended to every failure message.
 */
export function assertReportedPage(report, expected, context = '') {
  const ctx = () => (typeof context === 'function' ? context() : context);
  assert.ok(report && typeof report === 'object', `no report\n${ctx()}`);
  assert.equal(report.ok, true, `the consumer failed: ${JSON.stringify(report.error ?? report, null, 2)}\n${ctx()}`);
  const { page } = report;
  assert.equal(page?.message, 'success', `page: ${JSON.stringify(page)}\n${ctx()}`);
  assert.equal(page.count, 2, ctx());
  assert.equal(page.items.length, 2, ctx());
  assert.equal(page.items[0].workflow_id, SEEDED.bigWorkflowId, ctx());
  assert.equal(page.items[0].organization_id, SEEDED.organizationId, ctx());
  assert.deepEqual(page, expected, `the SDK's page differs from the server's answer\n${ctx()}`);
}

/** The API requests `srv` logged since `mark` (= `srv.requests.length` before the run). */
export function requestsSince(srv, mark) {
  return srv.requests.slice(mark).map((r) => ({ method: r.method, path: r.path, query: r.query }));
}

/** Exactly `n` `GET getOrganizationWorkflows?limit=2` (and nothing else) reached `srv` since `mark`. */
export function assertCalls(srv, mark, n = 1, context = '') {
  const seen = requestsSince(srv, mark);
  const call = { method: 'GET', path: ENDPOINT_PATH, query: { limit: '2' } };
  assert.deepEqual(
    seen,
    Array.from({ length: n }, () => call),
    `API requests seen by the server: ${JSON.stringify(seen)}\n${typeof context === 'function' ? context() : context}`,
  );
}

/** Parses the `RESULT {...}` line a command-line consumer prints. */
export function parseResultLine(stdout) {
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) return undefined;
  try {
    return JSON.parse(line.slice('RESULT '.length));
  } catch {
    return undefined;
  }
}
