/**
 * The Debug Adapter Protocol over the controller: launch, breakpoints on states, stepping,
 * threads (the execution, each Parallel branch and Map iteration), stack, variables, evaluate.
 */
import { basename, resolve } from 'node:path';
import {
  Breakpoint,
  DebugSession,
  Event,
  ExitedEvent,
  InitializedEvent,
  OutputEvent,
  Scope,
  Source,
  StackFrame,
  StoppedEvent,
  TerminatedEvent,
  Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugFrame } from '../core/engine/debug';
import type { ExecutionResult } from '../core/engine/types';
import { Controller, ROOT_THREAD, type StateBreakpoint, type StopReason } from './controller';
import { evaluate, show } from './evaluate';
import { loadProgram, type AslLaunchArgs } from './launch';
import { previewDataFlow } from './preview';
import { progressEvent } from './progress';
import { ATTACH_TIMEOUT_MS, handlerAttachConfiguration } from './handlers';
import {
  ATTACH_HANDLERS_EVENT,
  HANDLERS_ATTACHED_REQUEST,
  readHandlersAttached,
  type AttachHandlers,
  type HandlersAttached,
} from '../../../protocol/debug';
import type { InspectorTarget } from '../node/handlers';
import { childExpr, type Container, lastStateFlow, preview, setIn, stateScope, statesScope, VariableStore } from './variables';

/** Frame ids: thread * FRAMES_PER_THREAD + level (0 = the state, then enclosing states, then the execution). */
const FRAMES_PER_THREAD = 1000;

export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  {
    filter: 'all',
    label: 'All errors',
    description: 'Stop where any state raises an error, even one a Retry or Catch takes.',
    default: false,
  },
  {
    filter: 'uncaught',
    label: 'Uncaught errors',
    description: 'Stop where an error leaves the top-level flow: the execution is about to fail.',
    default: true,
  },
  {
    filter: 'named',
    label: 'Errors named...',
    description: 'Stop where an error of these names is raised.',
    supportsCondition: true,
    conditionDescription: 'Error names as in ErrorEquals, comma-separated, e.g. States.Timeout, Lambda.ServiceException (States.ALL: any)',
  },
];

export class AslDebugSession extends DebugSession {
  private controller: Controller | undefined;
  private launchArgs: AslLaunchArgs | undefined;
  private readonly vars = new VariableStore();
  private configured!: Promise<void>;
  private configurationDone!: () => void;
  private sourceBreakpoints: DebugProtocol.SourceBreakpoint[] = [];
  private nextBreakpointId = 1;
  private ended = false;
  /** VS Code, where the extension starts the JavaScript debugger for "debugHandlers" (handlers.ts). */
  private clientIsVsCode = false;
  /** Handler workers waiting for their debugger: the time limit of each. */
  private readonly attaching = new Map<number, ReturnType<typeof setTimeout>>();

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    this.configured = new Promise((r) => (this.configurationDone = r));
  }

  protected initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    this.clientIsVsCode = args.clientID === 'vscode';
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsEvaluateForHovers: true,
      supportsStepBack: true,
      supportsRestartRequest: true,
      supportsSetVariable: true,
      supportsExceptionInfoRequest: true,
      supportsExceptionFilterOptions: true,
      exceptionBreakpointFilters: EXCEPTION_FILTERS,
      supportsTerminateRequest: true,
    };
    this.sendResponse(response);
  }

  protected configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configurationDone();
    this.sendResponse(response);
  }

  protected async launchRequest(
    response: DebugProtocol.LaunchResponse,
    given: (DebugProtocol.LaunchRequestArguments & AslLaunchArgs) | undefined,
  ): Promise<void> {
    // A client may send no arguments at all.
    const args = given ?? {};
    let prog: ReturnType<typeof loadProgram>;
    try {
      prog = loadProgram(args);
    } catch (e) {
      prog = `The launch failed: ${(e as Error).message}`;
    }
    if (typeof prog === 'string') {
      this.sendErrorResponse(response, { id: 1001, format: prog, showUser: true });
      return;
    }
    this.launchArgs = args;
    if (prog.debugHandlers && !this.clientIsVsCode) {
      prog.debugHandlers = false;
      prog.notes.push(
        '"debugHandlers" needs VS Code with ASL Workbench, which starts its JavaScript debugger beside this session; here handlers run without the Node inspector.',
      );
    }
    for (const n of prog.notes) this.out('console', n + '\n');
    this.controller = new Controller(prog, {
      stopped: (reason, threadId, description, text) => this.stopped(reason, threadId, description, text),
      output: (category, text) => this.out(category, text),
      ended: (result) => this.finish(result),
      handlersListening: (target) => this.attachHandlers(target),
      handlerCalled: (frame) => this.sendEvent(progressEvent(prog, { running: frame.events, at: frame })),
    });
    // Breakpoints and exception filters come now, then configurationDone; the run starts after.
    this.sendEvent(new InitializedEvent());
    await this.configured;
    this.sendResponse(response);
    // A new execution: the graph forgets the last one's path.
    this.sendEvent(progressEvent(prog, { running: [] }));
    this.controller.start(args.stopOnEntry === true);
  }

  protected restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments | undefined): void {
    const c = this.controller;
    if (!c) return this.sendErrorResponse(response, { id: 1002, format: 'Nothing to restart: the session has not launched.' });
    const launch = { ...this.launchArgs, ...((args?.arguments ?? {}) as AslLaunchArgs) };
    const prog = loadProgram(launch);
    if (typeof prog === 'string') return this.sendErrorResponse(response, { id: 1001, format: prog, showUser: true });
    this.launchArgs = launch;
    c.reload(prog);
    c.breakpoints = this.resolveBreakpoints().states;
    this.vars.clear();
    this.sendResponse(response);
    this.sendEvent(progressEvent(prog, { running: [] }));
    c.start(launch.stopOnEntry === true);
  }

  protected setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const c = this.controller;
    const path = args.source.path;
    const bps = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
    if (!c || !path || resolve(path) !== c.program.file) {
      response.body = {
        breakpoints: bps.map((b) => ({ verified: false, line: b.line, message: 'Not the state machine being debugged.' })),
      };
      return this.sendResponse(response);
    }
    this.sourceBreakpoints = bps;
    const r = this.resolveBreakpoints();
    c.breakpoints = r.states;
    response.body = { breakpoints: r.dap };
    this.sendResponse(response);
  }

  /** Each source breakpoint to the state whose lines hold it (moved to the state's name). */
  private resolveBreakpoints(): { dap: DebugProtocol.Breakpoint[]; states: StateBreakpoint[] } {
    const c = this.controller!;
    const dap: DebugProtocol.Breakpoint[] = [];
    const states: StateBreakpoint[] = [];
    const source = this.source();
    for (const b of this.sourceBreakpoints) {
      const line = this.convertClientLineToDebugger(b.line);
      const loc = c.locations.stateAtLine(line);
      if (!loc) {
        const bp: DebugProtocol.Breakpoint = new Breakpoint(false, b.line, undefined, source);
        bp.message = 'Not inside a state: a breakpoint stops before a state runs, so put it on one of its lines.';
        dap.push(bp);
        continue;
      }
      const id = this.nextBreakpointId++;
      const bp: DebugProtocol.Breakpoint = new Breakpoint(
        true,
        this.convertDebuggerLineToClient(loc.line),
        this.convertDebuggerColumnToClient(loc.column),
        source,
      );
      bp.id = id;
      dap.push(bp);
      states.push({
        id,
        state: loc.state,
        condition: b.condition || undefined,
        hitCondition: b.hitCondition || undefined,
        logMessage: b.logMessage,
        hits: 0,
      });
    }
    return { dap, states };
  }

  protected setExceptionBreakPointsRequest(
    response: DebugProtocol.SetExceptionBreakpointsResponse,
    args: DebugProtocol.SetExceptionBreakpointsArguments,
  ): void {
    const on = new Set(args.filters);
    let named: string[] | undefined;
    for (const o of args.filterOptions ?? []) {
      on.add(o.filterId);
      if (o.filterId === 'named')
        named = (o.condition ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
    }
    if (on.has('named') && named === undefined) named = [];
    const filters = { all: on.has('all'), uncaught: on.has('uncaught'), named };
    if (this.controller) this.controller.exceptions = filters;
    response.body = { breakpoints: [...on].map(() => ({ verified: true })) };
    this.sendResponse(response);
  }

  protected threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const threads = this.controller?.threads() ?? [];
    response.body = { threads: threads.length ? threads.map((t) => new Thread(t.id, t.name)) : [new Thread(ROOT_THREAD, 'Execution')] };
    this.sendResponse(response);
  }

  protected stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const c = this.controller;
    const t = c?.thread(args.threadId);
    if (!c || !t) {
      response.body = { stackFrames: [], totalFrames: 0 };
      return this.sendResponse(response);
    }
    const frames: StackFrame[] = [];
    const source = this.source();
    // No end position: VS Code selects a frame's range when it shows it, and the cursor on the
    // state's name is what the graph panel follows (a range would select the whole state).
    const at = (id: number, name: string, line: number, column: number) => {
      frames.push(new StackFrame(id, name, source, this.convertDebuggerLineToClient(line), this.convertDebuggerColumnToClient(column)));
    };
    const base = t.id * FRAMES_PER_THREAD;
    const here = c.locations.find(t.scope, t.frame.stateName);
    at(base, t.frame.error ? `${t.frame.stateName} (${t.frame.error.Error})` : t.frame.stateName, here?.line ?? 1, here?.column ?? 1);
    for (let k = t.scope.length / 2 - 1, level = 1; k >= 0; k--, level++) {
      const outer = c.locations.find(t.scope.slice(0, 2 * k), t.scope[2 * k]);
      at(base + level, `${t.scope[2 * k]} [${t.scope[2 * k + 1]}]`, outer?.line ?? 1, outer?.column ?? 1);
    }
    at(base + t.scope.length / 2 + 1, `Execution ${c.program.machineName}`, c.locations.startLine(), 1);
    const start = args.startFrame ?? 0;
    const count = args.levels || frames.length;
    response.body = { stackFrames: frames.slice(start, start + count), totalFrames: frames.length };
    this.sendResponse(response);
  }

  /** The frame an id names: the thread's state, an enclosing state (its parent thread's frame), or the execution. */
  private frameOf(frameId: number | undefined): { frame: DebugFrame; level: 'state' | 'outer' | 'execution'; top: boolean } | undefined {
    const c = this.controller;
    if (!c) return undefined;
    const stop = c.stop;
    const threadId = frameId !== undefined ? Math.floor(frameId / FRAMES_PER_THREAD) : stop?.thread.id;
    const level = frameId !== undefined ? frameId % FRAMES_PER_THREAD : 0;
    const t = threadId !== undefined ? c.thread(threadId) : undefined;
    if (!t) return undefined;
    const depth = t.scope.length / 2;
    if (level === 0) return { frame: t.frame, level: 'state', top: stop?.thread === t && stop.kind === 'state' };
    if (level <= depth) {
      const parent = c.threadAt(t.scope.slice(0, 2 * (depth - level)));
      return parent ? { frame: parent.frame, level: 'outer', top: false } : undefined;
    }
    const root = c.thread(ROOT_THREAD);
    return root ? { frame: root.frame, level: 'execution', top: false } : undefined;
  }

  protected scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const f = this.frameOf(args.frameId);
    const scopes: Scope[] = [];
    if (f && f.level === 'execution') {
      const c = this.controller!;
      const ev = f.frame.events;
      const path = ev.filter((e) => e.type.endsWith('StateEntered') && !e.scope).map((e) => e.stateName);
      scopes.push(
        new Scope(
          'Execution',
          this.vars.add({
            value: {
              name: c.program.machineName,
              input: c.program.input,
              statesEntered: path,
              simulatedTime: `${f.frame.timeMs / 1000} s`,
              events: ev.length,
            },
          }),
          false,
        ),
      );
    } else if (f) {
      const fr = f.frame;
      const state: Container = {
        value: stateScope(fr),
        editOf: f.top ? (k) => (k === 'input' ? { root: 'input', steps: [] } : undefined) : undefined,
        exprOf: (k) => (k === 'input' ? '$states.input' : undefined),
      };
      scopes.push(new Scope('State', this.vars.add(state), false));
      scopes.push(new Scope('$states', this.vars.add({ value: statesScope(fr), exprOf: (k) => childExpr('$states', k) }), false));
      scopes.push(
        new Scope(
          'Variables',
          this.vars.add({
            value: fr.variables,
            editOf: f.top ? (k) => ({ root: 'variables', steps: [k] }) : undefined,
            exprOf: (k) => `$${k}`,
          }),
          false,
        ),
      );
      const ahead = previewDataFlow(this.controller!.program.prepared, fr);
      if (ahead) scopes.push(new Scope('Data flow (before it runs)', this.vars.add({ value: ahead }), false));
      const last = lastStateFlow(fr);
      if (last) scopes.push(new Scope(`Data flow: ${last.name}`, this.vars.add({ value: last.flow }), false));
    }
    response.body = { scopes };
    this.sendResponse(response);
  }

  protected variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    response.body = { variables: this.vars.variables(args.variablesReference) };
    this.sendResponse(response);
  }

  protected setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    const c = this.controller;
    const edit = this.vars.get(args.variablesReference)?.editOf?.(args.name);
    const stop = c?.stop;
    if (!c || !stop || stop.kind !== 'state' || !edit) {
      return this.sendErrorResponse(response, {
        id: 1003,
        format: 'Only the input and the variables of the stopped state can change, before it runs.',
        showUser: true,
      });
    }
    let value: unknown;
    try {
      value = JSON.parse(args.value);
    } catch {
      return this.sendErrorResponse(response, { id: 1004, format: `Not JSON: ${args.value} (a string needs quotes).`, showUser: true });
    }
    const frame = stop.thread.frame;
    if (edit.root === 'input') c.edit({ input: setIn(frame.input, edit.steps, value) });
    else c.edit({ variables: Object.freeze(setIn(frame.variables, edit.steps, value) as Record<string, unknown>) });
    const v = this.vars.variable(args.name, value, edit, this.vars.get(args.variablesReference)?.exprOf?.(args.name));
    response.body = { value: v.value, type: v.type, variablesReference: v.variablesReference };
    this.sendResponse(response);
  }

  protected async evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): Promise<void> {
    const f = this.frameOf(args.frameId);
    if (!f) return this.sendErrorResponse(response, { id: 1005, format: 'Not stopped: evaluate needs a stopped state.' });
    try {
      const v = await evaluate(args.expression, f.frame);
      response.body = {
        result: args.context === 'repl' || args.context === 'clipboard' ? show(v) : preview(v),
        variablesReference: this.vars.refOf(v),
      };
      this.sendResponse(response);
    } catch (e) {
      this.sendErrorResponse(response, { id: 1006, format: (e as Error).message, showUser: false });
    }
  }

  protected exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const stop = this.controller?.stop;
    const err = stop?.thread.frame.error;
    if (!stop || !err) return this.sendErrorResponse(response, { id: 1007, format: 'Not stopped on an error.' });
    response.body = {
      exceptionId: err.Error,
      description: err.Cause || undefined,
      breakMode: stop.kind === 'failed' || !stop.thread.frame.handled ? 'unhandled' : 'always',
      details: { typeName: err.Error, message: err.Cause, stackTrace: err.hint },
    };
    this.sendResponse(response);
  }

  protected continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    this.running();
    this.controller?.continue();
  }

  protected nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.sendResponse(response);
    this.running();
    this.controller?.next(args.threadId);
  }

  protected stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.sendResponse(response);
    this.running();
    this.controller?.stepIn();
  }

  protected stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.sendResponse(response);
    this.running();
    this.controller?.stepOut(args.threadId);
  }

  /** The graph panel follows: the paused state is no longer current (progress.ts). */
  private running(): void {
    const c = this.controller;
    const stop = c?.stop;
    if (c && stop) this.sendEvent(progressEvent(c.program, { running: stop.thread.frame.events }));
  }

  protected stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): void {
    this.sendResponse(response);
    this.controller?.stepBack(args.threadId);
  }

  protected reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    this.sendResponse(response);
    this.controller?.reverseContinue();
  }

  protected pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.sendResponse(response);
    this.controller?.pause();
  }

  protected async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    await this.controller?.dispose();
    this.sendResponse(response);
    if (!this.ended) {
      this.ended = true;
      this.sendEvent(new TerminatedEvent());
    }
  }

  protected async disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments): Promise<void> {
    for (const timer of this.attaching.values()) clearTimeout(timer);
    this.attaching.clear();
    // Handlers run in process groups of their own: ended here, not left to the lifeline.
    await this.controller?.dispose();
    super.disconnectRequest(response, args);
  }

  /**
   * Asks the extension for a child session of VS Code's JavaScript debugger attached to a handler
   * worker, which waits under --inspect-brk: js-debug sets its breakpoints, then resumes it
   * (continueOnAttach). Without a good answer in time the worker is ended, so no call waits for ever.
   */
  private attachHandlers(target: InspectorTarget): void {
    const c = this.controller;
    if (!c) return;
    this.out(
      'console',
      `Local handlers run under the Node inspector at ${target.host}:${target.port} (process ${target.pid}); attaching the JavaScript debugger.\n`,
    );
    const body: AttachHandlers = { pid: target.pid, configuration: handlerAttachConfiguration(c.program, target) };
    this.attaching.set(
      target.pid,
      setTimeout(
        () => this.handlersAttached({ pid: target.pid, ok: false, message: `no answer within ${ATTACH_TIMEOUT_MS / 1000} s` }),
        ATTACH_TIMEOUT_MS,
      ),
    );
    this.sendEvent(new Event(ATTACH_HANDLERS_EVENT, body));
  }

  private handlersAttached(a: HandlersAttached): void {
    const timer = this.attaching.get(a.pid);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.attaching.delete(a.pid);
    if (a.ok) return;
    this.out(
      'important',
      `The JavaScript debugger could not attach to the handlers (${a.message || 'no reason given'}): the handler call fails, and the next one starts a new worker.\n`,
    );
    this.controller?.endHandlerWorker();
  }

  protected customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    if (command !== HANDLERS_ATTACHED_REQUEST) return super.customRequest(command, response, args);
    const a = readHandlersAttached(args);
    if (typeof a === 'string') return this.sendErrorResponse(response, { id: 1010, format: `${HANDLERS_ATTACHED_REQUEST}: ${a}` });
    this.handlersAttached(a);
    this.sendResponse(response);
  }

  private stopped(reason: StopReason, threadId: number, description?: string, text?: string): void {
    this.vars.clear();
    const e: DebugProtocol.StoppedEvent = new StoppedEvent(reason, threadId, text);
    e.body.allThreadsStopped = true;
    if (description) e.body.description = description;
    this.sendEvent(e);
    const c = this.controller;
    if (c?.stop) this.sendEvent(progressEvent(c.program, { paused: c.stop.thread.frame }));
  }

  private out(category: string, text: string): void {
    this.sendEvent(new OutputEvent(text, category));
  }

  /** The end: the result in the Debug Console (and as data), then exited and terminated. */
  private finish(r: ExecutionResult): void {
    const lines = [`Execution ${r.status} in ${r.simulatedSeconds} s of simulated time`];
    if (r.status === 'SUCCEEDED') lines.push(`Output: ${JSON.stringify(r.output, null, 2)}`);
    else {
      if (r.error !== undefined) lines.push(`Error: ${r.error}`);
      if (r.cause !== undefined) lines.push(`Cause: ${r.cause}`);
      if (r.hint !== undefined) lines.push(`Hint: ${r.hint}`);
    }
    const data = { status: r.status, output: r.output ?? null, error: r.error ?? null, cause: r.cause ?? null, path: r.path };
    this.sendEvent(new OutputEvent(lines.join('\n') + '\n', r.status === 'SUCCEEDED' ? 'console' : 'stderr', data));
    if (this.controller) this.sendEvent(progressEvent(this.controller.program, { ended: r }));
    this.ended = true;
    this.sendEvent(new ExitedEvent(r.status === 'SUCCEEDED' ? 0 : 1));
    this.sendEvent(new TerminatedEvent());
  }

  private source(): Source {
    const file = this.controller!.program.file;
    return new Source(basename(file), this.convertDebuggerPathToClient(file));
  }
}
