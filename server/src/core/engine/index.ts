/**
 * The dry-run engine: run a state machine locally, exactly as Step Functions would, against a
 * TaskInvoker that stands in for every resource, on a virtual clock.
 *
 *   const machine = prepare(text);            // parse, validate, compile: once
 *   const result = await run(machine, { input, invoker });   // as many times as needed
 */
import { E } from './errors';
import { execute, inputTooLargeCause } from './execute';
import type { PreparedMachine } from './machine';
import type { ExecutionResult, RunOptions } from './types';

export { prepare } from './prepare';
export type { PreparedMachine } from './machine';
export type * from './types';
export type { LiveRun } from './live';
export { DEFAULT_MAX_EVENTS, DEFAULT_START_TIME, DEFAULT_WALL_TIME_MS } from './run';
export {
  DEFAULT_MAX_EVALUATION_STEPS,
  EVALUATION_LIMIT_EXCEEDED,
  MAX_VALUE_BYTES,
  MEMORY_LIMIT_EXCEEDED,
  STACK_OVERFLOW,
} from './evalLimits';

/**
 * Runs a prepared machine once. Never rejects: every problem is a FAILED/TIMED_OUT/ABORTED result.
 * A machine that did not prepare fails with InvalidDefinition (AWS's name for a definition that
 * CreateStateMachine refuses), its cause listing the errors.
 */
export function run(machine: PreparedMachine, options: RunOptions): Promise<ExecutionResult> {
  if (!machine.ok || !machine.root) {
    const list = machine.diagnostics.map((d) => `line ${d.range.start.line + 1}: ${d.message}`).join('\n');
    return Promise.resolve({
      status: 'FAILED',
      error: 'InvalidDefinition',
      cause: `The state machine definition has ${machine.diagnostics.length} error(s), so it cannot run:\n${list}`,
      path: [],
      events: [],
      simulatedSeconds: 0,
    });
  }
  return execute(machine, machine.root, options);
}

/**
 * The result of a run whose input, as text, is over the payload limit: a caller that has the
 * text can say so without parsing it (a 50 MB input would cost seconds and hundreds of MB).
 */
export function inputTooLarge(bytes: number): ExecutionResult {
  return { status: 'FAILED', error: E.DataLimitExceeded, cause: inputTooLargeCause(bytes), path: [], events: [], simulatedSeconds: 0 };
}
