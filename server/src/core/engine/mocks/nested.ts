/**
 * Nested machines: a Task that starts another state machine (`arn:aws:states:::states:startExecution`,
 * `.sync`, `.sync:2`, `.waitForTaskToken`) whose StateMachineArn (or name) the mock file maps to a
 * definition in the workspace (`LocalStateMachines`) runs that child locally, and answers as AWS
 * answers each integration pattern. A wrapper around any TaskInvoker, so the interpreter is untouched;
 * running the child (reading its file, its own mocks) is the caller's `runChild`, so this stays pure.
 *
 * Shapes, from AWS's documentation:
 * - plain `startExecution`: the StartExecution response, `{ExecutionArn, StartDate}`
 *   (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html, Response Syntax);
 * - `.sync`: the DescribeExecution response once the child ended, `Output` a JSON string
 *   (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html);
 * - `.sync:2`: the same with `Output` parsed into JSON ("Start a new AWS Step Functions state machine
 *   from a running execution", https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html);
 * - `.waitForTaskToken`: what the child sends back with SendTaskSuccess; locally, the child's output.
 * Service integration responses use the API's members with an upper-case first letter.
 */
import type { ChildExecution, ExecutionResult, TaskInvocation, TaskInvoker, TaskOutcome } from '../types';
import type { LocalMachineRef } from './types';

const START_EXECUTION = /^arn:[^:]+:states:::states:startExecution(\.sync(?::2)?|\.waitForTaskToken)?$/;

export type StartPattern = ChildExecution['pattern'];

export interface NestedOptions {
  machines: Map<string, LocalMachineRef>;
  /**
   * Runs the child, its clock starting when the parent's state started it; a string says why it
   * could not run (a file missing, a mock file with errors).
   */
  runChild(ref: LocalMachineRef, input: unknown, executionName: string, depth: number, startTime: Date): Promise<ExecutionResult | string>;
  /** Whether the parent's test case mocks this state: a mock wins over the local child. */
  isMocked?(stateName: string): boolean;
  /** How deep this invoker's machine is (0: the top); past MAX_NESTING a child refuses to start. */
  depth?: number;
}

/** Step Functions' own nesting is unbounded; a local loop (A starts B starts A) must end. */
export const MAX_NESTING = 8;

export interface NestedInvoker extends TaskInvoker {
  readonly children: ChildExecution[];
}

export function patternOf(resource: string): StartPattern | undefined {
  const m = START_EXECUTION.exec(resource);
  if (!m) return undefined;
  return m[1] === '.sync' ? 'sync' : m[1] === '.sync:2' ? 'sync2' : m[1] === '.waitForTaskToken' ? 'callback' : 'start';
}

/** The LocalStateMachines entry for a StateMachineArn: the ARN itself, else the machine's name in it. */
export function localMachineFor(machines: Map<string, LocalMachineRef>, arn: string): LocalMachineRef | undefined {
  const exact = machines.get(arn);
  if (exact) return exact;
  const name = /:stateMachine:([^:]+)/.exec(arn)?.[1] ?? (arn.includes(':') ? undefined : arn);
  return name !== undefined ? machines.get(name) : undefined;
}

export function createNestedInvoker(inner: TaskInvoker, options: NestedOptions): NestedInvoker {
  const children: ChildExecution[] = [];
  const depth = options.depth ?? 0;
  let started = 0;

  async function invoke(inv: TaskInvocation): Promise<TaskOutcome> {
    const pattern = patternOf(inv.resource);
    const params = inv.payload as Record<string, unknown> | null;
    const arn = params && typeof params === 'object' ? params.StateMachineArn : undefined;
    if (pattern === undefined || typeof arn !== 'string' || options.isMocked?.(inv.stateName)) return inner.invoke(inv);
    const ref = localMachineFor(options.machines, arn);
    if (!ref) return inner.invoke(inv);
    if (depth >= MAX_NESTING) {
      return {
        ok: false,
        error: 'States.Runtime',
        cause: `State "${inv.stateName}" starts "${ref.key}" at nesting depth ${depth + 1}; local runs stop at ${MAX_NESTING} (a machine that starts itself?).`,
      };
    }
    const read = inputOf(params!.Input);
    if ('problem' in read) return { ok: false, error: 'States.Runtime', cause: `State "${inv.stateName}": ${read.problem}` };
    const input = read.value;
    started++;
    const executionName = typeof params!.Name === 'string' ? params!.Name : `${inv.stateName.replace(/[^A-Za-z0-9_-]/g, '-')}-${started}`;
    const machineArn = arn.startsWith('arn:')
      ? arn.replace(/(:stateMachine:[^:]+):.*$/, '$1')
      : `arn:aws:states:${regionOf(inv.context)}:${accountOf(inv.context)}:stateMachine:${ref.key}`;
    const executionArn = machineArn.replace(':stateMachine:', ':execution:') + `:${executionName}`;
    const startMs = startMillis(inv.context);
    const answer = await options.runChild(ref, input, executionName, depth + 1, new Date(startMs));
    if (typeof answer === 'string')
      return { ok: false, error: 'States.Runtime', cause: `State "${inv.stateName}" could not run local machine "${ref.key}": ${answer}` };
    children.push({ stateName: inv.stateName, statePath: inv.statePath, machine: ref.key, executionArn, pattern, result: answer });
    if (pattern === 'start') return { ok: true, output: { ExecutionArn: executionArn, StartDate: startMs } };
    if (pattern === 'callback') {
      return answer.status === 'SUCCEEDED'
        ? { ok: true, output: answer.output ?? null, durationSeconds: answer.simulatedSeconds }
        : { ok: false, error: answer.error ?? 'States.TaskFailed', cause: answer.cause, durationSeconds: answer.simulatedSeconds };
    }
    const described = describeExecution(answer, { executionArn, machineArn, executionName, input, startMs, json: pattern === 'sync2' });
    if (answer.status === 'SUCCEEDED') return { ok: true, output: described, durationSeconds: answer.simulatedSeconds };
    // The parent's Task fails with States.TaskFailed, the child's description as the cause (the guide
    // does not print it; LocalStack's AWS-snapshot-tested provider does this: test/engine-corpus/README.md, "Nested machines").
    return { ok: false, error: 'States.TaskFailed', cause: JSON.stringify(described), durationSeconds: answer.simulatedSeconds };
  }

  return { invoke, children };
}

/** DescribeExecution's response for an ended child, as the .sync patterns return it. */
export function describeExecution(
  r: ExecutionResult,
  at: { executionArn: string; machineArn: string; executionName: string; input: unknown; startMs: number; json: boolean },
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ExecutionArn: at.executionArn,
    Input: at.json ? at.input : JSON.stringify(at.input),
    InputDetails: { Included: true },
    Name: at.executionName,
  };
  if (r.status === 'SUCCEEDED') {
    out.Output = at.json ? (r.output ?? null) : JSON.stringify(r.output ?? null);
    out.OutputDetails = { Included: true };
  }
  out.StartDate = at.startMs;
  out.StateMachineArn = at.machineArn;
  out.Status = r.status;
  out.StopDate = at.startMs + Math.round(r.simulatedSeconds * MS_PER_SECOND);
  if (r.status !== 'SUCCEEDED') {
    if (r.error !== undefined) out.Error = r.error;
    if (r.cause !== undefined) out.Cause = r.cause;
  }
  return out;
}

const MS_PER_SECOND = 1000;

/** StartExecution's Input: a JSON text or a value (the console and SDKs send text; ASL often passes an object). */
function inputOf(v: unknown): { value: unknown } | { problem: string } {
  if (v === undefined) return { value: {} };
  if (typeof v !== 'string') return { value: v };
  try {
    return { value: JSON.parse(v) };
  } catch {
    return { problem: `"Input" is a string that is not JSON: ${v.length > 80 ? v.slice(0, 77) + '...' : v}` };
  }
}

function startMillis(context: unknown): number {
  const ctx = context as { State?: { EnteredTime?: unknown } } | undefined;
  const t = typeof ctx?.State?.EnteredTime === 'string' ? Date.parse(ctx.State.EnteredTime) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

function executionIdOf(context: unknown): string {
  const id = (context as { Execution?: { Id?: unknown } } | undefined)?.Execution?.Id;
  return typeof id === 'string' ? id : '';
}

function regionOf(context: unknown): string {
  return executionIdOf(context).split(':')[3] || 'us-east-1';
}

function accountOf(context: unknown): string {
  return executionIdOf(context).split(':')[4] || '123456789012';
}
