/** Debug Console expressions, breakpoint conditions and logpoint messages against a stop. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DebugFrame } from '../../server/src/core/engine/debug';
import { evaluate, holds, interpolate, languageOf } from '../../server/src/debug/evaluate';
import { hitConditionHolds } from '../../server/src/debug/controller';

function frame(input: unknown, jsonata = false, variables: Record<string, unknown> = {}): DebugFrame {
  return {
    thread: {},
    stateName: 'S',
    stateType: 'Pass',
    jsonata,
    scope: [],
    input,
    variables,
    retryCount: 0,
    timeMs: 0,
    timestamp: '2026-01-01T00:00:00.000Z',
    context: () => ({ Execution: { Name: 'e1' }, State: { Name: 'S' } }),
    events: [],
  };
}

test('the language: intrinsics by name, JSONPath in JSONPath machines, $states and the rest JSONata', () => {
  const jp = frame({});
  assert.equal(languageOf("States.Format('{}', $.a)", jp), 'intrinsic');
  assert.equal(languageOf('$.a.b', jp), 'JSONPath');
  assert.equal(languageOf('$$.Execution.Name', jp), 'JSONPath');
  assert.equal(languageOf('$states.input.a', jp), 'JSONata');
  assert.equal(languageOf('a + 1', jp), 'JSONata');
  assert.equal(languageOf('$.a', frame({}, true)), 'JSONata');
});

test('values in each language, with variables and the context', async () => {
  const f = frame({ a: { b: 2 }, list: [1, 2, 3] }, false, { total: 7 });
  assert.equal(await evaluate('$.a.b', f), 2);
  assert.equal(await evaluate('$total', f), 7);
  assert.equal(await evaluate('$$.Execution.Name', f), 'e1');
  assert.equal(await evaluate('$sum($states.input.list) + $total', f), 13);
  assert.equal(await evaluate("States.Format('{} of {}', $.a.b, $total)", f), '2 of 7');
  assert.equal(await evaluate('{% $states.context.State.Name %}', f), 'S');
  await assert.rejects(evaluate('$.missing', f), /selects nothing/);
  await assert.rejects(evaluate('(', f), /JSONata/);
});

test('a runaway expression is stopped, not the adapter', async () => {
  await assert.rejects(
    evaluate('($f := function($n) { $f($n + 1) }; $f(0))', frame({}, true)),
    /evaluation steps|stack|depth|D1011|U1001/i,
  );
});

test('conditions: JSONata truthiness; a JSONPath holds when it selects something other than false, null or []', async () => {
  const f = frame({ status: 'Pending', flags: [], off: false, sku: 'b' });
  assert.equal(await holds('$states.input.sku = "b"', f), true);
  assert.equal(await holds('$states.input.sku = "a"', f), false);
  assert.equal(await holds('$.status', f), true);
  assert.equal(await holds('$.flags', f), false);
  assert.equal(await holds('$.off', f), false);
  assert.equal(await holds('$.nothing', f), false);
});

test('logpoint messages and hit conditions', async () => {
  assert.equal(await interpolate('at {$.n} of {$count}', frame({ n: 2 }, false, { count: 3 })), 'at 2 of 3');
  assert.match(await interpolate('bad {$.nope}', frame({})), /^bad <The JSONPath/);
  assert.deepEqual(
    [1, 2, 3].map((n) => hitConditionHolds('2', n)),
    [false, true, false],
  );
  assert.deepEqual(
    [1, 2, 3].map((n) => hitConditionHolds('>= 2', n)),
    [false, true, true],
  );
  assert.deepEqual(
    [1, 2, 3, 4].map((n) => hitConditionHolds('% 2', n)),
    [false, true, false, true],
  );
});
