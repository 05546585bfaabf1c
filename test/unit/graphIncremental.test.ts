/**
 * The layout at scale (server/src/core/graph/blocks.ts, sugiyama.ts): large scopes laid out in
 * stretches between cut boxes, every layered layout remembered between versions, so that an edit
 * re-lays out only what it touched, with the result a full layout gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core';
import { buildGraph, layoutGraph, type GraphModel, type PositionedGraph } from '../../server/src/core/graph';
import { graphReusing } from '../../server/src/core/graph/reuse';
import { blocksOf, LayoutCache } from '../../server/src/core/graph/blocks';
import { layered } from '../../server/src/core/graph/layered';
import { generateMachine } from '../fixtures/generate';
import { geometryProblems, overlaps } from './graphChecks';

const BIG = generateMachine({ states: 2000, seed: 42 });

type Json = Record<string, Record<string, unknown> & { Branches?: { StartAt: string; States: Record<string, Record<string, unknown>> }[] }>;

/** The text with a Pass state added at the head of branch 2 of the `nth` Parallel state (a structural edit inside one branch). */
function withStateInBranch(text: string, nth: number): { text: string; parallel: string } {
  const doc = JSON.parse(text) as { States: Json };
  const parallel = Object.keys(doc.States).filter((n) => doc.States[n].Type === 'Parallel')[nth];
  const branch = doc.States[parallel].Branches![1];
  branch.States = { Inserted: { Type: 'Pass', Next: branch.StartAt }, ...branch.States };
  branch.StartAt = 'Inserted';
  return { text: JSON.stringify(doc, null, 2), parallel };
}

const scopeOfItem = (model: GraphModel, itemId: string): string => model.nodes.find((n) => n.id === itemId.replace(/^item:/, ''))!.scope;

/** Node boxes of a scope relative to its frame (or to the drawing, for the root). */
function relative(g: PositionedGraph, scopeId: string): Record<string, { x: number; y: number; width: number; height: number }> {
  const frame = g.layout.scopes[scopeId] ?? { x: 0, y: 0 };
  const out: Record<string, { x: number; y: number; width: number; height: number }> = {};
  for (const id of g.model.scopes.find((s) => s.id === scopeId)!.nodes) {
    const b = g.layout.nodes[id];
    out[id] = { x: Math.round(b.x - frame.x), y: Math.round(b.y - frame.y), width: b.width, height: b.height };
  }
  return out;
}

test('2,000 states: no two boxes of a scope overlap, nor an edge label a box; every state and edge drawn', () => {
  const g = layoutGraph(buildGraph(analyze(BIG).machine, []));
  assert.equal(g.model.stateCount, 2000);
  assert.deepEqual(geometryProblems(g).slice(0, 5), []);
  for (const scope of g.model.scopes) {
    const boxes = scope.nodes.map((id) => g.layout.nodes[id]);
    for (const id of scope.edges) {
      const label = g.layout.edges[id]?.label;
      if (!label || g.layout.edges[id].reference) continue;
      const hit = boxes.find((b) => overlaps(label, b));
      assert.equal(hit, undefined, `the label of ${id} overlaps a box in ${scope.id}`);
    }
  }
});

test('a structural edit inside one branch re-lays out that branch and the stretches of the top scope around its Parallel, nothing else', () => {
  const first = graphReusing(analyze(BIG), undefined);
  assert.ok(first.cache.fresh.length > 300, 'the first layout lays out every scope and stretch');
  const { text, parallel } = withStateInBranch(BIG, 40);
  const second = graphReusing(analyze(text), first);
  const model = second.graph.model;
  const owner = model.nodes.find((n) => n.name === parallel && n.kind === 'state')!;
  const [, branch2] = owner.children!;
  const scopes = second.cache.fresh.map((items) => scopeOfItem(model, items[0]));
  // The Parallel grew, and the box holding it (it, or a chain it is in) is a cut of the top scope: the stretches above and below it share it.
  assert.deepEqual(scopes, [branch2, model.root, model.root], `re-laid out: ${JSON.stringify(second.cache.fresh)}`);
  const rootItems = model.scopes.find((s) => s.id === model.root)!.nodes.length;
  const [above, below] = second.cache.fresh.slice(1);
  for (const stretch of [above, below])
    assert.ok(stretch.length < 20, `a stretch of ${stretch.length} boxes of the top scope's ${rootItems}, not all of it`);
  assert.deepEqual(
    above.filter((id) => below.includes(id)),
    [above[above.length - 1]],
  );
  assert.equal(below[0], above[above.length - 1]);
  assert.ok(second.cache.hits > 300);
});

test("the incremental layout gives the full layout's positions: the edited version whole, and unchanged scopes where they were", () => {
  const first = graphReusing(analyze(BIG), undefined);
  const { text, parallel } = withStateInBranch(BIG, 40);
  const second = graphReusing(analyze(text), first);
  // What the cache gave is what laying everything out afresh gives.
  const full = layoutGraph(second.graph.model);
  assert.deepEqual(second.graph.layout, full.layout);
  // Every scope the edit did not touch keeps its picture: the other branches of that Parallel, and all other Parallel and Map contents.
  const edited = second.graph.model.nodes.find((n) => n.name === parallel)!.children![1]!;
  let compared = 0;
  for (const scope of first.graph.model.scopes) {
    if (scope.id === edited || scope.id === first.graph.model.root) continue;
    assert.deepEqual(relative(second.graph, scope.id), relative(first.graph, scope.id), scope.id);
    compared++;
  }
  assert.ok(compared > 250);
});

test("a rename of a Choice's target in the top scope re-lays out one stretch; typing back restores the first layout exactly", () => {
  const first = graphReusing(analyze(BIG), undefined);
  const renamed = BIG.replace(/"ChargeCustomer18"/g, '"ChargeCustomer18WithAMuchLongerName"');
  const second = graphReusing(analyze(renamed), first);
  assert.equal(second.reused, false);
  assert.equal(second.cache.fresh.length, 1, JSON.stringify(second.cache.fresh));
  assert.ok(second.cache.fresh[0].length < 20, `${second.cache.fresh[0].length} boxes laid out again`);
  const back = graphReusing(analyze(BIG), second);
  assert.deepEqual(back.graph.layout, first.graph.layout);
  assert.ok(back.cache.fresh.length <= 1);
});

test('stretches: a sequence of fan-outs is cut at each join; edges over a box, loops through it and extra ways in prevent a cut', () => {
  const item = (id: string) => ({ id, width: 100, height: 40 });
  // a -> {b, c} -> d -> {e, f} -> g: cuts at d only (a and g are the ends).
  const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  const edges = [
    ['a', 'b'],
    ['a', 'c'],
    ['b', 'd'],
    ['c', 'd'],
    ['d', 'e'],
    ['d', 'f'],
    ['e', 'g'],
    ['f', 'g'],
  ].map(([from, to], i) => ({ id: `e${i}`, from, to }));
  const blocks = blocksOf({ items: ids.map(item), edges })!;
  assert.equal(blocks.length, 2);
  assert.deepEqual(
    blocks.map((b) => b.items.map((i) => ids[i])),
    [
      ['a', 'b', 'c', 'd'],
      ['d', 'e', 'f', 'g'],
    ],
  );
  // An edge from a to g jumps over d: no cut.
  assert.equal(blocksOf({ items: ids.map(item), edges: [...edges, { id: 'skip', from: 'a', to: 'g' }] }), undefined);
  // A loop back into d: no cut at d either.
  assert.equal(blocksOf({ items: ids.map(item), edges: [...edges, { id: 'loop', from: 'e', to: 'd' }] }), undefined);
  // A box only the later part leads from (a shared handler) is ranked just above its successor: the cut stays.
  const handler = blocksOf({ items: [...ids, 'h'].map(item), edges: [...edges, { id: 'h', from: 'h', to: 'g' }] })!;
  assert.equal(handler.length, 2);
  assert.ok(handler[1].items.includes(ids.length));
});

test('large scopes are laid out in stretches that the layout stacks without overlap, from the cache or not', () => {
  const cache = new LayoutCache();
  const model = buildGraph(analyze(generateMachine({ states: 600, seed: 3 })).machine, []);
  const cached = layoutGraph(model, cache);
  const root = model.scopes.find((s) => s.id === model.root)!;
  const stretches = cache.fresh.filter((items) => items.length > 1 && root.nodes.includes(items[0].replace(/^item:/, '')));
  assert.ok(stretches.length > 10, `${stretches.length} stretches in the top scope`);
  assert.deepEqual(cached.layout, layoutGraph(model).layout);
  assert.deepEqual(geometryProblems(cached), []);
  // Again from the cache alone: nothing laid out, the same picture.
  const again = layoutGraph(model, cache);
  assert.equal(cache.fresh.length, 0);
  assert.deepEqual(again.layout, cached.layout);
});

test('the layered layout on random graphs with loops, labels and self-loops: boxes and labels apart, edges drawn, forward edges downwards', () => {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let round = 0; round < 40; round++) {
    const n = 2 + Math.floor(rnd() * 40);
    const items = Array.from({ length: n }, (_, i) => ({
      id: `n${i}`,
      width: 20 + Math.floor(rnd() * 200),
      height: 18 + Math.floor(rnd() * 120),
    }));
    const edges: { id: string; from: string; to: string; labelWidth?: number; labelHeight?: number }[] = [];
    // Every other graph has no loops.
    const acyclic = round % 2 === 0;
    for (let i = 0; i < n * 1.5; i++) {
      const a = Math.floor(rnd() * (acyclic ? n - 1 : n));
      // Mostly forward, some back and some self-loops.
      const b = acyclic || rnd() < 0.8 ? Math.min(n - 1, a + 1 + Math.floor(rnd() * 4)) : Math.floor(rnd() * n);
      const e: (typeof edges)[number] = { id: `e${i}`, from: `n${a}`, to: `n${b}` };
      if (rnd() < 0.4) Object.assign(e, { labelWidth: 30 + Math.floor(rnd() * 120), labelHeight: 21 });
      edges.push(e);
    }
    const out = layered({ items, edges });
    const box = (id: string) => {
      const it = items.find((x) => x.id === id)!;
      const c = out.centers.get(id)!;
      return { x: c.x - it.width / 2, y: c.y - it.height / 2, width: it.width, height: it.height };
    };
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) assert.ok(!overlaps(box(`n${i}`), box(`n${j}`)), `round ${round}: n${i} overlaps n${j}`);
    for (const e of edges) {
      const pts = out.points.get(e.id)!;
      assert.ok(pts.length >= 2 && pts.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)), `round ${round}: ${e.id}`);
      const label = out.labels.get(e.id);
      if (e.labelWidth) {
        assert.ok(label, `round ${round}: ${e.id} has no label position`);
        const lb = { x: label.x - e.labelWidth / 2, y: label.y - e.labelHeight! / 2, width: e.labelWidth, height: e.labelHeight! };
        for (const it of items) assert.ok(!overlaps(lb, box(it.id)), `round ${round}: the label of ${e.id} overlaps ${it.id}`);
      }
    }
    // Without loops, every edge goes down.
    if (acyclic) {
      for (const e of edges) assert.ok(out.centers.get(e.to)!.y > out.centers.get(e.from)!.y, `round ${round}: ${e.id} goes up`);
    }
  }
});
