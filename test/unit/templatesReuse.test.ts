// A template's next version keeps the analysis of a machine the edit cannot have changed
// (core/templates/reuse.ts), and only then: the carried analysis equals a fresh one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeMachine, openTemplate, reusedAnalysis, type PreviousTemplate } from '../../server/src/core/templates';

const TEXT = [
  'Description: orders',
  'Resources:',
  '  Flow:',
  '    Type: AWS::Serverless::StateMachine',
  '    Properties:',
  '      DefinitionSubstitutions:',
  '        Name: !Ref Fn',
  '      Definition:',
  '        StartAt: A',
  '        States:',
  '          A:',
  '            Type: Task',
  '            Resource: ${Name}',
  '            Nxet: B',
  '            End: true',
  '  Fn:',
  '    Type: AWS::Serverless::Function',
  '  Queue:',
  '    Type: AWS::SQS::Queue',
  '    Properties:',
  '      QueueName: orders',
  '',
].join('\n');

function version(text: string): PreviousTemplate {
  const t = openTemplate(text, 'template.yaml')!;
  return { text, host: t.host, machines: t.machines.map((m) => analyzeMachine(t.host, m)) };
}

function next(prev: PreviousTemplate, text: string) {
  const t = openTemplate(text, 'template.yaml')!;
  return { reused: reusedAnalysis(prev, text, t.host, t.machines[0]), fresh: analyzeMachine(t.host, t.machines[0]) };
}

test('an edit below the machine keeps its analysis, equal to a fresh one', () => {
  const prev = version(TEXT);
  // Both findings: the typo, and the function's name (Ref) as a Task Resource.
  assert.deepEqual(prev.machines[0].diagnostics.map((d) => d.code).sort(), ['invalid-arn', 'unknown-field']);
  const { reused, fresh } = next(prev, TEXT.replace('QueueName: orders', 'QueueName: orders-x'));
  assert.ok(reused, 'reused');
  assert.equal(reused.analysis, prev.machines[0].analysis);
  assert.deepEqual(reused.diagnostics, fresh.diagnostics);
  assert.equal(reused.definitionText, fresh.definitionText);
});

test('an edit in the machine, above it (even of the same length), or of a type it reads is analysed again', () => {
  const prev = version(TEXT);
  assert.equal(next(prev, TEXT.replace('Nxet: B', 'Next: B')).reused, undefined);
  assert.equal(next(prev, TEXT.replace('Description: orders', 'Description: orderz')).reused, undefined);
  assert.equal(next(prev, TEXT.replace('Description: orders', 'Description: o\nX: 1')).reused, undefined);
  // Fn's type below the machine decides what `!Ref Fn` is: a fresh analysis sees the change.
  const retyped = TEXT.replace('AWS::Serverless::Function', 'AWS::Lambda::Alias');
  const { reused, fresh } = next(prev, retyped);
  assert.equal(reused, undefined);
  assert.deepEqual(
    fresh.diagnostics.map((d) => d.code),
    ['unknown-field'],
  );
});
