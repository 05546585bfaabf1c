import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkResourceArn } from '../../server/src/core/arn/check';
import { findings, machine } from './helpers';

const valid = [
  'arn:aws:lambda:us-east-1:123456789012:function:MyFunction',
  'arn:aws:lambda:us-east-1:123456789012:function:MyFunction:$LATEST',
  'arn:aws:lambda:eu-west-2:123456789012:function:my-fn:prod',
  'arn:aws:lambda:us-gov-west-1:123456789012:function:f:12',
  'arn:aws-cn:lambda:cn-north-1:123456789012:function:f',
  'arn:aws:states:::lambda:invoke',
  'arn:aws:states:::lambda:invoke.waitForTaskToken',
  'arn:aws:states:::dynamodb:putItem',
  'arn:aws:states:::states:startExecution.sync:2',
  'arn:aws:states:::states:startExecution.sync',
  'arn:aws:states:::ecs:runTask.sync',
  'arn:aws:states:::batch:submitJob.sync',
  'arn:aws:states:::glue:startJobRun.sync',
  'arn:aws:states:::athena:startQueryExecution.sync',
  'arn:aws:states:::bedrock:invokeModel',
  'arn:aws:states:::http:invoke',
  'arn:aws:states:::events:putEvents.waitForTaskToken',
  'arn:aws:states:::aws-sdk:s3:getObject',
  'arn:aws:states:::aws-sdk:dynamodb:query.waitForTaskToken',
  'arn:aws:states:::aws-sdk:sfn:startExecution',
  'arn:aws:states:us-east-1:123456789012:activity:Approve',
  'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${FunctionName}',
  '${LambdaArn}',
];

for (const arn of valid) {
  test(`valid ARN ${arn}`, () => assert.equal(checkResourceArn(arn, true), undefined));
}

const invalid: [string, string, RegExp][] = [
  ['arn:aws:lambda:us-east-1:12345:function:F', '12345', /12 digits/],
  ['arn:aws:lambda:useast1:123456789012:function:F', 'useast1', /not a region/],
  ['arn:aws:lambda:us-east-1:123456789012:fn:F', 'fn', /":function:NAME"/],
  ['arn:aws:lambda:us-east-1:123456789012:function:my fn', 'my fn', /function name/],
  ['arn:aws:lambda:us-east-1:123456789012:function:F:1:2', '2', /at most one qualifier/],
  ['arn:aws:states:::lambda:invoke.sync', '.sync', /does not support ".sync"/],
  ['arn:aws:states:::dynamodb:getItems', 'getItems', /Did you mean "getItem"/],
  ['arn:aws:states:::dynamodbb:getItem', 'dynamodbb', /Did you mean "dynamodb"/],
  ['arn:aws:states:::aws-sdk:s3:GetObject', 'GetObject', /camelCase/],
  ['arn:aws:states:::aws-sdk:s3:getObject.sync', '.sync', /do not support ".sync"/],
  ['arn:aws:sns:us-east-1:123456789012:topic', 'sns', /arn:aws:states:::sns/],
  ['lambda:invoke', 'lambda', /must be an ARN/],
  ['arn:aws:lambda:us-east-1', 'arn:aws:lambda:us-east-1', /Incomplete ARN/],
  ['arn:aws:states:us-east-1:123456789012:activity:', '', /activity ARN/],
];

for (const [arn, part, message] of invalid) {
  test(`invalid ARN ${arn}`, () => {
    const p = checkResourceArn(arn, true);
    assert.ok(p, 'expected a problem');
    if (part) assert.equal(arn.slice(p.from, p.to), part);
    assert.match(p.message, message);
  });
}

test('placeholders are literal text when the setting is off', () => {
  assert.ok(checkResourceArn('${LambdaArn}', false));
});

test('invalid-arn rule reports at the offending part of the Resource', () => {
  const text = machine({ T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.sync', End: true } });
  const f = findings(text, 'invalid-arn');
  assert.equal(f.length, 1);
  assert.equal(f[0].text, '.sync');
});

test('invalid-arn rule checks Distributed Map ItemReader and ResultWriter', () => {
  const text = machine({
    M: {
      Type: 'Map',
      End: true,
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObjects',
        ReaderConfig: { InputType: 'JSON' },
        Parameters: { Bucket: 'b', Key: 'k' },
      },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'P',
        States: { P: { Type: 'Pass', End: true } },
      },
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'b', Prefix: 'p' } },
    },
  });
  const f = findings(text, 'invalid-arn');
  assert.equal(f.length, 1);
  assert.equal(f[0].text, 'getObjects');
});
