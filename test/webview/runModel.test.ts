/** What a run means for the drawing (media/src/runModel.ts), in node: statuses, edges taken, instances. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataFlowSteps, readRun } from '../../media/src/runModel';
import { graphOfFile, runEcho, runTestCase } from './runs';

const SEED = 'examples/article-review/article-review.asl.json';
const SEED_MOCKS = 'examples/article-review/article-review.mocks.json';

function names(graph: ReturnType<typeof graphOfFile>, ids: Iterable<string>): string[] {
  const byId = new Map(graph.model.nodes.map((n) => [n.id, n]));
  return [...ids].map((id) => byId.get(id)?.name ?? id);
}

test('a succeeded run: every state on the path succeeded, the edges between them taken', async () => {
  const graph = graphOfFile(SEED);
  const view = readRun(graph.model, await runTestCase(SEED, SEED_MOCKS, 'PendingGoesToReview'));
  assert.deepEqual(names(graph, view.nodes.keys()), ['GeeksForGeeks Article Description', 'Choice', 'Add To Review', 'Show Article']);
  assert.ok([...view.nodes.values()].every((n) => n.status === 'succeeded' && n.retries === 0));
  const taken = graph.model.edges.filter((e) => view.edges.has(e.id)).map((e) => `${e.kind}:${names(graph, [e.from, e.to]).join('->')}`);
  // Rule 1 and Default both lead to "Add To Review": the run says rule 1 matched, so its edge is lit.
  assert.deepEqual(taken, [
    'start:->GeeksForGeeks Article Description',
    'next:GeeksForGeeks Article Description->Choice',
    'choice:Choice->Add To Review',
    'next:Add To Review->Show Article',
    'end:Show Article->',
  ]);
  assert.equal(view.failedNode, undefined);
});

test('a Choice that went by Default lights the Default edge, not the rule leading to the same state', async () => {
  const graph = graphOfFile(SEED);
  const view = readRun(graph.model, await runTestCase(SEED, SEED_MOCKS, 'OtherStatusGoesToReview'));
  const fromChoice = graph.model.edges
    .filter((e) => view.edges.has(e.id) && names(graph, [e.from])[0] === 'Choice')
    .map((e) => `${e.kind}:${names(graph, [e.to])[0]}`);
  assert.deepEqual(fromChoice, ['default:Add To Review']);
});

test('retries, a failure out of retries, and where it happened', async () => {
  const graph = graphOfFile(SEED);
  const throttled = readRun(graph.model, await runTestCase(SEED, SEED_MOCKS, 'ThrottledThenRecovers'));
  const add = [...throttled.nodes.values()].find((n) => names(graph, [n.nodeId])[0] === 'Add To Review')!;
  assert.equal(add.status, 'succeeded');
  assert.equal(add.retries, 2);
  const failing = readRun(graph.model, await runTestCase(SEED, SEED_MOCKS, 'ShowArticleKeepsFailing'));
  assert.deepEqual(names(graph, [failing.failedNode!]), ['Show Article']);
  const show = failing.nodes.get(failing.failedNode!)!;
  assert.equal(show.status, 'failed');
  assert.equal(show.retries, 3);
  assert.equal(show.runs[0].error, 'Lambda.ServiceException');
  assert.equal(show.runs[0].cause, 'Lambda is unavailable.');
});

test('a caught error, then a Fail state that ends the run', async () => {
  const file = 'examples/order-processing/order-processing.asl.json';
  const graph = graphOfFile(file);
  const view = readRun(
    graph.model,
    await runTestCase(file, 'examples/order-processing/order-processing.mocks.json', 'PaymentRetriedThenFallback'),
  );
  const status = Object.fromEntries([...view.nodes.values()].map((n) => [names(graph, [n.nodeId])[0], `${n.status}/${n.retries}`]));
  assert.deepEqual(status, {
    ValidateOrder: 'succeeded/0',
    ProcessPayment: 'caught/3',
    PaymentFallback: 'succeeded/0',
    OrderFailed: 'failed/0',
  });
  assert.deepEqual(names(graph, [view.failedNode!]), ['OrderFailed']);
  assert.equal(view.nodes.get(view.failedNode!)!.runs[0].error, 'OrderFailed');
  assert.ok(
    graph.model.edges.some((e) => e.kind === 'catch' && view.edges.has(e.id)),
    'the Catch edge is taken',
  );
});

test('Parallel branches and Map iterations: one instance per branch and iteration, with the data flow in order', async () => {
  const file = 'test/corpus/valid/parallel-with-nested-map.asl.json';
  const graph = graphOfFile(file);
  const view = readRun(graph.model, await runEcho(file, { packages: [{ id: 1 }, { id: 2 }] }));
  const courier = [...view.nodes.values()].find((n) => names(graph, [n.nodeId])[0] === 'Book Courier')!;
  assert.deepEqual(
    courier.runs.map((r) => r.where),
    ['Fulfil Order › branch 1 › Ship Packages › iteration 0', 'Fulfil Order › branch 1 › Ship Packages › iteration 1'],
  );
  assert.deepEqual(
    courier.runs.map((r) => r.input),
    [{ id: 1 }, { id: 2 }],
  );
  const parallel = [...view.nodes.values()].find((n) => names(graph, [n.nodeId])[0] === 'Fulfil Order')!;
  assert.deepEqual(
    dataFlowSteps(parallel.runs[0].dataFlow!).map(([k]) => k),
    ['Result', 'After ResultSelector', 'After ResultPath'],
  );
  // Edges inside the nested scopes are lit too: the iteration's start into "Book Courier".
  const start = graph.model.edges.find((e) => e.kind === 'start' && e.to === courier.nodeId)!;
  assert.ok(view.edges.has(start.id));
});
