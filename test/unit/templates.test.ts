// Machines inside templates (core/templates): sniffing, each definition form, substitutions,
// and every finding at the host file's line and column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeMachine, openTemplate, sniffTemplate, MappedText, type EmbeddedAnalysis } from '../../server/src/core/templates';

/** 1-based line and column of the first occurrence of `needle` (after `after`, when given). */
function at(text: string, needle: string, after = ''): { line: number; col: number } {
  const from = after ? text.indexOf(after) : 0;
  const i = text.indexOf(needle, from);
  assert.ok(i >= 0, `"${needle}" not in the text`);
  const before = text.slice(0, i).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

function analyses(text: string, fileName = 'template.yaml', readFile?: (p: string) => string | undefined): Map<string, EmbeddedAnalysis> {
  const t = openTemplate(text, fileName);
  assert.ok(t, 'a template with machines');
  return new Map(t.machines.map((m) => [m.id, analyzeMachine(t.host, m, { readFile })]));
}

/** Findings as "line:col code text-covered". */
function found(text: string, a: EmbeddedAnalysis | undefined): string[] {
  assert.ok(a);
  return a.diagnostics.map(
    (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${text.slice(d.offset, d.offset + d.length)}`,
  );
}

const jsonTemplate = (properties: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function' },
        Machine: { Type: 'AWS::StepFunctions::StateMachine', Properties: properties, ...extra },
      },
    },
    null,
    2,
  );

test('sniffing: templates with machines are read; other JSON and YAML get nothing', () => {
  assert.equal(sniffTemplate('Resources:\n  M:\n    Type: AWS::Serverless::StateMachine\n'), 'cloudformation');
  assert.equal(sniffTemplate('{"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine"}}}'), 'cloudformation');
  assert.equal(sniffTemplate('service: x\nstepFunctions:\n  stateMachines:\n    a: {}\n', 'serverless.yml'), 'serverless');
  assert.equal(sniffTemplate('name: CI\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n', '.github/workflows/ci.yml'), undefined);
  assert.equal(sniffTemplate('{"name": "pkg", "version": "1.0.0"}', 'package.json'), undefined);
  // A template whose only state machine mention is not a resource of that type holds no machine.
  assert.equal(
    openTemplate('Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: AWS::StepFunctions::StateMachine\n'),
    undefined,
  );
});

test('inline JSON Definition: findings at the host line, only inside the definition', () => {
  const text = jsonTemplate({ Definition: { StartAt: 'A', States: { A: { Type: 'Pass', Nxt: 'B', End: true } } } });
  const a = analyses(text, 'template.json').get('Machine');
  const p = at(text, '"Nxt"');
  assert.deepEqual(found(text, a), [`${p.line}:${p.col} unknown-field "Nxt"`]);
  assert.equal(a?.machine.form, 'object');
});

test('DefinitionSubstitutions: literal values are substituted and checked; symbolic ones accepted; undeclared and unused warned', () => {
  const text = jsonTemplate({
    DefinitionSubstitutions: {
      BadArn: 'arn:aws:lambda:us-east-1:123:function:f',
      GoodArn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
      FnArn: { 'Fn::GetAtt': ['Fn', 'Arn'] },
      Spare: 'x',
    },
    Definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: '${BadArn}', Next: 'B' },
        B: { Type: 'Task', Resource: '${GoodArn}', Next: 'C' },
        C: { Type: 'Task', Resource: '${FnArn}', Next: 'D' },
        D: { Type: 'Task', Resource: '${Nobody}', End: true },
      },
    },
  });
  const a = analyses(text, 'template.json').get('Machine');
  const got = found(text, a);
  const bad = at(text, '"${BadArn}"');
  const spare = at(text, '"Spare"');
  const nobody = at(text, '${Nobody}');
  // The account ID of an ARN is 12 digits (AWS ARN format, IAM User Guide "IAM identifiers").
  // The finding inside the substituted value covers the placeholder it replaced.
  assert.ok(got.includes(`${bad.line}:${bad.col + 1} invalid-arn \${BadArn}`), got.join('\n'));
  assert.ok(got.includes(`${spare.line}:${spare.col} unused-substitution "Spare"`), got.join('\n'));
  assert.ok(got.includes(`${nobody.line}:${nobody.col} undeclared-substitution \${Nobody}`), got.join('\n'));
  assert.equal(got.length, 3, got.join('\n'));
  // The dry run gets the literal values.
  const def = JSON.parse(a!.definitionText);
  assert.equal(def.States.B.Resource, 'arn:aws:lambda:us-east-1:123456789012:function:f');
  assert.equal(def.States.C.Resource, '${FnArn}');
});

test('machine type: StateMachineType / SAM Type EXPRESS brings the Express checks, STANDARD does not', () => {
  const def = {
    StartAt: 'A',
    States: {
      A: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'f', 'Payload.$': '$' },
        End: true,
      },
    },
  };
  const express = analyses(jsonTemplate({ StateMachineType: 'EXPRESS', Definition: def }), 'template.json').get('Machine');
  const standard = analyses(jsonTemplate({ StateMachineType: 'STANDARD', Definition: def }), 'template.json').get('Machine');
  assert.deepEqual(
    express?.diagnostics.map((d) => d.code),
    ['express-unsupported'],
  );
  assert.deepEqual(
    standard?.diagnostics.map((d) => d.code),
    [],
  );
  const sam = analyses(
    'Resources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Type: EXPRESS\n      Definition:\n        StartAt: A\n        States:\n          A:\n            Type: Task\n            Resource: arn:aws:states:::sqs:sendMessage.waitForTaskToken\n            End: true\n',
  );
  assert.deepEqual(
    sam.get('M')?.diagnostics.map((d) => d.code),
    ['express-unsupported'],
  );
});

test('Fn::Sub DefinitionString: a finding inside the JSON-escaped string maps to its column in the host', () => {
  const body = JSON.stringify({
    StartAt: 'A',
    States: { A: { Type: 'Task', Resource: 'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${Fn}', Nxt: 'B', End: true } },
  });
  const text = jsonTemplate({ DefinitionString: { 'Fn::Sub': [body + ' ', { Unused: 'x' }] } });
  const got = found(text, analyses(text, 'template.json').get('Machine'));
  const nxt = at(text, '\\"Nxt\\"');
  const unused = at(text, '"Unused"');
  assert.deepEqual(got, [`${nxt.line}:${nxt.col} unknown-field \\"Nxt\\"`, `${unused.line}:${unused.col} unused-substitution "Unused"`]);
});

test('Fn::Sub: a name that is neither a variable, a parameter, a resource nor AWS:: is undeclared', () => {
  const body =
    '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "${Missing} ${Fn.Arn} ${AWS::Region} ${!Literal}", "End": true}}}';
  const text = jsonTemplate({ DefinitionString: { 'Fn::Sub': body }, DefinitionSubstitutions: { Literal: 'v' } });
  const got = found(text, analyses(text, 'template.json').get('Machine'));
  const missing = at(text, '${Missing}');
  assert.deepEqual(got, [`${missing.line}:${missing.col} undeclared-substitution \${Missing}`]);
});

test('Fn::Join (CDK): string pieces map back, Ref/GetAtt pieces are placeholders, edits are refused', () => {
  const text = jsonTemplate(
    {
      DefinitionString: {
        'Fn::Join': [
          '',
          [
            '{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:',
            { Ref: 'AWS::Partition' },
            ':states:::lambda:invoke","Parameters":{"FunctionName":"',
            { 'Fn::GetAtt': ['Fn', 'Arn'] },
            '","Payload.$":"$"},"Nex":"B","End":true}}}',
          ],
        ],
      },
    },
    { Metadata: { 'aws:cdk:path': 'Stack/Flow/Resource' } },
  );
  const a = analyses(text, 'template.json').get('Machine');
  const nex = at(text, '\\"Nex\\"');
  assert.deepEqual(found(text, a), [`${nex.line}:${nex.col} unknown-field \\"Nex\\"`]);
  assert.match(a!.machine.readOnly ?? '', /CDK \(Stack\/Flow\/Resource\)/);
  assert.equal(JSON.parse(a!.definitionText).States.A.Parameters.FunctionName, '${Fn.Arn}');
});

test('Fn::Join: a bare Ref piece stands where a number stands; a substitution inside a piece is checked there', () => {
  const text = jsonTemplate({
    DefinitionSubstitutions: { Arn: 'arn:aws:lambda:us-east-1:12:function:f' },
    DefinitionString: {
      'Fn::Join': [
        '',
        ['{"StartAt":"A","States":{"A":{"Type":"Task","TimeoutSeconds":', { Ref: 'Timeout' }, ',"Resource":"${Arn}","End":true}}}'],
      ],
    },
  });
  const a = analyses(text, 'template.json').get('Machine');
  const arn = at(text, '${Arn}');
  // Only the ARN's account (12 digits in AWS's ARN format) is wrong: the Ref piece is accepted as a number.
  assert.deepEqual(
    a!.diagnostics.map(
      (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${text.slice(d.offset, d.offset + d.length)}`,
    ),
    [`${arn.line}:${arn.col} invalid-arn \${Arn}`],
  );
  assert.equal(JSON.parse(a!.definitionText).States.A.Resource, 'arn:aws:lambda:us-east-1:12:function:f');
});

test('YAML SAM: !GetAtt stays symbolic, short forms read, findings at the YAML line', () => {
  const text = [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Flow:',
    '    Type: AWS::Serverless::StateMachine',
    '    Properties:',
    '      Definition:',
    '        StartAt: Hello',
    '        States:',
    '          Hello:',
    '            Type: Task',
    '            Resource: !GetAtt HelloFunction.Arn',
    '            TimeoutSeconds: !Ref Timeout',
    '            Nxet: Done',
    '          Done:',
    '            Type: Succeed',
    '',
  ].join('\n');
  const got = found(text, analyses(text).get('Flow'));
  const p = at(text, 'Nxet');
  assert.deepEqual(
    got.filter((g) => !g.includes('exclusive-fields')),
    [`${p.line}:${p.col} unknown-field Nxet`],
  );
});

test('YAML !Sub block DefinitionString: a finding maps to its line and column in the block', () => {
  const text = [
    'Resources:',
    '  M:',
    '    Type: AWS::StepFunctions::StateMachine',
    '    Properties:',
    '      DefinitionString: !Sub |',
    '        {',
    '          "StartAt": "A",',
    '          "States": {',
    '            "A": { "Type": "Task", "Resource": "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:f", "Next": "B" }',
    '          }',
    '        }',
    '',
  ].join('\n');
  const got = found(text, analyses(text).get('M'));
  const p = at(text, '"B"');
  assert.deepEqual(got, [`${p.line}:${p.col} unknown-state "B"`]);
});

test('DefinitionUri: the linked file is checked with literal substitutions; undeclared names reported in it', () => {
  const text =
    'Resources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: statemachine/flow.asl.json\n      DefinitionSubstitutions:\n        Arn: arn:aws:lambda:us-east-1:12:function:f\n';
  const file = '{\n  "StartAt": "A",\n  "States": {\n    "A": {"Type": "Task", "Resource": "${Arn}", "Next": "${Other}"}\n  }\n}\n';
  const read: string[] = [];
  const a = analyses(text, 'template.yaml', (p) => (read.push(p), file)).get('M');
  assert.deepEqual(read, ['statemachine/flow.asl.json']);
  assert.equal(a?.machine.form, 'file');
  const lines = a!.fileDiagnostics.map((d) => `${d.range.start.line + 1} ${d.code}`);
  assert.ok(lines.includes('4 invalid-arn'), lines.join('\n'));
  assert.ok(lines.includes('4 undeclared-substitution'), lines.join('\n'));
  const missing = analyses(text, 'template.yaml', () => undefined).get('M');
  assert.match(missing?.problem ?? '', /cannot be read/);
});

test('Serverless: definition objects with Fn::GetAtt and ${self:...}; ${file(...)}; type express', () => {
  const text = [
    'service: demo',
    'stepFunctions:',
    '  stateMachines:',
    '    hello:',
    '      type: express',
    '      definition:',
    '        StartAt: A',
    '        States:',
    '          A:',
    '            Type: Task',
    '            Resource:',
    '              Fn::GetAtt: [hello, Arn]',
    '            Parameters:',
    '              Table: ${self:custom.table}',
    '            End: true',
    '    other:',
    '      definition: ${file(machines/other.asl.json)}',
    '',
  ].join('\n');
  const all = analyses(text, 'serverless.yml', () => '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}');
  assert.deepEqual(found(text, all.get('hello')), []);
  assert.equal(all.get('hello')?.machine.machineType, 'EXPRESS');
  assert.equal(all.get('other')?.machine.file, 'machines/other.asl.json');
  assert.deepEqual(all.get('other')?.fileDiagnostics, []);
});

test('MappedText: copied characters map one to one, a span maps to its whole piece', () => {
  const m = new MappedText({ offset: 100, length: 5 });
  m.mapped('ab', (i) => 10 + 2 * i);
  m.span('XYZ', { offset: 50, length: 7 });
  assert.equal(m.text(), 'abXYZ');
  assert.deepEqual(m.toHost(1, 1), { offset: 12, length: 2 });
  assert.deepEqual(m.toHost(3, 1), { offset: 50, length: 7 });
  assert.deepEqual(m.toHost(0, 5), { offset: 10, length: 47 });
  assert.deepEqual(new MappedText({ offset: 100, length: 5 }).toHost(0, 1), { offset: 100, length: 5 });
});

test('the host YAML syntax errors inside a definition: reported by default (CLI), not in the editor (the YAML extension reports them)', () => {
  const text = [
    'Resources:',
    '  M:',
    '    Type: AWS::StepFunctions::StateMachine',
    '    Properties:',
    '      Definition:',
    '        StartAt: A',
    '        States:',
    '          A:',
    '            Type: Pass',
    '            Next: B',
    '            Comment: "x" y',
    '          B: {Type: Succeed}',
    '',
  ].join('\n');
  const t = openTemplate(text, 'template.yaml');
  assert.ok(t);
  const codes = (options: { hostSyntaxErrors?: boolean }) =>
    analyzeMachine(t.host, t.machines[0], options).diagnostics.map((d) => `${d.range.start.line + 1} ${d.code}`);
  assert.deepEqual(codes({}), ['11 json-syntax']);
  assert.deepEqual(codes({ hostSyntaxErrors: false }), []);
});

test('DefinitionUri to a .asl.yaml file: checked as YAML with the substitutions applied, findings at its lines', () => {
  const text =
    'Resources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: flow.asl.yaml\n      DefinitionSubstitutions:\n        Arn: arn:aws:lambda:us-east-1:12345:function:f\n';
  const file = 'StartAt: A\nStates:\n  A:\n    Type: Task\n    Resource: ${Arn}\n    Nxt: B\n    End: true\n';
  const a = analyses(text, 'template.yaml', () => file).get('M');
  assert.deepEqual(
    a!.fileDiagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`),
    ['5:15 invalid-arn', '6:5 unknown-field'],
  );
  assert.equal(JSON.parse(a!.definitionText).States.A.Resource, 'arn:aws:lambda:us-east-1:12345:function:f');
});

test('a definition in S3 is not checked, and its substitutions are not called unused', () => {
  const text =
    'Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionS3Location:\n        Bucket: b\n        Key: k.json\n      DefinitionSubstitutions:\n        Arn: x\n';
  const a = analyses(text).get('M');
  assert.equal(a?.machine.form, 'elsewhere');
  assert.match(a?.problem ?? '', /in S3/);
  assert.deepEqual(a?.diagnostics, []);
});
