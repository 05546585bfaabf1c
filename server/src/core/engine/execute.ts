/** The whole execution: the top-level flow between ExecutionStarted and its final event. */
import { debugExec } from './debug';
import { E, Fatal, StatesError, withHint } from './errors';
import type { CScope, PreparedMachine } from './machine';
import { NO_VARS, Run } from './run';
import { Strand } from './strand';
import type { ExecutionResult, ExecutionStatus, RunOptions } from './types';
import { jsonSize, PAYLOAD_LIMIT } from './values';

export function inputTooLargeCause(bytes: number): string {
  return `The execution input is ${bytes} bytes; Step Functions accepts at most ${PAYLOAD_LIMIT} bytes (256 KiB) of input.`;
}

/** The whole execution: what `run(prepared, options)` does once the machine is known to be valid. */
export async function execute(machine: PreparedMachine, root: CScope, options: RunOptions): Promise<ExecutionResult> {
  const input = options.input === undefined ? {} : options.input;
  const r = new Run(machine, options, input);
  const given = options.singleState?.variables;
  const vars = given ? Object.freeze(Object.assign(Object.create(null) as Record<string, unknown>, given)) : NO_VARS;
  const s = new Strand(r, 0, vars, undefined, [], [], undefined, r.budget, true, 0);
  let status: ExecutionStatus;
  let output: unknown;
  let error: string | undefined;
  let cause: string | undefined;
  let hint: string | undefined;
  try {
    s.emit('ExecutionStarted', undefined, { input, roleArn: r.roleArn, stateMachineArn: r.stateMachine.Id });
    const size = jsonSize(input);
    r.sized = input;
    if (size > PAYLOAD_LIMIT) {
      throw new StatesError(E.DataLimitExceeded, inputTooLargeCause(size), true);
    }
    // The top-level flow, as runScope does it, without one more async frame per run.
    let st = root.start;
    let value: unknown = input;
    const debug = options.debug;
    for (;;) {
      const p = debug ? debugExec(s, st, value, debug) : st.exec(s, st, value);
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
      cause = e.cause || undefined;
      hint = e.hint;
      const type = e.status === 'TIMED_OUT' ? 'ExecutionTimedOut' : e.status === 'ABORTED' ? 'ExecutionAborted' : 'ExecutionFailed';
      r.emit(s, type, undefined, withHint(cause !== undefined ? { error, cause } : { error }, hint), true);
    } else if (e instanceof StatesError) {
      status = 'FAILED';
      error = e.error || undefined;
      cause = e.cause || undefined;
      hint = e.hint;
      // No cause where AWS writes none (a timeout): the event has only the error.
      r.emit(s, 'ExecutionFailed', undefined, withHint(e.cause ? { error: e.error, cause: e.cause } : { error: e.error }, hint), true);
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
  if (hint !== undefined) result.hint = hint;
  return result;
}
