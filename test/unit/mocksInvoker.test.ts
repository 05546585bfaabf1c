/** The dry-run TaskInvoker: mocks by invocation index, local handlers, Lambda's response and error shapes. */
/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read fields of Lambda's response shapes */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createTaskInvoker,
  invokeResponse,
  lambdaOfFunctionName,
  lambdaTargetOf,
  loadMockFile,
  type HandlerCall,
  type HandlerResult,
  type HandlerRunner,
  type InvokerOptions,
} from '../../server/src/core/engine/mocks';
import type { TaskInvocation } from '../../server/src/core/engine/types';

const MOCKS = {
  StateMachines: {
    M: {
      TestCases: {
        Retrying: { Pay: 'FailTwiceThenPay', Describe: 'Described' },
        Exhausted: { Pay: 'OnlyOnce' },
      },
    },
  },
  MockedResponses: {
    FailTwiceThenPay: {
      '0-1': { Throw: { Error: 'PaymentFailed', Cause: 'card declined' } },
      '2': { Return: { paid: true } },
    },
    Described: { '0': { Return: { mocked: 'yes' } } },
    OnlyOnce: { '0': { Return: 1 } },
  },
  LocalHandlers: { Describe: 'h.mjs#describe', Pay: 'h.mjs#pay', Versioned: 'h.mjs' },
};

const config = loadMockFile(JSON.stringify(MOCKS)).config;
const testCase = (name: string) => config.stateMachines.get('M')!.testCases.get(name)!;

/** A runner that records calls and answers from a table. */
function fakeRunner(answer: (call: HandlerCall) => HandlerResult = (c) => ({ ok: true, payload: { handled: c.event } })) {
  const calls: HandlerCall[] = [];
  const runner: HandlerRunner = {
    run: async (call) => {
      calls.push(call);
      return answer(call);
    },
  };
  return { runner, calls };
}

function inv(stateName: string, resource: string, payload: unknown, extra: Partial<TaskInvocation> = {}): TaskInvocation {
  return {
    stateName,
    statePath: [],
    resource,
    payload,
    attempt: 1,
    context: { State: { EnteredTime: '2026-01-01T00:00:05.000Z' } },
    ...extra,
  };
}

const PLAIN = 'arn:aws:lambda:us-east-1:123456789012:function:Pay';
const INVOKE = 'arn:aws:states:::lambda:invoke';

function invoker(options: Partial<InvokerOptions> = {}) {
  return createTaskInvoker({ config, ...options });
}

test('a mocked state answers by invocation index; retries count as invocations', async () => {
  const { runner, calls } = fakeRunner();
  const i = invoker({ testCase: testCase('Retrying'), runner });
  const outcomes = [];
  for (let attempt = 1; attempt <= 3; attempt++) outcomes.push(await i.invoke(inv('Pay', PLAIN, { order: 1 }, { attempt })));
  assert.deepEqual(outcomes, [
    { ok: false, error: 'PaymentFailed', cause: 'card declined' },
    { ok: false, error: 'PaymentFailed', cause: 'card declined' },
    { ok: true, output: { paid: true } },
  ]);
  assert.equal(calls.length, 0, 'the mock wins over the local handler of the same function');
  assert.equal(i.invocations.get('Pay'), 3);
});

test('past the last answer the execution fails with States.Runtime (a mock file mistake, not retried)', async () => {
  const i = invoker({ testCase: testCase('Exhausted') });
  assert.deepEqual(await i.invoke(inv('Pay', PLAIN, {})), { ok: true, output: 1 });
  const second = await i.invoke(inv('Pay', PLAIN, {}));
  assert.equal(second.ok, false);
  assert.equal(second.ok === false && second.error, 'States.Runtime');
  assert.match(
    second.ok === false ? (second.cause ?? '') : '',
    /Mocked response "OnlyOnce" has no answer for invocation 1 of state "Pay" \(call 2, retries included; answers defined: "0"\)\. Add "1" to it\./,
  );
});

test('each invoker counts from 0 (one invoker per execution)', async () => {
  for (let run = 0; run < 2; run++) {
    const i = invoker({ testCase: testCase('Exhausted') });
    assert.deepEqual(await i.invoke(inv('Pay', PLAIN, {})), { ok: true, output: 1 });
  }
});

test('plain ARN Task -> local handler with the effective input; result as is, undefined as null', async () => {
  const { runner, calls } = fakeRunner();
  const i = invoker({ runner });
  assert.deepEqual(await i.invoke(inv('Charge', PLAIN, { order: 7 })), { ok: true, output: { handled: { order: 7 } } });
  assert.equal(calls[0].handler.exportName, 'pay');
  assert.equal(calls[0].functionName, 'Pay');
  assert.equal(calls[0].invokedFunctionArn, PLAIN);
  assert.equal(calls[0].stateName, 'Charge');
  assert.equal(calls[0].timeoutMs, 30_000);
  const none = invoker({ runner: fakeRunner(() => ({ ok: true, payload: undefined })).runner });
  assert.deepEqual(await none.invoke(inv('Charge', PLAIN, {})), { ok: true, output: null });
});

test('every way of naming the function reaches its handler', async () => {
  const { runner, calls } = fakeRunner();
  const i = invoker({ runner });
  const names = [
    [`${PLAIN}:$LATEST`, undefined],
    ['arn:aws:lambda:eu-west-1:123456789012:function:Pay:live', undefined],
    [INVOKE, 'Pay'],
    [INVOKE, 'Pay:7'],
    [INVOKE, '123456789012:function:Pay'],
    [INVOKE, 'arn:aws:lambda:us-east-1:123456789012:function:Pay:prod'],
    ['arn:aws:states:::lambda:invoke.waitForTaskToken', 'Pay'],
  ] as const;
  for (const [resource, fn] of names) {
    const r = await i.invoke(inv('S', resource, fn === undefined ? { x: 1 } : { FunctionName: fn, Payload: { x: 1 } }));
    assert.equal(r.ok, true, `${resource} ${fn}`);
  }
  assert.equal(calls.length, names.length);
  assert.ok(calls.every((c) => c.functionName === 'Pay' && (c.event as { x: number }).x === 1));
  assert.equal(calls[3].functionVersion, '7');
  assert.equal(calls[1].invokedFunctionArn, 'arn:aws:lambda:eu-west-1:123456789012:function:Pay:live');
});

test('lambda:invoke wraps the result as AWS does', async () => {
  const i = invoker({ runner: fakeRunner(() => ({ ok: true, payload: { name: 'Intro to DP', status: 'Review' } })).runner });
  const r = await i.invoke(
    inv('Add To Review', INVOKE, { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:Describe:$LATEST', Payload: {} }),
  );
  assert.ok(r.ok);
  const out = r.output as Record<string, any>;
  assert.deepEqual(Object.keys(out), ['ExecutedVersion', 'Payload', 'SdkHttpMetadata', 'SdkResponseMetadata', 'StatusCode']);
  assert.equal(out.ExecutedVersion, '$LATEST');
  assert.deepEqual(out.Payload, { name: 'Intro to DP', status: 'Review' });
  assert.equal(out.StatusCode, 200);
  assert.equal(out.SdkHttpMetadata.HttpStatusCode, 200);
  const id = out.SdkResponseMetadata.RequestId;
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(out.SdkHttpMetadata.HttpHeaders['x-amzn-RequestId'], id);
  assert.deepEqual(out.SdkHttpMetadata.AllHttpHeaders['x-amzn-RequestId'], [id]);
  assert.equal(out.SdkHttpMetadata.HttpHeaders['Content-Length'], String(JSON.stringify(out.Payload).length));
  assert.equal(out.SdkHttpMetadata.HttpHeaders.Date, 'Thu, 01 Jan 2026 00:00:05 GMT', 'the virtual clock, not the real one');
  assert.equal(out.SdkHttpMetadata.HttpHeaders['Content-Type'], 'application/json');
  // Reproducible: the same run gives the same ids.
  const again = await invoker({ runner: fakeRunner(() => ({ ok: true, payload: 1 })).runner }).invoke(
    inv('Add To Review', INVOKE, { FunctionName: 'Describe' }),
  );
  assert.equal(again.ok && (again.output as any).SdkResponseMetadata.RequestId, id);
});

test('lambda:invoke without Payload sends {}; waitForTaskToken returns the result unwrapped', async () => {
  const { runner, calls } = fakeRunner(() => ({ ok: true, payload: { token: 'done' } }));
  const i = invoker({ runner });
  await i.invoke(inv('S', INVOKE, { FunctionName: 'Pay' }));
  assert.deepEqual(calls[0].event, {});
  assert.deepEqual(
    await i.invoke(inv('S', 'arn:aws:states:::lambda:invoke.waitForTaskToken', { FunctionName: 'Pay', Payload: { t: 1 } })),
    { ok: true, output: { token: 'done' } },
  );
});

test('InvocationType Event and DryRun answer like Lambda (202, 204)', async () => {
  const { runner, calls } = fakeRunner();
  const i = invoker({ runner });
  const event = await i.invoke(inv('S', INVOKE, { FunctionName: 'Pay', InvocationType: 'Event', Payload: {} }));
  assert.equal(event.ok && (event.output as any).StatusCode, 202);
  assert.equal(calls.length, 1, 'an Event invocation still runs the handler');
  const dry = await i.invoke(inv('S', INVOKE, { FunctionName: 'Pay', InvocationType: 'DryRun' }));
  assert.equal(dry.ok && (dry.output as any).StatusCode, 204);
  assert.equal(calls.length, 1, 'a DryRun does not');
});

test('a failed handler is the Task error as Lambda reports it, by either way of calling', async () => {
  const error = {
    errorType: 'PaymentFailed',
    errorMessage: 'card declined',
    trace: ['PaymentFailed: card declined', '    at pay (file:///h.mjs:3:9)'],
  };
  const i = invoker({ runner: fakeRunner(() => ({ ok: false, error })).runner });
  for (const [resource, payload] of [
    [PLAIN, {}],
    [INVOKE, { FunctionName: 'Pay', Payload: {} }],
  ] as const) {
    const r = await i.invoke(inv('S', resource, payload));
    assert.deepEqual(r, { ok: false, error: 'PaymentFailed', cause: JSON.stringify(error) });
    assert.deepEqual(JSON.parse((r as { cause: string }).cause), error);
  }
  const unnamed = invoker({ runner: fakeRunner(() => ({ ok: false, error: { errorMessage: 'no type' } })).runner });
  assert.deepEqual(await unnamed.invoke(inv('S', PLAIN, {})), { ok: false, error: 'Lambda.Unknown', cause: '{"errorMessage":"no type"}' });
});

test("time limits: the handler limit gives Lambda's timeout; a smaller TimeoutSeconds gives States.Timeout", async () => {
  const timedOut: HandlerResult = {
    ok: false,
    timedOut: true,
    error: { errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: r Error: Task timed out after 2.00 seconds' },
  };
  const { runner, calls } = fakeRunner(() => timedOut);
  const i = invoker({ runner, handlerTimeoutMs: 2000 });
  const lambdaLimit = await i.invoke(inv('S', PLAIN, {}, { timeoutSeconds: 60 }));
  assert.equal(calls[0].timeoutMs, 2000);
  assert.deepEqual(lambdaLimit, { ok: false, error: 'Sandbox.Timedout', cause: JSON.stringify(timedOut.error) });
  const stateLimit = await i.invoke(inv('Slow', PLAIN, {}, { timeoutSeconds: 1 }));
  assert.equal(calls[1].timeoutMs, 1000);
  assert.equal(stateLimit.ok === false && stateLimit.error, 'States.Timeout');
  assert.match(stateLimit.ok === false ? (stateLimit.cause ?? '') : '', /did not finish within the TimeoutSeconds \(1\) of state "Slow"/);
});

test('neither mock nor handler: States.TaskFailed naming the state, the resource and the fixes', async () => {
  const i = invoker({ testCase: testCase('Retrying'), runner: fakeRunner().runner });
  const lambda = await i.invoke(inv('Notify', 'arn:aws:lambda:us-east-1:123456789012:function:Notifier', {}));
  assert.equal(lambda.ok === false && lambda.error, 'States.TaskFailed');
  assert.equal(
    lambda.ok === false && lambda.cause,
    'State "Notify" (Resource "arn:aws:lambda:us-east-1:123456789012:function:Notifier") has no mock and no local handler: mock it in test case "Retrying", or name its function in "LocalHandlers", e.g. "Notifier": "handlers/Notifier.mjs#handler"; or run with --echo-unmocked.',
  );
  const sns = await invoker().invoke(inv('Publish', 'arn:aws:states:::sns:publish', { Message: 'm' }));
  assert.equal(
    sns.ok === false && sns.cause,
    'State "Publish" (Resource "arn:aws:states:::sns:publish") has no mock: mock it in a test case (--test-case), or run with --echo-unmocked to pass its input through.',
  );
  const noRunner = await invoker().invoke(inv('Charge', PLAIN, {}));
  assert.match(
    noRunner.ok === false ? (noRunner.cause ?? '') : '',
    /calls "Pay", which has a local handler, but no handler runner was given/,
  );
});

test('echo for unmocked Tasks returns the effective input (so OutputPath $.Payload still works)', async () => {
  const i = invoker({ echoUnmocked: true });
  assert.deepEqual(await i.invoke(inv('Publish', 'arn:aws:states:::sns:publish', { Message: 'm' })), {
    ok: true,
    output: { Message: 'm' },
  });
  assert.deepEqual(await i.invoke(inv('X', INVOKE, { FunctionName: 'Unknown', Payload: { a: 1 } })), {
    ok: true,
    output: { FunctionName: 'Unknown', Payload: { a: 1 } },
  });
});

test('a Distributed Map ItemReader is fed by the mock of the Map state', async () => {
  const cfg = loadMockFile(
    JSON.stringify({
      StateMachines: { M: { TestCases: { T: { 'Process files': 'Files' } } } },
      MockedResponses: { Files: { '0': { Return: [{ key: 'a' }, { key: 'b' }] } } },
    }),
  ).config;
  const i = createTaskInvoker({ config: cfg, testCase: cfg.stateMachines.get('M')!.testCases.get('T') });
  assert.deepEqual(await i.invoke(inv('Process files', 'arn:aws:states:::s3:listObjectsV2', { Bucket: 'b' })), {
    ok: true,
    output: [{ key: 'a' }, { key: 'b' }],
  });
});

test('function name parsing', () => {
  assert.deepEqual(lambdaOfFunctionName('Fn'), {
    functionName: 'Fn',
    qualifier: undefined,
    arn: 'arn:aws:lambda:us-east-1:123456789012:function:Fn',
  });
  assert.deepEqual(lambdaOfFunctionName('Fn:$LATEST'), {
    functionName: 'Fn',
    qualifier: '$LATEST',
    arn: 'arn:aws:lambda:us-east-1:123456789012:function:Fn:$LATEST',
  });
  assert.equal(lambdaOfFunctionName('210987654321:function:Fn:2')?.arn, 'arn:aws:lambda:us-east-1:210987654321:function:Fn:2');
  assert.equal(lambdaOfFunctionName('arn:aws-cn:lambda:cn-north-1:123456789012:function:Fn')?.functionName, 'Fn');
  for (const bad of ['', 'a b', 'arn:aws:lambda:us-east-1:123456789012:layer:L', 5, null, 'Fn:a:b'])
    assert.equal(lambdaOfFunctionName(bad), undefined, String(bad));
  assert.equal(lambdaTargetOf('arn:aws:states:::sqs:sendMessage', { FunctionName: 'Fn' }), undefined);
  assert.equal(lambdaTargetOf(INVOKE, 'not an object'), undefined);
  assert.equal(lambdaTargetOf(INVOKE, { FunctionName: 'Fn' })?.via, 'invoke');
  assert.equal(lambdaTargetOf(PLAIN, {})?.via, 'arn');
});

test('ExecutedVersion is the version number when one is named, else $LATEST', () => {
  const meta = { requestId: 'r', date: new Date(0) };
  assert.equal(invokeResponse(lambdaOfFunctionName('Fn:12')!, 1, meta).ExecutedVersion, '12');
  assert.equal(invokeResponse(lambdaOfFunctionName('Fn:live')!, 1, meta).ExecutedVersion, '$LATEST');
  assert.equal(invokeResponse(lambdaOfFunctionName('Fn')!, undefined, meta).Payload, null);
});

test('with the definition known: a Map ResultWriter succeeds without a mock; an unmocked ItemReader says so', async () => {
  const definition = {
    machineName: 'M',
    states: new Map([['Files', { type: 'Map', hasItemReader: true }]]),
    lambdaFunctions: new Set<string>(),
  };
  const cfg = loadMockFile(
    JSON.stringify({
      StateMachines: { M: { TestCases: { T: { Files: 'Items' } } } },
      MockedResponses: { Items: { '0': { Return: [1] } } },
    }),
  ).config;
  const i = createTaskInvoker({ config: cfg, testCase: cfg.stateMachines.get('M')!.testCases.get('T'), definition });
  assert.deepEqual(await i.invoke(inv('Files', 'arn:aws:states:::s3:getObject', { Bucket: 'b', Key: 'k' })), { ok: true, output: [1] });
  assert.deepEqual(await i.invoke(inv('Files', 'arn:aws:states:::s3:putObject', { Bucket: 'r', Results: [] })), { ok: true, output: {} });
  assert.equal(i.invocations.get('Files'), 1, 'the write takes no invocation index');
  const bare = await createTaskInvoker({ config: cfg, definition }).invoke(inv('Files', 'arn:aws:states:::s3:getObject', {}));
  assert.match(
    bare.ok === false ? (bare.cause ?? '') : '',
    /^The ItemReader of Map state "Files" \(Resource "arn:aws:states:::s3:getObject"\) has no mock: mock it in a test case \(--test-case\) under the Map state's name/,
  );
});
