/** Layout reuse between versions (server/src/core/graph/reuse.ts): typing that moves no box reuses the layout; the draw key tells an unchanged picture. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core';
import { graphOf } from '../../server/src/core/graph';
import { graphReusing } from '../../server/src/core/graph/reuse';
import { generateMachine } from '../fixtures/generate';

const TEXT = JSON.stringify(
  {
    StartAt: 'A',
    States: {
      A: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f', 'Payload.$': '$' }, Next: 'B' },
      B: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'C' }], Default: 'C' },
      C: { Type: 'Succeed' },
    },
  },
  null,
  2,
);

test("typing inside a state (a parameter) reuses the layout and keeps the picture's key; the model has the new offsets", () => {
  const first = graphReusing(analyze(TEXT), undefined);
  assert.equal(first.reused, false);
  const typed = TEXT.replace('"FunctionName": "f"', '"FunctionName": "function-with-a-longer-name"');
  const second = graphReusing(analyze(typed), first);
  assert.equal(second.reused, true);
  assert.equal(second.graph.layout, first.graph.layout);
  assert.equal(second.drawKey, first.drawKey);
  assert.deepEqual(second.graph.layout, graphOf(analyze(typed)).layout, 'the same layout a fresh one gives');
  const c1 = first.graph.model.nodes.find((n) => n.name === 'C')!;
  const c2 = second.graph.model.nodes.find((n) => n.name === 'C')!;
  assert.equal(c2.nameOffset! - c1.nameOffset!, 'function-with-a-longer-name'.length - 1);
});

test('a rename, a new transition or a changed Choice label lays out again; a new problem changes only the picture', () => {
  const first = graphReusing(analyze(TEXT), undefined);
  for (const changed of [
    TEXT.replace(/"C"/g, '"Done"'),
    TEXT.replace('"Default": "C"', '"Default": "A"'),
    TEXT.replace('"$.x"', '"$.longer.path"'),
  ]) {
    const next = graphReusing(analyze(changed), first);
    assert.equal(next.reused, false, changed);
    assert.notEqual(next.drawKey, first.drawKey);
  }
  // An unknown field is a diagnostic on A: same boxes, but the node is marked.
  const marked = graphReusing(analyze(TEXT.replace('"Type": "Task",', '"Type": "Task", "Bogus": 1,')), first);
  assert.equal(marked.reused, true);
  assert.notEqual(marked.drawKey, first.drawKey);
});

test('2,000 states: a keystroke inside a state reuses the layout (timed)', () => {
  const text = generateMachine({ states: 2000, seed: 42 });
  const first = graphReusing(analyze(text), undefined);
  const at = text.indexOf('"Payload.$"');
  const typed = text.slice(0, at) + '"Extra": "x", ' + text.slice(at);
  const analysis = analyze(typed);
  const started = performance.now();
  const second = graphReusing(analysis, first);
  const ms = performance.now() - started;
  console.log(`2,000 states: model + reused layout in ${Math.round(ms)} ms`);
  assert.equal(second.reused, true);
});

test('collapse: a Parallel drawn closed hides its branches to any depth, says how many states, and lays out as a leaf', async () => {
  const { nestedMachine } = await import('./graphChecks');
  const analysis = analyze(nestedMachine(3));
  const open = graphReusing(analysis, undefined);
  const outer = open.graph.model.nodes.find(
    (n) => n.kind === 'state' && n.children?.length && open.graph.model.scopes.find((s) => s.id === n.scope)?.id === open.graph.model.root,
  )!;
  const inside = open.graph.model.nodes.filter((n) => n.kind === 'state' && n.id.startsWith(`${outer.id}#`)).length;
  assert.ok(inside > 3);
  const closed = graphReusing(analysis, open, new Set([outer.id]));
  assert.equal(closed.reused, false);
  const node = closed.graph.model.nodes.find((n) => n.id === outer.id)!;
  assert.equal(node.children, undefined);
  assert.equal(node.hidden, inside);
  assert.equal(closed.graph.model.nodes.filter((n) => n.id.startsWith(`${outer.id}#`)).length, 0);
  assert.equal(closed.graph.model.edges.filter((e) => e.from.startsWith(`${outer.id}#`)).length, 0);
  assert.deepEqual(Object.keys(closed.graph.layout.scopes), []);
  assert.ok(closed.graph.layout.nodes[outer.id].height < open.graph.layout.nodes[outer.id].height);
  const { renderSvg } = await import('../../server/src/core/graph');
  assert.match(renderSvg(closed.graph), new RegExp(`(Parallel|Map) ▸ ${inside} states`));
  // Open again: the same layout as before.
  assert.deepEqual(graphReusing(analysis, closed).graph.layout, open.graph.layout);
});
