/**
 * Layout reuse between versions of a document. Most typing changes no box and no transition
 * (a path, a parameter, an ARN), and then the new model has the layout of the old one: laying a
 * 2,000-state machine out again would cost hundreds of milliseconds for the same picture. Two
 * keys decide: `layoutKey` (what the layout reads: ids, names, types, nesting, transitions and
 * their labels) and `drawKey` (all the panel shows, so an unchanged picture need not be sent).
 */
import { buildGraph } from './build';
import { collapseModel } from './collapse';
import { layoutGraph } from './layout';
import { LayoutCache } from './blocks';
import type { Analysis } from '../validate';
import type { GraphModel, PositionedGraph } from './types';

/** Two 32-bit FNV-1a hashes (different seeds) over UTF-16 units, fed piece by piece: no big string is built. */
class Hasher {
  private a = 0x811c9dc5;
  private b = 0x9747b28c;
  private n = 0;
  add(s: string | number | boolean | undefined): this {
    const t = s === undefined ? '\u0004' : String(s);
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    // A separator, so that "ab"+"c" and "a"+"bc" differ.
    this.a = Math.imul(a ^ 0xffff, 0x01000193);
    this.b = Math.imul(b ^ 0xffff, 0x5bd1e995);
    this.n += t.length + 1;
    return this;
  }
  digest(): string {
    return `${(this.a >>> 0).toString(16)}${(this.b >>> 0).toString(16)}-${this.n}`;
  }
}

/** Everything `layoutGraph` reads from a model, hashed (equal keys, equal layouts). */
export function layoutKey(model: GraphModel): string {
  const h = new Hasher().add(model.root);
  for (const n of model.nodes) {
    h.add('n').add(n.id).add(n.kind).add(n.name).add(n.type).add(n.distributed).add(n.hidden);
    for (const c of n.children ?? []) h.add(c);
  }
  for (const e of model.edges) h.add('e').add(e.id).add(e.from).add(e.to).add(e.kind).add(e.label);
  for (const sc of model.scopes) {
    h.add('s').add(sc.id).add(sc.label);
    for (const id of sc.nodes) h.add(id);
    h.add('|');
    for (const id of sc.edges) h.add(id);
  }
  return h.digest();
}

/** A key of everything the panel draws: equal keys, same picture (offsets in the text are not drawn). */
export function drawKey(layout: string, model: GraphModel): string {
  const h = new Hasher().add(layout);
  for (const n of model.nodes) {
    h.add(n.severity).add(n.unreachable).add(n.terminal).add(n.comment).add(n.distributed);
    for (const p of n.problems ?? []) h.add(p);
    if (n.fields) for (const [k, v] of Object.entries(n.fields)) h.add(k).add(v);
    if (n.retry) for (const line of n.retry.summary) h.add(line);
    h.add('|');
  }
  for (const e of model.edges) h.add(e.detail).add(e.rule);
  return h.digest();
}

export interface CachedGraph {
  graph: PositionedGraph;
  layoutKey: string;
  drawKey: string;
  /** True when the layout was taken from the previous version. */
  reused: boolean;
  /** The layered layouts of this version, for the next one to reuse what its edit left alone. */
  cache: LayoutCache;
}

/** The positioned graph of an analysis (Parallel and Map states in `collapsed` drawn closed), reusing `previous`'s layout when the layout would be the same. */
export function graphReusing(
  analysis: Analysis,
  previous: CachedGraph | undefined,
  collapsed: ReadonlySet<string> = new Set(),
): CachedGraph {
  const model = collapseModel(buildGraph(analysis.machine, analysis.diagnostics), collapsed);
  const key = layoutKey(model);
  const reused = previous !== undefined && previous.layoutKey === key;
  const cache = previous?.cache ?? new LayoutCache();
  const graph = reused ? { model, layout: previous.graph.layout } : layoutGraph(model, cache);
  return { graph, layoutKey: key, drawKey: drawKey(key, model), reused, cache };
}
