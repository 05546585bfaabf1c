/**
 * TestState's request, read and checked as AWS checks it: the state under test (a single state, or
 * one named in a whole machine, nested states included), the mock, and the context object.
 */
import { TestStateRequestError, type TestStateRequest } from './testStateTypes';
import { isObject } from './values';

/** The state name the context object reports when the definition is one state (AWS-recorded responses). */
const SINGLE_STATE_NAME = 'StateName';
const MOCKABLE = new Set(['Task', 'Map', 'Parallel']);
const INTEGRATION_NEEDING_MOCK = /\.(sync(:2)?|waitForTaskToken)$|^arn:aws[\w-]*:states:[^:]*:\d*:activity:/;
/** A name no state has: the key under which a Map or Parallel is searched for its inner states. */
const OWNER_KEY = '\u0000owner';

/** The state under test, its name, and its query language (its own, else its machine's). */
export function findState(request: TestStateRequest): { state: Record<string, unknown>; name: string; jsonata: boolean; inMap?: boolean } {
  let def: unknown = request.definition;
  if (typeof def === 'string') {
    try {
      def = JSON.parse(def);
    } catch (e) {
      throw new TestStateRequestError('InvalidDefinition', `The definition is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (!isObject(def))
    throw new TestStateRequestError(
      'InvalidDefinition',
      'The definition must be a JSON object: a state, or a state machine with stateName.',
    );
  if (request.stateName === undefined) {
    if (def.States !== undefined || def.StartAt !== undefined) {
      throw new TestStateRequestError('ValidationException', 'The definition is a state machine: give stateName, the state to test.');
    }
    if (typeof def.Type !== 'string')
      throw new TestStateRequestError(
        'InvalidDefinition',
        'The definition must be one state (with a "Type") or a state machine with stateName.',
      );
    return { state: def, name: SINGLE_STATE_NAME, jsonata: def.QueryLanguage === 'JSONata' };
  }
  const found = search(def, request.stateName, def.QueryLanguage === 'JSONata');
  if (!found) throw new TestStateRequestError('ValidationException', `The state machine has no state named "${request.stateName}".`);
  return { state: found.state, name: request.stateName, jsonata: found.jsonata, inMap: found.inMap };
}

function search(
  scope: Record<string, unknown>,
  name: string,
  jsonata: boolean,
  inMap = false,
): { state: Record<string, unknown>; jsonata: boolean; inMap: boolean } | undefined {
  const states = scope.States;
  if (!isObject(states)) return undefined;
  const direct = states[name];
  if (isObject(direct))
    return { state: direct, jsonata: direct.QueryLanguage !== undefined ? direct.QueryLanguage === 'JSONata' : jsonata, inMap };
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
export function checkMock(request: TestStateRequest, type: string, state: Record<string, unknown>): void {
  const mock = request.mock;
  const has = mock !== undefined && (mock.result !== undefined || mock.errorOutput !== undefined);
  if (mock !== undefined && mock.result !== undefined && mock.errorOutput !== undefined) {
    throw new TestStateRequestError(
      'ValidationException',
      'A test mock should have only one of the following fields: [result, errorOutput].',
    );
  }
  if (has && !MOCKABLE.has(type))
    throw new TestStateRequestError('ValidationException', `State type '${type}' is not supported when a mock is specified`);
  if (has && request.revealSecrets === true)
    throw new TestStateRequestError('ValidationException', 'TestState does not support RevealSecrets when a mock is specified.');
  if (mock?.errorOutput !== undefined && typeof mock.errorOutput.error !== 'string') {
    throw new TestStateRequestError('ValidationException', 'mock.errorOutput.error is required when mock.errorOutput is specified.');
  }
  if (mock?.result !== undefined) checkMockShape(type, state, parseJsonField(mock.result, 'mock.result', null));
  const causedBy = request.stateConfiguration?.errorCausedByState;
  if (mock?.errorOutput !== undefined && (type === 'Map' || type === 'Parallel')) {
    // The guide ("Error propagation in Map and Parallel states"): the sub-state that threw must be named.
    if (causedBy === undefined)
      throw new TestStateRequestError(
        'ValidationException',
        `A mocked error of a ${type} state needs stateConfiguration.errorCausedByState: the state inside it that threw.`,
      );
    if (!search({ States: { [OWNER_KEY]: state } }, causedBy, false)) {
      throw new TestStateRequestError('ValidationException', `errorCausedByState "${causedBy}" is not a state inside the ${type} state.`);
    }
  }
  if (request.context !== undefined && !has)
    throw new TestStateRequestError('ValidationException', 'context may only be specified if a mock is specified in the same request.');
  if (!has && (type === 'Map' || type === 'Parallel')) {
    throw new TestStateRequestError(
      'InvalidDefinition',
      'TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]',
    );
  }
  if (!has && type === 'Task' && typeof state.Resource === 'string' && INTEGRATION_NEEDING_MOCK.test(state.Resource)) {
    throw new TestStateRequestError(
      'ValidationException',
      `Testing an Activity, .sync or .waitForTaskToken Task needs a mock (mock.result or mock.errorOutput).`,
    );
  }
}

/** The context object's fields (the guide, "Context object"); AWS refuses others. */
const CONTEXT_FIELDS: Record<string, Record<string, 'string' | 'number' | 'any'>> = {
  Execution: {
    Id: 'string',
    Input: 'any',
    Name: 'string',
    RoleArn: 'string',
    StartTime: 'string',
    RedriveCount: 'number',
    RedriveTime: 'string',
  },
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
export function checkContext(context: unknown, state: Record<string, unknown>): void {
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
    if ((result as unknown[]).length !== branches)
      fail('Mocked result must contain the same number of items as number of Parallel branches.');
  }
}

export function parseJsonField(text: unknown, field: string, fallback: unknown): unknown {
  if (text === undefined || text === null) return fallback;
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new TestStateRequestError('ValidationException', `${field} is not valid JSON: ${(e as Error).message}`);
  }
}
