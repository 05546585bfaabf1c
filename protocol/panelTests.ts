/**
 * The graph panel's testing messages, declared once: "Run all cases" (its answer is the Testing
 * view's, protocol/testing.ts), coverage on the graph, "Test this state" (TestState's request and
 * response shape), an imported execution history beside a dry run, a child execution's run, and
 * the mock-file command buttons. Between the webview and the extension (postMessage) and between
 * the extension and the language server (custom LSP requests). Pure: no vscode, no DOM, no Node.
 */
import type { ExecutionResult } from '../server/src/core/engine/types';
import type { PositionedGraph } from '../server/src/core/graph/types';
import type { Divergence } from '../server/src/core/history/compare';
import type { TestStateResponse } from '../server/src/core/engine/testStateTypes';
import type { ExplainedVisit } from '../server/src/core/explain/explain';
import type { CoverageRange, TestCaseOutcome } from './testing';

// ---------------------------------------------------------------------------------------------
// Extension -> language server

/** Request: one state of an open document tested on its own, as AWS's TestState API tests it (engine/testState.ts). */
export const TEST_STATE_REQUEST = 'aslWorkbench/testState';
export interface TestStateParams {
  uri: string;
  /** A template's machine (its logical ID) when `uri` is a SAM/CloudFormation template: that machine, its substitutions applied. */
  machine?: string;
  stateName: string;
  /** The state's input as JSON text (TestState's `input`). */
  input: string;
  /** TestState's `mock`: a result (JSON text), or an error with its cause. */
  mock?: { result: string } | { errorOutput: { error: string; cause?: string } };
}
export type TestStateResult = { ok: true; response: TestStateResponse } | { ok: false; reason: string };

/** Request: an AWS execution history (get-execution-history's JSON) read against the open definition, and a dry run of its input that replays its task answers. */
export const IMPORT_HISTORY_REQUEST = 'aslWorkbench/importHistory';
export interface ImportHistoryParams {
  uri: string;
  /** A template's machine (its logical ID) when `uri` is a SAM/CloudFormation template: that machine, its substitutions applied. */
  machine?: string;
  /** The history file's text. */
  history: string;
}
export type ImportHistoryResult =
  | {
      ok: true;
      /** The recorded execution in the dry run's shape (core/history historyToResult). */
      recorded: ExecutionResult;
      input: unknown;
      explained?: ExplainedVisit[];
      /** The dry run of the same input with the recorded task answers as mocks, when it could run. */
      replay?: ExecutionResult;
      /** The first state where the two part (core/history firstDivergence); absent when they agree. */
      divergence?: Divergence;
      /** Why there is no replay, or a note about the history (more pages, no final event). */
      note?: string;
    }
  | { ok: false; reason: string };

/** Request: the test case that replays a history (`mocks from-history`), as edits of a mock file's text (empty: a new file). */
export const HISTORY_TEST_CASE_REQUEST = 'aslWorkbench/historyTestCase';
export interface HistoryTestCaseParams {
  uri: string;
  /** A template's machine (its logical ID) when `uri` is a SAM/CloudFormation template: that machine, its substitutions applied. */
  machine?: string;
  history: string;
  mocksText: string;
  caseName: string;
}

// ---------------------------------------------------------------------------------------------
// Extension -> webview

export type TestsToWebview =
  /** "Run all cases" answered: each case's verdict and run, and the coverage of those runs. */
  | { type: 'testResults'; mockFile: string; outcomes: TestCaseOutcome[]; coverage?: CoverageRange[] }
  /** Coverage of a run elsewhere (the Testing view's coverage profile). */
  | { type: 'coverage'; coverage: CoverageRange[] }
  | { type: 'testsError'; message: string }
  | { type: 'testStateResult'; stateName: string; response: TestStateResponse }
  | { type: 'testStateError'; stateName: string; message: string }
  | {
      type: 'historyResult';
      fileName: string;
      recorded: ExecutionResult;
      explained?: ExplainedVisit[];
      replay?: ExecutionResult;
      divergence?: Divergence;
      note?: string;
    }
  | { type: 'historyError'; message: string }
  /** A child execution's machine, drawn for its run (the page has the run itself). */
  | { type: 'childGraph'; machine: string; fileName: string; graph: PositionedGraph }
  | { type: 'childError'; machine: string; message: string };

// ---------------------------------------------------------------------------------------------
// Webview -> extension

export const MOCK_BUTTONS = ['createMockFile', 'addTestCaseFromRun', 'createHandlerStub'] as const;
export type MockButton = (typeof MOCK_BUTTONS)[number];

export type TestsToExtension =
  /** Run every test case of the machine in this (offered) mock file, with coverage. */
  | { type: 'runAll'; mockFile: string }
  | { type: 'testState'; stateName: string; input: string; mock?: TestStateParams['mock'] }
  /** Pick a history file and show it. */
  | { type: 'importHistory' }
  /** Turn the history last imported into a test case. */
  | { type: 'historyTestCase' }
  /** Draw the machine a child run ran: the LocalStateMachines key in this (offered) mock file. */
  | { type: 'openChild'; machine: string; mockFile: string }
  | { type: 'mockCommand'; command: MockButton };

// ---------------------------------------------------------------------------------------------
// Checks

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const optStr = (v: unknown): boolean => v === undefined || isStr(v);
/** Names typed or picked: short. Inputs and mock results: as large as a state's payload may be. */
const MAX_NAME = 10_000;
const MAX_TEXT = 50_000_000;
const name = (v: unknown): v is string => isStr(v) && v.length > 0 && v.length <= MAX_NAME;
const text = (v: unknown): v is string => isStr(v) && v.length <= MAX_TEXT;

/** The mock of a "Test this state" request, or why it is not one. */
export function readStateMock(m: unknown): TestStateParams['mock'] | string {
  if (m === undefined) return undefined;
  if (!isObj(m)) return '"mock" must be an object';
  if ('result' in m) return text(m.result) ? { result: m.result } : '"mock.result" must be JSON text';
  const e = m.errorOutput;
  if (isObj(e) && name(e.error) && optStr(e.cause))
    return { errorOutput: e.cause === undefined ? { error: e.error } : { error: e.error, cause: e.cause as string } };
  return '"mock" needs "result" or "errorOutput": {error, cause?}';
}

/** The message as a TestsToExtension, a reason it is not one, or undefined when its type is not one of these. */
export function readTestsToExtension(m: Obj): TestsToExtension | string | undefined {
  switch (m.type) {
    case 'runAll':
      return name(m.mockFile) ? { type: 'runAll', mockFile: m.mockFile } : 'runAll needs "mockFile"';
    case 'testState': {
      if (!name(m.stateName) || !text(m.input)) return 'testState needs "stateName" and "input" (strings)';
      const mock = readStateMock(m.mock);
      if (typeof mock === 'string') return `testState: ${mock}`;
      return mock === undefined
        ? { type: 'testState', stateName: m.stateName, input: m.input }
        : { type: 'testState', stateName: m.stateName, input: m.input, mock };
    }
    case 'importHistory':
    case 'historyTestCase':
      return { type: m.type };
    case 'openChild':
      return name(m.machine) && name(m.mockFile)
        ? { type: 'openChild', machine: m.machine, mockFile: m.mockFile }
        : 'openChild needs "machine" and "mockFile"';
    case 'mockCommand':
      return (MOCK_BUTTONS as readonly unknown[]).includes(m.command)
        ? { type: 'mockCommand', command: m.command as MockButton }
        : `mockCommand: "command" must be one of ${MOCK_BUTTONS.join(', ')}`;
    default:
      return undefined;
  }
}

/** The message as a TestsToWebview, a reason it is not one, or undefined when its type is not one of these. */
export function readTestsToWebview(
  m: Obj,
  checks: { result(r: unknown): string | undefined; graph(g: unknown): string | undefined },
): TestsToWebview | string | undefined {
  switch (m.type) {
    case 'testResults': {
      if (!isStr(m.mockFile) || !Array.isArray(m.outcomes)) return 'testResults needs "mockFile" and "outcomes"';
      for (const o of m.outcomes) {
        if (
          !isObj(o) ||
          !isStr(o.testCase) ||
          !isObj(o.verdict) ||
          typeof o.verdict.passed !== 'boolean' ||
          !Array.isArray(o.verdict.failures)
        )
          return 'a test outcome is malformed';
        const why = o.result === undefined ? undefined : checks.result(o.result);
        if (why) return `test case ${o.testCase}: ${why}`;
      }
      const bad = coverageProblem(m.coverage);
      if (bad) return bad;
      return {
        type: 'testResults',
        mockFile: m.mockFile,
        outcomes: m.outcomes as TestCaseOutcome[],
        ...(m.coverage !== undefined ? { coverage: m.coverage as CoverageRange[] } : {}),
      };
    }
    case 'coverage': {
      if (m.coverage === undefined) return 'coverage needs "coverage"';
      return coverageProblem(m.coverage) ?? { type: 'coverage', coverage: m.coverage as CoverageRange[] };
    }
    case 'testsError':
    case 'historyError':
      return isStr(m.message) ? { type: m.type, message: m.message } : `${m.type} needs "message"`;
    case 'testStateResult': {
      const r = m.response as Obj | undefined;
      if (!isStr(m.stateName) || !isObj(r) || !isStr(r.status)) return 'testStateResult needs "stateName" and a "response" with a "status"';
      for (const k of ['output', 'error', 'cause', 'nextState'])
        if (!optStr(r[k])) return `testStateResult: response.${k} must be a string`;
      if (r.inspectionData !== undefined && !isObj(r.inspectionData)) return 'testStateResult: response.inspectionData must be an object';
      return { type: 'testStateResult', stateName: m.stateName, response: r as unknown as TestStateResponse };
    }
    case 'testStateError':
      return isStr(m.stateName) && isStr(m.message)
        ? { type: 'testStateError', stateName: m.stateName, message: m.message }
        : 'testStateError needs "stateName" and "message"';
    case 'historyResult': {
      if (!isStr(m.fileName) || !optStr(m.note)) return 'historyResult needs "fileName"';
      const why = checks.result(m.recorded) ?? (m.replay === undefined ? undefined : checks.result(m.replay));
      if (why) return `historyResult: ${why}`;
      const d = m.divergence as Obj | undefined;
      if (
        d !== undefined &&
        !(isObj(d) && isStr(d.stateName) && isStr(d.reason) && (d.scope === undefined || (Array.isArray(d.scope) && d.scope.every(isStr))))
      )
        return 'historyResult: "divergence" is malformed';
      if (m.explained !== undefined && !Array.isArray(m.explained)) return 'historyResult: "explained" must be an array';
      return {
        type: 'historyResult',
        fileName: m.fileName,
        recorded: m.recorded as ExecutionResult,
        ...(m.explained !== undefined ? { explained: m.explained as ExplainedVisit[] } : {}),
        ...(m.replay !== undefined ? { replay: m.replay as ExecutionResult } : {}),
        ...(d !== undefined ? { divergence: d as unknown as Divergence } : {}),
        ...(m.note !== undefined ? { note: m.note as string } : {}),
      };
    }
    case 'childGraph': {
      if (!isStr(m.machine) || !isStr(m.fileName)) return 'childGraph needs "machine" and "fileName"';
      const why = checks.graph(m.graph);
      return why ?? { type: 'childGraph', machine: m.machine, fileName: m.fileName, graph: m.graph as PositionedGraph };
    }
    case 'childError':
      return isStr(m.machine) && isStr(m.message)
        ? { type: 'childError', machine: m.machine, message: m.message }
        : 'childError needs "machine" and "message"';
    default:
      return undefined;
  }
}

const COVERAGE_KINDS = new Set(['state', 'transition', 'retrier']);

/** Why this is not a list of coverage items, or undefined (absent is fine). */
export function coverageProblem(c: unknown): string | undefined {
  if (c === undefined) return undefined;
  if (!Array.isArray(c)) return '"coverage" must be an array';
  for (const i of c) {
    if (
      !isObj(i) ||
      !COVERAGE_KINDS.has(i.kind as string) ||
      !isStr(i.state) ||
      !Array.isArray(i.within) ||
      !i.within.every(isStr) ||
      typeof i.hits !== 'number'
    )
      return 'a coverage item is malformed';
    if (!optStr(i.transition) || !optStr(i.target) || !(i.index === undefined || typeof i.index === 'number'))
      return 'a coverage item is malformed';
  }
  return undefined;
}
