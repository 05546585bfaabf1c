/**
 * One flat layered layout (a scope whose chains and nested scopes are already boxes) by
 * @dagrejs/dagre. The only file that knows the library: see README.md for why dagre.
 */
import dagre from '@dagrejs/dagre';
import type { Point } from './types';

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
  points: Map<string, Point[]>;
  /** Centres of the edge labels. */
  labels: Map<string, Point>;
}

/** Gaps, in px: between boxes of one rank, between ranks, between parallel edges. */
export const NODE_SEP = 28;
export const RANK_SEP = 40;
export const EDGE_SEP = 14;

export function layered(input: LayeredInput): LayeredOutput {
  const g = new dagre.graphlib.Graph({ multigraph: true, directed: true });
  // tight-tree ranks like network-simplex on our graphs (mostly trees plus joins) at a fraction of the time.
  g.setGraph({ rankdir: 'TB', nodesep: NODE_SEP, ranksep: RANK_SEP, edgesep: EDGE_SEP, marginx: 0, marginy: 0, ranker: 'tight-tree' });
  g.setDefaultEdgeLabel(() => ({}));
  for (const item of input.items) g.setNode(item.id, { width: item.width, height: item.height });
  for (const e of input.edges) {
    const label = e.labelWidth ? { width: e.labelWidth, height: e.labelHeight ?? 0, labelpos: 'c' as const } : {};
    g.setEdge(e.from, e.to, label, e.id);
  }
  dagre.layout(g);
  const centers = new Map<string, Point>();
  for (const item of input.items) {
    const n = g.node(item.id);
    centers.set(item.id, { x: n.x ?? 0, y: n.y ?? 0 });
  }
  const points = new Map<string, Point[]>();
  const labels = new Map<string, Point>();
  for (const e of input.edges) {
    const label = g.edge({ v: e.from, w: e.to, name: e.id });
    points.set(e.id, (label?.points ?? []).map((p: Point) => ({ x: p.x, y: p.y })));
    if (e.labelWidth && label && typeof label.x === 'number' && typeof label.y === 'number') labels.set(e.id, { x: label.x, y: label.y });
  }
  return { centers, points, labels };
}
