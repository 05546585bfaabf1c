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

test('typing inside a state (a parameter) reuses the layout and keeps the picture\'s key; the model has the new offsets', () => {
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
  for (const changed of [TEXT.replace(/"C"/g, '"Done"'), TEXT.replace('"Default": "C"', '"Default": "A"'), TEXT.replace('"$.x"', '"$.longer.path"')]) {
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
