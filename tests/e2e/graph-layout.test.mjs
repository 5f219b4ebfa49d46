// The demo's graph layout (www/js/graph-layout.js) on plain values, in Node: no browser.
// Each test names the mistake it catches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutGraph, NODE_H } from '../../www/js/graph-layout.js';
import { buildSteps, buildConnections } from '../../server/workflows.mjs';
import { WORKFLOW_CATALOG } from '../../server/catalog.mjs';

const steps = (n) => Array.from({ length: n }, (_, i) => ({ id: `s${i}`, name: `Step ${i}` }));
const edge = (from, to, condition) => ({ from: `s${from}`, to: `s${to}`, ...(condition ? { condition } : {}) });
const at = (layout) => Object.fromEntries(layout.nodes.map((n) => [n.step.id, n]));

/** Segments cross when two edges between the same layers swap sides. */
function crossingsBetweenAdjacentLayers(layout, connections) {
  const n = at(layout);
  const spans = connections.filter((c) => n[c.to].layer === n[c.from].layer + 1);
  let count = 0;
  spans.forEach((a, i) =>
    spans.slice(i + 1).forEach((b) => {
      if (n[a.from].layer === n[b.from].layer && (n[a.from].x - n[b.from].x) * (n[a.to].x - n[b.to].x) < 0) count++;
    }),
  );
  return count;
}

test('every edge of a DAG points down: longest-path layers (catches an edge whose target sits on or above its source)', () => {
  // Branch at 0, join at 3, a long edge 0 → 4 and a chain.
  const s = steps(6);
  const c = [edge(0, 1), edge(0, 2), edge(1, 3), edge(2, 3), edge(3, 4), edge(0, 4), edge(4, 5)];
  const layout = layoutGraph(s, c);
  const n = at(layout);
  assert.equal(layout.cyclic, false);
  for (const e of c) assert.ok(n[e.to].layer > n[e.from].layer, `${e.from} → ${e.to}`);
  assert.deepEqual(
    s.map((x) => n[x.id].layer),
    [0, 1, 1, 2, 3, 4],
    'longest path, not shortest (s4 after the join)',
  );
  assert.equal(layout.edges.length, c.length);
  assert.equal(layout.height, 14 * 2 + 5 * NODE_H + 4 * 48, 'five layers');
});

test('nodes of one layer do not overlap (catches x positions computed per node instead of per layer)', () => {
  const s = steps(5);
  const layout = layoutGraph(s, [edge(0, 1), edge(0, 2), edge(0, 3), edge(0, 4)]);
  const xs = layout.nodes
    .filter((n) => n.layer === 1)
    .map((n) => n.x)
    .sort((a, b) => a - b);
  xs.slice(1).forEach((x, i) => assert.ok(x - xs[i] >= 176, `${xs[i]} and ${x}`));
  assert.ok(layout.nodes.every((n) => n.x >= 0 && n.x + 176 <= layout.width));
});

test('the crossing-reducing order untangles a crossed pair (catches the sweeps being skipped)', () => {
  // In step order the second layer is [s2, s3] under [s0, s1], with s0 → s3 and s1 → s2: one crossing.
  const s = [{ id: 's0' }, { id: 's1' }, { id: 's2' }, { id: 's3' }];
  const c = [edge(0, 3), edge(1, 2)];
  const layout = layoutGraph(s, c);
  assert.equal(crossingsBetweenAdjacentLayers(layout, c), 0);
});

test('a cycle terminates, gets layers and is flagged; its closing edge is drawn back up (catches an endless layering loop)', () => {
  const s = steps(4);
  const c = [edge(0, 1), edge(1, 2), edge(2, 0), edge(2, 3), edge(3, 3)];
  const layout = layoutGraph(s, c);
  assert.equal(layout.cyclic, true);
  assert.deepEqual(
    s.map((x) => at(layout)[x.id].layer),
    [0, 1, 2, 3],
  );
  assert.equal(layout.edges.length, c.length, 'the back edge and the self-loop are drawn too');
  assert.deepEqual(
    layout.edges
      .filter((e) => e.back)
      .map((e) => `${e.connection.from}→${e.connection.to}`)
      .sort(),
    ['s2→s0', 's3→s3'],
  );
});

test('bad data: unknown steps, duplicate ids, nothing at all (catches a throw on input a server might send)', () => {
  const layout = layoutGraph(
    [{ id: 'a' }, { id: 'a' }, { id: 'b' }],
    [
      { from: 'a', to: 'b' },
      { from: 'a', to: 'zzz' },
    ],
  );
  assert.equal(layout.nodes.length, 2);
  assert.deepEqual(layout.ignored, [{ from: 'a', to: 'zzz' }]);
  assert.deepEqual(layoutGraph([], []).nodes, []);
  assert.doesNotThrow(() => layoutGraph(undefined, undefined));
});

test('a large random graph with cycles lays out in well under a second (catches exponential work)', () => {
  let seed = 7;
  const rand = (n) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const s = steps(200);
  const c = Array.from({ length: 400 }, () => edge(rand(200), rand(200)));
  const started = performance.now();
  const layout = layoutGraph(s, c);
  assert.ok(performance.now() - started < 1000);
  assert.equal(layout.nodes.length, 200);
});

test('the seeded approval workflows branch and join: approved/rejected side by side, "Finish" below both', () => {
  for (const def of WORKFLOW_CATALOG.filter((d) => d.approval)) {
    for (let version = 1; version <= def.versions; version++) {
      const s = buildSteps(def, version);
      const c = buildConnections(s);
      const n = Object.fromEntries(layoutGraph(s, c).nodes.map((x) => [x.step.name, x]));
      const approval = s.find((x) => x.type === 'approval');
      const branches = c
        .filter((x) => x.from === approval.id)
        .map((x) => x.condition)
        .sort();
      assert.deepEqual(branches, ['approved', 'rejected'], `${def.name} v${version}`);
      assert.ok(n.Finish.layer > n['Notify rejection'].layer, `${def.name} v${version}: joins at Finish`);
      assert.ok(n['Notify rejection'].layer === n[approval.name].layer + 1);
    }
  }
});
