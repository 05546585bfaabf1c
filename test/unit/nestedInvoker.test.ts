/**
 * Nested machines (engine/mocks/nested.ts): a Task that starts a LocalStateMachines child runs it
 * locally and answers in each integration pattern's shape. Expected shapes, from AWS's docs:
 * - StartExecution response {ExecutionArn, StartDate}: API reference, StartExecution, "Response Syntax"
 *   (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html);
 * - .sync: DescribeExecution's response (ExecutionArn, Input, InputDetails, Name, Output, OutputDetails,
 *   StartDate, StateMachineArn, Status, StopDate), Output a JSON string: API reference, DescribeExecution
 *   (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html), "Output:
 *   The JSON output data of the execution ... This field is set only if the execution succeeds";
 * - .sync:2: the same, Output as JSON ("Start a new AWS Step Functions state machine from a running
 *   execution", https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html);
 * - a child that fails makes the parent's .sync Task fail with States.TaskFailed ("A Task state failed",
 *   the error of a failed task: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html),
 *   the child's description (Status FAILED, Error, Cause) as the cause.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core';
import { prepare, run } from '../../server/src/core/engine';
import type { ExecutionResult } from '../../server/src/core/engine';
import { createNestedInvoker, MAX_NESTING, localMachineFor, patternOf, type LocalMachineRef } from '../../server/src/core/engine/mocks';
import { machine, scripted } from './engineHelpers';

const CHILD_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:Child';
const child = machine({
  Work: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:work', Next: 'Wait' },
  Wait: { Type: 'Wait', Seconds: 30, End: true },
});
const failingChild = machine({ Boom: { Type: 'Fail', Error: 'Child.Broken', Cause: 'it broke' } });

function parent(resource: string, extra: Record<string, unknown> = {}): string {
  return machine({
    Start: {
      Type: 'Task',
      Resource: resource,
      Parameters: { StateMachineArn: CHILD_ARN, Input: { n: 2 }, Name: 'kid' },
      End: true,
      ...extra,
    },
  });
}

async function runParent(text: string, childText = child, mocked?: (s: string) => boolean) {
  const seen: unknown[] = [];
  const machines = new Map<string, LocalMachineRef>([['Child', { key: 'Child', definition: 'child.asl.json' }]]);
  const invoker = createNestedInvoker(scripted({ Start: () => 'mocked' }), {
    machines,
    isMocked: mocked,
    runChild: async (_ref, input, name, _depth, startTime) => {
      seen.push({ input, name, startTime: startTime.toISOString() });
      return run(prepare(analyze(childText)), {
        input,
        invoker: scripted({ Work: (p: { n: number }) => ({ doubled: p.n * 2 }) }),
        stateMachineName: 'Child',
        executionName: name,
        startTime,
      });
    },
  });
  const result = await run(prepare(analyze(text)), { input: {}, invoker });
  return { result, children: invoker.children, seen };
}

test('the four resources are told apart; other resources are not ours', () => {
  assert.equal(patternOf('arn:aws:states:::states:startExecution'), 'start');
  assert.equal(patternOf('arn:aws:states:::states:startExecution.sync'), 'sync');
  assert.equal(patternOf('arn:aws:states:::states:startExecution.sync:2'), 'sync2');
  assert.equal(patternOf('arn:aws:states:::states:startExecution.waitForTaskToken'), 'callback');
  assert.equal(patternOf('arn:aws:states:::lambda:invoke'), undefined);
});

test('a child is found by its ARN, by the name in its ARN (with or without a version or alias), or by name', () => {
  const m = new Map<string, LocalMachineRef>([
    ['Child', { key: 'Child', definition: 'c.asl.json' }],
    [
      'arn:aws:states:eu-west-1:111122223333:stateMachine:Other',
      { key: 'arn:aws:states:eu-west-1:111122223333:stateMachine:Other', definition: 'o.asl.json' },
    ],
  ]);
  assert.equal(localMachineFor(m, CHILD_ARN)?.definition, 'c.asl.json');
  assert.equal(localMachineFor(m, `${CHILD_ARN}:prod`)?.definition, 'c.asl.json');
  assert.equal(localMachineFor(m, 'Child')?.definition, 'c.asl.json');
  assert.equal(localMachineFor(m, 'arn:aws:states:eu-west-1:111122223333:stateMachine:Other')?.definition, 'o.asl.json');
  assert.equal(localMachineFor(m, 'arn:aws:states:us-east-1:123456789012:stateMachine:Unknown'), undefined);
});

test('plain startExecution answers {ExecutionArn, StartDate} and the child still runs', async () => {
  const { result, children, seen } = await runParent(parent('arn:aws:states:::states:startExecution'));
  assert.equal(result.status, 'SUCCEEDED');
  assert.deepEqual(result.output, {
    ExecutionArn: 'arn:aws:states:us-east-1:123456789012:execution:Child:kid',
    StartDate: Date.parse('2026-01-01T00:00:00Z'),
  });
  assert.deepEqual(seen, [{ input: { n: 2 }, name: 'kid', startTime: '2026-01-01T00:00:00.000Z' }]);
  assert.equal(children.length, 1);
  assert.equal(children[0].result.status, 'SUCCEEDED');
});

test('.sync answers DescribeExecution with Output as a JSON string, and waits for the child', async () => {
  const { result } = await runParent(parent('arn:aws:states:::states:startExecution.sync'));
  assert.equal(result.status, 'SUCCEEDED');
  const start = Date.parse('2026-01-01T00:00:00Z');
  assert.deepEqual(result.output, {
    ExecutionArn: 'arn:aws:states:us-east-1:123456789012:execution:Child:kid',
    Input: '{"n":2}',
    InputDetails: { Included: true },
    Name: 'kid',
    Output: '{"doubled":4}',
    OutputDetails: { Included: true },
    StartDate: start,
    StateMachineArn: CHILD_ARN,
    Status: 'SUCCEEDED',
    StopDate: start + 30_000,
  });
  // The child's Wait of 30 s is the parent Task's duration on the virtual clock.
  assert.equal(result.simulatedSeconds, 30);
});

test('.sync:2 answers the same with Input and Output as JSON', async () => {
  const { result } = await runParent(parent('arn:aws:states:::states:startExecution.sync:2'));
  const out = result.output as Record<string, unknown>;
  assert.deepEqual(out.Output, { doubled: 4 });
  assert.deepEqual(out.Input, { n: 2 });
  assert.equal(out.Status, 'SUCCEEDED');
});

test('.waitForTaskToken answers the child output (what the child would send with SendTaskSuccess)', async () => {
  const { result } = await runParent(
    parent('arn:aws:states:::states:startExecution.waitForTaskToken', { Parameters: { StateMachineArn: CHILD_ARN, Input: { n: 5 } } }),
  );
  assert.deepEqual(result.output, { doubled: 10 });
});

test('a failed child fails the .sync Task with States.TaskFailed; the cause is the child execution described', async () => {
  const { result, children } = await runParent(parent('arn:aws:states:::states:startExecution.sync'), failingChild);
  assert.equal(result.status, 'FAILED');
  assert.equal(result.error, 'States.TaskFailed');
  const cause = JSON.parse(result.cause!) as Record<string, unknown>;
  assert.equal(cause.Status, 'FAILED');
  assert.equal(cause.Error, 'Child.Broken');
  assert.equal(cause.Cause, 'it broke');
  assert.equal('Output' in cause, false);
  assert.equal(children[0].result.error, 'Child.Broken');
});

test('a Catch on the parent Task catches the child failure as States.TaskFailed', async () => {
  const text = machine({
    Start: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Parameters: { StateMachineArn: CHILD_ARN },
      Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Handled' }],
      End: true,
    },
    Handled: { Type: 'Pass', End: true },
  });
  const { result } = await runParent(text, failingChild);
  assert.equal(result.status, 'SUCCEEDED');
  assert.deepEqual(result.path, ['Start', 'Handled']);
});

test('a state the test case mocks is answered by its mock, not by the local child', async () => {
  const { result, children } = await runParent(parent('arn:aws:states:::states:startExecution.sync'), child, (s) => s === 'Start');
  assert.equal(result.output, 'mocked');
  assert.equal(children.length, 0);
});

test('an ARN with no LocalStateMachines entry goes to the inner invoker', async () => {
  const text = machine({
    Start: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync',
      Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Elsewhere' },
      End: true,
    },
  });
  const { result, children } = await runParent(text);
  assert.equal(result.output, 'mocked');
  assert.equal(children.length, 0);
});

test('a machine that starts itself stops at the nesting limit with States.Runtime', async () => {
  const self = parent('arn:aws:states:::states:startExecution.sync');
  const machines = new Map<string, LocalMachineRef>([['Child', { key: 'Child', definition: 'self.asl.json' }]]);
  let runs = 0;
  const start = (depth: number): Promise<ExecutionResult> => {
    const invoker = createNestedInvoker(scripted(), {
      machines,
      depth,
      runChild: async (_ref, _input, _name, childDepth) => {
        runs++;
        return start(childDepth);
      },
    });
    return run(prepare(analyze(self)), { input: {}, invoker });
  };
  const result = await start(0);
  assert.equal(runs, MAX_NESTING);
  assert.equal(result.status, 'FAILED');
  assert.equal(result.error, 'States.TaskFailed');
  assert.match(result.cause!, /nesting depth/);
});

test('the mock file reads LocalStateMachines, and reports an entry without Definition or with an unknown field', async () => {
  const { loadMockFile } = await import('../../server/src/core/engine/mocks');
  const text = JSON.stringify({
    StateMachines: {},
    MockedResponses: {},
    LocalStateMachines: {
      Child: { Definition: 'child.asl.json', TestCase: 'Happy', StateMachine: 'child' },
      NoFile: { TestCase: 'X' },
      Odd: { Definition: 'o.asl.json', Version: 2 },
    },
  });
  const loaded = loadMockFile(text);
  assert.deepEqual(
    [...loaded.config.localMachines!.values()],
    [
      { key: 'Child', definition: 'child.asl.json', testCase: 'Happy', stateMachine: 'child' },
      { key: 'Odd', definition: 'o.asl.json' },
    ],
  );
  assert.deepEqual(
    loaded.diagnostics.map((d) => [d.severity, d.code]),
    [
      ['error', 'mock-invalid-value'],
      ['warning', 'mock-unknown-field'],
    ],
  );
  assert.match(loaded.diagnostics[0].message, /"NoFile" needs "Definition"/);
});

test("the child's clock starts when the parent's state starts it", async () => {
  const text = machine({
    Pause: { Type: 'Wait', Seconds: 60, Next: 'Start' },
    Start: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Parameters: { StateMachineArn: CHILD_ARN, Input: { n: 1 } },
      End: true,
    },
  });
  const { result, seen } = await runParent(text);
  assert.equal((seen[0] as { startTime: string }).startTime, '2026-01-01T00:01:00.000Z');
  const out = result.output as { StartDate: number; StopDate: number };
  assert.equal(out.StartDate, Date.parse('2026-01-01T00:01:00Z'));
  assert.equal(out.StopDate - out.StartDate, 30_000);
  assert.equal(result.simulatedSeconds, 90);
});
