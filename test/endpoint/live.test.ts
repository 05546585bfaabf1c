/**
 * Executions in real time: Waits take their time scaled by --wait-time-scale, histories can be
 * read while executions run, Parallel branches wait for their callbacks side by side, and task
 * limits (TimeoutSeconds, HeartbeatSeconds) end a callback wait on the scaled clock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeExecutionCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { serveAround, until, type Served } from './serve';

/** Real seconds per second of Wait in these tests. */
const SCALE = 0.1;
let s: Served;
serveAround(['--wait-time-scale', String(SCALE)], (served) => (s = served));

async function describe(executionArn: string) {
  return s.client.send(new DescribeExecutionCommand({ executionArn }));
}

const callbackTask = (next: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
  Parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q', MessageBody: { 'token.$': '$$.Task.Token' } },
  ...extra,
  ...next,
});

test('a Wait of 3 s takes 0.3 s at scale 0.1, and its history is readable while it waits', async () => {
  const arn = await s.create('waits', {
    StartAt: 'W',
    States: { W: { Type: 'Wait', Seconds: 3, Next: 'Done' }, Done: { Type: 'Succeed' } },
  });
  const t0 = Date.now();
  const r = await s.client.send(new StartExecutionCommand({ stateMachineArn: arn }));
  const during = await until(async () => {
    const events = await s.history(r.executionArn!);
    return events.some((e) => e.type === 'WaitStateEntered') ? events : undefined;
  });
  assert.equal((await describe(r.executionArn!)).status, 'RUNNING');
  assert.equal(during[during.length - 1].type, 'WaitStateEntered');
  const d = await s.finished(r.executionArn!);
  const took = Date.now() - t0;
  assert.equal(d.status, 'SUCCEEDED');
  assert.ok(took >= 3000 * SCALE - 20, `took ${took} ms`);
  assert.ok(took < 3000, `took ${took} ms: not scaled`);
  const events = await s.history(r.executionArn!);
  const entered = events.find((e) => e.type === 'WaitStateEntered')!.timestamp!.getTime();
  const exited = events.find((e) => e.type === 'WaitStateExited')!.timestamp!.getTime();
  // The history keeps the execution's own clock: the Wait lasted 3 s of it.
  assert.equal(exited - entered, 3000);
});

test('executions run concurrently: ten Waits of 2 s end together, not one after another', async () => {
  const arn = await s.create('concurrent', { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 2, End: true } } });
  const t0 = Date.now();
  const arns = await Promise.all(
    Array.from({ length: 10 }, () => s.client.send(new StartExecutionCommand({ stateMachineArn: arn })).then((r) => r.executionArn!)),
  );
  for (const a of arns) assert.equal((await s.finished(a)).status, 'SUCCEEDED');
  const took = Date.now() - t0;
  assert.ok(took < 10 * 2000 * SCALE, `took ${took} ms`);
});

test('Parallel branches wait for their callbacks side by side; answered in reverse order, both go on', async () => {
  const arn = await s.create('parallel-callbacks', {
    StartAt: 'Both',
    States: {
      Both: {
        Type: 'Parallel',
        End: true,
        Branches: [
          { StartAt: 'A', States: { A: callbackTask({ End: true }) } },
          { StartAt: 'B', States: { B: callbackTask({ End: true }) } },
        ],
      },
    },
  });
  const r = await s.client.send(new StartExecutionCommand({ stateMachineArn: arn }));
  // Both tokens are out before either is answered: the first callback wait does not hold the second branch back.
  const tokens = await until(async () => {
    const scheduled = (await s.history(r.executionArn!)).filter((e) => e.type === 'TaskScheduled');
    return scheduled.length === 2
      ? scheduled.map((e) => (JSON.parse(e.taskScheduledEventDetails!.parameters!) as { MessageBody: { token: string } }).MessageBody.token)
      : undefined;
  });
  assert.notEqual(tokens[0], tokens[1]);
  await s.client.send(new SendTaskSuccessCommand({ taskToken: tokens[1], output: '"second"' }));
  await s.client.send(new SendTaskSuccessCommand({ taskToken: tokens[0], output: '"first"' }));
  const d = await s.finished(r.executionArn!);
  assert.equal(d.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(d.output!), ['first', 'second']);
});

test('TimeoutSeconds ends a callback wait with States.Timeout on the scaled clock', async () => {
  const arn = await s.create('callback-timeout', { StartAt: 'Ask', States: { Ask: callbackTask({ End: true }, { TimeoutSeconds: 2 }) } });
  const t0 = Date.now();
  const r = await s.client.send(new StartExecutionCommand({ stateMachineArn: arn }));
  const d = await s.finished(r.executionArn!);
  const took = Date.now() - t0;
  assert.equal(d.status, 'FAILED');
  assert.equal(d.error, 'States.Timeout');
  assert.ok(took >= 2000 * SCALE - 20 && took < 2000, `took ${took} ms`);
  const types = (await s.history(r.executionArn!)).map((e) => e.type);
  assert.deepEqual(types.slice(-2), ['TaskTimedOut', 'ExecutionFailed']);
});

test('HeartbeatSeconds: heartbeats keep a callback alive; without them it times out', async () => {
  const arn = await s.create('callback-heartbeat', {
    StartAt: 'Ask',
    States: { Ask: callbackTask({ End: true }, { HeartbeatSeconds: 3, TimeoutSeconds: 100 }) },
  });
  const r = await s.client.send(new StartExecutionCommand({ stateMachineArn: arn }));
  const token = await until(async () => {
    const e = (await s.history(r.executionArn!)).find((x) => x.type === 'TaskScheduled');
    return e ? (JSON.parse(e.taskScheduledEventDetails!.parameters!) as { MessageBody: { token: string } }).MessageBody.token : undefined;
  });
  // Five heartbeats 0.2 s apart (2 s of the execution's clock each, under the 3 s limit) span 1 s: past the limit without them.
  for (let i = 0; i < 5; i++) {
    await new Promise((res) => setTimeout(res, 2000 * SCALE));
    await s.client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
  }
  assert.equal((await describe(r.executionArn!)).status, 'RUNNING');
  const d = await s.finished(r.executionArn!);
  assert.equal(d.status, 'FAILED');
  assert.equal(d.error, 'States.Timeout');
});

test("the machine's TimeoutSeconds ends an execution whose task waits for a callback: ExecutionTimedOut", async () => {
  const arn = await s.create('machine-timeout', { TimeoutSeconds: 3, StartAt: 'Ask', States: { Ask: callbackTask({ End: true }) } });
  const t0 = Date.now();
  const r = await s.client.send(new StartExecutionCommand({ stateMachineArn: arn }));
  const d = await s.finished(r.executionArn!);
  const took = Date.now() - t0;
  assert.equal(d.status, 'TIMED_OUT');
  assert.ok(took >= 3000 * SCALE - 20 && took < 3000, `took ${took} ms`);
  const events = await s.history(r.executionArn!);
  assert.equal(events[events.length - 1].type, 'ExecutionTimedOut');
  // The history keeps the execution's clock: it timed out 3 s after it started.
  assert.equal(events[events.length - 1].timestamp!.getTime() - events[0].timestamp!.getTime(), 3000);
});
