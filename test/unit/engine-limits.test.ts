/** Limits: the history limit (naming the loop), the machine's TimeoutSeconds, the wall-time budget, invalid definitions. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { prepare, run } from '../../server/src/core/engine';
import { machine, runText, scripted } from './engineHelpers';

/** Loops for ever unless the input has "stop". */
const PING_PONG = machine({
  Ping: { Type: 'Pass', Next: 'Pong' },
  Pong: { Type: 'Choice', Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'Done' }], Default: 'Ping' },
  Done: { Type: 'Succeed' },
});

describe('limits', () => {
  test('a runaway loop stops at 25,000 events, quickly, naming the states it loops through', async () => {
    const started = Date.now();
    const r = await runText(PING_PONG, {});
    assert.ok(Date.now() - started < 5000);
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'States.Runtime');
    // AWS's cause, and ExecutionFailed as event #25,000, from a recorded run (floci issue 2734);
    // the loop's states are our hint.
    assert.equal(r.cause, 'The execution reached the maximum number of history events (25000).');
    assert.match(r.hint!, /"Ping" \(\d+ times\), "Pong" \(\d+ times\)/);
    assert.match(r.hint!, /lead back to "Ping"/);
    assert.equal(r.events.length, 25_000, 'ExecutionFailed is the 25,000th event');
    assert.equal(r.events.at(-1)?.type, 'ExecutionFailed');
  });

  test('maxEvents can be lowered or lifted', async () => {
    const r = await runText(PING_PONG, {}, scripted(), { maxEvents: 100 });
    assert.equal(r.events.length, 100);
    const loop = machine({
      Inc: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'C' },
      C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericLessThan: 20000, Next: 'Inc' }], Default: 'D' },
      D: { Type: 'Succeed' },
    });
    const long = await runText(loop, { n: 0 }, scripted(), { maxEvents: Infinity });
    assert.equal(long.status, 'SUCCEEDED');
    assert.deepEqual(long.output, { n: 20000 });
  });

  test("the machine's TimeoutSeconds ends the run on the virtual clock (TIMED_OUT)", async () => {
    const text = machine(
      { W: { Type: 'Wait', Seconds: 3600, Next: 'W2' }, W2: { Type: 'Wait', Seconds: 3600, End: true } },
      { TimeoutSeconds: 5000 },
    );
    const started = Date.now();
    const r = await runText(text, {});
    assert.ok(Date.now() - started < 1000);
    assert.equal(r.status, 'TIMED_OUT');
    assert.equal(r.error, 'States.Timeout');
    assert.equal(r.simulatedSeconds, 5000);
    assert.equal(r.events.at(-1)?.type, 'ExecutionTimedOut');
    assert.equal(r.events.at(-1)?.timestamp, '2026-01-01T01:23:20.000Z');
    // AWS: ExecutionTimedOut carries States.Timeout and no cause (a recorded run, floci issue 2733).
    assert.equal(r.cause, undefined);
    assert.deepEqual(r.events.at(-1)?.details, { error: 'States.Timeout', hint: r.hint });
    assert.match(r.hint!, /TimeoutSeconds \(5000 s of virtual time\)/);
  });

  test('TimeoutSeconds inside a Parallel lets the earlier branch work finish first', async () => {
    const text = machine(
      {
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Long', States: { Long: { Type: 'Wait', Seconds: 100, End: true } } },
            { StartAt: 'Short', States: { Short: { Type: 'Wait', Seconds: 10, Next: 'Mark' }, Mark: { Type: 'Pass', End: true } } },
          ],
          End: true,
        },
      },
      { TimeoutSeconds: 50 },
    );
    const r = await runText(text, {});
    assert.equal(r.status, 'TIMED_OUT');
    assert.equal(r.simulatedSeconds, 50);
    assert.ok(r.events.some((e) => e.stateName === 'Mark' && e.type === 'PassStateExited'));
  });

  test('a task call that never answers is ABORTED when the wall-time budget runs out', async () => {
    const text = machine({ T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } });
    const started = Date.now();
    const r = await runText(text, {}, { invoke: () => new Promise(() => undefined) }, { wallTimeMs: 100 });
    const took = Date.now() - started;
    assert.equal(r.status, 'ABORTED');
    assert.match(r.cause!, /more than its budget of 100 ms of real time/);
    assert.equal(r.events.at(-1)?.type, 'ExecutionAborted');
    assert.ok(took >= 90 && took < 2000, `took ${took} ms`);
  });

  test('a loop with no event limit is ABORTED by the wall-time budget', async () => {
    const r = await runText(PING_PONG, {}, scripted(), { maxEvents: Infinity, wallTimeMs: 200 });
    assert.equal(r.status, 'ABORTED');
  });

  test('a definition with errors is not run: prepare keeps the diagnostics, run reports them', async () => {
    const m = prepare(JSON.stringify({ StartAt: 'Nope', States: { A: { Type: 'Pass', End: true } } }));
    assert.equal(m.ok, false);
    assert.ok(m.diagnostics.some((d) => d.code === 'unknown-state'));
    const r = await run(m, { input: {}, invoker: scripted() });
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'InvalidDefinition');
    assert.match(r.cause!, /line 1: .*Nope/);
    const broken = prepare('{ "StartAt": ');
    assert.equal(broken.ok, false);
    assert.equal((await run(broken, { input: {}, invoker: scripted() })).status, 'FAILED');
  });

  test('a prepared machine runs many times with the same results', async () => {
    const m = prepare(machine({ P: { Type: 'Pass', Parameters: { 'id.$': 'States.UUID()', 'n.$': '$.n' }, End: true } }));
    const a = await run(m, { input: { n: 1 }, invoker: scripted() });
    const b = await run(m, { input: { n: 1 }, invoker: scripted() });
    const c = await run(m, { input: { n: 2 }, invoker: scripted() });
    assert.deepEqual(a, b);
    assert.deepEqual((c.output as { n: number }).n, 2);
  });
});
