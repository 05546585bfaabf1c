/**
 * One flat layered layout (a scope whose chains and nested scopes are already boxes), by
 * sugiyama.ts; past MAX_LAYERED_ITEMS boxes, simple rows. See README.md for the choice.
 */
import { depthFirst } from './depthFirst';
import type { Point } from './types';
import { sugiyama } from './sugiyama';

export interface LayeredItem {
  id: string;
  width: number;
  height: number;
}

export interface LayeredEdge {
  id: string;
  from: string;
  to: string;
  /** Size of the label box, when the edge has one. */
  labelWidth?: number;
  labelHeight?: number;
}

export interface LayeredInput {
  items: LayeredItem[];
  edges: LayeredEdge[];
}

export interface LayeredOutput {
  /** Centres of the items. */
  centers: Map<string, Point>;
  /** Per edge: its source's centre, the points it bends at, its target's centre. */
  points: Map<string, Point[]>;
  /** Centres of the edge labels. */
  labels: Map<string, Point>;
}

/** Gaps, in px: between boxes of one rank, between ranks, between parallel edges. */
export const NODE_SEP = 28;
export const RANK_SEP = 40;
export const EDGE_SEP = 14;

/**
 * Most boxes one scope hands to the layered layout; past this, `rowsLayout` (the 20,000-state
 * generated machine has about 5,400 boxes in its top scope, laid out in stretches: blocks.ts).
 */
export const MAX_LAYERED_ITEMS = 10_000;

export interface LayeredResult extends LayeredOutput {
  /** Set when the scope was drawn by the simple fallback, not by the layered layout: why. */
  simplified?: string;
}

export function layered(input: LayeredInput): LayeredResult {
  if (input.items.length > MAX_LAYERED_ITEMS) {
    return { ...rowsLayout(input), simplified: `${input.items.length} boxes in one scope (more than ${MAX_LAYERED_ITEMS})` };
  }
  return sugiyama({ ...input, nodeSep: NODE_SEP, rankSep: RANK_SEP, edgeSep: EDGE_SEP });
}

/**
 * The fallback: ranks by longest path over the edges a depth-first search finds going forward
 * (back edges of loops ignored), boxes of a rank side by side, edges as straight lines. Iterative
 * and linear in boxes and edges, so any size and any loop is drawn.
 */
export function rowsLayout(input: LayeredInput): LayeredOutput {
  const index = new Map<string, number>();
  input.items.forEach((item, i) => index.set(item.id, i));
  const n = input.items.length;
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (const e of input.edges) {
    const a = index.get(e.from);
    const b = index.get(e.to);
    if (a !== undefined && b !== undefined && a !== b) succ[a].push(b);
  }
  const { post: order, forward } = depthFirst(n, succ);
  // Reverse postorder is a topological order of the forward edges.
  const rank = new Int32Array(n);
  for (let i = order.length - 1; i >= 0; i--) {
    const v = order[i];
    for (const w of forward[v]) if (rank[w] < rank[v] + 1) rank[w] = rank[v] + 1;
  }
  const rows: number[][] = [];
  for (let v = 0; v < n; v++) (rows[rank[v]] ??= []).push(v);
  const centers = new Map<string, Point>();
  let y = 0;
  for (const row of rows) {
    if (!row) continue;
    const width = row.reduce((w, v) => w + input.items[v].width, 0) + NODE_SEP * (row.length - 1);
    const height = Math.max(...row.map((v) => input.items[v].height));
    let x = -width / 2;
    for (const v of row) {
      const item = input.items[v];
      centers.set(item.id, { x: x + item.width / 2, y: y + height / 2 });
      x += item.width + NODE_SEP;
    }
    y += height + RANK_SEP;
  }
  const points = new Map<string, Point[]>();
  const labels = new Map<string, Point>();
  for (const e of input.edges) {
    const a = centers.get(e.from);
    const b = centers.get(e.to);
    if (!a || !b) continue;
    points.set(e.id, [a, b]);
    if (e.labelWidth) labels.set(e.id, { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
  }
  return { centers, points, labels };
}
