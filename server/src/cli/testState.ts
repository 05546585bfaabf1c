/**
 * `asl-workbench test-state`: one state tested on its own, offline, with AWS's TestState request
 * body and response shape (core/engine/testState.ts does the work).
 */
import { dirname } from 'node:path';
import { analyze } from '../core';
import { createTaskInvoker, definitionInfo, loadMockFile, machineNameOf } from '../core/engine/mocks';
import { ProcessHandlerRunner } from '../node/handlers';
import { testState, TestStateRequestError, type TestStateRequest } from '../core/engine/testState';
import type { TaskInvoker } from '../core/engine/types';
import { parseArgs, UsageError } from './args';
import { readText } from './files';
import { NO_HANDLERS_ENV, type Out } from './run';

const HELP = `Usage: asl-workbench test-state (--request FILE|- | --definition FILE) [options]

Tests one state on its own, as AWS's TestState API does, offline. The request is TestState's
request body (what "aws stepfunctions test-state --cli-input-json" takes): definition (one state,
or a whole machine with stateName), input, variables, context, mock {result | errorOutput {error,
cause}, fieldValidationMode}, stateConfiguration {retrierRetryCount, errorCausedByState,
mapIterationFailureCount, mapItemReaderData}, inspectionLevel INFO|DEBUG|TRACE. The answer is
TestState's response: {output, error, cause, inspectionData, nextState, status} with status
SUCCEEDED, FAILED, RETRIABLE or CAUGHT_ERROR; JSON values are JSON-encoded strings, as AWS sends.
  --request FILE | -          The request body (a file, or - for standard input). The flags below
                              set or override its fields.
  --definition FILE           The state, or the whole machine (then give --state-name).
  --state-name NAME           The state to test inside a whole machine.
  --input JSON | @FILE        The state's input (default {}).
  --variables JSON            Workflow variables the state sees.
  --inspection-level LEVEL    INFO (default), DEBUG or TRACE.
  --mock-result JSON          The Task's (or Map's, Parallel's) result.
  --mock-error NAME           The error the Task fails with (--mock-cause TEXT for its cause).
  --retrier-retry-count N     Retries that already happened (stateConfiguration.retrierRetryCount).
  --mocks FILE                Without a mock in the request, a Task is answered from this mock file:
                              --test-case NAME's MockedResponses, else its LocalHandlers.
  --test-case NAME            The mock file's test case.
  --state-machine NAME        The machine's name in the mock file (default: the definition file's name).
  --no-handlers               Never run LocalHandlers (also ASLWB_NO_HANDLERS=1).
Exit status: 0 when the response is SUCCEEDED, 1 for FAILED, RETRIABLE or CAUGHT_ERROR, 2 for a
request AWS would refuse (ValidationException, InvalidDefinition; printed as {__type, message})
or bad usage.`;

const FLAGS = ['--no-handlers', '--help', '-h'];
const VALUES = [
  '--request',
  '--definition',
  '--state-name',
  '--input',
  '--variables',
  '--inspection-level',
  '--mock-result',
  '--mock-error',
  '--mock-cause',
  '--retrier-retry-count',
  '--mocks',
  '--test-case',
  '--state-machine',
];

export async function runTestState(argv: string[], stdout: Out, stderr: Out, stdin: () => Promise<string> = readStdin): Promise<number> {
  const args = parseArgs(argv, { flags: FLAGS, values: VALUES });
  if (args.flags.has('--help') || args.flags.has('-h')) {
    stdout.write(HELP + '\n');
    return 0;
  }
  const fail = (message: string): number => {
    stderr.write(`asl-workbench test-state: ${message}\n`);
    return 2;
  };
  if (args.positional.length > 0) return fail(`unexpected argument "${args.positional[0]}".`);
  let request: TestStateRequest;
  const requestFile = args.values.get('--request');
  if (requestFile !== undefined) {
    const text = requestFile === '-' ? await stdin() : readText(requestFile);
    if (typeof text !== 'string' && 'error' in text) return fail(text.error);
    const body = typeof text === 'string' ? text : text.text;
    try {
      request = JSON.parse(body) as TestStateRequest;
    } catch (e) {
      return fail(`the request is not valid JSON: ${(e as Error).message}`);
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request))
      return fail("the request must be a JSON object (TestState's request body).");
  } else request = { definition: '' };
  const defFile = args.values.get('--definition');
  if (defFile !== undefined) {
    const def = readText(defFile);
    if ('error' in def) return fail(def.error);
    request.definition = def.text;
  }
  if (!request.definition) return fail('give --request FILE or --definition FILE.');
  const set = <K extends keyof TestStateRequest>(flag: string, key: K, value: (v: string) => TestStateRequest[K]): void => {
    const v = args.values.get(flag);
    if (v !== undefined) request[key] = value(v);
  };
  set('--state-name', 'stateName', (v) => v);
  set('--variables', 'variables', (v) => v);
  set('--inspection-level', 'inspectionLevel', (v) => v.toUpperCase() as TestStateRequest['inspectionLevel']);
  const input = args.values.get('--input');
  if (input !== undefined) {
    if (input.startsWith('@')) {
      const t = readText(input.slice(1));
      if ('error' in t) return fail(t.error);
      request.input = t.text;
    } else request.input = input;
  }
  const mockResult = args.values.get('--mock-result');
  const mockError = args.values.get('--mock-error');
  if (mockResult !== undefined && mockError !== undefined) return fail('give --mock-result or --mock-error, not both.');
  // A mock flag replaces the request's mock (result and errorOutput exclude each other).
  if (mockResult !== undefined) request.mock = { fieldValidationMode: request.mock?.fieldValidationMode, result: mockResult };
  if (mockError !== undefined)
    request.mock = {
      fieldValidationMode: request.mock?.fieldValidationMode,
      errorOutput: { error: mockError, cause: args.values.get('--mock-cause') },
    };
  const count = args.values.get('--retrier-retry-count');
  if (count !== undefined) {
    const n = Number(count);
    if (!Number.isInteger(n) || n < 0) return fail(`--retrier-retry-count takes a whole number from 0, not "${count}".`);
    request.stateConfiguration = { ...request.stateConfiguration, retrierRetryCount: n };
  }

  let runner: ProcessHandlerRunner | undefined;
  let invoker: TaskInvoker | undefined;
  const mocksFile = args.values.get('--mocks');
  if (mocksFile !== undefined) {
    const env = process.env[NO_HANDLERS_ENV];
    const allowHandlers = !args.flags.has('--no-handlers') && (env === undefined || env === '' || env === '0');
    const built = buildInvoker(
      request,
      mocksFile,
      args.values.get('--test-case'),
      args.values.get('--state-machine') ?? (defFile ? machineNameOf(defFile) : 'TestState'),
      allowHandlers,
      stderr,
    );
    if (typeof built === 'string') return fail(built);
    ({ invoker, runner } = built);
  } else if (args.values.has('--test-case')) return fail('--test-case needs --mocks FILE.');
  try {
    const response = await testState(request, { invoker });
    stdout.write(JSON.stringify(response, null, 2) + '\n');
    return response.status === 'SUCCEEDED' ? 0 : 1;
  } catch (e) {
    if (e instanceof TestStateRequestError) {
      stdout.write(JSON.stringify({ __type: e.code, message: e.message }, null, 2) + '\n');
      stderr.write(`asl-workbench test-state: ${e.code}: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    await runner?.dispose();
  }
}

/** The invoker of the mock file for a Task without a mock in the request. */
function buildInvoker(
  request: TestStateRequest,
  mocksFile: string,
  testCaseName: string | undefined,
  machineName: string,
  allowHandlers: boolean,
  stderr: Out,
): { invoker: TaskInvoker; runner?: ProcessHandlerRunner } | string {
  const def = typeof request.definition === 'string' ? request.definition : JSON.stringify(request.definition);
  let machineText = def;
  try {
    const parsed = JSON.parse(def) as Record<string, unknown>;
    if (parsed && parsed.States === undefined) machineText = JSON.stringify({ StartAt: 'StateName', States: { StateName: parsed } });
  } catch {
    return 'the definition is not valid JSON.';
  }
  const info = definitionInfo(analyze(machineText).machine, machineName);
  const text = readText(mocksFile);
  if ('error' in text) return text.error;
  const loaded = loadMockFile(text.text, info);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return `${mocksFile} has errors: ${errors.map((d) => d.message).join('; ')}`;
  const machine = loaded.config.stateMachines.get(machineName);
  let testCase;
  if (testCaseName !== undefined) {
    testCase = machine?.testCases.get(testCaseName);
    if (!testCase) throw new UsageError(`no test case "${testCaseName}" for "${machineName}" in ${mocksFile}.`);
  }
  const runner =
    allowHandlers && loaded.config.handlers.size > 0
      ? new ProcessHandlerRunner({ baseDir: dirname(mocksFile), onLog: (state, _s, t) => stderr.write(`[${state || 'handler'}] ${t}`) })
      : undefined;
  const handlersDisabled = allowHandlers
    ? undefined
    : 'local handlers are disabled (--no-handlers or ASLWB_NO_HANDLERS), so nothing was run.';
  return { invoker: createTaskInvoker({ config: loaded.config, testCase, runner, handlersDisabled, definition: info }), runner };
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}
