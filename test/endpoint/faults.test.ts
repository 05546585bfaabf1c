/**
 * Faults that must leave the endpoint answering and its store readable: a local handler that
 * never returns, and a kill -9 while --data-dir files are being written; and a restart that
 * keeps every state machine and every finished execution.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { ROLE, ROOT, serve, until } from './serve';

const FAULT_MOCKS = join(ROOT, 'test/endpoint/fixtures/faults.mocks.json');
const PASS = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
const lambda = (fn: string) =>
  JSON.stringify({
    StartAt: 'Call',
    States: { Call: { Type: 'Task', Resource: `arn:aws:lambda:us-east-1:123456789012:function:${fn}`, End: true } },
  });

test('a handler that never returns fails its execution at the handler timeout; the server and other handlers go on', async () => {
  const s = await serve(['--mock-config', FAULT_MOCKS, '--wait-time-scale', '0', '--handler-timeout', '4']);
  try {
    const spin = (await s.client.send(new CreateStateMachineCommand({ name: 'spin', definition: lambda('Spin'), roleArn: ROLE })))
      .stateMachineArn!;
    const echo = (await s.client.send(new CreateStateMachineCommand({ name: 'echo', definition: lambda('Echo'), roleArn: ROLE })))
      .stateMachineArn!;
    const stuck = await s.client.send(new StartExecutionCommand({ stateMachineArn: spin }));
    await until(async () =>
      (await s.client.send(new GetExecutionHistoryCommand({ executionArn: stuck.executionArn }))).events!.some(
        (e) => e.type === 'LambdaFunctionStarted',
      )
        ? true
        : undefined,
    );
    const t0 = Date.now();
    const listed = await s.client.send(new ListStateMachinesCommand({}));
    assert.equal(listed.stateMachines!.length, 2);
    assert.ok(Date.now() - t0 < 1000, 'the server answered while the handler spun');
    // Another execution's handler runs in another process while the first one spins.
    const ok = await s.client.send(new StartExecutionCommand({ stateMachineArn: echo, input: '{"x":1}' }));
    const e = await s.finished(ok.executionArn!);
    assert.equal(e.status, 'SUCCEEDED', `${e.error}: ${e.cause}`);
    assert.deepEqual(JSON.parse(e.output!), { echoed: { x: 1 } });
    assert.equal((await s.client.send(new DescribeExecutionCommand({ executionArn: stuck.executionArn }))).status, 'RUNNING');
    const d = await s.finished(stuck.executionArn!);
    assert.equal(d.status, 'FAILED');
    // Lambda's answer to a function past its timeout: Sandbox.Timedout, "Task timed out after N seconds".
    assert.equal(d.error, 'Sandbox.Timedout');
    assert.match(d.cause!, /Task timed out after 4.00 seconds/);
  } finally {
    await s.stop();
  }
});

test('--data-dir: a restart keeps state machines and finished executions with their histories', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aslwb-serve-'));
  const a = await serve(['--data-dir', dir, '--wait-time-scale', '0']);
  const arn = (await a.client.send(new CreateStateMachineCommand({ name: 'kept', definition: PASS, roleArn: ROLE }))).stateMachineArn!;
  const run = (await a.client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'kept-run', input: '{"n":1}' }))).executionArn!;
  await a.finished(run);
  const before = await a.client.send(new GetExecutionHistoryCommand({ executionArn: run }));
  await a.kill9();
  const b = await serve(['--data-dir', dir, '--wait-time-scale', '0']);
  try {
    assert.equal((await b.client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).definition, PASS);
    const d = await b.client.send(new DescribeExecutionCommand({ executionArn: run }));
    assert.equal(d.status, 'SUCCEEDED');
    assert.equal(d.input, '{"n":1}');
    const after = await b.client.send(new GetExecutionHistoryCommand({ executionArn: run }));
    assert.deepEqual(after.events, before.events);
  } finally {
    await b.stop();
  }
});

test('kill -9 during --data-dir writes: the store stays readable, every execution it lists is complete', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aslwb-serve-'));
  const a = await serve(['--data-dir', dir, '--wait-time-scale', '0']);
  const arn = (await a.client.send(new CreateStateMachineCommand({ name: 'busy', definition: PASS, roleArn: ROLE }))).stateMachineArn!;
  // Writes in flight when the process dies: machines created and executions finishing.
  const load = Array.from({ length: 400 }, (_, i) =>
    i % 4 === 0
      ? a.client.send(new CreateStateMachineCommand({ name: `m${i}`, definition: PASS, roleArn: ROLE })).catch(() => undefined)
      : a.client
          .send(new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify({ i, pad: 'p'.repeat(20_000) }) }))
          .catch(() => undefined),
  );
  const complete = () => readdirSync(join(dir, 'executions')).filter((f) => f.endsWith('.json')).length;
  await until(async () => (complete() > 20 ? true : undefined));
  await a.kill9();
  await Promise.all(load);
  const written = complete();
  // What a write cut short would leave: a temporary file; and a file that is not one of ours.
  writeFileSync(join(dir, 'executions', '.tmp-99999-1'), '{"arn": "arn:aws:states:us-east-1:1234');
  writeFileSync(join(dir, 'state-machines', 'junk.json'), '{not json');
  const b = await serve(['--data-dir', dir, '--wait-time-scale', '0']);
  try {
    const machines = await b.client.send(new ListStateMachinesCommand({ maxResults: 1000 }));
    assert.ok(machines.stateMachines!.length >= 1);
    for (const m of machines.stateMachines!) await b.client.send(new DescribeStateMachineCommand({ stateMachineArn: m.stateMachineArn }));
    const listed = await b.client.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 1000 }));
    // Every execution whose file was complete when the process died is there.
    assert.equal(listed.executions!.length, written);
    assert.ok(written > 20);
    for (const e of listed.executions!) {
      assert.equal(e.status, 'SUCCEEDED');
      const h = await b.client.send(new GetExecutionHistoryCommand({ executionArn: e.executionArn, reverseOrder: true, maxResults: 1 }));
      assert.equal(h.events![0].type, 'ExecutionSucceeded');
    }
    assert.ok(!readdirSync(join(dir, 'executions')).some((f) => f.startsWith('.tmp-')), 'temporary files are cleared');
    // And it goes on working.
    const r = await b.client.send(new StartExecutionCommand({ stateMachineArn: arn }));
    assert.equal((await b.finished(r.executionArn!)).status, 'SUCCEEDED');
  } finally {
    await b.stop();
  }
});

test('SIGTERM ends the server at once, even with executions waiting for an hour', async () => {
  const s = await serve(['--wait-time-scale', '1']);
  const arn = (
    await s.client.send(
      new CreateStateMachineCommand({
        name: 'long',
        definition: JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } }),
        roleArn: ROLE,
      }),
    )
  ).stateMachineArn!;
  await s.client.send(new StartExecutionCommand({ stateMachineArn: arn }));
  const stopped = await Promise.race([s.stop().then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 5000))]);
  if (!stopped) await s.kill9();
  assert.ok(stopped, 'still running 5 s after SIGTERM');
  assert.equal(s.proc.exitCode, 0);
});
