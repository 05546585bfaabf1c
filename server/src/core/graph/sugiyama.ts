/**
 * A layered (Sugiyama) layout of one flat scope, top to bottom, in plain arrays: the same steps
 * and spacing as @dagrejs/dagre, which it replaced because dagre's graph objects cost about a
 * millisecond per call even for a handful of boxes, and a large machine has hundreds of scopes
 * and stretches (blocks.ts).
 *
 * 1. Loops: edges a depth-first search finds going back are turned around for the layout.
 * 2. Ranks: longest path from the top (every edge two layers long, so that each edge has a
 *    middle layer for its label, as in dagre); boxes with no way in sit just above their
 *    highest successor instead of at the top.
 * 3. Long edges become chains of dummy points, one per layer; a label is a dummy of its size.
 * 4. Order in each layer: barycentre sweeps down and up, keeping the order with the fewest
 *    crossings (counted exactly per pair of layers).
 * 5. x: sweeps that pull each box towards the mean of its neighbours above (then below), solved
 *    exactly per layer under the order and the gaps (weighted isotonic regression); edges between
 *    dummies weigh most, so long edges run straight.
 * 6. y: layers stacked by their tallest box, RANK_SEP apart between two layers of boxes.
 */
import { depthFirst } from './depthFirst';
import type { Point } from './types';

export interface SugiyamaInput {
  items: { id: string; width: number; height: number }[];
  edges: { id: string; from: string; to: string; labelWidth?: number; labelHeight?: number }[];
  nodeSep: number;
  rankSep: number;
  edgeSep: number;
}

export interface SugiyamaOutput {
  centers: Map<string, Point>;
  /** Per edge: its source's centre, the points it passes through, its target's centre. */
  points: Map<string, Point[]>;
  labels: Map<string, Point>;
}

/** Sweeps for the order: at most this many, and stop after this many without fewer crossings. */
const ORDER_SWEEPS = 24;
const ORDER_PATIENCE = 4;
/** Sweeps (down then up) placing boxes horizontally. */
const PLACE_ROUNDS = 6;
/** How hard an edge pulls, by what it joins (box-box, box-dummy, dummy-dummy), as in Gansner et al. */
const WEIGHT_REAL = 1;
const WEIGHT_MIXED = 2;
const WEIGHT_DUMMY = 8;
/** A box with no neighbour on the side of a sweep keeps its place, lightly. */
const WEIGHT_STAY = 0.01;
/** Room on the right of a box for a self-loop. */
const SELF_LOOP_SPAN = 24;

export function sugiyama(input: SugiyamaInput): SugiyamaOutput {
  const n = input.items.length;
  const index = new Map<string, number>();
  input.items.forEach((it, i) => index.set(it.id, i));

  // ---- 1. loops turned around
  const edges: { id: string; u: number; v: number; reversed: boolean; lw: number; lh: number }[] = [];
  const selfLoops: { id: string; v: number; lw: number; lh: number }[] = [];
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (const e of input.edges) {
    const u = index.get(e.from);
    const v = index.get(e.to);
    if (u === undefined || v === undefined) continue;
    if (u === v) selfLoops.push({ id: e.id, v: u, lw: e.labelWidth ?? 0, lh: e.labelHeight ?? 0 });
    else {
      succ[u].push(edges.length);
      edges.push({ id: e.id, u, v, reversed: false, lw: e.labelWidth ?? 0, lh: e.labelHeight ?? 0 });
    }
  }
  const order = topologicalOrder(n, succ, edges);

  // ---- 2. ranks (even: boxes; odd: labels and edges between)
  const rank = new Int32Array(n);
  const out: number[][] = Array.from({ length: n }, () => []);
  const inn: number[][] = Array.from({ length: n }, () => []);
  edges.forEach((e, i) => {
    out[e.u].push(i);
    inn[e.v].push(i);
  });
  for (const v of order) for (const i of out[v]) if (rank[edges[i].v] < rank[v] + 2) rank[edges[i].v] = rank[v] + 2;
  for (let k = order.length - 1; k >= 0; k--) {
    const v = order[k];
    if (inn[v].length > 0 || out[v].length === 0) continue;
    let r = Infinity;
    for (const i of out[v]) r = Math.min(r, rank[edges[i].v] - 2);
    rank[v] = r;
  }
  let minRank = Infinity;
  for (let v = 0; v < n; v++) minRank = Math.min(minRank, rank[v]);
  if (n > 0 && minRank !== 0) for (let v = 0; v < n; v++) rank[v] -= minRank;

  // ---- 3. dummies: node k >= n is a point of an edge; segments join nodes of adjacent layers
  const width: number[] = input.items.map((it) => it.width);
  const height: number[] = input.items.map((it) => it.height);
  const layerOf: number[] = Array.from(rank);
  const dummy: boolean[] = input.items.map(() => false);
  const right: number[] = input.items.map(() => 0);
  for (const s of selfLoops) right[s.v] = Math.max(right[s.v], SELF_LOOP_SPAN + s.lw);
  const path: number[][] = [];
  const labelNode: number[] = [];
  const up: number[][] = Array.from({ length: n }, () => []);
  const down: number[][] = Array.from({ length: n }, () => []);
  const addNode = (layer: number, w: number, h: number): number => {
    width.push(w);
    height.push(h);
    layerOf.push(layer);
    dummy.push(true);
    right.push(0);
    up.push([]);
    down.push([]);
    return width.length - 1;
  };
  for (const e of edges) {
    const top = rank[e.u];
    const span = rank[e.v] - top;
    // The label's layer: the middle one, moved up to an odd (box-free) layer when it falls on a box layer.
    const half = span / 2;
    const labelAt = e.lw > 0 ? top + (half % 2 === 1 ? half : Math.max(1, half - 1)) : -1;
    const nodes = [e.u];
    let label = -1;
    for (let r = top + 1; r < top + span; r++) {
      const isLabel = r === labelAt;
      const d = addNode(r, isLabel ? e.lw : 0, isLabel ? e.lh : 0);
      if (isLabel) label = d;
      nodes.push(d);
    }
    nodes.push(e.v);
    for (let k = 1; k < nodes.length; k++) {
      down[nodes[k - 1]].push(nodes[k]);
      up[nodes[k]].push(nodes[k - 1]);
    }
    path.push(nodes);
    labelNode.push(label);
  }
  const total = width.length;
  let layerCount = 0;
  for (let k = 0; k < total; k++) layerCount = Math.max(layerCount, layerOf[k] + 1);
  const layers: number[][] = Array.from({ length: layerCount }, () => []);

  // ---- 4. order: first by a depth-first walk from the boxes in input order, then sweeps
  const seen = new Uint8Array(total);
  const visit = (root: number): void => {
    const stack = [root];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (seen[k]) continue;
      seen[k] = 1;
      layers[layerOf[k]].push(k);
      for (let j = down[k].length - 1; j >= 0; j--) if (!seen[down[k][j]]) stack.push(down[k][j]);
    }
  };
  const byRank = Array.from({ length: n }, (_, i) => i).sort((a, b) => rank[a] - rank[b] || a - b);
  for (const v of byRank) visit(v);
  for (let k = 0; k < total; k++) if (!seen[k]) visit(k);
  const pos = new Float64Array(total);
  const setPositions = (): void => layers.forEach((l) => l.forEach((k, i) => (pos[k] = i)));
  setPositions();
  let best = layers.map((l) => l.slice());
  let bestCrossings = crossings(layers, down, pos);
  for (let sweep = 0, idle = 0; sweep < ORDER_SWEEPS && idle < ORDER_PATIENCE && bestCrossings > 0; sweep++) {
    const downward = sweep % 2 === 0;
    for (let li = downward ? 1 : layerCount - 2; downward ? li < layerCount : li >= 0; li += downward ? 1 : -1) {
      const layer = layers[li];
      const bary = new Map<number, number>();
      for (const k of layer) {
        const nb = downward ? up[k] : down[k];
        if (nb.length === 0) continue;
        let s = 0;
        for (const m of nb) s += pos[m];
        bary.set(k, s / nb.length);
      }
      sortKeepingFixed(layer, bary, pos);
      layer.forEach((k, i) => (pos[k] = i));
    }
    const c = crossings(layers, down, pos);
    if (c < bestCrossings) {
      bestCrossings = c;
      best = layers.map((l) => l.slice());
      idle = 0;
    } else idle++;
  }
  for (let li = 0; li < layerCount; li++) layers[li] = best[li];
  setPositions();

  // ---- 5. x
  const x = new Float64Array(total);
  const gap = (a: number, b: number): number =>
    width[a] / 2 +
    right[a] +
    width[b] / 2 +
    (dummy[a] ? input.edgeSep : input.nodeSep) / 2 +
    (dummy[b] ? input.edgeSep : input.nodeSep) / 2;
  for (const layer of layers) {
    let at = 0;
    layer.forEach((k, i) => {
      if (i > 0) at += gap(layer[i - 1], k);
      x[k] = at;
    });
    const mid = at / 2;
    for (const k of layer) x[k] -= mid;
  }
  const weight = (a: number, b: number): number =>
    dummy[a] && dummy[b] ? WEIGHT_DUMMY : dummy[a] || dummy[b] ? WEIGHT_MIXED : WEIGHT_REAL;
  const place = (layer: number[], neighbours: (k: number) => number[]): void => {
    const want = new Float64Array(layer.length);
    const w = new Float64Array(layer.length);
    layer.forEach((k, i) => {
      let s = 0;
      let ws = 0;
      for (const m of neighbours(k)) {
        const wt = weight(k, m);
        s += wt * x[m];
        ws += wt;
      }
      if (ws === 0) {
        want[i] = x[k];
        w[i] = WEIGHT_STAY;
      } else {
        want[i] = s / ws;
        w[i] = ws;
      }
    });
    const gaps = layer.slice(1).map((k, i) => gap(layer[i], k));
    const placed = isotonic(want, w, gaps);
    layer.forEach((k, i) => (x[k] = placed[i]));
  };
  for (let round = 0; round < PLACE_ROUNDS; round++) {
    for (let li = 1; li < layerCount; li++) place(layers[li], (k) => up[k]);
    for (let li = layerCount - 2; li >= 0; li--) place(layers[li], (k) => down[k]);
  }
  // Last, each layer between both sides, so that neither end of an edge is favoured.
  for (let li = 0; li < layerCount; li++) place(layers[li], (k) => [...up[k], ...down[k]]);

  // ---- 6. y
  const layerHeight = layers.map((l) => l.reduce((h, k) => Math.max(h, height[k]), 0));
  const y = new Float64Array(layerCount);
  for (let li = 0; li < layerCount; li++)
    y[li] = li === 0 ? layerHeight[0] / 2 : y[li - 1] + layerHeight[li - 1] / 2 + input.rankSep / 2 + layerHeight[li] / 2;

  const centers = new Map<string, Point>();
  input.items.forEach((it, v) => centers.set(it.id, { x: x[v], y: y[layerOf[v]] }));
  const points = new Map<string, Point[]>();
  const labels = new Map<string, Point>();
  edges.forEach((e, i) => {
    const pts = path[i].map((k) => ({ x: x[k], y: y[layerOf[k]] }));
    if (e.reversed) pts.reverse();
    points.set(e.id, pts);
    if (labelNode[i] >= 0) labels.set(e.id, { x: x[labelNode[i]], y: y[layerOf[labelNode[i]]] });
  });
  for (const s of selfLoops) {
    const c = centers.get(input.items[s.v].id)!;
    const side = c.x + width[s.v] / 2;
    const h = height[s.v] / 4;
    const far = side + SELF_LOOP_SPAN;
    points.set(s.id, [
      { x: c.x, y: c.y - h },
      { x: far, y: c.y - h },
      { x: far, y: c.y + h },
      { x: c.x, y: c.y + h },
    ]);
    if (s.lw > 0) labels.set(s.id, { x: far + s.lw / 2, y: c.y });
  }
  return { centers, points, labels };
}

/**
 * An order of the boxes in which every edge goes forward, after turning around (marking
 * `reversed`, swapping its ends) the edges a depth-first search finds going back.
 */
function topologicalOrder(n: number, succ: number[][], edges: { u: number; v: number; reversed: boolean }[]): number[] {
  const { post, forward } = depthFirst(
    n,
    succ,
    Int32Array.from(edges, (e) => e.v),
  );
  // The edges the search did not keep going forward close loops: turned around.
  const kept = new Uint8Array(edges.length);
  for (const entries of forward) for (const i of entries) kept[i] = 1;
  for (const [i, e] of edges.entries()) {
    if (kept[i]) continue;
    e.reversed = true;
    const u = e.u;
    e.u = e.v;
    e.v = u;
  }
  return post.reverse();
}

/**
 * Sorts a layer by barycentre; boxes without one keep their places (the others flow around
 * them), and ties keep the current order.
 */
function sortKeepingFixed(layer: number[], bary: Map<number, number>, pos: Float64Array): void {
  const movable = layer.filter((k) => bary.has(k)).sort((a, b) => bary.get(a)! - bary.get(b)! || pos[a] - pos[b]);
  let j = 0;
  for (let i = 0; i < layer.length; i++) if (bary.has(layer[i])) layer[i] = movable[j++];
}

/** Edge crossings between each pair of adjacent layers (Barth, Jünger and Mutzel: inversions counted with a Fenwick tree). */
function crossings(layers: number[][], down: number[][], pos: Float64Array): number {
  let count = 0;
  for (let li = 0; li + 1 < layers.length; li++) {
    const size = layers[li + 1].length;
    const ends: number[] = [];
    for (const k of layers[li]) {
      const targets = down[k].map((m) => pos[m]).sort((a, b) => a - b);
      for (const t of targets) ends.push(t);
    }
    const tree = new Int32Array(size + 1);
    for (let i = 0; i < ends.length; i++) {
      // Edges seen so far ending right of this one cross it.
      let seenUpTo = 0;
      for (let p = ends[i] + 1; p > 0; p -= p & -p) seenUpTo += tree[p];
      count += i - seenUpTo;
      for (let p = ends[i] + 1; p <= size; p += p & -p) tree[p]++;
    }
  }
  return count;
}

/**
 * Positions as close as possible to `want` (least squares, weighted), in the given order and at
 * least `gaps` apart: with z = x minus the gaps before it, the order constraint is z ascending,
 * solved exactly by pooling adjacent violators.
 */
function isotonic(want: Float64Array, w: Float64Array, gaps: number[]): Float64Array {
  const m = want.length;
  const offset = new Float64Array(m);
  for (let i = 1; i < m; i++) offset[i] = offset[i - 1] + gaps[i - 1];
  const value: number[] = [];
  const weightOf: number[] = [];
  const size: number[] = [];
  for (let i = 0; i < m; i++) {
    let v = want[i] - offset[i];
    let wt = w[i];
    let s = 1;
    while (value.length > 0 && value[value.length - 1] > v) {
      const pw = weightOf.pop()!;
      const pv = value.pop()!;
      v = (pv * pw + v * wt) / (pw + wt);
      wt += pw;
      s += size.pop()!;
    }
    value.push(v);
    weightOf.push(wt);
    size.push(s);
  }
  const out = new Float64Array(m);
  let i = 0;
  for (let b = 0; b < value.length; b++) for (let j = 0; j < size[b]; j++, i++) out[i] = value[b] + offset[i];
  return out;
}
