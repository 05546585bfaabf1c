/**
 * The mock file as read: AWS Step Functions Local's `MockConfigFile.json`, plus ASL Workbench's
 * two additions, `LocalHandlers` (top level) and `$test` (in a test case). Pure data, no fs.
 */
import type { Range, Severity } from '../../types';

/** One answer of a mocked response: `Return` a value or `Throw` an error. */
export type MockAnswer = { kind: 'return'; value: unknown } | { kind: 'throw'; error: string; cause?: string };

/** `MockedResponses.<name>`: answers by invocation index, `"0"`, `"1-2"` (inclusive, 0-based). */
export interface MockedResponse {
  name: string;
  /** Sorted by `from`; ranges do not overlap (overlaps are reported and the later one dropped). */
  entries: { from: number; to: number; answer: MockAnswer }[];
}

/** Our additions to a test case, under its reserved key `$test` (see TEST_KEY). */
export interface TestExpectations {
  /** The execution input for `asl-workbench test`; `{}` when absent. */
  input?: { value: unknown };
  expectedOutput?: { value: unknown };
  /** The error name, and the cause when given, that the execution must fail with. */
  expectedError?: { error: string; cause?: string };
  /** The top-level state names entered, in order. */
  expectedPath?: string[];
}

export interface MockTestCase {
  name: string;
  /** State name -> mocked response name, as written. */
  states: Map<string, string>;
  test: TestExpectations;
}

export interface MockStateMachine {
  name: string;
  testCases: Map<string, MockTestCase>;
}

/** `LocalHandlers.<function name>`: `"path/to/module.mjs#export"`, the path relative to the mock file. */
export interface HandlerRef {
  functionName: string;
  /** The module path as written (relative to the mock file, or absolute). */
  module: string;
  /** The export to call; `handler` when the reference has no `#export`. */
  exportName: string;
}

export interface MockConfig {
  stateMachines: Map<string, MockStateMachine>;
  responses: Map<string, MockedResponse>;
  handlers: Map<string, HandlerRef>;
  /** `LocalStateMachines`: child machines run locally (see nested.ts); absent when the file has none. */
  localMachines?: Map<string, LocalMachineRef>;
}

/** Every code the mock file check can report. Stable: users may filter on them. */
export const MOCK_DIAGNOSTIC_CODES = [
  'mock-json-syntax',
  'mock-unknown-field',
  'mock-invalid-value',
  'mock-unknown-state',
  'mock-unknown-response',
  'mock-invalid-index',
  'mock-invalid-answer',
  'mock-invalid-handler',
  'mock-unused',
] as const;

export type MockDiagnosticCode = (typeof MOCK_DIAGNOSTIC_CODES)[number];

export interface MockDiagnostic {
  range: Range;
  offset: number;
  length: number;
  severity: Severity;
  code: MockDiagnosticCode;
  message: string;
}

/** What the check needs to know about the definition the mock file is used with. */
export interface DefinitionInfo {
  /** The state machine's name in `StateMachines` (the definition's file name without `.asl.json`). */
  machineName: string;
  /** Every state, machine-wide (names are unique across a whole machine), with its Type. */
  states: Map<string, { type: string | undefined; hasItemReader: boolean }>;
  /** Names of the Lambda functions the machine's Task states call, where they can be read. */
  lambdaFunctions: Set<string>;
}

/**
 * The key of a test case that holds our additions. Test case keys are otherwise state names; a
 * `$` name is rare for a state, and a definition that has one is told the key is reserved.
 */
export const TEST_KEY = '$test';

export interface LoadedMockFile {
  config: MockConfig;
  diagnostics: MockDiagnostic[];
}

/**
 * `LocalStateMachines.<name or ARN>` (ours): a state machine that Tasks start with
 * `states:startExecution*`, run locally from a workspace definition instead of being mocked.
 */
export interface LocalMachineRef {
  /** The key as written: a state machine's name or its full ARN. */
  key: string;
  /** The definition file, relative to the mock file (or absolute). */
  definition: string;
  /** The child's test case (in this same mock file) whose mocks answer the child's Tasks. */
  testCase?: string;
  /** The child's name under "StateMachines" (default: the definition's file name without .asl.json). */
  stateMachine?: string;
}
