/** A DAP client on the built adapter (dist/), and helpers for the debugger tests. */
import assert from 'node:assert/strict';
import { afterEach } from 'node:test';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DEBUG_PROGRESS_EVENT, readDebugProgress, type DebugProgress } from '../../protocol/debug';

export const ROOT = join(__dirname, '..', '..', '..');
export const ADAPTER = join(ROOT, 'dist', 'debug-adapter.js');
export const CLI = join(ROOT, 'dist', 'cli.js');
export const FIXTURES = join(ROOT, 'test', 'debug', 'fixtures');
export const ARTICLE = join(ROOT, 'examples', 'article-review', 'article-review.asl.json');
export const ARTICLE_MOCKS = join(ROOT, 'examples', 'article-review', 'article-review.mocks.json');
export const ORDERS = join(FIXTURES, 'orders.asl.json');
export const ORDERS_MOCKS = join(FIXTURES, 'orders.mocks.json');

export type Client = DebugClient & { outputs: DebugProtocol.OutputEvent[]; process: ChildProcess; stderr: () => string };

/** An adapter process: `node dist/debug-adapter.js`, or `node dist/cli.js debug-adapter`; a client connected to it. */
export async function startClient(viaCli = false): Promise<Client> {
  const child = spawn(process.execPath, viaCli ? [CLI, 'debug-adapter'] : [ADAPTER], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const dc = new DebugClient(process.execPath, ADAPTER, 'asl');
  dc.defaultTimeout = 20_000;
  const outputs: DebugProtocol.OutputEvent[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => outputs.push(e));
  (dc as unknown as { connect(r: NodeJS.ReadableStream, w: NodeJS.WritableStream): void }).connect(child.stdout!, child.stdin!);
  return Object.assign(dc, { outputs, process: child, stderr: () => err });
}

/** Ends a test's session: disconnect, and make sure the adapter is gone. */
export async function close(dc: Client): Promise<void> {
  await Promise.race([dc.disconnectRequest().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
  if (dc.process.exitCode === null && dc.process.signalCode === null) {
    await Promise.race([new Promise((r) => dc.process.once('exit', r)), new Promise((r) => setTimeout(r, 2000))]);
  }
  if (dc.process.exitCode === null && dc.process.signalCode === null) dc.process.kill('SIGKILL');
}

/**
 * A test file's way to start clients: each one is closed (the adapter gone) after the test that
 * started it, however that test ended. Call once, at the top of the file.
 */
export function clientsPerTest(): (viaCli?: boolean) => Promise<Client> {
  const open = new Set<Client>();
  afterEach(async () => {
    // A test may have closed its client itself already.
    for (const dc of open) if (dc.process.exitCode === null && dc.process.signalCode === null) await close(dc);
    open.clear();
  });
  return async (viaCli = false) => {
    const dc = await startClient(viaCli);
    open.add(dc);
    return dc;
  };
}

/** The 1-based line of the first line holding `text` in a file. */
export function lineOf(file: string, text: string): number {
  const i = readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${text} not in ${file}`);
  return i + 1;
}

export interface Setup {
  breakpoints?: DebugProtocol.SourceBreakpoint[];
  exceptions?: DebugProtocol.SetExceptionBreakpointsArguments;
}

/**
 * Launches and configures as VS Code does: initialize, launch; on `initialized` the breakpoints,
 * the exception filters, configurationDone. Resolves with the breakpoints' answer.
 */
export async function launch(dc: DebugClient, args: Record<string, unknown>, setup: Setup = {}): Promise<DebugProtocol.Breakpoint[]> {
  let verified: DebugProtocol.Breakpoint[] = [];
  const configured = dc.waitForEvent('initialized').then(async () => {
    if (setup.breakpoints) {
      const r = await dc.setBreakpointsRequest({ source: { path: args.program as string }, breakpoints: setup.breakpoints });
      verified = r.body.breakpoints;
    }
    await dc.setExceptionBreakpointsRequest(setup.exceptions ?? { filters: [] });
    await dc.configurationDoneRequest();
  });
  await Promise.all([configured, dc.launch(args)]);
  return verified;
}

export interface Stop {
  reason: string;
  threadId: number;
  frames: DebugProtocol.StackFrame[];
  text?: string;
}

/** Waits for the next stop, with the stopped thread's stack. */
export async function stopped(dc: DebugClient, waiting: Promise<DebugProtocol.Event>): Promise<Stop> {
  const e = (await waiting) as DebugProtocol.StoppedEvent;
  const threadId = e.body.threadId!;
  const st = await dc.stackTraceRequest({ threadId });
  return { reason: e.body.reason, threadId, frames: st.body.stackFrames, text: e.body.text };
}

/** Launches the seed walk-through on a pending article with a breakpoint on its Choice state; resolves at that stop. */
export async function stopAtChoice(dc: DebugClient): Promise<Stop> {
  const first = dc.waitForEvent('stopped');
  await launch(
    dc,
    { program: ARTICLE, mocks: ARTICLE_MOCKS, input: { name: 'Intro to DP', status: 'Pending' } },
    { breakpoints: [{ line: lineOf(ARTICLE, '"Choice": {') }] },
  );
  return stopped(dc, first);
}

/** Sends a request that resumes, and waits for the stop it leads to. */
export function resumeTo(dc: DebugClient, request: () => Promise<unknown>): Promise<Stop> {
  const waiting = dc.waitForEvent('stopped');
  return request().then(() => stopped(dc, waiting));
}

/** The variables of a named scope of a frame, as name -> value (parsed where it is JSON). */
export async function scopeValues(dc: DebugClient, frameId: number, scope: string): Promise<Record<string, unknown>> {
  const scopes = await dc.scopesRequest({ frameId });
  const s = scopes.body.scopes.find((x) => x.name === scope || x.name.startsWith(scope));
  assert.ok(s, `no scope "${scope}" in ${scopes.body.scopes.map((x) => x.name).join(', ')}`);
  return variables(dc, s.variablesReference);
}

export async function variables(dc: DebugClient, ref: number): Promise<Record<string, unknown>> {
  const vs = await dc.variablesRequest({ variablesReference: ref });
  const out: Record<string, unknown> = {};
  for (const v of vs.body.variables) {
    try {
      out[v.name] = JSON.parse(v.value);
    } catch {
      out[v.name] = v.value;
    }
  }
  return out;
}

/** The end of a session: the result's output event, and the exit code. */
export async function ended(
  dc: Client,
  exited: Promise<DebugProtocol.Event>,
  terminated: Promise<DebugProtocol.Event>,
): Promise<{ data: { status: string; output: unknown; error: string | null; cause: string | null; path: string[] }; exitCode: number }> {
  const e = (await exited) as DebugProtocol.ExitedEvent;
  await terminated;
  const result = dc.outputs.find((o) => o.body.data && typeof o.body.data === 'object' && 'status' in o.body.data);
  assert.ok(result, 'no result output event');
  return { data: result.body.data, exitCode: e.body.exitCode };
}

/** Every progress event the adapter sends (what the graph panel follows), checked as the extension checks it. */
export function recordProgress(client: DebugClient): DebugProgress[] {
  const seen: DebugProgress[] = [];
  client.on(DEBUG_PROGRESS_EVENT, (e: DebugProtocol.Event) => {
    const p = readDebugProgress(e.body);
    assert.notEqual(typeof p, 'string', `malformed progress: ${String(p)}`);
    seen.push(p as DebugProgress);
  });
  return seen;
}
