/**
 * One debug session's executions: runs the engine with debugger hooks, decides at each point
 * (before a state, where an error is raised, where it leaves a state) whether to stop, and keeps
 * what stepping needs. No DAP here: session.ts turns this into protocol messages.
 *
 * Stepping back re-runs. A paused run is a suspended async call chain that cannot be copied, so
 * snapshots could show the past but never continue from it; a re-run with the same input, mocks,
 * seed and virtual clock passes the same points in the same order (debug.ts), so "go back to
 * point N" is a fresh run that stops at its N-th point, and the user can go on from there. The
 * price: mocks answer again and local handlers run again (their console output is not repeated).
 * Edits made with setVariable are recorded by point and made again on the way.
 */
import { dirname } from 'node:path';
import { run } from '../core/engine';
import type { DebugFrame, DebugHooks } from '../core/engine/debug';
import { errorMatcher, errorMatches, Fatal, StatesError } from '../core/engine/errors';
import { ProcessHandlerRunner, type InspectorTarget } from '../node/handlers';
import type { HandlerRunner } from '../core/engine/mocks/invoker';
import { createTaskInvoker } from '../core/engine/mocks';
import type { ExecutionResult } from '../core/engine/types';
import type { StateInfo } from '../core/model';
import { holds, interpolate } from './evaluate';
import type { Program } from './launch';
import { Locations } from './locations';

export type StopReason = 'entry' | 'step' | 'breakpoint' | 'exception' | 'pause';
type PointKind = 'state' | 'error' | 'failed';

export interface ThreadState {
  id: number;
  name: string;
  scope: readonly string[];
  /** Where the thread is: its last point. */
  frame: DebugFrame;
}

export interface StateBreakpoint {
  id: number;
  state: StateInfo;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
  hits: number;
}

export interface ExceptionFilters {
  all: boolean;
  uncaught: boolean;
  /** Error names (as in ErrorEquals; States.ALL matches all); undefined: filter off. */
  named?: string[];
}

export interface ControllerEvents {
  stopped(reason: StopReason, threadId: number, description?: string, text?: string): void;
  output(category: 'console' | 'stdout' | 'stderr' | 'important', text: string): void;
  ended(result: ExecutionResult): void;
  /** A handler worker started under the inspector ("debugHandlers"): attach a debugger, which resumes it. */
  handlersListening?(target: InspectorTarget): void;
  /** A Task's local handler call has taken SHOW_HANDLER_CALL_AFTER_MS and goes on (not while replaying): the frame of the state that calls it. */
  handlerCalled?(frame: DebugFrame): void;
}

/** How long a handler call runs before the graph is told its Task is running. */
export const SHOW_HANDLER_CALL_AFTER_MS = 300;

/** The real-time limit of a handler call while handlers are debugged without "handlerTimeout": the longest timer Node keeps. */
const NO_HANDLER_LIMIT_MS = 2 ** 31 - 1;

type Mode = { kind: 'run' } | { kind: 'next'; threadId: number; depth: number } | { kind: 'in' } | { kind: 'out'; depth: number };

interface Point {
  threadId: number;
  kind: PointKind;
  /** A breakpoint or exception filter matched here. */
  match?: StopReason;
}

/** One execution: its points, threads and the errors it has seen. */
interface Generation {
  aborted: boolean;
  seq: number;
  threads: Map<object, ThreadState>;
  nextThreadId: number;
  seenErrors: WeakSet<object>;
  replayTo?: { seq: number; reason: StopReason };
  stopOnEntry: boolean;
}

interface Paused {
  gen: Generation;
  seq: number;
  kind: PointKind;
  thread: ThreadState;
  resolve(): void;
  reject(e: unknown): void;
}

/** How an abandoned run ends (the user went back, restarted or left). */
const ABANDONED = new Fatal('ABORTED', 'DebuggerRestarted', 'The debugger abandoned this run.');

export const ROOT_THREAD = 1;

export class Controller {
  private gen: Generation | undefined;
  private paused: Paused | undefined;
  private mode: Mode = { kind: 'run' };
  private pauseRequested = false;
  private points: Point[] = [];
  private edits = new Map<number, { input?: unknown; variables?: Readonly<Record<string, unknown>> }>();
  private runner: ProcessHandlerRunner | undefined;
  locations: Locations;
  breakpoints: StateBreakpoint[] = [];
  exceptions: ExceptionFilters = { all: false, uncaught: false };

  constructor(
    public program: Program,
    private readonly events: ControllerEvents,
  ) {
    this.locations = new Locations(program.analysis, program.position);
  }

  /** A fresh execution from the start (launch, restart). */
  start(stopOnEntry: boolean): void {
    this.points = [];
    this.edits.clear();
    this.begin({ stopOnEntry });
  }

  /** The same machine with a new definition (restart after an edit). */
  reload(program: Program): void {
    this.abandon();
    this.program = program;
    this.locations = new Locations(program.analysis, program.position);
  }

  get stop(): Paused | undefined {
    return this.paused;
  }

  threads(): ThreadState[] {
    return this.gen ? [...this.gen.threads.values()].sort((a, b) => a.id - b.id) : [];
  }

  thread(id: number): ThreadState | undefined {
    return this.threads().find((t) => t.id === id);
  }

  /** The thread whose scope is exactly this one (a branch's parent: the scope without its last pair). */
  threadAt(scope: readonly string[]): ThreadState | undefined {
    const key = scope.join('\u0000');
    return this.threads().find((t) => t.scope.join('\u0000') === key);
  }

  resume(mode: Mode): void {
    const p = this.paused;
    if (!p) return;
    this.mode = mode;
    this.paused = undefined;
    p.resolve();
  }

  continue(): void {
    this.resume({ kind: 'run' });
  }

  next(threadId: number): void {
    const t = this.thread(threadId);
    this.resume({ kind: 'next', threadId, depth: t?.scope.length ?? 0 });
  }

  stepIn(): void {
    this.resume({ kind: 'in' });
  }

  stepOut(threadId: number): void {
    const t = this.thread(threadId);
    this.resume({ kind: 'out', depth: t?.scope.length ?? 0 });
  }

  pause(): void {
    if (!this.paused) this.pauseRequested = true;
  }

  /** Back to this thread's previous state (else the previous state of any thread). */
  stepBack(threadId: number): void {
    const at = this.paused?.seq;
    if (at === undefined) return;
    let target = -1;
    for (let q = at - 1; q >= 1 && target < 0; q--)
      if (this.points[q]?.kind === 'state' && this.points[q].threadId === threadId) target = q;
    for (let q = at - 1; q >= 1 && target < 0; q--) if (this.points[q]?.kind === 'state') target = q;
    this.replay(target > 0 ? target : 1, 'step');
  }

  /** Back to the last point where a breakpoint or exception filter matched, else the first state. */
  reverseContinue(): void {
    const at = this.paused?.seq;
    if (at === undefined) return;
    for (let q = at - 1; q >= 1; q--) {
      const m = this.points[q]?.match;
      if (m) return this.replay(q, m);
    }
    this.replay(1, 'entry');
  }

  /** Records an edit of the paused state's input or variables (made again when re-running past it). */
  edit(change: { input?: unknown; variables?: Readonly<Record<string, unknown>> }): void {
    const p = this.paused;
    if (!p || p.kind !== 'state') return;
    if ('input' in change) p.thread.frame.input = change.input;
    if (change.variables) p.thread.frame.variables = change.variables;
    this.edits.set(p.seq, { ...this.edits.get(p.seq), ...change });
  }

  /** Ends the current execution without a result (step back, restart, disconnect). */
  abandon(): void {
    if (this.gen) this.gen.aborted = true;
    const p = this.paused;
    this.paused = undefined;
    p?.reject(ABANDONED);
  }

  /** Ends the handler worker (its debugger could not attach): the call in progress fails, the next one starts a new worker. */
  endHandlerWorker(): void {
    this.runner?.endWorker();
  }

  async dispose(): Promise<void> {
    this.abandon();
    await this.runner?.dispose();
    this.runner = undefined;
  }

  private replay(seq: number, reason: StopReason): void {
    this.abandon();
    this.begin({ stopOnEntry: false, replayTo: { seq, reason } });
  }

  private begin(opts: { stopOnEntry: boolean; replayTo?: { seq: number; reason: StopReason } }): void {
    const gen: Generation = {
      aborted: false,
      seq: 0,
      threads: new Map(),
      nextThreadId: ROOT_THREAD + 1,
      seenErrors: new WeakSet(),
      stopOnEntry: opts.stopOnEntry,
      replayTo: opts.replayTo,
    };
    this.gen = gen;
    this.mode = { kind: 'run' };
    this.pauseRequested = false;
    for (const b of this.breakpoints) b.hits = 0;
    const prog = this.program;
    const config = prog.mocks?.config ?? { stateMachines: new Map(), responses: new Map(), handlers: new Map() };
    if (prog.mocks && prog.allowHandlers && config.handlers.size > 0 && !this.runner) {
      const listening = this.events.handlersListening;
      this.runner = new ProcessHandlerRunner({
        baseDir: dirname(prog.mocks.file),
        ...(prog.debugHandlers && listening ? { inspect: { onListening: (t: InspectorTarget) => listening(t) } } : {}),
        onLog: (state, stream, text) => {
          if (!this.gen?.replayTo)
            this.events.output(
              stream,
              text
                .split('\n')
                .map((l) => (l ? `[${state || 'handler'}] ${l}` : l))
                .join('\n'),
            );
        },
      });
    }
    const runner = this.runner;
    const unlimited: HandlerRunner | undefined = runner && {
      run: async (call) => {
        // A call that takes a while (a slow handler, or one waiting in a debugger) is shown: the
        // graph marks its Task as running. Quick calls are not, so a Map of a thousand calls
        // does not send a thousand histories.
        const frame = gen.replayTo === undefined ? callingFrame(gen, call.stateName) : undefined;
        const shown = this.events.handlerCalled;
        const timer =
          frame && shown
            ? setTimeout(() => {
                if (!gen.aborted && gen === this.gen) shown(frame);
              }, SHOW_HANDLER_CALL_AFTER_MS)
            : undefined;
        try {
          return await runner.run(prog.noHandlerLimit ? { ...call, timeoutMs: NO_HANDLER_LIMIT_MS } : call);
        } finally {
          clearTimeout(timer);
        }
      },
    };
    const invoker = createTaskInvoker({
      config,
      testCase: prog.testCase,
      runner: prog.allowHandlers ? unlimited : undefined,
      handlersDisabled: prog.allowHandlers
        ? undefined
        : 'local handlers are disabled ("noHandlers" in the launch configuration), so nothing was run.',
      echoUnmocked: prog.echoUnmocked,
      handlerTimeoutMs: prog.handlerTimeoutMs,
      definition: prog.info,
    });
    const point = (kind: PointKind) => (frame: DebugFrame) => this.point(gen, kind, frame);
    const hooks: DebugHooks = {
      beforeState: point('state'),
      errorRaised: point('error'),
      stateFailed: point('failed'),
      threadEnded: (strand) => gen.threads.delete(strand),
    };
    run(prog.prepared, {
      input: prog.input,
      invoker,
      stateMachineName: prog.machineName,
      executionName: prog.testCase?.name,
      seed: prog.seed,
      // Paused time is not run time; handlers keep their own limit, loops meet the event limit.
      wallTimeMs: Infinity,
      debug: hooks,
    }).then((result) => {
      if (gen === this.gen && !gen.aborted) this.events.ended(result);
    });
  }

  private threadOf(gen: Generation, frame: DebugFrame): ThreadState {
    let t = gen.threads.get(frame.thread);
    if (!t) {
      const root = frame.scope.length === 0;
      const parts: string[] = [];
      for (let i = 0; i + 1 < frame.scope.length; i += 2) parts.push(`${frame.scope[i]} [${frame.scope[i + 1]}]`);
      t = {
        id: root ? ROOT_THREAD : gen.nextThreadId++,
        name: root ? `Execution ${this.program.machineName}` : parts.join(' › '),
        scope: frame.scope,
        frame,
      };
      gen.threads.set(frame.thread, t);
    }
    t.frame = frame;
    return t;
  }

  private async point(gen: Generation, kind: PointKind, frame: DebugFrame): Promise<void> {
    if (gen.aborted) throw ABANDONED;
    const seq = ++gen.seq;
    const thread = this.threadOf(gen, frame);
    const replaying = gen.replayTo !== undefined;
    if (kind === 'state') {
      const edit = this.edits.get(seq);
      if (edit && 'input' in edit) frame.input = edit.input;
      if (edit?.variables) frame.variables = edit.variables;
    }
    let match: { reason: StopReason; description?: string; text?: string } | undefined;
    if (kind === 'state') match = await this.breakpointAt(frame, replaying);
    else match = this.exceptionAt(gen, kind, frame);
    if (gen.aborted) throw ABANDONED;
    this.points[seq] = { threadId: thread.id, kind, match: match?.reason };

    let stop: { reason: StopReason; description?: string; text?: string } | undefined;
    if (gen.replayTo) {
      if (seq < gen.replayTo.seq) return;
      stop = { reason: gen.replayTo.reason };
      gen.replayTo = undefined;
      // A new future: what was recorded past this point no longer holds.
      this.points.length = seq + 1;
      for (const k of [...this.edits.keys()]) if (k > seq) this.edits.delete(k);
    } else if (seq === 1 && gen.stopOnEntry) stop = { reason: 'entry' };
    else if (match) stop = match;
    else if (this.pauseRequested) stop = { reason: 'pause' };
    else if (kind === 'state' && this.stepStops(thread)) stop = { reason: 'step' };
    if (!stop) return;
    this.pauseRequested = false;
    await new Promise<void>((resolve, reject) => {
      this.paused = { gen, seq, kind, thread, resolve, reject };
      this.events.stopped(stop.reason, thread.id, stop.description, stop.text);
    });
  }

  private stepStops(thread: ThreadState): boolean {
    const m = this.mode;
    switch (m.kind) {
      case 'run':
        return false;
      case 'in':
        return true;
      case 'next':
        return thread.id === m.threadId || thread.scope.length < m.depth;
      case 'out':
        return thread.scope.length < m.depth;
    }
  }

  /** Counts hits of the state's breakpoints; a logpoint logs; the first that stops says why. */
  private async breakpointAt(frame: DebugFrame, replaying: boolean): Promise<{ reason: StopReason; description?: string } | undefined> {
    if (this.breakpoints.length === 0) return undefined;
    const loc = this.locations.find(frame.scope, frame.stateName);
    if (!loc) return undefined;
    let result: { reason: StopReason; description?: string } | undefined;
    for (const b of this.breakpoints) {
      if (b.state !== loc.state) continue;
      if (b.condition) {
        let ok: boolean;
        try {
          ok = await holds(b.condition, frame);
        } catch (e) {
          if (!replaying)
            this.events.output(
              'important',
              `Breakpoint condition "${b.condition}" on "${frame.stateName}" failed: ${(e as Error).message}. Stopping there.`,
            );
          ok = true;
        }
        if (!ok) continue;
      }
      b.hits++;
      if (b.hitCondition && !hitConditionHolds(b.hitCondition, b.hits)) continue;
      if (b.logMessage !== undefined) {
        if (!replaying) this.events.output('console', (await interpolate(b.logMessage, frame)) + '\n');
        continue;
      }
      result ??= { reason: 'breakpoint', description: `Breakpoint on "${frame.stateName}"` };
    }
    return result;
  }

  private exceptionAt(
    gen: Generation,
    kind: PointKind,
    frame: DebugFrame,
  ): { reason: StopReason; description: string; text: string } | undefined {
    const err = frame.error;
    if (!err || !frame.raised) return undefined;
    const first = !gen.seenErrors.has(frame.raised);
    gen.seenErrors.add(frame.raised);
    const f = this.exceptions;
    const named = f.named && first && f.named.length > 0 && errorMatches(errorMatcher(f.named), err.Error, frame.raised as StatesError);
    const uncaught = f.uncaught && kind === 'failed' && frame.scope.length === 0;
    if (!(uncaught || named || (f.all && first))) return undefined;
    const where =
      kind === 'failed'
        ? `leaves "${frame.stateName}"`
        : `raised in "${frame.stateName}"${frame.handled ? ' (a Retry or Catch takes it)' : ''}`;
    return { reason: 'exception', description: `${err.Error} ${where}`, text: err.Error };
  }
}

/** DAP hit conditions as other debuggers read them: "3" or "== 3", ">= 3", "> 2", "% 2". */
export function hitConditionHolds(condition: string, hits: number): boolean {
  const m = /^\s*(==|>=|>|<=|<|%)?\s*(\d+)\s*$/.exec(condition);
  if (!m) return true;
  const n = Number(m[2]);
  switch (m[1]) {
    case '>=':
      return hits >= n;
    case '>':
      return hits > n;
    case '<=':
      return hits <= n;
    case '<':
      return hits < n;
    case '%':
      return n > 0 && hits % n === 0;
    default:
      return hits === n;
  }
}

/** The latest frame of a state making a handler call: the thread whose last stop was at it. */
function callingFrame(gen: Generation, stateName: string): DebugFrame | undefined {
  let found: DebugFrame | undefined;
  for (const t of gen.threads.values()) if (t.frame.stateName === stateName) found = t.frame;
  return found;
}
