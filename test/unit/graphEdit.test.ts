/** Editing from the graph (server/src/core/graph/edit.ts): each gesture as the smallest text edits. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core';
import { buildGraph, type GraphModel } from '../../server/src/core/graph';
import { editFromGraph, type GraphEdit } from '../../server/src/core/graph/edit';
import type { TextEdit } from '../../server/src/core/language/types';
import { applyEdits } from './applyEdits';

const MULTI = `{
  "Comment": "orders",
  "StartAt": "Validate",
  "States": {
    "Validate": {
      "Type": "Pass",
      "Next": "Charge"
    },
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
      "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "Refund" }],
      "Next": "Route"
    },
    "Route": {
      "Type": "Choice",
      "Choices": [
        { "Variable": "$.ok", "BooleanEquals": true, "Next": "Done" }
      ],
      "Default": "Refund"
    },
    "Refund": { "Type": "Pass", "End": true },
    "Done": {
      "Type": "Succeed"
    }
  }
}
`;

function model(text: string): GraphModel {
  return buildGraph(analyze(text).machine);
}
const id = (m: GraphModel, name: string) => m.nodes.find((n) => n.kind === 'state' && n.name === name)!.id;
const edge = (m: GraphModel, from: string, to: string, kind?: string) =>
  m.edges.find(
    (e) =>
      m.nodes.find((n) => n.id === e.from)?.name === from && m.nodes.find((n) => n.id === e.to)?.name === to && (!kind || e.kind === kind),
  )!.id;

/** The text after an edit, which must still analyse without errors unless `errorsOk`. */
function after(text: string, edit: (m: GraphModel) => GraphEdit, errorsOk = false): { text: string; note?: string; edits: TextEdit[] } {
  const r = editFromGraph(analyze(text), edit(model(text)));
  assert.ok(!('error' in r), 'error' in r ? r.error : '');
  const out = applyEdits(text, r.edits);
  JSON.parse(out);
  if (!errorsOk)
    assert.deepEqual(
      analyze(out)
        .diagnostics.filter((d) => d.severity === 'error')
        .map((d) => d.message),
      [],
    );
  return { text: out, note: r.note, edits: r.edits };
}

test('add after a state: the new state takes its Next, on its own lines, indented like its neighbours', () => {
  const r = after(MULTI, (m) => ({ op: 'add', type: 'Pass', after: id(m, 'Validate') }));
  assert.equal(
    r.text,
    MULTI.replace(
      '"Next": "Charge"\n    },',
      '"Next": "New Pass"\n    },\n    "New Pass": {\n      "Type": "Pass",\n      "Next": "Charge"\n    },',
    ),
  );
  assert.equal(r.edits.length, 2, 'one edit for the Next, one for the new state');
});

test('add after a state that ends: End becomes Next, the new state ends; one-line style is kept', () => {
  const r = after(MULTI, (m) => ({ op: 'add', type: 'Wait', after: id(m, 'Refund') }));
  assert.ok(
    r.text.includes('"Refund": { "Type": "Pass", "Next": "New Wait" },\n    "New Wait": { "Type": "Wait", "Seconds": 5, "End": true },'),
    r.text,
  );
});

test('add on a transition: only that transition is redirected (a Catch, a Choice rule, the start arrow)', () => {
  const onCatch = after(MULTI, (m) => ({ op: 'add', type: 'Task', edge: edge(m, 'Charge', 'Refund', 'catch') }));
  assert.ok(onCatch.text.includes('"Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "New Task" }],'));
  assert.ok(onCatch.text.includes('"Next": "Route"'), 'the Next of Charge is untouched');
  const task = JSON.parse(onCatch.text).States['New Task'];
  assert.deepEqual(task, {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: 'MyFunction', 'Payload.$': '$' },
    Next: 'Refund',
  });

  const onRule = after(MULTI, (m) => ({ op: 'add', type: 'Choice', edge: edge(m, 'Route', 'Done', 'choice') }));
  const parsed = JSON.parse(onRule.text);
  assert.equal(parsed.States.Route.Choices[0].Next, 'New Choice');
  assert.equal(parsed.States.Route.Default, 'Refund');
  assert.deepEqual(parsed.States['New Choice'], {
    Type: 'Choice',
    Choices: [{ Variable: '$.value', IsPresent: true, Next: 'Done' }],
    Default: 'Done',
  });

  const onStart = after(MULTI, (m) => ({ op: 'add', type: 'Pass', edge: m.edges.find((e) => e.kind === 'start')!.id }));
  assert.ok(onStart.text.includes('"StartAt": "New Pass",'));
  assert.ok(
    onStart.text.includes('"States": {\n    "New Pass": {\n      "Type": "Pass",\n      "Next": "Validate"\n    },\n    "Validate": {'),
    onStart.text,
  );
});

test('add: refused after a Choice (pick one of its transitions) and after Succeed or Fail', () => {
  const m = model(MULTI);
  const a = analyze(MULTI);
  assert.match(
    (editFromGraph(a, { op: 'add', type: 'Pass', after: id(m, 'Route') }) as { error: string }).error,
    /Choice has no single next state/,
  );
  assert.match((editFromGraph(a, { op: 'add', type: 'Pass', after: id(m, 'Done') }) as { error: string }).error, /Succeed state/);
});

test('add in JSONata: the Task and Choice use Arguments and Condition', () => {
  const text = '{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Succeed"}}}';
  const r = after(text, (m) => ({ op: 'add', type: 'Task', after: id(m, 'A') }));
  const s = JSON.parse(r.text).States;
  assert.deepEqual(s['New Task'].Arguments, { FunctionName: 'MyFunction', Payload: '{% $states.input %}' });
  assert.equal(s.A.Next, 'New Task');
  const c = after(text, (m) => ({ op: 'add', type: 'Choice', after: id(m, 'A') }));
  assert.deepEqual(JSON.parse(c.text).States['New Choice'].Choices, [{ Condition: '{% true %}', Next: 'B' }]);
});

test('a new name never clashes with a state anywhere in the machine', () => {
  const text = MULTI.replace('"Done": {', '"New Pass": { "Type": "Pass", "End": true },\n    "Done": {');
  const r = after(text, (m) => ({ op: 'add', type: 'Pass', after: id(m, 'Validate') }), true);
  assert.equal(JSON.parse(r.text).States.Validate.Next, 'New Pass 2');
});

test('connect: Next replaced, End turned into Next, a Choice gets a Default then a rule', () => {
  const a = after(MULTI, (m) => ({ op: 'connect', from: id(m, 'Validate'), to: id(m, 'Route') }), true);
  assert.deepEqual(a.edits, [{ offset: MULTI.indexOf('"Charge"', MULTI.indexOf('"Validate": {')), length: 8, newText: '"Route"' }]);
  const b = after(MULTI, (m) => ({ op: 'connect', from: id(m, 'Refund'), to: id(m, 'Done') }));
  assert.ok(b.text.includes('"Refund": { "Type": "Pass", "Next": "Done" },'));
  const noDefault = MULTI.replace(',\n      "Default": "Refund"', '');
  const c = after(noDefault, (m) => ({ op: 'connect', from: id(m, 'Route'), to: id(m, 'Refund') }));
  assert.equal(JSON.parse(c.text).States.Route.Default, 'Refund');
  const d = after(MULTI, (m) => ({ op: 'connect', from: id(m, 'Route'), to: id(m, 'Validate') }));
  assert.match(d.note ?? '', /write its condition/);
  assert.ok(
    d.text.includes(
      '{ "Variable": "$.ok", "BooleanEquals": true, "Next": "Done" },\n        { "Variable": "$.value", "IsPresent": true, "Next": "Validate" }\n',
    ),
    d.text,
  );
});

test('reconnect: the dragged transition alone moves; a transition may not leave its branch', () => {
  const r = after(MULTI, (m) => ({
    op: 'connect',
    from: id(m, 'Route'),
    to: id(m, 'Validate'),
    edge: edge(m, 'Route', 'Refund', 'default'),
  }));
  assert.equal(JSON.parse(r.text).States.Route.Default, 'Validate');
  assert.equal(r.edits.length, 1);
  const nested =
    '{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"In","States":{"In":{"Type":"Pass","End":true}}}],"Next":"Out"},"Out":{"Type":"Succeed"}}}';
  const m = model(nested);
  const err = editFromGraph(analyze(nested), { op: 'connect', from: id(m, 'In'), to: id(m, 'Out') });
  assert.match((err as { error: string }).error, /cannot leave its own branch/);
});

test('delete: incoming transitions go where the deleted state went', () => {
  const r = after(MULTI, (m) => ({ op: 'delete', node: id(m, 'Charge') }));
  const s = JSON.parse(r.text).States;
  assert.equal(s.Charge, undefined);
  assert.equal(s.Validate.Next, 'Route');
  // Whole lines removed, the rest of the file byte for byte.
  assert.equal(r.text, MULTI.replace(/    "Charge": \{[\s\S]*?\n    \},\n/, '').replace('"Next": "Charge"', '"Next": "Route"'));
});

test('delete: a Next into an ending state ends instead; a Choice rule or Default into it is flagged', () => {
  const r = after(MULTI, (m) => ({ op: 'delete', node: id(m, 'Refund') }), true);
  const s = JSON.parse(r.text).States;
  assert.equal(s.Route.Default, 'Refund', 'left for the user, flagged');
  assert.equal(s.Charge.Catch[0].Next, 'Refund');
  assert.match(r.note ?? '', /^2 transitions still name "Refund"/);
  const t = after(MULTI, (m) => ({ op: 'delete', node: id(m, 'Done') }), true);
  assert.match(t.note ?? '', /^1 transition still names "Done"/);
  const text = '{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","End":true}}}';
  const u = after(text, (m) => ({ op: 'delete', node: id(m, 'B') }));
  assert.equal(u.text, '{"StartAt":"A","States":{"A":{"Type":"Pass","End": true}}}');
});

test('rename: the key and every transition naming it; refusals come back as errors', () => {
  const r = after(MULTI, (m) => ({ op: 'rename', node: id(m, 'Refund'), name: 'Give Back' }));
  const s = JSON.parse(r.text).States;
  assert.ok(s['Give Back']);
  assert.equal(s.Route.Default, 'Give Back');
  assert.equal(s.Charge.Catch[0].Next, 'Give Back');
  const m = model(MULTI);
  assert.match(
    (editFromGraph(analyze(MULTI), { op: 'rename', node: id(m, 'Refund'), name: 'Done' }) as { error: string }).error,
    /already exists/,
  );
});

test("setField: replace, add (in the object's style), remove", () => {
  const a = after(MULTI, (m) => ({ op: 'setField', node: id(m, 'Validate'), key: 'Comment', value: 'checks the order' }));
  assert.ok(a.text.includes('"Next": "Charge",\n      "Comment": "checks the order"\n    },'));
  const b = after(MULTI, (m) => ({ op: 'setField', node: id(m, 'Refund'), key: 'Comment', value: 'money back' }));
  assert.ok(b.text.includes('"Refund": { "Type": "Pass", "End": true, "Comment": "money back" },'));
  const c = after(a.text, (m) => ({ op: 'setField', node: id(m, 'Validate'), key: 'Comment', value: undefined }));
  assert.equal(c.text, MULTI);
  const d = after(MULTI, (m) => ({ op: 'setField', node: id(m, 'Charge'), key: 'TimeoutSeconds', value: 30 }));
  assert.equal(JSON.parse(d.text).States.Charge.TimeoutSeconds, 30);
});

test('edits refuse a document that does not parse, one that is not JSON, and a node that is gone', () => {
  // A definition in another syntax (the tree's offsets point into YAML, say): no JSON edits into it.
  const fake = analyze(MULTI);
  const notJson = { ...fake, doc: { ...fake.doc, text: ' '.repeat(MULTI.length) } };
  assert.match((editFromGraph(notJson, { op: 'delete', node: 'm/Charge' }) as { error: string }).error, /works on JSON definitions/);
  assert.match((editFromGraph(analyze('{"StartAt": '), { op: 'delete', node: 'm/A' }) as { error: string }).error, /does not parse/);
  assert.match((editFromGraph(analyze(MULTI), { op: 'delete', node: 'm/Nope' }) as { error: string }).error, /no state "Nope"/);
});
