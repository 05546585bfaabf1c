/**
 * Debugger hooks (RunOptions.debug): a run that has them awaits `beforeState` before every state
 * of every strand (the top-level flow, each Parallel branch, each Map iteration), so a debugger
 * can pause it there, read what the state is about to get, and change its input or variables.
 * Errors are reported where they are raised (`errorRaised`, before Retry/Catch decide) and where
 * they leave a state (`stateFailed`). A run without hooks does not pay for them: the loops test
 * one field.
 *
 * Awaiting a hook keeps the scheduler's turn (scheduler.ts: real awaits do), so while one strand
 * is paused no other strand moves: the whole execution is paused, and what runs next after a
 * resume is what would have run anyway. With the same input, mocks and seed, a run stops at the
 * same points in the same order, which is what makes stepping back by re-running exact.
 */
import { errorMatches, StatesError } from './errors';
import type { CState, StateType } from './machine';
import type { Strand } from './strand';
import type { HistoryEvent } from './types';

/** One point where the run waits for the debugger. */
export interface DebugFrame {
  /** The strand (thread) this frame belongs to: the same object for every stop of that strand. */
  readonly thread: object;
  readonly stateName: string;
  readonly stateType: StateType;
  /** The state's query language is JSONata. */
  readonly jsonata: boolean;
  /** Enclosing Parallel/Map states and branch/iteration labels, outermost first (as in events). */
  readonly scope: readonly string[];
  /** The state's raw input; a `beforeState` hook may replace it before the state runs. */
  input: unknown;
  /** The workflow variables in scope; a `beforeState` hook may replace them. */
  variables: Readonly<Record<string, unknown>>;
  /** Retries of this state so far ($states.context.State.RetryCount). */
  readonly retryCount: number;
  /** Virtual time of this stop: ms since the start, and as ISO 8601. */
  readonly timeMs: number;
  readonly timestamp: string;
  /** The context object ($$ / $states.context) as the state sees it. */
  context(): Record<string, unknown>;
  /** The history so far (the run's own array: read, do not change). */
  readonly events: readonly HistoryEvent[];
  /** Set on error stops: AWS's error and cause ($states.errorOutput), our hint. */
  readonly error?: { Error: string; Cause: string; hint?: string };
  /** Error stops: a Retry or Catch of this state takes the error. */
  readonly handled?: boolean;
  /** Error stops: the error itself (the same object at every stop it passes through). */
  readonly raised?: object;
}

export interface DebugHooks {
  /** Before a state runs. The run waits for the promise; reject it with a Fatal to stop the run. */
  beforeState(frame: DebugFrame): Promise<void>;
  /** A Task, Parallel or Map raised an error; its Retry/Catch have not acted yet. */
  errorRaised?(frame: DebugFrame): Promise<void>;
  /** An error leaves a state (no Retry/Catch of the state took it): its strand fails. */
  stateFailed?(frame: DebugFrame): Promise<void>;
  /** A branch or iteration ended (finished, failed or cancelled). */
  threadEnded?(thread: object): void;
}

function frameOf(s: Strand, st: CState, input: unknown, error?: StatesError, handled?: boolean): DebugFrame {
  const run = s.run;
  const frame: DebugFrame = {
    thread: s,
    stateName: st.name,
    stateType: st.type,
    jsonata: st.jsonata,
    scope: s.scope ?? [],
    input,
    variables: s.vars,
    retryCount: error ? s.retryCount : 0,
    timeMs: s.time,
    timestamp: run.timestamp(s.time),
    context: () => {
      const c: Record<string, unknown> = {
        Execution: run.execution,
        State: { EnteredTime: run.timestamp(error ? s.enteredTime : s.time), Name: st.name, RetryCount: error ? s.retryCount : 0 },
        StateMachine: run.stateMachine,
      };
      if (error && s.taskToken !== undefined) c.Task = { Token: s.taskToken };
      return c;
    },
    events: run.events,
  };
  if (error) {
    return Object.assign(frame, {
      error:
        error.hint !== undefined
          ? { Error: error.error, Cause: error.cause, hint: error.hint }
          : { Error: error.error, Cause: error.cause },
      handled,
      raised: error,
    });
  }
  return frame;
}

/** Runs one state under the hooks: the strand loops call this instead of `st.exec`. */
export async function debugExec(s: Strand, st: CState, input: unknown, hooks: DebugHooks): Promise<void> {
  const frame = frameOf(s, st, input);
  await hooks.beforeState(frame);
  if (frame.variables !== s.vars) s.vars = Object.freeze(Object.assign(Object.create(null) as Record<string, unknown>, frame.variables));
  try {
    const p = st.exec(s, st, frame.input);
    if (p !== undefined) await p;
  } catch (e) {
    if (e instanceof StatesError && hooks.stateFailed) await hooks.stateFailed(frameOf(s, st, frame.input, e, false));
    throw e;
  }
}

/** Called by Retry/Catch handling with an error a state raised (`counts`: retries used per retrier). */
export async function debugErrorRaised(
  s: Strand,
  st: CState,
  input: unknown,
  e: StatesError,
  counts: readonly number[] | undefined,
): Promise<void> {
  const hooks = s.run.options.debug;
  if (!hooks?.errorRaised) return;
  let handled = false;
  for (let i = 0; i < st.retriers.length; i++) {
    const r = st.retriers[i];
    if (!errorMatches(r.matcher, e.error, e)) continue;
    handled = (counts?.[i] ?? 0) < r.maxAttempts;
    break;
  }
  if (!handled) handled = st.catchers.some((c) => errorMatches(c.matcher, e.error, e));
  await hooks.errorRaised(frameOf(s, st, input, e, handled));
}
