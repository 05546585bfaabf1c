import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, validate } from '../../server/src/core';
import { codeActions, type CodeAction } from '../../server/src/core/language';
import { analyzed, applyEdits } from './language-helpers';

/** The actions at the cursor, given the diagnostics of the same analysis. */
function actionsAt(marked: string): { text: string; actions: CodeAction[] } {
  const { text, offset, analysis } = analyzed(marked);
  return { text, actions: codeActions(analysis.machine, analysis.diagnostics, { offset, length: 0 }) };
}

function only(actions: CodeAction[], title: RegExp): CodeAction {
  const found = actions.filter((a) => title.test(a.title));
  assert.equal(found.length, 1, `one action matching ${title}: ${actions.map((a) => a.title).join(' | ')}`);
  return found[0];
}

test('did you mean: an unknown state is replaced by the suggestion', () => {
  const { text, actions } = actionsAt(`{
  "StartAt": "Check",
  "States": {
    "Check": { "Type": "Pass", "Next": "Shp|Order" },
    "ShipOrder": { "Type": "Succeed" }
  }
}`);
  const fix = only(actions, /Change to "ShipOrder"/);
  assert.equal(fix.kind, 'quickfix');
  assert.equal(fix.preferred, true);
  assert.equal(fix.diagnostics?.[0].code, 'unknown-state');
  const after = applyEdits(text, fix.edits);
  assert.match(after, /"Next": "ShipOrder"/);
  assert.deepEqual(validate(after), []);
});

test('did you mean: an unknown field, a misspelt state type, an undefined variable', () => {
  const field = actionsAt(`{ "StartAt": "A", "States": { "A": { "Type": "Pass", "Nxet|": "B" }, "B": { "Type": "Succeed" } } }`);
  const f = only(field.actions, /Change to "Next"/);
  assert.deepEqual(validate(applyEdits(field.text, f.edits)), []);

  const type = actionsAt(`{ "StartAt": "A", "States": { "A": { "Type": "Pas|", "End": true } } }`);
  assert.deepEqual(validate(applyEdits(type.text, only(type.actions, /Change to "Pass"/).edits)), []);

  const variable = actionsAt(`{ "QueryLanguage": "JSONata", "StartAt": "A", "States": {
    "A": { "Type": "Pass", "Assign": { "total": 1 }, "Next": "B" },
    "B": { "Type": "Pass", "Output": "{% $tota|l2 %}", "End": true } } }`);
  const v = only(variable.actions, /Change to "\$total"/);
  const after = applyEdits(variable.text, v.edits);
  assert.match(after, /"\{% \$total %\}"/);
  assert.deepEqual(validate(after), []);
});

test('a state with neither Next nor End: add "End": true, or a Next to the state nothing leads to', () => {
  const marked = `{
  "StartAt": "Load",
  "States": {
    "Load": {
      "Type": "Task",
      "Resource": "arn:aws:states:::sqs:sendMessage"|
    },
    "Store": { "Type": "Succeed" }
  }
}`;
  const { text, actions } = actionsAt(marked);
  const end = only(actions, /Add "End": true to "Load"/);
  assert.equal(end.diagnostics?.[0].code, 'exclusive-fields');
  const withEnd = applyEdits(text, end.edits);
  assert.match(withEnd, /"Resource": "arn:aws:states:::sqs:sendMessage",\n {6}"End": true\n {4}\}/, 'on its own line, lined up');
  assert.deepEqual(
    validate(withEnd).map((d) => d.code),
    ['unreachable-state'],
  );
  const next = only(actions, /Add "Next": "Store" to "Load"/);
  assert.deepEqual(validate(applyEdits(text, next.edits)), []);
});

test('add End to a state written on one line, or an empty-bodied state', () => {
  const one = actionsAt(`{ "StartAt": "A", "States": { "A": { "Type": "Pass"| } } }`);
  assert.equal(
    applyEdits(one.text, only(one.actions, /Add "End"/).edits),
    '{ "StartAt": "A", "States": { "A": { "Type": "Pass", "End": true } } }',
  );
  // Only the states that need one get the fix.
  const choice = actionsAt(`{ "StartAt": "A", "States": { "A": { "Type": "Choice", "Choices": [] |} } }`);
  assert.equal(choice.actions.filter((a) => /Add/.test(a.title)).length, 0);
});

test('delete an unreachable state, with the comma that tied it to its neighbours', () => {
  const middle = `{
  "StartAt": "A",
  "States": {
    "A": { "Type": "Pass", "Next": "C" },
    "Or|phan": { "Type": "Pass", "Next": "C" },
    "C": { "Type": "Succeed" }
  }
}`;
  const m = actionsAt(middle);
  const del = only(m.actions, /Delete the unreachable state "Orphan"/);
  const after = applyEdits(m.text, del.edits);
  assert.equal(
    after,
    `{
  "StartAt": "A",
  "States": {
    "A": { "Type": "Pass", "Next": "C" },
    "C": { "Type": "Succeed" }
  }
}`,
  );
  assert.deepEqual(validate(after), []);

  const last = actionsAt(`{
  "StartAt": "A",
  "States": {
    "A": { "Type": "Succeed" },
    "La|st": { "Type": "Succeed" }
  }
}`);
  const after2 = applyEdits(last.text, only(last.actions, /Delete/).edits);
  assert.equal(
    after2,
    `{
  "StartAt": "A",
  "States": {
    "A": { "Type": "Succeed" }
  }
}`,
  );

  const inline = actionsAt(`{"StartAt":"A","States":{"X|":{"Type":"Succeed"},"A":{"Type":"Succeed"}}}`);
  assert.equal(applyEdits(inline.text, only(inline.actions, /Delete/).edits), '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}');
});

test('convert a Lambda ARN Task to lambda:invoke (JSONPath): FunctionName, Payload.$ and OutputPath', () => {
  const marked = `{
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge|",
      "End": true
    }
  }
}`;
  const { text, actions } = actionsAt(marked);
  const convert = only(actions, /Convert "Charge" to the lambda:invoke integration$/);
  assert.equal(convert.kind, 'refactor.rewrite');
  const after = applyEdits(text, convert.edits);
  assert.equal(
    after,
    `{
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {
        "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:charge",
        "Payload.$": "$"
      },
      "OutputPath": "$.Payload",
      "End": true
    }
  }
}`,
  );
  assert.deepEqual(validate(after), []);
});

test('convert keeps existing Parameters as the Payload and moves ResultSelector paths under Payload', () => {
  const marked = `{
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
      "Parameters": {
        "amount.$": "$.total"
      },
      "ResultSelector": { "id.$": "$.chargeId", "all.$": "$" },
      "ResultPath": "$.charge",
      "End": true|
    }
  }
}`;
  const { text, actions } = actionsAt(marked);
  const after = applyEdits(text, only(actions, /Convert/).edits);
  const state = JSON.parse(after).States.Charge;
  assert.deepEqual(state.Parameters, {
    FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:charge',
    Payload: { 'amount.$': '$.total' },
  });
  assert.deepEqual(state.ResultSelector, { 'id.$': '$.Payload.chargeId', 'all.$': '$.Payload' });
  assert.equal(state.ResultPath, '$.charge');
  assert.equal(state.OutputPath, undefined);
  assert.match(after, /"Payload": \{\n {10}"amount\.\$": "\$\.total"\n {8}\}/, 'the moved object is indented one level deeper');
  assert.deepEqual(validate(after), []);

  // With a ResultPath and no ResultSelector the shape of the result changes: the title says so.
  const loose = actionsAt(marked.replace(/\s*"ResultSelector": \{[^}]*\},/, ''));
  assert.match(only(loose.actions, /Convert/).title, /review ResultPath and OutputPath/);
});

test('convert in JSONata: Arguments with FunctionName and Payload, Output from $states.result.Payload', () => {
  const bare = actionsAt(`{
  "QueryLanguage": "JSONata",
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
      "End": true|
    }
  }
}`);
  const after = applyEdits(bare.text, only(bare.actions, /Convert/).edits);
  const state = JSON.parse(after).States.Charge;
  assert.deepEqual(state.Arguments, {
    FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:charge',
    Payload: '{% $states.input %}',
  });
  assert.equal(state.Output, '{% $states.result.Payload %}');
  assert.deepEqual(validate(after), []);

  const existing =
    actionsAt(`{ "QueryLanguage": "JSONata", "StartAt": "C", "States": { "C": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
    "Arguments": { "amount": "{% $states.input.total %}" }, "Output": "{% $states.result.id %}", "Assign": { "r": "{% $states.result %}" }, "End": true| } } }`);
  const after2 = JSON.parse(applyEdits(existing.text, only(existing.actions, /Convert/).edits)).States.C;
  assert.deepEqual(after2.Arguments.Payload, { amount: '{% $states.input.total %}' });
  assert.equal(after2.Output, '{% $states.result.Payload.id %}');
  assert.deepEqual(after2.Assign, { r: '{% $states.result.Payload %}' });
});

test('no convert for an integration ARN or a non-Task', () => {
  const { actions } = actionsAt(
    `{ "StartAt": "A", "States": { "A": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true| } } }`,
  );
  assert.equal(actions.length, 0);
});

test('actions come only from diagnostics in the range', () => {
  const text = `{ "StartAt": "A", "States": { "A": { "Type": "Pass", "Next": "Bb" }, "B": { "Type": "Succeed" } } }`;
  const analysis = analyze(text);
  const atStart = codeActions(analysis.machine, analysis.diagnostics, { offset: 0, length: 1 });
  assert.equal(atStart.length, 0);
});
