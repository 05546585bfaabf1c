/**
 * The Testing view's request to the language server, declared once: run test cases of one machine
 * (in the dry-run worker, as the panel's runs and the CLI's are) and judge each with the verdict
 * `asl-workbench test` uses (server/src/core/testing/verdict.ts); with coverage, the coverage of
 * those runs (server/src/core/coverage). Pure: no vscode, no Node.
 */
import type { ExecutionResult } from '../server/src/core/engine/types';
import type { Range } from '../server/src/core/types';
import type { Verdict } from '../server/src/core/testing/verdict';

export const TEST_REQUEST = 'aslWorkbench/test';

export interface TestParams {
  /** The definition: its URI (for messages) and text (an open editor's, unsaved changes included). */
  definition: { uri: string; text: string };
  /** The mock file: its path (local handlers and LocalStateMachines resolve against its folder) and text. */
  mocks: { path: string; text: string };
  /** The machine's name under "StateMachines". */
  machine: string;
  /** The definition is a SAM/CloudFormation template and this is its machine's logical ID: that machine is run, its substitutions applied. */
  templateMachine?: string;
  testCases: string[];
  /** False in an untrusted workspace: local handler code must not run. */
  allowHandlers: boolean;
  coverage: boolean;
}

export interface TestCaseOutcome {
  testCase: string;
  /** Absent when the case was not run (its mocks have errors: the verdict's failures say which). */
  result?: ExecutionResult;
  verdict: Verdict;
  /** The definition's range of the state the verdict says diverged (its name), for the failure's location. */
  divergedRange?: Range;
  millis: number;
}

/** One coverage item with its range in the definition: a state (line), or a transition or retrier (branch). */
export interface CoverageRange {
  kind: 'state' | 'transition' | 'retrier';
  state: string;
  within: string[];
  label: string;
  hits: number;
  range: Range;
  /** A transition's kind, its Choice rule or Catch index (a retrier's Retry index), and its target: the graph panel finds its edge by them. */
  transition?: 'Next' | 'Default' | 'Choice' | 'Catch';
  index?: number;
  target?: string;
}

export type TestResult =
  { ok: true; outcomes: TestCaseOutcome[]; coverage?: CoverageRange[] } | { ok: false; reason: string; untrusted?: boolean };
