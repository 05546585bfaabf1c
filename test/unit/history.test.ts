// Real executions offline (core/history): AWS CLI histories written by hand under
// test/cli/fixtures/history (see its README) read into the dry run's result shape, and the test
// case that replays them. Expectations are read off the fixtures' events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core';
import { computeCoverage } from '../../server/src/core/coverage';
import {
  addTestCase,
  firstDivergence,
  historyInput,
  historyToResult,
  readHistory,
  testCaseFromRun,
  HistoryFormatError,
  type AwsHistory,
} from '../../server/src/core/history';
import { prepare, run } from '../../server/src/core/engine';
import { createTaskInvoker, definitionInfo, loadMockFile } from '../../server/src/core/engine/mocks';

const DIR = join(__dirname, '..', '..', '..', 'test', 'cli', 'fixtures', 'history');
const ROOT = join(__dirname, '..', '..', '..');
const load = (f: string): unknown => JSON.parse(readFileSync(join(DIR, f), 'utf8'));
const FANOUT_DEF = readFileSync(join(DIR, 'fanout.asl.json'), 'utf8');
const ORDER_DEF = readFileSync(join(ROOT, 'examples/order-processing/order-processing.asl.json'), 'utf8');

test("fanout: path, output, each event's state and scope read from the previousEventId chain", () => {
  const r = historyToResult(load('fanout.history.json') as AwsHistory, JSON.parse(FANOUT_DEF));
  assert.equal(r.status, 'SUCCEEDED');
  assert.deepEqual(r.path, ['Prepare', 'Fan', 'Done']);
  assert.deepEqual((r.output as { results: unknown[] }).results, [
    { total: 30 },
    [
      { id: 1, name: 'one' },
      { id: 2, name: 'two' },
    ],
  ]);
  // ExecutionStarted at :00.000, ExecutionSucceeded at :01.412.
  assert.equal(r.simulatedSeconds, 1.412);
  const at = (id: number) => r.events.find((e) => e.id === id)!;
  // 8 TaskScheduled (after Price entered, event 6), 16 and 25 Lookup's calls in iteration 1.
  assert.deepEqual([at(8).stateName, at(8).scope], ['Price', ['Fan', 'branch 0']]);
  assert.deepEqual(at(8).details?.parameters, { FunctionName: 'price', Payload: { order: 'X', batch: { ids: [1, 2] } } });
  assert.deepEqual([at(9).type, at(9).stateName, at(9).scope], ['MapStateStarted', 'EachItem', ['Fan', 'branch 1']]);
  assert.deepEqual([at(16).stateName, at(16).scope], ['Lookup', ['Fan', 'branch 1', 'EachItem', 'iteration 1']]);
  assert.deepEqual([at(22).type, at(22).scope], ['LambdaFunctionFailed', ['Fan', 'branch 1', 'EachItem', 'iteration 1']]);
  assert.deepEqual([at(24).type, at(24).scope], ['MapIterationSucceeded', ['Fan', 'branch 1', 'EachItem', 'iteration 0']]);
  assert.deepEqual([at(30).type, at(30).stateName, at(30).scope], ['MapStateSucceeded', 'EachItem', ['Fan', 'branch 1']]);
  assert.deepEqual([at(32).type, at(32).stateName, at(32).scope], ['ParallelStateSucceeded', 'Fan', undefined]);
  assert.equal(at(13).details?.input, 1, 'JSON text parsed');
});

test('AWS CLI v1 epoch timestamps read the same; describe-execution adds what the history lacks', () => {
  const v2 = historyToResult(load('fanout.history.json') as AwsHistory, JSON.parse(FANOUT_DEF));
  const v1 = historyToResult(load('fanout.v1.history.json') as AwsHistory, JSON.parse(FANOUT_DEF));
  assert.deepEqual(v1, v2);
  const cut = load('fanout.history.json') as AwsHistory;
  const partial = { events: cut.events.slice(0, 20) };
  const running = historyToResult(partial, JSON.parse(FANOUT_DEF));
  assert.equal(running.status, 'ABORTED');
  assert.match(running.hint ?? '', /no final Execution\* event/);
  const described = historyToResult(partial, JSON.parse(FANOUT_DEF), load('fanout.describe.json') as never);
  assert.equal(described.status, 'SUCCEEDED');
  assert.deepEqual(described.output, v2.output);
});

test('the replaying test case: calls numbered when scheduled, retries one entry each, Throw and Return', () => {
  const history = load('fanout.history.json') as AwsHistory;
  const r = historyToResult(history, JSON.parse(FANOUT_DEF));
  const tc = testCaseFromRun(r, historyInput(history), 'incident');
  assert.deepEqual(tc.testCase.Lookup, 'incident: Lookup');
  assert.deepEqual(tc.responses['incident: Lookup'], {
    '0': { Return: { id: 1, name: 'one' } },
    '1': { Throw: { Error: 'Lambda.TooManyRequestsException', Cause: 'Rate exceeded.' } },
    '2': { Return: { id: 2, name: 'two' } },
  });
  assert.deepEqual(tc.testCase.$test, { Input: { order: 'X' }, ExpectedPath: ['Prepare', 'Fan', 'Done'], ExpectedOutput: r.output });
});

test("order-processing: two PaymentFailed retried, CardExpired caught; the Fail state's cause is expected", () => {
  const history = load('order-payment-caught.history.json') as AwsHistory;
  const r = historyToResult(history, JSON.parse(ORDER_DEF));
  assert.equal(r.status, 'FAILED');
  const tc = testCaseFromRun(r, historyInput(history), 'caught');
  const payment = tc.responses['caught: ProcessPayment'];
  assert.deepEqual(Object.keys(payment), ['0', '1', '2']);
  assert.deepEqual(
    Object.values(payment).map((a) => ('Throw' in a ? a.Throw.Error : 'Return')),
    ['PaymentFailed', 'PaymentFailed', 'CardExpired'],
  );
  assert.deepEqual((tc.testCase.$test as Record<string, unknown>).ExpectedError, {
    Error: 'OrderFailed',
    Cause: 'Payment could not be processed',
  });
});

test('an imported history feeds coverage like a dry run: the retrier fired, the catcher was taken', () => {
  const r = historyToResult(load('order-payment-caught.history.json') as AwsHistory, JSON.parse(ORDER_DEF));
  // AWS's events do not say which catcher: the first one matching CardExpired (the only one).
  const c = computeCoverage(analyze(ORDER_DEF).machine, [r], 'order-processing');
  assert.equal(c.items.find((i) => i.kind === 'retrier')!.hits, 2);
  assert.deepEqual(c.totals.states, { covered: 4, total: 6 });
  assert.equal(c.items.find((i) => i.transition === 'Catch')!.hits, 1);
  assert.equal(c.items.find((i) => i.state === 'ProcessPayment' && i.transition === 'Next')!.hits, 0);
  // ValidateOrder.Next, ProcessPayment's Catch, PaymentFallback.Next of 5.
  assert.deepEqual(c.totals.transitions, { covered: 3, total: 5 });
  // A Parallel's failure carries no error in AWS's events: the failed branch's OutOfStock is caught by Catch #0.
  const bcDef = readFileSync(join(DIR, 'branch-caught.asl.json'), 'utf8');
  const bc = computeCoverage(
    analyze(bcDef).machine,
    [historyToResult(load('branch-caught.history.json') as AwsHistory, JSON.parse(bcDef))],
    'branch-caught',
  );
  assert.deepEqual(
    bc.items.filter((i) => i.state === 'Both' && i.kind === 'transition').map((i) => [i.transition, i.index ?? null, i.hits]),
    [
      ['Next', null, 0],
      ['Catch', 0, 1],
      ['Catch', 1, 0],
    ],
  );
  const f = historyToResult(load('fanout.history.json') as AwsHistory, JSON.parse(FANOUT_DEF));
  const fc = computeCoverage(analyze(FANOUT_DEF).machine, [f], 'fanout');
  assert.deepEqual(fc.totals.innerStates, { covered: 3, total: 3 });
  assert.equal(fc.items.find((i) => i.state === 'Lookup' && i.kind === 'state')!.hits, 2);
});

test('addTestCase keeps what the mock file has; a bad history is named', () => {
  const existing = {
    LocalHandlers: { f: 'h.mjs#f' },
    StateMachines: { m: { TestCases: { Old: { $test: {} } } } },
    MockedResponses: { Keep: { '0': { Return: 1 } } },
  };
  const tc = { testCase: { S: 'New: S', $test: {} }, responses: { 'New: S': { '0': { Return: 2 } } } };
  const { file, replaced } = addTestCase(existing, 'm', 'New', tc);
  assert.equal(replaced, false);
  assert.deepEqual(Object.keys((file.StateMachines as Record<string, { TestCases: object }>).m.TestCases), ['Old', 'New']);
  assert.deepEqual(Object.keys(file.MockedResponses as object), ['Keep', 'New: S']);
  assert.deepEqual(file.LocalHandlers, existing.LocalHandlers);
  assert.equal(addTestCase(file, 'm', 'New', tc).replaced, true);
  assert.throws(() => readHistory({ executions: [] }), HistoryFormatError);
  assert.throws(() => readHistory({ events: [{ id: 1 }] }), /events\[0\]/);
});

test('an imported Choice: the rule is the one whose Next was entered next (AWS writes no rule index)', () => {
  const def =
    '{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":1,"Next":"A"}],"Default":"B"},"A":{"Type":"Succeed"},"B":{"Type":"Succeed"}}}';
  const t = '2026-03-01T10:00:00.000000+00:00';
  const history: AwsHistory = {
    events: [
      { timestamp: t, type: 'ExecutionStarted', id: 1, previousEventId: 0, executionStartedEventDetails: { input: '{"n":2}' } },
      { timestamp: t, type: 'ChoiceStateEntered', id: 2, previousEventId: 0, stateEnteredEventDetails: { name: 'C', input: '{"n":2}' } },
      { timestamp: t, type: 'ChoiceStateExited', id: 3, previousEventId: 2, stateExitedEventDetails: { name: 'C', output: '{"n":2}' } },
      { timestamp: t, type: 'SucceedStateEntered', id: 4, previousEventId: 3, stateEnteredEventDetails: { name: 'B', input: '{"n":2}' } },
      { timestamp: t, type: 'SucceedStateExited', id: 5, previousEventId: 4, stateExitedEventDetails: { name: 'B', output: '{"n":2}' } },
      { timestamp: t, type: 'ExecutionSucceeded', id: 6, previousEventId: 5, executionSucceededEventDetails: { output: '{"n":2}' } },
    ],
  };
  const c = computeCoverage(analyze(def).machine, [historyToResult(history, JSON.parse(def))], 'm');
  assert.deepEqual(
    c.items.filter((i) => i.kind === 'transition').map((i) => [i.transition, i.hits]),
    [
      ['Choice', 0],
      ['Default', 1],
    ],
  );
});

test('an imported run beside a dry run of its test case: no divergence; a changed machine parts at the state it changed', async () => {
  const history = load('fanout.history.json') as AwsHistory;
  const recorded = historyToResult(history, JSON.parse(FANOUT_DEF));
  const tc = testCaseFromRun(recorded, historyInput(history), 'replay');
  const dry = async (definition: string) => {
    const info = definitionInfo(analyze(definition).machine, 'fanout');
    const file = addTestCase(undefined, 'fanout', 'replay', tc).file;
    const loaded = loadMockFile(JSON.stringify(file), info);
    const invoker = createTaskInvoker({
      config: loaded.config,
      testCase: loaded.config.stateMachines.get('fanout')!.testCases.get('replay'),
      definition: info,
    });
    return run(prepare(definition), { input: historyInput(history), invoker });
  };
  assert.equal(firstDivergence(recorded, await dry(FANOUT_DEF)), undefined);
  // Price now keeps the whole Payload: its output is the first difference (before Fan's, which follows from it).
  const changed = JSON.parse(FANOUT_DEF);
  changed.States.Fan.Branches[0].States.Price.ResultSelector = { 'all.$': '$.Payload' };
  const d = firstDivergence(recorded, await dry(JSON.stringify(changed)));
  assert.deepEqual([d?.stateName, d?.scope, d?.reason, d?.step], ['Price', ['Fan', 'branch 0'], 'output', 0]);
  assert.deepEqual(d?.recorded?.output, { total: 30 });
  assert.deepEqual(d?.dryRun?.output, { all: { total: 30 } });
  // A state put between Prepare and Fan: the second top-level state is another one.
  const longer = JSON.parse(FANOUT_DEF);
  longer.States.Prepare.Next = 'Audit';
  longer.States.Audit = { Type: 'Pass', Next: 'Fan' };
  const m = firstDivergence(recorded, await dry(JSON.stringify(longer)));
  assert.deepEqual([m?.stateName, m?.scope, m?.reason, m?.step, m?.dryRun?.stateName], ['Fan', undefined, 'state', 1, 'Audit']);
});
