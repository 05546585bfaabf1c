/**
 * A large scope laid out as a stack of small layered layouts, each remembered between versions.
 *
 * Machines are mostly sequences: every path of a scope passes through certain boxes (the state
 * after a Choice's branches join, a Parallel, a chain between two fan-outs). Such a box is a
 * *cut*: above it and below it are two graphs joined only through it. Each stretch between two
 * cuts (the cuts included, as its top and bottom) is laid out alone, and the stretches are
 * stacked so that the shared cut boxes coincide. The layered layout's time grows much faster
 * than its input, so many small layouts cost a fraction of one large one, and an edit re-lays
 * out only the stretch it touched: each stretch's result is kept in a `LayoutCache` keyed by
 * exactly what the layout reads (box ids and sizes, edges by position, label sizes), so a result
 * taken from the cache is the one a fresh layout would give.
 *
 * A box is a cut when, in longest-path ranks over a depth-first search, it is alone in its rank,
 * no edge jumps over its rank, and no edge going back (a loop) touches it. The stacked picture
 * is checked afterwards (each cut above or below everything else of its stretches); where the
 * library ranked differently, the scope is laid out whole.
 */
import { layered, type LayeredEdge, type LayeredInput, type LayeredItem, type LayeredResult } from './layered';
import { depthFirst } from './depthFirst';
import type { Point } from './types';

/** Scopes of fewer boxes are laid out whole (the picture small machines always had). */
export const SPLIT_FROM_ITEMS = 40;

/** A layered result by edge position rather than id, so that renumbered edges still hit. */
interface Stored {
  centers: Map<string, Point>;
  points: Point[][];
  labels: (Point | undefined)[];
  simplified?: string;
}

/**
 * Results of layered layouts by their input. Entries used by one layout are kept for the next;
 * the others are dropped then, so the cache holds about one picture per document.
 */
export class LayoutCache {
  private kept = new Map<string, Stored>();
  private used = new Map<string, Stored>();
  /** What the last layout laid out afresh: the item ids of each input the cache did not have. */
  fresh: string[][] = [];
  /** Inputs of the last layout taken from the cache. */
  hits = 0;

  /** Starts a layout: what the previous one used is what this one may reuse. */
  begin(): void {
    if (this.used.size > 0) this.kept = this.used;
    this.used = new Map();
    this.fresh = [];
    this.hits = 0;
  }

  lookup(key: string): Stored | undefined {
    const hit = this.used.get(key) ?? this.kept.get(key);
    if (hit) {
      this.used.set(key, hit);
      this.hits++;
    }
    return hit;
  }

  store(key: string, value: Stored, items: LayeredItem[]): void {
    this.used.set(key, value);
    this.fresh.push(items.map((i) => i.id));
  }
}

/** `layered(input)`, by stretches between cuts when the scope is large, through `cache` when given. */
export function layeredInBlocks(input: LayeredInput, cache?: LayoutCache): LayeredResult {
  const blocks = input.items.length >= SPLIT_FROM_ITEMS ? blocksOf(input) : undefined;
  if (!blocks || blocks.length < 2) return materialize(laidOut(input, cache), input.edges);
  const results = blocks.map((b) => ({ block: b, sub: subInput(input, b), out: undefined as Stored | undefined }));
  for (const r of results) {
    r.out = laidOut(r.sub, cache);
    if (!separated(r.out, r.sub, r.block, input)) return materialize(laidOut(input, cache), input.edges);
  }
  const centers = new Map<string, Point>();
  const points = new Map<string, Point[]>();
  const labels = new Map<string, Point>();
  const notes: string[] = [];
  for (const { block, sub, out } of results) {
    let dx = 0;
    let dy = 0;
    if (block.top !== undefined) {
      // The top cut is the previous stretch's bottom one: put this stretch where that box already is.
      const id = input.items[block.top].id;
      const placed = centers.get(id)!;
      const here = out!.centers.get(id)!;
      dx = placed.x - here.x;
      dy = placed.y - here.y;
    }
    for (const [id, c] of out!.centers) if (!centers.has(id)) centers.set(id, { x: c.x + dx, y: c.y + dy });
    sub.edges.forEach((e, i) => {
      points.set(
        e.id,
        out!.points[i].map((p) => ({ x: p.x + dx, y: p.y + dy })),
      );
      const l = out!.labels[i];
      if (l) labels.set(e.id, { x: l.x + dx, y: l.y + dy });
    });
    if (out!.simplified) notes.push(out!.simplified);
  }
  const result: LayeredResult = { centers, points, labels };
  if (notes.length > 0) result.simplified = notes.join('; ');
  return result;
}

/** The layered layout of `input`, from the cache when it was laid out before. */
function laidOut(input: LayeredInput, cache: LayoutCache | undefined): Stored {
  const key = cache ? keyOf(input) : '';
  const hit = cache?.lookup(key);
  if (hit) return hit;
  const out = layered(input);
  const stored: Stored = {
    centers: out.centers,
    points: input.edges.map((e) => out.points.get(e.id) ?? []),
    labels: input.edges.map((e) => out.labels.get(e.id)),
    simplified: out.simplified,
  };
  cache?.store(key, stored, input.items);
  return stored;
}

/** Fresh objects (callers move points in place; the cache's stay as they were). */
function materialize(s: Stored, edges: LayeredEdge[]): LayeredResult {
  const centers = new Map<string, Point>();
  for (const [id, c] of s.centers) centers.set(id, { x: c.x, y: c.y });
  const points = new Map<string, Point[]>();
  const labels = new Map<string, Point>();
  edges.forEach((e, i) => {
    points.set(
      e.id,
      s.points[i].map((p) => ({ x: p.x, y: p.y })),
    );
    const l = s.labels[i];
    if (l) labels.set(e.id, { x: l.x, y: l.y });
  });
  const result: LayeredResult = { centers, points, labels };
  if (s.simplified) result.simplified = s.simplified;
  return result;
}

/** Everything the layered layout reads, in order; edges by the positions of their ends, not by id. */
function keyOf(input: LayeredInput): string {
  const index = new Map<string, number>();
  const parts: string[] = [];
  input.items.forEach((it, i) => {
    index.set(it.id, i);
    parts.push(`${it.id}\u0001${it.width}\u0001${it.height}`);
  });
  parts.push('\u0002');
  for (const e of input.edges) parts.push(`${index.get(e.from)}>${index.get(e.to)}\u0001${e.labelWidth ?? ''}\u0001${e.labelHeight ?? ''}`);
  return parts.join('\u0003');
}

interface Block {
  /** Item indices, in input order. */
  items: number[];
  /** Edge indices, in input order. */
  edges: number[];
  /** The cut shared with the stretch above, and with the one below. */
  top?: number;
  bottom?: number;
}

function subInput(input: LayeredInput, b: Block): LayeredInput {
  return { items: b.items.map((i) => input.items[i]), edges: b.edges.map((i) => input.edges[i]) };
}

/** The stretches between cuts, top to bottom; undefined when the scope has no cut. */
export function blocksOf(input: LayeredInput): Block[] | undefined {
  const n = input.items.length;
  const index = new Map<string, number>();
  input.items.forEach((it, i) => index.set(it.id, i));
  const from = new Int32Array(input.edges.length);
  const to = new Int32Array(input.edges.length);
  const succ: number[][] = Array.from({ length: n }, () => []);
  input.edges.forEach((e, i) => {
    from[i] = index.get(e.from) ?? -1;
    to[i] = index.get(e.to) ?? -1;
    if (from[i] >= 0 && to[i] >= 0 && from[i] !== to[i]) succ[from[i]].push(to[i]);
  });
  if (from.some((v) => v < 0) || to.some((v) => v < 0)) return undefined;
  const rank = ranksOf(n, succ);
  let maxRank = 0;
  for (let v = 0; v < n; v++) if (rank[v] > maxRank) maxRank = rank[v];
  const count = new Int32Array(maxRank + 1);
  const sole = new Int32Array(maxRank + 1);
  for (let v = 0; v < n; v++) {
    count[rank[v]]++;
    sole[rank[v]] = v;
  }
  // Ranks some edge jumps over (difference array), and boxes some backward edge or self-loop touches.
  const jumped = new Int32Array(maxRank + 2);
  const looped = new Uint8Array(n);
  for (let i = 0; i < from.length; i++) {
    const a = rank[from[i]];
    const b = rank[to[i]];
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    if (hi - lo >= 2) {
      jumped[lo + 1]++;
      jumped[hi]--;
    }
    if (a >= b) {
      looped[from[i]] = 1;
      looped[to[i]] = 1;
    }
  }
  const bounds = [0];
  let over = 0;
  for (let r = 0; r <= maxRank; r++) {
    over += jumped[r];
    if (r > 0 && r < maxRank && over === 0 && count[r] === 1 && !looped[sole[r]]) bounds.push(r);
  }
  if (bounds.length < 2) return undefined;
  bounds.push(maxRank);
  // Stretch j holds ranks bounds[j] ..= bounds[j + 1]; an interior bound's box belongs to both.
  const blocks: Block[] = [];
  const blockOfRank = new Int32Array(maxRank + 1);
  for (let j = 0; j + 1 < bounds.length; j++) {
    blocks.push({
      items: [],
      edges: [],
      top: j > 0 ? sole[bounds[j]] : undefined,
      bottom: j + 2 < bounds.length ? sole[bounds[j + 1]] : undefined,
    });
    for (let r = bounds[j]; r < bounds[j + 1]; r++) blockOfRank[r] = j;
  }
  blockOfRank[maxRank] = blocks.length - 1;
  for (let v = 0; v < n; v++) {
    const j = blockOfRank[rank[v]];
    blocks[j].items.push(v);
    if (blocks[j].top === v && j > 0) blocks[j - 1].items.push(v);
  }
  for (const b of blocks) b.items.sort((x, y) => x - y);
  for (let i = 0; i < from.length; i++) blocks[blockOfRank[Math.min(rank[from[i]], rank[to[i]])]].edges.push(i);
  return blocks;
}

/**
 * Ranks over the edges a depth-first search finds going forward (edges back into the search's
 * stack, the loops, are left out); iterative, linear in boxes and edges. What the first box (the
 * start) reaches is ranked by longest path from it; the rest (a shared handler, unreachable
 * states) as late as its successors allow, where the layered layout puts it too, so that its
 * edges down to them do not jump over the whole scope.
 */
function ranksOf(n: number, succ: number[][]): Int32Array {
  const { post: order, fromFirst: reached, forward } = depthFirst(n, succ);
  const rank = new Int32Array(n);
  // The start's tree: longest path, in reverse postorder (a topological order of forward edges).
  for (let i = reached - 1; i >= 0; i--) {
    const v = order[i];
    for (const w of forward[v]) if (rank[w] < rank[v] + 1) rank[w] = rank[v] + 1;
  }
  // The rest, in postorder (successors first): just above the highest successor.
  let min = 0;
  for (let i = reached; i < order.length; i++) {
    const v = order[i];
    if (forward[v].length === 0) continue;
    let r = Infinity;
    for (const w of forward[v]) r = Math.min(r, rank[w] - 1);
    rank[v] = r;
    if (r < min) min = r;
  }
  if (min < 0) for (let v = 0; v < n; v++) rank[v] -= min;
  return rank;
}

/** True when the stretch's top cut lies above all the rest of it and its bottom cut below. */
function separated(out: Stored, sub: LayeredInput, block: Block, input: LayeredInput): boolean {
  const topId = block.top !== undefined ? input.items[block.top].id : undefined;
  const bottomId = block.bottom !== undefined ? input.items[block.bottom].id : undefined;
  const sizes = new Map(sub.items.map((it) => [it.id, it]));
  const edge = (id: string | undefined) => {
    if (id === undefined) return undefined;
    const c = out.centers.get(id)!;
    const h = sizes.get(id)!.height / 2;
    return { top: c.y - h, bottom: c.y + h };
  };
  const top = edge(topId);
  const bottom = edge(bottomId);
  for (const it of sub.items) {
    if (it.id === topId || it.id === bottomId) continue;
    const c = out.centers.get(it.id)!;
    if (top && c.y - it.height / 2 < top.bottom) return false;
    if (bottom && c.y + it.height / 2 > bottom.top) return false;
  }
  for (let i = 0; i < sub.edges.length; i++) {
    for (const p of out.points[i]) {
      if (top && p.y < top.top) return false;
      if (bottom && p.y > bottom.bottom) return false;
    }
    const l = out.labels[i];
    const h = (sub.edges[i].labelHeight ?? 0) / 2;
    if (l && top && l.y - h < top.bottom) return false;
    if (l && bottom && l.y + h > bottom.top) return false;
  }
  return true;
}
