/**
 * One dry run as data that can cross to the dry-run worker process (IPC with structured clone), and the code that
 * runs it there: the definition and mock file are read again from their text (a prepared machine
 * holds compiled functions, which do not cross), the invoker is built, local handlers run in their
 * own child process, and the result comes back.
 */
import { dirname } from 'node:path';
import { analyzeText, type Syntax, type ValidationOptions } from '../core';
import { prepare, run } from '../core/engine';
import { ProcessHandlerRunner } from '../core/engine/handlers';
import { createTaskInvoker, definitionInfo, loadMockFile, type MockConfig, type MockTestCase } from '../core/engine/mocks';
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

/** Runs a job in this thread. Never rejects: a job that cannot run says why. */
export async function runJob(job: DryRunJob, onLog?: LogSink): Promise<{ ok: true; result: ExecutionResult } | { ok: false; reason: string }> {
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
  const runner = job.mocks && job.allowHandlers && config.handlers.size > 0 ? new ProcessHandlerRunner({ baseDir: dirname(job.mocks.path), onLog }) : undefined;
  try {
    const invoker = createTaskInvoker({ config, testCase, runner, handlersDisabled: job.handlersDisabled, echoUnmocked: job.echoUnmocked, handlerTimeoutMs: job.handlerTimeoutMs, definition: info, unmockedAdvice: job.unmockedAdvice });
    const result = await run(prepare(analysis), {
      input: job.input,
      invoker,
      stateMachineName: job.machineName,
      executionName: testCase?.name,
      wallTimeMs: job.wallTimeMs,
    });
    return { ok: true, result };
  } finally {
    await runner?.dispose();
  }
}
