// The console's list summaries (www/js/stats.js) on plain values in Node: workflows grouped per
// workflow, search, and the overview's per-day, per-workflow and duration figures. Each test
// names the mistake it catches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  groupWorkflows,
  matchesSearch,
  outcomeOf,
  perDay,
  perWorkflow,
  totals,
  median,
  formatDuration,
  formatPercent,
} from '../../www/js/stats.js';
import { seedData } from '../../server/seed.mjs';

// Days are local: in a zone east of UTC, a day taken in UTC instead would fall a day early.
process.env.TZ = 'Asia/Tokyo';

const version = (workflow_id, workflow_name, workflow_version, latest = 'false') => ({
  workflow_id,
  workflow_name,
  workflow_version,
  latest,
});
const at = (y, m, d, h = 12) => new Date(y, m - 1, d, h).getTime();
const exec = (workflow_id, state, created_on, ms = 1000, extra = {}) => ({
  workflow_id,
  workflow_execution_id: `${workflow_id}-${created_on}-${state}`,
  workflow_current_state: state,
  workflow_version: 1,
  created_on,
  modified_on: created_on + ms,
  workflow_details: { workflow_name: `Name of ${workflow_id}` },
  ...extra,
});

test('groupWorkflows: one entry per workflow, the marked latest version, versions newest first by number', () => {
  const groups = groupWorkflows([
    version('b', 'beta', 9),
    version('b', 'beta', 10, 'true'), // a string sort would put 9 first
    version('a', 'Alpha', 1),
    version('a', 'Alpha', 2, 'true'),
    version('a', 'Alpha', 3), // a draft after the latest: the service's mark wins, not the highest
  ]);
  assert.deepEqual(
    groups.map((g) => [g.workflow_id, g.latest.workflow_version, g.versions.map((v) => v.workflow_version)]),
    [
      ['a', 2, [3, 2, 1]],
      ['b', 10, [10, 9]],
    ],
  );
});

test('groupWorkflows: without a latest mark, the highest version; names sorted without case, numbers by value', () => {
  const groups = groupWorkflows([
    version('x', 'flow 10', 1),
    version('y', 'Flow 2', 1),
    version('z', 'flow 2b', 2),
    version('z', 'flow 2b', 1),
  ]);
  assert.deepEqual(
    groups.map((g) => g.name),
    ['Flow 2', 'flow 2b', 'flow 10'],
  );
  assert.equal(groups.at(1).latest.workflow_version, 2);
});

test('matchesSearch: name or id, any case, trimmed; an empty search matches all', () => {
  const wf = { name: 'Invoice Approval', workflow_id: '03749c72-c6a6' };
  for (const q of ['', '  ', 'invoice', 'APPROVAL', ' voice ', '03749', 'C6A6']) assert.ok(matchesSearch(wf, q), q);
  for (const q of ['expense', '9999']) assert.ok(!matchesSearch(wf, q), q);
});

test('outcomeOf: the three settled states by name, anything else (a new state too) is still running', () => {
  assert.equal(outcomeOf('completed_state'), 'completed');
  assert.equal(outcomeOf('failed_state'), 'failed');
  assert.equal(outcomeOf('wait_for_response_state'), 'waiting');
  for (const s of ['start_state', 'processing_state', 'resumed_state', 'cancelled_state', undefined])
    assert.equal(outcomeOf(s), 'running');
});

test('perDay: counts per local day and outcome, oldest first, the latest days only, gaps counted', () => {
  const list = [
    exec('a', 'completed_state', at(2025, 11, 30, 0)), // just after local midnight: Nov 30, not Nov 29
    exec('a', 'failed_state', at(2025, 11, 30, 23)),
    exec('a', 'completed_state', at(2025, 12, 2)), // Dec 1 skipped: a gap of one day across a month
    exec('a', 'wait_for_response_state', at(2025, 12, 2)),
    exec('a', 'processing_state', at(2025, 12, 3)),
    exec('a', 'completed_state', at(2025, 11, 20)), // left out with maxDays 3
  ];
  const days = perDay(list, 3);
  assert.deepEqual(
    days.map((d) => [d.day, d.total, d.gapBefore]),
    [
      ['2025-11-30', 2, 0],
      ['2025-12-02', 2, 1],
      ['2025-12-03', 1, 0],
    ],
  );
  assert.deepEqual(days[0].counts, { completed: 1, failed: 1, waiting: 0, running: 0 });
  assert.deepEqual(days[1].counts, { completed: 1, failed: 0, waiting: 1, running: 0 });
  assert.deepEqual(days[2].counts, { completed: 0, failed: 0, waiting: 0, running: 1 });
  assert.deepEqual(perDay([]), []);
});

test('median: odd and even counts, unsorted input, none', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([10, 2, 4, 8]), 6); // the mean of the middle two, after sorting by value
  assert.equal(median([]), null);
});

test('perWorkflow: success rate of the finished only, median duration of the finished, sorted by name', () => {
  const list = [
    exec('b', 'completed_state', at(2025, 1, 1), 1000),
    exec('b', 'completed_state', at(2025, 1, 2), 3000),
    exec('b', 'failed_state', at(2025, 1, 3), 500),
    exec('b', 'failed_state', at(2025, 1, 4), 900, { workflow_version: 2 }),
    exec('b', 'wait_for_response_state', at(2025, 1, 5), 99_000_000), // neither counted nor timed
    exec('a', 'processing_state', at(2025, 1, 6)),
  ];
  const stats = perWorkflow(list);
  assert.deepEqual(
    stats.map((w) => w.workflow_id),
    ['a', 'b'],
  );
  const [a, b] = stats;
  assert.equal(a.successRate, null, 'nothing finished: no rate rather than 0 %');
  assert.equal(a.medianMs, null);
  assert.equal(b.total, 5);
  assert.equal(b.successRate, 0.5); // 2 completed of 4 finished; the waiting one is not a failure
  assert.equal(b.medianMs, 950); // of 500, 900, 1000, 3000
  assert.equal(b.version, 2, 'links to the newest version executed');
  assert.equal(b.name, 'Name of b');
  assert.deepEqual(totals(list), { completed: 2, failed: 2, waiting: 1, running: 1 });
});

test('the seeded executions: every one counted once per day and per workflow', () => {
  const { executions, workflows } = seedData({ executions: 360 });
  assert.equal(
    perDay(executions).reduce((n, d) => n + d.total, 0),
    360,
  );
  const per = perWorkflow(executions);
  assert.equal(
    per.reduce((n, w) => n + w.total, 0),
    360,
  );
  assert.ok(per.length <= new Set(workflows.map((w) => w.workflow_id)).size);
});

test('formatDuration and formatPercent: units at their edges', () => {
  const cases = [
    [0, '0 ms'],
    [999, '999 ms'],
    [1000, '1.0 s'],
    [59_940, '59.9 s'],
    [59_950, '1 min'], // not "60.0 s"
    [3_569_000, '59 min'],
    [3_600_000, '1 h 0 min'],
    [5_400_000, '1 h 30 min'],
    [90_000_000, '1 d 1 h'],
  ];
  for (const [ms, text] of cases) assert.equal(formatDuration(ms), text, String(ms));
  assert.equal(formatDuration(null), '—');
  assert.equal(formatPercent(0.875), '88 %');
  assert.equal(formatPercent(0), '0 %');
  assert.equal(formatPercent(null), '—');
});
