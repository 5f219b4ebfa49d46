// Small SVG charts of our own (no chart library): stacked bars per day and a share meter.
// Each chart is one image with a summary for screen readers; the numbers also come as text
// (a table or the figure next to it), so nothing is told by colour alone.
import { el, svg } from './ui.js';

const H = 200; // plot height
const TOP = 18; // room for the totals above the bars
const LEFT = 40; // room for the y axis' numbers
const BOTTOM = 26; // room for the dates
const BAR = 34;
const STEP = 50; // from one bar to the next
const GAP = 22; // extra room where days without executions are skipped

/** A round step for about four grid lines up to `max`: 1, 2 or 5 times a power of ten. */
export function niceStep(max) {
  const rough = Math.max(max, 1) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
  return Math.max(1, step);
}

/** 'YYYY-MM-DD' as a short local date ('Nov 24'). */
export const shortDay = (key) => {
  const [y, m, d] = key.split('-').map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
};

/**
 * Stacked bars, one per day: `days` as perDay() gives them, `series` [{ key, label }] bottom
 * to top (each segment gets the class `seg-{key}`), `label` the chart's accessible name.
 */
export function stackedBars(days, series, { id, label }) {
  const step = niceStep(Math.max(...days.map((d) => d.total)));
  const top = Math.ceil(Math.max(...days.map((d) => d.total), 1) / step) * step;
  const y = (v) => TOP + H - (v / top) * H;
  let x = LEFT + 12;
  const bars = [];
  for (const d of days) {
    if (d.gapBefore > 0) {
      bars.push(gapMark(x + GAP / 2 - STEP / 2 + BAR / 2, y(0), d.gapBefore));
      x += GAP;
    }
    bars.push(bar(d, x, y, series));
    x += STEP;
  }
  const width = x - STEP + BAR + 12;
  const grid = [];
  for (let v = 0; v <= top; v += step)
    grid.push(
      svg(
        'g',
        { class: 'grid-line' },
        svg('line', { x1: LEFT, x2: width, y1: y(v), y2: y(v) }),
        svg('text', { x: LEFT - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)),
      ),
    );
  const total = days.reduce((n, d) => n + d.total, 0);
  const range =
    days.length > 1 ? `from ${shortDay(days[0].day)} to ${shortDay(days.at(-1).day)}` : shortDay(days[0].day);
  return svg(
    'svg',
    {
      class: 'chart',
      id,
      viewBox: `0 0 ${width} ${TOP + H + BOTTOM}`,
      width,
      height: TOP + H + BOTTOM,
      role: 'img',
      'aria-label': `${label}: ${total} executions on ${days.length} days ${range}. The table below has the numbers.`,
    },
    grid,
    bars,
  );
}

function bar(d, x, y, series) {
  let base = 0;
  const segments = series
    .filter((s) => d.counts[s.key] > 0)
    .map((s) => {
      const n = d.counts[s.key];
      const rect = svg(
        'rect',
        { class: `seg seg-${s.key}`, x, y: y(base + n), width: BAR, height: y(base) - y(base + n), 'data-count': n },
        svg('title', {}, `${shortDay(d.day)}: ${n} ${s.label.toLowerCase()}`),
      );
      base += n;
      return rect;
    });
  return svg(
    'g',
    { class: 'bar', 'data-day': d.day, 'data-total': d.total },
    segments,
    svg('text', { class: 'bar-total', x: x + BAR / 2, y: y(d.total) - 5, 'text-anchor': 'middle' }, String(d.total)),
    svg('text', { class: 'bar-day', x: x + BAR / 2, y: y(0) + 18, 'text-anchor': 'middle' }, shortDay(d.day)),
  );
}

/** Where days without executions are left out: a break in the axis. */
function gapMark(cx, y0, days) {
  return svg(
    'g',
    { class: 'gap-mark' },
    svg('title', {}, `${days} day${days === 1 ? '' : 's'} without executions left out`),
    svg('path', { d: `M ${cx - 5} ${y0 + 5} L ${cx - 1} ${y0 - 5} M ${cx + 1} ${y0 + 5} L ${cx + 5} ${y0 - 5}` }),
  );
}

/** A colour legend for `series`: a swatch and the words. */
export const legend = (series) =>
  el(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    series.map((s) => el('li', {}, el('span', { class: `swatch seg-${s.key}`, 'aria-hidden': 'true' }), s.label)),
  );

/** A horizontal meter of a share (0–1), decorative: the figure next to it says the number. */
export function meter(rate) {
  const w = 100;
  return svg(
    'svg',
    { class: 'meter', viewBox: `0 0 ${w} 10`, width: w, height: 10, 'aria-hidden': 'true' },
    svg('rect', { class: 'meter-track', width: w, height: 10, rx: 5 }),
    rate > 0 && svg('rect', { class: 'meter-fill', width: Math.max(4, rate * w), height: 10, rx: 5 }),
  );
}
