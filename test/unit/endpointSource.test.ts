/** Which workspace file an endpoint's state machine came from (client/src/endpointSource.ts), or template machine (server/src/core/templates/deployed.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { locateSource, sameValue, sourceOf, type Candidate } from '../../client/src/endpointSource';
import { openTemplate } from '../../server/src/core/templates';
import { templateSourceOf } from '../../server/src/core/templates/deployed';

const DEF = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };

test('the file with the same definition, however it is laid out, wins over a file named like the machine', () => {
  const files = [
    { uri: 'file:///w/orders.asl.json', text: JSON.stringify({ StartAt: 'B', States: { B: { Type: 'Pass', End: true } } }) },
    { uri: 'file:///w/flows/approval.asl.json', text: JSON.stringify(DEF, null, 4) },
  ];
  assert.equal(sourceOf(JSON.stringify(DEF), 'orders', files), 'file:///w/flows/approval.asl.json');
});

test('no file with that definition: the .asl.json / .asl.yaml file named like the machine; else none', () => {
  const files = [
    { uri: 'file:///w/other.asl.json', text: '{"StartAt":"X","States":{}}' },
    { uri: 'file:///w/my%20flow.asl.yaml', text: 'StartAt: A' },
  ];
  assert.equal(sourceOf(JSON.stringify(DEF), 'my flow', files), 'file:///w/my%20flow.asl.yaml');
  assert.equal(sourceOf(JSON.stringify(DEF), 'unrelated', files), undefined);
  assert.equal(sourceOf('not json', 'other', files), 'file:///w/other.asl.json');
});

test('sameValue: keys in any order, arrays in order, types kept apart', () => {
  assert.ok(sameValue({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 }));
  assert.ok(!sameValue({ a: [1, 2] }, { a: [2, 1] }));
  assert.ok(!sameValue({ a: 1 }, { a: '1' }));
  assert.ok(!sameValue({ a: 1 }, { a: 1, b: undefined }));
  assert.ok(!sameValue([], {}));
});

// Machines created on the endpoint from templates of the corpus (test/templates-corpus: real SAM,
// CloudFormation and Serverless files), as deploying them would: Step Functions replaces each
// `${Name}` of DefinitionSubstitutions with its value (AWS::Serverless::StateMachine,
// DefinitionSubstitutions; AWS::StepFunctions::StateMachine, DefinitionSubstitutions), a `!GetAtt`
// / `!Ref` value being the resource's ARN, known only once deployed.
const CORPUS = join(__dirname, '..', '..', '..', 'test', 'templates-corpus');
const uriOf = (rel: string) => pathToFileURL(join(CORPUS, rel)).toString();
const candidate = (rel: string): Candidate => ({ uri: uriOf(rel), text: readFileSync(join(CORPUS, rel), 'utf8') });
const readLinked = (templateUri: string, path: string): string | undefined => {
  try {
    return readFileSync(join(dirname(fileURLToPath(templateUri)), path), 'utf8');
  } catch {
    return undefined;
  }
};
/** A definition file's text with `${Name}` replaced as deployment does. */
const deployed = (rel: string, values: Record<string, string>): string =>
  readFileSync(join(CORPUS, rel), 'utf8').replace(/\$\{([^}]+)\}/g, (all, name: string) => values[name] ?? all);
const TEMPLATES = [
  'sam-task-timer/template.yaml',
  'sam-docs-substitutions/template.yaml',
  'sam-wait-for-callback/template.yaml',
  'cfn-docs-block/template.yaml',
  'serverless-example/serverless.yml',
  'serverless-express/serverless.yml',
].map(candidate);
/** What the language server answers the extension (server/src/lsp/endpointSource.ts), over the corpus. */
const fromTemplates = async (definition: string, machineName: string) => templateSourceOf(definition, machineName, TEMPLATES, readLinked);
const ARN = (kind: string, name: string) => `arn:aws:${kind}:us-east-1:123456789012:${name}`;

test('a machine deployed from a SAM template with GetAtt substitutions maps to that template machine, not its sibling', async () => {
  const timer = deployed('sam-task-timer/statemachine/TaskTimer.asl.json', {
    CalculateTimeDiff: ARN('lambda', 'function:CalculateTimeDiff-x1'),
    SendNotificationSNSTopic: ARN('sns', 'SendNotifications'),
    TimeBoundedTasks: ARN('states', 'stateMachine:TimeBoundedTasks-y2'),
  });
  // The machine files of the same folder are candidates too: their text still has the placeholders.
  const files = ['sam-task-timer/statemachine/TaskTimer.asl.json', 'sam-task-timer/statemachine/TimeBoundedTasks.asl.json'].map(candidate);
  assert.deepEqual(await locateSource(timer, 'TaskTimer-AbC123', files, fromTemplates), {
    uri: uriOf('sam-task-timer/template.yaml'),
    machine: 'TaskTimer',
    file: 'statemachine/TaskTimer.asl.json',
  });
  const child = deployed('sam-task-timer/statemachine/TimeBoundedTasks.asl.json', {
    SomeUserDependentTask: ARN('lambda', 'function:Some-z3'),
  });
  assert.deepEqual(await locateSource(child, 'TimeBoundedTasks-dEf456', files, fromTemplates), {
    uri: uriOf('sam-task-timer/template.yaml'),
    machine: 'TimeBoundedTasks',
    file: 'statemachine/TimeBoundedTasks.asl.json',
  });
  // Laid out differently (the SDK sends whatever text the tests built): the same JSON value.
  assert.deepEqual(templateSourceOf(JSON.stringify(JSON.parse(child)), 'anything', TEMPLATES, readLinked), {
    uri: uriOf('sam-task-timer/template.yaml'),
    machine: 'TimeBoundedTasks',
    file: 'statemachine/TimeBoundedTasks.asl.json',
  });
});

test("a literal substitution must be the template's value; a changed definition maps to nothing", () => {
  const hello = (fn: string) => deployed('sam-docs-substitutions/hello_world.json', { HelloFunction: fn });
  assert.deepEqual(
    templateSourceOf(
      hello('arn:aws:lambda:us-east-1:111122223333;:function:HelloFunction'),
      'HelloWorld-StateMachine',
      TEMPLATES,
      readLinked,
    ),
    { uri: uriOf('sam-docs-substitutions/template.yaml'), machine: 'MyStateMachine', file: 'hello_world.json' },
  );
  assert.equal(templateSourceOf(hello(ARN('lambda', 'function:Other')), 'HelloWorld-StateMachine', TEMPLATES, readLinked), undefined);
  const changed = JSON.parse(deployed('sam-task-timer/statemachine/TimeBoundedTasks.asl.json', { SomeUserDependentTask: 'x' }));
  changed.Comment = 'edited after deployment';
  assert.equal(templateSourceOf(JSON.stringify(changed), 'TimeBoundedTasks', TEMPLATES, readLinked), undefined);
  // No linked file to read: that machine cannot be compared.
  assert.equal(
    templateSourceOf(hello('arn:aws:lambda:us-east-1:111122223333;:function:HelloFunction'), 'x', TEMPLATES, () => undefined),
    undefined,
  );
});

test('inline definitions: a CloudFormation DefinitionString block and a Serverless definition with a GetAtt Resource', () => {
  const block = candidate('cfn-docs-block/template.yaml');
  const t = openTemplate(block.text, 'template.yaml')!;
  const text = t.host.tree.string(t.machines[0].definition)!;
  assert.deepEqual(templateSourceOf(text, 'HelloWorld-StateMachine', TEMPLATES, readLinked), { uri: block.uri, machine: t.machines[0].id });

  const express = {
    StartAt: 'InvokeHello',
    States: { InvokeHello: { Type: 'Task', Resource: ARN('lambda', 'function:integration-express-workflow-test-hello'), End: true } },
  };
  assert.deepEqual(templateSourceOf(JSON.stringify(express), 'integration-express-workflow-test', TEMPLATES, readLinked), {
    uri: uriOf('serverless-express/serverless.yml'),
    machine: 'expressMachine',
  });
});

test('the order: a machine file with the same definition, then a template machine, then a file named like the machine', async () => {
  const linked = candidate('sam-task-timer/statemachine/TimeBoundedTasks.asl.json');
  // Created from the file's own text (no substitutions made): the file itself.
  assert.deepEqual(await locateSource(linked.text, 'TimeBoundedTasks', [linked], fromTemplates), { uri: linked.uri });
  const named = { uri: 'file:///w/Flow.asl.json', text: '{"StartAt":"Other","States":{}}' };
  const child = deployed('sam-task-timer/statemachine/TimeBoundedTasks.asl.json', { SomeUserDependentTask: 'arn' });
  assert.deepEqual(await locateSource(child, 'Flow', [named], fromTemplates), {
    uri: uriOf('sam-task-timer/template.yaml'),
    machine: 'TimeBoundedTasks',
    file: 'statemachine/TimeBoundedTasks.asl.json',
  });
  assert.deepEqual(await locateSource(JSON.stringify(DEF), 'Flow', [named], fromTemplates), { uri: named.uri });
  assert.equal(await locateSource(JSON.stringify(DEF), 'Nothing', [named], fromTemplates), undefined);
});
