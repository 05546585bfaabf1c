/**
 * The dry-run worker's backstop counts from when the worker takes up the job, as the run's own
 * budget does, not from the fork: a worker that starts slowly (a loaded machine: node and the
 * bundle took seconds to load) must still let the engine stop a runaway run itself, with its
 * history, rather than be killed before the run's budget has even run out. This is what made the
 * "endless recursion" tests (test/cli/limits, test/lsp/dryRun) fail under load.
 * Needs dist/dry-run-worker.js (`npm run build`).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DryRunner, STOP_GRACE_MS } from '../../server/src/dryRun/isolated';
import type { DryRunJob } from '../../server/src/dryRun/job';

const ROOT = join(__dirname, '..', '..', '..');
const WORKER = join(ROOT, 'dist', 'dry-run-worker.js');
const TIME_LIMIT_MS = 1000;
/** Longer than the budget and the grace together: without the fix, the backstop fired before the worker listened. */
const SLOW_START_MS = TIME_LIMIT_MS + STOP_GRACE_MS + 1000;
const LOOP = JSON.stringify({
  QueryLanguage: 'JSONata',
  StartAt: 'P',
  States: { P: { Type: 'Pass', Output: '{% ($f := function($n){ $f($n + 1) }; $f(0)) %}', End: true } },
});

let dir = '';
let slowWorker = '';
before(() => {
  assert.ok(existsSync(WORKER), 'dist/dry-run-worker.js is missing: run "npm run build" first');
  dir = mkdtempSync(join(tmpdir(), 'aslwb-slow-worker-'));
  slowWorker = join(dir, 'slow-worker.js');
  // Blocks its thread as a starved start would, then is the real worker (messages wait in the channel).
  writeFileSync(
    slowWorker,
    `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${SLOW_START_MS});\nrequire(${JSON.stringify(WORKER)});\n`,
  );
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('a worker that starts slowly: the engine still stops the runaway run itself at its budget, with its history', async () => {
  const runner = new DryRunner({ workerPath: slowWorker });
  try {
    const job: DryRunJob = {
      definition: LOOP,
      machineName: 'loop',
      input: {},
      handlerTimeoutMs: 1000,
      allowHandlers: false,
      wallTimeMs: TIME_LIMIT_MS,
    };
    const answer = await runner.run(job, { timeLimitMs: TIME_LIMIT_MS, memoryLimitMb: 128 });
    assert.ok(answer.ok, JSON.stringify(answer));
    assert.equal(answer.result.status, 'ABORTED');
    assert.equal(answer.result.error, 'WallTimeExceeded');
    assert.match(answer.result.cause ?? '', /more than its budget of 1000 ms of real time/);
    assert.deepEqual(answer.result.path, ['P']);
  } finally {
    await runner.dispose();
  }
});
