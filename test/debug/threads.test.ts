/**
 * Map iterations and Parallel branches as threads, conditions, hit counts, logpoints, exception
 * breakpoints, reverse continue and editing the input, over stdio with a DAP client.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ARTICLE,
  ARTICLE_MOCKS,
  ORDERS,
  ORDERS_MOCKS,
  ended,
  launch,
  lineOf,
  resumeTo,
  scopeValues,
  clientsPerTest,
  stopped,
  stopAtChoice,
  type Client,
} from './client';

const start = clientsPerTest();
let dc: Client | undefined;

const DECLINED = { program: ORDERS, mocks: ORDERS_MOCKS, testCase: 'Declined' };

test('a condition stops only in the second Map iteration; step out, step in, an error, reverse continue', async () => {
  dc = await start();
  const first = dc.waitForEvent('stopped');
  await launch(dc, DECLINED, { breakpoints: [{ line: lineOf(ORDERS, '"Price": {'), condition: '$states.input.sku = "b"' }] });
  let stop = await stopped(dc, first);
  assert.equal(stop.reason, 'breakpoint');
  assert.notEqual(stop.threadId, 1);
  assert.deepEqual(
    stop.frames.map((f) => f.name),
    ['Price', 'Each Item [iteration 1]', 'Execution orders'],
  );
  assert.equal(stop.frames[1].line, lineOf(ORDERS, '"Each Item": {'));
  assert.deepEqual((await scopeValues(dc, stop.frames[0].id, 'State')).input, { sku: 'b', qty: 2 });
  // The Map's variables are read inside its iterations.
  assert.deepEqual(await scopeValues(dc, stop.frames[0].id, 'Variables'), { count: 3 });
  const threads = (await dc.threadsRequest()).body.threads;
  assert.deepEqual(
    threads.map((t) => t.name),
    ['Execution orders', 'Each Item [iteration 1]'],
  );
  // The execution's thread is inside the Map state.
  const root = await dc.stackTraceRequest({ threadId: 1 });
  assert.equal(root.body.stackFrames[0].name, 'Each Item');

  stop = await resumeTo(dc, () => dc!.stepOutRequest({ threadId: stop.threadId }));
  assert.equal(stop.reason, 'step');
  assert.equal(stop.threadId, 1);
  assert.equal(stop.frames[0].name, 'Checks');

  stop = await resumeTo(dc, () => dc!.stepInRequest({ threadId: 1 }));
  assert.deepEqual(
    stop.frames.map((f) => f.name),
    ['Stock', 'Checks [branch 0]', 'Execution orders'],
  );

  await dc.setExceptionBreakpointsRequest({ filters: ['all'] });
  stop = await resumeTo(dc, () => dc!.continueRequest({ threadId: stop.threadId }));
  assert.equal(stop.reason, 'exception');
  assert.equal(stop.frames[0].name, 'Charge (PaymentFailed)');
  const info = await dc.exceptionInfoRequest({ threadId: stop.threadId });
  assert.equal(info.body.exceptionId, 'PaymentFailed');
  assert.equal(info.body.description, 'Card declined.');
  assert.equal(info.body.breakMode, 'always', 'the Catch takes it');
  const states = await scopeValues(dc, stop.frames[0].id, '$states');
  assert.deepEqual(states.errorOutput, { Error: 'PaymentFailed', Cause: 'Card declined.' });

  // Back to the last stop a breakpoint made: the second iteration.
  stop = await resumeTo(dc, () => dc!.reverseContinueRequest({ threadId: stop.threadId }));
  assert.equal(stop.reason, 'breakpoint');
  assert.equal(stop.frames[0].name, 'Price');
  assert.deepEqual((await scopeValues(dc, stop.frames[0].id, 'State')).input, { sku: 'b', qty: 2 });

  await dc.setExceptionBreakpointsRequest({ filters: [] });
  const exited = dc.waitForEvent('exited');
  const terminated = dc.waitForEvent('terminated');
  await dc.continueRequest({ threadId: stop.threadId });
  const end = await ended(dc, exited, terminated);
  assert.equal(end.data.status, 'SUCCEEDED');
  assert.deepEqual((end.data.output as { failure: unknown }).failure, { Error: 'PaymentFailed', Cause: 'Card declined.' });
});

test('hit counts and logpoints', async () => {
  dc = await start();
  const first = dc.waitForEvent('stopped');
  await launch(dc, DECLINED, {
    breakpoints: [
      { line: lineOf(ORDERS, '"Price": {'), hitCondition: '3' },
      { line: lineOf(ORDERS, '"Priced": {'), logMessage: 'priced {$.sku} at {$states.input.price}' },
    ],
  });
  const stop = await stopped(dc, first);
  assert.equal(stop.frames[1].name, 'Each Item [iteration 2]');
  assert.deepEqual((await scopeValues(dc, stop.frames[0].id, 'State')).input, { sku: 'c', qty: 3 });
  const logs = dc.outputs.filter((o) => o.body.output.startsWith('priced')).map((o) => o.body.output.trim());
  assert.deepEqual(logs, ['priced a at 10', 'priced b at 20']);
});

test('a breakpoint outside every state is not verified', async () => {
  dc = await start();
  const bps = await launch(
    dc,
    { ...DECLINED, stopOnEntry: true },
    { breakpoints: [{ line: 1 }, { line: lineOf(ORDERS, '"StartAt": "Prepare"') }, { line: lineOf(ORDERS, '"Report"') }] },
  );
  assert.deepEqual(
    bps.map((b) => b.verified),
    [false, false, true],
  );
  assert.match(bps[0].message ?? '', /Not inside a state/);
});

test('the input changed before a state runs takes the other branch', async () => {
  dc = await start();
  const stop = await stopAtChoice(dc);
  const scopes = await dc.scopesRequest({ frameId: stop.frames[0].id });
  const stateRef = scopes.body.scopes.find((s) => s.name === 'State')!.variablesReference;
  const input = (await dc.variablesRequest({ variablesReference: stateRef })).body.variables.find((v) => v.name === 'input')!;
  await dc.setVariableRequest({ variablesReference: input.variablesReference, name: 'status', value: '"Review"' });
  assert.deepEqual((await scopeValues(dc, stop.frames[0].id, 'State')).input, { name: 'Intro to DP', status: 'Review' });
  // Not JSON: refused.
  await assert.rejects(dc.setVariableRequest({ variablesReference: input.variablesReference, name: 'status', value: 'Review' }));
  const exited = dc.waitForEvent('exited');
  const terminated = dc.waitForEvent('terminated');
  await dc.continueRequest({ threadId: 1 });
  const end = await ended(dc, exited, terminated);
  assert.deepEqual(end.data.path, ['GeeksForGeeks Article Description', 'Choice', 'Move To Publish', 'Show Article']);
});

test('uncaught and named exception breakpoints; the retry count; exit code 1 on failure', async () => {
  dc = await start();
  const first = dc.waitForEvent('stopped');
  await launch(
    dc,
    { program: ARTICLE, mocks: ARTICLE_MOCKS, testCase: 'ShowArticleKeepsFailing' },
    { exceptions: { filters: ['uncaught'], filterOptions: [{ filterId: 'named', condition: 'Lambda.ServiceException' }] } },
  );
  // Named: where each attempt raises it (Retry takes the first three).
  let stop = await stopped(dc, first);
  assert.equal(stop.reason, 'exception');
  assert.equal(stop.text, 'Lambda.ServiceException');
  assert.equal((await scopeValues(dc, stop.frames[0].id, 'State')).retryCount, 0);
  assert.equal((await dc.exceptionInfoRequest({ threadId: 1 })).body.breakMode, 'always');
  stop = await resumeTo(dc, () => dc!.continueRequest({ threadId: 1 }));
  assert.equal((await scopeValues(dc, stop.frames[0].id, 'State')).retryCount, 1);
  await dc.setExceptionBreakpointsRequest({ filters: ['uncaught'] });
  // Uncaught: where it leaves the top-level flow.
  stop = await resumeTo(dc, () => dc!.continueRequest({ threadId: 1 }));
  assert.equal(stop.reason, 'exception');
  assert.equal(stop.frames[0].name, 'Show Article (Lambda.ServiceException)');
  const info = await dc.exceptionInfoRequest({ threadId: 1 });
  assert.equal(info.body.breakMode, 'unhandled');
  assert.equal(info.body.description, 'Lambda is unavailable.');
  const exited = dc.waitForEvent('exited');
  const terminated = dc.waitForEvent('terminated');
  await dc.continueRequest({ threadId: 1 });
  const end = await ended(dc, exited, terminated);
  assert.equal(end.exitCode, 1);
  assert.equal(end.data.status, 'FAILED');
  assert.equal(end.data.error, 'Lambda.ServiceException');
  assert.equal(end.data.cause, 'Lambda is unavailable.');
});

test('JSONata machines: a condition over a variable, the variable in the Variables view, stepping back through a loop', async () => {
  const COUNTER = ORDERS.replace('orders.asl.json', 'counter.asl.json');
  dc = await start();
  const first = dc.waitForEvent('stopped');
  await launch(dc, { program: COUNTER }, { breakpoints: [{ line: lineOf(COUNTER, '"Step": {'), condition: '$n = 2' }] });
  let stop = await stopped(dc, first);
  assert.equal(stop.frames[0].name, 'Step');
  assert.deepEqual(await scopeValues(dc, stop.frames[0].id, 'Variables'), { n: 2 });
  assert.equal((await dc.evaluateRequest({ expression: '$n * 10', frameId: stop.frames[0].id, context: 'repl' })).body.result, '20');
  stop = await resumeTo(dc, () => dc!.stepBackRequest({ threadId: 1 }));
  assert.equal(stop.frames[0].name, 'More?');
  assert.deepEqual(await scopeValues(dc, stop.frames[0].id, 'Variables'), { n: 2 });
  stop = await resumeTo(dc, () => dc!.stepBackRequest({ threadId: 1 }));
  assert.equal(stop.frames[0].name, 'Step');
  assert.deepEqual(await scopeValues(dc, stop.frames[0].id, 'Variables'), { n: 1 });
  const exited = dc.waitForEvent('exited');
  const terminated = dc.waitForEvent('terminated');
  await dc.setBreakpointsRequest({ source: { path: COUNTER }, breakpoints: [] });
  await dc.continueRequest({ threadId: 1 });
  const end = await ended(dc, exited, terminated);
  assert.deepEqual(end.data.output, { n: 4 });
});
