/** Reading and checking mock files: the Step Functions Local format, our additions, located mistakes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildModel, parseDocument } from '../../server/src/core';
import { definitionInfo, loadMockFile, machineNameOf, parseHandlerRef, type DefinitionInfo } from '../../server/src/core/engine/mocks';

/** The example of the AWS developer guide ("Configuration file for mocked service integrations"). */
const AWS_EXAMPLE = `{
  "StateMachines": {
    "LambdaSQSIntegration": {
      "TestCases": {
        "HappyPath": { "LambdaState": "MockedLambdaSuccess", "SQSState": "MockedSQSSuccess" },
        "RetryPath": { "LambdaState": "MockedLambdaRetry", "SQSState": "MockedSQSSuccess" },
        "HybridPath": { "LambdaState": "MockedLambdaSuccess" }
      }
    }
  },
  "MockedResponses": {
    "MockedLambdaSuccess": { "0": { "Return": { "StatusCode": 200, "Payload": { "StatusCode": 200, "body": "Hello from Lambda!" } } } },
    "LambdaMockedResourceNotReady": { "0": { "Throw": { "Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready." } } },
    "MockedSQSSuccess": { "0": { "Return": { "MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51", "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51" } } },
    "MockedLambdaRetry": {
      "0": { "Throw": { "Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready." } },
      "1-2": { "Throw": { "Error": "Lambda.TimeoutException", "Cause": "Lambda timed out." } },
      "3": { "Return": { "StatusCode": 200, "Payload": { "StatusCode": 200, "body": "Hello from Lambda!" } } }
    }
  }
}`;

const DEFINITION = JSON.stringify({
  StartAt: 'LambdaState',
  States: {
    LambdaState: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:HelloFunction:$LATEST', 'Payload.$': '$' },
      Next: 'SQSState',
    },
    SQSState: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage',
      Parameters: { QueueUrl: 'q', 'MessageBody.$': '$' },
      Next: 'Fan',
    },
    Fan: {
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'Inner Task',
          States: { 'Inner Task': { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Inner', End: true } },
        },
      ],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
});

function info(name = 'LambdaSQSIntegration', text = DEFINITION): DefinitionInfo {
  return definitionInfo(buildModel(parseDocument(text)), name);
}

/** The diagnostics with the text each one covers. */
function found(text: string, definition?: DefinitionInfo) {
  return loadMockFile(text, definition).diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    text: text.slice(d.offset, d.offset + d.length),
    message: d.message,
    line: d.range.start.line,
  }));
}

/** A mock file around the given parts. */
function mockFile(parts: {
  cases?: Record<string, unknown>;
  responses?: Record<string, unknown>;
  handlers?: unknown;
  extra?: Record<string, unknown>;
}): string {
  return JSON.stringify(
    {
      StateMachines: { LambdaSQSIntegration: { TestCases: parts.cases ?? {} } },
      MockedResponses: parts.responses ?? {},
      ...(parts.handlers !== undefined ? { LocalHandlers: parts.handlers } : {}),
      ...parts.extra,
    },
    null,
    2,
  );
}

const OK = { '0': { Return: { ok: true } } };

test("AWS's own example reads without a finding, ranges and all", () => {
  const { config, diagnostics } = loadMockFile(AWS_EXAMPLE, info());
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity]),
    [['mock-unused', 'hint']], // LambdaMockedResourceNotReady is defined but no test case uses it
  );
  const machine = config.stateMachines.get('LambdaSQSIntegration');
  assert.deepEqual([...machine!.testCases.keys()], ['HappyPath', 'RetryPath', 'HybridPath']);
  assert.deepEqual(
    [...machine!.testCases.get('RetryPath')!.states],
    [
      ['LambdaState', 'MockedLambdaRetry'],
      ['SQSState', 'MockedSQSSuccess'],
    ],
  );
  const retry = config.responses.get('MockedLambdaRetry')!;
  assert.deepEqual(
    retry.entries.map((e) => [e.from, e.to, e.answer.kind]),
    [
      [0, 0, 'throw'],
      [1, 2, 'throw'],
      [3, 3, 'return'],
    ],
  );
  assert.deepEqual(retry.entries[1].answer, { kind: 'throw', error: 'Lambda.TimeoutException', cause: 'Lambda timed out.' });
});

test('a test case naming a missing state: located on the key, with the closest name', () => {
  const text = mockFile({ cases: { Happy: { LambdaStat: 'R', 'Inner Task': 'R', Nothing: 'R' } }, responses: { R: OK } });
  const d = found(text, info()).filter((x) => x.code === 'mock-unknown-state');
  assert.deepEqual(
    d.map((x) => x.text),
    ['"LambdaStat"', '"Nothing"'],
  );
  assert.match(d[0].message, /State machine "LambdaSQSIntegration" has no state named "LambdaStat"\. Did you mean "LambdaState"\?/);
  assert.match(d[1].message, /Mock keys are state names/);
  // States inside Parallel branches and Map processors count: names are machine-wide.
  assert.ok(!found(text, info()).some((x) => x.text === '"Inner Task"'));
});

test('state names are checked only for the machine the definition is', () => {
  const text = mockFile({ cases: { Happy: { Nothing: 'R' } }, responses: { R: OK } });
  assert.deepEqual(
    found(text, info('OtherMachine')).filter((x) => x.code === 'mock-unknown-state'),
    [],
  );
  assert.deepEqual(
    found(text).filter((x) => x.code === 'mock-unknown-state'),
    [],
  );
});

test('mocking a state that calls nothing is a warning', () => {
  const d = found(mockFile({ cases: { Happy: { Fan: 'R', Done: 'R' } }, responses: { R: OK } }), info()).filter(
    (x) => x.code === 'mock-unused' && x.severity === 'warning',
  );
  assert.deepEqual(
    d.map((x) => x.text),
    ['"Fan"', '"Done"'],
  );
  assert.match(d[0].message, /"Fan" is a Parallel state: only Task states \(and a Map's ItemReader\) call services/);
});

test('a Map with an ItemReader may be mocked (its items come from the mock)', () => {
  const def = JSON.stringify({
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'k' } },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'P',
          States: { P: { Type: 'Pass', End: true } },
        },
        End: true,
      },
    },
  });
  assert.deepEqual(
    found(mockFile({ cases: { C: { M: 'R' } }, responses: { R: { '0': { Return: [1, 2] } } } }), info('LambdaSQSIntegration', def)),
    [],
  );
});

test('a test case naming a missing mocked response: located on the value, with the closest name', () => {
  const text = mockFile({
    cases: { Happy: { LambdaState: 'MockedLambdaSucess', SQSState: 'Unrelated' } },
    responses: { MockedLambdaSuccess: OK },
  });
  const d = found(text, info()).filter((x) => x.code === 'mock-unknown-response');
  assert.deepEqual(
    d.map((x) => x.text),
    ['"MockedLambdaSucess"', '"Unrelated"'],
  );
  assert.match(d[0].message, /No mocked response named "MockedLambdaSucess" in "MockedResponses"\. Did you mean "MockedLambdaSuccess"\?/);
  assert.match(d[1].message, /Add it there, or fix the name/);
});

test('bad invocation-index keys: not a number, backwards, overlapping, a gap, not from 0', () => {
  const text = mockFile({
    cases: { C: { LambdaState: 'Bad', SQSState: 'Gappy' } },
    responses: {
      Bad: { first: OK['0'], '-1': OK['0'], '0': OK['0'], '3-1': OK['0'], '0-2': OK['0'] },
      Gappy: { '2': OK['0'], '4-5': OK['0'] },
    },
  });
  const d = found(text, info()).filter((x) => x.code === 'mock-invalid-index');
  assert.deepEqual(
    d.map((x) => [x.text, x.severity]),
    [
      ['"first"', 'error'],
      ['"-1"', 'error'],
      ['"3-1"', 'error'],
      ['"0-2"', 'error'],
      ['"2"', 'warning'],
      ['"4-5"', 'warning'],
    ],
  );
  assert.match(d[0].message, /"first" is not an invocation index: use a 0-based number \("0", "1"\) or an inclusive range \("1-2"\)/);
  assert.match(d[2].message, /runs backwards: write the lower index first, "1-3"/);
  assert.match(d[3].message, /Invocation 0-2 is already answered by an earlier key of "Bad"/);
  assert.match(d[4].message, /"Gappy" has no answer for invocations 0-1 .* Add "0-1"/);
  assert.match(d[5].message, /no answer for invocation 3 .* Add "3"/);
});

test('answers: Return or Throw, not both, not neither; Throw needs Error; unknown fields suggested', () => {
  const text = mockFile({
    cases: { C: { LambdaState: 'R' } },
    responses: {
      R: {
        '0': { Return: 1, Throw: { Error: 'E', Cause: 'c' } },
        '1': {},
        '2': { Throw: { Cause: 'no error' } },
        '3': { Throw: { Error: 'OnlyError' } },
        '4': { Retrun: 1 },
        '5': { Throw: { Error: 5, Cause: 'c' } },
        '6': 'Return',
      },
    },
  });
  const d = found(text, info());
  const pick = (code: string) => d.filter((x) => x.code === code).map((x) => [x.line, x.severity, x.message]);
  const answers = pick('mock-invalid-answer');
  assert.equal(answers.length, 6);
  assert.match(String(answers[0][2]), /Answer "0" has both "Return" and "Throw"; an invocation either returns or throws/);
  assert.match(String(answers[1][2]), /Answer "1" needs "Return" \(the Task's result\) or "Throw" \(its error\)/);
  assert.match(String(answers[2][2]), /"Throw" needs "Error", the error name that Retry and Catch match/);
  assert.equal(answers[3][1], 'warning');
  assert.match(String(answers[3][2]), /"Throw" has no "Cause"/);
  assert.match(String(answers[4][2]), /Answer "4" needs "Return"/);
  assert.match(String(answers[5][2]), /"Error" of "Throw" must be a string/);
  const unknown = d.filter((x) => x.code === 'mock-unknown-field');
  assert.deepEqual(
    unknown.map((x) => x.text),
    ['"Retrun"'],
  );
  assert.match(unknown[0].message, /Did you mean "Return"\?/);
  assert.deepEqual(
    d.filter((x) => x.code === 'mock-invalid-value').map((x) => x.text),
    ['"Return"'],
  );
});

test('an empty mocked response, and wrong types at every level, are located errors', () => {
  const text = JSON.stringify(
    { StateMachines: { M: { TestCases: { C: { S: 5 } }, Tests: {} }, N: [] }, MockedResponses: { Empty: {} }, LocalHandlers: [], Extra: 1 },
    null,
    2,
  );
  const d = found(text);
  const rows = d.map((x) => [x.code, x.text.split('\n')[0]]);
  assert.deepEqual(rows, [
    ['mock-invalid-value', '5'],
    ['mock-unknown-field', '"Tests"'],
    ['mock-invalid-value', '[]'],
    ['mock-invalid-value', '"Empty"'],
    ['mock-invalid-value', '[]'],
    ['mock-unknown-field', '"Extra"'],
    ['mock-unused', '"Empty"'],
  ]);
  assert.match(d[0].message, /The mock of state "S" must be the name of a mocked response \(a string\)/);
  assert.match(d[1].message, /^Unknown field "Tests" in state machine "M"; expected "TestCases"\.$/);
  assert.match(d[3].message, /Mocked response "Empty" has no answers/);
  assert.match(d[5].message, /expected "StateMachines", "MockedResponses", "LocalHandlers"/);
});

test('duplicate names are reported; the first is used', () => {
  const text =
    '{"StateMachines":{"M":{"TestCases":{"C":{"S":"A","S":"B"}}}},"MockedResponses":{"A":{"0":{"Return":1}},"A":{"0":{"Return":2}},"B":{"0":{"Return":3}}}}';
  const { config, diagnostics } = loadMockFile(text);
  assert.deepEqual(
    diagnostics.filter((d) => d.code === 'mock-invalid-value').map((d) => [text.slice(d.offset, d.offset + d.length), d.message]),
    [
      ['"S"', 'Duplicate state "S": only the first one is used; rename or remove this one.'],
      ['"A"', 'Duplicate mocked response "A": only the first one is used; rename or remove this one.'],
    ],
  );
  assert.equal(config.stateMachines.get('M')!.testCases.get('C')!.states.get('S'), 'A');
  assert.deepEqual(config.responses.get('A')!.entries[0].answer, { kind: 'return', value: 1 });
});

test('JSON syntax errors, an empty file and a non-object root are located, never thrown', () => {
  const broken = '{ "StateMachines": { "M": { "TestCases": { } } },\n  "MockedResponses": { "R": { "0": { "Return": 1, } } } }';
  const d = found(broken);
  assert.equal(d[0].code, 'mock-json-syntax');
  assert.equal(d[0].text, ',');
  assert.equal(d[0].line, 1);
  assert.deepEqual(
    found('').map((x) => x.code),
    ['mock-json-syntax'],
  );
  assert.match(found('')[0].message, /The mock file is empty/);
  assert.match(found('[1]')[0].message, /A mock file must be a JSON object/);
  for (const text of [
    '{',
    '{"StateMachines":',
    '{"MockedResponses":{"R":{"0":',
    '{"LocalHandlers":{"F":',
    'null',
    '"x"',
    '{"StateMachines":{"M":{"TestCases":{"C":{"$test":{"ExpectedPath":[1,',
  ]) {
    assert.doesNotThrow(() => loadMockFile(text, info()), text);
  }
});

test('LocalHandlers: module#export, export defaults to handler; names, paths and exports checked', () => {
  const text = mockFile({
    handlers: {
      HelloFunction: 'handlers/hello.mjs',
      Inner: './inner.cjs#process',
      'arn:aws:lambda:us-east-1:123456789012:function:Other': 'x.mjs',
      Py: 'handler.py',
      BadExport: 'a.js#not-valid',
      NoFile: '#handler',
      Num: 5,
      HelloFunctoin: 'h.mjs',
    },
  });
  const { config } = loadMockFile(text, info());
  assert.deepEqual(config.handlers.get('HelloFunction'), {
    functionName: 'HelloFunction',
    module: 'handlers/hello.mjs',
    exportName: 'handler',
  });
  assert.deepEqual(config.handlers.get('Inner'), { functionName: 'Inner', module: './inner.cjs', exportName: 'process' });
  const d = found(text, info()).filter((x) => x.code === 'mock-invalid-handler');
  assert.deepEqual(
    d.map((x) => x.text),
    ['"arn:aws:lambda:us-east-1:123456789012:function:Other"', '"handler.py"', '"a.js#not-valid"', '"#handler"', '5', '"HelloFunctoin"'],
  );
  assert.match(d[0].message, /LocalHandlers keys are names, not ARNs\. Write "Other"\./);
  assert.match(d[1].message, /must be a JavaScript module ending in \.mjs \(ES module\), \.cjs \(CommonJS\) or \.js/);
  assert.match(d[2].message, /"not-valid" is not an export name/);
  assert.match(d[3].message, /names no file/);
  assert.match(d[5].message, /No Task of "LambdaSQSIntegration" calls a function named "HelloFunctoin"\. Did you mean "HelloFunction"\?/);
  assert.equal(d[5].severity, 'warning');
});

test('$test: Input, ExpectedOutput, ExpectedError (name or object), ExpectedPath', () => {
  const text = mockFile({
    cases: {
      A: { LambdaState: 'R', $test: { Input: { n: 1 }, ExpectedOutput: { ok: true }, ExpectedPath: ['LambdaState', 'SQSState'] } },
      B: { $test: { ExpectedError: 'States.TaskFailed' } },
      C: { $test: { ExpectedError: { Error: 'E', Cause: 'why' } } },
      D: { $test: { ExpectedOutput: 1, ExpectedError: 'E', ExpectedPath: 'LambdaState', Expected: 1 } },
      E: { $test: { ExpectedPath: ['LambdaStat'], ExpectedError: { Cause: 'only' } } },
      F: { $test: [] },
    },
    responses: { R: OK },
  });
  const { config } = loadMockFile(text, info());
  const cases = config.stateMachines.get('LambdaSQSIntegration')!.testCases;
  assert.deepEqual(cases.get('A')!.test, {
    input: { value: { n: 1 } },
    expectedOutput: { value: { ok: true } },
    expectedPath: ['LambdaState', 'SQSState'],
  });
  assert.deepEqual([...cases.get('A')!.states.keys()], ['LambdaState'], '$test is not a state');
  assert.deepEqual(cases.get('B')!.test, { expectedError: { error: 'States.TaskFailed' } });
  assert.deepEqual(cases.get('C')!.test, { expectedError: { error: 'E', cause: 'why' } });
  const d = found(text, info());
  const rows = d.map((x) => [x.code, x.severity, x.text.split('\n')[0]]);
  assert.deepEqual(rows, [
    ['mock-invalid-value', 'error', '"LambdaState"'],
    ['mock-unknown-field', 'warning', '"Expected"'],
    ['mock-invalid-value', 'error', '{'],
    ['mock-invalid-value', 'error', '{'],
    ['mock-invalid-value', 'error', '[]'],
    ['mock-unknown-state', 'warning', '"LambdaStat"'],
  ]);
  assert.match(d[0].message, /"ExpectedPath" must be an array of state names/);
  assert.match(d[1].message, /Did you mean "ExpectedPath"\?|expected "Input", "ExpectedOutput", "ExpectedError", "ExpectedPath"/);
  assert.match(d[2].message, /expects both an output and an error/);
  assert.match(d[3].message, /"ExpectedError" must be an error name/);
  assert.match(
    d[5].message,
    /"ExpectedPath" names "LambdaStat", which is not a state of "LambdaSQSIntegration"\. Did you mean "LambdaState"\?/,
  );
});

test('a definition with a state named $test is told the key is reserved', () => {
  const def = JSON.stringify({
    StartAt: '$test',
    States: { $test: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', End: true } },
  });
  const d = found(mockFile({ cases: { C: { $test: {} } } }), info('LambdaSQSIntegration', def));
  assert.deepEqual(
    d.map((x) => [x.code, x.text]),
    [['mock-unknown-state', '"$test"']],
  );
  assert.match(d[0].message, /holds ASL Workbench's test settings/);
});

test('positions are line/character of the covered text', () => {
  const text =
    '{\n  "StateMachines": {\n    "M": { "TestCases": { "C": { "Nope": "R" } } }\n  },\n  "MockedResponses": { "R": { "0": { "Return": 1 } } }\n}';
  const def = info('M', JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }));
  const d = loadMockFile(text, def).diagnostics.find((x) => x.code === 'mock-unknown-state')!;
  assert.deepEqual(d.range, { start: { line: 2, character: 33 }, end: { line: 2, character: 39 } });
  assert.equal(text.slice(d.offset, d.offset + d.length), '"Nope"');
});

test('definitionInfo: states machine-wide and the Lambda functions the Tasks call', () => {
  const def = JSON.stringify({
    StartAt: 'A',
    QueryLanguage: 'JSONata',
    States: {
      A: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Plain:live', Next: 'B' },
      B: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: 'Named:3' }, Next: 'C' },
      C: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Arguments: { FunctionName: '123456789012:function:Partial' },
        Next: 'D',
      },
      D: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: '{% $fn %}' }, End: true },
    },
  });
  const i = info('X', def);
  assert.deepEqual([...i.lambdaFunctions].sort(), ['Named', 'Partial', 'Plain']);
  assert.deepEqual([...i.states.keys()], ['A', 'B', 'C', 'D']);
});

test('machineNameOf: the file name without .asl.json', () => {
  assert.equal(machineNameOf('examples/article-review/article-review.asl.json'), 'article-review');
  assert.equal(machineNameOf('C:\\work\\Order.ASL.JSON'), 'Order');
  assert.equal(machineNameOf('flow.asl'), 'flow');
  assert.equal(machineNameOf('flow.json'), 'flow');
});

test('parseHandlerRef', () => {
  assert.deepEqual(parseHandlerRef('F', 'a/b.mjs#run'), { functionName: 'F', module: 'a/b.mjs', exportName: 'run' });
  assert.deepEqual(parseHandlerRef('F', '/abs/h.cjs'), { functionName: 'F', module: '/abs/h.cjs', exportName: 'handler' });
  // The last "#" separates the export, so a "#" inside the path leaves no valid file name.
  assert.ok('problem' in parseHandlerRef('F', 'a#b/c.js'));
  assert.ok('problem' in parseHandlerRef('F', 'a.ts'));
});

test("the examples' mock files are clean against their definitions", () => {
  const root = join(__dirname, '..', '..', '..', 'examples');
  for (const name of ['article-review', 'order-processing', 'data-pipeline']) {
    const def = readFileSync(join(root, name, `${name}.asl.json`), 'utf8');
    const text = readFileSync(join(root, name, `${name}.mocks.json`), 'utf8');
    const { config, diagnostics } = loadMockFile(text, definitionInfo(buildModel(parseDocument(def)), machineNameOf(`${name}.asl.json`)));
    assert.deepEqual(
      diagnostics.map((d) => `${d.code}: ${d.message}`),
      [],
      name,
    );
    assert.ok(config.stateMachines.get(name)!.testCases.size >= 3, name);
    // Every function the definition calls has a local handler.
    const calls = definitionInfo(buildModel(parseDocument(def)), name).lambdaFunctions;
    for (const fn of calls) assert.ok(config.handlers.has(fn), `${name}: ${fn}`);
  }
});
