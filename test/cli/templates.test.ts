// The CLI over templates (built dist/cli.js as a child process): check finds them in a directory
// by content, names findings FILE:LINE:COL of the host (or linked) file, --machine selects one,
// run/test/graph take a template machine, mock files name it by its logical ID.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const CORPUS = 'test/templates-corpus';

before(() => assert.ok(existsSync(CLI), 'dist/cli.js is missing: run "npm run build" first'));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('check DIR: the corpus templates are found by content, findings at the host or linked file lines', () => {
  const expected = JSON.parse(readFileSync(join(ROOT, CORPUS, 'expected.json'), 'utf8')) as Record<
    string,
    Record<string, { findings: string[] }>
  >;
  const want = Object.values(expected)
    .flatMap((machines) => Object.values(machines).flatMap((m) => m.findings.map((f) => `${CORPUS}/${f}`)))
    .sort();
  const r = cli('check', CORPUS);
  assert.equal(r.code, 1, r.stderr);
  const got = r.stdout
    .split('\n')
    .filter((l) => /:\d+:\d+ /.test(l))
    .map((l) => l.replace(/^(\S+) (error|warning|information|hint) (\S+) .*$/, '$1 $3'))
    .sort();
  assert.deepEqual([...new Set(got)], want);
});

test('check DIR: yaml and json files without a machine are skipped silently', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aslwb-tpl-'));
  writeFileSync(join(dir, 'package.json'), '{"name": "x", "StartAt": 1}');
  writeFileSync(join(dir, 'ci.yml'), 'on: push\njobs: {}\n');
  const none = cli('check', dir);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no \*\.asl\.json, \*\.asl\.yaml, \*\.asl\.yml or \*\.asl files, or templates with state machines, found/);
  writeFileSync(
    join(dir, 'template.yaml'),
    'Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition:\n        StartAt: A\n        States:\n          A: {Type: Pass, End: true}\n',
  );
  const one = cli('check', dir);
  assert.equal(one.code, 0, one.stdout + one.stderr);
  assert.match(one.stdout, /^1 file checked: 0 errors, 0 warnings\.$/m);
});

test('check --machine selects one machine; an unknown one names the choices', () => {
  const file = `${CORPUS}/sam-wait-for-callback-express/template.yaml`;
  const r = cli('check', '--machine', 'WaitForCallbackStateMachine', file);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /statemachine\.asl\.json:7:19 error express-unsupported/);
  const bad = cli('check', '--machine', 'WaitForCallback', file);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /has no state machine "WaitForCallback"\. It has: WaitForCallbackStateMachine\./);
});

test('run on a file with several machines names them; --machine runs one', () => {
  const file = `${CORPUS}/sam-task-timer/template.yaml`;
  const r = cli('run', file);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /holds 2 state machines: TaskTimer, TimeBoundedTasks\. Choose one with --machine ID\./);
  const one = cli('run', file, '--machine', 'TimeBoundedTasks', '--echo-unmocked', '--json');
  assert.equal(one.code, 0, one.stderr);
  assert.equal(JSON.parse(one.stdout).status, 'SUCCEEDED');
});

test("run refuses a machine with errors, printing them at the linked file's lines", () => {
  const r = cli('run', `${CORPUS}/sam-docs-substitutions/template.yaml`);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /sam-docs-substitutions\/hello_world\.json:6:20 error invalid-arn/);
  assert.match(r.stderr, /\(MyStateMachine\) has 1 error/);
});

test('test: a mock file names a Serverless machine by its key', () => {
  const r = cli('test', `${CORPUS}/serverless-express/serverless.yml`, '--mocks', 'test/cli/fixtures/templates/express.mocks.json');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /PASS {2}HelloAnswers/);
});

test('run applies literal substitutions to the definition it runs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aslwb-tpl-'));
  const file = join(dir, 'template.json');
  writeFileSync(
    file,
    JSON.stringify({
      Resources: {
        Greeter: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: {
            DefinitionSubstitutions: { Greeting: 'hello' },
            DefinitionString: {
              'Fn::Sub': '{"StartAt": "G", "States": {"G": {"Type": "Pass", "Result": "${Greeting} from ${AWS::Region}", "End": true}}}',
            },
          },
        },
      },
    }),
  );
  const r = cli('run', file, '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).output, 'hello from ${AWS::Region}');
});

test('graph --machine draws a CDK machine', () => {
  const r = cli('graph', `${CORPUS}/cdk-case-workflow/template.yaml`, '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const names = (JSON.parse(r.stdout) as { model: { nodes: { name: string }[] } }).model.nodes.map((n) => n.name);
  for (const state of ['Open Case', 'Assign Case', 'Is Case Resolved', 'Fail']) assert.ok(names.includes(state), names.join(', '));
  const none = cli('graph', `${CORPUS}/sam-task-timer/template.yaml`);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /Choose one with --machine ID/);
});
