// Plain summaries of list data for the views, no DOM (tested in Node: tests/e2e/stats.test.mjs):
// workflow versions grouped per workflow, and the overview's executions per day, per workflow
// and waiting.

/** Workflow versions grouped per workflow, sorted by name: { workflow_id, name, latest, versions } (newest first). */
export function groupWorkflows(items) {
  const byId = new Map();
  for (const item of items) byId.set(item.workflow_id, [...(byId.get(item.workflow_id) ?? []), item]);
  return [...byId.values()]
    .map((versions) => {
      versions.sort((a, b) => Number(b.workflow_version) - Number(a.workflow_version));
      // The service marks the latest version; without a mark, the highest one.
      const latest = versions.find((v) => v.latest === 'true') ?? versions[0];
      return {
        workflow_id: latest.workflow_id,
        name: String(latest.workflow_name ?? latest.workflow_id),
        latest,
        versions,
      };
    })
    .sort((a, b) => byName(a, b) || a.workflow_id.localeCompare(b.workflow_id));
}

const byName = (a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base', numeric: true });

/** Whether a workflow's name or id contains `text` (any case); an empty text matches all. */
export function matchesSearch(workflow, text) {
  const q = String(text).trim().toLowerCase();
  return !q || workflow.name.toLowerCase().includes(q) || workflow.workflow_id.toLowerCase().includes(q);
}

/** The outcomes an execution is counted under, in the order the charts stack them. */
export const OUTCOMES = ['completed', 'failed', 'waiting', 'running'];
const OUTCOME_OF = { completed_state: 'completed', failed_state: 'failed', wait_for_response_state: 'waiting' };

/** An execution's outcome: completed, failed, waiting (for a response), else running. */
export const outcomeOf = (state) => OUTCOME_OF[state] ?? 'running';

const pad = (n) => String(n).padStart(2, '0');

/** The local calendar day of a timestamp, 'YYYY-MM-DD'. */
export function dayOf(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Days since the epoch of a 'YYYY-MM-DD' (calendar arithmetic, no time zone). */
const dayNumber = (key) => {
  const [y, m, d] = key.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
};

const zeroCounts = () => Object.fromEntries(OUTCOMES.map((o) => [o, 0]));

/**
 * Executions per local day (of `created_on`) and outcome, for the `maxDays` most recent days that
 * have any, oldest first: { day, total, counts, gapBefore } where gapBefore is how many days
 * without executions lie between this day and the one shown before it.
 */
export function perDay(executions, maxDays = 14) {
  const days = new Map();
  for (const x of executions) {
    if (typeof x.created_on !== 'number') continue;
    const key = dayOf(x.created_on);
    const day = days.get(key) ?? { day: key, total: 0, counts: zeroCounts() };
    day.counts[outcomeOf(x.workflow_current_state)] += 1;
    day.total += 1;
    days.set(key, day);
  }
  const shown = [...days.values()].sort((a, b) => a.day.localeCompare(b.day)).slice(-maxDays);
  return shown.map((d, i) => ({ ...d, gapBefore: i === 0 ? 0 : dayNumber(d.day) - dayNumber(shown[i - 1].day) - 1 }));
}

/** The median of numbers, or null when there are none. */
export function median(values) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Per workflow, sorted by name: { workflow_id, name, version (the newest executed), total,
 * completed, failed, successRate (completed / finished, null before any finished), medianMs
 * (from start to last change, of the finished ones; null before any) }.
 */
export function perWorkflow(executions) {
  const byId = new Map();
  for (const x of executions) {
    const w = byId.get(x.workflow_id) ?? {
      workflow_id: x.workflow_id,
      name: String(x.workflow_details?.workflow_name ?? x.workflow_id),
      version: x.workflow_version,
      total: 0,
      completed: 0,
      failed: 0,
      durations: [],
    };
    if (Number(x.workflow_version) > Number(w.version)) w.version = x.workflow_version;
    w.total += 1;
    const outcome = outcomeOf(x.workflow_current_state);
    if (outcome === 'completed' || outcome === 'failed') {
      w[outcome] += 1;
      const ms = x.modified_on - x.created_on;
      if (Number.isFinite(ms) && ms >= 0) w.durations.push(ms);
    }
    byId.set(x.workflow_id, w);
  }
  return [...byId.values()]
    .map(({ durations, ...w }) => {
      const finished = w.completed + w.failed;
      return { ...w, successRate: finished ? w.completed / finished : null, medianMs: median(durations) };
    })
    .sort(byName);
}

/** Totals per outcome over all executions. */
export function totals(executions) {
  const counts = zeroCounts();
  for (const x of executions) counts[outcomeOf(x.workflow_current_state)] += 1;
  return counts;
}

/** A duration in words: '850 ms', '4.2 s', '12 min', '3 h 5 min', '2 d 4 h'. */
export function formatDuration(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 59.95) return `${s.toFixed(1)} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** A share as a whole percentage: 0.875 → '88 %'; null → '—'. */
export const formatPercent = (rate) => (rate === null || rate === undefined ? '—' : `${Math.round(rate * 100)} %`);
