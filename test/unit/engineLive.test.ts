// Live runs (RunOptions.live, engine/live.ts): the engine on the real clock for the local endpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepare, run } from '../../server/src/core/engine';
import type { HistoryEvent, TaskInvoker } from '../../server/src/core/engine/types';

const echo: TaskInvoker = { invoke: async (inv) => ({ ok: true, output: inv.payload }) };

const FAN_OUT = JSON.stringify({
  StartAt: 'Both',
  States: {
    Both: {
      Type: 'Parallel',
      Next: 'Done',
      Branches: [
        {
          StartAt: 'Slow',
          States: {
            Slow: { Type: 'Wait', Seconds: 5, Next: 'T1' },
            T1: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:F', End: true },
          },
        },
        {
          StartAt: 'Fast',
          States: {
            Fast: { Type: 'Wait', Seconds: 1, Next: 'T2' },
            T2: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:F', End: true },
          },
        },
      ],
    },
    Done: { Type: 'Succeed' },
  },
});

test('a live run at scale 0 writes the history of the dry run, and reports each event as written', async () => {
  const machine = prepare(FAN_OUT);
  const dry = await run(machine, { input: { a: 1 }, invoker: echo });
  const seen: HistoryEvent[] = [];
  const live = await run(machine, { input: { a: 1 }, invoker: echo, live: { timeScale: 0, onEvent: (e) => seen.push(e) } });
  assert.equal(live.status, 'SUCCEEDED');
  assert.deepEqual(live.events, dry.events);
  assert.deepEqual(seen, live.events);
});

test('a live run takes the scaled real time of its Waits, branches side by side', async () => {
  const t0 = Date.now();
  const r = await run(prepare(FAN_OUT), { input: {}, invoker: echo, live: { timeScale: 0.02 } });
  const took = Date.now() - t0;
  assert.equal(r.status, 'SUCCEEDED');
  // The branches wait 5 s and 1 s side by side: 5 s of the run's clock, 100 ms of real time.
  assert.ok(took >= 95 && took < 5 * 1000 * 0.02 + 1000 * 0.02 + 200, `took ${took} ms`);
  assert.equal(r.simulatedSeconds, 5);
});

test('an invocation that takes real time lets the other branch go on (concurrent)', async () => {
  const order: string[] = [];
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const invoker: TaskInvoker = {
    async invoke(inv) {
      order.push(`call ${inv.stateName}`);
      if (inv.stateName === 'T1') await held;
      return { ok: true, output: inv.stateName };
    },
  };
  const def = JSON.stringify({
    StartAt: 'Both',
    States: {
      Both: {
        Type: 'Parallel',
        End: true,
        Branches: [
          { StartAt: 'T1', States: { T1: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:F', End: true } } },
          { StartAt: 'T2', States: { T2: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:F', End: true } } },
        ],
      },
    },
  });
  const p = run(prepare(def), { input: {}, invoker, live: { timeScale: 0, concurrent: () => true } });
  await new Promise((r) => setTimeout(r, 20));
  // T2 was called while T1's call was still pending.
  assert.deepEqual(order, ['call T1', 'call T2']);
  release();
  const r = await p;
  assert.deepEqual(r.output, ['T1', 'T2']);
});

test('the signal stops a live run where it stands: no event after it, the run never settles', async () => {
  const abort = new AbortController();
  const seen: HistoryEvent[] = [];
  const def = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, Next: 'P' }, P: { Type: 'Pass', End: true } } });
  let settled = false;
  void run(prepare(def), { input: {}, invoker: echo, live: { timeScale: 0.05, signal: abort.signal, onEvent: (e) => seen.push(e) } }).then(
    () => (settled = true),
  );
  await new Promise((r) => setTimeout(r, 10));
  abort.abort();
  const count = seen.length;
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(seen.length, count);
  assert.deepEqual(
    seen.map((e) => e.type),
    ['ExecutionStarted', 'WaitStateEntered'],
  );
  assert.equal(settled, false);
});
