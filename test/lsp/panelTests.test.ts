/**
 * The graph panel's testing requests over LSP (the built server over stdio): "Test this state"
 * answers as `asl-workbench test-state` does for the same request; an imported history is read,
 * replayed by a dry run of its input with its recorded task answers, and its first divergence
 * found once the definition changed; its test case is the one `asl-workbench mocks from-history`
 * writes. Also the coverage items' transition kinds, which the panel needs to find their edges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  HISTORY_TEST_CASE_REQUEST,
  IMPORT_HISTORY_REQUEST,
  TEST_STATE_REQUEST,
  type ImportHistoryResult,
  type TestStateResult,
} from '../../protocol/panelTests';
import type { AddTestCaseResult } from '../../protocol/mockFiles';
import { TEST_REQUEST, type TestResult } from '../../protocol/testing';
import { LspClient } from './client';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const H = join(ROOT, 'test', 'cli', 'fixtures', 'history');
const DEF_PATH = join(H, 'branch-caught.asl.json');
const DEF = readFileSync(DEF_PATH, 'utf8');
const URI = pathToFileURL(DEF_PATH).toString();
const HISTORY = readFileSync(join(H, 'branch-caught.history.json'), 'utf8');

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('Test this state: the answer `asl-workbench test-state` gives for the same request', async () => {
  const client = new LspClient(['--stdio']);
  try {
    await client.initialize();
    await client.open(URI, DEF);
    const pass = await client.request<TestStateResult>(TEST_STATE_REQUEST, { uri: URI, stateName: 'Backorder', input: '{"sku":"lamp-7"}' });
    assert.ok(pass.ok, JSON.stringify(pass));
    const byCli = cli(
      'test-state',
      '--definition',
      DEF_PATH,
      '--state-name',
      'Backorder',
      '--input',
      '{"sku":"lamp-7"}',
      '--inspection-level',
      'DEBUG',
    );
    assert.equal(byCli.code, 0, byCli.stderr);
    assert.deepEqual(pass.response, JSON.parse(byCli.stdout));
    assert.equal(pass.response.nextState, 'Done');
    assert.deepEqual(JSON.parse(pass.response.output!), { sku: 'lamp-7', status: 'BACKORDERED' });
    // A mocked error no retrier matches and the first catcher takes (TestState: CAUGHT_ERROR, errorDetails.catchIndex).
    const order = join(ROOT, 'examples', 'order-processing', 'order-processing.asl.json');
    const orderUri = pathToFileURL(order).toString();
    await client.open(orderUri, readFileSync(order, 'utf8'));
    const caught = await client.request<TestStateResult>(TEST_STATE_REQUEST, {
      uri: orderUri,
      stateName: 'ProcessPayment',
      input: '{"orderId":"o-1"}',
      mock: { errorOutput: { error: 'Card.Declined', cause: 'no funds' } },
    });
    assert.ok(caught.ok, JSON.stringify(caught));
    const caughtByCli = cli(
      'test-state',
      '--definition',
      order,
      '--state-name',
      'ProcessPayment',
      '--input',
      '{"orderId":"o-1"}',
      '--inspection-level',
      'DEBUG',
      '--mock-error',
      'Card.Declined',
      '--mock-cause',
      'no funds',
    );
    assert.deepEqual(caught.response, JSON.parse(caughtByCli.stdout));
    assert.equal(caught.response.status, 'CAUGHT_ERROR');
    assert.equal(caught.response.nextState, 'PaymentFallback');
    assert.equal(caught.response.inspectionData?.errorDetails?.catchIndex, 0);
    // A Task with nothing to answer it offline is refused with TestState's own error name.
    const unmocked = await client.request<TestStateResult>(TEST_STATE_REQUEST, { uri: URI, stateName: 'Quote', input: '{}' });
    assert.ok(!unmocked.ok && /^ValidationException: /.test(unmocked.reason), JSON.stringify(unmocked));
    const bad = await client
      .request<unknown>(TEST_STATE_REQUEST, { uri: URI, stateName: 'Backorder', input: '{}', mock: { result: 42 } })
      .then(
        () => 'answered',
        (e: Error) => e.message,
      );
    assert.match(String(bad), /mock\.result/);
  } finally {
    await client.shutdown();
  }
});

test('an imported history: shown as recorded, replayed without divergence, then diverging where the definition changed', async () => {
  const client = new LspClient(['--stdio']);
  try {
    await client.initialize();
    await client.open(URI, DEF);
    const same = await client.request<ImportHistoryResult>(IMPORT_HISTORY_REQUEST, { uri: URI, history: HISTORY });
    assert.ok(same.ok, JSON.stringify(same));
    assert.deepEqual(same.recorded.path, ['Both', 'Backorder', 'Done']);
    assert.deepEqual(same.input, { sku: 'lamp-7' });
    assert.ok(same.replay, same.note);
    assert.deepEqual(same.replay!.path, ['Both', 'Backorder', 'Done']);
    assert.equal(same.divergence, undefined);
    // The definition now writes another status: with the same task answers, Backorder's output differs.
    const changed = DEF.replace('"status": "BACKORDERED"', '"status": "ON_HOLD"');
    assert.notEqual(changed, DEF);
    await client.change(URI, 2, [{ text: changed }]);
    const diverged = await client.request<ImportHistoryResult>(IMPORT_HISTORY_REQUEST, { uri: URI, history: HISTORY });
    assert.ok(diverged.ok, JSON.stringify(diverged));
    assert.equal(diverged.divergence?.stateName, 'Backorder');
    assert.equal(diverged.divergence?.reason, 'output');
    assert.deepEqual(diverged.divergence?.dryRun?.output, { sku: 'lamp-7', status: 'ON_HOLD' });
    const notJson = await client.request<ImportHistoryResult>(IMPORT_HISTORY_REQUEST, { uri: URI, history: '{"events": 3}' });
    assert.ok(!notJson.ok && /get-execution-history/.test(notJson.reason), JSON.stringify(notJson));
  } finally {
    await client.shutdown();
  }
});

test('Create test case from this history: the test case `asl-workbench mocks from-history` writes', async () => {
  const client = new LspClient(['--stdio']);
  try {
    await client.initialize();
    await client.open(URI, DEF);
    const r = await client.request<AddTestCaseResult>(HISTORY_TEST_CASE_REQUEST, {
      uri: URI,
      history: HISTORY,
      mocksText: '',
      caseName: 'incident',
    });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.edits.length, 1);
    const ours = JSON.parse(r.edits[0].newText);
    const byCli = cli('mocks', 'from-history', join(H, 'branch-caught.history.json'), '--definition', DEF_PATH, '--test-case', 'incident');
    assert.equal(byCli.code, 0, byCli.stderr);
    assert.deepEqual(ours, JSON.parse(byCli.stdout));
    // Added to an existing file whose case of that name exists: the new one is "incident 2".
    const again = await client.request<AddTestCaseResult>(HISTORY_TEST_CASE_REQUEST, {
      uri: URI,
      history: HISTORY,
      mocksText: r.edits[0].newText,
      caseName: 'incident',
    });
    assert.ok(again.ok && again.caseName === 'incident 2', JSON.stringify(again));
  } finally {
    await client.shutdown();
  }
});

test('coverage items carry their transition kind, rule or catcher index and target', async () => {
  const client = new LspClient(['--stdio']);
  try {
    await client.initialize();
    const definition = {
      uri: pathToFileURL(join(ROOT, 'examples/article-review/article-review.asl.json')).toString(),
      text: readFileSync(join(ROOT, 'examples/article-review/article-review.asl.json'), 'utf8'),
    };
    const mocksPath = join(ROOT, 'examples/article-review/article-review.mocks.json');
    const answer = await client.request<TestResult>(TEST_REQUEST, {
      definition,
      mocks: { path: mocksPath, text: readFileSync(mocksPath, 'utf8') },
      machine: 'article-review',
      testCases: ['PendingGoesToReview'],
      allowHandlers: true,
      coverage: true,
    });
    assert.ok(answer.ok, JSON.stringify(answer));
    const choices = answer
      .coverage!.filter((c) => c.state === 'Choice' && c.kind === 'transition')
      .map((c) => [c.transition, c.index, c.target, c.hits > 0]);
    assert.deepEqual(choices, [
      ['Choice', 0, 'Add To Review', true],
      ['Choice', 1, 'Move To Publish', false],
      ['Default', undefined, 'Add To Review', false],
    ]);
  } finally {
    await client.shutdown();
  }
});
