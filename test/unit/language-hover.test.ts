import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hover } from '../../server/src/core/language';
import { at, covered } from './language-helpers';

function hoverAt(marked: string) {
  const { text, offset, machine } = at(marked);
  const h = hover(machine, offset);
  return h ? { contents: h.contents, covers: covered(text, h) } : undefined;
}

const MACHINE = `{
  "StartAt": "Fetch",
  "States": {
    "Fetch": {
      "Comment": "Loads the order",
      "Type": "Task",
      "Resource": "arn:aws:states:::dynamodb:getItem",
      "Retry": [ { "ErrorEquals": ["States.Timeout"], "MaxAttempts": 2 } ],
      "Catch": [ { "ErrorEquals": ["States.ALL"], "Next": "Failed" } ],
      "Next": "Route"
    },
    "Route": {
      "Type": "Choice",
      "Choices": [ { "Variable": "$.ok", "BooleanEquals": true, "Next": "Done" } ],
      "Default": "Failed"
    },
    "Done": { "Type": "Succeed" },
    "Failed": { "Type": "Fail", "Error": "OrderFailed" }
  }
}`;

test('a state name: its type, comment, where it goes and what leads to it', () => {
  const h = hoverAt(MACHINE.replace('"Fetch": {', '"Fe|tch": {'))!;
  assert.equal(h.covers, '"Fetch"');
  assert.match(h.contents, /\*\*Task\*\* state "Fetch"/);
  assert.match(h.contents, /Loads the order/);
  assert.match(h.contents, /next `Route`; on errors `Failed`/);
  assert.match(h.contents, /Reached from `StartAt`/);
  const route = hoverAt(MACHINE.replace('"Next": "Route"', '"Next": "Ro|ute"'))!;
  assert.equal(route.covers, '"Route"', 'a transition shows the state it names');
  assert.match(route.contents, /\*\*Choice\*\* state "Route"[\s\S]*by its rules `Done`; by default `Failed`[\s\S]*Reached from `Fetch`/);
  const failed = hoverAt(MACHINE.replace('"Failed": {', '"Fail|ed": {'))!;
  assert.match(failed.contents, /fails the execution/);
  assert.match(failed.contents, /Reached from `Fetch`, `Route`/);
});

test('a transition to a state that does not exist says so', () => {
  const h = hoverAt(MACHINE.replace('"Default": "Failed"', '"Default": "Fai|lure"'))!;
  assert.match(h.contents, /No state named "Failure" in the state machine/);
});

test('a field name: its documentation, in the context of its object', () => {
  const retry = hoverAt(MACHINE.replace('"Retry"', '"Re|try"'))!;
  assert.equal(retry.covers, '"Retry"');
  assert.match(retry.contents, /\*\*Retry\*\*: an array of retriers/);
  const next = hoverAt(MACHINE.replace('"ErrorEquals": ["States.ALL"], "Next"', '"ErrorEquals": ["States.ALL"], "Ne|xt"'))!;
  assert.match(next.contents, /The state to go to when this catcher handles the error/);
  const op = hoverAt(MACHINE.replace('"BooleanEquals"', '"Boolean|Equals"'))!;
  assert.match(op.contents, /boolean at `Variable` equals this boolean/);
  const start = hoverAt(MACHINE.replace('"StartAt"', '"Start|At"'))!;
  assert.match(start.contents, /The name of the state to run first/);
});

test('a Resource: what the integration does and its pattern; a Lambda function ARN; an activity', () => {
  const h = hoverAt(MACHINE.replace('dynamodb:getItem', 'dynamodb:get|Item'))!;
  assert.match(h.contents, /\*\*dynamodb:getItem\*\* \(optimized integration\)/);
  assert.match(h.contents, /Read one item from a DynamoDB table/);
  assert.match(h.contents, /Request-response/);
  const sync = hoverAt(MACHINE.replace('arn:aws:states:::dynamodb:getItem', 'arn:aws:states:::states:startExecution.sync:|2'))!;
  assert.match(sync.contents, /nested Step Functions execution[\s\S]*\.sync:2/);
  const fn = hoverAt(MACHINE.replace('arn:aws:states:::dynamodb:getItem', 'arn:aws:lambda:us-east-1:123456789012:function:load|-order'))!;
  assert.match(fn.contents, /\*\*Lambda function\*\* `load-order` in us-east-1/);
  const sdk = hoverAt(MACHINE.replace('arn:aws:states:::dynamodb:getItem', 'arn:aws:states:::aws-sdk:s3:list|Buckets'))!;
  assert.match(sdk.contents, /calls the `s3` API `listBuckets`/);
});

test('an error name, a state type', () => {
  const e = hoverAt(MACHINE.replace('["States.Timeout"]', '["States.Time|out"]'))!;
  assert.equal(e.covers, '"States.Timeout"');
  assert.match(e.contents, /longer than `TimeoutSeconds`/);
  const t = hoverAt(MACHINE.replace('"Type": "Choice"', '"Type": "Cho|ice"'))!;
  assert.match(t.contents, /\*\*Choice\*\* state[\s\S]*first matching rule/);
});

test('an intrinsic function, a Context field and a variable in a JSONPath payload', () => {
  const doc = `{ "StartAt": "A", "States": {
    "A": { "Type": "Pass", "Assign": { "total": 3 }, "Next": "B" },
    "B": { "Type": "Pass", "Parameters": { "id.$": "States.Format('{}-{}', $$.Execution.Name, $total)" }, "End": true } } }`;
  const fmt = hoverAt(doc.replace('States.Format(', 'States.For|mat('))!;
  assert.equal(fmt.covers, 'States.Format');
  assert.match(fmt.contents, /States\.Format\(template, value\.\.\.\)/);
  assert.match(fmt.contents, /each '\{\}' is replaced/);
  const ctx = hoverAt(doc.replace('$$.Execution.Name', () => '$$.Execution.Na|me'))!;
  assert.equal(ctx.covers, '$$.Execution.Name');
  assert.match(ctx.contents, /The name of the execution/);
  const v = hoverAt(doc.replace('$total)', '$to|tal)'))!;
  assert.equal(v.covers, '$total');
  assert.match(v.contents, /Workflow variable `\$total`, assigned by `A`/);
});

test('inside {% %}: a JSONata function signature, $states fields, Context fields, a variable', () => {
  const doc = `{ "QueryLanguage": "JSONata", "StartAt": "A", "States": {
    "A": { "Type": "Pass", "Assign": { "items": [1, 2] }, "Next": "B" },
    "B": { "Type": "Pass", "Output": "{% $partition($items, 2) & $states.context.Execution.Id & $states.input.x %}", "End": true } } }`;
  const fn = hoverAt(doc.replace('$partition(', '$parti|tion('))!;
  assert.equal(fn.covers, '$partition');
  assert.match(fn.contents, /\$partition\(array, size\)[\s\S]*Added by Step Functions/);
  const v = hoverAt(doc.replace('$items,', '$ite|ms,'))!;
  assert.match(v.contents, /Workflow variable `\$items`, assigned by `A`/);
  const id = hoverAt(doc.replace('Execution.Id', 'Execution.I|d'))!;
  assert.equal(id.covers, '$states.context.Execution.Id');
  assert.match(id.contents, /The execution ARN/);
  const input = hoverAt(doc.replace('$states.input.x', '$states.in|put.x'))!;
  assert.equal(input.covers, '$states.input');
  assert.match(input.contents, /The state input/);
});

test('nothing to say: a plain value, whitespace, a broken document', () => {
  assert.equal(hoverAt(MACHINE.replace('"OrderFailed"', '"Order|Failed"')), undefined);
  assert.equal(hoverAt(MACHINE.replace('"States": {', '"States": {  |')), undefined);
  assert.equal(hoverAt('{ "StartAt": "A", "States": { "A": { "Foo|bar": 1 } } }'), undefined, 'an unknown key of an untyped state');
  // A half-typed document still gets the documentation of the key being typed.
  assert.match(hoverAt('{ "StartAt": "A", "States": { "A": { "Ty|pe')!.contents, /The kind of state/);
});
