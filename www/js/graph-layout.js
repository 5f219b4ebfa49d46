// A small layered (Sugiyama-style) layout of a directed graph, top-down, on plain values:
// no DOM, no dependency. Steps are the nodes, connections the edges.
//   1. cycles: a depth-first search in step order finds the edges that close a cycle; they are
//      laid out reversed (and drawn back upwards), so any graph gets layers and nothing loops;
//   2. layers: longest path from the sources;
//   3. an edge that spans several layers gets a bend point (a dummy node) in each layer between;
//   4. order in a layer: barycentre sweeps down and up, keeping the order with fewest crossings;
//   5. coordinates: each layer centred; edges are smooth curves between the layers.

export const NODE_W = 176;
export const NODE_H = 60;
const GAP_X = 28; // between neighbours in a layer
const GAP_Y = 48; // between layers: room for a condition label
const DUMMY_W = 20; // the width a bend point takes in its layer
const PAD = 14;
const LOOP_W = 34; // room on the right for self-loops
const PORT_GAP = 26; // between the ends of edges leaving (or entering) one node side by side
const SWEEPS = 8;

/** Edges whose removal leaves the graph acyclic (the back edges of a DFS in node order). */
function backEdges(count, edges) {
  const out = Array.from({ length: count }, () => []);
  edges.forEach((e) => out[e.from].push(e));
  const state = new Uint8Array(count); // 0 unseen, 1 on the DFS stack, 2 finished
  const back = new Set();
  for (let root = 0; root < count; root++) {
    if (state[root]) continue;
    state[root] = 1;
    const stack = [{ v: root, k: 0 }]; // iterative, so a long chain cannot overflow the stack
    while (stack.length) {
      const top = stack.at(-1);
      const e = out[top.v][top.k++];
      if (!e) {
        state[top.v] = 2;
        stack.pop();
        continue;
      }
      if (state[e.to] === 1) back.add(e);
      else if (state[e.to] === 0) {
        state[e.to] = 1;
        stack.push({ v: e.to, k: 0 });
      }
    }
  }
  return back;
}

/** Longest-path layer of each node over acyclic edges (Kahn's order; terminates on any input). */
function longestPathLayers(count, dagEdges) {
  const layer = new Array(count).fill(0);
  const indegree = new Array(count).fill(0);
  const out = Array.from({ length: count }, () => []);
  dagEdges.forEach(([u, v]) => {
    out[u].push(v);
    indegree[v]++;
  });
  const queue = [...layer.keys()].filter((v) => indegree[v] === 0);
  for (let i = 0; i < queue.length; i++) {
    for (const v of out[queue[i]]) {
      layer[v] = Math.max(layer[v], layer[queue[i]] + 1);
      if (--indegree[v] === 0) queue.push(v);
    }
  }
  return layer;
}

/** Segments (between adjacent layers) that cross, for one ordering. */
function crossings(segments, pos) {
  const byLayer = new Map();
  segments.forEach((s) => byLayer.set(s.layer, [...(byLayer.get(s.layer) ?? []), s]));
  let n = 0;
  for (const list of byLayer.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = [list[i], list[j]];
        if ((pos[a.u] - pos[b.u]) * (pos[a.v] - pos[b.v]) < 0) n++;
      }
    }
  }
  return n;
}

/** Orders each layer by the mean position of its neighbours; returns the best order found. */
function orderLayers(layers, segments, count) {
  const up = Array.from({ length: count }, () => []);
  const down = Array.from({ length: count }, () => []);
  segments.forEach((s) => {
    up[s.v].push(s.u);
    down[s.u].push(s.v);
  });
  const pos = new Array(count);
  const setPos = () =>
    layers.forEach((l) =>
      l.forEach((v, i) => {
        pos[v] = i;
      }),
    );
  setPos();
  let best = { order: layers.map((l) => [...l]), n: crossings(segments, pos) };
  const sweep = (range, neighbours) => {
    for (const li of range) {
      const bc = (v) =>
        neighbours[v].length ? neighbours[v].reduce((s, u) => s + pos[u], 0) / neighbours[v].length : pos[v];
      const keyed = layers[li].map((v) => [bc(v), pos[v], v]);
      keyed.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      layers[li] = keyed.map((k) => k[2]);
      layers[li].forEach((v, i) => {
        pos[v] = i;
      });
    }
  };
  const downRange = [...layers.keys()].slice(1);
  const upRange = [...layers.keys()].reverse().slice(1);
  for (let i = 0; i < SWEEPS && best.n > 0; i++) {
    sweep(i % 2 ? upRange : downRange, i % 2 ? down : up);
    const n = crossings(segments, pos);
    if (n < best.n) best = { order: layers.map((l) => [...l]), n };
  }
  return best.order;
}

/** Edges leaving (entering) one node side by side, ordered by where they go (come from). */
function assignPorts(edges, x) {
  for (const [end, next, prop] of [
    [0, 1, 'outX'],
    [-1, -2, 'inX'],
  ]) {
    const groups = new Map();
    edges.forEach((e) => {
      const k = e.chain.at(end);
      groups.set(k, [...(groups.get(k) ?? []), e]);
    });
    for (const list of groups.values()) {
      list.sort((a, b) => x[a.chain.at(next)] - x[b.chain.at(next)]);
      list.forEach((e, i) => {
        e[prop] = (i - (list.length - 1) / 2) * PORT_GAP;
      });
    }
  }
}

const curve = (a, b) => `C ${a.x} ${(a.y + b.y) / 2} ${b.x} ${(a.y + b.y) / 2} ${b.x} ${b.y}`;

/** The SVG path through `points`: curves between layers, straight through a bend's layer. */
function pathData(points) {
  let d = `M ${points[0].x} ${points[0].y}`;
  for (let i = 1; i < points.length; i++)
    d += ` ${i % 2 ? curve(points[i - 1], points[i]) : `L ${points[i].x} ${points[i].y}`}`;
  return d;
}

/**
 * Lays out `steps` ({ id, … }) and `connections` ({ from, to, condition? }). Returns
 * { width, height, nodes: [{ step, x, y, layer }], edges: [{ connection, d, label, back }],
 *   ignored: [connections naming unknown steps], cyclic }. Pure; never loops forever.
 */
export function layoutGraph(steps = [], connections = []) {
  const index = new Map();
  steps.forEach((s, i) => {
    if (!index.has(s.id)) index.set(s.id, i);
  });
  const nodesIn = steps.filter((s, i) => index.get(s.id) === i); // first of duplicate ids
  nodesIn.forEach((s, i) => index.set(s.id, i));
  const known = connections.filter((c) => index.has(c.from) && index.has(c.to));
  const edges = known.map((c) => ({ connection: c, from: index.get(c.from), to: index.get(c.to) }));
  const loops = edges.filter((e) => e.from === e.to);
  const plain = edges.filter((e) => e.from !== e.to);
  const back = backEdges(nodesIn.length, plain);
  plain.forEach((e) => {
    e.back = back.has(e);
    [e.u, e.v] = e.back ? [e.to, e.from] : [e.from, e.to];
  });
  const layerOf = longestPathLayers(
    nodesIn.length,
    plain.map((e) => [e.u, e.v]),
  );

  // Bend points: node ids >= nodesIn.length are dummies.
  let count = nodesIn.length;
  const layerOfAll = [...layerOf];
  const segments = [];
  plain.forEach((e) => {
    e.chain = [e.u];
    for (let l = layerOf[e.u] + 1; l < layerOf[e.v]; l++) {
      layerOfAll[count] = l;
      e.chain.push(count++);
    }
    e.chain.push(e.v);
    e.chain.slice(1).forEach((v, i) => segments.push({ u: e.chain[i], v, layer: layerOfAll[e.chain[i]] }));
  });
  const depth = count ? Math.max(...layerOfAll) + 1 : 0;
  const layers = Array.from({ length: depth }, () => []);
  layerOfAll.forEach((l, v) => layers[l].push(v));
  const order = orderLayers(layers, segments, count);

  // Coordinates: each layer centred on the widest one.
  const w = (v) => (v < nodesIn.length ? NODE_W : DUMMY_W);
  const span = (l) => l.reduce((s, v) => s + w(v), 0) + GAP_X * Math.max(0, l.length - 1);
  const inner = Math.max(0, ...order.map(span));
  const x = new Array(count);
  const y = (l) => PAD + l * (NODE_H + GAP_Y);
  order.forEach((l) => {
    let left = PAD + (inner - span(l)) / 2;
    l.forEach((v) => {
      x[v] = left + w(v) / 2;
      left += w(v) + GAP_X;
    });
  });

  assignPorts(plain, x);

  const out = plain.map((e) => {
    const pts = [{ x: x[e.u] + e.outX, y: y(layerOfAll[e.u]) + NODE_H }];
    e.chain
      .slice(1, -1)
      .forEach((v) => pts.push({ x: x[v], y: y(layerOfAll[v]) }, { x: x[v], y: y(layerOfAll[v]) + NODE_H }));
    pts.push({ x: x[e.v] + e.inX, y: y(layerOfAll[e.v]) });
    if (e.back) pts.reverse(); // drawn from its own source, upwards
    const [a, b] = [pts[0], pts[1]];
    return {
      connection: e.connection,
      d: pathData(pts),
      label: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 },
      back: e.back,
    };
  });
  loops.forEach((e) => {
    const [r, top] = [x[e.from] + NODE_W / 2, y(layerOf[e.from])];
    const d = `M ${r} ${top + 18} C ${r + LOOP_W} ${top + 4} ${r + LOOP_W} ${top + NODE_H - 4} ${r} ${top + NODE_H - 18}`;
    out.push({ connection: e.connection, d, label: { x: r + LOOP_W - 6, y: top + NODE_H / 2 }, back: true });
  });
  return {
    width: inner + 2 * PAD + (loops.length ? LOOP_W : 0),
    height: depth ? y(depth - 1) + NODE_H + PAD : 0,
    nodes: nodesIn.map((step, v) => ({ step, x: x[v] - NODE_W / 2, y: y(layerOf[v]), layer: layerOf[v] })),
    edges: out,
    ignored: connections.filter((c) => !known.includes(c)),
    cyclic: back.size + loops.length > 0,
  };
}
