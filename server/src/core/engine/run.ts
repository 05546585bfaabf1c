/**
 * One execution's run-wide state: the history and its limit, the clock origin, the wall-time
 * budget, seeded randomness, the names the context object reports, and the task invoker.
 */
import { E, Fatal, StatesError } from './errors';
import { EvaluationBudget, sizeCheckedFunctions } from './evalLimits';
import { stepFunctionsFunctions } from './jsonataEval';
import type { PreparedMachine } from './machine';
import { seededRandom, uuidFrom, type Random } from './random';
import { invokeConcurrently, LiveScheduler } from './live';
import { Scheduler } from './scheduler';
import type { Strand } from './strand';
import type { HistoryEvent, RunOptions, TaskInvocation, TaskOutcome } from './types';
import { preview } from './values';

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
  readonly sched: Scheduler;
  readonly path: string[] = [];
  readonly stateMachineName: string;
  readonly wallDeadline: number;
  /** The JSONata evaluation limits (steps, depth, sizes) and what the run has used of them. */
  readonly evaluation: EvaluationBudget;
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
    this.evaluation = new EvaluationBudget(options, this.wallDeadline, () => this.wallTimeExceeded());
    this.stateMachineName = options.stateMachineName ?? 'LocalStateMachine';
    this.sched = options.live ? new LiveScheduler(options.live) : new Scheduler();
  }

  /**
   * $partition, $range, ... bound to this run's generator, and the library's functions that
   * check the size of what they make (made on first JSONata use).
   */
  get fns(): Record<string, unknown> {
    return (this.fnsCache ??= Object.assign(stepFunctionsFunctions(this.rng), sizeCheckedFunctions()));
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
      // AWS's ExecutionFailed is itself the last event the limit allows (event #25,000), so the
      // event before it is the last one a state may write (floci issue 2734, a recorded run).
      if (++s.budget.events >= this.maxEvents) {
        if (s.budget === this.budget) throw this.eventLimit();
        // A child execution of a Distributed Map fails on its own; its Map counts the failure.
        throw new StatesError(
          E.Runtime,
          this.eventLimitCause(),
          true,
          `The child execution exceeded the limit of ${this.maxEvents} history events; it probably loops.`,
        );
      }
    }
    const ev: HistoryEvent = { id, previousEventId: s.lastEventId, timestamp: this.timestamp(s.time), type };
    if (stateName !== undefined) ev.stateName = stateName;
    if (s.scope !== undefined) ev.scope = s.scope;
    if (details !== undefined) ev.details = details;
    events.push(ev);
    s.lastEventId = id;
    if (this.options.live?.onEvent) this.options.live.onEvent(ev);
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
    return new Fatal(
      'FAILED',
      E.Runtime,
      this.eventLimitCause(),
      `The execution exceeded the limit of ${this.maxEvents} history events (AWS's own limit is 25,000).${loop}`,
    );
  }

  /** AWS's cause at the history limit, from a recorded execution (floci issue 2734). */
  private eventLimitCause(): string {
    return `The execution reached the maximum number of history events (${this.maxEvents}).`;
  }

  wallTimeExceeded(): Fatal {
    const ms = this.options.wallTimeMs ?? DEFAULT_WALL_TIME_MS;
    return new Fatal(
      'ABORTED',
      'WallTimeExceeded',
      `The run took more than its budget of ${ms} ms of real time and was stopped. A handler may hang, or the workflow may loop; raise the time limit (wallTimeMs; the CLI's --time-limit, the editor's aslWorkbench.dryRun.timeLimitSeconds) if it is just slow.`,
    );
  }

  /** AWS writes States.Timeout and no cause in ExecutionTimedOut (a recorded run, floci issue 2733). */
  timedOut(): Fatal {
    return new Fatal(
      'TIMED_OUT',
      E.Timeout,
      '',
      `The execution ran longer than the state machine's TimeoutSeconds (${this.machine.timeoutSeconds} s of virtual time).`,
    );
  }

  checkWallTime(): void {
    if (Date.now() > this.wallDeadline) throw this.wallTimeExceeded();
  }

  /** Calls the invoker, turning its crashes and malformed answers into task failures. */
  invoke(inv: TaskInvocation): Promise<TaskOutcome> {
    const live = this.options.live;
    if (live?.concurrent?.(inv) && this.sched instanceof LiveScheduler) {
      return invokeConcurrently(this.sched, () => this.invokeHere(inv));
    }
    return this.invokeHere(inv);
  }

  private invokeHere(inv: TaskInvocation): Promise<TaskOutcome> {
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
    return {
      ok: false,
      error: E.TaskFailed,
      cause: `The task invoker answered ${preview(o, 80)}, which is not a TaskOutcome ({ ok: true, output } or { ok: false, error, cause }).`,
    };
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
