// A ${Name} in a definition file a template links (core/templates/linked.ts): the placeholder under
// the cursor, and what the linking machine's DefinitionSubstitutions give it. AWS SAM Developer
// Guide, AWS::Serverless::StateMachine, DefinitionSubstitutions: "a string-to-string map that
// specifies the mappings for placeholder variables in the state machine definition"; its values
// may come from intrinsic functions (!GetAtt, !Ref, !Sub). A Serverless `${...}` is the
// framework's variable syntax, resolved by the framework, in files it loads too (Serverless
// Framework docs, "Variables": `${self:...}`, `${env:...}`, "recursively reference properties of
// any type from other YAML / JSON files"), not a DefinitionSubstitutions name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeLinkedPlaceholder, linkedValue, openTemplate, placeholderAt } from '../../server/src/core/templates';

test('placeholderAt: the ${Name} under the cursor, its closing brace included; nothing beside one or for an empty name', () => {
  const text = '{\r\n  "Resource": "${A}-${ Bee }",\r\n  "X": "${}"\r\n}';
  const a = text.indexOf('${A}');
  assert.deepEqual(placeholderAt(text, a), { name: 'A', range: { offset: a, length: 4 } });
  assert.deepEqual(placeholderAt(text, a + 4), { name: 'A', range: { offset: a, length: 4 } });
  const b = text.indexOf('${ Bee }');
  // Names are trimmed as the template's analysis trims them (substitute.ts).
  assert.deepEqual(placeholderAt(text, b + 3), { name: 'Bee', range: { offset: b, length: 8 } });
  assert.equal(placeholderAt(text, a - 2), undefined);
  assert.equal(placeholderAt(text, text.indexOf('${}') + 1), undefined);
  assert.equal(placeholderAt(text, 0), undefined);
  assert.equal(placeholderAt(text, text.length), undefined);
  // YAML writes it unquoted; the last line has no line break after it.
  const yaml = 'States:\n  A:\n    Resource: ${FnArn}';
  assert.deepEqual(placeholderAt(yaml, yaml.length - 1), { name: 'FnArn', range: { offset: yaml.indexOf('${'), length: 8 } });
});

const SAM = [
  'Transform: AWS::Serverless-2016-10-31',
  'Parameters:',
  '  Stage:',
  '    Type: String',
  '    Default: dev',
  'Resources:',
  '  Worker:',
  '    Type: AWS::Serverless::Function',
  '  Flow:',
  '    Type: AWS::Serverless::StateMachine',
  '    Properties:',
  '      DefinitionUri: statemachine/flow.asl.json',
  '      DefinitionSubstitutions:',
  '        WorkerArn: !GetAtt Worker.Arn',
  '        StageName: !Ref Stage',
  '        Bucket: my-bucket',
  "        Prefix: !Sub '${AWS::StackName}-${Stage}'",
  '',
].join('\n');

test('linkedValue: a GetAtt and a Ref are typed, a literal is itself, an Fn::Sub as written, a missing name undeclared', () => {
  const t = openTemplate(SAM, 'template.yaml');
  assert.ok(t);
  const flow = t.machines[0];
  const worker = linkedValue(t.host, flow, 'WorkerArn');
  assert.equal(worker.kind, 'symbol');
  assert.ok(worker.kind === 'symbol');
  assert.equal(worker.written, '!GetAtt Worker.Arn');
  assert.equal(worker.symbol.kind, 'lambda-arn');
  assert.equal(SAM.slice(worker.declared.keyRange.offset, worker.declared.keyRange.offset + worker.declared.keyRange.length), 'WorkerArn');
  const stage = linkedValue(t.host, flow, 'StageName');
  assert.ok(stage.kind === 'symbol' && stage.symbol.kind === 'parameter');
  assert.deepEqual((({ kind, value }) => ({ kind, value }))(linkedValue(t.host, flow, 'Bucket') as { kind: string; value: string }), {
    kind: 'literal',
    value: 'my-bucket',
  });
  const prefix = linkedValue(t.host, flow, 'Prefix');
  assert.ok(prefix.kind === 'other');
  assert.equal(prefix.written, "!Sub '${AWS::StackName}-${Stage}'");
  assert.deepEqual(linkedValue(t.host, flow, 'Nobody'), { kind: 'undeclared' });

  const text = describeLinkedPlaceholder('WorkerArn', [
    { template: 'template.yaml', target: 'file:///w/template.yaml#L14', machine: 'Flow', value: worker },
    { template: 'prod.yaml', machine: 'Flow', value: { kind: 'undeclared' } },
  ]);
  assert.equal(
    text,
    [
      '`${WorkerArn}` in the templates that link this file:',
      '',
      '- [template.yaml](file:///w/template.yaml#L14), state machine `Flow`: `!GetAtt Worker.Arn`: the Arn of Worker (AWS::Serverless::Function): a Lambda function ARN.',
      '- `prod.yaml`, state machine `Flow`: not declared in its DefinitionSubstitutions: Step Functions leaves it in the definition as written.',
      '',
      'Known when the stack is deployed; checked here by its kind only.',
    ].join('\n'),
  );
});

test('linkedValue: a long value is shortened on one line; a Serverless machine has no DefinitionSubstitutions', () => {
  const long = SAM.replace("!Sub '${AWS::StackName}-${Stage}'", `!Sub '${'x'.repeat(200)}'`);
  const t = openTemplate(long, 'template.yaml');
  assert.ok(t);
  const prefix = linkedValue(t.host, t.machines[0], 'Prefix');
  assert.ok(prefix.kind === 'other');
  assert.equal(prefix.written.length, 80);
  assert.ok(prefix.written.endsWith('…'));

  const sls = openTemplate(
    'service: s\nstepFunctions:\n  stateMachines:\n    Flow:\n      definition: ${file(flow.json)}\n',
    'serverless.yml',
  );
  assert.ok(sls);
  assert.deepEqual(linkedValue(sls.host, sls.machines[0], 'self:custom.arn'), { kind: 'serverless' });
});
