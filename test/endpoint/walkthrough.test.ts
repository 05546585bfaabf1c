/**
 * The seed walk-through's machine (examples/article-review) served with its mock file: each test
 * case started as Step Functions Local starts one (`stateMachineArn#TestCaseName`) must take the
 * path and give the output or error that the mock file's `$test` expects; and the AWS CLI
 * (Debian's awscli, installed by scripts/endpoint/setup-awscli.sh) does the create / start /
 * describe / get-execution-history round trip.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateStateMachineCommand, GetExecutionHistoryCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ROLE, ROOT, serve, until, type Served } from './serve';

const DEFINITION = join(ROOT, 'examples/article-review/article-review.asl.json');
const MOCKS = join(ROOT, 'examples/article-review/article-review.mocks.json');
/** How long a test case's execution may take to end. */
const RUN_TIMEOUT_MS = 30_000;

interface Expect {
  Input?: unknown;
  ExpectedPath?: string[];
  ExpectedOutput?: unknown;
  ExpectedError?: { Error: string; Cause?: string };
}
const mockFile = JSON.parse(readFileSync(MOCKS, 'utf8')) as {
  StateMachines: Record<string, { TestCases: Record<string, { $test: Expect }> }>;
};
const CASES = mockFile.StateMachines['article-review'].TestCases;

let s: Served;
let machineArn: string;
before(async () => {
  // The mock file as Step Functions Local takes it: the SFN_MOCK_CONFIG environment variable.
  s = await serve(['--wait-time-scale', '0'], { SFN_MOCK_CONFIG: MOCKS });
  machineArn = (
    await s.client.send(
      new CreateStateMachineCommand({ name: 'article-review', definition: readFileSync(DEFINITION, 'utf8'), roleArn: ROLE }),
    )
  ).stateMachineArn!;
});
after(async () => {
  await s.stop();
});

/** The top-level states entered, in order, from the history. */
async function pathOf(executionArn: string): Promise<string[]> {
  const h = await s.client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return h.events!.filter((e) => e.type?.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails!.name!);
}

for (const [name, tc] of Object.entries(CASES)) {
  test(`test case ${name}, started as <arn>#${name}, meets its $test`, async () => {
    const r = await s.client.send(
      new StartExecutionCommand({ stateMachineArn: `${machineArn}#${name}`, input: JSON.stringify(tc.$test.Input ?? {}) }),
    );
    const d = await s.finished(r.executionArn!, RUN_TIMEOUT_MS);
    if (tc.$test.ExpectedPath) assert.deepEqual(await pathOf(r.executionArn!), tc.$test.ExpectedPath);
    if (tc.$test.ExpectedOutput !== undefined) {
      assert.equal(d.status, 'SUCCEEDED', `${d.error}: ${d.cause}`);
      assert.deepEqual(JSON.parse(d.output!), tc.$test.ExpectedOutput);
    }
    if (tc.$test.ExpectedError) {
      assert.equal(d.status, 'FAILED');
      assert.equal(d.error, tc.$test.ExpectedError.Error);
      if (tc.$test.ExpectedError.Cause !== undefined) assert.equal(d.cause, tc.$test.ExpectedError.Cause);
    }
  });
}

test('an unknown test case after # is refused, naming it', async () => {
  await assert.rejects(s.client.send(new StartExecutionCommand({ stateMachineArn: `${machineArn}#NoSuchCase` })), /NoSuchCase/);
});

/** Debian's AWS CLI, installed by the project's setup script; undefined (with why) when it cannot be. */
function awsCli(): { path: string } | { skip: string } {
  const path = '/usr/bin/aws';
  if (existsSync(path)) return { path };
  const r = spawnSync('bash', [join(ROOT, 'scripts/endpoint/setup-awscli.sh')], { encoding: 'utf8', timeout: 600_000 });
  if (r.status === 3) return { skip: `awscli is not installed and apt is not available: ${r.stderr.trim()}` };
  if (r.status !== 0) throw new Error(`scripts/endpoint/setup-awscli.sh failed: ${r.stderr}`);
  return { path };
}

test('the AWS CLI: create-state-machine, start-execution, describe-execution, get-execution-history', async (t) => {
  const cli = awsCli();
  if ('skip' in cli) {
    t.skip(cli.skip);
    return;
  }
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  const aws = (...args: string[]) =>
    JSON.parse(
      execFileSync(cli.path, ['stepfunctions', ...args, '--endpoint-url', s.url, '--output', 'json'], {
        env,
        encoding: 'utf8',
        timeout: 60_000,
      }),
    ) as Record<string, unknown>;
  const created = aws('create-state-machine', '--name', 'article-review-cli', '--definition', `file://${DEFINITION}`, '--role-arn', ROLE);
  assert.equal(created.stateMachineArn, 'arn:aws:states:us-east-1:123456789012:stateMachine:article-review-cli');
  // The machine has another name than the mock file's, so its Tasks go to the local handlers.
  const started = aws(
    'start-execution',
    '--state-machine-arn',
    String(created.stateMachineArn),
    '--name',
    'cli-run',
    '--input',
    JSON.stringify({ name: 'Intro to DP', status: 'Review' }),
  );
  const arn = String(started.executionArn);
  const described = await until(async () => {
    const d = aws('describe-execution', '--execution-arn', arn);
    return d.status === 'RUNNING' ? undefined : d;
  }, 30_000);
  assert.equal(described.status, 'SUCCEEDED', String(described.cause));
  // The scenario: status "Review" takes Move To Publish, and Show Article returns status "Review".
  assert.deepEqual(JSON.parse(String(described.output)), { name: 'Intro to DP', status: 'Review' });
  const history = aws('get-execution-history', '--execution-arn', arn) as {
    events: { type: string; stateEnteredEventDetails?: { name: string } }[];
  };
  const path = history.events.filter((e) => e.type.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails!.name);
  assert.deepEqual(path, ['GeeksForGeeks Article Description', 'Choice', 'Move To Publish', 'Show Article']);
  assert.equal(history.events[0].type, 'ExecutionStarted');
  assert.equal(history.events[history.events.length - 1].type, 'ExecutionSucceeded');
  const wrong = spawnSync(
    cli.path,
    [
      'stepfunctions',
      'describe-execution',
      '--execution-arn',
      'arn:aws:states:us-east-1:123456789012:execution:x:y',
      '--endpoint-url',
      s.url,
    ],
    { env, encoding: 'utf8' },
  );
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.stderr, /ExecutionDoesNotExist/);
});
