/**
 * Task: the payload (InputPath + Parameters, or Arguments) goes to the TaskInvoker; its outcome
 * plays out on the virtual clock (durationSeconds), against TimeoutSeconds and HeartbeatSeconds
 * (States.Timeout / States.HeartbeatTimeout, at the moment the limit passes). A plain Lambda
 * function ARN is recorded with the LambdaFunction* events, every other resource with Task*.
 */
import { E, HeartbeatTimedOut, StatesError, TaskResultTooLarge } from '../errors';
import type { CState, CTask } from '../machine';
import { uuidFrom } from '../random';
import { REGION } from '../run';
import type { Strand } from '../strand';
import type { TaskInvocation, TaskOutcome } from '../types';
import { jsonSize, PAYLOAD_LIMIT } from '../values';
import { checkSize, enter, located, readNumber, withRetryAndCatch } from './common';
import { finishWithResult, prepareInput } from './result';

export function task(s: Strand, st: CState, input: unknown): Promise<void> {
  enter(s, st, input);
  if (st.retriers.length === 0 && st.catchers.length === 0) return attempt(s, st, input);
  return withRetryAndCatch(s, st, input, () => attempt(s, st, input));
}

async function attempt(s: Strand, st: CState, input: unknown): Promise<void> {
  try {
    await attemptBody(s, st, input);
  } catch (e) {
    throw located(s, st, e);
  }
}

async function attemptBody(s: Strand, st: CState, input: unknown): Promise<void> {
  const t = st.task!;
  if (t.hasToken) {
    // Before Parameters: they pass the token on ("TaskToken.$": "$$.Task.Token").
    s.taskToken = uuidFrom(s.rng);
    s.resetContext();
  }
  let prepared = prepareInput(s, st, input, true);
  if (prepared instanceof Promise) prepared = await prepared;
  const eff = prepared.eff;
  const payload = prepared.payload;
  const scope = prepared.scope;
  checkSize(s, st, payload, 'input');
  let timeout = readNumber(s, t.timeout, eff, scope, 'positive');
  if (timeout instanceof Promise) timeout = await timeout;
  let heartbeat = readNumber(s, t.heartbeat, eff, scope, 'positive');
  if (heartbeat instanceof Promise) heartbeat = await heartbeat;
  const start = s.time;
  if (t.events === 'Lambda') {
    const d: Record<string, unknown> = { resource: t.resource, input: payload };
    if (timeout !== undefined) d.timeoutInSeconds = timeout;
    s.emit('LambdaFunctionScheduled', st.name, d);
    s.emit('LambdaFunctionStarted', st.name);
  } else if (t.events === 'Activity') {
    const d: Record<string, unknown> = { resource: t.resource, input: payload };
    if (timeout !== undefined) d.timeoutInSeconds = timeout;
    if (heartbeat !== undefined) d.heartbeatInSeconds = heartbeat;
    s.emit('ActivityScheduled', st.name, d);
    s.emit('ActivityStarted', st.name, { workerName: 'local' });
  } else {
    const d: Record<string, unknown> = {
      resourceType: t.resourceType,
      resource: t.resourceName,
      resourceArn: t.resource,
      region: REGION,
      parameters: payload,
    };
    if (timeout !== undefined) d.timeoutInSeconds = timeout;
    if (heartbeat !== undefined) d.heartbeatInSeconds = heartbeat;
    s.emit('TaskScheduled', st.name, d);
    s.emit('TaskStarted', st.name, { resourceType: t.resourceType, resource: t.resourceName });
  }
  const invocation: TaskInvocation = {
    stateName: st.name,
    statePath: s.statePath,
    resource: t.resource,
    payload,
    attempt: s.retryCount + 1,
    // Built only if the invoker reads it.
    get context() {
      return s.context();
    },
  };
  if (s.taskToken !== undefined) invocation.taskToken = s.taskToken;
  if (timeout !== undefined) invocation.timeoutSeconds = timeout;
  if (heartbeat !== undefined) invocation.heartbeatSeconds = heartbeat;
  const outcome: TaskOutcome = await s.run.invoke(invocation);
  const seconds = typeof outcome.durationSeconds === 'number' && outcome.durationSeconds > 0 ? outcome.durationSeconds : 0;
  let limit: number | undefined;
  let limitError: string | undefined;
  if (heartbeat !== undefined && seconds > heartbeat && (timeout === undefined || heartbeat < timeout)) {
    limit = heartbeat;
    limitError = E.HeartbeatTimeout;
  } else if (timeout !== undefined && seconds > timeout) {
    limit = timeout;
    limitError = E.Timeout;
  }
  const p = s.advanceTo(start + (limit ?? seconds) * 1000);
  if (p) await p;
  if (limitError !== undefined) {
    // AWS writes States.Timeout and no cause for both limits (recorded executions, LocalStack's
    // snapshot tests timeouts/test_timeouts and test_heartbeats); what happened is our hint.
    const hint =
      limitError === E.Timeout
        ? `The task took ${seconds} s, more than the state's TimeoutSeconds (${limit} s).`
        : `The task sent no heartbeat for ${limit} s (HeartbeatSeconds); it took ${seconds} s.`;
    s.emit(PREFIX[t.events] + 'TimedOut', st.name, details(t, 'error', E.Timeout));
    throw limitError === E.Timeout ? new StatesError(E.Timeout, '', true, hint) : new HeartbeatTimedOut(E.Timeout, '', true, hint);
  }
  if (!outcome.ok) {
    const error = typeof outcome.error === 'string' && outcome.error ? outcome.error : E.TaskFailed;
    const cause = typeof outcome.cause === 'string' ? outcome.cause : '';
    s.emit(PREFIX[t.events] + 'Failed', st.name, details(t, 'error', error, cause));
    throw new StatesError(error, cause, true);
  }
  const result = outcome.output === undefined ? null : outcome.output;
  const size = jsonSize(result);
  if (size > PAYLOAD_LIMIT) {
    // AWS's wording names the resource: the function ARN, or the integration's service ("lambda").
    const cause = `The state/task '${t.events === 'Task' ? t.resourceType : t.resource}' returned a result with a size exceeding the maximum number of bytes service limit.`;
    s.emit(PREFIX[t.events] + 'Failed', st.name, details(t, 'error', E.DataLimitExceeded, cause));
    throw new TaskResultTooLarge(
      E.DataLimitExceeded,
      cause,
      true,
      `The result of the task '${st.name}' is ${size} bytes (UTF-8), more than the ${PAYLOAD_LIMIT} bytes (256 KiB) a state may pass on.`,
    );
  }
  s.run.sized = result;
  s.emit(PREFIX[t.events] + 'Succeeded', st.name, details(t, 'output', result));
  const done = finishWithResult(s, st, input, result, prepared.flow);
  if (done) await done;
}

const PREFIX = { Lambda: 'LambdaFunction', Activity: 'Activity', Task: 'Task' } as const;

/** The details of a task's closing event, as AWS names them. */
function details(t: CTask, kind: 'output' | 'error', value: unknown, cause?: string): Record<string, unknown> {
  const d: Record<string, unknown> = t.events === 'Task' ? { resourceType: t.resourceType, resource: t.resourceName } : {};
  if (kind === 'output') d.output = value;
  else {
    d.error = value;
    if (cause !== undefined) d.cause = cause;
  }
  return d;
}
