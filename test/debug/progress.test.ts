/**
 * The adapter's progress event (protocol/debug.ts), what the graph panel follows: at each stop
 * the paused state and the history so far, `running` on each resume, and the end with its status.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEBUG_PROGRESS_EVENT, progressPanels, type DebugProgress } from '../../protocol/debug';
import { ARTICLE, FIXTURES, close, launch, recordProgress, resumeTo, clientsPerTest, stopped, stopAtChoice, type Client } from './client';

const start = clientsPerTest();
let dc: Client | undefined;

const HANG = join(FIXTURES, 'hang.asl.json');
const HANG_MOCKS = join(FIXTURES, 'hang.mocks.json');

const entered = (p: DebugProgress) => p.events.filter((e) => e.type.endsWith('StateEntered')).map((e) => e.stateName);

test('the walk-through: paused at Choice with the path so far, running on a step, ended with the status', async () => {
  dc = await start();
  const seen = recordProgress(dc);
  await stopAtChoice(dc);
  // The stopped event comes first, the progress right after it; before it, the start (no path yet).
  const paused = await waitFor(seen, (p) => p.phase === 'paused');
  assert.deepEqual(seen[0], { file: ARTICLE, phase: 'running', events: [] });
  assert.equal(paused.file, ARTICLE);
  assert.equal(paused.machine, undefined);
  assert.deepEqual(paused.current, { stateName: 'Choice', scope: [] });
  assert.deepEqual(entered(paused), ['GeeksForGeeks Article Description']);
  assert.equal(paused.events[0].type, 'ExecutionStarted');
  // The Task's local handler answered at once: nothing said about it.
  assert.ok(!seen.some((p) => p.phase === 'running' && p.current), JSON.stringify(seen));

  const count = seen.length;
  await resumeTo(dc, () => dc!.nextRequest({ threadId: 1 }));
  const after = await waitFor(seen, (p, i) => i > count && p.phase === 'paused');
  assert.equal(seen[count].phase, 'running');
  assert.equal(after.current?.stateName, 'Add To Review');
  // Choice ran, and its exit says which rule matched (the panel lights that edge).
  assert.deepEqual(entered(after), ['GeeksForGeeks Article Description', 'Choice']);
  assert.ok(after.events.some((e) => e.type === 'ChoiceStateExited' && e.details && 'matchedRule' in e.details));

  await dc.setBreakpointsRequest({ source: { path: ARTICLE }, breakpoints: [] });
  await dc.continueRequest({ threadId: 1 });
  const end = await waitFor(seen, (p) => p.phase === 'ended');
  assert.equal(end.status, 'SUCCEEDED');
  assert.equal(end.current, undefined);
  assert.equal(end.events.at(-1)?.type, 'ExecutionSucceeded');
});

test('a template machine: the progress names the template and the machine', async () => {
  dc = await start();
  const seen = recordProgress(dc);
  const template = join(FIXTURES, 'template.yaml');
  const first = dc.waitForEvent('stopped');
  await launch(dc, { program: template, machine: 'CountMachine', stopOnEntry: true });
  await stopped(dc, first);
  const p = await waitFor(seen, (x) => x.phase === 'paused');
  assert.equal(p.file, template);
  assert.equal(p.machine, 'CountMachine');
  // The states are in the template itself: no other panel to follow.
  assert.equal(p.template, undefined);
  assert.deepEqual(p.current, { stateName: 'Init', scope: [] });
});

test('a template machine defined in a linked file (SAM DefinitionUri, Serverless file variable): the progress names the file, the template and the machine', async () => {
  const dir = join(FIXTURES, 'linked');
  const linked = join(dir, 'statemachine', 'greet.asl.json');
  for (const [template, machine] of [
    [join(dir, 'template.yaml'), 'LinkedMachine'],
    [join(dir, 'serverless.yml'), 'greetFlow'],
  ]) {
    dc = await start();
    const seen = recordProgress(dc);
    const first = dc.waitForEvent('stopped');
    await launch(dc, { program: template, machine, stopOnEntry: true });
    await stopped(dc, first);
    const p = await waitFor(seen, (x) => x.phase === 'paused');
    assert.equal(p.file, linked, template);
    assert.equal(p.template, template);
    assert.equal(p.machine, machine);
    assert.deepEqual(p.current, { stateName: 'Greet', scope: [] });
    // The graph panel of the template's machine follows, and so does the linked file's own.
    assert.deepEqual(progressPanels(p), [{ file: template, machine }, { file: linked }]);
    await close(dc);
    dc = undefined;
  }
});

const WAIT_MS = 20_000;

/** The first progress that `accept` takes (with its index), waiting for the adapter's next events. */
async function waitFor(seen: DebugProgress[], accept: (p: DebugProgress, i: number) => boolean): Promise<DebugProgress> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const i = seen.findIndex((p, k) => accept(p, k));
    if (i >= 0) return seen[i];
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`no such progress; seen: ${JSON.stringify(seen.map((p) => [p.phase, p.current?.stateName]))}`);
    await new Promise<void>((r) => {
      const timer = setTimeout(r, left);
      dc!.once(DEBUG_PROGRESS_EVENT, () => {
        clearTimeout(timer);
        r();
      });
    });
  }
}

test('a handler call that goes on (slow, or waiting in a debugger): running, at its Task', async () => {
  dc = await start();
  const seen = recordProgress(dc);
  const pidFile = join(mkdtempSync(join(tmpdir(), 'aslwb-progress-')), 'pid');
  // The handler never answers; its time limit ends the call after 2 s, and the Catch goes on.
  await launch(dc, { program: HANG, mocks: HANG_MOCKS, handlerTimeout: 2, input: { pidFile } });
  const inHandler = await waitFor(seen, (p) => p.phase === 'running' && p.current !== undefined);
  assert.deepEqual(inHandler.current, { stateName: 'Hang', scope: [] });
  assert.deepEqual(entered(inHandler), ['Hang']);
  const end = await waitFor(seen, (p) => p.phase === 'ended');
  assert.equal(end.status, 'SUCCEEDED');
  assert.deepEqual(entered(end), ['Hang', 'After']);
});
