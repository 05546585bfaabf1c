/**
 * Where a Task of a served execution gets its answer: a mock of the chosen test case (as Step
 * Functions Local does), a local handler (run in its own process group, within the handler time
 * limit), a Lambda Invoke API endpoint (`--lambda-endpoint`, e.g. `sam local start-lambda`), or,
 * for `.waitForTaskToken`, a callback (SendTaskSuccess / SendTaskFailure). Each answer is timed on
 * the real clock, scaled back to the execution's clock.
 */
import {
  createTaskInvoker,
  invokeResponse,
  lambdaTargetOf,
  taskErrorOf,
  type HandlerRunner,
  type LambdaError,
  type LambdaTarget,
  type MockConfig,
  type MockTestCase,
} from '../core/engine/mocks';
import type { DefinitionInfo } from '../core/engine/mocks';
import type { TaskInvocation, TaskInvoker, TaskOutcome } from '../core/engine/types';
import type { Callbacks } from './callbacks';

export interface InvokeSettings {
  timeScale: number;
  config: MockConfig;
  runner?: HandlerRunner;
  lambdaEndpoint?: string;
  handlerTimeoutMs: number;
  echoUnmocked: boolean;
}

type Route = 'mock' | 'callback' | 'handler' | 'remote';

/** A call pending when the machine's TimeoutSeconds passes: its clock jumps past any deadline. */
const MACHINE_TIMED_OUT: TaskOutcome = { ok: false, error: 'States.Timeout', durationSeconds: Number.MAX_SAFE_INTEGER / 1000 };

/** Past the limit, by this much: the engine times a task out when its duration exceeds the limit. */
const PAST_LIMIT_SECONDS = 0.001;

export interface ExecutionInvoker {
  invoker: TaskInvoker;
  /** Answers that take real time: the engine lets other branches run meanwhile. */
  concurrent(inv: TaskInvocation): boolean;
}

/**
 * `machineDeadline` settles when the machine's TimeoutSeconds has passed on the scaled clock: a
 * call still pending then ends, and the engine, finding its clock past the deadline, ends the
 * execution with ExecutionTimedOut.
 */
export function executionInvoker(
  s: InvokeSettings,
  testCase: MockTestCase | undefined,
  info: DefinitionInfo,
  callbacks: Callbacks,
  executionArn: string,
  stopped: AbortSignal,
  machineDeadline?: Promise<void>,
): ExecutionInvoker {
  const mocks = createTaskInvoker({
    config: s.config,
    testCase,
    runner: s.runner,
    echoUnmocked: s.echoUnmocked,
    handlerTimeoutMs: s.handlerTimeoutMs,
    definition: info,
  });
  const route = (inv: TaskInvocation): Route => {
    if (testCase?.states.has(inv.stateName)) return 'mock';
    if (inv.taskToken !== undefined) return 'callback';
    const lambda = lambdaTargetOf(inv.resource, inv.payload);
    if (lambda && s.runner && s.config.handlers.has(lambda.target.functionName)) return 'handler';
    if (lambda && s.lambdaEndpoint) return 'remote';
    return 'mock';
  };
  const scaled = (ms: number) => (s.timeScale > 0 ? ms / 1000 / s.timeScale : 0);
  const invoker: TaskInvoker = {
    async invoke(inv) {
      if (stopped.aborted) return new Promise<TaskOutcome>(() => undefined);
      const r = route(inv);
      if (r === 'mock') return mocks.invoke(inv);
      const started = Date.now();
      let outcome: TaskOutcome;
      const call = async (): Promise<TaskOutcome> => {
        const lambda = lambdaTargetOf(inv.resource, inv.payload);
        if (r === 'callback') {
          // The Lambda that is to send the token on is called first; its failure fails the task.
          if (lambda && s.lambdaEndpoint) {
            const sent = await invokeRemote(s, lambda.target, lambda.via, inv);
            if (!sent.ok) return sent;
          }
          return callbacks.wait(inv, executionArn, s.timeScale);
        }
        return withTimeout(r === 'handler' ? mocks.invoke(inv) : invokeRemote(s, lambda!.target, lambda!.via, inv), inv, s.timeScale);
      };
      outcome = await (machineDeadline ? Promise.race([call(), machineDeadline.then(() => MACHINE_TIMED_OUT)]) : call());
      if (outcome === MACHINE_TIMED_OUT && inv.taskToken !== undefined) callbacks.cancel(inv.taskToken);
      if (stopped.aborted) return new Promise<TaskOutcome>(() => undefined);
      if (outcome.durationSeconds === undefined) outcome = { ...outcome, durationSeconds: scaled(Date.now() - started) };
      return outcome;
    },
  };
  return { invoker, concurrent: (inv) => route(inv) !== 'mock' };
}

/** The state's TimeoutSeconds on the scaled clock (no limit at scale 0: every wait is instant, a call is not). */
export function withTimeout(call: Promise<TaskOutcome>, inv: TaskInvocation, timeScale: number): Promise<TaskOutcome> {
  if (inv.timeoutSeconds === undefined || timeScale <= 0) return call;
  const seconds = inv.timeoutSeconds;
  return new Promise<TaskOutcome>((resolve) => {
    const timer = setTimeout(() => resolve(timedOut(seconds)), seconds * 1000 * timeScale);
    call.then((o) => {
      clearTimeout(timer);
      resolve(o);
    });
  });
}

export function timedOut(limitSeconds: number): TaskOutcome {
  return { ok: false, error: 'States.Timeout', durationSeconds: limitSeconds + PAST_LIMIT_SECONDS };
}

/**
 * Lambda's Invoke API (POST /2015-03-31/functions/{name}/invocations): the response body is the
 * function's result; `X-Amz-Function-Error` marks a function error, whose body is
 * `{ errorType, errorMessage }` (Lambda API reference, Invoke).
 */
async function invokeRemote(s: InvokeSettings, target: LambdaTarget, via: 'arn' | 'invoke', inv: TaskInvocation): Promise<TaskOutcome> {
  const params = (via === 'invoke' ? inv.payload : undefined) as Record<string, unknown> | undefined;
  const event = via === 'arn' ? inv.payload : params?.Payload === undefined ? {} : params.Payload;
  const url = `${s.lambdaEndpoint!.replace(/\/$/, '')}/2015-03-31/functions/${encodeURIComponent(target.functionName)}/invocations`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), s.handlerTimeoutMs);
  try {
    const res = await fetch(url, {
      method: 'POST',
      body: JSON.stringify(event ?? null),
      headers: { 'content-type': 'application/json' },
      signal: controller.signal,
    });
    const text = await res.text();
    let payload: unknown = null;
    try {
      payload = text === '' ? null : JSON.parse(text);
    } catch {
      payload = text;
    }
    const functionError = res.headers.get('x-amz-function-error');
    if (functionError || res.status >= 400) {
      const p = (payload ?? {}) as { message?: unknown; Type?: unknown };
      if (res.status >= 400 && !functionError) {
        return {
          ok: false,
          error: `Lambda.${String(p.Type ?? res.headers.get('x-amzn-errortype') ?? 'ServiceException').split(':')[0]}`,
          cause: typeof p.message === 'string' ? p.message : text,
        };
      }
      return {
        ok: false,
        ...taskErrorOf(typeof payload === 'object' && payload !== null ? (payload as LambdaError) : { errorMessage: text }),
      };
    }
    if (via === 'arn' || inv.resource.endsWith('.waitForTaskToken')) return { ok: true, output: payload };
    return {
      ok: true,
      output: invokeResponse(target, payload, {
        requestId: res.headers.get('x-amzn-requestid') ?? '00000000-0000-4000-8000-000000000000',
        date: new Date(),
      }),
    };
  } catch (e) {
    const aborted = controller.signal.aborted;
    return {
      ok: false,
      error: aborted ? 'States.Timeout' : 'Lambda.ServiceException',
      cause: aborted
        ? `The Lambda endpoint ${s.lambdaEndpoint} did not answer within ${s.handlerTimeoutMs} ms.`
        : `The Lambda endpoint ${s.lambdaEndpoint} could not be reached: ${(e as Error).message}`,
    };
  } finally {
    clearTimeout(timer);
  }
}
