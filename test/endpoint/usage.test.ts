// `asl-workbench serve` usage: help, and bad flags as usage errors (exit 2) before anything listens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT } from './serve';

const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, 'serve', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });

test('serve --help names every option; the command list names serve', () => {
  const r = cli('--help');
  assert.equal(r.status, 0);
  for (const flag of [
    '--port',
    '--host',
    '--mock-config',
    '--wait-time-scale',
    '--data-dir',
    '--lambda-endpoint',
    '--handler-timeout',
    '--no-handlers',
    'SFN_MOCK_CONFIG',
    'LAMBDA_ENDPOINT',
  ])
    assert.match(r.stdout, new RegExp(flag));
  const all = spawnSync(process.execPath, [CLI, 'help'], { encoding: 'utf8' });
  assert.match(all.stdout, /serve \[--port 8083\]/);
});

test('bad values are usage errors, exit 2, saying what is wrong', () => {
  const cases: [string[], RegExp][] = [
    [['--port', 'abc'], /--port takes a port number/],
    [['--wait-time-scale', '-1'], /--wait-time-scale takes a number of 0 or more/],
    [['--handler-timeout', '0'], /--handler-timeout takes a number of seconds above 0/],
    [['--lambda-endpoint', 'localhost:3001'], /--lambda-endpoint takes an http\(s\) URL/],
    [['--mock-config', '/nonexistent/mocks.json'], /nonexistent/],
    [['extra'], /unexpected argument "extra"/],
  ];
  for (const [args, message] of cases) {
    const r = cli(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
  }
  const dir = mkdtempSync(join(tmpdir(), 'aslwb-serve-usage-'));
  const bad = join(dir, 'bad.mocks.json');
  writeFileSync(bad, '{"StateMachines": {"m": {"TestCases": {"c": {"S": "Missing"}}}}}');
  const r = cli('--mock-config', bad);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /error/);
});
