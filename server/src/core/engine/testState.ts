/**
 * One state tested on its own, as AWS's TestState API does it: `testState(request, options)`
 * takes the API's request body and answers in its response shape, offline.
 *
 * How: the state (or the named state of a whole machine) is copied into a one-state machine
 * whose transitions lead to stand-in Succeed states, and run by the engine with the request's
 * variables and context. Its Retry fields are not run: as TestState does, the answer is
 * RETRIABLE when a retrier would fire (stateConfiguration.retrierRetryCount says how often it
 * did), else CAUGHT_ERROR when a catcher takes the error, else FAILED. A mocked Map or Parallel
 * is not iterated: the mock is the state's result (AWS's guide, "Testing Map and Parallel states").
 *
 * Sources (test/teststate-corpus/README.md lists them per case): the API reference (TestState,
 * MockInput, TestStateConfiguration, InspectionData), the guide's page "Using TestState API to
 * test a state", and AWS-recorded responses in LocalStack's snapshot tests
 * (tests/aws/services/stepfunctions/v2/test_state/*.snapshot.json).
 */
import { E, errorMatcher, errorMatches } from './errors';
import { prepare } from './prepare';
import { run } from './index';
import { inspect, StateRun, type Level } from './testStateInspect';
import type { RunOptions, TaskInvoker, TaskOutcome } from './types';
import { checkContext, checkMock, findState, parseJsonField } from './testStateRequest';
import {
  TestStateRequestError,
  type InspectionData,
  type TestExecutionStatus,
  type TestStateOptions,
  type TestStateRequest,
  type TestStateResponse,
} from './testStateTypes';
import { isObject } from './values';

export * from './testStateTypes';

/** ASL's retrier defaults (the guide, "Handling errors": Retry fields). */
const DEFAULT_INTERVAL_SECONDS = 1;
const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_BACKOFF_RATE = 2;
const NEXT_PREFIX = '__aslwb_next_';
/** A plain Lambda ARN stands in for a mocked Map or Parallel: the engine asks the invoker for its result. */
const STAND_IN_RESOURCE = 'arn:aws:lambda:us-east-1:123456789012:function:aslwb-mocked-state';

export async function testState(request: TestStateRequest, options: TestStateOptions = {}): Promise<TestStateResponse> {
  const level: Level = request.inspectionLevel ?? 'INFO';
  if (!['INFO', 'DEBUG', 'TRACE'].includes(level))
    throw new TestStateRequestError('ValidationException', `inspectionLevel must be INFO, DEBUG or TRACE, not "${String(level)}".`);
  const { state, name, jsonata, inMap } = findState(request);
  const type = state.Type as string;
  const mock = request.mock;
  checkMock(request, type, state);
  const input = parseJsonField(request.input, 'input', {});
  const variables = parseJsonField(request.variables, 'variables', undefined);
  if (variables !== undefined && !isObject(variables))
    throw new TestStateRequestError('ValidationException', 'variables must be a JSON object of variable names to values.');
  const context = parseJsonField(request.context, 'context', undefined);
  if (context !== undefined) checkContext(context, state);
  // The guide ("Automatic Context population"): a state inside a Map, tested without a context,
  // sees the first iteration: $$.Map.Item.Index 0 and $$.Map.Item.Value the input.
  const mapItem = context === undefined && inMap ? { Index: 0, Value: input } : undefined;
  const single = {
    variables: variables as Record<string, unknown> | undefined,
    context: context as Record<string, unknown> | undefined,
    mapItem,
  };
  const mocked = mock !== undefined && (mock.result !== undefined || mock.errorOutput !== undefined);
  const invoker = mocked ? mockInvoker(mock!, thresholdExceeded(state, request)) : options.invoker;
  if (type === 'Task' && !invoker) {
    throw new TestStateRequestError(
      'ValidationException',
      `The Task state's resource ${String(state.Resource)} cannot be called offline: give mock.result or mock.errorOutput, or local handlers or a mock file (asl-workbench test-state --mocks FILE).`,
    );
  }

  const targets: string[] = [];
  const base = rewrite(state, targets, mocked && (type === 'Map' || type === 'Parallel'));
  const once = async (withCatch: boolean): Promise<StateRun> => {
    const copy: Record<string, unknown> = Object.assign({}, base);
    delete copy.Retry;
    if (!withCatch) delete copy.Catch;
    const states: Record<string, unknown> = { [name]: copy };
    for (const stub of referenced(copy)) states[stub] = { Type: 'Succeed' };
    const machine: Record<string, unknown> = { StartAt: name, States: states };
    if (jsonata) machine.QueryLanguage = 'JSONata';
    const prepared = prepare(JSON.stringify(machine));
    if (!prepared.ok) {
      throw new TestStateRequestError('InvalidDefinition', prepared.diagnostics.map((d) => d.message).join('\n'));
    }
    const result = await run(prepared, {
      input,
      invoker: invoker ?? NO_INVOKER,
      stateMachineName: 'TestState',
      wallTimeMs: options.wallTimeMs,
      singleState: single,
    });
    return new StateRun(result, name, targets);
  };

  const items = type === 'Map' && !jsonata ? await mapItems(state, input, single) : undefined;
  if (items?.error !== undefined) {
    // The Map fails before its iterations (and its mock): States.Runtime is never retried or caught.
    const r: TestStateResponse = { error: items.error, status: 'FAILED' };
    if (items.cause !== undefined) r.cause = items.cause;
    const data: InspectionData = { input: JSON.stringify(input) };
    if ('afterInputPath' in items) data.afterInputPath = JSON.stringify(items.afterInputPath);
    return withInspection(r, level === 'INFO' ? undefined : data);
  }
  const first = await once(false);
  const ins = (r: StateRun, extra?: InspectionData['errorDetails']): InspectionData | undefined =>
    level === 'INFO'
      ? undefined
      : inspect(r, state, jsonata, mocked, variables as Record<string, unknown> | undefined, extra, items && { value: items.items });
  if (first.result.status === 'SUCCEEDED') {
    const exit = first.exitOutput();
    const out: TestStateResponse = { output: JSON.stringify(exit.output), status: 'SUCCEEDED' };
    const next = first.nextState();
    if (next !== undefined) out.nextState = next;
    return withInspection(out, ins(first));
  }
  const error = first.result.error ?? 'States.Runtime';
  const cause = first.result.cause;
  const failure = (status: TestExecutionStatus): TestStateResponse => {
    const r: TestStateResponse = { error, status };
    if (cause !== undefined) r.cause = cause;
    return r;
  };
  // A Fail state, a Choice without a match, a Succeed/Pass/Wait data-flow error: no Retry or Catch.
  if (!['Task', 'Map', 'Parallel'].includes(type)) return withInspection(failure('FAILED'), ins(first));

  const retry = retryOf(state, error, request.stateConfiguration?.retrierRetryCount ?? 0);
  if (retry && retry.retryBackoffIntervalSeconds !== undefined) return withInspection(failure('RETRIABLE'), ins(first, retry));
  // A matching retrier whose attempts are spent is still named (AWS-recorded: FAILED with errorDetails.retryIndex).
  const spent = retry ? { retryIndex: retry.retryIndex } : undefined;
  const catchIndex = catcherOf(state, error);
  if (catchIndex < 0) return withInspection(failure('FAILED'), ins(first, spent));
  const caught = await once(true);
  const out = failure('CAUGHT_ERROR');
  out.output = JSON.stringify(caught.exitOutput().output);
  const next = caught.nextState();
  if (next !== undefined) out.nextState = next;
  return withInspection(out, ins(caught, { ...spent, catchIndex }));
}

/** A JSONPath Map's input after InputPath, and its items after ItemsPath (or why there are none). */
interface MapItems {
  afterInputPath?: unknown;
  items?: unknown;
  error?: string;
  cause?: string;
}

/**
 * Reads a JSONPath Map's InputPath and ItemsPath by running them as two Pass states (the engine's
 * paths, variables and context). Items that are not an array fail the state as AWS does:
 * States.Runtime, `Reference path "..." must point to array.`, a context path named from its
 * second "$" (AWS-recorded TestState responses: "$$" is reported as "$").
 */
async function mapItems(state: Record<string, unknown>, input: unknown, single: RunOptions['singleState']): Promise<MapItems> {
  const probe = {
    StartAt: 'InputPath',
    States: {
      InputPath: { Type: 'Pass', ...(state.InputPath !== undefined ? { InputPath: state.InputPath } : {}), Next: 'ItemsPath' },
      ItemsPath: { Type: 'Pass', ...(state.ItemsPath !== undefined ? { InputPath: state.ItemsPath } : {}), End: true },
    },
  };
  const prepared = prepare(JSON.stringify(probe));
  if (!prepared.ok) return {};
  const r = await run(prepared, { input, invoker: NO_INVOKER, singleState: single });
  const exited = r.events.find((e) => e.type === 'PassStateExited' && e.stateName === 'InputPath');
  const out: MapItems = exited ? { afterInputPath: exited.details?.output } : {};
  if (r.status !== 'SUCCEEDED') return { ...out, error: r.error, cause: r.cause };
  if (!Array.isArray(r.output)) {
    const path = typeof state.ItemsPath === 'string' ? state.ItemsPath.replace(/^\$\$/, '$') : '$';
    return { ...out, error: E.Runtime, cause: `Reference path "${path}" must point to array.` };
  }
  return { ...out, items: r.output };
}

function withInspection(r: TestStateResponse, data: InspectionData | undefined): TestStateResponse {
  if (data !== undefined) r.inspectionData = data;
  // AWS's field order: output, error, cause, inspectionData, nextState, status.
  const ordered: TestStateResponse = {} as TestStateResponse;
  for (const k of ['output', 'error', 'cause', 'inspectionData', 'nextState', 'status'] as const) {
    if (r[k] !== undefined) (ordered as unknown as Record<string, unknown>)[k] = r[k];
  }
  return ordered;
}

const NO_INVOKER: TaskInvoker = {
  invoke: () => Promise.resolve({ ok: false, error: 'States.Runtime', cause: 'No mock and no invoker for this Task.' }),
};

/** AWS's error when a Map's failed iterations pass its tolerance (AWS-recorded TestState responses). */
const THRESHOLD_ERROR = 'States.ExceedToleratedFailureThreshold';
const THRESHOLD_CAUSE = 'The specified tolerated failure threshold was exceeded';
const PERCENT = 100;

/**
 * stateConfiguration.mapIterationFailureCount against the Map's ToleratedFailureCount or
 * ToleratedFailurePercentage (of the mocked result's items). AWS-recorded: 2 failures against a
 * tolerance of 1 exceed it; a Map with no tolerance set does not fail on the count.
 */
function thresholdExceeded(state: Record<string, unknown>, request: TestStateRequest): boolean {
  const failed = request.stateConfiguration?.mapIterationFailureCount;
  if (state.Type !== 'Map' || typeof failed !== 'number' || request.mock?.result === undefined) return false;
  if (typeof state.ToleratedFailureCount === 'number' && failed > state.ToleratedFailureCount) return true;
  if (typeof state.ToleratedFailurePercentage === 'number') {
    const items = parseJsonField(request.mock.result, 'mock.result', null);
    const n = Array.isArray(items) ? items.length : 0;
    return n > 0 && (PERCENT * failed) / n > state.ToleratedFailurePercentage;
  }
  return false;
}

function mockInvoker(mock: NonNullable<TestStateRequest['mock']>, overThreshold: boolean): TaskInvoker {
  let outcome: TaskOutcome;
  if (overThreshold) {
    outcome = { ok: false, error: THRESHOLD_ERROR, cause: THRESHOLD_CAUSE };
  } else if (mock.errorOutput !== undefined) {
    outcome = { ok: false, error: mock.errorOutput.error ?? '', cause: mock.errorOutput.cause ?? '' };
  } else {
    outcome = { ok: true, output: parseJsonField(mock.result, 'mock.result', null) };
  }
  return { invoke: () => Promise.resolve(outcome) };
}

/**
 * The state with every transition target replaced by a stand-in name (targets[i] is the real
 * name of NEXT_PREFIX + i); a mocked Map or Parallel becomes a Task whose result is the mock.
 */
function rewrite(state: Record<string, unknown>, targets: string[], standIn: boolean): Record<string, unknown> {
  const to = (t: unknown): unknown => {
    if (typeof t !== 'string') return t;
    let i = targets.indexOf(t);
    if (i < 0) i = targets.push(t) - 1;
    return NEXT_PREFIX + i;
  };
  let copy: Record<string, unknown> = Object.assign({}, state);
  if (standIn) {
    copy = { Type: 'Task', Resource: STAND_IN_RESOURCE };
    for (const k of [
      'QueryLanguage',
      'InputPath',
      'ResultSelector',
      'ResultPath',
      'OutputPath',
      'Output',
      'Assign',
      'Retry',
      'Catch',
      'Next',
      'End',
    ]) {
      if (state[k] !== undefined) copy[k] = state[k];
    }
  }
  if (copy.Next !== undefined) copy.Next = to(copy.Next);
  if (copy.Default !== undefined) copy.Default = to(copy.Default);
  if (Array.isArray(copy.Choices)) copy.Choices = copy.Choices.map((c) => (isObject(c) ? Object.assign({}, c, { Next: to(c.Next) }) : c));
  if (Array.isArray(copy.Catch)) copy.Catch = copy.Catch.map((c) => (isObject(c) ? Object.assign({}, c, { Next: to(c.Next) }) : c));
  return copy;
}

/** The stand-in targets the copy transitions to (AWS refuses unreachable states, so only those). */
function referenced(copy: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  const add = (t: unknown): void => {
    if (typeof t === 'string') out.add(t);
  };
  add(copy.Next);
  add(copy.Default);
  for (const list of [copy.Choices, copy.Catch]) if (Array.isArray(list)) for (const c of list) if (isObject(c)) add(c.Next);
  return out;
}

/** The first retrier whose ErrorEquals matches decides (ASL spec). */
/** The retrier that applies to the error: with its backoff while it has attempts left, without once they are spent. */
function retryOf(
  state: Record<string, unknown>,
  error: string,
  count: number,
): { retryIndex: number; retryBackoffIntervalSeconds?: number } | undefined {
  const retriers = Array.isArray(state.Retry) ? state.Retry : [];
  for (let i = 0; i < retriers.length; i++) {
    const r = retriers[i];
    if (!isObject(r) || !errorMatches(errorMatcher(r.ErrorEquals), error)) continue;
    const max = typeof r.MaxAttempts === 'number' ? r.MaxAttempts : DEFAULT_MAX_ATTEMPTS;
    if (count >= max) return { retryIndex: i };
    const interval = typeof r.IntervalSeconds === 'number' ? r.IntervalSeconds : DEFAULT_INTERVAL_SECONDS;
    const rate = typeof r.BackoffRate === 'number' ? r.BackoffRate : DEFAULT_BACKOFF_RATE;
    let delay = interval * Math.pow(rate, count);
    if (typeof r.MaxDelaySeconds === 'number' && delay > r.MaxDelaySeconds) delay = r.MaxDelaySeconds;
    // The API's retryBackoffIntervalSeconds is an integer (the SDK models): whole seconds.
    return { retryBackoffIntervalSeconds: Math.floor(delay), retryIndex: i };
  }
  return undefined;
}

function catcherOf(state: Record<string, unknown>, error: string): number {
  const catchers = Array.isArray(state.Catch) ? state.Catch : [];
  return catchers.findIndex((c) => isObject(c) && errorMatches(errorMatcher(c.ErrorEquals), error));
}
