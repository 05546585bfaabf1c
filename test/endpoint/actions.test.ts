/**
 * Every action of the endpoint through @aws-sdk/client-sfn, as an application's own tests would
 * call them. Expectations: the Step Functions API reference (each action's response and errors).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  TagResourceCommand,
  TestStateCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
  ListStateMachineVersionsCommand,
  ListStateMachineAliasesCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { failure, ROLE, serveAround, type Served } from './serve';

let s: Served;
serveAround(['--wait-time-scale', '0'], (served) => (s = served));

const PASS = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { done: true }, End: true } } });
/** A task that waits for its callback; the token goes out in the Parameters. */
const CALLBACK = JSON.stringify({
  StartAt: 'Ask',
  States: {
    Ask: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q', MessageBody: { 'token.$': '$$.Task.Token' } },
      End: true,
    },
  },
});

async function create(name: string, definition = PASS, type: 'STANDARD' | 'EXPRESS' = 'STANDARD'): Promise<string> {
  const r = await s.client.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE, type }));
  return r.stateMachineArn!;
}

test('CreateStateMachine, DescribeStateMachine: the machine as created, ACTIVE, with its ARN', async () => {
  const arn = await create('describe-me');
  assert.equal(arn, 'arn:aws:states:us-east-1:123456789012:stateMachine:describe-me');
  const d = await s.client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
  assert.equal(d.name, 'describe-me');
  assert.equal(d.status, 'ACTIVE');
  assert.equal(d.definition, PASS);
  assert.equal(d.roleArn, ROLE);
  assert.equal(d.type, 'STANDARD');
  assert.ok(d.creationDate instanceof Date);
  // API reference, CreateStateMachine: idempotent for the same name, definition and role;
  // StateMachineAlreadyExists for the same name with another definition.
  assert.equal(await create('describe-me'), arn);
  const again = await failure(create('describe-me', JSON.stringify({ StartAt: 'Q', States: { Q: { Type: 'Succeed' } } })));
  assert.equal(again.name, 'StateMachineAlreadyExists');
});

test('CreateStateMachine refuses a definition with InvalidDefinition, in AWS wording', async () => {
  const e = await failure(create('broken', JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } })));
  assert.equal(e.name, 'InvalidDefinition');
  assert.equal(e.status, 400);
  // Format of AWS's message: localstack/localstack#12487 (an AWS CLI transcript).
  assert.equal(
    e.message,
    "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere at /States/A/Next'",
  );
  // A ${...} placeholder is SAM's or Terraform's to substitute before the call: AWS gets it as written and refuses it.
  const placeholder = await failure(
    create('unsubstituted', JSON.stringify({ StartAt: 'T', States: { T: { Type: 'Task', Resource: '${FunctionArn}', End: true } } })),
  );
  assert.equal(placeholder.name, 'InvalidDefinition');
  assert.match(placeholder.message, /INVALID_RESOURCE/);
});

test('UpdateStateMachine changes the definition and the revision; DeleteStateMachine removes it', async () => {
  const arn = await create('update-me');
  const before = await s.client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
  const next = JSON.stringify({ StartAt: 'S', States: { S: { Type: 'Succeed' } } });
  const u = await s.client.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: next }));
  assert.ok(u.updateDate instanceof Date);
  assert.notEqual(u.revisionId, before.revisionId);
  const after = await s.client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
  assert.equal(after.definition, next);
  // API reference, UpdateStateMachine: one of definition, roleArn, loggingConfiguration, tracingConfiguration.
  assert.equal((await failure(s.client.send(new UpdateStateMachineCommand({ stateMachineArn: arn })))).name, 'MissingRequiredParameter');
  assert.equal(
    (await failure(s.client.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: '{"StartAt":"X","States":{}}' })))).name,
    'InvalidDefinition',
  );
  await s.client.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
  const gone = await failure(s.client.send(new DescribeStateMachineCommand({ stateMachineArn: arn })));
  assert.equal(gone.name, 'StateMachineDoesNotExist');
  assert.equal(gone.message, `State Machine Does Not Exist: '${arn}'`);
});

test('ListStateMachines pages with maxResults and nextToken, every machine once', async () => {
  const made = [];
  for (let i = 0; i < 5; i++) made.push(await create(`listed-${i}`));
  const seen: string[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const r = await s.client.send(new ListStateMachinesCommand({ maxResults: 2, nextToken }));
    assert.ok(r.stateMachines!.length <= 2);
    seen.push(...r.stateMachines!.map((m) => m.stateMachineArn!));
    nextToken = r.nextToken;
    pages++;
  } while (nextToken);
  assert.ok(pages >= 3);
  assert.equal(new Set(seen).size, seen.length);
  for (const arn of made) assert.ok(seen.includes(arn));
  const bad = await failure(s.client.send(new ListStateMachinesCommand({ nextToken: 'not-a-token' })));
  assert.equal(bad.name, 'InvalidToken');
});

test('StartExecution runs to the end; DescribeExecution gives input, output and dates', async () => {
  const arn = await create('start-me');
  const r = await s.client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'first', input: '{"a":1}' }));
  assert.equal(r.executionArn, 'arn:aws:states:us-east-1:123456789012:execution:start-me:first');
  const d = await s.finished(r.executionArn!);
  assert.equal(d.status, 'SUCCEEDED');
  assert.equal(d.input, '{"a":1}');
  assert.deepEqual(JSON.parse(d.output!), { done: true });
  assert.ok(d.stopDate! >= d.startDate!);
  const m = await s.client.send(new DescribeStateMachineForExecutionCommand({ executionArn: r.executionArn }));
  assert.equal(m.definition, PASS);
  assert.equal(m.stateMachineArn, arn);
});

test('StartExecution is idempotent on name and input while running; ExecutionAlreadyExists otherwise', async () => {
  const arn = await create('idempotent', CALLBACK);
  const a = await s.client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'once', input: '{"k":1}' }));
  // API reference, StartExecution: same name and input as a running execution: the same response.
  const b = await s.client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'once', input: '{"k":1}' }));
  assert.equal(b.executionArn, a.executionArn);
  assert.equal(b.startDate!.getTime(), a.startDate!.getTime());
  const other = await failure(s.client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'once', input: '{"k":2}' })));
  assert.equal(other.name, 'ExecutionAlreadyExists');
  await s.client.send(new StopExecutionCommand({ executionArn: a.executionArn }));
  // Closed: the same name and input are refused too.
  const closed = await failure(s.client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'once', input: '{"k":1}' })));
  assert.equal(closed.name, 'ExecutionAlreadyExists');
});

test('waitForTaskToken: the task blocks until SendTaskSuccess; heartbeat and failure reach it', async () => {
  const arn = await create('callbacks', CALLBACK);
  const ok = await s.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }));
  const token = await s.tokenOf(ok.executionArn!);
  assert.equal((await s.client.send(new DescribeExecutionCommand({ executionArn: ok.executionArn }))).status, 'RUNNING');
  await s.client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
  await s.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
  const done = await s.finished(ok.executionArn!);
  assert.equal(done.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(done.output!), { approved: true });
  // The token is spent: AWS answers TaskTimedOut for a task that is no longer waiting.
  assert.equal((await failure(s.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })))).name, 'TaskTimedOut');

  const bad = await s.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }));
  const t2 = await s.tokenOf(bad.executionArn!);
  assert.equal((await failure(s.client.send(new SendTaskSuccessCommand({ taskToken: t2, output: 'not json' })))).name, 'InvalidOutput');
  await s.client.send(new SendTaskFailureCommand({ taskToken: t2, error: 'Rejected', cause: 'by a reviewer' }));
  const failed = await s.finished(bad.executionArn!);
  assert.equal(failed.status, 'FAILED');
  assert.equal(failed.error, 'Rejected');
  assert.equal(failed.cause, 'by a reviewer');
  const h = await s.client.send(new GetExecutionHistoryCommand({ executionArn: bad.executionArn }));
  const taskFailed = h.events!.find((e) => e.type === 'TaskFailed')!;
  assert.deepEqual(taskFailed.taskFailedEventDetails, {
    resourceType: 'sqs',
    resource: 'sendMessage.waitForTaskToken',
    error: 'Rejected',
    cause: 'by a reviewer',
  });
  assert.equal(
    (await failure(s.client.send(new SendTaskSuccessCommand({ taskToken: '00000000-0000-4000-8000-000000000000', output: '{}' })))).name,
    'TaskDoesNotExist',
  );
  assert.equal((await failure(s.client.send(new SendTaskHeartbeatCommand({ taskToken: 'garbage' })))).name, 'InvalidToken');
});

test('StopExecution aborts a running execution with ExecutionAborted and its error and cause', async () => {
  const arn = await create('stop-me', CALLBACK);
  const r = await s.client.send(new StartExecutionCommand({ stateMachineArn: arn }));
  await s.tokenOf(r.executionArn!);
  const stop = await s.client.send(new StopExecutionCommand({ executionArn: r.executionArn, error: 'Cancelled', cause: 'by the test' }));
  assert.ok(stop.stopDate instanceof Date);
  const d = await s.client.send(new DescribeExecutionCommand({ executionArn: r.executionArn }));
  assert.equal(d.status, 'ABORTED');
  const h = await s.client.send(new GetExecutionHistoryCommand({ executionArn: r.executionArn, reverseOrder: true }));
  const last = h.events![0];
  assert.equal(last.type, 'ExecutionAborted');
  assert.deepEqual(last.executionAbortedEventDetails, { error: 'Cancelled', cause: 'by the test' });
  assert.equal(last.previousEventId, h.events![1].id);
});

test('ListExecutions: newest first, statusFilter, pages', async () => {
  const arn = await create('many');
  const arns: string[] = [];
  for (let i = 0; i < 5; i++)
    arns.push((await s.client.send(new StartExecutionCommand({ stateMachineArn: arn, name: `run-${i}` }))).executionArn!);
  for (const a of arns) await s.finished(a);
  const pending = await create('many-pending', CALLBACK);
  const held = (await s.client.send(new StartExecutionCommand({ stateMachineArn: pending, name: 'held' }))).executionArn!;
  const seen: string[] = [];
  let nextToken: string | undefined;
  do {
    const r = await s.client.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 2, nextToken }));
    seen.push(...r.executions!.map((e) => e.executionArn!));
    nextToken = r.nextToken;
  } while (nextToken);
  assert.deepEqual(seen, [...arns].reverse());
  const running = await s.client.send(new ListExecutionsCommand({ stateMachineArn: pending, statusFilter: 'RUNNING' }));
  assert.deepEqual(
    running.executions!.map((e) => e.executionArn),
    [held],
  );
  const none = await s.client.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'FAILED' }));
  assert.deepEqual(none.executions, []);
  await s.client.send(new StopExecutionCommand({ executionArn: held }));
});

test('GetExecutionHistory: pages, reverseOrder, includeExecutionData=false', async () => {
  const def = JSON.stringify({
    StartAt: 'A',
    States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'C' }, C: { Type: 'Pass', End: true } },
  });
  const arn = await create('history', def);
  const r = await s.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"v":1}' }));
  await s.finished(r.executionArn!);
  const all = await s.client.send(new GetExecutionHistoryCommand({ executionArn: r.executionArn }));
  const types = all.events!.map((e) => e.type);
  assert.deepEqual(types, [
    'ExecutionStarted',
    'PassStateEntered',
    'PassStateExited',
    'PassStateEntered',
    'PassStateExited',
    'PassStateEntered',
    'PassStateExited',
    'ExecutionSucceeded',
  ]);
  assert.deepEqual(
    all.events!.map((e) => e.id),
    [1, 2, 3, 4, 5, 6, 7, 8],
  );
  assert.deepEqual(all.events![1].stateEnteredEventDetails, { name: 'A', input: '{"v":1}', inputDetails: { truncated: false } });
  const paged: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const p = await s.client.send(new GetExecutionHistoryCommand({ executionArn: r.executionArn, maxResults: 3, nextToken }));
    paged.push(...p.events!);
    nextToken = p.nextToken;
  } while (nextToken);
  assert.deepEqual(
    paged.map((e) => e.id),
    [1, 2, 3, 4, 5, 6, 7, 8],
  );
  const reversed = await s.client.send(new GetExecutionHistoryCommand({ executionArn: r.executionArn, reverseOrder: true, maxResults: 3 }));
  assert.deepEqual(
    reversed.events!.map((e) => e.id),
    [8, 7, 6],
  );
  const bare = await s.client.send(new GetExecutionHistoryCommand({ executionArn: r.executionArn, includeExecutionData: false }));
  assert.deepEqual(bare.events![1].stateEnteredEventDetails, { name: 'A' });
  assert.equal(bare.events![0].executionStartedEventDetails!.input, undefined);
});

test('StartSyncExecution runs an EXPRESS machine to the end; a STANDARD one is StateMachineTypeNotSupported', async () => {
  const arn = await create('express', PASS, 'EXPRESS');
  const r = await s.client.send(new StartSyncExecutionCommand({ stateMachineArn: arn, input: '{"q":1}' }));
  assert.equal(r.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(r.output!), { done: true });
  assert.equal(r.input, '{"q":1}');
  const std = await create('not-express');
  assert.equal(
    (await failure(s.client.send(new StartSyncExecutionCommand({ stateMachineArn: std })))).name,
    'StateMachineTypeNotSupported',
  );
});

test('ValidateStateMachineDefinition answers as CreateStateMachine checks', async () => {
  const ok = await s.client.send(new ValidateStateMachineDefinitionCommand({ definition: PASS }));
  assert.equal(ok.result, 'OK');
  assert.deepEqual(ok.diagnostics, []);
  const bad = await s.client.send(
    new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } }) }),
  );
  assert.equal(bad.result, 'FAIL');
  assert.deepEqual(bad.diagnostics![0], {
    severity: 'ERROR',
    code: 'MISSING_TRANSITION_TARGET',
    message: "Missing 'Next' target: B",
    location: '/States/A/Next',
  });
});

test('TagResource, UntagResource, ListTagsForResource; ResourceNotFound (404) for an unknown machine', async () => {
  const arn = await create('tagged');
  await s.client.send(
    new TagResourceCommand({
      resourceArn: arn,
      tags: [
        { key: 'team', value: 'a' },
        { key: 'env', value: 'dev' },
      ],
    }),
  );
  await s.client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'team', value: 'b' }] }));
  assert.deepEqual((await s.client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, [
    { key: 'team', value: 'b' },
    { key: 'env', value: 'dev' },
  ]);
  await s.client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team'] }));
  assert.deepEqual((await s.client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, [{ key: 'env', value: 'dev' }]);
  const missing = await failure(
    s.client.send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:nope' })),
  );
  // SDK model: ResourceNotFound has httpError 404.
  assert.equal(missing.name, 'ResourceNotFound');
  assert.equal(missing.status, 404);
  const many = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
  assert.equal((await failure(s.client.send(new TagResourceCommand({ resourceArn: arn, tags: many })))).name, 'TooManyTags');
});

test('A qualified ARN (version or alias) describes and starts the machine', async () => {
  const arn = await create('qualified');
  const d = await s.client.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}:1` }));
  assert.equal(d.name, 'qualified');
  const r = await s.client.send(new StartExecutionCommand({ stateMachineArn: `${arn}:live` }));
  assert.equal((await s.finished(r.executionArn!)).status, 'SUCCEEDED');
});

test('ListStateMachineVersions and ListStateMachineAliases: none published; StateMachineDoesNotExist for an unknown machine', async () => {
  const arn = await create('unversioned');
  assert.deepEqual((await s.client.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn }))).stateMachineVersions, []);
  assert.deepEqual((await s.client.send(new ListStateMachineAliasesCommand({ stateMachineArn: arn }))).stateMachineAliases, []);
  const ghost = 'arn:aws:states:us-east-1:123456789012:stateMachine:ghost';
  assert.equal(
    (await failure(s.client.send(new ListStateMachineVersionsCommand({ stateMachineArn: ghost })))).name,
    'StateMachineDoesNotExist',
  );
});

test("TestState through the SDK client: a mocked error caught; AWS's refusal of a mock on a Pass state", async () => {
  const definition = JSON.stringify({
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: 'f', 'Payload.$': '$' },
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Handle' }],
    Next: 'Done',
  });
  const r = await s.client.send(
    new TestStateCommand({
      definition,
      input: '{"a":1}',
      inspectionLevel: 'DEBUG',
      mock: { errorOutput: { error: 'Boom', cause: 'down' } },
    }),
  );
  assert.equal(r.status, 'CAUGHT_ERROR');
  assert.equal(r.nextState, 'Handle');
  assert.deepEqual(JSON.parse(r.output!), { a: 1, error: { Error: 'Boom', Cause: 'down' } });
  assert.deepEqual(r.inspectionData?.errorDetails, { catchIndex: 0 });
  const e = await failure(
    s.client.send(new TestStateCommand({ definition: '{"Type":"Pass","End":true}', roleArn: ROLE, mock: { result: '{}' } })),
  );
  assert.equal(e.name, 'ValidationException');
  assert.equal(e.message, "State type 'Pass' is not supported when a mock is specified");
});
