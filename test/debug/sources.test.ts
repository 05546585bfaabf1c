/**
 * Programs that are not .asl.json, over stdio with a DAP client: an .asl.yaml machine, and
 * machines inside a SAM template (an inline YAML definition, a DefinitionString built by Fn::Sub),
 * with breakpoints at the file's own lines and stack frames pointing back at them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CLI,
  FIXTURES,
  ORDERS_MOCKS,
  ROOT,
  close,
  ended,
  launch,
  lineOf,
  resumeTo,
  scopeValues,
  clientsPerTest,
  stopped,
  type Client,
} from './client';

const ORDERS_YAML = join(FIXTURES, 'orders.asl.yaml');
const TEMPLATE = join(FIXTURES, 'template.yaml');
const ITEMS = {
  items: [
    { sku: 'a', qty: 1 },
    { sku: 'b', qty: 2 },
  ],
};

const start = clientsPerTest();
let dc: Client | undefined;

function cliRun(args: string[]): { status: string; output: unknown; path: string[] } {
  const r = spawnSync(process.execPath, [CLI, 'run', ...args, '--json'], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(r.stdout);
}

test('an .asl.yaml machine: a breakpoint inside a Map iteration at YAML lines, the mock file beside it, the output of run', async () => {
  dc = await start();
  const priceLine = lineOf(ORDERS_YAML, '        Price:');
  const first = dc.waitForEvent('stopped');
  // Two lines into the state's block: the breakpoint moves to the state's name.
  const bps = await launch(
    dc,
    { program: ORDERS_YAML, input: ITEMS },
    { breakpoints: [{ line: priceLine + 2, condition: '$states.input.sku = "b"' }, { line: 1 }] },
  );
  assert.deepEqual(
    bps.map((b) => [b.verified, b.line]),
    [
      [true, priceLine],
      [false, 1],
    ],
  );
  assert.ok(dc.outputs.some((o) => o.body.output.includes(`Using the mock file beside the program: ${ORDERS_MOCKS}`)));

  let stop = await stopped(dc, first);
  assert.equal(stop.reason, 'breakpoint');
  assert.deepEqual(
    stop.frames.map((f) => f.name),
    ['Price', 'Each Item [iteration 1]', 'Execution orders'],
  );
  assert.deepEqual(
    stop.frames.map((f) => [f.source?.path, f.line]),
    [
      [ORDERS_YAML, priceLine],
      [ORDERS_YAML, lineOf(ORDERS_YAML, '  Each Item:')],
      [ORDERS_YAML, lineOf(ORDERS_YAML, 'StartAt: Prepare')],
    ],
  );
  // The column of the state's name in the YAML block (1-based).
  assert.equal(stop.frames[0].column, 9);
  assert.deepEqual((await scopeValues(dc, stop.frames[0].id, 'State')).input, { sku: 'b', qty: 2 });

  stop = await resumeTo(dc, () => dc!.nextRequest({ threadId: stop.threadId }));
  assert.equal(stop.frames[0].name, 'Priced');
  assert.equal(stop.frames[0].line, lineOf(ORDERS_YAML, '        Priced:'));

  const exited = dc.waitForEvent('exited');
  const terminated = dc.waitForEvent('terminated');
  await dc.setBreakpointsRequest({ source: { path: ORDERS_YAML }, breakpoints: [] });
  await dc.continueRequest({ threadId: stop.threadId });
  const end = await ended(dc, exited, terminated);
  const expected = cliRun([ORDERS_YAML, '--mocks', ORDERS_MOCKS, '--input', JSON.stringify(ITEMS)]);
  assert.equal(end.data.status, expected.status);
  assert.deepEqual(end.data.output, expected.output);
  assert.deepEqual(end.data.path, expected.path);
});

test('a template machine defined inline: breakpoints at the template lines, the frames there, variables, the output of run', async () => {
  dc = await start();
  const choiceLine = lineOf(TEMPLATE, '          More?:');
  const first = dc.waitForEvent('stopped');
  const bps = await launch(
    dc,
    { program: TEMPLATE, machine: 'CountMachine' },
    { breakpoints: [{ line: choiceLine + 3, hitCondition: '2' }] },
  );
  assert.deepEqual(
    bps.map((b) => [b.verified, b.line, b.source?.path]),
    [[true, choiceLine, TEMPLATE]],
  );
  const stop = await stopped(dc, first);
  assert.equal(stop.frames[0].name, 'More?');
  assert.equal(stop.frames[0].line, choiceLine);
  assert.equal(stop.frames[0].source?.path, TEMPLATE);
  assert.match(stop.frames.at(-1)!.name, /^Execution CountMachine/);
  assert.deepEqual(await scopeValues(dc, stop.frames[0].id, 'Variables'), { n: 2 });

  const exited = dc.waitForEvent('exited');
  const terminated = dc.waitForEvent('terminated');
  await dc.continueRequest({ threadId: stop.threadId });
  const end = await ended(dc, exited, terminated);
  const expected = cliRun([TEMPLATE, '--machine', 'CountMachine']);
  assert.deepEqual(end.data.output, expected.output);
  assert.deepEqual(end.data.path, expected.path);
});

test('a template machine in a DefinitionString (Fn::Sub): its states at the template lines inside the string', async () => {
  dc = await start();
  const greetLine = lineOf(TEMPLATE, '"Greet": {');
  const first = dc.waitForEvent('stopped');
  const bps = await launch(
    dc,
    { program: TEMPLATE, machine: 'GreetMachine', input: { name: 'Ann' } },
    { breakpoints: [{ line: greetLine + 2 }] },
  );
  assert.deepEqual(
    bps.map((b) => [b.verified, b.line]),
    [[true, greetLine]],
  );
  let stop = await stopped(dc, first);
  assert.equal(stop.frames[0].name, 'Greet');
  assert.equal(stop.frames[0].line, greetLine);
  // The column of the state's name inside the block string (its opening quote).
  assert.equal(stop.frames[0].column, readFileSync(TEMPLATE, 'utf8').split('\n')[greetLine - 1].indexOf('"Greet"') + 1);
  stop = await resumeTo(dc, () => dc!.nextRequest({ threadId: 1 }));
  assert.equal(stop.frames[0].name, 'Done');
  assert.equal(stop.frames[0].line, lineOf(TEMPLATE, '"Done": { "Type"'));
  assert.deepEqual((await scopeValues(dc, stop.frames[0].id, 'State')).input, { greeting: 'Hello, Ann', region: '${AWS::Region}' });
});

test('a template with several machines needs "machine", and a wrong one is named with the choices', async () => {
  for (const [args, message] of [
    [{ program: TEMPLATE }, /holds 2 state machines: CountMachine, GreetMachine\. Choose one with "machine" in the launch configuration/],
    [{ program: TEMPLATE, machine: 'CountMachin' }, /has no state machine "CountMachin"\. Did you mean "CountMachine"\?/],
    [{ program: ORDERS_YAML, machine: 'X' }, /"machine" selects a state machine in a template/],
  ] as const) {
    dc = await start();
    await assert.rejects(dc.launch(args), message);
    await close(dc);
    dc = undefined;
  }
});
