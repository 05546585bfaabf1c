// Symbolic values in templates (core/templates/symbols.ts, typed.ts): a Ref / Fn::GetAtt is typed
// by the resource it names (CloudFormation User Guide, "Return values" of each resource type:
// Ref of AWS::Lambda::Function returns the function name, Fn::GetAtt Arn its ARN; Ref of
// AWS::SQS::Queue returns the queue URL; Fn::GetAtt Arn of AWS::DynamoDB::Table the table ARN);
// a Task whose Resource is certainly no callable ARN is an error, and nothing known only at
// deployment (a parameter, a number from a Ref) is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyzeMachine,
  describeSymbol,
  openTemplate,
  symbolAt,
  symbolOfName,
  symbolScopeOf,
  type EmbeddedAnalysis,
} from '../../server/src/core/templates';

function analyses(text: string, fileName = 'template.yaml', options = {}): Map<string, EmbeddedAnalysis> {
  const t = openTemplate(text, fileName);
  assert.ok(t, 'a template with machines');
  return new Map(t.machines.map((m) => [m.id, analyzeMachine(t.host, m, options)]));
}

/** Findings as "line:col code text-covered" (1-based). */
function found(text: string, a: EmbeddedAnalysis | undefined): string[] {
  assert.ok(a);
  return a.diagnostics.map(
    (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${text.slice(d.offset, d.offset + d.length)}`,
  );
}

const SAM = [
  'Transform: AWS::Serverless-2016-10-31',
  'Parameters:',
  '  WorkerArn:',
  '    Type: String',
  '  Delay:',
  '    Type: Number',
  '    Default: 5',
  'Resources:',
  '  MyFunction:',
  '    Type: AWS::Serverless::Function',
  '  Queue:',
  '    Type: AWS::SQS::Queue',
  '  Flow:',
  '    Type: AWS::Serverless::StateMachine',
  '    Properties:',
  '      DefinitionSubstitutions:',
  '        FnArn: !GetAtt MyFunction.Arn',
  '        FnName: !Ref MyFunction',
  '        Wait: !Ref Delay',
  '      Definition:',
  '        StartAt: A',
  '        TimeoutSeconds: !Ref Delay',
  '        States:',
  '          A:',
  '            Type: Task',
  '            Resource: ${FnArn}',
  '            HeartbeatSeconds: ${Wait}',
  '            Next: B',
  '          B:',
  '            Type: Task',
  '            Resource: ${FnName}',
  '            Next: C',
  '          C:',
  '            Type: Task',
  '            Resource: !GetAtt MyFunction.Arn',
  '            Next: D',
  '          D:',
  '            Type: Task',
  '            Resource: !Ref Queue',
  '            Next: E',
  '          E:',
  '            Type: Task',
  '            Resource: !Ref WorkerArn',
  '            Next: W',
  '          W:',
  '            Type: Wait',
  '            Seconds: !Ref Delay',
  '            Next: F',
  '          F:',
  '            Type: Task',
  '            Resource: arn:aws:states:::lambda:invoke',
  '            Parameters:',
  '              FunctionName: !Ref MyFunction',
  '            Retry:',
  '              - ErrorEquals: [States.ALL]',
  '                MaxAttempts: !Ref Delay',
  '            End: true',
  '',
].join('\n');

test("a Ref / GetAtt is typed by what it names: a function's Arn, its name, a queue URL, a parameter with its type and default", () => {
  const t = openTemplate(SAM, 'template.yaml')!;
  assert.deepEqual(
    ['MyFunction.Arn', 'MyFunction', 'Queue', 'Delay', 'WorkerArn', 'Queue.Arn', 'Nowhere', 'AWS::Region'].map(
      (n) => symbolOfName(t.host, n)?.description,
    ),
    [
      'the Arn of MyFunction (AWS::Serverless::Function): a Lambda function ARN',
      "Ref MyFunction (AWS::Serverless::Function): the function's name (not its ARN)",
      'Ref Queue (AWS::SQS::Queue): the queue URL',
      'the parameter Delay (Number, default "5")',
      'the parameter WorkerArn (String)',
      'the Arn of Queue (AWS::SQS::Queue): an SQS queue ARN',
      undefined,
      undefined,
    ],
  );
  assert.equal(symbolOfName(t.host, 'MyFunction.Arn')?.kind, 'lambda-arn');
  assert.equal(symbolOfName(t.host, 'Delay')?.default, '5');
});

test('inline: only a Resource that is certainly no callable ARN is an error, at its own characters; deploy-time numbers and parameters pass', () => {
  const a = analyses(SAM).get('Flow');
  // B: Ref of a function is its name (via DefinitionSubstitutions); D: Ref of a queue is its URL.
  assert.deepEqual(found(SAM, a), ['31:23 invalid-arn ${FnName}', '39:23 invalid-arn !Ref Queue']);
  assert.match(
    a!.diagnostics[0].message,
    /^"Resource" is Ref MyFunction \(AWS::Serverless::Function\): the function's name \(not its ARN\), which is not an ARN a Task can call.*Fn::GetAtt MyFunction\.Arn\.$/,
  );
  assert.equal(a!.diagnostics[0].severity, 'error');
  // The error stops a dry run as any error does: it is in the definition's own analysis.
  assert.equal(a!.analysis!.diagnostics.filter((d) => d.code === 'invalid-arn').length, 2);
  // The severity setting of the code applies.
  assert.deepEqual(found(SAM, analyses(SAM, 'template.yaml', { severity: { 'invalid-arn': 'off' } }).get('Flow')), []);
});

test('string definitions: Fn::Sub names (and its variables) and CDK Fn::Join pieces are typed the same way, findings on their characters', () => {
  const sub =
    '{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"${MyFunction.Arn}","Next":"B"},"B":{"Type":"Task","Resource":"${MyFunction}","Next":"W"},"W":{"Type":"Wait","Seconds":${Delay},"Next":"C"},"C":{"Type":"Task","Resource":"${T}","End":true}}}';
  const text = JSON.stringify(
    {
      Parameters: { Delay: { Type: 'Number' } },
      Resources: {
        MyFunction: { Type: 'AWS::Lambda::Function' },
        Table: { Type: 'AWS::DynamoDB::Table' },
        Flow: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: { DefinitionString: { 'Fn::Sub': [sub, { T: { 'Fn::GetAtt': ['Table', 'Arn'] } }] } },
        },
        Cdk: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: {
            DefinitionString: {
              'Fn::Join': [
                '',
                [
                  '{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"',
                  { Ref: 'MyFunction' },
                  '","Next":"B"},"B":{"Type":"Task","Resource":"',
                  { 'Fn::GetAtt': ['MyFunction', 'Arn'] },
                  '","End":true}}}',
                ],
              ],
            },
          },
        },
      },
    },
    null,
    2,
  );
  const all = analyses(text, 'stack.template.json');
  const flow = found(text, all.get('Flow')).map((f) => f.replace(/^\d+:\d+ /, ''));
  // The Resource string with its quotes, which are escaped in the template's JSON string.
  assert.deepEqual(flow, ['invalid-arn \\"${MyFunction}\\"', 'invalid-arn \\"${T}\\"']);
  assert.match(all.get('Flow')!.diagnostics[1].message, /the Arn of Table \(AWS::DynamoDB::Table\): a DynamoDB table ARN/);
  // The Resource string around the Ref piece (its quotes are the neighbouring pieces' ends); the GetAtt Arn piece passes.
  const cdk = all.get('Cdk')!;
  assert.equal(cdk.diagnostics.length, 1);
  assert.match(
    text.slice(cdk.diagnostics[0].offset, cdk.diagnostics[0].offset + cdk.diagnostics[0].length),
    /^\\"",\s*\{\s*"Ref": "MyFunction"\s*\},\s*"\\"$/,
  );
});

test('hover: a GetAtt / Ref in the definition, a ${Name} standing for one, and the DefinitionSubstitutions entry say what they are', () => {
  const t = openTemplate(SAM, 'template.yaml')!;
  const flow = t.machines[0];
  const hover = (needle: string, shift = 0) => {
    const found = symbolAt(symbolScopeOf(t.host, flow), SAM.indexOf(needle) + shift);
    return (
      found && {
        text: describeSymbol(found.symbol).split('\n')[0],
        covers: SAM.slice(found.range.offset, found.range.offset + found.range.length),
      }
    );
  };
  assert.deepEqual(hover('!GetAtt MyFunction.Arn\n            Next: D', 10), {
    text: '**Fn::GetAtt MyFunction.Arn**: the Arn of MyFunction (AWS::Serverless::Function): a Lambda function ARN.',
    covers: '!GetAtt MyFunction.Arn',
  });
  assert.deepEqual(hover('${FnArn}', 3), {
    text: '**Fn::GetAtt MyFunction.Arn**: the Arn of MyFunction (AWS::Serverless::Function): a Lambda function ARN.',
    covers: '${FnArn}',
  });
  assert.deepEqual(hover('FnName: !Ref', 1), {
    text: "**Ref MyFunction**: Ref MyFunction (AWS::Serverless::Function): the function's name (not its ARN).",
    covers: '!Ref MyFunction',
  });
  assert.deepEqual(hover('Seconds: !Ref Delay', 12), {
    text: '**Ref Delay**: the parameter Delay (Number, default "5").',
    covers: '!Ref Delay',
  });
  // A literal, and a place outside the machine, are no symbol.
  assert.equal(hover('arn:aws:states:::lambda:invoke'), undefined);
  assert.equal(hover('Type: AWS::SQS::Queue', 8), undefined);
});
