/** The engine's debugger hooks (RunOptions.debug): where a run stops, what it shows, what may change. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DebugFrame, DebugHooks } from '../../server/src/core/engine/debug';
import { machine, runText, scripted } from './engineHelpers';

/** Hooks that record every point as "kind:scope/state" and go on at once. */
function recorder(
  change?: (kind: string, f: DebugFrame) => void,
): DebugHooks & { points: string[]; frames: DebugFrame[]; ended: object[] } {
  const points: string[] = [];
  const frames: DebugFrame[] = [];
  const ended: object[] = [];
  const at = (kind: string) => async (f: DebugFrame) => {
    points.push(`${kind}:${[...f.scope, f.stateName].join('/')}`);
    frames.push(f);
    change?.(kind, f);
  };
  return {
    points,
    frames,
    ended,
    beforeState: at('state'),
    errorRaised: at('error'),
    stateFailed: at('failed'),
    threadEnded: (t) => ended.push(t),
  };
}

const FAN_OUT = machine({
  Start: { Type: 'Pass', Assign: { n: 1 }, Next: 'Each' },
  Each: {
    Type: 'Map',
    MaxConcurrency: 1,
    ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Pass', End: true } } },
    Next: 'Both',
  },
  Both: {
    Type: 'Parallel',
    Branches: [
      { StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } },
      { StartAt: 'Right', States: { Right: { Type: 'Pass', End: true } } },
    ],
    End: true,
  },
});

test('every state of every strand is a point, in the run order, and the same order every run', async () => {
  const a = recorder();
  const r = await runText(FAN_OUT, ['x', 'y'], scripted(), { debug: a });
  assert.equal(r.status, 'SUCCEEDED');
  assert.deepEqual(a.points, [
    'state:Start',
    'state:Each',
    'state:Each/iteration 0/Work',
    'state:Each/iteration 1/Work',
    'state:Both',
    'state:Both/branch 0/Left',
    'state:Both/branch 1/Right',
  ]);
  // Each branch and iteration is its own thread, and each one's end is told.
  const threads = new Set(a.frames.map((f) => f.thread));
  assert.equal(threads.size, 5);
  assert.equal(a.ended.length, 4);
  assert.deepEqual({ ...a.frames[2].variables }, { n: 1 });
  const b = recorder();
  await runText(FAN_OUT, ['x', 'y'], scripted(), { debug: b });
  assert.deepEqual(b.points, a.points);
});

test('the run waits for the hook; the input and variables it sets are what the state gets', async () => {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const text = machine({
    First: { Type: 'Pass', Next: 'Second' },
    Second: { Type: 'Pass', Parameters: { 'changed.$': '$.changed', 'v.$': '$v' }, End: true },
  });
  let done = false;
  const hooks: DebugHooks = {
    beforeState: async (f) => {
      if (f.stateName !== 'Second') return;
      await held;
      f.input = { changed: true };
      f.variables = { v: 2 };
    },
  };
  const run = runText(text, { a: 1 }, scripted(), { debug: hooks }).then((r) => ((done = true), r));
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(done, false, 'the run went on while the hook was pending');
  release();
  const r = await run;
  assert.deepEqual(r.output, { changed: true, v: 2 });
});

test('an error is a point where it is raised (handled or not) and where it leaves a state', async () => {
  const text = machine({
    Call: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f',
      Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 1, IntervalSeconds: 2 }],
      End: true,
    },
  });
  const rec = recorder();
  const r = await runText(text, {}, scripted({ Call: () => ({ ok: false, error: 'Boom', cause: 'bad' }) }), { debug: rec });
  assert.equal(r.status, 'FAILED');
  assert.deepEqual(rec.points, ['state:Call', 'error:Call', 'error:Call', 'failed:Call']);
  const [, first, second, failed] = rec.frames;
  assert.deepEqual([first.handled, second.handled, failed.handled], [true, false, false]);
  assert.deepEqual([first.retryCount, second.retryCount], [0, 1]);
  assert.equal(second.timeMs, 2000, 'the retry interval passed on the virtual clock');
  assert.deepEqual(second.error, { Error: 'Boom', Cause: 'bad' });
  assert.equal(second.raised, failed.raised, 'the same error object travels on');
});

test('a hook that rejects with a Fatal ends the run with its status', async () => {
  const { Fatal } = await import('../../server/src/core/engine/errors');
  const text = machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } });
  const r = await runText(text, {}, scripted(), {
    debug: {
      beforeState: async (f) => {
        if (f.stateName === 'B') throw new Fatal('ABORTED', 'Stopped', 'by the debugger');
      },
    },
  });
  assert.equal(r.status, 'ABORTED');
  assert.equal(r.error, 'Stopped');
  assert.deepEqual(r.path, ['A']);
});
