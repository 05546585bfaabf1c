/** The dry-run limits as the CLI flags and the editor settings give them: defaults, bounds, fallbacks. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as limits from '../../server/src/dryRun/limits';
import { DEFAULT_SETTINGS, readSettings } from '../../server/src/lsp/settings';

const { DEFAULT_MEMORY_LIMIT_MB, DEFAULT_TIME_LIMIT_SECONDS, readMemoryLimit, readTimeLimit, timeLimitMs } = limits;

test('the defaults: 60 s (the engine wall-time budget) and 512 MB, the same in package.json', () => {
  assert.equal(DEFAULT_TIME_LIMIT_SECONDS, 60);
  assert.equal(DEFAULT_MEMORY_LIMIT_MB, 512);
  assert.deepEqual(DEFAULT_SETTINGS.dryRun, { timeLimitSeconds: 60, memoryLimitMb: 512 });
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
  const props = pkg.contributes.configuration.properties;
  const time = props['aslWorkbench.dryRun.timeLimitSeconds'];
  const memory = props['aslWorkbench.dryRun.memoryLimitMb'];
  assert.deepEqual(
    [time.default, time.minimum, time.maximum],
    [DEFAULT_TIME_LIMIT_SECONDS, limits.MIN_TIME_LIMIT_SECONDS, limits.MAX_TIME_LIMIT_SECONDS],
  );
  assert.deepEqual(
    [memory.default, memory.minimum, memory.maximum],
    [DEFAULT_MEMORY_LIMIT_MB, limits.MIN_MEMORY_LIMIT_MB, limits.MAX_MEMORY_LIMIT_MB],
  );
});

test('the time budget: the limit given, else room for a handler to reach its own time limit', () => {
  assert.equal(timeLimitMs(5, 30_000), 5000);
  assert.equal(timeLimitMs(undefined, 30_000), 60_000);
  assert.equal(timeLimitMs(undefined, 45_000), 90_000);
});

test('flag values: numbers (as text or not) within the bounds, or why not', () => {
  assert.equal(readTimeLimit('2.5'), 2.5);
  assert.equal(readTimeLimit(0.1), 0.1);
  for (const bad of ['0', '-1', 'soon', '', ' ', 'Infinity', 1e9, null, undefined, true])
    assert.equal(typeof readTimeLimit(bad), 'string', String(bad));
  assert.equal(readMemoryLimit('64'), 64);
  for (const bad of ['1.5', '16', '1e6', 'lots', 65537, null]) assert.equal(typeof readMemoryLimit(bad), 'string', String(bad));
});

test('settings: aslWorkbench.dryRun read from the client, each malformed limit falls back to its default', () => {
  assert.deepEqual(readSettings({ dryRun: { timeLimitSeconds: 5, memoryLimitMb: 256 } }).dryRun, {
    timeLimitSeconds: 5,
    memoryLimitMb: 256,
  });
  assert.deepEqual(readSettings({ dryRun: { timeLimitSeconds: -5, memoryLimitMb: '256' } }).dryRun, {
    timeLimitSeconds: 60,
    memoryLimitMb: 256,
  });
  assert.deepEqual(readSettings({ dryRun: { timeLimitSeconds: 'x', memoryLimitMb: 3 } }).dryRun, {
    timeLimitSeconds: 60,
    memoryLimitMb: 512,
  });
  assert.deepEqual(readSettings({ dryRun: 7 }).dryRun, { timeLimitSeconds: 60, memoryLimitMb: 512 });
  assert.deepEqual(readSettings({}).dryRun, { timeLimitSeconds: 60, memoryLimitMb: 512 });
});
