/**
 * The panel's testing messages (protocol/panelTests.ts) checked on arrival, the replaying mock file
 * made for comparing a history with a dry run (core/history/replay.ts), and a recorded case added
 * to a mock file's text by the same edits as a run's (core/mockfile addRecordedCase).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readToExtension, readToWebview } from '../../protocol/panel';
import { analyze } from '../../server/src/core';
import { prepare, run } from '../../server/src/core/engine';
import { createTaskInvoker, definitionInfo, loadMockFile } from '../../server/src/core/engine/mocks';
import {
  divergenceMessage,
  firstDivergence,
  historyInput,
  historyToResult,
  replayMockFile,
  REPLAY_CASE,
  testCaseFromRun,
} from '../../server/src/core/history';
import { addRecordedCase } from '../../server/src/core/mockfile';
import { applyEdits } from './applyEdits';

const H = join(__dirname, '..', '..', '..', 'test', 'cli', 'fixtures', 'history');

test('messages from the page: run all, test a state, import, open a child, mock commands; bad ones get a reason', () => {
  assert.deepEqual(readToExtension({ type: 'runAll', mockFile: 'file:///m.json' }), { type: 'runAll', mockFile: 'file:///m.json' });
  assert.deepEqual(readToExtension({ type: 'testState', stateName: 'A', input: '{}', mock: { errorOutput: { error: 'E', cause: 'c' } } }), {
    type: 'testState',
    stateName: 'A',
    input: '{}',
    mock: { errorOutput: { error: 'E', cause: 'c' } },
  });
  assert.deepEqual(readToExtension({ type: 'testState', stateName: 'A', input: '{}', mock: { result: '1' } }), {
    type: 'testState',
    stateName: 'A',
    input: '{}',
    mock: { result: '1' },
  });
  assert.deepEqual(readToExtension({ type: 'importHistory', extra: 1 }), { type: 'importHistory' });
  assert.deepEqual(readToExtension({ type: 'openChild', machine: 'child', mockFile: 'file:///m.json' }), {
    type: 'openChild',
    machine: 'child',
    mockFile: 'file:///m.json',
  });
  assert.deepEqual(readToExtension({ type: 'mockCommand', command: 'createHandlerStub' }), {
    type: 'mockCommand',
    command: 'createHandlerStub',
  });
  assert.match(String(readToExtension({ type: 'runAll' })), /mockFile/);
  assert.match(String(readToExtension({ type: 'testState', stateName: 'A', input: '{}', mock: { result: 1 } })), /mock\.result/);
  assert.match(String(readToExtension({ type: 'testState', stateName: 'A', input: '{}', mock: { errorOutput: {} } })), /errorOutput/);
  assert.match(String(readToExtension({ type: 'mockCommand', command: 'rm -rf' })), /must be one of createMockFile/);
  assert.match(String(readToExtension({ type: 'openChild', machine: '', mockFile: 'x' })), /openChild needs/);
});

test('messages to the page: results, coverage, TestState answers, histories and child graphs checked; damaged ones named', () => {
  const result = { status: 'SUCCEEDED', path: ['A'], events: [], simulatedSeconds: 0 };
  const outcome = { testCase: 'c', result, verdict: { passed: true, failures: [] }, millis: 1 };
  const cov = {
    kind: 'transition',
    state: 'A',
    within: [],
    label: 'A -> B',
    hits: 0,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    transition: 'Next',
    target: 'B',
  };
  assert.equal(
    (readToWebview({ type: 'testResults', mockFile: 'm', outcomes: [outcome], coverage: [cov] }) as { type: string }).type,
    'testResults',
  );
  assert.match(
    String(readToWebview({ type: 'testResults', mockFile: 'm', outcomes: [{ ...outcome, result: { status: 'DONE' } }] })),
    /test case c: result needs a "status"/,
  );
  assert.match(String(readToWebview({ type: 'coverage', coverage: [{ ...cov, within: [1] }] })), /coverage item is malformed/);
  assert.deepEqual(readToWebview({ type: 'testStateResult', stateName: 'A', response: { status: 'SUCCEEDED', output: '{}' } }), {
    type: 'testStateResult',
    stateName: 'A',
    response: { status: 'SUCCEEDED', output: '{}' },
  });
  assert.match(
    String(readToWebview({ type: 'testStateResult', stateName: 'A', response: { status: 'SUCCEEDED', output: {} } })),
    /response\.output/,
  );
  assert.equal(
    (
      readToWebview({
        type: 'historyResult',
        fileName: 'h.json',
        recorded: result,
        divergence: { stateName: 'A', reason: 'output', step: 0 },
      }) as { type: string }
    ).type,
    'historyResult',
  );
  assert.match(
    String(readToWebview({ type: 'historyResult', fileName: 'h.json', recorded: result, divergence: { reason: 'output' } })),
    /divergence/,
  );
  assert.match(String(readToWebview({ type: 'childGraph', machine: 'c', fileName: 'c.asl.json', graph: {} })), /graph needs "model"/);
});

test('the replaying mock file: a dry run with it takes the recorded path with the recorded data', async () => {
  const def = readFileSync(join(H, 'branch-caught.asl.json'), 'utf8');
  const history = JSON.parse(readFileSync(join(H, 'branch-caught.history.json'), 'utf8'));
  const recorded = historyToResult(history, JSON.parse(def));
  const text = replayMockFile(recorded, historyInput(history), 'shop');
  const file = JSON.parse(text);
  assert.deepEqual(file.StateMachines.shop.TestCases[REPLAY_CASE], testCaseFromRun(recorded, historyInput(history), REPLAY_CASE).testCase);
  const analysis = analyze(def);
  const info = definitionInfo(analysis.machine, 'shop');
  const config = loadMockFile(text, info).config;
  const invoker = createTaskInvoker({ config, testCase: config.stateMachines.get('shop')!.testCases.get(REPLAY_CASE), definition: info });
  const replay = await run(prepare(analysis), { input: historyInput(history), invoker });
  assert.deepEqual(replay.path, recorded.path);
  assert.equal(firstDivergence(recorded, replay), undefined);
});

test('the divergence in words, for each way two runs part', () => {
  assert.equal(
    divergenceMessage({ stateName: 'A', reason: 'state', dryRun: { stateName: 'B' } }),
    'The dry run went to "B" where the recorded execution went to "A".',
  );
  assert.equal(
    divergenceMessage({ stateName: 'A', reason: 'output', scope: ['Fan', 'branch 1'] }),
    '"A" (in Fan › branch 1) gave another output in the dry run than in the recorded execution.',
  );
  assert.equal(
    divergenceMessage({ stateName: 'A', reason: 'input' }),
    '"A" got another input in the dry run than in the recorded execution.',
  );
  assert.equal(
    divergenceMessage({ stateName: 'A', reason: 'missing' }),
    'The dry run never entered "A", which the recorded execution did.',
  );
  assert.equal(divergenceMessage({ stateName: 'A', reason: 'extra' }), 'The dry run entered "A", which the recorded execution never did.');
});

test('a recorded case is added to a mock file beside what it has, under a free name', () => {
  const text =
    '{\n  "StateMachines": {\n    "shop": {\n      "TestCases": {\n        "incident": { "Pay": "r" }\n      }\n    }\n  },\n  "MockedResponses": {\n    "r": { "0": { "Return": 1 } }\n  }\n}\n';
  const added = addRecordedCase(text, 'shop', 'incident', (name, taken) => {
    assert.deepEqual([...taken], ['r']);
    return { testCase: { Pay: `${name}: Pay`, $test: { Input: {} } }, responses: { [`${name}: Pay`]: { '0': { Return: 2 } } } };
  });
  assert.equal(added.caseName, 'incident 2');
  const file = JSON.parse(applyEdits(text, added.edits));
  assert.deepEqual(Object.keys(file.StateMachines.shop.TestCases), ['incident', 'incident 2']);
  assert.deepEqual(file.MockedResponses['incident 2: Pay'], { '0': { Return: 2 } });
  assert.deepEqual(file.MockedResponses.r, { '0': { Return: 1 } });
});
