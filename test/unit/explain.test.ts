/** Runs explained in words: Choice rules, retries, waits and catchers, read from history and definition. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/core';
import { explainRun } from '../../server/src/core/explain';
import { machine, runText, scripted } from './engineHelpers';

async function explained(text: string, input: unknown, invoker = scripted()): Promise<Record<string, string[]>> {
  const result = await runText(text, input, invoker);
  const out: Record<string, string[]> = {};
  for (const v of explainRun(result, analyze(text).machine)) out[v.stateName] = [...(out[v.stateName] ?? []), ...v.lines];
  return out;
}

describe('explainRun', () => {
  test('the matched Choice rule, 1-based, with its condition and target', async () => {
    const text = machine({
      Route: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.status', StringEquals: 'Draft', Next: 'Edit' },
          { Variable: '$.status', StringEquals: 'Review', Next: 'Review' },
        ],
        Default: 'Edit',
      },
      Edit: { Type: 'Pass', End: true },
      Review: { Type: 'Pass', End: true },
    });
    assert.deepEqual((await explained(text, { status: 'Review' })).Route, ['rule 2 matched: $.status == "Review" -> Review']);
    assert.deepEqual((await explained(text, { status: 'Gone' })).Route, ['no rule matched: Default -> Edit']);
  });

  test('composite and numeric rules are rendered', async () => {
    const text = machine({
      Route: {
        Type: 'Choice',
        Choices: [
          { And: [{ Variable: '$.n', NumericGreaterThanEquals: 10 }, { Not: { Variable: '$.skip', IsPresent: true } }], Next: 'Big' },
        ],
        Default: 'Big',
      },
      Big: { Type: 'Pass', End: true },
    });
    assert.deepEqual((await explained(text, { n: 12 })).Route, ['rule 1 matched: ($.n >= 10) and (not ($.skip is present)) -> Big']);
  });

  test('retries say the wait and the retrier settings; a catcher says where it went', async () => {
    const text = machine({
      Charge: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Retry: [
          { ErrorEquals: ['Other'], IntervalSeconds: 1 },
          { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 5, BackoffRate: 2, MaxAttempts: 2 },
        ],
        Catch: [
          { ErrorEquals: ['Nope'], Next: 'Done' },
          { ErrorEquals: ['States.ALL'], Next: 'Fallback' },
        ],
        Next: 'Done',
      },
      Fallback: { Type: 'Pass', End: true },
      Done: { Type: 'Pass', End: true },
    });
    const lines = await explained(text, {}, scripted({ Charge: () => ({ ok: false, error: 'States.TaskFailed', cause: 'boom' }) }));
    assert.deepEqual(lines.Charge, [
      'attempt 2 after waiting 5 s (IntervalSeconds 5, BackoffRate 2): retrier 2 matched States.TaskFailed',
      'attempt 3 after waiting 10 s (IntervalSeconds 5, BackoffRate 2): retrier 2 matched States.TaskFailed',
      'caught States.TaskFailed by catcher 2 -> Fallback',
    ]);
  });

  test('an uncaught error says the retrier gave up', async () => {
    const text = machine({
      Charge: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 1 }], End: true },
    });
    const lines = await explained(text, {}, scripted({ Charge: () => ({ ok: false, error: 'Boom' }) }));
    assert.deepEqual(lines.Charge, [
      'attempt 2 after waiting 1 s (IntervalSeconds 1, BackoffRate 2): retrier 1 matched Boom',
      'failed with Boom after 2 attempts: retrier 1 gave up (MaxAttempts 1), and no catcher matched',
    ]);
  });

  test('a Wait says how long and until when', async () => {
    const text = machine({ Pause: { Type: 'Wait', Seconds: 60, End: true } });
    // The engine's virtual clock starts at 2026-01-01T00:00:00Z (RunOptions.startTime's default).
    assert.deepEqual((await explained(text, {})).Pause, ['waited 60 s until 2026-01-01T00:01:00.000Z']);
  });

  test('states inside a Parallel branch are explained with their scope', async () => {
    const text = machine({
      Fan: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 2, End: true } } }],
        End: true,
      },
    });
    const result = await runText(text, {});
    const w = explainRun(result, analyze(text).machine).find((v) => v.stateName === 'W');
    assert.ok(w?.scope?.length, 'the branch visit keeps its scope');
    assert.match(w.lines[0], /^waited 2 s until /);
  });
});
