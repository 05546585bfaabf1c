/**
 * The Testing view's pure parts: discovery of a mock file's machines and test cases (with the
 * ranges the gutter icons use), the choice of a machine's definition file, the verdict that the
 * CLI, the Testing view and the panel share, and the words of an outcome.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { discoverTests } from '../../server/src/core/testing/discover';
import { judge, hasExpectations } from '../../server/src/core/testing/verdict';
import { caseId, machineId, outcomeText, pickDefinition } from '../../client/src/testing/model';
import type { ExecutionResult } from '../../server/src/core/engine/types';

const MOCKS = `{
  "StateMachines": {
    "orders": {
      "TestCases": {
        "HappyPath": { "Pay": "Paid", "$test": { "ExpectedOutput": { "ok": true } } },
        "NoExpectations": { "Pay": "Paid" }
      }
    },
    "empty": {}
  },
  "MockedResponses": { "Paid": { "0": { "Return": { "ok": true } } } }
}`;

test('discovery: machines and test cases in file order, each with its key range', () => {
  const found = discoverTests(MOCKS)!;
  assert.deepEqual(
    found.map((m) => [m.name, m.cases.map((c) => c.name)]),
    [
      ['orders', ['HappyPath', 'NoExpectations']],
      ['empty', []],
    ],
  );
  const [happy, none] = found[0].cases;
  assert.deepEqual(happy.range, { start: { line: 4, character: 8 }, end: { line: 4, character: 19 } });
  assert.equal(happy.hasExpectations, true);
  assert.equal(none.hasExpectations, false);
  assert.deepEqual(found[0].range.start, { line: 2, character: 4 });
});

test('discovery: a JSON file without StateMachines or MockedResponses at the top is not a mock file', () => {
  assert.equal(discoverTests('{ "name": "package", "version": "1.0.0" }'), undefined);
  assert.equal(discoverTests('[1, 2]'), undefined);
  assert.equal(discoverTests(''), undefined);
  assert.deepEqual(discoverTests('{ "MockedResponses": {} }'), []);
});

test('discovery: text being typed (a syntax error) still gives what parses', () => {
  const found = discoverTests('{ "StateMachines": { "m": { "TestCases": { "A": {}, "B": { ')!;
  assert.deepEqual(
    found.map((m) => [m.name, m.cases.map((c) => c.name)]),
    [['m', ['A', 'B']]],
  );
});

test('ids: a case id extends its machine id; names with "#" stay apart', () => {
  assert.equal(caseId('file:///w/m.mocks.json', 'a#b', 'c'), `${machineId('file:///w/m.mocks.json', 'a#b')}#c`);
  assert.notEqual(caseId('u', 'a#b', 'c'), caseId('u', 'a', 'b#c'));
});

test("the definition of a mock file's machine: beside the mock file, else the nearest", () => {
  const c = ['/w/other/orders.asl.json', '/w/app/orders.asl.json', '/w/app/sub/deep/orders.asl.json'];
  assert.equal(pickDefinition('/w/app/orders.mocks.json', c), '/w/app/orders.asl.json');
  assert.equal(pickDefinition('/w/app/sub/mocks/orders.mocks.json', c), '/w/app/sub/deep/orders.asl.json');
  assert.equal(pickDefinition('/w/x.mocks.json', []), undefined);
});

const result = (r: Partial<ExecutionResult>): ExecutionResult => ({
  status: 'SUCCEEDED',
  path: ['A', 'B'],
  events: [],
  simulatedSeconds: 2,
  ...r,
});

test('verdict: output differs gives both values for a diff, and the last state as the divergence', () => {
  const v = judge({ expectedOutput: { value: { ok: true } } }, result({ output: { ok: false } }));
  assert.equal(v.passed, false);
  assert.deepEqual(v.output, { expected: { ok: true }, actual: { ok: false } });
  assert.equal(v.divergedAt, 'B');
});

test('verdict: the first state off the expected path is where it diverged', () => {
  const v = judge({ expectedPath: ['A', 'C', 'D'] }, result({ path: ['A', 'B', 'D'] }));
  assert.deepEqual(v.path, { expected: ['A', 'C', 'D'], actual: ['A', 'B', 'D'] });
  assert.equal(v.divergedAt, 'B');
  assert.equal(judge({ expectedPath: ['A'] }, result({ path: ['A', 'B'] })).divergedAt, 'B');
});

test('verdict: an expected error passes on that error and fails on success; no expectations: success passes', () => {
  assert.equal(judge({ expectedError: { error: 'E' } }, result({ status: 'FAILED', error: 'E', cause: 'c' })).passed, true);
  const v = judge({ expectedError: { error: 'E', cause: 'x' } }, result({ status: 'FAILED', error: 'E', cause: 'c' }));
  assert.deepEqual(v.failures, ['expected cause "x", got "c"']);
  assert.equal(judge({ expectedError: { error: 'E' } }, result({ output: 1 })).passed, false);
  assert.equal(judge({}, result({})).passed, true);
  assert.equal(judge({}, result({ status: 'FAILED', error: 'X' })).passed, false);
  assert.equal(hasExpectations({}), false);
  assert.equal(hasExpectations({ expectedPath: [] }), true);
});

test('outcome text: failures, then error, cause and the simulated time, and where it diverged', () => {
  const r = result({ status: 'FAILED', error: 'States.TaskFailed', cause: 'boom', simulatedSeconds: 1.5 });
  const text = outcomeText({ testCase: 'T', result: r, verdict: judge({}, r), millis: 3 });
  assert.equal(
    text,
    'expected success, but it ended FAILED with States.TaskFailed: boom\nerror: States.TaskFailed\ncause: boom\nFAILED, path A -> B, 1.5 s simulated\ndiverged at state "B"',
  );
});

test('outcome text: the child executions a run started, with their status and path', () => {
  const child = result({ status: 'FAILED', error: 'Child.Broken', path: ['Boom'] });
  const r = result({
    childExecutions: [{ stateName: 'Start', statePath: [], machine: 'Child', executionArn: 'arn', pattern: 'sync', result: child }],
  });
  const text = outcomeText({ testCase: 'T', result: r, verdict: judge({}, r), millis: 1 });
  assert.match(text, /^child "Child" \(sync\) started by "Start": FAILED with Child.Broken, path Boom$/m);
});
