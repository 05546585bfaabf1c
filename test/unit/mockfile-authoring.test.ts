/** Writing mock files: a skeleton per machine, a test case recorded from a run (replayed to the same result), handler stubs. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/core';
import { prepare, run } from '../../server/src/core/engine';
import { createTaskInvoker, definitionInfo, loadMockFile } from '../../server/src/core/engine/mocks';
import { addLocalHandler, addTestCase, handlerStub, mockFileSkeleton, moduleExports } from '../../server/src/core/mockfile';
import { machine, scripted } from './engineHelpers';
import { applyEdits } from './language-helpers';

const TEXT = machine({
  Validate: {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: 'validate', 'Payload.$': '$' },
    Next: 'Charge',
  },
  Charge: {
    Type: 'Task',
    Resource: 'arn:aws:lambda:us-east-1:123456789012:function:charge',
    Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 1, MaxAttempts: 2 }],
    Next: 'Done',
  },
  Done: { Type: 'Succeed' },
});
const MODEL = analyze(TEXT).machine;
const INFO = definitionInfo(MODEL, 'orders');

async function replay(mocks: string, caseName: string) {
  const loaded = loadMockFile(mocks, INFO);
  assert.deepEqual(
    loaded.diagnostics.filter((d) => d.severity === 'error'),
    [],
    'the written file has no errors',
  );
  const testCase = loaded.config.stateMachines.get('orders')!.testCases.get(caseName)!;
  const invoker = createTaskInvoker({ config: loaded.config, testCase, definition: INFO });
  const m = prepare(TEXT);
  assert.ok(m.ok);
  return { result: await run(m, { input: testCase.test.input?.value ?? {}, invoker }), testCase };
}

describe('mock file authoring', () => {
  test('a new mock file mocks each Task state of the machine in one test case', async () => {
    const text = mockFileSkeleton(MODEL, 'orders');
    const { result, testCase } = await replay(text, 'HappyPath');
    assert.deepEqual([...testCase.states.keys()], ['Validate', 'Charge']);
    assert.equal(result.status, 'SUCCEEDED');
  });

  test('a test case recorded from a run replays to the same path, output and answers (retries included)', async () => {
    let calls = 0;
    const invoker = scripted({
      Validate: (p) => ({ Payload: { ...p, valid: true } }),
      Charge: () => (++calls === 1 ? { ok: false, error: 'Busy', cause: 'try again' } : { charged: 25 }),
    });
    const m = prepare(TEXT);
    assert.ok(m.ok);
    const input = { order: 'A-1' };
    const original = await run(m, { input, invoker });
    assert.equal(original.status, 'SUCCEEDED');

    const existing = mockFileSkeleton(MODEL, 'orders');
    const { edits, caseName } = addTestCase(existing, 'orders', 'From run', input, original);
    const written = applyEdits(existing, edits);
    assert.equal(caseName, 'From run');
    assert.ok(written.startsWith(existing.slice(0, existing.indexOf('"HappyPath"'))), 'the file before the addition stays as it was');
    const { result, testCase } = await replay(written, 'From run');
    assert.deepEqual(result.path, original.path);
    assert.deepEqual(result.output, original.output);
    assert.deepEqual(testCase.test.expectedOutput?.value, original.output);
    assert.deepEqual(testCase.test.expectedPath, original.path);
    // The first Charge call threw and was retried: both answers are in the response, in order.
    const charge = loadMockFile(written, INFO).config.responses.get(testCase.states.get('Charge')!)!;
    assert.deepEqual(
      charge.entries.map((e) => e.answer.kind),
      ['throw', 'return'],
    );

    // A second recording under the same name gets a name of its own.
    const again = addTestCase(written, 'orders', 'From run', input, original);
    assert.equal(again.caseName, 'From run 2');
    assert.doesNotThrow(() => JSON.parse(applyEdits(written, again.edits)));
  });

  test('a failed run is recorded with its error as the expectation; an empty file becomes a whole mock file', async () => {
    const m = prepare(TEXT);
    assert.ok(m.ok);
    const failed = await run(m, { input: {}, invoker: scripted({ Validate: () => ({ ok: false, error: 'Invalid', cause: 'no order' }) }) });
    const { edits } = addTestCase('', 'orders', 'Rejects', {}, failed);
    const text = applyEdits('', edits);
    const { result, testCase } = await replay(text, 'Rejects');
    assert.equal(result.status, 'FAILED');
    assert.deepEqual(testCase.test.expectedError, { error: 'Invalid', cause: 'no order' });
  });

  test('a handler stub exports handler, and its LocalHandlers entry is added or replaced', () => {
    assert.deepEqual(moduleExports(handlerStub('charge')), ['handler']);
    const text = mockFileSkeleton(MODEL, 'orders');
    const added = applyEdits(text, addLocalHandler(text, 'charge', 'handlers/charge.mjs'));
    assert.equal(JSON.parse(added).LocalHandlers.charge, 'handlers/charge.mjs#handler');
    const replaced = applyEdits(added, addLocalHandler(added, 'charge', 'lib/charge.mjs'));
    assert.deepEqual(JSON.parse(replaced).LocalHandlers, { charge: 'lib/charge.mjs#handler' });
  });
});
