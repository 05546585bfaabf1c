import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose, findings, machine } from './helpers';
import type { ValidationOptions } from '../../server/src/core';
import { COMPARISON_OPERATORS } from '../../server/src/core/schema/fields';

/** The codes the schema rule emits (other rules' findings are not this file's business). */
const SCHEMA_CODES = new Set(['unknown-field', 'missing-field', 'invalid-value', 'exclusive-fields', 'invalid-jsonata', 'internal-error']);

function schemaFindings(text: string, options?: ValidationOptions): string[] {
  return diagnose(text, options)
    .filter((d) => SCHEMA_CODES.has(d.code))
    .map((d) => `${d.code} ${text.slice(d.offset, d.offset + d.length)}: ${d.message}`);
}

function only(text: string, code: string, options?: ValidationOptions) {
  const all = schemaFindings(text, options);
  const f = findings(text, code, options);
  assert.equal(all.length, f.length, `expected only ${code}, got:\n${all.join('\n')}`);
  return f;
}

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:work';
const INVOKE = 'arn:aws:states:::lambda:invoke';

// ---- valid machines -------------------------------------------------------------------------

test('a valid JSONPath machine with every state type has no schema findings', () => {
  const text = machine(
    {
      T: {
        Type: 'Task',
        Comment: 'work',
        Resource: INVOKE,
        Parameters: { FunctionName: LAMBDA, 'Payload.$': '$' },
        ResultSelector: { 'body.$': '$.Payload' },
        ResultPath: '$.result',
        InputPath: '$',
        OutputPath: null,
        TimeoutSeconds: 300,
        HeartbeatSeconds: 60,
        Assign: { x: 1 },
        Credentials: { RoleArn: 'arn:aws:iam::123456789012:role/r' },
        Retry: [
          {
            ErrorEquals: ['States.Timeout'],
            IntervalSeconds: 2,
            MaxAttempts: 0,
            BackoffRate: 1,
            MaxDelaySeconds: 10,
            JitterStrategy: 'FULL',
            Comment: 'c',
          },
        ],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F', ResultPath: '$.error', Assign: { failed: true } }],
        Next: 'P',
      },
      P: { Type: 'Pass', Result: { a: 1 }, ResultPath: '$.p', Parameters: { 'b.$': '$.a' }, Next: 'W' },
      W: { Type: 'Wait', SecondsPath: '$.delay', Next: 'W2' },
      W2: { Type: 'Wait', Timestamp: '2024-01-31T12:00:00Z', Next: 'C' },
      C: {
        Type: 'Choice',
        Default: 'Par',
        InputPath: '$',
        OutputPath: '$',
        Assign: { chosen: true },
        Choices: [
          { Variable: '$.a', NumericGreaterThanEqualsPath: '$.b', Next: 'S', Assign: { big: true } },
          { And: [{ Variable: '$.s', IsPresent: true }, { Not: { Variable: '$.s', StringMatches: 'log-*.txt' } }], Next: 'Par' },
          {
            Or: [
              { Variable: '$.t', TimestampLessThan: '2020-01-01T00:00:00.5+02:00' },
              { Variable: '$.n', IsNull: true },
            ],
            Next: 'Map',
          },
        ],
      },
      Par: {
        Type: 'Parallel',
        Next: 'Map',
        ResultPath: '$.branches',
        Branches: [{ StartAt: 'B1', Comment: 'one', States: { B1: { Type: 'Pass', End: true } } }],
      },
      Map: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemSelector: { 'v.$': '$$.Map.Item.Value' },
        MaxConcurrency: 0,
        Next: 'S',
        ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'I1', States: { I1: { Type: 'Succeed' } } },
      },
      S: { Type: 'Succeed', OutputPath: '$.result' },
      F: { Type: 'Fail', ErrorPath: '$.error.Error', Cause: 'it broke' },
    },
    { Comment: 'all types', Version: '1.0', TimeoutSeconds: 3600, QueryLanguage: 'JSONPath' },
  );
  assert.deepEqual(schemaFindings(text), []);
});

test('a valid JSONata machine with every state type has no schema findings', () => {
  const text = machine(
    {
      T: {
        Type: 'Task',
        Resource: INVOKE,
        Arguments: { FunctionName: LAMBDA, Payload: '{% $states.input %}' },
        Output: '{% $states.result.Payload %}',
        Assign: { n: '{% $states.result.n %}' },
        TimeoutSeconds: '{% $timeout %}',
        HeartbeatSeconds: 10,
        Credentials: { RoleArn: '{% $role %}' },
        Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F', Output: '{% $states.errorOutput %}' }],
        Next: 'P',
      },
      P: { Type: 'Pass', Output: { a: 1 }, Next: 'W' },
      W: { Type: 'Wait', Seconds: '{% $delay %}', Next: 'W2' },
      W2: { Type: 'Wait', Timestamp: '{% $until %}', Next: 'C' },
      C: {
        Type: 'Choice',
        Default: 'Par',
        Output: '{% $states.input %}',
        Choices: [{ Condition: '{% $n > 1 %}', Next: 'S', Assign: { big: true } }],
      },
      Par: {
        Type: 'Parallel',
        Next: 'Map',
        Arguments: '{% $states.input %}',
        Branches: [{ StartAt: 'B1', States: { B1: { Type: 'Pass', End: true } } }],
      },
      Map: {
        Type: 'Map',
        Items: '{% $states.input.items %}',
        ItemSelector: { v: '{% $states.context.Map.Item.Value %}' },
        MaxConcurrency: '{% $n %}',
        Next: 'S',
        ItemProcessor: { StartAt: 'I1', States: { I1: { Type: 'Succeed' } } },
      },
      S: { Type: 'Succeed', Output: '{% $states.input %}' },
      F: { Type: 'Fail', Error: '{% $states.input.Error %}', Cause: 'broken' },
    },
    { QueryLanguage: 'JSONata' },
  );
  assert.deepEqual(schemaFindings(text), []);
});

test('every JSONPath comparison operator is accepted with a value of its type', () => {
  const sample = (op: string): unknown => {
    if (op.endsWith('Path')) return '$.other';
    if (op.startsWith('Is') || op === 'BooleanEquals') return true;
    if (op.startsWith('Numeric')) return 1.5;
    if (op.startsWith('Timestamp')) return '2001-01-01T12:00:00Z';
    return 'text';
  };
  const choices = [...COMPARISON_OPERATORS.keys()].map((op) => ({ Variable: '$.x', [op]: sample(op), Next: 'Done' }));
  assert.equal(choices.length, 39);
  const text = machine({ C: { Type: 'Choice', Choices: choices }, Done: { Type: 'Succeed' } });
  assert.deepEqual(schemaFindings(text), []);
});

// ---- unknown-field ----------------------------------------------------------------------------

test('unknown-field: a typo in a state field suggests the closest valid name', () => {
  const text = machine({ A: { Type: 'Pass', Nxt: 'B' }, B: { Type: 'Succeed' } });
  const all = diagnose(text).filter((d) => d.code === 'unknown-field');
  assert.equal(all.length, 1);
  assert.equal(text.slice(all[0].offset, all[0].offset + all[0].length), '"Nxt"');
  assert.match(all[0].message, /"Nxt" is not a field of a Pass state\. Did you mean "Next"\?/);
  assert.deepEqual(all[0].data, { suggestion: 'Next' });
});

test('unknown-field: typos inside retriers, catchers and nested objects', () => {
  const text = machine({
    A: {
      Type: 'Task',
      Resource: INVOKE,
      End: true,
      Retry: [{ ErrorEquals: ['X'], IntervalSecond: 3 }],
      Catch: [{ ErrorEquals: ['X'], Next: 'A', ResultPth: '$.e' }],
    },
  });
  const f = findings(text, 'unknown-field');
  assert.deepEqual(
    f.map((x) => x.text),
    ['"IntervalSecond"', '"ResultPth"'],
  );
  assert.match(f[0].message, /of a retrier\. Did you mean "IntervalSeconds"/);
  assert.match(f[1].message, /of a catcher\. Did you mean "ResultPath"/);
});

test('unknown-field: a key with "/" or "~" is located exactly', () => {
  const text = machine({ A: { Type: 'Succeed', 'a/b~c': 1 } });
  assert.deepEqual(
    only(text, 'unknown-field').map((x) => x.text),
    ['"a/b~c"'],
  );
});

test('unknown-field: Next on a Choice, End on a Succeed, Next in a nested rule', () => {
  const text = machine({
    C: { Type: 'Choice', Next: 'S', Choices: [{ Not: { Variable: '$.a', IsNull: true, Next: 'S' }, Next: 'S' }] },
    S: { Type: 'Succeed', End: true },
  });
  const f = findings(text, 'unknown-field');
  assert.equal(f.length, 3);
  assert.match(f[0].message, /Choice state has no "Next"/);
  assert.match(f[1].message, /belongs on the top-level Choice rule/);
  assert.match(f[2].message, /"End" is not allowed in a Succeed state/);
});

test('unknown-field: Distributed Map fields in an inline Map', () => {
  const text = machine({
    M: {
      Type: 'Map',
      End: true,
      Label: 'x',
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: {} },
      ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    },
  });
  const f = only(text, 'unknown-field');
  assert.deepEqual(
    f.map((x) => x.text),
    ['"Label"', '"ItemReader"'],
  );
  assert.match(f[0].message, /only allowed in a Distributed Map/);
});

// ---- missing-field ----------------------------------------------------------------------------

test('missing-field: at the state name for a state, at the brace for an array item', () => {
  const text = machine({ A: { Type: 'Task', End: true, Retry: [{ MaxAttempts: 1 }] } });
  const f = only(text, 'missing-field');
  assert.deepEqual(
    f.map((x) => x.text),
    ['"A"', '{'],
  );
  assert.match(f[0].message, /Task state "A" is missing the required field "Resource"/);
  assert.match(f[1].message, /retrier is missing the required field "ErrorEquals"/);
});

test('missing-field: Type, with the misspelt key named', () => {
  const text = machine({ A: { Tpye: 'Pass', End: true } });
  const f = only(text, 'missing-field');
  assert.equal(f[0].text, '"A"');
  assert.match(f[0].message, /"Type" \(one of Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map\)\. "Tpye" looks like a misspelling/);
});

test('missing-field: top level, branches, processors, catchers, choice rules', () => {
  const text = JSON.stringify({
    States: {
      P: { Type: 'Parallel', End: true, Branches: [{ States: {} }] },
      M: { Type: 'Map', End: true, Catch: [{ ErrorEquals: ['X'] }] },
      C: { Type: 'Choice', Choices: [{ Variable: '$.a', StringEquals: 'x' }] },
    },
  });
  const f = findings(text, 'missing-field');
  const messages = f.map((x) => `${x.text} ${x.message}`);
  assert.ok(
    messages.some((m) => m.startsWith('{ The state machine is missing the required field "StartAt"')),
    messages.join('\n'),
  );
  assert.ok(
    messages.some((m) => m.startsWith('{ A Parallel branch is missing the required field "StartAt"')),
    messages.join('\n'),
  );
  assert.ok(
    messages.some((m) => m.startsWith('"M" Map state "M" is missing the required field "ItemProcessor"')),
    messages.join('\n'),
  );
  assert.ok(
    messages.some((m) => m.startsWith('{ A catcher is missing the required field "Next"')),
    messages.join('\n'),
  );
  assert.ok(
    messages.some((m) => m.startsWith('{ A Choice rule is missing the required field "Next"')),
    messages.join('\n'),
  );
});

test('missing-field: a comparison without Variable, a rule without a test', () => {
  const text = machine({
    C: { Type: 'Choice', Choices: [{ StringEquals: 'x', Next: 'S' }, { Next: 'S' }] },
    S: { Type: 'Succeed' },
  });
  const f = only(text, 'missing-field');
  assert.equal(f.length, 2);
  assert.match(f[0].message, /with "StringEquals" is missing the required field "Variable"/);
  assert.match(f[1].message, /tests nothing/);
});

// ---- invalid-value ----------------------------------------------------------------------------

test('invalid-value: an unknown Type suggests the closest and skips per-type checks', () => {
  const text = machine({ A: { Type: 'Tsk', Whatever: 1 } });
  const f = only(text, 'invalid-value');
  assert.equal(f.length, 1);
  assert.equal(f[0].text, '"Tsk"');
  assert.match(f[0].message, /"Tsk" is not a state type\. Did you mean "Task"\? The types are Task, Pass/);
});

test('invalid-value: wrong types', () => {
  const text = machine(
    { A: { Type: 'Task', Resource: 7, TimeoutSeconds: '10', Comment: 5, ResultPath: 3, End: true } },
    { Comment: ['x'] },
  );
  const f = only(text, 'invalid-value');
  assert.deepEqual(
    f.slice(0, 4).map((x) => x.text),
    ['7', '"10"', '5', '3'],
  );
  assert.equal(f[4].text.replace(/\s/g, ''), '["x"]');
  assert.match(f[0].message, /"Resource" must be a resource ARN string, but is 7/);
  assert.match(f[1].message, /"TimeoutSeconds" must be a positive integer \(1 or more\), but is "10"/);
  assert.match(f[2].message, /"Comment" must be a string, but is 5/);
  assert.match(f[3].message, /"ResultPath" must be a path string .*or null, but is 3/);
  assert.match(f[4].message, /"Comment" must be a string, but is an array/);
});

test('invalid-value: ranges of retriers, timeouts and Map', () => {
  const text = machine({
    A: {
      Type: 'Task',
      Resource: INVOKE,
      Next: 'M',
      TimeoutSeconds: 0,
      HeartbeatSeconds: 1.5,
      Retry: [{ ErrorEquals: [], IntervalSeconds: 0, MaxAttempts: -1, BackoffRate: 0.5, MaxDelaySeconds: 0, JitterStrategy: 'FUL' }],
    },
    M: {
      Type: 'Map',
      End: true,
      MaxConcurrency: -2,
      ToleratedFailurePercentage: 101,
      ToleratedFailureCount: -1,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'P',
        States: { P: { Type: 'Pass', End: true } },
      },
    },
  });
  const f = only(text, 'invalid-value');
  assert.deepEqual(
    f.map((x) => x.text),
    ['0', '1.5', '[]', '0', '-1', '0.5', '0', '"FUL"', '-2', '101', '-1'],
  );
  assert.match(f[2].message, /"ErrorEquals" must be a non-empty array of error names, but is an empty array/);
  assert.match(f[5].message, /"BackoffRate" must be a number of 1\.0 or more, but is 0\.5/);
  assert.match(f[7].message, /one of "FULL", "NONE", but is "FUL"\. Did you mean "FULL"\?/);
  assert.match(f[9].message, /"ToleratedFailurePercentage" must be a number from 0 to 100/);
});

test('invalid-value: HeartbeatSeconds must be smaller than TimeoutSeconds', () => {
  const text = machine({ A: { Type: 'Task', Resource: INVOKE, End: true, TimeoutSeconds: 30, HeartbeatSeconds: 30 } });
  const f = only(text, 'invalid-value');
  assert.equal(f.length, 1);
  assert.equal(f[0].text, '30');
  assert.equal(
    f[0].line,
    text.split('\n').findIndex((l) => l.includes('HeartbeatSeconds')),
  );
  assert.match(f[0].message, /"HeartbeatSeconds" \(30\) must be smaller than "TimeoutSeconds" \(30\)/);
});

test('invalid-value: Version, QueryLanguage, End false, timestamps, state name length', () => {
  const long = 'N'.repeat(81);
  const text = machine(
    {
      [long]: { Type: 'Wait', Timestamp: '2024-01-31', Next: 'B' },
      B: { Type: 'Pass', End: false, QueryLanguage: 'JSONPat' },
    },
    { Version: '2.0' },
  );
  const f = only(text, 'invalid-value');
  assert.deepEqual(
    f.map((x) => x.text),
    [`"${long}"`, '"2024-01-31"', 'false', '"JSONPat"', '"2.0"'],
  );
  assert.match(f[0].message, /at most 80 characters long; this one has 81/);
  assert.match(f[1].message, /RFC 3339 timestamp/);
  assert.match(f[2].message, /"End" must be true: to continue to another state, remove "End" and set "Next"/);
  assert.match(f[3].message, /Did you mean "JSONPath"/);
  assert.match(f[4].message, /"Version" must be "1\.0", but is "2\.0"/);
});

test('invalid-value: a state or a branch that is not an object; a root that is not an object', () => {
  const text = machine({ A: 'oops' as unknown as Record<string, unknown>, P: { Type: 'Parallel', End: true, Branches: [3] } });
  const f = findings(text, 'invalid-value');
  assert.deepEqual(
    f.map((x) => x.text),
    ['"oops"', '3'],
  );
  assert.match(f[0].message, /State "A" must be an object/);
  assert.match(f[1].message, /Item 1 of "Branches" must be an object with "StartAt" and "States"/);
  assert.match(findings('[1]', 'invalid-value')[0].message, /must be a JSON object with "StartAt" and "States"/);
});

// ---- exclusive-fields -------------------------------------------------------------------------

test('exclusive-fields: Next and End, exactly one', () => {
  const text = machine({ A: { Type: 'Pass', Next: 'B', End: true }, B: { Type: 'Pass' } });
  const f = only(text, 'exclusive-fields');
  assert.deepEqual(
    f.map((x) => x.text),
    ['"End"', '"B"'],
  );
  assert.match(f[0].message, /"Next" and "End" cannot both be set/);
  assert.match(f[1].message, /Pass state "B" needs "Next" .* or "End": true/);
});

test('exclusive-fields: the four forms of Wait', () => {
  const text = machine({ A: { Type: 'Wait', Seconds: 1, TimestampPath: '$.t', Next: 'B' }, B: { Type: 'Wait', End: true } });
  const f = only(text, 'exclusive-fields');
  assert.deepEqual(
    f.map((x) => x.text),
    ['"TimestampPath"', '"B"'],
  );
  assert.match(f[1].message, /needs one of "Seconds", "SecondsPath", "Timestamp" or "TimestampPath"/);
});

test('exclusive-fields: at-most-one pairs of Fail, Task and Map', () => {
  const text = machine({
    T: {
      Type: 'Task',
      Resource: INVOKE,
      Next: 'M',
      TimeoutSeconds: 5,
      TimeoutSecondsPath: '$.t',
      HeartbeatSecondsPath: '$.h',
      HeartbeatSeconds: 2,
      Credentials: { RoleArn: 'arn:aws:iam::123456789012:role/r', 'RoleArn.$': '$.role' },
    },
    M: {
      Type: 'Map',
      Next: 'F',
      Parameters: {},
      ItemSelector: {},
      MaxConcurrency: 1,
      MaxConcurrencyPath: '$.c',
      ToleratedFailureCount: 1,
      ToleratedFailureCountPath: '$.n',
      ToleratedFailurePercentagePath: '$.p',
      ToleratedFailurePercentage: 5,
      Iterator: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
        StartAt: 'J',
        States: { J: { Type: 'Pass', End: true } },
      },
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        Parameters: {},
        ReaderConfig: { InputType: 'JSON', MaxItems: 5, MaxItemsPath: '$.m' },
      },
      ItemBatcher: { MaxItemsPerBatch: 1, MaxItemsPerBatchPath: '$.a', MaxInputBytesPerBatchPath: '$.b', MaxInputBytesPerBatch: 100 },
    },
    F: { Type: 'Fail', Error: 'E', ErrorPath: '$.e', CausePath: '$.c', Cause: 'C' },
  });
  const f = only(text, 'exclusive-fields');
  assert.deepEqual(
    f.map((x) => x.text),
    [
      '"TimeoutSecondsPath"',
      '"HeartbeatSeconds"',
      '"RoleArn.$"',
      '"ItemSelector"',
      '"MaxConcurrencyPath"',
      '"ToleratedFailureCountPath"',
      '"ToleratedFailurePercentage"',
      '"ItemProcessor"',
      '"MaxItemsPath"',
      '"MaxItemsPerBatchPath"',
      '"MaxInputBytesPerBatch"',
      '"ErrorPath"',
      '"Cause"',
    ],
  );
  assert.match(f[3].message, /"Parameters" is the former name of "ItemSelector"/);
  assert.match(f[7].message, /"Iterator" is the former name of "ItemProcessor"/);
  assert.match(f[11].message, /"ErrorPath" and "Error" cannot both be set; keep one/);
});

test('exclusive-fields: one comparison operator per Choice rule; Variable beside And', () => {
  const text = machine({
    C: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.a', StringEquals: 'x', NumericEquals: 1, Next: 'S' },
        { Variable: '$.a', And: [{ Variable: '$.b', IsPresent: true, IsNull: false }], Next: 'S' },
      ],
    },
    S: { Type: 'Succeed' },
  });
  const f = only(text, 'exclusive-fields');
  assert.deepEqual(
    f.map((x) => x.text),
    ['"NumericEquals"', '"Variable"', '"IsNull"'],
  );
  assert.match(f[0].message, /cannot be combined with "StringEquals": a Choice rule has exactly one comparison operator/);
  assert.match(f[1].message, /"Variable" has no effect next to "And"/);
});

// ---- query languages ------------------------------------------------------------------------

test('invalid-jsonata: JSONPath fields in a JSONata state name the field to use instead', () => {
  const text = machine(
    {
      T: {
        Type: 'Task',
        Resource: INVOKE,
        Parameters: {},
        InputPath: '$',
        ResultSelector: {},
        ResultPath: '$.r',
        OutputPath: '$',
        TimeoutSecondsPath: '$.t',
        Next: 'M',
      },
      M: {
        Type: 'Map',
        ItemsPath: '$.items',
        Parameters: {},
        End: true,
        ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Succeed' } } },
      },
    },
    { QueryLanguage: 'JSONata' },
  );
  const f = only(text, 'invalid-jsonata');
  assert.deepEqual(
    f.map((x) => x.text),
    [
      '"Parameters"',
      '"InputPath"',
      '"ResultSelector"',
      '"ResultPath"',
      '"OutputPath"',
      '"TimeoutSecondsPath"',
      '"ItemsPath"',
      '"Parameters"',
    ],
  );
  assert.match(f[0].message, /"Parameters" is a JSONPath field; in a JSONata state use "Arguments"\./);
  assert.match(f[5].message, /use "TimeoutSeconds" with a JSONata expression/);
  assert.match(f[6].message, /use "Items"/);
  assert.match(f[7].message, /use "ItemSelector"/);
});

test('invalid-jsonata: JSONata fields in a JSONPath state', () => {
  const text = machine({
    T: { Type: 'Task', Resource: INVOKE, Arguments: {}, Output: {}, Next: 'C', Catch: [{ ErrorEquals: ['X'], Next: 'C', Output: 1 }] },
    C: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'M' }] },
    M: { Type: 'Map', Items: [1], End: true, ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Succeed' } } } },
  });
  const f = only(text, 'invalid-jsonata');
  assert.deepEqual(
    f.map((x) => x.text),
    ['"Arguments"', '"Output"', '"Output"', '"Condition"', '"Items"'],
  );
  assert.match(f[0].message, /"Arguments" is a JSONata field; in a JSONPath state use "Parameters", or set "QueryLanguage": "JSONata"/);
  assert.match(f[2].message, /use "ResultPath"/);
  assert.match(f[3].message, /use "Variable" with a comparison operator/);
  assert.match(f[4].message, /use "ItemsPath"/);
});

test('invalid-jsonata: a JSONPath Choice rule in a JSONata state, without a second missing-Condition report', () => {
  const text = machine(
    { C: { Type: 'Choice', Choices: [{ Variable: '$.a', StringEquals: 'x', Next: 'S' }] }, S: { Type: 'Succeed' } },
    { QueryLanguage: 'JSONata' },
  );
  const f = only(text, 'invalid-jsonata');
  assert.deepEqual(
    f.map((x) => x.text),
    ['"Variable"', '"StringEquals"'],
  );
  assert.match(f[0].message, /write the test as "Condition": "\{% \.\.\. %\}"/);
});

test('invalid-jsonata: the hint fits the state type', () => {
  const text = machine(
    { P: { Type: 'Pass', Parameters: { a: 1 }, InputPath: '$.x', Next: 'W' }, W: { Type: 'Wait', InputPath: '$', Seconds: 1, End: true } },
    { QueryLanguage: 'JSONata' },
  );
  const f = only(text, 'invalid-jsonata');
  assert.equal(f.length, 3);
  assert.match(f[0].message, /in a JSONata state use "Output"\./);
  assert.match(f[1].message, /read the input as \$states\.input inside "Output"\./);
  assert.doesNotMatch(f[2].message, /Arguments/);
});

test('a JSONata Condition value and malformed "{% %}" strings are left to the JSONata rule', () => {
  const text = machine(
    {
      C: {
        Type: 'Choice',
        Choices: [
          { Condition: 5, Next: 'W' },
          { Condition: true, Next: 'W' },
        ],
      },
      W: { Type: 'Wait', Seconds: '{% $x', End: true },
    },
    { QueryLanguage: 'JSONata' },
  );
  assert.deepEqual(findings(text, 'invalid-value'), []);
});

test('invalid-jsonata: a JSONata machine cannot contain a JSONPath state', () => {
  const text = machine({ A: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } }, { QueryLanguage: 'JSONata' });
  const f = only(text, 'invalid-jsonata');
  assert.equal(f[0].text, '"JSONPath"');
  assert.match(f[0].message, /top-level "QueryLanguage" is JSONata|"QueryLanguage" is JSONata, so no state in it can use JSONPath/);
  // The other way round is allowed.
  assert.deepEqual(schemaFindings(machine({ A: { Type: 'Pass', QueryLanguage: 'JSONata', Output: 1, End: true } })), []);
});

test('JSONata expressions stand for numbers only in JSONata states', () => {
  const jsonata = machine({ A: { Type: 'Wait', QueryLanguage: 'JSONata', Seconds: '{% $s %}', End: true } });
  assert.deepEqual(schemaFindings(jsonata), []);
  const notAnExpression = machine({ A: { Type: 'Wait', QueryLanguage: 'JSONata', Seconds: '$s', End: true } });
  assert.match(only(notAnExpression, 'invalid-value')[0].message, /non-negative integer \(0 or more\) or a JSONata expression/);
  const jsonPath = machine({ A: { Type: 'Wait', Seconds: '{% $s %}', End: true } });
  const f = only(jsonPath, 'invalid-value');
  assert.equal(f[0].text, '"{% $s %}"');
  assert.match(f[0].message, /evaluated only in JSONata states/);
});

// ---- Distributed Map ------------------------------------------------------------------------

test('a valid Distributed Map has no schema findings', () => {
  const text = machine({
    M: {
      Type: 'Map',
      End: true,
      Label: 'Files',
      MaxConcurrency: 1000,
      ToleratedFailurePercentage: 5,
      ToleratedFailureCountPath: '$.n',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        Parameters: { Bucket: 'b', Key: 'k.csv' },
        ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['a', 'b'], CSVDelimiter: 'SEMICOLON', MaxItems: 100 },
      },
      ItemBatcher: { MaxItemsPerBatch: 10, MaxInputBytesPerBatch: 262144, BatchInput: { run: 1 } },
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { Bucket: 'b', Prefix: 'out' },
        WriterConfig: { OutputType: 'JSONL', Transformation: 'FLATTEN' },
      },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
        StartAt: 'P',
        States: { P: { Type: 'Pass', End: true } },
      },
    },
  });
  assert.deepEqual(schemaFindings(text), []);
  const writerConfigOnly = machine({
    M: {
      Type: 'Map',
      End: true,
      ResultWriter: { WriterConfig: { OutputType: 'JSON', Transformation: 'COMPACT' } },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'P',
        States: { P: { Type: 'Pass', End: true } },
      },
    },
  });
  assert.deepEqual(schemaFindings(writerConfigOnly), []);
});

test('Distributed Map: configuration mistakes', () => {
  const text = machine(
    {
      M: {
        Type: 'Map',
        End: true,
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          Parameters: {},
          ReaderConfig: { InputType: 'CVS', CSVHeaderLocation: 'GIVEN', Delimiter: 'TAB' },
        },
        ItemBatcher: { MaxItemsPerBatch: 0 },
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject' },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'BATCH' },
          StartAt: 'P',
          States: { P: { Type: 'Pass', End: true } },
        },
      },
      N: {
        Type: 'Map',
        End: true,
        ResultWriter: {},
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'Q', States: { Q: { Type: 'Pass', End: true } } },
      },
    },
    {},
    'M',
  );
  const values = findings(text, 'invalid-value');
  assert.deepEqual(
    values.map((x) => x.text),
    ['"CVS"', '0', '"BATCH"'],
  );
  assert.match(values[0].message, /Did you mean "CSV"\?/);
  const unknown = findings(text, 'unknown-field');
  assert.deepEqual(
    unknown.map((x) => x.text),
    ['"Delimiter"'],
  );
  assert.match(unknown[0].message, /Did you mean "CSVDelimiter"\?/);
  const missing = findings(text, 'missing-field');
  assert.deepEqual(
    missing.map((x) => x.text),
    ['"ReaderConfig"', '"ResultWriter"', '"ResultWriter"', '"ProcessorConfig"'],
  );
  assert.match(missing[0].message, /"CSVHeaderLocation": "GIVEN" but no "CSVHeaders"/);
  assert.match(missing[1].message, /has a "Resource" but no "Parameters"/);
  assert.match(missing[2].message, /needs "Resource" and "Parameters" .* "WriterConfig"/);
  assert.match(missing[3].message, /missing the required field "ExecutionType"/);
});

test('Parallel branches and Map processors are validated recursively', () => {
  const text = machine({
    P: {
      Type: 'Parallel',
      End: true,
      Branches: [
        {
          StartAt: 'B',
          States: { B: { Type: 'Map', End: true, ItemProcessor: { StartAt: 'C', States: { C: { Type: 'Pass', Ennd: true } } } } },
        },
      ],
    },
  });
  const f = findings(text, 'unknown-field');
  assert.deepEqual(
    f.map((x) => x.text),
    ['"Ennd"'],
  );
  assert.match(f[0].message, /Did you mean "End"/);
  assert.match(
    only(machine({ P: { Type: 'Parallel', End: true, Branches: [] } }), 'invalid-value')[0].message,
    /non-empty array of branches/,
  );
});

// ---- placeholders ---------------------------------------------------------------------------

const placeholderText = `{
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Task",
      "Resource": "\${FunctionArn}",
      "TimeoutSeconds": \${Timeout},
      "HeartbeatSeconds": "\${Heartbeat}",
      "Retry": \${Retries},
      "Next": "W"
    },
    "W": { "Type": "Wait", "Timestamp": "\${Date}T00:00:00Z", "End": \${IsEnd} },
    "X": { "Type": "\${DynamicType}", "Anything": 1 }
  }
}`;

test('placeholders: accepted wherever a value may stand, numbers and booleans included', () => {
  assert.deepEqual(schemaFindings(placeholderText), []);
});

test('placeholders: reported when options.placeholders is false', () => {
  const quoted = machine({ A: { Type: 'Task', Resource: INVOKE, TimeoutSeconds: '${Timeout}', End: true } });
  assert.deepEqual(schemaFindings(quoted), []);
  const f = only(quoted, 'invalid-value', { placeholders: false });
  assert.equal(f[0].text, '"${Timeout}"');
  assert.match(f[0].message, /"TimeoutSeconds" must be a positive integer/);
});

// ---- robustness -----------------------------------------------------------------------------

test('half-typed documents never crash the rule', () => {
  const texts = [
    '{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": ',
    '{"StartAt": "A", "States": {"A": {"Type": "Map", "ItemProcessor": {"States": {"B": {"Type": ',
    '{"States": {"A": {"Type": "Choice", "Choices": [{"And": [{"Not": ',
    '{"StartAt": 1, "States": []}',
    '"text"',
    '',
  ];
  for (const text of texts) {
    const codes = diagnose(text).map((d) => d.code);
    assert.ok(!codes.includes('internal-error'), `${text} -> ${codes.join(', ')}`);
  }
});
