/**
 * Dry runs cannot hold the language server hostage (issue 12, items 2 and 3): a runaway run is
 * stopped within the aslWorkbench.dryRun time limit with a clear result, the server answers hover
 * and publishes diagnostics while it runs, and a run that would allocate without bound neither
 * kills the server nor stops it answering.
 */
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import type { Hover, Position } from 'vscode-languageserver-protocol';
import { RUN_REQUEST, resultProblem, type RunResult } from '../../protocol/panel';
import { LspClient } from './client';

const TIME_LIMIT_SECONDS = 1;
const SETTINGS = { dryRun: { timeLimitSeconds: TIME_LIMIT_SECONDS, memoryLimitMb: 128 } };
/** The time limit, the worker's grace to stop by itself (dryRun/isolated.ts), and room for a busy machine. */
const BOUND_MS = TIME_LIMIT_SECONDS * 1000 + 2000 + 4000;

const pass = (output: string): string =>
  JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Output: `{% ${output} %}`, End: true } } });

/** The reproduction: an endless recursion (a loop, by JSONata's tail calls). */
const LOOP = pass('($f := function($n){ $f($n + 1) }; $f(0))');
/** A regular expression that backtracks for ever: code the engine cannot interrupt, only the worker's stop. */
const BACKTRACK = pass("$match('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', /(a+)+$/)");
/** The other reproduction: V8 aborted the whole server on it. */
const PAD = pass('$length($pad("", 400000000, "x"))');
/** A run that does nothing: how long a run takes here and now (a worker's start: seconds on a loaded machine). */
const QUICK = pass('1');
const BROKEN = JSON.stringify({ StartAt: 'Nowhere', States: { P: { Type: 'Pass', End: true } } });

function positionOf(text: string, needle: string): Position {
  return { line: 0, character: text.indexOf(needle) + 1 };
}

/** A request's answer and when it came, so that answers can be ordered. */
function timed<T>(p: Promise<T>): Promise<{ value: T; at: number }> {
  return p.then((value) => ({ value, at: Date.now() }));
}

test('a runaway dry run is stopped within the time limit while the server answers hover and diagnostics', async () => {
  const client = new LspClient(['--stdio'], SETTINGS);
  try {
    await client.initialize(null, { settings: SETTINGS });
    await client.open('file:///loop.asl.json', LOOP);
    await client.open('file:///backtrack.asl.json', BACKTRACK);
    await client.open('file:///quick.asl.json', QUICK);
    const t = Date.now();
    const quick = await client.request<RunResult>(RUN_REQUEST, { uri: 'file:///quick.asl.json', allowHandlers: false });
    assert.ok(quick.ok && quick.result.status === 'SUCCEEDED', JSON.stringify(quick));
    // The bound on the runaway runs: BOUND_MS past the cost of a run that does nothing (a worker started cold).
    const bound = Date.now() - t + BOUND_MS;
    const started = Date.now();
    const loop = timed(client.request<RunResult>(RUN_REQUEST, { uri: 'file:///loop.asl.json', allowHandlers: false }));
    const backtrack = timed(client.request<RunResult>(RUN_REQUEST, { uri: 'file:///backtrack.asl.json', allowHandlers: false }));

    // While both run: a hover, and the diagnostics of a document opened after they started.
    const hover = await timed(client.at<Hover>('textDocument/hover', 'file:///loop.asl.json', positionOf(LOOP, '"P":{')));
    assert.match(JSON.stringify(hover.value.contents), /Pass/);
    const published = client.nextDiagnostics('file:///broken.asl.json');
    await client.open('file:///broken.asl.json', BROKEN);
    const diagnostics = await timed(published);
    assert.ok(diagnostics.value.diagnostics.some((d) => d.code === 'unknown-state'));

    const [l, b] = await Promise.all([loop, backtrack]);
    assert.ok(hover.at < l.at && hover.at < b.at, 'hover was answered before either run ended');
    assert.ok(diagnostics.at < l.at && diagnostics.at < b.at, 'diagnostics were published before either run ended');

    // The engine stops the loop itself, with its history so far.
    assert.ok(l.value.ok, JSON.stringify(l.value));
    assert.equal(resultProblem(l.value.result), undefined);
    assert.equal(l.value.result.status, 'ABORTED');
    assert.equal(l.value.result.error, 'WallTimeExceeded');
    assert.match(l.value.result.cause!, /more than its budget of 1000 ms of real time/);
    assert.deepEqual(l.value.result.path, ['P']);
    assert.ok(l.at - started < bound, `the loop ended after ${l.at - started} ms (bound ${bound} ms)`);

    // The worker is stopped from outside: the engine never gets control back from the regex.
    assert.ok(b.value.ok, JSON.stringify(b.value));
    assert.equal(b.value.result.status, 'ABORTED');
    assert.equal(b.value.result.error, 'WallTimeExceeded');
    assert.match(b.value.result.cause!, /more than its time limit of 1 s and did not stop by itself/);
    assert.ok(b.at - started < bound, `the backtracking run ended after ${b.at - started} ms (bound ${bound} ms)`);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('a run that would allocate 400,000,000 characters is a clear result, and the server goes on', async () => {
  const client = new LspClient(['--stdio'], SETTINGS);
  try {
    await client.initialize(null, { settings: SETTINGS });
    await client.open('file:///pad.asl.json', PAD);
    const r = await client.request<RunResult>(RUN_REQUEST, { uri: 'file:///pad.asl.json', allowHandlers: false });
    assert.ok(r.ok, JSON.stringify(r));
    // AWS's memory bound fails the state (floci-io/floci issue 2737), before anything is allocated.
    assert.equal(r.result.status, 'FAILED');
    assert.equal(r.result.error, 'States.QueryEvaluationError');
    assert.match(r.result.cause!, /Expression evaluation memory limit exceeded: Check for excessive memory usage$/);
    assert.equal(client.process.exitCode, null);
    const hover = await client.at<Hover>('textDocument/hover', 'file:///pad.asl.json', positionOf(PAD, '"P":{'));
    assert.match(JSON.stringify(hover.contents), /Pass/);
    // An ordinary run still works after it (in the worker it left behind, or a new one).
    await client.open('file:///ok.asl.json', pass('{"n": $sum([1..10])}'));
    const ok = await client.request<RunResult>(RUN_REQUEST, { uri: 'file:///ok.asl.json', allowHandlers: false });
    assert.ok(ok.ok && ok.result.status === 'SUCCEEDED', JSON.stringify(ok));
    assert.deepEqual(ok.result.output, { n: 55 });
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

/** The server's child processes (Linux and macOS: pgrep). */
function childrenOf(pid: number): number[] {
  const r = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('a worker stuck in a run does not outlive the server', { skip: process.platform === 'win32' }, async () => {
  const client = new LspClient(['--stdio'], { dryRun: { timeLimitSeconds: 600, memoryLimitMb: 128 } });
  const serverPid = client.process.pid!;
  await client.initialize(null, { settings: { dryRun: { timeLimitSeconds: 600 } } });
  await client.open('file:///backtrack.asl.json', BACKTRACK);
  void client.request<RunResult>(RUN_REQUEST, { uri: 'file:///backtrack.asl.json', allowHandlers: false }).catch(() => undefined);
  let workers: number[] = [];
  for (let i = 0; i < 200 && workers.length === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    workers = childrenOf(serverPid);
  }
  assert.equal(workers.length, 1, 'the run has its worker');
  assert.equal(await client.shutdown(), 0);
  for (let i = 0; i < 100 && alive(workers[0]); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(alive(workers[0]), false, 'the worker was stopped with the server');
});
