/**
 * The TaskInvoker of a dry run: answers each Task from the chosen test case's mocks, else from a
 * local Lambda handler, else fails clearly (or echoes, when asked). Pure: running handler code
 * is the HandlerRunner's job (server/src/node/handlers, which owns the child process).
 */
import type { TaskInvocation, TaskInvoker, TaskOutcome } from '../types';
import {
  acceptedResponse,
  invokeResponse,
  lambdaTargetOf,
  taskErrorOf,
  waitsForTaskToken,
  type LambdaError,
  type LambdaTarget,
} from './lambda';
import type { DefinitionInfo, HandlerRef, MockConfig, MockTestCase } from './types';

/** One call of a local handler, with what its Lambda context object reports. */
export interface HandlerCall {
  handler: HandlerRef;
  event: unknown;
  /** The state making the call, for logs and messages. */
  stateName: string;
  functionName: string;
  invokedFunctionArn: string;
  functionVersion: string;
  awsRequestId: string;
  /** Real time the handler may take, in milliseconds. */
  timeoutMs: number;
}

export type HandlerResult =
  | { ok: true; payload: unknown }
  /** `error` is what Lambda's Node.js runtime reports; `timedOut` when the time limit ended the call. */
  | { ok: false; error: LambdaError; timedOut?: boolean };

export interface HandlerRunner {
  run(call: HandlerCall): Promise<HandlerResult>;
}

export interface InvokerOptions {
  config: MockConfig;
  /** The test case whose mocks apply; none: only local handlers answer. */
  testCase?: MockTestCase;
  /** Runs LocalHandlers; without one, Tasks that need a handler fail as unmocked. */
  runner?: HandlerRunner;
  /**
   * Local handlers must not run (an untrusted checkout): a Task that would call one ends the
   * execution with States.Runtime and this text as the cause (not a Task error that Catch hides).
   */
  handlersDisabled?: string;
  /** Tasks with neither a mock nor a handler return their input instead of failing. */
  echoUnmocked?: boolean;
  /** Real-time limit per handler call, in milliseconds. Default 30 000. */
  handlerTimeoutMs?: number;
  /** The definition's states: tells a Map's ItemReader and ResultWriter calls from Task calls. */
  definition?: DefinitionInfo;
  /**
   * Who reads the failure of an unmocked Task: the CLI's user is pointed to its flags, the
   * editor's to the Dry Run form and the mock-file commands (it has no flags). Default 'cli'.
   */
  unmockedAdvice?: 'cli' | 'editor';
}

export const DEFAULT_HANDLER_TIMEOUT_MS = 30_000;

export interface MockInvoker extends TaskInvoker {
  /** Calls per mocked state so far (the next invocation index). */
  readonly invocations: ReadonlyMap<string, number>;
}

/** A new invoker per execution: mock invocation indices count from 0 in each. */
export function createTaskInvoker(options: InvokerOptions): MockInvoker {
  const { config, testCase, runner } = options;
  const limitMs = options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS;
  const invocations = new Map<string, number>();
  let requests = 0;

  async function invoke(inv: TaskInvocation): Promise<TaskOutcome> {
    const isMap = options.definition?.states.get(inv.stateName)?.type === 'Map';
    // A Distributed Map's ResultWriter stores the results; the engine builds the state's result
    // itself, so the write just succeeds (and takes no invocation index from the Map's mock).
    if (isMap && RESULT_WRITER.test(inv.resource)) return { ok: true, output: {} };
    const mockName = testCase?.states.get(inv.stateName);
    if (mockName !== undefined) return answerFromMock(inv, mockName);

    const lambda = lambdaTargetOf(inv.resource, inv.payload);
    const handler = lambda && config.handlers.get(lambda.target.functionName);
    if (lambda && handler && options.handlersDisabled !== undefined) {
      return {
        ok: false,
        error: 'States.Runtime',
        cause: `State "${inv.stateName}" calls "${lambda.target.functionName}", which has a local handler, but ${options.handlersDisabled}`,
      };
    }
    if (lambda && handler && runner) return callHandler(inv, lambda.target, lambda.via, handler, runner);

    if (options.echoUnmocked) return { ok: true, output: inv.payload };
    return {
      ok: false,
      error: 'States.TaskFailed',
      cause: unmockedMessage(inv, lambda?.target, handler !== undefined, testCase, isMap, options.unmockedAdvice === 'editor'),
    };
  }

  function answerFromMock(inv: TaskInvocation, mockName: string): TaskOutcome {
    const index = invocations.get(inv.stateName) ?? 0;
    invocations.set(inv.stateName, index + 1);
    const response = config.responses.get(mockName);
    // A mock that cannot answer is a mistake in the mock file, not a Task failure to retry or catch.
    if (!response)
      return {
        ok: false,
        error: 'States.Runtime',
        cause: `State "${inv.stateName}" is mocked with "${mockName}", which is not in "MockedResponses".`,
      };
    const entry = response.entries.find((e) => e.from <= index && index <= e.to);
    if (!entry) {
      const defined = response.entries.map((e) => (e.from === e.to ? `"${e.from}"` : `"${e.from}-${e.to}"`)).join(', ') || 'none';
      return {
        ok: false,
        error: 'States.Runtime',
        cause: `Mocked response "${mockName}" has no answer for invocation ${index} of state "${inv.stateName}" (call ${index + 1}, retries included; answers defined: ${defined}). Add "${index}" to it.`,
      };
    }
    const a = entry.answer;
    return a.kind === 'return' ? { ok: true, output: a.value } : { ok: false, error: a.error, cause: a.cause };
  }

  async function callHandler(
    inv: TaskInvocation,
    target: LambdaTarget,
    via: 'arn' | 'invoke',
    handler: HandlerRef,
    run: HandlerRunner,
  ): Promise<TaskOutcome> {
    const params = (via === 'invoke' ? inv.payload : undefined) as Record<string, unknown> | undefined;
    const event = via === 'arn' ? inv.payload : params?.Payload === undefined ? {} : params.Payload;
    const requestId = requestIdOf(++requests, inv.stateName);
    const meta = { requestId, date: dateOf(inv.context) };
    const invocationType = params?.InvocationType;
    if (invocationType === 'DryRun') return { ok: true, output: acceptedResponse(204, meta) };

    const stateLimitMs = inv.timeoutSeconds !== undefined && inv.timeoutSeconds > 0 ? inv.timeoutSeconds * 1000 : Infinity;
    const timeoutMs = Math.min(limitMs, stateLimitMs);
    const result = await run.run({
      handler,
      event,
      stateName: inv.stateName,
      functionName: target.functionName,
      invokedFunctionArn: target.arn,
      functionVersion: target.qualifier && /^\d+$/.test(target.qualifier) ? target.qualifier : '$LATEST',
      awsRequestId: requestId,
      timeoutMs,
    });
    if (invocationType === 'Event') return { ok: true, output: acceptedResponse(202, meta) };
    if (!result.ok) {
      if (result.timedOut && stateLimitMs <= limitMs) {
        return {
          ok: false,
          error: 'States.Timeout',
          cause: `The local handler of "${target.functionName}" did not finish within the TimeoutSeconds (${inv.timeoutSeconds}) of state "${inv.stateName}".`,
        };
      }
      return { ok: false, ...taskErrorOf(result.error) };
    }
    if (via === 'arn' || waitsForTaskToken(inv.resource)) {
      // With .waitForTaskToken the handler's result stands for what SendTaskSuccess would send.
      return { ok: true, output: result.payload === undefined ? null : result.payload };
    }
    return { ok: true, output: invokeResponse(target, result.payload, meta) };
  }

  return { invoke, invocations };
}

const RESULT_WRITER = /^arn:[^:]+:states:::s3:putObject$/;

function unmockedMessage(
  inv: TaskInvocation,
  target: LambdaTarget | undefined,
  hasHandler: boolean,
  testCase: MockTestCase | undefined,
  isMap: boolean,
  editor: boolean,
): string {
  const mockHint = testCase
    ? `mock it in test case "${testCase.name}"`
    : editor
      ? 'mock it in a test case (choose a mock file and test case in the Dry Run form; "ASL: Create Mock File" writes one)'
      : 'mock it in a test case (--test-case)';
  if (editor && !isMap) {
    const where = `State "${inv.stateName}" (Resource "${inv.resource}")`;
    if (target && !hasHandler)
      return `${where} has no mock and no local handler: ${mockHint}, or give "${target.functionName}" a local handler ("ASL: Create Handler Stub").`;
    if (!target) return `${where} has no mock: ${mockHint}.`;
  }
  if (isMap) {
    return `The ItemReader of Map state "${inv.stateName}" (Resource "${inv.resource}") has no mock: ${mockHint} under the Map state's name, with "Return" giving the items (or the file content).`;
  }
  const where = `State "${inv.stateName}" (Resource "${inv.resource}")`;
  if (target && hasHandler) return `${where} calls "${target.functionName}", which has a local handler, but no handler runner was given.`;
  if (target) {
    return `${where} has no mock and no local handler: ${mockHint}, or name its function in "LocalHandlers", e.g. "${target.functionName}": "handlers/${target.functionName}.mjs#handler"; or run with --echo-unmocked.`;
  }
  return `${where} has no mock: ${mockHint}, or run with --echo-unmocked to pass its input through.`;
}

/** Reproducible request ids (UUID-shaped) so that two runs of one test give the same history. */
function requestIdOf(n: number, stateName: string): string {
  let h1 = 0x811c9dc5 ^ n;
  let h2 = 0x01000193 ^ (n * 2654435761);
  for (let i = 0; i < stateName.length; i++) {
    h1 = Math.imul(h1 ^ stateName.charCodeAt(i), 16777619);
    h2 = Math.imul(h2 ^ stateName.charCodeAt(i), 2246822519);
  }
  const hex = (x: number) => (x >>> 0).toString(16).padStart(8, '0');
  const a = hex(h1);
  const b = hex(h2);
  const c = hex(Math.imul(h1 ^ h2, 3266489917));
  const d = hex(n);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-8${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

/** The call's time from the context object (virtual clock), for the response's Date header. */
function dateOf(context: unknown): Date {
  const ctx = context as { State?: { EnteredTime?: unknown }; Execution?: { StartTime?: unknown } } | undefined;
  for (const t of [ctx?.State?.EnteredTime, ctx?.Execution?.StartTime]) {
    if (typeof t === 'string') {
      const d = new Date(t);
      if (!Number.isNaN(d.getTime())) return d;
    }
  }
  return new Date(Date.UTC(2026, 0, 1));
}
