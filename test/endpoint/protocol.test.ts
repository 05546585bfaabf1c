/**
 * The wire protocol and its faults: AWS JSON 1.0 errors (`__type`, `message`, the status of the
 * error's shape in the SDK model), request validation as the API reference states the limits,
 * and requests that are malformed, oversized or abandoned, after each of which the server answers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { CreateStateMachineCommand, DescribeExecutionCommand, ListStateMachinesCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { failure, raw, ROLE, serveAround, type Served } from './serve';

let s: Served;
serveAround(['--wait-time-scale', '0'], (served) => (s = served));

const PASS = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });

async function stillAnswers(): Promise<void> {
  const r = await s.client.send(new ListStateMachinesCommand({}));
  assert.ok(Array.isArray(r.stateMachines));
}

test('the answer is AWS JSON 1.0: content type, request id, JSON body', async () => {
  const res = await fetch(s.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' },
    body: '{}',
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.0');
  assert.ok(res.headers.get('x-amzn-requestid'));
  assert.deepEqual(await res.json(), { stateMachines: [] });
});

test('an unknown action, or none, is UnknownOperationException', async () => {
  const r = await raw(s.url, 'FlyToTheMoon', '{}');
  assert.equal(r.status, 400);
  assert.equal(r.json.__type, 'UnknownOperationException');
  const none = await raw(s.url, undefined, '{}');
  assert.equal(none.json.__type, 'UnknownOperationException');
});

test('a malformed JSON body is SerializationException, and the server goes on', async () => {
  for (const body of ['{"name": ', 'null', '[1,2]', '\u0000\u0001garbage']) {
    const r = await raw(s.url, 'CreateStateMachine', body);
    assert.equal(r.status, 400, body);
    assert.equal(r.json.__type, 'SerializationException', body);
    assert.equal(typeof r.json.message, 'string');
  }
  await stillAnswers();
});

test('a missing required member is ValidationException in the Coral wording', async () => {
  const r = await raw(s.url, 'CreateStateMachine', JSON.stringify({ name: 'x', roleArn: ROLE }));
  assert.equal(r.status, 400);
  assert.equal(r.json.__type, 'ValidationException');
  assert.equal(
    r.json.message,
    "1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null",
  );
});

test('names: 1-80 characters (ValidationException), no whitespace or special characters (InvalidName)', async () => {
  const long = await failure(s.client.send(new CreateStateMachineCommand({ name: 'n'.repeat(81), definition: PASS, roleArn: ROLE })));
  // AWS's answer to an 81-character name (getmoto/moto#6438, wolfeidau/buildkite-serverless-agent#37).
  assert.equal(long.name, 'ValidationException');
  assert.match(
    long.message,
    /^1 validation error detected: Value 'n+' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80$/,
  );
  for (const name of ['has space', 'a/b', 'x#y', 'tab\there', 'ok?']) {
    const e = await failure(s.client.send(new CreateStateMachineCommand({ name, definition: PASS, roleArn: ROLE })));
    assert.equal(e.name, 'InvalidName', name);
  }
  const exec = await failure(
    s.client.send(
      new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:whatever', name: 'bad name' }),
    ),
  );
  assert.equal(exec.name, 'InvalidName');
});

test('ARNs: InvalidArn for what is not one, StateMachineDoesNotExist / ExecutionDoesNotExist for what is not there', async () => {
  assert.equal((await failure(s.client.send(new StartExecutionCommand({ stateMachineArn: 'not-an-arn' })))).name, 'InvalidArn');
  assert.equal(
    (await failure(s.client.send(new DescribeExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:x' }))))
      .name,
    'InvalidArn',
  );
  const sm = await failure(
    s.client.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:ghost' })),
  );
  assert.equal(sm.name, 'StateMachineDoesNotExist');
  assert.equal(sm.status, 400);
  const ex = 'arn:aws:states:us-east-1:123456789012:execution:ghost:run';
  const e = await failure(s.client.send(new DescribeExecutionCommand({ executionArn: ex })));
  assert.equal(e.name, 'ExecutionDoesNotExist');
  // AWS's wording: nasa/cumulus#3803 quotes "Execution Does Not Exist: '<arn>'".
  assert.equal(e.message, `Execution Does Not Exist: '${ex}'`);
  assert.equal(
    (await failure(s.client.send(new CreateStateMachineCommand({ name: 'r', definition: PASS, roleArn: 'role' })))).name,
    'InvalidArn',
  );
});

test('input: not JSON is InvalidExecutionInput; over 256 KiB is ValidationException; the server goes on', async () => {
  const arn = (await s.client.send(new CreateStateMachineCommand({ name: 'inputs', definition: PASS, roleArn: ROLE }))).stateMachineArn!;
  assert.equal(
    (await failure(s.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{oops' })))).name,
    'InvalidExecutionInput',
  );
  // API reference, StartExecution: input "Maximum length of 262144" (UTF-8 bytes).
  const big = JSON.stringify({ s: 'x'.repeat(262_144) });
  const e = await failure(s.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: big })));
  assert.equal(e.name, 'ValidationException');
  assert.match(e.message, /'input' failed to satisfy constraint: Member must have length less than or equal to 262144/);
  const justFits = JSON.stringify({ s: 'x'.repeat(262_144 - 8) });
  assert.equal(Buffer.byteLength(justFits), 262_144);
  await s.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: justFits }));
  await stillAnswers();
});

test('a definition over 1 MB is ValidationException; a request past the read limit is refused unread', async () => {
  const pad = 'x'.repeat(1_048_576);
  const def = JSON.stringify({ Comment: pad, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
  const e = await failure(s.client.send(new CreateStateMachineCommand({ name: 'huge', definition: def, roleArn: ROLE })));
  assert.equal(e.name, 'ValidationException');
  assert.match(e.message, /'definition' failed to satisfy constraint: Member must have length less than or equal to 1048576/);
  const r = await raw(
    s.url,
    'CreateStateMachine',
    JSON.stringify({ name: 'huger', definition: 'y'.repeat(5 * 1024 * 1024), roleArn: ROLE }),
  );
  assert.equal(r.status, 413);
  await stillAnswers();
});

test('a client that disconnects mid-request leaves the server answering', async () => {
  for (let i = 0; i < 5; i++) {
    await new Promise<void>((resolve) => {
      const sock = connect(s.port, '127.0.0.1', () => {
        sock.write(
          'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: AWSStepFunctions.CreateStateMachine\r\nContent-Length: 100000\r\n\r\n{"name": "half',
        );
        setTimeout(() => {
          sock.destroy();
          resolve();
        }, 20);
      });
    });
  }
  // Half a request line, then gone.
  await new Promise<void>((resolve) => {
    const sock = connect(s.port, '127.0.0.1', () => {
      sock.end('POST / HT');
      sock.on('close', () => resolve());
    });
  });
  await stillAnswers();
  assert.deepEqual(
    (await s.client.send(new ListStateMachinesCommand({}))).stateMachines!.filter((m) => m.name === 'half'),
    [],
  );
});

test('any signature passes: unsigned requests and the SDK signed ones alike', async () => {
  const r = await raw(s.url, 'ListStateMachines', '{}', {
    authorization: 'AWS4-HMAC-SHA256 Credential=nobody/20260101/us-east-1/states/aws4_request, SignedHeaders=host, Signature=00',
  });
  assert.equal(r.status, 200);
});
