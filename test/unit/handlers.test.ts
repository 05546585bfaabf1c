/**
 * The handler runner against real handler modules (test/cli/fixtures/handlers): results, errors
 * as Lambda's Node.js runtime reports them, and survival of every kind of misbehaviour.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ProcessHandlerRunner } from '../../server/src/node/handlers';
import type { HandlerResult } from '../../server/src/core/engine/mocks';
import { buildHandlerWorker, failure, handlerCall } from '../fixtures/handlerWorker';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'cli', 'fixtures', 'handlers');
let workerPath = '';
let runner: ProcessHandlerRunner;
const logs: { state: string; stream: string; text: string }[] = [];

before(async () => {
  workerPath = await buildHandlerWorker(ROOT);
  runner = new ProcessHandlerRunner({
    baseDir: FIXTURES,
    workerPath,
    memoryMb: 256,
    onLog: (state, stream, text) => logs.push({ state, stream, text }),
  });
});

after(() => runner.dispose());

function call(ref: string, event: unknown = { n: 1 }, timeoutMs = 5000, stateName = 'S'): Promise<HandlerResult> {
  const [module, exportName = 'handler'] = ref.split('#');
  return runner.run(handlerCall(module, exportName, event, timeoutMs, stateName));
}

test('an ES module handler gets the event and a Lambda context; env names the function', async () => {
  assert.deepEqual(await call('behaviours.mjs#echo', { a: [1, 'x'] }), { ok: true, payload: { a: [1, 'x'] } });
  const r = await call('behaviours.mjs#whoAmI');
  assert.deepEqual(r, {
    ok: true,
    payload: { functionName: 'Fn', arn: 'arn:aws:lambda:eu-west-1:123456789012:function:Fn', env: 'Fn', remaining: true },
  });
});

test('CommonJS (.cjs, .js) and ES module .js handlers load; export defaults to "handler"', async () => {
  assert.deepEqual(await call('common.cjs', { n: 2 }), { ok: true, payload: { style: 'commonjs .cjs', n: 2 } });
  assert.deepEqual(await call('common.cjs#other'), { ok: true, payload: 'other' });
  assert.deepEqual(await call('plain.js', { n: 3 }), { ok: true, payload: { style: 'commonjs .js', n: 3 } });
  assert.deepEqual(await call('esm/index.js', { n: 4 }), { ok: true, payload: { style: 'ES module .js', n: 4 } });
});

test('results travel as JSON, as Lambda sends them: undefined is null, Dates are strings', async () => {
  assert.deepEqual(await call('behaviours.mjs#returnsUndefined'), { ok: true, payload: null });
  assert.deepEqual(await call('behaviours.mjs#returnsDate'), { ok: true, payload: { when: '2026-01-02T00:00:00.000Z' } });
});

test('callback-style handlers', async () => {
  assert.deepEqual(await call('behaviours.mjs#callbackStyle', { n: 5 }), { ok: true, payload: { via: 'callback', n: 5 } });
  const f = failure(await call('behaviours.mjs#callbackError'));
  assert.equal(f.error.errorType, 'Error');
  assert.equal(f.error.errorMessage, 'callback failure');
});

test('thrown errors are reported as the Node.js runtime reports them', async () => {
  const custom = failure(await call('behaviours.mjs#throwsCustom'));
  assert.equal(custom.error.errorType, 'PaymentFailed');
  assert.equal(custom.error.errorMessage, 'card declined');
  assert.match(custom.error.trace?.[0] ?? '', /^PaymentFailed: card declined/);
  assert.ok(
    custom.error.trace?.some((l) => l.includes('behaviours.mjs')),
    'trace points into the handler',
  );
  assert.ok(!custom.error.trace?.some((l) => l.includes('handler-worker')), 'no worker frames');

  assert.deepEqual(failure(await call('behaviours.mjs#throwsString')).error, {
    errorType: 'string',
    errorMessage: 'plain string',
    trace: [],
  });
  const nul = failure(await call('behaviours.mjs#throwsNull')).error;
  assert.equal(nul.errorType, 'handled');
  assert.match(nul.errorMessage ?? '', /problem while retrieving one or more of its message, name, and stack/);
  assert.equal(failure(await call('behaviours.mjs#throwsSync')).error.errorType, 'RangeError');
});

test('missing file, missing export, not a function, syntax error, throw at load: clear Runtime.* errors', async () => {
  const missing = failure(await call('nope/missing.mjs')).error;
  assert.equal(missing.errorType, 'Runtime.ImportModuleError');
  assert.match(
    missing.errorMessage ?? '',
    /Cannot find the handler file ".*missing\.mjs" \(LocalHandlers "Fn": "nope\/missing\.mjs"; the path is relative to the mock file\)/,
  );

  const noExport = failure(await call('behaviours.mjs#nothingHere')).error;
  assert.equal(noExport.errorType, 'Runtime.HandlerNotFound');
  assert.match(noExport.errorMessage ?? '', /behaviours\.mjs#nothingHere is undefined or not exported\. It exports: .*echo/);

  const notFn = failure(await call('behaviours.mjs#notAFunction')).error;
  assert.equal(notFn.errorType, 'Runtime.HandlerNotFound');
  assert.match(notFn.errorMessage ?? '', /notAFunction is not a function \(it is number\)/);

  const syntax = failure(await call('broken.mjs')).error;
  assert.equal(syntax.errorType, 'Runtime.UserCodeSyntaxError');
  assert.match(syntax.errorMessage ?? '', /^SyntaxError: .*broken\.mjs/);

  const onLoad = failure(await call('throwsOnLoad.mjs')).error;
  assert.equal(onLoad.errorType, 'Error');
  assert.equal(onLoad.errorMessage, 'configuration missing at load time');
});

test('a handler that never resolves, or spins, times out; the worker is replaced and the next call works', async () => {
  const before = runner.starts;
  for (const name of ['neverResolves', 'busyLoop']) {
    const t = Date.now();
    const f = failure(await call(`behaviours.mjs#${name}`, {}, 300));
    assert.equal(f.timedOut, true);
    assert.equal(f.error.errorType, 'Sandbox.Timedout');
    assert.equal(f.error.errorMessage, 'RequestId: req-1 Error: Task timed out after 0.30 seconds');
    assert.ok(Date.now() - t < 3000, 'ends near the limit');
    assert.deepEqual(await call('behaviours.mjs#echo', 'alive'), { ok: true, payload: 'alive' });
  }
  assert.equal(runner.starts, before + 2);
});

test('process.exit, a throw in a timer, an unhandled rejection: the call fails, the next one works', async () => {
  const exit = failure(await call('behaviours.mjs#exits')).error;
  assert.deepEqual(exit, {
    errorType: 'Runtime.ExitError',
    errorMessage: 'RequestId: req-1 Error: Runtime exited with error: exit status 7',
  });
  assert.deepEqual(await call('behaviours.mjs#echo', 1), { ok: true, payload: 1 });

  const timer = failure(await call('behaviours.mjs#throwsInTimer')).error;
  assert.equal(timer.errorType, 'Error');
  assert.equal(timer.errorMessage, 'from a timer');
  assert.deepEqual(await call('behaviours.mjs#echo', 2), { ok: true, payload: 2 });

  const rejection = failure(await call('behaviours.mjs#leavesRejection')).error;
  assert.equal(rejection.errorType, 'Runtime.UnhandledPromiseRejection');
  assert.equal(rejection.errorMessage, 'Error: nobody listens');
  assert.deepEqual(await call('behaviours.mjs#echo', 3), { ok: true, payload: 3 });
});

test('a handler that floods memory ends as Runtime.OutOfMemory, not a crash of the caller', async () => {
  const oom = failure(await call('behaviours.mjs#floodsMemory', {}, 20_000)).error;
  assert.equal(oom.errorType, 'Runtime.OutOfMemory');
  // The resident-memory sample or the heap limit, whichever sees it first.
  assert.match(oom.errorMessage ?? '', /out of memory.* 256 MB\)$/);
  assert.deepEqual(await call('behaviours.mjs#echo', 4), { ok: true, payload: 4 });
});

test('unserializable and oversized results fail like Lambda', async () => {
  const circular = failure(await call('behaviours.mjs#circular')).error;
  assert.equal(circular.errorType, 'TypeError');
  assert.match(circular.errorMessage ?? '', /circular/i);
  const large = failure(await call('behaviours.mjs#tooLarge')).error;
  assert.equal(large.errorType, 'Function.ResponseSizeTooLarge');
});

test('modules load once per worker (state persists between calls, as in a warm Lambda)', async () => {
  const a = await call('behaviours.mjs#counter');
  const b = await call('behaviours.mjs#counter');
  assert.ok(a.ok && b.ok);
  assert.equal((b as { payload: number }).payload, (a as { payload: number }).payload + 1);
});

test('console output comes back with the state that made the call', async () => {
  logs.length = 0;
  assert.deepEqual(await call('behaviours.mjs#logs', { n: 9 }, 5000, 'Log State'), { ok: true, payload: 9 });
  const text = logs
    .filter((l) => l.state === 'Log State')
    .map((l) => l.text)
    .join('');
  assert.equal(text, 'INFO\tprocessing 9\nERROR\tcareful\n');
});

test('a 10 MB event reaches the handler whole', async () => {
  const big = { blob: 'y'.repeat(10 * 1024 * 1024) };
  assert.deepEqual(await call('behaviours.mjs#sizeOfBlob', big, 20_000), { ok: true, payload: 10 * 1024 * 1024 });
  // Sent back, it is over Lambda's 6 MB response limit: the handler ran and its result was refused.
  assert.equal(failure(await call('behaviours.mjs#echo', big, 20_000)).error.errorType, 'Function.ResponseSizeTooLarge');
});

test('calls made at once run one after another, each with its own result', async () => {
  const results = await Promise.all([1, 2, 3, 4, 5].map((n) => call('behaviours.mjs#echo', n)));
  assert.deepEqual(
    results.map((r) => (r.ok ? r.payload : r.error)),
    [1, 2, 3, 4, 5],
  );
});

test('a missing worker script is a clear error, not a crash', async () => {
  const r = new ProcessHandlerRunner({ baseDir: FIXTURES, workerPath: join(FIXTURES, 'no-such-worker.js') });
  const f = failure(
    await r.run({
      handler: { functionName: 'F', module: 'behaviours.mjs', exportName: 'echo' },
      event: {},
      stateName: 'S',
      functionName: 'F',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:F',
      functionVersion: '$LATEST',
      awsRequestId: 'r',
      timeoutMs: 1000,
    }),
  );
  assert.match(f.error.errorMessage ?? '', /handler worker is missing at .*no-such-worker\.js/);
  await r.dispose();
});

test('dispose ends a call in progress at once, and every later call', async () => {
  const r = new ProcessHandlerRunner({ baseDir: FIXTURES, workerPath });
  const run = (exportName: string) =>
    r.run({
      handler: { functionName: 'F', module: 'behaviours.mjs', exportName },
      event: {},
      stateName: 'S',
      functionName: 'F',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:F',
      functionVersion: '$LATEST',
      awsRequestId: 'r',
      timeoutMs: 60_000,
    });
  const hanging = run('neverResolves');
  const queued = run('echo');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const t = Date.now();
  await r.dispose();
  assert.ok(Date.now() - t < 2000);
  for (const result of [await hanging, await queued, await run('echo')]) {
    assert.match(failure(result).error.errorMessage ?? '', /the handler runner was stopped/);
  }
});
