/**
 * The editor's view of a running endpoint: the endpoint's WatchExecution extension (a long poll
 * over the engine's own events) over HTTP, and the client's watch logic (client/src/endpointWatch.ts)
 * against a real `serve` process: an execution followed while it waits for a callback, drawn as
 * the panel draws it (media/src/runModel.ts), and a machine followed for new executions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GetExecutionHistoryCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { analyze } from '../../server/src/core';
import { graphOf } from '../../server/src/core/graph';
import { readRun } from '../../media/src/runModel';
import { EndpointClient, EndpointError } from '../../client/src/endpointClient';
import { followExecution, followMachine, type LiveExecution } from '../../client/src/endpointWatch';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { raw, serveAround, until, type Served } from './serve';

/** Real seconds per second of Wait. */
const SCALE = 0.1;
let s: Served;
serveAround(['--wait-time-scale', String(SCALE)], (served) => (s = served));

async function start(stateMachineArn: string, input: unknown = {}): Promise<string> {
  return (await s.client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }))).executionArn!;
}
const watchRaw = (body: unknown, action = 'AslWorkbench.WatchExecution') =>
  raw(s.url, undefined, JSON.stringify(body), { 'x-amz-target': action });

const APPROVAL = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Result: { order: 7 }, Next: 'Approve' },
    Approve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q', MessageBody: { 'token.$': '$$.Task.Token' } },
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

test("WatchExecution: the engine's events with state names; a long poll answers at the next event, not at its limit", async () => {
  const arn = await s.create('watch-wait', {
    StartAt: 'Hold',
    States: { Hold: { Type: 'Wait', Seconds: 30, Next: 'After' }, After: { Type: 'Pass', End: true } },
  });
  const exec = await start(arn);
  const first = await until(async () => {
    const r = await watchRaw({ executionArn: exec });
    return (r.json.events as unknown[]).length >= 2 ? r : undefined;
  });
  assert.equal(first.status, 200);
  assert.equal(first.json.status, 'RUNNING');
  const events = first.json.events as { id: number; type: string; stateName?: string }[];
  assert.deepEqual(events.map((e) => e.type).slice(0, 2), ['ExecutionStarted', 'WaitStateEntered']);
  assert.equal(events[1].stateName, 'Hold');
  // The Wait takes 30 s x 0.1: a poll for what comes after it waits about that long, not its 15 s limit.
  const t0 = Date.now();
  const next = await watchRaw({ executionArn: exec, afterEventId: first.json.lastEventId, waitSeconds: 15 });
  const waited = Date.now() - t0;
  assert.ok((next.json.events as unknown[]).length > 0, 'the poll answers with the new events');
  assert.equal((next.json.events as { id: number }[])[0].id, (first.json.lastEventId as number) + 1);
  assert.ok(waited >= 1000 && waited < 12_000, `answered after ${waited} ms: at the event, neither at once nor at the limit`);
  // A finished execution answers at once, whatever the wait.
  const done = await until(async () => {
    const r = await watchRaw({ executionArn: exec, waitSeconds: 1 });
    return r.json.status === 'SUCCEEDED' ? r : undefined;
  });
  const t1 = Date.now();
  const again = await watchRaw({ executionArn: exec, afterEventId: done.json.lastEventId, waitSeconds: 15 });
  assert.ok(Date.now() - t1 < 5000);
  assert.deepEqual(again.json.events, []);
});

test("WatchExecution: errors in AWS's shape, and only under our own prefix", async () => {
  const missing = await watchRaw({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:nope:x' });
  assert.equal(missing.status, 400);
  assert.equal(missing.json.__type, 'ExecutionDoesNotExist');
  const bad = await watchRaw({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:nope:x', waitSeconds: 21 });
  assert.equal(bad.json.__type, 'ValidationException');
  const noArn = await watchRaw({});
  assert.equal(noArn.json.__type, 'ValidationException');
  const asAws = await watchRaw({ executionArn: 'x' }, 'AWSStepFunctions.WatchExecution');
  assert.equal(asAws.json.__type, 'UnknownOperationException');
  const unknown = await watchRaw({}, 'AslWorkbench.CreateStateMachine');
  assert.equal(unknown.json.__type, 'UnknownOperationException');
});

test('followExecution: the panel sees the execution live (a callback wait shows as running), then its end, equal to GetExecutionHistory', async () => {
  const arn = await s.create('watch-approval', APPROVAL);
  const graph = graphOf(analyze(JSON.stringify(APPROVAL)));
  const nodeOf = (name: string) => graph.model.nodes.find((n) => n.name === name)!.id;
  const exec = await start(arn, { id: 1 });
  const updates: LiveExecution[] = [];
  const client = new EndpointClient(s.url);
  const followed = followExecution(client, exec, (u) => updates.push(u));
  const waiting = await until(async () => updates.find((u) => u.result.events.some((e) => e.type === 'TaskScheduled')));
  assert.equal(waiting.running, true);
  assert.equal(waiting.definition, JSON.stringify(APPROVAL));
  const view = readRun(graph.model, waiting.result);
  assert.equal(view.nodes.get(nodeOf('Prepare'))?.status, 'succeeded');
  assert.equal(view.nodes.get(nodeOf('Approve'))?.status, 'running', 'the state waiting for its callback is running, not failed');
  assert.equal(view.failedNode, undefined);
  const scheduled = waiting.result.events.find((e) => e.type === 'TaskScheduled')!;
  assert.equal(scheduled.stateName, 'Approve');
  const token = (scheduled.details!.parameters as { MessageBody: { token: string } }).MessageBody.token;
  const sent = Date.now();
  await s.client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: true }) }));
  const end = await followed;
  // The long poll answers at the callback's events, not after its 15 s limit.
  assert.ok(Date.now() - sent < 10_000);
  assert.equal(end.running, false);
  assert.equal(end.result.status, 'SUCCEEDED');
  assert.deepEqual(end.result.output, { approved: true });
  assert.deepEqual(end.result.path, ['Prepare', 'Approve', 'Done']);
  assert.equal(updates[updates.length - 1], end);
  const history = (await s.client.send(new GetExecutionHistoryCommand({ executionArn: exec, maxResults: 1000 }))).events!;
  assert.deepEqual(
    end.result.events.map((e) => [e.id, e.previousEventId, e.type]),
    history.map((e) => [e.id, e.previousEventId, e.type]),
  );
  const final = readRun(graph.model, end.result);
  assert.deepEqual(
    [...final.nodes.values()].map((n) => n.status),
    ['succeeded', 'succeeded', 'succeeded'],
  );
});

test('followExecution: aborting stops following; an endpoint that is not there is an Unreachable error', async () => {
  const arn = await s.create('watch-abort', APPROVAL);
  const exec = await start(arn);
  const abort = new AbortController();
  let calls = 0;
  const followed = followExecution(
    new EndpointClient(s.url),
    exec,
    () => {
      calls++;
      abort.abort();
    },
    abort.signal,
  );
  await assert.rejects(followed, (e: Error) => e.name === 'AbortError');
  assert.equal(calls, 1);
  // Port 1 on the loopback: nothing listens there.
  await assert.rejects(
    new EndpointClient('http://127.0.0.1:1').listStateMachines(),
    (e: unknown) => e instanceof EndpointError && e.type === 'Unreachable',
  );
  await assert.rejects(
    new EndpointClient(s.url).watchExecution('arn:aws:states:us-east-1:123456789012:execution:nope:x', 0, 0),
    (e: unknown) => e instanceof EndpointError && e.type === 'ExecutionDoesNotExist',
  );
});

test('followMachine: executions started after it are handed over in order; earlier ones are not', async () => {
  const arn = await s.create('watch-machine', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
  const before = await start(arn);
  const abort = new AbortController();
  const seen: string[] = [];
  const client = new EndpointClient(s.url);
  const following = followMachine(client, arn, (e) => seen.push(e), abort.signal, 50);
  // Let it read the list as it is before starting more.
  await until(async () => ((await client.listExecutions(arn, 10)).length === 1 ? true : undefined));
  await new Promise((r) => setTimeout(r, 200));
  const a = await start(arn);
  const b = await start(arn);
  await until(async () => (seen.length >= 2 ? true : undefined));
  abort.abort();
  await following;
  assert.deepEqual(seen, [a, b]);
  assert.ok(!seen.includes(before));
});

/**
 * Another kind of endpoint in front of ours: what it does not know (our AslWorkbench.* actions) it
 * answers as AWS answers an unknown target; the rest it passes on.
 */
async function withoutWatch(): Promise<{ url: string; close(): Promise<void> }> {
  const proxy: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (!target.startsWith('AWSStepFunctions.')) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ __type: 'UnknownOperationException', message: `Unknown operation ${target}` }));
        return;
      }
      const r = await fetch(s.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
        body: Buffer.concat(chunks),
      });
      res.writeHead(r.status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(await r.text());
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => proxy.close(() => resolve())),
  };
}

test('an endpoint without WatchExecution: followExecution reads GetExecutionHistory instead, each event given its state through previousEventId', async () => {
  const other = await withoutWatch();
  try {
    const arn = await s.create('watch-history', APPROVAL);
    const graph = graphOf(analyze(JSON.stringify(APPROVAL)));
    const nodeOf = (name: string) => graph.model.nodes.find((n) => n.name === name)!.id;
    const exec = await start(arn, { id: 3 });
    const updates: LiveExecution[] = [];
    const followed = followExecution(new EndpointClient(other.url), exec, (u) => updates.push(u));
    const waiting = await until(async () => updates.find((u) => u.result.events.some((e) => e.type === 'TaskScheduled')));
    assert.equal(waiting.running, true);
    assert.equal(waiting.definition, JSON.stringify(APPROVAL));
    assert.equal(readRun(graph.model, waiting.result).nodes.get(nodeOf('Approve'))?.status, 'running');
    const scheduled = waiting.result.events.find((e) => e.type === 'TaskScheduled')!;
    assert.equal(scheduled.stateName, 'Approve');
    const token = (scheduled.details!.parameters as { MessageBody: { token: string } }).MessageBody.token;
    await s.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"fine":1}' }));
    const end = await followed;
    assert.equal(end.result.status, 'SUCCEEDED');
    assert.deepEqual(end.result.output, { fine: 1 });
    assert.deepEqual(end.result.path, ['Prepare', 'Approve', 'Done']);
    // The same events, with the same states, as our own WatchExecution gives.
    const own = await followExecution(new EndpointClient(s.url), exec, () => undefined);
    assert.deepEqual(
      end.result.events.map((e) => [e.id, e.type, e.stateName]),
      own.result.events.map((e) => [e.id, e.type, e.stateName]),
    );
    assert.deepEqual(
      [...readRun(graph.model, end.result).nodes.values()].map((n) => n.status),
      ['succeeded', 'succeeded', 'succeeded'],
    );
  } finally {
    await other.close();
  }
});
