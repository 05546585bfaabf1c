/**
 * The contract of the dry-run engine: what a run takes and gives. The interpreter, the mock
 * loader, the local handler runner, the CLI and the graph panel all meet here.
 */
import type { DebugHooks } from './debug';
import type { LiveRun } from './live';

export type ExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What a Task (or a Distributed Map ItemReader/ResultWriter) asks of the outside world. */
export interface TaskInvocation {
  /** The state's name, and the names of the enclosing Parallel/Map states, outermost first. */
  stateName: string;
  statePath: string[];
  /** The Resource ARN as written (after JSONata evaluation where it applies). */
  resource: string;
  /** The effective parameters sent to the resource (after InputPath/Parameters or Arguments). */
  payload: unknown;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
  /** The context object as the state sees it ($$ / $states.context). */
  context: unknown;
  /** The task token when the resource uses .waitForTaskToken or .sync (the context object's Task.Token). */
  taskToken?: string;
  /** The time limit the state sets (TimeoutSeconds), in seconds, if any. */
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
}

/** What the outside world answered. `error` names follow AWS (e.g. "Lambda.ServiceException"). */
export type TaskOutcome =
  | { ok: true; output: unknown; /** simulated seconds the call took; default 0 */ durationSeconds?: number }
  | { ok: false; error: string; cause?: string; durationSeconds?: number };

export interface TaskInvoker {
  invoke(invocation: TaskInvocation): Promise<TaskOutcome>;
}

export interface RunOptions {
  input: unknown;
  invoker: TaskInvoker;
  /** Execution and machine names for the context object. */
  executionName?: string;
  stateMachineName?: string;
  /** Virtual clock start; default 2026-01-01T00:00:00Z so runs are reproducible. */
  startTime?: Date;
  /** AWS's own limit on history events is 25,000. */
  maxEvents?: number;
  /** Real time budget for the whole run, in milliseconds; the run is ABORTED past it. */
  wallTimeMs?: number;
  /**
   * JSONata evaluation steps in the run (default in evalLimits.ts): past it, the run is ABORTED
   * with EvaluationLimitExceeded. AWS's own bounds (nesting depth, value size) are fixed.
   */
  maxEvaluationSteps?: number;
  /** Retry jitter and $random/States.MathRandom/UUID come from this seeded source. */
  seed?: number;
  /** Debugger hooks: the run pauses before each state while a hook's promise is pending (debug.ts). */
  debug?: DebugHooks;
  /**
   * A single-state test (engine/testState.ts): the workflow variables the run starts with; the
   * context object to use instead of the engine's (TestState's `variables` and `context`); or,
   * for a state inside a Map, the Map.Item its context shows.
   */
  singleState?: { variables?: Record<string, unknown>; context?: Record<string, unknown>; mapItem?: { Index: number; Value: unknown } };
  /**
   * A live run (the local endpoint): the virtual clock paced by the real one, events reported
   * as they are written, real-time invocations run concurrently, stopped by a signal (live.ts).
   */
  live?: LiveRun;
}

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  /** Virtual time, ISO 8601. */
  timestamp: string;
  /** AWS event type names: ExecutionStarted, TaskStateEntered, TaskScheduled, ... */
  type: string;
  /** Name of the state the event belongs to, if any. */
  stateName?: string;
  /** Enclosing Parallel/Map states and branch/iteration indices, e.g. ["Fan out", "branch 0"]. */
  scope?: string[];
  /** The event's details as AWS names them (input, output, error, cause, resource, ...). */
  details?: Record<string, unknown>;
}

export interface ExecutionResult {
  status: ExecutionStatus;
  output?: unknown;
  error?: string;
  /** AWS's cause, verbatim. */
  cause?: string;
  /** Our explanation of the failure where AWS's cause is terse; never part of `cause`. */
  hint?: string;
  /** Top-level state names entered, in order. */
  path: string[];
  events: HistoryEvent[];
  /** Simulated duration of the whole execution, in seconds. */
  simulatedSeconds: number;
  /** Executions of local child machines the run started (mocks/nested.ts), for drilling in. */
  childExecutions?: ChildExecution[];
}

/** One execution of a local child machine, started by a `states:startExecution*` Task. */
export interface ChildExecution {
  /** The parent's state that started it, and the names of its enclosing Map/Parallel states. */
  stateName: string;
  statePath: string[];
  /** The LocalStateMachines key that matched. */
  machine: string;
  executionArn: string;
  pattern: 'start' | 'sync' | 'sync2' | 'callback';
  result: ExecutionResult;
}
