/**
 * `asl-workbench test-state` as a user runs it: dist/cli.js in a process (`npm run build` first).
 * A request file, standard input, the field flags, a Task answered by the example's local handler,
 * and the requests AWS refuses.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const ORDER = 'examples/order-processing/order-processing.asl.json';
const ORDER_MOCKS = 'examples/order-processing/order-processing.mocks.json';

before(() => assert.ok(existsSync(CLI), 'dist/cli.js is missing: run "npm run build" first'));

function cli(args: string[], stdin?: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [CLI, 'test-state', ...args], { cwd: ROOT, encoding: 'utf8', input: stdin, timeout: 60_000, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'aslwb-teststate-'));
const CATCHING = JSON.stringify({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: 'f', 'Payload.$': '$' },
  Retry: [{ ErrorEquals: ['Lambda.ServiceException'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
  Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Handle' }],
  Next: 'Done',
});

test("a request file: the response in TestState's shape, JSON values as JSON text", () => {
  const file = join(tmp, 'req.json');
  writeFileSync(
    file,
    JSON.stringify({ definition: CATCHING, input: '{"data":"value"}', mock: { result: '{"Payload":1}' }, inspectionLevel: 'DEBUG' }),
  );
  const r = cli(['--request', file]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['output', 'inspectionData', 'nextState', 'status']);
  assert.equal(out.output, '{"Payload":1}');
  assert.equal(out.nextState, 'Done');
  assert.equal(out.inspectionData.afterParameters, '{"FunctionName":"f","Payload":{"data":"value"}}');
});

test('standard input with flags that override it: RETRIABLE, then CAUGHT_ERROR once retries are spent', () => {
  const body = JSON.stringify({ definition: CATCHING, input: '{"data":"value"}', mock: { result: '{}' } });
  const retriable = cli(
    [
      '--request',
      '-',
      '--mock-error',
      'Lambda.ServiceException',
      '--mock-cause',
      'down',
      '--retrier-retry-count',
      '2',
      '--inspection-level',
      'debug',
    ],
    body,
  );
  assert.equal(retriable.code, 1, retriable.stderr);
  const a = JSON.parse(retriable.stdout);
  assert.equal(a.status, 'RETRIABLE');
  assert.deepEqual(a.inspectionData.errorDetails, { retryBackoffIntervalSeconds: 8, retryIndex: 0 });
  const caught = cli(
    ['--request', '-', '--mock-error', 'Lambda.ServiceException', '--mock-cause', 'down', '--retrier-retry-count', '3'],
    body,
  );
  const b = JSON.parse(caught.stdout);
  assert.equal(b.status, 'CAUGHT_ERROR');
  assert.equal(b.nextState, 'Handle');
  assert.deepEqual(JSON.parse(b.output), { data: 'value', error: { Error: 'Lambda.ServiceException', Cause: 'down' } });
});

test("--definition of a whole machine with --state-name; a Task without a mock goes to the mock file's local handler", () => {
  const r = cli([
    '--definition',
    ORDER,
    '--state-name',
    'ValidateOrder',
    '--input',
    '{"orderId":"A-1","items":[{"sku":"b","price":2,"quantity":3}]}',
    '--mocks',
    ORDER_MOCKS,
  ]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const out = JSON.parse(r.stdout);
  assert.equal(out.status, 'SUCCEEDED');
  assert.equal(out.nextState, 'ProcessPayment');
  assert.equal(JSON.parse(out.output).total, 6);
});

test('ASLWB_NO_HANDLERS=1: the handler does not run, the Task fails with States.Runtime', () => {
  const r = cli(
    ['--definition', ORDER, '--state-name', 'ValidateOrder', '--input', '{"orderId":"A-1","items":[]}', '--mocks', ORDER_MOCKS],
    undefined,
    { ...process.env, ASLWB_NO_HANDLERS: '1' },
  );
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.status, 'FAILED');
  assert.equal(out.error, 'States.Runtime');
  assert.match(out.cause, /local handlers are disabled/);
});

test('a Task with neither mock nor --mocks, and a mock on a Pass state: refused like AWS refuses them (exit 2)', () => {
  const noMock = cli(['--definition', ORDER, '--state-name', 'ValidateOrder']);
  assert.equal(noMock.code, 2);
  assert.equal(JSON.parse(noMock.stdout).__type, 'ValidationException');
  assert.match(noMock.stderr, /cannot be called offline/);
  const pass = join(tmp, 'pass.json');
  writeFileSync(pass, '{"Type":"Pass","End":true}');
  const r = cli(['--definition', pass, '--mock-result', '{}']);
  assert.equal(r.code, 2);
  assert.equal(JSON.parse(r.stdout).message, "State type 'Pass' is not supported when a mock is specified");
});

test('bad usage: no definition, unreadable request', () => {
  assert.equal(cli([]).code, 2);
  assert.equal(cli(['--request', join(tmp, 'missing.json')]).code, 2);
  assert.equal(cli(['--request', '-'], 'not json').code, 2);
});
