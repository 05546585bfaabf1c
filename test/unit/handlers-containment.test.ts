/**
 * The handler runner contains what a handler starts and uses: processes it spawns end with the
 * call's time limit, with dispose() and with the runner's own process (even killed by SIGKILL);
 * memory outside the V8 heap (Buffers, child processes) counts against the memory size; output is
 * kept up to a limit, whole below it; results that are not JSON fail clearly.
 * Handlers: test/cli/fixtures/handlers/hardening.mjs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessHandlerRunner, type ProcessRunnerOptions } from '../../server/src/node/handlers';
import type { HandlerResult } from '../../server/src/core/engine/mocks';
import { alive, eventually } from '../fixtures/processes';
import { buildHandlerWorker, failure, handlerCall } from '../fixtures/handlerWorker';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'cli', 'fixtures', 'handlers');
const MB = 1024 * 1024;
let workerPath = '';
const runners: ProcessHandlerRunner[] = [];

before(async () => {
  workerPath = await buildHandlerWorker(ROOT);
});

after(async () => {
  for (const r of runners) await r.dispose();
});

interface Log {
  state: string;
  stream: string;
  text: string;
}

function newRunner(options: Partial<ProcessRunnerOptions> = {}): { runner: ProcessHandlerRunner; logs: Log[] } {
  const logs: Log[] = [];
  const runner = new ProcessHandlerRunner({
    baseDir: FIXTURES,
    workerPath,
    memoryMb: 256,
    onLog: (state, stream, text) => logs.push({ state, stream, text }),
    ...options,
  });
  runners.push(runner);
  return { runner, logs };
}

function call(runner: ProcessHandlerRunner, exportName: string, event: unknown = {}, timeoutMs = 10_000): Promise<HandlerResult> {
  return runner.run(handlerCall('hardening.mjs', exportName, event, timeoutMs));
}

function pidsIn(text: string, label: string): number[] {
  return [...text.matchAll(new RegExp(`${label} (\\d+)`, 'g'))].map((m) => Number(m[1]));
}

const text = (logs: Log[], stream?: string) =>
  logs
    .filter((l) => stream === undefined || l.stream === stream)
    .map((l) => l.text)
    .join('');

/**
 * The time limit of the call that hangs: it counts from when the call is sent, so it must leave
 * the handler (on a warm worker) time to start its child and say so on a loaded machine; 500 ms
 * did not always (the worker's cold start alone can take longer there).
 */
const HANG_LIMIT_MS = 2000;

test("a process a handler started ends with the call's time limit", async () => {
  const { runner, logs } = newRunner();
  // A warm worker, so that the limit below is spent in the handler, not in starting node.
  assert.deepEqual(await call(runner, 'writesStdout', { bytes: 1 }), { ok: true, payload: 'written' });
  const f = failure(await call(runner, 'spawnsAndHangs', {}, HANG_LIMIT_MS));
  assert.equal(f.error.errorType, 'Sandbox.Timedout');
  const [pid] = pidsIn(text(logs), 'grandchild');
  assert.ok(pid, 'the handler reported its child');
  await eventually(`grandchild ${pid} ends`, () => !alive(pid));
  assert.deepEqual(await call(runner, 'writesStdout', { bytes: 1 }), { ok: true, payload: 'written' }, 'the next call works');
});

test('a process a handler started outlives the call (a warm sandbox) but not dispose()', async () => {
  const { runner } = newRunner();
  const r = await call(runner, 'spawnsAndReturns');
  assert.ok(r.ok);
  const pid = r.payload as number;
  assert.ok(alive(pid), 'still running after the call, as in a warm Lambda sandbox');
  await runner.dispose();
  await eventually(`grandchild ${pid} ends`, () => !alive(pid));
});

test("the worker and its children end when the runner's process is killed (SIGKILL: no cleanup runs)", async () => {
  // A parent of its own that runs a spinning handler; the test kills that parent.
  const script = `
    const { ProcessHandlerRunner } = require(${JSON.stringify(join(ROOT, 'out/server/src/node/handlers'))});
    const runner = new ProcessHandlerRunner({ baseDir: ${JSON.stringify(FIXTURES)}, workerPath: ${JSON.stringify(workerPath)}, onLog: (s, st, t) => process.stdout.write(t) });
    runner.run({ handler: { functionName: 'F', module: 'hardening.mjs', exportName: 'spawnsAndSpins' }, event: {}, stateName: 'S', functionName: 'F',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:F', functionVersion: '$LATEST', awsRequestId: 'r', timeoutMs: 600000 });
  `;
  const parent = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  parent.stdout.setEncoding('utf8');
  parent.stdout.on('data', (t: string) => (out += t));
  await eventually('the handler is spinning', () => pidsIn(out, 'worker').length > 0 && pidsIn(out, 'grandchild').length > 0, 10_000);
  const [worker] = pidsIn(out, 'worker');
  const [grandchild] = pidsIn(out, 'grandchild');
  assert.ok(alive(worker) && alive(grandchild));
  parent.kill('SIGKILL');
  await eventually(`worker ${worker} ends`, () => !alive(worker));
  await eventually(`grandchild ${grandchild} ends`, () => !alive(grandchild));
});

test('memory outside the V8 heap counts: a filled Buffer over the memory size is Runtime.OutOfMemory', async () => {
  const { runner } = newRunner({ memoryMb: 160 });
  const t = Date.now();
  const oom = failure(await call(runner, 'bigBuffer', { mb: 400 }, 20_000)).error;
  assert.equal(oom.errorType, 'Runtime.OutOfMemory');
  assert.match(
    oom.errorMessage ?? '',
    /^RequestId: req-1 Error: Runtime exited with error: signal: killed \(out of memory: the handler's processes used \d+ MB, over the memory size of 160 MB\)$/,
  );
  assert.ok(Date.now() - t < 8000, 'ends soon after the limit is passed, not at the 10 s the handler waits');
  // So does memory held by a process the handler started.
  const child = failure(await call(runner, 'bigChild', { mb: 400 }, 20_000)).error;
  assert.equal(child.errorType, 'Runtime.OutOfMemory');
  const ok = await call(runner, 'touches', { path: join(mkdtempSync(join(tmpdir(), 'aslwb-touch-')), 'mark') });
  assert.ok(ok.ok, 'the next call gets a new worker');
});

test('100 MB of stdout: the first part up to the limit arrives, then one note; the call succeeds', async () => {
  const { runner, logs } = newRunner({ maxOutputBytes: 1 * MB });
  assert.deepEqual(await call(runner, 'floodsStdout', { mb: 100 }, 60_000), { ok: true, payload: 'flooded' });
  await eventually('the note', () => text(logs).includes('[output truncated'));
  const kept = text(logs, 'stdout');
  assert.equal(kept.length, 1 * MB);
  assert.match(kept, /^x+$/);
  assert.match(text(logs, 'stderr'), /\[output truncated: the handler wrote more than 1 MB in this call; the rest is dropped\]/);
  assert.ok(logs.every((l) => l.state === 'S'));

  // console.* output counts against the same limit, and is cut in the worker already.
  logs.length = 0;
  assert.deepEqual(await call(runner, 'floodsConsole', { lines: 5000 }, 60_000), { ok: true, payload: 'logged' });
  assert.equal(text(logs, 'stdout').length, 1 * MB);
  assert.match(text(logs, 'stderr'), /output truncated/);
});

test('output under the limit arrives whole, even when the runner stops right after the call', async () => {
  const { runner, logs } = newRunner();
  const bytes = 3 * MB;
  assert.deepEqual(await call(runner, 'writesStdout', { bytes }), { ok: true, payload: 'written' });
  await runner.dispose();
  await eventually('all 3 MB', () => text(logs, 'stdout').length >= bytes, 3000);
  assert.equal(text(logs, 'stdout'), 'z'.repeat(bytes));
  assert.doesNotMatch(text(logs), /truncated/);
});

test("a function or a Symbol as the result: TypeError, as Lambda's runtime fails it, saying what was returned", async () => {
  const { runner } = newRunner();
  const fn = failure(await call(runner, 'returnsFunction')).error;
  assert.equal(fn.errorType, 'TypeError');
  assert.match(fn.errorMessage ?? '', /^Wrong arguments: the handler returned a function, which is not JSON/);
  const sym = failure(await call(runner, 'returnsSymbol')).error;
  assert.equal(sym.errorType, 'TypeError');
  assert.match(sym.errorMessage ?? '', /returned a Symbol, which is not JSON/);
});
