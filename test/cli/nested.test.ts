/**
 * Nested machines through `asl-workbench test` (dist/cli.js in a process): a parent starts a
 * child with .sync and .sync:2; the mock file's LocalStateMachines maps the child's ARN to
 * test/cli/fixtures/nested/child.asl.json, which runs with its own test case's mocks. Shapes: see
 * test/unit/nestedInvoker.test.ts for the AWS sources.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const PARENT = 'test/cli/fixtures/nested/parent.asl.json';
const MOCKS = 'test/cli/fixtures/nested/parent.mocks.json';

before(() => assert.ok(existsSync(CLI), 'dist/cli.js is missing: run "npm run build" first'));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('test runs the parent with its local child: .sync gives Output as text, .sync:2 as JSON; a child failure is States.TaskFailed', () => {
  const r = cli('test', PARENT, '--mocks', MOCKS, '--json');
  assert.equal(r.code, 1, r.stderr);
  const reports = JSON.parse(r.stdout) as { testCase: string; passed: boolean; failures: string[]; error?: string; path: string[] }[];
  const by = Object.fromEntries(reports.map((x) => [x.testCase, x]));
  assert.equal(by.BothPatterns.passed, true, by.BothPatterns.failures.join('\n'));
  assert.equal(by.ChildFails.passed, true, by.ChildFails.failures.join('\n'));
  assert.equal(by.ChildFails.error, 'States.TaskFailed');
  assert.equal(by.WrongExpectation.passed, false);
  assert.match(by.WrongExpectation.failures[0], /output differs/);
});

test('run attaches the child execution to the parent result', () => {
  const r = cli('run', PARENT, '--mocks', MOCKS, '--test-case', 'BothPatterns', '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    output: { sync2: unknown };
    childExecutions: {
      stateName: string;
      machine: string;
      pattern: string;
      executionArn: string;
      result: { status: string; path: string[] };
    }[];
  };
  assert.deepEqual(out.output.sync2, { doubled: 42 });
  assert.deepEqual(
    out.childExecutions.map((c) => [c.stateName, c.machine, c.pattern, c.executionArn, c.result.status, c.result.path.join('>')]),
    [
      ['Sync', 'child', 'sync', 'arn:aws:states:us-east-1:123456789012:execution:child:sync-run', 'SUCCEEDED', 'Double'],
      ['Sync2', 'child', 'sync2', 'arn:aws:states:us-east-1:123456789012:execution:child:Sync2-2', 'SUCCEEDED', 'Double'],
    ],
  );
});

test('a LocalStateMachines entry whose file is missing fails the Task with States.Runtime, naming the file', () => {
  const r = cli('run', PARENT, '--mocks', 'test/cli/fixtures/nested/missing-child.mocks.json', '--test-case', 'Missing', '--json');
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout) as { error: string; cause: string };
  assert.equal(out.error, 'States.Runtime');
  assert.match(out.cause, /nowhere\.asl\.json/);
});
