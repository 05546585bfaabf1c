/**
 * "debugHandlers" over stdio: the adapter runs local handlers under the Node inspector and asks
 * the extension (a custom event) to start a child session of the JavaScript debugger attached to
 * them. Here the test is VS Code and the extension, and it plays js-debug's part on the inspector
 * itself (CDP over a WebSocket, cdp.ts): a breakpoint inside the handler stops there while the
 * state machine waits on its Task, then the run goes on to the next state.
 */
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ATTACH_HANDLERS_EVENT, HANDLERS_ATTACHED_REQUEST, readAttachHandlers } from '../../protocol/debug';
import { Cdp } from './cdp';
import { FIXTURES, ORDERS, ORDERS_MOCKS, close, ended, launch, lineOf, scopeValues, startClient, stopped, type Client } from './client';

const HANDLER = join(FIXTURES, 'handlers', 'debug.mjs');
const INPUT = { items: [{ sku: 'a', qty: 1 }] };
const ARGS = { program: ORDERS, mocks: ORDERS_MOCKS, input: INPUT, debugHandlers: true };

let dc: Client | undefined;
let cdp: Cdp | undefined;
afterEach(async () => {
  cdp?.close();
  cdp = undefined;
  if (dc) await close(dc);
  dc = undefined;
});

/** Initializes as VS Code does, then launches and configures. */
async function launchAsVsCode(client: Client, args: Record<string, unknown>, breakpoints: DebugProtocol.SourceBreakpoint[]): Promise<void> {
  await client.initializeRequest({
    clientID: 'vscode',
    adapterID: 'asl',
    linesStartAt1: true,
    columnsStartAt1: true,
    pathFormat: 'path',
    supportsStartDebuggingRequest: true,
  });
  const configured = client.waitForEvent('initialized').then(async () => {
    await client.setBreakpointsRequest({ source: { path: ORDERS }, breakpoints });
    await client.setExceptionBreakpointsRequest({ filters: [] });
    await client.configurationDoneRequest();
  });
  await Promise.all([configured, client.launchRequest(args as DebugProtocol.LaunchRequestArguments)]);
}

function httpJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

test('debugHandlers: the child session asked for, the worker under the inspector, a handler breakpoint hit, then the next state', async () => {
  dc = await startClient();
  const pricedLine = lineOf(ORDERS, '"Priced": {');
  const asked = dc.waitForEvent(ATTACH_HANDLERS_EVENT);
  await launchAsVsCode(dc, ARGS, [{ line: pricedLine }]);

  // The first Price call starts the worker; the adapter asks for js-debug attached to it.
  const body = readAttachHandlers((await asked).body);
  assert.ok(typeof body !== 'string', String(body));
  const conf = body.configuration;
  assert.deepEqual(
    {
      type: conf.type,
      request: conf.request,
      name: conf.name,
      address: conf.address,
      continueOnAttach: conf.continueOnAttach,
      cwd: conf.cwd,
    },
    { type: 'pwa-node', request: 'attach', name: 'Lambda handlers (orders)', address: '127.0.0.1', continueOnAttach: true, cwd: FIXTURES },
  );
  assert.ok(Number.isInteger(conf.port) && (conf.port as number) > 0, `port ${String(conf.port)}`);
  assert.deepEqual(conf.skipFiles, ['<node_internals>/**', join(FIXTURES, '..', '..', '..', 'dist', 'handler-worker.js')]);

  // The handler worker listens on that port, waiting for its debugger before its first line.
  const pid = body.pid;
  if (existsSync(`/proc/${pid}/cmdline`)) assert.match(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), /--inspect-brk=127\.0\.0\.1:0/);
  const targets = (await httpJson(`http://127.0.0.1:${conf.port}/json/list`)) as { url: string; webSocketDebuggerUrl: string }[];
  assert.equal(targets.length, 1);
  assert.match(targets[0].url, /handler-worker\.js$/);
  await dc.customRequest(HANDLERS_ATTACHED_REQUEST, { pid, ok: true });

  // Act as js-debug: a breakpoint in the handler, then resume the worker.
  cdp = await Cdp.connect(targets[0].webSocketDebuggerUrl);
  await cdp.send('Debugger.enable');
  const handlerUrl = pathToFileURL(HANDLER).href;
  const priceLine = lineOf(HANDLER, 'const price = event.qty') - 1;
  await cdp.send('Debugger.setBreakpointByUrl', { url: handlerUrl, lineNumber: priceLine });
  await cdp.send('Runtime.runIfWaitingForDebugger');
  // --inspect-brk stops at the worker's first line first (js-debug's continueOnAttach resumes it).
  await cdp.event('Debugger.paused');
  await cdp.send('Debugger.resume');
  const inHandler = await cdp.event('Debugger.paused');
  const frame = (inHandler.callFrames as { callFrameId: string; functionName: string; location: { lineNumber: number } }[])[0];
  assert.equal(frame.functionName, 'price');
  assert.equal(frame.location.lineNumber, priceLine);
  const qty = await cdp.send('Debugger.evaluateOnCallFrame', { callFrameId: frame.callFrameId, expression: 'event.qty * 10' });
  assert.deepEqual(qty.result, { type: 'number', value: 10, description: '10' });

  // Meanwhile the state machine waits on the Task above: the adapter answers, the Map's iteration is at Price.
  const threads = (await dc.threadsRequest()).body.threads;
  assert.deepEqual(
    threads.map((t) => t.name),
    ['Execution orders', 'Each Item [iteration 0]'],
  );
  const above = await dc.stackTraceRequest({ threadId: threads[1].id });
  assert.deepEqual(
    above.body.stackFrames.map((f) => f.name),
    ['Price', 'Each Item [iteration 0]', 'Execution orders'],
  );

  const stop = dc.waitForEvent('stopped');
  await cdp.send('Debugger.resume');
  const next = await stopped(dc, stop);
  assert.equal(next.reason, 'breakpoint');
  assert.equal(next.frames[0].name, 'Priced');
  assert.deepEqual((await scopeValues(dc, next.frames[0].id, 'State')).input, { sku: 'a', qty: 1, price: 10 });

  const exited = dc.waitForEvent('exited');
  const terminated = dc.waitForEvent('terminated');
  await dc.setBreakpointsRequest({ source: { path: ORDERS }, breakpoints: [] });
  await dc.continueRequest({ threadId: next.threadId });
  const end = await ended(dc, exited, terminated);
  assert.equal(end.exitCode, 0);
  assert.deepEqual(end.data.output, { charged: 10 });
  // Node's own inspector lines are not the handlers' output.
  assert.ok(
    !dc.outputs.some((o) => /Debugger (listening|attached)|For help, see/.test(o.body.output)),
    JSON.stringify(dc.outputs.map((o) => o.body.output)),
  );
});

test('debugHandlers: a client other than VS Code gets a note, and handlers run as in a dry run', async () => {
  dc = await startClient();
  const exited = dc.waitForEvent('exited');
  const terminated = dc.waitForEvent('terminated');
  await launch(dc, ARGS);
  const end = await ended(dc, exited, terminated);
  assert.equal(end.exitCode, 0);
  assert.deepEqual(end.data.output, { charged: 10 });
  assert.ok(dc.outputs.some((o) => o.body.output.includes('"debugHandlers" needs VS Code with ASL Workbench')));
});

test('debugHandlers: when the child session cannot start, the waiting worker is ended and the call fails instead of hanging', async () => {
  dc = await startClient();
  const asked = dc.waitForEvent(ATTACH_HANDLERS_EVENT);
  const exited = dc.waitForEvent('exited');
  const terminated = dc.waitForEvent('terminated');
  await launchAsVsCode(dc, ARGS, []);
  const { pid } = (await asked).body as { pid: number };
  await dc.customRequest(HANDLERS_ATTACHED_REQUEST, { pid, ok: false, message: 'no JavaScript debugger here' });
  const end = await ended(dc, exited, terminated);
  assert.equal(end.exitCode, 1);
  assert.equal(end.data.status, 'FAILED');
  assert.ok(
    dc.outputs.some(
      (o) => o.body.category === 'important' && o.body.output.includes('could not attach to the handlers (no JavaScript debugger here)'),
    ),
  );
  assert.throws(() => process.kill(pid, 0), 'the worker is gone');
});
