/**
 * Errors as Step Functions names them, and which Retry/Catch rules match which error.
 *
 * API (issue 11): `new StatesError(error, cause, located?, hint?)`. `error` and `cause` are what
 * AWS writes, character for character (the cause of a data-flow failure without the "An error
 * occurred while executing the state ..." prefix, which `located` in states/common.ts adds). Our
 * own, friendlier explanation goes in `hint`, never in `cause`: it reaches the run result
 * (`ExecutionResult.hint`), the failure events' details (`hint`), `run --json`, `test` and the panel,
 * and no Catch or `$states.errorOutput` ever sees it. `Fatal` takes a hint the same way. An empty
 * cause means AWS writes none (a timeout): the failure events then carry only the error.
 * Subclasses mark the two failures whose matching differs from their name: TaskResultTooLarge,
 * HeartbeatTimedOut.
 *
 * Sources: the developer guide, "Handling errors in Step Functions workflows", and the ASL spec,
 * Appendix A:
 * - States.ALL "cannot catch States.DataLimitExceeded terminal error or Runtime error types"; but a
 *   task's result over the quota is reported as the task's failure, which States.ALL does catch
 *   (recorded AWS executions: see TaskResultTooLarge).
 * - States.Runtime errors "are not retriable, and will always cause the execution to fail": no
 *   Retry or Catch matches them, not even by name, and they cross Parallel and Map boundaries.
 * - States.TaskFailed, in a retrier or catcher, "acts as a wildcard that matches any known error
 *   name except for States.Timeout" (we also leave out the heartbeat timeout and the two terminal
 *   errors above).
 */

export const E = {
  ALL: 'States.ALL',
  Runtime: 'States.Runtime',
  DataLimitExceeded: 'States.DataLimitExceeded',
  Timeout: 'States.Timeout',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  TaskFailed: 'States.TaskFailed',
  NoChoiceMatched: 'States.NoChoiceMatched',
  IntrinsicFailure: 'States.IntrinsicFailure',
  QueryEvaluationError: 'States.QueryEvaluationError',
  BranchFailed: 'States.BranchFailed',
  ItemReaderFailed: 'States.ItemReaderFailed',
  ResultWriterFailed: 'States.ResultWriterFailed',
  ExceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  ResultPathMatchFailure: 'States.ResultPathMatchFailure',
  ParameterPathFailure: 'States.ParameterPathFailure',
} as const;

/** A state's failure: what a Retry or Catch sees as Error and Cause. */
export class StatesError extends Error {
  constructor(
    readonly error: string,
    readonly cause: string,
    /**
     * True when the cause is final: a task's or a Fail state's own error. False for failures of
     * the data flow (paths, intrinsics, JSONata), whose cause the state prefixes with where it
     * happened, as AWS does.
     */
    readonly located = false,
    /** Our explanation, beside AWS's cause (never part of it). */
    readonly hint?: string,
  ) {
    super(`${error}: ${cause}`);
  }
}

/** How the run ends when something outside the workflow's own error handling stops it. */
export type FatalStatus = 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/**
 * Ends the execution whatever the states say: the machine-level timeout, the event limit, the
 * wall-time budget. Never caught by Retry or Catch.
 */
export class Fatal {
  constructor(
    readonly status: FatalStatus,
    readonly error: string,
    readonly cause: string,
    readonly hint?: string,
  ) {}
}

/** Thrown inside a branch or iteration that its Parallel or Map no longer waits for. */
export const CANCELLED = Symbol('cancelled');

/** A compiled ErrorEquals list. */
export interface ErrorMatcher {
  names: ReadonlySet<string>;
  all: boolean;
  taskFailed: boolean;
}

export function errorMatcher(list: unknown): ErrorMatcher {
  const names = new Set<string>(Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
  return { names, all: names.has(E.ALL), taskFailed: names.has(E.TaskFailed) };
}

/**
 * A task's result over the payload quota. AWS reports it as the task's failure (a TaskFailed or
 * LambdaFunctionFailed event naming the resource), and a States.ALL catcher takes it, unlike an
 * oversized state output: recorded AWS executions in LocalStack's snapshot tests
 * (error_handling/test_states_errors: "catch_state_all_data_limit_exceeded_on_large_utf8_response").
 */
export class TaskResultTooLarge extends StatesError {}

/**
 * A missed heartbeat. AWS reports it as States.Timeout, with no cause (TaskTimedOut and
 * ExecutionFailed in recorded executions: LocalStack's snapshot tests, timeouts/test_heartbeats);
 * the name States.HeartbeatTimeout "is only available inside the Catch and Retry fields" (the
 * guide, "Handling errors"), where it matches this error.
 */
export class HeartbeatTimedOut extends StatesError {}

export function errorMatches(m: ErrorMatcher, error: string, e?: StatesError): boolean {
  if (error === E.Runtime) return false;
  if (m.names.has(error)) return true;
  if (e instanceof HeartbeatTimedOut && m.names.has(E.HeartbeatTimeout)) return true;
  // The spec's States.Timeout covers a missed heartbeat too; HeartbeatTimeout is the finer name.
  if (error === E.HeartbeatTimeout && m.names.has(E.Timeout)) return true;
  if (error === E.DataLimitExceeded && !(e instanceof TaskResultTooLarge)) return false;
  if (m.all) return true;
  return m.taskFailed && error !== E.Timeout && error !== E.HeartbeatTimeout;
}

/** The prefix AWS puts before a cause raised while a state runs. */
export function inState(stateName: string, enteredEventId: number, detail: string): string {
  return `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). ${detail}`;
}

/** A failure event's details, with our hint beside AWS's error and cause when there is one. */
export function withHint(details: Record<string, unknown>, hint: string | undefined): Record<string, unknown> {
  if (hint !== undefined) details.hint = hint;
  return details;
}
