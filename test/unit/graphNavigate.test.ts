/** Keyboard navigation of the graph (media/src/navigate.ts), over models of real machines. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core';
import { buildGraph } from '../../server/src/core/graph';
import { Navigator } from '../../media/src/navigate';

const TEXT = JSON.stringify({
  StartAt: 'P',
  States: {
    P: {
      Type: 'Parallel',
      Branches: [{ StartAt: 'A1', States: { A1: { Type: 'Pass', Next: 'A2' }, A2: { Type: 'Pass', End: true } } }],
      Next: 'Check',
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Oops' }],
    },
    Check: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'Yes' }], Default: 'No' },
    Yes: { Type: 'Succeed' },
    No: { Type: 'Pass', Next: 'Check' },
    Oops: { Type: 'Fail' },
  },
});

test('arrows: down follows a transition, up goes back, left/right step through the other targets; into and out of a branch', () => {
  const model = buildGraph(analyze(TEXT).machine);
  const id = (name: string) => model.nodes.find((n) => n.kind === 'state' && n.name === name)!.id;
  const nav = new Navigator(model);
  assert.equal(nav.step(undefined, 'down'), id('P'), 'nothing selected: the first state');
  assert.equal(nav.step(id('P'), 'down'), id('A1'), 'into the branch');
  assert.equal(nav.step(id('A1'), 'down'), id('A2'));
  assert.equal(nav.step(id('A2'), 'down'), id('Check'), 'out of the branch to where the Parallel goes next (its Next before its Catch)');
  assert.equal(nav.step(id('Check'), 'left'), id('Oops'), 'the other target of P, round the list');
  assert.equal(nav.step(id('Oops'), 'up'), id('P'));
  assert.equal(nav.step(id('Oops'), 'down'), undefined, 'a Fail goes nowhere');
  assert.equal(nav.step(id('Check'), 'down'), id('Yes'));
  assert.equal(nav.step(id('Yes'), 'right'), id('No'));
  assert.equal(nav.step(id('No'), 'down'), id('Check'), 'a loop back');
  // Inside the Parallel's branch: up from its first state leaves to the Parallel.
  assert.equal(nav.step(id('A2'), 'up'), id('A1'));
  assert.equal(nav.step(id('A1'), 'up'), id('P'));
  assert.equal(nav.step(id('A2'), 'home'), id('P'));
});
