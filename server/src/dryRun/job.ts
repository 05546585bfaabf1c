/**
 * One dry run as data that can cross to the dry-run worker process (IPC with structured clone), and the code that
 * runs it there: the definition and mock file are read again from their text (a prepared machine
 * holds compiled functions, which do not cross), the invoker is built, local handlers run in their
 * own child process, and the result comes back.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { analyzeText, syntaxOfPath, type Syntax, type ValidationOptions } from '../core';
import { prepare, run } from '../core/engine';
import { ProcessHandlerRunner } from '../node/handlers';
import {
  createNestedInvoker,
  createTaskInvoker,
  definitionInfo,
  loadMockFile,
  machineNameOf,
  type LocalMachineRef,
  type MockConfig,
  type MockTestCase,
} from '../core/engine/mocks';
import type { DefinitionInfo, HandlerRunner } from '../core/engine/mocks';
import type { TaskInvoker } from '../core/engine/types';
import type { ExecutionResult } from '../core/engine/types';

export interface DryRunJob {
  /** The state machine definition (the caller has checked that it has no errors)... */
  definition: string;
  /** ...with these options (severity settings can turn an error off). */
  validation?: ValidationOptions;
  /** The definition's syntax (JSON unless said). */
  syntax?: Syntax;
  /** Its name in the mock file and in the context object. */
  machineName: string;
  /** A mock file: its path (local handlers resolve against its folder) and text. */
  mocks?: { path: string; text: string };
  testCase?: string;
  /** The execution input, already chosen (given, the test case's, or {}). */
  input: unknown;
  echoUnmocked?: boolean;
  handlerTimeoutMs: number;
  /** False: local handler code must not run (an untrusted workspace). */
  allowHandlers: boolean;
  /**
   * Set when the user turned local handlers off (--no-handlers, ASLWB_NO_HANDLERS): a Task that
   * needs one then fails the execution with States.Runtime, saying this.
   */
  handlersDisabled?: string;
  /** The run's real-time budget (the engine's wallTimeMs). */
  wallTimeMs: number;
  /** Who reads an unmocked Task's failure (InvokerOptions.unmockedAdvice); default the CLI's user. */
  unmockedAdvice?: 'cli' | 'editor';
}

/** What a handler printed, with the state that called it. */
export type LogSink = (stateName: string, stream: 'stdout' | 'stderr', text: string) => void;

const NO_MOCKS: MockConfig = { stateMachines: new Map(), responses: new Map(), handlers: new Map() };

/** The Task invoker of a job's machine or of a child machine it starts: the job's mock and handler settings. */
function jobInvoker(
  job: DryRunJob,
  config: MockConfig,
  testCase: MockTestCase | undefined,
  runner: HandlerRunner | undefined,
  definition: DefinitionInfo,
): TaskInvoker {
  return createTaskInvoker({
    config,
    testCase,
    runner,
    handlersDisabled: job.handlersDisabled,
    echoUnmocked: job.echoUnmocked,
    handlerTimeoutMs: job.handlerTimeoutMs,
    definition,
    unmockedAdvice: job.unmockedAdvice,
  });
}

/** Runs a job in this thread. Never rejects: a job that cannot run says why. */
/** `onStart` is called as the engine's run (and its real-time budget) starts. */
export async function runJob(
  job: DryRunJob,
  onLog?: LogSink,
  onStart?: () => void,
): Promise<{ ok: true; result: ExecutionResult } | { ok: false; reason: string }> {
  const analysis = analyzeText(job.definition, job.syntax ?? 'json', job.validation);
  const info = definitionInfo(analysis.machine, job.machineName);
  let config = NO_MOCKS;
  let testCase: MockTestCase | undefined;
  if (job.mocks) {
    config = loadMockFile(job.mocks.text, info).config;
    if (job.testCase !== undefined) {
      testCase = config.stateMachines.get(job.machineName)?.testCases.get(job.testCase);
      if (!testCase) return { ok: false, reason: `${job.mocks.path} has no test case "${job.testCase}" for "${job.machineName}".` };
    }
  }
  const runner =
    job.mocks && job.allowHandlers && config.handlers.size > 0
      ? new ProcessHandlerRunner({ baseDir: dirname(job.mocks.path), onLog })
      : undefined;
  try {
    let invoker: TaskInvoker = jobInvoker(job, config, testCase, runner, info);
    const nested =
      job.mocks && config.localMachines?.size ? createNestedInvoker(invoker, childOptions(job, config, testCase, runner, 0)) : undefined;
    if (nested) invoker = nested;
    const prepared = prepare(analysis);
    onStart?.();
    const result = await run(prepared, {
      input: job.input,
      invoker,
      stateMachineName: job.machineName,
      executionName: testCase?.name,
      wallTimeMs: job.wallTimeMs,
    });
    if (nested && nested.children.length > 0) result.childExecutions = nested.children;
    return { ok: true, result };
  } finally {
    await runner?.dispose();
  }
}

/**
 * How a parent's nested invoker runs a LocalStateMachines child: its definition read from the
 * workspace (relative to the mock file), its Tasks answered by its own test case in the same mock
 * file and by the same local handlers, its own children nested in turn.
 */
function childOptions(
  job: DryRunJob,
  config: MockConfig,
  parentCase: MockTestCase | undefined,
  runner: HandlerRunner | undefined,
  depth: number,
) {
  const base = dirname(job.mocks!.path);
  return {
    machines: config.localMachines!,
    depth,
    isMocked: (stateName: string) => parentCase?.states.has(stateName) ?? false,
    runChild: async (ref: LocalMachineRef, input: unknown, executionName: string, childDepth: number, startTime: Date) => {
      const file = isAbsolute(ref.definition) ? ref.definition : resolve(base, ref.definition);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        return `cannot read ${ref.definition} (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
      }
      const analysis = analyzeText(text, syntaxOfPath(file), job.validation);
      const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0)
        return `${ref.definition} has ${errors.length} error(s) (line ${errors[0].range.start.line + 1}: ${errors[0].message})`;
      const machineName = ref.stateMachine ?? machineNameOf(file);
      const childCase = ref.testCase !== undefined ? config.stateMachines.get(machineName)?.testCases.get(ref.testCase) : undefined;
      if (ref.testCase !== undefined && !childCase) return `the mock file has no test case "${ref.testCase}" for "${machineName}"`;
      const info = definitionInfo(analysis.machine, machineName);
      const inner = jobInvoker(job, config, childCase, runner, info);
      const nested = createNestedInvoker(inner, { ...childOptions(job, config, childCase, runner, childDepth) });
      const result = await run(prepare(analysis), {
        input,
        invoker: nested,
        stateMachineName: machineName,
        executionName,
        startTime,
        wallTimeMs: job.wallTimeMs,
      });
      if (nested.children.length > 0) result.childExecutions = nested.children;
      return result;
    },
  };
}
