/**
 * Positions a graph model: every scope is laid out on its own, innermost first (transitions never
 * leave a scope in ASL, so a Parallel or Map is simply a large box in its parent's layout), by a
 * layered layout (layered.ts). Two reductions keep that fast and readable on large machines:
 *
 * - Chains: a run of states linked one to one (the next has no other way in, the previous no
 *   other way out) is one tall box for the layered layout, stacked afterwards. Generated and
 *   real machines are mostly such runs; the library then sees tens of boxes, not thousands.
 * - References: Catch edges into a handler that `REFERENCE_FAN_IN` or more states of the scope
 *   share are drawn as a short arrow to a box naming the handler, beside the catching state,
 *   not as lines across the whole graph (which cost the layout thousands of bends and made the
 *   picture unreadable). The model keeps the real edges; only their drawing differs.
 */
import { RANK_SEP, type LayeredEdge, type LayeredItem } from './layered';
import { layeredInBlocks, type LayoutCache } from './blocks';
import {
  CONTAINER_PAD,
  END_SIZE,
  FRAME_GAP,
  FRAME_TITLE,
  LABEL_MAX_WIDTH,
  LABEL_PAD,
  MAX_NAME_LINES,
  NAME_LINE,
  NODE_MAX_WIDTH,
  NODE_MIN_WIDTH,
  NODE_PAD_X,
  NODE_PAD_Y,
  REF_ARROW_MIN,
  REF_GAP,
  REF_HEIGHT,
  REF_MAX_TEXT,
  REF_ROW,
  REFERENCE_FAN_IN,
  SCOPE_PAD,
  START_SIZE,
  TYPE_LINE,
} from './metrics';
import { NAME_FONT, SMALL_FONT, textWidth, wrapText, ellipsize } from './text';
import { subtitle } from './collapse';
import type {
  Box,
  EdgeGeometry,
  GraphEdge,
  GraphLayout,
  GraphModel,
  GraphNode,
  GraphScope,
  NodeGeometry,
  Point,
  PositionedGraph,
} from './types';

export { REFERENCE_FAN_IN } from './metrics';

interface Sized {
  node: GraphNode;
  /** Size of the node's own box. */
  width: number;
  height: number;
  lines: string[];
  /** Catch edges drawn as references beside the node, one row each. */
  refs: GraphEdge[];
  /** Width of the reference rows to the right of the box (mirrored on the left in the item). */
  decoration: number;
  /** Nested scopes of a Parallel or Map, with their place inside the node's box. */
  inner?: { scope: string; result: ScopeResult; x: number; y: number }[];
}

interface ScopeResult {
  width: number;
  height: number;
  /** Geometry relative to the scope's top-left corner. */
  nodes: Map<string, NodeGeometry>;
  edges: Map<string, EdgeGeometry>;
  /** Nested scopes, relative to this scope's corner. */
  inner: { scope: string; result: ScopeResult; x: number; y: number }[];
}

/**
 * Positions `model`. With a `cache` (kept by the caller between versions of a document), every
 * layered layout whose input did not change is taken from it (blocks.ts): an edit re-lays out
 * only the scopes and stretches it touched, with the same result as laying out everything.
 */
export function layoutGraph(model: GraphModel, cache?: LayoutCache): PositionedGraph {
  cache?.begin();
  const ctx = new Context(model, cache);
  const layout: GraphLayout = { width: 0, height: 0, nodes: {}, edges: {}, scopes: {} };
  if (model.root && ctx.scopes.has(model.root)) {
    const result = ctx.layoutScope(model.root, 0);
    layout.width = Math.ceil(result.width);
    layout.height = Math.ceil(result.height);
    place(result, 0, 0, layout);
  }
  if (ctx.notes.length > 0) layout.notes = ctx.notes;
  return { model, layout };
}

function place(r: ScopeResult, dx: number, dy: number, out: GraphLayout): void {
  for (const [id, g] of r.nodes) out.nodes[id] = { ...shift(g, dx, dy), lines: g.lines };
  for (const [id, e] of r.edges) {
    const g: EdgeGeometry = { points: e.points.map((p) => ({ x: round(p.x + dx), y: round(p.y + dy) })) };
    if (e.label) g.label = { ...shift(e.label, dx, dy), lines: e.label.lines };
    if (e.reference) g.reference = { ...shift(e.reference, dx, dy), text: e.reference.text };
    out.edges[id] = g;
  }
  for (const inner of r.inner) {
    const x = dx + inner.x;
    const y = dy + inner.y;
    out.scopes[inner.scope] = {
      x: round(x),
      y: round(y),
      width: round(inner.result.width),
      height: round(inner.result.height + FRAME_TITLE),
    };
    place(inner.result, x, y + FRAME_TITLE, out);
  }
}

function shift(b: Box, dx: number, dy: number): Box {
  return { x: round(b.x + dx), y: round(b.y + dy), width: round(b.width), height: round(b.height) };
}

const round = (v: number): number => Math.round(v * 10) / 10;

class Context {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges = new Map<string, GraphEdge>();
  readonly scopes = new Map<string, GraphScope>();
  /** Scopes drawn by the simple fallback layout, and why (GraphLayout.notes). */
  readonly notes: string[] = [];

  constructor(
    model: GraphModel,
    private readonly cache: LayoutCache | undefined,
  ) {
    for (const n of model.nodes) this.nodes.set(n.id, n);
    for (const e of model.edges) this.edges.set(e.id, e);
    for (const s of model.scopes) this.scopes.set(s.id, s);
  }

  layoutScope(scopeId: string, depth: number): ScopeResult {
    const scope = this.scopes.get(scopeId)!;
    const edges = scope.edges
      .map((id) => this.edges.get(id))
      .filter((e): e is GraphEdge => !!e && this.nodes.has(e.from) && this.nodes.has(e.to));
    const refs = referenceEdges(edges, this.nodes);
    const sized = new Map<string, Sized>();
    for (const id of scope.nodes) {
      const node = this.nodes.get(id);
      if (node) sized.set(id, this.size(node, refs.get(id) ?? [], depth));
    }
    const flow = edges.filter((e) => !refs.has(e.from) || !refs.get(e.from)!.includes(e));
    return arrange(sized, flow, refs, this.cache, (why) =>
      this.notes.push(`${scope.label}: drawn in simple rows, not the full layout: ${why}.`),
    );
  }

  private size(node: GraphNode, refs: GraphEdge[], depth: number): Sized {
    if (node.kind === 'start' || node.kind === 'end') {
      const s = node.kind === 'start' ? START_SIZE : END_SIZE;
      return { node, width: s, height: s, lines: [], refs, decoration: 0 };
    }
    const sub = node.hidden === undefined ? (node.kind === 'missing' ? 'no such state' : (node.type ?? 'state')) : subtitle(node, 'state');
    const lines = wrapText(node.name || '(no name)', NODE_MAX_WIDTH - 2 * NODE_PAD_X, NAME_FONT, MAX_NAME_LINES, true);
    const textW = Math.max(...lines.map((l) => textWidth(l, NAME_FONT, true)), textWidth(sub, SMALL_FONT));
    let width = Math.min(NODE_MAX_WIDTH, Math.max(NODE_MIN_WIDTH, Math.ceil(textW + 2 * NODE_PAD_X)));
    const header = NODE_PAD_Y * 2 + lines.length * NAME_LINE + TYPE_LINE;
    let height = header;
    let inner: Sized['inner'];
    const children = (node.children ?? []).filter((c) => this.scopes.has(c));
    if (children.length > 0) {
      const results = children.map((c) => ({ scope: c, result: this.layoutScope(c, depth + 1) }));
      const framesW = results.reduce((w, r) => w + r.result.width, 0) + FRAME_GAP * (results.length - 1);
      const framesH = Math.max(...results.map((r) => r.result.height + FRAME_TITLE));
      width = Math.max(width, framesW + 2 * CONTAINER_PAD);
      height = header + framesH + CONTAINER_PAD;
      let x = (width - framesW) / 2;
      inner = results.map((r) => {
        const placed = { ...r, x, y: header };
        x += r.result.width + FRAME_GAP;
        return placed;
      });
    }
    let decoration = 0;
    for (const e of refs) decoration = Math.max(decoration, referenceWidth(e, this.nodes.get(e.to)!));
    height = Math.max(height, refs.length * REF_ROW + 4);
    return { node, width, height, lines, refs, decoration, inner };
  }
}

/** Catch edges of the scope drawn as references, by source node. */
function referenceEdges(edges: GraphEdge[], nodes: Map<string, GraphNode>): Map<string, GraphEdge[]> {
  const fanIn = new Map<string, number>();
  for (const e of edges) if (e.kind === 'catch') fanIn.set(e.to, (fanIn.get(e.to) ?? 0) + 1);
  const out = new Map<string, GraphEdge[]>();
  for (const e of edges) {
    if (e.kind !== 'catch' || (fanIn.get(e.to) ?? 0) < REFERENCE_FAN_IN || nodes.get(e.to)?.kind !== 'state' || e.from === e.to) continue;
    const list = out.get(e.from);
    if (list) list.push(e);
    else out.set(e.from, [e]);
  }
  return out;
}

function referenceText(target: GraphNode): string {
  return ellipsize(target.name, REF_MAX_TEXT, SMALL_FONT);
}

function labelLines(e: GraphEdge): string[] {
  return e.label ? wrapText(e.label, LABEL_MAX_WIDTH, SMALL_FONT, 2) : [];
}

function labelSize(lines: string[]): { width: number; height: number } {
  return {
    width: Math.ceil(Math.max(...lines.map((l) => textWidth(l, SMALL_FONT))) + 2 * LABEL_PAD),
    height: lines.length * TYPE_LINE + 2 * LABEL_PAD,
  };
}

function referenceWidth(e: GraphEdge, target: GraphNode): number {
  const lines = labelLines(e);
  const arrow = Math.max(REF_ARROW_MIN, lines.length ? labelSize(lines).width + 8 : 0);
  return REF_GAP + arrow + textWidth(referenceText(target), SMALL_FONT) + 2 * 8;
}

/** One layout item: a single node or a chain of them, stacked top to bottom. */
interface Item {
  id: string;
  members: Sized[];
  width: number;
  height: number;
}

/** Lays out one scope's sized nodes; returns geometry relative to the scope's corner. */
function arrange(
  sized: Map<string, Sized>,
  flow: GraphEdge[],
  refs: Map<string, GraphEdge[]>,
  cache: LayoutCache | undefined,
  simplified: (why: string) => void,
): ScopeResult {
  const items = chains(sized, flow);
  const itemOf = new Map<string, Item>();
  for (const item of items) for (const m of item.members) itemOf.set(m.node.id, item);
  const links = new Set<GraphEdge>();
  const layeredEdges: LayeredEdge[] = [];
  const labelOf = new Map<string, string[]>();
  for (const e of flow) {
    const a = itemOf.get(e.from)!;
    const b = itemOf.get(e.to)!;
    if (a === b && a.members.length > 1) {
      links.add(e);
      continue;
    }
    const lines = labelLines(e);
    const le: LayeredEdge = { id: e.id, from: a.id, to: b.id };
    if (lines.length) {
      labelOf.set(e.id, lines);
      const size = labelSize(lines);
      le.labelWidth = size.width;
      le.labelHeight = size.height;
    }
    layeredEdges.push(le);
  }
  const input: LayeredItem[] = items.map((i) => ({ id: i.id, width: i.width, height: i.height }));
  const out = layeredInBlocks({ items: input, edges: layeredEdges }, cache);
  if (out.simplified) simplified(out.simplified);

  const nodes = new Map<string, NodeGeometry>();
  for (const item of items) {
    const c = out.centers.get(item.id)!;
    let y = c.y - item.height / 2;
    for (const m of item.members) {
      nodes.set(m.node.id, { x: c.x - m.width / 2, y, width: m.width, height: m.height, lines: m.lines });
      y += m.height + RANK_SEP;
    }
  }
  const edges = new Map<string, EdgeGeometry>();
  for (const e of flow) {
    const from = nodes.get(e.from)!;
    const to = nodes.get(e.to)!;
    if (links.has(e)) {
      const x = from.x + from.width / 2;
      edges.set(e.id, {
        points: [
          { x, y: from.y + from.height },
          { x, y: to.y },
        ],
      });
      continue;
    }
    const raw = out.points.get(e.id) ?? [];
    const inner = raw.slice(1, -1);
    const first = leave(from, sized.get(e.from)!.node, inner[0] ?? center(to));
    const last = enter(to, sized.get(e.to)!.node, inner[inner.length - 1] ?? center(from));
    const g: EdgeGeometry = { points: [first, ...inner, last] };
    const lines = labelOf.get(e.id);
    const at = out.labels.get(e.id);
    if (lines && at) {
      const size = labelSize(lines);
      g.label = { x: at.x - size.width / 2, y: at.y - size.height / 2, ...size, lines };
    }
    edges.set(e.id, g);
  }
  for (const [from, list] of refs) {
    const box = nodes.get(from);
    if (!box) continue;
    list.forEach((e, row) => {
      const y = list.length === 1 ? box.y + box.height / 2 : box.y + REF_ROW / 2 + 2 + row * REF_ROW;
      const x0 = box.x + box.width;
      const lines = labelLines(e);
      const arrow = Math.max(REF_ARROW_MIN, lines.length ? labelSize(lines).width + 8 : 0);
      const text = referenceText(sized.get(e.to)?.node ?? ({ name: '' } as GraphNode));
      const refBox = { x: x0 + REF_GAP + arrow, y: y - REF_HEIGHT / 2, width: textWidth(text, SMALL_FONT) + 16, height: REF_HEIGHT, text };
      const g: EdgeGeometry = {
        points: [
          { x: x0, y },
          { x: refBox.x, y },
        ],
        reference: refBox,
      };
      if (lines.length) {
        const size = labelSize(lines);
        g.label = { x: x0 + REF_GAP + (arrow - size.width) / 2, y: y - size.height - 1, ...size, lines };
      }
      edges.set(e.id, g);
    });
  }
  const result = normalize(nodes, edges);
  for (const s of sized.values()) {
    const box = nodes.get(s.node.id);
    if (!box || !s.inner) continue;
    for (const i of s.inner) result.inner.push({ scope: i.scope, result: i.result, x: box.x + i.x, y: box.y + i.y });
  }
  return result;
}

/**
 * Groups nodes into chains: maximal runs u1 -> u2 -> ... where each link is the only edge out of
 * its source and the only edge into its target, and carries no label.
 */
function chains(sized: Map<string, Sized>, flow: GraphEdge[]): Item[] {
  const outDeg = new Map<string, number>();
  const inDeg = new Map<string, number>();
  for (const e of flow) {
    outDeg.set(e.from, (outDeg.get(e.from) ?? 0) + 1);
    inDeg.set(e.to, (inDeg.get(e.to) ?? 0) + 1);
  }
  // States on a loop stay single, so that the layered layout routes the way back around them.
  const looping = onCycles([...sized.keys()], flow);
  const linkFrom = new Map<string, string>();
  const linked = new Set<string>();
  for (const e of flow) {
    if (e.from !== e.to && !e.label && outDeg.get(e.from) === 1 && inDeg.get(e.to) === 1 && !looping.has(e.from) && !looping.has(e.to)) {
      linkFrom.set(e.from, e.to);
      linked.add(e.to);
    }
  }
  const items: Item[] = [];
  const done = new Set<string>();
  const take = (startId: string): void => {
    const members: Sized[] = [];
    let id: string | undefined = startId;
    while (id !== undefined && !done.has(id)) {
      done.add(id);
      members.push(sized.get(id)!);
      id = linkFrom.get(id);
    }
    items.push(item(members));
  };
  for (const id of sized.keys()) if (!linked.has(id)) take(id);
  return items;
}

/** Nodes on some cycle (strongly connected components of more than one node, or a self-loop): Tarjan, iteratively. */
function onCycles(ids: string[], flow: GraphEdge[]): Set<string> {
  const succ = new Map<string, string[]>();
  const out = new Set<string>();
  for (const e of flow) {
    if (e.from === e.to) out.add(e.from);
    const list = succ.get(e.from);
    if (list) list.push(e.to);
    else succ.set(e.from, [e.to]);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  let counter = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const next = succ.get(top.id) ?? [];
      if (top.next < next.length) {
        const w = next[top.next++];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ id: w, next: 0 });
        } else if (onStack.has(w)) low.set(top.id, Math.min(low.get(top.id)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.id)!));
      }
      if (low.get(top.id) === index.get(top.id)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== top.id);
        if (component.length > 1) for (const c of component) out.add(c);
      }
    }
  }
  return out;
}

function item(members: Sized[]): Item {
  let half = 0;
  let height = -RANK_SEP;
  for (const m of members) {
    half = Math.max(half, m.width / 2 + m.decoration);
    height += m.height + RANK_SEP;
  }
  return { id: `item:${members[0].node.id}`, members, width: 2 * half, height };
}

function center(b: Box): Point {
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/**
 * Where an edge leaves its source towards `next`: through the bottom when `next` lies below (the
 * usual way down), else where the line from the centre crosses the border. Keeping to the bottom
 * and top keeps edges off the reference arrows drawn at the sides.
 */
function leave(b: Box, node: GraphNode, next: Point): Point {
  if (node.kind === 'state' || node.kind === 'missing') {
    if (next.y > b.y + b.height) return { x: clamp(next.x, b.x + 8, b.x + b.width - 8), y: b.y + b.height };
  }
  return clip(b, node, next);
}

/** Where an edge enters its target from `prev`: through the top when `prev` lies above. */
function enter(b: Box, node: GraphNode, prev: Point): Point {
  if (node.kind === 'state' || node.kind === 'missing') {
    if (prev.y < b.y) return { x: clamp(prev.x, b.x + 8, b.x + b.width - 8), y: b.y };
  }
  return clip(b, node, prev);
}

const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

/** Where the line from the node's centre towards `to` leaves its shape (a box, or a circle for markers). */
function clip(b: Box, node: GraphNode, to: Point): Point {
  const c = center(b);
  const dx = to.x - c.x;
  let dy = to.y - c.y;
  if (dx === 0 && dy === 0) dy = 1;
  if (node.kind === 'start' || node.kind === 'end') {
    const r = b.width / 2;
    const len = Math.hypot(dx, dy);
    return { x: c.x + (dx / len) * r, y: c.y + (dy / len) * r };
  }
  const hw = b.width / 2;
  const hh = b.height / 2;
  const t = Math.min(dx !== 0 ? hw / Math.abs(dx) : Infinity, dy !== 0 ? hh / Math.abs(dy) : Infinity);
  if (t >= 1) {
    // The point lies inside the box: leave through the top or bottom towards it.
    return { x: c.x, y: c.y + Math.sign(dy || 1) * hh };
  }
  return { x: c.x + dx * t, y: c.y + dy * t };
}

/** Moves everything so the top-left of the drawing sits at (SCOPE_PAD, SCOPE_PAD). */
function normalize(nodes: Map<string, NodeGeometry>, edges: Map<string, EdgeGeometry>): ScopeResult {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const add = (x: number, y: number, w = 0, h = 0): void => {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x + w > maxX) maxX = x + w;
    if (y + h > maxY) maxY = y + h;
  };
  for (const g of nodes.values()) add(g.x, g.y, g.width, g.height);
  for (const e of edges.values()) {
    for (const p of e.points) add(p.x, p.y);
    if (e.label) add(e.label.x, e.label.y, e.label.width, e.label.height);
    if (e.reference) add(e.reference.x, e.reference.y, e.reference.width, e.reference.height);
  }
  if (minX === Infinity) return { width: 2 * SCOPE_PAD, height: 2 * SCOPE_PAD, nodes, edges, inner: [] };
  const dx = SCOPE_PAD - minX;
  const dy = SCOPE_PAD - minY;
  for (const g of nodes.values()) {
    g.x += dx;
    g.y += dy;
  }
  for (const e of edges.values()) {
    for (const p of e.points) {
      p.x += dx;
      p.y += dy;
    }
    if (e.label) {
      e.label.x += dx;
      e.label.y += dy;
    }
    if (e.reference) {
      e.reference.x += dx;
      e.reference.y += dy;
    }
  }
  return { width: maxX - minX + 2 * SCOPE_PAD, height: maxY - minY + 2 * SCOPE_PAD, nodes, edges, inner: [] };
}
