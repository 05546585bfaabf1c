/**
 * `asl-workbench run` and `test` as a user runs them: the built dist/cli.js in a process
 * (`npm run build` first). The seed walk-through, the examples, and every kind of bad input.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const ARTICLE = 'examples/article-review/article-review.asl.json';
const ARTICLE_MOCKS = 'examples/article-review/article-review.mocks.json';
const ORDER = 'examples/order-processing/order-processing.asl.json';
const ORDER_MOCKS = 'examples/order-processing/order-processing.mocks.json';
const PIPELINE = 'examples/data-pipeline/data-pipeline.asl.json';
const PIPELINE_MOCKS = 'examples/data-pipeline/data-pipeline.mocks.json';
const BEHAVIOURS = 'test/cli/fixtures/behaviours.asl.json';
const BEHAVIOURS_MOCKS = 'test/cli/fixtures/behaviours.mocks.json';

before(() => {
  for (const f of ['cli.js', 'handler-worker.js'])
    assert.ok(existsSync(join(ROOT, 'dist', f)), `dist/${f} is missing: run "npm run build" first`);
});

function cli(...args: string[]) {
  const t = Date.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t, signal: r.signal };
}

interface Event {
  type: string;
  stateName?: string;
  timestamp: string;
  scope?: string[];
  details?: Record<string, unknown>;
}
interface RunJson {
  status: string;
  output: unknown;
  error: string | null;
  cause: string | null;
  path: string[];
  events: Event[];
  simulatedSeconds: number;
}

function runJson(...args: string[]): RunJson & { code: number | null; stderr: string; ms: number } {
  const r = cli('run', ...args, '--json');
  assert.ok(r.stdout.trim().startsWith('{'), `expected JSON on stdout, got: ${r.stdout.slice(0, 500)}\nstderr: ${r.stderr}`);
  return { ...(JSON.parse(r.stdout) as RunJson), code: r.code, stderr: r.stderr, ms: r.ms };
}

/** Event details may hold values or JSON text (as AWS's history does). */
function value(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** Each top-level state's input (entered) and output (exited), in order. */
function stateIO(events: Event[]): { state: string; input: unknown; output: unknown }[] {
  const out: { state: string; input: unknown; output: unknown }[] = [];
  for (const e of events) {
    if (e.scope?.length) continue;
    if (e.type.endsWith('StateEntered')) out.push({ state: e.stateName!, input: value(e.details?.input), output: undefined });
    else if (e.type.endsWith('StateExited')) {
      const last = out[out.length - 1];
      assert.equal(last?.state, e.stateName, `exit of ${e.stateName} follows its entry`);
      last.output = value(e.details?.output);
    }
  }
  return out;
}

test("seed walk-through: Pending goes through Add To Review, each state's input and output in the events", () => {
  const r = runJson(ARTICLE, '--mocks', ARTICLE_MOCKS, '--input', '{"name": "Intro to DP", "status": "Pending"}');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.status, 'SUCCEEDED');
  assert.deepEqual(r.path, ['GeeksForGeeks Article Description', 'Choice', 'Add To Review', 'Show Article']);
  assert.deepEqual(r.output, { name: 'Intro to DP', status: 'Review' });
  assert.equal(r.events[0].type, 'ExecutionStarted');
  assert.equal(r.events[r.events.length - 1].type, 'ExecutionSucceeded');
  assert.deepEqual(stateIO(r.events), [
    {
      state: 'GeeksForGeeks Article Description',
      input: { name: 'Intro to DP', status: 'Pending' },
      output: { name: 'Intro to DP', status: 'Pending' },
    },
    { state: 'Choice', input: { name: 'Intro to DP', status: 'Pending' }, output: { name: 'Intro to DP', status: 'Pending' } },
    { state: 'Add To Review', input: { name: 'Intro to DP', status: 'Pending' }, output: { name: 'Intro to DP', status: 'Review' } },
    { state: 'Show Article', input: { name: 'Intro to DP', status: 'Review' }, output: { name: 'Intro to DP', status: 'Review' } },
  ]);
});

test('seed walk-through: Review goes through Move To Publish', () => {
  const r = runJson(ARTICLE, '--mocks', ARTICLE_MOCKS, '--test-case', 'ReviewGoesToPublish');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.path, ['GeeksForGeeks Article Description', 'Choice', 'Move To Publish', 'Show Article']);
  const io = stateIO(r.events);
  assert.deepEqual(io[2], {
    state: 'Move To Publish',
    input: { name: 'Intro to DP', status: 'Review' },
    output: { name: 'Intro to DP', status: 'Publish' },
  });
  assert.deepEqual(io[3].input, { name: 'Intro to DP', status: 'Publish' });
});

test('readable output: status, path with arrows, pretty output, states with input and output', () => {
  const r = cli('run', ARTICLE, '--mocks', ARTICLE_MOCKS, '--input', '{"name":"Intro to DP","status":"Pending"}');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^SUCCEEDED in 0 s of simulated time\n/);
  assert.match(r.stdout, /\nPath: GeeksForGeeks Article Description -> Choice -> Add To Review -> Show Article\n/);
  assert.match(r.stdout, /\nOutput:\n  \{\n    "name": "Intro to DP",\n    "status": "Review"\n  \}\n/);
  assert.match(
    r.stdout,
    /\n  Add To Review  \(Task, t=0 s\)\n    in   \{"name":"Intro to DP","status":"Pending"\}\n    out  \{"name":"Intro to DP","status":"Review"\}\n/,
  );
});

test('a throttled Lambda is retried from the mock, then the run goes on', () => {
  const r = runJson(ARTICLE, '--mocks', ARTICLE_MOCKS, '--test-case', 'ThrottledThenRecovers');
  assert.equal(r.status, 'SUCCEEDED', r.stderr);
  const failures = r.events.filter((e) => e.stateName === 'Add To Review' && e.type === 'TaskFailed');
  assert.equal(failures.length, 2);
  assert.equal(failures[0].details?.error, 'Lambda.TooManyRequestsException');
});

test('order processing: PaymentFailed retried after 5, 10 and 20 simulated seconds, then the fallback; in real milliseconds', () => {
  const r = runJson(ORDER, '--mocks', ORDER_MOCKS, '--test-case', 'PaymentRetriedThenFallback');
  assert.equal(r.code, 1);
  assert.equal(r.status, 'FAILED');
  assert.equal(r.error, 'OrderFailed');
  assert.deepEqual(r.path, ['ValidateOrder', 'ProcessPayment', 'PaymentFallback', 'OrderFailed']);
  const attempts = r.events
    .filter((e) => e.stateName === 'ProcessPayment' && /Scheduled$/.test(e.type))
    .map((e) => Date.parse(e.timestamp));
  assert.equal(attempts.length, 4);
  assert.deepEqual(
    attempts.slice(1).map((t, i) => (t - attempts[i]) / 1000),
    [5, 10, 20],
  );
  assert.equal(r.simulatedSeconds, 35);
  assert.ok(r.ms < 10_000, `took ${r.ms} ms of real time`);
});

test("order processing through the local handlers: a declined card fails in the handler, the Cause is Lambda's JSON", () => {
  const r = runJson(ORDER, '--mocks', ORDER_MOCKS, '--test-case', 'DeclinedCardThroughHandler');
  assert.equal(r.status, 'FAILED');
  const failed = r.events.filter((e) => e.stateName === 'ProcessPayment' && /Failed$/.test(e.type));
  assert.equal(failed.length, 4);
  const cause = JSON.parse(String(failed[0].details?.cause));
  assert.equal(failed[0].details?.error, 'PaymentFailed');
  assert.equal(cause.errorType, 'PaymentFailed');
  assert.equal(cause.errorMessage, 'Card declined for order A-103.');
  assert.ok(Array.isArray(cause.trace));
  const fallback = stateIO(r.events).find((s) => s.state === 'PaymentFallback');
  assert.deepEqual(fallback?.output, { orderId: 'A-103', status: 'PAYMENT_FAILED', reason: failed[0].details?.cause });
});

test('asl-workbench test: every example passes', () => {
  for (const [def, mocks, n] of [
    [ARTICLE, ARTICLE_MOCKS, 5],
    [ORDER, ORDER_MOCKS, 5],
    [PIPELINE, PIPELINE_MOCKS, 3],
  ] as const) {
    const r = cli('test', def, '--mocks', mocks);
    assert.equal(r.code, 0, `${def}\n${r.stdout}\n${r.stderr}`);
    assert.equal((r.stdout.match(/^PASS {2}/gm) ?? []).length, n, r.stdout);
    assert.match(r.stdout, new RegExp(`^${n} passed, 0 failed \\(${n} test cases of ".*" in ${mocks.replace(/\./g, '\\.')}\\)\\.$`, 'm'));
  }
});

test('asl-workbench test: failures say what differs; exit 1', () => {
  const r = cli('test', BEHAVIOURS, '--mocks', BEHAVIOURS_MOCKS);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^PASS {2}EchoPasses {2}\(SUCCEEDED, 2 states, 0 s simulated\)$/m);
  assert.match(
    r.stdout,
    /^FAIL {2}WrongOutput .*\n {2}- output differs:\n {4}expected \{"case":"Echo","n":2\}\n {4}but got  \{"case":"Echo","n":1\}$/m,
  );
  assert.match(r.stdout, /^FAIL {2}WrongPath .*\n {2}- path differs:\n {4}expected Route -> Unmocked\n {4}but got  Route -> Echo$/m);
  assert.match(
    r.stdout,
    /^FAIL {2}ExpectsErrorButSucceeds .*\n {2}- expected error States\.TaskFailed, but the execution succeeded with \{"case":"Echo"\}$/m,
  );
  assert.match(r.stdout, /^PASS {2}ThrowsStringExpected /m);
  assert.match(r.stdout, /^PASS {2}UnmockedMocked /m);
  assert.match(r.stdout, /^3 passed, 3 failed \(6 test cases of "behaviours"/m);
  const one = cli('test', BEHAVIOURS, '--mocks', BEHAVIOURS_MOCKS, '--test-case', 'EchoPasses', '--json');
  assert.equal(one.code, 0);
  assert.deepEqual(
    JSON.parse(one.stdout).map((c: { testCase: string; passed: boolean }) => [c.testCase, c.passed]),
    [['EchoPasses', true]],
  );
});

test("handlers that misbehave end as failed executions with Lambda's errors, never a crash or a hang", () => {
  const run = (c: string, ...extra: string[]) =>
    runJson(BEHAVIOURS, '--mocks', BEHAVIOURS_MOCKS, '--input', JSON.stringify({ case: c }), ...extra);

  const str = run('ThrowsString');
  assert.equal(str.status, 'FAILED');
  assert.equal(str.error, 'string');
  assert.deepEqual(JSON.parse(str.cause!), { errorType: 'string', errorMessage: 'plain string', trace: [] });

  const undef = run('ReturnsUndefined');
  assert.equal(undef.status, 'SUCCEEDED');
  assert.equal(undef.output, null);

  const missingFile = run('MissingFile');
  assert.equal(missingFile.error, 'Runtime.ImportModuleError');
  assert.match(
    JSON.parse(missingFile.cause!).errorMessage,
    /Cannot find the handler file ".*no-such-file\.mjs" \(LocalHandlers "MissingFile": "handlers\/no-such-file\.mjs"; the path is relative to the mock file\)/,
  );

  const missingExport = run('MissingExport');
  assert.equal(missingExport.error, 'Runtime.HandlerNotFound');
  assert.match(JSON.parse(missingExport.cause!).errorMessage, /handlers\/behaviours\.mjs#nothingHere is undefined or not exported/);

  const exits = run('Exits');
  assert.equal(exits.error, 'Runtime.ExitError');

  const hang = run('NeverResolves', '--handler-timeout', '1');
  assert.equal(hang.status, 'FAILED');
  assert.equal(hang.error, 'Sandbox.Timedout');
  assert.match(JSON.parse(hang.cause!).errorMessage, /Task timed out after 1\.00 seconds/);
  assert.ok(hang.ms < 20_000, `took ${hang.ms} ms`);
});

test('a Task with neither mock nor handler fails naming the state and resource; --echo-unmocked passes its input', () => {
  const r = runJson(BEHAVIOURS, '--mocks', BEHAVIOURS_MOCKS, '--input', '{"case": "Other"}');
  assert.equal(r.code, 1);
  assert.equal(r.error, 'States.TaskFailed');
  assert.match(r.cause!, /^State "Unmocked" \(Resource "arn:aws:states:::sns:publish"\) has no mock/);
  const echo = runJson(BEHAVIOURS, '--input', '{"case": "Other"}', '--echo-unmocked');
  assert.equal(echo.code, 0);
  assert.deepEqual(echo.output, { TopicArn: 'arn:aws:sns:us-east-1:123456789012:t', Message: 'Other' });
});

test('bad usage: exit 2 with a clear message', () => {
  const notJson = cli('run', ARTICLE, '--input', '{name: "x"}');
  assert.equal(notJson.code, 2);
  assert.match(
    notJson.stderr,
    /--input is not valid JSON \(line 1, column 2\): Invalid symbol: JSON expects a value, a key, or punctuation here\. Quote it for your shell/,
  );

  const dir = mkdtempSync(join(tmpdir(), 'aslwb-cli-'));
  const badFile = join(dir, 'input.json');
  writeFileSync(badFile, '{\n  "a": 1,\n  "b": \n}');
  const fromFile = cli('run', ARTICLE, '--input', `@${badFile}`);
  assert.equal(fromFile.code, 2);
  assert.match(fromFile.stderr, /--input is not valid JSON \(.*input\.json:4:1\): A value is expected\./);

  assert.match(
    cli('run', ARTICLE, '--input', '@/no/such/input.json').stderr,
    /--input: cannot read "\/no\/such\/input\.json": no such file\./,
  );
  assert.equal(cli('run', ARTICLE, '--input', '@/no/such/input.json').code, 2);

  const broken = cli('run', 'test/cli/fixtures/broken.asl.json');
  assert.equal(broken.code, 2);
  assert.match(
    broken.stderr,
    /^test\/cli\/fixtures\/broken\.asl\.json:4:40 error unknown-state "Next" of "First" names "Secnd".*Did you mean "Second"\?$/m,
  );
  assert.match(broken.stderr, /has 1 error; fix it before running\./);

  const missingState = cli('run', BEHAVIOURS, '--mocks', 'test/cli/fixtures/missing-state.mocks.json', '--test-case', 'Typo');
  assert.equal(missingState.code, 2);
  assert.match(
    missingState.stderr,
    /^test\/cli\/fixtures\/missing-state\.mocks\.json:5:19 error mock-unknown-state State machine "behaviours" has no state named "Echoo"\. Did you mean "Echo"\?$/m,
  );

  const noCase = cli('run', ARTICLE, '--mocks', ARTICLE_MOCKS, '--test-case', 'PendingGoesToReveiw');
  assert.equal(noCase.code, 2);
  assert.match(noCase.stderr, /no test case "PendingGoesToReveiw" for "article-review" .*Did you mean "PendingGoesToReview"\?/);

  const noMachine = cli('test', ARTICLE, '--mocks', ORDER_MOCKS);
  assert.equal(noMachine.code, 2);
  assert.match(
    noMachine.stderr,
    /has no state machine named "article-review" .* It has: "order-processing"\. Choose one with --state-machine NAME\./,
  );

  assert.equal(cli('run').code, 2);
  assert.equal(cli('run', '/no/such.asl.json').code, 2);
  assert.equal(cli('test', ARTICLE).code, 2);
  assert.equal(cli('run', ARTICLE, '--handler-timeout', 'soon').code, 2);
  assert.equal(cli('run', ARTICLE, '--bogus').code, 2);
});

test('a 10 MB input is a clear failed execution, not a crash or a hang', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aslwb-cli-'));
  const big = join(dir, 'big.json');
  writeFileSync(big, JSON.stringify({ case: 'Echo', blob: 'z'.repeat(10 * 1024 * 1024) }));
  const r = cli('run', BEHAVIOURS, '--mocks', BEHAVIOURS_MOCKS, '--input', `@${big}`);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^FAILED/);
  assert.match(r.stdout, /States\.DataLimitExceeded/);
  assert.ok(!/internal error/.test(r.stderr), r.stderr);
  assert.ok(r.stdout.length < 100_000, 'the 10 MB are not printed back');
});

test('a loop that never ends is a failed execution, not a hang', () => {
  const r = runJson('test/cli/fixtures/loop.asl.json', '--input', '{"n": 0}');
  assert.equal(r.code, 1);
  assert.notEqual(r.status, 'SUCCEEDED');
  assert.ok(r.ms < 60_000);
});

test('help', () => {
  const r = cli('run', '--help');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Usage: asl-workbench run FILE \[options\]/);
  assert.match(cli('test', '--help').stdout, /"ExpectedOutput" {2}the execution succeeds with this output/);
  assert.match(cli('help').stdout, /run FILE \[--input JSON\|@FILE\]/);
});

test('a Distributed Map reads its items from the mock of the Map state; its ResultWriter just succeeds', () => {
  const r = runJson(
    'test/cli/fixtures/distributed.asl.json',
    '--mocks',
    'test/cli/fixtures/distributed.mocks.json',
    '--test-case',
    'TwoFiles',
  );
  assert.equal(r.status, 'SUCCEEDED', r.cause ?? r.stderr);
  const inputs = r.events.filter((e) => e.type === 'TaskStateEntered' && e.stateName === 'Size').map((e) => value(e.details?.input));
  assert.deepEqual(inputs, [
    { Key: '2026/a.csv', Size: 10 },
    { Key: '2026/b.csv', Size: 20 },
  ]);
  assert.match(JSON.stringify(r.output), /"ResultWriterDetails":\{"Bucket":"results"/);
  const unmocked = runJson('test/cli/fixtures/distributed.asl.json');
  assert.equal(unmocked.error, 'States.ItemReaderFailed');
  assert.match(unmocked.cause!, /The ItemReader of Map state "Process files" \(Resource "arn:aws:states:::s3:listObjectsV2"\) has no mock/);
});

test("a failure's cause is AWS's text; our explanation is the separate hint (run --json, run, test)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'aslwb-cli-'));
  const file = join(dir, 'paths.asl.json');
  writeFileSync(file, JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', InputPath: '$.NoSuchInputPath', End: true } } }));
  // AWS's cause for this InputPath, from a recorded execution (issue 11).
  const aws =
    "An error occurred while executing the state 'P' (entered at the event id #2). Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']";
  const r = runJson(file, '--input', '{"a":1}');
  assert.equal(r.code, 1);
  assert.equal(r.error, 'States.Runtime');
  assert.equal(r.cause, aws);
  const hint = (r as unknown as { hint: string | null }).hint;
  assert.equal(hint, `The InputPath '$.NoSuchInputPath' selects nothing in '{"a":1}'.`);
  const text = cli('run', file, '--input', '{"a":1}');
  assert.match(text.stdout, /\nCause: An error occurred while executing the state 'P'.*\$\['NoSuchInputPath'\]\nHint: The InputPath/);
  const mocks = join(dir, 'paths.mocks.json');
  const expect = (cause: string) => ({ $test: { Input: { a: 1 }, ExpectedError: { Error: 'States.Runtime', Cause: cause } } });
  writeFileSync(
    mocks,
    JSON.stringify({ StateMachines: { paths: { TestCases: { AwsCause: expect(aws), OldCause: expect('something else') } } } }),
  );
  const t = cli('test', file, '--mocks', mocks);
  assert.equal(t.code, 1, t.stderr);
  assert.match(t.stdout, /PASS {2}AwsCause/);
  assert.match(
    t.stdout,
    /FAIL {2}OldCause[^\n]*\n {2}- expected cause "something else"[^\n]*\n {2}hint: The InputPath '\$\.NoSuchInputPath' selects nothing/,
  );
  const json = JSON.parse(cli('test', file, '--mocks', mocks, '--json').stdout) as { testCase: string; cause: string; hint: string }[];
  assert.deepEqual(
    json.map((c) => [c.testCase, c.cause === aws, c.hint === hint]),
    [
      ['AwsCause', true, true],
      ['OldCause', true, true],
    ],
  );
});
