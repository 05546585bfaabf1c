/**
 * --lambda-endpoint: Lambda calls that no mock or local handler answers go to a Lambda Invoke API
 * endpoint (what `sam local start-lambda` serves). Here a small one in the test process, answering
 * as Lambda's Invoke API does (Lambda API reference, Invoke: the body is the function's result;
 * a function error sets X-Amz-Function-Error and the body is { errorType, errorMessage }).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeExecutionCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { serve, until, type Served } from './serve';

let lambda: Server;
const calls: { name: string; event: unknown }[] = [];
let s: Served;

before(async () => {
  lambda = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const m = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url ?? '');
      const name = decodeURIComponent(m?.[1] ?? '');
      const event = JSON.parse(body) as unknown;
      calls.push({ name, event });
      if (name === 'Boom') {
        res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' });
        res.end(JSON.stringify({ errorType: 'BoomError', errorMessage: 'exploded', trace: [] }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ from: name, got: event }));
    });
  });
  await new Promise<void>((r) => lambda.listen(0, '127.0.0.1', () => r()));
  s = await serve(['--wait-time-scale', '0', '--lambda-endpoint', `http://127.0.0.1:${(lambda.address() as AddressInfo).port}`]);
});
after(async () => {
  await s.stop();
  lambda.close();
});

async function runOnce(name: string, definition: unknown, input: unknown) {
  const arn = await s.create(name, definition);
  const r = await s.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify(input) }));
  return r.executionArn!;
}

test('a plain function ARN: the function gets the input, its result is the task result', async () => {
  const e = await runOnce(
    'plain',
    { StartAt: 'F', States: { F: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Greeter', End: true } } },
    { who: 'x' },
  );
  const d = await s.finished(e);
  assert.equal(d.status, 'SUCCEEDED', `${d.error}: ${d.cause}`);
  assert.deepEqual(JSON.parse(d.output!), { from: 'Greeter', got: { who: 'x' } });
});

test('lambda:invoke: the function gets Payload; the result is wrapped as Invoke returns it', async () => {
  const e = await runOnce(
    'wrapped',
    {
      StartAt: 'F',
      States: {
        F: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'Greeter', 'Payload.$': '$' },
          ResultSelector: { 'p.$': '$.Payload', 'code.$': '$.StatusCode' },
          End: true,
        },
      },
    },
    { n: 1 },
  );
  const d = await s.finished(e);
  assert.equal(d.status, 'SUCCEEDED', `${d.error}: ${d.cause}`);
  assert.deepEqual(JSON.parse(d.output!), { p: { from: 'Greeter', got: { n: 1 } }, code: 200 });
});

test('a function error fails the task with the errorType as the error (Step Functions developer guide, Lambda errors)', async () => {
  const e = await runOnce(
    'boom',
    { StartAt: 'F', States: { F: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Boom', End: true } } },
    {},
  );
  const d = await s.finished(e);
  assert.equal(d.status, 'FAILED');
  assert.equal(d.error, 'BoomError');
  assert.match(d.cause!, /exploded/);
});

test('lambda:invoke.waitForTaskToken: the function gets the token; SendTaskSuccess completes the task', async () => {
  calls.length = 0;
  const e = await runOnce(
    'token',
    {
      StartAt: 'F',
      States: {
        F: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'Notify', Payload: { 'token.$': '$$.Task.Token' } },
          End: true,
        },
      },
    },
    {},
  );
  const call = await until(async () => calls.find((c) => c.name === 'Notify'));
  const token = (call.event as { token: string }).token;
  assert.equal((await s.client.send(new DescribeExecutionCommand({ executionArn: e }))).status, 'RUNNING');
  await s.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"ok":1}' }));
  const d = await s.finished(e);
  assert.equal(d.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(d.output!), { ok: 1 });
});
