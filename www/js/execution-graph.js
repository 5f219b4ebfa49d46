// The execution page's graph: the workflow version's steps marked done, running (current),
// waiting, failed or not run, from the execution's condensed_logs (keyed by step id).
import { el, errorBox, svg } from './ui.js';
import { workflowGraph, STEP_STATES } from './graph.js';

const RUNNING_STATES = new Set(['start_state', 'processing_state', 'resumed_state']);
const LOG_STATES = { SUCCEEDED: 'done', WAITING: 'waiting', FAILED: 'failed' };

/**
 * Whether a step's logged output chose the branch `condition`: by its `decision`, or for
 * 'approved'/'rejected' by its `approved` flag (what a resume payload carries). Undefined
 * when it does not say.
 */
function chose(output, condition) {
  if (!condition || !output || typeof output !== 'object') return undefined;
  if (typeof output.decision === 'string') return output.decision === condition;
  if (typeof output.approved === 'boolean' && ['approved', 'rejected'].includes(condition))
    return output.approved === (condition === 'approved');
  return undefined;
}

/**
 * Each step's state and the edges taken. While the execution runs, the current step is the
 * first step without a log entry (in the version's order) that an edge from a done step leads
 * to (not a branch that step's output turned down), or that nothing leads to (the first step,
 * before anything has run).
 */
export function stepStates(execution, steps = [], connections = []) {
  const logs = execution.condensed_logs ?? {};
  const states = new Map();
  steps.forEach((s) => {
    const st = LOG_STATES[logs[s.id]?.status];
    if (st) states.set(s.id, st);
  });
  if (RUNNING_STATES.has(execution.workflow_current_state)) {
    const reachable = (s) => {
      const into = connections.filter((c) => c.to === s.id);
      return (
        into.length === 0 ||
        into.some((c) => states.get(c.from) === 'done' && chose(logs[c.from]?.output, c.condition) !== false)
      );
    };
    const current = steps.find((s) => !states.has(s.id) && reachable(s));
    if (current) states.set(current.id, 'current');
  }
  steps.forEach((s) => {
    if (!states.has(s.id)) states.set(s.id, 'notrun');
  });
  const taken = new Set(
    connections
      .filter((c) => states.get(c.from) === 'done' && states.get(c.to) !== 'notrun')
      .map((c) => `${c.from}→${c.to}`),
  );
  return { states, taken };
}

const legendIcon = (key) =>
  svg(
    'svg',
    { class: 'graph', viewBox: '-12 -12 24 24', 'aria-hidden': 'true' },
    svg(
      'g',
      { class: `node node-${key}` },
      STEP_STATES[key].icon
        ? [
            svg('circle', { class: 'node-icon', r: 10 }),
            svg('path', { class: 'node-icon-glyph', d: STEP_STATES[key].icon }),
          ]
        : svg('rect', { x: -9, y: -9, width: 18, height: 18, rx: 4 }),
    ),
  );

function legend(states) {
  const shown = Object.keys(STEP_STATES).filter((k) => [...states.values()].includes(k));
  return el(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    shown.map((k) => el('li', {}, legendIcon(k), STEP_STATES[k].word)),
  );
}

/** The "Steps" card: the graph of the execution's workflow version, or why it is missing. */
export function executionGraphCard(execution, workflow) {
  const card = (...content) =>
    el(
      'section',
      { class: 'card', id: 'graph', 'aria-labelledby': 'graph-title' },
      el('h3', { id: 'graph-title' }, 'Steps'),
      ...content,
    );
  if (!workflow)
    return card(
      el(
        'p',
        { class: 'loading' },
        el('span', { class: 'spinner', 'aria-hidden': 'true' }),
        'Loading the workflow version…',
      ),
    );
  if (workflow.error) return card(errorBox(workflow.error, 'Loading the workflow version failed'));
  const { workflow_steps: steps, workflow_connections: connections } = workflow.item;
  const { states, taken } = stepStates(execution, steps, connections);
  return card(
    legend(states),
    workflowGraph(steps, connections, {
      id: 'execution-graph',
      label: "Graph of the execution's steps",
      states,
      taken,
    }),
  );
}
