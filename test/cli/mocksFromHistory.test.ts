/**
 * `asl-workbench mocks from-history` round trips (dist/cli.js in a process): a history written by
 * hand in the AWS CLI's format (test/cli/fixtures/history) becomes a test case, and
 * `asl-workbench test` replays it and passes: retries, a catcher, a Parallel, a Map.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const H = 'test/cli/fixtures/history';
const ORDER = 'examples/order-processing/order-processing.asl.json';

before(() => assert.ok(existsSync(CLI), 'dist/cli.js is missing: run "npm run build" first'));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'aslwb-history-'));

test('Parallel + Map with a retried call: the written test case replays and passes', () => {
  const mocks = join(tmp, 'fanout.mocks.json');
  const made = cli(
    'mocks',
    'from-history',
    `${H}/fanout.history.json`,
    '--definition',
    `${H}/fanout.asl.json`,
    '--describe',
    `${H}/fanout.describe.json`,
    '--out',
    mocks,
  );
  assert.equal(made.code, 0, made.stderr);
  assert.match(made.stderr, /Added test case "prod-incident-42" of "fanout" .*SUCCEEDED, 3 top-level states, 2 mocked Task states/);
  const run = cli('test', `${H}/fanout.asl.json`, '--mocks', mocks, '--json');
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const [report] = JSON.parse(run.stdout);
  assert.equal(report.testCase, 'prod-incident-42');
  assert.deepEqual(report.path, ['Prepare', 'Fan', 'Done']);
  // The retry's 1 s interval, replayed on the virtual clock.
  assert.equal(report.simulatedSeconds, 1);
});

test("retries then a catcher then a Fail state: added to a copy of the example's mock file, beside its cases", () => {
  const mocks = join(tmp, 'order.mocks.json');
  copyFileSync(join(ROOT, 'examples/order-processing/order-processing.mocks.json'), mocks);
  const made = cli(
    'mocks',
    'from-history',
    `${H}/order-payment-caught.history.json`,
    '--definition',
    ORDER,
    '--test-case',
    'CardExpiredInProduction',
    '--out',
    mocks,
  );
  assert.equal(made.code, 0, made.stderr);
  const file = JSON.parse(readFileSync(mocks, 'utf8'));
  const cases = Object.keys(file.StateMachines['order-processing'].TestCases);
  assert.deepEqual(cases, [
    'HappyPath',
    'PaymentRetriedThenFallback',
    'PaymentRecoversOnRetry',
    'DeclinedCardThroughHandler',
    'InvalidOrderFails',
    'CardExpiredInProduction',
  ]);
  assert.ok(file.LocalHandlers && file.MockedResponses.ConfirmationSent, 'the file keeps what it had');
  const run = cli('test', ORDER, '--mocks', mocks, '--test-case', 'CardExpiredInProduction');
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /PASS {2}CardExpiredInProduction {2}\(FAILED, 4 states, 15 s simulated\)/);
});

test('a failed branch caught by its Parallel: replays and passes', () => {
  const mocks = join(tmp, 'branch.mocks.json');
  assert.equal(
    cli(
      'mocks',
      'from-history',
      `${H}/branch-caught.history.json`,
      '--definition',
      `${H}/branch-caught.asl.json`,
      '--test-case',
      'OutOfStock',
      '--out',
      mocks,
    ).code,
    0,
  );
  const file = JSON.parse(readFileSync(mocks, 'utf8'));
  assert.deepEqual(file.MockedResponses['OutOfStock: Reserve']['0'].Throw.Error, 'OutOfStock');
  const run = cli('test', `${H}/branch-caught.asl.json`, '--mocks', mocks);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /PASS {2}OutOfStock {2}\(SUCCEEDED, 3 states/);
});

test('a machine changed since the run no longer reproduces it: the replay fails, saying where', () => {
  const mocks = join(tmp, 'order2.mocks.json');
  assert.equal(
    cli('mocks', 'from-history', `${H}/order-payment-caught.history.json`, '--definition', ORDER, '--test-case', 'Incident', '--out', mocks)
      .code,
    0,
  );
  // Now CardExpired is retried too: a fourth payment call, which the recorded run never made.
  const changed = JSON.parse(readFileSync(join(ROOT, ORDER), 'utf8'));
  changed.States.ProcessPayment.Retry[0].ErrorEquals.push('CardExpired');
  const def = join(tmp, 'order-processing.asl.json');
  writeFileSync(def, JSON.stringify(changed));
  const run = cli('test', def, '--mocks', mocks);
  assert.equal(run.code, 1);
  assert.match(run.stdout, /FAIL {2}Incident[\s\S]*has no answer for invocation 3 of state "ProcessPayment"/);
});

test('without --out the mock file is printed; bad input is refused', () => {
  const r = cli('mocks', 'from-history', `${H}/fanout.v1.history.json`, '--definition', `${H}/fanout.asl.json`);
  assert.equal(r.code, 0, r.stderr);
  const file = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(file.StateMachines.fanout.TestCases), ['fanout.v1.history']);
  assert.equal(cli('mocks', 'from-history', `${H}/fanout.history.json`).code, 2);
  const notHistory = cli('mocks', 'from-history', `${H}/fanout.asl.json`, '--definition', `${H}/fanout.asl.json`);
  assert.equal(notHistory.code, 2);
  assert.match(notHistory.stderr, /"events"/);
  assert.equal(cli('mocks', 'from-nowhere').code, 2);
});
