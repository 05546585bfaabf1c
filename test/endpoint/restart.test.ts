/**
 * Running executions across a kill -9 with --data-dir (endpoint/journal.ts): a Standard execution
 * goes on where it was, its callback token still valid and the answers it had not asked again; an
 * Express one (at most once on AWS) ends FAILED with States.Runtime and says why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { ROLE, ROOT, serve, until, type Served } from './serve';

/** Real seconds per second of Wait. */
const SCALE = 0.1;
const args = (dir: string) => ['--data-dir', dir, '--wait-time-scale', String(SCALE)];

const APPROVAL = JSON.stringify({
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Result: { order: 7 }, ResultPath: '$.prepared', Next: 'Approve' },
    Approve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: {
        QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
        MessageBody: { 'token.$': '$$.Task.Token', 'input.$': '$' },
      },
      ResultPath: '$.approval',
      Next: 'Hold',
    },
    Hold: { Type: 'Wait', Seconds: 20, Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
});

async function history(s: Served, executionArn: string) {
  return (await s.client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events!;
}
async function tokenOf(s: Served, executionArn: string): Promise<string> {
  return until(async () => {
    const e = (await history(s, executionArn)).find((x) => x.type === 'TaskScheduled');
    return e && (JSON.parse(e.taskScheduledEventDetails!.parameters!) as { MessageBody: { token: string } }).MessageBody.token;
  });
}
async function finished(s: Served, executionArn: string, timeoutMs = 20_000) {
  return until(async () => {
    const d = await s.client.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'RUNNING' ? undefined : d;
  }, timeoutMs);
}
const types = (events: { type?: string }[]) => events.map((e) => e.type);

test('kill -9 while an execution waits for a callback: after the restart it still waits, and the token it gave out still answers it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aslwb-resume-'));
  const a = await serve(args(dir));
  let b: Served | undefined;
  try {
    const arn = (await a.client.send(new CreateStateMachineCommand({ name: 'approval', definition: APPROVAL, roleArn: ROLE })))
      .stateMachineArn!;
    const exec = (await a.client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'first', input: '{"id":1}' }))).executionArn!;
    const token = await tokenOf(a, exec);
    await a.kill9();
    b = await serve(args(dir));
    assert.equal((await b.client.send(new DescribeExecutionCommand({ executionArn: exec }))).status, 'RUNNING');
    // The token from before the restart: valid, and it moves the execution on.
    await b.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"ok":true}' }));
    const d = await finished(b, exec);
    assert.equal(d.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(d.output!), { id: 1, prepared: { order: 7 }, approval: { ok: true } });
    // One history, as an execution that never stopped has: each event once, ids in order.
    const resumed = await history(b, exec);
    assert.deepEqual(
      resumed.map((e) => e.id),
      resumed.map((_, i) => i + 1),
    );
    const fresh = (await b.client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'second', input: '{"id":1}' })))
      .executionArn!;
    await b.client.send(new SendTaskSuccessCommand({ taskToken: await tokenOf(b, fresh), output: '{"ok":true}' }));
    await finished(b, fresh);
    assert.deepEqual(types(resumed), types(await history(b, fresh)));
  } finally {
    await b?.stop();
    if (a.proc.exitCode === null && a.proc.signalCode === null) await a.kill9();
  }
});

test('kill -9 after a callback was answered, during a Wait: the restart goes on from the answer without asking again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aslwb-resume-'));
  const a = await serve(args(dir));
  let b: Served | undefined;
  try {
    const arn = (await a.client.send(new CreateStateMachineCommand({ name: 'approval', definition: APPROVAL, roleArn: ROLE })))
      .stateMachineArn!;
    const exec = (await a.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"id":2}' }))).executionArn!;
    await a.client.send(new SendTaskSuccessCommand({ taskToken: await tokenOf(a, exec), output: '{"by":"alice"}' }));
    // Killed as soon as the answer is acknowledged: what SendTaskSuccess accepted is on disk.
    await a.kill9();
    b = await serve(args(dir));
    const d = await finished(b, exec);
    assert.equal(d.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(d.output!), { id: 2, prepared: { order: 7 }, approval: { by: 'alice' } });
    const events = await history(b, exec);
    assert.equal(events.filter((e) => e.type === 'TaskScheduled').length, 1);
    assert.equal(events.filter((e) => e.type === 'TaskSucceeded').length, 1);
    // The Wait (20 s x 0.1) kept its place on the real clock: it ended no sooner than 2 s after it began.
    const entered = events.find((e) => e.type === 'WaitStateEntered')!;
    const exited = events.find((e) => e.type === 'WaitStateExited')!;
    assert.ok(exited.timestamp!.getTime() - entered.timestamp!.getTime() >= 20_000 - 1, "the Wait is 20 s on the execution's clock");
  } finally {
    await b?.stop();
    if (a.proc.exitCode === null && a.proc.signalCode === null) await a.kill9();
  }
});

test('kill -9 during an Express execution: it is not run again (at most once) and ends FAILED, States.Runtime, saying why', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aslwb-resume-'));
  const a = await serve(args(dir));
  let b: Served | undefined;
  try {
    const definition = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 600, End: true } } });
    const arn = (await a.client.send(new CreateStateMachineCommand({ name: 'express', definition, roleArn: ROLE, type: 'EXPRESS' })))
      .stateMachineArn!;
    const exec = (await a.client.send(new StartExecutionCommand({ stateMachineArn: arn }))).executionArn!;
    await until(async () => ((await history(a, exec)).some((e) => e.type === 'WaitStateEntered') ? true : undefined));
    await a.kill9();
    b = await serve(args(dir));
    const d = await b.client.send(new DescribeExecutionCommand({ executionArn: exec }));
    assert.equal(d.status, 'FAILED');
    assert.equal(d.error, 'States.Runtime');
    assert.match(d.cause!, /running when the endpoint stopped.*at most once/);
    const last = (await history(b, exec)).pop()!;
    assert.equal(last.type, 'ExecutionFailed');
    assert.equal(last.executionFailedEventDetails!.error, 'States.Runtime');
  } finally {
    await b?.stop();
    if (a.proc.exitCode === null && a.proc.signalCode === null) await a.kill9();
  }
});

test('kill -9 after a local handler answered: the restart does not call it again, its answer is the one recorded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aslwb-resume-'));
  const calls = join(dir, 'calls.txt');
  const handlerArgs = [...args(dir), '--mock-config', join(ROOT, 'test/endpoint/fixtures/resume.mocks.json')];
  const env = { ASLWB_TEST_CALLS: calls };
  const a = await serve(handlerArgs, env);
  let b: Served | undefined;
  try {
    const definition = JSON.stringify({
      StartAt: 'Call',
      States: {
        Call: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Count', Next: 'Hold' },
        Hold: { Type: 'Wait', Seconds: 20, End: true },
      },
    });
    const arn = (await a.client.send(new CreateStateMachineCommand({ name: 'counted', definition, roleArn: ROLE }))).stateMachineArn!;
    const exec = (await a.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"n":1}' }))).executionArn!;
    await until(async () => ((await history(a, exec)).some((e) => e.type === 'WaitStateEntered') ? true : undefined));
    await a.kill9();
    b = await serve(handlerArgs, env);
    const d = await finished(b, exec);
    assert.equal(d.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(d.output!), { calls: 1, event: { n: 1 } });
    assert.equal(readFileSync(calls, 'utf8'), 'call\n', 'the handler ran once');
  } finally {
    await b?.stop();
    if (a.proc.exitCode === null && a.proc.signalCode === null) await a.kill9();
  }
});
