/**
 * One execution: the run-wide state (history, clock origin, limits, seeded randomness) and the
 * strands (the top-level flow, each Parallel branch, each Map iteration) that move through states.
 */
import { CANCELLED, E, Fatal, StatesError } from './errors';
import { stepFunctionsFunctions } from './jsonataEval';
import type { CScope, CState, PreparedMachine } from './machine';
import { NOTHING } from './paths';
import { seededRandom, uuidFrom, type Random } from './random';
import { Scheduler } from './scheduler';
import type { ExecutionResult, ExecutionStatus, HistoryEvent, RunOptions, TaskInvocation, TaskOutcome } from './types';
import { jsonSize, PAYLOAD_LIMIT, preview } from './values';

export const DEFAULT_START_TIME = Date.UTC(2026, 0, 1);
export const DEFAULT_MAX_EVENTS = 25_000;
export const DEFAULT_WALL_TIME_MS = 60_000;
export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';

/** Workflow variables visible to a strand: an immutable object, replaced on each Assign. */
export type Vars = Readonly<Record<string, unknown>>;
export const NO_VARS: Vars = Object.freeze(Object.create(null) as Record<string, unknown>);

/** Counts the events of one execution toward its history limit. */
export interface Budget {
  events: number;
}

/** A Parallel's or Map's set of strands: cancelled once the state no longer waits for them. */
export interface Group {
  cancelled: boolean;
}

/** The Map.Item part of the context object. */
export interface MapItem {
  Index: number;
  Value: unknown;
  Source?: string;
}

const hasOwn = Object.prototype.hasOwnProperty;

let lastStampMs = NaN;
let lastStamp = '';

export class Run {
  readonly events: HistoryEvent[] = [];
  /** The history limit of the execution (child executions of a Distributed Map have their own). */
  readonly budget: Budget = { events: 0 };
  readonly maxEvents: number;
  readonly startMs: number;
  /** Virtual time (ms after the start) at which the machine's TimeoutSeconds ends the run. */
  readonly deadline: number;
  readonly rng: Random;
  readonly sched = new Scheduler();
  readonly path: string[] = [];
  readonly stateMachineName: string;
  readonly wallDeadline: number;
  private fnsCache?: Record<string, unknown>;
  private executionCache?: Record<string, unknown>;
  private stateMachineCache?: Readonly<Record<string, unknown>>;
  /** Set by the watchdog when the wall-time budget runs out while a task call is pending. */
  private abort?: { promise: Promise<never>; reject: (e: unknown) => void };

  constructor(
    readonly machine: PreparedMachine,
    readonly options: RunOptions,
    readonly input: unknown,
  ) {
    this.maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
    this.startMs = options.startTime ? options.startTime.getTime() : DEFAULT_START_TIME;
    this.deadline = machine.timeoutSeconds !== undefined ? machine.timeoutSeconds * 1000 : Infinity;
    const seed = options.seed ?? 1;
    this.rng = seededRandom(seed);
    this.wallDeadline = Date.now() + (options.wallTimeMs ?? DEFAULT_WALL_TIME_MS);
    this.stateMachineName = options.stateMachineName ?? 'LocalStateMachine';
  }

  /** $partition, $range, ... bound to this run's generator (made on first JSONata use). */
  get fns(): Record<string, unknown> {
    return (this.fnsCache ??= stepFunctionsFunctions(this.rng));
  }

  get stateMachine(): Readonly<Record<string, unknown>> {
    return (this.stateMachineCache ??= names(this.stateMachineName).stateMachine);
  }

  get roleArn(): string {
    return names(this.stateMachineName).roleArn;
  }

  /** The Execution part of the context object (its default name is a UUID from the seed). */
  get execution(): Record<string, unknown> {
    if (!this.executionCache) {
      const name = this.stateMachineName;
      const execName = this.options.executionName ?? uuidFrom(seededRandom((this.options.seed ?? 1) ^ 0x5bd1e995));
      this.executionCache = Object.freeze({
        Id: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${name}:${execName}`,
        Input: this.input,
        Name: execName,
        RoleArn: this.roleArn,
        StartTime: new Date(this.startMs).toISOString(),
        RedriveCount: 0,
      });
    }
    return this.executionCache;
  }

  /** ISO 8601 of a virtual time; consecutive events (and runs) mostly share one, so it is remembered. */
  timestamp(ms: number): string {
    const at = this.startMs + ms;
    if (at !== lastStampMs) {
      lastStampMs = at;
      lastStamp = new Date(at).toISOString();
    }
    return lastStamp;
  }

  /** The payload quota holds for this value (the last one measured, to skip measuring it again). */
  sized: unknown = undefined;

  emit(s: Strand, type: string, stateName: string | undefined, details: Record<string, unknown> | undefined, final = false): number {
    const events = this.events;
    const id = events.length + 1;
    if (!final) {
      if ((id & 1023) === 0 && Date.now() > this.wallDeadline) throw this.wallTimeExceeded();
      if (++s.budget.events > this.maxEvents) {
        if (s.budget === this.budget) throw this.eventLimit();
        // A child execution of a Distributed Map fails on its own; its Map counts the failure.
        throw new StatesError(E.Runtime, `The child execution exceeded the limit of ${this.maxEvents} history events; it probably loops.`, true);
      }
    }
    const ev: HistoryEvent = { id, previousEventId: s.lastEventId, timestamp: this.timestamp(s.time), type };
    if (stateName !== undefined) ev.stateName = stateName;
    if (s.scope !== undefined) ev.scope = s.scope;
    if (details !== undefined) ev.details = details;
    events.push(ev);
    s.lastEventId = id;
    return id;
  }

  /** The limit is reached: name the states entered most often (the loop), counted from the history. */
  private eventLimit(): Fatal {
    const byName = new Map<string, number>();
    for (const e of this.events) {
      if (e.stateName !== undefined && e.type.endsWith('StateEntered')) byName.set(e.stateName, (byName.get(e.stateName) ?? 0) + 1);
    }
    const counts = [...byName].filter(([, n]) => n > 1).sort((a, b) => b[1] - a[1]);
    const top = counts.slice(0, 4).map(([name, n]) => `"${name}" (${n} times)`);
    const loop = top.length
      ? ` The states entered most often: ${top.join(', ')}. This looks like a loop that never ends: check the Choice rules, Retry settings or Next fields that lead back to "${counts[0][0]}".`
      : '';
    return new Fatal('FAILED', E.Runtime, `The execution exceeded the limit of ${this.maxEvents} history events (AWS's own limit is 25,000).${loop}`);
  }

  wallTimeExceeded(): Fatal {
    const ms = this.options.wallTimeMs ?? DEFAULT_WALL_TIME_MS;
    return new Fatal('ABORTED', 'WallTimeExceeded', `The run took more than its budget of ${ms} ms of real time and was stopped. A handler may hang, or the workflow may loop; raise the budget (wallTimeMs) if it is just slow.`);
  }

  timedOut(): Fatal {
    return new Fatal('TIMED_OUT', E.Timeout, `The execution ran longer than the state machine's TimeoutSeconds (${this.machine.timeoutSeconds} s of virtual time).`);
  }

  checkWallTime(): void {
    if (Date.now() > this.wallDeadline) throw this.wallTimeExceeded();
  }

  /** Calls the invoker, turning its crashes and malformed answers into task failures. */
  invoke(inv: TaskInvocation): Promise<TaskOutcome> {
    let p: Promise<TaskOutcome>;
    try {
      const answer = this.options.invoker.invoke(inv) as unknown;
      p = answer instanceof Promise ? answer.then(checkOutcome, invokerCrashed) : Promise.resolve(checkOutcome(answer));
    } catch (e) {
      return Promise.resolve(invokerCrashed(e));
    }
    if (!Number.isFinite(this.wallDeadline)) return p;
    if (!this.abort) {
      let reject!: (e: unknown) => void;
      const promise = new Promise<never>((_resolve, r) => (reject = r));
      this.abort = { promise, reject };
      watch(this);
    }
    return Promise.race([p, this.abort.promise]);
  }

  /** Called by the watchdog: ends a run whose budget ran out while it waits for a task. */
  expire(): void {
    this.abort?.reject(this.wallTimeExceeded());
  }

  dispose(): void {
    if (this.abort) unwatch(this);
  }
}

// One timer for all runs (a timer per run would cost more than a small run itself): every 50 ms
// it ends the runs whose wall-time budget is over. It keeps the process alive while a run waits
// on a task (so a call that never answers still ends the run), and stops at the first tick that
// finds no run waiting, so back-to-back runs share it and an idle process can exit.
const watched = new Set<Run>();
let watchdog: ReturnType<typeof setInterval> | undefined;

function watch(r: Run): void {
  watched.add(r);
  if (!watchdog) {
    watchdog = setInterval(() => {
      if (watched.size === 0) {
        clearInterval(watchdog);
        watchdog = undefined;
        return;
      }
      const now = Date.now();
      for (const w of watched) {
        if (now > w.wallDeadline) {
          watched.delete(w);
          w.expire();
        }
      }
    }, 50);
  }
}

function unwatch(r: Run): void {
  watched.delete(r);
}

function checkOutcome(o: unknown): TaskOutcome {
  if (typeof o !== 'object' || o === null || typeof (o as { ok?: unknown }).ok !== 'boolean') {
    return { ok: false, error: E.TaskFailed, cause: `The task invoker answered ${preview(o, 80)}, which is not a TaskOutcome ({ ok: true, output } or { ok: false, error, cause }).` };
  }
  return o as TaskOutcome;
}

function invokerCrashed(e: unknown): TaskOutcome {
  if (e instanceof Fatal) throw e;
  const message = e instanceof Error ? e.message : preview(e, 120);
  return { ok: false, error: E.TaskFailed, cause: `The task invoker failed: ${message}` };
}

const namesByMachine = new Map<string, { stateMachine: Readonly<Record<string, unknown>>; roleArn: string }>();

/** The ARNs derived from a state machine name, made once per name. */
function names(name: string): { stateMachine: Readonly<Record<string, unknown>>; roleArn: string } {
  let n = namesByMachine.get(name);
  if (!n) {
    n = {
      stateMachine: Object.freeze({ Id: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`, Name: name }),
      roleArn: `arn:aws:iam::${ACCOUNT}:role/StepFunctions-${name}-role`,
    };
    if (namesByMachine.size > 1000) namesByMachine.clear();
    namesByMachine.set(name, n);
  }
  return n;
}

/** A line of execution with its own virtual time, variables and place in the history. */
export class Strand {
  next: CState | undefined = undefined;
  output: unknown = undefined;
  /** The state being run, when it was entered, and its retry count ($$.State). */
  state: CState | undefined = undefined;
  enteredEventId = 0;
  enteredTime = 0;
  retryCount = 0;
  taskToken: string | undefined = undefined;
  private ctx: Record<string, unknown> | undefined = undefined;

  constructor(
    readonly run: Run,
    public time: number,
    public vars: Vars,
    /** For events: the enclosing Parallel/Map states and branch/iteration labels. */
    readonly scope: string[] | undefined,
    /** For task invocations: the enclosing Parallel/Map state names. */
    readonly statePath: string[],
    readonly groups: readonly Group[],
    /** $$.Map.Item: set only while a Map's ItemSelector is evaluated (the guide: only there). */
    public item: MapItem | undefined,
    /** The execution's event count; a Distributed Map child execution has its own. */
    readonly budget: Budget,
    /** The top-level flow: its states make up the result's path. */
    readonly root: boolean,
    public lastEventId: number,
  ) {}

  get rng(): Random {
    return this.run.rng;
  }

  emit(type: string, stateName?: string, details?: Record<string, unknown>): number {
    return this.run.emit(this, type, stateName, details);
  }

  /** The context object ($$, $states.context), built when a state first reads it. */
  context(): Record<string, unknown> {
    let c = this.ctx;
    if (c) return c;
    c = {
      Execution: this.run.execution,
      State: { EnteredTime: this.run.timestamp(this.enteredTime), Name: this.state?.name, RetryCount: this.retryCount },
      StateMachine: this.run.stateMachine,
    };
    if (this.taskToken !== undefined) c.Task = { Token: this.taskToken };
    if (this.item !== undefined) c.Map = { Item: this.item };
    return (this.ctx = c);
  }

  /** Forget the context object (the retry count or the task token changed). */
  resetContext(): void {
    this.ctx = undefined;
  }

  variable(name: string): unknown {
    return hasOwn.call(this.vars, name) ? this.vars[name] : NOTHING;
  }

  /** The bindings of a JSONata evaluation: the Step Functions functions, variables, $states. */
  jsonataBindings(st: CState, states: { input: unknown; result?: unknown; errorOutput?: unknown; context?: unknown }): Record<string, unknown> {
    const b: Record<string, unknown> = Object.assign({}, this.run.fns, this.vars);
    if (st.usesContext) states.context = this.context();
    b.states = states;
    return b;
  }

  cancelled(): boolean {
    const g = this.groups;
    for (let i = 0; i < g.length; i++) if (g[i].cancelled) return true;
    return false;
  }

  /**
   * Moves this strand's clock to `t` (ms). Undefined when it can go on at once; otherwise a
   * promise that settles when its turn comes back (rejected when it was cancelled meanwhile, or
   * when the machine's TimeoutSeconds ran out first).
   */
  advanceTo(t: number): Promise<void> | undefined {
    if (t > this.run.deadline) return this.timeOut();
    this.time = t;
    const p = this.run.sched.yieldUntil(t);
    return p === undefined ? undefined : p.then(() => this.resumed());
  }

  private async timeOut(): Promise<void> {
    this.time = Math.max(this.time, this.run.deadline);
    const p = this.run.sched.yieldUntil(this.time);
    if (p) {
      await p;
      this.resumed();
    }
    throw this.run.timedOut();
  }

  private resumed(): void {
    if (this.cancelled()) throw CANCELLED;
  }

  /** A branch's or iteration's strand, starting at time `t`. */
  child(t: number, vars: Vars, label: string[], stateName: string, group: Group, item: MapItem | undefined, budget: Budget): Strand {
    const scope = this.scope ? this.scope.concat(label) : label;
    return new Strand(this.run, t, vars, scope, this.statePath.concat(stateName), this.groups.concat(group), item, budget, false, this.lastEventId);
  }
}

/** Runs a scope's states from StartAt to an end; the value is the last state's output. */
export async function runScope(s: Strand, scope: CScope, input: unknown): Promise<unknown> {
  let st: CState = scope.start;
  let value = input;
  for (;;) {
    const p = st.exec(s, st, value);
    if (p !== undefined) await p;
    value = s.output;
    const next = s.next;
    if (next === undefined) return value;
    st = next;
  }
}

export type ChildOutcome = { ok: true; value: unknown; time: number } | { ok: false; error: unknown; time: number } | { ok: false; cancelled: true };

export interface FanOutResult {
  outputs: unknown[];
  /** The failure that ended the fan-out early (the first in virtual time). */
  failure?: { index: number; error: unknown };
  /** Failures that were tolerated (Distributed Map). */
  failed: number;
  time: number;
}

/**
 * Runs `n` children at most `limit` at a time on the virtual clock and resolves when all are
 * done, or at the first failure that `tolerate` does not accept (the others are cancelled).
 * Children start in index order; a freed slot goes to the next index at the time it frees.
 */
export function fanOut(
  parent: Strand,
  n: number,
  limit: number,
  runChild: (index: number, t: number, group: Group) => Promise<ChildOutcome>,
  tolerate?: (failedSoFar: number, index: number, error: unknown) => unknown,
): Promise<FanOutResult> {
  const sched = parent.run.sched;
  const outputs = new Array<unknown>(n);
  if (n === 0) return Promise.resolve({ outputs, failed: 0, time: parent.time });
  return new Promise<FanOutResult>((resolve) => {
    const group: Group = { cancelled: false };
    let done = false;
    let nextIndex = 0;
    let finished = 0;
    let failed = 0;
    let end = parent.time;
    const finishWith = (r: FanOutResult) => {
      done = true;
      sched.schedule(r.time, () => resolve(r));
      sched.next();
    };
    const start = (i: number, t: number) => {
      sched.schedule(t, () => {
        if (group.cancelled) {
          sched.next();
          return;
        }
        runChild(i, t, group).then((o) => finish(i, o));
      });
    };
    const finish = (i: number, o: ChildOutcome) => {
      if (done || !('time' in o)) {
        sched.next();
        return;
      }
      finished++;
      if (o.time > end) end = o.time;
      if (o.ok) outputs[i] = o.value;
      else {
        const e = o.error;
        const kept = tolerate && !(e instanceof Fatal) ? tolerate(++failed, i, e) : undefined;
        if (kept === undefined) {
          group.cancelled = true;
          finishWith({ outputs, failure: { index: i, error: e }, failed, time: o.time });
          return;
        }
        outputs[i] = kept;
      }
      if (finished === n) {
        finishWith({ outputs, failed, time: end });
        return;
      }
      if (nextIndex < n) start(nextIndex++, o.time);
      sched.next();
    };
    const first = Math.min(n, Math.max(1, limit));
    for (let i = 0; i < first; i++) start(nextIndex++, parent.time);
    sched.next();
  });
}

/** Runs a child strand through a scope, never rejecting: failures become outcomes. */
export async function childOutcome(child: Strand, work: () => Promise<unknown>): Promise<ChildOutcome> {
  try {
    const value = await work();
    return { ok: true, value, time: child.time };
  } catch (e) {
    if (e === CANCELLED) return { ok: false, cancelled: true };
    return { ok: false, error: e, time: child.time };
  }
}

/** The whole execution: what `run(prepared, options)` does once the machine is known to be valid. */
export async function execute(machine: PreparedMachine, root: CScope, options: RunOptions): Promise<ExecutionResult> {
  const input = options.input === undefined ? {} : options.input;
  const r = new Run(machine, options, input);
  const s = new Strand(r, 0, NO_VARS, undefined, [], [], undefined, r.budget, true, 0);
  let status: ExecutionStatus;
  let output: unknown;
  let error: string | undefined;
  let cause: string | undefined;
  try {
    s.emit('ExecutionStarted', undefined, { input, roleArn: r.roleArn, stateMachineArn: r.stateMachine.Id });
    const size = jsonSize(input);
    r.sized = input;
    if (size > PAYLOAD_LIMIT) {
      throw new StatesError(E.DataLimitExceeded, `The execution input is ${size} bytes; Step Functions accepts at most ${PAYLOAD_LIMIT} bytes (256 KiB) of input.`, true);
    }
    // The top-level flow, as runScope does it, without one more async frame per run.
    let st = root.start;
    let value: unknown = input;
    for (;;) {
      const p = st.exec(s, st, value);
      if (p !== undefined) await p;
      value = s.output;
      const next = s.next;
      if (next === undefined) break;
      st = next;
    }
    output = value;
    status = 'SUCCEEDED';
    r.emit(s, 'ExecutionSucceeded', undefined, { output }, true);
  } catch (e) {
    output = undefined;
    if (e instanceof Fatal) {
      status = e.status;
      error = e.error;
      cause = e.cause;
      const type = e.status === 'TIMED_OUT' ? 'ExecutionTimedOut' : e.status === 'ABORTED' ? 'ExecutionAborted' : 'ExecutionFailed';
      r.emit(s, type, undefined, { error, cause }, true);
    } else if (e instanceof StatesError) {
      status = 'FAILED';
      error = e.error || undefined;
      cause = e.cause || undefined;
      r.emit(s, 'ExecutionFailed', undefined, { error: e.error, cause: e.cause }, true);
    } else {
      status = 'FAILED';
      error = 'States.Runtime';
      cause = `Internal error in the dry-run engine: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}. Please report it.`;
      r.emit(s, 'ExecutionFailed', undefined, { error, cause }, true);
    }
  } finally {
    r.dispose();
  }
  const result: ExecutionResult = { status, path: r.path, events: r.events, simulatedSeconds: s.time / 1000 };
  if (status === 'SUCCEEDED') result.output = output;
  if (error !== undefined) result.error = error;
  if (cause !== undefined) result.cause = cause;
  return result;
}
