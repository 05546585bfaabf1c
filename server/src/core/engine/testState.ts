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
import { isObject } from './values';

export type TestExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';

/** The TestState request body (AWS CLI `--cli-input-json` shape); JSON fields are strings, as AWS takes them. */
export interface TestStateRequest {
  definition: string | Record<string, unknown>;
  roleArn?: string;
  input?: string;
  inspectionLevel?: Level;
  revealSecrets?: boolean;
  variables?: string;
  stateName?: string;
  mock?: { result?: string; errorOutput?: { error?: string; cause?: string }; fieldValidationMode?: 'STRICT' | 'PRESENT' | 'NONE' };
  context?: string;
  stateConfiguration?: { retrierRetryCount?: number; errorCausedByState?: string; mapIterationFailureCount?: number; mapItemReaderData?: string };
}

export interface InspectionData {
  input?: string;
  afterArguments?: string;
  afterInputPath?: string;
  afterParameters?: string;
  result?: string;
  afterResultSelector?: string;
  afterResultPath?: string;
  variables?: string;
  errorDetails?: { catchIndex?: number; retryIndex?: number; retryBackoffIntervalSeconds?: number };
  afterItemsPath?: string;
  maxConcurrency?: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
}

export interface TestStateResponse {
  output?: string;
  error?: string;
  cause?: string;
  inspectionData?: InspectionData;
  nextState?: string;
  status: TestExecutionStatus;
}

/** AWS answers a malformed request with an HTTP 400 of this name, not a response. */
export class TestStateRequestError extends Error {
  constructor(
    readonly code: 'ValidationException' | 'InvalidDefinition',
    message: string,
  ) {
    super(message);
  }
}

export interface TestStateOptions {
  /** Answers a Task that has no mock in the request (local handlers, a mock file). */
  invoker?: TaskInvoker;
  wallTimeMs?: number;
}

/** ASL's retrier defaults (the guide, "Handling errors": Retry fields). */
const DEFAULT_INTERVAL_SECONDS = 1;
const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_BACKOFF_RATE = 2;
/** The state name the context object reports when the definition is one state (AWS-recorded responses). */
const SINGLE_STATE_NAME = 'StateName';
const NEXT_PREFIX = '__aslwb_next_';
/** A plain Lambda ARN stands in for a mocked Map or Parallel: the engine asks the invoker for its result. */
const STAND_IN_RESOURCE = 'arn:aws:lambda:us-east-1:123456789012:function:aslwb-mocked-state';
const MOCKABLE = new Set(['Task', 'Map', 'Parallel']);
const INTEGRATION_NEEDING_MOCK = /\.(sync(:2)?|waitForTaskToken)$|^arn:aws[\w-]*:states:[^:]*:\d*:activity:/;

export async function testState(request: TestStateRequest, options: TestStateOptions = {}): Promise<TestStateResponse> {
  const level: Level = request.inspectionLevel ?? 'INFO';
  if (!['INFO', 'DEBUG', 'TRACE'].includes(level)) throw new TestStateRequestError('ValidationException', `inspectionLevel must be INFO, DEBUG or TRACE, not "${String(level)}".`);
  const { state, name, jsonata, inMap } = findState(request);
  const type = state.Type as string;
  const mock = request.mock;
  checkMock(request, type, state);
  const input = parseJsonField(request.input, 'input', {});
  const variables = parseJsonField(request.variables, 'variables', undefined);
  if (variables !== undefined && !isObject(variables)) throw new TestStateRequestError('ValidationException', 'variables must be a JSON object of variable names to values.');
  const context = parseJsonField(request.context, 'context', undefined);
  if (context !== undefined) checkContext(context, state);
  // The guide ("Automatic Context population"): a state inside a Map, tested without a context,
  // sees the first iteration: $$.Map.Item.Index 0 and $$.Map.Item.Value the input.
  const mapItem = context === undefined && inMap ? { Index: 0, Value: input } : undefined;
  const single = { variables: variables as Record<string, unknown> | undefined, context: context as Record<string, unknown> | undefined, mapItem };
  const mocked = mock !== undefined && (mock.result !== undefined || mock.errorOutput !== undefined);
  const invoker = mocked ? mockInvoker(mock!, thresholdExceeded(state, request)) : options.invoker;
  if (type === 'Task' && !invoker) {
    throw new TestStateRequestError('ValidationException', `The Task state's resource ${String(state.Resource)} cannot be called offline: give mock.result or mock.errorOutput, or local handlers or a mock file (asl-workbench test-state --mocks FILE).`);
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
    level === 'INFO' ? undefined : inspect(r, state, jsonata, mocked, variables as Record<string, unknown> | undefined, extra, items && { value: items.items });
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

/** The state under test, its name, and its query language (its own, else its machine's). */
function findState(request: TestStateRequest): { state: Record<string, unknown>; name: string; jsonata: boolean; inMap?: boolean } {
  let def: unknown = request.definition;
  if (typeof def === 'string') {
    try {
      def = JSON.parse(def);
    } catch (e) {
      throw new TestStateRequestError('InvalidDefinition', `The definition is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (!isObject(def)) throw new TestStateRequestError('InvalidDefinition', 'The definition must be a JSON object: a state, or a state machine with stateName.');
  if (request.stateName === undefined) {
    if (def.States !== undefined || def.StartAt !== undefined) {
      throw new TestStateRequestError('ValidationException', 'The definition is a state machine: give stateName, the state to test.');
    }
    if (typeof def.Type !== 'string') throw new TestStateRequestError('InvalidDefinition', 'The definition must be one state (with a "Type") or a state machine with stateName.');
    return { state: def, name: SINGLE_STATE_NAME, jsonata: def.QueryLanguage === 'JSONata' };
  }
  const found = search(def, request.stateName, def.QueryLanguage === 'JSONata');
  if (!found) throw new TestStateRequestError('ValidationException', `The state machine has no state named "${request.stateName}".`);
  return { state: found.state, name: request.stateName, jsonata: found.jsonata, inMap: found.inMap };
}

function search(scope: Record<string, unknown>, name: string, jsonata: boolean, inMap = false): { state: Record<string, unknown>; jsonata: boolean; inMap: boolean } | undefined {
  const states = scope.States;
  if (!isObject(states)) return undefined;
  const direct = states[name];
  if (isObject(direct)) return { state: direct, jsonata: direct.QueryLanguage !== undefined ? direct.QueryLanguage === 'JSONata' : jsonata, inMap };
  for (const st of Object.values(states)) {
    if (!isObject(st)) continue;
    const inner = st.QueryLanguage !== undefined ? st.QueryLanguage === 'JSONata' : jsonata;
    const scopes: [unknown, boolean][] = [];
    if (Array.isArray(st.Branches)) for (const b of st.Branches) scopes.push([b, inMap]);
    if (isObject(st.ItemProcessor)) scopes.push([st.ItemProcessor, true]);
    if (isObject(st.Iterator)) scopes.push([st.Iterator, true]);
    for (const [sc, mapped] of scopes) {
      if (!isObject(sc)) continue;
      const hit = search(sc, name, inner, mapped);
      if (hit) return hit;
    }
  }
  return undefined;
}

/**
 * AWS's request checks. The quoted messages are AWS's, from recorded responses (LocalStack's
 * test_state_mock_validation.snapshot.json); the others follow the API reference's and the
 * guide's rules in our words.
 */
function checkMock(request: TestStateRequest, type: string, state: Record<string, unknown>): void {
  const mock = request.mock;
  const has = mock !== undefined && (mock.result !== undefined || mock.errorOutput !== undefined);
  if (mock !== undefined && mock.result !== undefined && mock.errorOutput !== undefined) {
    throw new TestStateRequestError('ValidationException', 'A test mock should have only one of the following fields: [result, errorOutput].');
  }
  if (has && !MOCKABLE.has(type)) throw new TestStateRequestError('ValidationException', `State type '${type}' is not supported when a mock is specified`);
  if (has && request.revealSecrets === true) throw new TestStateRequestError('ValidationException', 'TestState does not support RevealSecrets when a mock is specified.');
  if (mock?.errorOutput !== undefined && typeof mock.errorOutput.error !== 'string') {
    throw new TestStateRequestError('ValidationException', 'mock.errorOutput.error is required when mock.errorOutput is specified.');
  }
  if (mock?.result !== undefined) checkMockShape(type, state, parseJsonField(mock.result, 'mock.result', null));
  const causedBy = request.stateConfiguration?.errorCausedByState;
  if (mock?.errorOutput !== undefined && (type === 'Map' || type === 'Parallel')) {
    // The guide ("Error propagation in Map and Parallel states"): the sub-state that threw must be named.
    if (causedBy === undefined) throw new TestStateRequestError('ValidationException', `A mocked error of a ${type} state needs stateConfiguration.errorCausedByState: the state inside it that threw.`);
    if (!search({ States: { [NEXT_PREFIX]: state } }, causedBy, false)) {
      throw new TestStateRequestError('ValidationException', `errorCausedByState "${causedBy}" is not a state inside the ${type} state.`);
    }
  }
  if (request.context !== undefined && !has) throw new TestStateRequestError('ValidationException', 'context may only be specified if a mock is specified in the same request.');
  if (!has && (type === 'Map' || type === 'Parallel')) {
    throw new TestStateRequestError('InvalidDefinition', 'TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]');
  }
  if (!has && type === 'Task' && typeof state.Resource === 'string' && INTEGRATION_NEEDING_MOCK.test(state.Resource)) {
    throw new TestStateRequestError('ValidationException', `Testing an Activity, .sync or .waitForTaskToken Task needs a mock (mock.result or mock.errorOutput).`);
  }
}

/** The context object's fields (the guide, "Context object"); AWS refuses others. */
const CONTEXT_FIELDS: Record<string, Record<string, 'string' | 'number' | 'any'>> = {
  Execution: { Id: 'string', Input: 'any', Name: 'string', RoleArn: 'string', StartTime: 'string', RedriveCount: 'number', RedriveTime: 'string' },
  State: { EnteredTime: 'string', Name: 'string', RetryCount: 'number' },
  StateMachine: { Id: 'string', Name: 'string' },
  Task: { Token: 'string' },
};

/**
 * TestState's checks of a given context object. The messages are AWS's (recorded responses,
 * LocalStack's test_state_context_object.snapshot.json) for an unknown field, a 'Map' field, a
 * non-string Execution.Id and a 'Task' where the state has no task token; the same wording for
 * the other fields' types is our reading.
 */
function checkContext(context: unknown, state: Record<string, unknown>): void {
  const fail = (detail: string): never => {
    throw new TestStateRequestError('ValidationException', `Invalid Context object provided: ${detail}`);
  };
  if (!isObject(context)) fail('the context object must be a JSON object');
  for (const [k, v] of Object.entries(context as Record<string, unknown>)) {
    if (k === 'Map') fail("'Map' field is not supported when mocking a Context object");
    const fields = CONTEXT_FIELDS[k];
    if (!fields) fail(`Field '${k}' is not allowed`);
    if (!isObject(v)) fail(`${k} must be an object`);
    for (const [f, fv] of Object.entries(v as Record<string, unknown>)) {
      const want = fields[f];
      if (!want) fail(`Field '${f}' is not allowed`);
      if (want !== 'any' && typeof fv !== want) fail(`${k}.${f} must be a ${want}`);
    }
  }
  const tokenTask = state.Type === 'Task' && typeof state.Resource === 'string' && /\.(sync(:2)?|waitForTaskToken)$/.test(state.Resource);
  if ((context as Record<string, unknown>).Task !== undefined && !tokenTask) {
    fail("Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern");
  }
}

/** A Map's mocked result is its array of results (an object with a ResultWriter); a Parallel's, one per branch. */
function checkMockShape(type: string, state: Record<string, unknown>, result: unknown): void {
  const fail = (message: string): never => {
    throw new TestStateRequestError('ValidationException', message);
  };
  if (type === 'Map') {
    if (state.ResultWriter !== undefined) {
      if (!isObject(result)) fail('Mocked result must be a JSON object.');
    } else if (!Array.isArray(result)) fail('Mocked result must be an array.');
  } else if (type === 'Parallel') {
    if (!Array.isArray(result)) fail('Mocked result must be an array.');
    const branches = Array.isArray(state.Branches) ? state.Branches.length : 0;
    if ((result as unknown[]).length !== branches) fail('Mocked result must contain the same number of items as number of Parallel branches.');
  }
}

function parseJsonField(text: unknown, field: string, fallback: unknown): unknown {
  if (text === undefined || text === null) return fallback;
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new TestStateRequestError('ValidationException', `${field} is not valid JSON: ${(e as Error).message}`);
  }
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
    for (const k of ['QueryLanguage', 'InputPath', 'ResultSelector', 'ResultPath', 'OutputPath', 'Output', 'Assign', 'Retry', 'Catch', 'Next', 'End']) {
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
function retryOf(state: Record<string, unknown>, error: string, count: number): { retryIndex: number; retryBackoffIntervalSeconds?: number } | undefined {
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
