/** Authoring: "Create state X" quick fixes, snippets with valid targets, entry snippets, and completions that keep a snippet going. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, validate } from '../../server/src/core';
import { codeActions } from '../../server/src/core/language';
import { accept, applyEdits, completions, covered } from './language-helpers';

const FLOW = `{
  "StartAt": "Validate",
  "States": {
    "Validate": {
      "Type": "Pass",
      "Next": "Notify"
    },
    "Done": {
      "Type": "Succeed"
    }
  }
}`;

function createActions(text: string) {
  const analysis = analyze(text);
  const d = analysis.diagnostics.find((x) => x.code === 'unknown-state');
  assert.ok(d, 'the machine has an unknown target');
  return codeActions(analysis.machine, analysis.diagnostics, { offset: d.offset, length: 0 }).filter((a) =>
    a.title.startsWith('Create state'),
  );
}

test('Create state X: one quick fix per common type, each a valid state in the layout of its neighbours', () => {
  const actions = createActions(FLOW);
  assert.deepEqual(
    actions.map((a) => a.title),
    [
      'Create state "Notify" (Pass)',
      'Create state "Notify" (Task)',
      'Create state "Notify" (Wait)',
      'Create state "Notify" (Succeed)',
      'Create state "Notify" (Fail)',
    ],
  );
  for (const a of actions) {
    const after = applyEdits(FLOW, a.edits);
    // "Done" stays unreachable (the new state ends the flow); nothing else is wrong.
    assert.deepEqual(
      validate(after)
        .filter((d) => d.severity === 'error' && d.code !== 'unreachable-state')
        .map((d) => d.code),
      [],
      `${a.title}:\n${after}`,
    );
  }
  assert.equal(
    applyEdits(FLOW, actions[0].edits),
    FLOW.replace(
      `"Type": "Succeed"
    }`,
      `"Type": "Succeed"
    },
    "Notify": {
      "Type": "Pass",
      "End": true
    }`,
    ),
  );
});

test('Create state X: in the scope of the transition (a branch), JSONata bodies in a JSONata machine, inline States stay inline', () => {
  const branch = JSON.stringify({
    QueryLanguage: 'JSONata',
    StartAt: 'P',
    States: { P: { Type: 'Parallel', Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } }], End: true } },
  });
  const task = createActions(branch).find((a) => a.title.endsWith('(Task)'))!;
  const after = JSON.parse(applyEdits(branch, task.edits));
  assert.deepEqual(after.States.P.Branches[0].States.B.Arguments, { FunctionName: 'my-function', Payload: '{% $states.input %}' });
  assert.equal(after.States.B, undefined);
});

test('Create state X is not offered for a name defined in another scope (it would clash)', () => {
  const text = JSON.stringify({
    StartAt: 'P',
    States: { P: { Type: 'Parallel', Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }], Next: 'A' } },
  });
  assert.deepEqual(createActions(text), []);
});

test('the Task snippet offers existing states as its targets and validates without dangling names', () => {
  const marked = `{
  "StartAt": "Check",
  "States": {
    "Check": { "Type": "Pass", "Next": "Charge" },
    "Done": { "Type": "Succeed" },
    "Charge|
  }
}`;
  const { items, text } = completions(marked);
  const task = items.find((i) => i.label.startsWith('Task'))!;
  assert.match(task.edit.newText, /"Next": "\$\{4\|Check,Done\|\}"/);
  assert.match(task.edit.newText, /"Next": "\$\{3\|Check,Done\|\}"/);
  assert.deepEqual(
    validate(accept(text, task)).filter((d) => d.code === 'unknown-state'),
    [],
  );
  assert.ok(!/NextState|HandleError|DefaultState/.test(items.map((i) => i.edit.newText).join('\n')));
});

test('entry snippets where they belong: a Choice rule in Choices, a catcher in Catch, a retrier in Retry', () => {
  const base = (state: string) => `{
  "StartAt": "S",
  "States": {
    "S": ${state},
    "Done": { "Type": "Succeed" }
  }
}`;
  const rule = completions(base('{ "Type": "Choice", "Choices": [ | ], "Default": "Done" }'));
  assert.deepEqual(
    rule.items.map((i) => i.label),
    ['Choice rule'],
  );
  const withRule = JSON.parse(accept(rule.text, rule.items[0]));
  assert.deepEqual(withRule.States.S.Choices, [{ Variable: '$.status', StringEquals: 'done', Next: 'Done' }]);

  const task = '{ "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [ | ], "Next": "Done" }';
  const catcher = completions(base(task));
  assert.deepEqual(
    catcher.items.map((i) => i.label),
    ['Catcher'],
  );
  assert.deepEqual(JSON.parse(accept(catcher.text, catcher.items[0])).States.S.Catch, [
    { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Done' },
  ]);

  const retrier = completions(base(task.replace('"Catch"', '"Retry"')));
  assert.deepEqual(
    retrier.items.map((i) => i.label),
    ['Retrier'],
  );
  assert.equal(JSON.parse(accept(retrier.text, retrier.items[0])).States.S.Retry[0].MaxAttempts, 3);

  assert.deepEqual(completions(base('{ "Type": "Pass", "Catch": [ | ], "End": true }')).items, [], 'a Pass state has no Catch');
});

test('a state name picked inside a terminated string replaces only what is between the quotes (a snippet placeholder survives)', () => {
  // As after a snippet's `"${4|...|}"` placeholder was typed over: the quotes are not the placeholder's.
  const marked = `{ "StartAt": "A", "States": { "A": { "Type": "Pass", "Next": "Do|" }, "Done": { "Type": "Succeed" } } }`;
  const { items, text } = completions(marked);
  const done = items.find((i) => i.label === 'Done')!;
  assert.equal(covered(text, done.edit), 'Do');
  assert.equal(done.edit.newText, 'Done');
  assert.equal(done.filterText, 'Done');
  assert.match(accept(text, done), /"Next": "Done" \}/);
  // A key is still replaced whole (what the editor filters on starts at its quote).
  const key = completions(`{ "StartAt": "A", "States": { "A": { "Type": "Pass", "Ne|" } } }`).items.find((i) => i.label === 'Next')!;
  assert.ok(key.filterText!.startsWith('"'));
});
