/**
 * The debug adapter with bad input and bad timing: a missing program, a machine with syntax
 * errors, a handler that never answers, a pause while it hangs, a disconnect mid-run, a restart;
 * and `asl-workbench debug-adapter` as the same adapter.
 */
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, eventually } from '../fixtures/processes';
import { ARTICLE, ARTICLE_MOCKS, CLI, FIXTURES, ended, launch, resumeTo, clientsPerTest, stopped, type Client } from './client';

const HANG = join(FIXTURES, 'hang.asl.json');
const HANG_MOCKS = join(FIXTURES, 'hang.mocks.json');

const start = clientsPerTest();
let dc: Client | undefined;

async function launchFails(args: Record<string, unknown>): Promise<string> {
  dc = await start();
  await dc.initializeRequest();
  try {
    await dc.launchRequest(args as never);
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail('the launch did not fail');
}

test('a missing program fails the launch and says so', async () => {
  const message = await launchFails({ program: join(FIXTURES, 'no-such.asl.json') });
  assert.match(message, /Cannot debug .*no-such\.asl\.json/);
});

test('a launch without a program fails and says what to give', async () => {
  assert.match(await launchFails({}), /no "program"/);
});

test('a machine with syntax errors fails the launch with its errors', async () => {
  const message = await launchFails({ program: join(FIXTURES, 'broken.asl.json') });
  assert.match(message, /broken\.asl\.json has \d+ errors? \(AWS would reject it\)/);
  assert.match(message, /line \d+:/);
});

test('a test case that does not exist fails the launch with the names there are', async () => {
  const message = await launchFails({ program: ARTICLE, mocks: ARTICLE_MOCKS, testCase: 'PendingGoesToReveiw' });
  assert.match(message, /no test case "PendingGoesToReveiw"/);
  assert.match(message, /PendingGoesToReview/);
});

test('a hanging handler meets its time limit; pause while it hangs stops at the next point (its time-out)', async () => {
  dc = await start();
  const file = pidFile();
  await launch(dc, { program: HANG, mocks: HANG_MOCKS, handlerTimeout: 1, input: { pidFile: file } });
  const pid = await handlerPid(file);
  // The next point the run reaches is the time-out the handler runner reports.
  let stop = await resumeTo(dc, () => dc!.pauseRequest({ threadId: 1 }));
  assert.equal(stop.reason, 'pause');
  assert.equal(stop.frames[0].name, 'Hang (Sandbox.Timedout)');
  stop = await resumeTo(dc, () => dc!.nextRequest({ threadId: 1 }));
  assert.equal(stop.frames[0].name, 'After');
  await eventually('the timed-out handler ends', () => !alive(pid));
  const exited = dc.waitForEvent('exited');
  const terminated = dc.waitForEvent('terminated');
  await dc.continueRequest({ threadId: 1 });
  const end = await ended(dc, exited, terminated);
  assert.equal(end.data.status, 'SUCCEEDED');
  assert.equal((end.data.output as { error: { Error: string } }).error.Error, 'Sandbox.Timedout');
});

test('disconnect mid-run ends the adapter and the handler it was waiting for', async () => {
  dc = await start();
  const file = pidFile();
  await launch(dc, { program: HANG, mocks: HANG_MOCKS, input: { pidFile: file } });
  const pid = await handlerPid(file);
  assert.ok(alive(pid));
  await dc.disconnectRequest();
  await eventually('the adapter exits', () => dc!.process.exitCode !== null);
  assert.equal(dc.process.exitCode, 0);
  await eventually('the handler ends', () => !alive(pid));
});

test('restart runs again from the start; asl-workbench debug-adapter is the same adapter', async () => {
  dc = await start(true);
  const first = dc.waitForEvent('stopped');
  await launch(dc, { program: ARTICLE, mocks: ARTICLE_MOCKS, input: { name: 'x', status: 'Review' }, stopOnEntry: true });
  let stop = await stopped(dc, first);
  assert.equal(stop.reason, 'entry');
  assert.equal(stop.frames[0].name, 'GeeksForGeeks Article Description');
  stop = await resumeTo(dc, () => dc!.nextRequest({ threadId: 1 }));
  assert.equal(stop.frames[0].name, 'Choice');
  stop = await resumeTo(dc, () => dc!.restartRequest({}));
  assert.equal(stop.reason, 'entry');
  assert.equal(stop.frames[0].name, 'GeeksForGeeks Article Description');
  const exited = dc.waitForEvent('exited');
  const terminated = dc.waitForEvent('terminated');
  await dc.continueRequest({ threadId: 1 });
  const end = await ended(dc, exited, terminated);
  assert.deepEqual(end.data.path, ['GeeksForGeeks Article Description', 'Choice', 'Move To Publish', 'Show Article']);
});

/** The hanging handler writes its pid to the file its input names (test/debug/fixtures/handlers/debug.mjs). */
async function handlerPid(pidFile: string): Promise<number> {
  await eventually('the handler starts', () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').length > 0, 10_000);
  return Number(readFileSync(pidFile, 'utf8'));
}

function pidFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'aslwb-debug-')), 'pid');
}

test('asl-workbench debug-adapter --help says what it is; the main help lists it', () => {
  const help = spawnSync(process.execPath, [CLI, 'debug-adapter', '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Debug Adapter Protocol on stdin\/stdout/);
  const main = spawnSync(process.execPath, [CLI, 'help'], { encoding: 'utf8' });
  assert.match(main.stdout, /debug-adapter/);
});
