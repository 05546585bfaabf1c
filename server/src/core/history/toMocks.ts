/**
 * A recorded run turned into a mock-file test case that replays it: each Task state is mocked
 * with what it answered, in invocation order ("0", "1", ...: a retried call is one entry per
 * attempt, Throw for a failure, Return for a result), and "$test" expects the run's input,
 * top-level path and output or error. Step Functions Local counts invocations per state name
 * across the whole execution, so calls inside Map iterations are numbered in the order the
 * history has them (the order AWS ran them).
 */
import type { ExecutionResult, HistoryEvent } from '../engine/types';

const RESULT = new Set(['TaskSucceeded', 'LambdaFunctionSucceeded', 'ActivitySucceeded']);
const FAILURE = new Set([
  'TaskFailed',
  'LambdaFunctionFailed',
  'ActivityFailed',
  'TaskTimedOut',
  'LambdaFunctionTimedOut',
  'ActivityTimedOut',
  'LambdaFunctionStartFailed',
  'LambdaFunctionScheduleFailed',
  'TaskStartFailed',
  'TaskSubmitFailed',
]);
const SCHEDULED = new Set(['TaskScheduled', 'LambdaFunctionScheduled', 'ActivityScheduled']);
/** Distributed Map item readers and result writers are not Tasks of the mock file. */
const MAP_IO = new Set(['MapStateStarted', 'MapRunStarted']);

export type MockAnswer = { Return: unknown } | { Throw: { Error: string; Cause?: string } };

export interface HistoryTestCase {
  /** The test case: state name -> mocked response name, and "$test". */
  testCase: Record<string, unknown>;
  /** The mocked responses it refers to, by name. */
  responses: Record<string, Record<string, MockAnswer>>;
}

/** The test case that replays `result` (a run read by historyToResult) from `input`. */
export function testCaseFromRun(result: ExecutionResult, input: unknown, name: string): HistoryTestCase {
  // Each answer is numbered by when its call was scheduled (the invoker counts calls, not answers).
  const answers = new Map<string, { at: number; answer: MockAnswer }[]>();
  const scheduledIn = new Map<string, number>();
  const taskFailures: { error: string; cause?: string }[] = [];
  for (const e of result.events) {
    if (e.stateName === undefined || MAP_IO.has(e.type)) continue;
    const strand = (e.scope ?? []).join('\u0000');
    if (SCHEDULED.has(e.type)) scheduledIn.set(strand, e.id);
    const answer = answerOf(e);
    if (!answer) continue;
    if ('Throw' in answer) taskFailures.push({ error: answer.Throw.Error, cause: answer.Throw.Cause });
    const list = answers.get(e.stateName) ?? [];
    list.push({ at: scheduledIn.get(strand) ?? e.id, answer });
    answers.set(e.stateName, list);
  }
  const testCase: Record<string, unknown> = {};
  const responses: Record<string, Record<string, MockAnswer>> = {};
  for (const [state, list] of answers) {
    const responseName = `${name}: ${state}`;
    testCase[state] = responseName;
    list.sort((a, b) => a.at - b.at);
    responses[responseName] = Object.fromEntries(list.map((a, i) => [String(i), a.answer]));
  }
  const test: Record<string, unknown> = { Input: input, ExpectedPath: result.path };
  if (result.status === 'SUCCEEDED') test.ExpectedOutput = result.output;
  else if (result.error !== undefined) {
    // The cause replays exactly when a mocked task or a Fail state wrote it; other causes (a path
    // that matched nothing, ...) name event ids that may differ offline, so only the error is expected.
    const fromTask = taskFailures.some((f) => f.error === result.error && f.cause === result.cause);
    const fromFail = result.events.some((e) => e.type === 'FailStateEntered');
    test.ExpectedError = result.cause !== undefined && (fromTask || fromFail) ? { Error: result.error, Cause: result.cause } : result.error;
  }
  testCase.$test = test;
  return { testCase, responses };
}

function answerOf(e: HistoryEvent): MockAnswer | undefined {
  const d = e.details ?? {};
  if (RESULT.has(e.type)) return { Return: d.output === undefined ? null : d.output };
  if (FAILURE.has(e.type)) {
    const t: { Error: string; Cause?: string } = { Error: typeof d.error === 'string' ? d.error : 'States.TaskFailed' };
    if (typeof d.cause === 'string') t.Cause = d.cause;
    return { Throw: t };
  }
  return undefined;
}

/**
 * Adds the test case to a mock file (a parsed MockConfigFile; a new one when undefined): under
 * StateMachines[machine].TestCases[name], its responses under MockedResponses. Returns the file
 * and whether it replaced a test case of that name.
 */
export function addTestCase(
  file: Record<string, unknown> | undefined,
  machine: string,
  name: string,
  tc: HistoryTestCase,
): { file: Record<string, unknown>; replaced: boolean } {
  const out: Record<string, unknown> = file ? { ...file } : {};
  const machines = obj(out.StateMachines);
  const m = obj(machines[machine]);
  const cases = obj(m.TestCases);
  const replaced = name in cases;
  cases[name] = tc.testCase;
  m.TestCases = cases;
  machines[machine] = m;
  out.StateMachines = machines;
  out.MockedResponses = { ...obj(out.MockedResponses), ...tc.responses };
  return { file: out, replaced };
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...(v as Record<string, unknown>) } : {};
}
