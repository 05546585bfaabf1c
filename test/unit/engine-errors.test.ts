/** Retry, Catch, the States.* errors and their matching rules, task timeouts, the payload quota. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorMatcher, errorMatches } from '../../server/src/core/engine/errors';
import { machine, runText, scripted, secondsBetween } from './engineHelpers';

const failing = (error: string, cause = '') => scripted({ T: () => ({ ok: false, error, cause }) });

/** A machine of one Task (and a "Caught" state when it has a Catch). */
function task(extra: Record<string, unknown>): string {
  const states: Record<string, unknown> = { T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true, ...extra } };
  if (extra.Catch) states.Caught = { Type: 'Pass', End: true };
  return machine(states);
}

describe('error matching', () => {
  test('States.ALL matches all but States.Runtime and States.DataLimitExceeded', () => {
    const all = errorMatcher(['States.ALL']);
    for (const e of [
      'Custom',
      'States.Timeout',
      'States.TaskFailed',
      'States.BranchFailed',
      'States.QueryEvaluationError',
      'Lambda.ServiceException',
    ]) {
      assert.equal(errorMatches(all, e), true, e);
    }
    assert.equal(errorMatches(all, 'States.Runtime'), false);
    assert.equal(errorMatches(all, 'States.DataLimitExceeded'), false);
  });

  test('States.TaskFailed matches all but the timeouts (and the terminal errors)', () => {
    const tf = errorMatcher(['States.TaskFailed']);
    assert.equal(errorMatches(tf, 'Lambda.Unknown'), true);
    assert.equal(errorMatches(tf, 'States.TaskFailed'), true);
    assert.equal(errorMatches(tf, 'States.Timeout'), false);
    assert.equal(errorMatches(tf, 'States.HeartbeatTimeout'), false);
    assert.equal(errorMatches(tf, 'States.Runtime'), false);
  });

  test('names match exactly; States.Runtime never matches, even by name', () => {
    assert.equal(errorMatches(errorMatcher(['A', 'B']), 'B'), true);
    assert.equal(errorMatches(errorMatcher(['A']), 'a'), false);
    assert.equal(errorMatches(errorMatcher(['States.Runtime']), 'States.Runtime'), false);
    assert.equal(errorMatches(errorMatcher(['States.DataLimitExceeded']), 'States.DataLimitExceeded'), true);
  });
});

describe('Retry', () => {
  test('MaxAttempts 0 never retries; the default is 3 retries at 1, 2, 4 s', async () => {
    const none = await runText(task({ Retry: [{ ErrorEquals: ['X'], MaxAttempts: 0 }] }), {}, failing('X'));
    assert.equal(none.events.filter((e) => e.type === 'TaskScheduled').length, 1);
    const inv = failing('X');
    const dflt = await runText(task({ Retry: [{ ErrorEquals: ['X'] }] }), {}, inv);
    assert.equal(inv.calls.length, 4);
    const scheduled = dflt.events.filter((e) => e.type === 'TaskScheduled');
    const failed = dflt.events.filter((e) => e.type === 'TaskFailed');
    assert.deepEqual(
      [0, 1, 2].map((i) => secondsBetween(failed[i], scheduled[i + 1])),
      [1, 2, 4],
    );
    assert.equal(dflt.error, 'X');
  });

  test('BackoffRate, MaxDelaySeconds and the retry count in the context object', async () => {
    const inv = failing('X');
    const r = await runText(
      task({
        Retry: [{ ErrorEquals: ['X'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 4, MaxDelaySeconds: 10 }],
        Parameters: { 'n.$': '$$.State.RetryCount' },
      }),
      {},
      inv,
    );
    assert.equal(r.simulatedSeconds, 2 + 6 + 10 + 10);
    assert.deepEqual(
      inv.calls.map((c) => (c.payload as { n: number }).n),
      [0, 1, 2, 3, 4],
    );
    assert.deepEqual(
      inv.calls.map((c) => c.attempt),
      [1, 2, 3, 4, 5],
    );
  });

  test('only the first retrier that matches applies; when it is spent the Catch runs', async () => {
    const inv = failing('X');
    const r = await runText(
      task({
        Retry: [
          { ErrorEquals: ['X'], MaxAttempts: 1, IntervalSeconds: 1 },
          { ErrorEquals: ['States.ALL'], MaxAttempts: 5, IntervalSeconds: 1 },
        ],
        Catch: [{ ErrorEquals: ['X'], Next: 'Caught', ResultPath: '$.error' }],
      }),
      { keep: 1 },
      inv,
    );
    assert.equal(inv.calls.length, 2);
    assert.deepEqual(r.path, ['T', 'Caught']);
    assert.deepEqual(r.output, { keep: 1, error: { Error: 'X', Cause: '' } });
  });

  test('JitterStrategy FULL waits a seeded share of the interval', async () => {
    const def = task({ Retry: [{ ErrorEquals: ['X'], IntervalSeconds: 100, MaxAttempts: 1, JitterStrategy: 'FULL' }] });
    const a = await runText(def, {}, failing('X'), { seed: 1 });
    const b = await runText(def, {}, failing('X'), { seed: 1 });
    const c = await runText(def, {}, failing('X'), { seed: 2 });
    assert.equal(a.simulatedSeconds, b.simulatedSeconds);
    assert.notEqual(a.simulatedSeconds, c.simulatedSeconds);
    assert.ok(a.simulatedSeconds >= 0 && a.simulatedSeconds < 100);
  });

  test('a Parallel is retried as a whole', async () => {
    let n = 0;
    const text = machine({
      P: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } } }],
        Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 3 }],
        End: true,
      },
    });
    const r = await runText(text, { v: 1 }, scripted({ T: (p) => (++n < 3 ? { ok: false, error: 'Flaky' } : p) }));
    assert.equal(r.status, 'SUCCEEDED');
    assert.deepEqual(r.output, [{ v: 1 }]);
    assert.equal(r.simulatedSeconds, 3 + 6);
    assert.equal(r.events.filter((e) => e.type === 'ParallelStateFailed').length, 2);
  });
});

describe('Catch', () => {
  test('the error output replaces the input by default, or goes to ResultPath; OutputPath does not apply', async () => {
    const r = await runText(
      task({ OutputPath: '$.nothing', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }] }),
      { a: 1 },
      failing('E', 'c'),
    );
    assert.deepEqual(r.output, { Error: 'E', Cause: 'c' });
    const r2 = await runText(task({ Catch: [{ ErrorEquals: ['E'], ResultPath: '$.err', Next: 'Caught' }] }), { a: 1 }, failing('E', 'c'));
    assert.deepEqual(r2.output, { a: 1, err: { Error: 'E', Cause: 'c' } });
    const exited = r2.events.find((e) => e.type === 'TaskStateExited');
    assert.deepEqual(exited?.details?.output, r2.output);
  });

  test('a branch error surfaces under its own name from the Parallel, and can be caught there', async () => {
    const text = machine({
      P: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Branch.Broke', Cause: 'no' } } },
          { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 10, End: true } } },
        ],
        Catch: [{ ErrorEquals: ['Branch.Broke'], Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    });
    const r = await runText(text, {});
    assert.deepEqual(r.output, { Error: 'Branch.Broke', Cause: 'no' });
    assert.equal(r.simulatedSeconds, 0, 'the failure ends the Parallel at once; the other branch stops');
    assert.ok(!r.events.some((e) => e.type === 'WaitStateExited'));
  });

  test('an uncaught error fails the execution with its name and cause', async () => {
    const r = await runText(task({ Catch: [{ ErrorEquals: ['Other'], Next: 'Caught' }] }), {}, failing('E', 'c'));
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'E');
    assert.equal(r.cause, 'c');
    assert.equal(r.events.at(-1)?.type, 'ExecutionFailed');
  });
});

describe('task timeouts on the virtual clock', () => {
  test('a task longer than TimeoutSeconds is States.Timeout at the limit', async () => {
    const slow = scripted({ T: () => ({ ok: true, output: 1, durationSeconds: 300 }) });
    const r = await runText(task({ TimeoutSeconds: 60 }), {}, slow);
    assert.equal(r.error, 'States.Timeout');
    assert.equal(r.simulatedSeconds, 60);
    assert.ok(r.events.some((e) => e.type === 'TaskTimedOut' && e.details?.error === 'States.Timeout'));
    const fast = await runText(task({ TimeoutSeconds: 60 }), {}, scripted({ T: () => ({ ok: true, output: 1, durationSeconds: 59 }) }));
    assert.equal(fast.status, 'SUCCEEDED');
    assert.equal(fast.simulatedSeconds, 59);
  });

  test('TimeoutSecondsPath, HeartbeatSeconds, and States.TaskFailed not catching a timeout', async () => {
    const slow = scripted({ T: () => ({ ok: true, output: 1, durationSeconds: 300 }) });
    const r = await runText(task({ TimeoutSecondsPath: '$.limit' }), { limit: 5 }, slow);
    assert.equal(r.simulatedSeconds, 5);
    const hb = await runText(
      task({ TimeoutSeconds: 600, HeartbeatSeconds: 30, Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }] }),
      {},
      slow,
    );
    // AWS reports a missed heartbeat as States.Timeout with no cause (recorded executions,
    // LocalStack's snapshot tests timeouts/test_heartbeats); our explanation is the hint.
    assert.equal(hb.error, 'States.Timeout');
    assert.equal(hb.cause, undefined);
    assert.match(hb.hint!, /no heartbeat for 30 s/);
    assert.deepEqual(hb.events.find((e) => e.type === 'TaskTimedOut')?.details, {
      resourceType: 'sqs',
      resource: 'sendMessage',
      error: 'States.Timeout',
    });
    assert.deepEqual(hb.events.at(-1)?.details, { error: 'States.Timeout', hint: hb.hint });
    assert.equal(hb.simulatedSeconds, 30);
    // The name States.HeartbeatTimeout still matches it in a Catch, and only it (not a plain timeout).
    const byName = task({
      TimeoutSeconds: 600,
      HeartbeatSeconds: 30,
      Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], ResultPath: '$.err', Next: 'Caught' }],
    });
    const hbCaught = await runText(byName, {}, slow);
    assert.deepEqual(hbCaught.path, ['T', 'Caught']);
    // The Catch sees an empty Cause, as a recorded AWS execution shows for a caught States.Timeout
    // (aws-samples/serverless-coffee-workshop issue 15: {"Error":"States.Timeout","Cause":""}).
    assert.deepEqual(hbCaught.output, { err: { Error: 'States.Timeout', Cause: '' } });
    const plainTimeout = await runText(
      task({ TimeoutSeconds: 10, Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'Caught' }] }),
      {},
      slow,
    );
    assert.equal(plainTimeout.status, 'FAILED');
    const caught = await runText(task({ TimeoutSeconds: 10, Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Caught' }] }), {}, slow);
    assert.deepEqual(caught.path, ['T', 'Caught']);
  });

  test('plain Lambda ARNs time out with LambdaFunctionTimedOut', async () => {
    const text = machine({
      T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', TimeoutSeconds: 3, End: true },
    });
    const r = await runText(text, {}, scripted({ T: () => ({ ok: true, output: 1, durationSeconds: 4 }) }));
    assert.ok(r.events.some((e) => e.type === 'LambdaFunctionTimedOut'));
  });
});

describe('the payload quota (256 KiB)', () => {
  test("a task result over the quota is the task's failure (States.DataLimitExceeded), which States.ALL catches", async () => {
    // Recorded AWS executions (LocalStack's snapshot tests, error_handling/test_states_errors):
    // TaskFailed/LambdaFunctionFailed names the resource, and a States.ALL catcher takes it.
    const big = 'x'.repeat(300 * 1024);
    const cause = "The state/task 'sqs' returned a result with a size exceeding the maximum number of bytes service limit.";
    const caught = await runText(task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }] }), {}, scripted({ T: () => big }));
    assert.equal(caught.status, 'SUCCEEDED');
    assert.deepEqual(caught.output, { Error: 'States.DataLimitExceeded', Cause: cause });
    const failed = caught.events.find((e) => e.type === 'TaskFailed');
    assert.equal(failed?.details?.cause, cause);
    assert.ok(!caught.events.some((e) => e.type === 'TaskSucceeded'));
    const r = await runText(task({}), {}, scripted({ T: () => big }));
    assert.equal(r.error, 'States.DataLimitExceeded');
    assert.equal(r.cause, cause);
    assert.match(r.hint!, /The result of the task 'T' is 307202 bytes \(UTF-8\)/);
    // A state's own output over the quota stays out of States.ALL's reach (the guide).
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:f';
    const lambda = await runText(machine({ T: { Type: 'Task', Resource: arn, End: true } }), {}, scripted({ T: () => big }));
    assert.equal(
      lambda.cause,
      `The state/task '${arn}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    );
    assert.ok(lambda.events.some((e) => e.type === 'LambdaFunctionFailed' && e.details?.error === 'States.DataLimitExceeded'));
    const out = await runText(
      machine({ P: { Type: 'Pass', Parameters: { 'v.$': 'States.ArrayRange(1, 1000, 1)', 'big.$': '$.big' }, End: true } }),
      { big: 'y'.repeat(262_100) },
    );
    assert.equal(out.error, 'States.DataLimitExceeded');
    assert.equal(out.cause, "The state/task 'P' returned a result with a size exceeding the maximum number of bytes service limit.");
  });

  test('a state output over the quota fails; the exact limit passes', async () => {
    // A string of n ASCII characters is n + 2 bytes of JSON.
    const at = 'y'.repeat(256 * 1024 - 2);
    const ok = await runText(machine({ P: { Type: 'Pass', End: true } }), at);
    assert.equal(ok.status, 'SUCCEEDED');
    const over = await runText(machine({ P: { Type: 'Pass', Parameters: { 'a.$': '$', 'b.$': '$' }, End: true } }), at);
    assert.equal(over.error, 'States.DataLimitExceeded');
  });

  test('an execution input over the quota fails at once, with a clear cause', async () => {
    const r = await runText(machine({ P: { Type: 'Pass', End: true } }), { blob: 'z'.repeat(10 * 1024 * 1024) });
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'States.DataLimitExceeded');
    assert.match(r.cause!, /The execution input is 10485771 bytes; Step Functions accepts at most 262144 bytes/);
    assert.deepEqual(r.path, []);
  });

  test('multi-byte characters count as their UTF-8 bytes', async () => {
    const euro = '€'.repeat(90 * 1024); // 3 bytes each: 270 KiB
    const r = await runText(machine({ P: { Type: 'Pass', End: true } }), euro);
    assert.equal(r.error, 'States.DataLimitExceeded');
  });
});

describe('invokers that misbehave', () => {
  test('an invoker that throws or answers nonsense fails the task, it does not crash the run', async () => {
    const throwing = await runText(
      task({}),
      {},
      {
        invoke: () => {
          throw new Error('socket closed');
        },
      },
    );
    assert.equal(throwing.error, 'States.TaskFailed');
    assert.match(throwing.cause!, /The task invoker failed: socket closed/);
    const nonsense = await runText(task({}), {}, { invoke: async () => 42 as never });
    assert.equal(nonsense.error, 'States.TaskFailed');
    assert.match(nonsense.cause!, /answered 42, which is not a TaskOutcome/);
  });
});
