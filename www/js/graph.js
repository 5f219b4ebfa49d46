// Draws a workflow's steps and connections as an SVG graph (layout: graph-layout.js).
// The SVG is one image with a short accessible name; the text alternative is a list of the
// steps in reading order with where each leads (and, for an execution, each step's state).
import { el, svg } from './ui.js';
import { layoutGraph, NODE_W, NODE_H } from './graph-layout.js';

const CHARS_PER_LINE = 21; // of the 13 px name in a 176 px node (measured: ~7.4 px per char)

/** A step's state in an execution: the word shown on its node and its icon (a path, not a font glyph). */
export const STEP_STATES = {
  done: { word: 'done', icon: 'M -5 0.5 L -1.5 4 L 5 -3.5' }, // a tick
  current: { word: 'running', icon: 'M -3 -5 L 5 0 L -3 5 Z' }, // a play triangle
  waiting: { word: 'waiting', icon: 'M -3 -5 V 5 M 3 -5 V 5' }, // pause bars
  failed: { word: 'failed', icon: 'M -4 -4 L 4 4 M 4 -4 L -4 4' }, // a cross
  notrun: { word: 'not run' },
};

/** Up to two lines of at most `max` characters, breaking between words; "…" when cut. */
export function wrapLines(text, max = CHARS_PER_LINE) {
  const lines = [''];
  for (const word of String(text).split(/\s+/).filter(Boolean)) {
    const line = lines.at(-1);
    if (!line) lines[lines.length - 1] = word;
    else if (line.length + 1 + word.length <= max) lines[lines.length - 1] = `${line} ${word}`;
    else lines.push(word);
  }
  const shown = lines.slice(0, 2).map((l) => (l.length > max ? `${l.slice(0, max - 1)}…` : l));
  if (lines.length > 2 && !shown[1].endsWith('…')) shown[1] = `${shown[1].slice(0, max - 1)}…`;
  return shown;
}

function nodeGroup({ step, x, y }, state) {
  const name = step.name ?? step.id;
  const info = STEP_STATES[state];
  const left = info?.icon ? 34 : 12;
  const lines = wrapLines(name, info?.icon ? CHARS_PER_LINE - 3 : CHARS_PER_LINE);
  const top = lines.length === 1 ? 27 : 20;
  const type = [step.type ?? 'step', info?.word].filter(Boolean).join(' · ');
  return svg(
    'g',
    {
      class: `node${state ? ` node-${state}` : ''}`,
      transform: `translate(${x} ${y})`,
      'data-step-id': step.id,
      'data-state': state,
    },
    svg('title', {}, `${name} (${type})`),
    svg('rect', { width: NODE_W, height: NODE_H, rx: 8 }),
    info?.icon && svg('circle', { class: 'node-icon', cx: 18, cy: NODE_H / 2, r: 10 }),
    info?.icon && svg('path', { class: 'node-icon-glyph', d: info.icon, transform: `translate(18 ${NODE_H / 2})` }),
    lines.map((line, i) => svg('text', { class: 'node-name', x: left, y: top + i * 16 }, line)),
    svg('text', { class: 'node-type', x: left, y: top + lines.length * 16 + 1 }, type),
  );
}

function edgeGroup({ connection, d, label, back }, taken, markerId) {
  const cls = ['edge', taken && 'edge-taken', back && 'edge-back'].filter(Boolean).join(' ');
  const cond = connection.condition;
  const w = cond ? String(cond).length * 7 + 12 : 0;
  // A back edge shares its band with the edge it returns along: its label goes beside it.
  const cx = back ? label.x + w / 2 + 3 : label.x;
  return svg(
    'g',
    { class: cls, 'data-from': connection.from, 'data-to': connection.to },
    svg('path', { d, 'marker-end': `url(#${markerId}${taken ? '-taken' : ''})` }),
    cond &&
      svg(
        'g',
        { class: 'edge-label' },
        svg('rect', { x: cx - w / 2, y: label.y - 10, width: w, height: 20, rx: 10 }),
        svg('text', { x: cx, y: label.y + 4, 'text-anchor': 'middle' }, String(cond)),
      ),
  );
}

const arrow = (id) =>
  svg(
    'marker',
    {
      id,
      viewBox: '0 0 10 10',
      refX: 9,
      refY: 5,
      markerWidth: 10,
      markerHeight: 10,
      markerUnits: 'userSpaceOnUse',
      orient: 'auto-start-reverse',
    },
    svg('path', { d: 'M 0 0 L 10 5 L 0 10 z' }),
  );

/** The text alternative: each step in reading order, its state, and where it leads. */
function stepList(layout, states, id) {
  const names = new Map(layout.nodes.map((n) => [n.step.id, n.step.name ?? n.step.id]));
  const ordered = [...layout.nodes].sort((a, b) => a.layer - b.layer || a.x - b.x);
  return el(
    'ol',
    { class: 'graph-text', id },
    ordered.map(({ step }) => {
      const next = layout.edges
        .filter((e) => e.connection.from === step.id)
        .map((e) => `${names.get(e.connection.to)}${e.connection.condition ? ` when ${e.connection.condition}` : ''}`);
      const state = STEP_STATES[states?.get(step.id)]?.word;
      return el(
        'li',
        {},
        `${names.get(step.id)} (${step.type ?? 'step'})${state ? `, ${state}` : ''}. `,
        next.length ? `Leads to ${next.join('; ')}.` : 'Ends here.',
      );
    }),
  );
}

/**
 * The graph of `steps` and `connections` as a figure that scales down, then scrolls. Options:
 * `id` (prefix of the element ids), `label` (its accessible name), `states` (Map step id → a
 * key of STEP_STATES, for an execution), `taken` (Set of "from→to" of the edges taken),
 * `textList` (false when the page already lists the steps as text next to the graph).
 */
export function workflowGraph(
  steps,
  connections,
  { id = 'graph', label = 'Workflow graph', states, taken, textList: withList = true } = {},
) {
  if (!steps?.length) return el('p', { class: 'muted' }, 'No steps.');
  const layout = layoutGraph(steps, connections ?? []);
  const alt = withList ? 'A list of the steps follows.' : 'The lists below give the same as text.';
  const picture = svg(
    'svg',
    {
      class: 'graph',
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      width: layout.width,
      height: layout.height,
      role: 'img',
      'aria-label': `${label}: ${layout.nodes.length} steps and ${layout.edges.length} connections, drawn top-down. ${alt}`,
      // Scales down to the width available, but not below 3/4 of its size: then it scrolls.
      style: `min-width: ${Math.round(layout.width * 0.75)}px`,
    },
    svg('defs', {}, arrow(`${id}-arrow`), arrow(`${id}-arrow-taken`)),
    svg(
      'g',
      { class: 'edges' },
      layout.edges.map((e) => edgeGroup(e, taken?.has(`${e.connection.from}→${e.connection.to}`), `${id}-arrow`)),
    ),
    svg(
      'g',
      { class: 'nodes' },
      layout.nodes.map((n) => nodeGroup(n, states?.get(n.step.id))),
    ),
  );
  return el(
    'figure',
    { class: 'graph-figure', id },
    // Focusable so that the keyboard can scroll it when it is wider than the screen.
    el('div', { class: 'graph-scroll', tabindex: 0, role: 'group', 'aria-label': label }, picture),
    layout.cyclic &&
      el(
        'p',
        { class: 'hint' },
        'This workflow has a cycle: the connections that close it are drawn dashed, going back up.',
      ),
    layout.ignored.length > 0 &&
      el('p', { class: 'hint' }, `${layout.ignored.length} connection(s) name unknown steps and are not drawn.`),
    withList && el('div', { class: 'visually-hidden' }, stepList(layout, states, `${id}-text`)),
  );
}
