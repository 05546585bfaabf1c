import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, parseDocument } from '../../server/src/core';
import { analyzeVariables, variablesInPath, visibleVariables } from '../../server/src/core/variables';
import { diagnose, findings, machine } from './helpers';

const J = { QueryLanguage: 'JSONata' };
const undef = (text: string) => findings(text, 'undefined-variable');
const texts = (text: string) => undef(text).map((f) => f.text);
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

test('a variable read after the state that assigns it is fine; before it, a run-time warning at the $name', () => {
  const text = machine(
    {
      A: { Type: 'Pass', Output: '{% $early %}', Next: 'B' },
      B: { Type: 'Pass', Assign: { early: 1, orderId: '{% $states.input.id %}' }, Next: 'C' },
      C: { Type: 'Pass', Output: '{% [$early, $orderID, $nowhere] %}', End: true },
    },
    J,
  );
  const f = undef(text);
  assert.deepEqual(
    f.map((x) => [x.text, x.line]),
    [
      ['$early', lineOf(text, '"Output": "{% $early')],
      ['$orderID', lineOf(text, '$orderID')],
      ['$nowhere', lineOf(text, '$orderID')],
    ],
  );
  const runTime = (state: string) => ` The definition deploys, but it fails at run time when "${state}" is reached.`;
  assert.equal(
    f[0].message,
    `Variable "$early" is not assigned before "A" in any path: "B" assigns it, but no path from the start passes through "B" before reaching "A".${runTime('A')}`,
  );
  assert.equal(
    f[1].message,
    `Variable "$orderID" is not assigned before "C" in any path: assign it in an earlier state's Assign. Did you mean "$orderId"?${runTime('C')}`,
  );
  assert.equal(
    f[2].message,
    `Variable "$nowhere" is not assigned before "C" in any path: assign it in an earlier state's Assign.${runTime('C')}`,
  );
  // AWS does not trace variables at creation (issue #11): a warning, with no AWS validator code.
  for (const d of diagnose(text).filter((x) => x.code === 'undefined-variable')) {
    assert.equal(d.severity, 'warning');
    assert.equal(d.awsCode, undefined);
  }
});

test('a state does not see what its own Assign sets (values are read on state entry)', () => {
  const text = machine(
    {
      A: { Type: 'Pass', Assign: { x: 1, y: '{% $x + 1 %}' }, Output: '{% $x %}', Next: 'B' },
      B: { Type: 'Pass', Output: '{% $y %}', End: true },
    },
    J,
  );
  const f = undef(text);
  assert.deepEqual(
    f.map((x) => x.text),
    ['$x', '$x'],
  );
  assert.match(f[0].message, /the Assign of "A" sets it, but new values take effect only from the next state on/);
});

test('loops: an assignment later in the loop reaches the loop head (may-be-assigned)', () => {
  const text = machine(
    {
      Init: { Type: 'Pass', Output: '{% $n %}', Next: 'Loop' },
      Loop: { Type: 'Pass', Output: '{% $n %}', Next: 'Inc' },
      Inc: { Type: 'Pass', Assign: { n: '{% $exists($n) ? $n + 1 : 0 %}' }, Next: 'Check' },
      Check: { Type: 'Choice', Choices: [{ Condition: '{% $n < 3 %}', Next: 'Loop' }], Default: 'Done' },
      Done: { Type: 'Succeed' },
    },
    J,
  );
  // Loop (second pass) and Inc (second pass) may see $n; Init never does.
  assert.deepEqual(
    undef(text).map((f) => [f.text, f.line]),
    [['$n', lineOf(text, '"Output": "{% $n %}",')]],
  );
  assert.match(undef(text)[0].message, /before "Init"/);
});

test("Choice: a rule's Assign travels with that rule, the state-level Assign with every transition", () => {
  const text = machine(
    {
      C: {
        Type: 'Choice',
        Assign: { always: 1 },
        Choices: [{ Condition: '{% true %}', Assign: { picked: 1 }, Next: 'Yes' }],
        Default: 'No',
      },
      Yes: { Type: 'Pass', Output: '{% [$always, $picked] %}', End: true },
      No: { Type: 'Pass', Output: '{% [$always, $picked] %}', End: true },
    },
    J,
  );
  assert.deepEqual(
    undef(text).map((f) => [f.text, f.line]),
    [['$picked', lineOf(text, '"No": {') + 2]],
  );
});

test("Catch: its Assign applies on the way to the handler, and it reads the state's entry values", () => {
  const text = machine(
    {
      Start: { Type: 'Pass', Assign: { attempt: 1 }, Next: 'Call' },
      Call: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: 'f' },
        Assign: { ok: true },
        Catch: [
          { ErrorEquals: ['States.ALL'], Assign: { failure: '{% $states.errorOutput %}', tries: '{% [$attempt, $ok] %}' }, Next: 'Handle' },
        ],
        Next: 'After',
      },
      Handle: { Type: 'Pass', Output: '{% [$failure, $attempt, $ok] %}', End: true },
      After: { Type: 'Pass', Output: '{% [$ok, $failure] %}', End: true },
    },
    J,
  );
  const f = undef(text);
  assert.deepEqual(
    f.map((x) => [x.text, x.line]),
    [
      ['$ok', lineOf(text, '"tries"')],
      ['$ok', lineOf(text, '[$failure, $attempt, $ok]')],
      ['$failure', lineOf(text, '[$ok, $failure]')],
    ],
  );
  assert.match(f[0].message, /the Assign of "Call" sets it/);
});

test('Parallel branches read outer variables; their own do not leak out', () => {
  const text = machine(
    {
      Setup: { Type: 'Pass', Assign: { region: 'eu' }, Next: 'P' },
      P: {
        Type: 'Parallel',
        Next: 'After',
        Branches: [
          {
            StartAt: 'B1',
            States: {
              B1: { Type: 'Pass', Assign: { inner: 1 }, Output: '{% $region %}', Next: 'B2' },
              B2: { Type: 'Pass', Output: '{% $inner %}', End: true },
            },
          },
          { StartAt: 'C1', States: { C1: { Type: 'Pass', Output: '{% $inner %}', End: true } } },
        ],
      },
      After: { Type: 'Pass', Output: '{% [$region, $inner] %}', End: true },
    },
    J,
  );
  const f = undef(text);
  assert.deepEqual(
    f.map((x) => x.line),
    [lineOf(text, '"C1": {') + 2, lineOf(text, '[$region, $inner]')],
  );
  assert.match(f[0].message, /assigned only in branch 1 of "P".*not visible outside it/);
  assert.match(f[1].message, /assigned only in branch 1 of "P"/);
});

test('an inline Map sees outer variables; a Distributed Map does not', () => {
  const processor = (mode: string) => ({
    ProcessorConfig: { Mode: mode, ExecutionType: 'STANDARD' },
    StartAt: 'Item',
    States: { Item: { Type: 'Pass', Output: '{% $limit %}', End: true } },
  });
  const text = machine(
    {
      Setup: { Type: 'Pass', Assign: { limit: 10 }, Next: 'Inline' },
      Inline: { Type: 'Map', Items: '{% $states.input.items %}', ItemProcessor: processor('INLINE'), Next: 'Distributed' },
      Distributed: {
        Type: 'Map',
        Items: '{% $states.input.items %}',
        ItemSelector: { limit: '{% $limit %}' },
        ItemProcessor: processor('DISTRIBUTED'),
        End: true,
      },
    },
    J,
  );
  const f = undef(text);
  assert.equal(f.length, 1);
  assert.equal(f[0].text, '$limit');
  assert.ok(f[0].line > lineOf(text, '"DISTRIBUTED"'));
  assert.match(f[0].message, /outside the Distributed Map "Distributed".*ItemSelector/);
});

test('JSONPath states: .$ values, path fields, Choice variables and intrinsic arguments', () => {
  const text = machine({
    A: {
      Type: 'Pass',
      Parameters: {
        'a.$': '$x',
        'b.$': "States.Format('{} $quoted', $y.z, $$.Execution.Id, $.p)",
        plain: '$notEvaluated',
        nested: { 'c.$': '$w[0]' },
      },
      ResultPath: '$target',
      Next: 'C',
    },
    C: { Type: 'Choice', Choices: [{ Not: { Variable: '$v', IsPresent: true }, Next: 'D' }], Default: 'D' },
    D: { Type: 'Pass', Result: { 'r.$': '$literal' }, InputPath: '$in', Next: 'E' },
    E: { Type: 'Wait', SecondsPath: '$secs', End: true },
  });
  assert.deepEqual(texts(text), ['$x', '$y', '$w', '$v', '$in', '$secs']);
  const f = undef(text);
  assert.equal(f[1].line, lineOf(text, 'States.Format'));
});

test('JSONPath Assign keys end with .$ and still assign the name', () => {
  const text = machine({
    A: { Type: 'Pass', Assign: { 'total.$': '$.amount', 'msg.$': "States.Format('{}', $undefinedHere)" }, Next: 'B' },
    B: { Type: 'Pass', Parameters: { 't.$': '$total', 'm.$': 'States.JsonToString($msg)' }, End: true },
  });
  assert.deepEqual(texts(text), ['$undefinedHere']);
});

test('JSONata: locally bound names, lambda parameters and functions are not workflow variables', () => {
  const text = machine(
    {
      A: { Type: 'Pass', Output: '{% ($sq := function($v){ $v * $v }; $map([1, 2], $sq) ~> $sum() & $count & $string) %}', Next: 'B' },
      B: { Type: 'Pass', Output: '{% $states.input.items@$it#$i[$i > 0].($it.price * $rate) %}', End: true },
    },
    J,
  );
  assert.deepEqual(texts(text), ['$rate']);
});

test('JSON escapes before a variable do not shift its range', () => {
  const text = machine({ A: { Type: 'Pass', Output: '{% "say \\"hi\\"\\n" & $missing %}', End: true } }, J);
  assert.ok(text.includes('\\"say \\\\\\"hi'));
  assert.deepEqual(texts(text), ['$missing']);
});

test('states no path reaches are given the benefit of the doubt', () => {
  const text = machine(
    {
      A: { Type: 'Pass', Assign: { v: 1 }, End: true },
      Orphan: { Type: 'Pass', Output: '{% [$v, $never] %}', End: true },
    },
    J,
  );
  assert.deepEqual(texts(text), ['$never']);
});

test('Assign keys must be valid variable names (invalid-value)', () => {
  const text = machine(
    {
      A: { Type: 'Pass', Assign: { states: 1, 'x.y': 2, '1st': 3, _private: 4, 'bad-name': 5, 'ok.$': 6, good: 7 }, End: true },
    },
    J,
  );
  const f = diagnose(text)
    .filter((d) => d.code === 'invalid-value')
    .map((d) => [text.slice(d.offset, d.offset + d.length), d.severity, d.message]);
  assert.deepEqual(
    f.map((x) => [x[0], x[1]]),
    [
      ['"states"', 'error'],
      ['"x.y"', 'error'],
      ['"1st"', 'error'],
      ['"_private"', 'warning'],
      ['"bad-name"', 'error'],
      ['"ok.$"', 'error'],
    ],
  );
  assert.match(String(f[0][2]), /"states" is reserved/);
  assert.match(String(f[1][2]), /cannot assign a part of a variable/);
  assert.match(String(f[2][2]), /must start with a letter/);
  assert.match(String(f[4][2]), /"-" is not allowed/);
  assert.match(String(f[5][2]), /in a JSONata state, Assign keys do not end with "\.\$"/);
});

test('an inner scope cannot assign a name an outer scope assigns (invalid-value)', () => {
  const text = machine(
    {
      A: { Type: 'Pass', Assign: { shared: 1 }, Next: 'P' },
      P: {
        Type: 'Parallel',
        End: true,
        Branches: [
          { StartAt: 'B', States: { B: { Type: 'Pass', Assign: { shared: 2, own: 3 }, End: true } } },
          { StartAt: 'C', States: { C: { Type: 'Pass', Assign: { own: 4 }, End: true } } },
        ],
      },
    },
    J,
  );
  const f = diagnose(text).filter((d) => d.code === 'invalid-value');
  assert.equal(f.length, 1);
  assert.equal(text.slice(f[0].offset, f[0].offset + f[0].length), '"shared"');
  assert.equal(f[0].range.start.line, lineOf(text, '"shared": 2'));
  assert.match(f[0].message, /already assigned in the state machine \(by "A"\)/);
});

test('visibleVariables: what a state may read, outer scopes included', () => {
  const text = machine(
    {
      A: { Type: 'Pass', Assign: { a: 1 }, Next: 'M' },
      M: {
        Type: 'Map',
        Items: [1],
        Assign: { afterMap: 1 },
        Next: 'Z',
        ItemProcessor: { StartAt: 'X', States: { X: { Type: 'Pass', Assign: { x: 1 }, Next: 'Y' }, Y: { Type: 'Pass', End: true } } },
      },
      Z: { Type: 'Succeed' },
    },
    J,
  );
  const m = buildModel(parseDocument(text));
  const state = (name: string) => m.byName.get(name)![0];
  assert.deepEqual(visibleVariables(m, state('A')), []);
  assert.deepEqual(visibleVariables(m, state('X')), ['a']);
  assert.deepEqual(visibleVariables(m, state('Y')), ['a', 'x']);
  assert.deepEqual(visibleVariables(m, state('Z')), ['a', 'afterMap']);
  assert.equal(analyzeVariables(m), analyzeVariables(m));
});

test('variablesInPath: the JSONPath-mode extractor', () => {
  const names = (s: string) => variablesInPath(s).map((r) => [r.name, r.start, r.end]);
  assert.deepEqual(names('$order.items[0]'), [['order', 0, 6]]);
  assert.deepEqual(names('$$.Execution.Id'), []);
  assert.deepEqual(names('$.a'), []);
  assert.deepEqual(names('$'), []);
  assert.deepEqual(names('${Placeholder}'), []);
  assert.deepEqual(names("States.Format('a {} \\'$no\\'', $yes, States.ArrayGetItem($arr, 0))"), [
    ['yes', 30, 34],
    ['arr', 56, 60],
  ]);
});

test('a long chain of states is analysed without recursion limits', () => {
  const states: Record<string, unknown> = { S0: { Type: 'Pass', Assign: { first: 1 }, Next: 'S1' } };
  for (let i = 1; i < 5000; i++) states[`S${i}`] = { Type: 'Pass', Output: '{% $first %}', Next: `S${i + 1}` };
  states.S5000 = { Type: 'Pass', Output: '{% $first + $last %}', Assign: { last: 1 }, End: true };
  assert.deepEqual(texts(machine(states, J)), ['$last']);
});
