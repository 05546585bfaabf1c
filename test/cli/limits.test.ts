/**
 * `asl-workbench run` and `test` cannot hang or crash on a runaway workflow (issue 12, items 2,
 * 3 and the --input part of 10): the built dist/cli.js in a process, each case a clear result
 * with exit status 1, in bounded time and memory; the limit flags checked.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, eventually } from '../fixtures/processes';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const DIR = mkdtempSync(join(tmpdir(), 'aslwb-limits-'));
/** The time limit the runaway cases get, and the bound on their real time: the limit, the worker's grace to stop by itself, room for a busy machine. */
const TIME_LIMIT = '1';
const BOUND_MS = 1000 + 2000 + 5000;

/**
 * The bound on a runaway run's real time: BOUND_MS past what a run that does nothing takes now
 * (the CLI's and the worker's start, seconds on a loaded machine), measured just before, so that
 * what is bounded is the run itself.
 */
function runawayBoundMs(): number {
  const r = cli(['run', passMachine('quick', '1'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  return r.ms + BOUND_MS;
}

before(() => {
  for (const f of ['cli.js', 'dry-run-worker.js'])
    assert.ok(existsSync(join(ROOT, 'dist', f)), `dist/${f} is missing: run "npm run build" first`);
});

function cli(args: string[], nodeFlags: string[] = []) {
  const t = Date.now();
  const r = spawnSync(process.execPath, [...nodeFlags, CLI, ...args], { cwd: DIR, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t };
}

/** A one-state JSONata machine whose Output is the expression, as a file. */
function passMachine(name: string, expr: string): string {
  const file = join(DIR, `${name}.asl.json`);
  writeFileSync(
    file,
    JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Output: `{% ${expr} %}`, End: true } } }),
  );
  return file;
}

function runJson(args: string[]) {
  const r = cli(['run', ...args, '--json']);
  assert.ok(r.stdout.startsWith('{'), `expected JSON, got ${r.stdout.slice(0, 300)} / ${r.stderr.slice(0, 500)} (${r.signal ?? r.code})`);
  return { ...r, result: JSON.parse(r.stdout) as { status: string; error: string | null; cause: string | null; path: string[] } };
}

test("the issue's endless recursion: ABORTED at the time limit, exit 1", () => {
  const file = passMachine('recursion', '($f := function($n){ $f($n + 1) }; $f(0))');
  const bound = runawayBoundMs();
  const r = runJson([file, '--time-limit', TIME_LIMIT]);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.result.status, 'ABORTED');
  assert.equal(r.result.error, 'WallTimeExceeded');
  assert.match(r.result.cause!, /more than its budget of 1000 ms of real time/);
  assert.deepEqual(r.result.path, ['P']);
  assert.ok(r.ms < bound, `took ${r.ms} ms (bound ${bound} ms)`);
  // As text too, for a reader.
  const text = cli(['run', file, '--time-limit', TIME_LIMIT]);
  assert.equal(text.code, 1);
  assert.match(text.stdout, /^ABORTED in 0 s of simulated time\nPath: P\nError: WallTimeExceeded\nCause: /);
});

test("the issue's 400,000,000-character $pad: a clear result and exit 1, not V8 aborting (exit 133)", () => {
  const r = runJson([passMachine('pad', '$length($pad("", 400000000, "x"))')]);
  assert.equal(r.code, 1, `${r.signal ?? ''} ${r.stderr}`);
  // AWS's memory bound: the state fails as on AWS (floci-io/floci issue 2737), before anything is allocated.
  assert.equal(r.result.status, 'FAILED');
  assert.equal(r.result.error, 'States.QueryEvaluationError');
  assert.match(
    r.result.cause!,
    /threw an error during evaluation: Expression evaluation memory limit exceeded: Check for excessive memory usage$/,
  );
  assert.equal(r.stderr, '');
});

test('a regular expression that backtracks for ever: the worker is stopped at the time limit', () => {
  const bound = runawayBoundMs();
  const r = runJson([
    passMachine('backtrack', "$match('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', /(a+)+$/)"),
    '--time-limit',
    TIME_LIMIT,
  ]);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.result.status, 'ABORTED');
  assert.equal(r.result.error, 'WallTimeExceeded');
  assert.match(r.result.cause!, /more than its time limit of 1 s and did not stop by itself/);
  assert.ok(r.ms < bound, `took ${r.ms} ms (bound ${bound} ms)`);
});

test('a run that needs more memory than --memory-limit: MemoryLimitExceeded, exit 1, no crash', () => {
  // 800,000 items: under AWS's bound on one array (873,782), over 64 MB as objects.
  const r = runJson([
    passMachine('memory', "$count([1..800000].{'a': $, 'b': [$], 'c': {'d': [$, $]}})"),
    '--memory-limit',
    '64',
    '--time-limit',
    '60',
  ]);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.result.status, 'ABORTED');
  assert.equal(r.result.error, 'MemoryLimitExceeded');
  assert.match(r.result.cause!, /used more than its memory limit of 64 MB/);
  // The same run fits in the default limit's worker with a smaller count: the limit is what stopped it.
  const small = runJson([passMachine('small', "$count([1..50000].{'a': $, 'b': [$], 'c': {'d': [$, $]}})"), '--memory-limit', '64']);
  assert.equal(small.result.status, 'SUCCEEDED', small.result.cause ?? '');
});

test('`test` runs each case within the limits too, and goes on to the next case', () => {
  const file = passMachine('cases', '$states.input.loop ? ($f := function($n){ $f($n + 1) }; $f(0)) : "done"');
  const mocks = join(DIR, 'cases.mocks.json');
  writeFileSync(
    mocks,
    JSON.stringify({
      StateMachines: {
        cases: {
          TestCases: { Loops: { $test: { Input: { loop: true } } }, Ends: { $test: { Input: { loop: false }, ExpectedOutput: 'done' } } },
        },
      },
      MockedResponses: {},
    }),
  );
  const r = cli(['test', file, '--mocks', mocks, '--time-limit', TIME_LIMIT]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stdout,
    /^FAIL {2}Loops {2}\(ABORTED, 1 state, 0 s simulated\)\n {2}- expected success, but it ended ABORTED with WallTimeExceeded/,
  );
  assert.match(r.stdout, /\nPASS {2}Ends /);
  assert.match(r.stdout, /1 passed, 1 failed/);
});

test('a 50 MB --input is refused before it is parsed: in little memory', () => {
  const big = join(DIR, 'big.json');
  const item = JSON.stringify({ id: 1, name: 'item', tags: ['a', 'b', 'c'], v: 0.5 });
  const count = Math.ceil((50 * 1024 * 1024) / (item.length + 1));
  writeFileSync(big, `[${new Array(count).fill(item).join(',')}]`);
  const file = passMachine('input', '$count($states.input)');
  // Parsing 50 MB of JSON takes several hundred MB of heap; this process gets 160.
  // Above the CLI's 50 MB file cap, which is raised here so that the input limit itself is tested.
  const r = cli(['run', file, '--max-file-size', '100', '--input', `@${big}`], ['--max-old-space-size=160']);
  assert.equal(r.code, 1, `${r.signal ?? ''} ${r.stderr.slice(0, 500)}`);
  assert.match(r.stdout, /^FAILED/);
  assert.match(
    r.stdout,
    /Error: States\.DataLimitExceeded\nCause: The execution input is \d{8} bytes; Step Functions accepts at most 262144 bytes \(256 KiB\) of input\./,
  );
  // No bound on the time: the 160 MB heap above is the proof that the input was never parsed, and
  // a wall-clock bound failed only on a loaded machine (load average 31).
});

test('the input limit counts the UTF-8 bytes of the text as given, as StartExecution does', () => {
  const file = passMachine('bytes', '$length($states.input)');
  // 100,000 "é" are 200,002 bytes with the quotes: under 256 KiB; 140,000 are 280,002: over, in fewer than 262,144 characters.
  const under = join(DIR, 'under.json');
  const over = join(DIR, 'over.json');
  writeFileSync(under, JSON.stringify('é'.repeat(100_000)));
  writeFileSync(over, JSON.stringify('é'.repeat(140_000)));
  const ok = runJson([file, '--input', `@${under}`]);
  assert.equal(ok.result.status, 'SUCCEEDED', ok.result.cause ?? '');
  const refused = runJson([file, '--input', `@${over}`]);
  assert.equal(refused.result.status, 'FAILED');
  assert.equal(refused.result.error, 'States.DataLimitExceeded');
  assert.match(refused.result.cause!, /is 280002 bytes/);
  // The text as given counts, white space too (the value alone would be 8 bytes).
  const spaced = join(DIR, 'spaced.json');
  writeFileSync(spaced, `{"a": 1}${' '.repeat(300_000)}`);
  const padded = runJson([file, '--input', `@${spaced}`]);
  assert.equal(padded.result.error, 'States.DataLimitExceeded');
  assert.match(padded.result.cause!, /is 300008 bytes/);
});

test('limit flags: bad values are usage errors (exit 2); the help names them', () => {
  const file = passMachine('flags', '1');
  for (const [flag, value, message] of [
    ['--time-limit', '0', /--time-limit takes a number of seconds from 0\.1 to 86400, not "0"/],
    ['--time-limit', 'soon', /--time-limit takes a number of seconds/],
    ['--memory-limit', '1.5', /--memory-limit takes a whole number of MB from 32 to 65536, not "1\.5"/],
    ['--memory-limit', '8', /--memory-limit takes a whole number of MB/],
  ] as const) {
    const r = cli(['run', file, flag, value]);
    assert.equal(r.code, 2, `${flag} ${value}`);
    assert.match(r.stderr, message);
  }
  const good = cli(['run', file, '--time-limit', '5', '--memory-limit', '128']);
  assert.equal(good.code, 0, good.stderr);
  for (const command of ['run', 'test']) {
    const help = cli([command, '--help']).stdout;
    assert.match(help, /--time-limit SECS {8}Real time one run may take/);
    assert.match(help, /--memory-limit MB {8}Memory one run may use/);
  }
});

/** The pids of a process's children, from /proc (Linux). */
/** How long a process may take to start or to end: a guard against waiting for ever, generous for a loaded 2-core machine. */
const PROCESS_WAIT_MS = 60_000;

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
  test(
    `${signal} to the CLI while its dry-run worker is stuck in a backtracking regular expression: the worker ends too`,
    { skip: process.platform !== 'linux' },
    async () => {
      const file = passMachine(`stuck-${signal}`, "$match('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', /(a+)+$/)");
      const child = spawn(process.execPath, [CLI, 'run', file, '--time-limit', '600'], { cwd: DIR, stdio: 'ignore' });
      let worker: number | undefined;
      await eventually('the dry-run worker has started', () => (worker = childrenOf(child.pid!)[0]) !== undefined, PROCESS_WAIT_MS);
      // Give it time to reach the regular expression (it spins there, in code that never yields).
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.ok(alive(worker!), 'the worker is running');
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill(signal);
      await exited;
      await eventually(`dry-run worker ${worker} ends`, () => !alive(worker!), PROCESS_WAIT_MS);
    },
  );
}
