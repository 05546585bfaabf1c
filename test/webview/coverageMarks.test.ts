/**
 * Coverage on the drawing (media/src/coverageMarks.ts), in node: core/coverage's items over real
 * runs (the examples' test cases, an imported AWS history) matched to the graph's nodes and edges:
 * a Choice rule and Default leading to the same state told apart, a Catch edge, a state inside a
 * Parallel branch found by the states around it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PositionedGraph } from '../../server/src/core/graph';
import { historyToResult } from '../../server/src/core/history';
import { coverageMarks, coverageSummary } from '../../media/src/coverageMarks';
import { ROOT } from './page';
import { coverageOf, runTestCase } from './runs';

const SEED = 'examples/article-review/article-review.asl.json';
const SEED_MOCKS = 'examples/article-review/article-review.mocks.json';
const ORDER = 'examples/order-processing/order-processing.asl.json';
const ORDER_MOCKS = 'examples/order-processing/order-processing.mocks.json';

function describe(graph: PositionedGraph, nodes: Set<string>, edges: Set<string>): { nodes: string[]; edges: string[] } {
  const name = new Map(graph.model.nodes.map((n) => [n.id, n.name]));
  return {
    nodes: [...nodes].map((id) => name.get(id)!).sort(),
    edges: graph.model.edges
      .filter((e) => edges.has(e.id))
      .map((e) => `${e.kind}${e.rule !== undefined ? e.rule : ''}:${name.get(e.from)}->${name.get(e.to)}`)
      .sort(),
  };
}

test('one case through a Choice: the other rule, Default and the state only they reach are never covered', async () => {
  const { graph, items } = coverageOf(SEED, [await runTestCase(SEED, SEED_MOCKS, 'PendingGoesToReview')]);
  const m = coverageMarks(graph.model, items);
  // Rule 0 and Default both lead to "Add To Review": only rule 0 was taken.
  assert.deepEqual(describe(graph, m.uncoveredNodes, m.uncoveredEdges), {
    nodes: ['Move To Publish'],
    edges: ['choice1:Choice->Move To Publish', 'default:Choice->Add To Review', 'next:Move To Publish->Show Article'],
  });
  assert.ok(describe(graph, m.coveredEdges, m.coveredEdges).edges.includes('choice0:Choice->Add To Review'));
  // The definition has 4 retriers; this case retries nothing. Transitions: 3 Next, 2 rules, Default.
  assert.equal(coverageSummary(m), 'Covered: 4 of 5 states, 3 of 6 transitions, 0 of 4 retriers');
});

test('every case of the seed example: nothing left uncovered', async () => {
  const cases = [
    'PendingGoesToReview',
    'ReviewGoesToPublish',
    'OtherStatusGoesToReview',
    'ThrottledThenRecovers',
    'ShowArticleKeepsFailing',
  ];
  const runs = await Promise.all(cases.map((c) => runTestCase(SEED, SEED_MOCKS, c)));
  const m = coverageMarks(coverageOf(SEED, runs).graph.model, coverageOf(SEED, runs).items);
  assert.equal(m.uncoveredNodes.size, 0);
  assert.equal(m.uncoveredEdges.size, 0);
});

test('the happy path of the order example: its Catch edge and the states after it are never covered', async () => {
  const { graph, items } = coverageOf(ORDER, [await runTestCase(ORDER, ORDER_MOCKS, 'HappyPath')]);
  const m = coverageMarks(graph.model, items);
  assert.deepEqual(describe(graph, m.uncoveredNodes, m.uncoveredEdges), {
    nodes: ['OrderFailed', 'PaymentFallback'],
    edges: ['catch:ProcessPayment->PaymentFallback', 'next:PaymentFallback->OrderFailed'],
  });
  assert.deepEqual([...m.unfiredRetriers.values()], [[0]]);
});

test('a recorded history through a Parallel: the branch states are found inside it; the second catcher is never taken', () => {
  const dir = join(ROOT, 'test', 'cli', 'fixtures', 'history');
  const def = readFileSync(join(dir, 'branch-caught.asl.json'), 'utf8');
  const recorded = historyToResult(JSON.parse(readFileSync(join(dir, 'branch-caught.history.json'), 'utf8')), JSON.parse(def));
  const { graph, items } = coverageOf('test/cli/fixtures/history/branch-caught.asl.json', [recorded]);
  const m = coverageMarks(graph.model, items);
  assert.deepEqual(describe(graph, m.uncoveredNodes, m.uncoveredEdges), {
    nodes: ['Broken'],
    edges: ['catch:Both->Broken', 'next:Both->Done'],
  });
  assert.deepEqual(describe(graph, m.coveredNodes, new Set()).nodes, ['Backorder', 'Both', 'Done', 'Quote', 'Reserve']);
});
