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
import { CreateStateMachineCommand, DescribeExecutionCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
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

const types = (events: { type?: string }[]) => events.map((e) => e.type);

/** A server's command line and environment over a data directory. */
type Setup = (dir: string) => { args: string[]; env?: Record<string, string> };

/**
 * Runs `before` on a server over a fresh --data-dir, kills it with -9, starts another on the same
 * directory and runs `after` on that one with what `before` gave; both are gone at the end however
 * the test went.
 */
async function acrossKill9<T>(
  before: (a: Served) => Promise<T>,
  after: (b: Served, carried: T) => Promise<void>,
  setup: Setup = (dir) => ({ args: args(dir) }),
): Promise<void> {
  const { args: serveArgs, env } = setup(mkdtempSync(join(tmpdir(), 'aslwb-resume-')));
  const a = await serve(serveArgs, env);
  let b: Served | undefined;
  try {
    const carried = await before(a);
    await a.kill9();
    b = await serve(serveArgs, env);
    await after(b, carried);
  } finally {
    await b?.stop();
    if (a.proc.exitCode === null && a.proc.signalCode === null) await a.kill9();
  }
}

/** Creates a machine of `definition` (JSON text) and starts an execution of it; both ARNs. */
async function startNew(
  s: Served,
  machine: { name: string; definition: string; type?: 'EXPRESS' },
  start: { name?: string; input?: string } = {},
) {
  const arn = (await s.client.send(new CreateStateMachineCommand({ ...machine, roleArn: ROLE }))).stateMachineArn!;
  const exec = (await s.client.send(new StartExecutionCommand({ stateMachineArn: arn, ...start }))).executionArn!;
  return { arn, exec };
}

/** Waits until the execution has entered its Wait state. */
async function waiting(s: Served, exec: string): Promise<void> {
  await until(async () => ((await s.history(exec)).some((e) => e.type === 'WaitStateEntered') ? true : undefined));
}

test('kill -9 while an execution waits for a callback: after the restart it still waits, and the token it gave out still answers it', async () => {
  await acrossKill9(
    async (a) => {
      const { arn, exec } = await startNew(a, { name: 'approval', definition: APPROVAL }, { name: 'first', input: '{"id":1}' });
      return { arn, exec, token: await a.tokenOf(exec) };
    },
    async (b, { arn, exec, token }) => {
      assert.equal((await b.client.send(new DescribeExecutionCommand({ executionArn: exec }))).status, 'RUNNING');
      // The token from before the restart: valid, and it moves the execution on.
      await b.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"ok":true}' }));
      const d = await b.finished(exec);
      assert.equal(d.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(d.output!), { id: 1, prepared: { order: 7 }, approval: { ok: true } });
      // One history, as an execution that never stopped has: each event once, ids in order.
      const resumed = await b.history(exec);
      assert.deepEqual(
        resumed.map((e) => e.id),
        resumed.map((_, i) => i + 1),
      );
      const fresh = (await b.client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'second', input: '{"id":1}' })))
        .executionArn!;
      await b.client.send(new SendTaskSuccessCommand({ taskToken: await b.tokenOf(fresh), output: '{"ok":true}' }));
      await b.finished(fresh);
      assert.deepEqual(types(resumed), types(await b.history(fresh)));
    },
  );
});

test('kill -9 after a callback was answered, during a Wait: the restart goes on from the answer without asking again', async () => {
  await acrossKill9(
    async (a) => {
      const { exec } = await startNew(a, { name: 'approval', definition: APPROVAL }, { input: '{"id":2}' });
      await a.client.send(new SendTaskSuccessCommand({ taskToken: await a.tokenOf(exec), output: '{"by":"alice"}' }));
      // Killed as soon as the answer is acknowledged: what SendTaskSuccess accepted is on disk.
      return exec;
    },
    async (b, exec) => {
      const d = await b.finished(exec);
      assert.equal(d.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(d.output!), { id: 2, prepared: { order: 7 }, approval: { by: 'alice' } });
      const events = await b.history(exec);
      assert.equal(events.filter((e) => e.type === 'TaskScheduled').length, 1);
      assert.equal(events.filter((e) => e.type === 'TaskSucceeded').length, 1);
      // The Wait (20 s x 0.1) kept its place on the real clock: it ended no sooner than 2 s after it began.
      const entered = events.find((e) => e.type === 'WaitStateEntered')!;
      const exited = events.find((e) => e.type === 'WaitStateExited')!;
      assert.ok(exited.timestamp!.getTime() - entered.timestamp!.getTime() >= 20_000 - 1, "the Wait is 20 s on the execution's clock");
    },
  );
});

test('kill -9 during an Express execution: it is not run again (at most once) and ends FAILED, States.Runtime, saying why', async () => {
  const definition = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 600, End: true } } });
  await acrossKill9(
    async (a) => {
      const { exec } = await startNew(a, { name: 'express', definition, type: 'EXPRESS' });
      await waiting(a, exec);
      return exec;
    },
    async (b, exec) => {
      const d = await b.client.send(new DescribeExecutionCommand({ executionArn: exec }));
      assert.equal(d.status, 'FAILED');
      assert.equal(d.error, 'States.Runtime');
      assert.match(d.cause!, /running when the endpoint stopped.*at most once/);
      const last = (await b.history(exec)).pop()!;
      assert.equal(last.type, 'ExecutionFailed');
      assert.equal(last.executionFailedEventDetails!.error, 'States.Runtime');
    },
  );
});

test('kill -9 after a local handler answered: the restart does not call it again, its answer is the one recorded', async () => {
  let calls = '';
  const definition = JSON.stringify({
    StartAt: 'Call',
    States: {
      Call: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Count', Next: 'Hold' },
      Hold: { Type: 'Wait', Seconds: 20, End: true },
    },
  });
  await acrossKill9(
    async (a) => {
      const { exec } = await startNew(a, { name: 'counted', definition }, { input: '{"n":1}' });
      await waiting(a, exec);
      return exec;
    },
    async (b, exec) => {
      const d = await b.finished(exec);
      assert.equal(d.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(d.output!), { calls: 1, event: { n: 1 } });
      assert.equal(readFileSync(calls, 'utf8'), 'call\n', 'the handler ran once');
    },
    (dir) => {
      calls = join(dir, 'calls.txt');
      return {
        args: [...args(dir), '--mock-config', join(ROOT, 'test/endpoint/fixtures/resume.mocks.json')],
        env: { ASLWB_TEST_CALLS: calls },
      };
    },
  );
});
