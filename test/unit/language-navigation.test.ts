import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../server/src/core';
import { definition, highlights, prepareRename, references, rename } from '../../server/src/core/language';
import { applyEdits, at, covered } from './language-helpers';

const MACHINE = `{
  "StartAt": "Fetch",
  "States": {
    "Fetch": {
      "Type": "Task",
      "Resource": "arn:aws:states:::dynamodb:getItem",
      "Catch": [ { "ErrorEquals": ["States.ALL"], "Next": "Failed" } ],
      "Next": "Route"
    },
    "Route": {
      "Type": "Choice",
      "Choices": [ { "Variable": "$.ok", "BooleanEquals": true, "Next": "Fan out" } ],
      "Default": "Failed"
    },
    "Fan out": {
      "Type": "Parallel",
      "Branches": [
        { "StartAt": "Failed", "States": { "Failed": { "Type": "Pass", "End": true } } }
      ],
      "Next": "Done"
    },
    "Done": { "Type": "Succeed" },
    "Failed": { "Type": "Fail" }
  }
}`;

/** The texts a list of spans covers, with the line of each. */
function spans(text: string, list: { offset: number; length: number }[]): string[] {
  return list.map((s) => `${text.slice(0, s.offset).split('\n').length}:${covered(text, s)}`);
}

test('go to definition from a Next, a Default, a Choice rule, a Catch and StartAt', () => {
  for (const [from, line] of [
    ['"Next": "Route"', 10],
    ['"Default": "Failed"', 23],
    ['"Next": "Fan out"', 15],
    ['"Next": "Failed" }', 23],
    ['"StartAt": "Fetch"', 4],
  ] as const) {
    const marked = MACHINE.replace(from, from.replace(/": "(.)/, '": "$1|'));
    const { text, offset, machine } = at(marked);
    const got = spans(text, definition(machine, offset));
    assert.equal(got.length, 1, from);
    assert.equal(Number(got[0].split(':')[0]), line, from);
  }
});

test('definition stays in the scope: the branch StartAt goes to the branch state, not the machine one', () => {
  const { text, offset, machine } = at(MACHINE.replace('{ "StartAt": "Failed"', '{ "StartAt": "Fa|iled"'));
  assert.deepEqual(spans(text, definition(machine, offset)), ['18:"Failed"']);
  const fromKey = at(MACHINE.replace('"Done": {', '"Do|ne": {'));
  assert.deepEqual(spans(fromKey.text, definition(fromKey.machine, fromKey.offset)), ['22:"Done"'], 'from the key itself');
});

test('references of a state: its key and every transition of its scope, none of another scope', () => {
  const { text, offset, machine } = at(MACHINE.replace('"Failed": { "Type": "Fail" }', '"Fai|led": { "Type": "Fail" }'));
  assert.deepEqual(spans(text, references(machine, offset, true)), ['23:"Failed"', '7:"Failed"', '13:"Failed"']);
  assert.deepEqual(spans(text, references(machine, offset, false)), ['7:"Failed"', '13:"Failed"']);
  const h = highlights(machine, offset);
  assert.deepEqual(
    h.map((x) => x.kind),
    ['write', 'read', 'read'],
  );
});

test('no navigation from text that is not a state name', () => {
  const { offset, machine } = at(MACHINE.replace('"Resource"', '"Reso|urce"'));
  assert.deepEqual(definition(machine, offset), []);
  assert.deepEqual(references(machine, offset), []);
  assert.deepEqual(highlights(machine, offset), []);
});

test('rename a state: its key and every transition to it in one edit, leaving a valid machine', () => {
  const { text, offset, machine } = at(MACHINE.replace('"Default": "Failed"', '"Default": "Fa|iled"'));
  const prepared = prepareRename(machine, offset);
  assert.ok(!('error' in prepared));
  assert.equal(covered(text, prepared), 'Failed', 'the name inside its quotes');
  assert.equal(prepared.placeholder, 'Failed');
  const r = rename(machine, offset, 'Order "failed"');
  assert.ok('edits' in r);
  assert.equal(r.edits.length, 3);
  const after = applyEdits(text, r.edits);
  const parsed = JSON.parse(after);
  assert.ok(parsed.States['Order "failed"'], 'quotes escaped');
  assert.equal(parsed.States.Route.Default, 'Order "failed"');
  assert.equal(parsed.States.Fetch.Catch[0].Next, 'Order "failed"');
  assert.equal(parsed.States['Fan out'].Branches[0].StartAt, 'Failed', 'the branch has its own "Failed"');
  assert.deepEqual(
    validate(after).filter((d) => d.code !== 'duplicate-state'),
    [],
  );
});

test('rename refuses a name in use anywhere in the machine, longer than 80 characters, or empty', () => {
  const { offset, machine } = at(MACHINE.replace('"Done": {', '"Do|ne": {'));
  const clash = rename(machine, offset, 'Route');
  assert.ok('error' in clash);
  assert.match(clash.error, /A state named "Route" already exists \(line 10, in the state machine\)/);
  const nested = rename(machine, offset, 'Failed');
  assert.ok('error' in nested);
  const long = rename(machine, offset, 'x'.repeat(81));
  assert.ok('error' in long);
  assert.match(long.error, /81 characters; state names can be at most 80/);
  assert.ok('edits' in rename(machine, offset, 'é'.repeat(80)), '80 characters is fine');
  assert.ok('error' in rename(machine, offset, ''));
});

test('prepareRename refuses what is not a state name, and a transition to no state', () => {
  const field = at(MACHINE.replace('"Resource"', '"Reso|urce"'));
  const r = prepareRename(field.machine, field.offset);
  assert.ok('error' in r);
  assert.match(r.error, /Put the cursor on a state name/);
  const dangling = at(MACHINE.replace('"Next": "Done"', '"Next": "No|where"'));
  const d = prepareRename(dangling.machine, dangling.offset);
  assert.ok('error' in d);
  assert.match(d.error, /No state named "Nowhere"/);
});
