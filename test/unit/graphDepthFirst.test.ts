// The depth-first search the layouts rank by (core/graph/depthFirst.ts): postorder from every box
// in index order, the edges into the search's stack (loops) left out of `forward`, the start's reach.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { depthFirst } from '../../server/src/core/graph/depthFirst';

test('a loop back to the start is left out; postorder; a box the start does not reach comes after its reach', () => {
  // 0 -> 1 -> 2 -> 0 (loop back), 1 -> 3; box 4 -> 2 is not reached from 0.
  const succ = [[1], [2, 3], [0], [], [2]];
  const r = depthFirst(5, succ);
  assert.deepEqual(r.post, [2, 3, 1, 0, 4]);
  assert.equal(r.fromFirst, 4);
  assert.deepEqual(r.forward, [[1], [2, 3], [], [], [2]]);
});

test('entries as edge indices with their heads: the loop edge found is the one left out, duplicates kept', () => {
  // Edges: 0: 0->1, 1: 1->0 (closes the loop), 2: 0->1 again.
  const heads = [1, 0, 1];
  const r = depthFirst(2, [[0, 2], [1]], heads);
  assert.deepEqual(r.forward, [[0, 2], []]);
  assert.deepEqual(r.post, [1, 0]);
});

test('a chain of 100,000 boxes: no call stack overflow', () => {
  const n = 100_000;
  const succ = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : []));
  const r = depthFirst(n, succ);
  assert.equal(r.post[0], n - 1);
  assert.equal(r.fromFirst, n);
});
