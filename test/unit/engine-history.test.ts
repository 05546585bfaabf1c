/** The event history and the context object, as AWS names and fills them. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventTypes, machine, runText, scripted } from './engineHelpers';

describe('history', () => {
  test('ids, previous ids, execution events and state events carry input and output', async () => {
    const text = machine({
      A: { Type: 'Pass', Result: { r: 1 }, Next: 'W' },
      W: { Type: 'Wait', Seconds: 90, Next: 'S' },
      S: { Type: 'Succeed' },
    });
    const r = await runText(text, { in: true }, scripted(), { stateMachineName: 'M1' });
    assert.deepEqual(eventTypes(r), [
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'WaitStateEntered',
      'WaitStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    r.events.forEach((e, i) => {
      assert.equal(e.id, i + 1);
      assert.equal(e.previousEventId, i);
    });
    assert.deepEqual(r.events[0].details, {
      input: { in: true },
      roleArn: 'arn:aws:iam::123456789012:role/StepFunctions-M1-role',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:M1',
    });
    assert.deepEqual(r.events[1].details, { name: 'A', input: { in: true } });
    assert.deepEqual(r.events[2].details, { name: 'A', output: { r: 1 } });
    assert.deepEqual(r.events.at(-1)?.details, { output: { r: 1 } });
    assert.equal(r.events[3].timestamp, '2026-01-01T00:00:00.000Z');
    assert.equal(r.events[4].timestamp, '2026-01-01T00:01:30.000Z');
    assert.equal(r.simulatedSeconds, 90);
  });

  test('a plain Lambda ARN gets LambdaFunction* events; an integration gets Task* events', async () => {
    const text = machine({
      L: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Fn:prod', Next: 'I' },
      I: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'Fn', 'Payload.$': '$' }, End: true },
    });
    const r = await runText(text, { x: 1 }, scripted({ L: () => ({ y: 2 }) }));
    assert.deepEqual(eventTypes(r).slice(1, 12), [
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    assert.deepEqual(r.events[2].details, { resource: 'arn:aws:lambda:us-east-1:123456789012:function:Fn:prod', input: { x: 1 } });
    assert.deepEqual(r.events[4].details, { output: { y: 2 } });
    assert.deepEqual(r.events[7].details, {
      resourceType: 'lambda',
      resource: 'invoke',
      resourceArn: 'arn:aws:states:::lambda:invoke',
      region: 'us-east-1',
      parameters: { FunctionName: 'Fn', Payload: { y: 2 } },
    });
    assert.deepEqual(r.events[9].details, {
      resourceType: 'lambda',
      resource: 'invoke',
      output: { FunctionName: 'Fn', Payload: { y: 2 } },
    });
  });

  test('an activity ARN gets Activity* events', async () => {
    const text = machine({
      A: { Type: 'Task', Resource: 'arn:aws:states:us-east-1:123456789012:activity:Approve', HeartbeatSeconds: 60, End: true },
    });
    const r = await runText(text, { x: 1 });
    assert.deepEqual(eventTypes(r).slice(2, 5), ['ActivityScheduled', 'ActivityStarted', 'ActivitySucceeded']);
    assert.deepEqual(r.events[2].details, {
      resource: 'arn:aws:states:us-east-1:123456789012:activity:Approve',
      input: { x: 1 },
      heartbeatInSeconds: 60,
    });
  });

  test('a failing Lambda: LambdaFunctionFailed then ExecutionFailed; a Fail state: FailStateEntered then ExecutionFailed', async () => {
    const r = await runText(
      machine({ L: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Fn', End: true } }),
      {},
      scripted({ L: () => ({ ok: false, error: 'Boom', cause: '{"errorMessage":"x"}' }) }),
    );
    assert.deepEqual(eventTypes(r).slice(-2), ['LambdaFunctionFailed', 'ExecutionFailed']);
    assert.deepEqual(r.events.at(-1)?.details, { error: 'Boom', cause: '{"errorMessage":"x"}' });
    const f = await runText(machine({ F: { Type: 'Fail', ErrorPath: '$.e', CausePath: "States.Format('bad {}', $.n)" } }), {
      e: 'E1',
      n: 3,
    });
    assert.deepEqual(eventTypes(f), ['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
    assert.equal(f.error, 'E1');
    assert.equal(f.cause, 'bad 3');
  });

  test('path lists the top-level states entered, in order, and not those inside a Parallel', async () => {
    const text = machine({
      A: { Type: 'Pass', Next: 'P' },
      P: { Type: 'Parallel', Branches: [{ StartAt: 'In', States: { In: { Type: 'Pass', End: true } } }], Next: 'B' },
      B: { Type: 'Pass', End: true },
    });
    assert.deepEqual((await runText(text, {})).path, ['A', 'P', 'B']);
  });
});

describe('the context object', () => {
  test('Execution, State, StateMachine as AWS fills them', async () => {
    const text = machine({ W: { Type: 'Wait', Seconds: 5, Next: 'P' }, P: { Type: 'Pass', Parameters: { 'ctx.$': '$$' }, End: true } });
    const r = await runText(text, { in: 1 }, scripted(), {
      stateMachineName: 'Flow',
      executionName: 'e1',
      startTime: new Date('2030-05-01T10:00:00Z'),
    });
    assert.deepEqual((r.output as { ctx: unknown }).ctx, {
      Execution: {
        Id: 'arn:aws:states:us-east-1:123456789012:execution:Flow:e1',
        Input: { in: 1 },
        Name: 'e1',
        RoleArn: 'arn:aws:iam::123456789012:role/StepFunctions-Flow-role',
        StartTime: '2030-05-01T10:00:00.000Z',
        RedriveCount: 0,
      },
      State: { EnteredTime: '2030-05-01T10:00:05.000Z', Name: 'P', RetryCount: 0 },
      StateMachine: { Id: 'arn:aws:states:us-east-1:123456789012:stateMachine:Flow', Name: 'Flow' },
    });
  });

  test('the default execution name is a UUID from the seed', async () => {
    const text = machine({ P: { Type: 'Pass', Parameters: { 'n.$': '$$.Execution.Name' }, End: true } });
    const a = (await runText(text, {}, scripted(), { seed: 3 })).output as { n: string };
    const b = (await runText(text, {}, scripted(), { seed: 3 })).output as { n: string };
    assert.match(a.n, /^[0-9a-f]{8}-/);
    assert.equal(a.n, b.n);
  });

  test('.waitForTaskToken: the invoker gets a task token, also at $$.Task.Token', async () => {
    const text = machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        Parameters: { 'token.$': '$$.Task.Token' },
        End: true,
      },
    });
    const inv = scripted({ T: (p, i) => ({ echoed: p.token === i.taskToken }) });
    const r = await runText(text, {}, inv);
    assert.ok(inv.calls[0].taskToken);
    assert.deepEqual(r.output, { echoed: true });
    assert.equal((inv.calls[0].context as { Task: { Token: string } }).Task.Token, inv.calls[0].taskToken);
  });

  test('Map.Item is in the context of the ItemSelector only; the invoker sees the state path', async () => {
    const text = machine({
      M: {
        Type: 'Map',
        ItemSelector: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value' },
        ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } } },
        End: true,
      },
    });
    const inv = scripted();
    const r = await runText(text, ['a', 'b'], inv);
    assert.deepEqual(r.output, [
      { index: 0, value: 'a' },
      { index: 1, value: 'b' },
    ]);
    assert.deepEqual(
      inv.calls.map((c) => (c.context as { Map?: unknown }).Map),
      [undefined, undefined],
    );
    assert.deepEqual(inv.calls[1].statePath, ['M']);
  });
});

test('ChoiceStateExited says which rule matched, or Default', async () => {
  const { prepare, run } = await import('../../server/src/core/engine');
  const m = prepare(
    JSON.stringify({
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [
            { Variable: '$.x', NumericEquals: 1, Next: 'A' },
            { Variable: '$.x', NumericEquals: 2, Next: 'A' },
          ],
          Default: 'A',
        },
        A: { Type: 'Succeed' },
      },
    }),
  );
  const rules = [];
  for (const x of [2, 1, 3]) {
    const r = await run(m, { input: { x }, invoker: { invoke: async () => ({ ok: true, output: null }) } });
    rules.push(r.events.find((e) => e.type === 'ChoiceStateExited')?.details?.matchedRule);
  }
  assert.deepEqual(rules, [1, 0, 'Default']);
});
