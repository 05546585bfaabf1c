import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../server/src/core';
import { INTRINSIC_SIGNATURES } from '../../server/src/core/intrinsics/signatures';
import { FUNCTION_NAMES } from '../../server/src/core/jsonata/builtins';
import { JSONATA_FUNCTIONS_BY_NAME } from '../../server/src/core/language/data/jsonataFunctions';
import { lambdaArnsIn } from '../../server/src/core/language';
import { accept, completions, covered, labels, sortedLabels } from './language-helpers';

// Every document below is unfinished, as when typing: unterminated strings, missing values,
// missing commas and closing braces.

const FLOW = `{
  "StartAt": "Validate",
  "States": {
    "Validate": { "Type": "Pass", "Next": "Charge" },
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
      "Next": "|
    },
    "Notify": { "Type": "Pass", "Next": "Done" },
    "Audit": { "Type": "Pass", "Next": "Done" },
    "Done": { "Type": "Succeed" }
  }
}`;

test('Next: the states of the scope, those nothing leads to first, the state itself last', () => {
  const { items, text } = completions(FLOW);
  assert.deepEqual(sortedLabels(items), ['Notify', 'Audit', 'Validate', 'Done', 'Charge']);
  const notify = items.find((i) => i.label === 'Notify')!;
  assert.equal(notify.preselect, true);
  assert.match(notify.detail!, /Pass state \(nothing leads here yet\)/);
  // The unterminated string is replaced by the quoted name.
  assert.equal(covered(text, notify.edit), '"');
  const after = accept(text, notify);
  assert.match(after, /"Next": "Notify"\n/);
});

test('Next: a half-typed name and a value not yet started', () => {
  const typed = completions(FLOW.replace('"Next": "|', '"Next": "No|'));
  assert.ok(typed.items.some((i) => i.label === 'Notify'));
  assert.equal(covered(typed.text, typed.items[0].edit), '"No');
  assert.equal(typed.items[0].filterText?.startsWith('"'), true);

  const empty = completions(FLOW.replace('"Next": "|', '"Next":|'));
  const notify = empty.items.find((i) => i.label === 'Notify')!;
  assert.equal(notify.edit.newText, ' "Notify"', 'a space after the colon');
});

test('StartAt: only the states of the machine scope, not those of a branch', () => {
  const marked = `{
  "StartAt": "|
  "States": {
    "P": { "Type": "Parallel", "Branches": [ { "StartAt": "Inner", "States": { "Inner": { "Type": "Succeed" } } } ], "Next": "Done" },
    "Done": { "Type": "Succeed" }
  }
}`;
  assert.deepEqual(sortedLabels(completions(marked).items), ['P', 'Done']);
  const inBranch = `{
  "StartAt": "P",
  "States": {
    "P": {
      "Type": "Parallel",
      "Branches": [
        {
          "StartAt": "|
          "States": { "Inner": { "Type": "Succeed" } }
        }
      ],
      "Next": "Done"
    },
    "Done": { "Type": "Succeed" }
  }
}`;
  assert.deepEqual(labels(inBranch), ['Inner']);
});

test('Default, a Choice rule Next and a Catch Next: state names of the scope', () => {
  const base = `{
  "StartAt": "Pick",
  "States": {
    "Pick": {
      "Type": "Choice",
      "Choices": [ { "Variable": "$.x", "BooleanEquals": true, "Next": "RULE
      } ],
      "Default": "DEFAULT
    },
    "Work": { "Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Catch": [ { "ErrorEquals": ["States.ALL"], "Next": "CATCH
    } ], "End": true },
    "Oops": { "Type": "Fail" }
  }
}`;
  for (const where of ['RULE', 'DEFAULT', 'CATCH']) {
    const marked = base.replace(where, '|').replace(/"(RULE|DEFAULT|CATCH)/g, '"Work"');
    const got = labels(marked);
    assert.deepEqual([...got].sort(), ['Oops', 'Pick', 'Work'], where);
  }
});

test('Resource: every optimized integration with its patterns, the SDK and activity forms, and Lambda ARNs', () => {
  const marked = `{
  "StartAt": "T",
  "States": {
    "T": {
      "Type": "Task",
      "Resource": "arn:aws:states:::|
    },
    "U": { "Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:used-here", "End": true }
  }
}`;
  const { items } = completions(marked, { lambdaArns: ['arn:aws:lambda:us-east-1:111122223333:function:from-settings'] });
  const got = items.map((i) => i.label);
  for (const arn of [
    'arn:aws:states:::lambda:invoke',
    'arn:aws:states:::lambda:invoke.waitForTaskToken',
    'arn:aws:states:::dynamodb:getItem',
    'arn:aws:states:::dynamodb:putItem',
    'arn:aws:states:::dynamodb:updateItem',
    'arn:aws:states:::dynamodb:deleteItem',
    'arn:aws:states:::sns:publish',
    'arn:aws:states:::sqs:sendMessage',
    'arn:aws:states:::states:startExecution',
    'arn:aws:states:::states:startExecution.sync',
    'arn:aws:states:::states:startExecution.sync:2',
    'arn:aws:states:::events:putEvents',
    'arn:aws:states:::ecs:runTask',
    'arn:aws:states:::ecs:runTask.sync',
    'arn:aws:states:::batch:submitJob.sync',
    'arn:aws:states:::glue:startJobRun.sync',
    'arn:aws:states:::athena:startQueryExecution.sync',
    'arn:aws:states:::bedrock:invokeModel',
    'arn:aws:states:::http:invoke',
    'arn:aws:states:::aws-sdk:SERVICE:ACTION',
    'arn:aws:states:REGION:ACCOUNT:activity:NAME',
    'arn:aws:lambda:eu-west-1:123456789012:function:used-here',
    'arn:aws:lambda:us-east-1:111122223333:function:from-settings',
  ])
    assert.ok(got.includes(arn), `missing ${arn}`);
  assert.ok(!got.includes('arn:aws:states:::glue:startCrawler.sync'), 'only the patterns an integration supports');
  const invoke = items.find((i) => i.label === 'arn:aws:states:::lambda:invoke')!;
  assert.match(invoke.documentation!, /Invoke an AWS Lambda function/);
  const sdk = items.find((i) => i.label === 'arn:aws:states:::aws-sdk:SERVICE:ACTION')!;
  assert.equal(sdk.snippet, true);
  assert.match(sdk.edit.newText, /\$\{1:service\}:\$\{2:apiAction\}/);
  const after = accept(completions(marked).text, invoke);
  assert.match(after, /"Resource": "arn:aws:states:::lambda:invoke"\n/);
});

test('fields of a Task in JSONPath: its own fields, not those already there, with value skeletons', () => {
  const marked = `{
  "StartAt": "T",
  "States": {
    "T": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Re|
    }
  }
}`;
  const { items, text } = completions(marked);
  const got = items.map((i) => i.label);
  for (const f of ['Parameters', 'ResultSelector', 'ResultPath', 'Retry', 'Catch', 'Next', 'End', 'TimeoutSeconds', 'Credentials'])
    assert.ok(got.includes(f), f);
  for (const f of ['Type', 'Resource', 'Arguments', 'Output', 'Choices', 'Seconds']) assert.ok(!got.includes(f), `not ${f}`);
  const retry = items.find((i) => i.label === 'Retry')!;
  const withRetry = accept(text, retry);
  assert.match(withRetry, /"Retry": \[\n\t\{\n\t\t"ErrorEquals": \["Lambda.ServiceException"/);
  assert.match(retry.documentation!, /Retriers/);
  // The result is valid JSON once the missing pieces are there.
  assert.doesNotThrow(() => JSON.parse(withRetry));
  const catcher = accept(
    text,
    items.find((i) => i.label === 'Catch')!,
  );
  // The only state: no target to offer, so an empty placeholder rather than a made-up name.
  assert.deepEqual(JSON.parse(catcher).States.T.Catch, [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: '' }]);
});

test('fields of a JSONata Task: Arguments and Output, no JSONPath fields; Next once End is set is not offered', () => {
  const marked = `{
  "QueryLanguage": "JSONata",
  "StartAt": "T",
  "States": {
    "T": {
      "Type": "Task",
      "End": true,
      "|"
    }
  }
}`;
  const got = labels(marked);
  for (const f of ['Arguments', 'Output', 'Assign', 'Retry', 'Catch']) assert.ok(got.includes(f), f);
  for (const f of ['Parameters', 'ResultPath', 'InputPath', 'OutputPath', 'ResultSelector', 'Next', 'End'])
    assert.ok(!got.includes(f), `not ${f}`);
});

test('fields of a Choice rule, a catcher and a retrier', () => {
  const rule = labels(`{ "StartAt": "C", "States": { "C": { "Type": "Choice", "Choices": [ { "Variable": "$.x", "| } ] } } }`);
  for (const f of ['StringEquals', 'NumericGreaterThan', 'IsPresent', 'Next', 'And']) assert.ok(rule.includes(f), f);
  assert.ok(!rule.includes('Variable'));
  const catcher = labels(
    `{ "StartAt": "T", "States": { "T": { "Type": "Task", "Resource": "x", "Catch": [ { "ErrorEquals": ["States.ALL"], "| } ] } } }`,
  );
  assert.deepEqual([...catcher].sort(), ['Assign', 'Comment', 'Next', 'ResultPath']);
  const retrier = labels(`{ "StartAt": "T", "States": { "T": { "Type": "Task", "Resource": "x", "Retry": [ { "| } ] } } }`);
  assert.ok(retrier.includes('ErrorEquals') && retrier.includes('BackoffRate') && retrier.includes('JitterStrategy'));
});

test('a missing comma before the new key is added, and one after it when an entry follows', () => {
  const marked = `{
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Pass"
      "N|
      "Comment": "x"
    }
  }
}`;
  const { items, text } = completions(marked);
  const next = items.find((i) => i.label === 'Next')!;
  assert.deepEqual(
    next.additionalEdits?.map((e) => [covered(text, { offset: e.offset - 1, length: 1 }), e.newText]),
    [['"', ',']],
  );
  assert.equal(next.retrigger, true, 'the state names are asked for right after');
  // The unterminated key runs to the end of its line; the next line's entry needs no comma from us.
  const after = accept(text, next);
  assert.match(after, /"Type": "Pass",\n {6}"Next": ""\n/);
});

test('a key typed without its quote is completed too', () => {
  const { items, text } = completions(`{
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Wait",
      Sec|
    }
  }
}`);
  const seconds = items.find((i) => i.label === 'Seconds')!;
  assert.equal(covered(text, seconds.edit), 'Sec');
  assert.equal(seconds.filterText, 'Seconds');
  assert.match(accept(text, seconds), /"Seconds": 10\n/);
});

test('a new state in States: skeletons of each type, named after what was typed', () => {
  const marked = `{
  "StartAt": "Check",
  "States": {
    "Check": { "Type": "Pass", "Next": "Charge card" },
    "Charge card|
  }
}`;
  const { items, text } = completions(marked);
  assert.deepEqual(
    items.map((i) => i.label),
    [
      'Task: invoke a Lambda function',
      'Pass',
      'Choice: one rule and a Default',
      'Wait',
      'Succeed',
      'Fail',
      'Parallel: two branches',
      'Map: an ItemProcessor per item',
    ],
  );
  for (const item of items) {
    assert.ok(item.filterText!.startsWith('"Charge card'), 'what was typed always matches');
    const after = accept(text, item);
    const parsed = JSON.parse(after);
    assert.ok(parsed.States['Charge card'], `${item.label} keeps the typed name`);
  }
  const task = JSON.parse(accept(text, items[0])).States['Charge card'];
  assert.equal(task.Resource, 'arn:aws:states:::lambda:invoke');
  assert.ok(task.Retry[0].ErrorEquals.includes('Lambda.TooManyRequestsException'));
  assert.deepEqual(task.Catch[0].ErrorEquals, ['States.ALL']);
  const choice = JSON.parse(accept(text, items[2])).States['Charge card'];
  assert.equal(choice.Choices.length, 1);
  // Targets are the scope's existing states (a snippet choice), never names that do not exist.
  assert.equal(choice.Default, 'Check');
  assert.match(items[2].edit.newText, /"Default": "\$\{5\|Check\|\}"/);
  const parallel = JSON.parse(accept(text, items[6])).States['Charge card'];
  assert.equal(parallel.Branches.length, 2);
  const map = JSON.parse(accept(text, items[7])).States['Charge card'];
  assert.equal(map.ItemProcessor.StartAt, 'ProcessItem');
  assert.ok(map.ItemProcessor.States.ProcessItem);
});

test('new-state skeletons of a JSONata machine are JSONata and validate cleanly (no other state: the Task ends)', () => {
  const marked = `{
  "QueryLanguage": "JSONata",
  "StartAt": "Step",
  "States": {
    "|
  }
}`;
  const { items, text } = completions(marked);
  const task = items[0];
  const after = accept(text, task).replace('"StartAt": "Step"', '"StartAt": "InvokeFunction"');
  const parsed = JSON.parse(after).States.InvokeFunction;
  assert.equal(parsed.Output, '{% $states.result.Payload %}');
  assert.equal(parsed.Arguments.Payload, '{% $states.input %}');
  const codes = validate(after).map((d) => d.code);
  assert.deepEqual(codes, [], 'no dangling Next or Catch Next');
  assert.equal(parsed.End, true);
});

test('Type: the eight state types, and a state without a Type is offered Type first', () => {
  assert.deepEqual(labels(`{ "StartAt": "A", "States": { "A": { "Type": "|`), [
    'Task',
    'Pass',
    'Choice',
    'Wait',
    'Succeed',
    'Fail',
    'Parallel',
    'Map',
  ]);
  const { items } = completions(`{ "StartAt": "A", "States": { "A": { "|`);
  assert.equal(items[0].label, 'Type');
  assert.equal(items[0].preselect, true);
  assert.match(items[0].edit.newText, /\$\{1\|Task,Pass,Choice,Wait,Succeed,Fail,Parallel,Map\|\}/);
});

test('enumerations and booleans: QueryLanguage, JitterStrategy, End', () => {
  assert.deepEqual(labels(`{ "StartAt": "A", "States": { "A": { "Type": "Pass", "QueryLanguage": "|`), ['JSONPath', 'JSONata']);
  assert.deepEqual(
    labels(`{ "StartAt": "T", "States": { "T": { "Type": "Task", "Resource": "x", "Retry": [ { "JitterStrategy": "F| } ] } } }`),
    ['FULL', 'NONE'],
  );
  const { items, text } = completions(`{ "StartAt": "A", "States": { "A": { "Type": "Pass", "End": tr|`);
  assert.deepEqual(
    items.map((i) => i.label),
    ['true'],
  );
  assert.equal(covered(text, items[0].edit), 'tr');
});

test('machine-level fields, and a whole machine for an empty document', () => {
  const top = labels(`{ "StartAt": "A", "States": { "A": { "Type": "Succeed" } }, "|`);
  assert.deepEqual([...top].sort(), ['Comment', 'QueryLanguage', 'TimeoutSeconds', 'Version']);
  const { items, text } = completions('|');
  assert.deepEqual(
    items.map((i) => i.label),
    ['State machine (JSONPath)', 'State machine (JSONata)'],
  );
  for (const item of items) assert.deepEqual(validate(accept(text, item)), [], item.label);
  assert.equal(JSON.parse(accept(text, items[1])).QueryLanguage, 'JSONata');
});

test('inside {% %}: JSONata functions with the Step Functions additions, $states and the variables in scope', () => {
  const marked = `{
  "QueryLanguage": "JSONata",
  "StartAt": "Load",
  "States": {
    "Load": { "Type": "Pass", "Assign": { "orderId": "{% $states.input.id %}" }, "Next": "Use" },
    "Use": { "Type": "Pass", "Output": "{% $ord|, "Next": "Later" },
    "Later": { "Type": "Pass", "Assign": { "late": 1 }, "End": true }
  }
}`;
  const { items, text } = completions(marked);
  const got = items.map((i) => i.label);
  for (const name of ['$states', '$orderId', '$partition', '$range', '$hash', '$random', '$uuid', '$parse', '$sum', '$substring'])
    assert.ok(got.includes(name), name);
  assert.ok(!got.includes('$late'), 'a variable assigned only after this state is not offered');
  assert.ok(!got.includes('$eval'));
  const orderId = items.find((i) => i.label === '$orderId')!;
  assert.equal(covered(text, orderId.edit), '$ord');
  const hash = items.find((i) => i.label === '$hash')!;
  assert.equal(hash.detail, '$hash(value, algorithm)');
  assert.equal(hash.edit.newText, '\\$hash($1)');
});

test('inside {% %}: $states fields and Context object fields', () => {
  const doc = (expr: string) => `{ "QueryLanguage": "JSONata", "StartAt": "A", "States": { "A": { "Type": "Pass", "Output": "{% ${expr}`;
  assert.deepEqual(labels(doc('$states.|')), ['input', 'result', 'errorOutput', 'context']);
  assert.deepEqual(labels(doc('$states.in|')), ['input', 'result', 'errorOutput', 'context']);
  assert.deepEqual(labels(doc('$states.context.|')), ['Execution', 'State', 'StateMachine', 'Task', 'Map']);
  assert.ok(labels(doc('$states.context.Execution.|')).includes('StartTime'));
  assert.deepEqual(labels(doc('1 + |')).length > 60, true, 'everything starting with $ when nothing is typed');
  assert.deepEqual(labels(doc('$states.input %} and more|')), [], 'after the closing %}');
  assert.deepEqual(
    labels(`{ "StartAt": "A", "States": { "A": { "Type": "Pass", "Comment": "{% $|`),
    [],
    'JSONPath states evaluate no {% %}',
  );
});

test('a .$ value in a JSONPath state: the 18 intrinsic functions with signatures, $$ Context fields, variables', () => {
  const doc = (value: string) =>
    `{ "StartAt": "A", "States": { "A": { "Type": "Pass", "Assign": { "n": 1 }, "Next": "B" }, "B": { "Type": "Pass", "Parameters": { "x.$": "${value}\n`;
  const { items } = completions(doc('States.|'));
  const intrinsics = items.filter((i) => i.kind === 'function');
  assert.equal(intrinsics.length, 18);
  assert.deepEqual(intrinsics.map((i) => i.label).sort(), INTRINSIC_SIGNATURES.map((s) => s.name).sort());
  assert.equal(items.find((i) => i.label === 'States.Format')!.detail, 'States.Format(template, value...)');
  assert.equal(items.find((i) => i.label === 'States.UUID')!.edit.newText, 'States.UUID()');
  assert.deepEqual(labels(doc('$$.|')), ['Execution', 'State', 'StateMachine', 'Task', 'Map']);
  assert.deepEqual(labels(doc('$$.Execution.|')).slice(0, 3), ['Id', 'Input', 'Name']);
  assert.ok(labels(doc("States.Format('{}', $|")).includes('$n'), 'a variable assigned before B');
  assert.ok(labels(doc('|')).includes('$$.Execution'));
  // A path field takes no intrinsics.
  const path = labels(`{ "StartAt": "A", "States": { "A": { "Type": "Pass", "InputPath": "$$.|\n`);
  assert.deepEqual(path, ['Execution', 'State', 'StateMachine', 'Task', 'Map']);
  assert.deepEqual(
    labels(`{ "StartAt": "A", "States": { "A": { "Type": "Pass", "Parameters": { "plain": "States.|\n`),
    [],
    'a key without .$ holds a literal',
  );
});

test('ErrorEquals: States errors, Lambda exceptions for Lambda tasks, none listed twice', () => {
  const doc = (resource: string, listed: string) =>
    `{ "StartAt": "T", "States": { "T": { "Type": "Task", "Resource": "${resource}", "Retry": [ { "ErrorEquals": [${listed}"|\n`;
  const lambda = labels(doc('arn:aws:states:::lambda:invoke', ''));
  for (const e of [
    'States.ALL',
    'States.Timeout',
    'States.TaskFailed',
    'States.Permissions',
    'Lambda.ServiceException',
    'Lambda.TooManyRequestsException',
  ])
    assert.ok(lambda.includes(e), e);
  const sns = labels(doc('arn:aws:states:::sns:publish', '"States.Timeout", '));
  assert.ok(!sns.some((e) => e.startsWith('Lambda.')), 'no Lambda errors for SNS');
  assert.ok(!sns.includes('States.Timeout'), 'already listed');
  assert.ok(!sns.includes('States.ALL'), 'States.ALL must stand alone');
});

test('FunctionName in Parameters offers the known Lambda functions', () => {
  const got = labels(
    `{ "StartAt": "T", "States": { "T": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": { "FunctionName": "|\n`,
    {
      lambdaArns: ['arn:aws:lambda:us-east-1:123456789012:function:a'],
    },
  );
  assert.deepEqual(got, ['arn:aws:lambda:us-east-1:123456789012:function:a']);
});

test('no completion where nothing fits: after a complete value, in a Comment, outside the root', () => {
  assert.deepEqual(labels(`{ "StartAt": "A"|, "States": {} }`), []);
  assert.deepEqual(labels(`{ "StartAt": "A", "Comment": "hello |", "States": {} }`), []);
  assert.deepEqual(labels(`{ "StartAt": "A", "States": {} } |`), []);
});

test('every JSONata function the rules accept has a signature', () => {
  for (const name of FUNCTION_NAMES) assert.ok(JSONATA_FUNCTIONS_BY_NAME.has(name), name);
  for (const name of JSONATA_FUNCTIONS_BY_NAME.keys()) assert.ok(FUNCTION_NAMES.has(name), `${name} is not callable in Step Functions`);
});

test('Lambda function ARNs are found in any text once each, with their qualifier', () => {
  const text =
    '"arn:aws:lambda:us-east-1:123456789012:function:a" "arn:aws:lambda:us-east-1:123456789012:function:a:prod" arn:aws:lambda:us-east-1:123456789012:function:a x';
  assert.deepEqual(lambdaArnsIn(text), [
    'arn:aws:lambda:us-east-1:123456789012:function:a',
    'arn:aws:lambda:us-east-1:123456789012:function:a:prod',
  ]);
  assert.deepEqual(lambdaArnsIn('{"Resource": "arn:aws:states:::lambda:invoke"}'), []);
});
