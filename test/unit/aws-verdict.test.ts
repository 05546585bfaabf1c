// Severity follows AWS (issue #11): an error is what CreateStateMachine / ValidateStateMachineDefinition
// rejects; a run-time failure or a suspicious literal is a warning. Each finding carries the
// validator code AWS gives it (ValidateStateMachineDefinitionDiagnostic in the API reference).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, validate, type AslDiagnostic } from '../../server/src/core';
import { codeActions } from '../../server/src/core/language';
import { applyEdits } from './language-helpers';
import { machine } from './helpers';

const J = { QueryLanguage: 'JSONata' };
const relevant = (text: string, options = {}) => validate(text, options).filter((d) => d.severity === 'error' || d.severity === 'warning');
const brief = (ds: AslDiagnostic[]) => ds.map((d) => `${d.severity} ${d.code} ${d.awsCode ?? '-'}`);

const inlineMap = (extra: Record<string, unknown>) =>
  machine({
    M: {
      Type: 'Map',
      ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      ...extra,
      End: true,
    },
  });

test('ToleratedFailureCount/Percentage on an inline Map: accepted by AWS (recorded in issue #11), no finding', () => {
  for (const extra of [
    { ToleratedFailureCount: 2 },
    { ToleratedFailurePercentage: 10 },
    { ToleratedFailureCountPath: '$.n' },
    { ToleratedFailurePercentagePath: '$.p' },
  ]) {
    assert.deepEqual(relevant(inlineMap(extra)), [], JSON.stringify(extra));
  }
});

test('a "{% %}" with spaces around it is a literal string to AWS: a warning with a quick fix, no AWS code', () => {
  const text = machine({ A: { Type: 'Pass', Output: ' {% $states.input.id %} ', End: true } }, J);
  const ds = relevant(text);
  assert.deepEqual(brief(ds), ['warning invalid-jsonata -']);
  assert.match(ds[0].message, /literal text/);
  const a = analyze(text);
  const fix = codeActions(a.machine, a.diagnostics, { offset: ds[0].offset + 1, length: 0 }).find((x) => /Remove the spaces/.test(x.title));
  assert.ok(fix, 'a quick fix');
  const after = applyEdits(text, fix.edits);
  assert.match(after, /"Output": "\{% \$states.input.id %\}"/);
  assert.deepEqual(relevant(after), []);
  // Only that finding gets the fix: a JSONPath field in a JSONata state (which also names a replacement field) does not.
  const other = machine({ A: { Type: 'Pass', Parameters: { x: 1 }, End: true } }, J);
  const b = analyze(other);
  const d = b.diagnostics.find((x) => x.code === 'invalid-jsonata');
  assert.ok(d);
  assert.deepEqual(
    codeActions(b.machine, b.diagnostics, { offset: d.offset + 1, length: 0 }).filter((x) => /Remove the spaces/.test(x.title)),
    [],
  );
});

test('half-delimited JSONata stays an error (AWS: improperly opening or closing the expression is a validation error)', () => {
  const text = machine({ A: { Type: 'Pass', Output: '{% $states.input.id %} ', End: true } }, J);
  assert.deepEqual(brief(relevant(text)), ['error invalid-jsonata SCHEMA_VALIDATION_FAILED']);
});

test('an unknown JSONata function fails at run time: a warning that says so', () => {
  const text = machine({ A: { Type: 'Pass', Output: '{% $frobnicate(1) %}', End: true } }, J);
  const ds = relevant(text);
  assert.deepEqual(brief(ds), ['warning invalid-jsonata -']);
  assert.match(ds[0].message, /fails at run time when "A" is reached/);
});

test('a JSONata syntax error is rejected at creation: INVALID_JSONATA_EXPRESSION (floci-io/floci#2670)', () => {
  const text = machine({ A: { Type: 'Pass', Output: '{% 1 + %}', End: true } }, J);
  assert.deepEqual(brief(relevant(text)), ['error invalid-jsonata INVALID_JSONATA_EXPRESSION']);
});

test('a JSONata path that reads the top level is rejected: UNSUPPORTED_JSONATA_EXPRESSION (floci-io/floci#2670)', () => {
  // Recorded: "UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'phone' at the top level is not supported."
  const text = machine({ E: { Type: 'Pass', Output: { v: '{% phone.number & $count(items) %}' }, End: true } }, J);
  const ds = relevant(text);
  assert.deepEqual(brief(ds), [
    'error invalid-jsonata UNSUPPORTED_JSONATA_EXPRESSION',
    'error invalid-jsonata UNSUPPORTED_JSONATA_EXPRESSION',
  ]);
  assert.deepEqual(
    ds.map((d) => text.slice(d.offset, d.offset + d.length)),
    ['phone', 'items'],
  );
  assert.match(ds[0].message, /^Reference to 'phone' at the top level is not supported/);
  // Names that read their own context are fine: path steps, predicates, object constructors on a path, lambdas, sort terms.
  const fine = machine(
    {
      E: {
        Type: 'Pass',
        Output: {
          a: '{% $states.input.customer.phone %}',
          b: '{% $states.input.items[price > 10].name %}',
          c: '{% $states.input.items{ sku: qty } %}',
          d: '{% $map($states.input.items, function($i) { $i.price * qty }) %}',
          e: '{% $states.input.items^(>price).sku %}',
          f: '{% $states.input.items.(price * qty) %}',
          g: '{% ($x := $states.input; $x.total) %}',
        },
        End: true,
      },
    },
    J,
  );
  assert.deepEqual(relevant(fine), []);
});

test('graph findings carry the codes of AWS recordings', () => {
  const missing = machine({ A: { Type: 'Pass', Next: 'Nope' } });
  assert.deepEqual(brief(relevant(missing)), ['error unknown-state MISSING_TRANSITION_TARGET']);
  const unreachable = machine({ A: { Type: 'Pass', End: true }, B: { Type: 'Pass', End: true } });
  assert.deepEqual(brief(relevant(unreachable)), ['error unreachable-state MISSING_TRANSITION_TARGET']);
  const loop = machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } });
  assert.deepEqual(brief(relevant(loop)), ['error no-terminal-path MISSING_END_STATE']);
  assert.deepEqual(brief(relevant('')), ['error json-syntax MISSING_DESCRIPTION']);
  assert.deepEqual(brief(relevant('{ "StartAt": ').filter((d) => d.code === 'json-syntax')), [
    'error json-syntax INVALID_JSON_DESCRIPTION',
  ]);
});

test('a user severity override does not change the AWS code', () => {
  const text = machine({ A: { Type: 'Pass', End: true }, B: { Type: 'Pass', End: true } });
  const ds = validate(text, { severity: { 'unreachable-state': 'hint' } });
  assert.deepEqual(brief(ds), ['hint unreachable-state MISSING_TRANSITION_TARGET']);
});

const distributed = (label: unknown, extraStates: Record<string, unknown> = {}) =>
  machine({
    M: {
      Type: 'Map',
      Label: label,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'P',
        States: { P: { Type: 'Pass', End: true } },
      },
      ...(Object.keys(extraStates).length ? { Next: 'N' } : { End: true }),
    },
    ...extraStates,
  });

test('Map Label: empty, over 40 characters or with a forbidden character is INVALID_LABEL_NAME', () => {
  for (const label of [
    '',
    'x'.repeat(41),
    'has space',
    'star*',
    'brace{',
    'colon:',
    'quote"',
    'tab\t',
    'ctl\u0085',
    'dollar$',
    'back`tick',
  ]) {
    assert.deepEqual(brief(relevant(distributed(label))), ['error invalid-value INVALID_LABEL_NAME'], JSON.stringify(label));
  }
  // The documented limits, exactly: 40 characters, and "-", "_", ".", "/" and non-ASCII letters are allowed.
  for (const label of ['x'.repeat(40), 'order-items_v2.1', 'a/b', 'Übersicht']) {
    assert.deepEqual(relevant(distributed(label)), [], JSON.stringify(label));
  }
});

test('Map Label: the same label twice is DUPLICATE_LABEL_NAME, on the second', () => {
  const text = distributed('Orders', {
    N: {
      Type: 'Map',
      Label: 'Orders',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
        StartAt: 'Q',
        States: { Q: { Type: 'Pass', End: true } },
      },
      End: true,
    },
  });
  const ds = relevant(text);
  assert.deepEqual(brief(ds), ['error invalid-value DUPLICATE_LABEL_NAME']);
  assert.ok(ds[0].offset > text.indexOf('"N"'));
});

test('a literal Wait Timestamp that is not a real date and time is rejected (issue #11 recordings)', () => {
  const wait = (ts: string) => machine({ W: { Type: 'Wait', Timestamp: ts, End: true } });
  for (const ts of [
    '2016-13-05T21:29:29Z',
    '2016-12-05T25:29:29Z',
    '2023-02-29T00:00:00Z',
    '2016-04-31T00:00:00Z',
    '2016-12-05T21:60:00Z',
    '2016-12-05T21:29:29+24:00',
  ]) {
    const ds = relevant(wait(ts));
    assert.deepEqual(brief(ds), ['error invalid-value SCHEMA_VALIDATION_FAILED'], ts);
    assert.match(ds[0].message, /real date and time/);
  }
  for (const ts of ['2016-12-05T21:29:29Z', '2024-02-29T23:59:59.999Z', '2016-12-05T21:29:29+05:30'])
    assert.deepEqual(relevant(wait(ts)), [], ts);
});

test('EXPRESS machines: .sync, .waitForTaskToken and activities are rejected only when the type is known', () => {
  const text = machine({
    A: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', Next: 'B' },
    B: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: { QueueUrl: 'q', MessageBody: { 'T.$': '$$.Task.Token' } },
      Next: 'C',
    },
    C: { Type: 'Task', Resource: 'arn:aws:states:us-east-1:123456789012:activity:Approve', Next: 'D' },
    D: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Child' },
      Next: 'E',
    },
    E: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, End: true },
  });
  assert.deepEqual(
    relevant(text).filter((d) => d.code === 'express-unsupported'),
    [],
  );
  assert.deepEqual(
    relevant(text, { machineType: 'STANDARD' }).filter((d) => d.code === 'express-unsupported'),
    [],
  );
  const ds = relevant(text, { machineType: 'EXPRESS' }).filter((d) => d.code === 'express-unsupported');
  assert.deepEqual(brief(ds), Array(4).fill('error express-unsupported SCHEMA_VALIDATION_FAILED'));
  assert.deepEqual(
    ds.map((d) =>
      text
        .slice(d.offset + 1, d.offset + d.length - 1)
        .split(':')
        .pop(),
    ),
    ['runTask.sync', 'sendMessage.waitForTaskToken', 'Approve', '2'],
  );
});

test("AWS's own warnings: NO_DOLLAR on a payload key whose value looks like a path, PASS_RESULT_IS_STATIC", () => {
  const text = machine({
    A: {
      Type: 'Pass',
      Parameters: {
        id: '$.orderId',
        'ok.$': '$.x',
        nested: { when: '$$.State.EnteredTime', label: 'plain' },
        fmt: "States.Format('{}', $.a)",
      },
      Next: 'B',
    },
    B: { Type: 'Pass', Result: { 'total.$': '$.sum', note: 'fixed' }, End: true },
  });
  const ds = relevant(text);
  assert.deepEqual(brief(ds), [
    'warning missing-dollar NO_DOLLAR',
    'warning missing-dollar NO_DOLLAR',
    'warning missing-dollar NO_DOLLAR',
    'warning static-pass-result PASS_RESULT_IS_STATIC',
  ]);
  assert.deepEqual(
    ds.map((d) => text.slice(d.offset, d.offset + d.length)),
    ['"id"', '"when"', '"fmt"', '"total.$"'],
  );
  const a = analyze(text);
  const fix = codeActions(a.machine, a.diagnostics, { offset: ds[0].offset + 1, length: 0 }).find((x) =>
    /Change to "id\.\$"/.test(x.title),
  );
  assert.ok(fix);
  assert.match(applyEdits(text, fix.edits), /"id\.\$": "\$\.orderId"/);
});

test("AWS's NO_PATH: a Fail state's Error or Cause that looks like a path; the fix renames the field", () => {
  const text = machine({ F: { Type: 'Fail', Error: '$.errorName', Cause: 'Payment declined' } });
  const ds = relevant(text);
  assert.deepEqual(brief(ds), ['warning missing-path NO_PATH']);
  assert.equal(text.slice(ds[0].offset, ds[0].offset + ds[0].length), '"Error"');
  const a = analyze(text);
  const fix = codeActions(a.machine, a.diagnostics, { offset: ds[0].offset + 1, length: 0 }).find((x) =>
    /Change to "ErrorPath"/.test(x.title),
  );
  assert.ok(fix);
  assert.deepEqual(relevant(applyEdits(text, fix.edits)), []);
});
