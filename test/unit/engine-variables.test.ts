/** Workflow variables: when an Assign takes effect, what it reads, and how scopes nest. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { prepare, run } from '../../server/src/core/engine';
import { analyze } from '../../server/src/core/validate';
import { machine, runText, scripted } from './engineHelpers';

describe('variables', () => {
  test('Assign reads the values from before the state and takes effect after it', async () => {
    const text = machine({
      A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' },
      B: { Type: 'Pass', Assign: { x: 2, 'y.$': '$x' }, Parameters: { 'seen.$': '$x' }, Next: 'C' },
      C: { Type: 'Pass', Parameters: { 'x.$': '$x', 'y.$': '$y', 'prev.$': '$.seen' }, End: true },
    });
    const r = await runText(text, {});
    assert.deepEqual(r.output, { x: 2, y: 1, prev: 1 });
    const b = r.events.find((e) => e.stateName === 'B' && e.type === 'PassStateExited')!;
    assert.deepEqual(b.details?.assignedVariables, { x: 2, y: 1 });
  });

  test('JSONPath Assign in a Task reads the raw result with $, before ResultSelector', async () => {
    const text = machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::dynamodb:getItem',
        ResultSelector: { 'only.$': '$.a' },
        Assign: { 'raw.$': '$.b', 'sum.$': 'States.MathAdd($.a, $.b)' },
        Next: 'P',
      },
      P: { Type: 'Pass', Parameters: { 'raw.$': '$raw', 'sum.$': '$sum', 'out.$': '$' }, End: true },
    });
    const r = await runText(text, {}, scripted({ T: () => ({ a: 1, b: 2 }) }));
    assert.deepEqual(r.output, { raw: 2, sum: 3, out: { only: 1 } });
  });

  test('a Choice rule assigns on top of the state-level Assign', async () => {
    const text = machine({
      C: {
        Type: 'Choice',
        Assign: { from: 'state', both: 'state' },
        Choices: [{ Variable: '$.go', BooleanEquals: true, Assign: { both: 'rule' }, Next: 'P' }],
        Default: 'P',
      },
      P: { Type: 'Pass', Parameters: { 'from.$': '$from', 'both.$': '$both' }, End: true },
    });
    assert.deepEqual((await runText(text, { go: true })).output, { from: 'state', both: 'rule' });
    assert.deepEqual((await runText(text, { go: false })).output, { from: 'state', both: 'state' });
  });

  test("a Catch assigns (and the failed state's own Assign does not)", async () => {
    const text = machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage',
        Assign: { outcome: 'ok' },
        Catch: [{ ErrorEquals: ['States.ALL'], Assign: { outcome: 'caught', 'why.$': '$.Cause' }, ResultPath: '$.err', Next: 'P' }],
        Next: 'P',
      },
      P: { Type: 'Pass', Parameters: { 'outcome.$': '$outcome', 'why.$': '$why' }, End: true },
    });
    const r = await runText(text, {}, scripted({ T: () => ({ ok: false, error: 'X', cause: 'broken' }) }));
    assert.deepEqual(r.output, { outcome: 'caught', why: 'broken' });
  });

  test('Parallel branches read outer variables; what they assign stays inside', async () => {
    const text = machine({
      Set: { Type: 'Pass', Assign: { x: 'outer' }, Next: 'P' },
      P: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'Inner',
            States: {
              Inner: { Type: 'Pass', Assign: { local: 'inner' }, Parameters: { 'x.$': '$x' }, Next: 'After' },
              After: { Type: 'Pass', Parameters: { 'x.$': '$.x', 'local.$': '$local' }, End: true },
            },
          },
          { StartAt: 'Other', States: { Other: { Type: 'Pass', Parameters: { 'x.$': '$x' }, End: true } } },
        ],
        Next: 'Read',
      },
      Read: { Type: 'Pass', Parameters: { 'x.$': '$x', 'branches.$': '$' }, End: true },
    });
    const r = await runText(text, {});
    assert.deepEqual(r.output, { x: 'outer', branches: [{ x: 'outer', local: 'inner' }, { x: 'outer' }] });
    // Reading the branch's variable after the Parallel: the validator says so, and so does a run.
    const leaky = text.replace('"branches.$": "$"', '"branches.$": "$local"');
    const analysis = analyze(leaky);
    const runnable = prepare({ ...analysis, diagnostics: analysis.diagnostics.filter((d) => d.code !== 'undefined-variable') });
    const r2 = await run(runnable, { input: {}, invoker: scripted() });
    assert.equal(r2.error, 'States.Runtime');
    assert.match(r2.cause!, /'Read'.*\$local/);
  });

  test('inline Map iterations read outer variables', async () => {
    const text = machine({
      Set: { Type: 'Pass', Assign: { factor: 10 }, Next: 'M' },
      M: {
        Type: 'Map',
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'f.$': '$factor', 'v.$': '$' }, End: true } } },
        End: true,
      },
    });
    assert.deepEqual((await runText(text, [1, 2])).output, [
      { f: 10, v: 1 },
      { f: 10, v: 2 },
    ]);
  });

  test('Distributed Map children cannot read outer variables', async () => {
    const text = machine({
      Set: { Type: 'Pass', Assign: { factor: 10 }, Next: 'M' },
      M: {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'P',
          States: { P: { Type: 'Pass', Parameters: { 'f.$': '$factor' }, End: true } },
        },
        End: true,
      },
    });
    // The validator already reports the read; run it anyway to see what AWS would do at run time.
    const analysis = analyze(text);
    assert.ok(analysis.diagnostics.some((d) => d.code === 'undefined-variable'));
    const runnable = prepare({ ...analysis, diagnostics: analysis.diagnostics.filter((d) => d.code !== 'undefined-variable') });
    const r = await run(runnable, { input: [1], invoker: scripted() });
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'States.ExceedToleratedFailureThreshold');
    const failed = r.events.find((e) => e.type === 'MapIterationFailed')?.details as { error: string; cause: string };
    assert.equal(failed.error, 'States.Runtime');
    assert.match(failed.cause, /The variable in the JSONPath '\$factor'/);
  });

  test('variables persist across loop iterations', async () => {
    const text = machine({
      Init: { Type: 'Pass', Assign: { i: 0 }, Next: 'Inc' },
      Inc: { Type: 'Pass', Assign: { 'i.$': 'States.MathAdd($i, 1)' }, Next: 'Check' },
      Check: { Type: 'Choice', Choices: [{ Variable: '$i', NumericLessThan: 5, Next: 'Inc' }], Default: 'Done' },
      Done: { Type: 'Pass', Parameters: { 'i.$': '$i' }, End: true },
    });
    assert.deepEqual((await runText(text, {})).output, { i: 5 });
  });
});
