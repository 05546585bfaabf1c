/**
 * The Testing view's request over LSP (the built server over stdio): the nested fixture's parent
 * and its child, run in the dry-run worker and judged as `asl-workbench test` judges them (the CLI
 * gives the same verdicts: test/cli/nested.test.ts); a failure carries the output diff and the
 * range of the state where it diverged; with coverage, every state and transition with its range.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TEST_REQUEST, type TestResult } from '../../protocol/testing';
import { RUN_REQUEST, type RunResult } from '../../protocol/panel';
import { LspClient } from './client';

const ROOT = join(__dirname, '..', '..', '..');
const DIR = join(ROOT, 'test', 'cli', 'fixtures', 'nested');
const definition = {
  uri: pathToFileURL(join(DIR, 'parent.asl.json')).toString(),
  text: readFileSync(join(DIR, 'parent.asl.json'), 'utf8'),
};
const mocks = { path: join(DIR, 'parent.mocks.json'), text: readFileSync(join(DIR, 'parent.mocks.json'), 'utf8') };

test('aslWorkbench/test: verdicts as the CLI gives them, a diff, the diverging state, and coverage', async () => {
  const client = new LspClient(['--stdio']);
  try {
    await client.initialize();
    const answer = await client.request<TestResult>(TEST_REQUEST, {
      definition,
      mocks,
      machine: 'parent',
      testCases: ['BothPatterns', 'ChildFails', 'WrongExpectation'],
      allowHandlers: false,
      coverage: true,
    });
    assert.ok(answer.ok, JSON.stringify(answer));
    assert.deepEqual(
      answer.outcomes.map((o) => [o.testCase, o.verdict.passed]),
      [
        ['BothPatterns', true],
        ['ChildFails', true],
        ['WrongExpectation', false],
      ],
    );
    const wrong = answer.outcomes[2];
    assert.deepEqual((wrong.verdict.output!.expected as { sync2: unknown }).sync2, { doubled: 5 });
    assert.deepEqual((wrong.verdict.output!.actual as { sync2: unknown }).sync2, { doubled: 42 });
    assert.equal(wrong.verdict.divergedAt, 'Sync2');
    // "Sync2": its key in parent.asl.json.
    const line = definition.text.split('\n').findIndex((l) => l.includes('"Sync2": {'));
    assert.equal(wrong.divergedRange!.start.line, line);
    // The child's run is attached for drilling in.
    assert.deepEqual(
      answer.outcomes[0].result!.childExecutions!.map((c) => c.pattern),
      ['sync', 'sync2'],
    );
    const cov = answer.coverage!.map((c) => [c.kind, c.state, c.hits]);
    // Sync entered in all 3 runs, Sync2 in the 2 where the child succeeded; Sync.Next taken twice.
    assert.deepEqual(cov, [
      ['state', 'Sync', 3],
      ['transition', 'Sync', 2],
      ['state', 'Sync2', 2],
    ]);
    const bad = await client.request<TestResult>(TEST_REQUEST, {
      definition,
      mocks,
      machine: 'parent',
      testCases: ['Nope'],
      allowHandlers: false,
      coverage: false,
    });
    assert.ok(!bad.ok && /no test case "Nope"/.test(bad.reason), JSON.stringify(bad));
  } finally {
    await client.shutdown();
  }
});

test("the panel's run of a test case carries the same verdict; with another input, none", async () => {
  const client = new LspClient(['--stdio']);
  try {
    await client.initialize();
    await client.open(definition.uri, definition.text);
    const wrong = await client.request<RunResult>(RUN_REQUEST, {
      uri: definition.uri,
      mocks,
      testCase: 'WrongExpectation',
      allowHandlers: false,
    });
    assert.ok(wrong.ok, JSON.stringify(wrong));
    assert.equal(wrong.result.status, 'SUCCEEDED');
    assert.equal(wrong.verdict?.passed, false);
    assert.match(wrong.verdict!.failures[0], /output differs/);
    // The expected failure of ChildFails is a pass, not a red FAILED.
    const fails = await client.request<RunResult>(RUN_REQUEST, {
      uri: definition.uri,
      mocks,
      testCase: 'ChildFails',
      input: { value: { n: 1, childArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:failing-child' } },
      allowHandlers: false,
    });
    assert.ok(fails.ok && fails.result.status === 'FAILED' && fails.verdict?.passed === true, JSON.stringify(fails.ok && fails.verdict));
    const other = await client.request<RunResult>(RUN_REQUEST, {
      uri: definition.uri,
      mocks,
      testCase: 'WrongExpectation',
      input: { value: { n: 3, childArn: 'x' } },
      allowHandlers: false,
    });
    assert.ok(other.ok && other.verdict === undefined);
  } finally {
    await client.shutdown();
  }
});

test('aslWorkbench/test: a case whose own mocks have errors is not run and fails, as in the CLI; the others run', async () => {
  const client = new LspClient(['--stdio']);
  try {
    await client.initialize();
    const broken = JSON.parse(mocks.text);
    // A test case naming a response that does not exist: an error in that case only.
    broken.StateMachines.parent.TestCases.Broken = { Sync: 'NoSuchResponse', $test: { Input: { n: 1 } } };
    const answer = await client.request<TestResult>(TEST_REQUEST, {
      definition,
      mocks: { path: mocks.path, text: JSON.stringify(broken, null, 2) },
      machine: 'parent',
      testCases: ['Broken', 'BothPatterns'],
      allowHandlers: false,
      coverage: false,
    });
    assert.ok(answer.ok, JSON.stringify(answer));
    assert.deepEqual(
      answer.outcomes.map((o) => [o.testCase, o.verdict.passed, o.result === undefined]),
      [
        ['Broken', false, true],
        ['BothPatterns', true, false],
      ],
    );
    assert.match(answer.outcomes[0].verdict.failures[0], /^not run: line \d+: .*NoSuchResponse/);
  } finally {
    await client.shutdown();
  }
});
