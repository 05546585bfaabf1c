/**
 * The CLI against a hostile checkout, as a user (or CI) runs it: the built dist/cli.js in a
 * process. Links to devices, FIFOs, link loops and dangling links never hang or abort a check;
 * --input and --mocks read regular files only; --no-handlers (and ASLWB_NO_HANDLERS) keep
 * handler code from running; SIGTERM or SIGINT to the CLI ends a spinning handler and its children.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { alive, eventually } from '../fixtures/processes';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const FIXTURES = join(ROOT, 'test', 'cli', 'fixtures');
/** A hang is the failure these tests look for: every run must end well within this. */
const LIMIT_MS = 20_000;

before(() => {
  for (const f of ['cli.js', 'handler-worker.js'])
    assert.ok(existsSync(join(ROOT, 'dist', f)), `dist/${f} is missing: run "npm run build" first`);
});

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const t = Date.now();
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: LIMIT_MS,
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t, signal: r.signal };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'aslwb-cli-'));
}

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path]);
  assert.equal(r.status, 0, `mkfifo: ${r.stderr}`);
}

/** A directory with two real definitions and every kind of file that must not be read. */
function hostileDir(): string {
  const dir = tmp();
  copyFileSync(join(FIXTURES, 'loop.asl.json'), join(dir, 'good.asl.json'));
  copyFileSync(join(FIXTURES, 'broken.asl.json'), join(dir, 'bad.asl.json'));
  symlinkSync('/dev/zero', join(dir, 'evil.asl.json'));
  mkfifo(join(dir, 'fifo.asl.json'));
  symlinkSync('loop.asl.json', join(dir, 'loop.asl.json'));
  symlinkSync('nowhere.asl.json', join(dir, 'dangling.asl.json'));
  // A link to a folder is not followed either (here it would be a loop).
  symlinkSync('.', join(dir, 'self'));
  mkdirSync(join(dir, 'nested'));
  mkfifo(join(dir, 'nested', 'deep.asl'));
  return dir;
}

test('check DIR: links, a FIFO, a link loop and a dangling link are reported one by one; the real files are checked; exit 2', () => {
  const dir = hostileDir();
  const r = cli(['check', dir]);
  assert.equal(r.signal, null, `no hang (${r.ms} ms)`);
  assert.equal(r.code, 2, r.stderr);
  // The two regular files are checked and their findings reported.
  assert.match(r.stdout, /2 files checked: [1-9]\d* errors?/);
  assert.match(r.stdout, /bad\.asl\.json:\d+:\d+ error /);
  for (const name of ['evil', 'loop', 'dangling']) {
    assert.match(r.stderr, new RegExp(`skipped ".*${name}\\.asl\\.json": a symbolic link \\(links inside a directory are not followed`));
  }
  assert.match(r.stderr, /cannot read ".*fifo\.asl\.json": it is a FIFO \(named pipe\), not a regular file\./);
  assert.match(r.stderr, /cannot read ".*nested\/deep\.asl": it is a FIFO/);
  assert.doesNotMatch(r.stderr, /internal error/);
  assert.equal(r.stderr.trim().split('\n').length, 5, `one line per skipped file:\n${r.stderr}`);
});

test('check FILE: named links and special files say what they are; a link to a regular file is read', () => {
  const dir = hostileDir();
  symlinkSync('good.asl.json', join(dir, 'alias.asl.json'));
  const cases: [string, RegExp][] = [
    ['evil.asl.json', /it is a link to a character device, not a regular file/],
    ['fifo.asl.json', /it is a FIFO \(named pipe\), not a regular file/],
    ['loop.asl.json', /a loop of symbolic links/],
    ['dangling.asl.json', /a symbolic link to nothing \(its target does not exist\)/],
  ];
  for (const [name, reason] of cases) {
    const r = cli(['check', join(dir, name), join(dir, 'good.asl.json')]);
    assert.equal(r.signal, null, `${name}: no hang`);
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, reason, name);
    assert.match(r.stdout, /1 file checked: 0 errors/, `${name}: the other file is still checked`);
  }
  const alias = cli(['check', join(dir, 'alias.asl.json')]);
  assert.equal(alias.code, 0, alias.stderr);
  assert.match(alias.stdout, /1 file checked: 0 errors/);
});

test('check: a file over the size cap is skipped with a reason (--max-file-size, ASLWB_MAX_FILE_MB)', () => {
  const dir = tmp();
  const file = join(dir, 'big.asl.json');
  const text = readFileSync(join(FIXTURES, 'loop.asl.json'), 'utf8');
  writeFileSync(file, text + ' '.repeat(4096));
  const flag = cli(['check', '--max-file-size', '0.002', file]);
  assert.equal(flag.code, 2);
  assert.match(
    flag.stderr,
    /cannot read ".*big\.asl\.json": it is larger than 2 KB \(the cap; set ASLWB_MAX_FILE_MB or --max-file-size to change it\)\./,
  );
  assert.equal(cli(['check', file], { ASLWB_MAX_FILE_MB: '0.002' }).code, 2);
  assert.equal(cli(['check', file]).code, 0, 'under the default cap');
  assert.match(cli(['check', '--max-file-size', 'lots', file]).stderr, /takes a number of MB above 0, not "lots"/);
});

test('run: --input and --mocks from /dev/zero or a FIFO fail at once with exit 2', () => {
  const dir = tmp();
  mkfifo(join(dir, 'input.json'));
  const machine = join(FIXTURES, 'loop.asl.json');
  for (const args of [
    ['--input', '@/dev/zero'],
    ['--input', `@${join(dir, 'input.json')}`],
    ['--mocks', '/dev/zero'],
  ]) {
    const r = cli(['run', machine, ...args]);
    assert.equal(r.signal, null, `${args.join(' ')}: no hang`);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /not a regular file/, args.join(' '));
  }
});

/** A machine whose first state is mocked and whose second calls a local handler that leaves a mark. */
function touchProject(): { dir: string; mark: string } {
  const dir = tmp();
  const mark = join(dir, 'handler-ran');
  writeFileSync(
    join(dir, 'touch.asl.json'),
    JSON.stringify({
      StartAt: 'Mocked',
      States: {
        Mocked: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'Other', Payload: {} },
          Next: 'Touch',
        },
        Touch: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'Touch', Payload: { path: mark } },
          OutputPath: '$.Payload',
          End: true,
        },
      },
    }),
  );
  writeFileSync(
    join(dir, 'touch.mocks.json'),
    JSON.stringify({
      LocalHandlers: { Touch: `${relative(dir, join(FIXTURES, 'handlers'))}/hardening.mjs#touches` },
      StateMachines: { touch: { TestCases: { Case: { Mocked: 'Answer' } } } },
      MockedResponses: { Answer: { '0': { Return: { Payload: 'from the mock' } } } },
    }),
  );
  return { dir, mark };
}

test('--no-handlers and ASLWB_NO_HANDLERS: a handler is not run, the Task fails with States.Runtime; mocks still answer', () => {
  for (const [how, args, env] of [
    ['--no-handlers', ['--no-handlers'], {}],
    ['ASLWB_NO_HANDLERS=1', [], { ASLWB_NO_HANDLERS: '1' }],
  ] as const) {
    const { dir, mark } = touchProject();
    const r = cli(
      ['run', join(dir, 'touch.asl.json'), '--mocks', join(dir, 'touch.mocks.json'), '--test-case', 'Case', '--json', ...args],
      env,
    );
    assert.equal(r.code, 1, `${how}: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as { status: string; error: string; cause: string; path: string[] };
    assert.equal(out.status, 'FAILED');
    assert.deepEqual(out.path, ['Mocked', 'Touch'], `${how}: the mocked state answered`);
    assert.equal(out.error, 'States.Runtime');
    assert.match(
      out.cause,
      new RegExp(
        `State "Touch" calls "Touch", which has a local handler, but local handlers are disabled \\(${how.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\), so nothing was run`,
      ),
    );
    assert.equal(existsSync(mark), false, `${how}: the handler did not run`);
  }
  // Without them (and with the variable set to 0), the handler runs.
  const { dir, mark } = touchProject();
  const r = cli(['run', join(dir, 'touch.asl.json'), '--mocks', join(dir, 'touch.mocks.json'), '--test-case', 'Case'], {
    ASLWB_NO_HANDLERS: '0',
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(existsSync(mark), true);
  // `test` takes the flag too.
  const t = cli(['test', join(dir, 'touch.asl.json'), '--mocks', join(dir, 'touch.mocks.json'), '--no-handlers']);
  assert.equal(t.code, 1);
  assert.match(
    t.stdout,
    /FAIL {2}Case .*\n {2}- expected success, but it ended FAILED with States\.Runtime: .*local handlers are disabled \(--no-handlers\)/,
  );
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} to the CLI while a handler spins: the worker and the process it started end too`, async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'spin.asl.json'),
      JSON.stringify({
        StartAt: 'Spin',
        States: { Spin: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'Spin' }, End: true } },
      }),
    );
    writeFileSync(
      join(dir, 'spin.mocks.json'),
      JSON.stringify({ LocalHandlers: { Spin: `${relative(dir, join(FIXTURES, 'handlers'))}/hardening.mjs#spawnsAndSpins` } }),
    );
    const child = spawn(
      process.execPath,
      [CLI, 'run', join(dir, 'spin.asl.json'), '--mocks', join(dir, 'spin.mocks.json'), '--handler-timeout', '600'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (t: string) => (stderr += t));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, s) => resolve(s)));
    const pid = (label: string) => Number(new RegExp(`${label} (\\d+)`).exec(stderr)?.[1] ?? 0);
    await eventually('the handler is spinning', () => pid('worker') > 0 && pid('grandchild') > 0, LIMIT_MS);
    const [worker, grandchild] = [pid('worker'), pid('grandchild')];
    assert.ok(alive(worker) && alive(grandchild));
    // The CLI keeps the default action (it ends at once, even if busy); the worker sees its
    // lifeline close and kills its group.
    child.kill(signal);
    assert.equal(await exited, signal);
    await eventually(`worker ${worker} ends`, () => !alive(worker));
    await eventually(`grandchild ${grandchild} ends`, () => !alive(grandchild));
  });
}
