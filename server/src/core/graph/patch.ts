/**
 * A positioned graph as a change from another one: what the server sends the graph panel after an
 * edit instead of the whole graph (at 2,000 states about 2 MB of JSON, most of it unchanged).
 * `applyGraphPatch(base, diffGraph(base, next))` deep-equals `next`. Pure: the server diffs, the
 * extension and the page apply. Items and records are compared by value, so it works whether or
 * not the layout reused objects.
 */
import type { GraphEdge, GraphNode, GraphScope, PositionedGraph } from './types';

/** Changes to a list of items with ids (order kept). */
export interface ListPatch<T> {
  /** Added or changed items, whole. */
  set: T[];
  removed: string[];
  /** Where each new id goes in the new list, when the kept items keep their order (else `order`); absent: appended in `set` order. */
  at?: Record<string, number>;
  /** The whole new order of ids, when the kept items were reordered. */
  order?: string[];
  /**
   * Text offsets that moved: an edit shifts the offsets of every state after it, which would
   * otherwise resend every node. Per field, over the kept items not in `set` (in the new order),
   * the change run-length encoded as [count, delta] pairs.
   */
  shifts?: Record<string, number[]>;
}

/** Changes to a record keyed by id. */
export interface RecordPatch<T> {
  set: Record<string, T>;
  removed: string[];
}

/** Other top-level fields of the model or layout: those that changed (whole), those now absent. */
export interface FieldsPatch {
  set: Record<string, unknown>;
  removed: string[];
}

export interface GraphPatch {
  nodes: ListPatch<GraphNode>;
  edges: ListPatch<GraphEdge>;
  scopes: ListPatch<GraphScope>;
  model: FieldsPatch;
  layoutNodes: RecordPatch<unknown>;
  layoutEdges: RecordPatch<unknown>;
  layoutScopes: RecordPatch<unknown>;
  layout: FieldsPatch;
}

/** The node fields that hold text offsets (types.ts GraphNode). */
const OFFSET_FIELDS = ['nameOffset', 'nameLength', 'start', 'end'];

/** The model's and layout's fields diffed item by item; every other field is diffed whole. */
const MODEL_LISTS = ['nodes', 'edges', 'scopes'] as const;
const LAYOUT_RECORDS = ['nodes', 'edges', 'scopes'] as const;

/** What turns `base` into `next`. */
export function diffGraph(base: PositionedGraph, next: PositionedGraph): GraphPatch {
  return {
    nodes: diffList(base.model.nodes, next.model.nodes, OFFSET_FIELDS),
    edges: diffList(base.model.edges, next.model.edges),
    scopes: diffList(base.model.scopes, next.model.scopes),
    model: diffFields(base.model as unknown as Record<string, unknown>, next.model as unknown as Record<string, unknown>, MODEL_LISTS),
    layoutNodes: diffRecord(base.layout.nodes, next.layout.nodes),
    layoutEdges: diffRecord(base.layout.edges, next.layout.edges),
    layoutScopes: diffRecord(base.layout.scopes, next.layout.scopes),
    layout: diffFields(
      base.layout as unknown as Record<string, unknown>,
      next.layout as unknown as Record<string, unknown>,
      LAYOUT_RECORDS,
    ),
  };
}

/** `base` with `patch` applied, as a new graph; `base` is not changed (unchanged items are shared). */
export function applyGraphPatch(base: PositionedGraph, patch: GraphPatch): PositionedGraph {
  const model = applyFields(base.model as unknown as Record<string, unknown>, patch.model, MODEL_LISTS);
  model.nodes = applyList(base.model.nodes, patch.nodes);
  model.edges = applyList(base.model.edges, patch.edges);
  model.scopes = applyList(base.model.scopes, patch.scopes);
  const layout = applyFields(base.layout as unknown as Record<string, unknown>, patch.layout, LAYOUT_RECORDS);
  layout.nodes = applyRecord(base.layout.nodes, patch.layoutNodes);
  layout.edges = applyRecord(base.layout.edges, patch.layoutEdges);
  layout.scopes = applyRecord(base.layout.scopes, patch.layoutScopes);
  return { model, layout } as unknown as PositionedGraph;
}

/** How many items the patch adds, changes or removes (0: the same graph). */
export function patchSize(p: GraphPatch): number {
  const list = (l: ListPatch<unknown>) =>
    l.set.length +
    l.removed.length +
    (l.order ? 1 : 0) +
    Object.keys(l.at ?? {}).length +
    Object.values(l.shifts ?? {}).filter((r) => r.some((d, i) => i % 2 === 1 && d !== 0)).length;
  const rec = (r: RecordPatch<unknown>) => Object.keys(r.set).length + r.removed.length;
  const fields = (f: FieldsPatch) => Object.keys(f.set).length + f.removed.length;
  return (
    list(p.nodes) +
    list(p.edges) +
    list(p.scopes) +
    fields(p.model) +
    rec(p.layoutNodes) +
    rec(p.layoutEdges) +
    rec(p.layoutScopes) +
    fields(p.layout)
  );
}

/** Why `p` is not a GraphPatch (for messages that cross into the page), or undefined. */
export function graphPatchProblem(p: unknown): string | undefined {
  if (!isObj(p)) return 'patch must be an object';
  for (const k of MODEL_LISTS) {
    const l = p[k];
    if (
      !isObj(l) ||
      !Array.isArray(l.set) ||
      !l.set.every((x) => isObj(x) && typeof x.id === 'string') ||
      !strings(l.removed) ||
      (l.order !== undefined && !strings(l.order))
    )
      return `patch.${k} is malformed`;
    if (l.at !== undefined && !(isObj(l.at) && Object.values(l.at).every((n) => Number.isInteger(n)))) return `patch.${k}.at is malformed`;
    if (
      l.shifts !== undefined &&
      !(isObj(l.shifts) && Object.values(l.shifts).every((r) => Array.isArray(r) && r.every((n) => Number.isInteger(n))))
    )
      return `patch.${k}.shifts is malformed`;
  }
  for (const k of ['layoutNodes', 'layoutEdges', 'layoutScopes', 'model', 'layout']) {
    const r = p[k];
    if (!isObj(r) || !isObj(r.set) || !strings(r.removed)) return `patch.${k} is malformed`;
  }
  return undefined;
}

function diffList<T extends { id: string }>(base: T[], next: T[], shiftable: string[] = []): ListPatch<T> {
  const old = new Map(base.map((x) => [x.id, x]));
  const set: T[] = [];
  const inSet = new Set<string>();
  const kept: [T, T][] = [];
  for (const x of next) {
    const was = old.get(x.id);
    if (was !== undefined && (shiftable.length ? sameBut(was, x, shiftable) : same(was, x))) kept.push([was, x]);
    else {
      set.push(x);
      inSet.add(x.id);
    }
  }
  const ids = new Set(next.map((x) => x.id));
  const removed = base.filter((x) => !ids.has(x.id)).map((x) => x.id);
  const out: ListPatch<T> = { set, removed };
  const order = next.map((x) => x.id);
  if (!sameStrings(impliedOrder(base, set, new Set(removed)), order)) {
    // The base's remaining ids in their new order: when unchanged, only the new ids' places are sent.
    const remaining = base.filter((x) => ids.has(x.id)).map((x) => x.id);
    if (
      sameStrings(
        remaining,
        order.filter((id) => old.has(id)),
      )
    ) {
      out.at = {};
      order.forEach((id, i) => {
        if (!old.has(id)) out.at![id] = i;
      });
    } else out.order = order;
  }
  const shifts: Record<string, number[]> = {};
  for (const f of shiftable) {
    const runs = runsOf(
      kept.map(
        ([was, x]) =>
          (((x as Record<string, unknown>)[f] as number | undefined) ?? 0) -
          (((was as Record<string, unknown>)[f] as number | undefined) ?? 0),
      ),
    );
    if (runs.some((d, i) => i % 2 === 1 && d !== 0)) shifts[f] = runs;
  }
  if (Object.keys(shifts).length) out.shifts = shifts;
  return out;
}

function applyList<T extends { id: string }>(base: T[], patch: ListPatch<T>): T[] {
  const byId = new Map(base.map((x) => [x.id, x]));
  const changed = new Set<string>();
  for (const x of patch.set) {
    byId.set(x.id, x);
    changed.add(x.id);
  }
  let order: string[];
  if (patch.order) order = patch.order;
  else if (patch.at) {
    const removed = new Set(patch.removed);
    order = base.filter((x) => !removed.has(x.id)).map((x) => x.id);
    // Inserted in ascending final place, each lands where it belongs.
    for (const [id, i] of Object.entries(patch.at).sort((a, b) => a[1] - b[1])) order.splice(i, 0, id);
  } else order = impliedOrder(base, patch.set, new Set(patch.removed));
  const list = order.map((id) => {
    const x = byId.get(id);
    if (x === undefined) throw new Error(`graph patch: no item "${id}"`);
    return x;
  });
  if (patch.shifts) {
    const keptAt = list.map((x, i) => (changed.has(x.id) ? -1 : i)).filter((i) => i >= 0);
    for (const [f, runs] of Object.entries(patch.shifts)) {
      let k = 0;
      for (let r = 0; r < runs.length; r += 2) {
        const delta = runs[r + 1];
        for (let n = 0; n < runs[r]; n++, k++) {
          if (k >= keptAt.length) throw new Error('graph patch: shifts longer than the list');
          if (delta === 0) continue;
          const i = keptAt[k];
          const x = { ...list[i] } as Record<string, unknown>;
          if (typeof x[f] !== 'number') throw new Error(`graph patch: "${list[i].id}" has no ${f} to shift`);
          x[f] = (x[f] as number) + delta;
          list[i] = x as T;
        }
      }
    }
  }
  return list;
}

/** [count, value] pairs of a sequence's runs of equal values. */
function runsOf(xs: number[]): number[] {
  const out: number[] = [];
  for (const x of xs) {
    if (out.length && out[out.length - 1] === x) out[out.length - 2]++;
    else out.push(1, x);
  }
  return out;
}

/** The base's ids less the removed, then the ids `set` adds, in `set` order. */
function impliedOrder(base: { id: string }[], set: { id: string }[], removed: Set<string>): string[] {
  const had = new Set(base.map((x) => x.id));
  return [...base.filter((x) => !removed.has(x.id)).map((x) => x.id), ...set.filter((x) => !had.has(x.id)).map((x) => x.id)];
}

/** Equal but for the numbers in `fields` (which must be numbers in both, or absent in both). */
function sameBut(a: object, b: object, fields: string[]): boolean {
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const f of fields) {
    const x = ao[f];
    const y = bo[f];
    if ((x === undefined) !== (y === undefined) || (x !== undefined && (typeof x !== 'number' || typeof y !== 'number'))) return false;
  }
  return sameFields(ao, bo, fields);
}

function diffRecord<T>(base: Record<string, T>, next: Record<string, T>): RecordPatch<T> {
  const set: Record<string, T> = {};
  const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
  for (const k in next) if (!own(base, k) || !same(base[k], next[k])) set[k] = next[k];
  const removed: string[] = [];
  for (const k in base) if (!own(next, k)) removed.push(k);
  return { set, removed };
}

function applyRecord<T>(base: Record<string, T>, patch: RecordPatch<T>): Record<string, T> {
  const out: Record<string, T> = { ...base };
  for (const k of patch.removed) delete out[k];
  for (const k of Object.keys(patch.set)) out[k] = patch.set[k];
  return out;
}

function diffFields(base: Record<string, unknown>, next: Record<string, unknown>, skip: readonly string[]): FieldsPatch {
  const set: Record<string, unknown> = {};
  for (const k of Object.keys(next)) if (!skip.includes(k) && next[k] !== undefined && !same(base[k], next[k])) set[k] = next[k];
  const removed = Object.keys(base).filter((k) => !skip.includes(k) && base[k] !== undefined && next[k] === undefined);
  return { set, removed };
}

function applyFields(base: Record<string, unknown>, patch: FieldsPatch, skip: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(base)) if (!skip.includes(k) && base[k] !== undefined && !patch.removed.includes(k)) out[k] = base[k];
  for (const k of Object.keys(patch.set)) out[k] = patch.set[k];
  return out;
}

/** Deep equality of plain JSON values (a field set to undefined counts as absent, as in JSON). Hot: no allocation. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const list = Array.isArray(a);
  if (list !== Array.isArray(b)) return false;
  if (list) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!same(x[i], y[i])) return false;
    return true;
  }
  return sameFields(a as Record<string, unknown>, b as Record<string, unknown>, NO_FIELDS);
}

const NO_FIELDS: string[] = [];

/** The objects' fields equal, those named in `skip` aside. */
function sameFields(a: Record<string, unknown>, b: Record<string, unknown>, skip: string[]): boolean {
  let count = 0;
  for (const k in a) {
    const v = a[k];
    if (v === undefined || (skip.length > 0 && skip.includes(k))) continue;
    count++;
    if (!same(v, b[k])) return false;
  }
  for (const k in b) if (b[k] !== undefined && !(skip.length > 0 && skip.includes(k))) count--;
  return count === 0;
}

function sameStrings(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function strings(x: unknown): x is string[] {
  return Array.isArray(x) && x.every((s) => typeof s === 'string');
}
