/** `asl-workbench run` explains each state visit in words, in its text output and in --json. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const MACHINE = 'test/cli/fixtures/explain.asl.json';
const MOCKS = 'test/cli/fixtures/explain.mocks.json';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ARGS = ['run', MACHINE, '--mocks', MOCKS, '--test-case', 'Fails', '--input', '{"status": "Review"}'];

test('the text output says why each state went its way, under the state', () => {
  const r = cli(...ARGS);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n').map((l) => l.trim());
  const after = (state: string) => lines.slice(lines.findIndex((l) => l.startsWith(`${state}  (`)));
  assert.ok(after('Route').includes('why  rule 2 matched: $.status == "Review" -> Pause'), r.stdout);
  assert.ok(after('Pause').includes('why  waited 60 s until 2026-01-01T00:01:00.000Z'), r.stdout);
  const charge = after('Charge');
  assert.ok(
    charge.includes('why  attempt 2 after waiting 5 s (IntervalSeconds 5, BackoffRate 2): retrier 1 matched States.TaskFailed'),
    r.stdout,
  );
  assert.ok(charge.includes('why  caught States.TaskFailed by catcher 1 -> Fallback'), r.stdout);
});

test('--json carries the same lines as "explained", per visit with its entered event', () => {
  const r = cli(...ARGS, '--json');
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as {
    events: { id: number; type: string; stateName?: string }[];
    explained: { stateName: string; enteredEventId: number; lines: string[] }[];
  };
  const route = json.explained.find((v) => v.stateName === 'Route');
  assert.deepEqual(route?.lines, ['rule 2 matched: $.status == "Review" -> Pause']);
  const entered = json.events.find((e) => e.id === route!.enteredEventId);
  assert.equal(entered?.type, 'ChoiceStateEntered');
  assert.equal(
    json.explained.find((v) => v.stateName === 'Fallback'),
    undefined,
    'a visit with nothing to explain is left out',
  );
});

test('a run is refused only when the chosen test case (or a response it uses) is broken', () => {
  const broken = 'test/cli/fixtures/explain-broken-case.mocks.json';
  const good = cli('run', MACHINE, '--mocks', broken, '--test-case', 'Fails', '--input', '{"status": "Review"}');
  assert.equal(good.code, 0, good.stderr);
  // The other cases' mistakes are still shown.
  assert.match(good.stderr, /error mock-unknown-state State machine "explain" has no state named "Chrge"/);
  assert.match(good.stderr, /error mock-invalid-index Invocation 0-1 is already answered/);
  const typo = cli('run', MACHINE, '--mocks', broken, '--test-case', 'Typo');
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /has 1 error; fix it before running/);
  const noResponse = cli('run', MACHINE, '--mocks', broken, '--test-case', 'NoSuchResponse');
  assert.equal(noResponse.code, 2);
  assert.match(noResponse.stderr, /has 1 error; fix it before running/);
});

test('test: a broken case fails NOT_RUN with its errors, the other cases run', () => {
  const r = cli('test', MACHINE, '--mocks', 'test/cli/fixtures/explain-broken-case.mocks.json', '--json');
  assert.equal(r.code, 1, r.stderr);
  const reports = JSON.parse(r.stdout) as { testCase: string; passed: boolean; status: string; failures: string[] }[];
  const byName = Object.fromEntries(reports.map((x) => [x.testCase, x]));
  assert.equal(byName.Fails.status, 'SUCCEEDED');
  assert.equal(byName.Fails.passed, true);
  assert.equal(byName.Typo.status, 'NOT_RUN');
  assert.match(byName.Typo.failures[0], /^not run: line 6: State machine "explain" has no state named "Chrge"/);
  assert.equal(byName.NoSuchResponse.status, 'NOT_RUN');
});
