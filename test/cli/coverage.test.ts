/**
 * `asl-workbench test --coverage` over the examples (dist/cli.js in a process). The figures are
 * counted by hand from each example's definition and mock file:
 *
 * order-processing: 6 states; transitions ValidateOrder.Next, ProcessPayment.Next,
 * ProcessPayment.Catch#0, UpdateInventory.Next, PaymentFallback.Next = 5; one retrier. The five
 * cases: HappyPath VO>PP>UI>SC; PaymentRetriedThenFallback (PaymentFailed x4: 3 retries, caught);
 * PaymentRecoversOnRetry (fails once: 1 retry); DeclinedCardThroughHandler (the handler throws
 * PaymentFailed each time: 3 retries, caught); InvalidOrderFails (ValidateOrder fails). So
 * ValidateOrder entered 5 times, its Next taken 4 times; the retrier fired 3 + 1 + 3 = 7 times.
 *
 * article-review: 5 states; transitions: 2 Choice rules, Default and 3 Next = 6; 4 retriers (one
 * per Task). Cases send Pending, Review, Draft (Default), Pending with Add To Review throttled
 * twice (2 retries), Review with Show Article failing 4 times (3 retries): every transition, 2 of
 * the 4 retriers (those of "GeeksForGeeks Article Description" and "Move To Publish" never fire).
 *
 * data-pipeline: 4 states, 3 Next, 1 retrier; it fires 2 times (ThrottledTwiceThenWritten) and
 * 5 times (AlwaysThrottled, MaxAttempts 5).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

before(() => assert.ok(existsSync(CLI), 'dist/cli.js is missing: run "npm run build" first'));

function testCoverage(example: string, ...extra: string[]) {
  const r = spawnSync(
    process.execPath,
    [
      CLI,
      'test',
      `examples/${example}/${example}.asl.json`,
      '--mocks',
      `examples/${example}/${example}.mocks.json`,
      '--coverage',
      ...extra,
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Item {
  kind: string;
  state: string;
  transition?: string;
  index?: number;
  hits: number;
  line: number;
}
interface Report {
  machines: { machine: string; runs: number; items: Item[]; totals: Record<string, { covered: number; total: number }> }[];
}

function json(example: string): Report {
  const r = testCoverage(example, '--coverage-format', 'json');
  assert.equal(r.code, 0, r.stderr);
  // The test results went to stderr, so stdout is the report alone.
  assert.match(r.stderr, /passed, 0 failed/);
  return JSON.parse(r.stdout) as Report;
}

test('order-processing: 6/6 states, 5/5 transitions, 1/1 retrier (fired 7 times)', () => {
  const m = json('order-processing').machines[0];
  assert.equal(m.runs, 5);
  assert.deepEqual(m.totals, {
    states: { covered: 6, total: 6 },
    innerStates: { covered: 0, total: 0 },
    transitions: { covered: 5, total: 5 },
    retriers: { covered: 1, total: 1 },
  });
  const hits = Object.fromEntries(m.items.map((i) => [`${i.kind} ${i.state} ${i.transition ?? ''}${i.index ?? ''}`.trim(), i.hits]));
  assert.deepEqual(hits, {
    'state ValidateOrder': 5,
    'transition ValidateOrder Next': 4,
    'state ProcessPayment': 4,
    'transition ProcessPayment Next': 2,
    'transition ProcessPayment Catch0': 2,
    'retrier ProcessPayment 0': 7,
    'state UpdateInventory': 2,
    'transition UpdateInventory Next': 2,
    'state SendConfirmation': 2,
    'state PaymentFallback': 2,
    'transition PaymentFallback Next': 2,
    'state OrderFailed': 2,
  });
});

test('article-review: every state and transition, 2 of 4 retriers; the text report names the two', () => {
  const m = json('article-review').machines[0];
  assert.deepEqual(m.totals, {
    states: { covered: 5, total: 5 },
    innerStates: { covered: 0, total: 0 },
    transitions: { covered: 6, total: 6 },
    retriers: { covered: 2, total: 4 },
  });
  const retriers = m.items.filter((i) => i.kind === 'retrier').map((i) => [i.state, i.hits]);
  assert.deepEqual(retriers, [
    ['GeeksForGeeks Article Description', 0],
    ['Add To Review', 2],
    ['Move To Publish', 0],
    ['Show Article', 3],
  ]);
  const text = testCoverage('article-review');
  assert.equal(text.code, 0);
  assert.match(
    text.stdout,
    /5 passed, 0 failed[\s\S]*retriers +2\/4 +50\.0%\n {2}not covered:\n {4}examples\/article-review\/article-review\.asl\.json:14 {2}Retry #0 of "GeeksForGeeks Article Description"\n {4}examples\/article-review\/article-review\.asl\.json:78 {2}Retry #0 of "Move To Publish"\n$/,
  );
});

test('data-pipeline: 4/4, 3/3, the retrier fired 2 + 5 times', () => {
  const m = json('data-pipeline').machines[0];
  assert.deepEqual(m.totals, {
    states: { covered: 4, total: 4 },
    innerStates: { covered: 0, total: 0 },
    transitions: { covered: 3, total: 3 },
    retriers: { covered: 1, total: 1 },
  });
  assert.equal(m.items.find((i) => i.kind === 'retrier')!.hits, 7);
});

test("lcov to a file: DA per state at its name's line, BRDA per transition and retrier", () => {
  const out = join(mkdtempSync(join(tmpdir(), 'aslwb-cov-')), 'lcov.info');
  const r = testCoverage('order-processing', '--coverage-format', 'lcov', '--coverage-out', out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /5 passed, 0 failed/);
  // Lines of order-processing.asl.json: state names at 5, 10, 35, 41, 51, 60; ValidateOrder's
  // Next at 8; ProcessPayment's Next at 33, its catcher at 25, its retrier at 15; 39 and 58.
  assert.equal(
    readFileSync(out, 'utf8'),
    [
      'TN:order-processing',
      'SF:examples/order-processing/order-processing.asl.json',
      'BRDA:8,0,0,4',
      'BRDA:33,1,0,2',
      'BRDA:25,1,1,2',
      'BRDA:15,1,2,7',
      'BRDA:39,2,0,2',
      'BRDA:58,3,0,2',
      'BRF:6',
      'BRH:6',
      'DA:5,5',
      'DA:10,4',
      'DA:35,2',
      'DA:41,2',
      'DA:51,2',
      'DA:60,2',
      'LF:6',
      'LH:6',
      'end_of_record',
      '',
    ].join('\n'),
  );
});

test("a YAML machine: lcov lines are the YAML file's", () => {
  const dir = mkdtempSync(join(tmpdir(), 'aslwb-cov-yaml-'));
  cpSync(join(ROOT, 'examples/order-processing'), dir, { recursive: true });
  const yaml = join(dir, 'order-processing.asl.yaml');
  const conv = spawnSync(process.execPath, [CLI, 'convert', join(dir, 'order-processing.asl.json'), '--to', 'yaml', '--out', yaml], {
    encoding: 'utf8',
  });
  assert.equal(conv.status, 0, conv.stderr);
  const r = spawnSync(
    process.execPath,
    [CLI, 'test', yaml, '--mocks', join(dir, 'order-processing.mocks.json'), '--coverage', '--coverage-format', 'lcov'],
    { encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(r.status, 0, r.stderr);
  const lines = readFileSync(yaml, 'utf8').split('\n');
  const lineOf = (key: string) => lines.findIndex((l) => l === `  ${key}:`) + 1;
  const da = [...r.stdout.matchAll(/^DA:(\d+),(\d+)$/gm)].map((m) => [Number(m[1]), Number(m[2])]);
  // The same hits as the JSON file's (5, 4, 2, 2, 2, 2), at the YAML state keys' lines.
  assert.deepEqual(
    da,
    [
      ['ValidateOrder', 5],
      ['ProcessPayment', 4],
      ['UpdateInventory', 2],
      ['SendConfirmation', 2],
      ['PaymentFallback', 2],
      ['OrderFailed', 2],
    ].map(([k, n]) => [lineOf(k as string), n]),
  );
  assert.ok(da.every(([line]) => line > 0));
});

test('usage: --coverage-format without --coverage, an unknown format', () => {
  const r = spawnSync(
    process.execPath,
    [
      CLI,
      'test',
      'examples/data-pipeline/data-pipeline.asl.json',
      '--mocks',
      'examples/data-pipeline/data-pipeline.mocks.json',
      '--coverage-format',
      'json',
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.equal(r.status, 2);
  assert.equal(testCoverage('data-pipeline', '--coverage-format', 'xml').code, 2);
});
