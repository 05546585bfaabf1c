/**
 * The graph as a patch (server/src/core/graph/patch.ts): over random edits of generated machines,
 * the patch applied to the old graph deep-equals the new full graph, survives JSON, leaves the old
 * graph as it was, and is far smaller than the graph when the edit is small.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core';
import { graphReusing, type CachedGraph } from '../../server/src/core/graph/reuse';
import { applyGraphPatch, diffGraph, graphPatchProblem, patchSize } from '../../server/src/core/graph/patch';
import type { PositionedGraph } from '../../server/src/core/graph';
import { readToWebview } from '../../protocol/panel';
import { generateMachine } from '../fixtures/generate';

type States = Record<string, Record<string, unknown>>;

/** mulberry32, as the fixtures use: the same seed, the same edits. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One random edit of the top-level states: rename, add, delete, retarget, comment, or collapse-free noise. */
function randomEdit(text: string, rnd: () => number, i: number): string {
  const doc = JSON.parse(text) as { StartAt: string; States: States };
  const names = Object.keys(doc.States);
  const pick = () => names[Math.floor(rnd() * names.length)];
  const kind = Math.floor(rnd() * 6);
  const name = pick();
  const s = doc.States[name];
  if (kind === 0 && name !== doc.StartAt) {
    // Rename, and every transition to it.
    const to = `${name}R${i}`;
    const out: States = {};
    for (const [n, v] of Object.entries(doc.States)) out[n === name ? to : n] = v;
    doc.States = JSON.parse(JSON.stringify(out).split(`"${name}"`).join(`"${to}"`)) as States;
  } else if (kind === 1) {
    // A new state before `name`'s successor.
    const added = `Added${i}`;
    const next = typeof s.Next === 'string' ? s.Next : undefined;
    doc.States[added] = next ? { Type: 'Pass', Next: next } : { Type: 'Succeed' };
    if (next) s.Next = added;
  } else if (kind === 2 && name !== doc.StartAt) {
    // Delete a state: transitions to it become missing targets.
    delete doc.States[name];
  } else if (kind === 3 && typeof s.Next === 'string') {
    s.Next = pick();
  } else if (kind === 4) {
    s.Comment = `edited ${i}`;
  } else {
    // A field the graph does not draw: the patch is (nearly) empty.
    s[`X${i}`] = i;
  }
  return JSON.stringify(doc, null, 2);
}

const roundTrip = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

for (const [states, seed, edits] of [
  [40, 3, 30],
  [300, 7, 12],
] as const) {
  test(`graph patch: ${edits} random edits of a ${states}-state machine, each patch applied to the old graph gives the new one`, () => {
    let text = generateMachine({ states, seed });
    let cached: CachedGraph = graphReusing(analyze(text), undefined);
    const rnd = random(seed);
    for (let i = 0; i < edits; i++) {
      text = randomEdit(text, rnd, i);
      const next = graphReusing(analyze(text), cached);
      const base: PositionedGraph = roundTrip(cached.graph);
      const before = JSON.stringify(base);
      const patch = roundTrip(diffGraph(cached.graph, next.graph));
      assert.equal(graphPatchProblem(patch), undefined);
      const applied = applyGraphPatch(base, patch);
      assert.deepEqual(roundTrip(applied), roundTrip(next.graph), `edit ${i}`);
      assert.equal(JSON.stringify(base), before, 'the base graph is not changed');
      cached = next;
    }
  });
}

test('graph patch: a small edit of a 2,000-state machine patches a few items, far less JSON than the graph', () => {
  const text = generateMachine({ states: 2000, seed: 42 });
  const old = graphReusing(analyze(text), undefined);
  // A state renamed (and the transition to it): every later state's text offsets move.
  const edited = text.replace(/ValidateOrder0"/g, 'ValidateOrder0x"');
  const next = graphReusing(analyze(edited), old);
  const patch = diffGraph(old.graph, next.graph);
  assert.ok(patchSize(patch) > 0);
  const full = JSON.stringify(next.graph).length;
  const sent = JSON.stringify(patch).length;
  assert.ok(sent * 10 < full, `patch ${sent} bytes vs graph ${full} bytes`);
  assert.deepEqual(roundTrip(applyGraphPatch(roundTrip(old.graph), roundTrip(patch))), roundTrip(next.graph));
  // The same graph: an empty patch.
  assert.equal(patchSize(diffGraph(next.graph, roundTrip(next.graph))), 0);
});

test('graph patch: a patch naming an item neither graph has is refused, not half applied', () => {
  const g = graphReusing(analyze(generateMachine({ states: 10, seed: 1 })), undefined).graph;
  const patch = diffGraph(g, g);
  patch.nodes.order = [...g.model.nodes.map((n) => n.id), 'nope'];
  assert.throws(() => applyGraphPatch(g, patch), /no item "nope"/);
  assert.match(graphPatchProblem({ ...patch, edges: { set: 'x' } }) ?? '', /patch\.edges/);
});

test('graph patch: the page reads a graphPatch message only when its patch is well-formed', () => {
  const g = graphReusing(analyze(generateMachine({ states: 10, seed: 1 })), undefined).graph;
  const patch = roundTrip(diffGraph(g, g));
  const ok = readToWebview({ type: 'graphPatch', version: 2, base: 'a.1', id: 'a.2', patch, millis: 1 });
  assert.ok(typeof ok !== 'string' && ok.type === 'graphPatch' && ok.base === 'a.1');
  assert.match(
    String(
      readToWebview({
        type: 'graphPatch',
        version: 2,
        base: 'a.1',
        id: 'a.2',
        patch: { ...patch, nodes: { set: [{}], removed: [] } },
        millis: 1,
      }),
    ),
    /patch\.nodes/,
  );
  assert.match(String(readToWebview({ type: 'graphPatch', version: 2, id: 'a.2', patch, millis: 1 })), /"base"/);
});
